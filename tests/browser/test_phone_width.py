"""The main pages at a phone's width (390 px): nothing is wider than the screen, the header least of all."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.extensions import db
from factcheck.sources.models import Source
from tests.conftest import DEMO_TEXT_PATH
from tests.reports_fixtures import build_report_data

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# What is wider than the page, for the failure message: the widest elements first.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .map(e => [Math.round(e.getBoundingClientRect().right), e.tagName.toLowerCase() + '.' + e.getAttribute('class')])
  .filter(([right]) => right > document.documentElement.clientWidth)
  .sort((a, b) => b[0] - a[0]).slice(0, 8)"""


@pytest.fixture
def reported(live_app):
    """The demo article with verdicts, evidence, an identity check and a correction (tests.reports_fixtures)."""
    with live_app.app_context():
        article_id = ingest_article(
            ArticleData(text=DEMO_TEXT_PATH.read_text(encoding="utf-8"), title="ATACMS demo", outlet="Demo")
        ).article.id
        db.session.commit()
    data = build_report_data(live_app, article_id)
    with live_app.app_context():
        source_id = db.session.scalar(select(Source.id).where(Source.name == "Robert Chambers"))
    return data, source_id


def main_pages(data, source_id) -> list[str]:
    article, claim = data.article_id, data.false_claim_id
    return [
        "/",
        "/articles/new",
        f"/articles/{article}",
        f"/claims/{claim}",
        f"/articles/{article}/sourcing",
        "/reports",
        f"/reports/sourcing?article={article}",
        f"/reports/verdicts?article={article}",
        "/queue/mine",
        "/queue/unassigned",
        "/queue/approval",
        "/sources/",
        f"/sources/{source_id}",
        f"/claims/{claim}/evidence/new",
        "/account/password",
        "/search?q=missiles",
    ]


def test_the_main_pages_fit_a_phone_screen(browser, server, reported):
    data, source_id = reported
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server}/login")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.evaluate(WIDEST)
        page.fill("input[name=email]", data.editor_email)
        page.fill("input[name=password]", "a long enough password")
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r".*/$"))
        too_wide = {}
        for path in main_pages(data, source_id):
            response = page.goto(f"{server}{path}")
            assert response is not None and response.status == 200, path
            header = page.evaluate("document.querySelector('.site-header').scrollWidth")
            width = page.evaluate("document.documentElement.scrollWidth")
            if header > PHONE["width"] or width > PHONE["width"]:
                too_wide[path] = (header, width, page.evaluate(WIDEST))
        assert not too_wide, "\n".join(f"{path}: header {h}, page {w}: {e}" for path, (h, w, e) in too_wide.items())
    finally:
        context.close()
