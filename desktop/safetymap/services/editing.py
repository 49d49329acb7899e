"""Use cases that change one family: the calls the screens make on every autosaved edit.

Each call is one short transaction: it commits (so it is durable at once) or changes nothing.
The session hooks in store/history.py add the edit history, the audit row and the search index.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..store.engine import Store
from ..store.errors import NotFound

ENTITIES: dict[str, type[m.Tracked]] = {cls.__name__: cls for cls in m.TRACKED_MODELS}
_NEVER_EDITABLE = {"id", "uid", "created_at", "updated_at", "family_id", "author"}
_T = TypeVar("_T")


def _get(session: Session, cls: type[_T], obj_id: int) -> _T:
    obj = session.get(cls, obj_id)
    if obj is None:
        raise NotFound(f"That {cls.__name__} no longer exists.")
    return obj


def _next_position(session: Any, cls: Any, **where: Any) -> int:
    q = select(func.coalesce(func.max(cls.position), -1))
    for k, v in where.items():
        q = q.where(getattr(cls, k) == v)
    return int(session.scalar(q)) + 1


def update_entity(store: Store, entity: str, obj_id: int, **fields: Any) -> None:
    """Set column values on one entity. Unknown or protected fields are refused whole."""
    cls = ENTITIES.get(entity)
    if cls is None:
        raise ValueError(f"Unknown kind of record: {entity}")
    allowed = {a.key for a in cls.__mapper__.column_attrs}
    bad = set(fields) - (allowed - _NEVER_EDITABLE)
    if bad:
        raise ValueError(f"These fields cannot be changed here: {', '.join(sorted(bad))}")
    with store.session() as s:
        obj = _get(s, cls, obj_id)
        for k, v in fields.items():
            setattr(obj, k, v)


def delete_entity(store: Store, entity: str, obj_id: int) -> None:
    cls = ENTITIES[entity]
    with store.session() as s:
        s.delete(_get(s, cls, obj_id))


# --- people ---------------------------------------------------------------------------------


def add_person(store: Store, family_id: int, name: str, role: m.PersonRole | str,
               relationship: str = "", **fields: Any) -> int:
    with store.session() as s:
        _get(s, m.Family, family_id)
        p = m.Person(
            family_id=family_id,
            name=name.strip(),
            role=m.PersonRole(role),
            relationship_label=relationship,
            position=_next_position(s, m.Person, family_id=family_id),
            author=store.actor,
            **fields,
        )
        s.add(p)
        s.flush()
        return p.id


def add_contact(store: Store, person_id: int, kind: m.ContactKind | str, value: str, *,
                label: str = "", confidential: bool = False, safe_to_share: bool = False,
                safe_for_children: bool = False) -> int:
    if confidential and (safe_to_share or safe_for_children):
        raise ValueError("A detail cannot be both 'not for the family's copy' and safe to share.")
    with store.session() as s:
        _get(s, m.Person, person_id)
        c = m.ContactDetail(
            person_id=person_id,
            kind=m.ContactKind(kind),
            value=value,
            label=label,
            confidential=confidential,
            safe_to_share=safe_to_share,
            safe_for_children=safe_for_children,
            author=store.actor,
        )
        s.add(c)
        s.flush()
        return c.id


def set_child_relation(store: Store, child_id: int, person_id: int, *,
                       known_as: str | None = None, helper: bool | None = None) -> None:
    """How one child knows one person ("Mum", "Nan", "my teacher Mrs Evans"), and whether that
    person is on the child's own "who helps keep me safe" list. Recorded once per pair; a value
    left as None is not changed. One transaction."""
    if child_id == person_id:
        raise ValueError("A child is not on their own list.")
    with store.session() as s:
        child = _get(s, m.Person, child_id)
        person = _get(s, m.Person, person_id)
        if child.role != m.PersonRole.CHILD:
            raise ValueError(f"{child.name} is not one of the children.")
        if person.family_id != child.family_id:
            raise ValueError("They are not in the same family.")
        row = s.scalars(select(m.ChildRelation).where(
            m.ChildRelation.child_id == child_id,
            m.ChildRelation.person_id == person_id)).first()
        if row is None:
            row = m.ChildRelation(family_id=child.family_id, child_id=child_id,
                                  person_id=person_id, known_as="", helper=False,
                                  position=_next_position(s, m.ChildRelation, child_id=child_id),
                                  author=store.actor)
            s.add(row)
        if known_as is not None:
            if len(known_as) > 200:
                raise ValueError("That is too long for what a child calls someone.")
            row.known_as = known_as.strip()
        if helper is not None:
            row.helper = bool(helper)


def child_relations(store: Store, family_id: int) -> list[dict[str, Any]]:
    """Plain data for the screens: every recorded (child, person) pair."""
    with store.session() as s:
        rows = s.scalars(select(m.ChildRelation).where(m.ChildRelation.family_id == family_id)
                         .order_by(m.ChildRelation.child_id, m.ChildRelation.position))
        return [{"child_id": r.child_id, "person_id": r.person_id, "known_as": r.known_as,
                 "helper": r.helper} for r in rows]


# --- the child's voice -----------------------------------------------------------------------


def add_house_entry(store: Store, family_id: int, child_id: int, house: m.House | str,
                    text: str) -> int:
    with store.session() as s:
        child = _get(s, m.Person, child_id)
        if child.family_id != family_id:
            raise ValueError("That child belongs to another family.")
        h = m.ThreeHousesEntry(family_id=family_id, child_id=child_id, house=m.House(house),
                               text=text, author=store.actor,
                               position=_next_position(s, m.ThreeHousesEntry,
                                                       child_id=child_id))
        s.add(h)
        s.flush()
        return h.id


def set_words_and_pictures(store: Store, family_id: int, text: str,
                           child_id: int | None = None) -> int:
    with store.session() as s:
        row = s.scalars(select(m.WordsAndPictures).where(
            m.WordsAndPictures.family_id == family_id,
            m.WordsAndPictures.child_id.is_(None) if child_id is None
            else m.WordsAndPictures.child_id == child_id)).first()
        if row is None:
            row = m.WordsAndPictures(family_id=family_id, child_id=child_id, author=store.actor)
            s.add(row)
        row.text = text
        s.flush()
        return row.id


def add_attachment(store: Store, family_id: int, data: bytes, *, child_id: int | None = None,
                   filename: str = "", mime_type: str = "image/png", caption: str = "") -> int:
    with store.session() as s:
        _get(s, m.Family, family_id)
        a = m.Attachment(family_id=family_id, child_id=child_id, data=data, filename=filename,
                         mime_type=mime_type, caption=caption, author=store.actor)
        s.add(a)
        s.flush()
        return a.id


def attachment_data(store: Store, attachment_id: int) -> bytes:
    with store.session() as s:
        return bytes(_get(s, m.Attachment, attachment_id).data)


# --- visits ----------------------------------------------------------------------------------


def add_visit(store: Store, family_id: int, occurred_at: datetime | None = None, *,
              place: str = "", notes: str = "",
              attendance: list[dict[str, Any]] | None = None) -> int:
    """attendance: [{"person_id": 3, "present": True, "seen": True, "seen_alone": False}, ...]"""
    with store.session() as s:
        _get(s, m.Family, family_id)
        v = m.Visit(family_id=family_id, occurred_at=occurred_at or m.utcnow(), place=place,
                    notes=notes, author=store.actor)
        for a in attendance or []:
            v.attendance.append(m.VisitAttendance(author=store.actor, **a))
        s.add(v)
        s.flush()
        return v.id
