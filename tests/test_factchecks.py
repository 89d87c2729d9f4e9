"""Other fact-checkers' ClaimReviews: the parser on each shape and each messy case, and the import command."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from factcheck.extensions import db
from factcheck.factchecks import parse
from factcheck.factchecks.models import ExternalFactCheck
from factcheck.factchecks.operations import store_factchecks
from factcheck.factchecks.parse import FactCheckInputError, normalised_score, parse_factchecks

DATA = Path(__file__).resolve().parent / "data" / "factchecks"


def parsed(name: str) -> parse.ParseResult:
    return parse_factchecks((DATA / name).read_bytes())


def reasons(result: parse.ParseResult) -> dict[str, str]:
    return {skipped.where: skipped.reason for skipped in result.skipped}


# The parser.


def test_an_html_page_with_a_claimreview_in_its_graph():
    result = parsed("page-graph.html")
    assert result.skipped == []  # the page's Organization and WebPage are not fact-checks, and not skipped items
    [item] = result.items
    assert item.publisher_name == "Example Checkers"
    assert item.publisher_url == "https://checkers.example.org/"
    assert item.review_url == "https://checkers.example.org/2026/harbour-bridge"
    assert item.claim_text == "The harbour bridge will be closed to all traffic for a whole year from April."
    assert item.claimant == "Dana Whitlock (City councillor)"
    assert item.claim_date == date(2026, 3, 1)
    assert item.rating == "Mostly false"
    assert item.score == 0.25  # "2" on the scale "1" to "5"
    assert item.language == "en"
    assert item.reviewed_on == date(2026, 3, 5)


def test_an_html_page_with_an_array_a_broken_script_and_a_script_of_another_type():
    result = parsed("page-array.html")
    [item] = result.items
    assert item.rating == "Engañoso"
    assert item.score is None  # only text
    assert item.language == "es"  # inLanguage as a Language object
    assert item.claimant == "Cuenta anónima"  # itemReviewed typed CreativeWork
    assert item.publisher_name == "Verificado Ejemplo"  # author as a list
    assert reasons(result) == {"script 2": "not valid JSON: Expecting ',' delimiter at line 1, column 74."}


def test_a_bare_json_ld_object_with_numeric_ratings_and_keys_outside_the_schema():
    result = parsed("bare-object.jsonld")
    [item] = result.items
    assert (item.rating, item.score) == ("True", 1.0)
    assert item.claimant == "Minister R. Okafor"
    assert result.skipped == []


def test_a_datafeed_with_items_as_lists_objects_and_bare_claimreviews():
    result = parsed("datafeed.json")
    assert [item.review_url.rsplit("/", 1)[-1] for item in result.items if item.review_url] == [
        "solar-subsidy",
        "hospital-beds",
        "direct-element",
    ]
    assert [item.score for item in result.items] == [0.0, 0.5, None]
    assert result.items[0].claimant == "Energy Watch Blog"
    assert reasons(result) == {"dataFeedElement [4] item": "not a ClaimReview (Event)"}


def test_a_fact_check_tools_claims_search_response():
    result = parsed("claims-search.json")
    first, second, third = result.items
    assert (first.publisher_name, first.publisher_url) == ("Health Check Example", "https://healthcheck.example.org")
    assert (first.claimant, first.claim_date, first.reviewed_on) == (
        "Social media posts",
        date(2026, 1, 10),
        date(2026, 1, 12),
    )
    assert (first.rating, first.language, first.score) == ("False", "en", None)
    # A publisher with only its site is named by the site.
    assert (second.publisher_name, second.rating, second.language) == ("verificado.example.net", "Falso", "es")
    assert second.claim_text == first.claim_text
    assert third.review_url == "https://checkers.example.org/2026/million-trees"
    assert reasons(result) == {
        "claims[2] claimReview[2]": "no rating: the claim review has no textualRating",
        "claims[3]": "the claim has no claimReview",
    }


def test_messy_items_are_read_where_they_can_be_and_skipped_with_a_reason_otherwise():
    result = parsed("messy-array.json")
    by_url: dict[str | None, parse.FactCheckData] = {}
    for item in result.items:
        by_url.setdefault(item.review_url, item)  # the first of two with the same URL
    water = by_url["https://checkers.example.org/2026/water-bills"]
    assert len(water.claim_text) > 300  # far over the 75 characters Google recommends, kept whole
    assert (water.rating, water.score) == ("1", None)  # a number without a stated scale has no score
    assert water.claimant == "Sam Reyes (Opposition spokesperson), Citizens for Fair Water"
    rail = by_url["https://checkers.example.org/2026/rail-fares"]
    assert rail.rating.startswith("Fares rose by 4.9% on average")
    assert rail.claim_date == date(2026, 1, 15)
    out_of_scale = by_url["https://checkers.example.org/2026/out-of-scale"]
    assert (out_of_scale.rating, out_of_scale.score) == ("7 on a scale of 1 to 5", None)
    dogs = [item for item in result.items if item.review_url is None]
    assert [item.claim_text for item in dogs] == ["The mayor banned dogs from every park."] * 2
    assert dogs[0].claim_key == dogs[1].claim_key  # the same publisher and claim, in another case and spacing
    assert reasons(result) == {
        "[4]": "no rating: reviewRating has no ratingValue, alternateName or name",
        "[5]": "no claim: neither claimReviewed nor itemReviewed has its text",
        "[8]": "not a ClaimReview (NewsArticle)",
        "[9]": "the review URL '/2026/relative' is not an http(s) address",
        "[11]": "not a ClaimReview (not a JSON object)",
    }
    assert len(result.items) + len(result.skipped) == 11


@pytest.mark.parametrize(
    ("value", "worst", "best", "score"),
    [
        ("1", "1", "5", 0.0),
        ("5", "1", "5", 1.0),
        (3, 1, 5, 0.5),
        (" 4 ", 0, "8", 0.5),
        ("1", None, None, None),
        ("False", "1", "5", None),
        ("6", "1", "5", None),
        ("1", "1", "1", None),
        (True, 0, 1, None),
        ("nan", "1", "5", None),
    ],
)
def test_the_score_is_the_rating_on_its_stated_scale(value, worst, best, score):
    assert normalised_score(value, worst, best) == score


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"claims": [', "The file is not valid JSON: Expecting value at line 1, column 13."),
        (b"[NaN]", "The file is not valid JSON: NaN is not a JSON number."),
        (b"just words", "The file is neither JSON nor an HTML page."),
        (b"<html><p>no scripts</p></html>", 'The page has no <script type="application/ld+json"> with a ClaimReview.'),
        (b"\xff\xfe{}", "The file is not UTF-8 text (byte 0)."),
        (b"[" * 65 + b"]" * 65, f"The file is nested more than {parse.MAX_DEPTH} levels deep."),
        (b"[" * 100_000, f"The file is nested more than {parse.MAX_DEPTH} levels deep."),
    ],
)
def test_an_unreadable_file_is_refused_with_a_clear_message(data, message):
    with pytest.raises(FactCheckInputError) as refused:
        parse_factchecks(data)
    assert str(refused.value) == message


def test_brackets_inside_strings_do_not_count_as_nesting():
    review = {"@type": "ClaimReview", "claimReviewed": "[" * 200 + '"{', "author": "A", "reviewRating": "False"}
    [item] = parse_factchecks(json.dumps(review)).items
    assert item.claim_text.startswith("[[[")


def test_a_file_over_the_size_cap_is_refused(monkeypatch):
    monkeypatch.setattr(parse, "MAX_BYTES", 100)
    with pytest.raises(FactCheckInputError, match="over the limit of 100 bytes"):
        parse_factchecks(b"[" + b" " * 200 + b"]")


def test_a_field_over_its_length_is_skipped_with_the_reason():
    review = {"@type": "ClaimReview", "claimReviewed": "x" * 10_001, "author": "A", "reviewRating": "False"}
    result = parse_factchecks(json.dumps([review]))
    assert reasons(result) == {"[1]": "claimReviewed is 10,001 characters long, over the limit of 10,000"}


# The import command and its storage, on the test database.


def count_stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ExternalFactCheck)) or 0


def test_importing_a_directory_stores_each_fact_check_once_and_again_adds_nothing(app, runner):
    result = runner.invoke(args=["import-factchecks", str(DATA)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"{DATA / 'messy-array.json'}: 4 added, 2 duplicates, 5 skipped" in lines
    assert f"{DATA / 'page-graph.html'}: 1 added, 0 duplicates, 0 skipped" in lines
    assert f"{DATA / 'claims-search.json'}: 3 added, 0 duplicates, 2 skipped" in lines
    assert "  skipped [9]: the review URL '/2026/relative' is not an http(s) address" in lines
    assert f"{DATA / 'bad.json'}: not read: The file is not valid JSON: Expecting value at line 1, column 13." in lines
    assert f"{DATA / 'notes.txt'}: not read: The file is neither JSON nor an HTML page." in lines
    stored = count_stored(app)
    assert stored == 4 + 1 + 3 + 1 + 3 + 1  # messy, page-graph, claims-search, bare-object, datafeed, page-array

    again = runner.invoke(args=["import-factchecks", str(DATA)])
    assert again.exit_code == 0, again.output
    assert f"{DATA / 'messy-array.json'}: 0 added, 6 duplicates, 5 skipped" in again.output.splitlines()
    assert count_stored(app) == stored

    with app.app_context():
        bridge = db.session.scalars(
            select(ExternalFactCheck).where(ExternalFactCheck.review_url.like("%harbour-bridge"))
        ).one()
        assert (bridge.rating, bridge.score_per_mille, bridge.score, bridge.claim_date, bridge.claim_key) == (
            "Mostly false",
            250,
            0.25,
            date(2026, 3, 1),
            None,
        )
        assert bridge.imported_at is not None
        dogs = db.session.scalars(select(ExternalFactCheck).where(ExternalFactCheck.review_url.is_(None))).one()
        assert dogs.claim_key is not None


def test_standard_input_is_read_with_a_dash(app, runner):
    result = runner.invoke(args=["import-factchecks", "-"], input=(DATA / "bare-object.jsonld").read_bytes())
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["-: 1 added, 0 duplicates, 0 skipped"]
    assert count_stored(app) == 1


def test_the_command_fails_only_when_nothing_could_be_read(app, runner, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps([{"@type": "ClaimReview", "author": "A"}]))
    result = runner.invoke(args=["import-factchecks", str(DATA / "bad.json"), str(empty), str(tmp_path / "gone")])
    assert result.exit_code == 1
    assert "No fact-check could be read." in result.output
    assert f"{tmp_path / 'gone'}: not read: no such file." in result.output

    # One readable file among them is enough (even if all of it is already stored).
    result = runner.invoke(args=["import-factchecks", str(DATA / "bad.json"), str(DATA / "bare-object.jsonld")])
    assert result.exit_code == 0, result.output


def test_the_database_refuses_a_second_copy_of_a_review_url_or_of_a_claim_without_one(app):
    item = parse_factchecks((DATA / "bare-object.jsonld").read_bytes()).items[0]
    with app.app_context():
        store_factchecks([item])
        db.session.commit()
        for review_url, claim_key in ((item.review_url, None), (None, "a" * 64)):
            db.session.add(
                ExternalFactCheck(
                    publisher_name="P", claim_text="C", rating="R", review_url=review_url, claim_key=claim_key
                )
            )
            if claim_key:
                db.session.add(ExternalFactCheck(publisher_name="P", claim_text="C", rating="R", claim_key=claim_key))
            with pytest.raises(IntegrityError):
                db.session.flush()
            db.session.rollback()
    assert count_stored(app) == 1


# The pages.


def upload(client, name: str, data: bytes):
    return client.post(
        "/factchecks/import",
        data={"upload": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_editor_imports_a_file_and_sees_what_was_skipped(app, editor_client):
    response = upload(editor_client, "messy.json", (DATA / "messy-array.json").read_bytes())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "4 added, 2 duplicates, 5 skipped." in page
    assert "[9]: the review URL &#39;/2026/relative&#39; is not an http(s) address" in page
    assert count_stored(app) == 4  # committed by the request

    again = upload(editor_client, "messy.json", (DATA / "messy-array.json").read_bytes())
    assert "0 added, 6 duplicates, 5 skipped." in again.get_data(as_text=True)
    assert count_stored(app) == 4

    listing = editor_client.get("/factchecks/").get_data(as_text=True)
    assert "The mayor banned dogs from every park." in listing
    assert 'href="https://checkers.example.org/2026/rail-fares"' in listing


def test_an_unreadable_upload_is_refused_with_its_reason_and_nothing_is_stored(app, editor_client):
    response = upload(editor_client, "notes.txt", b"this is not JSON or HTML")
    assert response.status_code == 422
    assert "notes.txt: The file is neither JSON nor an HTML page." in response.get_data(as_text=True)
    missing = editor_client.post("/factchecks/import", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choose a file to import." in missing.get_data(as_text=True)
    assert count_stored(app) == 0


def test_only_editors_import_but_reviewers_see_the_list(app, reviewer_client):
    assert reviewer_client.get("/factchecks/import").status_code == 403
    assert upload(reviewer_client, "page.html", (DATA / "page-graph.html").read_bytes()).status_code == 403
    assert count_stored(app) == 0
    listing = reviewer_client.get("/factchecks/")
    assert listing.status_code == 200 and "No fact-checks imported yet." in listing.get_data(as_text=True)
