"""Nothing public changes without an editor: evidence work follows the review state, an approval re-checks
what the proposal checked, and a published fact-check shows what was approved, whatever is edited after."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from factcheck.audit.models import AuditEvent
from factcheck.auth.models import User
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.evidence.operations import EvidenceInput, add_evidence, update_evidence, withdraw_evidence
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.models import Verdict
from factcheck.search.queries import SearchFilters, search
from factcheck.sources.models import Source
from factcheck.sources.operations import record_identity_check
from factcheck.workflow import InvalidTransition, OperationError, PermissionDenied
from tests.conftest import log_in
from tests.review_helpers import chambers_claim, rating, some_evidence, user

INJECTED = EvidenceInput(
    url="https://attacker.example/official", title="INJECTED (official correction)", stance="refutes", kind="primary"
)


def _publish(claim, reviewer, editor, name="False"):
    verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating(name).id, "Analyst is unknown", "Checked."))
    ops.propose_verdict(verdict, reviewer, version=verdict.version_id)
    return ops.approve_verdict(verdict, editor, version=verdict.version_id)


@pytest.fixture
def published(app, demo_article, people):
    """The Chambers claim with one evidence item and a published "False" verdict; returns (claim, verdict, evidence)
    ids."""
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        evidence = some_evidence(claim, reviewer)
        verdict = _publish(claim, reviewer, editor)
        db.session.commit()
        return claim.id, verdict.id, evidence.id


def _public(app, verdict_id: int) -> tuple[str, dict]:
    """The public page as an anonymous reader gets it (a revision's address leads to its fact-check's), and its
    ClaimReview."""
    response = app.test_client().get(f"/verdicts/{verdict_id}", follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    return page, json.loads(block.group(1))


def test_evidence_work_follows_the_review_state(app, demo_article, people):
    with app.app_context():
        reviewer, other, editor = user(people["reviewer"]), user(people["other"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        with pytest.raises(PermissionDenied, match="Take this claim first"):
            add_evidence(claim, reviewer, INJECTED)
        ops.take_claim(claim, reviewer)
        with pytest.raises(PermissionDenied, match="assigned to someone else"):
            add_evidence(claim, other, INJECTED)
        item = some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Unknown", "Checked."))
        ops.propose_verdict(verdict, reviewer, version=verdict.version_id)
        with pytest.raises(PermissionDenied, match="awaits an editor"):
            add_evidence(claim, reviewer, INJECTED)
        some_evidence(claim, editor, stance="context")  # the editor deciding on it may add to it
        ops.approve_verdict(verdict, user(people["editor2"]), version=verdict.version_id)
        for person in (reviewer, other, editor):
            with pytest.raises(InvalidTransition, match="open a correction"):
                add_evidence(claim, person, INJECTED)
        with pytest.raises(InvalidTransition, match="open a correction"):
            update_evidence(item, reviewer, INJECTED, version=item.version_id)
        with pytest.raises(InvalidTransition, match="open a correction"):
            withdraw_evidence(item, editor, "Replaced", version=item.version_id)
        ops.open_revision(claim, other)  # a correction: its author works on the claim again
        add_evidence(claim, other, INJECTED)
        with pytest.raises(PermissionDenied, match="assigned to someone else"):
            add_evidence(claim, reviewer, INJECTED)


def test_the_web_refuses_evidence_on_a_published_claim_and_says_how(app, client, published, people):
    claim_id, verdict_id, evidence_id = published
    with app.app_context():
        other = user(people["other"]).email
        author = user(people["reviewer"]).email
    before, _ = _public(app, verdict_id)
    log_in(client, other)
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "open a correction to change its evidence" in page and f"/claims/{claim_id}/evidence/new" not in page
    data = {"url": INJECTED.url, "title": INJECTED.title, "stance": "refutes", "kind": "primary"}
    assert client.post(f"/claims/{claim_id}/evidence/new", data=data).status_code == 409
    client.post("/logout")
    log_in(client, author)
    with app.app_context():
        version = db.session.get(Evidence, evidence_id).version_id
    edited = client.post(f"/evidence/{evidence_id}/edit", data={**data, "version": version})
    assert edited.status_code == 409
    assert _public(app, verdict_id)[0] == before
    with app.app_context():
        assert db.session.scalar(select(Evidence.title).where(Evidence.id == evidence_id)) == "Official report"


def test_approval_rechecks_the_evidence_the_proposal_needed(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        item = some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Unknown", "Checked."))
        ops.propose_verdict(verdict, reviewer, version=verdict.version_id)
        withdraw_evidence(item, editor, "The report says the opposite", version=item.version_id)
        db.session.commit()
        with pytest.raises(OperationError, match=r"can no longer be published.*needs at least one evidence item"):
            ops.approve_verdict(verdict, editor, version=verdict.version_id)
        db.session.rollback()
        verdict = db.session.get(Verdict, verdict.id)
        assert verdict.state == "submitted" and verdict.published_at is None
        ops.return_verdict(verdict, editor, "The evidence was withdrawn.", version=verdict.version_id)
        assert verdict.state == "returned"


def test_approval_rechecks_the_rating_is_still_on_the_scale(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Unknown", "Checked."))
        ops.propose_verdict(verdict, reviewer, version=verdict.version_id)
        rating("False").is_active = False
        with pytest.raises(OperationError, match="retired from the scale"):
            ops.approve_verdict(verdict, editor, version=verdict.version_id)


def test_the_public_fact_check_shows_what_was_approved_until_a_correction_is(app, client, published, people):
    claim_id, verdict_id, evidence_id = published
    before_page, before = _public(app, verdict_id)
    assert before["itemReviewed"]["author"]["name"] == "Robert Chambers"
    with app.app_context():
        other, editor = user(people["other"]), user(people["editor"])
        claim = db.session.get(Claim, claim_id)
        beijing = Source(name="Beijing", type="government", key="beijing-test")
        db.session.add(beijing)
        db.session.flush()
        # Edits after publication by anyone: a sourcing correction, an identity check, a correction's evidence.
        ops.correct_sourcing(claim, other, status="sourced", source_id=beijing.id, reason="Claim by Beijing")
        record_identity_check(
            claim.attributions[0].source, other, result="verified", evidence_url="https://example.org", note="x"
        )
        revision = ops.open_revision(claim, other)
        add_evidence(claim, other, INJECTED)
        old = db.session.get(Evidence, evidence_id)
        withdraw_evidence(old, editor, "Superseded by the ministry's statement", version=old.version_id)
        db.session.commit()
        revision_id = revision.id
    page, after = _public(app, verdict_id)
    assert after == before and page == before_page
    assert "INJECTED" not in page and "Beijing" not in page
    # The correction, once an editor approves it, is what the public page shows.
    with app.app_context():
        other, editor = user(people["other"]), user(people["editor"])
        revision = db.session.get(Verdict, revision_id)
        revision = ops.save_verdict(
            revision.claim,
            other,
            ops.VerdictInput(rating("False").id, "Unknown", "Rechecked."),
            version=revision.version_id,
        )
        ops.propose_verdict(revision, other, version=revision.version_id)
        ops.approve_verdict(revision, editor, version=revision.version_id)
        db.session.commit()
    page, corrected = _public(app, revision_id)
    assert corrected["itemReviewed"]["author"]["name"] == "Beijing"
    assert "INJECTED" in page and "Official report" not in page
    notice = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page[page.index('class="correction-notice"') :]))
    assert (
        "we corrected the claim summary, the rationale, the evidence, who made the claim and the sourcing." in notice
    ), notice


def test_an_editor_rejects_a_proposed_correction_and_the_published_fact_check_stays(app, published, people):
    claim_id, verdict_id, _evidence_id = published
    before_page, before = _public(app, verdict_id)
    with app.app_context():
        other, reviewer, editor = user(people["other"]), user(people["reviewer"]), user(people["editor"])
        claim = db.session.get(Claim, claim_id)
        revision = ops.open_revision(claim, other)
        add_evidence(claim, other, INJECTED)
        revision = ops.save_verdict(
            claim, other, ops.VerdictInput(rating("Mixed").id, "Partly", "Zanzibarish."), version=revision.version_id
        )
        ops.propose_verdict(revision, other, version=revision.version_id)
        with pytest.raises(PermissionDenied, match="awaits an editor"):
            ops.discard_revision(revision, other, "Changed my mind", version=revision.version_id)
        with pytest.raises(PermissionDenied, match="assigned to someone else"):
            ops.discard_revision(revision, reviewer, "Not needed", version=revision.version_id)
        with pytest.raises(OperationError, match="reason is required"):
            ops.discard_revision(revision, editor, "  ", version=revision.version_id)
        ops.discard_revision(revision, editor, "The published rating stands.", version=revision.version_id)
        db.session.commit()
        assert (revision.state, claim.review_state) == ("discarded", "published")
        assert ops.published_verdict(claim).id == verdict_id and ops.working_verdict(claim) is None
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id.desc()).limit(2)
        ).all()
        assert actions == ["claim.republished", "verdict.discarded"]
        # Back to published: nobody works on it until a new correction is opened, which starts from the published one.
        with pytest.raises(InvalidTransition, match="open a correction"):
            add_evidence(claim, other, INJECTED)
        with pytest.raises(InvalidTransition, match="only an open correction"):
            ops.discard_revision(revision, editor, "Again", version=revision.version_id)
        again = ops.open_revision(claim, reviewer)
        assert (again.revision, again.rating.name) == (3, "False")
        db.session.commit()
    page, after = _public(app, verdict_id)
    assert after == before and page == before_page


def test_a_first_verdict_is_returned_not_discarded(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Unknown", "Checked."))
        with pytest.raises(InvalidTransition, match="this is the first verdict"):
            ops.discard_revision(verdict, editor, "No", version=verdict.version_id)


def test_the_assignee_discards_their_correction_on_the_claim_page(app, client, published, people):
    claim_id, _verdict_id, _evidence_id = published
    with app.app_context():
        other = user(people["other"])
        revision = ops.open_revision(db.session.get(Claim, claim_id), other)
        revision = ops.save_verdict(
            revision.claim, other, ops.VerdictInput(rating("Mixed").id, "Partly", "Quixotically."), version=1
        )
        db.session.commit()
        revision_id, version, email, reviewer_email = (
            revision.id,
            revision.version_id,
            other.email,
            user(people["reviewer"]).email,
        )
    log_in(client, email)
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert f"/verdicts/{revision_id}/discard" in page
    refused = client.post(f"/verdicts/{revision_id}/discard", data={"reason": "", "version": version})
    assert refused.status_code == 302
    assert "Say why the correction is given up." in client.get(f"/claims/{claim_id}").get_data(as_text=True)
    done = client.post(
        f"/verdicts/{revision_id}/discard", data={"reason": "Wrong claim", "version": version}, follow_redirects=True
    )
    page = done.get_data(as_text=True)
    assert "Correction discarded" in page and "Discarded corrections" in page and "Wrong claim" in page
    assert "Correct the published verdict" in page
    with app.app_context():
        assert db.session.get(Verdict, revision_id).state == "discarded"
        assert db.session.get(Claim, claim_id).review_state == "published"
        # History, not current: the search no longer finds the discarded text, even for its author.
        hits = search("quixotically", SearchFilters(kind="verdict"), db.session.get(User, people["other"])).hits
        assert hits == []
    client.post("/logout")
    log_in(client, reviewer_email)  # another reviewer: never sees what the discarded correction said
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "Quixotically" not in page and "Discarded corrections" not in page
