"""Re-running the analysis on stored articles: ``flask --app factcheck reanalyse [--article ID ...]``.

Run it after upgrading to a version with a new analysis engine or pipeline: stored articles keep the results of
the analysis they were imported with until then. ``reanalyse_article`` replaces the automatic results (the
claims' statuses, reasons and attributions, the article's sources, the language), then recomputes the claims'
effective statuses and queue priorities (a correction still wins), and never loses or detaches a person's work:

- claims are matched by their offsets and text; a matched claim keeps its id, so its review state, assignee,
  sourcing correction, evidence, verdicts and history stay with it, and only its automatic results change;
- a claim with a person's work on it that the new analysis no longer produces is kept as it was (with its old
  automatic results), and the new sentences overlapping it are not added; the result lists such claims;
- claims nobody has worked on that the new analysis no longer produces are deleted, new ones added;
- identity checks live on the registry sources, which are never deleted: a source the new analysis finds
  again is the same record, with its checks. The article's source rows (``ArticleSource``) are rebuilt, but
  those a kept claim still rests on (its attributions, a reviewer's corrected source) or that carry an
  identity check stay.

The operation only flushes; the command commits each article on its own, so a failure leaves that article as
it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from factcheck.analysis import Analysis, analyze, analyze_many
from factcheck.articles.extract import ArticleInputError
from factcheck.articles.models import Article
from factcheck.articles.operations import ClaimRow, StoredAnalysis, article_date, registry_ids, storable
from factcheck.audit.models import AuditEvent
from factcheck.audit.operations import record, snapshot
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import refresh_statuses
from factcheck.db import MAX_ID
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import ReviewState, Verdict
from factcheck.sources.models import ArticleSource
from factcheck.transactions import unit_of_work
from factcheck.vocabulary import counted

# Articles analysed together (analyze_many batches their paragraphs through spaCy); each is still stored and
# committed on its own.
BATCH_SIZE = 32
# What a person changes on a claim (the automatic results are the rest).
AUTOMATIC_FIELDS = ("status", "reason")
# An attribution as compared and written: everything but its id and claim.
ATTRIBUTION_FIELDS = (
    "kind",
    "source_id",
    "cue_start",
    "cue_end",
    "cue_text",
    "source_start",
    "source_end",
    "source_text",
    "content_start",
    "content_end",
)


@dataclass(slots=True)
class KeptClaim:
    """A claim with a person's work on it that the new analysis no longer produces: kept as it was."""

    claim_id: int
    text: str


@dataclass(slots=True)
class Reanalysis:
    """What re-analysing one article changed."""

    article_id: int
    language_before: str
    language_after: str
    claims: int = 0  # the article's claims afterwards
    statuses_changed: int = 0  # claims kept whose automatic status changed
    updated: int = 0  # claims kept whose automatic results changed in any way (status included)
    added: int = 0
    removed: int = 0
    with_work: int = 0  # claims with a person's work on them, all kept
    not_found: list[KeptClaim] = field(default_factory=list)  # those the new analysis no longer produces
    skipped: int = 0  # new sentences not added because they overlap a claim of ``not_found``
    moved: int = 0  # claims kept whose position in the article changed
    sources_changed: int = 0  # the article's source rows added, changed or removed
    refreshed: int = 0  # claims whose effective status or queue priority changed

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(
            self.language_before != self.language_after
            or self.updated
            or self.added
            or self.removed
            or self.moved
            or self.sources_changed
            or self.refreshed
        )

    def describe(self) -> str:
        """One line for the command's output: "article 12: 40 claims, 3 statuses changed, ..."."""
        parts = [counted(self.claims, "claim")]
        if not self.changed:
            parts.append("unchanged")
        else:
            if self.language_before != self.language_after:
                parts.append(f"language {self.language_before} → {self.language_after}")
            parts.append(f"{counted(self.statuses_changed, 'status', 'statuses')} changed")
            if self.updated > self.statuses_changed:
                more = counted(self.updated - self.statuses_changed, "more claim", "more claims")
                parts.append(f"{more} with new reasons or attributions")
            if self.added or self.removed:
                parts.append(f"{self.added} added, {self.removed} removed")
            if self.skipped:
                parts.append(f"{counted(self.skipped, 'new sentence')} not added where kept claims stand")
            if self.sources_changed:
                parts.append(f"{counted(self.sources_changed, 'source row')} changed")
        if self.with_work:
            parts.append(f"{counted(self.with_work, 'claim')} with reviewers' work kept")
        return f"article {self.article_id}: " + ", ".join(parts)


