"""A claim (one sentence of an article) and the attributions the analysis found in it.

The claim carries its automatic sourcing status, a reviewer's correction of it, the effective status that
results (kept current by ``claims.status``) and its place in the review queue.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.extensions import Model
from factcheck.vocabulary import ReviewState, one_of

if TYPE_CHECKING:
    from factcheck.articles.models import Article
    from factcheck.auth.models import User
    from factcheck.sources.models import Source


def _automatic_status(context) -> str:
    """A new claim's effective status until ``refresh_statuses`` computes it: the automatic one."""
    return context.get_current_parameters()["status"]


class Claim(Model):
    """One sentence of an article that asserts something, with its automatic sourcing status and the
    effective one (corrections and identity checks applied)."""

    __tablename__ = "claim"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        Index("ix_claim_article_start", "article_id", "start"),
        Index("ix_claim_queue", "review_state", "priority", "id"),
        # The queue pages: assignee (NULL: unassigned) and state, then the queue order (see review.queries).
        Index("ix_claim_queue_order", "assignee_id", "review_state", "priority", "article_date", "article_id", "id"),
        Index("ix_claim_assignee_state", "assignee_id", "review_state"),
        CheckConstraint(one_of("review_state", ReviewState), name="review_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order within the article, from 0
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The editorial review queue.
    review_state: Mapped[str] = mapped_column(String(12), default="new", server_default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    priority: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # The article's date (publication, else the day it was added), copied here so the queue's order
    # (priority, then newest article) is served by one index on the claim table.
    article_date: Mapped[date] = mapped_column(Date)
    # A reviewer's correction of the automatic sourcing; the automatic result stays beside it.
    corrected_status: Mapped[str | None] = mapped_column(String(20))
    corrected_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    corrected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The status to act on and show everywhere: a reviewer's correction wins, and a claim flagged
    # unverified_named counts as sourced once every named person it rests on is verified. Stored, and kept
    # current by claims.status.refresh_statuses in the transaction that changes any of its inputs.
    effective_status: Mapped[str] = mapped_column(String(20), index=True, default=_automatic_status)
    version_id: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    article: Mapped[Article] = relationship(back_populates="claims")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    corrected_by: Mapped[User | None] = relationship(foreign_keys=[corrected_by_id])
    corrected_source: Mapped[Source | None] = relationship(foreign_keys=[corrected_source_id])
    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="claim", order_by="Attribution.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy's declarative API

    @property
    def status_reason(self) -> str:
        """Why the claim has its effective status."""
        if self.corrected_status:
            return f"Corrected by a reviewer: {self.correction_reason or 'no reason given'}"
        if self.effective_status != self.status:
            return "Every named person it rests on has been verified by an identity check."
        return self.reason

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.status} {self.text[:40]!r}>"


class Attribution(Model):
    """One attribution found in a claim: cue, source and content as offsets into the article text."""

    __tablename__ = "attribution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    content_start: Mapped[int | None] = mapped_column(Integer)
    content_end: Mapped[int | None] = mapped_column(Integer)
    source_text: Mapped[str | None] = mapped_column(Text)
    cue_text: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="attributions")
    source: Mapped[Source | None] = relationship()
