"""i18n: the user's language and translated course texts

Revision ID: i18n_01
Revises: journeys_01
Create Date: 2026-12-05 07:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i18n_01'
down_revision = 'journeys_01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='', nullable=False))
    op.create_table('content_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=20), nullable=False),
    sa.Column('target', sa.String(length=8), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('quiz', sa.JSON(), nullable=True),
    sa.CheckConstraint("target IN ('course', 'module', 'item', 'page')", name=op.f('ck_content_translation_target_known')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_content_translation_course_id_course')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translation')),
    sa.UniqueConstraint('course_id', 'language', 'target', 'slug', name=op.f('uq_content_translation_course_id_language_target_slug'))
    )
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_translation_course_id'), ['course_id'], unique=False)


def downgrade():
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_translation_course_id'))
    op.drop_table('content_translation')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('language')
