"""The editorial review workflow. Every rule lives here, not in the views; operations only flush.

States of a claim: new → in_review (a reviewer has it) → submitted (verdict proposed) → published (an editor
approved) or returned (an editor sent it back) → in_review again. A published verdict is corrected by a new
revision that goes through review again while the published one stays public.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update

from factcheck.audit.operations import record, snapshot
from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.claims.status import refresh_statuses
from factcheck.db import utcnow
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.reports.queries import published_content
from factcheck.review.models import (
    SUMMARY_MAX,
    Rating,
    ReviewState,
    Verdict,
    VerdictState,
)
from factcheck.sources.models import Source
from factcheck.vocabulary import CORRECTABLE_STATUSES, status_name
from factcheck.workflow import (
    InvalidTransition,
    OperationError,
    PermissionDenied,
    StaleEdit,
    check_version,
    flush_or_refuse,
)

VERDICT_FIELDS = ("state", "rating_id", "summary", "rationale", "revision", "author_id", "editor_comment")
CLAIM_FIELDS = ("review_state", "assignee_id")
SOURCING_FIELDS = ("corrected_status", "corrected_source_id", "correction_reason")

DEFAULT_SCALE = (
    ("True", 5, True, "Accurate, and nothing significant is missing."),
    ("Mostly true", 4, True, "Accurate but needs clarification or additional information."),
    ("Mixed", 3, True, "Partly accurate, partly not."),
    ("Mostly false", 2, True, "Contains an element of truth but ignores facts that would give a different impression."),
    ("False", 1, True, "Not accurate."),
    ("Misleading", None, True, "Accurate facts put together to give a false impression."),
    ("Unverifiable", None, False, "The evidence available cannot settle it either way."),
)


def ensure_default_ratings() -> None:
    """Insert the default rating scale when the table is empty (migration 0002 does this in production)."""
    if db.session.scalar(select(func.count()).select_from(Rating)):
        return
    for order, (name, position, needs_evidence, description) in enumerate(DEFAULT_SCALE):
        db.session.add(
            Rating(
                name=name,
                position=position,
                sort_order=order,
                requires_evidence=needs_evidence,
                description=description,
            )
        )
    db.session.flush()


def active_ratings():
    """Statement: the scale, in its order."""
    return select(Rating).where(Rating.is_active.is_(True)).order_by(Rating.sort_order, Rating.id)


# --- who may do what ---------------------------------------------------------------------------------


def require_editor(user: User, doing: str) -> None:
    """Only editors (and admins) may ``doing``."""
    if not user.is_editor:
        raise PermissionDenied(f"Only editors can {doing}.")


def require_worker(claim: Claim, user: User) -> None:
    """The claim's assignee works on it; editors may step in."""
    if claim.assignee_id != user.id and not user.is_editor:
        raise PermissionDenied("This claim is assigned to someone else. Ask an editor to reassign it.")


def may_see_unpublished(claim: Claim, verdict: Verdict, user: User) -> bool:
    """Unpublished verdict text (draft, proposed, returned) is for its author, the claim's assignee and
    editors; other reviewers see that a revision exists, not what it says."""
    return user.is_editor or user.id in (verdict.author_id, claim.assignee_id)


# --- taking claims -----------------------------------------------------------------------------------


def _take(claim_id: int, user: User) -> bool:
    """Conditional UPDATE: the claim becomes the user's only if it is still new and unassigned."""
    # An UPDATE's result is a CursorResult (with a rowcount); execute() is typed for any statement.
    result = cast(
        CursorResult[Any],
        db.session.execute(
            update(Claim)
            .where(Claim.id == claim_id, Claim.review_state == ReviewState.NEW, Claim.assignee_id.is_(None))
            .values(review_state=ReviewState.IN_REVIEW, assignee_id=user.id, version_id=Claim.version_id + 1)
            .execution_options(synchronize_session=False)
        ),
    )
    return result.rowcount == 1


def _record_taken(claim: Claim, user: User) -> None:
    """The history entry of a new claim taken by ``user``."""
    record(
        user,
        "claim.taken",
        "claim",
        claim.id,
        claim_id=claim.id,
        before={"review_state": "new", "assignee_id": None},
        after=snapshot(claim, CLAIM_FIELDS),
    )


