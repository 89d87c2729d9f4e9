"""ClaimReview JSON-LD: expanded with pyld against a copy of the schema.org context (no network)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from pyld import jsonld

from factcheck.reports.exports import Organisation, claimreview, claimreview_chunks
from factcheck.reports.operations import verdict_records
from factcheck.reports.queries import ReportScope
from tests.reports_fixtures import ARTICLE_URL, build_report_data

SCHEMA = "http://schema.org/"  # the context's @vocab
HERE = Path(__file__).resolve().parent
SUBSET_CONTEXT = HERE / "data" / "schemaorg-context-subset.jsonld"
SHARED = HERE.parent.parent / "shared" / "schemaorg"
FULL_CONTEXT = SHARED / "schemaorgcontext.jsonld"
PROPERTIES_CSV = SHARED / "schemaorg-current-https-properties.csv"
ORG = Organisation("Test Checkers", "https://checkers.example/")

# Each type the export writes, with its schema.org ancestors (for checking properties' domainIncludes).
ANCESTORS = {
    "ClaimReview": {"ClaimReview", "Review", "CreativeWork", "Thing"},
    "Claim": {"Claim", "CreativeWork", "Thing"},
    "NewsArticle": {"NewsArticle", "Article", "CreativeWork", "Thing"},
    "Rating": {"Rating", "Intangible", "Thing"},
    "Organization": {"Organization", "Thing"},
    "Person": {"Person", "Thing"},
}


def loader_for(context_path: Path):
    """A pyld document loader that serves the schema.org context from a file and refuses anything else."""
    document = json.loads(context_path.read_text(encoding="utf-8"))

    def load(url, options=None):
        if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
            raise AssertionError(f"unexpected network fetch: {url}")
        return {"contextUrl": None, "documentUrl": url, "document": document, "contentType": "application/ld+json"}

    return load


def expand(document, context_path: Path = SUBSET_CONTEXT):
    dropped = []
    expanded = jsonld.expand(document, {"documentLoader": loader_for(context_path)}, on_property_dropped=dropped.append)
    assert dropped == [], dropped
    return expanded


def value(node, prop):
    return node[SCHEMA + prop][0]


@pytest.fixture
def data(app, demo_article):
    return build_report_data(app, demo_article)


@pytest.fixture
def records(app, data):
    with app.app_context():
        return {r.claim_id: r for r in verdict_records(ReportScope(article_ids=(data.article_id,)))}


def test_claimreview_expands_to_schema_org(records, data):
    review = claimreview(records[data.false_claim_id], ORG)
    [node] = expand(review)
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    assert value(node, "claimReviewed")["@value"] == "Six missiles were intercepted over Bryansk"
    assert value(node, "url")["@id"].endswith(f"/fact-checks/{data.false_claim_id}")
    assert value(node, "datePublished") == {"@type": SCHEMA + "Date", "@value": "2026-11-20"}
    assert value(node, "dateModified") == {"@type": SCHEMA + "Date", "@value": "2026-11-20"}
    author = value(node, "author")
    assert author["@type"] == [SCHEMA + "Organization"] and value(author, "name")["@value"] == "Test Checkers"
    rating = value(node, "reviewRating")
    assert value(rating, "alternateName")["@value"] == "False"
    assert (value(rating, "ratingValue")["@value"], value(rating, "bestRating")["@value"]) == (1, 5)
    assert value(rating, "worstRating")["@value"] == 1
    item = value(node, "itemReviewed")
    assert item["@type"] == [SCHEMA + "Claim"]
    claimant = value(item, "author")
    assert claimant["@type"] == [SCHEMA + "Organization"]
    assert value(claimant, "name")["@value"] == "Russian Defense Ministry"
    assert value(value(item, "appearance"), "url")["@id"] == ARTICLE_URL
    assert value(item, "datePublished")["@value"] == "2026-11-18"
    assert value(item, "inLanguage")["@value"] == "en"
    assert value(value(item, "appearance"), "inLanguage")["@value"] == "en"
    assert (
        value(node, "name")["@value"]
        == value(node, "headline")["@value"]
        == "Six missiles were intercepted over Bryansk"
    )
    assert value(node, "reviewBody")["@value"].endswith("The ministry's own later statement contradicts it.")
    assert value(rating, "ratingExplanation")["@value"] == "Not accurate."


def test_a_person_claimant_and_a_rating_off_the_scale(records, data):
    review = claimreview(records[data.misleading_claim_id], ORG)
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "James Rutherford"}
    assert review["reviewRating"] == {  # no position: no numbers
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingExplanation": "Accurate facts put together to give a false impression.",
    }
    [node] = expand(review)
    assert value(value(node, "reviewRating"), "alternateName")["@value"] == "Misleading"


def test_export_document_is_one_graph_of_published_reviews(records, data):
    text = "".join(claimreview_chunks(iter(records.values()), ORG))
    expanded = expand(json.loads(text))
    assert len(expanded) == 3
    assert all(node["@type"] == [SCHEMA + "ClaimReview"] for node in expanded)


def test_claimreview_export_never_carries_unpublished_work(app, data):
    with app.app_context():
        internal = list(verdict_records(ReportScope(internal=True)))
    assert any(r.state != "published" for r in internal)
    graph = json.loads("".join(claimreview_chunks(iter(internal), ORG)))["@graph"]
    assert len(graph) == sum(r.state == "published" for r in internal)


needs_shared = pytest.mark.skipif(not FULL_CONTEXT.exists(), reason="../shared/schemaorg is not beside the project")


@needs_shared
def test_expands_the_same_with_the_full_schema_org_context(records, data):
    review = claimreview(records[data.false_claim_id], ORG)
    assert expand(review, FULL_CONTEXT) == expand(review)


def schema_problems(node, domains: dict[str, set[str]]) -> list[str]:
    """Every property of ``node`` (and the nodes inside it) that schema.org does not define on its type."""
    if isinstance(node, list):
        return [problem for item in node for problem in schema_problems(item, domains)]
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    found = []
    for prop, child in node.items():
        if prop.startswith("@"):
            continue
        if not domains.get(prop, set()) & ANCESTORS.get(kind, set()):
            found.append(f"{prop} is not a property of {kind}")
        found += schema_problems(child, domains)
    return found


def property_domains() -> dict[str, set[str]]:
    """Each schema.org property's domainIncludes, from the release in ../shared/schemaorg."""
    domains: dict[str, set[str]] = {}
    with PROPERTIES_CSV.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            names = row["domainIncludes"].split(",")
            domains[row["label"]] = {name.strip().removeprefix("https://schema.org/") for name in names}
    return domains


@needs_shared
def test_every_property_exists_on_its_type(records, data):
    domains = property_domains()
    for record in records.values():
        assert schema_problems(claimreview(record, ORG), domains) == []


@needs_shared
def test_the_public_pages_and_the_api_emit_valid_claimreviews(client, data):
    """What leaves the app for readers and programs: each public page's JSON-LD and each API item, corrected
    fact-checks included, expands with the full schema.org context and uses only properties of its types."""
    domains = property_domains()
    items = client.get("/api/v1/fact-checks").get_json()["items"]
    assert len(items) == 3
    reviews = [item["claim_review"] for item in items]
    for item in items:
        page = client.get(f"/fact-checks/{item['id']}").get_data(as_text=True)
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert match
        reviews.append(json.loads(match.group(1)))
    for review in reviews:
        assert schema_problems(review, domains) == [], review["url"]
        [node] = expand(review, FULL_CONTEXT)  # no property dropped
        assert node["@type"] == [SCHEMA + "ClaimReview"]
    revised = next(r for r in reviews if r["url"].endswith(f"/fact-checks/{data.revised_claim_id}"))
    assert (revised["datePublished"], revised["dateModified"]) == ("2026-11-20", "2026-11-22")
