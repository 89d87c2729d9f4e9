"""Imported fact-checks: their list, and the upload form for editors."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.factchecks.forms import ImportForm
from factcheck.factchecks.models import ExternalFactCheck
from factcheck.factchecks.operations import store_factchecks
from factcheck.factchecks.parse import FactCheckInputError, parse_factchecks
from factcheck.forms import page_number
from factcheck.workflow import PermissionDenied

bp = Blueprint("factchecks", __name__, url_prefix="/factchecks")


@bp.route("/")
def index():
    """Imported fact-checks, the newest review first, paginated."""
    page = request.args.get("page", 1, type=page_number)
    statement = select(ExternalFactCheck).order_by(
        ExternalFactCheck.reviewed_on.desc().nulls_last(), ExternalFactCheck.id.desc()
    )
    pagination = db.paginate(statement, page=page, per_page=current_app.config["ARTICLES_PER_PAGE"], error_out=False)
    return render_template("factchecks/index.html", pagination=pagination)


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """Editors import one file's fact-checks; the page then lists what was added, the duplicates and each item
    skipped with its reason."""
    if not current_user.is_editor:
        raise PermissionDenied("Only editors import other fact-checkers' verdicts.")
    form = ImportForm()
    if form.validate_on_submit():
        try:
            result = parse_factchecks(form.upload.data.read())
        except FactCheckInputError as error:
            form.upload.errors = [*form.upload.errors, f"{form.upload.data.filename}: {error}"]
            return render_template("factchecks/import.html", form=form), 422
        counts = store_factchecks(result.items)
        return render_template(
            "factchecks/import.html",
            form=ImportForm(formdata=None),
            filename=form.upload.data.filename,
            counts=counts,
            skipped=result.skipped,
        )
    status = 422 if form.is_submitted() else 200
    return render_template("factchecks/import.html", form=form), status
