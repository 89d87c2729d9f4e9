"""Ingestion: the one operation that turns text into an article with claims, sources and attributions.

The web form and the CLI both call ``ingest_article``. It only flushes; the caller commits, so a failure
anywhere leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError

from factcheck.analysis import analyze
from factcheck.analysis.model import Analysis, SourceType, Span, Status
from factcheck.articles.extract import check_text, normalise_newlines
from factcheck.articles.models import Article, Claim
from factcheck.auth.models import User
from factcheck.db import utcnow
from factcheck.extensions import db
from factcheck.review.models import PRIORITY_BY_STATUS
from factcheck.sources.models import ArticleSource, Attribution, Source
from factcheck.sources.status import refresh_statuses

_WHITESPACE = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^the\s+")
TITLE_MAX = 300
# The source registry's and article_source's text columns (String(300)): the analysis's names, descriptors
# and affiliations are cut to fit (PostgreSQL refuses a longer value, and with it the whole article).
SOURCE_TEXT_MAX = 300


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


@dataclass(slots=True)
class StoredAnalysis:
    """An article's analysis as the database stores it, in plain values (see ``storable``): cheap to send
    from a worker process and to write. A span's text is None where it is the article's text[start:end]."""

    text: str  # the newline-normalised article text that was analysed, checked by ``check_text``
    digest: str  # content_hash(text)
    # Per claim (``not_a_claim`` sentences left out), in order:
    # (start, end, paragraph, text or None, status, reason, priority).
    claims: list[tuple]
    # Per attribution, in order: (claim position, kind, index into ``sources`` or None,
    # cue_start, cue_end, cue_text or None, source_start, source_end, source_text or None,
    # content_start, content_end).
    attributions: list[tuple]
    # The distinct registry records the article names, first mention first: (key, type, name).
    sources: list[tuple[str, str, str]]
    # One article_source row per record, in the same order: (descriptor, affiliation, is_identifiable,
    # claim_count).
    appearances: list[tuple]
    language: str  # the ISO 639-1 code the analysis found ("en"; other languages' claims are not_analysed)


def content_hash(text: str) -> str:
    """sha256 of the text with Unicode and whitespace normalised: the same article pasted twice."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # Whitespace runs as one space, none at the ends: what _WHITESPACE.sub(" ", text).strip() gives (str.split
    # and re's \s agree on every code point), in a third of the time.
    normalised = " ".join(text.split())
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
    data: ArticleData, *, created_by: User | None = None, analysis: Analysis | StoredAnalysis | None = None
) -> IngestResult:
    """Store an article with its claims, sources and attributions; return the existing one if present.

    ``analysis`` is ``analyze(text)`` of the newline-normalised text (or ``storable`` of it) when the caller
    computed it already (the import command runs the analysis in worker processes); otherwise it is
    computed here.
    """
    return ingest_articles([(data, analysis)], created_by=created_by)[0]


def ingest_articles(
    items: Sequence[tuple[ArticleData, Analysis | StoredAnalysis | None]], *, created_by: User | None = None
) -> list[IngestResult]:
    """``ingest_article`` for several articles at once, in a few statements for the whole batch.

    Returns one result per item, in order; an item whose text is already stored (or appears earlier in the
    batch) is not created again. Raises ArticleInputError before writing anything if any text is refused.
    """
    texts = []
    for data, analysis in items:
        text = normalise_newlines(data.text)
        if isinstance(analysis, StoredAnalysis):
            if analysis.text != text:
                raise ValueError("The stored analysis is of another text.")
            texts.append((text, analysis.digest))  # checked and hashed by ``storable`` (in a worker)
        else:
            check_text(text)
            texts.append((text, content_hash(text)))
    digests = sorted({digest for _, digest in texts})
    stored = {
        article.content_hash: article
        for article in db.session.scalars(select(Article).where(Article.content_hash.in_(digests)))
    }
    results: dict[int, IngestResult] = {}  # index in items: its result
    created: dict[str, Article] = {}
    pairs: list[tuple[Article, StoredAnalysis]] = []
    for index, ((data, analysis), (text, digest)) in enumerate(zip(items, texts, strict=True)):
        if digest in stored or digest in created:
            results[index] = IngestResult(stored.get(digest) or created[digest], created=False)
            continue
        if not isinstance(analysis, StoredAnalysis):
            analysis = storable(analysis if analysis is not None else analyze(text), digest)
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
        pairs.append((article, analysis))
        results[index] = IngestResult(article, created=True)
    if pairs:
        store_analyses(pairs)
    return [results[index] for index in range(len(items))]


