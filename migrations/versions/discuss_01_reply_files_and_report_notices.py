"""Files on replies and reflections; notifications of reported posts

Revision ID: discuss_01
Revises: authoring_01
Create Date: 2026-12-05 07:35:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'discuss_01'
down_revision = 'authoring_01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('post_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reflection_id', sa.Integer(), nullable=True))
        batch_op.alter_column('thread_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_attachment_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_reflection_id'), ['reflection_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attachment_post_id_post'), 'post',
                                    ['post_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_attachment_reflection_id_reflection'),
                                    'reflection', ['reflection_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(
            op.f('ck_attachment_has_owner'), "thread_id IS NOT NULL OR reflection_id IS NOT NULL")
        batch_op.create_check_constraint(
            op.f('ck_attachment_post_in_thread'), "post_id IS NULL OR thread_id IS NOT NULL")

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notification_kind_known'),
            "kind IN ('reply', 'mention', 'quote', 'comment', 'report')")


def downgrade():
    op.execute("DELETE FROM notification WHERE kind = 'report'")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_kind_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notification_kind_known'), "kind IN ('reply', 'mention', 'quote', 'comment')")

    op.execute("DELETE FROM attachment WHERE thread_id IS NULL")
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attachment_post_in_thread'), type_='check')
        batch_op.drop_constraint(op.f('ck_attachment_has_owner'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_attachment_reflection_id_reflection'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attachment_post_id_post'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachment_reflection_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_post_id'))
        batch_op.alter_column('thread_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('reflection_id')
        batch_op.drop_column('post_id')
