"""Dumping the whole database to one versioned JSON document, and restoring it into an empty database.

The document::

    {"format": "factcheck-dump", "version": 1, "alembic_revision": "0002_…", "created_at": "…",
     "password_hashes": false, "tables": {"user": [{…}, …], "article": […], …}}

Tables come in dependency order (a row only refers to rows of tables before it), each row as an object of
its columns; dates and datetimes are ISO strings (datetimes in UTC with their offset), JSON columns are
nested as they are. Password hashes are left out unless asked for: accounts restored without one get an
unusable random value and cannot log in until they are given a new password. Session tokens are never
written; restored accounts get new ones.

A restore reads the file a row at a time and checks every row before it writes it, keeping nothing if
anything is refused (see "restore" below); it goes only into an empty database at the dump's own schema
revision, takes password hashes only when the caller asks for them, and
says which accounts it created with which roles.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import (
    Integer,
    Table,
    delete,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, StatementError

from factcheck.backup.dumpfile import (
    DUMP_ADVICE,
    FORMAT,
    MAX_REFUSALS,
    NEVER_DUMPED,
    PASSWORD_COLUMN,
    SEEDED_TABLES,
    UNUSABLE_HASH_PREFIX,
    VERSION,
    BackupError,
    Checker,
    _shown,
    accounts_listed,
    check_envelope,
    check_schema,
    current_revision,
    foreign_key_targets,
    occupied_tables,
    plural,
    tables_in_order,
)
from factcheck.backup.jsonstream import DumpStream
from factcheck.db import utcnow
from factcheck.extensions import db

BATCH_SIZE = 500


@dataclass(slots=True)
class DumpSummary:
    """What a dump wrote: rows per table, and whether password hashes are in it."""

    rows: dict[str, int] = field(default_factory=dict)
    password_hashes: bool = False

    @property
    def total(self) -> int:
        """Rows written, all tables together."""
        return sum(self.rows.values())


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
        check_schema(connection, DUMP_ADVICE)
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


@dataclass(slots=True, frozen=True)
class RestoredAccount:
    """An account a restore creates: who, with which role, and whether its password hash came with it."""

    email: str
    role: str
    active: bool
    with_password: bool


@dataclass(slots=True)
class RestoreSummary:
    """What a restore inserted, the accounts it created, and those that need a new password."""

    rows: dict[str, int] = field(default_factory=dict)
    accounts: list[RestoredAccount] = field(default_factory=list)
    accounts_without_password: list[str] = field(default_factory=list)
    alembic_revision: str | None = None
    password_hashes: bool = False

    @property
    def total(self) -> int:
        """Rows inserted, all tables together."""
        return sum(self.rows.values())


def restore_database(stream: IO[str], with_password_hashes: bool = False) -> RestoreSummary:
    """Load a dump into this (empty) database, every table in one transaction; the caller commits, and rolls
    back on a BackupError. The dump is read a row at a time: each row is checked, then written in batches while
    none has been refused; past a refusal the rest is still checked (the message lists the first problems), and
    nothing is kept.

    Refuses a database that holds anything but the seeded rating scale, a dump of another format or version
    or made at another schema revision (or one that does not say), and any row or value that does not fit
    this schema. A dump made with password hashes is restored only with ``with_password_hashes``: every
    account in it then logs in with the password it had, so the caller shows ``summary.accounts``. On
    PostgreSQL the id sequences are moved past the restored ids, so new rows do not collide with them.
    """
    check_schema()
    header: dict[str, Any] = {}
    members = DumpStream(stream).members()
    tables: Any = None
    for key, value in members:
        if key == "tables":
            tables = value
            break
        header[key] = value
    check_envelope(header)
    here = current_revision()
    there = header["alembic_revision"]
    if here is None:
        raise BackupError(
            "This database has no schema revision (it was not made by `flask --app factcheck db upgrade`), so "
            f"nothing says the dump's rows (revision {there}) fit it. Run `flask --app factcheck db upgrade "
            f"{there}` on an empty database and restore there."
        )
    if here != there:
        raise BackupError(
            f"This dump was made at schema revision {there}, this database is at {here}. Restore it into an "
            f"empty database at its revision (flask --app factcheck db upgrade {there}), then bring that one "
            "up to date (flask --app factcheck db upgrade)."
        )
    occupied = occupied_tables()
    if occupied:
        raise BackupError(
            "Restore only goes into an empty database, and this one holds data: "
            + ", ".join(occupied)
            + ". Create a new database, run `flask --app factcheck db upgrade` on it and restore there."
        )
    if not isinstance(tables, Iterator):
        raise BackupError("This dump has no tables.")
    hashes = header["password_hashes"]
    if hashes and not with_password_hashes:
        users = next((rows for name, rows in tables if name == PASSWORD_COLUMN[0]), iter(()))
        accounts = [row for _, row in users if isinstance(row, dict)] if isinstance(users, Iterator) else []
        raise BackupError(
            "This dump holds the accounts' password hashes: restored, every account in it logs in with the "
            f"password it has there. Its {len(accounts)} accounts: {accounts_listed(accounts) or 'none'}. If you know "
            "them all (administrators above all), restore with --with-password-hashes."
        )
    summary = RestoreSummary(alembic_revision=there, password_hashes=hashes)
    checker = Checker(with_password_hashes=hashes)
    _restore_tables(tables, checker, summary)
    for _ in members:  # the rest of the envelope: read to the end, so a damaged tail is refused too
        pass
    if checker.refused:
        more = checker.refused - len(checker.refusals)
        raise BackupError(
            f"This dump does not fit this database ({checker.refused} {plural(checker.refused, 'problem')}):\n  "
            + "\n  ".join(checker.refusals)
            + (f"\n  … and {more} more." if more else "")
        )
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        reset_sequences(tables_in_order())
    return summary


def _restore_tables(tables: Iterator[tuple[str, Any]], checker: Checker, summary: RestoreSummary) -> None:
    """Check and write each table of the dump as it comes; a table must come after the tables it refers to."""
    order = tables_in_order()
    known = {table.name: table for table in order}
    targets = foreign_key_targets()
    # Tables read, or passed over as absent because a table that refers to them came first (which one, by name):
    # too late to come now.
    closed: dict[str, str] = {}
    for name, rows in tables:
        table = known.get(name)
        if table is None:
            raise BackupError(f"This dump holds tables this schema does not have: {_shown(name)}.")
        if name in closed:
            raise BackupError(
                f"Table {name} comes after table {closed[name]}, which refers to it: a dump lists each table after "
                "the tables it refers to, as `flask --app factcheck dump` writes them."
            )
        if not isinstance(rows, Iterator):
            raise BackupError(f"Table {name} of this dump is not a list of rows.")
        for referred in _referred(table):
            if referred.name not in closed and referred.name not in summary.rows:
                checker.absent(referred, targets)
                closed[referred.name] = name
        summary.rows[name] = _restore_table(table, rows, checker, targets, summary)
        closed[name] = name
    for table in order:
        summary.rows.setdefault(table.name, 0)


def _referred(table: Table) -> list[Table]:
    return [fk.column.table for fk in table.foreign_keys if fk.column.table is not table]


def _restore_table(
    table: Table,
    rows: Iterator[tuple[int, Any]],
    checker: Checker,
    targets: set[tuple[str, str]],
    summary: RestoreSummary,
) -> int:
    """Check the rows of one table, writing them in batches while nothing has been refused; how many there were."""
    check = checker.begin(table, targets)
    if table.name in SEEDED_TABLES and not checker.refused:  # the dump's own scale replaces the seed
        db.session.execute(delete(table))
    batch: list[dict[str, Any]] = []
    first = count = 0
    for number, row in rows:
        count = number
        if not isinstance(row, dict):
            raise BackupError(f"Table {table.name} of this dump is not a list of rows.")
        decoded = checker.row(check, number, row)
        if decoded is None or checker.refused:
            batch.clear()  # nothing will be kept: no need to write more
            continue
        if not batch:
            first = number
        batch.append(_with_password(decoded, summary) if table.name == PASSWORD_COLUMN[0] else decoded)
        if len(batch) == BATCH_SIZE:
            _insert(table, batch, first)
            batch = []
    if check.unknown:
        names = ", ".join(_shown(key) for key in sorted(check.unknown)[:MAX_REFUSALS])
        raise BackupError(f"Table {table.name} of this dump has columns this schema does not have: {names}.")
    if batch and not checker.refused:
        _insert(table, batch, first)
    return count


def _insert(table: Table, rows: list[dict[str, Any]], first: int) -> None:
    try:
        db.session.execute(table.insert(), rows)
    except (DBAPIError, StatementError, ValueError, OverflowError) as error:
        raise BackupError(_database_refusal(table, first, first + len(rows) - 1, error)) from None


def _database_refusal(table: Table, first: int, last: int, error: Exception) -> str:
    """What the database's refusal says, without the failing row (PostgreSQL's DETAIL quotes every value,
    password hash and session token included): the kind of error and the constraint or column it names."""
    cause = getattr(error, "orig", None) or error
    diagnosis = getattr(cause, "diag", None)
    named = [
        f"{what} {value}"
        for what, value in (
            ("constraint", getattr(diagnosis, "constraint_name", None)),
            ("column", getattr(diagnosis, "column_name", None)),
        )
        if value
    ]
    if not named and isinstance(cause, sqlite3.IntegrityError):
        named.append(str(cause))  # "UNIQUE constraint failed: user.email": names, never values
    rows = f"row {first}" if first == last else f"one of rows {first} to {last}"
    return (
        f"Table {table.name} of this dump does not fit this database: {rows} was refused by the database "
        f"({type(cause).__name__}{': ' + ', '.join(named) if named else ''})."
    )


def _with_password(row: dict[str, Any], summary: RestoreSummary) -> dict[str, Any]:
    email = str(row.get("email"))
    has_hash = bool(row.get("password_hash")) and not str(row["password_hash"]).startswith(UNUSABLE_HASH_PREFIX)
    summary.accounts.append(RestoredAccount(email, str(row.get("role")), bool(row.get("is_active")), has_hash))
    if row.get("password_hash"):
        if not has_hash:
            summary.accounts_without_password.append(email)
        return row
    summary.accounts_without_password.append(email)
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
