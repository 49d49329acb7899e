"""History everywhere: every version of an entry, every version of the safety plan (with a
readable diff), the family's score trajectory, and "what changed since" a moment in time.

All of it is read from the edit history (EntityVersion rows written by the session hooks in
store/history.py) and from the Score rows. Everything returned is plain data, never an ORM object,
so screens and PDFs can use it without holding a session.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Final, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain.plan import PlanContent, plan_lines
from ..i18n import _
from ..store import changesets
from ..store.engine import Store
from ..store.errors import NotFound

# Columns that say nothing about an entry's content: a change in these alone is not an "edit".
_BOOKKEEPING = {"id", "uid", "created_at", "updated_at", "author", "position", "family_id"}

WORKING: Final = "working"
"""Pass as a plan version to mean the working (not yet agreed) copy of the safety plan."""

PlanRef = int | Literal["working"]


@dataclass(frozen=True)
class Version:
    """One saved state of one entity, oldest first when listed."""

    number: int  # 1 = first version
    operation: str  # insert / update / delete
    changed_at: datetime
    actor: str
    data: dict[str, Any]
    changed_fields: tuple[str, ...]  # compared with the version before (content fields only)


@dataclass(frozen=True)
class PlanVersionView:
    version: PlanRef  # 1, 2, 3 ... or "working"
    created_at: datetime | None
    author: str
    note: str
    lines: tuple[str, ...]


def _aware(v: datetime) -> datetime:
    return v.replace(tzinfo=UTC) if v.tzinfo is None else v


def content_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _BOOKKEEPING}


def _diff_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[str, ...]:
    if before is None:
        return ()
    a, b = content_fields(before), content_fields(after)
    return tuple(sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)))


def _versions(session: Session, entity_type: str, *, entity_id: int | None = None,
              entity_uid: str | None = None) -> list[Version]:
    conn = session.connection()
    if entity_uid is None:
        # an id can be given again to a later record (SQLite reuses the highest): the history
        # is the record's own, found by its uid (the row's now, or its last change's)
        cls = changesets.TRACKED_BY_NAME.get(entity_type)
        if cls is not None:
            entity_uid = session.scalar(select(cls.uid).where(cls.id == entity_id))
        if entity_uid is None:
            entity_uid = session.scalar(
                select(m.Change.entity_uid).where(m.Change.entity_type == entity_type,
                                                  m.Change.entity_id == entity_id)
                .order_by(m.Change.id.desc()).limit(1))
        if entity_uid is None:
            return []
    rows = changesets.versions(conn, entity_type=entity_type, entity_uid=entity_uid)
    out: list[Version] = []
    prev: dict[str, Any] | None = None
    for i, r in enumerate(rows, start=1):
        data = dict(r.data or {})
        out.append(Version(i, r.operation, _aware(r.changed_at), r.actor, data,
                           _diff_fields(prev, data)))
        prev = data
    return out


#: the kinds of record the screens ask the history of, in their words (ui/ names no ORM class)
HISTORY_KINDS = {"map_entry": "MapEntry", "house_entry": "ThreeHousesEntry", "person": "Person",
                 "score": "Score", "event": "ChronologyEvent"}


def entry_history(store: Store, entity_type: str, entity_id: int | None = None, *,
                  entity_uid: str | None = None) -> list[Version]:
    """Every saved version of one entity (a map entry, a person, a score...), oldest first.

    `entity_type` is a kind from HISTORY_KINDS ("map_entry") or, below ui/, the model class
    name ("MapEntry"). Give `entity_uid` for an entity that has been deleted or came from a
    bundle (its history travels by uid)."""
    entity_type = HISTORY_KINDS.get(entity_type, entity_type)
    if entity_id is None and entity_uid is None:
        raise ValueError("Give an entity id or uid.")
    with store.session() as s:
        return _versions(s, entity_type, entity_id=entity_id, entity_uid=entity_uid)


def _names(session: Session, family_id: int) -> dict[str, str]:
    return {uid: name for uid, name in session.execute(
        select(m.Person.uid, m.Person.name).where(m.Person.family_id == family_id))}


def plan_versions(store: Store, family_id: int, *, include_working: bool = True
                  ) -> list[PlanVersionView]:
    """Every agreed version of the safety plan (1, 2, ...), then the working copy."""
    with store.session() as s:
        fam = s.get(m.Family, family_id)
        if fam is None:
            raise NotFound(_("That family no longer exists."))
        names = _names(s, family_id)
        out = [
            PlanVersionView(v.version, _aware(v.created_at), v.author, v.note,
                            tuple(plan_lines(PlanContent.from_json(v.content), names)))
            for v in s.scalars(select(m.SafetyPlanVersion)
                               .where(m.SafetyPlanVersion.family_id == family_id)
                               .order_by(m.SafetyPlanVersion.version))
        ]
        if include_working and fam.safety_plan is not None:
            p = fam.safety_plan
            out.append(PlanVersionView(WORKING, _aware(p.updated_at), p.author,
                                       "Working copy (not yet agreed)",
                                       tuple(plan_lines(PlanContent.from_json(p.content), names))))
    return out


def plan_diff(store: Store, family_id: int, v_from: PlanRef, v_to: PlanRef) -> list[str]:
    """A readable diff between two plan versions: lines starting "Added: ", "Removed: " or
    "Unchanged: ", in plan order. An empty list means the two versions are the same."""
    views = {v.version: v for v in plan_versions(store, family_id)}
    for ref in (v_from, v_to):
        if ref not in views:
            raise NotFound(_("The safety plan has no version {version}.").format(version=ref))
    a, b = list(views[v_from].lines), list(views[v_to].lines)
    if a == b:
        return []
    out: list[str] = []
    for line in difflib.ndiff(a, b):
        tag, body = line[:2], line[2:]
        if tag == "- ":
            out.append(f"Removed: {body}")
        elif tag == "+ ":
            out.append(f"Added: {body}")
        elif tag == "  ":
            out.append(f"Unchanged: {body}")
    return out


def scorer_key(person_id: int | None, label: str) -> str:
    return f"person:{person_id}" if person_id is not None else f"label:{label.strip().casefold()}"


def score_trajectory(store: Store, family_id: int) -> dict[str, list[tuple[datetime, int]]]:
    """Each person's scores over time, oldest first, keyed by who scored (name or label)."""
    out: dict[str, list[tuple[datetime, int]]] = {}
    with store.session() as s:
        rows = s.execute(
            select(m.Score.scored_at, m.Score.value, m.Person.name, m.Score.scorer_label)
            .outerjoin(m.Person, m.Person.id == m.Score.person_id)
            .where(m.Score.family_id == family_id)
            .order_by(m.Score.scored_at, m.Score.id)
        ).all()
    for at, value, name, label in rows:
        who = name if name is not None else (label or "Unnamed")
        out.setdefault(who, []).append((_aware(at), int(value)))
    return out


