"""The source registry: every source across articles, and identity checks."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from factcheck.articles.models import Article
from factcheck.claims.models import Attribution, Claim
from factcheck.extensions import db
from factcheck.forms import CONTROL_CHARACTER, page_number
from factcheck.sources.forms import IdentityCheckForm
from factcheck.sources.models import ArticleSource, IdentityCheck, Source
from factcheck.sources.operations import record_identity_check
from factcheck.workflow import OperationError

bp = Blueprint("sources", __name__, url_prefix="/sources")
ARTICLES_SHOWN = 3  # articles named per source in the registry list; the rest are counted


def registry():
    """Statement: sources with their article count, claim count and whether any article left them
    unidentified; people the text never identifies first.

    The counts are aggregated from article_source alone (read from its covering index
    ix_article_source_registry) before the join, so the sources are joined once per source, not per row.
    """
    identifiable = func.min(case((ArticleSource.is_identifiable, 1), else_=0))
    stats = (
        select(
            ArticleSource.source_id,
            func.count().label("articles"),
            func.coalesce(func.sum(ArticleSource.claim_count), 0).label("claims"),
            identifiable.label("identifiable"),
        )
        .group_by(ArticleSource.source_id)
        .subquery()
    )
    return (
        select(Source, stats.c.articles, stats.c.claims, stats.c.identifiable)
        .join(stats, stats.c.source_id == Source.id)
        .order_by(stats.c.identifiable, stats.c.claims.desc(), Source.name, Source.id)
    )


def articles_of(source_ids: list[int], shown: int = ARTICLES_SHOWN) -> dict[int, list[tuple[int, str]]]:
    """The newest ``shown`` articles (id, title) each source appears in, in one statement: the registry's rows
    named "Critics" or "Officials" (one per article that leaves them anonymous) then say where they are from."""
    newest = (
        func.row_number()
        .over(partition_by=ArticleSource.source_id, order_by=(Article.created_at.desc(), Article.id.desc()))
        .label("newest")
    )
    ranked = (
        select(ArticleSource.source_id, Article.id, Article.title, newest)
        .join(Article, Article.id == ArticleSource.article_id)
        .where(ArticleSource.source_id.in_(source_ids))
        .subquery()
    )
    found: dict[int, list[tuple[int, str]]] = {}
    rows = db.session.execute(
        select(ranked.c.source_id, ranked.c.id, ranked.c.title)
        .where(ranked.c.newest <= shown)
        .order_by(ranked.c.source_id, ranked.c.newest)
    )
    for source_id, article_id, title in rows:
        found.setdefault(source_id, []).append((article_id, title))
    return found


@bp.route("/")
def index():
    """Every source across articles."""
    query = registry()
    # Control characters can be in no stored name (PostgreSQL refuses NUL in a query): drop them.
    kind = CONTROL_CHARACTER.sub("", request.args.get("type") or "")
    if kind:
        query = query.where(Source.type == kind)
    search = CONTROL_CHARACTER.sub("", request.args.get("q") or "").strip()
    if search:
        query = query.where(Source.name.ilike(f"%{search}%"))
    page = request.args.get("page", 1, type=page_number)
    per_page = current_app.config["QUEUE_PER_PAGE"]
    rows = db.session.execute(query.limit(per_page + 1).offset((max(page, 1) - 1) * per_page)).all()[:per_page]
    return render_template(
        "sources/index.html",
        rows=rows,
        appears_in=articles_of([row[0].id for row in rows]),
        page=max(page, 1),
        has_next=len(rows) > per_page,
        kind=kind,
        q=search,
    )


@bp.route("/<int:source_id>", methods=["GET", "POST"])
def detail(source_id: int):
    """A source: how each article presents it, the claims it backs, its identity checks."""
    source = db.get_or_404(Source, source_id)
    form = IdentityCheckForm()
    if form.validate_on_submit():
        try:
            record_identity_check(
                source,
                current_user,
                result=form.result.data,
                evidence_url=form.evidence_url.data,
                note=form.note.data or "",
            )
        except OperationError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            flash("Identity check recorded. It shows on every claim that quotes this source.", "success")
            return redirect(url_for("sources.detail", source_id=source.id))
    appearances = db.session.scalars(
        select(ArticleSource).where(ArticleSource.source_id == source.id).options(selectinload(ArticleSource.article))
    ).all()
    claims = db.session.scalars(
        select(Claim)
        .where(
            (Claim.id.in_(select(Attribution.claim_id).where(Attribution.source_id == source.id)))
            | (Claim.corrected_source_id == source.id)
        )
        .options(selectinload(Claim.article))
        .order_by(Claim.article_id, Claim.position)
        .limit(200)
    ).all()
    checks = db.session.scalars(
        select(IdentityCheck)
        .where(IdentityCheck.source_id == source.id)
        .options(selectinload(IdentityCheck.checked_by))
        .order_by(IdentityCheck.checked_at.desc(), IdentityCheck.id.desc())
    ).all()
    status = 422 if (form.is_submitted() and form.errors) or form.form_errors else 200
    return render_template(
        "sources/detail.html", source=source, appearances=appearances, claims=claims, checks=checks, form=form
    ), status
