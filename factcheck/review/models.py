"""Ratings (the scale, kept as data), verdicts with their revisions, and the review states of a claim."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.db import utcnow
from factcheck.extensions import Model
from factcheck.vocabulary import ReviewState, VerdictState, one_of

__all__ = ["SUMMARY_MAX", "Rating", "ReviewState", "Verdict", "VerdictState"]

SUMMARY_MAX = 75  # ClaimReview's claimReviewed is meant to be short; 75 characters is the newsroom norm


class Rating(Model):
    """One step of the rating scale. ``position`` feeds ClaimReview's numeric rating where it makes sense."""

    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    position: Mapped[int | None] = mapped_column(Integer)  # 1 (worst) .. best; None: not on the scale
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    requires_evidence: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Verdict(Model):
    """A revision of a claim's verdict. Published ones stay public until a newer revision is approved."""

    __tablename__ = "verdict"
    __table_args__ = (
        UniqueConstraint("claim_id", "revision"),
        CheckConstraint(one_of("state", VerdictState), name="state"),
        Index("ix_verdict_state_submitted_at", "state", "submitted_at"),
        # The public lists: published revisions, latest publication first (reports.published, migration 0013).
        Index("ix_verdict_state_published_at", "state", "published_at", "claim_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(12), default=VerdictState.DRAFT.value)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("rating.id"))
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX), default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    editor_comment: Mapped[str | None] = mapped_column(Text)
    # What the fact-check showed of its claim when an editor approved it (reports.queries.published_content:
    # the sources it names, the evidence and the sourcing status). Public pages and exports read this, never
    # the claim's live rows, so nothing changes in public without an editor's approval.
    published_content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    claim: Mapped[Claim] = relationship()
    rating: Mapped[Rating | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy's declarative API
