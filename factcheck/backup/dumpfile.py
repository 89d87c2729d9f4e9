"""The dump file: its format, and checking a dump against this schema row by row before a restore writes
the row (``check_envelope`` and ``Checker``; ``jsonstream`` reads the file). ``operations`` writes dumps and
restores them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    func,
    inspect,
    select,
    text,
)

from factcheck.analysis.model import AttributionKind, SourceType
from factcheck.backup.jsonstream import BackupError
from factcheck.backup.jsonstream import Refused as _Refused
from factcheck.backup.jsonstream import shown as _shown
from factcheck.extensions import db
from factcheck.forms import CONTROL_CHARACTER
from factcheck.vocabulary import CORRECTABLE_STATUSES, IdentityResult, Status, counted

FORMAT = "factcheck-dump"
VERSION = 1
PASSWORD_COLUMN = ("user", "password_hash")
# Never written: a session token is a live credential, and the restored rows get fresh ones from the column
# default (so every session of the old database ends).
NEVER_DUMPED = frozenset({("user", "session_token")})
# Seeded by migration 0002 (the default rating scale): present in a freshly upgraded, otherwise empty
# database, and replaced by the dump's own scale on restore.
SEEDED_TABLES = frozenset({"rating"})
# No hash werkzeug can check starts with "!" or lacks "$": nobody can log in with this value.
UNUSABLE_HASH_PREFIX = "!password-reset-required:"


# Work in progress, not the newsroom's records: background jobs and the files they made (asked for again at will).
NOT_DUMPED = frozenset({"job"})


def tables_in_order() -> list[Table]:
    """Every table of the schema but the jobs, each after the tables its foreign keys point to."""
    return [table for table in db.metadata.sorted_tables if table.name not in NOT_DUMPED]


def current_revision(connection=None) -> str | None:
    """The Alembic revision the database is at (None for a schema made without migrations)."""
    connection = connection if connection is not None else db.session.connection()
    if not inspect(connection).has_table("alembic_version"):
        return None
    revisions = sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return ",".join(revisions) or None


RESTORE_ADVICE = "Run `flask --app factcheck db upgrade` on it first, then restore."
DUMP_ADVICE = "Is DATABASE_URL the workbench's database? If it is, run `flask --app factcheck db upgrade` first."


def check_schema(connection=None, advice: str = RESTORE_ADVICE) -> None:
    """Refuse, saying what to do (``advice``), a database without the workbench's tables (one never brought up
    to date with ``flask db upgrade``), before any statement fails on a missing table."""
    connection = connection if connection is not None else db.session.connection()
    present = set(inspect(connection).get_table_names())
    missing = [table.name for table in tables_in_order() if table.name not in present]
    if not missing:
        return
    what = (
        "has none of the workbench's tables"
        if len(missing) == len(tables_in_order())
        else (f"lacks the workbench's {', '.join(missing)} {'table' if len(missing) == 1 else 'tables'}")
    )
    raise BackupError(f"This database {what}: its schema has not been created or is not up to date. {advice}")


# --- restore -----------------------------------------------------------------------------------------
#
# A dump is read a row at a time (jsonstream), its nesting and numbers checked while it is parsed, and every
# row and value against this schema (types, lengths, text without control characters, nullability, check
# constraints and vocabularies, primary and unique keys, foreign keys) before it is written. Refusals name the
# table, the row (counted from 1 in the dump's list) and the column; the values of secret columns are never
# shown. Rows are written as they pass, in the restore's one transaction: any refusal rolls all of it back.
# PostgreSQL's INTEGER, the type of every integer column on both databases (SQLite stores larger ones, and the
# pages then meet numbers PostgreSQL would have refused).
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
# Refusals listed in one message; the rest are counted.
MAX_REFUSALS = 20
MAX_ACCOUNTS_LISTED = 50
# Columns whose values are never shown in a message (nor written by dump, for the token).
SECRET_COLUMNS = frozenset({PASSWORD_COLUMN, *NEVER_DUMPED})
# Columns whose values come from a vocabulary without a check constraint in the schema; the check constraints
# (``column IN (...)``, built from the vocabulary Enums) are read from the metadata.
VOCABULARIES: dict[tuple[str, str], frozenset[str]] = {
    ("claim", "status"): frozenset(Status),
    ("claim", "effective_status"): frozenset(Status),
    ("claim", "corrected_status"): frozenset(CORRECTABLE_STATUSES),
    ("attribution", "kind"): frozenset(AttributionKind),
    ("source", "type"): frozenset(SourceType),
    ("source", "identity_status"): frozenset(IdentityResult),
}
# What werkzeug's generate_password_hash writes ("method$salt$hash"), or the unusable value given to accounts
# restored without a hash.
PASSWORD_HASH = re.compile(
    r"(?:scrypt(?::\d{1,10}){0,3}|pbkdf2:[a-z0-9]{1,20}(?::\d{1,10})?)\$[A-Za-z0-9]{1,100}\$[0-9a-f]{1,200}"
    r"|" + re.escape(UNUSABLE_HASH_PREFIX) + r"[0-9a-f]{1,100}"
)
_CHECK_IN = re.compile(r"^\s*(\w+)\s+IN\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Alembic revision ids, several joined by commas when a database has more than one head.
REVISION = re.compile(r"[A-Za-z0-9_.-]{1,100}(?:,[A-Za-z0-9_.-]{1,100}){0,10}")


def check_envelope(header: dict[str, Any]) -> None:
    """Check a dump's envelope, the members before its tables: its format and version, its revision, and
    whether it holds password hashes. (``flask dump`` writes them first; a dump listing them after its tables
    is refused as lacking them.)"""
    if header.get("format") != FORMAT:
        raise BackupError(f"This is not a factcheck dump (its format is not {FORMAT!r}).")
    if header.get("version") != VERSION:
        raise BackupError(
            f"This dump is format version {_shown(header.get('version'))}; this version of factcheck restores "
            f"version {VERSION} only."
        )
    revision = header.get("alembic_revision")
    if not isinstance(revision, str) or not revision:
        raise BackupError(
            "This dump does not say which schema revision it was made at (its alembic_revision is missing), so "
            "nothing says its rows fit this schema. Restore only dumps made by `flask --app factcheck dump`."
        )
    if not REVISION.fullmatch(revision):
        raise BackupError(f"This dump's alembic_revision {_shown(revision)} is not the name of a schema revision.")
    if not isinstance(header.get("password_hashes"), bool):
        raise BackupError("This dump does not say whether it holds password hashes (password_hashes: true/false).")


def allowed_values(table: Table) -> dict[str, frozenset[str]]:
    """The values each column of ``table`` may hold: its ``column IN (...)`` check constraints and the
    vocabularies of ``VOCABULARIES``. A check constraint of another shape is left to the database."""
    allowed = {column: values for (name, column), values in VOCABULARIES.items() if name == table.name}
    for constraint in table.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        match = _CHECK_IN.match(str(constraint.sqltext))
        if match:
            values = frozenset(value.strip().strip("'") for value in match.group(2).split(","))
            allowed[match.group(1)] = allowed.get(match.group(1), values) & values
    return allowed


def _text_problem(value: str) -> str | None:
    found = CONTROL_CHARACTER.search(value)
    if found:
        return f"holds a control character (U+{ord(found.group()):04X}) at position {found.start() + 1}"
    found = _SURROGATE.search(value)
    if found:
        return f"holds a lone surrogate (U+{ord(found.group()):04X}) at position {found.start() + 1}, not text"
    return None


def _json_problem(value: Any) -> str | None:
    """Strings anywhere in a JSON column's value checked like text (the nesting is capped by the parser)."""
    if isinstance(value, str):
        return _text_problem(value)
    if isinstance(value, list):
        return next((problem for item in value if (problem := _json_problem(item))), None)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _text_problem(key) or _json_problem(item)
            if problem:
                return problem
    return None


