"""The sourcing report, the verdict report page, and the public verdict page."""

from __future__ import annotations

import html
import json
import re
from collections import Counter

import pytest

from factcheck.articles.models import Article
from factcheck.extensions import db
from factcheck.reports.chart import status_chart
from factcheck.reports.sourcing import build_sourcing_report, ends_with_empty_sources_section
from factcheck.vocabulary import ANALYSED_STATUSES as STATUSES
from tests.reports_fixtures import ARTICLE_URL, build_report_data


@pytest.fixture
def data(app, demo_article):
    return build_report_data(app, demo_article)


def test_sourcing_report_counts_apply_corrections_and_identity_checks(app, data):
    with app.app_context():
        report = build_sourcing_report([data.article_id])
        claims = db.session.get(Article, data.article_id).claims
        assert report.total == len(claims) == 28
        automatic = Counter(claim.status for claim in claims)
        assert report.automatic_counts == {status: automatic[status] for status in STATUSES}
        # Kovalenko verified: her claim counts as sourced; the corrected claim moves to anonymous.
        expected = automatic.copy()
        by_id = {claim.id: claim for claim in claims}
        assert by_id[data.verified_claim_id].status == "unverified_named"
        expected["unverified_named"] -= 1
        expected["sourced"] += 1
        expected[by_id[data.corrected_claim_id].status] -= 1
        expected["anonymous"] += 1
        assert report.counts == {status: expected[status] for status in STATUSES}
        lines = {line.claim_id: line for group in report.groups for line in group.claims}
        verified = lines[data.verified_claim_id]
        assert (verified.status, verified.automatic_status) == ("sourced", "unverified_named") and verified.differs
        assert "identity check" in verified.reason and verified.sources == "Elena Kovalenko" and verified.cue == "said"
        corrected = lines[data.corrected_claim_id]
        assert corrected.status == "anonymous" and "unnamed official" in corrected.reason


def test_named_sources_put_unverified_people_first(app, data):
    with app.app_context():
        people = build_sourcing_report([data.article_id]).named_sources
    names = [person.name for person in people]
    assert names == ["James Rutherford", "Robert Chambers", "Elena Kovalenko"]
    assert people[0].descriptor == "retired U.S. General" and len(people[0].claims) == 2
    assert people[-1].identity_label == "verified" and people[0].identity_label == "not checked"


def test_warnings(app, data):
    with app.app_context():
        warnings = build_sourcing_report([data.article_id]).warnings
    codes = {warning.code: warning.message for warning in warnings}
    assert set(codes) == {"empty_sources_section", "mostly_unsourced", "unidentified_people"}
    with app.app_context():
        counts = build_sourcing_report([data.article_id]).counts
    total = sum(counts.values())
    assert f"{total - counts['sourced']} of its {total} claims" in codes["mostly_unsourced"]
    assert "Robert Chambers" in codes["unidentified_people"]
    assert "Elena Kovalenko" in codes["unidentified_people"]  # verified, but the text never identifies her


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A claim, the mayor said.\n\nSources\n", True),
        ("A claim, the mayor said.\n\nReferences:\n", True),
        ("A claim, the mayor said.\n\nSources\n\nCity records, 2024.\n", False),
        ("A claim, the mayor said.\n", False),
        ("", False),
    ],
)
def test_empty_sources_section(text, expected):
    assert ends_with_empty_sources_section(text) is expected


def test_chart_is_svg_with_text_and_escaped():
    svg = status_chart({"sourced": 3, "hedged": 1, "<b>odd</b>": 0})
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>" in svg
    assert "3 (75%)" in svg and "1 (25%)" in svg
    assert "<b>" not in svg and "&lt;b&gt;odd&lt;/b&gt;" in svg
    assert "<script" not in svg


def test_article_sourcing_page(app, reviewer_client, data):
    page = reviewer_client.get(f"/articles/{data.article_id}/sourcing")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<svg" in text and "<script" not in text
    assert "<style" not in text and "reports.css" in text  # the site's CSP allows no inline style
    for heading in ("Claims by sourcing status", "People quoted", "Check first"):
        assert heading in text
    assert "ends with an empty “Sources” section" in text
    assert "automatic: named, identity not established" in text
    assert text.index("James Rutherford</th>") < text.index("Elena Kovalenko</th>")
    assert f"/reports/verdicts.csv?article={data.article_id}" in text
    assert reviewer_client.get("/articles/99999/sourcing").status_code == 404


