"""What the public reads: published fact-checks (the archive, the feed, the sitemap, the API), each at one
address for its whole life, and the corrections a fact-check went through.

Only revisions that were made public are read here: the one published now, and the earlier ones it superseded
(they were public until corrected, and a correction notice names their rating). Drafts, proposals and returned
work never are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from factcheck.extensions import db
from factcheck.reports.queries import (
    VerdictRecord,
    as_utc,
    day_bounds,
    first_published_by_claim,
    live_evidence,
    rating_scale_best,
    record_from_verdict,
    record_loads,
)
from factcheck.review.models import Rating, Verdict, VerdictState

# Revisions that were public: the one published now and the ones its corrections superseded.
MADE_PUBLIC = (VerdictState.PUBLISHED.value, VerdictState.SUPERSEDED.value)
# A sitemap file lists at most this many addresses (sitemaps.org).
SITEMAP_MAX_URLS = 50_000


def fact_check_url(claim_id: int) -> str:
    """The public address of a claim's fact-check, from ``PUBLIC_BASE_URL``: the same through every correction.

    Built from configuration rather than the request so that the CLI and the web write the same links.
    """
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/fact-checks/{claim_id}"


def public_base_url(path: str = "") -> str:
    """An address on the public site (``PUBLIC_BASE_URL`` + ``path``)."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


@dataclass(frozen=True, slots=True)
class PublishedFilter:
    """Which published fact-checks a list shows: a rating; those published or corrected on a range of days;
    (for the API) those published or corrected at or after ``since``."""

    rating_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    since: datetime | None = None


def published_statement(chosen: PublishedFilter) -> Select:
    """Published fact-checks (one per claim: its published revision), the latest publication or correction
    first (``ix_verdict_state_published_at``); the claim id breaks ties.

    A range of days keeps a fact-check when any of its public revisions was published in it: its first
    publication or one of its corrections.
    """
    statement = select(Verdict).where(Verdict.state == VerdictState.PUBLISHED.value)
    if chosen.rating_id is not None:
        statement = statement.where(Verdict.rating_id == chosen.rating_id)
    start, end = day_bounds(chosen.date_from, chosen.date_to)
    if start is not None or end is not None:
        # Not correlated: the claims published in the range are found once, not once per listed row.
        published_in_range = select(Verdict.claim_id).where(Verdict.state.in_(MADE_PUBLIC))
        if start is not None:
            published_in_range = published_in_range.where(Verdict.published_at >= start)
        if end is not None:
            published_in_range = published_in_range.where(Verdict.published_at < end)
        statement = statement.where(Verdict.claim_id.in_(published_in_range))
    if chosen.since is not None:
        statement = statement.where(Verdict.published_at >= chosen.since)
    return statement.order_by(Verdict.published_at.desc(), Verdict.claim_id.desc()).options(*record_loads())


def records_of(verdicts: Sequence[Verdict]) -> list[VerdictRecord]:
    """Published verdicts as records with their public addresses, first publication and evidence."""
    evidence = live_evidence(verdicts)
    first = first_published_by_claim([verdict.claim_id for verdict in verdicts])
    best = rating_scale_best()
    return [
        record_from_verdict(
            verdict,
            evidence.get(verdict.claim_id, []),
            best,
            fact_check_url(verdict.claim_id),
            first.get(verdict.claim_id),
        )
        for verdict in verdicts
    ]


def published_record(claim_id: int) -> VerdictRecord | None:
    """The fact-check of one claim as the public sees it (None: nothing published)."""
    verdict = db.session.scalar(
        select(Verdict)
        .where(Verdict.claim_id == claim_id, Verdict.state == VerdictState.PUBLISHED.value)
        .options(*record_loads())
    )
    return records_of([verdict])[0] if verdict is not None else None


@dataclass(slots=True)
class Correction:
    """One published correction: when, the rating before and after, and what it changed."""

    published_at: datetime
    earlier_rating: str | None
    rating: str | None
    # "the rating", "the claim summary", "the rationale", "the evidence", "who made the claim", "the sourcing"
    changed: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """What changed, in words: "the rating and the rationale"."""
        if not self.changed:
            return "it, leaving the rating, the claim summary, the rationale and the evidence as they were"
        if len(self.changed) == 1:
            return self.changed[0]
        return ", ".join(self.changed[:-1]) + " and " + self.changed[-1]


def corrections(claim_id: int) -> list[Correction]:
    """The corrections of a claim's fact-check, newest first: each publication after the first, compared with
    the revision it replaced."""
    revisions = db.session.scalars(
        select(Verdict)
        .where(Verdict.claim_id == claim_id, Verdict.state.in_(MADE_PUBLIC), Verdict.published_at.is_not(None))
        .order_by(Verdict.published_at, Verdict.revision)
        .options(selectinload(Verdict.rating))
    ).all()
    found = []
    for earlier, later in pairwise(revisions):
        earlier_rating = earlier.rating.name if earlier.rating is not None else None
        rating = later.rating.name if later.rating is not None else None
        changed = []
        if earlier_rating != rating:
            changed.append("the rating")
        if earlier.summary != later.summary:
            changed.append("the claim summary")
        if earlier.rationale != later.rationale:
            changed.append("the rationale")
        # What each approval kept of the claim (review.operations.approve_verdict); older revisions kept none.
        before, after = earlier.published_content, later.published_content
        if before is not None and after is not None:
            for key, words in (
                ("evidence", "the evidence"),
                ("claimants", "who made the claim"),
                ("sourcing_status", "the sourcing"),
            ):
                if before[key] != after[key]:
                    changed.append(words)
        published_at = as_utc(later.published_at)
        assert published_at is not None  # selected above
        found.append(Correction(published_at, earlier_rating, rating, changed))
    found.reverse()
    return found


def published_verdict_claim(verdict_id: int) -> int | None:
    """The claim whose fact-check a verdict revision's old address (``/verdicts/<id>``) belongs to: any revision
    that was made public; None for drafts, proposals, returned work and unknown ids."""
    return db.session.scalar(select(Verdict.claim_id).where(Verdict.id == verdict_id, Verdict.state.in_(MADE_PUBLIC)))


def sitemap_entries() -> Iterator[tuple[str, datetime | None]]:
    """(address, last change) of every published fact-check, latest change first, up to ``SITEMAP_MAX_URLS``."""
    rows = db.session.execute(
        select(Verdict.claim_id, Verdict.published_at)
        .where(Verdict.state == VerdictState.PUBLISHED.value)
        .order_by(Verdict.published_at.desc(), Verdict.claim_id.desc())
        .limit(SITEMAP_MAX_URLS - 1)  # the archive's own address is the first entry
        .execution_options(yield_per=1000)
    )
    for claim_id, published_at in rows:
        yield fact_check_url(claim_id), as_utc(published_at)


def ratings_on_the_scale() -> list[tuple[int, str]]:
    """Every rating (id, name) in the scale's order, retired ones too: older fact-checks may carry them."""
    rows = db.session.execute(select(Rating.id, Rating.name).order_by(Rating.sort_order, Rating.id))
    return [(rating_id, name) for rating_id, name in rows]
