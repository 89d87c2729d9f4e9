"""`flask dump` / `flask restore`: a populated database round-trips into an empty one, row for row and
page for page; refusals leave the target untouched and never show a secret."""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from factcheck import PROJECT_ROOT
from factcheck.auth.models import User
from factcheck.backup.dumpfile import UNUSABLE_HASH_PREFIX, BackupError, allowed_values, tables_in_order
from factcheck.backup.operations import dump_database, restore_database
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.evidence.operations import withdraw_evidence
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.operations import ensure_default_ratings
from factcheck.search.queries import SearchFilters, checked_query, search
from factcheck.sources.models import Source
from factcheck.sources.operations import record_identity_check
from tests.conftest import PASSWORD, TEST_DATABASE_URL, database_kind, drop_everything, log_in
from tests.review_helpers import chambers_claim, rating, some_evidence, user

CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')
GENERATED_AT = re.compile(r'"generated_at": ?"[^"]*"')


HEAD = ScriptDirectory(str(PROJECT_ROOT / "migrations")).get_current_head()


def stamp(application, revision: str | None = HEAD) -> None:
    """Mark a database made by ``create_all`` as being at ``revision``, as ``flask db upgrade`` leaves one."""
    with application.app_context():
        db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        db.session.execute(text("INSERT INTO alembic_version VALUES (:revision)"), {"revision": revision})
        db.session.commit()


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
        ids = {"article": demo_article, "claims": [chambers.id, rutherford.id, critics.id], "source": source.id}
    stamp(app)
    return ids


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
    """A second app on an empty database, as `flask db upgrade` leaves it (schema, revision, rating scale)."""
    application = make_app(SQLALCHEMY_DATABASE_URI=second_database_url)
    with application.app_context():
        drop_everything(db.engine)
        db.create_all()
        ensure_default_ratings()
        db.session.commit()
    stamp(application)
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
        summary = restore_database(io.StringIO(dumped), with_password_hashes=True)
        db.session.commit()
    assert summary.accounts_without_password == []
    assert sorted(account.role for account in summary.accounts) == ["admin", "editor", "editor", "reviewer"]
    assert all(account.with_password and account.active for account in summary.accounts)
    source_rows, restored_rows = all_rows(app), all_rows(target)
    assert {name: len(rows) for name, rows in restored_rows.items()} == summary.rows
    for name in source_rows:
        assert restored_rows[name] == source_rows[name], name
    counts = summary.rows
    assert counts["verdict"] == 3 and counts["evidence"] == 2 and counts["identity_check"] == 1
    assert counts["audit_event"] > 10 and counts["user"] == 4
    assert pages(target, populated) == pages(app, populated)
    # The search index is the database's own: the restored rows are found as the dumped ones were.
    for query in ("Chambers", "analyst or report", "missiles"):
        found = []
        for application in (app, target):
            with application.app_context():
                hits = search(checked_query(query), SearchFilters(), None, per_page=100).hits
                found.append([(hit.kind, hit.id) for hit in hits])
        assert found[0] and found[1] == found[0], query
        if query == "Chambers":
            assert ("claim", populated["claims"][0]) in found[1]


def test_the_restored_database_takes_new_rows_after_the_restored_ids(app, target, populated, people):
    """PostgreSQL's id sequences are moved past the restored ids (else the next insert collides)."""
    dumped = dump_text(app, include_password_hashes=True)
    with target.app_context():
        restore_database(io.StringIO(dumped), with_password_hashes=True)
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
    assert result.exit_code == 1 and "Nothing was restored" in result.output and "article (1 row)" in result.output
    assert all_rows(app) == before


