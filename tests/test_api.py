"""The read-only JSON API: published fact-checks as ClaimReview with their ids, paginated, ``since``, no login;
errors as problem details."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factcheck.extensions import db
from factcheck.review.models import Verdict
from tests.reports_fixtures import build_report_data

BASE = "http://127.0.0.1:5000"
UNPUBLISHED_MARKERS = ("SUBMITTED NOT PUBLISHED", "UNPUBLISHED DRAFT RATIONALE")


@pytest.fixture
def data(app, demo_article):
    return build_report_data(app, demo_article)


def test_the_list_gives_published_fact_checks_newest_change_first(client, data):
    response = client.get("/api/v1/fact-checks")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    ids = [item["id"] for item in body["items"]]
    # the revised claim was corrected on 22 November; the other two were published on 20 November
    assert ids == [data.revised_claim_id, *sorted([data.false_claim_id, data.misleading_claim_id], reverse=True)]
    assert (body["page"], body["pages"], body["total"], body["next"], body["prev"]) == (1, 1, 3, None, None)
    revised = body["items"][0]
    assert revised["url"] == f"{BASE}/fact-checks/{data.revised_claim_id}"
    assert (revised["verdict_id"], revised["revision"]) == (data.revised_verdict_id, 2)
    assert revised["article_id"] == data.article_id
    assert revised["date_published"] == "2026-11-20T14:30:00+00:00"
    assert revised["date_modified"] == "2026-11-22T10:00:00+00:00"
    review = revised["claim_review"]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == revised["url"] and review["reviewRating"]["alternateName"] == "True"
    assert (review["datePublished"], review["dateModified"]) == ("2026-11-20", "2026-11-22")
    text = response.get_data(as_text=True)
    assert all(marker not in text for marker in UNPUBLISHED_MARKERS)
    assert data.reviewer_email not in text and data.editor_email not in text


def test_the_list_is_paginated(client, data):
    first = client.get("/api/v1/fact-checks?per_page=2").get_json()
    assert [len(first["items"]), first["pages"], first["total"]] == [2, 2, 3]
    assert first["next"] == f"{BASE}/api/v1/fact-checks?page=2&per_page=2" and first["prev"] is None
    second = client.get("/api/v1/fact-checks?per_page=2&page=2").get_json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert second["prev"] == f"{BASE}/api/v1/fact-checks?page=1&per_page=2"
    seen = [item["id"] for item in first["items"] + second["items"]]
    assert sorted(seen) == sorted({data.false_claim_id, data.misleading_claim_id, data.revised_claim_id})
    assert client.get("/api/v1/fact-checks?page=9").get_json()["items"] == []


def test_since_keeps_what_was_published_or_corrected_from_then(app, client, data):
    with app.app_context():
        db.session.get(Verdict, data.false_verdict_id).published_at = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
        db.session.commit()

    def since(value: str) -> list[int]:
        response = client.get("/api/v1/fact-checks", query_string={"since": value})
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    assert since("2026-11-21") == [data.false_claim_id, data.revised_claim_id]  # the correction of 22 November
    assert since("2026-11-22T10:00:00Z") == [data.false_claim_id, data.revised_claim_id]  # inclusive
    assert since("2026-11-22T10:00:01") == [data.false_claim_id]  # no offset: UTC
    assert since("2026-11-25T13:00:00+02:00") == [data.false_claim_id]  # 11:00 UTC
    assert since("2026-11-26") == []
    body = client.get("/api/v1/fact-checks?since=2026-11-21&per_page=1").get_json()
    assert body["next"] == f"{BASE}/api/v1/fact-checks?page=2&per_page=1&since=2026-11-21"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("since=last+week", "since", "is not an ISO 8601 date"),
        ("per_page=0", "per_page", "between 1 and 100"),
        ("per_page=101", "per_page", "between 1 and 100"),
        ("page=0", "page", "between 1 and 1000000"),
        ("page=two", "page", "Not a valid integer"),
    ],
)
def test_bad_parameters_are_a_problem_document(client, data, query, field, message):
    response = client.get(f"/api/v1/fact-checks?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert message in " ".join(body["errors"][field])


def test_one_fact_check_is_the_list_item(client, data):
    response = client.get(f"/api/v1/fact-checks/{data.false_claim_id}")
    assert response.status_code == 200
    item = response.get_json()
    listed = next(i for i in client.get("/api/v1/fact-checks").get_json()["items"] if i["id"] == data.false_claim_id)
    assert item == listed
    assert item["claim_review"]["claimReviewed"] == "Six missiles were intercepted over Bryansk"


def test_unpublished_and_unknown_are_not_found_as_json(client, data):
    for path in (
        f"/api/v1/fact-checks/{data.submitted_claim_id}",  # only a proposal
        "/api/v1/fact-checks/999999",
        "/api/v1/nothing-here",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "application/problem+json", path
        assert response.get_json()["status"] == 404
        assert "<html" not in response.get_data(as_text=True)
    misleading = client.get(f"/api/v1/fact-checks/{data.misleading_claim_id}").get_data(as_text=True)
    assert "UNPUBLISHED DRAFT RATIONALE" not in misleading  # its newer draft stays private
    refused = client.post("/api/v1/fact-checks")
    assert refused.status_code == 405 and refused.mimetype == "application/problem+json"
