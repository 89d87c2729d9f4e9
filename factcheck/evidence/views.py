"""Adding, editing and withdrawing evidence on a claim."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from factcheck.claims.models import Claim
from factcheck.evidence.forms import EvidenceForm, WithdrawForm
from factcheck.evidence.models import Evidence
from factcheck.evidence.operations import (
    EVIDENCE_FIELDS,
    EvidenceInput,
    add_evidence,
    require_editable,
    require_evidence_work,
    update_evidence,
    withdraw_evidence,
)
from factcheck.extensions import db
from factcheck.workflow import OperationError, StaleEdit

bp = Blueprint("evidence", __name__)


def _input(form: EvidenceForm) -> EvidenceInput:
    return EvidenceInput(
        url=form.url.data or "",
        title=form.title.data or "",
        stance=form.stance.data or "",
        kind=form.kind.data or "",
        publisher=form.publisher.data,
        published_on=form.published_on.data,
        accessed_on=form.accessed_on.data,
        excerpt=form.excerpt.data,
        note=form.note.data,
    )


@bp.route("/claims/<int:claim_id>/evidence/new", methods=["GET", "POST"])
def new(claim_id: int):
    """Attach evidence to a claim."""
    claim = db.get_or_404(Claim, claim_id)
    require_evidence_work(claim, current_user)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            add_evidence(claim, current_user, _input(form))
        except OperationError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            flash("Evidence added.", "success")
            return redirect(url_for("claims.detail", claim_id=claim.id, _anchor="evidence"))
    status = 422 if form.is_submitted() else 200
    return render_template("evidence/form.html", claim=claim, form=form, evidence=None), status


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
def edit(evidence_id: int):
    """Edit an evidence item (its author or an editor); a stale form gets a 409 with both versions."""
    evidence = db.get_or_404(Evidence, evidence_id)
    require_editable(evidence, current_user)
    if request.method == "GET":
        form = EvidenceForm(obj=evidence)
        form.version.data = evidence.version_id
        return render_template("evidence/form.html", claim=evidence.claim, form=form, evidence=evidence)
    form = EvidenceForm()
    if not form.validate_on_submit():
        return render_template("evidence/form.html", claim=evidence.claim, form=form, evidence=evidence), 422
    try:
        update_evidence(
            evidence, current_user, _input(form), version=form.version.data or 0
        )  # no version: stale, never "skip the check"
    except StaleEdit as error:
        db.session.rollback()
        form.version.data = evidence.version_id
        return render_template(
            "evidence/form.html",
            claim=evidence.claim,
            form=form,
            evidence=evidence,
            conflict=error,
            fields=EVIDENCE_FIELDS,
        ), 409
    except OperationError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return render_template("evidence/form.html", claim=evidence.claim, form=form, evidence=evidence), 422
    flash("Evidence updated.", "success")
    return redirect(url_for("claims.detail", claim_id=evidence.claim_id, _anchor="evidence"))


@bp.route("/evidence/<int:evidence_id>/withdraw", methods=["GET", "POST"])
def withdraw(evidence_id: int):
    """Withdraw an evidence item, saying why; it stays in the history."""
    evidence = db.get_or_404(Evidence, evidence_id)
    require_editable(evidence, current_user)
    form = WithdrawForm()
    if request.method == "GET":
        form.version.data = evidence.version_id
        return render_template("evidence/withdraw.html", evidence=evidence, form=form)
    if not form.validate_on_submit():
        return render_template("evidence/withdraw.html", evidence=evidence, form=form), 422
    try:
        withdraw_evidence(evidence, current_user, form.reason.data or "", version=form.version.data or 0)
    except StaleEdit as error:
        db.session.rollback()
        form.version.data = evidence.version_id
        return render_template("evidence/withdraw.html", evidence=evidence, form=form, conflict=error), 409
    flash("Evidence withdrawn. It stays in the claim's history.", "success")
    return redirect(url_for("claims.detail", claim_id=evidence.claim_id, _anchor="evidence"))
