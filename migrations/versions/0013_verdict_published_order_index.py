"""Published order index: the public archive, feed, sitemap and API read their pages from it, without a sort

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

The public lists show each claim's published revision (state 'published'), the latest publication or
correction first (published_at DESC, claim_id DESC): one equality, then the order.
Created with op.create_index, not batch mode, so SQLite does not copy the verdict table.

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_verdict_state_published_at', 'verdict', ['state', 'published_at', 'claim_id'], unique=False
    )


def downgrade():
    op.drop_index('ix_verdict_state_published_at', table_name='verdict')
