"""The language of an article

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26

The analysis now detects the language an article is written in and analyses English only: an article in
another language is split into claims, each `not_analysed`. The article keeps the ISO 639-1 code
("en", "de", ...) so its page and report can say so. Every article stored before this revision was
analysed as English, so existing rows get "en"; `flask --app factcheck reanalyse` finds their real language.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='en', nullable=False))


def downgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('language')