def take_claim(claim: Claim, user: User) -> Claim:
    """Assign a new claim to ``user``; refused when someone else took it first."""
    if not _take(claim.id, user):
        raise InvalidTransition("Someone else has taken this claim, or it is no longer new.")
    db.session.refresh(claim)
    _record_taken(claim, user)
    return claim


def claim_next(user: User, *, article_id: int | None = None) -> Claim | None:
    """Atomically assign the most urgent new claim to ``user``; None when the queue is empty.

    Two reviewers pressing "Claim next" at once get different claims: the candidate is taken with a
    conditional UPDATE whose row count says who won; the loser moves on to the next candidate. On
    PostgreSQL, ``FOR UPDATE SKIP LOCKED`` makes concurrent callers skip each other's candidates.
    """
    is_postgres = db.session.get_bind().dialect.name == "postgresql"
    for _attempt in range(20):
        query = (
            select(Claim.id)
            .where(Claim.review_state == ReviewState.NEW, Claim.assignee_id.is_(None))
            .order_by(Claim.priority, Claim.id)
            .limit(1)
        )
        if article_id is not None:
            query = query.where(Claim.article_id == article_id)
        if is_postgres:
            query = query.with_for_update(skip_locked=True)
        candidate = db.session.scalar(query)
        if candidate is None:
            return None
        if _take(candidate, user):
            claim = db.session.get_one(Claim, candidate, populate_existing=True)
            _record_taken(claim, user)
            return claim
    return None


def reassign(claim: Claim, editor: User, assignee: User | None) -> Claim:
    """Editors hand a claim to another reviewer (or back to the unassigned pool when it is new)."""
    require_editor(editor, "reassign claims")
    if claim.review_state == ReviewState.PUBLISHED:
        raise InvalidTransition("A published claim has no assignee to change; open a revision instead.")
    before = snapshot(claim, CLAIM_FIELDS)
    if assignee is None:
        if claim.review_state not in (ReviewState.NEW, ReviewState.IN_REVIEW):
            raise InvalidTransition("Only a claim that is new or in review can go back to the unassigned pool.")
        claim.assignee_id = None
        claim.review_state = ReviewState.NEW
    else:
        if not assignee.is_active:
            raise OperationError(f"{assignee.email} has no active account.")
        claim.assignee_id = assignee.id
        if claim.review_state == ReviewState.NEW:
            claim.review_state = ReviewState.IN_REVIEW
    _flush_claim(claim)
    record(
        editor,
        "claim.reassigned",
        "claim",
        claim.id,
        claim_id=claim.id,
        before=before,
        after=snapshot(claim, CLAIM_FIELDS),
    )
    return claim


def _flush_claim(claim: Claim) -> None:
    flush_or_refuse(InvalidTransition("Someone else changed this claim at the same time; reload and try again."))


# --- verdicts ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class VerdictInput:
    """What the verdict form gives."""

    rating_id: int | None
    summary: str
    rationale: str


def working_verdict(claim: Claim) -> Verdict | None:
    """The revision being worked on (draft, submitted or returned), if any."""
    return db.session.scalar(
        select(Verdict)
        .where(
            Verdict.claim_id == claim.id,
            Verdict.state.in_([VerdictState.DRAFT, VerdictState.SUBMITTED, VerdictState.RETURNED]),
        )
        .order_by(Verdict.revision.desc())
        .limit(1)
    )


def published_verdict(claim: Claim) -> Verdict | None:
    """The verdict the public sees, if any."""
    return db.session.scalar(
        select(Verdict).where(Verdict.claim_id == claim.id, Verdict.state == VerdictState.PUBLISHED)
    )


def _next_revision(claim: Claim) -> int:
    highest = db.session.scalar(select(func.max(Verdict.revision)).where(Verdict.claim_id == claim.id))
    return (highest or 0) + 1


def _check_input(data: VerdictInput) -> Rating | None:
    if len(data.summary) > SUMMARY_MAX:
        raise OperationError(f"The claim summary must be at most {SUMMARY_MAX} characters.")
    if data.rating_id is None:
        return None
    rating = db.session.get(Rating, data.rating_id)
    if rating is None or not rating.is_active:
        raise OperationError("Choose a rating from the scale.")
    return rating


