"""Writers for the verdict exports: CSV, JSON (versioned schema), ClaimReview JSON-LD, printable HTML, PDF.

Each streaming writer takes an iterator of ``VerdictRecord`` and yields text chunks, so a download or a
file written by the CLI never holds the whole report. Only the PDF is built whole (the layout engine
needs the document), which is why its size is capped by ``REPORT_PDF_MAX_CLAIMS``.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from factcheck.reports.queries import NOT_ANALYSED, Claimant, EvidenceItem, ReportScope, VerdictRecord, as_utc
from factcheck.vocabulary import Status, VerdictState

FORMATS = ("csv", "json", "claimreview", "html", "pdf")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "claimreview": "application/ld+json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
EXTENSIONS = {"csv": "csv", "json": "json", "claimreview": "jsonld", "html": "html", "pdf": "pdf"}
# Formats that may carry unpublished work (the editors' internal report). ClaimReview never does.
INTERNAL_FORMATS = ("csv", "json", "html", "pdf")

JSON_FORMAT_NAME = "factcheck.verdict-report"
JSON_SCHEMA_VERSION = 1
JSON_SCHEMA_PATH = Path(__file__).resolve().parent / "export-schema.json"

CSV_COLUMNS = (
    "claim_id",
    "article_id",
    "article_title",
    "article_outlet",
    "article_url",
    "article_published_on",
    "claim_text",
    "claimant",
    "sourcing_status",
    "automatic_status",
    "verdict_id",
    "revision",
    "state",
    "claim_reviewed",
    "rating",
    "rating_value",
    "best_rating",
    "worst_rating",
    "rationale",
    "evidence_count",
    "evidence",
    "reviewer",
    "editor",
    "submitted_at",
    "published_at",
    "public_url",
)
# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Organisation:
    """The fact-checking organisation that signs ClaimReviews."""

    name: str
    url: str


def export_filename(fmt: str, scope: ReportScope, today: date | None = None) -> str:
    """A download's file name: what, which scope, which day (ASCII only)."""
    today = today or datetime.now(UTC).date()
    parts = ["verdicts"]
    if scope.internal:
        parts.append("internal")
    if len(scope.article_ids) == 1:
        parts.append(f"article-{scope.article_ids[0]}")
    elif scope.article_ids:
        parts.append(f"{len(scope.article_ids)}-articles")
    if scope.date_from or scope.date_to:
        parts.append(f"{scope.date_from or 'start'}-to-{scope.date_to or today}")
    parts.append(today.isoformat())
    suffix = "claimreview." if fmt == "claimreview" else ""
    return "_".join(parts) + "." + suffix + EXTENSIONS[fmt]


# --- CSV ---------------------------------------------------------------------------------------------


def neutralise(value: Any) -> str:
    """A cell's text, with a leading quote if a spreadsheet would otherwise read it as a formula."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def evidence_cell(evidence: list[EvidenceItem]) -> str:
    """All evidence of a claim in one cell: 'stance: title (publisher) <url>' joined by ' | '."""
    return " | ".join(
        f"{item.stance}: {item.title}" + (f" ({item.publisher})" if item.publisher else "") + f" <{item.url}>"
        for item in evidence
    )


def csv_row(record: VerdictRecord) -> list[str]:
    """One CSV row (every text cell neutralised)."""
    values = (
        record.claim_id,
        record.article_id,
        record.article_title,
        record.article_outlet,
        record.article_url,
        _iso(record.article_published_on),
        record.claim_text,
        "; ".join(claimant.name for claimant in record.claimants),
        record.sourcing_status,
        record.automatic_status,
        record.verdict_id,
        record.revision,
        record.state,
        record.summary,
        record.rating,
        record.rating_value,
        record.best_rating,
        record.worst_rating,
        record.rationale,
        len(record.evidence),
        evidence_cell(record.evidence),
        record.reviewer,
        record.editor,
        _iso(record.submitted_at),
        _iso(record.published_at),
        record.public_url,
    )
    return [neutralise(value) for value in values]


def csv_chunks(records: Iterable[VerdictRecord]) -> Iterator[str]:
    """The CSV export, header first, one chunk per row (RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(record))
        yield buffer.getvalue()


# --- JSON --------------------------------------------------------------------------------------------