def test_restore_with_password_hashes_needs_the_flag_and_lists_every_account_it_creates(app, target, populated):
    """An account added to a dump with hashes (an administrator whose password someone knows) is named in the
    refusal without the flag, and in the list of accounts created with it: never restored silently."""
    document = planted_admin(
        json.loads(dump_text(app, include_password_hashes=True)),
        password_hash=generate_password_hash("planted password", method="pbkdf2:sha256:1000"),
    )
    with app.app_context():
        accounts = [*db.session.execute(select(User.email, User.role)).all(), ("planted@example.org", "admin")]
    before = all_rows(target)
    refused = target.test_cli_runner().invoke(args=["restore", "-"], input=json.dumps(document))
    assert refused.exit_code == 1 and "Nothing was restored" in refused.output, refused.output
    assert "holds the accounts' password hashes" in refused.output and "--with-password-hashes" in refused.output
    assert "Its 5 accounts: " in refused.output
    for email, role in accounts:
        assert f"{email} ({role})" in refused.output
    for row in document["tables"]["user"]:
        assert row["password_hash"] not in refused.output
    assert all_rows(target) == before

    restored = target.test_cli_runner().invoke(
        args=["restore", "--with-password-hashes", "-"], input=json.dumps(document)
    )
    assert restored.exit_code == 0, restored.output
    assert "5 accounts were created:" in restored.output
    for email, role in accounts:
        assert f"{email} ({role}, logs in with its old password)" in restored.output
    admins = [email for email, role in accounts if role == "admin"]
    assert (
        "Administrators who can log in with the password they had (make sure you know each one): " + ", ".join(admins)
    ) in restored.output
    assert log_in(target.test_client(), accounts[0].email).status_code == 302
    assert log_in(target.test_client(), "planted@example.org", "planted password").status_code == 302


def test_restore_refuses_a_database_without_a_schema_revision(app, target, populated):
    """A database `flask db upgrade` did not make has no revision to hold the dump's against."""
    dumped = dump_text(app)
    with target.app_context():
        db.session.execute(text("DROP TABLE alembic_version"))
        db.session.commit()
    before = all_rows(target)
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=dumped)
    assert result.exit_code == 1 and "This database has no schema revision" in result.output, result.output
    assert f"db upgrade {HEAD}" in result.output
    assert all_rows(target) == before


def test_restore_refuses_a_dump_of_another_schema_revision(target):
    with target.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = '0005'"))
        db.session.commit()
    before = all_rows(target)
    result = target.test_cli_runner().invoke(
        args=["restore", "-"],
        input='{"format": "factcheck-dump", "version": 1, "alembic_revision": "0003", "password_hashes": false, '
        '"tables": {"user": [{"id": 1, "email": "a@example.org", "role": "editor"}]}}',
    )
    assert result.exit_code == 1 and "made at schema revision 0003" in result.output, result.output
    assert "db upgrade 0003" in result.output
    assert all_rows(target) == before


def test_an_empty_dump_of_this_revision_leaves_the_seeded_rating_scale(target):
    before = all_rows(target)
    result = target.test_cli_runner().invoke(
        args=["restore", "-"],
        input=json.dumps(
            {"format": "factcheck-dump", "version": 1, "alembic_revision": HEAD, "password_hashes": False, "tables": {}}
        ),
    )
    assert result.exit_code == 0, result.output
    assert "No accounts were restored." in result.output
    assert all_rows(target) == before and before["rating"]


# --- hostile dumps --------------------------------------------------------------------------------------
#
# Each variant changes a real dump of the populated database (made without password hashes unless it says
# otherwise) and is refused by `restore` with a readable message, no traceback, no secret in the output, and
# nothing written. Variants that cannot be written as a document (deep nesting, numbers JSON cannot carry
# in Python) edit the text.

KNOWN_HASH = "pbkdf2:sha256:1000$plantedsalt0000$" + "ab" * 32  # werkzeug's format: a hash someone knows
PLANTED_TOKEN = "5e" * 32
CHECKED_WITHOUT_VALUE = "hunter2-in-the-clear"


def planted_admin(document: dict, *, password_hash: str | None = None) -> dict:
    """A new administrator appended to the accounts, like an existing row, optionally with a hash."""
    users = document["tables"]["user"]
    row = {**users[0], "id": max(user["id"] for user in users) + 1, "email": "planted@example.org", "role": "admin"}
    if password_hash is not None:
        row["password_hash"] = password_hash
    users.append(row)
    return document


def change(table: str, index: int, column: str, value) -> Callable[[dict], dict]:
    def _change(document: dict) -> dict:
        document["tables"][table][index][column] = value
        return document

    return _change


def as_text(edit: Callable[[str], str]) -> Callable[[dict], str]:
    return lambda document: edit(json.dumps(document))


def drop(table: str, index: int, column: str) -> Callable[[dict], dict]:
    def _drop(document: dict) -> dict:
        del document["tables"][table][index][column]
        return document

    return _drop


def envelope(**changes) -> Callable[[dict], dict]:
    def _envelope(document: dict) -> dict:
        for key, value in changes.items():
            if value is None:
                document.pop(key, None)
            else:
                document[key] = value
        return document

    return _envelope