def save_verdict(claim: Claim, user: User, data: VerdictInput, *, version: int | None = None) -> Verdict:
    """Create or update the working revision of a claim's verdict (a draft until proposed)."""
    require_worker(claim, user)
    if claim.review_state not in (ReviewState.IN_REVIEW, ReviewState.RETURNED):
        raise InvalidTransition(
            "A verdict can only be written while the claim is in review or returned"
            f" (it is {claim.review_state.replace('_', ' ')})."
        )
    rating = _check_input(data)
    verdict = working_verdict(claim)
    if verdict is not None and verdict.state == VerdictState.SUBMITTED:
        raise InvalidTransition("This verdict has been proposed and awaits an editor.")
    if verdict is None:
        verdict = Verdict(
            claim_id=claim.id, revision=_next_revision(claim), author_id=user.id, state=VerdictState.DRAFT
        )
        db.session.add(verdict)
        before = None
    else:
        check_version(verdict, version, "verdict", lambda: saved_verdict(verdict))
        before = snapshot(verdict, VERDICT_FIELDS)
    verdict.rating = rating  # the object, not only the id, so verdict.rating is current in this session
    verdict.summary = data.summary.strip()
    verdict.rationale = data.rationale.strip()
    verdict.updated_at = utcnow()
    if claim.review_state == ReviewState.RETURNED:
        claim.review_state = ReviewState.IN_REVIEW
    _flush_verdict(verdict)
    record(
        user,
        "verdict.saved" if before else "verdict.created",
        "verdict",
        verdict.id,
        claim_id=claim.id,
        before=before,
        after=snapshot(verdict, VERDICT_FIELDS),
    )
    return verdict


def propose_verdict(verdict: Verdict, user: User, *, version: int | None = None) -> Verdict:
    """Send the working revision to the editors. Needs a rating, a rationale and, unless the rating is
    Unverifiable, at least one evidence item."""
    claim = verdict.claim
    require_worker(claim, user)
    if verdict.state not in (VerdictState.DRAFT, VerdictState.RETURNED):
        raise InvalidTransition(f"Only a draft or returned verdict can be proposed (this one is {verdict.state}).")
    check_version(verdict, version, "verdict", lambda: saved_verdict(verdict))
    refusal = _unpublishable(verdict)
    if refusal is not None:
        raise OperationError(f"{refusal} before proposing the verdict.")
    before = snapshot(verdict, VERDICT_FIELDS)
    verdict.state = VerdictState.SUBMITTED
    verdict.author_id = user.id  # the proposer: the four-eyes rule is checked against this person
    verdict.submitted_at = utcnow()
    verdict.editor_comment = None
    claim.review_state = ReviewState.SUBMITTED
    _flush_verdict(verdict)
    record(
        user,
        "verdict.proposed",
        "verdict",
        verdict.id,
        claim_id=claim.id,
        before=before,
        after=snapshot(verdict, VERDICT_FIELDS),
    )
    return verdict


def _unpublishable(verdict: Verdict) -> str | None:
    """What a verdict lacks to be published (None: nothing): a rating still on the scale, a rationale, a
    summary and, unless the rating is Unverifiable, live (not withdrawn) evidence. Checked when it is proposed
    and again when it is approved, since evidence can be withdrawn and a rating retired in between."""
    rating = verdict.rating
    if rating is None:
        return "Choose a rating"
    if not rating.is_active:
        return f"The rating “{rating.name}” has been retired from the scale: choose another"
    if not verdict.rationale.strip():
        return "Write the rationale"
    if not verdict.summary.strip():
        return "Write the short claim summary"
    if rating.requires_evidence and not _has_evidence(verdict.claim):
        return f"A “{rating.name}” rating needs at least one evidence item: add the evidence"
    return None


def _has_evidence(claim: Claim) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Evidence)
            .where(Evidence.claim_id == claim.id, Evidence.withdrawn_at.is_(None))
        )
    )


