"""`flask dump` / `flask restore`: a populated database round-trips into an empty one, row for row and
page for page; refusals leave the target untouched."""

from __future__ import annotations

import io
import json
import re

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from factcheck.auth.models import User
from factcheck.backup.operations import (
    UNUSABLE_HASH_PREFIX,
    BackupError,
    dump_database,
    restore_database,
    tables_in_order,
)
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.evidence.operations import withdraw_evidence
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.operations import ensure_default_ratings
from factcheck.sources.models import Source
from factcheck.sources.operations import record_identity_check
from tests.conftest import PASSWORD, TEST_DATABASE_URL, database_kind, drop_everything, log_in
from tests.review_helpers import chambers_claim, rating, some_evidence, user

CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')
GENERATED_AT = re.compile(r'"generated_at": ?"[^"]*"')


def claim_with(article_id: int, words: str) -> Claim:
    return db.session.scalar(select(Claim).where(Claim.article_id == article_id, Claim.text.contains(words)))


@pytest.fixture
def people(make_user):
    return {
        "reviewer": make_user("reviewer").id,
        "editor": make_user("editor").id,
        "editor2": make_user("editor").id,
        "admin": make_user("admin").id,
    }


@pytest.fixture
def populated(app, demo_article, people):
    """The demo article taken through every kind of review step; returns the ids the tests look at."""
    with app.app_context():
        reviewer, editor, editor2 = user(people["reviewer"]), user(people["editor"]), user(people["editor2"])
        # Published, then corrected: revision 1 superseded, revision 2 published.
        chambers = chambers_claim(demo_article)
        ops.take_claim(chambers, reviewer)
        some_evidence(chambers, reviewer)
        dropped = some_evidence(chambers, reviewer, stance="context")
        withdraw_evidence(dropped, reviewer, "The same report twice.", version=dropped.version_id)
        first = ops.save_verdict(
            chambers,
            reviewer,
            ops.VerdictInput(rating("False").id, "Analyst warns of NATO confrontation", "No such analyst."),
        )
        ops.propose_verdict(first, reviewer)
        ops.approve_verdict(first, editor)
        ops.open_revision(chambers, reviewer)
        second = ops.working_verdict(chambers)
        ops.save_verdict(
            chambers,
            reviewer,
            ops.VerdictInput(rating("Mostly false").id, second.summary, "No such analyst; corrected wording."),
        )
        ops.propose_verdict(second, reviewer)
        ops.approve_verdict(second, editor2)
        # Returned to the reviewer.
        rutherford = claim_with(demo_article, "Rutherford")
        ops.take_claim(rutherford, reviewer)
        returned = ops.save_verdict(
            rutherford, reviewer, ops.VerdictInput(rating("Unverifiable").id, "General on precedent", "Nothing.")
        )
        ops.propose_verdict(returned, reviewer)
        ops.return_verdict(returned, editor, "Try the Army's retiree records.")
        # A sourcing correction and an identity check.
        critics = claim_with(demo_article, "Critics, however")
        ops.correct_sourcing(
            critics,
            reviewer,
            status="unattributed",
            source_id=None,
            reason="'Critics' names nobody.",
            version=critics.version_id,
        )
        source = db.session.scalar(select(Source).where(Source.name == "Robert Chambers"))
        record_identity_check(
            source, reviewer, result="nonexistent", evidence_url=None, note="No think tank lists him."
        )
        db.session.commit()
        return {"article": demo_article, "claims": [chambers.id, rutherford.id, critics.id], "source": source.id}


@pytest.fixture
def second_database_url(database_url, tmp_path) -> str:
    """An empty second database beside this test's one (PostgreSQL: the test database's name + _restore)."""
    if not TEST_DATABASE_URL or database_kind() != "postgresql":
        return f"sqlite:///{tmp_path / 'restored.sqlite'}"
    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_restore"
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def target(make_app, second_database_url):
    """A second app on an empty database, as `flask db upgrade` leaves it (schema and rating scale)."""
    application = make_app(SQLALCHEMY_DATABASE_URI=second_database_url)
    with application.app_context():
        drop_everything(db.engine)
        db.create_all()
        ensure_default_ratings()
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        drop_everything(db.engine)


SESSION_TOKEN = ("user", "session_token")  # never dumped: the restored accounts get fresh ones


