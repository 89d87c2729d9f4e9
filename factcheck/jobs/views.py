"""A job's page (state, progress, the download when done) and its file: for the job's owner and admins."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user

from factcheck.extensions import db
from factcheck.jobs.models import Job, JobState

bp = Blueprint("jobs", __name__)
# The page reloads itself this often (seconds) until the job is done: no script needed.
REFRESH_SECONDS = 2


def _visible_job(job_id: int) -> Job:
    """The job (404 when there is none); 403 when it is someone else's, unless the user is an admin."""
    job = db.get_or_404(Job, job_id)
    if not job.visible_to(current_user):
        abort(403, description="This job is someone else's: only the person who started it and admins see it.")
    return job


@bp.route("/jobs/<int:job_id>")
def detail(job_id: int):
    """The job's state and progress; the download link once it is finished."""
    job = _visible_job(job_id)
    return render_template("jobs/detail.html", job=job, refresh=None if job.is_done else REFRESH_SECONDS)


@bp.route("/jobs/<int:job_id>/download")
def download(job_id: int):
    """The file a finished job made, as an attachment."""
    job = _visible_job(job_id)
    if job.state != JobState.FINISHED or job.result is None:
        abort(409, description="The job has not made its file (yet): see its page.")
    headers = {"Content-Disposition": f'attachment; filename="{job.result_filename}"', "Cache-Control": "private"}
    return Response(job.result, mimetype=job.result_media_type, headers=headers)