def duplicate_row(table: str) -> Callable[[dict], dict]:
    def _duplicate(document: dict) -> dict:
        document["tables"][table].append(copy.deepcopy(document["tables"][table][0]))
        return document

    return _duplicate


def same_email(document: dict) -> dict:
    users = document["tables"]["user"]
    users[1]["email"] = users[0]["email"]
    return document


def a_number_placeholder(table: str, column: str, number_text: str) -> Callable[[dict], str]:
    """The first row's ``column`` written as ``number_text`` (JSON text Python's json.dumps cannot write)."""

    def _edit(document: dict) -> str:
        document["tables"][table][0][column] = "@@number@@"
        return json.dumps(document).replace('"@@number@@"', number_text, 1)

    return _edit


def nested(depth: int) -> Callable[[dict], str]:
    def _edit(document: dict) -> str:
        document["tables"]["audit_event"][0]["after"] = "@@nested@@"
        return json.dumps(document).replace('"@@nested@@"', "[" * depth + "]" * depth, 1)

    return _edit


def role_twice(document: dict) -> str:
    """The first account's row says "reviewer" where a reader looks first and "admin" where the parser looks."""
    users = document["tables"]["user"]
    first = json.dumps(users[0])
    text_ = json.dumps(document)
    return text_.replace(first, first[:-1] + ', "role": "admin"}', 1)


