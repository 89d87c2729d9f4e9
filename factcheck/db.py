"""Declarative base with a constraint naming convention, and small column helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData
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
