"""Operations (issue 17): /healthz and /readyz, request ids, JSON request logs."""

from __future__ import annotations

import io
import json
import logging
import uuid

import pytest
from flask_migrate import downgrade, upgrade

from factcheck.extensions import db
from factcheck.ops import logs
from factcheck.ops.views import migration_heads
from tests.conftest import drop_everything, log_in

# --- health and readiness -------------------------------------------------------------------------


@pytest.fixture
def migrated_app(make_app):
    """An app whose schema the migrations built (as in production), dropped again afterwards."""
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade()
    yield app
    with app.app_context():
        drop_everything(db.engine)


def test_healthz_answers_without_the_database(make_app, monkeypatch):
    app = make_app()

    def no_database(*args, **kwargs):
        raise AssertionError("/healthz touched the database")

    with app.app_context():
        monkeypatch.setattr(db.engine, "connect", no_database)
        response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.data == b"ok"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_the_database_answers_at_the_migrations_head(migrated_app):
    response = migrated_app.test_client().get("/readyz")
    assert response.status_code == 200, response.json
    with migrated_app.app_context():
        heads = migration_heads()
    assert heads and response.json == {
        "status": "ready",
        "failing": [],
        "database": "ok",
        "redis": "not configured",  # TestConfig counts in memory
        "job_queue": "not configured",  # and runs jobs inline
        "migrations": "ok: at " + ", ".join(sorted(heads)),
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_a_503_naming_migrations_behind_the_head(migrated_app):
    with migrated_app.app_context():
        downgrade(revision="-1")
    body = migrated_app.test_client().get("/readyz")
    assert body.status_code == 503
    assert body.json["status"] == "unavailable" and body.json["failing"] == ["migrations"]
    assert body.json["migrations"].startswith("behind: the database is at 00")
    assert body.json["migrations"].endswith("run flask --app factcheck db upgrade")


def test_readyz_is_a_503_on_a_schema_no_migration_made(app):
    body = app.test_client().get("/readyz").json
    assert body["failing"] == ["migrations"] and "the database is at no revision" in body["migrations"]


def test_readyz_is_a_503_naming_the_database_when_it_does_not_answer(tmp_path, make_app, caplog):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite'}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["database", "migrations"]
    assert response.json["database"] == "unreachable (OperationalError)"
    assert str(tmp_path) not in response.get_data(as_text=True)  # details go to the log, not the public page
    assert any("Readiness: the database does not answer" in r.getMessage() for r in caplog.records)


def test_readyz_is_a_503_naming_redis_when_the_limit_storage_does_not_answer(migrated_app, make_app):
    pytest.importorskip("redis")
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")  # nothing listens
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["redis"] and response.json["redis"] == "unreachable"
    assert response.json["database"] == "ok"


def test_readyz_checks_a_redis_that_answers(migrated_app, make_app):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=url, JOBS_REDIS_URL=url)
    response = app.test_client().get("/readyz")
    assert response.status_code == 200 and response.json["redis"] == response.json["job_queue"] == "ok"


def test_readyz_is_a_503_naming_the_job_queue_when_its_redis_does_not_answer(migrated_app, make_app):
    app = make_app(JOBS_REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["job_queue"] and response.json["job_queue"] == "unreachable"


# --- request ids and the request log --------------------------------------------------------------


@pytest.fixture
def request_lines():
    """The JSON lines the request log writes during the test (through the handler production installs)."""
    stream = io.StringIO()
    handler = logs.json_handler(stream)
    logger = logging.getLogger(logs.REQUEST_LOGGER)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_logs_one_json_line_with_its_id_and_user(app, make_user, request_lines):
    user = make_user()
    client = app.test_client()
    log_in(client, user.email)
    response = client.get("/?page=1", headers={"X-Request-ID": "edge-7f3a.2"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "edge-7f3a.2"
    login_line, page_line = request_lines()
    assert login_line["path"] == "/login" and login_line["status"] == 302 and login_line["method"] == "POST"
    assert page_line == {
        "time": page_line["time"],
        "level": "INFO",
        "logger": "factcheck.requests",
        "message": "GET / 200",
        "method": "GET",
        "path": "/",  # no query string
        "status": 200,
        "duration_ms": page_line["duration_ms"],
        "user_id": user.id,
        "request_id": "edge-7f3a.2",
    }
    assert isinstance(page_line["duration_ms"], float) and page_line["duration_ms"] >= 0
    assert page_line["time"].endswith("+00:00")


def test_an_anonymous_request_logs_no_user_and_gets_a_new_request_id(app, request_lines):
    first = app.test_client().get("/healthz")
    second = app.test_client().get("/")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert ids[0] != ids[1] and all(uuid.UUID(hex=value) for value in ids)
    lines = request_lines()
    assert [line["request_id"] for line in lines] == ids
    assert [(line["path"], line["status"], line["user_id"]) for line in lines] == [
        ("/healthz", 200, None),
        ("/", 302, None),  # to the login page
    ]


@pytest.mark.parametrize(
    "value",
    ["", "a" * 65, "has space", 'quote"', "new\nline", "é", "-starts-with-a-dash", "semi;colon", "<script>"],
    ids=["empty", "65 chars", "space", "quote", "newline", "non-ascii", "leading dash", "semicolon", "markup"],
)
def test_an_unsafe_request_id_is_replaced_by_a_new_one(app, request_lines, value):
    response = app.test_client().get("/healthz", environ_overrides={"HTTP_X_REQUEST_ID": value})
    returned = response.headers["X-Request-ID"]
    assert returned != value and uuid.UUID(hex=returned)
    assert request_lines()[0]["request_id"] == returned


def test_log_lines_written_during_a_request_carry_its_id(make_app, make_user):
    app = make_app()
    stream = io.StringIO()
    handler = logs.json_handler(stream)
    app.logger.addHandler(handler)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with app.app_context():
        drop_everything(db.engine)
        db.create_all()
    client = app.test_client()
    log_in(client, make_user().email)
    try:
        assert client.get("/boom", headers={"X-Request-ID": "req-42"}).status_code == 500
    finally:
        app.logger.removeHandler(handler)
    (line,) = [entry for text in stream.getvalue().splitlines() if (entry := json.loads(text))["logger"] == "factcheck"]
    assert line["message"] == "Unhandled error" and line["level"] == "ERROR" and line["request_id"] == "req-42"
    assert "RuntimeError: secret internals" in line["exception"]


def test_production_logs_json_to_standard_error_once_however_many_apps(make_app):
    """(conftest's autouse fixture takes the handler away again after the test.)"""
    logger = logging.getLogger("factcheck")
    handlers = list(logger.handlers)
    make_app(LOG_JSON=True, LOG_LEVEL="info")
    make_app(LOG_JSON=True, LOG_LEVEL="INFO")
    added = [handler for handler in logger.handlers if handler not in handlers]
    assert len(added) == 1 and isinstance(added[0].formatter, logs.JsonFormatter)
    assert logger.level == logging.INFO
    with pytest.raises(ValueError, match="FACTCHECK_LOG_LEVEL='LOUD' is not a log level"):
        make_app(LOG_JSON=True, LOG_LEVEL="loud")


def test_the_test_config_installs_no_log_handler(app):
    assert not any(isinstance(h.formatter, logs.JsonFormatter) for h in logging.getLogger("factcheck").handlers)
