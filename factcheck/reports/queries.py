"""What the reports read: verdict records streamed in batches, and the sourcing of a set of articles.

Everything here streams: statements run with ``yield_per`` and each batch's related rows (claims, articles,
attributions, sources, users, evidence) come in one ``IN`` query per relation, so a report over 100,000
claims holds one batch in memory, never the whole report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, and_, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from factcheck.articles.models import Article
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import claim_sources
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Rating, Verdict, VerdictState
from factcheck.vocabulary import Status, counted

# The status of every claim of an article in a language the analysis does not support: its sourcing is unknown,
# not missing. Reports show it after the others (vocabulary.ANALYSED_STATUSES), and only where there is such a
# claim.
NOT_ANALYSED = Status.NOT_ANALYSED
BATCH_SIZE = 500
# A report heading names this many of its articles by title, then counts the rest.
NAMED_ARTICLES = 3


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Which claims a report covers: some articles and/or a date range; published work only unless internal."""

    article_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    internal: bool = False

    def describe(self) -> str:
        """A one-line human description, for report headings: the articles by their titles (“Budget passes”,
        “Mayor resigns” and 4 more articles), the date range."""
        parts = []
        if self.article_ids:
            parts.append(articles_by_title(self.article_ids))
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        return "; ".join(parts) or "all articles"


def articles_by_title(article_ids: Sequence[int]) -> str:
    """The articles, in the order given, by their titles in quotation marks; past ``NAMED_ARTICLES`` counted."""
    shown = list(article_ids[:NAMED_ARTICLES])
    titles = {
        row.id: row.title for row in db.session.execute(select(Article.id, Article.title).where(Article.id.in_(shown)))
    }
    names = [f"“{titles[i]}”" if i in titles else f"article {i} (no such article)" for i in shown]
    more = len(article_ids) - len(shown)
    if more:
        return f"{', '.join(names)} and {counted(more, 'more article')}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(slots=True)
class Claimant:
    """Who made a claim: a source's name and type (person, organisation, government, group, outlet, document)."""

    name: str
    type: str


@dataclass(slots=True)
class EvidenceItem:
    """One piece of (not withdrawn) evidence on a claim."""

    stance: str
    url: str
    title: str
    publisher: str | None = None
    kind: str | None = None
    published_on: date | None = None


@dataclass(slots=True)
class VerdictRecord:
    """One claim with its verdict, as every export writes it. Plain data: no ORM object inside."""

    verdict_id: int
    revision: int
    state: str
    claim_id: int
    claim_text: str
    claim_position: int
    article_id: int
    article_title: str
    article_outlet: str | None
    article_url: str | None
    article_published_on: date | None
    summary: str
    rating: str | None
    rating_value: int | None
    best_rating: int | None
    worst_rating: int | None
    rationale: str
    sourcing_status: str
    automatic_status: str
    claimants: list[Claimant] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    reviewer: str | None = None
    editor: str | None = None
    submitted_at: datetime | None = None
    published_at: datetime | None = None
    public_url: str | None = None
    # When the claim's fact-check was first published (``published_at`` is this revision's, the latest correction).
    first_published_at: datetime | None = None
    article_language: str | None = None  # ISO 639-1, as the analysis found it
    rating_description: str | None = None  # what the rating means on the scale


