"""Shared helpers for the review-workflow tests (plain functions; fixtures live in conftest)."""

from __future__ import annotations

from sqlalchemy import select

from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.evidence.operations import EvidenceInput, add_evidence
from factcheck.extensions import db
from factcheck.review.models import Rating


def user(user_id: int) -> User:
    """The user, loaded in the current session."""
    return db.session.get(User, user_id)


def rating(name: str) -> Rating:
    """A rating of the default scale by name."""
    return db.session.scalar(select(Rating).where(Rating.name == name))


def chambers_claim(article_id: int) -> Claim:
    """The demo article's Robert Chambers quote."""
    return db.session.scalar(
        select(Claim).where(Claim.article_id == article_id, Claim.text.contains("Robert Chambers"))
    )


def some_evidence(claim: Claim, author: User, stance: str = "refutes"):
    """Attach one evidence item."""
    return add_evidence(
        claim,
        author,
        EvidenceInput(url="https://example.org/report", title="Official report", stance=stance, kind="primary"),
    )
