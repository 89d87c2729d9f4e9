"""Logins that hold under concurrency (issue 19): every attempt counted before its password is hashed, a cap on
concurrent hashes per worker, and lockout by account only for the attacking address.

Real threads against the app (one test client each, started together); the tests count how many times a
password hash was checked, never how long anything took. docs/security.md lists what each test proves.
"""

from __future__ import annotations

import threading
import time

import pytest

from factcheck.auth import models, operations
from tests.conftest import PASSWORD
from tests.test_concurrency import run_threads
from tests.test_security import fresh_app

VICTIM = "victim@example.org"
OWNER_ADDRESS = "198.51.100.7"


class HashCounter:
    """Stands in for werkzeug's ``check_password_hash`` where the app calls it (known and unknown accounts):
    counts the checks, and holds each one ``hold`` seconds so that concurrent requests really overlap."""

    def __init__(self, monkeypatch, hold: float = 0.0) -> None:
        self.real = models.check_password_hash
        self.hold = hold
        self.lock = threading.Lock()
        self.calls = 0
        monkeypatch.setattr(models, "check_password_hash", self)
        monkeypatch.setattr(operations, "check_password_hash", self)

    def __call__(self, password_hash: str, password: str) -> bool:
        with self.lock:
            self.calls += 1
        if self.hold:
            time.sleep(self.hold)  # widens the race window; nothing asserts on time
        return self.real(password_hash, password)


def post_login(app, email: str, password: str, address: str = "127.0.0.1"):
    return app.test_client().post(
        "/login", data={"email": email, "password": password}, environ_overrides={"REMOTE_ADDR": address}
    )


def throttled_app(make_app, **overrides):
    settings = {
        "RATELIMIT_ENABLED": True,
        "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
        "LOGIN_LIMIT_PER_ADDRESS": "50 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES": "100 per hour",
        "LOGIN_MAX_CONCURRENT_HASHES": 64,  # out of the way unless a test is about it
        **overrides,
    }
    return fresh_app(make_app, VICTIM, "other@example.org", **settings)


