"""The public site: one address per fact-check through its corrections, the correction notice, the archive,
the Atom feed and the sitemap; only published work, no login."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review import operations as review
from factcheck.review.models import Verdict
from tests.conftest import log_in
from tests.reports_fixtures import build_report_data
from tests.review_helpers import chambers_claim, rating, some_evidence, user

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FIRST_PUBLISHED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CORRECTED = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)


def _xml(document: bytes) -> ET.Element:
    return ET.fromstring(document)  # noqa: S314 - the app's own response under test, not untrusted input


def _ld_json(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, page[:500]
    return json.loads(match.group(1))


def _publish(claim: Claim, reviewer, editor, rating_name: str, summary: str, rationale: str) -> Verdict:
    """Write, propose and approve a verdict (or a correction) through the workflow's own operations."""
    verdict = review.save_verdict(claim, reviewer, review.VerdictInput(rating(rating_name).id, summary, rationale))
    review.propose_verdict(verdict, reviewer, version=verdict.version_id)
    return review.approve_verdict(verdict, editor, version=verdict.version_id)


@pytest.fixture
def corrected(app, make_user, demo_article):
    """The Chambers quote published as False on 25 November, then corrected to Mostly false on 2 December.
    Returns (claim id, first verdict id, correction's verdict id)."""
    reviewer_id, editor_id = make_user("reviewer").id, make_user("editor").id
    with app.app_context():
        reviewer, editor = user(reviewer_id), user(editor_id)
        claim = chambers_claim(demo_article)
        review.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        first = _publish(claim, reviewer, editor, "False", "Chambers on the missiles", "No record supports it.")
        first.published_at = FIRST_PUBLISHED
        db.session.flush()
        review.open_revision(claim, reviewer)
        second = _publish(claim, reviewer, editor, "Mostly false", "Chambers on the missiles", "One record does.")
        second.published_at = CORRECTED
        db.session.commit()
        return claim.id, first.id, second.id


def test_a_fact_check_keeps_one_address_through_its_correction(client, corrected):
    claim_id, first_id, second_id = corrected
    for old in (first_id, second_id):
        moved = client.get(f"/verdicts/{old}")
        assert moved.status_code == 301 and moved.headers["Location"] == f"/fact-checks/{claim_id}"
    page = client.get(f"/fact-checks/{claim_id}")
    assert page.status_code == 200
    review_ld = _ld_json(page.get_data(as_text=True))
    assert review_ld["url"] == f"http://127.0.0.1:5000/fact-checks/{claim_id}"
    assert review_ld["datePublished"] == "2026-11-25" and review_ld["dateModified"] == "2026-12-02"
    assert review_ld["reviewRating"]["alternateName"] == "Mostly false"


def test_the_public_page_shows_the_correction_notice(client, corrected):
    claim_id, _, _ = corrected
    page = client.get(f"/fact-checks/{claim_id}").get_data(as_text=True)
    notice = page[page.index('class="correction-notice"') :]
    notice = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice[: notice.index("</aside>")]))
    assert "On 2026-12-02 we corrected the rating and the rationale." in notice
    assert "The rating was False; it is now Mostly false." in notice
    assert "published 2026-11-25" in re.sub(r"<[^>]+>", "", page) and "corrected 2026-12-02" in page.replace(
        '<time datetime="2026-12-02T16:30:00+00:00">', ""
    ).replace("</time>", "")


def test_a_fact_check_never_corrected_has_no_notice(client, app, make_user, demo_article):
    reviewer_id, editor_id = make_user("reviewer").id, make_user("editor").id
    with app.app_context():
        claim = chambers_claim(demo_article)
        review.take_claim(claim, user(reviewer_id))
        some_evidence(claim, user(reviewer_id))
        _publish(claim, user(reviewer_id), user(editor_id), "False", "Chambers", "No record.")
        db.session.commit()
        claim_id = claim.id
    page = client.get(f"/fact-checks/{claim_id}").get_data(as_text=True)
    assert "correction-notice" not in page and "corrected" not in page
    review_ld = _ld_json(page)
    assert review_ld["datePublished"] == review_ld["dateModified"]