def _decide_checks(verdict: Verdict, editor: User, version: int | None, doing: str) -> None:
    require_editor(editor, doing)
    if verdict.author_id == editor.id:
        raise PermissionDenied("You proposed this verdict: another editor must decide on it (four-eyes rule).")
    if verdict.state != VerdictState.SUBMITTED:
        raise InvalidTransition(f"This verdict is {verdict.state}, not awaiting approval: someone decided first.")
    check_version(verdict, version, "verdict", lambda: {"state": verdict.state, **saved_verdict(verdict)})


def approve_verdict(verdict: Verdict, editor: User, *, version: int | None = None) -> Verdict:
    """Publish a proposed verdict; the previously published revision, if any, is superseded. Every rule the
    proposal passed is checked again (``_unpublishable``): what changed since is not published unchecked."""
    _decide_checks(verdict, editor, version, "approve verdicts")
    refusal = _unpublishable(verdict)
    if refusal is not None:
        raise OperationError(
            f"This proposal can no longer be published ({refusal[0].lower()}{refusal[1:]}): return it to its reviewer."
        )
    claim = verdict.claim
    content = published_content(claim)  # read before anything changes: a concurrent decision fails the flush
    before = snapshot(verdict, VERDICT_FIELDS)
    now = utcnow()
    previous = published_verdict(claim)
    if previous is not None and previous.id != verdict.id:
        previous.state = VerdictState.SUPERSEDED
        record(
            editor,
            "verdict.superseded",
            "verdict",
            previous.id,
            claim_id=claim.id,
            before={"state": VerdictState.PUBLISHED.value},
            after={"state": VerdictState.SUPERSEDED.value},
        )
    verdict.state = VerdictState.PUBLISHED
    verdict.published_content = content
    verdict.decided_by_id = editor.id
    verdict.decided_at = now
    verdict.published_at = now
    claim.review_state = ReviewState.PUBLISHED
    _flush_verdict(verdict)
    record(
        editor,
        "verdict.approved",
        "verdict",
        verdict.id,
        claim_id=claim.id,
        before=before,
        after=snapshot(verdict, VERDICT_FIELDS),
    )
    return verdict


def return_verdict(verdict: Verdict, editor: User, comment: str, *, version: int | None = None) -> Verdict:
    """Send a proposed verdict back to its reviewer with a comment."""
    _decide_checks(verdict, editor, version, "return verdicts")
    if not comment.strip():
        raise OperationError("Say what needs to change: the comment is required when returning a verdict.")
    claim = verdict.claim
    before = snapshot(verdict, VERDICT_FIELDS)
    verdict.state = VerdictState.RETURNED
    verdict.decided_by_id = editor.id
    verdict.decided_at = utcnow()
    verdict.editor_comment = comment.strip()
    claim.review_state = ReviewState.RETURNED
    _flush_verdict(verdict)
    record(
        editor,
        "verdict.returned",
        "verdict",
        verdict.id,
        claim_id=claim.id,
        before=before,
        after=snapshot(verdict, VERDICT_FIELDS),
    )
    return verdict


def open_revision(claim: Claim, user: User) -> Verdict:
    """Start correcting a published verdict: a new revision, in review, while the published one stays."""
    if claim.review_state != ReviewState.PUBLISHED:
        raise InvalidTransition("Only a claim with a published verdict can be revised.")
    published = published_verdict(claim)
    if published is None:  # pragma: no cover - a published claim always has one
        raise InvalidTransition("This claim has no published verdict to revise.")
    before = snapshot(claim, CLAIM_FIELDS)
    revision = Verdict(
        claim_id=claim.id,
        revision=_next_revision(claim),
        state=VerdictState.DRAFT,
        rating_id=published.rating_id,
        summary=published.summary,
        rationale=published.rationale,
        author_id=user.id,
    )
    db.session.add(revision)
    claim.review_state = ReviewState.IN_REVIEW
    claim.assignee_id = user.id
    _flush_claim(claim)
    record(
        user,
        "verdict.revision_opened",
        "verdict",
        revision.id,
        claim_id=claim.id,
        before=None,
        after=snapshot(revision, VERDICT_FIELDS),
    )
    record(
        user, "claim.reopened", "claim", claim.id, claim_id=claim.id, before=before, after=snapshot(claim, CLAIM_FIELDS)
    )
    return revision


