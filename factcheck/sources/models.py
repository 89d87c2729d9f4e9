"""Sources (who a claim is attributed to), how each article presents them, and identity checks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
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

from factcheck.db import utcnow
from factcheck.extensions import Model
from factcheck.vocabulary import IdentityResult, one_of

if TYPE_CHECKING:
    from factcheck.articles.models import Article
    from factcheck.auth.models import User


class Source(Model):
    """A person, organisation, government, outlet or document, shared across articles.

    ``key`` is the normalised name (plus the article for unnamed groups such as "critics", which are
    not one entity across articles), so the same source found again links to the same record.
    """

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("key", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The newest identity check, kept on the source so every claim page and report reads it directly.
    identity_status: Mapped[str | None] = mapped_column(String(16))
    version_id: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    appearances: Mapped[list[ArticleSource]] = relationship(back_populates="source")
    checks: Mapped[list[IdentityCheck]] = relationship(
        back_populates="source", order_by="IdentityCheck.checked_at.desc()"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy's declarative API

    def __repr__(self) -> str:
        return f"<Source {self.id} {self.type} {self.name!r}>"


class ArticleSource(Model):
    """How one article presents a source: the descriptor and affiliation it gives, and the verdict."""

    __tablename__ = "article_source"
    __table_args__ = (
        UniqueConstraint("article_id", "source_id"),
        # The source registry's counts, aggregated from the index alone (sources.views.registry).
        Index("ix_article_source_registry", "source_id", "is_identifiable", "claim_count"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    descriptor: Mapped[str | None] = mapped_column(String(300))
    affiliation: Mapped[str | None] = mapped_column(String(300))
    is_identifiable: Mapped[bool] = mapped_column(Boolean)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)

    article: Mapped[Article] = relationship(back_populates="sources")
    source: Mapped[Source] = relationship(back_populates="appearances")


class IdentityCheck(Model):
    """A reviewer's check of who a source is. The newest check is the one that counts."""

    __tablename__ = "identity_check"
    __table_args__ = (CheckConstraint(one_of("result", IdentityResult), name="result"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    result: Mapped[str] = mapped_column(String(16))
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    note: Mapped[str] = mapped_column(Text, default="")
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    source: Mapped[Source] = relationship(back_populates="checks")
    checked_by: Mapped[User] = relationship()