def test_a_correction_in_progress_changes_nothing_public(client, app, corrected):
    claim_id, _, second_id = corrected
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        revision = review.open_revision(claim, user(db.session.get(Verdict, second_id).author_id))
        revision.rationale = "UNPUBLISHED CORRECTION"
        db.session.commit()
        draft_id = revision.id
    page = client.get(f"/fact-checks/{claim_id}").get_data(as_text=True)
    assert "UNPUBLISHED CORRECTION" not in page and "Mostly false" in page
    assert client.get(f"/verdicts/{draft_id}").status_code == 404


def test_exports_link_the_stable_address(app, client, make_user, corrected):
    claim_id, _, _ = corrected
    log_in(client, make_user("editor", "reader@example.org").email)
    rows = list(csv.DictReader(io.StringIO(client.get("/reports/verdicts.csv").get_data(as_text=True))))
    assert [row["public_url"] for row in rows] == [f"http://127.0.0.1:5000/fact-checks/{claim_id}"]
    document = json.loads(client.get("/reports/verdicts.json").get_data(as_text=True))
    assert document["claims"][0]["verdict"]["public_url"] == f"http://127.0.0.1:5000/fact-checks/{claim_id}"
    graph = json.loads(client.get("/reports/verdicts.claimreview").get_data(as_text=True))["@graph"]
    assert [(node["url"], node["datePublished"], node["dateModified"]) for node in graph] == [
        (f"http://127.0.0.1:5000/fact-checks/{claim_id}", "2026-11-25", "2026-12-02")
    ]


def test_public_pages_carry_canonical_and_open_graph_tags(client, corrected):
    claim_id, _, _ = corrected
    page = client.get(f"/fact-checks/{claim_id}").get_data(as_text=True)
    url = f"http://127.0.0.1:5000/fact-checks/{claim_id}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Fact check: Chambers on the missiles">' in page
    assert 'property="og:description" content="Our rating: Mostly false.' in page
    archive = client.get("/fact-checks/").get_data(as_text=True)
    assert '<link rel="canonical" href="http://127.0.0.1:5000/fact-checks/">' in archive
    assert 'property="og:title"' in archive and 'type="application/atom+xml"' in archive


# --- the archive -------------------------------------------------------------------------------------------


@pytest.fixture
def data(app, demo_article):
    return build_report_data(app, demo_article)


def _listed(page: str) -> list[int]:
    return [int(claim_id) for claim_id in re.findall(r'<li>\s*<a href="/fact-checks/(\d+)"', page)]


def test_the_archive_lists_published_fact_checks_newest_first(client, data):
    response = client.get("/fact-checks/")
    assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")
    page = response.get_data(as_text=True)
    # the revised claim's correction (22 November) is the latest publication; the other two were published on
    # 20 November, and the claim id breaks their tie
    assert _listed(page) == [data.revised_claim_id, *sorted([data.false_claim_id, data.misleading_claim_id])[::-1]]
    assert "SUBMITTED NOT PUBLISHED" not in page and "UNPUBLISHED DRAFT" not in page
    assert "corrected" in page  # the revised claim's correction of 22 November
    assert client.get("/verdicts/").headers["Location"] == "/fact-checks/"


