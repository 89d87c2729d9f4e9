"""Evidence a reviewer attaches to a claim."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.db import utcnow
from factcheck.extensions import Model


class Stance(StrEnum):
    """What the evidence does to the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class EvidenceKind(StrEnum):
    """Primary (the record itself) or secondary (someone's account of it)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


class Evidence(Model):
    """A link, with what it says and how it bears on the claim. Withdrawn, never deleted."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint("stance IN ('supports', 'refutes', 'context')", name="stance"),
        CheckConstraint("kind IN ('primary', 'secondary')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column(Date)
    accessed_on: Mapped[date | None] = mapped_column(Date)
    excerpt: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    claim: Mapped[Claim] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy's declarative API

    @property
    def is_withdrawn(self) -> bool:
        """Withdrawn evidence stays in the history but no longer backs a verdict."""
        return self.withdrawn_at is not None