def _decode_value(column: Column, value: Any) -> Any:
    """``value`` as the column stores it; ``_Refused`` (saying why, without the value) when it does not fit."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise _Refused("is null, and this column requires a value")
        return None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise _Refused("is not true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Refused("is not a whole number")
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            raise _Refused(f"is out of range (from {INTEGER_MIN} to {INTEGER_MAX})")
        return value
    if isinstance(kind, String):  # Text included
        if not isinstance(value, str):
            raise _Refused("is not text")
        if kind.length is not None and len(value) > kind.length:
            raise _Refused(f"is {len(value)} characters long; this column holds {kind.length} at most")
        problem = _text_problem(value)
        if problem:
            raise _Refused(problem)
        return value
    if isinstance(kind, DateTime):
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise _Refused("is not an ISO date and time with its UTC offset")
        return moment.astimezone(UTC)
    if isinstance(kind, Date):
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            raise _Refused("is not an ISO date")
        return day
    if isinstance(kind, JSON):
        problem = _json_problem(value)
        if problem:
            raise _Refused(problem)
        return value
    raise _Refused(f"has a type this restore cannot check ({kind})")


@dataclass
class TableCheck:
    """The checks of one table's rows, row by row (``Checker.begin``)."""

    table: Table
    expected: set[str]
    allowed: dict[str, frozenset[str]]
    uniques: list[list[str]]
    seen: list[dict[tuple, int]]
    # Single-column foreign keys (the schema has no other kind; the database would check one).
    foreign: dict[str, Column]
    # The values of the columns other tables refer to, filled row by row: a row may only refer to the rows of its
    # own table before it.
    collected: dict[str, set[Any]]
    # Columns this schema does not have, found in the table's rows (``restore`` refuses them after the table).
    unknown: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Checker:
    """Checks a dump's rows table by table, in dependency order, and collects the refusals."""

    with_password_hashes: bool
    refusals: list[str] = field(default_factory=list)
    refused: int = 0
    # The values of every column a foreign key points to, as restored (or as this database holds them, for a
    # table the dump does not have).
    keys: dict[tuple[str, str], set[Any]] = field(default_factory=dict)

    def refuse(self, table: Table, number: int | None, column: str | None, reason: str) -> None:
        self.refused += 1
        if len(self.refusals) < MAX_REFUSALS:
            where = f"Table {table.name}" + (f", row {number}" if number else "") + (f", {column}" if column else "")
            self.refusals.append(f"{where}: {reason}.")

    def expected_columns(self, table: Table) -> set[str]:
        return {
            column.name
            for column in table.columns
            if (table.name, column.name) not in NEVER_DUMPED
            and (self.with_password_hashes or (table.name, column.name) != PASSWORD_COLUMN)
        }

    def absent(self, table: Table, targets: set[tuple[str, str]]) -> None:
        """A table the dump leaves out: what this database holds of it stays (the seed), and may be referred to."""
        for owner, name in targets:
            if owner == table.name:
                self.keys[(table.name, name)] = set(db.session.scalars(select(table.columns[name])))

    def begin(self, table: Table, targets: set[tuple[str, str]]) -> TableCheck:
        """Start checking the rows of ``table``."""
        uniques = [
            [column.name for column in constraint.columns]
            for constraint in [*table.constraints, *table.indexes]
            if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint)
            or (isinstance(constraint, Index) and constraint.unique)
        ]
        check = TableCheck(
            table=table,
            expected=self.expected_columns(table),
            allowed=allowed_values(table),
            uniques=uniques,
            seen=[{} for _ in uniques],
            foreign={
                fk.parent.name: fk.column
                for fk in table.foreign_keys
                if fk.constraint is not None and len(fk.constraint.columns) == 1
            },
            collected={name: set() for owner, name in targets if owner == table.name},
        )
        self.keys.update({(table.name, name): values for name, values in check.collected.items()})
        return check

    def row(self, check: TableCheck, number: int, row: dict[str, Any]) -> dict[str, Any] | None:
        """Row ``number`` of the table as it is stored, or None when it is refused."""
        table = check.table
        check.unknown |= set(row) - set(table.columns.keys())
        refused_before = self.refused
        # The values that fit, also of a refused row: its keys still count, so the rows that refer to it are not
        # refused as well.
        decoded = self.check_row(table, number, row, check.expected, check.allowed)
        for name, target in check.foreign.items():
            value = decoded.get(name)
            if value is not None and value not in self.keys[(target.table.name, target.name)]:
                self.refuse(table, number, name, f"{value} refers to no row of table {target.table.name}")
        for columns, values in zip(check.uniques, check.seen, strict=True):
            key = tuple(decoded.get(name) for name in columns)
            if None in key:
                continue
            if key in values:
                shown_key = (
                    "the same value" if set(columns) & self.secret(table) else _shown(key[0] if len(key) == 1 else key)
                )
                self.refuse(
                    table,
                    number,
                    ", ".join(columns),
                    f"{shown_key} is already in row {values[key]} (it must be unique)",
                )
            else:
                values[key] = number
        for name, values_of in check.collected.items():
            if decoded.get(name) is not None:
                values_of.add(decoded[name])
        return decoded if self.refused == refused_before else None

    @staticmethod
    def secret(table: Table) -> set[str]:
        return {column for name, column in SECRET_COLUMNS if name == table.name}

    def check_row(
        self, table: Table, number: int, row: dict[str, Any], expected: set[str], allowed: dict[str, frozenset[str]]
    ) -> dict[str, Any]:
        for name in sorted(set(row) - expected):
            if (table.name, name) in NEVER_DUMPED:
                self.refuse(
                    table,
                    number,
                    name,
                    "a session token is a live credential and is never restored (a dump never holds one; the "
                    "restored accounts get new ones); its value is not shown",
                )
            elif (table.name, name) == PASSWORD_COLUMN:
                self.refuse(
                    table,
                    number,
                    name,
                    "this dump says it was made without password hashes, yet this row has one: it was added to "
                    "the file afterwards; its value is not shown",
                )
        for name in sorted(expected - set(row)):
            self.refuse(table, number, name, "is missing (a dump has every column in every row)")
        decoded: dict[str, Any] = {}
        for column in table.columns:  # in the schema's order, so the messages come in a stable one
            name = column.name
            if name not in expected or name not in row:
                continue
            secret = (table.name, name) in SECRET_COLUMNS
            try:
                decoded[name] = value = _decode_value(column, row[name])
            except _Refused as refusal:
                shown = "" if secret or row[name] is None else f"; the dump has {_shown(row[name])}"
                self.refuse(table, number, name, f"{refusal}{shown}")
                continue
            if name in allowed and value is not None and value not in allowed[name]:
                choices = ", ".join(sorted(allowed[name]))
                self.refuse(table, number, name, f"{_shown(value)} is not one of: {choices}")
            if (table.name, name) == PASSWORD_COLUMN and not PASSWORD_HASH.fullmatch(value):
                self.refuse(table, number, name, "is not a password hash this app can check; its value is not shown")
        return decoded


def foreign_key_targets() -> set[tuple[str, str]]:
    return {(fk.column.table.name, fk.column.name) for table in tables_in_order() for fk in table.foreign_keys}


def occupied_tables() -> list[str]:
    occupied = []
    for table in tables_in_order():
        if table.name in SEEDED_TABLES:
            continue
        count = db.session.scalar(select(func.count()).select_from(table))
        if count:
            occupied.append(f"{table.name} ({counted(count, 'row')})")
    return occupied


def plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _plain(value: Any) -> str:
    """A value from the dump as it is when it is plain short text, else as ``_shown`` shows it."""
    plain = isinstance(value, str) and len(value) <= 254 and value.isprintable()
    return value if plain else _shown(value)


def accounts_listed(rows: list[dict[str, Any]]) -> str:
    """The accounts of an unchecked dump, for a refusal: emails and roles only, anything odd escaped."""
    listed = [f"{_plain(row.get('email'))} ({_plain(row.get('role'))})" for row in rows[:MAX_ACCOUNTS_LISTED]]
    more = f" and {len(rows) - MAX_ACCOUNTS_LISTED} more" if len(rows) > MAX_ACCOUNTS_LISTED else ""
    return ", ".join(listed) + more
