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


def add_evidence(claim: Claim, user: User, data: EvidenceInput) -> Evidence:
    """Attach a new evidence item to ``claim``."""
    evidence = Evidence(claim_id=claim.id, author_id=user.id, **_validated(data))
    db.session.add(evidence)
    db.session.flush()
    record(
        user, "evidence.added", "evidence", evidence.id, claim_id=claim.id, after=snapshot(evidence, EVIDENCE_FIELDS)
    )
    return evidence


def require_editable(evidence: Evidence, user: User) -> None:
    """Only the author or an editor may change an item, and never once it is withdrawn."""
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
