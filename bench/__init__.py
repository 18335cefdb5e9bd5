"""Benchmarks at national scale, each figure measured beside its physical baseline.

`python -m bench` builds a synthetic registry in a fresh database, measures bulk
generation, projection catch-up, single decisions (direct and over HTTP) and
GraphQL reads, each beside the same work done with no registry code in the way,
and writes `results.md` and `results.json`.
"""
