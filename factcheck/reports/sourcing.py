"""The sourcing report: how an article's (or a set of articles') claims are sourced, and what to check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.analysis import split_blocks
from factcheck.articles.display import language_notice
from factcheck.articles.models import Article
from factcheck.claims.status import claim_sources
from factcheck.extensions import db
from factcheck.reports.queries import NOT_ANALYSED, iter_claims
from factcheck.sources.models import ArticleSource
from factcheck.vocabulary import ANALYSED_STATUSES, IdentityResult, counted, identity_name, status_name

SOURCES_HEADINGS = {"sources", "source", "references", "sources and references", "further reading"}


@dataclass(slots=True)
class ClaimLine:
    """A claim as the report lists it: its status (and the automatic one where they differ) and why."""

    claim_id: int
    article_id: int
    text: str
    status: str
    automatic_status: str
    reason: str
    sources: str
    cue: str

    @property
    def differs(self) -> bool:
        """A reviewer correction or identity check changed the automatic status."""
        return self.status != self.automatic_status


@dataclass(slots=True)
class StatusGroup:
    """The claims in one status: how many, their share, and (up to a limit) the claims themselves."""

    status: str
    count: int = 0
    automatic_count: int = 0
    claims: list[ClaimLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The status in words."""
        return status_name(self.status)

    @property
    def more(self) -> int:
        """Claims counted but not listed (the list is capped for reports over many articles)."""
        return self.count - len(self.claims)


@dataclass(slots=True)
class NamedSource:
    """A person an article quotes: how the article presents them and what the identity check found."""

    article_id: int
    source_id: int
    name: str
    descriptor: str | None
    affiliation: str | None
    is_identifiable: bool
    identity_status: str | None
    claims: list[tuple[int, str]] = field(default_factory=list)

    @property
    def identity_label(self) -> str:
        """The newest identity check's result in words ("not checked" without one)."""
        return identity_name(self.identity_status, unchecked="not checked")

    @property
    def order(self) -> tuple:
        """Sort key of the people table."""
        # Unverified people first (what a fact-checker chases), those the text does not identify first among
        # them; verified people last.
        verified = self.identity_status == IdentityResult.VERIFIED
        return (verified, self.is_identifiable, self.name.lower(), self.article_id)


@dataclass(slots=True)
class ReportWarning:
    """Something a fact-checker wants to see before anything else."""

    article_id: int
    article_title: str
    code: str
    message: str


@dataclass(slots=True)
class SourcingReport:
    """Counts and shares by status, the claims per status, the named sources and the warnings."""

    articles: list[Article]
    groups: list[StatusGroup]
    named_sources: list[NamedSource]
    warnings: list[ReportWarning]

    @property
    def total(self) -> int:
        """Every claim in the report."""
        return sum(group.count for group in self.groups)

    def share(self, group: StatusGroup) -> float:
        """The group's share of all claims, 0..1."""
        return group.count / self.total if self.total else 0.0

    @property
    def counts(self) -> dict[str, int]:
        """Claims per status, corrections and identity checks applied."""
        return {group.status: group.count for group in self.groups}

    @property
    def automatic_counts(self) -> dict[str, int]:
        """Claims per status as the analysis found them."""
        return {group.status: group.automatic_count for group in self.groups}


def ends_with_empty_sources_section(text: str) -> bool:
    """The article's last block is a 'Sources' (or 'References') heading with nothing after it."""
    blocks = split_blocks(text)
    if not blocks:
        return False
    last = blocks[-1]
    if last.kind != "heading":
        return False
    heading = text[last.start : last.end].strip().rstrip(":").strip().lower()
    return heading in SOURCES_HEADINGS