# (id, the edit, the dump it starts from: "plain" or "hashes", restore's options, what the message says)
HOSTILE = [
    ("text-in-an-integer-column", change("claim", 0, "position", "first"), "plain", [],
     "Table claim, row 1, position: is not a whole number; the dump has 'first'"),
    ("true-in-an-integer-column", change("claim", 0, "priority", True), "plain", [],
     "Table claim, row 1, priority: is not a whole number"),
    ("fraction-in-an-integer-column", change("claim", 0, "start", 1.5), "plain", [],
     "Table claim, row 1, start: is not a whole number"),
    ("integer-beyond-32-bits", change("claim", 0, "end", 2**31), "plain", [],
     "Table claim, row 1, end: is out of range"),
    ("number-of-5000-digits", a_number_placeholder("claim", "start", "9" * 5000), "plain", [],
     "it holds a number no column could hold (Exceeds the limit (4300 digits)"),
    ("nan", a_number_placeholder("claim", "start", "NaN"), "plain", [], "it holds NaN, which is not a JSON number"),
    ("infinite-number", a_number_placeholder("claim", "start", "1e999"), "plain", [], "too large to be stored"),
    ("text-in-a-boolean-column", change("user", 0, "is_active", "yes"), "plain", [],
     "Table user, row 1, is_active: is not true or false"),
    ("number-in-a-text-column", change("article", 0, "title", 12), "plain", [],
     "Table article, row 1, title: is not text"),
    ("impossible-date", change("article", 0, "published_on", "2024-02-30"), "plain", [],
     "Table article, row 1, published_on: is not an ISO date"),
    ("datetime-without-utc-offset", change("article", 0, "created_at", "2024-01-01T10:00:00"), "plain", [],
     "Table article, row 1, created_at: is not an ISO date and time with its UTC offset"),
    ("datetime-in-words", change("audit_event", -1, "at", "yesterday"), "plain", [],
     "Table audit_event, row", ),
    ("text-longer-than-its-column", change("verdict", 0, "summary", "x" * 76), "plain", [],
     "Table verdict, row 1, summary: is 76 characters long; this column holds 75 at most"),
    ("nul-in-a-title", change("article", 0, "title", "ATACMS\x00demo"), "plain", [],
     "Table article, row 1, title: holds a control character (U+0000) at position 7"),
    ("terminal-escape-in-a-claim", change("claim", 0, "text", "\x1b[2JAll clear."), "plain", [],
     "Table claim, row 1, text: holds a control character (U+001B) at position 1"),
    ("lone-surrogate-in-a-title", change("article", 0, "title", "ATACMS \ud800"), "plain", [],
     "Table article, row 1, title: holds a lone surrogate (U+D800)"),
    ("nul-inside-a-json-column", change("audit_event", 0, "after", {"note": "a\x00b"}), "plain", [],
     "Table audit_event, row 1, after: holds a control character (U+0000)"),
    ("null-in-a-required-column", change("article", 0, "text", None), "plain", [],
     "Table article, row 1, text: is null, and this column requires a value"),
    ("role-outside-its-check-constraint", change("user", 0, "role", "superuser"), "plain", [],
     "Table user, row 1, role: 'superuser' is not one of: admin, editor, reviewer"),
    ("status-outside-the-vocabulary", change("claim", 0, "status", "trusted"), "plain", [],
     "Table claim, row 1, status: 'trusted' is not one of: anonymous, hedged"),
    ("unknown-column", change("user", 0, "shoe_size", 9), "plain", [],
     "Table user of this dump has columns this schema does not have: 'shoe_size'"),
    ("unknown-table", envelope(tables={"invoice": []}), "plain", [], "tables this schema does not have: 'invoice'"),
    ("missing-column", drop("article", 0, "outlet"), "plain", [],
     "Table article, row 1, outlet: is missing (a dump has every column in every row)"),
    ("session-token-column", change("user", 0, "session_token", PLANTED_TOKEN), "plain", [],
     "Table user, row 1, session_token: a session token is a live credential and is never restored"),
    ("planted-admin-with-a-known-hash-in-a-dump-without-hashes",
     lambda document: planted_admin(document, password_hash=KNOWN_HASH), "plain", ["--with-password-hashes"],
     "Table user, row 5, password_hash: this dump says it was made without password hashes, yet this row has one"),
    ("dump-with-hashes-and-a-planted-admin-restored-without-the-flag",
     lambda document: planted_admin(document, password_hash=KNOWN_HASH), "hashes", [],
     "planted@example.org (admin). If you know them all (administrators above all), restore with "
     "--with-password-hashes"),
    ("password-hash-that-is-no-hash", change("user", 0, "password_hash", CHECKED_WITHOUT_VALUE), "hashes",
     ["--with-password-hashes"], "Table user, row 1, password_hash: is not a password hash this app can check"),
    ("role-given-twice-in-one-row", role_twice, "plain", [], "has the key 'role' twice"),
    ("nested-200000-levels-deep", nested(200_000), "plain", [], "levels deep, and a dump nests 32 at most"),
    ("without-its-revision", envelope(alembic_revision=None), "plain", [],
     "This dump does not say which schema revision it was made at"),
    ("of-another-revision", envelope(alembic_revision="0003_user_session_token"), "plain", [],
     "This dump was made at schema revision 0003_user_session_token, this database is at"),
    ("without-saying-whether-it-holds-hashes", envelope(password_hashes=None), "plain", [],
     "does not say whether it holds password hashes"),
    ("foreign-key-to-no-row", change("verdict", 0, "claim_id", 999_999), "plain", [],
     "Table verdict, row 1, claim_id: 999999 refers to no row of table claim"),
    ("the-same-row-twice", duplicate_row("claim"), "plain", [], "is already in row 1 (it must be unique)"),
    ("two-accounts-with-one-email", same_email, "plain", [],
     "Table user, row 2, email: 'reviewer1@example.org' is already in row 1 (it must be unique)"),
    ("not-json", as_text(lambda _text: "not json at all"), "plain", [], "it is not valid JSON"),
    ("another-format", envelope(format="other-tool"), "plain", [], "This is not a factcheck dump"),
    ("another-format-version", envelope(version=2), "plain", [], "This dump is format version 2"),
    ("rows-not-a-list", envelope(tables={"user": {"id": 1}}), "plain", [], "Table user of this dump is not a list"),
]  # fmt: skip


@pytest.fixture
def dumps(request) -> dict[str, dict]:
    """The populated database's dump without and with password hashes, as documents (made once per run and
    database: the populated fixture is the slow part)."""
    kind = database_kind()
    if kind not in DUMPS:
        request.getfixturevalue("populated")
        application = request.getfixturevalue("app")
        DUMPS[kind] = {
            "plain": json.loads(dump_text(application)),
            "hashes": json.loads(dump_text(application, include_password_hashes=True)),
        }
    return DUMPS[kind]


DUMPS: dict[str, dict[str, dict]] = {}


def secrets_of(document: dict) -> list[str]:
    """Every password hash and session token the dump or the variant holds, or the part of a hash that is
    its own (its salt: a message that cuts a long value short still shows where it starts): never in a
    message."""
    values = [KNOWN_HASH, PLANTED_TOKEN, CHECKED_WITHOUT_VALUE]
    values += [row["password_hash"] for row in document["tables"]["user"] if "password_hash" in row]
    return values + [value.split("$")[1] for value in values if value.count("$") == 2]


