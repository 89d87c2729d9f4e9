"""The whole database as plain values, to show that a refused or failed request changed nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from factcheck.extensions import db


def snapshot(app: Flask, *, without: frozenset[tuple[str, str]] = frozenset()) -> dict[str, list[tuple]]:
    """Every table's rows in primary-key order (minus the (table, column) pairs in ``without``)."""
    with app.app_context():
        result = {}
        for table in db.metadata.sorted_tables:
            columns = [column for column in table.columns if (table.name, column.name) not in without]
            statement = select(*columns).order_by(*table.primary_key.columns)
            result[table.name] = [tuple(row) for row in db.session.execute(statement)]
        db.session.remove()
        return result


def row_counts(app: Flask) -> dict[str, int]:
    """How many rows each table holds."""
    return {name: len(rows) for name, rows in snapshot(app).items()}