def discard_revision(verdict: Verdict, user: User, reason: str, *, version: int | None = None) -> Verdict:
    """Give up a correction before it is published: the revision is kept, marked discarded, and the claim is
    published again with the verdict the public has seen all along. An editor may discard any open correction
    (this is how a proposed change is rejected); its assignee may discard it while it is theirs to write (a
    draft or a returned proposal). A claim's first verdict is not discarded: it is returned or rewritten."""
    claim = verdict.claim
    if verdict.state not in (VerdictState.DRAFT, VerdictState.SUBMITTED, VerdictState.RETURNED):
        raise InvalidTransition(f"This revision is {verdict.state}: only an open correction can be discarded.")
    if published_verdict(claim) is None:
        raise InvalidTransition("Only a correction of a published verdict can be discarded; this is the first verdict.")
    require_worker(claim, user)
    if not user.is_editor and verdict.state == VerdictState.SUBMITTED:
        raise PermissionDenied("This correction awaits an editor: ask one to discard it.")
    if not reason.strip():
        raise OperationError("Say why the correction is given up: the reason is required.")
    check_version(verdict, version, "verdict", lambda: {"state": verdict.state, **saved_verdict(verdict)})
    before_verdict, before_claim = snapshot(verdict, VERDICT_FIELDS), snapshot(claim, CLAIM_FIELDS)
    verdict.state = VerdictState.DISCARDED
    verdict.decided_by_id = user.id
    verdict.decided_at = utcnow()
    verdict.editor_comment = reason.strip()
    claim.review_state = ReviewState.PUBLISHED
    _flush_verdict(verdict)
    record(
        user,
        "verdict.discarded",
        "verdict",
        verdict.id,
        claim_id=claim.id,
        before=before_verdict,
        after=snapshot(verdict, VERDICT_FIELDS),
    )
    record(
        user,
        "claim.republished",
        "claim",
        claim.id,
        claim_id=claim.id,
        before=before_claim,
        after=snapshot(claim, CLAIM_FIELDS),
    )
    return verdict


def saved_verdict(verdict: Verdict) -> dict[str, Any]:
    """The verdict's text as the conflict page shows what is saved now: the rating by its name."""
    return {
        "rating": verdict.rating.name if verdict.rating is not None else None,
        "summary": verdict.summary,
        "rationale": verdict.rationale,
    }


def _flush_verdict(verdict: Verdict) -> None:
    flush_or_refuse(StaleEdit("Someone else changed this verdict at the same moment; nothing of yours was saved."))


# --- sourcing corrections ----------------------------------------------------------------------------


def saved_sourcing(claim: Claim) -> dict[str, Any]:
    """The claim's sourcing correction as the conflict page shows what is saved now: the status and the source
    by their names."""
    return {
        "corrected_status": status_name(claim.corrected_status) or None,
        "corrected_source": claim.corrected_source.name if claim.corrected_source is not None else None,
        "correction_reason": claim.correction_reason,
    }


def correct_sourcing(
    claim: Claim,
    user: User,
    *,
    status: str | None,
    source_id: int | None,
    reason: str,
    version: int | None = None,
) -> Claim:
    """Record a reviewer's correction of the automatic status or source; the automatic result stays."""
    check_version(claim, version, "claim's sourcing", lambda: saved_sourcing(claim))
    if status is not None and status not in CORRECTABLE_STATUSES:
        raise OperationError(f"Unknown sourcing status {status!r}.")
    if status is None and source_id is None:
        raise OperationError("Choose the corrected status or source.")
    if not reason.strip():
        raise OperationError("Say why the automatic result is wrong: the reason is required.")
    if source_id is not None and db.session.get(Source, source_id) is None:
        raise OperationError("That source does not exist.")
    before = snapshot(claim, SOURCING_FIELDS)
    claim.corrected_status = status
    claim.corrected_source_id = source_id
    claim.correction_reason = reason.strip()
    claim.corrected_by_id = user.id
    claim.corrected_at = utcnow()
    flush_or_refuse(StaleEdit("Someone else changed this claim's sourcing at the same moment."))
    refresh_statuses(Claim.id == claim.id)  # its effective status and queue priority
    record(
        user,
        "claim.sourcing_corrected",
        "claim",
        claim.id,
        claim_id=claim.id,
        before=before,
        after=snapshot(claim, SOURCING_FIELDS),
    )
    return claim
