"""Documents a family can be handed safely: confidential organisation/role, contacts safe for a
child's copy, a child-level line for each worry, how each child knows each person (and their
helpers list), and the worker's safety-check decisions.

Frozen once released: never edit; add a new migration.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _tracked() -> list[sa.Column[Any]]:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as b:
        b.add_column(sa.Column('details_confidential', sa.Boolean(), nullable=False,
                               server_default=sa.false()))
    with op.batch_alter_table('contact_details', schema=None) as b:
        b.add_column(sa.Column('safe_for_children', sa.Boolean(), nullable=False,
                               server_default=sa.false()))
    with op.batch_alter_table('map_entries', schema=None) as b:
        b.add_column(sa.Column('child_text', sa.Text(), nullable=False, server_default=''))

    op.create_table('child_relations',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('known_as', sa.String(length=200), nullable=False),
    sa.Column('helper', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    *_tracked(),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_child_relations_family_id_families'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_id'], ['people.id'], name=op.f('fk_child_relations_child_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_child_relations_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_relations')),
    sa.UniqueConstraint('uid', name=op.f('uq_child_relations_uid')),
    sa.UniqueConstraint('child_id', 'person_id', name=op.f('uq_child_relations_child_id')),
    )
    with op.batch_alter_table('child_relations', schema=None) as b:
        b.create_index(b.f('ix_child_relations_family_id'), ['family_id'], unique=False)
        b.create_index(b.f('ix_child_relations_child_id'), ['child_id'], unique=False)
        b.create_index(b.f('ix_child_relations_person_id'), ['person_id'], unique=False)

    op.create_table('safety_check_decisions',
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    *_tracked(),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_safety_check_decisions_family_id_families'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_check_decisions')),
    sa.UniqueConstraint('uid', name=op.f('uq_safety_check_decisions_uid')),
    sa.UniqueConstraint('family_id', 'key', name=op.f('uq_safety_check_decisions_family_id')),
    )
    with op.batch_alter_table('safety_check_decisions', schema=None) as b:
        b.create_index(b.f('ix_safety_check_decisions_family_id'), ['family_id'], unique=False)


def downgrade() -> None:
    op.drop_table('safety_check_decisions')
    op.drop_table('child_relations')
    with op.batch_alter_table('map_entries', schema=None) as b:
        b.drop_column('child_text')
    with op.batch_alter_table('contact_details', schema=None) as b:
        b.drop_column('safe_for_children')
    with op.batch_alter_table('people', schema=None) as b:
        b.drop_column('details_confidential')
