"""The claim's effective status, stored

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

`claim.effective_status` is the status every page, queue, report and export shows and filters on: a
reviewer's correction wins; otherwise a claim flagged `unverified_named` counts as `sourced` once every named
person it rests on (the corrected source if set, else its attributions' sources) has been verified by an
identity check. The application keeps it current (`factcheck.sources.status.refresh_statuses`); this revision
fills it for the rows already stored by the same rule, written out here in SQL as it stood at this revision.

The queue priority now follows the effective status too (it followed the corrected, else the automatic,
status): rows whose priority was that are given the priority of their effective status, so a claim whose
person was verified leaves the top of the queue. The downgrade drops the column and leaves the priorities.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The rule, as of this revision (sources.status.effective_status_expression).
PEOPLE = (
    "source.type = 'person' AND ("
    "(claim.corrected_source_id IS NOT NULL AND source.id = claim.corrected_source_id) OR "
    "(claim.corrected_source_id IS NULL AND source.id IN "
    "(SELECT attribution.source_id FROM attribution WHERE attribution.claim_id = claim.id)))"
)
EFFECTIVE_STATUS = (
    "CASE "
    "WHEN claim.corrected_status IS NOT NULL AND claim.corrected_status <> '' THEN claim.corrected_status "
    f"WHEN claim.status = 'unverified_named' AND EXISTS (SELECT 1 FROM source WHERE {PEOPLE}) "
    f"AND NOT EXISTS (SELECT 1 FROM source WHERE {PEOPLE} "
    "AND (source.identity_status IS NULL OR source.identity_status <> 'verified')) THEN 'sourced' "
    "ELSE claim.status END"
)
# review.models.PRIORITY_BY_STATUS, as of this revision.
PRIORITIES = {
    'unverified_named': 0, 'anonymous': 1, 'hedged': 2, 'unattributed': 3, 'not_analysed': 3, 'sourced': 4,
    'not_a_claim': 5,
}


def priority_of(status_sql: str) -> str:
    whens = " ".join(f"WHEN '{status}' THEN {priority}" for status, priority in PRIORITIES.items())
    return f"CASE {status_sql} {whens} ELSE 3 END"


def upgrade():
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('effective_status', sa.String(length=20), nullable=True))
    op.execute(f"UPDATE claim SET effective_status = {EFFECTIVE_STATUS}")
    corrected_else_automatic = "COALESCE(NULLIF(claim.corrected_status, ''), claim.status)"
    op.execute(
        f"UPDATE claim SET priority = {priority_of('claim.effective_status')} "
        f"WHERE priority = {priority_of(corrected_else_automatic)}"
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.alter_column('effective_status', existing_type=sa.String(length=20), nullable=False)
        batch_op.create_index(batch_op.f('ix_claim_effective_status'), ['effective_status'], unique=False)


def downgrade():
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_effective_status'))
        batch_op.drop_column('effective_status')
