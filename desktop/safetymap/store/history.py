"""Session hooks that make every change leave a trace, without any caller having to remember:

* one changeset per unit of work, with every row it inserted, updated or deleted, before and
  after (store/changesets.py): the edit history, undo and what bundles carry;
* an audit-log row (who, what, when) in the hash chain;
* the full-text index kept current;
* signed-off supervision records refused as read-only.

The acting person's name comes from `session.info["actor"]`, set by the services layer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session, sessionmaker

from ..domain import model as m
from . import audit, changesets, search
from .errors import StoreError


class ReadOnlyRecord(StoreError):
    pass


def _changed_fields(obj: Any) -> list[str]:
    state = inspect(obj)
    out = []
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.has_changes() and attr.key not in ("updated_at",):
            out.append(attr.key)
    return out


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    if session.info.get("forget"):
        return  # a family leaving this laptop whole, signed-off records too (see below)
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
    # what the database would delete or unlink with a deleted row goes through the session,
    # so the changeset records it (and undo brings it back)
    changesets.cascade(session)
    # the rows as stored before this flush: a delete keeps every column (bytes whole), an
    # update the columns it changes
    conn = session.connection()
    before: dict[tuple[str, int], dict[str, Any]] = {}
    for obj in list(session.deleted) + list(session.dirty):
        if not isinstance(obj, m.Tracked) or obj.id is None:
            continue
        if obj not in session.deleted and not (
                session.is_modified(obj, include_collections=False) and _changed_fields(obj)):
            continue
        row = changesets.read_row(conn, type(obj).__table__, obj.id)
        if row is not None:
            before[(type(obj).__tablename__, obj.id)] = row
    session.info["_before"] = before


def _after_flush(session: Session, flush_context: Any) -> None:
    actor = str(session.info.get("actor", ""))
    conn = session.connection()
    before_rows: dict[tuple[str, int], dict[str, Any]] = session.info.pop("_before", {})
    changes: list[tuple[str, Any, list[str]]] = []
    pending: list[changesets.Pending] = []
    for obj in session.new:
        if isinstance(obj, m.Tracked):
            changes.append(("insert", obj, []))
            pending.append(changesets.Pending(
                "insert", obj, None, changesets.object_json(obj, keep_bytes=False)))
    for obj in session.dirty:
        if isinstance(obj, m.Tracked) and session.is_modified(obj, include_collections=False):
            fields = _changed_fields(obj)
            if not fields:
                continue
            old = before_rows.get((type(obj).__tablename__, obj.id), {})
            new = changesets.object_json(obj, keep_bytes=False)
            cols = [c for c in new if c not in ("updated_at",) and c in old
                    and changesets.snapshot_value(old[c]) != new[c]]
            if not cols:
                continue
            changes.append(("update", obj, fields))
            pending.append(changesets.Pending(
                "update", obj, {c: old[c] for c in [*cols, "updated_at"] if c in old},
                {c: new[c] for c in [*cols, "updated_at"]}))
    for obj in session.deleted:
        if isinstance(obj, m.Tracked):
            changes.append(("delete", obj, []))
            pending.append(changesets.Pending(
                "delete", obj, before_rows.get((type(obj).__tablename__, obj.id))
                or changesets.object_json(obj, keep_bytes=True), None))

    # A unit of work may carry its own logical time (a sign-off stamps the record and the score
    # it adds with one moment, so a later "changes since the sign-off" does not list them).
    now = session.info.get("at") or m.utcnow()
    if session.info.get("forget"):
        # a family leaving this laptop (team/sync.py forget_family): nothing of it is kept,
        # not even as the "before" of a change; only the search index is cleared
        for op, obj, _fields in changes:
            if op == "delete" and type(obj) in search.TYPE_CODES:
                search.unindex(conn, obj)
        return
    changesets.record(session, pending, now)
    extended = bool(session.info.pop("_extended", False))
    touched: set[int] = set()
    entries: list[dict[str, object]] = []
    to_index: list[Any] = []
    to_unindex: list[Any] = []
    for op, obj, fields in changes:
        fid = changesets.family_of(obj)
        if fid is not None:
            touched.add(fid)
        action = op
        if (
            isinstance(obj, m.SupervisionRecord)
            and "signed_off_at" in fields
            and obj.signed_off_at is not None
        ) or (isinstance(obj, m.SupervisionRecord) and op == "insert" and obj.signed_off_at):
            action = "sign_off"
        if not extended:
            # One audit row per record a changeset touches, when the changeset is made; the
            # autosaves that extend it add none (the changeset's ended_at says how long).
            entries.append({
                "actor": actor, "action": action, "entity_type": type(obj).__name__,
                "entity_uid": obj.uid, "family_id": fid,
                # Field names only: the audit log says what kind of thing changed, the
                # changesets hold the content.
                "summary": ",".join(fields)})
        if type(obj) in search.TYPE_CODES:
            (to_unindex if op == "delete" else to_index).append(obj)
    search.index_many(conn, to_index, to_unindex)
    audit.append_many(conn, entries)
    if touched:
        # families.updated_at means "last change to anything about this family", so the family
        # list can show it without scanning the changesets.
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
