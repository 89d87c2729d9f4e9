"""A request is one unit of work (factcheck.transactions): a write request is committed in one place, after
its view succeeded and before its response goes out; a failure anywhere, the commit included, keeps nothing;
a read commits nothing."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import create_engine, event, func, select

from factcheck.auth.models import User
from factcheck.evidence import views as evidence_views
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Rating
from tests.conftest import log_in
from tests.db_snapshot import snapshot
from tests.review_helpers import chambers_claim

EVIDENCE = {
    "url": "https://example.org/profile",
    "title": "No record of an analyst by that name",
    "accessed_on": "2024-11-20",
    "stance": "refutes",
    "kind": "primary",
}
TEST_RATING = "Written by the test route"


class Injected(RuntimeError):
    """The failure a test provokes."""


def seen_elsewhere(database_url: str, statement):
    """``statement``'s value read on a new connection of a new engine: only what was committed."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(statement)
    finally:
        engine.dispose()


def evidence_count(database_url: str) -> int:
    return seen_elsewhere(database_url, select(func.count()).select_from(Evidence))


def written_ratings(database_url: str) -> int:
    return seen_elsewhere(database_url, select(func.count()).select_from(Rating).where(Rating.name == TEST_RATING))


@pytest.fixture
def claim_id(app, demo_article, reviewer_client) -> int:
    """The Chambers claim, taken by the reviewer (evidence is added by the one working on the claim)."""
    with app.app_context():
        found = chambers_claim(demo_article).id
    assert reviewer_client.post(f"/claims/{found}/take").status_code == 302
    return found


@pytest.fixture
def writing_client(app, client, login):
    """A logged-in client, and ``/test/write`` (GET or POST): it adds a rating and flushes, then answers as
    ``?then=`` says."""

    @app.route("/test/write", methods=["GET", "POST"])
    def write():
        from flask import request

        db.session.add(Rating(name=TEST_RATING, sort_order=99, requires_evidence=False))
        db.session.flush()
        then = request.args.get("then", "ok")
        if then == "raise":
            raise Injected("after the write")
        if then == "forbidden":
            abort(403)
        if then == "refuse":
            return "refused", 422
        return "ok"

    login("reviewer")  # after the route: an app that handled a request takes no more routes
    return client


@pytest.fixture
def failing_commit(app):
    """Make the database's COMMIT fail (the flush before it ran: the rows were sent), while ``armed``."""
    armed: list[bool] = []
    failures: list[str] = []

    def on_commit(_connection):
        if armed:
            failures.append("commit")
            raise Injected("the COMMIT failed")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", on_commit)
    yield armed, failures
    event.remove(engine, "commit", on_commit)


def test_a_successful_post_is_committed_before_its_redirect(app, reviewer_client, claim_id, database_url):
    before = evidence_count(database_url)
    response = reviewer_client.post(f"/claims/{claim_id}/evidence/new", data=EVIDENCE)
    assert response.status_code == 302
    assert evidence_count(database_url) == before + 1  # on another connection: committed


def test_a_post_whose_operation_raises_after_writing_leaves_nothing(
    app, reviewer_client, claim_id, database_url, monkeypatch
):
    original = evidence_views.add_evidence
    written = []

    def failing(*args, **kwargs):
        original(*args, **kwargs)
        db.session.flush()
        written.append(db.session.scalar(select(func.count()).select_from(Evidence)))
        raise Injected("add_evidence failed after its insert")

    monkeypatch.setattr(evidence_views, "add_evidence", failing)
    before = snapshot(app)
    response = reviewer_client.post(f"/claims/{claim_id}/evidence/new", data=EVIDENCE)
    assert response.status_code == 500
    assert written == [1]  # the row was in the transaction
    assert snapshot(app) == before
    assert evidence_count(database_url) == 0


def test_a_failing_commit_gives_the_error_page_and_keeps_nothing(
    app, reviewer_client, claim_id, database_url, failing_commit
):
    armed, failures = failing_commit
    before = snapshot(app)
    armed.append(True)
    response = reviewer_client.post(f"/claims/{claim_id}/evidence/new", data=EVIDENCE)
    armed.clear()
    assert failures == ["commit"]
    assert response.status_code == 500  # not the redirect: it was not sent before the commit
    page = response.get_data(as_text=True)
    assert "Nothing you submitted was half-saved" in page and "Evidence added." not in page
    assert snapshot(app) == before and evidence_count(database_url) == 0
    # The flash message of the view went with its work: the next page does not claim a success.
    assert "Evidence added." not in reviewer_client.get(f"/claims/{claim_id}").get_data(as_text=True)
    # And the same request, with the database working, is saved.
    assert reviewer_client.post(f"/claims/{claim_id}/evidence/new", data=EVIDENCE).status_code == 302
    assert evidence_count(database_url) == 1


def test_a_logout_whose_commit_fails_leaves_the_user_logged_in(app, client, make_user, failing_commit):
    armed, _failures = failing_commit
    user = make_user("reviewer")
    assert log_in(client, user.email).status_code == 302
    armed.append(True)
    response = client.post("/logout")
    armed.clear()
    assert response.status_code == 500
    with app.app_context():
        assert db.session.get(User, user.id).session_token == user.session_token  # no session was ended
    # The session cookie was not cleared either: this browser is still logged in, without "You are logged out".
    page = client.get("/")
    assert page.status_code == 200 and user.email in page.get_data(as_text=True)
    assert "You are logged out" not in page.get_data(as_text=True)
    # With the database working, the logout happens.
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_a_password_change_whose_commit_fails_changes_nothing(app, client, make_user, failing_commit):
    armed, _failures = failing_commit
    user = make_user("reviewer")
    assert log_in(client, user.email).status_code == 302
    new_password = "an entirely different passphrase"
    armed.append(True)
    response = client.post(
        "/account/password",
        data={
            "current_password": "correct horse battery staple",
            "new_password": new_password,
            "confirm": new_password,
        },
    )
    armed.clear()
    assert response.status_code == 500, response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.session_token == user.session_token and stored.password_hash == user.password_hash
    page = client.get("/")
    assert page.status_code == 200 and "Your password is changed" not in page.get_data(as_text=True)


@pytest.mark.parametrize("then", ["raise", "forbidden", "refuse"])
def test_a_post_that_fails_or_refuses_keeps_what_it_wrote_nowhere(writing_client, database_url, then):
    response = writing_client.post(f"/test/write?then={then}")
    assert response.status_code == {"raise": 500, "forbidden": 403, "refuse": 422}[then]
    assert written_ratings(database_url) == 0


def test_a_post_that_succeeds_is_committed_and_a_get_is_not(writing_client, database_url):
    assert writing_client.get("/test/write").status_code == 200
    assert written_ratings(database_url) == 0  # a read writes nothing, whatever its code flushed
    assert writing_client.post("/test/write").status_code == 200
    assert written_ratings(database_url) == 1
