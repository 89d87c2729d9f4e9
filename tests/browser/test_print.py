"""The claim page on paper: the print stylesheet hides the controls and keeps the work readable, black on white."""

from __future__ import annotations

import re

import pytest

from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.extensions import db
from tests.conftest import DEMO_TEXT_PATH
from tests.reports_fixtures import build_report_data

pytestmark = pytest.mark.browser
EVIDENCE_URL = "https://records.example/ministry-statement"  # the false claim's evidence (tests.reports_fixtures)
# Each control the printed page must leave out, and whether the browser shows it.
CONTROLS = """() => ['nav[aria-label=Main]', 'nav[aria-label=Claims]', 'form', 'button', '.button', '.actions',
    '.crumbs'].map(selector => [selector, [...document.querySelectorAll(selector)].length,
    [...document.querySelectorAll(selector)].some(e => e.checkVisibility())])"""


@pytest.fixture
def claim_page(live_app, server, page):
    """An editor on the claim page of a published "False" verdict with evidence (forms to assign and correct)."""
    with live_app.app_context():
        article_id = ingest_article(
            ArticleData(text=DEMO_TEXT_PATH.read_text(encoding="utf-8"), title="ATACMS demo", outlet="Demo")
        ).article.id
        db.session.commit()
    data = build_report_data(live_app, article_id)
    page.goto(f"{server}/login")
    page.fill("input[name=email]", data.editor_email)
    page.fill("input[name=password]", "a long enough password")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    response = page.goto(f"{server}/claims/{data.false_claim_id}")
    assert response is not None and response.status == 200
    return page


def visible_controls(page) -> dict[str, int]:
    """The controls the page shows, with how many of each there are."""
    return {selector: count for selector, count, shown in page.evaluate(CONTROLS) if shown}


def test_the_printed_claim_page_hides_the_controls_and_keeps_the_work_black_on_white(claim_page, tmp_path):
    page = claim_page
    on_screen = visible_controls(page)
    assert {"nav[aria-label=Main]", "form", "button", ".button", ".actions", ".crumbs"} <= set(on_screen)

    page.emulate_media(media="print")
    assert visible_controls(page) == {}
    for text in ("confirmed that six missiles", "Sourcing", "Evidence", "Verdict", "History"):
        assert page.get_by_text(text).first.is_visible(), text
    assert page.locator("mark.claim").is_visible()
    assert page.locator("blockquote.context").inner_text().startswith("The Russian Defense Ministry confirmed")
    assert page.get_by_text("Published:").is_visible()
    link = page.locator(f".evidence-link[href='{EVIDENCE_URL}']")
    assert link.evaluate("e => getComputedStyle(e, '::after').content") == f'" ({EVIDENCE_URL})"'
    colours = page.evaluate(
        """() => [...document.querySelectorAll('main *')].filter(e => e.checkVisibility())
          .map(e => getComputedStyle(e)).map(s => [s.color, s.backgroundColor])"""
    )
    assert colours and {colour for colour, _ in colours} == {"rgb(0, 0, 0)"}
    assert {background for _, background in colours} == {"rgb(255, 255, 255)"}

    pdf = page.pdf(format="A4")
    (tmp_path / "claim.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
