"""The pages' screenshots (`scripts/screenshots`): each main page in each language.

The demo is served by the real command on a free port with a throw-away SQLite
store; the demo officer's password is read from what `serve --demo` prints.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "pages"
LANGUAGES = ("az", "ru", "en")
USER_NAME = "demo-officer"
SEARCH = {"az": "Lebedeva", "ru": "Лебедева", "en": "Lebedeva"}
"""A family name of the demo, typed in each language's usual script."""
BROWSER_LOCALES = {"az": "az-AZ", "ru": "ru-RU", "en": "en-GB"}
STARTUP_TIMEOUT = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def start(store: Path, port: int) -> tuple[subprocess.Popen[str], str]:
    """`registry serve --demo`, and the demo officer's password once it listens."""
    log = store / "serve.log"
    environment = {**os.environ, "REGISTRY_DATABASE_URL": f"sqlite:///{store / 'demo.sqlite3'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "registry", "serve", "--demo", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        text=True,
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.5)
    else:
        server.kill()
        sys.exit(f"screenshots: the demo did not start; see {log}")
    for line in log.read_text().splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0] == "officer" and USER_NAME in fields:
            return server, fields[-2]
    server.kill()
    sys.exit("screenshots: the demo printed no officer password")


def photograph(page: Page, url: str, password: str, language: str) -> None:
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{url}/sign-in?lang={language}")
    page.screenshot(path=OUTPUT / f"sign-in-{language}.png", full_page=True)
    page.locator("#name").fill(USER_NAME)
    page.locator("#password").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_selector("h1")
    page.screenshot(path=OUTPUT / f"caseload-{language}.png", full_page=True)
    page.locator("#query").fill(SEARCH[language])
    page.locator("form.search button[type=submit]").click()
    page.wait_for_selector("#results-count")
    page.screenshot(path=OUTPUT / f"caseload-search-{language}.png", full_page=True)
    page.goto(f"{url}/?status=in_care")
    page.locator("tbody th[scope=row] a").first.click()
    page.wait_for_selector("table.timeline")
    page.screenshot(path=OUTPUT / f"child-{language}.png", full_page=True)
    page.locator(".actions a.button").first.click()
    page.wait_for_selector("form.form")
    page.screenshot(path=OUTPUT / f"decision-form-{language}.png", full_page=True)
    page.goto(f"{url}/providers")
    page.wait_for_selector("h1")
    page.screenshot(path=OUTPUT / f"providers-{language}.png", full_page=True)


def main() -> None:
    chromium = os.environ.get("REGISTRY_TEST_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        sys.exit("screenshots: no Chromium found (apt-get install -y chromium)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        port = free_port()
        server, password = start(Path(directory), port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                for language in LANGUAGES:
                    context = browser.new_context(
                        viewport={"width": 1280, "height": 800},
                        locale=BROWSER_LOCALES[language],
                    )
                    photograph(context.new_page(), f"http://127.0.0.1:{port}", password, language)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"screenshots: written to {OUTPUT}")


if __name__ == "__main__":
    main()
