"""Queue pages and the review actions on a claim. Thin: each action calls one operation; the request commits."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.db import record_id
from factcheck.extensions import db
from factcheck.forms import options, page_number
from factcheck.review import operations
from factcheck.review.forms import (
    ActionForm,
    AssignForm,
    DecisionForm,
    DiscardForm,
    QueueFilterForm,
    SourcingForm,
    VerdictForm,
)
from factcheck.review.models import Verdict
from factcheck.review.queries import (
    QueueFilters,
    approval_queue,
    claim_queue,
    claim_queue_page,
    recent_article_titles,
)
from factcheck.workflow import OperationError, StaleEdit

bp = Blueprint("review", __name__)


def _filter_form() -> tuple[QueueFilterForm, QueueFilters]:
    form = QueueFilterForm(request.args)
    form.rating.choices = options(
        [(None, "any rating")] + [(r.id, r.name) for r in db.session.scalars(operations.active_ratings())]
    )
    form.assignee.choices = options(
        [(None, "anyone")] + [(u.id, u.email) for u in db.session.scalars(select(User).order_by(User.email))]
    )
    form.validate()
    filters = QueueFilters(
        article_id=form.article.data if not form.article.errors else None,
        article_text=(form.article_text.data or "").strip() or None if not form.article_text.errors else None,
        state=form.state.data or None if not form.state.errors else None,
        status=form.status.data or None if not form.status.errors else None,
        rating_id=form.rating.data if not form.rating.errors else None,
        assignee_id=form.assignee.data if not form.assignee.errors else None,
    )
    return form, filters


def _page(statement):
    return db.paginate(
        statement,
        page=request.args.get("page", 1, type=page_number),
        per_page=current_app.config["QUEUE_PER_PAGE"],
        error_out=False,
    )


def _queue_page(statement):
    """A keyset page of a claim queue: the ``after`` argument carries the last row's sort key."""
    return claim_queue_page(statement, request.args.get("after"), current_app.config["QUEUE_PER_PAGE"])


def _filter_args() -> dict:
    return {key: value for key, value in request.args.items() if key not in ("page", "after") and value}


def _queue(title: str, endpoint: str, show_claim_next: bool = False, **where) -> str:
    """A reviewer's queue page: the filtered claims ``where`` selects (``claim_queue``'s own arguments)."""
    form, filters = _filter_form()
    return render_template(
        "review/queue.html",
        title=title,
        form=form,
        pagination=_queue_page(claim_queue(filters, viewer=current_user, **where)),
        endpoint=endpoint,
        args=_filter_args(),
        action_form=ActionForm(),
        show_claim_next=show_claim_next,
        article_titles=db.session.scalars(recent_article_titles()).all(),
    )


@bp.route("/queue/mine")
def mine():
    """The claims assigned to the current user."""
    return _queue("My claims", "review.mine", assignee_id=current_user.id)


@bp.route("/queue/unassigned")
def unassigned():
    """New claims nobody has taken, most urgent first, with the Claim next button."""
    return _queue("Unassigned claims", "review.unassigned", show_claim_next=True, unassigned=True)


@bp.route("/queue/approval")
def approval():
    """Editors: proposed verdicts awaiting approval."""
    operations.require_editor(current_user, "see the verdicts awaiting approval")
    form, filters = _filter_form()
    pagination = _page(approval_queue(filters))
    return render_template(
        "review/approval.html",
        form=form,
        pagination=pagination,
        endpoint="review.approval",
        args=_filter_args(),
        article_titles=db.session.scalars(recent_article_titles()).all(),
    )


@bp.route("/queue/claim-next", methods=["POST"])
def claim_next():
    """Take the most urgent unassigned claim."""
    form = ActionForm()
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("review.unassigned"))
    article_id = request.args.get("article", type=record_id)
    claim = operations.claim_next(current_user, article_id=article_id)
    if claim is None:
        flash("No unassigned claims left.", "info")
        return redirect(url_for("review.unassigned"))
    flash("This claim is yours now.", "success")
    return redirect(url_for("claims.detail", claim_id=claim.id))


