"""``/healthz`` and ``/readyz`` for load balancers and orchestrators (public, never cached).

``/healthz``: the process answers (no database, nothing else). ``/readyz``: it can serve requests: the database
answers, the rate-limit Redis and the job queue's Redis answer when they are configured, and the database's
schema is at the migrations' head. Each part is named in the JSON; any failing one makes it a 503. Errors are
named by kind only (the page is public); the log has the details.
"""

from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from limits.storage import MemoryStorage
from sqlalchemy import text

from factcheck.auth import throttle
from factcheck.extensions import db
from factcheck.jobs.operations import redis_connection

bp = Blueprint("ops", __name__)
NO_STORE = {"Cache-Control": "no-store"}
UPGRADE_COMMAND = "flask --app factcheck db upgrade"


@bp.route("/healthz")
def healthz():
    """The process is alive: "ok", touching nothing (a load balancer's liveness probe)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", **NO_STORE}


def migration_heads() -> set[str]:
    """The revisions at the head of migrations/versions (read from the script directory)."""
    directory = current_app.extensions["migrate"].directory
    return set(ScriptDirectory(directory).get_heads())


def check_database() -> tuple[str, str]:
    """The database's state and its schema's ("ok..." when ready): one connection answers both."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # any driver's failure is "not ready"; its text goes to the log, not the page
        current_app.logger.error("Readiness: the database does not answer: %s", error)
        return f"unreachable ({type(error).__name__})", "unknown: the database does not answer"
    heads = migration_heads()
    if current == heads:
        return "ok", "ok: at " + ", ".join(sorted(heads))
    found = ", ".join(sorted(current)) or "no revision"
    return (
        "ok",
        f"behind: the database is at {found}, the code's head is {', '.join(sorted(heads))}; run {UPGRADE_COMMAND}",
    )


def check_redis() -> str:
    """ "ok", "not configured" (limits off or in memory), or why the rate-limit Redis is not ready."""
    storage = throttle.storage()
    if storage is None or isinstance(storage, MemoryStorage):
        return "not configured"
    if storage.check():
        return "ok"
    current_app.logger.error("Readiness: the rate-limit storage (FACTCHECK_RATELIMIT_STORAGE_URI) does not answer")
    return "unreachable"


def check_job_queue() -> str:
    """ "ok", "not configured" (jobs run inline), or "unreachable" when the job queue's Redis does not answer."""
    if not current_app.config.get("JOBS_REDIS_URL"):
        return "not configured"
    try:
        redis_connection().ping()
    except Exception as error:  # any Redis or network failure is "not ready"; the log has it
        current_app.logger.error("Readiness: the job queue (FACTCHECK_REDIS_URL) does not answer: %s", error)
        return "unreachable"
    return "ok"


@bp.route("/readyz")
def readyz():
    """Ready to serve: 200 and every part "ok" (or not configured), else 503 naming the failing parts."""
    database, migrations = check_database()
    redis = check_redis()
    parts = {"database": database, "redis": redis, "job_queue": check_job_queue(), "migrations": migrations}
    failing = [name for name, state in parts.items() if not (state == "not configured" or state.startswith("ok"))]
    body = {"status": "unavailable" if failing else "ready", "failing": failing, **parts}
    return jsonify(body), 503 if failing else 200, NO_STORE
