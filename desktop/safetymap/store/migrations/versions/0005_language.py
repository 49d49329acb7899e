"""Cymraeg: the language each family, and each person, prefers (Welsh Language Standard 2
expects a body to record it): "cy", "en", "other" or "" (not asked yet), with a note for the
interpreter or the other language. The engine takes a byte-for-byte backup before any
migration runs (store/engine.py).

Frozen once released: never edit; add a new migration.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('families', 'people'):
        with op.batch_alter_table(table, schema=None) as b:
            b.add_column(sa.Column('language', sa.String(length=10), nullable=False,
                                   server_default=''))
            b.add_column(sa.Column('language_note', sa.String(length=300), nullable=False,
                                   server_default=''))


def downgrade() -> None:
    for table in ('people', 'families'):
        with op.batch_alter_table(table, schema=None) as b:
            b.drop_column('language_note')
            b.drop_column('language')
