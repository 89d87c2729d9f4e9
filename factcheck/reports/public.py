"""The public, read-only page of a published verdict (no login), with its ClaimReview JSON-LD."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.reports.exports import claimreview
from factcheck.reports.operations import organisation, public_verdict_url
from factcheck.reports.queries import evidence_by_claim, rating_scale_best, record_from_verdict
from factcheck.review.models import Verdict, VerdictState

bp = Blueprint("public", __name__)


@bp.route("/verdicts/<int:verdict_id>")
def verdict(verdict_id: int):
    """A published verdict for readers. A replaced revision sends readers on to the one now published."""
    found = db.session.get(Verdict, verdict_id)
    if found is None:
        abort(404)
    if found.state != VerdictState.PUBLISHED.value:
        if found.state == VerdictState.SUPERSEDED.value:
            current = db.session.scalar(
                select(Verdict.id).where(
                    Verdict.claim_id == found.claim_id, Verdict.state == VerdictState.PUBLISHED.value
                )
            )
            if current is not None:
                return redirect(url_for("public.verdict", verdict_id=current), code=302)
        abort(404)  # drafts, proposals and returned work are never public
    record = record_from_verdict(
        found,
        evidence_by_claim([found.claim_id]).get(found.claim_id, []),
        rating_scale_best(),
        public_verdict_url(found.id),
    )
    return render_template(
        "reports/public_verdict.html",
        record=record,
        claimreview=claimreview(record, organisation()),
        organisation=organisation(),
    )
