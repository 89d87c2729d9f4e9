"""Every transition of the review workflow, and every refusal, at the operations layer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.models import Verdict
from factcheck.workflow import InvalidTransition, OperationError, PermissionDenied, StaleEdit
from tests.review_helpers import chambers_claim, rating, some_evidence, user


def _verdict_input(name="False", summary="Analyst says U.S. risks NATO confrontation", rationale="Checked."):
    return ops.VerdictInput(rating(name).id, summary, rationale)


def test_full_path_from_new_to_published(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        assert claim.review_state == "new" and claim.assignee_id is None
        ops.take_claim(claim, reviewer)
        assert (claim.review_state, claim.assignee_id) == ("in_review", reviewer.id)
        some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, _verdict_input())
        assert verdict.state == "draft" and claim.review_state == "in_review"
        ops.propose_verdict(verdict, reviewer, version=verdict.version_id)
        assert verdict.state == "submitted" and claim.review_state == "submitted"
        ops.approve_verdict(verdict, editor, version=verdict.version_id)
        assert verdict.state == "published" and claim.review_state == "published"
        assert verdict.decided_by_id == editor.id and verdict.published_at is not None
        db.session.commit()


def test_return_and_resubmit(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        verdict = ops.propose_verdict(ops.save_verdict(claim, reviewer, _verdict_input()), reviewer)
        with pytest.raises(OperationError, match="comment is required"):
            ops.return_verdict(verdict, editor, "  ", version=verdict.version_id)
        ops.return_verdict(verdict, editor, "Cite the Pentagon statement.", version=verdict.version_id)
        assert verdict.state == "returned" and claim.review_state == "returned"
        assert verdict.editor_comment == "Cite the Pentagon statement."
        again = ops.save_verdict(
            claim, reviewer, _verdict_input(rationale="Checked, with the statement."), version=verdict.version_id
        )
        assert again.id == verdict.id and claim.review_state == "in_review"
        ops.propose_verdict(again, reviewer)
        assert claim.review_state == "submitted"


def test_evidence_is_needed_except_for_unverifiable(app, demo_article, people):
    with app.app_context():
        reviewer = user(people["reviewer"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, _verdict_input("Mostly false"))
        with pytest.raises(OperationError, match="needs at least one evidence item"):
            ops.propose_verdict(verdict, reviewer)
        verdict = ops.save_verdict(claim, reviewer, _verdict_input("Unverifiable"), version=verdict.version_id)
        ops.propose_verdict(verdict, reviewer)
        assert verdict.state == "submitted"


def test_a_proposal_needs_rating_summary_and_rationale(app, demo_article, people):
    with app.app_context():
        reviewer = user(people["reviewer"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(None, "", ""))
        with pytest.raises(OperationError, match="Choose a rating"):
            ops.propose_verdict(verdict, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "x", ""))
        with pytest.raises(OperationError, match="rationale"):
            ops.propose_verdict(verdict, reviewer)
        with pytest.raises(OperationError, match="at most 75 characters"):
            ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "x" * 76, "y"))


def test_four_eyes_and_roles(app, demo_article, people):
    with app.app_context():
        reviewer, other = user(people["reviewer"]), user(people["other"])
        editor, editor2 = user(people["editor"]), user(people["editor2"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, editor)  # editors review too
        some_evidence(claim, editor)
        verdict = ops.propose_verdict(ops.save_verdict(claim, editor, _verdict_input()), editor)
        with pytest.raises(PermissionDenied, match="four-eyes"):
            ops.approve_verdict(verdict, editor, version=verdict.version_id)
        with pytest.raises(PermissionDenied, match="Only editors"):
            ops.approve_verdict(verdict, reviewer, version=verdict.version_id)
        with pytest.raises(PermissionDenied, match="Only editors"):
            ops.return_verdict(verdict, reviewer, "no", version=verdict.version_id)
        ops.approve_verdict(verdict, editor2, version=verdict.version_id)
        with pytest.raises(InvalidTransition, match="someone decided first"):
            ops.approve_verdict(verdict, editor2, version=verdict.version_id)
        # Someone else's claim cannot be worked on by another reviewer.
        second = db.session.scalar(select(Claim).where(Claim.article_id == demo_article, Claim.position == 0))
        ops.take_claim(second, reviewer)
        with pytest.raises(PermissionDenied, match="assigned to someone else"):
            ops.save_verdict(second, other, _verdict_input())
        with pytest.raises(InvalidTransition, match="Someone else has taken"):
            ops.take_claim(second, other)


def test_reassign_is_for_editors(app, demo_article, people):
    with app.app_context():
        reviewer, other, editor = user(people["reviewer"]), user(people["other"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        with pytest.raises(PermissionDenied, match="Only editors can reassign"):
            ops.reassign(claim, reviewer, other)
        ops.reassign(claim, editor, other)
        assert claim.assignee_id == other.id and claim.review_state == "in_review"
        ops.reassign(claim, editor, None)
        assert claim.assignee_id is None and claim.review_state == "new"


def test_a_published_verdict_is_corrected_by_a_new_revision(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        first = ops.propose_verdict(ops.save_verdict(claim, reviewer, _verdict_input("False")), reviewer)
        ops.approve_verdict(first, editor)
        with pytest.raises(InvalidTransition):
            ops.save_verdict(claim, reviewer, _verdict_input("Mixed"))  # published: no silent edit
        revision = ops.open_revision(claim, reviewer)
        assert revision.revision == 2 and revision.state == "draft" and claim.review_state == "in_review"
        assert ops.published_verdict(claim).id == first.id  # still public
        ops.save_verdict(claim, reviewer, _verdict_input("Mixed"), version=revision.version_id)
        ops.propose_verdict(revision, reviewer)
        assert ops.published_verdict(claim).id == first.id  # still public while awaiting approval
        ops.approve_verdict(revision, editor)
        assert ops.published_verdict(claim).id == revision.id
        assert first.state == "superseded"
        states = db.session.scalars(
            select(Verdict.state).where(Verdict.claim_id == claim.id).order_by(Verdict.revision)
        ).all()
        assert states == ["superseded", "published"]


def test_stale_versions_are_refused(app, demo_article, people):
    with app.app_context():
        reviewer, editor = user(people["reviewer"]), user(people["editor"])
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, _verdict_input())
        old_version = verdict.version_id
        ops.save_verdict(claim, reviewer, _verdict_input(rationale="Second thoughts."), version=old_version)
        with pytest.raises(StaleEdit) as refused:
            ops.save_verdict(claim, reviewer, _verdict_input(rationale="Stale form."), version=old_version)
        assert refused.value.current["rationale"] == "Second thoughts."
        ops.propose_verdict(verdict, reviewer)
        with pytest.raises(StaleEdit):
            ops.approve_verdict(verdict, editor, version=old_version)
        with pytest.raises(StaleEdit):
            ops.correct_sourcing(
                claim, reviewer, status="sourced", source_id=None, reason="x", version=claim.version_id - 1
            )


def test_claim_next_takes_the_most_urgent_claim_first(app, demo_article, people):
    with app.app_context():
        reviewer = user(people["reviewer"])
        taken = []
        while (claim := ops.claim_next(reviewer)) is not None:
            taken.append(claim)
        statuses = [c.status for c in taken]
        order = ["unverified_named", "anonymous", "hedged", "unattributed", "sourced"]
        assert statuses == sorted(statuses, key=order.index)
        assert statuses[0] == "unverified_named"
        assert all(c.assignee_id == reviewer.id and c.review_state == "in_review" for c in taken)
        assert len(taken) == len(set(c.id for c in taken)) == 28


def test_sourcing_correction_keeps_the_automatic_result(app, demo_article, people):
    with app.app_context():
        reviewer = user(people["reviewer"])
        claim = chambers_claim(demo_article)
        with pytest.raises(OperationError, match="reason is required"):
            ops.correct_sourcing(claim, reviewer, status="anonymous", source_id=None, reason=" ")
        with pytest.raises(OperationError, match="Unknown sourcing status"):
            ops.correct_sourcing(claim, reviewer, status="gossip", source_id=None, reason="x")
        ops.correct_sourcing(claim, reviewer, status="anonymous", source_id=None, reason="The name is invented.")
        assert claim.status == "unverified_named" and claim.effective_status == "anonymous"
        assert claim.priority == 1