@pytest.mark.parametrize(("edit", "base", "options", "message"), [case[1:] for case in HOSTILE],
                         ids=[case[0] for case in HOSTILE])  # fmt: skip
def test_a_hostile_dump_is_refused_with_a_reason_and_nothing_is_written(target, dumps, edit, base, options, message):
    hostile = edit(copy.deepcopy(dumps[base]))
    document = hostile if isinstance(hostile, str) else json.dumps(hostile)
    before = all_rows(target, without=())
    result = target.test_cli_runner().invoke(args=["restore", *options, "-"], input=document)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a refusal, not a crash
    assert result.output.startswith("Error: Nothing was restored. "), result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    for secret in secrets_of(dumps["hashes"]):
        assert secret not in result.output
    with target.app_context():
        tokens = set(db.session.scalars(select(User.session_token)))
    assert not any(token in result.output for token in tokens)
    assert all_rows(target, without=()) == before


def test_every_hostile_variant_starts_from_a_dump_that_restores(target, dumps):
    """The unchanged dumps restore, so each variant above is refused for its change alone."""
    for base, options in (("plain", []), ("hashes", ["--with-password-hashes"])):
        with target.app_context():
            drop_everything(db.engine)
            db.create_all()
            ensure_default_ratings()
            db.session.commit()
        stamp(target)
        result = target.test_cli_runner().invoke(args=["restore", *options, "-"], input=json.dumps(dumps[base]))
        assert result.exit_code == 0, result.output
        assert "4 accounts were created" in result.output


def test_restore_says_how_many_values_it_refused_and_lists_the_first_ones(target, dumps):
    document = copy.deepcopy(dumps["plain"])
    for claim in document["tables"]["claim"]:
        claim["position"] = "first"
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=json.dumps(document))
    claims = len(document["tables"]["claim"])
    assert f"This dump does not fit this database ({claims} problems):" in result.output, result.output
    assert result.output.count("position: is not a whole number") == 20
    assert f"… and {claims - 20} more." in result.output


def test_every_check_constraint_and_column_type_is_checked_before_the_database(app):
    """The checks know every shape of constraint and every column type of the schema, so a new one is not
    left to a database that quotes the failing row."""
    from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, Integer, String

    with app.app_context():
        for table in tables_in_order():
            allowed = allowed_values(table)
            for constraint in table.constraints:
                if isinstance(constraint, CheckConstraint):
                    column = str(constraint.sqltext).split()[0]
                    assert allowed.get(column), (table.name, constraint.name)
            for column in table.columns:
                assert isinstance(column.type, Boolean | Integer | String | DateTime | Date | JSON), column


def test_a_refusal_by_the_database_itself_never_shows_the_row(target, dumps, monkeypatch):
    """Were a value to pass the checks, the database refuses it, and its message (PostgreSQL's DETAIL lists
    the whole failing row, password hash and session token included) is not passed on."""
    from factcheck.backup import dumpfile

    monkeypatch.setattr(dumpfile, "allowed_values", lambda table: {})
    document = copy.deepcopy(dumps["hashes"])
    document["tables"]["user"][-1]["role"] = "superuser"  # the database's check constraint refuses it
    before = all_rows(target, without=())
    result = target.test_cli_runner().invoke(
        args=["restore", "--with-password-hashes", "-"], input=json.dumps(document)
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    users = len(document["tables"]["user"])
    assert f"Table user of this dump does not fit this database: one of rows 1 to {users} was refused" in result.output
    assert "ck_user_role" in result.output, result.output
    for secret in secrets_of(document):
        assert secret not in result.output
    assert not re.search(r"[0-9a-f]{64}", result.output)  # no session token (the column default made them)
    assert "superuser" not in result.output and "Failing row" not in result.output
    # The rating scale was deleted and the sources inserted before the accounts failed: all rolled back.
    assert all_rows(target, without=()) == before


def test_restore_into_a_database_never_upgraded_says_to_run_db_upgrade(app, target, populated):
    """No traceback: a database without the schema gets what to run first, and nothing is written to it."""
    dumped = dump_text(app)
    with target.app_context():
        drop_everything(db.engine)
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=dumped)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Nothing was restored. This database has none of the workbench's tables" in result.output
    assert "Run `flask --app factcheck db upgrade` on it first, then restore." in result.output
    assert "Traceback" not in result.output
    with target.app_context():
        assert inspect(db.engine).get_table_names() == []
        # A schema missing one table (not brought up to date) is refused the same way, by name.
        db.create_all()
        db.session.execute(text("DROP TABLE audit_event"))
        db.session.commit()
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=dumped)
    assert result.exit_code == 1 and "lacks the workbench's audit_event table" in result.output, result.output
    # And a dump of a database without the schema says so instead of failing on a missing table.
    with app.app_context():
        drop_everything(db.engine)
    result = app.test_cli_runner().invoke(args=["dump", "-"])
    assert result.exit_code == 1 and "Nothing was dumped" in result.output and "DATABASE_URL" in result.output


