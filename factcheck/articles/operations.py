"""Ingestion: the one operation that turns text into an article with claims, sources and attributions.

The web form, ``seed-demo`` and the import command all store through ``ingest_articles`` (``ingest_article``
for one article). On every path the text goes through ``article_text`` once (its one newline normalisation
and its one check), the analysis becomes named rows (``storable``), and the rows of a whole batch are written
with one ``insert()`` per table. It only flushes; the caller commits, so a failure anywhere leaves nothing
half-written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import insert, select

from factcheck.analysis import analyze, split_blocks
from factcheck.analysis.model import Analysis, BlockKind, SourceType, Span, Status
from factcheck.articles.extract import ArticleData, article_text
from factcheck.articles.models import Article
from factcheck.auth.models import User
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import PRIORITY_BY_STATUS, refresh_statuses
from factcheck.db import utcnow
from factcheck.extensions import db
from factcheck.sources.models import ArticleSource, Source

_WHITESPACE = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^the\s+")
TITLE_MAX = 300
# The source registry's and article_source's text columns (String(300)): the analysis's names, descriptors
# and affiliations are cut to fit (PostgreSQL refuses a longer value, and with it the whole article).
SOURCE_TEXT_MAX = 300


class ClaimRow(NamedTuple):
    """A claim as its table stores it; its position is its index in ``StoredAnalysis.claims``."""

    start: int
    end: int
    paragraph: int
    text: str
    status: str
    reason: str
    priority: int


class AttributionRow(NamedTuple):
    """An attribution as its table stores it, but for the two ids not known before the write: the position
    of its claim in ``StoredAnalysis.claims`` and the index of its source in ``StoredAnalysis.sources``."""

    claim_position: int
    source_index: int | None
    kind: str
    cue_start: int | None
    cue_end: int | None
    cue_text: str | None
    source_start: int | None
    source_end: int | None
    source_text: str | None
    content_start: int | None
    content_end: int | None


class SourceRow(NamedTuple):
    """A registry record the article names (the source table)."""

    key: str
    type: str
    name: str


class AppearanceRow(NamedTuple):
    """The article_source row of one registry record, in ``StoredAnalysis.sources``'s order."""

    descriptor: str | None
    affiliation: str | None
    is_identifiable: bool
    claim_count: int


@dataclass(slots=True)
class StoredAnalysis:
    """An article's analysis as the rows the database stores (see ``storable``)."""

    language: str  # the ISO 639-1 code the analysis found ("en"; other languages' claims are not_analysed)
    claims: list[ClaimRow]  # ``not_a_claim`` sentences left out
    attributions: list[AttributionRow]
    sources: list[SourceRow]  # the distinct registry records, first mention first
    appearances: list[AppearanceRow]


@dataclass(slots=True)
class IngestResult:
    """The article, and whether this call created it (False: it was already there)."""

    article: Article
    created: bool


def content_hash(text: str) -> str:
    """sha256 of the article's paragraphs, the prose the analysis reads (``split_blocks``), with Unicode and
    whitespace normalised: the same article pasted twice, or pasted and uploaded as its web page.

    Headings (the headline, a byline standing alone, subheadings) and page boilerplate are left out: a page's
    extraction keeps or drops the headline and the byline where a copy from the browser has them. A text with
    no paragraph is hashed whole.
    """
    prose = [text[block.start : block.end] for block in split_blocks(text) if block.kind == BlockKind.PARAGRAPH]
    return whole_text_hash("\n".join(prose) if prose else text)


