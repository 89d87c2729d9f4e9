"""A claim's own page: its paragraph, sourcing, evidence, verdicts and history."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from factcheck.articles.display import paragraph_of
from factcheck.audit.models import AuditEvent
from factcheck.audit.operations import claim_history
from factcheck.auth.models import User
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import claim_sources
from factcheck.evidence.models import Evidence
from factcheck.evidence.operations import evidence_refusal
from factcheck.extensions import db
from factcheck.forms import options
from factcheck.review.forms import ActionForm, AssignForm, DecisionForm, DiscardForm
from factcheck.review.models import Rating, Verdict, VerdictState
from factcheck.review.operations import may_see_unpublished
from factcheck.search.matching import prior_checks
from factcheck.sources.models import ArticleSource
from factcheck.vocabulary import REVIEW_STATE_NAMES, STATUS_NAMES

bp = Blueprint("claims", __name__, url_prefix="/claims")
NEVER_PUBLISHED_STATES = (VerdictState.DRAFT, VerdictState.SUBMITTED, VerdictState.RETURNED, VerdictState.DISCARDED)


@bp.route("/<int:claim_id>")
def detail(claim_id: int):
    """The claim in its paragraph, its status and reason, evidence, verdict revisions, the published verdicts
    on claims that say the same thing, and history."""
    claim = db.session.scalar(
        select(Claim)
        .where(Claim.id == claim_id)
        .options(
            selectinload(Claim.attributions).selectinload(Attribution.source),
            selectinload(Claim.assignee),
            selectinload(Claim.corrected_by),
            selectinload(Claim.corrected_source),
        )
    )
    if claim is None:
        abort(404)
    article = claim.article
    before, claim_text, after = paragraph_of(article.text, claim)
    neighbours = db.session.execute(
        select(Claim.id, Claim.position).where(
            Claim.article_id == article.id, Claim.position.in_([claim.position - 1, claim.position + 1])
        )
    ).all()
    sources = claim_sources(claim)
    appearances = {
        a.source_id: a
        for a in db.session.scalars(
            select(ArticleSource).where(
                ArticleSource.article_id == article.id, ArticleSource.source_id.in_([s.id for s in sources])
            )
        )
    }
    evidence = db.session.scalars(
        select(Evidence)
        .where(Evidence.claim_id == claim.id)
        .options(selectinload(Evidence.author), selectinload(Evidence.withdrawn_by))
        .order_by(Evidence.withdrawn_at.is_not(None), Evidence.created_at, Evidence.id)
    ).all()
    verdicts = db.session.scalars(
        select(Verdict)
        .where(Verdict.claim_id == claim.id)
        .options(selectinload(Verdict.rating), selectinload(Verdict.author), selectinload(Verdict.decided_by))
        .order_by(Verdict.revision.desc())
    ).all()
    history = db.session.scalars(claim_history(claim.id).options(selectinload(AuditEvent.user))).all()
    shown_values = history_labels(history)
    # Another reviewer's unpublished verdict stays private, on the page and in the history.
    # Corrections given up were never public either: listed for those who may read unpublished text.
    hidden_verdict_ids = {
        v.id for v in verdicts if v.state in NEVER_PUBLISHED_STATES and not may_see_unpublished(claim, v, current_user)
    }
    discarded = [v for v in verdicts if v.state == VerdictState.DISCARDED and v.id not in hidden_verdict_ids]
    assign_form = AssignForm()
    assign_form.assignee_id.choices = options(
        [(None, "nobody")]
        + [
            (u.id, f"{u.email} ({u.role})")
            for u in db.session.scalars(select(User).where(User.is_active_account.is_(True)).order_by(User.email))
        ]
    )
    assign_form.assignee_id.data = claim.assignee_id
    return render_template(
        "claims/detail.html",
        claim=claim,
        article=article,
        evidence_refusal=evidence_refusal(claim, current_user),
        before=before,
        claim_text=claim_text,
        after=after,
        previous_id=next((cid for cid, pos in neighbours if pos == claim.position - 1), None),
        next_id=next((cid for cid, pos in neighbours if pos == claim.position + 1), None),
        sources=sources,
        appearances=appearances,
        evidence=evidence,
        verdicts=verdicts,
        history=history,
        shown_values=shown_values,
        hidden_verdict_ids=hidden_verdict_ids,
        prior_checks=prior_checks(claim),
        action_form=ActionForm(),
        decision_form=DecisionForm(),
        discard_form=DiscardForm(),
        discarded=discarded,
        assign_form=assign_form,
    )


# History values that are ids of people or ratings, shown by what they name.
_USER_KEYS = ("assignee_id", "author_id", "corrected_by_id", "decided_by_id")
_RATING_KEYS = ("rating_id",)


def history_labels(history) -> dict[tuple[str, object], str]:
    """Readable labels for the values in the history's before/after values: (key, id) → email or rating name,
    (key, status) → the status's name."""
    wanted: dict[str, set[int]] = {"user": set(), "rating": set()}
    for event in history:
        for values in (event.before or {}, event.after or {}):
            for key, value in values.items():
                if isinstance(value, int) and key in _USER_KEYS:
                    wanted["user"].add(value)
                elif isinstance(value, int) and key in _RATING_KEYS:
                    wanted["rating"].add(value)
    labels: dict[tuple[str, object], str] = {}
    if wanted["user"]:
        for user_id, email in db.session.execute(select(User.id, User.email).where(User.id.in_(wanted["user"]))):
            labels.update({(key, user_id): email for key in _USER_KEYS})
    if wanted["rating"]:
        for rating_id, name in db.session.execute(
            select(Rating.id, Rating.name).where(Rating.id.in_(wanted["rating"]))
        ):
            labels.update({(key, rating_id): name for key in _RATING_KEYS})
    # Statuses and review states by their names.
    for key in ("status", "corrected_status"):
        labels.update({(key, status): name for status, name in STATUS_NAMES.items()})
    labels.update({("review_state", state): name for state, name in REVIEW_STATE_NAMES.items()})
    return labels
