"""The full-text search index

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

Search over claims (text), verdicts (summary, rationale), evidence (title, excerpt, note), sources (name)
and articles (title, outlet), kept by the database in the transaction of every write
(factcheck.search.index, whose statements this revision writes out as they stand at this revision):

- PostgreSQL: a generated `search_vector` tsvector column per table, each field weighted by its place
  (A, B, C), with a GIN index `ix_<table>_search_vector`. Adding the column computes it for every row.
- SQLite: an FTS5 table `search_<table>` over the table (external content), kept by triggers on insert,
  delete and update of the searched fields; 'rebuild' indexes the rows already stored.

None of it is in the models' metadata; the downgrade drops it all and leaves the tables as they were.

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

SEARCHED = {
    'claim': ('text',),
    'verdict': ('summary', 'rationale'),
    'evidence': ('title', 'excerpt', 'note'),
    'source': ('name',),
    'article': ('title', 'outlet'),
}


def postgresql_upgrade(table, fields):
    vector = ' || '.join(
        f"setweight(to_tsvector('english'::regconfig, coalesce({field}, '')), '{'ABC'[place]}')"
        for place, field in enumerate(fields)
    )
    op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED")
    op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")


def sqlite_upgrade(table, fields):
    fts = f'search_{table}'
    columns = ', '.join(fields)
    new = ', '.join(f'new.{field}' for field in fields)
    old = ', '.join(f'old.{field}' for field in fields)
    insert = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {columns} ON {table} BEGIN {delete} {insert} END")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def upgrade():
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for table, fields in SEARCHED.items():
        (postgresql_upgrade if postgresql else sqlite_upgrade)(table, fields)


def downgrade():
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for table in SEARCHED:
        if postgresql:
            op.execute(f"DROP INDEX ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
        else:
            for trigger in ('insert', 'delete', 'update'):
                op.execute(f"DROP TRIGGER search_{table}_{trigger}")
            op.execute(f"DROP TABLE search_{table}")