def whole_text_hash(text: str) -> str:
    """sha256 of the whole text with Unicode and whitespace normalised: the content hash of the articles
    stored before it was taken over the paragraphs alone (``content_hash``)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # Whitespace runs as one space, none at the ends: what _WHITESPACE.sub(" ", text).strip() gives (str.split
    # and re's \s agree on every code point), and cheaper (docs/performance.md, "Imports").
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def find_duplicate(text: str) -> Article | None:
    """The stored article with the same normalised content, if any."""
    digests = sorted({content_hash(text), whole_text_hash(text)})
    return db.session.scalars(select(Article).where(Article.content_hash.in_(digests))).first()


def default_title(text: str) -> str:
    """The first line of real content, shortened: a title when the user gave none."""
    for line in text.split("\n"):
        line = line.strip()
        if len(line) > 3:
            return line if len(line) <= 120 else line[:117].rstrip() + "…"
    return "Untitled article"


def ingest_article(
    data: ArticleData, *, created_by: User | None = None, analysis: Analysis | None = None
) -> IngestResult:
    """Store an article with its claims, sources and attributions; return the existing one if present.

    The text is normalised and checked here (``article_text``: raises ArticleInputError). ``analysis`` is
    ``analyze()`` of that text when the caller has it; otherwise it is computed here.
    """
    checked = replace(data, text=article_text(data.text))
    return ingest_articles([(checked, analysis)], created_by=created_by)[0]


def ingest_articles(
    items: Sequence[tuple[ArticleData, Analysis | None]], *, created_by: User | None = None
) -> list[IngestResult]:
    """Store several articles at once, with one statement per table for the whole batch.

    Each text is as ``article_text`` gave it (``ingest_article`` and the import command check it once, before
    this); each analysis, when given, is of that text, else it is computed here. Returns one result per item,
    in order; an item whose text is already stored (or appears earlier in the batch) is not created again.
    """
    for data, analysis in items:
        if analysis is not None and analysis.text != data.text:
            raise ValueError("The analysis is of another text.")
    digests = [content_hash(data.text) for data, _ in items]
    # An article stored before the hash was over the paragraphs alone carries the hash of its whole text.
    earlier = [whole_text_hash(data.text) for data, _ in items]
    stored = {
        article.content_hash: article
        for article in db.session.scalars(select(Article).where(Article.content_hash.in_(sorted({*digests, *earlier}))))
    }
    results: list[IngestResult] = []
    new: list[tuple[Article, StoredAnalysis]] = []
    for (data, analysis), digest, whole in zip(items, digests, earlier, strict=True):
        existing = stored.get(digest) or stored.get(whole)
        if existing is not None:
            results.append(IngestResult(existing, created=False))
            continue
        title = (data.title or "").strip() or default_title(data.text)
        article = Article(
            title=title[:TITLE_MAX],
            outlet=(data.outlet or "").strip() or None,
            url=(data.url or "").strip() or None,
            published_on=data.published_on,
            text=data.text,
            content_hash=digest,
            created_by=created_by,
        )
        db.session.add(article)
        stored[digest] = article  # a later copy in the batch is a duplicate of this one
        new.append((article, storable(analysis if analysis is not None else analyze(data.text), digest)))
        results.append(IngestResult(article, created=True))
    if new:
        store_analyses(new)
    return results


def article_date(article: Article) -> date:
    """The date the queue orders an article's claims by: its publication date, else the day it was added."""
    return article.published_on or (article.created_at or utcnow()).date()


def storable(analysis: Analysis, digest: str | None = None) -> StoredAnalysis:
    """``analysis`` as the rows ``store_analyses`` (and the re-analysis) write: claims with their queue
    priority, each registry record once, the article's appearances with the claims each backs.

    ``digest`` is ``content_hash(analysis.text)`` when the caller has it (unnamed groups are keyed by it).
    """
    if digest is None:
        digest = content_hash(analysis.text)
    # Two sources of the analysis may be one registry record (e.g. the same name written twice).
    record_of: dict[int, int] = {}  # analysis source id: index in sources
    records: dict[tuple[str, str], int] = {}
    sources: list[SourceRow] = []
    for found in analysis.sources:
        source_type = str(found.type)
        key = (source_key(found.name, source_type, digest), source_type)
        if key not in records:
            records[key] = len(sources)
            sources.append(SourceRow(key[0], source_type, found.name[:SOURCE_TEXT_MAX]))
        record_of[found.id] = records[key]

    claims: list[ClaimRow] = []
    attributions: list[AttributionRow] = []
    backed: dict[int, int] = {}  # analysis source id: claims attributed to it
    for found_claim in analysis.claims:
        if found_claim.status == Status.NOT_A_CLAIM:
            continue
        position, status = len(claims), str(found_claim.status)
        claims.append(
            ClaimRow(
                found_claim.start,
                found_claim.end,
                found_claim.paragraph,
                found_claim.text,
                status,
                found_claim.reason,
                PRIORITY_BY_STATUS.get(status, 3),
            )
        )
        for attribution in found_claim.attributions:
            content = attribution.content
            attributions.append(
                AttributionRow(
                    position,
                    None if attribution.source_id is None else record_of.get(attribution.source_id),
                    str(attribution.kind),
                    *_span(attribution.cue),
                    *_span(attribution.source),
                    None if content is None else content.start,
                    None if content is None else content.end,
                )
            )
        for source_id in {a.source_id for a in found_claim.attributions if a.source_id is not None}:
            backed[source_id] = backed.get(source_id, 0) + 1

    appearances: dict[int, AppearanceRow] = {}  # index in sources: the article's row for that record
    for found in analysis.sources:
        record = record_of[found.id]
        row = AppearanceRow(
            _clipped(found.descriptor), _clipped(found.affiliation), bool(found.identifiable), backed.get(found.id, 0)
        )
        seen = appearances.get(record)
        if seen is not None:  # one record, two mentions: the first mention's description first
            row = AppearanceRow(
                seen.descriptor or row.descriptor,
                seen.affiliation or row.affiliation,
                seen.is_identifiable or row.is_identifiable,
                seen.claim_count + row.claim_count,
            )
        appearances[record] = row
    return StoredAnalysis(
        analysis.language, claims, attributions, sources, [appearances[record] for record in range(len(sources))]
    )


