"""The Alembic revisions build the schema the models describe, and can be undone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from factcheck.extensions import db
from tests.conftest import drop_everything


def pending_changes() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_matches_the_models_and_downgrade_undoes_it(make_app):
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade()
        assert pending_changes() == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "article", "claim", "source", "article_source", "attribution"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert pending_changes() == []
        drop_everything(db.engine)
