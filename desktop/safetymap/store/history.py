"""Session hooks that make every change leave a trace, without any caller having to remember:

* an EntityVersion snapshot of each inserted, updated or deleted case entity (edit history);
* an audit-log row (who, what, when) in the hash chain;
* the full-text index kept current;
* signed-off supervision records refused as read-only.

The acting person's name comes from `session.info["actor"]`, set by the services layer.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, update
from sqlalchemy.orm import Session, sessionmaker

from ..domain import model as m
from . import audit, search
from .errors import StoreError


class ReadOnlyRecord(StoreError):
    pass


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest(), "bytes": len(value)}
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {attr.key: _jsonable(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def family_id_of(obj: Any) -> int | None:
    if isinstance(obj, m.Family):
        return obj.id
    fid = getattr(obj, "family_id", None)
    if fid is not None:
        return int(fid)
    if isinstance(obj, m.ContactDetail) and obj.person is not None:
        return obj.person.family_id
    if isinstance(obj, m.VisitAttendance) and obj.visit is not None:
        return obj.visit.family_id
    if isinstance(obj, m.EntryStance) and obj.entry is not None:
        return obj.entry.family_id
    return None


def _changed_fields(obj: Any) -> list[str]:
    state = inspect(obj)
    out = []
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.has_changes() and attr.key not in ("updated_at",):
            out.append(attr.key)
    return out


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, m.SupervisionRecord):
            hist = inspect(obj).attrs["signed_off_at"].history
            committed = hist.deleted[0] if hist.deleted else (
                hist.unchanged[0] if hist.unchanged else None
            )
            if committed is not None and (obj in session.deleted or _changed_fields(obj)):
                raise ReadOnlyRecord(
                    "This supervision record was signed off and cannot be changed; "
                    "add a new record instead."
                )


def _after_flush(session: Session, flush_context: Any) -> None:
    actor = str(session.info.get("actor", ""))
    conn = session.connection()
    versions: list[dict[str, Any]] = []
    changes: list[tuple[str, Any, list[str]]] = []
    for obj in session.new:
        if isinstance(obj, m.Tracked):
            changes.append(("insert", obj, []))
    for obj in session.dirty:
        if isinstance(obj, m.Tracked) and session.is_modified(obj, include_collections=False):
            fields = _changed_fields(obj)
            if fields:
                changes.append(("update", obj, fields))
    for obj in session.deleted:
        if isinstance(obj, m.Tracked):
            changes.append(("delete", obj, []))

    # A unit of work may carry its own logical time (a sign-off stamps the record and the score
    # it adds with one moment, so a later "changes since the sign-off" does not list them).
    now = session.info.get("at") or m.utcnow()
    for op, obj, fields in changes:
        fid = family_id_of(obj)
        versions.append(
            {
                "entity_type": type(obj).__name__,
                "entity_id": obj.id,
                "entity_uid": obj.uid,
                "family_id": fid,
                "operation": op,
                "changed_at": now,
                "actor": actor,
                "data": snapshot(obj),
            }
        )
        action = op
        if (
            isinstance(obj, m.SupervisionRecord)
            and "signed_off_at" in fields
            and obj.signed_off_at is not None
        ) or (isinstance(obj, m.SupervisionRecord) and op == "insert" and obj.signed_off_at):
            action = "sign_off"
        audit.append(
            conn,
            actor=actor,
            action=action,
            entity_type=type(obj).__name__,
            entity_uid=obj.uid,
            family_id=fid,
            # Field names only: the audit log says what kind of thing changed, the edit history
            # holds the content.
            summary=",".join(fields),
        )
        if type(obj) in search.TYPE_CODES:
            if op == "delete":
                search.unindex(conn, obj)
            else:
                search.index(conn, obj)
    if versions:
        conn.execute(insert(m.EntityVersion), versions)
        # families.updated_at means "last change to anything about this family", so the family
        # list can show it without scanning the edit history.
        touched = {v["family_id"] for v in versions if v["family_id"] is not None}
        conn.execute(
            update(m.Family).where(m.Family.id.in_(touched)).values(updated_at=now)
            .execution_options(synchronize_session=False)
        )


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)


def note(session: Session, action: str, *, family_id: int | None = None, summary: str = "",
         entity_type: str = "", entity_uid: str = "") -> None:
    """Record an audit event that is not an entity change (an export, a bundle import)."""
    session.flush()
    audit.append(
        session.connection(),
        actor=str(session.info.get("actor", "")),
        action=action,
        entity_type=entity_type,
        entity_uid=entity_uid,
        family_id=family_id,
        summary=summary,
    )
