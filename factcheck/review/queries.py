"""Statements behind the queue pages: filters, priority order, keyset pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, tuple_
from sqlalchemy.orm import selectinload

from factcheck.articles.models import Article
from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review.models import ReviewState, Verdict, VerdictState
from factcheck.vocabulary import CURRENT_VERDICT_STATES


@dataclass(slots=True)
class QueueFilters:
    """What the filter form on a queue page asks for."""

    article_id: int | None = None
    article_text: str | None = None  # in the article's title or outlet, case aside
    state: str | None = None
    status: str | None = None
    rating_id: int | None = None
    assignee_id: int | None = None


def articles_named(text: str) -> Select:
    """The ids of the articles whose title or outlet holds ``text`` (case aside; ``%`` and ``_`` are plain)."""
    wanted = text.strip().lower()
    return select(Article.id).where(
        or_(
            func.lower(Article.title).contains(wanted, autoescape=True),
            func.lower(Article.outlet).contains(wanted, autoescape=True),
        )
    )


def recent_article_titles(limit: int = 100) -> Select:
    """The newest articles' titles, for the filter's type-ahead list."""
    return select(Article.title).order_by(Article.created_at.desc(), Article.id.desc()).limit(limit)


def claim_queue(
    filters: QueueFilters,
    *,
    viewer: User | None = None,
    assignee_id: int | None = None,
    unassigned: bool = False,
) -> Select:
    """Claims in priority order (review.models.PRIORITY_BY_STATUS of the effective status), then the newest
    article first (its publication date, else the day it was added; the later-added article first on the same
    day), then in the article's order.

    The rating filter reads only the verdicts ``viewer`` may read (``operations.may_see_unpublished``): a
    published one, or, for a reviewer, an unpublished one they wrote or on a claim assigned to them. Otherwise
    filtering by each rating in turn would tell another reviewer what a hidden draft says. Without a viewer
    (commands, tests) every verdict counts.
    """
    query = select(Claim).order_by(*QUEUE_ORDER)
    if unassigned:
        query = query.where(Claim.assignee_id.is_(None), Claim.review_state == ReviewState.NEW)
    if assignee_id is not None:
        query = query.where(Claim.assignee_id == assignee_id)
    if filters.assignee_id is not None:
        query = query.where(Claim.assignee_id == filters.assignee_id)
    if filters.article_id is not None:
        query = query.where(Claim.article_id == filters.article_id)
    if filters.article_text:
        query = query.where(Claim.article_id.in_(articles_named(filters.article_text)))
    if filters.state:
        query = query.where(Claim.review_state == filters.state)
    if filters.status:
        query = query.where(Claim.effective_status == filters.status)
    if filters.rating_id is not None:
        readable: list[ColumnElement[bool]] = [Verdict.state.in_(CURRENT_VERDICT_STATES)]
        if viewer is not None and not viewer.is_editor:
            readable.append(
                or_(
                    Verdict.state == VerdictState.PUBLISHED,
                    Verdict.author_id == viewer.id,
                    Claim.assignee_id == viewer.id,
                )
            )
        query = query.where(
            exists().where(Verdict.claim_id == Claim.id, Verdict.rating_id == filters.rating_id, *readable)
        )
    return query


# What a queue row shows, loaded for the whole page at once (its status is the stored effective_status).
QUEUE_ROW_OPTIONS = (
    selectinload(Claim.article).load_only(Article.id, Article.title, Article.published_on),
    selectinload(Claim.assignee),
)

# Claim ids follow the article's order (ingestion inserts claims by position), so the id orders the claims of
# one article. Every column is on the claim row: ix_claim_queue_order serves the order.
QUEUE_ORDER = (Claim.priority, Claim.article_date.desc(), Claim.article_id.desc(), Claim.id)


@dataclass(slots=True)
class QueueCursor:
    """Where a queue page starts: just after the claim with this sort key
    ("priority.article_date.article_id.id", the date as its proleptic ordinal)."""

    priority: int
    article_date: date
    article_id: int
    claim_id: int

    @classmethod
    def parse(cls, value: str | None) -> QueueCursor | None:
        """The cursor of an ``after`` argument, or None (first page) when absent or malformed."""
        try:
            priority, day, article_id, claim_id = (int(part) for part in (value or "").split("."))
            return cls(priority, date.fromordinal(day), article_id, claim_id)
        except (ValueError, OverflowError):
            return None

    @classmethod
    def of(cls, claim: Claim) -> QueueCursor:
        return cls(claim.priority, claim.article_date, claim.article_id, claim.id)

    def __str__(self) -> str:
        return f"{self.priority}.{self.article_date.toordinal()}.{self.article_id}.{self.claim_id}"


@dataclass(slots=True)
class KeysetPage:
    """One page of a keyset-paginated list: its rows and the cursor of the next page (None: the last)."""

    items: list
    after: str | None
    next_after: str | None


def claim_queue_page(query: Select, after: str | None, per_page: int) -> KeysetPage:
    """The page of ``claim_queue`` rows after the cursor ``after``: sort keys read by index ranges only, then
    the page's claims loaded at once.

    The order mixes directions (priority up, article down, claim up), which one row-value comparison cannot
    express; so the page is read in ranges that each follow ix_claim_queue_order: the rest of the cursor's
    article, then older articles of the same priority (date and article id compared as one row value), then
    the next priorities. Page 200 costs what page 1
    does, however long the queue.
    """
    cursor = QueueCursor.parse(after)
    keys = query.with_only_columns(Claim.priority, Claim.article_date, Claim.article_id, Claim.id)
    lowest = keys.with_only_columns(func.min(Claim.priority)).order_by(None)
    rows: list[QueueCursor] = []

    def take(statement: Select) -> None:
        rows.extend(QueueCursor(*row) for row in db.session.execute(statement.limit(per_page + 1 - len(rows))))

    if cursor is None:
        priority = db.session.scalar(lowest)
        if priority is None:
            return KeysetPage([], after=None, next_after=None)
        take(keys.where(Claim.priority == priority))
    else:
        priority = cursor.priority
        take(keys.where(Claim.priority == priority, Claim.article_id == cursor.article_id, Claim.id > cursor.claim_id))
        if len(rows) <= per_page:
            take(
                keys.where(
                    Claim.priority == priority,
                    tuple_(Claim.article_date, Claim.article_id) < tuple_(cursor.article_date, cursor.article_id),
                )
            )
    while len(rows) <= per_page:
        priority = db.session.scalar(lowest.where(Claim.priority > priority))
        if priority is None:
            break
        take(keys.where(Claim.priority == priority))
    wanted = [row.claim_id for row in rows[:per_page]]
    loaded = (
        {
            claim.id: claim
            for claim in db.session.scalars(select(Claim).where(Claim.id.in_(wanted)).options(*QUEUE_ROW_OPTIONS))
        }
        if wanted
        else {}
    )
    items = [loaded[claim_id] for claim_id in wanted]
    next_after = str(rows[per_page - 1]) if len(rows) > per_page else None
    return KeysetPage(items, after=str(cursor) if cursor else None, next_after=next_after)


def approval_queue(filters: QueueFilters) -> Select:
    """Proposed verdicts awaiting an editor, oldest proposal first."""
    query = (
        select(Verdict)
        .join(Claim, Verdict.claim_id == Claim.id)
        .where(Verdict.state == VerdictState.SUBMITTED)
        .options(
            selectinload(Verdict.claim).selectinload(Claim.article),
            selectinload(Verdict.author),
            selectinload(Verdict.rating),
        )
        .order_by(Verdict.submitted_at, Verdict.id)
    )
    if filters.article_id is not None:
        query = query.where(Claim.article_id == filters.article_id)
    if filters.article_text:
        query = query.where(Claim.article_id.in_(articles_named(filters.article_text)))
    if filters.status:
        query = query.where(Claim.effective_status == filters.status)
    if filters.rating_id is not None:
        query = query.where(Verdict.rating_id == filters.rating_id)
    if filters.assignee_id is not None:
        query = query.where(Claim.assignee_id == filters.assignee_id)
    return query
