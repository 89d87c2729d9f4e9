"""factcheck: a verification workbench for newsroom fact-checkers and their editors."""

from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, redirect, request, url_for
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from config import CONFIGS, LOCAL_SITE_DEFAULTS, Config
from factcheck import links, vocabulary
from factcheck.db import MAX_ID, ping_idle_connections
from factcheck.extensions import csrf, db, login_manager, migrate
from factcheck.transactions import Workbench

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Endpoints reachable without logging in; every other endpoint requires a user. The public site and its API
# are whole blueprints that show published work only.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "ops.healthz", "ops.readyz"})
PUBLIC_BLUEPRINTS = frozenset({"public", "api"})


class IdConverter(IntegerConverter):
    """``<int:...>`` URL parts: whole numbers up to the largest database id."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class ConfigurationError(RuntimeError):
    """The app cannot start with this configuration."""


# A SECRET_KEY signs the session cookies: anyone who guesses it logs in as anyone. What makes one weak enough
# to refuse; `secrets.token_hex(32)` (64 hex digits, 256 random bits) is far above every line.
SECRET_KEY_MIN_BYTES = 32
SECRET_KEY_MIN_DISTINCT = 10
# The key's characters' frequencies times its length (Shannon): a random 32-digit hex key (128 bits) measures
# about 94 at least, a key of one character repeated measures 0.
SECRET_KEY_MIN_ESTIMATED_BITS = 80
KEY_COMMAND = 'python -c "import secrets; print(secrets.token_hex(32))"'


def secret_key_weakness(key: str | bytes) -> str | None:
    """Why ``key`` is too weak to sign sessions (None when it is not): shorter than 32 bytes, fewer than 10
    different characters, one short string repeated, or characters so unevenly spread that it holds far
    fewer than 128 bits."""
    size = len(key.encode("utf-8")) if isinstance(key, str) else len(key)
    if size < SECRET_KEY_MIN_BYTES:
        return f"it is {size} bytes long, and it needs {SECRET_KEY_MIN_BYTES} at least"
    text = key.decode("latin-1") if isinstance(key, bytes) else key  # bytes: one character per byte
    counts = Counter(text)
    if len(counts) < SECRET_KEY_MIN_DISTINCT:
        return f"it has {len(counts)} different characters, and it needs {SECRET_KEY_MIN_DISTINCT} at least"
    period = (text + text).find(text, 1)  # the shortest string the key is a repetition of
    if period < len(text):
        return f"it is the same {period} characters repeated"
    bits = -sum(count * math.log2(count / len(text)) for count in counts.values())
    if bits < SECRET_KEY_MIN_ESTIMATED_BITS:
        return f"its characters are too unevenly spread to be random (about {bits:.0f} bits)"
    return None


def create_app(config_class: type[Config] | None = None, instance_path: str | None = None) -> Flask:
    """Build the workbench app for ``config_class`` (by default the one ``FACTCHECK_CONFIG`` names)."""
    if config_class is None:
        name = os.environ.get("FACTCHECK_CONFIG", "production")
        try:
            config_class = CONFIGS[name]
        except KeyError:
            raise ConfigurationError(f"FACTCHECK_CONFIG={name!r} is not one of {', '.join(sorted(CONFIGS))}") from None
    # Workbench: a Flask app that commits each write request in one place (factcheck.transactions).
    app = Workbench(
        __name__,
        instance_relative_config=True,
        instance_path=instance_path,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(config_class)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure_secrets_and_database(app)
    configure_site(app)

    register_extensions(app)
    # Before the blueprints: <int:...> in their routes stops at the largest id (beyond it: 404, not a 500).
    app.url_map.converters["int"] = IdConverter
    register_blueprints(app)
    links.register(app)
    vocabulary.register(app)
    register_commands(app)
    register_errorhandlers(app)
    register_hooks(app)
    return app


def configure_secrets_and_database(app: Flask) -> None:
    """Fill in the embedded defaults, and refuse to start without a strong secret key outside development, or in
    production without a DATABASE_URL or on SQLite (unless FACTCHECK_ALLOW_SQLITE=1)."""
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] != "development":
            raise ConfigurationError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a random value "
                f"(e.g. the output of: {KEY_COMMAND}), "
                "or run with FACTCHECK_CONFIG=development on a workstation."
            )
        # Development keeps a random key in the instance folder so logins survive a restart.
        key_file = Path(app.instance_path) / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    elif app.config["ENV_NAME"] != "development":
        weakness = secret_key_weakness(app.config["SECRET_KEY"])
        if weakness:
            raise ConfigurationError(
                f"SECRET_KEY is too weak to sign sessions: {weakness}. Set SECRET_KEY to a random value, "
                f"for instance the output of: {KEY_COMMAND}"
            )
    production = app.config["ENV_NAME"] == "production"
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    if production and not url:
        raise ConfigurationError(
            "DATABASE_URL is not set. Set DATABASE_URL to the shared PostgreSQL database "
            "(e.g. postgresql+psycopg://user@host/factcheck): without it every machine would use its own SQLite file."
        )
    if production and url.startswith("sqlite") and not app.config.get("ALLOW_SQLITE"):
        raise ConfigurationError(
            "DATABASE_URL names a SQLite database, which production refuses (every machine would have its own). "
            "Set DATABASE_URL to PostgreSQL, or FACTCHECK_ALLOW_SQLITE=1 for a single-machine installation."
        )
    if not url:
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "factcheck.sqlite")


def configure_site(app: Flask) -> None:
    """Where public verdict pages live and who signs the ClaimReviews: required in production (a loopback address
    and a placeholder name would go out in every export), filled in from ``LOCAL_SITE_DEFAULTS`` elsewhere."""
    config = app.config
    production = config["ENV_NAME"] == "production"
    required = {
        "PUBLIC_BASE_URL": (
            "FACTCHECK_PUBLIC_BASE_URL",
            "the public address of the workbench (e.g. https://factcheck.example.org): exports and ClaimReviews "
            "link to its verdict pages",
        ),
        "CLAIMREVIEW_ORG_NAME": (
            "FACTCHECK_ORG_NAME",
            'the name of the organisation that signs the ClaimReviews (e.g. "Example Daily Fact Check")',
        ),
    }
    for key, (variable, meaning) in required.items():
        if not (config.get(key) or "").strip():
            if production:
                raise ConfigurationError(f"{variable} is not set. Set {variable} to {meaning}.")
            config[key] = LOCAL_SITE_DEFAULTS[key]
    if not config.get("CLAIMREVIEW_ORG_URL"):
        config["CLAIMREVIEW_ORG_URL"] = config["PUBLIC_BASE_URL"]
    for key, variable in (
        ("PUBLIC_BASE_URL", "FACTCHECK_PUBLIC_BASE_URL"),
        ("CLAIMREVIEW_ORG_URL", "FACTCHECK_ORG_URL"),
    ):
        parts = urlsplit(config[key])
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigurationError(
                f"{variable}={config[key]!r} is not a web address. Set {variable} to an http or https URL with "
                "a host name, e.g. https://factcheck.example.org"
            )


def register_extensions(app: Flask) -> None:
    """Attach the unbound extensions to this app."""
    import factcheck.models  # noqa: F401 - registers every table on the metadata
    from factcheck.ops import logs
    from factcheck.search.index import include_object

    logs.init_app(app)  # first: its hooks wrap every other one (request id first, request line last)
    db.init_app(app)
    # The search index lives outside the metadata (factcheck.search.index): autogenerate leaves it alone.
    migrate.init_app(
        app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, include_object=include_object
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to use the workbench."
    login_manager.login_message_category = "info"
    configure_sqlite(app)
    with app.app_context():
        ping_idle_connections(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])

    from factcheck import security

    security.init_app(app)


def configure_sqlite(app: Flask) -> None:
    """Foreign keys on and a busy timeout for every SQLite connection; WAL for database files."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return

    with app.app_context():
        engine: Engine = db.engine
    on_disk = engine.url.database not in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if on_disk:
            # Readers no longer wait for a writer, and a commit appends to the log instead of
            # rewriting pages; NORMAL syncs at checkpoints, which WAL keeps consistent after a crash.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    """Mount each feature's views."""
    from factcheck.api.views import bp as api_bp
    from factcheck.articles.views import bp as articles_bp
    from factcheck.auth.views import bp as auth_bp
    from factcheck.claims.views import bp as claims_bp
    from factcheck.evidence.views import bp as evidence_bp
    from factcheck.factchecks.views import bp as factchecks_bp
    from factcheck.jobs.views import bp as jobs_bp
    from factcheck.ops.views import bp as ops_bp
    from factcheck.reports.public import bp as public_bp
    from factcheck.reports.views import bp as reports_bp
    from factcheck.review.views import bp as review_bp
    from factcheck.search.views import bp as search_bp
    from factcheck.sources.views import bp as sources_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(articles_bp)
    app.register_blueprint(claims_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(evidence_bp)
    app.register_blueprint(sources_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(factchecks_bp)


def register_commands(app: Flask) -> None:
    """Add the ``flask --app factcheck ...`` commands."""
    from factcheck.articles.cli import import_article_command
    from factcheck.articles.reanalysis import reanalyse_command
    from factcheck.auth.cli import create_user_command, set_password_command
    from factcheck.backup.cli import dump_command, restore_command
    from factcheck.demo.cli import seed_demo_command
    from factcheck.factchecks.cli import import_factchecks_command
    from factcheck.jobs.cli import worker_command
    from factcheck.reports.cli import export_command
    from factcheck.search.cli import search_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(set_password_command)
    app.cli.add_command(import_article_command)
    app.cli.add_command(reanalyse_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(dump_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(export_command)
    app.cli.add_command(search_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(import_factchecks_command)


def register_errorhandlers(app: Flask) -> None:
    """Readable error pages; never a traceback."""
    from factcheck.errors import register

    register(app)


def register_hooks(app: Flask) -> None:
    """Require a logged-in user on every page but the login page."""

    @app.before_request
    def require_login():
        if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS or request.blueprint in PUBLIC_BLUEPRINTS:
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None

    @login_manager.user_loader
    def load_user(session_id: str):
        from factcheck.auth.operations import user_from_session_id

        return user_from_session_id(session_id)
