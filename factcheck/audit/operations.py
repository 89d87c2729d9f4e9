"""Recording changes in the append-only audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from factcheck.audit.models import AuditEvent
from factcheck.auth.models import User
from factcheck.extensions import db


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of ``obj`` as JSON-ready values."""
    return {field: _plain(getattr(obj, field)) for field in fields}


def record(
    user: User | None,
    action: str,
    entity_type: str,
    entity_id: int,
    *,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (only the fields that changed are kept when both sides are given)."""
    if before is not None and after is not None:
        changed = {key for key in after if before.get(key) != after.get(key)}
        before = {key: before.get(key) for key in sorted(changed)}
        after = {key: after[key] for key in sorted(changed)}
    event = AuditEvent(
        user_id=user.id if user is not None else None,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        claim_id=claim_id,
        before=before,
        after=after,
    )
    db.session.add(event)
    return event


def claim_history(claim_id: int):
    """Statement: the events shown as a claim's history, oldest first."""
    return select(AuditEvent).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.at, AuditEvent.id)
