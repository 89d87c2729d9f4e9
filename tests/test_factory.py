"""The app factory and configuration classes."""

from __future__ import annotations

import secrets

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from config import Config, DevelopmentConfig, TestConfig
from factcheck import ConfigurationError, create_app, secret_key_weakness


def test_factory_uses_the_given_config(app):
    assert app.config["TESTING"] is True
    assert app.config["ENV_NAME"] == "testing"
    assert not app.debug


def production(tmp_path, **settings) -> type[Config]:
    """A production configuration that starts (on SQLite, allowed), with ``settings`` changed."""
    values = {
        "SECRET_KEY": secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
        "ALLOW_SQLITE": True,
        "PUBLIC_BASE_URL": "https://factcheck.example.org",
        "CLAIMREVIEW_ORG_NAME": "Example Daily Fact Check",
        "RATELIMIT_STORAGE_URI": "memory://",
        **settings,
    }
    return type("Production", (Config,), values)


def test_production_starts_with_its_settings_and_keeps_them(tmp_path):
    app = create_app(production(tmp_path), instance_path=str(tmp_path / "instance"))
    assert app.config["ENV_NAME"] == "production"
    assert app.config["PUBLIC_BASE_URL"] == "https://factcheck.example.org"
    assert app.config["CLAIMREVIEW_ORG_NAME"] == "Example Daily Fact Check"
    assert app.config["CLAIMREVIEW_ORG_URL"] == "https://factcheck.example.org"  # defaults to the public URL
    org = create_app(production(tmp_path, CLAIMREVIEW_ORG_URL="https://example.org/"), instance_path=str(tmp_path))
    assert org.config["CLAIMREVIEW_ORG_URL"] == "https://example.org/"


REFUSALS = [
    ({"SQLALCHEMY_DATABASE_URI": None}, "DATABASE_URL is not set. Set DATABASE_URL to the shared PostgreSQL"),
    ({"SQLALCHEMY_DATABASE_URI": ""}, "DATABASE_URL is not set."),
    ({"ALLOW_SQLITE": False}, "DATABASE_URL names a SQLite database, which production refuses"),
    ({"PUBLIC_BASE_URL": None}, "FACTCHECK_PUBLIC_BASE_URL is not set. Set FACTCHECK_PUBLIC_BASE_URL to the public"),
    ({"PUBLIC_BASE_URL": "  "}, "FACTCHECK_PUBLIC_BASE_URL is not set."),
    ({"PUBLIC_BASE_URL": "factcheck.example.org"}, "FACTCHECK_PUBLIC_BASE_URL='factcheck.example.org' is not a web"),
    ({"PUBLIC_BASE_URL": "ftp://example.org"}, "FACTCHECK_PUBLIC_BASE_URL='ftp://example.org' is not a web address"),
    ({"CLAIMREVIEW_ORG_NAME": None}, "FACTCHECK_ORG_NAME is not set. Set FACTCHECK_ORG_NAME to the name"),
    ({"CLAIMREVIEW_ORG_URL": "https://"}, "FACTCHECK_ORG_URL='https://' is not a web address"),
]


@pytest.mark.parametrize(("settings", "message"), REFUSALS, ids=[message[:40] for _, message in REFUSALS])
def test_production_refuses_to_start_without_its_site_and_database(tmp_path, settings, message):
    with pytest.raises(ConfigurationError) as refused:
        create_app(production(tmp_path, **settings), instance_path=str(tmp_path / "instance"))
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)  # one line in the log


