"""Starting jobs, running them, and the worker that runs them (RQ on Redis).

A job is a ``Job`` row (its state, progress and file, read by the web) and an RQ job that carries only the row's
id. ``start_pdf_export`` writes the row (flush only); the view commits it and then calls ``enqueue``, so a worker
never looks for a row that is not committed yet. ``run_job`` runs in a worker, one app context per job, and
commits the row's changes itself: it is the job's own unit of work.

Idempotent: the file is written in the same transaction that marks the row finished, a finished or failed job is
never run again, and a retried job overwrites its row's file rather than adding one. A job that raises is tried
again by RQ after each of ``JOB_RETRY_INTERVALS``; a job whose worker died is found by another worker's maintenance
once its time ran out and retried the same way. A refusal (``ExportTooLarge``) fails at once with its message.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Callback, Queue, Retry, SimpleWorker, get_current_job
from rq.exceptions import AbandonedJobError
from rq.job import Job as RQJob
from sqlalchemy import update

from factcheck.auth.models import User
from factcheck.db import utcnow
from factcheck.extensions import db
from factcheck.jobs.models import Job, JobKind, JobState
from factcheck.reports.exports import MEDIA_TYPES, export_filename
from factcheck.reports.operations import ExportTooLarge, check_pdf_claim_limit, export_pdf
from factcheck.reports.queries import ReportScope
from factcheck.transactions import commit


class JobRefused(Exception):
    """The job cannot make its file from what it was given; trying again would not help."""


# --- starting ---------------------------------------------------------------------------------------------------


def scope_params(scope: ReportScope) -> dict[str, Any]:
    """A report scope as the job's JSON parameters."""
    return {
        "article_ids": list(scope.article_ids),
        "date_from": scope.date_from.isoformat() if scope.date_from else None,
        "date_to": scope.date_to.isoformat() if scope.date_to else None,
        "internal": scope.internal,
    }


def scope_from_params(params: dict[str, Any]) -> ReportScope:
    """The report scope a job's parameters describe."""
    return ReportScope(
        article_ids=tuple(params["article_ids"]),
        date_from=date.fromisoformat(params["date_from"]) if params["date_from"] else None,
        date_to=date.fromisoformat(params["date_to"]) if params["date_to"] else None,
        internal=bool(params["internal"]),
    )


def start_pdf_export(scope: ReportScope, user: User) -> Job:
    """A queued job making the verdict report of ``scope`` as a PDF for ``user`` (flushed, not committed).

    Raises ExportTooLarge at once when the report has more claims than a PDF is made of (a count, cheap); its
    length in bytes is checked by the job as it writes the report."""
    check_pdf_claim_limit(scope)
    job = Job(kind=JobKind.EXPORT_PDF.value, created_by_id=user.id, params=scope_params(scope))
    db.session.add(job)
    db.session.flush()
    return job


def redis_connection() -> Redis:
    """The job queue's Redis (``JOBS_REDIS_URL``), one connection pool per app."""
    connection = current_app.extensions.get("factcheck_jobs_redis")
    if connection is None:
        connection = Redis.from_url(current_app.config["JOBS_REDIS_URL"], socket_timeout=5, socket_connect_timeout=2)
        current_app.extensions["factcheck_jobs_redis"] = connection
    return connection


def job_queue() -> Queue:
    """The app's RQ queue (``JOB_QUEUE`` on ``JOBS_REDIS_URL``)."""
    return Queue(current_app.config["JOB_QUEUE"], connection=redis_connection())


def rq_job_id(job_id: int) -> str:
    """The RQ job id of row ``job_id``: one per row (enqueued twice, it is still one job), and the queue's name in
    it, as RQ keeps job ids per Redis database, not per queue."""
    return f"{current_app.config['JOB_QUEUE']}-job-{job_id}"


def enqueue(job: Job) -> None:
    """Hand the committed ``job`` to the workers; with no queue configured, run it here and now. If Redis does not
    answer, the job is marked failed with a message saying so (committed)."""
    config = current_app.config
    if not config.get("JOBS_REDIS_URL"):
        # A failure is on the job's row (and in the log): the user sees it on the job's page, not an error page.
        with contextlib.suppress(Exception):
            run_job(job.id)
        return
    intervals = list(config["JOB_RETRY_INTERVALS"])
    try:
        job_queue().enqueue_call(
            run_job,
            args=(job.id,),
            job_id=rq_job_id(job.id),
            timeout=config["JOB_TIMEOUT_SECONDS"],
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            on_failure=Callback(job_failed),
            result_ttl=0,  # the outcome is the row's; Redis keeps nothing once the job is done
            failure_ttl=7 * 24 * 3600,
        )
    except Exception as error:  # any Redis or network failure: the job cannot start, and the user is told why
        current_app.logger.error("Job %s could not be queued: %s", job.id, error)
        job.state = JobState.FAILED.value
        job.error = "The job queue does not answer, so the job could not start. Try again in a moment."
        job.finished_at = utcnow()
        commit()


