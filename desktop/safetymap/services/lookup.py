"""Small look-ups the screens need: the family document names rows by uid, services take ids.

Also the one write the editing services do not cover: marking a child seen (or seen alone) at a
visit where the child has no attendance row yet. Plain data in, plain data out; no session leaks.
"""

from __future__ import annotations

from sqlalchemy import select

from ..domain import model as m
from ..store.engine import Store
from .editing import ENTITIES


def ids_by_uid(store: Store, entity: str, uids: list[str]) -> dict[str, int]:
    """uid -> id for rows of one kind (e.g. "ThreeHousesEntry", "Attachment", "Visit")."""
    cls = ENTITIES[entity]
    if not uids:
        return {}
    with store.session() as s:
        rows = s.execute(select(cls.uid, cls.id).where(cls.uid.in_(list(uids))))
        return {str(u): int(i) for u, i in rows}


def id_for_uid(store: Store, entity: str, uid: str) -> int | None:
    return ids_by_uid(store, entity, [uid]).get(uid)


def attendance_ids(store: Store, visit_uid: str) -> dict[str, int]:
    """person uid -> VisitAttendance id for one visit."""
    with store.session() as s:
        rows = s.execute(
            select(m.Person.uid, m.VisitAttendance.id)
            .join(m.VisitAttendance, m.VisitAttendance.person_id == m.Person.id)
            .join(m.Visit, m.Visit.id == m.VisitAttendance.visit_id)
            .where(m.Visit.uid == visit_uid)
        )
        return {str(u): int(i) for u, i in rows}


def set_child_seen(store: Store, visit_uid: str, person_uid: str, *, seen: bool | None,
                   seen_alone: bool | None) -> int:
    """Record whether a child was seen / seen alone at a visit; adds the attendance row if the
    child has none yet. Returns the VisitAttendance id."""
    with store.session() as s:
        visit = s.scalars(select(m.Visit).where(m.Visit.uid == visit_uid)).one()
        person = s.scalars(select(m.Person).where(m.Person.uid == person_uid)).one()
        if person.family_id != visit.family_id:
            raise ValueError("That child belongs to another family.")
        row = s.scalars(select(m.VisitAttendance).where(
            m.VisitAttendance.visit_id == visit.id,
            m.VisitAttendance.person_id == person.id)).first()
        if row is None:
            row = m.VisitAttendance(visit_id=visit.id, person_id=person.id, present=bool(seen),
                                    author=store.actor)
            s.add(row)
        row.seen = seen
        row.seen_alone = seen_alone
        if seen:
            row.present = True
        s.flush()
        return row.id


def stance_id(store: Store, entry_id: int, *, person_id: int | None = None,
              label: str = "") -> int | None:
    """The EntryStance id of one person's (or one label's) stance on a map entry, if any.

    The family document names stances by who holds them, not by id; removing a stance needs
    the id."""
    with store.session() as s:
        q = select(m.EntryStance.id).where(m.EntryStance.entry_id == entry_id)
        if person_id is not None:
            q = q.where(m.EntryStance.person_id == person_id)
        else:
            q = q.where(m.EntryStance.person_id.is_(None), m.EntryStance.label == label)
        found = s.scalars(q).first()
        return int(found) if found is not None else None