def record_to_json(record: VerdictRecord) -> dict[str, Any]:
    """A record as the JSON export's claim object (see docs/export-schema.md)."""
    rating = None
    if record.rating is not None:
        rating = {
            "name": record.rating,
            "value": record.rating_value,
            "best": record.best_rating,
            "worst": record.worst_rating,
        }
    return {
        "claim": {
            "id": record.claim_id,
            "position": record.claim_position,
            "text": record.claim_text,
            "sourcing_status": record.sourcing_status,
            "automatic_status": record.automatic_status,
            "claimants": [{"name": c.name, "type": c.type} for c in record.claimants],
        },
        "article": {
            "id": record.article_id,
            "title": record.article_title,
            "outlet": record.article_outlet,
            "url": record.article_url,
            "published_on": _iso(record.article_published_on),
        },
        "verdict": {
            "id": record.verdict_id,
            "revision": record.revision,
            "state": record.state,
            "summary": record.summary,
            "rating": rating,
            "rationale": record.rationale,
            "reviewer": record.reviewer,
            "editor": record.editor,
            "submitted_at": _iso(record.submitted_at),
            "published_at": _iso(record.published_at),
            "public_url": record.public_url,
        },
        "evidence": [
            {
                "stance": item.stance,
                "url": item.url,
                "title": item.title,
                "publisher": item.publisher,
                "kind": item.kind,
                "published_on": _iso(item.published_on),
            }
            for item in record.evidence
        ],
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(value)) if value else None


def record_from_json(data: dict[str, Any]) -> VerdictRecord:
    """The record a JSON export's claim object was written from (the inverse of ``record_to_json``)."""
    claim, article, verdict = data["claim"], data["article"], data["verdict"]
    rating = verdict["rating"] or {}
    return VerdictRecord(
        verdict_id=verdict["id"],
        revision=verdict["revision"],
        state=verdict["state"],
        claim_id=claim["id"],
        claim_text=claim["text"],
        claim_position=claim["position"],
        article_id=article["id"],
        article_title=article["title"],
        article_outlet=article["outlet"],
        article_url=article["url"],
        article_published_on=_date(article["published_on"]),
        summary=verdict["summary"],
        rating=rating.get("name"),
        rating_value=rating.get("value"),
        best_rating=rating.get("best"),
        worst_rating=rating.get("worst"),
        rationale=verdict["rationale"],
        sourcing_status=claim["sourcing_status"],
        automatic_status=claim["automatic_status"],
        claimants=[Claimant(c["name"], c["type"]) for c in claim["claimants"]],
        evidence=[
            EvidenceItem(
                stance=item["stance"],
                url=item["url"],
                title=item["title"],
                publisher=item["publisher"],
                kind=item["kind"],
                published_on=_date(item["published_on"]),
            )
            for item in data["evidence"]
        ],
        reviewer=verdict["reviewer"],
        editor=verdict["editor"],
        submitted_at=_datetime(verdict["submitted_at"]),
        published_at=_datetime(verdict["published_at"]),
        public_url=verdict["public_url"],
    )


