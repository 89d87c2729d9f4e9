"""Verdict exports parsed back: CSV (csv module), JSON (its schema, round trip), HTML and PDF; web and CLI."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import types

import jsonschema
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.extensions import db
from factcheck.jobs.models import Job
from factcheck.reports.exports import (
    CSV_COLUMNS,
    Organisation,
    csv_chunks,
    json_chunks,
    json_schema,
    neutralise,
    read_json_export,
    record_to_json,
)
from factcheck.reports.operations import verdict_records
from factcheck.reports.queries import ReportScope
from tests.reports_fixtures import ARTICLE_URL, INJECTION, build_report_data, pdf_through_its_job, start_pdf

UNPUBLISHED_MARKERS = ("SUBMITTED NOT PUBLISHED", "UNPUBLISHED DRAFT RATIONALE")


@pytest.fixture
def data(app, demo_article):
    return build_report_data(app, demo_article)


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_export_one_row_per_published_claim(app, data):
    with app.app_context():
        text = "".join(csv_chunks(verdict_records(ReportScope(article_ids=(data.article_id,)))))
    rows = parse_csv(text)
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    by_claim = {int(row["claim_id"]): row for row in rows}
    assert set(by_claim) == {data.false_claim_id, data.misleading_claim_id, data.revised_claim_id}
    false = by_claim[data.false_claim_id]
    assert false["rating"] == "False" and (false["rating_value"], false["best_rating"], false["worst_rating"]) == (
        "1",
        "5",
        "1",
    )
    assert false["claim_reviewed"] == "Six missiles were intercepted over Bryansk"
    assert false["rationale"].startswith("'=HYPERLINK(") and false["rationale"][1:].startswith(INJECTION)
    assert false["evidence_count"] == "1" and "refutes: Ministry statement" in false["evidence"]
    assert "Withdrawn wire copy" not in text
    # Staff are credited by display name, else by role and number: never by email.
    assert false["reviewer"] == "Ana Ruiz" and false["editor"].startswith("Editor #")
    assert data.reviewer_email not in text and data.editor_email not in text
    assert false["published_at"] == "2026-11-20T14:30:00+00:00"
    assert false["article_url"] == ARTICLE_URL and false["public_url"].endswith(f"/fact-checks/{data.false_claim_id}")
    misleading = by_claim[data.misleading_claim_id]
    assert misleading["rating"] == "Misleading" and misleading["rating_value"] == misleading["best_rating"] == ""
    assert by_claim[data.revised_claim_id]["revision"] == "2"
    for marker in UNPUBLISHED_MARKERS:
        assert marker not in text
    for row in rows:  # no cell a spreadsheet would run
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_internal_report_has_unpublished_work(app, data):
    with app.app_context():
        text = "".join(csv_chunks(verdict_records(ReportScope(article_ids=(data.article_id,), internal=True))))
    rows = {int(row["claim_id"]): row for row in parse_csv(text)}
    assert rows[data.submitted_claim_id]["state"] == "submitted"
    assert rows[data.submitted_claim_id]["public_url"] == ""
    assert rows[data.misleading_claim_id]["state"] == "draft"  # the newest revision
    assert rows[data.false_claim_id]["state"] == "published"


def test_date_range_selects_by_publication_date(app, data):
    with app.app_context():
        ids = {r.claim_id for r in verdict_records(ReportScope(date_from=_d("2026-11-21"), date_to=_d("2026-11-30")))}
        assert ids == {data.revised_claim_id}
        ids = {r.claim_id for r in verdict_records(ReportScope(date_from=_d("2026-11-20"), date_to=_d("2026-11-20")))}
        assert ids == {data.false_claim_id, data.misleading_claim_id}
        assert list(verdict_records(ReportScope(date_to=_d("2026-11-19")))) == []


def _d(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_json_export_matches_its_schema_and_round_trips(app, data):
    organisation = Organisation("Test Checkers", "https://checkers.example/")
    scope = ReportScope(article_ids=(data.article_id,))
    with app.app_context():
        records = list(verdict_records(scope))
        text = "".join(json_chunks(iter(records), scope, organisation))
    document = json.loads(text)
    jsonschema.validate(document, json_schema(), format_checker=jsonschema.FormatChecker())
    assert document["format"] == "factcheck.verdict-report" and document["version"] == 1
    assert document["organisation"] == {"name": "Test Checkers", "url": "https://checkers.example/"}
    header, parsed = read_json_export(text)
    # every field version 1 carries back, dates and datetimes included (not the first publication, the
    # article's language or the rating's meaning, which only the ClaimReview and the public site give)
    carried = [
        dataclasses.replace(r, first_published_at=None, article_language=None, rating_description=None) for r in records
    ]
    assert parsed == carried
    assert header["scope"]["article_ids"] == [data.article_id]
    again = "".join(json_chunks(iter(parsed), scope, organisation))
    assert json.loads(again)["claims"] == document["claims"]
    false = next(item for item in document["claims"] if item["claim"]["id"] == data.false_claim_id)
    assert false["verdict"]["rating"] == {"name": "False", "value": 1, "best": 5, "worst": 1}
    assert false["verdict"]["rationale"].startswith(INJECTION)  # JSON is data: nothing to neutralise
    assert [e["title"] for e in false["evidence"]] == ["Ministry statement, 19 November"]


def test_json_schema_rejects_what_it_should(app, data):
    with app.app_context():
        record = next(iter(verdict_records(ReportScope(article_ids=(data.article_id,)))))
    item = record_to_json(record)
    item["claim"]["sourcing_status"] = "made_up"
    document = {
        "format": "factcheck.verdict-report",
        "version": 1,
        "generated_at": "2026-11-24T00:00:00+00:00",
        "internal": False,
        "scope": {"article_ids": [], "from": None, "to": None},
        "organisation": {"name": "x", "url": "y"},
        "claims": [item],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json_schema())
    with pytest.raises(ValueError, match="version"):
        read_json_export(json.dumps({**document, "version": 2}))


def test_a_published_verdict_on_a_claim_corrected_to_not_a_claim_exports_valid_json(app, data):
    """A reviewer may correct a claim to "not a claim" after its verdict is published; the export still lists
    the verdict, with that status, and still passes its own schema."""
    from factcheck.auth.models import User
    from factcheck.claims.models import Claim
    from factcheck.extensions import db
    from factcheck.review.operations import correct_sourcing

    scope = ReportScope(article_ids=(data.article_id,))
    with app.app_context():
        reviewer = db.session.scalars(db.select(User).filter_by(email=data.reviewer_email)).one()
        correct_sourcing(
            db.session.get(Claim, data.false_claim_id),
            reviewer,
            status="not_a_claim",
            source_id=None,
            reason="A question put to the reader, not an assertion.",
        )
        db.session.commit()
        text = "".join(json_chunks(verdict_records(scope), scope, Organisation("x", "https://x.example/")))
    document = json.loads(text)
    jsonschema.validate(document, json_schema())
    false = next(item for item in document["claims"] if item["claim"]["id"] == data.false_claim_id)
    assert false["claim"]["sourcing_status"] == "not_a_claim"
    assert false["verdict"]["rating"]["name"] == "False"


def test_exports_stream(app, data):
    """The writers are generators over a generator: no whole-report list anywhere."""
    with app.app_context():
        records = verdict_records(ReportScope())
        assert isinstance(records, types.GeneratorType)
        chunks = csv_chunks(records)
        assert isinstance(chunks, types.GeneratorType)
        assert next(chunks).startswith("claim_id,")
        assert next(chunks)  # the first row, read before the rest are fetched


# --- web downloads ----------------------------------------------------------------------------------


def test_csv_download(reviewer_client, data):
    response = reviewer_client.get(f"/reports/verdicts.csv?article={data.article_id}")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"].startswith("text/csv")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and f"article-{data.article_id}" in disposition
    rows = parse_csv(response.get_data(as_text=True))
    assert len(rows) == 3


def test_json_and_claimreview_downloads(reviewer_client, data):
    document = reviewer_client.get("/reports/verdicts.json").get_json()
    assert len(document["claims"]) == 3
    graph = json.loads(reviewer_client.get("/reports/verdicts.claimreview").get_data(as_text=True))["@graph"]
    assert {item["@type"] for item in graph} == {"ClaimReview"} and len(graph) == 3


def test_internal_downloads_are_for_editors_only(app, reviewer_client, make_user, data):
    from tests.conftest import log_in

    assert reviewer_client.get("/reports/verdicts.csv?internal=y").status_code == 403
    editor = app.test_client()
    log_in(editor, make_user("editor").email)
    internal = editor.get("/reports/verdicts.csv?internal=y")
    assert internal.status_code == 200 and "internal" in internal.headers["Content-Disposition"]
    assert "SUBMITTED NOT PUBLISHED" in internal.get_data(as_text=True)
    assert editor.get("/reports/verdicts.claimreview?internal=y").status_code == 400
    assert editor.get("/reports/verdicts.xlsx").status_code == 404
    assert editor.get("/reports/verdicts.csv?from=someday").status_code == 400


def test_downloads_need_a_login(client, data):
    response = client.get("/reports/verdicts.csv")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_the_claims_verdicts_and_chart(reviewer_client, data):
    pdf = pdf_through_its_job(reviewer_client, f"article={data.article_id}")
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf).split())
    assert "Verdict report" in text
    assert "Six missiles were intercepted over Bryansk" in text
    assert "The UN urged restraint" in text
    for rating in ("False", "Misleading", "True"):
        assert rating in text
    assert "Sourcing of the claims reviewed" in text and "sourced" in text
    for marker in UNPUBLISHED_MARKERS:
        assert marker not in text


def test_the_pdf_and_report_headers_name_the_article_by_its_title(app, reviewer_client, data):
    """The header says which article the report is of by its title, not by its number ("article 1")."""
    with app.app_context():
        title = db.session.get(Article, data.article_id).title
        other = ingest_article(ArticleData(text="The bridge closes in May, the council said.", title="Bridge")).article
        db.session.commit()
        other_id = other.id
    pdf = pdf_through_its_job(reviewer_client, f"article={data.article_id}")
    header = " ".join(pdf_text(pdf).split())[:300]
    assert f"“{title}”" in header and f"article {data.article_id}" not in header
    both = reviewer_client.get(f"/reports/verdicts?article={data.article_id},{other_id}").get_data(as_text=True)
    assert f"“{title}” and “Bridge”" in both
    many = ",".join(str(i) for i in (data.article_id, other_id, 99990, 99991, 99992))
    page = reviewer_client.get(f"/reports/verdicts?article={many}").get_data(as_text=True)
    assert f"“{title}”, “Bridge”, article 99990 (no such article) and 2 more articles" in page


def test_pdf_is_refused_over_its_limit(make_app, app, data):
    from tests.conftest import log_in

    small = make_app(REPORT_PDF_MAX_CLAIMS=2)
    client = small.test_client()
    log_in(client, data.reviewer_email, "a long enough password")
    response = start_pdf(client)
    assert response.status_code == 413 and b"limited to 2" in response.data
    with small.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0  # refused before any job


def test_pdf_is_refused_over_its_length_whatever_its_claim_count(make_app, app, data):
    """Few claims with long verdicts: the length of the report bounds the layout work, not the claim count."""
    from tests.conftest import log_in

    short = make_app(REPORT_PDF_MAX_BYTES=2_000)
    client = short.test_client()
    log_in(client, data.reviewer_email, "a long enough password")
    started = start_pdf(client)
    assert started.status_code == 303  # the length is known only once the job writes the report
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "longer than a PDF is laid out from (at most 2 KiB of text)" in page
    assert "Download" not in page and "http-equiv" not in page  # failed: no file, no more reloading
    assert client.get(started.headers["Location"] + "/download").status_code == 409
    roomy = make_app(REPORT_PDF_MAX_BYTES=2**20).test_client()
    log_in(roomy, data.reviewer_email, "a long enough password")
    assert pdf_through_its_job(roomy).startswith(b"%PDF")


def test_printable_html_page(reviewer_client, data):
    response = reviewer_client.get(f"/reports/verdicts.html?article={data.article_id}&view=1")
    assert response.status_code == 200 and "Content-Disposition" not in response.headers
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy  # inline styles only, never a script
    page = response.get_data(as_text=True)
    assert "<svg" in page and "<script" not in page
    assert "Six missiles were intercepted over Bryansk" in page
    assert "&#34;" in page or "&quot;" in page or "HYPERLINK" in page  # the rationale, escaped
    assert '<a href="https://records.example/ministry-statement"' in page


# --- the CLI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "claimreview", "html"])
def test_cli_export_to_stdout(app, data, fmt):
    result = app.test_cli_runner().invoke(args=["export", "--format", fmt, "--article", str(data.article_id)])
    assert result.exit_code == 0, result.output
    assert "Six missiles were intercepted over Bryansk" in result.output
    for marker in UNPUBLISHED_MARKERS:
        assert marker not in result.output


def test_cli_export_files(app, data, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "report.json"
    result = runner.invoke(args=["export", "--format", "json", "--internal", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(document, json_schema())
    assert document["internal"] is True and any(c["verdict"]["state"] == "submitted" for c in document["claims"])
    pdf = tmp_path / "report.pdf"
    dates = ["--from", "2026-11-01", "--to", "2026-11-30"]
    result = runner.invoke(args=["export", "--format", "pdf", *dates, "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Six missiles were intercepted over Bryansk" in " ".join(pdf_text(pdf.read_bytes()).split())
    csv_file = tmp_path / "report.csv"
    assert runner.invoke(args=["export", "--format", "csv", "-o", str(csv_file)]).exit_code == 0
    assert len(parse_csv(csv_file.read_text(encoding="utf-8"))) == 3


def test_cli_refuses_bad_options(app, data):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["export", "--format", "claimreview", "--internal"]).exit_code == 2
    backwards = ["--from", "2026-11-30", "--to", "2026-11-01"]
    assert runner.invoke(args=["export", "--format", "csv", *backwards]).exit_code == 2
    assert runner.invoke(args=["export", "--format", "xlsx"]).exit_code == 2


def test_records_load_in_a_fixed_number_of_queries(app, data):
    """No query per claim: one per relation per batch, however many claims (no N+1)."""
    from sqlalchemy import event

    from factcheck.extensions import db

    def count_queries(scope: ReportScope) -> tuple[int, int]:
        statements: list[str] = []

        def record(*args):
            statements.append(args[2])

        with app.app_context():
            engine = db.engine
            event.listen(engine, "before_cursor_execute", record)
            try:
                rows = sum(1 for _ in verdict_records(scope))
            finally:
                event.remove(engine, "before_cursor_execute", record)
        return rows, len(statements)

    few, few_queries = count_queries(ReportScope(article_ids=(data.article_id,), date_to=_d("2026-11-20")))
    many, many_queries = count_queries(ReportScope(internal=True))
    assert few < many
    assert few_queries == many_queries <= 12
