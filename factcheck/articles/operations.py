"""Ingestion: the one operation that turns text into an article with claims, sources and attributions.

The web form and the CLI both call ``ingest_article``. It only flushes; the caller commits, so a failure
anywhere leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from factcheck.analysis import analyze
from factcheck.analysis.model import Analysis, SourceType, Status
from factcheck.articles.extract import check_text, normalise_newlines
from factcheck.articles.models import Article, Claim
from factcheck.auth.models import User
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


def ingest_article(data: ArticleData, *, created_by: User | None = None) -> IngestResult:
    """Store an article with its claims, sources and attributions; return the existing one if present."""
    text = normalise_newlines(data.text)
    check_text(text)
    existing = find_duplicate(text)
    if existing is not None:
        return IngestResult(existing, created=False)

    analysis = analyze(text)
    title = (data.title or "").strip() or default_title(text)
    article = Article(
        title=title[:TITLE_MAX],
        outlet=(data.outlet or "").strip() or None,
        url=(data.url or "").strip() or None,
        published_on=data.published_on,
        text=text,
        content_hash=content_hash(text),
        created_by=created_by,
    )
    db.session.add(article)
    store_analysis(article, analysis)
    db.session.flush()
    return IngestResult(article, created=True)


def store_analysis(article: Article, analysis: Analysis) -> None:
    """Attach the analysis results (claims, sources, attributions) to a new article."""
    by_key: dict[tuple[str, str], Source] = {}
    source_records = {s.id: _get_or_create_source(s.name, s.type, article, by_key) for s in analysis.sources}
    backed: dict[int, int] = {}
    position = 0
    for found in analysis.claims:
        if found.status == Status.NOT_A_CLAIM:
            continue
        claim = Claim(
            position=position,
            start=found.start,
            end=found.end,
            paragraph=found.paragraph,
            text=found.text,
            status=str(found.status),
            reason=found.reason,
            priority=PRIORITY_BY_STATUS.get(str(found.status), 3),
        )
        position += 1
        seen: set[int] = set()
        for attribution in found.attributions:
            record = source_records.get(attribution.source_id) if attribution.source_id is not None else None
            claim.attributions.append(
                Attribution(
                    kind=str(attribution.kind),
                    source=record,
                    cue_start=attribution.cue.start if attribution.cue else None,
                    cue_end=attribution.cue.end if attribution.cue else None,
                    cue_text=attribution.cue.text if attribution.cue else None,
                    source_start=attribution.source.start if attribution.source else None,
                    source_end=attribution.source.end if attribution.source else None,
                    source_text=attribution.source.text if attribution.source else None,
                    content_start=attribution.content.start if attribution.content else None,
                    content_end=attribution.content.end if attribution.content else None,
                )
            )
            if attribution.source_id is not None and attribution.source_id not in seen:
                seen.add(attribution.source_id)
                backed[attribution.source_id] = backed.get(attribution.source_id, 0) + 1
        article.claims.append(claim)
    article.claim_count = position
    # Two sources of the analysis may be one registry record (e.g. the same name written twice).
    appearances: dict[int, ArticleSource] = {}
    for found_source in analysis.sources:
        record = source_records[found_source.id]
        appearance = appearances.get(id(record))
        if appearance is None:
            appearance = ArticleSource(
                source=record,
                descriptor=found_source.descriptor,
                affiliation=found_source.affiliation,
                is_identifiable=found_source.identifiable,
                claim_count=0,
            )
            appearances[id(record)] = appearance
            article.sources.append(appearance)
        else:
            appearance.descriptor = appearance.descriptor or found_source.descriptor
            appearance.affiliation = appearance.affiliation or found_source.affiliation
            appearance.is_identifiable = appearance.is_identifiable or found_source.identifiable
        appearance.claim_count += backed.get(found_source.id, 0)


def source_key(name: str, source_type: str, article: Article) -> str:
    """The registry key: the normalised name; unnamed groups are only one entity within an article."""
    key = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    key = _LEADING_ARTICLE.sub("", key)  # "the Kremlin" and "Kremlin" are one source
    if source_type == SourceType.GROUP:
        key = f"{article.content_hash[:16]}:{key}"
    return key[:300]


def _get_or_create_source(
    name: str, source_type: str, article: Article, by_key: dict[tuple[str, str], Source]
) -> Source:
    source_type = str(source_type)
    key = source_key(name, source_type, article)
    source = by_key.get((key, source_type))
    if source is None:
        with db.session.no_autoflush:
            source = db.session.scalar(select(Source).where(Source.key == key, Source.type == source_type))
        if source is None:
            source = Source(key=key, name=name[:300], type=source_type)
            db.session.add(source)
        by_key[(key, source_type)] = source
    return source