def build_sourcing_report(article_ids: Sequence[int] | None, claim_limit: int | None = None) -> SourcingReport:
    """The sourcing report over some articles (every article when None).

    Claims are streamed; at most ``claim_limit`` claims per status are kept for listing (all when None),
    while counts cover every claim.
    """
    article_statement = select(Article).order_by(Article.id)
    if article_ids is not None:
        article_statement = article_statement.where(Article.id.in_(article_ids))
    articles = list(db.session.scalars(article_statement))

    groups: dict[str, StatusGroup] = {status: StatusGroup(status) for status in ANALYSED_STATUSES}
    per_article: dict[int, Counter] = {article.id: Counter() for article in articles}
    backed_by: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for claim in iter_claims(article_ids):
        status = claim.effective_status
        sources = claim_sources(claim)
        group = groups.setdefault(status, StatusGroup(status))
        group.count += 1
        groups.setdefault(claim.status, StatusGroup(claim.status)).automatic_count += 1
        per_article.setdefault(claim.article_id, Counter())[status] += 1
        for source in sources:
            backed_by.setdefault((claim.article_id, source.id), []).append((claim.id, claim.text))
        if claim_limit is None or len(group.claims) < claim_limit:
            group.claims.append(
                ClaimLine(
                    claim_id=claim.id,
                    article_id=claim.article_id,
                    text=claim.text,
                    status=status,
                    automatic_status=claim.status,
                    reason=claim.status_reason,
                    sources=", ".join(source.name for source in sources),
                    cue=", ".join(a.cue_text for a in claim.attributions if a.cue_text),
                )
            )

    named = _named_sources(article_ids, backed_by)
    warnings = _warnings(articles, per_article, named)
    return SourcingReport(articles=articles, groups=list(groups.values()), named_sources=named, warnings=warnings)


def _named_sources(
    article_ids: Sequence[int] | None, backed_by: dict[tuple[int, int], list[tuple[int, str]]]
) -> list[NamedSource]:
    statement = select(ArticleSource).options(selectinload(ArticleSource.source))
    if article_ids is not None:
        statement = statement.where(ArticleSource.article_id.in_(article_ids))
    named = [
        NamedSource(
            article_id=row.article_id,
            source_id=row.source_id,
            name=row.source.name,
            descriptor=row.descriptor,
            affiliation=row.affiliation,
            is_identifiable=row.is_identifiable,
            identity_status=row.source.identity_status,
            claims=backed_by.get((row.article_id, row.source_id), []),
        )
        for row in db.session.scalars(statement)
        if row.source.type == "person"
    ]
    return sorted(named, key=lambda item: item.order)


def _warnings(
    articles: list[Article], per_article: dict[int, Counter], named: list[NamedSource]
) -> list[ReportWarning]:
    warnings: list[ReportWarning] = []
    unidentified: dict[int, list[str]] = {}
    for person in named:
        if not person.is_identifiable and person.claims:
            unidentified.setdefault(person.article_id, []).append(person.name)
    for article in articles:
        counts = per_article.get(article.id, Counter())
        notice = language_notice(article)
        if notice is not None:
            warnings.append(ReportWarning(article.id, article.title, NOT_ANALYSED, notice))
        # Claims the analysis did not read are neither sourced nor unsourced: the share is of the others.
        total = sum(counts.values()) - counts[NOT_ANALYSED]
        if ends_with_empty_sources_section(article.text):
            warnings.append(
                ReportWarning(
                    article.id,
                    article.title,
                    "empty_sources_section",
                    "The article ends with an empty “Sources” section.",
                )
            )
        not_sourced = total - counts["sourced"]
        if total and not_sourced * 2 > total:
            claims = counted(total, "analysed claim" if counts[NOT_ANALYSED] else "claim")
            verb = "is" if not_sourced == 1 else "are"
            warnings.append(
                ReportWarning(
                    article.id,
                    article.title,
                    "mostly_unsourced",
                    f"{not_sourced} of its {claims} ({not_sourced / total:.0%}) {verb} not sourced.",
                )
            )
        if article.id in unidentified:
            names = ", ".join(f"“{name}”" for name in unidentified[article.id])
            warnings.append(
                ReportWarning(
                    article.id,
                    article.title,
                    "unidentified_people",
                    f"It quotes people the text never identifies: {names}.",
                )
            )
    return warnings