def all_rows(application, *, without=(SESSION_TOKEN,)) -> dict[str, list[dict]]:
    """Every table's rows in primary-key order, as dicts (minus the (table, column) pairs in ``without``)."""
    with application.app_context():
        result = {}
        for table in tables_in_order():
            columns = [c for c in table.columns if (table.name, c.name) not in without]
            rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            result[table.name] = [dict(zip([c.name for c in columns], row, strict=True)) for row in rows]
        return result


def dump_text(application, **options) -> str:
    with application.app_context():
        stream = io.StringIO()
        dump_database(stream, **options)
        return stream.getvalue()


def pages(application, populated) -> dict[str, str]:
    """What a logged-in editor sees on the pages that show the restored data."""
    client = application.test_client()
    with application.app_context():
        email = db.session.scalar(select(User.email).where(User.role == "editor").order_by(User.id))
    assert log_in(client, email).status_code == 302
    article = populated["article"]
    urls = [f"/articles/{article}", "/sources/", f"/sources/{populated['source']}", "/queue/approval"]
    urls += [f"/claims/{claim_id}" for claim_id in populated["claims"]]
    endpoints = {rule.endpoint for rule in application.url_map.iter_rules()}
    if "reports.article_sourcing" in endpoints:  # the sourcing report, where the reports package has it
        urls.append(f"/articles/{article}/sourcing")
    if "reports.verdicts" in endpoints:
        urls.append("/reports/verdicts?internal=y")
    if "reports.download" in endpoints:  # the exports, as an editor downloads them
        urls += ["/reports/verdicts.csv?internal=y", "/reports/verdicts.json?internal=y"]
    shown = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        # The CSRF token is per session and an export says when it was made: the two things that differ.
        shown[url] = GENERATED_AT.sub(
            '"generated_at": ""', CSRF_TOKEN.sub('name="csrf_token" value=""', response.get_data(as_text=True))
        )
    return shown


def test_a_dump_restored_into_an_empty_database_holds_the_same_rows_and_shows_the_same_pages(app, target, populated):
    dumped = dump_text(app, include_password_hashes=True)
    with target.app_context():
        summary = restore_database(io.StringIO(dumped))
        db.session.commit()
    assert summary.accounts_without_password == []
    source_rows, restored_rows = all_rows(app), all_rows(target)
    assert {name: len(rows) for name, rows in restored_rows.items()} == summary.rows
    for name in source_rows:
        assert restored_rows[name] == source_rows[name], name
    counts = summary.rows
    assert counts["verdict"] == 3 and counts["evidence"] == 2 and counts["identity_check"] == 1
    assert counts["audit_event"] > 10 and counts["user"] == 4
    assert pages(target, populated) == pages(app, populated)


def test_the_restored_database_takes_new_rows_after_the_restored_ids(app, target, populated, people):
    """PostgreSQL's id sequences are moved past the restored ids (else the next insert collides)."""
    dumped = dump_text(app, include_password_hashes=True)
    with target.app_context():
        restore_database(io.StringIO(dumped))
        db.session.commit()
        highest = db.session.scalar(select(func.max(Evidence.id)))
        claim = db.session.get(Claim, populated["claims"][1])
        added = some_evidence(claim, user(people["reviewer"]))
        ops.record(user(people["editor"]), "test.added", "evidence", added.id)
        db.session.commit()
        assert added.id == highest + 1


def test_password_hashes_stay_out_unless_asked_and_those_accounts_cannot_log_in(app, target, populated):
    dumped = dump_text(app)
    document = json.loads(dumped)
    assert document["format"] == "factcheck-dump" and document["version"] == 1
    assert document["password_hashes"] is False
    assert all("password_hash" not in row for row in document["tables"]["user"])
    assert "pbkdf2" not in dumped and "session_token" not in dumped
    with target.app_context():
        summary = restore_database(io.StringIO(dumped))
        db.session.commit()
        hashes = db.session.scalars(select(User.password_hash)).all()
    assert len(summary.accounts_without_password) == 4
    with app.app_context():
        old_tokens = set(db.session.scalars(select(User.session_token)))
    with target.app_context():
        new_tokens = set(db.session.scalars(select(User.session_token)))
    assert len(new_tokens) == 4 and all(new_tokens) and not new_tokens & old_tokens  # every session ended
    assert all(value.startswith(UNUSABLE_HASH_PREFIX) for value in hashes) and len(set(hashes)) == 4
    client = target.test_client()
    assert log_in(client, summary.accounts_without_password[0], PASSWORD).status_code == 200  # refused
    # Everything but the hashes is the same.
    assert all_rows(target, without={("user", "password_hash"), SESSION_TOKEN}) == all_rows(
        app, without={("user", "password_hash"), SESSION_TOKEN}
    )


