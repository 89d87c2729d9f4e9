"""Report pages and downloads: the sourcing report, the verdict report, and its exports."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from factcheck.articles.models import Article
from factcheck.extensions import db
from factcheck.jobs.operations import enqueue, start_pdf_export
from factcheck.reports.chart import status_chart
from factcheck.reports.exports import FORMATS, INTERNAL_FORMATS, MEDIA_TYPES, export_filename
from factcheck.reports.forms import ReportFilterForm
from factcheck.reports.operations import ExportTooLarge, export_chunks, verdict_records
from factcheck.reports.queries import ReportScope, article_ids_in_scope
from factcheck.reports.sourcing import build_sourcing_report
from factcheck.transactions import commit

bp = Blueprint("reports", __name__)
# The printable report is one self-contained page: inline styles and the SVG chart, nothing else.
PRINTABLE_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def _filter_form() -> tuple[ReportFilterForm, ReportScope | None]:
    """The filter from the query string, and its scope when valid. Unpublished work is for editors only."""
    form = ReportFilterForm(formdata=request.args)
    if not form.validate():
        return form, None
    if form.internal.data and not current_user.is_editor:
        abort(403, description="The internal report, with unpublished work, is for editors.")
    return form, form.scope(internal_allowed=current_user.is_editor)


def _download_args(scope: ReportScope) -> dict:
    """Query parameters that reproduce ``scope`` for the download links."""
    args: dict = {}
    if scope.article_ids:
        args["article"] = ",".join(str(i) for i in scope.article_ids)
    if scope.date_from:
        args["from"] = scope.date_from.isoformat()
    if scope.date_to:
        args["to"] = scope.date_to.isoformat()
    if scope.internal:
        args["internal"] = "y"
    return args


@bp.route("/reports")
def index():
    """Choose a scope for the sourcing report and the verdict report."""
    form = ReportFilterForm(formdata=None)
    articles = db.session.execute(
        select(Article.id, Article.title, Article.published_on).order_by(Article.id.desc()).limit(50)
    ).all()
    return render_template("reports/index.html", form=form, articles=articles)


@bp.route("/articles/<int:article_id>/sourcing")
def article_sourcing(article_id: int):
    """The sourcing report of one article."""
    article = db.get_or_404(Article, article_id)
    report = build_sourcing_report([article.id])
    return render_template(
        "reports/sourcing.html",
        report=report,
        article=article,
        chart=status_chart(report.counts),
        scope=ReportScope(article_ids=(article.id,)),
        download_args={"article": str(article.id)},
        form=None,
    )


@bp.route("/reports/sourcing")
def sourcing():
    """The sourcing report over a set of articles (ids and/or a publication-date range)."""
    form, scope = _filter_form()
    if scope is None:
        return render_template("reports/sourcing.html", report=None, form=form, article=None), 422
    report = build_sourcing_report(
        article_ids_in_scope(scope), claim_limit=current_app.config["SOURCING_REPORT_CLAIMS_PER_STATUS"]
    )
    return render_template(
        "reports/sourcing.html",
        report=report,
        article=None,
        chart=status_chart(report.counts),
        scope=scope,
        download_args=_download_args(scope),
        form=form,
    )


@bp.route("/reports/verdicts")
def verdicts():
    """The verdict report as a page: published verdicts, or (editors) every claim's newest revision."""
    form, scope = _filter_form()
    if scope is None:
        return render_template("reports/verdicts.html", form=form, scope=None, records=None), 422
    # The page streams, so its session cookie goes out before the body renders: its forms' CSRF token (the PDF
    # button, log out) must be in the session first, or the first page after a login posts a token it never saved.
    generate_csrf()
    return Response(
        stream_template(
            "reports/verdicts.html",
            form=form,
            scope=scope,
            records=verdict_records(scope),
            download_args=_download_args(scope),
            formats=FORMATS,
        ),
        mimetype="text/html",
    )


def _refusal(code: int, name: str, message: str):
    return render_template("errors/error.html", code=code, name=name, message=message), code


def _scope_or_refusal():
    """The download's scope, or the 400 page for a bad filter."""
    form, scope = _filter_form()
    if scope is None:
        problems = "; ".join(" ".join(errors) for errors in form.errors.values())
        return None, _refusal(400, "Bad report filter", problems)
    return scope, None


@bp.post("/reports/verdicts.pdf")
def start_pdf():
    """Start making the verdict report as a PDF in the background, and go to the job's page."""
    scope, refusal = _scope_or_refusal()
    if refusal:
        return refusal
    try:
        job = start_pdf_export(scope, current_user)
    except ExportTooLarge as error:
        return _refusal(413, "Too large for a PDF", str(error))
    commit()  # before a worker can look for the job
    enqueue(job)
    return redirect(url_for("jobs.detail", job_id=job.id), code=303)


@bp.route("/reports/verdicts.<fmt>")
def download(fmt: str):
    """A verdict export as a download, streamed; the PDF is made by a job (``start_pdf``), this page starts it."""
    if fmt not in FORMATS:
        abort(404)
    scope, refusal = _scope_or_refusal()
    if refusal:
        return refusal
    if scope.internal and fmt not in INTERNAL_FORMATS:
        return _refusal(400, "Published only", "ClaimReview carries published verdicts only; leave out “internal”.")
    headers = {"Content-Disposition": f'attachment; filename="{export_filename(fmt, scope)}"'}
    if fmt == "pdf":
        # An old link or bookmark: the button that starts the job (a GET changes nothing).
        return render_template("jobs/start_pdf.html", scope=scope, download_args=_download_args(scope))
    if fmt == "html":
        # A standalone document: its styles are inline (for the saved file and the PDF); still no script.
        headers["Content-Security-Policy"] = PRINTABLE_PAGE_POLICY
        if request.args.get("view"):
            del headers["Content-Disposition"]  # the printable page, opened in the browser rather than saved
    return Response(stream_with_context(export_chunks(fmt, scope)), content_type=MEDIA_TYPES[fmt], headers=headers)
