"""Browser tests: the pages in headless Chromium (Debian's `chromium`, driven by
Playwright through `executable_path`), against the real server on a free port.

Skipped with a visible reason when no Chromium is found, unless
`REGISTRY_REQUIRE_BROWSER=1` (set by `.ci/run`), where they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from registry.api.app import create_app
from registry.settings import HttpGroup, Settings
from tests.support.passwords import users_with_passwords

STARTUP_TIMEOUT = 30.0


def _required() -> bool:
    return os.environ.get("REGISTRY_REQUIRE_BROWSER", "") not in {"", "0", "false", "no"}


def chromium_path() -> str | None:
    return os.environ.get("REGISTRY_TEST_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser per module: Playwright's synchronous API keeps an event loop
    running in the main thread while it is open, and later tests that start their
    own loop (uvicorn's `Server.run`) need it stopped."""
    path = chromium_path()
    if path is None:
        reason = "no Chromium found (apt-get install -y chromium, or REGISTRY_TEST_CHROMIUM)"
        if _required():
            pytest.fail(f"{reason} (required: REGISTRY_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@dataclass(frozen=True)
class Served:
    """The server's address and the users' tokens (for recording through the API)."""

    url: str
    tokens: dict[str, str]
    settings: Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def served(database_url: str) -> Iterator[Served]:
    """`create_app` served by uvicorn in a thread, with the API suites' users, each
    with a password."""
    settings = Settings(database_url=database_url, http=HttpGroup(read_your_writes_timeout=2))
    tokens = users_with_passwords(database_url, settings.secret_key)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}", tokens, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