@bp.route("/claims/<int:claim_id>/take", methods=["POST"])
def take(claim_id: int):
    """Take one particular new claim."""
    claim = db.get_or_404(Claim, claim_id)
    if ActionForm().validate_on_submit():
        operations.take_claim(claim, current_user)
        flash("This claim is yours now.", "success")
    return redirect(url_for("claims.detail", claim_id=claim.id))


@bp.route("/claims/<int:claim_id>/assign", methods=["POST"])
def assign(claim_id: int):
    """Editors reassign a claim."""
    claim = db.get_or_404(Claim, claim_id)
    operations.require_editor(current_user, "reassign claims")  # before the form: no hint to others
    form = AssignForm()
    form.assignee_id.choices = options(
        [(None, "nobody")]
        + [(u.id, u.email) for u in db.session.scalars(select(User).where(User.is_active_account.is_(True)))]
    )
    if not form.validate_on_submit():
        flash("Choose who to assign the claim to.", "error")
        return redirect(url_for("claims.detail", claim_id=claim.id))
    assignee = db.session.get(User, form.assignee_id.data) if form.assignee_id.data else None
    operations.reassign(claim, current_user, assignee)
    flash(f"Assigned to {assignee.email}." if assignee else "Back in the unassigned pool.", "success")
    return redirect(url_for("claims.detail", claim_id=claim.id))


def verdict_form_for(claim: Claim, verdict: Verdict | None, formdata=None) -> VerdictForm:
    """The verdict form, filled from the working revision when there is one."""
    form = VerdictForm(formdata=formdata, obj=verdict if formdata is None else None)
    form.rating_id.choices = options(
        [(None, "— choose a rating —")]
        + [
            (r.id, r.name + ("" if r.requires_evidence else " (no evidence needed)"))
            for r in db.session.scalars(operations.active_ratings())
        ]
    )
    if formdata is None and verdict is not None:
        form.version.data = verdict.version_id
    return form


@bp.route("/claims/<int:claim_id>/verdict", methods=["GET", "POST"])
def verdict(claim_id: int):
    """Write, save and propose the claim's verdict."""
    claim = db.get_or_404(Claim, claim_id)
    operations.require_worker(claim, current_user)  # the form shows the unpublished draft
    working = operations.working_verdict(claim)
    if request.method == "GET":
        return render_template(
            "review/verdict.html", claim=claim, verdict=working, form=verdict_form_for(claim, working)
        )
    form = verdict_form_for(claim, working, formdata=request.form)
    if not form.validate_on_submit():
        return render_template("review/verdict.html", claim=claim, verdict=working, form=form), 422
    data = operations.VerdictInput(form.rating_id.data, form.summary.data or "", form.rationale.data or "")
    # Editing an existing draft from a form that carried no version (opened before the draft existed, in
    # another tab) is as stale as an old version: 0 never matches, so nothing is silently overwritten.
    version = form.version.data if form.version.data else (0 if working is not None else None)
    try:
        saved = operations.save_verdict(claim, current_user, data, version=version)
        if form.propose.data:
            operations.propose_verdict(saved, current_user, version=saved.version_id)
    except StaleEdit as error:
        db.session.rollback()
        current = operations.working_verdict(claim)
        form.version.data = current.version_id if current else None
        return render_template("review/verdict.html", claim=claim, verdict=current, form=form, conflict=error), 409
    except OperationError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        working = operations.working_verdict(claim)
        if working is not None:
            form.version.data = working.version_id
        return render_template("review/verdict.html", claim=claim, verdict=working, form=form), 422
    flash("Verdict proposed: it now awaits an editor." if form.propose.data else "Draft saved.", "success")
    return redirect(url_for("claims.detail", claim_id=claim.id))


