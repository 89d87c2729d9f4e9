"""Sessions, login throttling, passwords, response headers and error pages (issue 6, ASVS level 2).

docs/security.md lists each protection with the test here that proves it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from config import Config, DevelopmentConfig, TestConfig
from factcheck import create_app, security
from factcheck.auth.models import User
from factcheck.auth.operations import AccountError, common_passwords, create_user, validate_password
from factcheck.extensions import db
from tests.conftest import PASSWORD, drop_everything, log_in

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
NEW_PASSWORD = "a quite different passphrase 42"


def fresh_app(make_app, *emails: str, **overrides):
    """An app with its own settings on an emptied database, with reviewer accounts for ``emails``."""
    app = make_app(**overrides)
    with app.app_context():
        drop_everything(db.engine)
        db.create_all()
        for email in emails:
            create_user(email, PASSWORD, "reviewer")
        db.session.commit()
    return app


def set_cookie_headers(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def cookie_named(response, name: str) -> str:
    return next(h for h in set_cookie_headers(response) if h.startswith(name + "="))


# --- sessions -------------------------------------------------------------------------------------


def test_session_cookies_are_httponly_samesite_lax_and_secure_when_configured(make_app, make_user):
    app = fresh_app(make_app, "secure@example.org", SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    client = app.test_client()
    response = client.post("/login", data={"email": "secure@example.org", "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        header = cookie_named(response, name)
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" in header, header
    assert DevelopmentConfig.SESSION_COOKIE_SECURE is False  # plain http on loopback


def test_production_cookies_are_secure_unless_insecure_is_asked_for(monkeypatch):
    import importlib

    import config

    monkeypatch.delenv("FACTCHECK_INSECURE_COOKIES", raising=False)
    assert importlib.reload(config).Config.SESSION_COOKIE_SECURE is True
    assert config.Config.REMEMBER_COOKIE_SECURE is True
    monkeypatch.setenv("FACTCHECK_INSECURE_COOKIES", "1")
    assert importlib.reload(config).Config.SESSION_COOKIE_SECURE is False
    monkeypatch.undo()
    importlib.reload(config)  # back to this run's environment


def test_login_starts_a_new_session(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("session").value
    assert log_in(client, user.email).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")
    assert client.get_cookie("session").value != before


def test_logout_ends_every_session_of_the_user(app, make_user):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    log_in(first, user.email)
    log_in(second, user.email)
    assert second.get("/").status_code == 200
    first.post("/logout")
    response = second.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_replayed_session_cookie_is_refused_after_logout(app, make_user):
    user = make_user()
    client = app.test_client()
    log_in(client, user.email)
    stolen = client.get_cookie("session").value
    client.post("/logout")
    attacker = app.test_client()
    attacker.set_cookie("session", stolen)
    response = attacker.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_replayed_session_cookie_is_refused_on_a_page_it_read_before_logout(app, make_user, demo_article):
    url = f"/articles/{demo_article}"
    client = app.test_client()
    log_in(client, make_user().email)
    assert client.get(url).status_code == 200
    stolen = client.get_cookie("session").value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_deactivated_user_is_refused_at_once(app, make_user, demo_article):
    """Even when the account is switched off past the app (a statement on a connection of its own, as from
    psql): the next request of a session already open is sent to the login page."""
    url = f"/articles/{demo_article}"
    user = make_user()
    client = app.test_client()
    log_in(client, user.email)
    assert client.get(url).status_code == 200
    with app.app_context(), db.engine.begin() as connection:
        table = User.__table__
        connection.execute(table.update().where(table.c.id == user.id).values(is_active=False))
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_user_never_sees_another_users_page(app, make_user, demo_article):
    """Pages carry the user's name (and the session's CSRF tokens): each session gets its own."""
    url = f"/articles/{demo_article}"
    first, second = app.test_client(), app.test_client()
    anna = make_user("reviewer")
    log_in(first, anna.email)
    log_in(second, make_user("editor").email)
    assert anna.email in first.get(url).get_data(as_text=True)
    assert anna.email not in second.get(url).get_data(as_text=True)


def test_the_remember_me_cookie_dies_with_the_session_token(app, make_user):
    user = make_user()
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remember = client.get_cookie("remember_token").value
    assert remember.startswith(f"{user.id}:") or "|" in remember, response.headers
    # A browser restarted: no session, only the remember-me cookie; it logs the user in.
    restarted = app.test_client()
    restarted.set_cookie("remember_token", remember)
    assert restarted.get("/").status_code == 200
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("remember_token", remember)
    assert replay.get("/").status_code == 302


def test_a_cookie_with_the_wrong_token_is_refused(app, make_user):
    user = make_user()
    client = app.test_client()
    log_in(client, user.email)
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{'0' * 64}"
    assert client.get("/").status_code == 302
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # the old cookie format, id alone
    assert client.get("/").status_code == 302


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(app, make_user):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    log_in(here, user.email)
    log_in(elsewhere, user.email)
    assert here.get("/account/password").status_code == 200
    response = here.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert log_in(app.test_client(), user.email, PASSWORD).status_code == 200  # the old one is refused
    assert log_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"current_password": "wrong wrong wrong", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
            "The current password is wrong.",
        ),
        (
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"},
            "The two new passwords differ.",
        ),
        (
            {"current_password": PASSWORD, "new_password": "password1234", "confirm": "password1234"},
            "commonly used passwords",
        ),
        ({"current_password": PASSWORD, "new_password": "short", "confirm": "short"}, "between 12 and 256"),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(app, client, make_user, data, message):
    user = make_user()
    log_in(client, user.email)
    response = client.post("/account/password", data=data)
    assert response.status_code == 422
    assert message in response.data.decode()
    with app.app_context():
        assert db.session.get(User, user.id).check_password(PASSWORD)
    assert client.get("/").status_code == 200


def test_sessions_end_after_the_idle_timeout(make_app, make_user):
    app = fresh_app(make_app, "idle@example.org", SESSION_IDLE_MINUTES=30)
    client = app.test_client()
    log_in(client, "idle@example.org")
    with client.session_transaction() as session:
        session[security.SEEN_AT] -= 29 * 60
    assert client.get("/").status_code == 200  # within the idle time, and the clock restarts
    with client.session_transaction() as session:
        session[security.SEEN_AT] -= 31 * 60
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert b"session has expired" in client.get(response.headers["Location"]).data


def test_an_expired_session_is_refused_on_a_page_it_read_before(app, reviewer_client, demo_article):
    url = f"/articles/{demo_article}"
    assert reviewer_client.get(url).status_code == 200
    with reviewer_client.session_transaction() as session:
        session[security.SEEN_AT] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 1
    response = reviewer_client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_idle_clock_is_rewritten_at_most_once_a_minute(make_app):
    """Re-signing the session cookie on every request cost more than some pages."""
    app = fresh_app(make_app, "clock@example.org")
    client = app.test_client()
    log_in(client, "clock@example.org")
    client.get("/")  # the first page puts the CSRF secret in the session
    assert "session=" not in client.get("/").headers.get("Set-Cookie", "")
    with client.session_transaction() as session:
        session[security.SEEN_AT] -= security.SEEN_RESOLUTION_SECONDS
    assert "session=" in client.get("/").headers.get("Set-Cookie", "")
    assert "session=" not in client.get("/").headers.get("Set-Cookie", "")


def test_sessions_end_after_the_absolute_timeout_even_when_active(make_app):
    app = fresh_app(make_app, "long@example.org", SESSION_ABSOLUTE_HOURS=8)
    client = app.test_client()
    client.post("/login", data={"email": "long@example.org", "password": PASSWORD, "remember": "y"})
    with client.session_transaction() as session:
        session[security.STARTED_AT] -= 8 * 3600 + 1
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    # The remember-me cookie went with it: the next request is not logged back in.
    assert client.get_cookie("remember_token") is None
    assert client.get("/").status_code == 302


def test_timeouts_and_the_remember_me_duration_are_configurable():
    assert Config.SESSION_IDLE_MINUTES > 0 and Config.SESSION_ABSOLUTE_HOURS > 0
    assert Config.REMEMBER_COOKIE_DURATION.total_seconds() == Config.SESSION_ABSOLUTE_HOURS * 3600


# --- login ----------------------------------------------------------------------------------------


@pytest.fixture
def limited_app(make_app):
    """An app with the login rate limits on (tests keep them off by default) and small limits."""
    return fresh_app(
        make_app,
        "victim@example.org",
        "other@example.org",
        "third@example.org",
        RATELIMIT_ENABLED=True,
        LOGIN_LIMIT_PER_ACCOUNT="3 per minute",
        LOGIN_LIMIT_PER_ADDRESS="6 per minute",
    )


def test_failed_logins_are_limited_per_account(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert log_in(client, "victim@example.org", "wrong password!").status_code == 200
    refused = log_in(client, "victim@example.org", PASSWORD)  # even the right password now waits
    assert refused.status_code == 429
    assert "Too many attempts" in refused.data.decode() and "Traceback" not in refused.data.decode()
    assert int(refused.headers["Retry-After"]) > 0
    # However the address spells the account.
    assert log_in(limited_app.test_client(), "VICTIM@example.org ", "x").status_code == 429
    # The account is locked for this address only: its owner elsewhere is not (issue 19; the slower
    # all-addresses limit is tested in test_security_logins).
    elsewhere = limited_app.test_client()
    owner = {"REMOTE_ADDR": "198.51.100.7"}
    wrong = elsewhere.post("/login", data={"email": "victim@example.org", "password": "no"}, environ_base=owner)
    assert wrong.status_code == 200
    right = elsewhere.post("/login", data={"email": "victim@example.org", "password": PASSWORD}, environ_base=owner)
    assert right.status_code == 302
    # Other accounts are not affected.
    assert log_in(limited_app.test_client(), "other@example.org").status_code == 302


def test_unknown_accounts_are_limited_like_known_ones(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        log_in(client, "nobody@example.org", "wrong password!")
    assert log_in(client, "nobody@example.org", "wrong password!").status_code == 429


def test_failed_logins_are_limited_per_address(limited_app):
    client = limited_app.test_client()
    for attempt in range(6):
        assert log_in(client, f"guess{attempt}@example.org", "wrong password!").status_code == 200
    assert log_in(client, "third@example.org").status_code == 429
    other_address = limited_app.test_client()
    response = other_address.post(
        "/login", data={"email": "third@example.org", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert response.status_code == 302


def test_successful_logins_do_not_count(limited_app):
    for _ in range(5):
        client = limited_app.test_client()
        assert log_in(client, "other@example.org").status_code == 302


def test_guessing_the_current_password_on_the_change_page_is_limited(limited_app):
    client = limited_app.test_client()
    log_in(client, "other@example.org")
    wrong = {"current_password": "wrong wrong wrong", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    for _ in range(3):
        assert client.post("/account/password", data=wrong).status_code == 422
    right = {**wrong, "current_password": PASSWORD}
    assert client.post("/account/password", data=right).status_code == 429
    assert limited_app.test_client().post("/account/password", data=right).status_code == 302  # to login


def test_the_login_limits_use_redis_in_production_and_memory_elsewhere(monkeypatch):
    import importlib

    import config

    monkeypatch.delenv("FACTCHECK_RATELIMIT_STORAGE_URI", raising=False)
    assert importlib.reload(config).Config.RATELIMIT_STORAGE_URI.startswith("redis://")
    assert config.DevelopmentConfig.RATELIMIT_STORAGE_URI == "memory://"
    assert config.TestConfig.RATELIMIT_STORAGE_URI == "memory://"
    assert config.Config.RATELIMIT_ENABLED is True
    monkeypatch.undo()
    importlib.reload(config)  # back to this run's environment


def test_the_login_limit_works_on_redis(make_app):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app = fresh_app(
        make_app,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=url,
        RATELIMIT_KEY_PREFIX=f"factcheck-test-{uuid.uuid4().hex}",
        LOGIN_LIMIT_PER_ACCOUNT="2 per minute",
        LOGIN_LIMIT_PER_ADDRESS="50 per minute",
    )
    # Two clients stand for two gunicorn workers: they count together in Redis.
    log_in(app.test_client(), "someone@example.org", "wrong password!")
    log_in(app.test_client(), "someone@example.org", "wrong password!")
    assert log_in(app.test_client(), "someone@example.org", "wrong password!").status_code == 429


def test_an_unknown_account_costs_a_password_hash_like_a_known_one(app, make_user, monkeypatch):
    from factcheck.auth import operations

    user = make_user()
    calls: list[str] = []
    real = operations.check_password_hash
    monkeypatch.setattr(operations, "check_password_hash", lambda h, p: calls.append("hash") or real(h, p))
    with app.test_request_context():
        assert operations.authenticate("nobody@example.org", PASSWORD) is None
        assert calls == ["hash"]
        # A known account hashes through User.check_password (models); the refusal is the same.
        assert operations.authenticate(user.email, "wrong password!") is None


# --- passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["password1234", "Qwertyuiop123", "  123456789012  ", "iloveyou1234"])
def test_common_passwords_are_refused(app, password):
    with app.app_context(), pytest.raises(AccountError, match="commonly used"):
        validate_password(password)


def test_the_common_password_list_is_substantial_and_lower_cased():
    words = common_passwords()
    assert len(words) >= 1000
    assert all(word == word.lower().strip() for word in words)
    assert PASSWORD not in words  # the suite's passphrase is not on it


@pytest.mark.parametrize("length", [64, 128, 256])
def test_long_passwords_are_accepted_and_work(app, client, length):
    password = ("long passphrase " * 20)[: length - 1] + "!"
    with app.app_context():
        create_user(f"long{length}@example.org", password, "reviewer")
        db.session.commit()
    assert log_in(client, f"long{length}@example.org", password).status_code == 302


def test_the_cli_refuses_a_common_password(runner):
    result = runner.invoke(args=["create-user", "new@example.org", "--password-stdin"], input="password1234\n")
    assert result.exit_code != 0 and "commonly used" in result.output


# --- headers ---------------------------------------------------------------------------------------

CSP_DIRECTIVES = ("default-src 'self'", "base-uri 'none'", "frame-ancestors 'none'", "object-src 'none'")


def assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in CSP_DIRECTIVES:
        assert directive in csp, (directive, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy")


def test_every_kind_of_response_carries_the_security_headers(client, make_user, demo_article):
    responses = [client.get("/login"), client.get("/"), client.get("/static/style.css"), client.get("/nowhere")]
    log_in(client, make_user().email)
    responses += [
        client.get("/"),
        client.get(f"/articles/{demo_article}"),
        client.get("/nowhere"),
        client.put("/"),
        client.post("/login"),
    ]
    for response in responses:
        assert_security_headers(response)
    # Private pages are not kept in caches; the stylesheet may be.
    assert responses[5].headers["Cache-Control"] == "no-store"
    assert "no-store" not in responses[2].headers.get("Cache-Control", "")
    for response in responses:
        response.close()  # the stylesheet is streamed from its file


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(secure.headers["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 31536000


def test_https_behind_a_trusted_proxy_gets_hsts(make_app):
    app = make_app(TRUSTED_PROXY_COUNT=1)
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
    # Without trusting the proxy, a forged header is ignored.
    response = make_app().test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


# A <script> without src= (a file under static/) is inline, but for JSON-LD data, which runs nothing.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*(?:type=\"application/ld\+json\"|\ssrc=))[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_handlers_or_style_attributes(template):
    source = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(source), "inline <script>: the CSP blocks it; use a file under static/"
    assert not EVENT_HANDLER.search(source), "inline event handler: the CSP blocks it"
    assert "javascript:" not in source.lower()
    assert not re.search(r"\sstyle\s*=", source), "style= attribute: the CSP blocks it; use style.css"


def test_forms_without_the_csrf_token_are_refused(make_app):
    app = fresh_app(make_app, "csrf@example.org", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"email": "csrf@example.org", "password": PASSWORD})
    assert response.status_code == 400 and "Reload the page" in response.data.decode()
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "csrf@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.post("/logout").status_code == 400  # logging someone out needs the token too


# --- errors and debug ----------------------------------------------------------------------------


def test_an_unexpected_error_shows_a_plain_page_without_the_traceback(make_app, make_user):
    app = fresh_app(make_app, "boom@example.org")

    @app.route("/explode")
    def explode():
        raise RuntimeError("secret internal detail")

    client = app.test_client()
    log_in(client, "boom@example.org")
    response = client.get("/explode")
    assert response.status_code == 500
    page = response.data.decode()
    assert "Traceback" not in page and "secret internal detail" not in page and "RuntimeError" not in page
    assert "Something went wrong" in page
    assert_security_headers(response)


def test_debug_is_off_unless_development_is_asked_for(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    from tests.test_factory import production

    assert create_app(production(tmp_path), instance_path=str(tmp_path / "p")).debug is False
    assert create_app(TestConfig, instance_path=str(tmp_path / "t")).debug is False


# --- uploads ----------------------------------------------------------------------------------------


def test_uploads_are_limited_in_size_and_type(make_app, make_user):
    import io

    app = fresh_app(make_app, "up@example.org", MAX_CONTENT_LENGTH=4096)
    client = app.test_client()
    log_in(client, "up@example.org")
    big = client.post(
        "/articles/new",
        data={"title": "Big", "upload": (io.BytesIO(b"a" * 8192), "big.txt")},
        content_type="multipart/form-data",
    )
    assert big.status_code == 422 and "big.txt is 8 KiB; files up to 4 KiB can be added" in big.data.decode()
    huge = client.post(  # past the form's own allowance (4 × the limit): refused before it is read
        "/articles/new",
        data={"title": "Huge", "upload": (io.BytesIO(b"a" * 20_000), "huge.txt")},
        content_type="multipart/form-data",
    )
    assert huge.status_code == 413 and "larger than the limit of 4 KiB" in huge.data.decode()
    exe = client.post(
        "/articles/new",
        data={"title": "Exe", "upload": (io.BytesIO(b"MZ\x90\x00"), "tool.exe")},
        content_type="multipart/form-data",
    )
    assert exe.status_code == 422
    assert ".exe" in exe.data.decode()


# --- make audit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "status", "says"),
    [
        (None, 0, "NOT AUDITED - the vulnerability service could not be reached"),
        (
            {"dependencies": [{"name": "flask", "version": "3.1.0", "vulns": [], "skip_reason": "not found"}]},
            0,
            "NOT AUDITED - 1 of 1",
        ),
        ({"dependencies": [{"name": "flask", "version": "3.1.0", "vulns": []}]}, 0, "1 dependencies audited"),
        (
            {"dependencies": [{"name": "flask", "version": "0.1", "vulns": [{"id": "GHSA-x", "fix_versions": ["3"]}]}]},
            1,
            "flask 0.1: GHSA-x (fixed in 3)",
        ),
    ],
)
def test_the_dependency_audit_fails_on_vulnerabilities_and_says_when_it_could_not_audit(
    monkeypatch, capsys, report, status, says
):
    from scripts import audit_dependencies

    monkeypatch.setattr(audit_dependencies, "run_pip_audit", lambda: (report, "ConnectionError: offline"))
    assert audit_dependencies.main() == status
    assert says in capsys.readouterr().out


# --- migration 0003 ----------------------------------------------------------------------------------


def test_the_session_token_migration_gives_each_existing_account_its_own_token(make_app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade(revision="0002")
        with db.engine.begin() as connection:
            for email in ("a@example.org", "b@example.org"):
                connection.execute(
                    text(
                        'INSERT INTO "user" (email, password_hash, role, is_active, created_at) '
                        "VALUES (:email, 'x', 'reviewer', true, CURRENT_TIMESTAMP)"
                    ),
                    {"email": email},
                )
        upgrade()
        with db.engine.connect() as connection:
            tokens = connection.execute(text('SELECT session_token FROM "user"')).scalars().all()
        assert len(tokens) == 2 and len(set(tokens)) == 2 and all(len(t) == 64 for t in tokens)
        downgrade(revision="0002")
        drop_everything(db.engine)
