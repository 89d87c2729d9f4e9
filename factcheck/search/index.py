"""The full-text index: what is searched, and the database objects that keep it current.

Each searched table has its own index, built and kept by the database in the transaction of every write:

- PostgreSQL: a generated ``search_vector`` tsvector column (the searched fields, weighted) with a GIN index.
- SQLite: an FTS5 table ``search_<table>`` over the table's searched fields (external content: the text is
  not stored twice), kept by triggers on insert, delete and update of those fields.

Triggers rather than SQLAlchemy events on SQLite: they also see Core ``update()``s, cascaded deletes, a
restore and raw SQL, and they run inside the writing statement, so the index cannot miss a change or commit
apart from it. Neither kind of object is in the models' metadata (a tsvector column cannot exist on SQLite, an
FTS5 table on PostgreSQL): ``create_all`` makes them through the ``after_create`` hook below, migration 0014
made them for the databases it upgraded, and ``include_object`` keeps them out of Alembic's comparison.

A batch migration that rebuilds one of these tables on SQLite (copy, drop, rename) drops its triggers with
it: such a revision must make them again (the statements of ``sqlite_statements``, as of that revision).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.engine import Connection

from factcheck.db import Base

# The text-search configuration of the tsvectors and of every query against them (stemmed English).
PG_CONFIG = "english"
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass(frozen=True, slots=True)
class Searched:
    """One searched table: its fields, most important first (PostgreSQL weights them A, B, C)."""

    kind: str  # what the search page calls it
    table: str
    fields: tuple[str, ...]

    @property
    def fts_table(self) -> str:
        """The SQLite FTS5 table."""
        return f"search_{self.table}"


SEARCHED = (
    Searched("claim", "claim", ("text",)),
    Searched("verdict", "verdict", ("summary", "rationale")),
    Searched("evidence", "evidence", ("title", "excerpt", "note")),
    Searched("source", "source", ("name",)),
    Searched("article", "article", ("title", "outlet")),
)
BY_KIND = {searched.kind: searched for searched in SEARCHED}
VECTOR_COLUMN = "search_vector"


def pg_vector_expression(searched: Searched) -> str:
    """The generated column's expression: each field's tsvector, weighted by its place."""
    parts = [
        f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce({field}, '')), '{'ABC'[place]}')"
        for place, field in enumerate(searched.fields)
    ]
    return " || ".join(parts)


def postgresql_statements(searched: Searched) -> Iterator[str]:
    """DDL making ``searched``'s index on PostgreSQL (the rows present are indexed by the ALTER)."""
    yield (
        f"ALTER TABLE {searched.table} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({pg_vector_expression(searched)}) STORED"
    )
    index = f"ix_{searched.table}_{VECTOR_COLUMN}"
    yield f"CREATE INDEX IF NOT EXISTS {index} ON {searched.table} USING gin ({VECTOR_COLUMN})"


def sqlite_statements(searched: Searched) -> Iterator[str]:
    """DDL making ``searched``'s FTS5 table and its triggers on SQLite, then indexing the rows present."""
    fts, table = searched.fts_table, searched.table
    fields = ", ".join(searched.fields)
    new = ", ".join(f"new.{field}" for field in searched.fields)
    old = ", ".join(f"old.{field}" for field in searched.fields)
    yield (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({fields}, content='{table}', content_rowid='id', "
        f"tokenize='{SQLITE_TOKENIZER}')"
    )
    # Names from SEARCHED above, nothing from outside.
    insert = f"INSERT INTO {fts}(rowid, {fields}) VALUES (new.id, {new});"  # noqa: S608
    delete = f"INSERT INTO {fts}({fts}, rowid, {fields}) VALUES ('delete', old.id, {old});"  # noqa: S608
    yield f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END"
    yield f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END"
    yield f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {fields} ON {table} BEGIN {delete} {insert} END"
    yield f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"  # noqa: S608


def create_search_index(connection: Connection) -> None:
    """Make every searched table's index on this connection's database."""
    for searched in SEARCHED:
        statements = (
            postgresql_statements(searched) if connection.dialect.name == "postgresql" else sqlite_statements(searched)
        )
        for statement in statements:
            connection.exec_driver_sql(statement)


def drop_search_index(connection: Connection) -> None:
    """Drop every searched table's index (SQLite: before its table, which cannot go while the triggers
    name it)."""
    for searched in SEARCHED:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{searched.table}_{VECTOR_COLUMN}")
            connection.exec_driver_sql(f"ALTER TABLE IF EXISTS {searched.table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}")
        else:
            for trigger in ("insert", "delete", "update"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {searched.fts_table}_{trigger}")
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {searched.fts_table}")


def is_search_object(name: str | None, type_: str) -> bool:
    """Whether a reflected name is part of the search index (FTS5 tables and their shadow tables, the
    tsvector columns and their indexes)."""
    if name is None:
        return False
    if type_ == "table":
        return any(name == s.fts_table or name.startswith(f"{s.fts_table}_") for s in SEARCHED)
    if type_ == "column":
        return name == VECTOR_COLUMN
    if type_ == "index":
        return name.endswith(f"_{VECTOR_COLUMN}")
    return False


def include_object(_object, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: leave the search index, made outside the metadata, out of the comparison."""
    return not (reflected and compare_to is None and is_search_object(name, type_))


@event.listens_for(Base.metadata, "after_create")
def _after_create(_metadata, connection: Connection, **_kwargs) -> None:
    create_search_index(connection)


@event.listens_for(Base.metadata, "before_drop")
def _before_drop(_metadata, connection: Connection, **_kwargs) -> None:
    drop_search_index(connection)
