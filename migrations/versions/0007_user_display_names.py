"""User display names

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

The name reports and exports credit a reviewer or editor with; without one they read "<Role> #<id>".
Emails stay inside the workbench.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sa.String(length=120), nullable=True))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('display_name')

