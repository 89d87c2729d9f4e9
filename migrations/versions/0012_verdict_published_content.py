"""What a published fact-check showed when it was approved

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

`verdict.published_content` keeps what an approved verdict shows of its claim beyond its own text: the
sourcing status, the sources the claim rests on and the evidence not withdrawn (JSON, written by
`review.operations.approve_verdict`). Public pages and exports read it instead of the claim's live rows, so an
edit after publication changes nothing in public until an editor approves a correction.

The verdicts published before this revision are given what they show now, by the rule as it stands at this
revision (`reports.queries.published_content`), written out here; superseded revisions keep none (nothing
records what they showed) and are read from the live rows as before.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def content_of(connection, claim_id, corrected_source_id, effective_status):
    if corrected_source_id is not None:
        sources = connection.execute(
            sa.text("SELECT name, type FROM source WHERE id = :id"), {"id": corrected_source_id}
        ).all()
    else:
        sources = connection.execute(
            sa.text(
                "SELECT source.name, source.type FROM source JOIN ("
                "SELECT source_id, MIN(id) AS first FROM attribution WHERE claim_id = :claim AND source_id IS NOT NULL "
                "GROUP BY source_id) AS used ON used.source_id = source.id ORDER BY used.first"
            ),
            {"claim": claim_id},
        ).all()
    evidence = connection.execute(
        sa.text(
            "SELECT stance, url, title, publisher, kind, published_on FROM evidence "
            "WHERE claim_id = :claim AND withdrawn_at IS NULL ORDER BY id"
        ),
        {"claim": claim_id},
    ).all()
    return {
        "sourcing_status": effective_status,
        "claimants": [{"name": name, "type": type_} for name, type_ in sources],
        "evidence": [
            {
                "stance": stance,
                "url": url,
                "title": title,
                "publisher": publisher,
                "kind": kind,
                "published_on": str(published_on)[:10] if published_on else None,
            }
            for stance, url, title, publisher, kind, published_on in evidence
        ],
    }


def upgrade():
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_content', sa.JSON(), nullable=True))
    connection = op.get_bind()
    verdict = sa.table('verdict', sa.column('id', sa.Integer), sa.column('published_content', sa.JSON))
    published = connection.execute(
        sa.text(
            "SELECT verdict.id, claim.id, claim.corrected_source_id, claim.effective_status FROM verdict "
            "JOIN claim ON claim.id = verdict.claim_id WHERE verdict.state = 'published'"
        )
    ).all()
    for verdict_id, claim_id, corrected_source_id, effective_status in published:
        connection.execute(
            verdict.update()
            .where(verdict.c.id == verdict_id)
            .values(published_content=content_of(connection, claim_id, corrected_source_id, effective_status))
        )


def downgrade():
    with op.batch_alter_table('verdict', schema=None) as batch_op:
        batch_op.drop_column('published_content')
