"""Articles as the user gave them; their claims live in ``factcheck.claims``."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.analysis import language
from factcheck.db import utcnow
from factcheck.extensions import Model

if TYPE_CHECKING:
    from factcheck.auth.models import User
    from factcheck.claims.models import Claim
    from factcheck.sources.models import ArticleSource


class Article(Model):
    """A news article as the user gave it (after HTML reduction), split into claims."""

    __tablename__ = "article"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the normalised text: the same article pasted twice is one article.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Claims are fixed at ingestion (and by a re-analysis), so the list page reads the count instead of
    # counting rows.
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    # The ISO 639-1 code of the language the analysis found ("en"); only supported languages are analysed.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    created_by: Mapped[User | None] = relationship()
    claims: Mapped[list[Claim]] = relationship(
        back_populates="article", order_by="Claim.position", cascade="all, delete-orphan"
    )
    sources: Mapped[list[ArticleSource]] = relationship(back_populates="article", cascade="all, delete-orphan")

    @property
    def is_analysed(self) -> bool:
        """Whether the sourcing analysis supports the article's language (else its claims are not_analysed)."""
        return self.language in language.SUPPORTED

    @property
    def language_name(self) -> str:
        """The article's language in English words ("German")."""
        return language.name(self.language)

    @staticmethod
    def newest_first():
        """Statement listing articles, newest first (stable on ties)."""
        return select(Article).order_by(Article.created_at.desc(), Article.id.desc())

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.title!r}>"
