"""The demo's districts within regions, with their names in the three languages: the
reference list a demonstration store is given before its first decision."""

from __future__ import annotations

from importlib.resources import as_file, files

from registry.districts import District, DistrictDirectory, read_csv


def demo_districts() -> list[District]:
    with as_file(files("registry.demo") / "districts.csv") as path:
        return read_csv(path)


def ensure_demo_districts(directory: DistrictDirectory | None) -> None:
    """Load the demo's list into a store that has none (a loaded list is kept)."""
    if directory is not None and not directory.districts():
        directory.replace(demo_districts())
