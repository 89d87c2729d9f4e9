"""Articles in a language the analysis does not support: stored with their language, every claim
not_analysed, and said so on the article page, in the reports, the queue and the exports."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, date, datetime

import jsonschema
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import PRIORITY_BY_STATUS, refresh_statuses
from factcheck.extensions import db
from factcheck.reports.exports import json_schema
from factcheck.review.models import Verdict
from factcheck.sources.models import ArticleSource
from tests.language_texts import GERMAN, SPANISH
from tests.reports_fixtures import pdf_through_its_job
from tests.review_helpers import rating

NOTICE = (
    "This article is in {language}. The sourcing analysis supports English only: its {count} claims are "
    "listed but were not analysed."
)


def add_article(app, text: str, title: str, **fields) -> int:
    with app.app_context():
        article = ingest_article(ArticleData(text=text, title=title, **fields)).article
        db.session.commit()
        return article.id


@pytest.fixture
def german(app) -> int:
    return add_article(
        app,
        GERMAN,
        "Haushalt",
        outlet="Stadtanzeiger",
        url="https://stadt.example/haushalt",
        published_on=date(2026, 11, 18),
    )


@pytest.fixture
def spanish(app) -> int:
    return add_article(app, SPANISH, "Vivienda", outlet="Diario Ejemplo")


def claims_of(article_id: int) -> list[Claim]:
    return list(db.session.scalars(select(Claim).where(Claim.article_id == article_id).order_by(Claim.position)))


def notice(app, article_id: int) -> str:
    with app.app_context():
        article = db.session.get(Article, article_id)
        return NOTICE.format(language=article.language_name, count=article.claim_count)


@pytest.mark.parametrize(("fixture", "code", "name"), [("german", "de", "German"), ("spanish", "es", "Spanish")])
def test_an_unsupported_language_is_stored_and_every_claim_is_not_analysed(app, request, fixture, code, name):
    article_id = request.getfixturevalue(fixture)
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert (article.language, article.language_name, article.is_analysed) == (code, name, False)
        claims = claims_of(article_id)
        assert len(claims) == article.claim_count >= 4
        for claim in claims:
            assert claim.status == "not_analysed" and claim.effective_status == "not_analysed"
            assert claim.reason.startswith(f"written in {name}: the sourcing analysis supports English only")
            assert claim.priority == PRIORITY_BY_STATUS["not_analysed"]
            assert article.text[claim.start : claim.end] == claim.text
        ids = [claim.id for claim in claims]
        attributions = select(func.count()).select_from(Attribution).where(Attribution.claim_id.in_(ids))
        appearances = select(func.count()).select_from(ArticleSource).where(ArticleSource.article_id == article_id)
        assert db.session.scalar(attributions) == db.session.scalar(appearances) == 0


def test_an_english_article_is_stored_as_english(app, demo_article):
    with app.app_context():
        article = db.session.get(Article, demo_article)
        assert article.language == "en" and article.is_analysed
        assert "not_analysed" not in {claim.status for claim in article.claims}


def test_the_article_page_says_the_article_was_not_analysed(app, reviewer_client, german, demo_article):
    page = reviewer_client.get(f"/articles/{german}").get_data(as_text=True)
    assert html.escape(notice(app, german)) in page
    assert 'lang="de"' in page  # the article's text, for screen readers and hyphenation
    assert "not analysed: the article's language is not supported" in page  # the legend
    assert 'class="claim status-not_analysed"' in page and 'class="claim status-unattributed"' not in page
    assert 'class="badge status-unattributed"' not in page and ">unattributed<" not in page
    english = reviewer_client.get(f"/articles/{demo_article}").get_data(as_text=True)
    assert "The sourcing analysis supports English only" not in english and "status-not_analysed" not in english
    listing = reviewer_client.get("/").get_data(as_text=True)
    assert listing.count("not analysed</span>") == 1 and "German, not analysed" in listing


def test_the_sourcing_report_says_so_instead_of_counting_them_unsourced(app, reviewer_client, spanish, demo_article):
    page = reviewer_client.get(f"/articles/{spanish}/sourcing").get_data(as_text=True)
    assert html.escape(notice(app, spanish)) in page
    assert 'class="warning-not_analysed"' in page
    assert "are not sourced" not in page  # the mostly-unsourced warning counts analysed claims only
    assert 'fill="#1d2330">not analysed</text>' in page  # the chart's bar
    with app.app_context():
        count = db.session.get(Article, spanish).claim_count
    row = re.search(r'status-not_analysed">not analysed</span>\s*</td><td class="num">(\d+)</td>', page)
    assert row is not None and int(row.group(1)) == count
    both = reviewer_client.get(f"/reports/sourcing?article={spanish},{demo_article}").get_data(as_text=True)
    assert both.count('class="warning-not_analysed"') == 1 and html.escape(notice(app, spanish)) in both
    english = reviewer_client.get(f"/articles/{demo_article}/sourcing").get_data(as_text=True)
    assert "warning-not_analysed" not in english and "not analysed" not in english


def test_the_queue_filters_and_orders_not_analysed_claims(app, reviewer_client, german, demo_article):
    page = reviewer_client.get("/queue/unassigned?status=not_analysed").get_data(as_text=True)
    assert '<option selected value="not_analysed">not analysed</option>' in page
    with app.app_context():
        german_claims = claims_of(german)
        demo_claims = claims_of(demo_article)
    for claim in german_claims:
        assert f'/claims/{claim.id}"' in page
    assert not any(f'/claims/{claim.id}"' in page for claim in demo_claims)
    assert page.count('class="badge status-not_analysed"') == len(german_claims)
    # In the queue they wait with the unattributed claims: after the hedged ones, before the sourced ones.
    with app.app_context():
        from factcheck.review.queries import QueueFilters, claim_queue

        order = [claim.status for claim in db.session.scalars(claim_queue(QueueFilters(), unassigned=True))]
    assert order.index("not_analysed") > max(i for i, status in enumerate(order) if status == "hedged")
    assert max(i for i, status in enumerate(order) if status == "not_analysed") < order.index("sourced")


def test_a_reviewer_sets_a_real_status_on_a_not_analysed_claim(app, reviewer_client, german):
    with app.app_context():
        claim = claims_of(german)[2]
        claim_id, version = claim.id, claim.version_id
    form = reviewer_client.get(f"/claims/{claim_id}/sourcing").get_data(as_text=True)
    assert "The analysis did not read this sentence" in form
    assert 'value="not_analysed"' not in form  # not a status anyone sets
    refused = reviewer_client.post(
        f"/claims/{claim_id}/sourcing",
        data={"status": "not_analysed", "reason": "Just because.", "version": version},
    )
    assert refused.status_code == 422
    saved = reviewer_client.post(
        f"/claims/{claim_id}/sourcing",
        data={"status": "sourced", "reason": "The mayor's office published the figures.", "version": version},
    )
    assert saved.status_code == 302
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert (claim.status, claim.corrected_status, claim.effective_status) == ("not_analysed", "sourced", "sourced")
        assert claim.priority == PRIORITY_BY_STATUS["sourced"]
    page = reviewer_client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert 'class="badge status-sourced"' in page and "automatic: " in page and "not analysed" in page


# --- exports ----------------------------------------------------------------------------------------


PUBLISHED_AT = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)


@pytest.fixture
def published(app, german, make_user) -> dict[str, int]:
    """A published verdict on a German claim nobody sourced, and one on a claim a reviewer set unattributed."""
    reviewer, editor = make_user("reviewer"), make_user("editor")
    with app.app_context():
        plain, corrected = claims_of(german)[1], claims_of(german)[3]
        corrected.corrected_status = "unattributed"
        corrected.correction_reason = "The paper says this on its own account."
        corrected.corrected_by_id = reviewer.id
        corrected.corrected_at = PUBLISHED_AT
        refresh_statuses(Claim.id == corrected.id)  # written directly, not by correct_sourcing
        ids = {}
        for name, claim in (("plain", plain), ("corrected", corrected)):
            claim.review_state = "published"
            verdict = Verdict(
                claim_id=claim.id,
                state="published",
                rating_id=rating("False").id,
                summary=f"Summary {name}",
                rationale="Checked against the council's records.",
                author_id=reviewer.id,
                decided_by_id=editor.id,
                submitted_at=PUBLISHED_AT,
                published_at=PUBLISHED_AT,
            )
            db.session.add(verdict)
            db.session.flush()
            ids[name], ids[f"{name}_verdict"] = claim.id, verdict.id
        db.session.commit()
        return ids


def test_csv_and_json_carry_the_status_as_it_is(reviewer_client, german, published):
    rows = {
        int(row["claim_id"]): row
        for row in csv.DictReader(io.StringIO(reviewer_client.get(f"/reports/verdicts.csv?article={german}").text))
    }
    plain = rows[published["plain"]]
    assert (plain["sourcing_status"], plain["automatic_status"]) == ("not_analysed", "not_analysed")
    assert plain["claimant"] == ""
    corrected = rows[published["corrected"]]
    assert (corrected["sourcing_status"], corrected["automatic_status"]) == ("unattributed", "not_analysed")
    document = reviewer_client.get(f"/reports/verdicts.json?article={german}").get_json()
    jsonschema.validate(document, json_schema(), format_checker=jsonschema.FormatChecker())
    statuses = {item["claim"]["id"]: item["claim"]["sourcing_status"] for item in document["claims"]}
    assert statuses == {published["plain"]: "not_analysed", published["corrected"]: "unattributed"}


def test_claimreview_does_not_make_the_outlet_the_author_of_a_claim_nobody_sourced(reviewer_client, german, published):
    graph = json.loads(reviewer_client.get(f"/reports/verdicts.claimreview?article={german}").text)["@graph"]
    by_summary = {review["claimReviewed"]: review["itemReviewed"] for review in graph}
    assert "author" not in by_summary["Summary plain"]
    assert by_summary["Summary plain"]["inLanguage"] == "de"  # the claim's language: its article's
    # Once a reviewer says the article asserts it on its own account, the outlet is its author.
    assert by_summary["Summary corrected"]["author"] == {"@type": "Organization", "name": "Stadtanzeiger"}
    public = reviewer_client.get(f"/verdicts/{published['plain_verdict']}", follow_redirects=True).get_data(
        as_text=True
    )
    assert '"author"' not in public.split('"itemReviewed"')[1].split("</script>")[0]


def test_the_printable_report_and_pdf_say_not_analysed(reviewer_client, german, published):
    page = reviewer_client.get(f"/reports/verdicts.html?article={german}&view=1").get_data(as_text=True)
    assert "Sourcing:</span> not analysed" in page and "<td>not analysed</td>" in page
    pdf = pdf_through_its_job(reviewer_client, f"article={german}")
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "not analysed" in text and "unattributed (automatic: not analysed)" in text