def article_date(article: Article) -> date:
    """The date the queue orders an article's claims by: its publication date, else the day it was added."""
    return article.published_on or (article.created_at or utcnow()).date()


def storable(analysis: Analysis, digest: str | None = None) -> StoredAnalysis:
    """``analysis`` (of its newline-normalised text) in the form ``store_analyses`` writes: the one
    conversion the web form, ``seed-demo`` and the import's worker processes all go through.

    ``digest`` is ``content_hash(analysis.text)`` when the caller has it. Raises ArticleInputError if the
    text is refused (``check_text``).
    """
    text = analysis.text
    check_text(text)
    if digest is None:
        digest = content_hash(text)
    # Two sources of the analysis may be one registry record (e.g. the same name written twice).
    record_of: dict[int, int] = {}
    records: dict[tuple[str, str], int] = {}
    sources: list[tuple[str, str, str]] = []
    for found in analysis.sources:
        source_type = str(found.type)
        key = (source_key(found.name, source_type, digest), source_type)
        record = records.get(key)
        if record is None:
            record = records[key] = len(sources)
            sources.append((key[0], source_type, found.name[:SOURCE_TEXT_MAX]))
        record_of[found.id] = record

    claims: list[tuple] = []
    attributions: list[tuple] = []
    backed: dict[int, int] = {}  # analysis source id: claims attributed to it
    for found_claim in analysis.claims:
        if found_claim.status == Status.NOT_A_CLAIM:
            continue
        position = len(claims)
        start, end, status = found_claim.start, found_claim.end, str(found_claim.status)
        claims.append(
            (
                start,
                end,
                found_claim.paragraph,
                None if text[start:end] == found_claim.text else found_claim.text,
                status,
                found_claim.reason,
                PRIORITY_BY_STATUS.get(status, 3),
            )
        )
        seen: set[int] = set()
        for attribution in found_claim.attributions:
            cue, source, content = attribution.cue, attribution.source, attribution.content
            source_id = attribution.source_id
            attributions.append(
                (
                    position,
                    str(attribution.kind),
                    record_of.get(source_id) if source_id is not None else None,
                    *_span(cue, text),
                    *_span(source, text),
                    None if content is None else content.start,
                    None if content is None else content.end,
                )
            )
            if source_id is not None and source_id not in seen:
                seen.add(source_id)
                backed[source_id] = backed.get(source_id, 0) + 1

    appearances: dict[int, list] = {}  # record: its descriptor, affiliation, identifiable, claims backed
    for found in analysis.sources:
        record = record_of[found.id]
        appearance = appearances.get(record)
        descriptor, affiliation = _clipped(found.descriptor), _clipped(found.affiliation)
        if appearance is None:
            appearance = appearances[record] = [descriptor, affiliation, bool(found.identifiable), 0]
        else:
            appearance[0] = appearance[0] or descriptor
            appearance[1] = appearance[1] or affiliation
            appearance[2] = appearance[2] or bool(found.identifiable)
        appearance[3] += backed.get(found.id, 0)
    return StoredAnalysis(
        text, digest, claims, attributions, sources, [tuple(appearances[r]) for r in range(len(sources))],
        analysis.language,
    )


def _clipped(value: str | None) -> str | None:
    """A descriptor or affiliation cut to its column; a cut one ends with an ellipsis."""
    if value is None or len(value) <= SOURCE_TEXT_MAX:
        return value
    return value[: SOURCE_TEXT_MAX - 1].rstrip() + "…"


def _span(span: Span | None, text: str) -> tuple[int | None, int | None, str | None]:
    """(start, end, text or None where it is text[start:end]) of a span, (None, None, None) without one."""
    if span is None:
        return None, None, None
    start, end = span.start, span.end
    return start, end, None if text[start:end] == span.text else span.text


