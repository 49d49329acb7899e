"""Commands on visits: record a visit, change where and when it was and its notes, remove it,
and mark who was there and whether each child was seen, and seen on their own.

One unit of work each (`store.session(command="visits.<name>")`), so undo is the store's.
The place and the notes are typed: they coalesce. "Seen on their own" means seen, and a child
not seen was not seen on their own (domain/rules.mark_seen): refused with a sentence when a
call asks for both at once, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..domain import model as m
from ..domain import rules
from ..i18n import _
from ..store.engine import Store
from .rows import get


@dataclass(frozen=True)
class Attendance:
    """Who was at a visit: there (present), seen, seen on their own (None: not said)."""

    person_id: int
    present: bool = True
    seen: bool | None = None
    seen_alone: bool | None = None


def record(store: Store, family_id: int, occurred_at: datetime | None = None, *,
           place: str = "", notes: str = "",
           attendance: Sequence[Attendance] = ()) -> int:
    """Record a visit (now, unless `occurred_at` says when) with who was there. Returns its
    id. Everyone in `attendance` must be one of the family's people, each once."""
    marks: list[tuple[int, rules.Seen]] = []
    for a in attendance:
        marks.append((a.person_id, rules.mark_seen(
            rules.Seen(a.present, None, None), seen=a.seen, seen_alone=a.seen_alone)))
    ids = [pid for pid, _ in marks]
    if len(set(ids)) != len(ids):
        raise ValueError(_("Each person is recorded once at a visit."))
    with store.session(command="visits.record") as s:
        get(s, m.Family, family_id)
        for pid in ids:
            if get(s, m.Person, pid).family_id != family_id:
                raise ValueError(_("That person belongs to another family."))
        v = m.Visit(family_id=family_id, occurred_at=occurred_at or m.utcnow(), place=place,
                    notes=notes, author=store.actor)
        for pid, mark in marks:
            v.attendance.append(m.VisitAttendance(
                person_id=pid, present=mark.present, seen=mark.seen,
                seen_alone=mark.seen_alone, author=store.actor))
        s.add(v)
        s.flush()
        return v.id


def set_place(store: Store, visit_id: int, place: str) -> None:
    """Where the visit was, as typed (autosaved; a burst of typing is one changeset)."""
    with store.session(command="visits.set_place", coalesce=True) as s:
        get(s, m.Visit, visit_id).place = place.strip()


def set_notes(store: Store, visit_id: int, notes: str) -> None:
    with store.session(command="visits.set_notes", coalesce=True) as s:
        get(s, m.Visit, visit_id).notes = notes


def set_date(store: Store, visit_id: int, occurred_at: datetime) -> None:
    """When the visit was (a time without a zone is taken as UTC, like every stored time)."""
    with store.session(command="visits.set_date") as s:
        get(s, m.Visit, visit_id).occurred_at = occurred_at


def remove(store: Store, visit_id: int) -> None:
    """Remove a visit; who was there goes with it (cascade, recorded in the same changeset)."""
    with store.session(command="visits.remove") as s:
        s.delete(get(s, m.Visit, visit_id))


def mark_seen(store: Store, visit_id: int, person_id: int, *, present: bool | None = None,
              seen: bool | None = None, seen_alone: bool | None = None) -> int:
    """Mark whether a person was there at a visit, seen, and seen on their own; arguments left
    as None are not changed. Adds the attendance row when the person has none yet. Seen on
    their own also marks seen; not seen clears seen on their own; seen_alone=True with
    seen=False is refused. Returns the attendance row's id."""
    with store.session(command="visits.mark_seen") as s:
        visit = get(s, m.Visit, visit_id)
        person = get(s, m.Person, person_id)
        if person.family_id != visit.family_id:
            raise ValueError(_("That person belongs to another family."))
        row = s.scalars(select(m.VisitAttendance).where(
            m.VisitAttendance.visit_id == visit_id,
            m.VisitAttendance.person_id == person_id)).first()
        old = rules.Seen(False, None, None) if row is None else rules.Seen(
            row.present, row.seen, row.seen_alone)
        new = rules.mark_seen(old, present=present, seen=seen, seen_alone=seen_alone)
        if row is None:
            row = m.VisitAttendance(visit_id=visit_id, person_id=person_id, author=store.actor)
            s.add(row)
        row.present, row.seen, row.seen_alone = new
        s.flush()
        return row.id
