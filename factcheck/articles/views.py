"""Article list, new-article form and article page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from factcheck.articles.display import language_notice, layout
from factcheck.articles.extract import ArticleInputError, extract_file
from factcheck.articles.forms import ArticleForm
from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.claims.models import Attribution, Claim
from factcheck.extensions import db
from factcheck.forms import page_number
from factcheck.sources.models import ArticleSource
from factcheck.vocabulary import STATUS_NAMES, Status, counted, status_name

bp = Blueprint("articles", __name__)


@bp.url_value_preprocessor
def read_an_oversized_article_form(endpoint: str | None, _values) -> None:
    """Let the new-article form read a logged-in user's request beyond MAX_CONTENT_LENGTH (up to
    ARTICLE_FORM_MAX_REQUEST_BYTES), and pasted text as long as a file may be, so that a file or text over the
    limit is refused by the form, which keeps what was typed, and not by Werkzeug before the form is read,
    which cannot. A url_value_preprocessor runs before every before_request function (the CSRF check reads
    the form)."""
    if endpoint != "articles.new" or request.method != "POST" or not current_user.is_authenticated:
        return
    limit = current_app.config["ARTICLE_FORM_MAX_REQUEST_BYTES"] or 4 * current_app.config["MAX_CONTENT_LENGTH"]
    request.max_content_length = request.max_form_memory_size = limit


@bp.route("/")
def index():
    """Articles, newest first, paginated."""
    page = request.args.get("page", 1, type=page_number)
    pagination = db.paginate(
        Article.newest_first(),
        page=page,
        per_page=current_app.config["ARTICLES_PER_PAGE"],
        error_out=False,
    )
    return render_template("articles/index.html", pagination=pagination)


@bp.route("/articles/", strict_slashes=False)
def list_redirect():
    """``/articles`` (where the article pages live) is the article list, at ``/``; its page number is kept."""
    page = request.args.get("page", type=page_number)
    return redirect(url_for("articles.index", page=page) if page and page > 1 else url_for("articles.index"))


@bp.route("/articles/new", methods=["GET", "POST"])
def new():
    """Add an article from pasted text or an uploaded file."""
    form = ArticleForm()
    if form.validate_on_submit():
        data = ArticleData(
            text=form.text.data or "",
            title=form.title.data,
            outlet=form.outlet.data,
            url=form.url.data,
            published_on=form.published_on.data,
        )
        try:
            if form.upload.data and form.upload.data.filename:
                upload = form.upload.data
                allowed = current_app.config["ALLOWED_UPLOAD_EXTENSIONS"]
                data = data.or_else(extract_file(upload.filename, upload.read(), allowed))
            result = ingest_article(data, created_by=current_user)
        except ArticleInputError as error:
            db.session.rollback()
            form.upload.errors = [*form.upload.errors, str(error)]
            return render_template("articles/new.html", form=form), 422
        if not result.created:
            flash(f"This article is already in the workbench as “{result.article.title}”.", "info")
            return redirect(url_for("articles.detail", article_id=result.article.id))
        flash(f"Added “{result.article.title}” with {counted(result.article.claim_count, 'claim')}.", "success")
        return redirect(url_for("articles.detail", article_id=result.article.id))
    status = 422 if form.is_submitted() else 200
    return render_template("articles/new.html", form=form), status


@bp.route("/articles/<int:article_id>")
def detail(article_id: int):
    """The article as paragraphs and headings, claims highlighted in place, and a side list of claims; with
    ``?status=<status>``, only the claims of that effective status are listed and highlighted."""
    article = db.get_or_404(Article, article_id)
    # One GROUP BY for the filter row's counts, in the vocabulary's order (Status), whatever the claims.
    found = dict(
        db.session.execute(
            select(Claim.effective_status, func.count())
            .where(Claim.article_id == article.id)
            .group_by(Claim.effective_status)
        ).all()
    )
    counts = {status.value: found[status] for status in Status if status in found}
    selected = request.args.get("status") or None
    refusal = None
    if selected is not None and selected not in STATUS_NAMES:
        known = ", ".join(f"“{status}” ({status_name(status)})" for status in STATUS_NAMES)
        refusal = f"There is no sourcing status “{selected}”. Filter by one of {known}, or show all claims."
        selected = None
    query = (
        select(Claim)
        .where(Claim.article_id == article.id)
        .order_by(Claim.position)
        .options(selectinload(Claim.attributions).selectinload(Attribution.source))
    )
    if selected is not None:
        query = query.where(Claim.effective_status == selected)
    claims = db.session.scalars(query).all()
    sources = db.session.scalars(
        select(ArticleSource)
        .where(ArticleSource.article_id == article.id)
        .options(selectinload(ArticleSource.source))
        .order_by(ArticleSource.is_identifiable, ArticleSource.id)
    ).all()
    page = render_template(
        "articles/detail.html",
        article=article,
        claims=claims,
        counts=counts,
        selected=selected,
        refusal=refusal,
        blocks=layout(article.text, list(claims)),
        sources=sources,
        notice=language_notice(article),
    )
    return page, 400 if refusal else 200