def store_analysis(article: Article, analysis: Analysis | StoredAnalysis) -> None:
    """Write the analysis results (claims, sources, attributions) of a new article, then flush."""
    if not isinstance(analysis, StoredAnalysis):
        analysis = storable(analysis, article.content_hash)
    store_analyses([(article, analysis)])


def store_analyses(pairs: Sequence[tuple[Article, StoredAnalysis]]) -> None:
    """Write the analysis results of new articles (added to the session, not yet flushed).

    The rows go in a few statements per batch whatever its size (``_insert_many``: the driver's executemany,
    COPY on PostgreSQL), instead of one ORM unit-of-work INSERT per object (see docs/performance.md).
    """
    for article, analysis in pairs:
        article.claim_count = len(analysis.claims)
        article.language = analysis.language
    db.session.flush()  # the articles' ids

    connection = db.session.connection()
    source_ids = _get_or_create_sources([analysis for _, analysis in pairs], connection)
    claims = Claim.__table__
    to_date = _bind_processor(claims.c.article_date, connection)
    claim_rows: list[tuple] = []
    for article, analysis in pairs:
        article_id, text, day = article.id, analysis.text, to_date(article_date(article))
        claim_rows.extend(
            (
                article_id,
                position,
                start,
                end,
                paragraph,
                text[start:end] if claim_text is None else claim_text,
                status,
                reason,
                "new",
                priority,
                day,
                1,
                status,
            )
            for position, (start, end, paragraph, claim_text, status, reason, priority) in enumerate(analysis.claims)
        )
    claim_ids: Sequence[int] = []
    if claim_rows:
        # executemany, then one SELECT for the ids: RETURNING in parameter order makes SQLite insert
        # row by row.
        _insert_many(connection, claims, _CLAIM_COLUMNS, claim_rows)
        claim_ids = db.session.scalars(
            select(claims.c.id)
            .where(claims.c.article_id.in_([article.id for article, _ in pairs]))
            .order_by(claims.c.article_id, claims.c.position)
        ).all()
    first_claim: dict[int, int] = {}  # article id: index of its first claim in claim_ids
    offset = 0
    for article, analysis in sorted(pairs, key=lambda pair: pair[0].id):
        first_claim[article.id] = offset
        offset += len(analysis.claims)

    to_bool = _bind_processor(ArticleSource.__table__.c.is_identifiable, connection)
    attribution_rows: list[tuple] = []
    appearance_rows: list[tuple] = []
    for (article, analysis), ids in zip(pairs, source_ids, strict=True):
        text, first = analysis.text, first_claim[article.id]
        attribution_rows.extend(
            (
                claim_ids[first + position],
                kind,
                None if record is None else ids[record],
                cue_start,
                cue_end,
                text[cue_start:cue_end] if cue_text is None and cue_start is not None else cue_text,
                source_start,
                source_end,
                text[source_start:source_end] if source_text is None and source_start is not None else source_text,
                content_start,
                content_end,
            )
            for (
                position,
                kind,
                record,
                cue_start,
                cue_end,
                cue_text,
                source_start,
                source_end,
                source_text,
                content_start,
                content_end,
            ) in analysis.attributions
        )
        article_id = article.id
        appearance_rows.extend(
            (article_id, source_id, descriptor, affiliation, to_bool(identifiable), claim_count)
            for source_id, (descriptor, affiliation, identifiable, claim_count) in zip(
                ids, analysis.appearances, strict=True
            )
        )
    if attribution_rows:
        _insert_many(connection, Attribution.__table__, _ATTRIBUTION_COLUMNS, attribution_rows)
    if appearance_rows:
        _insert_many(connection, ArticleSource.__table__, _APPEARANCE_COLUMNS, appearance_rows)
    # A person the registry already verified makes the new claims quoting them sourced.
    refresh_statuses(Claim.article_id.in_([article.id for article, _ in pairs]))


