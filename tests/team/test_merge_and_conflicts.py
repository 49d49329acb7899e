"""Offline edits on two laptops: different fields merge, the same field is a conflict holding
both values, resolving it reaches both laptops, and a delete against an edit is a conflict."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


@pytest.fixture
def pair(pg_server, team_db, tmp_path):
    """A family made on A, shared with B (both allocated), synced to both."""
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Test family")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.admin_url, fuid, team.logins["bea"])
    sync.join(b, team.url("bea"), PASSWORD)
    yield team, a, b, fuid, pid
    a.close()
    b.close()


def _person(store, name_was):
    with store.session() as s:
        p = s.scalar(select(m.Person).where(m.Person.name == name_was))
        assert p is not None
        return p.id


def _values(store, fuid):
    return {u: f for u, (_t, f) in family_state(store, fuid).items()}


def test_different_fields_of_one_record_merge(pair):
    team, a, b, fuid, pid = pair
    people.update(a, pid, organisation="Library")
    people.update(b, _person(b, "Kim"), relationship="Mum")
    for store in (a, b, a):
        sync.sync(store, PASSWORD)
    with a.session() as s:
        p = s.get(m.Person, pid)
        assert (p.organisation, p.relationship_label) == ("Library", "Mum")
    assert _values(a, fuid) == _values(b, fuid)
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_same_field_is_a_conflict_with_both_values(pair, first):
    team, a, b, fuid, pid = pair
    people.rename(a, pid, "Kim from A")
    people.rename(b, _person(b, "Kim"), "Kim from B")
    order = (a, b) if first == "a" else (b, a)
    for store in (*order, *order):
        sync.sync(store, PASSWORD)
    loser = order[1]
    winner_name = "Kim from A" if first == "a" else "Kim from B"
    loser_name = "Kim from B" if first == "a" else "Kim from A"
    # the server kept the first value; both laptops show it; the second is in the conflict
    assert _values(a, fuid) == _values(b, fuid)
    with a.session() as s:
        assert s.get(m.Person, pid).name == winner_name
    conflicts = sync.open_conflicts(loser)
    assert len(conflicts) == 1, conflicts
    c = conflicts[0]
    assert (c.mine, c.theirs) == (loser_name, winner_name)
    assert c.mine_by and c.theirs_by and c.mine_by != c.theirs_by
    assert sync.open_conflicts(order[0]) == []  # not the other worker's decision
    # resolve: keep mine; it reaches both
    sync.resolve(loser, c.id, "mine", password=PASSWORD)
    for store in (a, b):
        sync.sync(store, PASSWORD)
    with a.session() as s:
        assert s.get(m.Person, pid).name == loser_name
    assert _values(a, fuid) == _values(b, fuid)
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []


def test_keep_both_combines_two_texts(pair):
    team, a, b, fuid, pid = pair
    people.update(a, pid, organisation="From A")
    people.update(b, _person(b, "Kim"), organisation="From B")
    for store in (a, b, a):
        sync.sync(store, PASSWORD)
    c = sync.open_conflicts(b)[0]
    sync.resolve(b, c.id, "both", password=PASSWORD)
    sync.sync(a, PASSWORD)
    with a.session() as s:
        assert s.get(m.Person, pid).organisation == "From A\n\nFrom B"
    assert _values(a, fuid) == _values(b, fuid)


def test_an_edit_of_what_another_deleted_is_a_conflict_not_a_loss(pair):
    team, a, b, fuid, pid = pair
    people.remove(a, pid)
    people.rename(b, _person(b, "Kim"), "Kim edited on B")
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    # B's edit is not lost: it is held in a conflict B can keep
    c = sync.open_conflicts(b)
    assert len(c) == 1 and c[0].kind == "edited_deleted"
    assert "Kim edited on B" in c[0].mine
    sync.resolve(b, c[0].id, "mine", password=PASSWORD)
    sync.sync(a, PASSWORD)
    with a.session() as s:
        back = s.scalar(select(m.Person).where(m.Person.name == "Kim edited on B"))
        assert back is not None
    assert _values(a, fuid) == _values(b, fuid)


def test_a_delete_of_what_another_edited_is_a_conflict(pair):
    team, a, b, fuid, pid = pair
    people.rename(b, _person(b, "Kim"), "Kim edited on B")
    sync.sync(b, PASSWORD)
    people.remove(a, pid)
    sync.sync(a, PASSWORD)
    c = sync.open_conflicts(a)
    assert len(c) == 1 and c[0].kind == "deleted_edited"
    # the server kept the edited record; A gets it back
    with a.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.name == "Kim edited on B")) is not None
    sync.resolve(a, c[0].id, "mine", password=PASSWORD)
    sync.sync(b, PASSWORD)
    with b.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.name.like("Kim%"))) is None
    assert _values(a, fuid) == _values(b, fuid)


def test_undoing_my_own_pushed_delete_brings_the_record_back_without_conflict(pair):
    from safetymap.services import changesets as undo_service

    team, a, b, fuid, pid = pair
    people.remove(a, pid)
    removed = a.last_changeset_id
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    with b.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.name == "Kim")) is None
    undo_service.undo(a, removed)
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    assert sync.open_conflicts(a) == []
    with b.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.name == "Kim")) is not None
    assert _values(a, fuid) == _values(b, fuid)
