"""Queue order index: the unassigned and personal queues read their pages from it, without a sort

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

The queue pages are keyset-paginated in the order (priority, article_id DESC, id) within an assignee
(NULL: unassigned) and a review state: the unassigned queue is three equalities, then the order.
Created with op.create_index, not batch mode, so SQLite does not copy the claim table.

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_claim_queue_order', 'claim', ['assignee_id', 'review_state', 'priority', 'article_id', 'id'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_claim_queue_order', table_name='claim')
