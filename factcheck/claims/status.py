"""The sourcing status a fact-checker acts on, with reviewers' corrections and identity checks applied, and
the queue priority that follows it.

The rule (``effective_status_expression``) is written once, in SQL; ``refresh_statuses`` stores its result in
``claim.effective_status``, and the queue priority that follows it, for the claims an operation touched. Every
operation that changes an input calls it in its own transaction: a sourcing correction, an identity check,
ingestion and re-analysis. Pages, queues, reports and exports read the stored column.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, case, exists, or_, select, update

from factcheck.analysis.model import SourceType, Status
from factcheck.claims.models import Attribution, Claim
from factcheck.extensions import db
from factcheck.sources.models import Source
from factcheck.vocabulary import IdentityResult

__all__ = ["PRIORITY_BY_STATUS", "IdentityResult", "claim_sources", "effective_status_expression", "refresh_statuses"]


# Claims a fact-checker should chase first come first in the queue. A claim the analysis did not read (its
# article's language is not supported) waits with the unattributed ones: nobody knows its source until a
# person reads it, as for a claim the text asserts on its own account.
# The priority follows the claim's effective status (corrections and identity checks applied).
PRIORITY_BY_STATUS: dict[str, int] = {
    Status.UNVERIFIED_NAMED: 0,
    Status.ANONYMOUS: 1,
    Status.HEDGED: 2,
    Status.UNATTRIBUTED: 3,
    Status.NOT_ANALYSED: 3,
    Status.SOURCED: 4,
    Status.NOT_A_CLAIM: 5,
}


def claim_sources(claim: Claim) -> list[Source]:
    """The registry sources a claim is attributed to (a reviewer's corrected source alone, if set)."""
    if claim.corrected_source is not None:
        return [claim.corrected_source]
    seen: dict[int, Source] = {}
    for attribution in claim.attributions:
        if attribution.source is not None:
            seen.setdefault(attribution.source.id, attribution.source)
    return list(seen.values())


def effective_status_expression() -> ColumnElement[Any]:
    """The status to report and act on, as SQL over a claim row.

    A reviewer's correction wins. Otherwise a claim flagged ``unverified_named`` counts as ``sourced`` once
    every named person it rests on (``claim_sources``: the corrected source if set, else its attributions'
    sources) has been verified by a reviewer; an unverifiable one stays flagged.
    """
    rests_on = or_(
        and_(Claim.corrected_source_id.is_not(None), Source.id == Claim.corrected_source_id),
        and_(
            Claim.corrected_source_id.is_(None),
            Source.id.in_(select(Attribution.source_id).where(Attribution.claim_id == Claim.id).correlate(Claim)),
        ),
    )
    person = and_(Source.type == SourceType.PERSON.value, rests_on)
    unverified = or_(Source.identity_status.is_(None), Source.identity_status != IdentityResult.VERIFIED.value)
    all_people_verified = and_(
        exists().where(person),
        ~exists().where(person, unverified),
    )
    return case(
        (and_(Claim.corrected_status.is_not(None), Claim.corrected_status != ""), Claim.corrected_status),
        (and_(Claim.status == Status.UNVERIFIED_NAMED.value, all_people_verified), Status.SOURCED.value),
        else_=Claim.status,
    )


def refresh_statuses(where: ColumnElement[bool]) -> int:
    """Recompute the effective status, and the queue priority that follows it, of the claims ``where``
    selects; write only those that changed. Returns how many changed.

    Only flushes; call it after the inputs are flushed, in the transaction that changed them. The rows are
    written from the rule itself, so a claim another transaction changed meanwhile gets its own value.
    """
    db.session.flush()
    status = effective_status_expression()
    rows = db.session.execute(select(Claim.id, Claim.effective_status, Claim.priority, status).where(where)).all()
    changed = [
        claim_id
        for claim_id, stored, priority, wanted in rows
        if (stored, priority) != (wanted, PRIORITY_BY_STATUS.get(wanted, 3))
    ]
    if not changed:
        return 0
    table = cast(Table, Claim.__table__)
    priority = case(PRIORITY_BY_STATUS, value=status, else_=3)
    for first in range(0, len(changed), 500):
        db.session.execute(
            update(table)
            .where(table.c.id.in_(changed[first : first + 500]))
            .values(effective_status=status, priority=priority)
        )
    ids = set(changed)
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, Claim) and instance.id in ids:
            db.session.expire(instance, ["effective_status", "priority"])
    return len(changed)
