"""The public site (no login): each fact-check at one address for its whole life, with its ClaimReview JSON-LD
and its corrections; the archive, the Atom feed and the sitemap. Only published work is ever shown."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, stream_template, url_for

from factcheck.extensions import db
from factcheck.forms import options, page_number
from factcheck.reports.exports import claimreview
from factcheck.reports.forms import ArchiveFilterForm
from factcheck.reports.operations import organisation
from factcheck.reports.published import (
    PublishedFilter,
    corrections,
    public_base_url,
    published_record,
    published_statement,
    published_verdict_claim,
    ratings_on_the_scale,
    records_of,
    sitemap_entries,
)

bp = Blueprint("public", __name__)
# The archive filter's query parameters, kept in its page links.
ARCHIVE_FILTERS = ("rating", "from", "to")


@bp.route("/fact-checks/<int:claim_id>")
def fact_check(claim_id: int):
    """A claim's published fact-check for readers, the same address through every correction."""
    record = published_record(claim_id)
    if record is None:
        abort(404)  # never published: drafts, proposals and returned work are never public
    return render_template(
        "reports/public_verdict.html",
        record=record,
        corrections=corrections(claim_id),
        claimreview=claimreview(record, organisation()),
        organisation=organisation(),
    )


@bp.route("/verdicts/<int:verdict_id>")
def verdict(verdict_id: int):
    """The old address of one published revision: permanently the claim's fact-check, whatever corrected it."""
    claim_id = published_verdict_claim(verdict_id)
    if claim_id is None:
        abort(404)
    return redirect(url_for("public.fact_check", claim_id=claim_id), code=301)


@bp.route("/fact-checks/")
def archive():
    """Published fact-checks, the latest publication or correction first, paginated; by rating and by the days
    they were published or corrected."""
    form = ArchiveFilterForm(formdata=request.args)
    form.rating.choices = options([(None, "any rating"), *ratings_on_the_scale()])
    page = {"form": form, "organisation": organisation(), "canonical": public_base_url(url_for("public.archive"))}
    if not form.validate():
        return render_template("reports/archive.html", pagination=None, records=[], filters={}, **page), 422
    pagination = db.paginate(
        published_statement(form.chosen()),
        page=request.args.get("page", 1, type=page_number),
        per_page=current_app.config["ARCHIVE_PER_PAGE"],
        error_out=False,
    )
    filters = {name: request.args[name] for name in ARCHIVE_FILTERS if request.args.get(name)}
    return render_template(
        "reports/archive.html", pagination=pagination, records=records_of(pagination.items), filters=filters, **page
    )


@bp.route("/verdicts/")
def verdicts_index():
    """``/verdicts/`` (where revisions' old addresses live) is the archive."""
    return redirect(url_for("public.archive"), code=301)


@bp.route("/fact-checks/feed.atom")
def feed():
    """An Atom feed of the latest published fact-checks and corrections, newest change first."""
    verdicts = db.session.scalars(
        published_statement(PublishedFilter()).limit(current_app.config["FEED_ENTRIES"])
    ).all()
    records = records_of(verdicts)
    return Response(
        render_template(
            "reports/feed.atom.xml",
            records=records,
            updated=records[0].published_at if records else datetime.now(UTC),
            organisation=organisation(),
            feed_url=public_base_url(url_for("public.feed")),
            archive_url=public_base_url(url_for("public.archive")),
        ),
        mimetype="application/atom+xml",
    )


@bp.route("/sitemap.xml")
def sitemap():
    """Every published fact-check's address and its last change (sitemaps.org), streamed."""
    return Response(
        stream_template(
            "reports/sitemap.xml",
            archive_url=public_base_url(url_for("public.archive")),
            entries=sitemap_entries(),
        ),
        mimetype="application/xml",
    )
