"""User session token: part of every session and remember-me cookie, rotated to end them all

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Written by hand (autogenerate would add the column NOT NULL at once, which fails on existing rows):
the column is added nullable, every existing account gets its own random token, then it becomes NOT NULL.
Existing sessions (whose cookie holds only the user id) end with this upgrade; users log in again.

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))

    user = sa.table('user', sa.column('id', sa.Integer()), sa.column('session_token', sa.String(64)))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(user.c.id)).all():
        connection.execute(
            user.update().where(user.c.id == user_id).values(session_token=secrets.token_hex(32))
        )

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_token')
