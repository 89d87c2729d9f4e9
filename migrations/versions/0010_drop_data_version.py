"""Drop the page cache's data version

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

The page cache is gone: pages are rendered on every request, so nothing reads `data_version` any more, and
no write has to update its one row. The downgrade makes the table again as 0008 did, with its one row.

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('data_version')


def downgrade():
    table = op.create_table(
        'data_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    )
    # A random start, as 0008 gave it.
    op.bulk_insert(table, [{'id': 1, 'value': secrets.randbits(48)}])
