"""An upload over the size limit, in a real browser: what was typed is never lost."""

from __future__ import annotations

import pytest

from tests.browser.test_e2e import log_in, make_account

pytestmark = pytest.mark.browser
MIB = 1024 * 1024


def fill_the_form(page, server: str, size: int) -> None:
    page.goto(f"{server}/articles/new")
    page.fill("input[name=title]", "Council budget")
    page.fill("input[name=outlet]", "Gazette")
    page.fill("input[name=url]", "https://example.org/budget")
    page.set_input_files(
        "input[name=upload]",
        files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": b"A sentence. " * (size // 12)}],
    )


def typed(page) -> list[str]:
    return [page.input_value(f"input[name={name}]") for name in ("title", "outlet", "url")]


def test_the_browser_refuses_a_file_over_the_limit_before_sending_it(page, server, live_app):
    make_account(live_app, "rita@example.org", "reviewer")
    log_in(page, server, "rita@example.org")
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    fill_the_form(page, server, 3 * MIB)
    message = "big.txt is 3 MiB; files up to 2 MiB can be added. Nothing was sent and what you typed is kept"
    assert message in page.inner_text(".field.has-errors")  # said as soon as the file is chosen
    page.click("input[type=submit]")
    assert page.url == f"{server}/articles/new" and posts == []
    assert typed(page) == ["Council budget", "Gazette", "https://example.org/budget"]
    # A file within the limit clears the message and goes through.
    page.set_input_files(
        "input[name=upload]", files=[{"name": "ok.txt", "mimeType": "text/plain", "buffer": b"The mayor said so.\n"}]
    )
    assert page.locator("p.size-check").count() == 0
    page.click("input[type=submit]")
    page.wait_for_url(f"{server}/articles/*")
    assert "Council budget" in page.inner_text("h1")


def test_without_javascript_the_server_gives_the_form_back_or_a_page_to_go_back_from(browser, server, live_app):
    make_account(live_app, "rita@example.org", "reviewer")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, server, "rita@example.org")
        # Over the limit, within what the form reads: the form again, with every typed field and a message.
        fill_the_form(page, server, 3 * MIB)
        page.click("input[type=submit]")
        page.wait_for_load_state()
        assert "big.txt is 3 MiB; files up to 2 MiB can be added. What you typed is kept" in page.inner_text("main")
        assert typed(page) == ["Council budget", "Gazette", "https://example.org/budget"]
        # Far over it: refused before the form is read, a readable page, and Back returns to the typed form.
        fill_the_form(page, server, 9 * MIB)
        page.click("input[type=submit]")
        page.wait_for_load_state()
        assert "larger than the limit of 2 MiB" in page.inner_text("main")
        page.go_back()
        page.wait_for_load_state()
        assert typed(page) == ["Council budget", "Gazette", "https://example.org/budget"]
    finally:
        context.close()
