"""Records on the wire to the team server: the columns of a local row as JSON fields, with
references written as the uids of the records they name.

* `id`, `uid` and `updated_at` are not fields: the uid is the record's key, ids are local, and
  updated_at changes with every edit (it would make every pair of edits a conflict).
* A JSON object column (the safety plan's boxes) is one field per part, `content/<part>`, so
  two laptops editing different boxes of one plan merge instead of conflicting.
* Bytes travel as content-addressed blobs: the field holds {"sha256", "bytes"}; the blob goes
  up with put_blob (checked by its hash on the server) and comes down checked again.
* Timestamps are written in one form (UTC, ISO 8601), so the same moment compares equal
  whichever laptop wrote it.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary, select
from sqlalchemy.engine import Connection

from ..domain import model as m
from ..store import changesets

NOT_FIELDS = frozenset({"id", "uid", "updated_at"})
PART = "/"
MODELS: dict[str, type[m.Tracked]] = {c.__name__: c for c in m.TRACKED_MODELS}
TABLE_CLASS: dict[str, type[m.Tracked]] = {c.__tablename__: c for c in m.TRACKED_MODELS}
ORDER = {c.__name__: i for i, c in enumerate(
    sorted(m.TRACKED_MODELS, key=lambda c: [t.name for t in m.Base.metadata.sorted_tables]
           .index(c.__tablename__)))}


def columns(cls: type[m.Tracked]) -> dict[str, Any]:
    return {c.name: c for c in cls.__table__.columns if c.name not in NOT_FIELDS}


def fk_target(col: Any) -> str | None:
    for fk in col.foreign_keys:
        return str(fk.column.table.name)
    return None


def is_parts(col: Any) -> bool:
    return isinstance(col.type, JSON)


def is_bytes(col: Any) -> bool:
    return isinstance(col.type, LargeBinary)


def _utc_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        return value
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC).isoformat()


def blob_ref(raw: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}


class UidResolver:
    """Local id -> uid, also for a row deleted since (its uid is in the changes)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._cache: dict[tuple[str, int], str | None] = {}

    def __call__(self, table: str, row_id: int) -> str | None:
        key = (table, row_id)
        if key not in self._cache:
            t = m.Base.metadata.tables[table]
            uid = self.conn.execute(select(t.c.uid).where(t.c.id == row_id)).scalar()
            if uid is None:
                cls = TABLE_CLASS[table]
                uid = self.conn.execute(
                    select(m.Change.entity_uid).where(m.Change.entity_type == cls.__name__,
                                                      m.Change.entity_id == row_id)
                    .order_by(m.Change.id.desc()).limit(1)).scalar()
            self._cache[key] = None if uid is None else str(uid)
        return self._cache[key]


def refs(cls: type[m.Tracked]) -> list[str]:
    """The fields that name the record this one belongs to (not the family): the server
    keeps them so that nothing is removed from under a record that still hangs from it."""
    return sorted(name for name, col in columns(cls).items()
                  if fk_target(col) not in (None, "families") and not col.nullable)


def encode(cls: type[m.Tracked], values: dict[str, Any], uid_of: UidResolver,
           before: dict[str, Any] | None = None) -> dict[str, Any]:
    """Column values (as store/changesets.to_json writes them) -> wire fields."""
    cols = columns(cls)
    out: dict[str, Any] = {}
    for name, value in values.items():
        col = cols.get(name)
        if col is None:
            continue
        target = fk_target(col)
        if target is not None:
            out[name] = None if value is None else uid_of(target, int(value))
        elif is_parts(col) and isinstance(value, dict):
            old = (before or {}).get(name)
            for part in set(value) | (set(old) if isinstance(old, dict) else set()):
                if isinstance(old, dict) and (old.get(part) or None) == (value.get(part) or None):
                    # an untouched box (an empty box and one not there yet are the same):
                    # sending it would undo another's edit of it
                    continue
                out[f"{name}{PART}{part}"] = value.get(part)
        elif is_bytes(col) and isinstance(value, dict) and "$b64" in value:
            out[name] = blob_ref(base64.b64decode(value["$b64"]))
        elif isinstance(col.type, m.UTCDateTime):
            out[name] = _utc_text(value)
        else:
            out[name] = value
    return out


def encode_object(obj: m.Tracked, uid_of: UidResolver) -> dict[str, Any]:
    return encode(type(obj), changesets.object_json(obj, keep_bytes=False), uid_of)


def field_column(cls: type[m.Tracked], field: str) -> str:
    return field.split(PART, 1)[0]