# --- running ----------------------------------------------------------------------------------------------------


def record_progress(job_id: int, percent: int, step: str) -> None:
    """Store how far the job got, in a transaction of its own (the job's reads go on in the session's)."""
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(progress=percent, step=step[:120]))


def make_pdf(job: Job) -> tuple[str, str, bytes]:
    """The PDF export job: its file name, media type and bytes."""
    scope = scope_from_params(job.params)
    try:
        data = export_pdf(scope, progress=lambda percent, step: record_progress(job.id, percent, step))
    except ExportTooLarge as error:
        raise JobRefused(str(error)) from None
    return export_filename("pdf", scope), MEDIA_TYPES["pdf"], data


RUNNERS = {JobKind.EXPORT_PDF.value: make_pdf}


def _will_be_retried() -> bool:
    """Whether RQ runs the current job again after this attempt fails (never when run inline)."""
    current = get_current_job()
    return bool(current is not None and current.retries_left)


def run_job(job_id: int) -> None:
    """Run job ``job_id`` to its end, committing its state as it goes. A job that is gone, finished or failed is
    left alone, so running one twice does nothing more than running it once."""
    job = db.session.get(Job, job_id)
    if job is None or job.is_done:
        return
    job.state = JobState.RUNNING.value
    job.attempts += 1
    job.started_at = utcnow()
    job.step = "Started"
    commit()
    try:
        filename, media_type, data = RUNNERS[job.kind](job)
    except JobRefused as refusal:
        db.session.rollback()
        _end(job, JobState.FAILED, error=str(refusal))
        return
    except Exception as error:
        db.session.rollback()
        current_app.logger.exception("Job %s (%s) failed on attempt %s", job.id, job.kind, job.attempts)
        if _will_be_retried():
            job.state = JobState.QUEUED.value
            job.step = "Waiting to be tried again"
            job.error = f"Attempt {job.attempts} failed ({type(error).__name__}); the job is tried again shortly."
            commit()
        else:
            _end(job, JobState.FAILED, error=failure_message(job.attempts, type(error).__name__))
        raise
    job.result = data
    job.result_filename = filename
    job.result_media_type = media_type
    _end(job, JobState.FINISHED)


def failure_message(attempts: int, cause: str) -> str:
    """What the job page says of a job given up on."""
    return (
        f"The file could not be made ({cause}, after {attempts} attempt{'s' if attempts != 1 else ''}). "
        "Start it again; if it fails again, an administrator will find the details in the worker's log."
    )


def _end(job: Job, state: JobState, error: str | None = None) -> None:
    job.state = state.value
    job.error = error
    job.progress = 100 if state is JobState.FINISHED else job.progress
    job.step = "Done" if state is JobState.FINISHED else "Failed"
    job.finished_at = utcnow()
    commit()


def job_failed(rq_job: RQJob, _connection, exc_type, _exc_value, _traceback) -> None:
    """RQ's failure callback: for a job whose worker died mid-run (its row still says running), put the row back in
    the queue when RQ retries it, or fail it when no attempt is left. Other failures ``run_job`` recorded itself."""
    if exc_type is not AbandonedJobError:
        return
    job = db.session.get(Job, rq_job.args[0])
    if job is None or job.state != JobState.RUNNING:
        return
    if rq_job.retries_left:
        job.state = JobState.QUEUED.value
        job.step = "Waiting to be tried again"
        job.error = f"The worker running attempt {job.attempts} stopped; the job is tried again shortly."
        commit()
    else:
        _end(job, JobState.FAILED, error=failure_message(job.attempts, "the worker running it stopped"))


# --- the worker -------------------------------------------------------------------------------------------------


class AppWorker(SimpleWorker):
    """An RQ worker that runs each job in the worker's own process, inside a fresh app context (so a database
    session of its own). Start as many as the load needs, on any machine that reaches Redis and the database."""

    app: Flask

    def perform_job(self, job, queue, execution) -> bool:
        with self.app.app_context():
            return super().perform_job(job, queue, execution)


def make_worker(app: Flask) -> AppWorker:
    """A worker on ``app``'s queue."""
    with app.app_context():
        queue = job_queue()
        worker = AppWorker(
            [queue], connection=queue.connection, maintenance_interval=app.config["JOB_MAINTENANCE_SECONDS"]
        )
    worker.app = app
    return worker
