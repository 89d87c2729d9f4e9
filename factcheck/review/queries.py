"""Statements behind the queue pages: filters, priority order, stable pagination."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from factcheck.articles.models import Article, Claim
from factcheck.review.models import ReviewState, Verdict, VerdictState


@dataclass(slots=True)
class QueueFilters:
    """What the filter form on a queue page asks for."""

    article_id: int | None = None
    state: str | None = None
    status: str | None = None
    rating_id: int | None = None
    assignee_id: int | None = None


def claim_queue(filters: QueueFilters, *, assignee_id: int | None = None, unassigned: bool = False) -> Select:
    """Claims in priority order (unverified_named, anonymous, hedged, unattributed, then sourced), then the
    newest article first; the claim id last keeps the order stable across pages."""
    query = (
        select(Claim)
        .join(Article, Claim.article_id == Article.id)
        .options(selectinload(Claim.article), selectinload(Claim.assignee))
        .order_by(
            Claim.priority,
            Article.published_on.desc().nulls_last(),
            Article.id.desc(),
            Claim.position,
            Claim.id,
        )
    )
    if unassigned:
        query = query.where(Claim.assignee_id.is_(None), Claim.review_state == ReviewState.NEW)
    if assignee_id is not None:
        query = query.where(Claim.assignee_id == assignee_id)
    if filters.assignee_id is not None:
        query = query.where(Claim.assignee_id == filters.assignee_id)
    if filters.article_id is not None:
        query = query.where(Claim.article_id == filters.article_id)
    if filters.state:
        query = query.where(Claim.review_state == filters.state)
    if filters.status:
        query = query.where(func.coalesce(Claim.corrected_status, Claim.status) == filters.status)
    if filters.rating_id is not None:
        query = query.where(
            exists().where(
                Verdict.claim_id == Claim.id,
                Verdict.rating_id == filters.rating_id,
                Verdict.state != VerdictState.SUPERSEDED,
            )
        )
    return query


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
    if filters.status:
        query = query.where(func.coalesce(Claim.corrected_status, Claim.status) == filters.status)
    if filters.rating_id is not None:
        query = query.where(Verdict.rating_id == filters.rating_id)
    if filters.assignee_id is not None:
        query = query.where(Claim.assignee_id == filters.assignee_id)
    return query
