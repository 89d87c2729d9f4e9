"""The append-only audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.auth.models import User
from factcheck.db import utcnow
from factcheck.extensions import Model


class AuditEvent(Model):
    """One recorded change. Rows are only ever inserted (updates and deletes are refused)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_entity", "entity_type", "entity_id"),
        Index("ix_audit_event_claim_at", "claim_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    entity_type: Mapped[str] = mapped_column(String(20))  # claim, evidence, verdict, source
    entity_id: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)  # the claim whose history shows this event
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(_mapper, _connection, target: AuditEvent) -> None:
    raise RuntimeError(f"audit events are append-only (event {target.id})")
