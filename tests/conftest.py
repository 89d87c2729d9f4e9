"""Fixtures: an app with a clean database per test (SQLite file, or TEST_DATABASE_URL's PostgreSQL)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import make_url

from config import TestConfig
from factcheck import create_app
from factcheck.auth.models import User
from factcheck.auth.operations import create_user
from factcheck.extensions import db
from factcheck.review.operations import ensure_default_ratings

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
DEMO_TEXT_PATH = Path(__file__).resolve().parent.parent / "factcheck" / "demo" / "atacms-bryansk.txt"
PASSWORD = "correct horse battery staple"


def database_kind() -> str:
    """'postgresql' or 'sqlite': where this run's tests keep their data."""
    return make_url(TEST_DATABASE_URL).get_backend_name() if TEST_DATABASE_URL else "sqlite"


def pytest_report_header(config) -> list[str]:
    from factcheck.analysis import pipeline

    if TEST_DATABASE_URL:
        url = make_url(TEST_DATABASE_URL)
        database = f"database: {database_kind()} ({url.host}:{url.port or ''}/{url.database})"
    else:
        database = "database: sqlite (a fresh file per test)"
    return [database, f"analysis pipeline: {pipeline.version()}"]


def pytest_sessionstart(session) -> None:
    """Create the PostgreSQL test database when it does not exist yet."""
    if not TEST_DATABASE_URL or database_kind() != "postgresql":
        return
    url = make_url(TEST_DATABASE_URL)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    engine.dispose()


def drop_everything(engine) -> None:
    """Drop every table, including Alembic's, whatever a previous test left (the search index first: SQLite's
    FTS5 tables own shadow tables that cannot be dropped on their own)."""
    from factcheck.search.index import drop_search_index, is_search_object

    with engine.begin() as connection:
        drop_search_index(connection)
    metadata = MetaData()
    metadata.reflect(bind=engine, only=lambda name, _metadata: not is_search_object(name, "table"))
    metadata.drop_all(bind=engine)


@pytest.fixture(autouse=True)
def _restore_the_app_loggers() -> Iterator[None]:
    """A production-configured app installs its JSON log handler on the ``factcheck`` logger for the process
    (factcheck.ops.logs); the next test starts without it."""
    logger = logging.getLogger("factcheck")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """The URL of this test's (empty) database."""
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps on this test's database; the schema is not created (see ``app``)."""
    made: list[Flask] = []

    def _make(**overrides) -> Flask:
        config = type("TestRunConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
        application = create_app(config, instance_path=str(tmp_path / "instance"))
        made.append(application)
        return application

    yield _make
    for application in made:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app) -> Flask:
    """The app with an empty schema created from the models."""
    application = make_app()
    with application.app_context():
        drop_everything(db.engine)
        db.create_all()
        ensure_default_ratings()
        db.session.commit()
    return application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create a user (committed) and return it."""
    counter = iter(range(1, 10_000))

    def _make(role: str = "reviewer", email: str | None = None, password: str = PASSWORD) -> User:
        with app.app_context():
            user = create_user(email or f"{role}{next(counter)}@example.org", password, role)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return _make


def log_in(client: FlaskClient, email: str, password: str = PASSWORD):
    """Post the login form."""
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login(client: FlaskClient, make_user) -> Callable[[str], User]:
    """Log ``client`` in as a new user of the given role."""

    def _login(role: str = "reviewer") -> User:
        user = make_user(role)
        response = log_in(client, user.email)
        assert response.status_code == 302, response.data
        return user

    return _login


@pytest.fixture
def reviewer_client(client: FlaskClient, login) -> FlaskClient:
    login("reviewer")
    return client


@pytest.fixture
def editor_client(client: FlaskClient, login) -> FlaskClient:
    login("editor")
    return client


@pytest.fixture
def demo_text() -> str:
    return DEMO_TEXT_PATH.read_text(encoding="utf-8")


@pytest.fixture
def people(make_user) -> dict[str, int]:
    """The review workflow's cast, by user id: a reviewer, another reviewer and two editors (four eyes)."""
    return {
        "reviewer": make_user("reviewer").id,
        "other": make_user("reviewer").id,
        "editor": make_user("editor").id,
        "editor2": make_user("editor").id,
    }


@pytest.fixture
def demo_article(app: Flask, demo_text: str):
    """The demo article, ingested and committed; returns its id."""
    from factcheck.articles.operations import ArticleData, ingest_article

    with app.app_context():
        result = ingest_article(ArticleData(text=demo_text, title="ATACMS demo", outlet="Demo"))
        db.session.commit()
        return result.article.id
