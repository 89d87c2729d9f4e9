"""Adding, editing and withdrawing evidence. Nothing is deleted: a withdrawal keeps who and why."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from factcheck.audit.operations import record, snapshot
from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.db import utcnow
from factcheck.evidence.models import Evidence, EvidenceKind, Stance
from factcheck.extensions import db
from factcheck.vocabulary import ReviewState
from factcheck.workflow import (
    InvalidTransition,
    OperationError,
    PermissionDenied,
    StaleEdit,
    check_url,
    check_version,
    flush_or_refuse,
)

EVIDENCE_FIELDS = (
    "url",
    "title",
    "publisher",
    "published_on",
    "accessed_on",
    "excerpt",
    "stance",
    "kind",
    "note",
)


@dataclass(slots=True)
class EvidenceInput:
    """What the evidence form gives."""

    url: str
    title: str
    stance: str
    kind: str
    publisher: str | None = None
    published_on: date | None = None
    accessed_on: date | None = None
    excerpt: str | None = None
    note: str | None = None


def _validated(data: EvidenceInput) -> dict:
    if data.stance not in set(Stance):
        raise OperationError("Choose whether the evidence supports, refutes or adds context.")
    if data.kind not in set(EvidenceKind):
        raise OperationError("Choose whether the evidence is a primary or a secondary source.")
    if not data.title.strip():
        raise OperationError("Give the evidence a title.")
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["url"] = check_url(data.url)
    for key in ("title", "publisher", "excerpt", "note"):
        if isinstance(values[key], str):
            values[key] = values[key].strip() or None
    return values


def evidence_refusal(claim: Claim, user: User) -> str | None:
    """Why ``user`` may not add or change evidence on ``claim`` now (None: they may).

    The evidence belongs to the review: its assignee works on it while the claim is in review or returned
    (editors may step in, as with the verdict); a claim nobody has taken is taken first; a proposal waits for
    its editor. A published fact-check's evidence changes only through a correction, which an editor approves:
    the public page shows what was approved, never an edit made since.
    """
    state = claim.review_state
    if state == ReviewState.PUBLISHED:
        return "This fact-check is published: open a correction to change its evidence; an editor approves it."
    if user.is_editor:
        return None
    if state == ReviewState.NEW:
        return "Take this claim first: evidence is added by the fact-checker working on it."
    if state == ReviewState.SUBMITTED:
        return "The verdict awaits an editor: evidence can change again once it is returned to its reviewer."
    if claim.assignee_id != user.id:
        return "This claim is assigned to someone else. Ask an editor to reassign it."
    return None


def require_evidence_work(claim: Claim, user: User) -> None:
    """Refuse ``user`` evidence work on ``claim`` unless the review state allows it (``evidence_refusal``)."""
    refusal = evidence_refusal(claim, user)
    if refusal is not None:
        raise (InvalidTransition if claim.review_state == ReviewState.PUBLISHED else PermissionDenied)(refusal)


def add_evidence(claim: Claim, user: User, data: EvidenceInput) -> Evidence:
    """Attach a new evidence item to ``claim`` (``require_evidence_work``)."""
    require_evidence_work(claim, user)
    evidence = Evidence(claim_id=claim.id, author_id=user.id, **_validated(data))
    db.session.add(evidence)
    db.session.flush()
    record(
        user, "evidence.added", "evidence", evidence.id, claim_id=claim.id, after=snapshot(evidence, EVIDENCE_FIELDS)
    )
    return evidence


def require_editable(evidence: Evidence, user: User) -> None:
    """Only the author or an editor may change an item, never once it is withdrawn, and only while the claim's
    review state allows evidence work (``require_evidence_work``)."""
    require_evidence_work(evidence.claim, user)
    if evidence.author_id != user.id and not user.is_editor:
        raise PermissionDenied("Only the person who added this evidence, or an editor, can change it.")
    if evidence.is_withdrawn:
        raise InvalidTransition("This evidence has been withdrawn; add a new item instead.")


def update_evidence(evidence: Evidence, user: User, data: EvidenceInput, *, version: int | None) -> Evidence:
    """Edit an evidence item (its author or an editor), refusing a stale form."""
    require_editable(evidence, user)
    check_version(evidence, version, "evidence item", EVIDENCE_FIELDS)
    before = snapshot(evidence, EVIDENCE_FIELDS)
    for key, value in _validated(data).items():
        setattr(evidence, key, value)
    evidence.updated_at = utcnow()
    _flush(evidence)
    record(
        user,
        "evidence.edited",
        "evidence",
        evidence.id,
        claim_id=evidence.claim_id,
        before=before,
        after=snapshot(evidence, EVIDENCE_FIELDS),
    )
    return evidence


def withdraw_evidence(evidence: Evidence, user: User, reason: str, *, version: int | None) -> Evidence:
    """Withdraw an evidence item: it stays in the history with who withdrew it and why."""
    require_editable(evidence, user)
    check_version(evidence, version, "evidence item", EVIDENCE_FIELDS)
    if not reason.strip():
        raise OperationError("Say why the evidence is withdrawn.")
    evidence.withdrawn_at = utcnow()
    evidence.withdrawn_by_id = user.id
    evidence.withdrawal_reason = reason.strip()
    _flush(evidence)
    record(
        user,
        "evidence.withdrawn",
        "evidence",
        evidence.id,
        claim_id=evidence.claim_id,
        before={"withdrawn": False},
        after={"withdrawn": True, "reason": evidence.withdrawal_reason},
    )
    return evidence


def _flush(evidence: Evidence) -> None:
    flush_or_refuse(StaleEdit("Someone else changed this evidence at the same moment; nothing was overwritten."))
