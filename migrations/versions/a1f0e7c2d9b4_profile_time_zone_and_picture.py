"""profile: time zone and picture

Revision ID: a1f0e7c2d9b4
Revises: b7c41e0a9d23
Create Date: 2026-12-04 19:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1f0e7c2d9b4'
down_revision = 'b7c41e0a9d23'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('avatar_version', sa.Integer(), server_default='0', nullable=False))
    op.create_table('avatar',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.Column('mimetype', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_avatar_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_avatar'))
    )


def downgrade():
    op.drop_table('avatar')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('avatar_version')
        batch_op.drop_column('timezone')
