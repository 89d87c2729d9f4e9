"""End to end, as a person would: log in, import, review, approve, read the reports, download exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.auth.operations import create_user
from factcheck.extensions import db
from tests.conftest import DEMO_TEXT_PATH

pytestmark = pytest.mark.browser
PASSWORD = "a browser-typed password"


def make_account(app, email: str, role: str) -> None:
    with app.app_context():
        create_user(email, PASSWORD, role)
        db.session.commit()


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def log_out(page) -> None:
    page.click("button:has-text('Log out')")
    page.wait_for_url(re.compile(r".*/login$"))


def test_from_import_to_published_verdict(page, server, live_app):
    make_account(live_app, "rita@example.org", "reviewer")
    make_account(live_app, "eddie@example.org", "editor")

    # A reviewer imports the demo article.
    log_in(page, server, "rita@example.org")
    page.click("nav >> text=Add article")
    page.fill("input[name=title]", "ATACMS in Bryansk")
    page.fill("input[name=outlet]", "Demo Wire")
    page.fill("input[name=url]", "https://example.org/atacms")
    page.set_input_files("input[name=upload]", str(DEMO_TEXT_PATH))
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/articles/\d+$"))
    assert "28 claims" in page.inner_text(".meta")

    # Open the Robert Chambers quote, highlighted in place.
    chambers = page.locator("a.claim", has_text="said defense analyst Robert Chambers")
    assert "status-unverified_named" in chambers.get_attribute("class")
    chambers.click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    claim_url = page.url
    page.click("button:has-text('Take this claim')")
    assert "in review" in page.inner_text("aside")

    # Evidence.
    page.click("text=Add evidence")
    page.fill("input[name=url]", "https://example.org/registry?q=chambers")
    page.fill("input[name=title]", "No analyst of that name in the registry")
    page.fill("input[name=publisher]", "Example Registry")
    page.check("input[name=stance][value=refutes]")
    page.check("input[name=kind][value=primary]")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/claims/\d+#evidence$"))
    assert "No analyst of that name in the registry" in page.inner_text("#evidence")

    # Propose a verdict.
    page.click("text=Write the verdict")
    page.select_option("select[name=rating_id]", label="False")
    page.fill("input[name=summary]", "U.S. move risks NATO war, says analyst")
    page.fill("textarea[name=rationale]", "The quoted analyst cannot be found in any registry.")
    page.click("input[name=propose]")
    page.wait_for_url(claim_url)
    assert "Verdict proposed" in page.inner_text("main")
    log_out(page)

    # An editor approves it.
    log_in(page, server, "eddie@example.org")
    page.click("nav >> text=Awaiting approval")
    page.click("text=By crossing this threshold")
    page.click("input[name=approve]")
    page.wait_for_url(claim_url)
    assert "Published:" in page.inner_text("main")
    assert "verdict approved" in page.inner_text("aside")

    # The sourcing report of the article, its chart readable without JavaScript.
    page.click("text=← ATACMS in Bryansk")
    article_url = page.url.split("#")[0]
    page.click("text=Sourcing report")
    page.wait_for_url(re.compile(r".*/articles/\d+/sourcing$"))
    report = page.inner_text("main")
    assert "Robert Chambers" in report and "unverified" in report.lower()
    assert page.locator("svg").count() >= 1

    # The public verdict page, linked from the claim, readable without logging in, with its ClaimReview.
    page.goto(claim_url)
    public_url = page.locator("a:has-text('public page')").get_attribute("href")
    public = page.context.browser.new_context()
    anonymous = public.new_page()
    anonymous.goto(f"{server}{public_url}")
    assert "U.S. move risks NATO war, says analyst" in anonymous.inner_text("body")
    ld = anonymous.locator("script[type='application/ld+json']").inner_text()
    assert '"ClaimReview"' in ld and "Robert Chambers" in ld
    public.close()

    # Downloads: CSV and ClaimReview.
    page.goto(article_url)
    with page.expect_download() as csv_download:
        page.click("header >> text=CSV")
    csv_text = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert "Robert Chambers" in csv_text and "False" in csv_text
    with page.expect_download() as ld_download:
        page.click("header >> text=ClaimReview")
    claimreview = Path(ld_download.value.path()).read_text(encoding="utf-8")
    assert '"ClaimReview"' in claimreview and "U.S. move risks NATO war, says analyst" in claimreview
    assert page.dialogs == []


def test_hostile_text_is_shown_as_text_and_runs_nothing(page, server, live_app):
    make_account(live_app, "rita@example.org", "reviewer")
    log_in(page, server, "rita@example.org")
    payload = (
        "Officials said <script>alert('script')</script> was found.\n\n"
        "Critics argue that \"><img src=x onerror=alert('img')> is harmless.\n\n"
        "The mayor said the link javascript:alert('link') was fake."
    )
    page.click("nav >> text=Add article")
    page.fill("input[name=title]", "<img src=x onerror=alert('title')>")
    page.fill("textarea[name=text]", payload)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/articles/\d+$"))
    assert "<script>alert('script')</script>" in page.inner_text(".article-text")
    page.locator("a.claim").first.click()
    page.wait_for_load_state()
    page.goto(f"{server}/")
    assert page.dialogs == []