@bp.route("/verdicts/<int:verdict_id>/decide", methods=["POST"])
def decide(verdict_id: int):
    """An editor approves or returns a proposed verdict."""
    verdict = db.get_or_404(Verdict, verdict_id)
    operations.require_editor(current_user, "decide on verdicts")  # before the form: no hint to others
    form = DecisionForm()
    if not form.validate_on_submit():
        flash("The form expired; reload the page and decide again.", "error")
        return redirect(url_for("claims.detail", claim_id=verdict.claim_id))
    version = form.version.data
    assert version is not None  # the field is InputRequired: validate_on_submit refused a form without one
    if form.send_back.data:
        operations.return_verdict(verdict, current_user, form.comment.data or "", version=version)
        message = "Returned to the reviewer."
    else:
        operations.approve_verdict(verdict, current_user, version=version)
        message = "Approved and published."
    flash(message, "success")
    return redirect(url_for("claims.detail", claim_id=verdict.claim_id))


@bp.route("/verdicts/<int:verdict_id>/discard", methods=["POST"])
def discard(verdict_id: int):
    """An editor rejects an open correction, or its assignee gives it up: the published verdict stays public."""
    verdict = db.get_or_404(Verdict, verdict_id)
    operations.require_worker(verdict.claim, current_user)  # before the form: no hint to others
    form = DiscardForm()
    if not form.validate_on_submit():
        reasons = form.reason.errors or ["The form expired; reload the page and try again."]
        flash(" ".join(str(reason) for reason in reasons), "error")
        return redirect(url_for("claims.detail", claim_id=verdict.claim_id))
    operations.discard_revision(verdict, current_user, form.reason.data or "", version=form.version.data)
    flash("Correction discarded. The published verdict is unchanged.", "success")
    return redirect(url_for("claims.detail", claim_id=verdict.claim_id))


@bp.route("/claims/<int:claim_id>/revise", methods=["POST"])
def revise(claim_id: int):
    """Open a correction of a published verdict."""
    claim = db.get_or_404(Claim, claim_id)
    if ActionForm().validate_on_submit():
        operations.open_revision(claim, current_user)
        flash("A new revision is open. The published verdict stays public until the correction is approved.", "success")
        return redirect(url_for("review.verdict", claim_id=claim.id))
    return redirect(url_for("claims.detail", claim_id=claim.id))


def sourcing_form_for(claim: Claim, formdata=None) -> SourcingForm:
    """The correction form, offering the sources of the claim's article."""
    from factcheck.sources.models import ArticleSource, Source

    form = SourcingForm(formdata=formdata)
    sources = db.session.scalars(
        select(Source).join(ArticleSource).where(ArticleSource.article_id == claim.article_id).order_by(Source.name)
    ).all()
    form.source_id.choices = options(
        [(None, "(keep the automatic source)")] + [(s.id, f"{s.name} ({s.type})") for s in sources]
    )
    if formdata is None:
        form.status.data = claim.corrected_status or ""
        form.source_id.data = claim.corrected_source_id
        form.reason.data = claim.correction_reason or ""
        form.version.data = claim.version_id
    return form


@bp.route("/claims/<int:claim_id>/sourcing", methods=["GET", "POST"])
def sourcing(claim_id: int):
    """Correct the automatic sourcing status or source, with a reason."""
    claim = db.get_or_404(Claim, claim_id)
    if request.method == "GET":
        return render_template("review/sourcing.html", claim=claim, form=sourcing_form_for(claim))
    form = sourcing_form_for(claim, formdata=request.form)
    if not form.validate_on_submit():
        return render_template("review/sourcing.html", claim=claim, form=form), 422
    try:
        operations.correct_sourcing(
            claim,
            current_user,
            status=form.status.data or None,
            source_id=form.source_id.data,
            reason=form.reason.data or "",
            version=form.version.data or 0,  # no version: treated as stale, never as "skip the check"
        )
    except StaleEdit as error:
        db.session.rollback()
        form.version.data = claim.version_id
        return render_template("review/sourcing.html", claim=claim, form=form, conflict=error), 409
    except OperationError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_template("review/sourcing.html", claim=claim, form=form), 422
    flash("Sourcing corrected. The automatic result stays visible beside it.", "success")
    return redirect(url_for("claims.detail", claim_id=claim.id))
