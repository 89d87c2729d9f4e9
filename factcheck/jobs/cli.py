"""``flask --app factcheck worker``: run background jobs from the app's queue until stopped."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from factcheck.jobs.operations import make_worker


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty instead of waiting for more jobs.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the jobs of the queue (the PDF reports), one at a time; start more workers for more at once."""
    if not current_app.config.get("JOBS_REDIS_URL"):
        raise click.UsageError(
            "No job queue is configured, so jobs run in the request that starts them. "
            "Set FACTCHECK_REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run them in workers."
        )
    worker = make_worker(current_app._get_current_object())  # type: ignore[attr-defined]
    worker.work(burst=burst, with_scheduler=True, logging_level=current_app.config["LOG_LEVEL"])