def test_production_reads_its_refusals_from_the_environment(tmp_path, monkeypatch):
    """The variables the messages name are the ones config.py reads."""
    import importlib

    import config

    for name in ("DATABASE_URL", "FACTCHECK_ALLOW_SQLITE", "FACTCHECK_PUBLIC_BASE_URL", "FACTCHECK_ORG_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("FACTCHECK_RATELIMIT_STORAGE_URI", "memory://")
    steps = [
        ("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}", "DATABASE_URL is not set"),
        ("FACTCHECK_ALLOW_SQLITE", "1", "DATABASE_URL names a SQLite database"),
        ("FACTCHECK_PUBLIC_BASE_URL", "https://factcheck.example.org", "FACTCHECK_PUBLIC_BASE_URL is not set"),
        ("FACTCHECK_ORG_NAME", "Example Daily", "FACTCHECK_ORG_NAME is not set"),
    ]
    try:
        for name, value, refusal in steps:
            with pytest.raises(ConfigurationError, match=refusal):
                create_app(importlib.reload(config).Config, instance_path=str(tmp_path / "instance"))
            monkeypatch.setenv(name, value)
        app = create_app(importlib.reload(config).Config, instance_path=str(tmp_path / "instance"))
        assert app.config["CLAIMREVIEW_ORG_NAME"] == "Example Daily"
    finally:
        monkeypatch.undo()
        importlib.reload(config)  # back to this run's environment


def test_outside_production_the_site_has_local_defaults(app):
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    assert app.config["CLAIMREVIEW_ORG_NAME"] == "factcheck newsroom"
    assert app.config["CLAIMREVIEW_ORG_URL"] == "http://127.0.0.1:5000"


def test_production_without_secret_key_refuses_to_start(tmp_path, monkeypatch):
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app(production(tmp_path, SECRET_KEY=None), instance_path=str(tmp_path / "instance"))


WEAK_KEYS = [
    ("x", "it is 1 bytes long, and it needs 32 at least"),
    ("change-me-in-production", "it is 23 bytes long"),
    ("x" * 32, "it has 1 different characters, and it needs 10 at least"),
    ("é" * 16, "it has 1 different characters"),  # 32 bytes in UTF-8, one character
    ("ab" * 40, "it has 2 different characters"),
    ("0123456789" * 4, "it is the same 10 characters repeated"),
    ("correct horse battery staple 12" * 2, "it is the same 31 characters repeated"),
    ("a" * 33 + "bcdefghij", "its characters are too unevenly spread to be random"),
]


@pytest.mark.parametrize(("key", "reason"), WEAK_KEYS, ids=[reason.split(",")[0] for _, reason in WEAK_KEYS])
def test_production_refuses_a_weak_secret_key_and_says_how_to_make_one(tmp_path, key, reason):
    with pytest.raises(ConfigurationError) as refused:
        create_app(production(tmp_path, SECRET_KEY=key), instance_path=str(tmp_path / "instance"))
    message = str(refused.value)
    assert message.startswith("SECRET_KEY is too weak to sign sessions: ") and reason in message
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in message
    assert len(key) < 8 or key not in message  # the key is a secret too


@pytest.mark.parametrize(
    "key",
    [
        secrets.token_hex(32),
        "9f86d081884c7d659a2feaa0c55ad015",  # 32 hex digits (128 bits), the shortest the rule lets through
        secrets.token_urlsafe(32),
        secrets.token_bytes(32),
        "correct horse battery staple, but longer than that",  # 51 bytes, 21 characters
    ],
    ids=["token_hex(32)", "32 hex digits", "token_urlsafe(32)", "32 random bytes", "a long passphrase"],
)
def test_production_starts_with_a_strong_secret_key(tmp_path, key):
    assert (
        create_app(production(tmp_path, SECRET_KEY=key), instance_path=str(tmp_path / "instance")).config["SECRET_KEY"]
        == key
    )


def test_the_keys_the_message_says_to_make_pass(tmp_path):
    """The rules stay well clear of the keys the message tells people to make: 5,000 of them. (Of random
    32-digit keys, secrets.token_hex(16), about one in 10,000 has fewer than 10 different digits and is
    refused; one of 64 digits practically never is.)"""
    assert all(secret_key_weakness(secrets.token_hex(32)) is None for _ in range(5000))


def test_development_accepts_the_key_a_workstation_sets(tmp_path):
    """The key check guards production; `make run` and a developer's own SECRET_KEY=dev are not refused."""

    class Dev(DevelopmentConfig):
        SECRET_KEY = "dev"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'x.sqlite'}"

    assert create_app(Dev, instance_path=str(tmp_path / "instance")).config["SECRET_KEY"] == "dev"


def test_development_keeps_a_generated_key_in_the_instance_folder(tmp_path):
    class Dev(DevelopmentConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = None

    instance = tmp_path / "instance"
    first = create_app(Dev, instance_path=str(instance))
    second = create_app(Dev, instance_path=str(instance))
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0
    # The embedded default: SQLite in the instance folder.
    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'factcheck.sqlite'}"
    assert first.config["SESSION_COOKIE_SECURE"] is False


def test_config_is_chosen_by_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CONFIG", "testing")
    assert create_app(instance_path=str(tmp_path / "i")).config["ENV_NAME"] == "testing"
    monkeypatch.setenv("FACTCHECK_CONFIG", "staging")
    with pytest.raises(ConfigurationError, match="'staging' is not one of"):
        create_app(instance_path=str(tmp_path / "i"))


def test_production_cookies_are_secure_and_http_only():
    assert Config.SESSION_COOKIE_HTTPONLY is True
    assert Config.SESSION_COOKIE_SAMESITE == "Lax"
    assert Config.WTF_CSRF_ENABLED is True
    assert TestConfig.WTF_CSRF_ENABLED is False


def test_password_hash_method_meets_the_policy():
    method = Config.PASSWORD_HASH_METHOD
    name, *params = method.split(":")
    if name == "scrypt":
        assert int(params[0]) >= 2**17
    else:
        assert name == "pbkdf2" and int(params[1]) >= 600_000
    hashed = generate_password_hash("a long enough password", method=method)
    assert hashed.startswith(f"{name}:")
    assert check_password_hash(hashed, "a long enough password")
    assert not check_password_hash(hashed, "another password")


def test_error_pages_are_readable_and_never_show_a_traceback(make_app, make_user):
    from factcheck.extensions import db
    from tests.conftest import drop_everything, log_in

    app = make_app()

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    with app.app_context():
        drop_everything(db.engine)
        db.create_all()
    reviewer_client = app.test_client()
    log_in(reviewer_client, make_user().email)
    response = reviewer_client.get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    missing = reviewer_client.get("/no/such/page")
    assert missing.status_code == 404 and b"There is nothing at this address" in missing.data