def claims_with_work(article: Article, claims: Sequence[Claim]) -> set[int]:
    """The ids of the article's claims that carry a person's work: a review state other than new, an assignee,
    a sourcing correction, evidence (withdrawn too), a verdict of any state, or history."""
    worked = {
        claim.id
        for claim in claims
        if claim.review_state != ReviewState.NEW
        or claim.assignee_id is not None
        or claim.corrected_status is not None
        or claim.corrected_source_id is not None
        or claim.correction_reason is not None
        or claim.corrected_at is not None
    }
    of_article = select(Claim.id).where(Claim.article_id == article.id)
    for claim_id in (Evidence.claim_id, Verdict.claim_id, AuditEvent.claim_id):
        worked.update(db.session.scalars(select(claim_id).where(claim_id.in_(of_article)).distinct()))
    return worked


def reanalyse_article(article: Article, analysis: Analysis | None = None) -> Reanalysis:
    """Replace the article's automatic results by those of ``analysis`` (``analyze(article.text)`` when not
    given), keeping every person's work (see the module's docstring); only flushes."""
    if analysis is None:
        analysis = analyze(article.text)
    if analysis.text != article.text:
        raise ValueError("The analysis is of another text.")
    stored = storable(analysis, article.content_hash)
    result = Reanalysis(article.id, language_before=article.language, language_after=stored.language)
    # Locked (PostgreSQL) before the work on them is read: evidence added meanwhile waits for this
    # transaction, and cannot be added to a claim this run deletes.
    old = db.session.scalars(
        select(Claim)
        .where(Claim.article_id == article.id)
        .order_by(Claim.position)
        .options(selectinload(Claim.attributions))
        .with_for_update()
    ).all()
    worked = claims_with_work(article, old)
    result.with_work = len(worked)
    source_ids = registry_ids([stored])[0]
    by_span = {(claim.start, claim.end, claim.text): claim for claim in old}

    wanted = _attributions_by_claim(stored, source_ids)
    matched: dict[int, Claim] = {}  # position in stored.claims: the claim it updates
    for position, row in enumerate(stored.claims):
        claim = by_span.pop((row.start, row.end, row.text), None)
        if claim is not None:
            matched[position] = claim
    not_found = [claim for claim in by_span.values() if claim.id in worked]
    result.not_found = [KeptClaim(claim.id, claim.text) for claim in not_found]
    removed = [claim for claim in by_span.values() if claim.id not in worked]
    for claim in removed:
        db.session.delete(claim)
    result.removed = len(removed)
    db.session.flush()  # before positions are reused

    for position, claim in matched.items():
        _update(claim, stored.claims[position], wanted.get(position, []), claim.id in worked, result)
    day = article_date(article)
    added: list[Claim] = []
    for position, row in enumerate(stored.claims):
        if position in matched:
            continue
        if any(row.start < kept.end and kept.start < row.end for kept in not_found):
            result.skipped += 1
            continue
        claim = Claim(
            article_id=article.id,
            **row._asdict(),
            review_state=ReviewState.NEW.value,
            article_date=day,
            attributions=_attribution_rows(wanted.get(position, [])),
        )
        added.append(claim)
    result.added = len(added)

    final = sorted([*matched.values(), *not_found, *added], key=lambda claim: (claim.start, claim.end))
    moving = [claim for index, claim in enumerate(final) if claim.id is not None and claim.position != index]
    result.moved = len(moving)
    if moving:
        # Out of the way first: (article_id, position) is unique at every row update (PostgreSQL checks it
        # row by row).
        for number, claim in enumerate(moving, start=1):
            claim.position = -number
        db.session.flush()
    for index, claim in enumerate(final):
        if claim.position != index:  # set only where it changes: an unchanged article writes nothing at all
            claim.position = index
    db.session.add_all(added)
    db.session.flush()

    result.sources_changed = _update_article_sources(article, stored, source_ids, final, not_found)
    result.claims = len(final)
    if article.claim_count != len(final):
        article.claim_count = len(final)
    if article.language != stored.language:
        article.language = stored.language
    db.session.flush()
    # A correction still wins, and a verified person's quotes stay sourced (writes only what changed).
    result.refreshed = refresh_statuses(Claim.article_id == article.id)
    return result


