"""Synthetic registry histories for demonstrations, tests and benchmarks."""

from registry.demo.generator import DEMO_CHILDREN, DEMO_SEED, DemoSummary, generate, load_demo

__all__ = ["DEMO_CHILDREN", "DEMO_SEED", "DemoSummary", "generate", "load_demo"]
