"""Nothing lost under concurrency: real threads against the test database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.models import Verdict
from factcheck.workflow import OperationError
from tests.review_helpers import chambers_claim, rating, some_evidence, user

REVIEWERS = 6


def run_threads(target, count: int) -> list:
    """Run ``target(index)`` in ``count`` threads started together; return what each returned or raised."""
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def runner(index: int) -> None:
        barrier.wait()
        try:
            results[index] = target(index)
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_reviewers_pressing_claim_next_at_once_each_get_different_claims(app, demo_article, make_user):
    reviewer_ids = [make_user("reviewer").id for _ in range(REVIEWERS)]
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Claim))

    def work(index: int) -> list[int]:
        taken = []
        with app.app_context():
            me = user(reviewer_ids[index])
            while True:
                claim = ops.claim_next(me)
                if claim is None:
                    db.session.rollback()
                    return taken
                taken.append(claim.id)
                db.session.commit()

    results = run_threads(work, REVIEWERS)
    assert not [r for r in results if isinstance(r, Exception)], results
    claimed = [claim_id for taken in results for claim_id in taken]
    assert len(claimed) == len(set(claimed)) == total  # each claim claimed exactly once
    assert sum(1 for taken in results if taken) > 1  # the work was really shared
    with app.app_context():
        rows = db.session.execute(select(Claim.id, Claim.assignee_id, Claim.review_state)).all()
        owner = {claim_id: reviewer_ids[i] for i, taken in enumerate(results) for claim_id in taken}
        assert all(state == "in_review" and owner[cid] == assignee for cid, assignee, state in rows)
        taken_events = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "claim.taken")
        )
        assert taken_events == total


def test_two_editors_approving_the_same_verdict_one_wins_one_is_told(app, demo_article, make_user):
    reviewer_id = make_user("reviewer").id
    editor_ids = [make_user("editor").id, make_user("editor").id]
    with app.app_context():
        reviewer = user(reviewer_id)
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Summary", "Because."))
        ops.propose_verdict(verdict, reviewer)
        db.session.commit()
        verdict_id, version = verdict.id, verdict.version_id

    def approve(index: int) -> str:
        with app.app_context():
            editor = user(editor_ids[index])
            target = db.session.get(Verdict, verdict_id)
            try:
                ops.approve_verdict(target, editor, version=version)
                db.session.commit()
                return "approved"
            except OperationError as error:
                db.session.rollback()
                return f"refused: {error.message}"

    results = run_threads(approve, 2)
    assert sorted(r.split(":")[0] for r in results) == ["approved", "refused"], results
    with app.app_context():
        stored = db.session.get(Verdict, verdict_id)
        assert stored.state == "published"
        assert stored.decided_by_id in editor_ids
        approvals = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "verdict.approved")
        )
        assert approvals == 1
