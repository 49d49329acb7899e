"""Changesets: every unit of work recorded once, with the values before and after.

`store.session(command=...)` is one unit of work. The flush hooks in store/history.py hand
what it inserted, updated and deleted to `record()` here, which writes one `changesets` row and
one `changes` row per touched record (domain/model.py Changeset, Change). Rows a foreign key
would delete or unlink in the database (a person's Three Houses entries, the scores that name
them) are deleted or unlinked through the session first (`cascade()`), so they are recorded
too and come back on undo.

Everything that asks "what changed" reads these rows: the edit history, "changes since the last
sign-off", bundles' ancestry, undo and redo. Nothing keeps a record of its own.

* **Coalescing.** An autosave (coalesce=True) that changes only the fields the newest changeset
  changed, on the same record, by the same person, with the same command, within
  `BURST_SECONDS` of it and with no other changeset since, extends that changeset (its `after`
  and `ended_at`) instead of adding one. The row itself is committed every time: only the
  history is merged, so no keystroke that was saved is ever lost.
* **Revert** (undo, and redo as the undo of an undo) puts the rows back as they were before the
  changeset, with their ids and uids, as a new changeset that names the one it reverts. It is
  refused, changing nothing, when the rows are no longer as the changeset left them (a later
  change depends on it) or when later records hang from a row it would remove.
"""

from __future__ import annotations

import base64
import enum
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Date,
    DateTime,
    Enum,
    LargeBinary,
    Table,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import model as m
from . import audit, search
from .errors import StoreError


class CannotUndo(StoreError):
    """Undo refused: a later change depends on this one. The message is the sentence."""


#: the command of history that came with a bundle: never undone, not a change made here
RECEIVED = "history.received"
#: an autosave this long after the last one starts a new version of the text
BURST_SECONDS = 120

TRACKED_BY_NAME: dict[str, type[m.Tracked]] = {c.__name__: c for c in m.TRACKED_MODELS}
_TABLE_ORDER = {t.name: i for i, t in enumerate(m.Base.metadata.sorted_tables)}
_NOT_COMPARED = frozenset({"updated_at"})


# --- values <-> JSON ------------------------------------------------------------------------


