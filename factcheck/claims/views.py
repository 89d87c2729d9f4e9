"""A claim's own page, with its paragraph as context."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from factcheck.articles.display import paragraph_of
from factcheck.articles.models import Claim
from factcheck.extensions import db

bp = Blueprint("claims", __name__, url_prefix="/claims")


@bp.route("/<int:claim_id>")
def detail(claim_id: int):
    """The claim, its paragraph, its status with the reason, and its attributions."""
    claim = db.get_or_404(Claim, claim_id)
    article = claim.article
    before, claim_text, after = paragraph_of(article.text, claim)
    neighbours = db.session.execute(
        select(Claim.id, Claim.position)
        .where(Claim.article_id == article.id, Claim.position.in_([claim.position - 1, claim.position + 1]))
    ).all()
    previous_id = next((cid for cid, pos in neighbours if pos == claim.position - 1), None)
    next_id = next((cid for cid, pos in neighbours if pos == claim.position + 1), None)
    return render_template(
        "claims/detail.html",
        claim=claim,
        article=article,
        before=before,
        claim_text=claim_text,
        after=after,
        previous_id=previous_id,
        next_id=next_id,
    )
