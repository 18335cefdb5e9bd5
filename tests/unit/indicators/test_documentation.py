"""Every indicator the report computes is explained on the documentation page."""

from __future__ import annotations

from pathlib import Path

from projections.indicators import INDICATORS

PAGE = Path(__file__).parents[3] / "docs" / "indicators.md"


def test_every_indicator_has_its_section() -> None:
    headings = {
        line.removeprefix("### ").strip()
        for line in PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("### ")
    }
    missing = [i.name for i in INDICATORS if i.name not in headings]
    assert not missing, f"docs/indicators.md lacks {missing}"
