"""Background jobs on a real Redis (127.0.0.1:6379): the PDF report as a job, its page and file, who sees them,
retries with backoff, and a worker killed with kill -9 mid-job (issue 17).

Each test queues on a queue of its own name (and RQ job ids carry it), so parallel runs on one Redis do not meet;
the fixture deletes the queue's keys afterwards. Workers run in burst mode in the test process, or as a
subprocess (tests/slow_worker.py) for the one that is killed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.jobs.models import Job, JobState
from factcheck.jobs.operations import enqueue, job_queue, make_worker, rq_job_id, run_job
from tests.conftest import log_in
from tests.reports_fixtures import build_report_data, start_pdf

REDIS_URL = "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough password"  # build_report_data's users'


@pytest.fixture
def queue_name() -> Iterator[str]:
    """A queue name no other run uses; its keys are deleted afterwards."""
    name = f"factcheck-test-{uuid.uuid4().hex[:12]}"
    yield name
    redis = Redis.from_url(REDIS_URL)
    keys = list(redis.scan_iter(f"rq:*{name}*"))
    workers = [key for key in redis.scan_iter("rq:worker:*") if redis.hget(key, "queues") == name.encode()]
    if keys or workers:
        redis.delete(*keys, *workers)
    if workers:
        redis.srem("rq:workers", *workers)
    redis.srem("rq:queues", f"rq:queue:{name}")
    redis.close()


@pytest.fixture
def data(app, demo_article):
    return build_report_data(app, demo_article)


@pytest.fixture
def queued_app(make_app, app, queue_name):
    """An app on the test's database (schema made by ``app``) whose jobs go to a Redis queue of their own; retries
    come at once unless a test asks for waits."""

    def _make(**overrides):
        settings = {"JOBS_REDIS_URL": REDIS_URL, "JOB_QUEUE": queue_name, "JOB_RETRY_INTERVALS": (0, 0)}
        return make_app(**{**settings, **overrides})

    return _make


def logged_in(application, email: str):
    client = application.test_client()
    assert log_in(client, email, PASSWORD).status_code == 302
    return client


def work(application) -> None:
    """Run the queue's jobs in this process until it is empty (what ``flask --app factcheck worker --burst`` does)."""
    with application.app_context():
        make_worker(application).work(burst=True)


def job_row(application, job_id: int) -> Job:
    with application.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.expunge(job)
        return job


