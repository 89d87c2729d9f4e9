"""Dumping the whole database to one versioned JSON document, and restoring it into an empty database.

The document::

    {"format": "factcheck-dump", "version": 1, "alembic_revision": "0002_…", "created_at": "…",
     "password_hashes": false, "tables": {"user": [{…}, …], "article": […], …}}

Tables come in dependency order (a row only refers to rows of tables before it), each row as an object of
its columns; dates and datetimes are ISO strings (datetimes in UTC with their offset), JSON columns are
nested as they are. Password hashes are left out unless asked for: accounts restored without one get an
unusable random value and cannot log in until they are given a new password. Session tokens are never
written; restored accounts get new ones.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Date, DateTime, Integer, Table, delete, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, StatementError

from factcheck.db import utcnow
from factcheck.extensions import db

FORMAT = "factcheck-dump"
VERSION = 1
BATCH_SIZE = 500
PASSWORD_COLUMN = ("user", "password_hash")
# Never written: a session token is a live credential, and the restored rows get fresh ones from the column
# default (so every session of the old database ends).
NEVER_DUMPED = frozenset({("user", "session_token")})
# Seeded by migration 0002 (the default rating scale): present in a freshly upgraded, otherwise empty
# database, and replaced by the dump's own scale on restore.
SEEDED_TABLES = frozenset({"rating"})
# No hash werkzeug can check starts with "!" or lacks "$": nobody can log in with this value.
UNUSABLE_HASH_PREFIX = "!password-reset-required:"


class BackupError(ValueError):
    """A dump cannot be written or restored as asked; the message says why."""


@dataclass(slots=True)
class DumpSummary:
    """What a dump wrote: rows per table, and whether password hashes are in it."""

    rows: dict[str, int] = field(default_factory=dict)
    password_hashes: bool = False

    @property
    def total(self) -> int:
        """Rows written, all tables together."""
        return sum(self.rows.values())


@dataclass(slots=True)
class RestoreSummary:
    """What a restore inserted, and the accounts that need a new password."""

    rows: dict[str, int] = field(default_factory=dict)
    accounts_without_password: list[str] = field(default_factory=list)
    alembic_revision: str | None = None

    @property
    def total(self) -> int:
        """Rows inserted, all tables together."""
        return sum(self.rows.values())


def tables_in_order() -> list[Table]:
    """Every table of the schema, each after the tables its foreign keys point to."""
    return list(db.metadata.sorted_tables)


def current_revision(connection=None) -> str | None:
    """The Alembic revision the database is at (None for a schema made without migrations)."""
    connection = connection if connection is not None else db.session.connection()
    if not inspect(connection).has_table("alembic_version"):
        return None
    revisions = sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return ",".join(revisions) or None


# --- dump --------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes; the app only ever stores UTC.
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dump_database(stream: IO[str], include_password_hashes: bool = False) -> DumpSummary:
    """Write every table to ``stream`` as one JSON document, table by table, row by row.

    Reads on a connection of its own; on PostgreSQL in one REPEATABLE READ transaction, so the tables
    agree with each other even while people keep working.
    """
    summary = DumpSummary(password_hashes=include_password_hashes)
    engine = db.engine
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as connection:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "alembic_revision": current_revision(connection),
            "created_at": _encode(utcnow()),
            "password_hashes": include_password_hashes,
        }
        stream.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {')
        for index, table in enumerate(tables_in_order()):
            columns = [
                column
                for column in table.columns
                if (table.name, column.name) not in NEVER_DUMPED
                and (include_password_hashes or (table.name, column.name) != PASSWORD_COLUMN)
            ]
            stream.write(("," if index else "") + "\n" + json.dumps(table.name) + ": [")
            statement = select(*columns).order_by(*table.primary_key.columns).execution_options(yield_per=BATCH_SIZE)
            count = 0
            for row in connection.execute(statement):
                record = {column.name: _encode(value) for column, value in zip(columns, row, strict=True)}
                stream.write(("," if count else "") + "\n  " + json.dumps(record, ensure_ascii=False))
                count += 1
            stream.write("\n]")
            summary.rows[table.name] = count
        stream.write("\n}}\n")
        connection.rollback()
    return summary


# --- restore -----------------------------------------------------------------------------------------


def read_dump(stream: IO[str]) -> dict[str, Any]:
    """Parse and check a dump: its format and version, and that every table and column exists here."""
    try:
        document = json.load(stream)
    except json.JSONDecodeError as error:
        raise BackupError(f"This is not a factcheck dump: it is not valid JSON ({error}).") from None
    except UnicodeDecodeError as error:
        raise BackupError(f"This is not a factcheck dump: it is not UTF-8 text ({error.reason}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"This is not a factcheck dump (its format is not {FORMAT!r}).")
    if document.get("version") != VERSION:
        raise BackupError(
            f"This dump is format version {document.get('version')!r}; this version of factcheck restores "
            f"version {VERSION} only."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise BackupError("This dump has no tables.")
    known = {table.name: table for table in tables_in_order()}
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise BackupError(f"This dump holds tables this schema does not have: {', '.join(unknown)}.")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise BackupError(f"Table {name} of this dump is not a list of rows.")
        columns = set(known[name].columns.keys())
        extra = sorted({key for row in rows for key in row} - columns)
        if extra:
            raise BackupError(f"Table {name} of this dump has columns this schema does not have: {', '.join(extra)}.")
    return document


def _decode(table: Table, row_number: int, row: dict[str, Any]) -> dict[str, Any]:
    values = dict(row)
    for name, value in row.items():
        if value is None:
            continue
        column_type = table.columns[name].type
        try:
            if isinstance(column_type, DateTime):
                values[name] = datetime.fromisoformat(value)
            elif isinstance(column_type, Date):
                values[name] = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise BackupError(f"Table {table.name}, row {row_number}: {name} is {value!r}, not an ISO date.") from None
    return values


def _occupied_tables() -> list[str]:
    occupied = []
    for table in tables_in_order():
        if table.name in SEEDED_TABLES:
            continue
        count = db.session.scalar(select(func.count()).select_from(table))
        if count:
            occupied.append(f"{table.name} ({count} rows)")
    return occupied


def restore_database(stream: IO[str]) -> RestoreSummary:
    """Load a dump into this (empty) database, every table in one transaction; the caller commits.

    Refuses a database that holds anything but the seeded rating scale, a dump of another format or
    version, or one made at another schema revision. On PostgreSQL the id sequences are moved past the
    restored ids, so new rows do not collide with them.
    """
    document = read_dump(stream)
    here = current_revision()
    there = document.get("alembic_revision")
    if here and there and here != there:
        raise BackupError(
            f"This dump was made at schema revision {there}, this database is at {here}. Restore it into an "
            f"empty database at its revision (flask --app factcheck db upgrade {there}), then bring that one "
            "up to date (flask --app factcheck db upgrade)."
        )
    occupied = _occupied_tables()
    if occupied:
        raise BackupError(
            "Restore only goes into an empty database, and this one holds data: "
            + ", ".join(occupied)
            + ". Create a new database, run `flask --app factcheck db upgrade` on it and restore there."
        )
    summary = RestoreSummary(alembic_revision=there)
    tables = document["tables"]
    for table in tables_in_order():
        rows = tables.get(table.name, [])
        if table.name in SEEDED_TABLES and table.name in tables:  # the dump's own scale replaces the seed
            db.session.execute(delete(table))
        if table.name == PASSWORD_COLUMN[0]:
            rows = [_with_password(row, summary) for row in rows]
        decoded = [_decode(table, number, row) for number, row in enumerate(rows, start=1)]
        try:
            for start in range(0, len(decoded), BATCH_SIZE):
                db.session.execute(table.insert(), decoded[start : start + BATCH_SIZE])
        except (DBAPIError, StatementError) as error:
            cause = getattr(error, "orig", None) or error
            raise BackupError(f"Table {table.name} of this dump does not fit this database: {cause}") from None
        summary.rows[table.name] = len(decoded)
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        reset_sequences(tables_in_order())
    return summary


def _with_password(row: dict[str, Any], summary: RestoreSummary) -> dict[str, Any]:
    if row.get("password_hash"):
        return row
    summary.accounts_without_password.append(str(row.get("email")))
    return {**row, "password_hash": UNUSABLE_HASH_PREFIX + secrets.token_hex(32)}


def reset_sequences(tables: Iterable[Table]) -> None:
    """PostgreSQL: set each integer id sequence to the highest id present (or back to 1 when empty)."""
    quote = db.session.get_bind().dialect.identifier_preparer.quote
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        column, name = quote(key[0].name), quote(table.name)
        # Identifiers from our own metadata, quoted by the dialect; nothing here comes from the dump.
        statement = (
            f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({column}), 1), "  # noqa: S608
            f"MAX({column}) IS NOT NULL) FROM {name}"
        )
        db.session.execute(text(statement), {"table": name, "column": key[0].name})
