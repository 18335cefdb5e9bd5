"""A read side over the backend of the test class (the `app` and `database_url` fixtures)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from projections.read_side import ReadSide, open_read_side
from registry.application import RegistryApplication


@pytest.fixture
def read_side(app: RegistryApplication, database_url: str) -> Iterator[ReadSide]:
    side = open_read_side(app, database_url)
    yield side
    side.stop()