def test_concurrent_wrong_passwords_for_one_account_are_each_counted_before_the_hash(make_app, monkeypatch):
    app = throttled_app(make_app)
    hashes = HashCounter(monkeypatch, hold=0.2)
    responses = run_threads(lambda _: post_login(app, VICTIM, "wrong password!"), 12)
    codes = sorted(response.status_code for response in responses)
    assert hashes.calls == 3  # the limit, not the burst
    assert codes == [200] * 3 + [429] * 9
    refused = next(response for response in responses if response.status_code == 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many attempts" in refused.data.decode()


def test_one_address_trying_many_accounts_at_once_is_limited_per_address(make_app, monkeypatch):
    app = throttled_app(make_app, LOGIN_LIMIT_PER_ADDRESS="4 per minute")
    hashes = HashCounter(monkeypatch, hold=0.2)
    responses = run_threads(lambda index: post_login(app, f"guess{index}@example.org", "wrong password!"), 12)
    assert hashes.calls == 4
    assert sorted(r.status_code for r in responses) == [200] * 4 + [429] * 8
    # The address is refused for every account now, the right password included; other addresses are not.
    assert post_login(app, "other@example.org", PASSWORD).status_code == 429
    assert post_login(app, "other@example.org", PASSWORD, address="192.0.2.99").status_code == 302


def test_beyond_the_hash_cap_logins_get_a_429_at_once_and_do_not_count(make_app, monkeypatch):
    app = throttled_app(make_app, LOGIN_MAX_CONCURRENT_HASHES=2, LOGIN_LIMIT_PER_ACCOUNT="2 per minute")
    real = models.check_password_hash
    lock = threading.Condition()
    state = {"calls": 0, "inside": 0, "most": 0}
    release = threading.Event()

    def holding_hash(password_hash: str, password: str) -> bool:
        with lock:
            state["calls"] += 1
            state["inside"] += 1
            state["most"] = max(state["most"], state["inside"])
            first_two = state["calls"] <= 2
            lock.notify_all()
        try:
            if first_two:
                release.wait(10)  # these two hold their slots until the test lets them go
            return real(password_hash, password)
        finally:
            with lock:
                state["inside"] -= 1

    monkeypatch.setattr(models, "check_password_hash", holding_hash)
    monkeypatch.setattr(operations, "check_password_hash", holding_hash)
    holders = [
        threading.Thread(target=post_login, args=(app, f"nobody{i}@example.org", "wrong password!", f"192.0.2.{i}"))
        for i in (1, 2)
    ]
    for thread in holders:
        thread.start()
    with lock:
        assert lock.wait_for(lambda: state["inside"] == 2, timeout=10)
    try:
        for _ in range(3):
            busy = post_login(app, VICTIM, "wrong password!", address=OWNER_ADDRESS)
            assert busy.status_code == 429
            assert busy.headers["Retry-After"] == "2"
            assert "checking other passwords" in busy.data.decode()
        assert state["calls"] == 2 and state["most"] == 2
    finally:
        release.set()
        for thread in holders:
            thread.join(timeout=10)
    # The slots are free again, and the three refused attempts did not count (the limit here is 2 per minute).
    assert post_login(app, VICTIM, PASSWORD, address=OWNER_ADDRESS).status_code == 302


def test_the_owner_logs_in_from_a_clean_address_while_the_account_is_attacked(make_app, monkeypatch):
    app = throttled_app(make_app, LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES="6 per hour")
    hashes = HashCounter(monkeypatch)
    attackers = ["203.0.113.1", "203.0.113.2"]
    for address in attackers:  # 2 addresses x 3 guesses: each address's limit, and the account's all-addresses one
        for _ in range(3):
            assert post_login(app, VICTIM, "wrong password!", address).status_code == 200
    assert hashes.calls == 6
    # Each attacking address is locked out of the account, even with the right password.
    assert post_login(app, VICTIM, PASSWORD, attackers[0]).status_code == 429
    # A new attacking address is heard once (it is clean), then refused: spraying gets one guess per address.
    assert post_login(app, VICTIM, "wrong password!", "203.0.113.50").status_code == 200
    assert post_login(app, VICTIM, "wrong password!", "203.0.113.50").status_code == 429
    assert hashes.calls == 7
    # The owner, from an address with no failures, gets in with the right password.
    assert post_login(app, VICTIM, PASSWORD, OWNER_ADDRESS).status_code == 302
    # And again (a success gives its count back: the owner's address stays clean).
    assert post_login(app, VICTIM, PASSWORD, OWNER_ADDRESS).status_code == 302
    # Another account is not touched by any of it, from an attacking address either.
    assert post_login(app, "other@example.org", PASSWORD, attackers[1]).status_code == 302


def test_a_clean_address_is_heard_once_even_when_it_sends_many_attempts_at_once(make_app, monkeypatch):
    app = throttled_app(make_app, LOGIN_LIMIT_PER_ACCOUNT_ALL_ADDRESSES="2 per hour")
    for _ in range(2):
        post_login(app, VICTIM, "wrong password!", "203.0.113.1")
    hashes = HashCounter(monkeypatch, hold=0.2)
    responses = run_threads(lambda _: post_login(app, VICTIM, "wrong password!", "203.0.113.2"), 8)
    assert hashes.calls == 1
    assert sorted(r.status_code for r in responses) == [200] + [429] * 7


def test_the_current_password_on_the_change_page_is_counted_before_the_hash(make_app, monkeypatch):
    app = throttled_app(make_app)
    signed_in = app.test_client()
    assert signed_in.post("/login", data={"email": VICTIM, "password": PASSWORD}).status_code == 302
    cookie = signed_in.get_cookie("session")
    assert cookie is not None
    hashes = HashCounter(monkeypatch, hold=0.2)
    new = "a quite different passphrase 42"
    wrong = {"current_password": "wrong wrong wrong", "new_password": new, "confirm": new}

    def guess(_: int):
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        return client.post("/account/password", data=wrong)

    responses = run_threads(guess, 10)
    assert hashes.calls == 3
    assert sorted(r.status_code for r in responses) == [422] * 3 + [429] * 7


def test_logins_are_refused_with_a_503_when_the_limit_storage_is_down(make_app, monkeypatch, caplog):
    """No per-process counting when Redis is down: each worker would allow the whole limit again (issue 17)."""
    pytest.importorskip("redis")
    app = throttled_app(make_app, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")  # nothing listens there
    hashes = HashCounter(monkeypatch)
    for password in ("wrong password!", PASSWORD):
        response = post_login(app, VICTIM, password)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert b"cannot reach the store that counts login attempts" in response.data
        assert b"No password was checked" in response.data
    assert hashes.calls == 0  # refused before any password was checked
    assert "session" not in response.headers.get("Set-Cookie", "")  # nobody was logged in
    assert any("FACTCHECK_RATELIMIT_STORAGE_URI" in record.getMessage() for record in caplog.records)
    assert app.test_client().get("/login").status_code == 200  # the form itself still shows


def test_the_change_password_page_is_refused_with_a_503_when_the_limit_storage_goes_down(make_app, monkeypatch):
    pytest.importorskip("redis")
    from limits.storage import storage_from_string

    from factcheck.auth import throttle

    app = throttled_app(make_app)
    client = app.test_client()
    assert client.post("/login", data={"email": VICTIM, "password": PASSWORD}).status_code == 302
    down = storage_from_string("redis://127.0.0.1:1/0", wrap_exceptions=True, socket_connect_timeout=1)
    monkeypatch.setattr(app.extensions[throttle.EXTENSION], "storage", down)
    new = "a quite different passphrase 42"
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new}
    )
    assert response.status_code == 503 and b"No password was checked" in response.data
    monkeypatch.undo()
    assert post_login(app, VICTIM, PASSWORD).status_code == 302  # the old password still works: nothing changed