def job_id_of(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_the_pdf_button_queues_a_job_that_a_worker_finishes(queued_app, data):
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    waiting = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Waiting for a worker" in waiting and '<meta http-equiv="refresh" content="2">' in waiting
    assert client.get(f"/jobs/{job_id}/download").status_code == 409  # no file yet
    assert job_row(application, job_id).state == JobState.QUEUED
    work(application)
    job = job_row(application, job_id)
    assert (job.state, job.progress, job.attempts, job.error) == (JobState.FINISHED, 100, 1, None)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The PDF is ready." in page and "http-equiv" not in page
    download = client.get(f"/jobs/{job_id}/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    # Redis keeps nothing of a finished job: its outcome is the row's.
    assert not Redis.from_url(REDIS_URL).exists(f"rq:job:{rq_job_id_in(application, job_id)}")


def rq_job_id_in(application, job_id: int) -> str:
    with application.app_context():
        return rq_job_id(job_id)


def test_a_job_run_again_changes_nothing_and_is_one_row_with_one_file(queued_app, data):
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    work(application)
    first = client.get(f"/jobs/{job_id}/download").data
    with application.app_context():
        run_job(job_id)  # delivered twice (a retry after the commit, a duplicate): nothing more happens
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1
    job = job_row(application, job_id)
    assert job.attempts == 1 and job.state == JobState.FINISHED
    assert client.get(f"/jobs/{job_id}/download").data == first


def test_a_job_queued_twice_runs_once(queued_app, data):
    """A duplicate delivery (the same row enqueued again): the second run finds the job finished and does nothing."""
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    with application.app_context():
        enqueue(db.session.get(Job, job_id))
        assert job_queue().count == 2
    work(application)
    job = job_row(application, job_id)
    assert (job.state, job.attempts) == (JobState.FINISHED, 1)
    with application.app_context():
        assert job_queue().count == 0 and db.session.scalar(select(func.count()).select_from(Job)) == 1


def test_only_the_owner_and_admins_see_a_job_and_its_file(queued_app, app, data, make_user):
    application = queued_app(JOBS_REDIS_URL=None)  # inline: the job is done when the page opens
    owner = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(owner, f"article={data.article_id}"))
    assert owner.get(f"/jobs/{job_id}/download").status_code == 200
    for role, status in (("reviewer", 403), ("editor", 403), ("admin", 200)):
        user = make_user(role)
        other = application.test_client()
        log_in(other, user.email)
        assert other.get(f"/jobs/{job_id}").status_code == status, role
        assert other.get(f"/jobs/{job_id}/download").status_code == status, role
    anonymous = application.test_client().get(f"/jobs/{job_id}/download")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    assert owner.get("/jobs/99999").status_code == 404


def test_starting_a_job_needs_a_post_with_its_csrf_token(make_app, app, data):
    application = make_app(WTF_CSRF_ENABLED=True)
    client = logged_in_with_csrf(application, data.reviewer_email)
    page = client.get(f"/reports/verdicts.pdf?article={data.article_id}")  # an old link: the button, no job
    assert page.status_code == 200 and 'method="post"' in page.get_data(as_text=True)
    assert client.post(f"/reports/verdicts.pdf?article={data.article_id}").status_code == 400  # no token
    with application.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    started = client.post(f"/reports/verdicts.pdf?article={data.article_id}", data={"csrf_token": token})
    assert started.status_code == 303 and started.headers["Location"].startswith("/jobs/")


def test_the_pdf_button_of_the_streamed_verdict_report_works_first_thing_after_a_login(make_app, app, data):
    """The verdict report streams: the token its button carries is in the session before the page goes out."""
    application = make_app(WTF_CSRF_ENABLED=True)
    client = logged_in_with_csrf(application, data.reviewer_email)
    page = client.get(f"/reports/verdicts?article={data.article_id}").get_data(as_text=True)
    form = page.split(f'action="/reports/verdicts.pdf?article={data.article_id}"')[1]
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    started = client.post(f"/reports/verdicts.pdf?article={data.article_id}", data={"csrf_token": token})
    assert started.status_code == 303, started.get_data(as_text=True)


def logged_in_with_csrf(application, email: str):
    client = application.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def failing_layout(failures: list[int]):
    """A layout that fails (as a lost connection would) as many times as ``failures`` holds, then lays out."""
    from factcheck.reports.exports import render_pdf

    def layout(html: str, base_url: str | None = None) -> bytes:
        if failures:
            failures.pop()
            raise ConnectionError("the database went away")
        return render_pdf(html, base_url)

    return layout


def test_a_transient_failure_is_retried_and_the_job_finishes(queued_app, data, monkeypatch):
    monkeypatch.setattr("factcheck.reports.operations.render_pdf", failing_layout([1]))
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    work(application)
    job = job_row(application, job_id)
    assert (job.state, job.attempts, job.error) == (JobState.FINISHED, 2, None)
    assert client.get(f"/jobs/{job_id}/download").data.startswith(b"%PDF-")


def test_a_retry_waits_its_backoff(queued_app, data, monkeypatch):
    """With the default waits (10, 60, 300 s) the failed attempt is scheduled 10 s later, and the page says so."""
    monkeypatch.setattr("factcheck.reports.operations.render_pdf", failing_layout([1]))
    application = queued_app(JOB_RETRY_INTERVALS=(10, 60, 300))
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    before = time.time()
    work(application)
    job = job_row(application, job_id)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert "Attempt 1 failed (ConnectionError); the job is tried again shortly." in job.error
    with application.app_context():
        rq_id = rq_job_id(job_id)
        scheduled = ScheduledJobRegistry(application.config["JOB_QUEUE"], connection=Redis.from_url(REDIS_URL))
        at = scheduled.get_scheduled_time(rq_id).timestamp()
    assert before + 9 <= at <= time.time() + 11
    assert "tried again shortly" in client.get(f"/jobs/{job_id}").get_data(as_text=True)


def test_a_job_run_inline_that_fails_shows_its_message_on_its_page(queued_app, data, monkeypatch):
    """Development without a queue: the job runs in the request, which still ends on the job's page."""
    monkeypatch.setattr("factcheck.reports.operations.render_pdf", failing_layout([1]))
    application = queued_app(JOBS_REDIS_URL=None)
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The file could not be made (ConnectionError, after 1 attempt)." in page


def test_a_job_out_of_attempts_fails_with_a_clear_message(queued_app, data, monkeypatch):
    monkeypatch.setattr("factcheck.reports.operations.render_pdf", failing_layout([1, 1, 1]))
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    work(application)
    job = job_row(application, job_id)
    assert (job.state, job.attempts) == (JobState.FAILED, 3)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The file could not be made (ConnectionError, after 3 attempts)." in page
    assert "http-equiv" not in page and client.get(f"/jobs/{job_id}/download").status_code == 409
    with application.app_context():
        assert db.session.get(Job, job_id).result is None
        failed = FailedJobRegistry(application.config["JOB_QUEUE"], connection=Redis.from_url(REDIS_URL))
        assert rq_job_id(job_id) in failed.get_job_ids()


def test_a_redis_that_does_not_answer_fails_the_job_with_a_message(queued_app, data):
    application = queued_app(JOBS_REDIS_URL="redis://127.0.0.1:1/0")
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The job queue does not answer, so the job could not start." in page


def test_the_worker_command_runs_the_queue_and_needs_one(queued_app, data):
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    result = application.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert job_row(application, job_id).state == JobState.FINISHED
    inline = queued_app(JOBS_REDIS_URL=None).test_cli_runner().invoke(args=["worker"])
    assert inline.exit_code == 2 and "Set FACTCHECK_REDIS_URL" in inline.output


@pytest.mark.slow
def test_a_worker_killed_mid_job_leaves_no_file_and_the_job_is_retried_and_finishes(
    queued_app, data, database_url, tmp_path
):
    application = queued_app()
    client = logged_in(application, data.reviewer_email)
    job_id = job_id_of(start_pdf(client, f"article={data.article_id}"))
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603 - this interpreter, the test's own script
        [
            sys.executable,
            str(ROOT / "tests" / "slow_worker.py"),
            database_url,
            REDIS_URL,
            application.config["JOB_QUEUE"],
            str(tmp_path / "worker-instance"),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while job_row(application, job_id).step != "Laying out the PDF":
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker never reached the layout"
            time.sleep(0.05)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        log.close()
    killed = job_row(application, job_id)
    assert (killed.state, killed.attempts, killed.progress) == (JobState.RUNNING, 1, 50)
    with application.app_context():
        assert db.session.get(Job, job_id).result is None  # nothing half-written
        # Another worker's maintenance finds the job once the dead worker's time is up (its timeout and a
        # minute): the test looks at that moment instead of waiting for it.
        started = StartedJobRegistry(application.config["JOB_QUEUE"], connection=Redis.from_url(REDIS_URL))
        assert started.get_job_ids() != []
        started.cleanup(timestamp=time.time() + application.config["JOB_TIMEOUT_SECONDS"] + 61)
    requeued = job_row(application, job_id)
    assert requeued.state == JobState.QUEUED and "The worker running attempt 1 stopped" in requeued.error
    work(application)
    done = job_row(application, job_id)
    assert (done.state, done.attempts, done.error) == (JobState.FINISHED, 2, None)
    assert client.get(f"/jobs/{job_id}/download").data.startswith(b"%PDF-")
    with application.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 1
