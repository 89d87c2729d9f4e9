"""Source registry index: the registry's per-source counts come from article_source's index alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

The registry aggregates article_source by source (count, sum of claim_count, whether any article left the
source unidentified) before joining the sources; this index covers that aggregate.

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_article_source_registry', 'article_source', ['source_id', 'is_identifiable', 'claim_count'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_article_source_registry', table_name='article_source')
