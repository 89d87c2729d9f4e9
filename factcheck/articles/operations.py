"""Ingestion: the one operation that turns text into an article with claims, sources and attributions.

The web form and the CLI both call ``ingest_article``. It only flushes; the caller commits, so a failure
anywhere leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from factcheck.analysis import analyze
from factcheck.analysis.model import Analysis, SourceType, Status
from factcheck.articles.extract import check_text, normalise_newlines
from factcheck.articles.models import Article, Claim
from factcheck.auth.models import User
from factcheck.db import utcnow
from factcheck.extensions import db
from factcheck.review.models import PRIORITY_BY_STATUS
from factcheck.sources.models import ArticleSource, Attribution, Source

_WHITESPACE = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^the\s+")
TITLE_MAX = 300


@dataclass(slots=True)
class ArticleData:
    """What a user gives for a new article."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_on: date | None = None


@dataclass(slots=True)
class IngestResult:
    """The article, and whether this call created it (False: it was already there)."""

    article: Article
    created: bool


def content_hash(text: str) -> str:
    """sha256 of the text with Unicode and whitespace normalised: the same article pasted twice."""
    normalised = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def find_duplicate(text: str) -> Article | None:
    """The stored article with the same normalised content, if any."""
    return db.session.scalar(select(Article).where(Article.content_hash == content_hash(text)))


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

    ``analysis`` is ``analyze(text)`` of the newline-normalised text when the caller computed it already
    (the import command runs the analysis in worker processes); otherwise it is computed here.
    """
    return ingest_articles([(data, analysis)], created_by=created_by)[0]


def ingest_articles(
    items: Sequence[tuple[ArticleData, Analysis | None]], *, created_by: User | None = None
) -> list[IngestResult]:
    """``ingest_article`` for several articles at once, in a few statements for the whole batch.

    Returns one result per item, in order; an item whose text is already stored (or appears earlier in the
    batch) is not created again. Raises ArticleInputError before writing anything if any text is refused.
    """
    texts = []
    for data, _ in items:
        text = normalise_newlines(data.text)
        check_text(text)
        texts.append((text, content_hash(text)))
    digests = sorted({digest for _, digest in texts})
    stored = {article.content_hash: article
              for article in db.session.scalars(select(Article).where(Article.content_hash.in_(digests)))}
    results: list[IngestResult | None] = [None] * len(items)
    created: dict[str, Article] = {}
    pairs: list[tuple[Article, Analysis]] = []
    for index, ((data, analysis), (text, digest)) in enumerate(zip(items, texts, strict=True)):
        if digest in stored or digest in created:
            results[index] = IngestResult(stored.get(digest) or created[digest], created=False)
            continue
        title = (data.title or "").strip() or default_title(text)
        article = Article(
            title=title[:TITLE_MAX],
            outlet=(data.outlet or "").strip() or None,
            url=(data.url or "").strip() or None,
            published_on=data.published_on,
            text=text,
            content_hash=digest,
            created_by=created_by,
        )
        db.session.add(article)
        created[digest] = article
        pairs.append((article, analysis if analysis is not None else analyze(text)))
        results[index] = IngestResult(article, created=True)
    if pairs:
        store_analyses(pairs)
    return results


def article_date(article: Article) -> date:
    """The date the queue orders an article's claims by: its publication date, else the day it was added."""
    return article.published_on or (article.created_at or utcnow()).date()


def store_analysis(article: Article, analysis: Analysis) -> None:
    """Write the analysis results (claims, sources, attributions) of a new article, then flush."""
    store_analyses([(article, analysis)])


