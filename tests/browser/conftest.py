"""A real browser against the real app: headless Chromium (Debian's package) driven by Playwright.

The app is served on a free loopback port by a threaded WSGI server with CSRF on, over this test's fresh
database. Without a browser these tests skip with a one-line reason; with FACTCHECK_REQUIRE_BROWSER=1 (set by
.ci/run) a missing browser fails the run. On failure each test saves a screenshot and the page HTML under its
temporary folder and says where.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from factcheck.extensions import db
from factcheck.review.operations import ensure_default_ratings
from tests.conftest import drop_everything

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> str | None:
    """The Chromium executable: FACTCHECK_CHROMIUM, Debian's package, or one on PATH."""
    configured = os.environ.get("FACTCHECK_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _missing(reason: str):
    if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser required (FACTCHECK_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    executable = find_chromium()
    if executable is None:
        _missing("no Chromium found (apt install chromium, or set FACTCHECK_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_app(make_app):
    """The app with CSRF on, over a fresh database."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        drop_everything(db.engine)
        db.create_all()
        ensure_default_ratings()
        db.session.commit()
    return app


@pytest.fixture
def server(live_app) -> Iterator[str]:
    """Serve ``live_app`` on a free loopback port; yields its base URL."""
    http = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def page(browser, request, tmp_path: Path):
    """A fresh browser context and page; dialogs are recorded (and dismissed) in ``page.dialogs``."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.dialogs = []

    def on_dialog(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        shot, html = tmp_path / "failure.png", tmp_path / "failure.html"
        try:
            tab.screenshot(path=str(shot), full_page=True)
            html.write_text(tab.content(), encoding="utf-8")
            print(f"\nbrowser failure saved: {shot} and {html} (page {tab.url})")
        except Exception as error:
            print(f"\ncould not save the browser failure: {error}")
    context.close()