def _attributions_by_claim(stored: StoredAnalysis, source_ids: list[int]) -> dict[int, list[dict]]:
    """The attribution rows of each claim (by position in ``stored.claims``), as ``ATTRIBUTION_FIELDS``: value."""
    rows: dict[int, list[dict]] = {}
    for attribution in stored.attributions:
        values = attribution._asdict()
        position, index = values.pop("claim_position"), values.pop("source_index")
        values["source_id"] = None if index is None else source_ids[index]
        rows.setdefault(position, []).append({name: values[name] for name in ATTRIBUTION_FIELDS})
    return rows


def _attribution_rows(rows: list[dict]) -> list[Attribution]:
    return [Attribution(**row) for row in rows]


def _update(claim: Claim, row: ClaimRow, attributions: list[dict], has_work: bool, result: Reanalysis) -> None:
    """Give a kept claim the new automatic results, where they differ."""
    paragraph, status, reason = row.paragraph, row.status, row.reason
    before = snapshot(claim, AUTOMATIC_FIELDS)
    current = [{name: getattr(a, name) for name in ATTRIBUTION_FIELDS} for a in claim.attributions]
    changed = False
    if current != attributions:
        claim.attributions = _attribution_rows(attributions)
        changed = True
    if (claim.paragraph, claim.status, claim.reason) != (paragraph, status, reason):
        if claim.status != status:
            result.statuses_changed += 1
        claim.paragraph, claim.status, claim.reason = paragraph, status, reason
        changed = True
    if changed:
        result.updated += 1
    after = snapshot(claim, AUTOMATIC_FIELDS)
    if has_work and after != before:
        # The people working on it see in its history why the automatic status changed under them.
        record(None, "claim.reanalysed", "claim", claim.id, claim_id=claim.id, before=before, after=after)


def _update_article_sources(
    article: Article, stored: StoredAnalysis, source_ids: list[int], claims: list[Claim], kept: list[Claim]
) -> int:
    """Rebuild the article's source rows from the analysis, keeping those a kept claim rests on or that carry
    an identity check; every row's claim count from the claims' attributions. Returns the rows changed."""
    values = dict(zip(source_ids, ((d, a, bool(i)) for d, a, i, _count in stored.appearances), strict=True))
    existing = {
        row.source_id: row
        for row in db.session.scalars(
            select(ArticleSource)
            .where(ArticleSource.article_id == article.id)
            .options(selectinload(ArticleSource.source))
        )
    }
    needed = set(values)
    needed.update(a.source_id for claim in kept for a in claim.attributions if a.source_id is not None)
    needed.update(claim.corrected_source_id for claim in claims if claim.corrected_source_id is not None)
    needed.update(source_id for source_id, row in existing.items() if row.source.identity_status is not None)
    counts: dict[int, int] = {}
    for claim in claims:
        for source_id in {a.source_id for a in claim.attributions if a.source_id is not None}:
            counts[source_id] = counts.get(source_id, 0) + 1

    changed = 0
    for source_id in sorted(needed):
        row = existing.get(source_id)
        if source_id in values:
            descriptor, affiliation, identifiable = values[source_id]
        elif row is not None:
            descriptor, affiliation, identifiable = row.descriptor, row.affiliation, row.is_identifiable
        else:  # a corrected source the article never named: nothing describes it here
            descriptor, affiliation, identifiable = None, None, False
        fields = {
            "descriptor": descriptor,
            "affiliation": affiliation,
            "is_identifiable": identifiable,
            "claim_count": counts.get(source_id, 0),
        }
        if row is None:
            db.session.add(ArticleSource(article_id=article.id, source_id=source_id, **fields))
            changed += 1
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            changed += 1
    for source_id, row in existing.items():
        if source_id not in needed:
            db.session.delete(row)
            changed += 1
    return changed


