"""A failure in the middle of an import or an approval leaves no partial rows: the view or command that
owns the transaction rolls all of it back, whatever had been flushed before the failure."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from factcheck.articles import operations as article_operations
from factcheck.articles.models import Article
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.models import Verdict
from tests.conftest import log_in
from tests.db_snapshot import snapshot
from tests.review_helpers import chambers_claim, rating, some_evidence, user

SECOND_ARTICLE = (
    "Officials said the bridge will reopen in May, according to the transport ministry.\n\n"
    "Critics, however, warn that the repairs are far from finished, a spokesperson for the union said."
)


class Injected(RuntimeError):
    """The failure a test provokes."""


def is_attribution_insert(statement: str) -> bool:
    """The statement writing attributions: an INSERT, or a COPY on PostgreSQL (articles.operations)."""
    return statement.lstrip().upper().startswith(("INSERT INTO ATTRIBUTION", "COPY ATTRIBUTION"))


@pytest.fixture
def fail_after_claims_were_flushed(monkeypatch):
    """Make the storing of the analysis fail after the article and its claims are in the database."""
    original = article_operations.store_analyses
    calls = []

    def failing(*args, **kwargs):
        original(*args, **kwargs)
        db.session.flush()
        calls.append(db.session.scalar(select(func.count()).select_from(Article)))  # rows were written
        raise Injected("store_analyses failed halfway")

    monkeypatch.setattr(article_operations, "store_analyses", failing)
    return calls


@pytest.fixture
def fail_on_attribution_insert(app):
    """Make the INSERT of the attributions fail: the article, its sources and claims were inserted before."""
    attempts = []

    def before_cursor_execute(_connection, _cursor, statement, *_args):
        if is_attribution_insert(statement):
            attempts.append(statement)
            raise Injected("attribution insert failed")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    yield attempts
    event.remove(engine, "before_cursor_execute", before_cursor_execute)


def test_a_failing_analysis_store_through_the_form_leaves_nothing(
    app, reviewer_client, demo_article, fail_after_claims_were_flushed
):
    before = snapshot(app)
    response = reviewer_client.post("/articles/new", data={"title": "Bridge", "text": SECOND_ARTICLE})
    assert response.status_code == 500 and "Nothing you submitted was half-saved" in response.get_data(as_text=True)
    assert fail_after_claims_were_flushed == [2]  # the demo article and the new one, flushed
    assert snapshot(app) == before


def test_a_failing_attribution_insert_through_the_form_leaves_nothing(
    app, reviewer_client, demo_article, fail_on_attribution_insert
):
    before = snapshot(app)
    response = reviewer_client.post("/articles/new", data={"title": "Bridge", "text": SECOND_ARTICLE})
    assert response.status_code == 500
    assert fail_on_attribution_insert  # it did fail in the middle of the inserts
    assert snapshot(app) == before


def test_a_failing_import_command_leaves_nothing_of_that_file(
    app, runner, demo_article, tmp_path, fail_on_attribution_insert
):
    path = tmp_path / "bridge.txt"
    path.write_text(SECOND_ARTICLE, encoding="utf-8")
    before = snapshot(app)
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code != 0 and isinstance(result.exception, Injected)
    assert snapshot(app) == before


@pytest.fixture
def correction_awaiting_approval(app, demo_article, make_user):
    """A published verdict (revision 1) and its proposed correction (revision 2); returns the ids."""
    reviewer, editor, editor2 = make_user("reviewer"), make_user("editor"), make_user("editor")
    with app.app_context():
        author = user(reviewer.id)
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, author)
        some_evidence(claim, author)
        first = ops.save_verdict(claim, author, ops.VerdictInput(rating("False").id, "Analyst warns", "None."))
        ops.propose_verdict(first, author)
        ops.approve_verdict(first, user(editor.id))
        second = ops.open_revision(claim, author)
        ops.save_verdict(claim, author, ops.VerdictInput(rating("Mostly false").id, "Analyst warns", "Fixed."))
        ops.propose_verdict(second, author)
        db.session.commit()
        return {
            "first": first.id,
            "second": second.id,
            "version": second.version_id,
            "claim": claim.id,
            "editor": editor2,
        }


def test_an_approval_failing_after_the_old_verdict_was_superseded_leaves_nothing(
    app, client, monkeypatch, correction_awaiting_approval
):
    ids = correction_awaiting_approval
    original = ops.record
    seen = []

    def failing_record(actor, action, *args, **kwargs):
        event_row = original(actor, action, *args, **kwargs)
        if action == "verdict.approved":
            # By now revision 1 is superseded and revision 2 published, both flushed to the database.
            db.session.flush()
            states = dict(db.session.execute(select(Verdict.id, Verdict.state)).all())
            seen.append(states)
            raise Injected("the audit write failed")
        return event_row

    monkeypatch.setattr(ops, "record", failing_record)
    assert log_in(client, ids["editor"].email).status_code == 302
    before = snapshot(app)
    response = client.post(
        f"/verdicts/{ids['second']}/decide", data={"version": str(ids["version"]), "approve": "Approve and publish"}
    )
    assert response.status_code == 500
    assert seen == [{ids["first"]: "superseded", ids["second"]: "published"}]  # failed after the switch
    assert snapshot(app) == before
    with app.app_context():
        states = dict(db.session.execute(select(Verdict.id, Verdict.state)).all())
        assert states == {ids["first"]: "published", ids["second"]: "submitted"}
        claim_state = db.session.scalar(select(func.min(Verdict.claim_id)))
        assert claim_state == ids["claim"]


def test_an_import_failing_on_its_third_file_keeps_the_committed_files_whole(app, runner, tmp_path):
    """With --batch-size 1 each file is committed on its own: the two before the failure stay, complete,
    and nothing of the third is left."""
    paths = []
    for number in range(3):
        path = tmp_path / f"article{number}.txt"
        path.write_text(SECOND_ARTICLE.replace("May", f"May ({number})"), encoding="utf-8")
        paths.append(str(path))
    with app.app_context():
        engine = db.engine
    inserts = []

    def fail_third(_connection, _cursor, statement, *_args):
        if is_attribution_insert(statement):
            inserts.append(statement)
            if len(inserts) == 3:
                raise Injected("attribution insert failed")

    event.listen(engine, "before_cursor_execute", fail_third)
    try:
        result = runner.invoke(args=["import-article", "--batch-size", "1", "--jobs", "1", *paths])
    finally:
        event.remove(engine, "before_cursor_execute", fail_third)
    assert isinstance(result.exception, Injected)
    with app.app_context():
        articles = db.session.scalars(select(Article).order_by(Article.id)).all()
        assert ["(0)" in a.text and "(1)" not in a.text for a in articles] == [True, False]
        assert "(1)" in articles[1].text
        for article in articles:
            assert len(article.claims) == article.claim_count > 0
            assert all(claim.attributions for claim in article.claims if claim.status == "sourced")


def test_import_refuses_an_outlet_or_url_longer_than_its_column(app, runner, tmp_path):
    """These reached the database (PostgreSQL refuses them: a traceback after the analysis); now the command
    refuses them first, saying why, and writes nothing."""
    path = tmp_path / "bridge.txt"
    path.write_text(SECOND_ARTICLE, encoding="utf-8")
    before = snapshot(app)
    for option in (["--outlet", "O" * 201], ["--url", "https://example.org/" + "a" * 2000]):
        result = runner.invoke(args=["import-article", *option, str(path)])
        assert result.exit_code == 2 and "characters long" in result.output, result.output
    assert snapshot(app) == before