def test_the_archive_filters_by_rating_and_dates(app, client, data):
    with app.app_context():
        false_id = rating("False").id
        first = db.session.get(Verdict, data.false_verdict_id)
        first.published_at = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
        db.session.commit()
    assert _listed(client.get(f"/fact-checks/?rating={false_id}").get_data(as_text=True)) == [data.false_claim_id]
    early = client.get("/fact-checks/?from=2026-11-01&to=2026-11-15").get_data(as_text=True)
    assert _listed(early) == [data.false_claim_id]
    late = client.get("/fact-checks/?from=2026-11-16").get_data(as_text=True)
    assert data.false_claim_id not in _listed(late) and len(_listed(late)) == 2
    assert _listed(client.get("/fact-checks/?from=2026-12-01").get_data(as_text=True)) == []
    # a day keeps a fact-check first published or corrected on it: the revised claim on both days
    for day in ("2026-11-20", "2026-11-22"):
        assert data.revised_claim_id in _listed(client.get(f"/fact-checks/?from={day}&to={day}").get_data(as_text=True))
    assert _listed(client.get("/fact-checks/?from=2026-11-21&to=2026-11-21").get_data(as_text=True)) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rating=999999", "Not a valid choice"),
        ("from=yesterday", "Not a valid date"),
        ("from=2026-11-20&to=2026-11-01", "is before"),
    ],
)
def test_the_archive_refuses_a_bad_filter_with_a_message(client, data, query, message):
    response = client.get(f"/fact-checks/?{query}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and _listed(page) == []


def test_the_archive_is_paginated(make_app, demo_article, data):
    app = make_app(ARCHIVE_PER_PAGE=2)
    client = app.test_client()
    first = client.get("/fact-checks/").get_data(as_text=True)
    second = client.get("/fact-checks/?page=2").get_data(as_text=True)
    assert len(_listed(first)) == 2 and len(_listed(second)) == 1
    assert set(_listed(first)).isdisjoint(_listed(second))
    assert "Page 1 of 2" in first and 'href="/fact-checks/?page=2"' in first
    filtered = client.get("/fact-checks/?from=2026-11-01&junk=x").get_data(as_text=True)
    assert 'href="/fact-checks/?page=2&amp;from=2026-11-01"' in filtered and "junk" not in filtered


# --- the feed and the sitemap ------------------------------------------------------------------------------


def test_the_atom_feed_lists_the_latest_changes_first(client, data):
    response = client.get("/fact-checks/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = _xml(response.get_data())
    entries = feed.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert ids[0] == f"http://127.0.0.1:5000/fact-checks/{data.revised_claim_id}"  # corrected on 22 November
    assert len(ids) == 3 and all(re.fullmatch(r"http://127\.0\.0\.1:5000/fact-checks/\d+", i) for i in ids)
    revised = entries[0]
    assert revised.findtext(f"{ATOM}published").startswith("2026-11-20")
    assert revised.findtext(f"{ATOM}updated").startswith("2026-11-22")
    assert feed.findtext(f"{ATOM}updated").startswith("2026-11-22")
    assert "SUBMITTED NOT PUBLISHED" not in response.get_data(as_text=True)


def test_the_feed_escapes_what_people_wrote(app, client, data):
    with app.app_context():
        db.session.get(Verdict, data.false_verdict_id).summary = "Tom & Jerry <b>said</b> “so”"
        db.session.commit()
    feed = _xml(client.get("/fact-checks/feed.atom").get_data())
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert "Tom & Jerry <b>said</b> “so”" in titles


def test_an_empty_feed_is_still_a_feed(client):
    feed = _xml(client.get("/fact-checks/feed.atom").get_data())
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


def test_the_sitemap_lists_every_published_fact_check(client, data):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    urls = _xml(response.get_data()).findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert locations[0] == "http://127.0.0.1:5000/fact-checks/"
    published = {data.false_claim_id, data.misleading_claim_id, data.revised_claim_id}
    assert sorted(locations[1:]) == sorted(f"http://127.0.0.1:5000/fact-checks/{i}" for i in published)
    modified = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urls}
    assert modified[f"http://127.0.0.1:5000/fact-checks/{data.revised_claim_id}"] == "2026-11-22T10:00:00+00:00"


def test_a_correction_that_changes_only_the_summary_says_so(app, client, make_user, demo_article):
    reviewer_id, editor_id = make_user("reviewer").id, make_user("editor").id
    with app.app_context():
        reviewer, editor = user(reviewer_id), user(editor_id)
        claim = chambers_claim(demo_article)
        review.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        _publish(claim, reviewer, editor, "False", "Chambers on missiles", "No record.")
        review.open_revision(claim, reviewer)
        _publish(claim, reviewer, editor, "False", "Chambers on the missiles", "No record.")
        review.open_revision(claim, reviewer)
        _publish(claim, reviewer, editor, "False", "Chambers on the missiles", "No record.")
        db.session.commit()
        claim_id = claim.id
    page = client.get(f"/fact-checks/{claim_id}").get_data(as_text=True)
    notice = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page[page.index('class="correction-notice"') :]))
    assert "Corrections" in notice
    assert "we corrected the claim summary. The rating, False, is unchanged." in notice
    assert (
        "we corrected it, leaving the rating, the claim summary, the rationale and the evidence as they were." in notice
    )
    # newest first: the republication without changes above the summary's correction
    assert notice.index("leaving the rating") < notice.index("we corrected the claim summary")