def as_utc(value: datetime | None) -> datetime | None:
    """The same instant in UTC; SQLite hands back naive datetimes, which are stored in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def day_bounds(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """The half-open UTC interval [from 00:00, the day after ``to`` 00:00) for a date range."""
    start = datetime.combine(date_from, time(), tzinfo=UTC) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time(), tzinfo=UTC) if date_to else None
    return start, end


def rating_scale_best() -> int | None:
    """The best position of the active rating scale (worst is 1), or None when no rating has a position."""
    return db.session.scalar(select(func.max(Rating.position)).where(Rating.is_active.is_(True)))


def verdict_statement(scope: ReportScope) -> Select:
    """Verdicts in scope, in article and claim order.

    Publication reports read each claim's published verdict (dated by ``published_at``); the internal
    report reads each claim's newest revision, whatever its state (dated by its latest date).
    """
    statement = select(Verdict).join(Claim, Claim.id == Verdict.claim_id)
    dated: SQLColumnExpression[datetime | None]
    if scope.internal:
        newest = (
            select(Verdict.claim_id, func.max(Verdict.revision).label("revision")).group_by(Verdict.claim_id).subquery()
        )
        statement = statement.join(
            newest, and_(newest.c.claim_id == Verdict.claim_id, newest.c.revision == Verdict.revision)
        )
        dated = func.coalesce(Verdict.published_at, Verdict.submitted_at, Verdict.created_at)
    else:
        statement = statement.where(Verdict.state == VerdictState.PUBLISHED.value)
        dated = Verdict.published_at
    if scope.article_ids:
        statement = statement.where(Claim.article_id.in_(scope.article_ids))
    start, end = day_bounds(scope.date_from, scope.date_to)
    if start is not None:
        statement = statement.where(dated >= start)
    if end is not None:
        statement = statement.where(dated < end)
    return statement.order_by(Claim.article_id, Claim.position, Verdict.id).options(*record_loads())


def record_loads() -> tuple[ORMOption, ...]:
    """The loader options a verdict statement needs for ``record_from_verdict``: its claim, article, sources,
    rating and people, one ``IN`` query per relation."""
    return (
        selectinload(Verdict.claim).options(
            selectinload(Claim.article).load_only(
                Article.id, Article.title, Article.outlet, Article.url, Article.published_on, Article.language
            ),
            selectinload(Claim.attributions).selectinload(Attribution.source),
            selectinload(Claim.corrected_source),
        ),
        selectinload(Verdict.rating),
        selectinload(Verdict.author),
        selectinload(Verdict.decided_by),
    )


def count_verdicts(scope: ReportScope) -> int:
    """How many records ``iter_verdict_records(scope)`` yields, counted in SQL."""
    inner = verdict_statement(scope).options().order_by(None).with_only_columns(Verdict.id).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


def live_evidence(verdicts: Sequence[Verdict]) -> dict[int, list[EvidenceItem]]:
    """The evidence ``record_from_verdict`` reads from the claims' rows: only for the verdicts no approval kept
    their content for (drafts, proposals, revisions published before that was kept); none is read otherwise."""
    claim_ids = [verdict.claim_id for verdict in verdicts if verdict.published_content is None]
    return evidence_by_claim(claim_ids) if claim_ids else {}


def evidence_by_claim(claim_ids: Sequence[int]) -> dict[int, list[EvidenceItem]]:
    """Not-withdrawn evidence of some claims, by claim id, oldest first."""
    rows = db.session.execute(
        select(
            Evidence.claim_id,
            Evidence.stance,
            Evidence.url,
            Evidence.title,
            Evidence.publisher,
            Evidence.kind,
            Evidence.published_on,
        )
        .where(Evidence.claim_id.in_(claim_ids), Evidence.withdrawn_at.is_(None))
        .order_by(Evidence.claim_id, Evidence.id)
    )
    found: dict[int, list[EvidenceItem]] = {}
    for claim_id, stance, url, title, publisher, kind, published_on in rows:
        found.setdefault(claim_id, []).append(EvidenceItem(stance, url, title, publisher, kind, published_on))
    return found


def published_content(claim: Claim) -> dict[str, Any]:
    """What a fact-check shows of its claim beyond the verdict's own text, as it stands now, in the JSON an
    approval keeps (``Verdict.published_content``): the sourcing status, the sources the claim rests on and
    the evidence not withdrawn."""
    return {
        "sourcing_status": claim.effective_status,
        "claimants": [{"name": source.name, "type": source.type} for source in claim_sources(claim)],
        "evidence": [
            {
                "stance": item.stance,
                "url": item.url,
                "title": item.title,
                "publisher": item.publisher,
                "kind": item.kind,
                "published_on": item.published_on.isoformat() if item.published_on else None,
            }
            for item in evidence_by_claim([claim.id]).get(claim.id, [])
        ],
    }


def _approved(content: dict[str, Any]) -> tuple[str, list[Claimant], list[EvidenceItem]]:
    """The sourcing status, claimants and evidence an approval kept."""
    return (
        content["sourcing_status"],
        [Claimant(item["name"], item["type"]) for item in content["claimants"]],
        [
            EvidenceItem(
                item["stance"],
                item["url"],
                item["title"],
                item["publisher"],
                item["kind"],
                date.fromisoformat(item["published_on"]) if item["published_on"] else None,
            )
            for item in content["evidence"]
        ],
    )


def first_published_by_claim(claim_ids: Sequence[int]) -> dict[int, datetime]:
    """When each of some claims' fact-check was first published (claims never published are left out)."""
    rows = db.session.execute(
        select(Verdict.claim_id, func.min(Verdict.published_at))
        .where(Verdict.claim_id.in_(claim_ids), Verdict.published_at.is_not(None))
        .group_by(Verdict.claim_id)
    )
    return {claim_id: published for claim_id, published in rows if published is not None}


