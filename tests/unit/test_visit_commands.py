"""The visit commands (services/visits.py): "seen on their own" means seen, not seen clears it,
and a refused call changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safetymap.domain import rules
from safetymap.services import families, people, visits
from safetymap.services.families import load_family
from safetymap.services.visits import Attendance
from safetymap.store.errors import NotFound


def _setup(store) -> tuple[int, int, int]:
    fid = families.create_family(store, "Test family")
    kid = people.add(store, fid, "Mia Roberts", "child")
    mum = people.add(store, fid, "Jo Roberts", "adult")
    return fid, kid, mum


def _att(store, fid: int, vid: int, pid: int) -> tuple[bool, bool | None, bool | None] | None:
    v = next(v for v in load_family(store, fid)["visits"] if v["id"] == vid)
    a = next((a for a in v["attendance"] if a["person_id"] == pid), None)
    return None if a is None else (a["present"], a["seen"], a["seen_alone"])


def test_mark_seen_alone_also_marks_seen_and_adds_the_row(store):
    fid, kid, _mum = _setup(store)
    vid = visits.record(store, fid, place="Home")
    assert _att(store, fid, vid, kid) is None
    visits.mark_seen(store, vid, kid, seen_alone=True)
    assert _att(store, fid, vid, kid) == (True, True, True)


def test_unmarking_seen_clears_seen_alone(store):
    fid, kid, _mum = _setup(store)
    vid = visits.record(store, fid, attendance=[Attendance(kid, seen=True, seen_alone=True)])
    visits.mark_seen(store, vid, kid, seen=False)
    assert _att(store, fid, vid, kid) == (True, False, False)


def test_seen_alone_with_not_seen_is_refused_and_changes_nothing(store):
    fid, kid, _mum = _setup(store)
    vid = visits.record(store, fid, attendance=[Attendance(kid, seen=True)])
    with pytest.raises(ValueError, match="seen on their own"):
        visits.mark_seen(store, vid, kid, seen=False, seen_alone=True)
    assert _att(store, fid, vid, kid) == (True, True, None)
    with pytest.raises(ValueError, match="seen on their own"):
        visits.record(store, fid, attendance=[Attendance(kid, seen=False, seen_alone=True)])
    assert len(load_family(store, fid)["visits"]) == 1


def test_not_there_but_seen_is_refused_and_not_there_clears_seen(store):
    fid, kid, _mum = _setup(store)
    vid = visits.record(store, fid, attendance=[Attendance(kid, seen=True, seen_alone=True)])
    with pytest.raises(ValueError, match="not there"):
        visits.mark_seen(store, vid, kid, present=False, seen=True)
    assert _att(store, fid, vid, kid) == (True, True, True)
    visits.mark_seen(store, vid, kid, present=False)
    assert _att(store, fid, vid, kid) == (False, False, False)


def test_record_a_visit_with_its_people_then_change_and_remove_it(store):
    fid, kid, mum = _setup(store)
    when = datetime(2026, 11, 3, 10, 30, tzinfo=UTC)
    vid = visits.record(store, fid, when, place="School",
                        attendance=[Attendance(mum), Attendance(kid, seen_alone=True)])
    assert _att(store, fid, vid, kid) == (True, True, True)
    assert _att(store, fid, vid, mum) == (True, None, None)
    visits.set_place(store, vid, "Home ")
    visits.set_notes(store, vid, "Quiet visit.")
    visits.set_date(store, vid, datetime(2026, 11, 4, 9, 0, tzinfo=UTC))
    v = next(v for v in load_family(store, fid)["visits"] if v["id"] == vid)
    assert (v["place"], v["notes"], v["occurred_at"][:10]) == ("Home", "Quiet visit.",
                                                              "2026-11-04")
    with pytest.raises(ValueError, match="once"):
        visits.record(store, fid, attendance=[Attendance(kid), Attendance(kid)])
    visits.remove(store, vid)
    assert load_family(store, fid)["visits"] == []
    with pytest.raises(NotFound):
        visits.mark_seen(store, vid, kid, seen=True)


def test_someone_from_another_family_is_refused(store):
    fid, kid, _mum = _setup(store)
    other = families.create_family(store, "Another family")
    stranger = people.add(store, other, "Sam Field", "child")
    vid = visits.record(store, fid)
    with pytest.raises(ValueError, match="another family"):
        visits.mark_seen(store, vid, stranger, seen=True)
    with pytest.raises(ValueError, match="another family"):
        visits.record(store, fid, attendance=[Attendance(stranger)])
    assert _att(store, fid, vid, stranger) is None


def test_the_rule_itself():
    old = rules.Seen(True, None, None)
    assert rules.mark_seen(old, seen_alone=True) == rules.Seen(True, True, True)
    assert rules.mark_seen(rules.Seen(True, True, True), seen=False) == rules.Seen(True, False,
                                                                                 False)
    assert rules.mark_seen(rules.Seen(False, None, None), seen=True) == rules.Seen(True, True,
                                                                                 None)
    with pytest.raises(ValueError):
        rules.mark_seen(old, seen=False, seen_alone=True)
