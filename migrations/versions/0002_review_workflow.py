"""Review workflow: ratings, verdicts, evidence, identity checks, audit trail, claim review state

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Reviewed from an autogenerate draft; added by hand: the CHECK on claim.review_state (autogenerate does not
see CHECK constraints), each existing claim's queue priority from its status, and the default rating scale.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('requires_evidence', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    sa.UniqueConstraint('name', name=op.f('uq_rating_name'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('entity_type', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_audit_event_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_claim_at', ['claim_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_event_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('identity_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('evidence_url', sa.String(length=2000), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("result IN ('verified', 'unverifiable', 'nonexistent')", name=op.f('ck_identity_check_result')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user.id'], name=op.f('fk_identity_check_checked_by_id_user')),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_identity_check_source_id_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_check'))
    )
    with op.batch_alter_table('identity_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_check_source_id'), ['source_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('accessed_on', sa.Date(), nullable=True),
    sa.Column('excerpt', sa.Text(), nullable=True),
    sa.Column('stance', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('primary', 'secondary')", name=op.f('ck_evidence_kind')),
    sa.CheckConstraint("stance IN ('supports', 'refutes', 'context')", name=op.f('ck_evidence_stance')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_evidence_author_id_user')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_evidence_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user.id'], name=op.f('fk_evidence_withdrawn_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_claim_id'), ['claim_id'], unique=False)

    op.create_table('verdict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=75), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('editor_comment', sa.Text(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'published', 'returned', 'superseded')", name=op.f('ck_verdict_state')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_verdict_author_id_user')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_verdict_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_verdict_decided_by_id_user')),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], name=op.f('fk_verdict_rating_id_rating')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verdict')),
    sa.UniqueConstraint('claim_id', 'revision', name=op.f('uq_verdict_claim_id_revision'))
    )
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verdict_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('ix_verdict_state_submitted_at', ['state', 'submitted_at'], unique=False)

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_state', sa.String(length=12), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('corrected_status', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('corrected_source_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('correction_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('corrected_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version_id', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index('ix_claim_assignee_state', ['assignee_id', 'review_state'], unique=False)
        batch_op.create_index('ix_claim_queue', ['review_state', 'priority', 'id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_claim_corrected_by_id_user'), 'user', ['corrected_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_claim_corrected_source_id_source'), 'source', ['corrected_source_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_claim_assignee_id_user'), 'user', ['assignee_id'], ['id'])
        batch_op.create_check_constraint(
            'review_state', "review_state IN ('new', 'in_review', 'submitted', 'published', 'returned')"
        )

    # Claims a fact-checker should chase first come first: unverified_named, anonymous, hedged, unattributed.
    op.execute(
        "UPDATE claim SET priority = CASE status WHEN 'unverified_named' THEN 0 WHEN 'anonymous' THEN 1 "
        "WHEN 'hedged' THEN 2 WHEN 'unattributed' THEN 3 WHEN 'sourced' THEN 4 ELSE 5 END"
    )

    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('version_id', sa.Integer(), server_default='1', nullable=False))

    # The default rating scale (a snapshot: later changes to the scale are data, edited in the app).
    rating = sa.table(
        'rating',
        sa.column('name', sa.String), sa.column('position', sa.Integer), sa.column('sort_order', sa.Integer),
        sa.column('requires_evidence', sa.Boolean), sa.column('description', sa.Text),
        sa.column('is_active', sa.Boolean),
    )
    op.bulk_insert(rating, [
        {'name': name, 'position': position, 'sort_order': order, 'requires_evidence': needs,
         'description': description, 'is_active': True}
        for order, (name, position, needs, description) in enumerate(DEFAULT_SCALE)
    ])



DEFAULT_SCALE = [
    ('True', 5, True, 'Accurate, and nothing significant is missing.'),
    ('Mostly true', 4, True, 'Accurate but needs clarification or additional information.'),
    ('Mixed', 3, True, 'Partly accurate, partly not.'),
    ('Mostly false', 2, True, 'Contains an element of truth but ignores facts that would give a different impression.'),
    ('False', 1, True, 'Not accurate.'),
    ('Misleading', None, True, 'Accurate facts put together to give a false impression.'),
    ('Unverifiable', None, False, 'The evidence available cannot settle it either way.'),
]


def downgrade():
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_column('version_id')
        batch_op.drop_column('identity_status')

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_claim_review_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_claim_assignee_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_claim_corrected_source_id_source'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_claim_corrected_by_id_user'), type_='foreignkey')
        batch_op.drop_index('ix_claim_queue')
        batch_op.drop_index('ix_claim_assignee_state')
        batch_op.drop_column('version_id')
        batch_op.drop_column('corrected_at')
        batch_op.drop_column('corrected_by_id')
        batch_op.drop_column('correction_reason')
        batch_op.drop_column('corrected_source_id')
        batch_op.drop_column('corrected_status')
        batch_op.drop_column('priority')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('review_state')

    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.drop_index('ix_verdict_state_submitted_at')
        batch_op.drop_index(batch_op.f('ix_verdict_claim_id'))

    op.drop_table('verdict')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_claim_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('identity_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identity_check_source_id'))

    op.drop_table('identity_check')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')
        batch_op.drop_index('ix_audit_event_claim_at')

    op.drop_table('audit_event')
    op.drop_table('rating')