def json_header(scope: ReportScope, organisation: Organisation, generated_at: datetime | None = None) -> dict:
    """Everything in the JSON export but its claims."""
    return {
        "format": JSON_FORMAT_NAME,
        "version": JSON_SCHEMA_VERSION,
        "generated_at": (generated_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "internal": scope.internal,
        "scope": {
            "article_ids": list(scope.article_ids),
            "from": _iso(scope.date_from),
            "to": _iso(scope.date_to),
        },
        "organisation": {"name": organisation.name, "url": organisation.url},
    }


def json_chunks(records: Iterable[VerdictRecord], scope: ReportScope, organisation: Organisation) -> Iterator[str]:
    """The JSON export, streamed: the header's fields, then ``"claims": [...]`` one claim per chunk."""
    header = json.dumps(json_header(scope, organisation), ensure_ascii=False, indent=1)
    yield header[:-2] + ',\n "claims": ['  # reopen the header object to append the claims array
    separator = "\n  "
    for record in records:
        yield separator + json.dumps(record_to_json(record), ensure_ascii=False)
        separator = ",\n  "
    yield "\n ]\n}\n"


def read_json_export(text: str) -> tuple[dict[str, Any], list[VerdictRecord]]:
    """Parse a JSON export back: its header and its records."""
    document = json.loads(text)
    if document.get("format") != JSON_FORMAT_NAME:
        raise ValueError("not a factcheck verdict report")
    if document.get("version") != JSON_SCHEMA_VERSION:
        raise ValueError(f"unsupported verdict report version {document.get('version')!r}")
    header = {key: value for key, value in document.items() if key != "claims"}
    return header, [record_from_json(item) for item in document["claims"]]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON export: the file, with the statuses and verdict states
    written in from their Enums (factcheck.vocabulary)."""
    schema = json.loads(JSON_SCHEMA_PATH.read_text(encoding="utf-8"))
    # every status a claim can have: the analysis never stores not_a_claim, but a reviewer may correct to it
    schema["$defs"]["status"] = {"enum": [status.value for status in Status]}
    schema["$defs"]["verdict_state"] = {"enum": [state.value for state in VerdictState]}
    return schema


# --- ClaimReview (schema.org JSON-LD) ------------------------------------------------------------------

CLAIMANT_TYPES = {"person": "Person"}  # every other source type is an organisation of some kind


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def claimreview(record: VerdictRecord, organisation: Organisation, with_context: bool = True) -> dict[str, Any]:
    """The schema.org ClaimReview of one published verdict.

    The claimant (``itemReviewed.author``) is the claim's source; a claim the article makes on its own
    account (no source) is the outlet's. A claim the analysis did not read (its article's language is not
    supported) and nobody has sourced has no known claimant: no author, rather than the outlet's.
    ``ratingValue``/``bestRating``/``worstRating`` are given only when the rating has a position on the scale.
    ``name`` and ``headline`` are the public page's heading, ``reviewBody`` the rationale,
    ``reviewRating.ratingExplanation`` what the rating means on the scale, ``inLanguage`` (on the claim and
    the article it appears in) the article's language. ``url`` is the fact-check's one public address;
    ``datePublished`` its first publication, ``dateModified`` the publication of the revision shown (its
    latest correction, or the first publication again).
    """
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": record.rating or ""}
    if record.rating_value is not None:
        rating.update(ratingValue=record.rating_value, bestRating=record.best_rating, worstRating=record.worst_rating)
    if record.rating_description:
        rating["ratingExplanation"] = record.rating_description
    item: dict[str, Any] = {"@type": "Claim"}
    if record.article_language:
        item["inLanguage"] = record.article_language
    claimant = record.claimants[0] if record.claimants else None
    if claimant is not None:
        item["author"] = {"@type": CLAIMANT_TYPES.get(claimant.type, "Organization"), "name": claimant.name}
    elif record.article_outlet and record.sourcing_status != NOT_ANALYSED:
        item["author"] = {"@type": "Organization", "name": record.article_outlet}
    if record.article_published_on is not None:
        item["datePublished"] = record.article_published_on.isoformat()
    if record.article_url:
        appearance: dict[str, Any] = {"@type": "NewsArticle", "url": record.article_url}
        appearance["headline"] = record.article_title
        if record.article_language:
            appearance["inLanguage"] = record.article_language
        if record.article_outlet:
            appearance["publisher"] = {"@type": "Organization", "name": record.article_outlet}
        item["appearance"] = appearance
    review: dict[str, Any] = {"@context": "https://schema.org"} if with_context else {}
    review.update(
        {
            "@type": "ClaimReview",
            "url": record.public_url,
            "name": record.summary or record.claim_text,
            "headline": record.summary or record.claim_text,
            "claimReviewed": record.summary or record.claim_text,
            "reviewBody": record.rationale or None,
            "datePublished": _day(record.first_published_at or record.published_at),
            "dateModified": _day(record.published_at),
            "author": {"@type": "Organization", "name": organisation.name, "url": organisation.url},
            "reviewRating": rating,
            "itemReviewed": item,
        }
    )
    return {key: value for key, value in review.items() if value is not None}


def claimreview_chunks(records: Iterable[VerdictRecord], organisation: Organisation) -> Iterator[str]:
    """Every published verdict as a ClaimReview, in one JSON-LD document (``@graph``), streamed."""
    yield '{\n "@context": "https://schema.org",\n "@graph": ['
    separator = "\n  "
    for record in records:
        if record.state != "published":
            continue  # never: the caller passes published work only; this is the last guard
        yield separator + json.dumps(claimreview(record, organisation, with_context=False), ensure_ascii=False)
        separator = ",\n  "
    yield "\n ]\n}\n"


# --- HTML and PDF -------------------------------------------------------------------------------------


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """The printable HTML report as a PDF (WeasyPrint; imported here so the app starts without it)."""
    with warnings.catch_warnings():
        # Without the optional libharfbuzz-subset0 WeasyPrint still works but warns on import (.ci/run installs it).
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