def test_the_commands_round_trip_through_a_file(app, target, populated, tmp_path):
    path = tmp_path / "backup.json"
    result = app.test_cli_runner().invoke(args=["dump", str(path)])
    assert result.exit_code == 0, result.output
    assert "need a new password" in result.output
    result = target.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output and "cannot log in until their password is reset" in result.output
    without = {("user", "password_hash"), SESSION_TOKEN}
    assert all_rows(target, without=without) == all_rows(app, without=without)
    # With the hashes, the accounts log in on the restored copy.
    result = app.test_cli_runner().invoke(args=["dump", "--with-password-hashes", str(path)])
    assert result.exit_code == 0 and "need a new password" not in result.output
    assert "pbkdf2" in path.read_text(encoding="utf-8")


def test_restore_refuses_a_database_that_holds_data(app, populated):
    dumped = dump_text(app)
    before = all_rows(app)
    with app.app_context(), pytest.raises(BackupError, match="only goes into an empty database"):
        restore_database(io.StringIO(dumped))
    result = app.test_cli_runner().invoke(args=["restore", "-"], input=dumped)
    assert result.exit_code == 1 and "Nothing was restored" in result.output and "article (1 rows)" in result.output
    assert all_rows(app) == before


REFUSED_DUMPS = [
    ("not json at all", "not valid JSON"),
    ('{"format": "other-tool", "version": 1, "tables": {}}', "not a factcheck dump"),
    ('{"format": "factcheck-dump", "version": 2, "tables": {}}', "format version 2"),
    ('{"format": "factcheck-dump", "version": 1, "tables": {"invoice": []}}', "tables this schema does not"),
    ('{"format": "factcheck-dump", "version": 1, "tables": {"user": [{"shoe_size": 9}]}}', "shoe_size"),
    ('{"format": "factcheck-dump", "version": 1, "tables": {"user": {"id": 1}}}', "not a list of rows"),
]


def test_restore_refuses_other_formats_and_versions_with_a_reason(target):
    before = all_rows(target)
    for document, message in REFUSED_DUMPS:
        result = target.test_cli_runner().invoke(args=["restore", "-"], input=document)
        assert result.exit_code == 1 and message in result.output, (document, result.output)
        assert all_rows(target) == before
    # A schema made without migrations has no revision to compare with the dump's: accepted.
    result = target.test_cli_runner().invoke(
        args=["restore", "-"],
        input='{"format": "factcheck-dump", "version": 1, "alembic_revision": "0001_initial_schema", "tables": {}}',
    )
    assert result.exit_code == 0, result.output
    assert all_rows(target) == before  # an empty dump leaves even the seeded rating scale in place


def test_restore_refuses_a_dump_of_another_schema_revision(target):
    with target.app_context():
        db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.session.execute(text("INSERT INTO alembic_version VALUES ('0005')"))
        db.session.commit()
    before = all_rows(target)
    result = target.test_cli_runner().invoke(
        args=["restore", "-"],
        input='{"format": "factcheck-dump", "version": 1, "alembic_revision": "0003", '
        '"tables": {"user": [{"id": 1, "email": "a@example.org", "role": "editor"}]}}',
    )
    assert result.exit_code == 1 and "made at schema revision 0003" in result.output, result.output
    assert "db upgrade 0003" in result.output
    assert all_rows(target) == before


def test_a_restore_that_fails_halfway_leaves_the_database_empty(app, target, populated):
    document = json.loads(dump_text(app, include_password_hashes=True))
    # A broken row in a late table: every table before it was inserted already when it fails.
    document["tables"]["audit_event"][-1]["at"] = "yesterday"
    before = all_rows(target)
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=json.dumps(document))
    assert result.exit_code == 1 and "not an ISO date" in result.output, result.output
    assert all_rows(target) == before
    document = json.loads(dump_text(app, include_password_hashes=True))
    document["tables"]["verdict"][0]["claim_id"] = 999_999  # no such claim: the database refuses it
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=json.dumps(document))
    assert result.exit_code == 1 and "does not fit this database" in result.output, result.output
    assert all_rows(target) == before