# The columns store_analyses writes, in the order of its rows (the claims' defaults: review_state "new",
# version_id 1, written out).
_CLAIM_COLUMNS = (
    "article_id",
    "position",
    "start",
    "end",
    "paragraph",
    "text",
    "status",
    "reason",
    "review_state",
    "priority",
    "article_date",
    "version_id",
    "effective_status",  # the automatic status until refresh_statuses, below, applies identity checks
)
_ATTRIBUTION_COLUMNS = (
    "claim_id",
    "kind",
    "source_id",
    "cue_start",
    "cue_end",
    "cue_text",
    "source_start",
    "source_end",
    "source_text",
    "content_start",
    "content_end",
)
_APPEARANCE_COLUMNS = ("article_id", "source_id", "descriptor", "affiliation", "is_identifiable", "claim_count")


def _bind_processor(column, connection) -> Callable:
    """The function SQLAlchemy applies to the column's values for this database (else identity)."""
    dialect = connection.dialect
    return column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value)


def _insert_many(connection, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert positional rows (values already in the driver's types) in one statement for all of them,
    straight to the database driver: SQLAlchemy's per-row parameter processing cost the importing process
    about as much CPU as the database's own work (docs/performance.md). PostgreSQL (psycopg) takes them by
    COPY, a fifth of executemany's time and a tenth of its CPU; others by the driver's executemany.

    Listeners of ``before_cursor_execute`` see the statement as for any other; a driver error is raised as
    SQLAlchemy's (``DBAPIError``), like any statement's.
    """
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names = f"{quote(table.name)} ({', '.join(quote(column) for column in columns)})"
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        statement = f"COPY {names} FROM STDIN"
        cursor = connection.connection.driver_connection.cursor()
        try:
            for listener in connection.dispatch.before_cursor_execute:
                statement, rows = listener(connection, cursor, statement, rows, None, True)
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except dialect.loaded_dbapi.Error as error:
            raise DBAPIError.instance(statement, None, error, dialect.loaded_dbapi.Error) from error
        finally:
            cursor.close()
        return
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
    # Table and column names come from the metadata, quoted by the dialect; every value is a bound parameter.
    statement = f"INSERT INTO {names} VALUES ({', '.join([marker] * len(columns))})"  # noqa: S608  # nosec B608
    connection.exec_driver_sql(statement, rows)


def source_key(name: str, source_type: str, digest: str) -> str:
    """The registry key: the normalised name; unnamed groups are only one entity within an article (the
    article's content hash is ``digest``)."""
    key = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    key = _LEADING_ARTICLE.sub("", key)  # "the Kremlin" and "Kremlin" are one source
    if source_type == SourceType.GROUP:
        key = f"{digest[:16]}:{key}"
    return key[:SOURCE_TEXT_MAX]


def _get_or_create_sources(analyses: Sequence[StoredAnalysis], connection) -> list[list[int]]:
    """Registry ids of each analysis's sources, in order: one SELECT for those already known, one INSERT
    for the new ones, for the whole batch (a new record takes the name of its first mention in the batch)."""
    wanted: dict[tuple[str, str], str] = {}
    for analysis in analyses:
        for key, source_type, name in analysis.sources:
            wanted.setdefault((key, source_type), name)
    if not wanted:
        return [[] for _ in analyses]
    table = Source.__table__
    keys = sorted({key for key, _ in wanted})
    if connection.dialect.name == "postgresql":
        # One array parameter: an IN list of a batch's thousand keys cost more CPU to render and parse than
        # the lookup itself.
        condition = table.c.key == any_(bindparam("keys", keys, type_=ARRAY(table.c.key.type)))
    else:
        condition = table.c.key.in_(keys)
    lookup = select(table.c.id, table.c.key, table.c.type).where(condition)

    def known() -> dict[tuple[str, str], int]:
        return {(key, kind): source_id for source_id, key, kind in db.session.execute(lookup)}

    ids = known()
    created_at = _bind_processor(table.c.created_at, connection)(utcnow())
    missing = [
        (key, name, source_type, created_at, 1)
        for (key, source_type), name in wanted.items()
        if (key, source_type) not in ids
    ]
    if missing:
        _insert_many(connection, table, ("key", "name", "type", "created_at", "version_id"), missing)
        ids = known()
    return [[ids[key, source_type] for key, source_type, _ in analysis.sources] for analysis in analyses]