def to_json(column: Any, value: Any, *, keep_bytes: bool) -> Any:
    """A column value as JSON. Binary values are kept whole (base64) only where undo needs
    them; elsewhere a digest says which bytes they were."""
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        if keep_bytes:
            return {"$b64": base64.b64encode(raw).decode("ascii")}
        return {"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def from_json(column: Any, value: Any) -> Any:
    """The Python value a column takes from what to_json wrote."""
    if value is None:
        return None
    ctype = column.type
    if isinstance(ctype, LargeBinary):
        if isinstance(value, dict) and "$b64" in value:
            return base64.b64decode(value["$b64"])
        raise CannotUndo("The picture's own bytes were not kept with this change, so it cannot "
                         "be put back; nothing was changed.")
    if isinstance(ctype, Enum) and ctype.enum_class is not None:
        return ctype.enum_class(value)
    if isinstance(ctype, DateTime) or isinstance(getattr(ctype, "impl", None), DateTime):
        return datetime.fromisoformat(value)
    if isinstance(ctype, Date):
        return date.fromisoformat(value)
    return value


def snapshot_value(value: Any) -> Any:
    """What a reader of the history sees for a stored JSON value (bytes as their digest)."""
    if isinstance(value, dict) and "$b64" in value:
        raw = base64.b64decode(value["$b64"])
        return {"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}
    return value


def row_json(table: Table, row: Any, *, keep_bytes: bool) -> dict[str, Any]:
    return {c.name: to_json(c, row._mapping[c], keep_bytes=keep_bytes) for c in table.columns}


def object_json(obj: Any, *, keep_bytes: bool) -> dict[str, Any]:
    table = type(obj).__table__
    mapper = type(obj).__mapper__
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        col = attr.columns[0]
        out[col.name] = to_json(col, getattr(obj, attr.key), keep_bytes=keep_bytes)
    assert set(out) <= {c.name for c in table.columns}
    return out


def read_row(conn: Connection, table: Any, row_id: int, *, keep_bytes: bool = True
             ) -> dict[str, Any] | None:
    row = conn.execute(select(table).where(table.c.id == row_id)).first()
    return None if row is None else row_json(table, row, keep_bytes=keep_bytes)


# --- cascades --------------------------------------------------------------------------------


def _dependants() -> dict[str, list[tuple[type[m.Tracked], str, str]]]:
    """table name -> [(child class, child attribute, "CASCADE" or "SET NULL")]."""
    out: dict[str, list[tuple[type[m.Tracked], str, str]]] = {}
    for cls in m.TRACKED_MODELS:
        for fk in cls.__table__.foreign_keys:
            rule = (fk.ondelete or "").upper()
            if rule in ("CASCADE", "SET NULL"):
                attr = next(a.key for a in cls.__mapper__.column_attrs
                            if a.columns[0].name == fk.parent.name)
                out.setdefault(fk.column.table.name, []).append((cls, attr, rule))
    return out


_DEPENDANTS = _dependants()


def cascade(session: Session) -> None:
    """Before a flush: delete (or unlink) through the session every row the database would
    delete (or set to NULL) because of a row this flush deletes, so each is recorded."""
    done: set[tuple[str, int]] = set()
    while True:
        todo = [o for o in list(session.deleted) if isinstance(o, m.Tracked)
                and (type(o).__tablename__, o.id) not in done and o.id is not None]
        if not todo:
            return
        for obj in todo:
            done.add((type(obj).__tablename__, obj.id))
            for cls, attr, rule in _DEPENDANTS.get(type(obj).__tablename__, []):
                col = getattr(cls, attr)
                with session.no_autoflush:
                    children = session.scalars(select(cls).where(col == obj.id)).all()
                for child in children:
                    if child in session.deleted:
                        continue
                    if rule == "CASCADE":
                        session.delete(child)
                    else:
                        setattr(child, attr, None)


# --- recording -------------------------------------------------------------------------------


@dataclass
class Burst:
    changeset_id: int
    change_id: int
    entity: tuple[str, int]
    fields: frozenset[str]
    actor: str
    command: str
    at: datetime


@dataclass
class Pending:
    op: str
    obj: Any
    before: dict[str, Any] | None
    after: dict[str, Any] | None


#: records whose family is their parent's: (class, parent id attribute, parent table)
_VIA_PARENT: dict[type[Any], tuple[str, str]] = {
    m.ContactDetail: ("person_id", "people"),
    m.VisitAttendance: ("visit_id", "visits"),
    m.EntryStance: ("entry_id", "map_entries"),
}


def family_of(obj: Any, conn: Connection | None = None) -> int | None:
    """The family a record belongs to. A contact detail, a tick at a visit or a view on an
    entry has none of its own: it is its parent's, looked up by the parent's id when the
    parent object is not loaded (a new row given only `person_id`)."""
    if isinstance(obj, m.Family):
        return int(obj.id)
    fid = getattr(obj, "family_id", None)
    if fid is not None:
        return int(fid)
    via = _VIA_PARENT.get(type(obj))
    if via is None:
        return None
    attr, table = via
    # the parent object when it is loaded (no query), else the parent's row by its id
    parent = obj.__dict__.get({"person_id": "person", "visit_id": "visit",
                               "entry_id": "entry"}[attr])
    if parent is not None and getattr(parent, "family_id", None) is not None:
        return int(parent.family_id)
    parent_id = getattr(obj, attr, None)
    if parent_id is not None and conn is not None:
        t = m.Base.metadata.tables[table]
        found = conn.execute(select(t.c.family_id).where(t.c.id == parent_id)).scalar()
        if found is not None:
            return int(found)
    return None


def _aware(v: datetime) -> datetime:
    from datetime import UTC

    return v if v.tzinfo else v.replace(tzinfo=UTC)


def _burst_fields(p: Pending) -> frozenset[str]:
    """What an update changed, for coalescing: its columns, and inside a JSON column (the
    safety plan's boxes) the parts that changed, so typing in another box is a new version."""
    out: set[str] = set()
    before = p.before or {}
    for k, v in (p.after or {}).items():
        old = before.get(k)
        if isinstance(v, dict) and isinstance(old, dict):
            # an empty part and a part not there yet are the same (a new plan has no parts)
            out.update(f"{k}.{sub}" for sub in set(v) | set(old)
                       if (v.get(sub) or None) != (old.get(sub) or None))
        else:
            out.add(k)
    return frozenset(out)


def _joinable(conn: Any, cs_id: int, actor: str, family_id: int | None) -> int | None:
    """`cs_id` when a session may add its changes to it (store.session(join=...)): it is the
    newest changeset, made by `actor` for the same family, and the team sync has not sealed
    it (a sealed changeset is being pushed, or was, and never changes again)."""
    newest = conn.execute(select(func.max(m.Changeset.id))).scalar()
    if newest is None or int(newest) != cs_id:
        return None
    sealed = conn.execute(select(m.StoreMeta.value).where(
        m.StoreMeta.key == "team.sealed")).scalar()
    if sealed is not None and cs_id <= int(sealed):
        return None
    row = conn.execute(select(m.Changeset.actor, m.Changeset.family_id, m.Changeset.command,
                              m.Changeset.reverts_id)
                       .where(m.Changeset.id == cs_id)).first()
    if row is None or row.actor != actor or row.family_id != family_id \
            or row.command in ("undo", "redo", RECEIVED) or row.reverts_id is not None \
            or str(row.command).startswith(("sync.", "history.")):  # received, never pushed
        return None
    return cs_id


def record(session: Session, pending: list[Pending], now: datetime) -> int | None:
    """Write one flush's changes into the session's changeset (made on its first flush, or
    the burst it extends). Returns the changeset id, or None when nothing was recorded."""
    if not pending:
        return None
    conn = session.connection()
    info = session.info
    actor = str(info.get("actor", ""))
    command = str(info.get("command", "") or "edit")
    store = info.get("store")
    cs_id: int | None = info.get("changeset_id")

    if cs_id is None and info.get("coalesce") and store is not None and len(pending) == 1 \
            and pending[0].op == "update":
        p = pending[0]
        burst: Burst | None = getattr(store, "burst", None)
        key = (type(p.obj).__name__, int(p.obj.id))
        fields = _burst_fields(p)
        if burst is not None and burst.entity == key and fields <= burst.fields \
                and burst.actor == actor and burst.command == command \
                and _aware(now) - _aware(burst.at) <= timedelta(seconds=BURST_SECONDS):
            newest = conn.execute(select(func.max(m.Changeset.id))).scalar()
            # a changeset the team sync has sealed (being pushed, or pushed) is never
            # extended: the next keystroke starts a new one (team/sync.py)
            sealed = conn.execute(select(m.StoreMeta.value).where(
                m.StoreMeta.key == "team.sealed")).scalar()
            if sealed is not None and newest is not None and int(newest) <= int(sealed):
                newest = None
            row = conn.execute(select(m.Change.before, m.Change.after)
                               .where(m.Change.id == burst.change_id)).first()
            if newest == burst.changeset_id and row is not None:
                merged = dict(row[1] or {})
                merged.update(p.after or {})
                whole = decoded_before(row[0], row[1]) or {}
                if all(_same(v, whole.get(k)) for k, v in merged.items()
                       if k not in _NOT_COMPARED):
                    # typed back to what it was: the burst changed nothing, so it is no
                    # version and no undo step (the row itself is as it was before the burst)
                    conn.execute(delete(m.Change).where(m.Change.id == burst.change_id))
                    conn.execute(delete(m.Changeset).where(
                        m.Changeset.id == burst.changeset_id))
                    info["changeset_id"] = None
                    info["emptied"] = burst.changeset_id
                    info["_extended"] = True
                    info["burst"] = None
                    return None
                conn.execute(update(m.Change).where(m.Change.id == burst.change_id)
                             .values(before=_encoded_before(whole, merged), after=merged))
                conn.execute(update(m.Changeset).where(m.Changeset.id == burst.changeset_id)
                             .values(ended_at=now))
                info["changeset_id"] = burst.changeset_id
                info["_extended"] = True
                info["burst"] = Burst(burst.changeset_id, burst.change_id, key, burst.fields,
                                      actor, command, now)
                return burst.changeset_id

    first = pending[0].obj
    if cs_id is None and info.get("join") is not None:
        cs_id = _joinable(conn, int(info["join"]), actor, family_of(first, conn))
        if cs_id is not None:  # new changes in it: audited as any change is
            info["changeset_id"] = cs_id
    if cs_id is None:
        cs_id = int(conn.execute(insert(m.Changeset).values(
            uid=m.new_uid(), family_id=family_of(first, conn), command=command, actor=actor,
            started_at=now, ended_at=now, reverts_id=info.get("reverts_id"),
        )).inserted_primary_key[0])  # type: ignore[index]
        info["changeset_id"] = cs_id
    else:
        conn.execute(update(m.Changeset).where(m.Changeset.id == cs_id).values(ended_at=now))
    rows = [{"changeset_id": cs_id, "entity_type": type(p.obj).__name__,
             "entity_id": int(p.obj.id), "entity_uid": str(p.obj.uid),
             "family_id": family_of(p.obj, conn), "operation": p.op,
             "before": _encoded_before(p.before, p.after), "after": p.after} for p in pending]
    change_id = 0
    if len(rows) == 1:  # an autosave: its change's id is the burst's
        change_id = int(conn.execute(insert(m.Change).values(**rows[0]))
                        .inserted_primary_key[0])  # type: ignore[index]
    else:
        conn.execute(insert(m.Change), rows)  # one statement for a whole family's rows
    if info.get("coalesce") and len(pending) == 1 and pending[0].op == "update" \
            and "burst" not in info:
        p = pending[0]
        info["burst"] = Burst(cs_id, change_id, (type(p.obj).__name__, int(p.obj.id)),
                              _burst_fields(p), actor, command, now)
    else:
        info["burst"] = None
    return cs_id


# --- revert ----------------------------------------------------------------------------------


@dataclass
class _Net:
    table: Table
    entity_type: str
    entity_id: int
    entity_uid: str
    family_id: int | None
    existed: bool  # before the changeset
    exists: bool  # after it
    before: dict[str, Any]  # the values to put back (every column when it must be re-inserted)
    after: dict[str, Any]  # the values the changeset left


DAMAGED = ("The record of this change is damaged, so it cannot be undone; nothing was "
           "changed.")
_OPS = frozenset({"insert", "update", "delete"})


def _valid(table: Table, values: Any) -> dict[str, Any]:
    """A stored before/after as a dict of this table's columns, each of a type the column can
    take (a tampered or damaged row is refused, never put back as something else)."""
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise CannotUndo(DAMAGED)
    for k, v in values.items():
        if k not in table.c:
            raise CannotUndo(DAMAGED)
        if v is None:
            continue
        if isinstance(table.c[k].type, LargeBinary):
            if not (isinstance(v, dict) and ("$b64" in v or "sha256" in v)):
                raise CannotUndo(DAMAGED)
            continue
        try:
            if isinstance(v, dict) and "$edit" in v:
                continue  # decoded (and checked) with the value it is an edit of
            py = from_json(table.c[k], v)
            want = table.c[k].type.python_type
        except CannotUndo:
            raise
        except (TypeError, ValueError, NotImplementedError, KeyError):
            raise CannotUndo(DAMAGED) from None
        if want is int and (isinstance(py, bool) or not isinstance(py, int)):
            raise CannotUndo(DAMAGED)
        if want is bool and not isinstance(py, bool | int):
            raise CannotUndo(DAMAGED)
        if want is str and not isinstance(py, str):
            raise CannotUndo(DAMAGED)
    return values


def _decoded(table: Table, c: Any) -> dict[str, Any]:
    before = _valid(table, c.before)
    after = _valid(table, c.after)
    try:
        whole = decoded_before(before, after) or {}
    except (TypeError, ValueError, KeyError, IndexError):
        raise CannotUndo(DAMAGED) from None
    return _valid(table, {k: v for k, v in whole.items()})


def _net(changes: list[Any]) -> dict[tuple[str, int], _Net]:
    out: dict[tuple[str, int], _Net] = {}
    for c in changes:
        cls = TRACKED_BY_NAME.get(c.entity_type)
        if cls is None:
            raise CannotUndo("This change is of a kind this version cannot undo; nothing was "
                             "changed.")
        if c.operation not in _OPS:
            raise CannotUndo(DAMAGED)
        table = cast(Table, cls.__table__)
        key = (c.entity_type, int(c.entity_id))
        n = out.get(key)
        if n is None:
            n = out[key] = _Net(table, c.entity_type, int(c.entity_id), c.entity_uid,
                                c.family_id, existed=c.operation != "insert", exists=True,
                                before={}, after={})
        before = _decoded(table, c)
        after = _valid(table, c.after)
        if any(isinstance(v, dict) and "$edit" in v for v in before.values()):
            raise CannotUndo(DAMAGED)
        if c.operation == "insert":
            n.exists = True
            n.after = dict(after)
        elif c.operation == "update":
            for k, v in before.items():
                n.before.setdefault(k, v)
            n.after.update(after)
            n.exists = True
        else:
            for k, v in before.items():
                n.before.setdefault(k, v)
            n.exists = False
            n.after = {}
    for n in out.values():
        if n.existed and not n.exists:
            # a row to put back must be whole, and be the row it says it is
            need = {c.name for c in n.table.columns if not c.nullable}
            if not need <= set(n.before) or n.before.get("id") != n.entity_id \
                    or n.before.get("uid") != n.entity_uid:
                raise CannotUndo(DAMAGED)
    return out


def _same(a: Any, b: Any) -> bool:
    return bool(snapshot_value(a) == snapshot_value(b))


def _still(current: Any, left: Any) -> bool:
    """The check that keeps undo from overwriting a later change: is the value still what the
    changeset left?"""
    return _same(current, left)


def _later(conn: Connection, changeset_id: int, entity_type: str, entity_id: int) -> Any:
    return conn.execute(
        select(m.Changeset).join(m.Change, m.Change.changeset_id == m.Changeset.id)
        .where(m.Change.entity_type == entity_type, m.Change.entity_id == entity_id,
               m.Changeset.id > changeset_id, m.Changeset.command != RECEIVED)
        .order_by(m.Changeset.id.desc()).limit(1)).first()


def _refuse(conn: Connection, changeset_id: int, n: _Net, why: str) -> CannotUndo:
    what = kind_words(n.entity_type)
    later = _later(conn, changeset_id, n.entity_type, n.entity_id)
    if later is not None:
        return CannotUndo(
            f"This cannot be undone on its own: a later change ({command_words(later.command)}, "
            f"change {later.id}) {why} {what}. Undo that one first; nothing was changed.")
    return CannotUndo(f"This cannot be undone: {what} has changed since in a way this store "
                      "did not record; nothing was changed.")


def kind_words(entity_type: str) -> str:
    from .bundle import KIND_WORDS

    word = KIND_WORDS.get(entity_type, "record")
    return f"a{'n' if word[0] in 'aeiouAEIOU' else ''} {word}"


#: what each command did, in the words of the history list and of a refusal
COMMAND_WORDS = {
    "undo": "undo", "redo": "redo", "edit": "an edit",
    "families.create": "started the family's record", "families.set_archived": "archived",
    "people.add": "added a person", "people.rename": "changed a name",
    "people.update": "changed what is known about a person", "people.remove": "removed a person",
    "people.add_contact": "added a contact detail",
    "people.update_contact": "changed a contact detail",
    "people.remove_contact": "removed a contact detail",
    "people.set_child_relation": "changed how a child knows someone",
    "visits.record": "recorded a visit", "visits.set_place": "changed where a visit was",
    "visits.set_notes": "changed a visit's notes", "visits.set_date": "changed a visit's date",
    "visits.remove": "removed a visit", "visits.mark_seen": "changed who was seen",
    "childs_voice.add_house_entry": "added to the Three Houses",
    "childs_voice.edit_house_entry": "changed a Three Houses entry",
    "childs_voice.move_house_entry": "moved a Three Houses entry",
    "childs_voice.remove_house_entry": "removed a Three Houses entry",
    "childs_voice.set_words_and_pictures": "changed the Words and Pictures story",
    "childs_voice.add_drawing": "added a drawing", "childs_voice.caption_drawing":
    "changed a drawing's words", "childs_voice.remove_drawing": "removed a drawing",
    "entries.add": "added to the map", "entries.edit": "changed a map entry",
    "entries.move": "moved a map entry", "entries.remove": "removed a map entry",
    "entries.set_view": "changed whose view an entry is",
    "entries.set_resolved": "marked an entry done or not done",
    "entries.set_agreed_date": "changed an agreed date",
    "entries.pair_with_worry": "paired a goal with a worry",
    "entries.set_stance": "recorded who agrees", "entries.set_stance_note": "changed a note on who agrees",
    "entries.remove_stance": "took away who agrees",
    "scores.record": "recorded a number on the scale", "scores.set_value": "changed a number",
    "scores.set_reasons": "changed the reasons for a number",
    "scores.set_wording": "changed a scale's wording", "scores.remove": "took a number away",
    "plan.save": "changed the safety plan", "plan.agree_version": "agreed a version of the plan",
    "assessment.edit": "changed the assessment", "assessment.conclude": "concluded the assessment",
    "chronology.add": "added to the chronology", "chronology.edit": "changed a chronology event",
    "chronology.remove": "removed a chronology event",
    "supervision.start": "started a supervision record",
    "supervision.edit": "changed a supervision record",
    "supervision.sign_off": "signed off a supervision record",
    "safety_check.decide": "decided about a safety check finding",
    "profile.set": "changed the worker profile", "bundles.import": "received a bundle",
    RECEIVED: "history received with a bundle",
    # the team store (team/sync.py)
    "sync.received": "brought from the team", "sync.removed": "left this laptop",
    "sync.confirm": "a marking change confirmed", "team.join": "sent to the team",
}


def command_words(command: str) -> str:
    """What a command did, in plain words ("removed a person"); a command this version does
    not know by its own name, made readable ("test.update_row" -> "test update row")."""
    if command in COMMAND_WORDS:
        return COMMAND_WORDS[command]
    return command.replace("_", " ").replace(".", " ") if command else "an edit"


def revert(store: Any, changeset_id: int) -> int:
    """Put the rows a changeset touched back as they were before it, as a new changeset.
    Returns its id. CannotUndo (a sentence, nothing changed) when that is not safe."""
    with store.session(command="undo") as s:
        conn = s.connection()
        target = conn.execute(select(m.Changeset).where(m.Changeset.id == changeset_id)).first()
        if target is None:
            raise CannotUndo(f"There is no change numbered {changeset_id} in this store.")
        if target.command == RECEIVED:
            raise CannotUndo("This is history received with a bundle, not a change made here; "
                             "it cannot be undone.")
        rows = conn.execute(select(m.Change.__table__).where(m.Change.changeset_id
                                                             == changeset_id)
                            .order_by(m.Change.id)).all()
        if not rows:
            raise CannotUndo("That change changed nothing, so there is nothing to undo.")
        command = "redo" if target.command == "undo" else "undo"
        s.info["command"] = command
        net = _net(list(rows))
        ids_in = {(n.table.name, n.entity_id) for n in net.values()}
        by_table: dict[str, list[_Net]] = {}
        for n in net.values():
            by_table.setdefault(n.table.name, []).append(n)
        for name, group in by_table.items():
            if name == "supervision_records":
                for n in group:
                    signed = conn.execute(select(m.SupervisionRecord.signed_off_at).where(
                        m.SupervisionRecord.id == n.entity_id)).scalar()
                    if signed is not None:
                        raise CannotUndo(SIGNED)
        _refuse_later_changes(conn, changeset_id, net)

        # 1. is everything still as the changeset left it? (one query per table)
        current: dict[tuple[str, int], dict[str, Any]] = {}
        for name, group in by_table.items():
            table = group[0].table
            for chunk in _chunks([n.entity_id for n in group]):
                for row in conn.execute(select(table).where(table.c.id.in_(chunk))):
                    current[(name, int(row.id))] = row_json(table, row, keep_bytes=True)
        for n in net.values():
            now_row = current.get((n.table.name, n.entity_id))
            if n.exists:
                if now_row is None or now_row.get("uid") != n.entity_uid:
                    raise _refuse(conn, changeset_id, n, "removed")
                for k, v in n.after.items():
                    if k not in _NOT_COMPARED and not _still(now_row.get(k), v):
                        raise _refuse(conn, changeset_id, n, "changed")
            elif now_row is not None:
                raise _refuse(conn, changeset_id, n, "put back")
            if n.entity_type == "SupervisionRecord" and now_row is not None \
                    and now_row.get("signed_off_at"):
                raise CannotUndo(SIGNED)
            if n.exists and not n.existed:
                _refuse_dependants(conn, changeset_id, n, ids_in)

        # 2. put it back: re-insert, then set back, then take away (the foreign keys are
        # checked at the commit, when every row is where it belongs)
        conn.execute(text("PRAGMA defer_foreign_keys = ON"))
        order = sorted(net.values(), key=lambda n: (_TABLE_ORDER[n.table.name], n.entity_id))
        pending: list[tuple[str, _Net, dict[str, Any] | None, dict[str, Any] | None]] = []
        inserts: dict[str, list[dict[str, Any]]] = {}
        for n in order:
            if n.existed and not n.exists:
                values = {c.name: from_json(c, n.before[c.name]) for c in n.table.columns
                          if c.name in n.before}
                inserts.setdefault(n.table.name, []).append(values)
                pending.append(("insert", n, None, {
                    c.name: to_json(c, values.get(c.name), keep_bytes=False)
                    for c in n.table.columns}))
            elif n.existed and n.exists:
                now_row = current.get((n.table.name, n.entity_id)) or {}
                back = {k: v for k, v in n.before.items() if not _same(now_row.get(k), v)}
                if back:
                    values = {k: from_json(n.table.c[k], v) for k, v in back.items()}
                    try:
                        conn.execute(update(n.table).where(n.table.c.id == n.entity_id)
                                     .values(**values))
                    except IntegrityError:
                        raise CannotUndo(TAKEN) from None
                    pending.append(("update", n, {k: now_row.get(k) for k in back},
                                    {k: to_json(n.table.c[k], v, keep_bytes=False)
                                     for k, v in values.items()}))
        if not pending and not any(n.exists and not n.existed for n in order):
            raise CannotUndo("That change left nothing behind to take back (what it added, it "
                             "also removed), so there is nothing to undo; nothing was changed.")
        try:
            for name in sorted(inserts, key=_TABLE_ORDER.__getitem__):
                conn.execute(insert(m.Base.metadata.tables[name]), inserts[name])
        except IntegrityError:
            # never the database's own message: it quotes the row's values (case text)
            raise CannotUndo(TAKEN) from None
        for n in reversed(order):
            if n.exists and not n.existed:
                pending.append(("delete", n, current.get((n.table.name, n.entity_id)), None))
        for name in sorted({n.table.name for n in order if n.exists and not n.existed},
                           key=_TABLE_ORDER.__getitem__, reverse=True):
            table = m.Base.metadata.tables[name]
            gone = [n.entity_id for n in by_table[name] if n.exists and not n.existed]
            for chunk in _chunks(gone):
                conn.execute(table.delete().where(table.c.id.in_(chunk)))

        # every row put back must hang from a row that is there (checked now, not at the
        # commit, so the person gets a sentence and nothing changes)
        if conn.execute(text("PRAGMA foreign_key_check")).first() is not None:
            raise CannotUndo(GONE)

        # 3. record it, like any other unit of work (one audit row for the whole undo)
        now = m.utcnow()
        actor = str(s.info.get("actor", ""))
        cs_id = int(conn.execute(insert(m.Changeset).values(
            uid=m.new_uid(), family_id=target.family_id, command=command, actor=actor,
            started_at=now, ended_at=now, reverts_id=changeset_id)).inserted_primary_key[0])
        s.info["changeset_id"] = cs_id
        s.info["burst"] = None
        conn.execute(insert(m.Change), [
            {"changeset_id": cs_id, "entity_type": n.entity_type, "entity_id": n.entity_id,
             "entity_uid": n.entity_uid, "family_id": n.family_id, "operation": op,
             "before": _encoded_before(before, after), "after": after}
            for op, n, before, after in pending])
        audit.append(conn, actor=actor, action=command, entity_type="Changeset",
                     entity_uid=str(target.uid), family_id=target.family_id,
                     summary=f"{command} of change {changeset_id}: {len(pending)} records")
        touched = {n.family_id for _op, n, _b, _a in pending if n.family_id is not None}
        for op, n, _before, _after in pending:
            cls = TRACKED_BY_NAME[n.entity_type]
            if cls in search.TYPE_CODES:
                if op == "delete":
                    conn.execute(text(f"DELETE FROM {search.FTS_TABLE} WHERE rowid = :r"),
                                 {"r": (search.TYPE_CODES[cls] << search._SHIFT) | n.entity_id})
                else:
                    obj = s.get(cls, n.entity_id)
                    if obj is not None:
                        search.index(conn, obj)
        if touched:
            conn.execute(update(m.Family).where(m.Family.id.in_(touched))
                         .values(updated_at=now).execution_options(synchronize_session=False))
        return cs_id


SIGNED = ("A signed-off supervision record cannot be changed, so this cannot be undone; add a "
          "new record instead.")
TAKEN = ("This cannot be undone: a record added since holds the same place (for example the "
         "same person ticked at the same visit again, or the same plan version number). Undo "
         "that change first; nothing was changed.")
GONE = ("This cannot be undone: it would bring back a record that belonged to something "
        "removed since (a person, an entry or a visit). Undo that removal first; nothing was "
        "changed.")


def _refuse_later_changes(conn: Connection, changeset_id: int,
                          net: dict[tuple[str, int], _Net]) -> None:
    """A later changeset (not history received with a bundle) that touched any of these rows,
    in anything but the time it was written, depends on this one: undo would overwrite it or
    leave a state no command allows. Refused, naming the newest such change."""
    by_type: dict[str, list[int]] = {}
    for etype, eid in net:
        by_type.setdefault(etype, []).append(eid)
    # a later change that was itself undone (or an undo that was redone) cancels out with the
    # change that reverted it: neither is in the way
    cancelled: set[int] = set()
    for rev_id, target in conn.execute(
            select(m.Changeset.id, m.Changeset.reverts_id)
            .where(m.Changeset.id > changeset_id, m.Changeset.reverts_id > changeset_id)
            .order_by(m.Changeset.id)):
        if rev_id not in cancelled and target not in cancelled:
            cancelled.update((int(rev_id), int(target or 0)))
    newest: Any = None
    for etype, ids in by_type.items():
        for chunk in _chunks(ids):
            rows = conn.execute(
                select(m.Change.operation, m.Change.before, m.Change.after, m.Change.entity_id,
                       m.Changeset.id, m.Changeset.command)
                .join(m.Changeset, m.Changeset.id == m.Change.changeset_id)
                .where(m.Change.entity_type == etype, m.Change.entity_id.in_(chunk),
                       m.Change.changeset_id > changeset_id,
                       m.Changeset.command != RECEIVED)
                .order_by(m.Changeset.id.desc()))
            for op, before, after, _eid, cs_id, command in rows:
                if cs_id in cancelled:
                    continue
                if op == "update" and not (set(before or {}) | set(after or {})) - _NOT_COMPARED:
                    continue
                if newest is None or cs_id > newest[0]:
                    newest = (cs_id, command, etype)
                break
    if newest is not None:
        cs_id, command, etype = newest
        raise CannotUndo(
            f"This cannot be undone on its own: a later change ({command_words(command)}, "
            f"change {cs_id}) changed {kind_words(etype)} it touched. Undo that one first; "
            "nothing was changed.")


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _refuse_dependants(conn: Connection, changeset_id: int, n: _Net,
                       ids_in: set[tuple[str, int]]) -> None:
    """Records added since that hang from a row this undo would take away."""
    for cls, attr, _rule in _DEPENDANTS.get(n.table.name, []):
        col = cls.__table__.c[cls.__mapper__.attrs[attr].columns[0].name]
        for (child_id,) in conn.execute(select(cls.__table__.c.id).where(col == n.entity_id)):
            if (cls.__tablename__, int(child_id)) not in ids_in:
                later = _later(conn, changeset_id, cls.__name__, int(child_id))
                by = (f" ({command_words(later.command)}, change {later.id})"
                      if later is not None else "")
                raise CannotUndo(
                    f"This cannot be undone on its own: {kind_words(cls.__name__)} added "
                    f"later{by} belongs to {kind_words(n.entity_type)} it would take away. "
                    "Undo that one first; nothing was changed.")


# --- long text: a "before" kept as the edit that turns "after" back into it -------------------

#: a text value at least this long is kept in `before` as an edit of `after` (typing changes a
#: text in one place, so the edit is short: the history does not hold the text twice)
EDIT_FROM = 200


def _encoded_before(before: dict[str, Any] | None, after: dict[str, Any] | None
                    ) -> dict[str, Any] | None:
    if not before or not after:
        return before
    out = dict(before)
    for k, old in before.items():
        new = after.get(k)
        if isinstance(old, str) and isinstance(new, str) and len(old) >= EDIT_FROM:
            p = 0
            limit = min(len(old), len(new))
            while p < limit and old[p] == new[p]:
                p += 1
            q = 0
            while q < limit - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
                q += 1
            middle = old[p:len(old) - q]
            if len(middle) < len(old) // 2:
                out[k] = {"$edit": [p, q, middle]}
    return out


def decoded_before(before: dict[str, Any] | None, after: dict[str, Any] | None
                   ) -> dict[str, Any] | None:
    """The `before` values whole again (the inverse of _encoded_before)."""
    if not before:
        return before
    out = dict(before)
    for k, v in before.items():
        if isinstance(v, dict) and "$edit" in v:
            p, q, middle = v["$edit"]
            new = str((after or {}).get(k, ""))
            out[k] = new[:p] + middle + (new[len(new) - q:] if q else "")
    return out


# --- readers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """An entity as one change left it: the shape the history readers use."""

    change_id: int
    changeset_id: int
    entity_type: str
    entity_id: int
    entity_uid: str
    family_id: int | None
    operation: str
    changed_at: datetime
    actor: str
    data: dict[str, Any]
    #: the command of the changeset ("bundles.import": a copy of what a bundle brought)
    command: str = ""


def versions(conn: Connection, *, family_id: int | None = None, entity_type: str | None = None,
             entity_uid: str | None = None, entity_id: int | None = None,
             include_unowned: bool = False, entity_uids: list[str] | None = None
             ) -> list[Version]:
    """Every version of the selected records, oldest first, each a whole snapshot of the
    record (its insert, with every update after it applied)."""
    if entity_uids is not None:
        out: list[Version] = []
        for i in range(0, len(entity_uids), 5000):
            out += _versions(conn, family_id, entity_type, entity_uid, entity_id,
                             include_unowned, entity_uids[i:i + 5000])
        out.sort(key=lambda v: (v.changed_at, v.change_id))
        return out
    return _versions(conn, family_id, entity_type, entity_uid, entity_id, include_unowned,
                     None)


def _versions(conn: Connection, family_id: int | None, entity_type: str | None,
              entity_uid: str | None, entity_id: int | None, include_unowned: bool,
              entity_uids: list[str] | None) -> list[Version]:
    q = (select(m.Change.__table__, m.Changeset.ended_at.label("at"),
                m.Changeset.actor.label("by"), m.Changeset.command.label("command"))
         .join(m.Changeset, m.Changeset.id == m.Change.changeset_id))
    if family_id is not None:
        cond = m.Change.family_id == family_id
        if include_unowned:
            cond = cond | m.Change.family_id.is_(None)
        q = q.where(cond)
    if entity_type is not None:
        q = q.where(m.Change.entity_type == entity_type)
    if entity_uid is not None:
        q = q.where(m.Change.entity_uid == entity_uid)
    if entity_id is not None:
        q = q.where(m.Change.entity_id == entity_id)
    if entity_uids is not None:
        q = q.where(m.Change.entity_uid.in_(entity_uids))
    out: list[Version] = []
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for c in conn.execute(q.order_by(m.Change.id)).all():
        at, actor = c.at, c.by
        key = (c.entity_type, c.entity_uid)
        if c.operation == "insert":
            data = {k: snapshot_value(v) for k, v in (c.after or {}).items()}
        elif c.operation == "update":
            data = dict(state.get(key) or {k: snapshot_value(v)
                                           for k, v in (decoded_before(
                                               c.before, c.after) or {}).items()})
            data.update({k: snapshot_value(v) for k, v in (c.after or {}).items()})
        else:
            data = {k: snapshot_value(v) for k, v in (c.before or {}).items()} or \
                dict(state.get(key) or {})
        state[key] = data
        out.append(Version(c.id, c.changeset_id, c.entity_type, c.entity_id, c.entity_uid,
                           c.family_id, c.operation, _aware(at), actor, data, c.command))
    # replayed in the order written (updates hold only what they changed); read in the order
    # they happened (history received with a bundle is older than the import that wrote it)
    out.sort(key=lambda v: (v.changed_at, v.change_id))
    return out


def receive_history(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """History that came with a bundle (whole snapshots from another store): one changeset per
    version, with its own time and person, named "history.received" so it is never undone and
    not listed as a change made here."""
    for r in rows:
        cs_id = conn.execute(insert(m.Changeset).values(
            uid=m.new_uid(), family_id=r["family_id"], command=RECEIVED, actor=r["actor"],
            started_at=r["changed_at"], ended_at=r["changed_at"])).inserted_primary_key[0]  # type: ignore[index]
        op = r["operation"]
        conn.execute(insert(m.Change).values(
            changeset_id=cs_id, entity_type=r["entity_type"], entity_id=r["entity_id"],
            entity_uid=r["entity_uid"], family_id=r["family_id"], operation=op,
            before=r["data"] if op == "delete" else None,
            after=None if op == "delete" else r["data"]))


def family_history(store: Any, family_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """The family's changesets, newest first, in plain data."""
    with store.session() as s:
        conn = s.connection()
        ids = [r[0] for r in conn.execute(
            select(m.Change.changeset_id)
            .join(m.Changeset, m.Changeset.id == m.Change.changeset_id)
            .where(m.Change.family_id == family_id, m.Changeset.command != RECEIVED)
            .group_by(m.Change.changeset_id).order_by(m.Change.changeset_id.desc())
            .limit(limit))]
        if not ids:
            return []
        sets = {r.id: r for r in conn.execute(select(m.Changeset)
                                              .where(m.Changeset.id.in_(ids)))}
        counts: dict[int, dict[tuple[str, str], int]] = {}
        for cs_id, etype, op, n in conn.execute(
                select(m.Change.changeset_id, m.Change.entity_type, m.Change.operation,
                       func.count()).where(m.Change.changeset_id.in_(ids))
                .group_by(m.Change.changeset_id, m.Change.entity_type, m.Change.operation)):
            counts.setdefault(cs_id, {})[(etype, op)] = n
        reverted = {r[0]: r[1] for r in conn.execute(
            select(m.Changeset.reverts_id, m.Changeset.id)
            .where(m.Changeset.reverts_id.in_(ids)))}
        out = []
        for cs_id in ids:
            cs = sets[cs_id]
            out.append({
                "id": cs_id, "when": cs.ended_at, "started": cs.started_at, "who": cs.actor,
                "command": cs.command, "what": what_words(counts.get(cs_id, {})),
                "reverts": cs.reverts_id, "reverted_by": reverted.get(cs_id),
            })
        return out


def describe(store: Any, changeset_id: int) -> str:
    with store.session() as s:
        counts: dict[tuple[str, str], int] = {}
        for etype, op, n in s.execute(
                select(m.Change.entity_type, m.Change.operation, func.count())
                .where(m.Change.changeset_id == changeset_id)
                .group_by(m.Change.entity_type, m.Change.operation)):
            counts[(etype, op)] = int(n)
    return what_words(counts) or "nothing changed"


#: the words of store/bundle.py KIND_WORDS that do not take a plain "s"
PLURALS = {
    "person": "people", "family": "families", "view on a map entry": "views on map entries",
    "child's relationship": "child relationships", "visit attendance": "ticks at visits",
    "Words and Pictures story": "Words and Pictures stories",
    "Three Houses entry": "Three Houses entries", "map entry": "map entries",
    "contact detail": "contact details",
}

_OP_WORDS = {"insert": "added", "update": "changed", "delete": "removed"}


def what_words(counts: dict[tuple[str, str], int]) -> str:
    """'1 person removed, 3 scores removed, 6 Three Houses entries removed'."""
    from .bundle import KIND_WORDS

    parts = []
    for (etype, op), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        word = KIND_WORDS.get(etype, "record")
        if n != 1:
            word = PLURALS.get(word) or (word[:-1] + "ies" if word.endswith("y") else word + "s")
        parts.append(f"{n} {word} {_OP_WORDS.get(op, op)}")
    return ", ".join(parts)