def test_the_sourcing_report_shows_a_message_to_flash(reviewer_client, demo_article):
    """On PostgreSQL the report's streamed query needs a transaction of its own; once, a report with a
    message pending was a 500."""
    with reviewer_client.session_transaction() as session:
        session["_flashes"] = [("info", "Saved elsewhere.")]
    response = reviewer_client.get(f"/articles/{demo_article}/sourcing")
    assert response.status_code == 200
    assert "Saved elsewhere." in response.get_data(as_text=True)


def test_article_page_links_to_its_reports(reviewer_client, data):
    text = reviewer_client.get(f"/articles/{data.article_id}").get_data(as_text=True)
    assert f"/articles/{data.article_id}/sourcing" in text
    # The PDF button posts (it starts a job), with the form's CSRF token.
    form = text.split(f'action="/reports/verdicts.pdf?article={data.article_id}"')[0].rsplit("<form", 1)[1]
    assert 'method="post"' in form


def test_sourcing_report_across_articles(app, reviewer_client, data):
    page = reviewer_client.get(f"/reports/sourcing?article={data.article_id}&from=2026-11-01&to=2026-11-30")
    assert page.status_code == 200 and "1 article " in page.get_data(as_text=True)
    outside = reviewer_client.get("/reports/sourcing?from=2025-01-01&to=2025-01-31").get_data(as_text=True)
    assert "0 articles" in outside and "0 claims" in outside
    assert reviewer_client.get("/reports/sourcing?article=abc").status_code == 422
    assert reviewer_client.get("/reports/sourcing?from=2026-11-30&to=2026-11-01").status_code == 422
    assert reviewer_client.get("/reports").status_code == 200


def test_verdict_report_page_published_and_internal(reviewer_client, editor_client, data):
    published = reviewer_client.get(f"/reports/verdicts?article={data.article_id}").get_data(as_text=True)
    assert "Six missiles were intercepted over Bryansk" in published
    assert "SUBMITTED NOT PUBLISHED" not in published and "UNPUBLISHED DRAFT RATIONALE" not in published
    assert reviewer_client.get(f"/reports/verdicts?article={data.article_id}&internal=y").status_code == 403


def test_internal_verdict_report_for_editors(app, make_user, data):
    from tests.conftest import log_in

    client = app.test_client()
    log_in(client, make_user("editor").email)
    internal = client.get(f"/reports/verdicts?article={data.article_id}&internal=y").get_data(as_text=True)
    assert "SUBMITTED NOT PUBLISHED" in internal and "UNPUBLISHED DRAFT RATIONALE" in internal


def _ld_json(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, page[:500]
    return json.loads(match.group(1))


def test_public_verdict_page_needs_no_login(client, data):
    response = client.get(f"/fact-checks/{data.false_claim_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Six missiles were intercepted over Bryansk" in page and "False" in page
    review = _ld_json(page)
    assert review["@type"] == "ClaimReview"
    assert review["url"].endswith(f"/fact-checks/{data.false_claim_id}")
    assert review["itemReviewed"]["appearance"]["url"] == ARTICLE_URL
    assert "fact.checker@example.org" not in page  # staff addresses stay inside the newsroom


def test_public_page_never_shows_unpublished_work(client, data):
    for verdict_id in (data.draft_verdict_id, data.submitted_verdict_id, 999999):
        assert client.get(f"/verdicts/{verdict_id}").status_code == 404
    assert client.get(f"/fact-checks/{data.submitted_claim_id}").status_code == 404
    moved = client.get(f"/verdicts/{data.superseded_verdict_id}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/fact-checks/{data.revised_claim_id}")


def test_public_page_json_ld_is_safe_against_script_breakout(app, client, data):
    from factcheck.review.models import Verdict

    payload = "</script><script>alert(1)</script>"
    with app.app_context():
        verdict = db.session.get(Verdict, data.false_verdict_id)
        verdict.summary = payload[:75]
        verdict.rationale = payload
        db.session.commit()
    page = client.get(f"/fact-checks/{data.false_claim_id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert page.count("</script>") == 1
    assert _ld_json(page)["claimReviewed"] == payload[:75]
    assert html.escape(payload) in page
