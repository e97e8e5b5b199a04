"""course branch: item visibility (trainer-only facilitator material)

Revision ID: b7c41e0a9d23
Revises: 5ec0a1b0c7e1
Create Date: 2026-12-04 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c41e0a9d23'
down_revision = '5ec0a1b0c7e1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visibility', sa.String(length=16),
                                      server_default='learners', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_item_visibility_known'),
                                         "visibility IN ('learners', 'trainers')")


def downgrade():
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_item_visibility_known'), type_='check')
        batch_op.drop_column('visibility')
