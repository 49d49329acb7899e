"""Nothing is removed from under a record another laptop still hangs from it: a contact
detail added on B to a person A removed is a conflict for a person, never an unseen orphan."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.team import server, sync, wire
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


@pytest.fixture
def pair(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Test family")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    people.add_contact(a, pid, "phone", "0700 000001")
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.admin_url, fuid, team.logins["bea"])
    sync.join(b, team.url("bea"), PASSWORD)
    yield team, a, b, fuid, pid
    a.close()
    b.close()


def _kim(store):
    with store.session() as s:
        return s.scalar(select(m.Person.id).where(m.Person.name == "Kim"))


def _phones(store):
    with store.session() as s:
        return sorted(s.scalars(select(m.ContactDetail.value)))


def _same(a, b, fuid):
    return family_state(a, fuid) == family_state(b, fuid)


def test_removing_a_person_another_laptop_added_to_is_a_decision(pair):
    team, a, b, fuid, pid = pair
    people.add_contact(b, _kim(b), "phone", "0700 000002")  # B adds to Kim
    sync.sync(b, PASSWORD)
    people.remove(a, pid)  # A, not having seen it, removes Kim
    r = sync.sync(a, PASSWORD)
    assert r.new_conflicts == 1
    (c,) = sync.open_conflicts(a)
    assert c.kind == "deleted_edited"
    # nothing went: A has Kim back, with both numbers, until someone decides
    assert _kim(a) is not None and _phones(a) == ["0700 000001", "0700 000002"]
    sync.sync(b, PASSWORD)
    assert _same(a, b, fuid)
    sync.resolve(a, c.id, "mine", password=PASSWORD)  # the removal stands, with what hung on it
    sync.sync(b, PASSWORD)
    assert _kim(b) is None and _phones(b) == []
    assert _same(a, b, fuid) and sync.open_conflicts(b) == []


@pytest.mark.parametrize("keep", ["mine", "theirs"])
def test_adding_to_a_person_another_laptop_removed_is_a_decision(pair, keep):
    team, a, b, fuid, pid = pair
    people.remove(a, pid)
    sync.sync(a, PASSWORD)
    people.add_contact(b, _kim(b), "phone", "0700 000002")  # B, offline, adds to Kim
    r = sync.sync(b, PASSWORD)
    assert r.new_conflicts == 1
    (c,) = sync.open_conflicts(b)
    assert c.kind == "edited_deleted" and "added a contact detail" in c.mine
    sync.resolve(b, c.id, keep, password=PASSWORD)
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    if keep == "mine":  # Kim comes back, with the number B added
        assert _kim(a) is not None and "0700 000002" in _phones(a)
    else:  # the removal stands, and B's number goes with it: nothing left hanging unseen
        assert _kim(a) is None and _phones(a) == [] and _phones(b) == []
    assert _same(a, b, fuid)
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []


def test_control_without_the_references_the_number_is_an_unseen_orphan(pair, monkeypatch):
    team, a, b, fuid, pid = pair
    monkeypatch.setattr(wire, "refs", lambda cls: [])
    people.remove(a, pid)
    sync.sync(a, PASSWORD)
    people.add_contact(b, _kim(b), "phone", "0700 000002")
    r = sync.sync(b, PASSWORD)
    assert r.new_conflicts == 0  # nobody is told
    with server.session(team.admin_url) as conn:
        on_server = conn.execute("select count(*) from safetymap.records where entity_type = "
                                 "'ContactDetail' and not deleted").fetchone()[0]
    assert on_server == 1 and _phones(a) == [] and _phones(b) == []  # there, and seen by no one
