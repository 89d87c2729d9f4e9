"""Data version for the page cache

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

One row whose value every committed write increments (factcheck/pagecache.py): rendered pages are cached
under it, so none is served after the data behind it changed.

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    # A random start (see factcheck.pagecache.first_value).
    op.bulk_insert(table, [{'id': 1, 'value': secrets.randbits(48)}])


def downgrade():
    op.drop_table('data_version')
