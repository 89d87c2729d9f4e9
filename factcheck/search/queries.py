"""Full-text search over the index of ``factcheck.search.index``: one ranked list of every kind, filtered,
with what the viewer may not read left out, a page at a time, and highlighted excerpts.

PostgreSQL reads the query with ``websearch_to_tsquery`` (quotes, ``or``, ``-word``), which takes any text.
SQLite's FTS5 has a strict syntax of its own, so the same web-search syntax is translated here
(``fts5_query``): every word becomes a quoted FTS5 string, so ``"``, ``*``, ``NEAR``, ``-`` or ``:`` typed
in a query are words or operators of ours, never FTS5 syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    String,
    and_,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import selectinload

from factcheck.articles.models import Article
from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Verdict, VerdictState
from factcheck.search.index import BY_KIND, PG_CONFIG, VECTOR_COLUMN, Searched
from factcheck.sources.models import Source
from factcheck.vocabulary import CURRENT_VERDICT_STATES

KINDS = tuple(BY_KIND)
KIND_NAMES = {
    "claim": "Claims",
    "verdict": "Verdicts",
    "evidence": "Evidence",
    "source": "Sources",
    "article": "Articles",
}
KIND_LABELS = {"claim": "Claim", "verdict": "Verdict", "evidence": "Evidence", "source": "Source", "article": "Article"}
QUERY_MAX = 500
# Around a match: private-use characters no stored text holds, replaced by <mark> after escaping.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 24


NOTHING_TO_SEARCH = (
    "There is nothing to search for in this: it has only very common words (such as “the” or “is”), only "
    "excluded ones, or no letters or digits. Add a word that says what you are looking for."
)


class SearchError(ValueError):
    """The query cannot be searched; the message says why and what to type instead."""


@dataclass(slots=True)
class SearchFilters:
    """What the search form asks for besides the query. A filter a kind does not have (a source has no
    status) leaves that kind out."""

    kind: str | None = None
    status: str | None = None
    rating_id: int | None = None
    review_state: str | None = None
    outlet: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(slots=True)
class Hit:
    """One result: what it is, its row, how well it matches and its passage around the matches (the
    database's markers around each match; ``excerpt`` is its HTML)."""

    kind: str
    id: int
    score: float
    row: object = None
    passage: str = ""

    @property
    def excerpt(self) -> Markup:
        """The passage as safe HTML, each match in <mark>."""
        return highlighted(self.passage)


@dataclass(slots=True)
class SearchPage:
    """One page of results: ``has_next`` says whether another page follows."""

    hits: list[Hit]
    page: int
    has_next: bool


# --- the query ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
# PostgreSQL's English stop words (the Snowball list its 'english' configuration drops), dropped from SQLite
# queries too, so that "the" alone is refused on both databases rather than matching every row on one.
_STOP_WORD_LIST = """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the and but if or because as until while
    of at by for with about against between into through during before after above below to from up down in out
    on off over under again further then once here there when where why how all any both each few more most
    other some such no nor not only own same so than too very s t can will just don should now"""
STOP_WORDS = frozenset(_STOP_WORD_LIST.split())


def fts5_query(query: str) -> str | None:
    """The FTS5 MATCH expression of a web-search query (None: nothing to look for).

    Words and "quoted phrases" must all match, ``or`` between two of them lets either, ``-word`` or
    ``-"a phrase"`` excludes. A word with punctuation inside ("U.S.-supplied") is the phrase of its parts, as
    the tokenizer indexed it; an unbalanced quote runs to the end.
    """
    required: list[str] = []
    excluded: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(query):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            pending_or = bool(required)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        words = _WORD.findall(phrase if phrase is not None else bare)
        if all(word.lower() in STOP_WORDS for word in words):
            continue
        term = '"' + " ".join(words) + '"'  # only letters and digits inside: no quote to escape
        if negated:
            excluded.append(term)
        elif pending_or:
            required[-1] = f"{required[-1]} OR {term}"
        else:
            required.append(term)
        pending_or = False
    if not required:
        return None
    expression = " AND ".join(f"({term})" for term in required)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _tsquery(query: str) -> ColumnElement:
    return func.websearch_to_tsquery(
        literal_column(f"'{PG_CONFIG}'::regconfig"), bindparam("q", query, type_=String), type_=TSQUERY
    )


def checked_query(query: str) -> str:
    """The query as it will be searched (trimmed), or SearchError saying why it cannot be."""
    query = " ".join(query.split())
    if not query:
        raise SearchError("Type a word or a phrase to search for.")
    if len(query) > QUERY_MAX:
        raise SearchError(f"The search is {len(query)} characters long; keep it under {QUERY_MAX}.")
    # The same words count on both databases: a query of stop words or excluded words only is refused (on
    # PostgreSQL "-word" alone would read every row but one), and so is one the English configuration
    # reduces to nothing.
    if fts5_query(query) is None or (_is_postgresql() and not db.session.scalar(select(func.numnode(_tsquery(query))))):
        raise SearchError(NOTHING_TO_SEARCH)
    return query


# --- matching rows of each kind -----------------------------------------------------------------------


def _fts(searched: Searched):
    return table(searched.fts_table, column("rowid"))


def matching(searched: Searched, query: str, id_column) -> tuple[Select, ColumnElement]:
    """The statement selecting ``searched``'s rows that match (joined to their table by ``id_column``) and
    the expression of their score (higher is better)."""
    if _is_postgresql():
        vector: ColumnElement = literal_column(f"{searched.table}.{VECTOR_COLUMN}")
        tsquery = _tsquery(query)
        score = cast(func.ts_rank(vector, tsquery), Float)
        return select().select_from(id_column.table).where(vector.op("@@")(tsquery)), score
    fts = _fts(searched)
    name: ColumnElement = literal_column(searched.fts_table)
    statement = (
        select()
        .select_from(fts)
        .join(id_column.table, id_column == fts.c.rowid)
        .where(name.op("MATCH")(bindparam("q", fts5_query(query), type_=String)))
    )
    return statement, cast(-func.bm25(name), Float)


def _day_range(column_, date_from: date | None, date_to: date | None) -> list[ColumnElement]:
    conditions = []
    if date_from:
        conditions.append(column_ >= date_from)
    if date_to:
        conditions.append(column_ <= date_to)
    return conditions


def _claim_conditions(filters: SearchFilters) -> list[ColumnElement]:
    """The claim-side filters (for claims, and for the verdicts and evidence on them)."""
    conditions: list[ColumnElement] = []
    if filters.status:
        conditions.append(Claim.effective_status == filters.status)
    if filters.review_state:
        conditions.append(Claim.review_state == filters.review_state)
    if filters.outlet:
        conditions.append(Claim.article_id.in_(select(Article.id).where(Article.outlet == filters.outlet)))
    conditions.extend(_day_range(Claim.article_date, filters.date_from, filters.date_to))
    return conditions


def readable_verdicts(viewer: User | None) -> ColumnElement:
    """The verdicts ``viewer`` may read (``review.operations.may_see_unpublished``): a published one; an
    unpublished one for editors, its author and the claim's assignee; every one without a viewer (the
    command line, run by whoever runs the server). Superseded and discarded revisions are history, not searched."""
    current = Verdict.state.in_(CURRENT_VERDICT_STATES)
    if viewer is None or viewer.is_editor:
        return current
    return and_(
        current,
        or_(Verdict.state == VerdictState.PUBLISHED, Verdict.author_id == viewer.id, Claim.assignee_id == viewer.id),
    )


def _kind_statement(kind: str, query: str, filters: SearchFilters, viewer: User | None) -> Select | None:
    """``kind``'s matching rows as (kind, id, score), or None when a filter leaves the kind out."""
    claim_side = bool(filters.status or filters.review_state)
    searched = BY_KIND[kind]
    if kind == "claim":
        if filters.rating_id is not None:
            return None
        statement, score = matching(searched, query, Claim.id)
        statement = statement.where(*_claim_conditions(filters))
        id_column = Claim.id
    elif kind == "verdict":
        statement, score = matching(searched, query, Verdict.id)
        statement = statement.join(Claim, Claim.id == Verdict.claim_id).where(
            readable_verdicts(viewer), *_claim_conditions(filters)
        )
        if filters.rating_id is not None:
            statement = statement.where(Verdict.rating_id == filters.rating_id)
        id_column = Verdict.id
    elif kind == "evidence":
        if filters.rating_id is not None:
            return None
        statement, score = matching(searched, query, Evidence.id)
        statement = statement.join(Claim, Claim.id == Evidence.claim_id).where(*_claim_conditions(filters))
        id_column = Evidence.id
    elif kind == "source":
        if claim_side or filters.rating_id is not None or filters.outlet or filters.date_from or filters.date_to:
            return None
        statement, score = matching(searched, query, Source.id)
        id_column = Source.id
    else:
        if claim_side or filters.rating_id is not None:
            return None
        statement, score = matching(searched, query, Article.id)
        if filters.outlet:
            statement = statement.where(Article.outlet == filters.outlet)
        if filters.date_from or filters.date_to:
            # The article's date: its publication, else the day it was added (as the queue's article_date).
            added: list[ColumnElement[bool]] = [Article.published_on.is_(None)]
            if filters.date_from:
                added.append(Article.created_at >= datetime.combine(filters.date_from, time(), UTC))
            if filters.date_to:
                added.append(Article.created_at < datetime.combine(filters.date_to + timedelta(days=1), time(), UTC))
            statement = statement.where(
                or_(and_(*_day_range(Article.published_on, filters.date_from, filters.date_to)), and_(*added))
            )
        id_column = Article.id
    # The kind is one of ours (BY_KIND), written into the SQL: PostgreSQL types a literal, not a parameter.
    return statement.add_columns(
        literal_column(f"'{kind}'", String).label("kind"), id_column.label("id"), score.label("score")
    )


def search(query: str, filters: SearchFilters, viewer: User | None, page: int = 1, per_page: int = 20) -> SearchPage:
    """The page ``page`` of what matches ``query`` (checked by ``checked_query``), best match first, each hit
    with its row and highlighted excerpt."""
    kinds = [filters.kind] if filters.kind in BY_KIND else list(KINDS)
    statements = [s for s in (_kind_statement(kind, query, filters, viewer) for kind in kinds) if s is not None]
    if not statements:
        return SearchPage([], page, has_next=False)
    every = union_all(*statements).subquery("hits")
    rows = db.session.execute(
        select(every.c.kind, every.c.id, every.c.score)
        .order_by(every.c.score.desc(), every.c.kind, every.c.id)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    hits = [Hit(kind, id_, score) for kind, id_, score in rows[:per_page]]
    _load(hits, query)
    return SearchPage(hits, page, has_next=len(rows) > per_page)


# --- what a page shows --------------------------------------------------------------------------------

MODELS: dict[str, Any] = {
    "claim": Claim,
    "verdict": Verdict,
    "evidence": Evidence,
    "source": Source,
    "article": Article,
}


def highlighted(excerpt: str) -> Markup:
    """The excerpt as HTML: its text escaped, and the database's match markers as <mark> elements (always in
    pairs, whatever the text holds)."""
    html = Markup()
    inside = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", excerpt):
        if part == MARK_START:
            inside = True
        elif part == MARK_END:
            inside = False
        elif part:
            html += Markup("<mark>{}</mark>").format(part) if inside else escape(part)
    return html


def excerpts(kind: str, query: str, ids: Sequence[int]) -> dict[int, str]:
    """The best passage of each row's searched text around the query's matches, markers around each match."""
    searched = BY_KIND[kind]
    model = MODELS[kind]
    if _is_postgresql():
        text = func.concat_ws(" … ", *(getattr(model, name) for name in searched.fields))
        options = (
            f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=8, MaxFragments=2, "
            'FragmentDelimiter=" … "'
        )
        statement = select(
            model.id, func.ts_headline(literal_column(f"'{PG_CONFIG}'::regconfig"), text, _tsquery(query), options)
        )
        return {row_id: excerpt for row_id, excerpt in db.session.execute(statement.where(model.id.in_(ids)))}
    fts = _fts(searched)
    name: ColumnElement = literal_column(searched.fts_table)
    statement = select(fts.c.rowid, func.snippet(name, -1, MARK_START, MARK_END, "…", SNIPPET_WORDS)).where(
        name.op("MATCH")(bindparam("q", fts5_query(query), type_=String)), fts.c.rowid.in_(ids)
    )
    return {row_id: excerpt for row_id, excerpt in db.session.execute(statement)}


def _load(hits: list[Hit], query: str) -> None:
    """Fill in each hit's row and excerpt, one statement per kind."""
    options = {
        "claim": [selectinload(Claim.article)],
        "verdict": [selectinload(Verdict.claim).selectinload(Claim.article), selectinload(Verdict.rating)],
        "evidence": [selectinload(Evidence.claim).selectinload(Claim.article)],
        "source": [],
        "article": [],
    }
    for kind in {hit.kind for hit in hits}:
        ids = [hit.id for hit in hits if hit.kind == kind]
        model = MODELS[kind]
        rows = {
            row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)).options(*options[kind]))
        }
        texts = excerpts(kind, query, ids)
        for hit in hits:
            if hit.kind == kind:
                hit.row = rows.get(hit.id)
                hit.passage = texts.get(hit.id, "")


def outlets() -> list[str]:
    """Every outlet an article names, in alphabetical order (the outlet filter's choices)."""
    return list(
        db.session.scalars(
            select(Article.outlet).where(Article.outlet.is_not(None)).distinct().order_by(Article.outlet)
        )
    )
