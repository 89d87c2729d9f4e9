"""A verdict revision can be discarded

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

A correction of a published verdict can be given up before it is published (an editor rejects it, or its
assignee abandons it): the revision is kept with the state 'discarded' and the published one stays. The
check constraint on `verdict.state` gains the value. On SQLite that rebuilds the verdict table, which drops
its search triggers (revision 0014): they are made again, as they stand at 0014, and the index rebuilt.

The downgrade refuses while a discarded revision exists: no earlier state says what it is.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BEFORE = "state IN ('draft', 'submitted', 'published', 'returned', 'superseded')"
AFTER = "state IN ('draft', 'submitted', 'published', 'returned', 'superseded', 'discarded')"


def _restore_sqlite_search_triggers():
    fts, columns = 'search_verdict', 'summary, rationale'
    insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, new.summary, new.rationale);"
    delete = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, old.summary, old.rationale);"
    op.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON verdict BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON verdict BEGIN {delete} END")
    op.execute(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {columns} ON verdict BEGIN {delete} {insert} END"
    )
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _replace_state_check(check):
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_verdict_state'), type_='check')
        batch_op.create_check_constraint(op.f('ck_verdict_state'), check)
    if op.get_bind().dialect.name == 'sqlite':
        _restore_sqlite_search_triggers()


def upgrade():
    _replace_state_check(AFTER)


def downgrade():
    discarded = op.get_bind().execute(sa.text("SELECT count(*) FROM verdict WHERE state = 'discarded'")).scalar()
    if discarded:
        raise RuntimeError(
            f"{discarded} discarded verdict revision(s) exist; revision 0016 has no state for them. "
            "Delete or keep them (stay at 0017) before downgrading."
        )
    _replace_state_check(BEFORE)
