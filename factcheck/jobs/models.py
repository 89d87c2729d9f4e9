"""A background job: who asked for what, how far it got, and the file it made."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from factcheck.auth.models import User
from factcheck.db import utcnow
from factcheck.extensions import Model


class JobState(StrEnum):
    """Where a job is: waiting for a worker, being run, done with its file, or given up on with a message."""

    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class JobKind(StrEnum):
    """What a job makes."""

    EXPORT_PDF = "export_pdf"


class Job(Model):
    """One background job. Its file is kept in the row itself (``result``), written in the same transaction that
    marks it finished: every web process on every machine can serve it, a backup of the database holds it, and a
    worker that dies mid-job leaves no half-written file behind (the PDF is bounded by REPORT_PDF_MAX_BYTES)."""

    __tablename__ = "job"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'running', 'finished', 'failed')", name="state"),
        CheckConstraint("kind IN ('export_pdf')", name="kind"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(10), default=JobState.QUEUED.value)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # What to make (for a PDF: the report's scope), as the job function reads it.
    params: Mapped[dict] = mapped_column(JSON)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[str] = mapped_column(String(120), default="Waiting for a worker")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result_filename: Mapped[str | None] = mapped_column(String(200))
    result_media_type: Mapped[str | None] = mapped_column(String(100))
    # Loaded only when downloaded: the job page and lists never read the file.
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    created_by: Mapped[User] = relationship()

    @property
    def is_done(self) -> bool:
        """Finished or failed: nothing more will happen to it."""
        return self.state in (JobState.FINISHED, JobState.FAILED)

    def visible_to(self, user: User) -> bool:
        """The job's owner and admins may see it and its file."""
        return user.id == self.created_by_id or user.is_admin
