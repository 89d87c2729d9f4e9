"""A worker process for tests/test_jobs.py whose PDF layout takes a minute, so that the test can kill it mid-job.

    python tests/slow_worker.py DATABASE_URL REDIS_URL QUEUE INSTANCE_PATH

The worker itself is the app's (``make_worker``, as ``flask --app factcheck worker`` runs it); only WeasyPrint's
layout is replaced by a wait.
"""

from __future__ import annotations

import sys
import time

import factcheck.reports.operations as report_operations
from config import TestConfig
from factcheck import create_app
from factcheck.jobs.operations import make_worker


def slow_layout(html: str, base_url: str) -> bytes:
    time.sleep(60)
    raise AssertionError("the test kills this worker before its layout ends")


def main(database_url: str, redis_url: str, queue: str, instance_path: str) -> None:
    report_operations.render_pdf = slow_layout  # type: ignore[assignment]
    overrides = {"SQLALCHEMY_DATABASE_URI": database_url, "JOBS_REDIS_URL": redis_url, "JOB_QUEUE": queue}
    app = create_app(type("SlowWorkerConfig", (TestConfig,), overrides), instance_path=instance_path)
    with app.app_context():
        make_worker(app).work(burst=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
