"""ExternalFactCheck: another fact-checker's verdict on a claim, imported from its ClaimReview."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import utcnow
from factcheck.extensions import Model


class ExternalFactCheck(Model):
    """A fact-check published elsewhere: who published it, the claim and its claimant, the rating as published
    and, when the rating is a number on a stated scale, that number as a score from 0 (worst) to 1 (best).

    ``score_per_mille`` is 0 to 1000 (the parser's ``normalised_score`` guarantees it).

    The same fact-check is stored once: ``review_url`` is unique, and a fact-check without one is the same as
    another of the same publisher and claim text (``claim_key``, set only then, is unique).
    """

    __tablename__ = "external_fact_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    publisher_name: Mapped[str] = mapped_column(String(300))
    publisher_url: Mapped[str | None] = mapped_column(String(2000))
    review_url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    claim_text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the folded publisher name and claim text (factchecks.parse.FactCheckData.claim_key); only for
    # a fact-check without a review URL, so NULLs leave the others free.
    claim_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    claimant: Mapped[str | None] = mapped_column(Text)
    claim_date: Mapped[date | None] = mapped_column(Date)
    rating: Mapped[str] = mapped_column(Text)
    # The score in thousandths (0 to 1000), a whole number: the dump and restore's checks know whole numbers
    # (factcheck.backup.dumpfile), and three digits tell every published scale's steps apart.
    score_per_mille: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(35))
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def score(self) -> float | None:
        """The rating on its stated scale, from 0 (the worst rating) to 1 (the best); None for a textual rating."""
        return None if self.score_per_mille is None else self.score_per_mille / 1000

    def __repr__(self) -> str:
        return f"<ExternalFactCheck {self.id} {self.publisher_name!r} {self.rating!r}>"