def record_from_verdict(
    verdict: Verdict,
    evidence: list[EvidenceItem],
    best: int | None,
    public_url: str | None,
    first_published_at: datetime | None = None,
) -> VerdictRecord:
    """Copy what the exports need out of a loaded verdict (with its claim, article and sources).

    A verdict an editor approved shows its claim's sourcing, sources and evidence as they were at the
    approval (``published_content``), whatever has changed since; ``evidence`` is then not read. Other
    revisions (drafts, proposals) show them as they are now.

    ``first_published_at`` is the claim's first publication; None: this revision's own.
    """
    claim = verdict.claim
    if verdict.published_content is not None:
        status, claimants, evidence = _approved(verdict.published_content)
    else:
        status = claim.effective_status
        claimants = [Claimant(source.name, source.type) for source in claim_sources(claim)]
    article = claim.article
    rating = verdict.rating
    value = rating.position if rating is not None else None
    return VerdictRecord(
        verdict_id=verdict.id,
        revision=verdict.revision,
        state=verdict.state,
        claim_id=claim.id,
        claim_text=claim.text,
        claim_position=claim.position,
        article_id=article.id,
        article_title=article.title,
        article_outlet=article.outlet,
        article_url=article.url,
        article_published_on=article.published_on,
        summary=verdict.summary,
        rating=rating.name if rating is not None else None,
        rating_value=value,
        best_rating=best if value is not None else None,
        worst_rating=1 if value is not None else None,
        rationale=verdict.rationale,
        sourcing_status=status,
        automatic_status=claim.status,
        claimants=claimants,
        evidence=evidence,
        reviewer=verdict.author.public_name if verdict.author is not None else None,
        editor=verdict.decided_by.public_name if verdict.decided_by is not None else None,
        submitted_at=as_utc(verdict.submitted_at),
        published_at=as_utc(verdict.published_at),
        public_url=public_url if verdict.state == VerdictState.PUBLISHED.value else None,
        first_published_at=as_utc(first_published_at or verdict.published_at),
        article_language=article.language,
        rating_description=rating.description if rating is not None else None,
    )


def iter_verdict_records(
    scope: ReportScope, public_url_for=None, batch_size: int = BATCH_SIZE
) -> Iterator[VerdictRecord]:
    """Stream the scope's verdict records, one batch of rows in memory at a time.

    ``public_url_for(claim_id)`` gives the public address of a claim's fact-check (None: no address).
    """
    best = rating_scale_best()
    result = db.session.execute(verdict_statement(scope).execution_options(yield_per=batch_size))
    for batch in result.scalars().partitions():
        evidence = live_evidence(batch)
        first = first_published_by_claim([verdict.claim_id for verdict in batch])
        for verdict in batch:
            url = public_url_for(verdict.claim_id) if public_url_for is not None else None
            yield record_from_verdict(
                verdict, evidence.get(verdict.claim_id, []), best, url, first.get(verdict.claim_id)
            )
        # Let the identity map drop the batch: the session holds its objects weakly once unreferenced.
        del batch


def claims_statement(article_ids: Sequence[int] | None) -> Select:
    """Claims of some articles (all when None), in article and position order, with their sources loaded."""
    statement = select(Claim).order_by(Claim.article_id, Claim.position)
    if article_ids is not None:
        statement = statement.where(Claim.article_id.in_(article_ids))
    return statement.options(
        selectinload(Claim.attributions).selectinload(Attribution.source),
        selectinload(Claim.corrected_source),
    )


def iter_claims(article_ids: Sequence[int] | None, batch_size: int = BATCH_SIZE) -> Iterator[Claim]:
    """Stream claims with their attributions and sources, one batch at a time."""
    result = db.session.execute(claims_statement(article_ids).execution_options(yield_per=batch_size))
    for batch in result.scalars().partitions():
        yield from batch


def article_ids_in_scope(scope: ReportScope) -> list[int] | None:
    """The ids of the articles a sourcing report covers (None: every article).

    A date range selects articles by their publication date; articles without one are left out.
    """
    if not scope.article_ids and scope.date_from is None and scope.date_to is None:
        return None
    statement = select(Article.id).order_by(Article.id)
    if scope.article_ids:
        statement = statement.where(Article.id.in_(scope.article_ids))
    if scope.date_from is not None:
        statement = statement.where(Article.published_on >= scope.date_from)
    if scope.date_to is not None:
        statement = statement.where(Article.published_on <= scope.date_to)
    return list(db.session.scalars(statement))
