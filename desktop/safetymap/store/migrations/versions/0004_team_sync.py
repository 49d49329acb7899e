"""The team store: what this laptop knows of the team server (sync_records: the revision each
field was last synced at; sync_conflicts: what a person must decide). The engine takes a
byte-for-byte backup before any migration runs (store/engine.py).

Frozen once released: never edit; add a new migration.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_records',
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('family_uid', sa.String(length=32), nullable=False),
    sa.Column('revs', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('uid', name=op.f('pk_sync_records')),
    )
    with op.batch_alter_table('sync_records', schema=None) as b:
        b.create_index(b.f('ix_sync_records_family_uid'), ['family_uid'], unique=False)
    op.create_table('sync_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('server_id', sa.Integer(), nullable=True),
    sa.Column('family_uid', sa.String(length=32), nullable=False),
    sa.Column('record_uid', sa.String(length=32), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('field', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('server_value', sa.JSON(), nullable=True),
    sa.Column('server_name', sa.String(length=200), nullable=False),
    sa.Column('server_at', sa.String(length=40), nullable=False),
    sa.Column('client_value', sa.JSON(), nullable=True),
    sa.Column('client_name', sa.String(length=200), nullable=False),
    sa.Column('client_at', sa.String(length=40), nullable=False),
    sa.Column('mine', sa.Boolean(), nullable=False),
    sa.Column('server_rev', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('resolved_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')),
    sa.UniqueConstraint('server_id', name=op.f('uq_sync_conflicts_server_id')),
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as b:
        b.create_index(b.f('ix_sync_conflicts_family_uid'), ['family_uid'], unique=False)


def downgrade() -> None:
    op.drop_table('sync_conflicts')
    op.drop_table('sync_records')