# --- the command ------------------------------------------------------------------------------------


@click.command("reanalyse")
@click.option(
    "--article",
    "article_ids",
    type=click.IntRange(1, MAX_ID),
    multiple=True,
    help="An article id (repeat for several); by default every article.",
)
@with_appcontext
def reanalyse_command(article_ids: tuple[int, ...]) -> None:
    """Re-run the analysis on stored articles, keeping every reviewer's work.

    Run it after upgrading to a version with a new analysis engine or pipeline. Each article is re-analysed
    and committed on its own: a failure leaves that article as it was.
    """
    ids = list(dict.fromkeys(article_ids))
    if ids:
        found = set(db.session.scalars(select(Article.id).where(Article.id.in_(ids))))
        missing = [str(article_id) for article_id in ids if article_id not in found]
        if missing:
            noun = "article" if len(missing) == 1 else "articles"
            raise click.BadParameter(
                f"no {noun} {', '.join(missing)}; nothing was re-analysed.", param_hint="--article"
            )
    else:
        ids = list(db.session.scalars(select(Article.id).order_by(Article.id)))
    db.session.rollback()  # end the read: each article gets a transaction of its own

    totals = {"changed": 0, "unchanged": 0, "failed": 0, "statuses": 0, "kept": 0}
    for first in range(0, len(ids), BATCH_SIZE):
        chunk = ids[first : first + BATCH_SIZE]
        rows = db.session.execute(select(Article.id, Article.text).where(Article.id.in_(chunk)))
        texts = {article_id: text for article_id, text in rows}
        db.session.rollback()
        present = [article_id for article_id in chunk if article_id in texts]
        for article_id, analysis in zip(present, analyze_many(texts[i] for i in present), strict=True):
            try:
                with unit_of_work():
                    article = db.session.get(Article, article_id, with_for_update=True)
                    if article is None:
                        continue  # deleted since the list was read
                    result = reanalyse_article(article, analysis)
            except (ArticleInputError, SQLAlchemyError) as error:
                totals["failed"] += 1
                click.echo(f"article {article_id}: failed, left as it was: {error}")
                continue
            totals["changed" if result.changed else "unchanged"] += 1
            totals["statuses"] += result.statuses_changed
            totals["kept"] += result.with_work
            click.echo(result.describe())
            for kept in result.not_found:
                click.echo(
                    f"  claim {kept.claim_id} kept as it was: it has reviewers' work, and the new analysis no longer "
                    f"finds its sentence: “{_shorten(kept.text)}”"
                )
    articles = totals["changed"] + totals["unchanged"] + totals["failed"]
    click.echo(
        f"{counted(articles, 'article')}: {totals['changed']} changed, {totals['unchanged']} unchanged, "
        f"{totals['failed']} failed; {counted(totals['statuses'], 'status', 'statuses')} changed, "
        f"{counted(totals['kept'], 'claim')} with reviewers' work kept."
    )
    if totals["failed"]:
        raise SystemExit(1)


def _shorten(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
