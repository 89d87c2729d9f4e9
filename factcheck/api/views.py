"""``/api/v1``: published fact-checks, read-only, no login. Each is its ClaimReview JSON-LD with the ids a
program needs; lists are paginated, newest publication or correction first. Errors are RFC 9457 problem
details (``factcheck.errors``), never an HTML page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from factcheck.api.forms import FactCheckListForm
from factcheck.errors import problem
from factcheck.extensions import db
from factcheck.reports.exports import claimreview
from factcheck.reports.operations import organisation
from factcheck.reports.published import (
    PublishedFilter,
    public_base_url,
    published_record,
    published_statement,
    records_of,
)
from factcheck.reports.queries import VerdictRecord

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.after_request
def readable_from_anywhere(response):
    """Published work only, no cookies read: any site's scripts may read it (CORS)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _iso(record_time) -> str | None:
    return record_time.isoformat() if record_time is not None else None


def fact_check_json(record: VerdictRecord) -> dict[str, Any]:
    """One published fact-check: its ids, its address and dates, and its ClaimReview."""
    return {
        "id": record.claim_id,
        "claim_id": record.claim_id,
        "article_id": record.article_id,
        "verdict_id": record.verdict_id,
        "revision": record.revision,
        "url": record.public_url,
        "date_published": _iso(record.first_published_at),
        "date_modified": _iso(record.published_at),
        "claim_review": claimreview(record, organisation()),
    }


@bp.route("/fact-checks")
def fact_checks():
    """Published fact-checks, newest publication or correction first; ``since`` keeps those published or
    corrected at or after an instant, ``page`` and ``per_page`` (at most ``API_MAX_PER_PAGE``) paginate."""
    form = FactCheckListForm(formdata=request.args)
    if not form.validate():
        return problem(400, "Bad Request", "The query parameters are not valid: see errors.", errors=form.errors)
    per_page = form.per_page.data or current_app.config["API_PER_PAGE"]
    pagination = db.paginate(
        published_statement(PublishedFilter(since=form.since.data)),
        page=form.page.data or 1,
        per_page=per_page,
        max_per_page=current_app.config["API_MAX_PER_PAGE"],
        error_out=False,
    )
    kept: dict[str, Any] = {key: request.args[key] for key in ("per_page", "since") if request.args.get(key)}

    def page_url(page: int | None) -> str | None:
        return public_base_url(url_for("api.fact_checks", page=page, **kept)) if page is not None else None

    return jsonify(
        items=[fact_check_json(record) for record in records_of(pagination.items)],
        page=pagination.page,
        per_page=pagination.per_page,
        total=pagination.total,
        pages=pagination.pages,
        next=page_url(pagination.next_num),
        prev=page_url(pagination.prev_num),
    )


@bp.route("/fact-checks/<int:claim_id>")
def fact_check(claim_id: int):
    """One published fact-check by its id (the claim's), as in the list."""
    record = published_record(claim_id)
    if record is None:
        abort(404, description="No published fact-check has this id.")
    return jsonify(fact_check_json(record))
