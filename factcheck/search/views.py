"""The search page: ``/search?q=...`` with filters, best match first, a page at a time."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from factcheck.extensions import db
from factcheck.forms import options, page_number
from factcheck.review.operations import active_ratings
from factcheck.search.forms import SearchForm
from factcheck.search.queries import KIND_LABELS, SearchError, SearchFilters, checked_query, outlets, search

bp = Blueprint("search", __name__)
PER_PAGE = 20


@bp.route("/search")
def index():
    """Results for the query and filters of the request's arguments, or the form alone before a query."""
    form = SearchForm(request.args)
    form.rating.choices = options(
        [(None, "any rating")] + [(r.id, r.name) for r in db.session.scalars(active_ratings())]
    )
    form.outlet.choices = options([(None, "any outlet")] + [(name, name) for name in outlets()])
    page = request.args.get("page", 1, type=page_number)
    results, error = None, None
    if "q" in request.args:
        if form.validate():
            try:
                query = checked_query(form.q.data or "")
            except SearchError as refused:
                error = str(refused)
            else:
                filters = SearchFilters(
                    kind=form.kind.data or None,
                    status=form.status.data or None,
                    rating_id=form.rating.data,
                    review_state=form.state.data or None,
                    outlet=form.outlet.data or None,
                    date_from=form.date_from.data,
                    date_to=form.date_to.data,
                )
                results = search(query, filters, current_user, page=page, per_page=PER_PAGE)
        else:
            error = "Correct the search form: " + " ".join(
                f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "search/index.html", form=form, results=results, error=error, args=args, kind_labels=KIND_LABELS
    )
