"""External fact-checks: other fact-checkers' ClaimReviews, imported

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

One table, `external_fact_check` (factcheck.factchecks.models): the publisher, the review's address, the claim,
its claimant and date, the rating as published and its score in thousandths (0 to 1000) when the rating is a number on a
stated scale, the language, the review date and when it was imported. A fact-check is stored once: the review
URL is unique, and `claim_key` (the publisher and claim text, hashed; set only when there is no review URL)
is unique too.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('external_fact_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publisher_name', sa.String(length=300), nullable=False),
    sa.Column('publisher_url', sa.String(length=2000), nullable=True),
    sa.Column('review_url', sa.String(length=2000), nullable=True),
    sa.Column('claim_text', sa.Text(), nullable=False),
    sa.Column('claim_key', sa.String(length=64), nullable=True),
    sa.Column('claimant', sa.Text(), nullable=True),
    sa.Column('claim_date', sa.Date(), nullable=True),
    sa.Column('rating', sa.Text(), nullable=False),
    sa.Column('score_per_mille', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=35), nullable=True),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_fact_check')),
    sa.UniqueConstraint('claim_key', name=op.f('uq_external_fact_check_claim_key')),
    sa.UniqueConstraint('review_url', name=op.f('uq_external_fact_check_review_url'))
    )


def downgrade():
    op.drop_table('external_fact_check')