# --- reading a dump a row at a time (issue 17) ------------------------------------------------------


def test_the_stream_reader_reads_what_json_reads_whatever_its_chunks(dumps):
    """A dump read in chunks of every small size (cutting numbers, strings, escapes and keys anywhere) gives
    the same envelope and rows as the whole text parsed at once."""
    from factcheck.backup.jsonstream import DumpStream

    text_ = json.dumps(dumps["plain"], indent=1, ensure_ascii=False).replace('"version": 1', '"version": 1.0e0')
    expected = json.loads(text_)
    for chunk in (1, 2, 3, 5, 8, 13, 64, 4096):
        document: dict = {}
        for key, value in DumpStream(io.StringIO(text_), chunk=chunk).members():
            if key == "tables":
                value = {name: [row for _, row in rows] for name, rows in value}
            document[key] = value
        assert document == expected, chunk


def test_the_stream_reader_holds_about_a_chunk_not_the_file():
    from factcheck.backup.jsonstream import DumpStream

    rows = ",".join(json.dumps({"id": number, "text": "x" * 100}) for number in range(1, 20_001))
    text_ = '{"format": "factcheck-dump", "tables": {"claim": [' + rows + "]}}"
    reader = DumpStream(io.StringIO(text_), chunk=4096)
    largest = count = 0
    for key, value in reader.members():
        if key == "tables":
            for _, table_rows in value:
                for number, row in table_rows:
                    assert row["id"] == number
                    count += 1
                    largest = max(largest, len(reader.buffer))
    assert count == 20_000 and len(text_) > 2_000_000
    assert largest <= 2 * 4096  # a chunk, and what was left of the one before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text_: text_ + " {}", "more text after the document"),
        (lambda text_: text_[: len(text_) // 2], "it is not valid JSON"),
        (lambda text_: text_.replace('"password_hashes": false, ', "")[:-3] + ', "password_hashes": false}\n',
         "does not say whether it holds password hashes"),
    ],
    ids=["trailing-text", "cut-in-the-middle", "envelope-member-after-the-tables"],
)  # fmt: skip
def test_a_stream_damaged_past_its_first_rows_is_refused_and_nothing_is_kept(target, dumps, monkeypatch, edit, message):
    """Rows are written in batches as they pass (one row per batch here): a refusal late in the file still
    leaves the target as it was."""
    from factcheck.backup import operations

    monkeypatch.setattr(operations, "BATCH_SIZE", 1)
    before = all_rows(target, without=())
    text_ = edit(json.dumps(dumps["plain"]))
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=text_)
    assert result.exit_code == 1 and message in result.output, result.output
    assert all_rows(target, without=()) == before


def test_a_table_listed_before_a_table_it_refers_to_is_refused(target, dumps):
    document = copy.deepcopy(dumps["plain"])
    tables = document["tables"]
    document["tables"] = {"claim": tables.pop("claim"), **tables}
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=json.dumps(document))
    assert result.exit_code == 1
    assert "comes after table claim, which refers to it: a dump lists each table after" in result.output, result.output


def test_a_refusal_after_written_batches_rolls_all_of_it_back(target, dumps, monkeypatch):
    from factcheck.backup import operations

    monkeypatch.setattr(operations, "BATCH_SIZE", 1)
    document = copy.deepcopy(dumps["plain"])
    document["tables"]["audit_event"][-1]["at"] = "yesterday"  # the last row of one of the last tables
    before = all_rows(target, without=())
    result = target.test_cli_runner().invoke(args=["restore", "-"], input=json.dumps(document))
    assert result.exit_code == 1 and "Table audit_event, row" in result.output, result.output
    assert all_rows(target, without=()) == before