# --- changes since a moment --------------------------------------------------------------------


ChangeKind = Literal["added", "edited", "resolved", "reopened", "deleted"]


@dataclass(frozen=True)
class EntryChange:
    kind: ChangeKind
    entity_type: str  # "MapEntry", "ThreeHousesEntry", ...
    entity_uid: str
    entity_id: int | None  # None when the entry has since been deleted
    area: str  # map area ("worry") or house ("dreams"); "" for other kinds
    text_before: str  # "" for added
    text_after: str  # the text now ("" once deleted, see text_before)
    fields: tuple[str, ...]  # content fields that differ
    changed_at: datetime  # the latest change
    actors: tuple[str, ...]


@dataclass
class EntityChanges:
    added: list[EntryChange] = field(default_factory=list)
    edited: list[EntryChange] = field(default_factory=list)
    resolved: list[EntryChange] = field(default_factory=list)
    deleted: list[EntryChange] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)  # e.g. {"Person": 1, "Visit": 2}


ENTRY_TYPES = ("MapEntry", "ThreeHousesEntry")


def _area(data: dict[str, Any]) -> str:
    return str(data.get("area") or data.get("house") or "")


def entity_changes_since(session: Session, family_id: int, since: datetime | None,
                         until: datetime | None = None) -> EntityChanges:
    """Compare each entity's state at `since` with its state now, using the edit history.

    Comparing states rather than counting history rows means that an entry edited and then put
    back is not listed, and that re-inserted rows (a bundle import) are not mistaken for new.
    """
    rows = changesets.versions(session.connection(), family_id=family_id)
    per: dict[tuple[str, str], list[changesets.Version]] = {}
    for r in rows:
        per.setdefault((r.entity_type, r.entity_uid), []).append(r)
    out = EntityChanges()
    for (etype, uid), versions in per.items():
        before = None
        later: list[changesets.Version] = []
        for v in versions:
            if until is not None and _aware(v.changed_at) > until:
                break
            if since is not None and _aware(v.changed_at) <= since:
                before = v
            else:
                later.append(v)
        if not later:
            continue
        after = later[-1]
        actors = tuple(dict.fromkeys(v.actor for v in later if v.actor))
        existed = before is not None and before.operation != "delete"
        exists = after.operation != "delete"
        if etype not in ENTRY_TYPES:
            if existed != exists or (
                    exists and before is not None
                    and _diff_fields(before.data, after.data)):
                out.other[etype] = out.other.get(etype, 0) + 1
            continue
        bdata = dict(before.data) if before is not None else {}
        adata = dict(after.data)
        ent_id = after.entity_id if exists else None
        when = _aware(after.changed_at)
        if not existed and not exists:
            continue  # added and removed again in the period
        if not existed:
            out.added.append(EntryChange("added", etype, uid, ent_id, _area(adata), "",
                                         str(adata.get("text", "")), (), when, actors))
            continue
        if not exists:
            out.deleted.append(EntryChange("deleted", etype, uid, None, _area(bdata),
                                           str(bdata.get("text", "")), "", (), when, actors))
            continue
        fields = _diff_fields(bdata, adata)
        if not fields:
            continue
        change = EntryChange("edited", etype, uid, ent_id, _area(adata),
                             str(bdata.get("text", "")), str(adata.get("text", "")), fields,
                             when, actors)
        was, now = bdata.get("resolved_at"), adata.get("resolved_at")
        if was is None and now is not None:
            out.resolved.append(_replace_kind(change, "resolved"))
        elif was is not None and now is None:
            out.edited.append(_replace_kind(change, "reopened"))
        else:
            out.edited.append(change)
    for lst in (out.added, out.edited, out.resolved, out.deleted):
        lst.sort(key=lambda c: c.changed_at)
    return out


def _replace_kind(c: EntryChange, kind: ChangeKind) -> EntryChange:
    return replace(c, kind=kind)
