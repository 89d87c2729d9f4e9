"""Claims carry their article's date, and the queue index orders by it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

The queue lists claims by priority, then newest article first. "Newest" is the article's publication date,
else the day it was added; copying that date onto the claim lets one index on the claim table serve the
order (priority, article_date DESC, article_id DESC, id). Existing claims are filled from their article.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OLD_COLUMNS = ['assignee_id', 'review_state', 'priority', 'article_id', 'id']
NEW_COLUMNS = ['assignee_id', 'review_state', 'priority', 'article_date', 'article_id', 'id']


def upgrade():
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('article_date', sa.Date(), nullable=True))

    article = sa.table('article', sa.column('id', sa.Integer), sa.column('published_on', sa.Date),
                       sa.column('created_at', sa.DateTime(timezone=True)))
    claim = sa.table('claim', sa.column('article_id', sa.Integer), sa.column('article_date', sa.Date))
    if op.get_bind().dialect.name == 'sqlite':
        added_on = sa.func.date(article.c.created_at)  # CAST(... AS DATE) is a number in SQLite
    else:
        added_on = sa.cast(article.c.created_at, sa.Date)
    op.execute(
        claim.update().values(
            article_date=sa.select(sa.func.coalesce(article.c.published_on, added_on))
            .where(article.c.id == claim.c.article_id)
            .scalar_subquery()
        )
    )

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.alter_column('article_date', existing_type=sa.Date(), nullable=False)
    op.drop_index('ix_claim_queue_order', table_name='claim')
    op.create_index('ix_claim_queue_order', 'claim', NEW_COLUMNS, unique=False)


def downgrade():
    op.drop_index('ix_claim_queue_order', table_name='claim')
    op.create_index('ix_claim_queue_order', 'claim', OLD_COLUMNS, unique=False)
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_column('article_date')
