"""Declarative base with a constraint naming convention, and small column helpers."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy import MetaData, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Ids are PostgreSQL integers: a larger number in a URL or a filter is refused before it reaches a query
# (where PostgreSQL would fail with "integer out of range", a 500).
MAX_ID = 2**31 - 1


def record_id(value: str) -> int:
    """A row id from a request argument; ValueError (so ``request.args.get(..., type=)`` gives None) when
    it is not a whole number from 1 to MAX_ID."""
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError(f"{value!r} is not an id")
    return number


def utcnow() -> datetime:
    """The current time in UTC (a callable column default, evaluated per row)."""
    return datetime.now(UTC)


def ping_idle_connections(engine: Engine, after_seconds: float) -> None:
    """Check a pooled connection with ``SELECT 1`` when it comes out of the pool after ``after_seconds`` or
    more unused; a dead one is replaced before the request uses it (SQLAlchemy's recipe for pessimistic
    disconnect handling, with the ``pool_pre_ping`` round trip skipped for connections in steady use).

    A database restarted while connections are busy still fails their next statement once; SQLAlchemy then
    replaces every connection of the pool.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record) -> None:
        record.info["factcheck_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.pop("factcheck_idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < after_seconds:
            return
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()  # leave no transaction open (the ping began one on PostgreSQL)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(f"pooled connection found dead after {after_seconds} s idle") from error
