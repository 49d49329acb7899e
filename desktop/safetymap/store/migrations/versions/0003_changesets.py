"""One write path: changesets and changes replace the per-row snapshots in entity_versions.

Each old snapshot becomes one changeset ("edit", its actor and time) with one change: an
insert keeps the whole row as `after`; an update keeps only the columns that differ from the
record's previous snapshot, before and after; a delete keeps the whole row as `before`. The
engine takes a byte-for-byte backup before any migration runs (store/engine.py).

Frozen once released: never edit; add a new migration.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('changesets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('command', sa.String(length=80), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=False),
    sa.Column('reverts_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changesets')),
    sa.UniqueConstraint('uid', name=op.f('uq_changesets_uid')),
    )
    with op.batch_alter_table('changesets', schema=None) as b:
        b.create_index(b.f('ix_changesets_family_id'), ['family_id'], unique=False)
        b.create_index(b.f('ix_changesets_ended_at'), ['ended_at'], unique=False)
        b.create_index(b.f('ix_changesets_reverts_id'), ['reverts_id'], unique=False)
    op.create_table('changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changeset_id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('entity_uid', sa.String(length=32), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=True),
    sa.Column('operation', sa.String(length=10), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['changeset_id'], ['changesets.id'], name=op.f('fk_changes_changeset_id_changesets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes')),
    )
    with op.batch_alter_table('changes', schema=None) as b:
        b.create_index(b.f('ix_changes_changeset_id'), ['changeset_id'], unique=False)
        b.create_index(b.f('ix_changes_entity_uid'), ['entity_uid'], unique=False)
        b.create_index(b.f('ix_changes_family_id'), ['family_id'], unique=False)
        b.create_index('ix_changes_entity', ['entity_type', 'entity_id'], unique=False)

    conn = op.get_bind()
    last: dict[tuple[str, str], dict[str, Any]] = {}
    rows = conn.execute(sa.text(
        "SELECT id, entity_type, entity_id, entity_uid, family_id, operation, changed_at, "
        "actor, data FROM entity_versions ORDER BY id"))
    batch_sets: list[dict[str, Any]] = []
    batch_changes: list[dict[str, Any]] = []
    cs_id = 0
    for vid, etype, eid, euid, fid, op_name, at, actor, data in rows:
        data = json.loads(data) if isinstance(data, str) else (data or {})
        key = (etype, euid)
        prev: dict[str, Any] | None = last.get(key)
        if op_name == "insert":
            operation, before, after = "insert", None, data
        elif op_name == "update" and prev is None:
            # a record whose first snapshot is an update: the values it had before are unknown
            operation, before, after = "update", None, data
        elif op_name == "update":
            assert prev is not None
            cols = [k for k in data if data.get(k) != prev.get(k)]
            operation = "update"
            before = {k: prev.get(k) for k in cols}
            after = {k: data[k] for k in cols}
        else:
            operation, before, after = "delete", data, None
        last[key] = data
        cs_id += 1
        batch_sets.append({"id": cs_id, "uid": f"m{vid:031d}", "family_id": fid,
                           "command": "edit", "actor": actor or "", "started_at": at,
                           "ended_at": at})
        batch_changes.append({"changeset_id": cs_id, "entity_type": etype, "entity_id": eid,
                              "entity_uid": euid, "family_id": fid, "operation": operation,
                              "before": None if before is None else json.dumps(before),
                              "after": None if after is None else json.dumps(after)})
        if len(batch_sets) >= 5000:
            _flush(conn, batch_sets, batch_changes)
    _flush(conn, batch_sets, batch_changes)
    with op.batch_alter_table('entity_versions', schema=None) as b:
        for name in ('changed_at', 'entity_id', 'entity_type', 'entity_uid', 'family_id'):
            b.drop_index(f'ix_entity_versions_{name}')
    op.drop_table('entity_versions')


def _flush(conn: Any, sets: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
    if sets:
        conn.execute(sa.text(
            "INSERT INTO changesets (id, uid, family_id, command, actor, started_at, ended_at) "
            "VALUES (:id, :uid, :family_id, :command, :actor, :started_at, :ended_at)"), sets)
        conn.execute(sa.text(
            "INSERT INTO changes (changeset_id, entity_type, entity_id, entity_uid, family_id, "
            "operation, before, after) VALUES (:changeset_id, :entity_type, :entity_id, "
            ":entity_uid, :family_id, :operation, :before, :after)"), changes)
    sets.clear()
    changes.clear()


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore the backup copy instead.")
