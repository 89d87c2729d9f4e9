"""The app factory and configuration classes."""

from __future__ import annotations

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from config import Config, DevelopmentConfig, TestConfig
from factcheck import ConfigurationError, create_app


def test_factory_uses_the_given_config(app):
    assert app.config["TESTING"] is True
    assert app.config["ENV_NAME"] == "testing"
    assert not app.debug


def test_production_without_secret_key_refuses_to_start(tmp_path, monkeypatch):
    class NoSecret(Config):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'x.sqlite'}"

    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app(NoSecret, instance_path=str(tmp_path / "instance"))


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