def _clipped(value: str | None) -> str | None:
    """A descriptor or affiliation cut to its column; a cut one ends with an ellipsis."""
    if value is None or len(value) <= SOURCE_TEXT_MAX:
        return value
    return value[: SOURCE_TEXT_MAX - 1].rstrip() + "…"


def _span(span: Span | None) -> tuple[int | None, int | None, str | None]:
    """(start, end, text) of a span, (None, None, None) without one."""
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def store_analyses(pairs: Sequence[tuple[Article, StoredAnalysis]]) -> None:
    """Write the analysis rows of new articles (added to the session, not yet flushed): one ``insert()`` per
    table for the whole batch, and one SELECT for the claims' ids."""
    for article, analysis in pairs:
        article.claim_count = len(analysis.claims)
        article.language = analysis.language
    db.session.flush()  # the articles' ids

    source_ids = registry_ids([analysis for _, analysis in pairs])
    # effective_status: the automatic status until refresh_statuses, below, applies identity checks
    claim_rows = [
        {
            "article_id": article.id,
            "position": position,
            "article_date": article_date(article),
            "effective_status": row.status,
            **row._asdict(),
        }
        for article, analysis in pairs
        for position, row in enumerate(analysis.claims)
    ]
    _insert(Claim, claim_rows)
    # The ids, read back with one SELECT: RETURNING in parameter order makes SQLite insert row by row.
    of_batch = Claim.article_id.in_([article.id for article, _ in pairs])
    claim_ids = {
        (article_id, position): claim_id
        for claim_id, article_id, position in db.session.execute(
            select(Claim.id, Claim.article_id, Claim.position).where(of_batch)
        )
    }

    attribution_rows: list[dict[str, Any]] = []
    appearance_rows: list[dict[str, Any]] = []
    for (article, analysis), ids in zip(pairs, source_ids, strict=True):
        for attribution in analysis.attributions:
            values = attribution._asdict()
            values["claim_id"] = claim_ids[article.id, values.pop("claim_position")]
            index = values.pop("source_index")
            values["source_id"] = None if index is None else ids[index]
            attribution_rows.append(values)
        appearance_rows.extend(
            {"article_id": article.id, "source_id": source_id, **row._asdict()}
            for source_id, row in zip(ids, analysis.appearances, strict=True)
        )
    _insert(Attribution, attribution_rows)
    _insert(ArticleSource, appearance_rows)
    # A person the registry already verified makes the new claims quoting them sourced.
    refresh_statuses(of_batch)


def _insert(model: type, rows: list[dict[str, Any]]) -> None:
    """Insert the rows in one statement (the driver's executemany)."""
    if rows:
        db.session.execute(insert(model), rows)


def source_key(name: str, source_type: str, digest: str) -> str:
    """The registry key: the normalised name; unnamed groups are only one entity within an article (the
    article's content hash is ``digest``)."""
    key = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    key = _LEADING_ARTICLE.sub("", key)  # "the Kremlin" and "Kremlin" are one source
    if source_type == SourceType.GROUP:
        key = f"{digest[:16]}:{key}"
    return key[:SOURCE_TEXT_MAX]


def registry_ids(analyses: Sequence[StoredAnalysis]) -> list[list[int]]:
    """The registry id of each analysis's sources, in order, the records not known yet created: one SELECT,
    one INSERT and one more SELECT for the whole batch (a new record takes its first mention's name)."""
    wanted: dict[tuple[str, str], str] = {}
    for analysis in analyses:
        for key, source_type, name in analysis.sources:
            wanted.setdefault((key, source_type), name)
    if not wanted:
        return [[] for _ in analyses]
    lookup = select(Source.id, Source.key, Source.type).where(Source.key.in_(sorted({key for key, _ in wanted})))
    ids = {(key, kind): source_id for source_id, key, kind in db.session.execute(lookup)}
    missing = [
        {"key": key, "type": kind, "name": name} for (key, kind), name in wanted.items() if (key, kind) not in ids
    ]
    if missing:
        _insert(Source, missing)
        ids = {(key, kind): source_id for source_id, key, kind in db.session.execute(lookup)}
    return [[ids[key, source_type] for key, source_type, _ in analysis.sources] for analysis in analyses]
