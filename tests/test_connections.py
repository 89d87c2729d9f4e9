"""Pooled database connections: one that died while idle (a restarted database) is replaced before a
request uses it; busy connections are not pinged (factcheck.db.ping_idle_connections)."""

from __future__ import annotations

from factcheck.extensions import db
from tests.conftest import log_in


def kill_the_idle_connection(app) -> None:
    """Leave exactly one connection in the app's pool, idle, and close it behind the pool's back."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        pooled = db.engine.raw_connection()
        driver = pooled.driver_connection
        pooled.close()  # back to the pool
    driver.close()


def logged_in_client(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def test_a_connection_that_died_while_idle_is_replaced(app, make_app, make_user):
    pinging = make_app(DATABASE_PING_AFTER_IDLE_SECONDS=0)
    client = logged_in_client(pinging, make_user("reviewer"))
    kill_the_idle_connection(pinging)
    assert client.get("/").status_code == 200


def test_a_connection_in_steady_use_is_not_pinged(app, make_app, make_user):
    """The other side of the trade: within the idle time the pooled connection is used as it is (so this
    dead one fails the request), which saves every busy request a round trip."""
    trusting = make_app(DATABASE_PING_AFTER_IDLE_SECONDS=3600)
    client = logged_in_client(trusting, make_user("reviewer"))
    kill_the_idle_connection(trusting)
    assert client.get("/").status_code == 500
