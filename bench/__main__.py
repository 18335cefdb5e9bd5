"""`python -m bench [--scale S] [--database-url URL] [--output DIR] [--keep]`."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import report
from bench.config import ADMIN_URL, DEFAULT_SEED, BenchConfig
from bench.run import run


def parse(argv: Sequence[str] | None) -> BenchConfig:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmarks of the registry, each figure beside its physical baseline.",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = 100,000 children (~1,000,000 events)"
    )
    parser.add_argument(
        "--database-url",
        default=ADMIN_URL,
        help="PostgreSQL admin URL; a fresh registry_bench_<hex> database is made from it",
    )
    parser.add_argument("--output", type=Path, default=Path(__file__).parent)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-sqlite", action="store_true", help="skip the embedded variants")
    parser.add_argument(
        "--sqlite-scale",
        type=float,
        default=None,
        help="scale of the embedded variants (default: a fifth of --scale)",
    )
    parser.add_argument("--load-seconds", type=float, default=None, help="duration of each wrk run")
    arguments = parser.parse_args(argv)
    return BenchConfig(
        scale=arguments.scale,
        admin_url=arguments.database_url,
        output=arguments.output,
        keep=arguments.keep,
        seed=arguments.seed,
        sqlite=not arguments.no_sqlite,
        load_seconds=arguments.load_seconds,
        sqlite_scale=arguments.sqlite_scale,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    config = parse(arguments)
    command = shlex.join(["python", "-m", "bench", *arguments])
    results = run(config, command)
    markdown_path, json_path = report.write(results, config.output)
    print(markdown_path.read_text())
    print(f"written: {markdown_path}, {json_path}")
    return 1 if results.failures else 0


if __name__ == "__main__":
    sys.exit(main())