def store_analyses(pairs: Sequence[tuple[Article, Analysis]]) -> None:
    """Write the analysis results of new articles (added to the session, not yet flushed).

    The rows go in with Core ``insert()`` executemany, a few statements per batch whatever its size,
    instead of one ORM unit-of-work INSERT per object (see docs/performance.md).
    """
    found_claims = {}
    for article, analysis in pairs:
        found_claims[id(article)] = [found for found in analysis.claims if found.status != Status.NOT_A_CLAIM]
        article.claim_count = len(found_claims[id(article)])
    db.session.flush()  # the articles' ids

    source_ids = _get_or_create_sources(pairs)
    claims = Claim.__table__
    claim_rows = [
        {
            "article_id": article.id,
            "position": position,
            "start": found.start,
            "end": found.end,
            "paragraph": found.paragraph,
            "text": found.text,
            "status": str(found.status),
            "reason": found.reason,
            "priority": PRIORITY_BY_STATUS.get(str(found.status), 3),
            "article_date": article_date(article),
        }
        for article, _ in pairs
        for position, found in enumerate(found_claims[id(article)])
    ]
    claim_ids: dict[tuple[int, int], int] = {}
    if claim_rows:
        # executemany, then one SELECT for the ids: RETURNING in parameter order makes SQLite insert
        # row by row.
        db.session.execute(insert(claims), claim_rows)
        claim_ids = {
            (article_id, position): claim_id
            for claim_id, article_id, position in db.session.execute(
                select(claims.c.id, claims.c.article_id, claims.c.position).where(
                    claims.c.article_id.in_([article.id for article, _ in pairs])
                )
            )
        }

    attribution_rows: list[dict] = []
    appearance_rows: list[dict] = []
    for article, analysis in pairs:
        ids = source_ids[id(article)]
        backed: dict[int, int] = {}
        for position, found in enumerate(found_claims[id(article)]):
            claim_id = claim_ids[(article.id, position)]
            seen: set[int] = set()
            for attribution in found.attributions:
                cue, source, content = attribution.cue, attribution.source, attribution.content
                attribution_rows.append(
                    {
                        "claim_id": claim_id,
                        "kind": str(attribution.kind),
                        "source_id": ids.get(attribution.source_id) if attribution.source_id is not None else None,
                        "cue_start": cue.start if cue else None,
                        "cue_end": cue.end if cue else None,
                        "cue_text": cue.text if cue else None,
                        "source_start": source.start if source else None,
                        "source_end": source.end if source else None,
                        "source_text": source.text if source else None,
                        "content_start": content.start if content else None,
                        "content_end": content.end if content else None,
                    }
                )
                if attribution.source_id is not None and attribution.source_id not in seen:
                    seen.add(attribution.source_id)
                    backed[attribution.source_id] = backed.get(attribution.source_id, 0) + 1
        # Two sources of the analysis may be one registry record (e.g. the same name written twice).
        appearances: dict[int, dict] = {}
        for found_source in analysis.sources:
            record_id = ids[found_source.id]
            appearance = appearances.get(record_id)
            if appearance is None:
                appearance = appearances[record_id] = {
                    "article_id": article.id,
                    "source_id": record_id,
                    "descriptor": found_source.descriptor,
                    "affiliation": found_source.affiliation,
                    "is_identifiable": bool(found_source.identifiable),
                    "claim_count": 0,
                }
            else:
                appearance["descriptor"] = appearance["descriptor"] or found_source.descriptor
                appearance["affiliation"] = appearance["affiliation"] or found_source.affiliation
                appearance["is_identifiable"] = appearance["is_identifiable"] or bool(found_source.identifiable)
            appearance["claim_count"] += backed.get(found_source.id, 0)
        appearance_rows.extend(appearances.values())
    if attribution_rows:
        db.session.execute(insert(Attribution.__table__), attribution_rows)
    if appearance_rows:
        db.session.execute(insert(ArticleSource.__table__), appearance_rows)


def source_key(name: str, source_type: str, article: Article) -> str:
    """The registry key: the normalised name; unnamed groups are only one entity within an article."""
    key = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    key = _LEADING_ARTICLE.sub("", key)  # "the Kremlin" and "Kremlin" are one source
    if source_type == SourceType.GROUP:
        key = f"{article.content_hash[:16]}:{key}"
    return key[:300]


def _get_or_create_sources(pairs: Sequence[tuple[Article, Analysis]]) -> dict[int, dict[int, int]]:
    """Registry ids of each article's analysis sources ({id(article): {analysis source id: Source.id}}):
    one SELECT for those already known, one INSERT for the new ones, for the whole batch."""
    wanted: dict[tuple[str, str], str] = {}
    key_of: dict[int, dict[int, tuple[str, str]]] = {}
    for article, analysis in pairs:
        keys = key_of[id(article)] = {}
        for found in analysis.sources:
            source_type = str(found.type)
            key = (source_key(found.name, source_type, article), source_type)
            keys[found.id] = key
            wanted.setdefault(key, found.name[:300])
    if not wanted:
        return {article_key: {} for article_key in key_of}
    table = Source.__table__
    lookup = select(table.c.id, table.c.key, table.c.type).where(table.c.key.in_(sorted({k for k, _ in wanted})))

    def known() -> dict[tuple[str, str], int]:
        return {(key, kind): source_id for source_id, key, kind in db.session.execute(lookup)}

    ids = known()
    missing = [
        {"key": key, "name": name, "type": source_type}
        for (key, source_type), name in wanted.items()
        if (key, source_type) not in ids
    ]
    if missing:
        db.session.execute(insert(table), missing)
        ids = known()
    return {article_key: {found_id: ids[key] for found_id, key in keys.items()} for article_key, keys in key_of.items()}
