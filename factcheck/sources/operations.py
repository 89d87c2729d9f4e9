"""Identity checks of sources."""

from __future__ import annotations

from sqlalchemy import or_, select

from factcheck.audit.operations import record
from factcheck.auth.models import User
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import refresh_statuses
from factcheck.extensions import db
from factcheck.sources.models import IdentityCheck, Source
from factcheck.vocabulary import IdentityResult
from factcheck.workflow import OperationError, check_url


def record_identity_check(
    source: Source, user: User, *, result: str, evidence_url: str | None, note: str
) -> IdentityCheck:
    """Record who a source turned out to be; the newest check applies to every claim that quotes it (their
    effective status and queue priority are recomputed here)."""
    if result not in list(IdentityResult):
        raise OperationError("Choose the result of the check.")
    evidence_url = (evidence_url or "").strip() or None
    if evidence_url:
        evidence_url = check_url(evidence_url)
    if result == IdentityResult.VERIFIED and not evidence_url:
        raise OperationError("A verified identity needs a link to the evidence (a staff page, a register entry…).")
    if not note.strip():
        raise OperationError("Add a note on how the identity was checked.")
    previous = source.identity_status
    check = IdentityCheck(
        source_id=source.id, result=result, evidence_url=evidence_url, note=note.strip(), checked_by_id=user.id
    )
    db.session.add(check)
    source.identity_status = result
    db.session.flush()
    quoting = select(Attribution.claim_id).where(Attribution.source_id == source.id)
    refresh_statuses(or_(Claim.id.in_(quoting), Claim.corrected_source_id == source.id))
    record(
        user,
        "source.identity_checked",
        "source",
        source.id,
        before={"identity_status": previous},
        after={"identity_status": result, "evidence_url": evidence_url, "note": check.note},
    )
    return check
