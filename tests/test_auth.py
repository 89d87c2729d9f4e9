"""Logging in and out, and the login requirement on every page."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD, log_in


def test_login_page_is_public(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Log in" in response.data


def test_login_and_logout(client, make_user):
    user = make_user("editor")
    response = log_in(client, user.email.upper())  # emails compare case-insensitively
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and user.email.encode() in page.data
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_account_get_the_same_answer(client, make_user):
    user = make_user()
    wrong = log_in(client, user.email, "not the password at all")
    unknown = log_in(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 200
    strip_token = re.compile(rb'name="csrf_token"[^>]*>|value="[^"]*"')
    assert strip_token.sub(b"", wrong.data) == strip_token.sub(b"", unknown.data)
    assert b"Wrong email or password." in wrong.data


def test_inactive_account_cannot_log_in(app, client, make_user):
    from factcheck.auth.models import User
    from factcheck.extensions import db

    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).is_active_account = False
        db.session.commit()
    assert log_in(client, user.email).status_code == 200
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/articles/new", "/articles/new"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_login_redirects_only_to_local_paths(client, make_user, target, expected):
    user = make_user()
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def _example_path(rule) -> str:
    values = {name: 1 for name in rule.arguments}
    path = rule.rule
    for name in values:
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", "1", path)
    return path


def test_every_page_but_login_requires_a_user(app, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("auth.login", "static", "ops.healthz", "ops.readyz") or rule.endpoint.startswith(
            ("public.", "api.")
        ):
            continue
        path = _example_path(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 302, (rule.rule, method, response.status_code)
            assert response.headers["Location"].startswith("/login"), rule.rule
            checked += 1
    assert checked >= 5


def test_login_required_redirect_keeps_where_the_user_was_going(client, make_user):
    response = client.get("/articles/new")
    assert response.headers["Location"] == "/login?next=/articles/new"
    user = make_user()
    response = client.post(response.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/articles/new"
