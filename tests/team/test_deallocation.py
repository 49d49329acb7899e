"""De-allocation: a family taken from B leaves B's laptop only after B's unpushed edits are on
the server; if they cannot be sent the family stays. Once removed, nothing of it remains in
B's store, the server's allocation is released, and re-allocating brings it back whole."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select, text

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.store import search
from safetymap.team import server, sync
from tests.team.teamkit import (
    PASSWORD,
    family_id,
    family_state,
    family_uid,
    laptop,
    make_team,
)

SECRET_NAME = "Quillon Vantassel"  # a name to look for anywhere in B's store


@pytest.fixture
def shared(pg_server, team_db, tmp_path):
    """A family made on A with two people, allocated to B too; both laptops synced."""
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Dealloc family")
    people.add(a, fid, "Kim", m.PersonRole.ADULT)
    people.add(a, fid, "Sam", m.PersonRole.CHILD)
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.admin_url, fuid, team.logins["bea"])
    sync.join(b, team.url("bea"), PASSWORD)
    # a family of B's own, which must stay on B's laptop throughout
    own = families.create_family(b, "B's own family")
    people.add(b, own, "Own person", m.PersonRole.ADULT)
    sync.sync(b, PASSWORD)
    yield team, a, b, fuid
    a.close()
    b.close()


def _pid(store, fuid: str, name: str) -> int:
    with store.session() as s:
        pid = s.scalar(select(m.Person.id).join(m.Family).where(
            m.Family.uid == fuid, m.Person.name == name))
        assert pid is not None
        return int(pid)


def _server_fields(team, uid: str) -> dict:
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        row = conn.execute("select fields from safetymap.records where uid = %s",
                           (uid,)).fetchone()
        return row[0] if row else {}


def _allocation(team, fuid: str, login: str) -> tuple[bool, bool] | None:
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        row = conn.execute("select active, released from safetymap.allocations "
                           "where family_uid = %s and login = %s", (fuid, login)).fetchone()
        return (bool(row[0]), bool(row[1])) if row else None


def _traces(store, fid: int, fuid: str, uids: set[str]) -> dict[str, int]:
    """How many rows of each kind in the store still belong to the family (by its local id,
    its uid or its records' uids), and whether its people's names are anywhere in the
    history."""
    params = {"fid": fid, "fuid": fuid}
    uid_list = ", ".join(f"'{u}'" for u in sorted(uids)) or "''"
    q = {
        "families": "select count(*) from families where id = :fid or uid = :fuid",
        "people": f"select count(*) from people where family_id = :fid or uid in ({uid_list})",
        "changesets": "select count(*) from changesets where family_id = :fid",
        "changes": f"select count(*) from changes where family_id = :fid "
                   f"or entity_uid in ({uid_list})",
        "sync_records": f"select count(*) from sync_records where family_uid = :fuid "
                        f"or uid in ({uid_list})",
        "sync_conflicts": "select count(*) from sync_conflicts where family_uid = :fuid",
        "search": f"select count(*) from {search.FTS_TABLE} where family_id = :fid",
        "names in history": "select count(*) from changes where coalesce(\"after\", '') "
                            "like :name or coalesce(\"before\", '') like :name",
        "names in search": f"select count(*) from {search.FTS_TABLE} "
                           f"where {search.FTS_TABLE} match :q",
    }
    params["name"] = f"%{SECRET_NAME}%"
    params["q"] = '"Quillon"'
    out = {}
    with store.session() as s:
        for what, sql in q.items():
            out[what] = int(s.execute(text(sql), params).scalar() or 0)
    return out


def _family_uids_on_laptop(store, fuid: str) -> set[str]:
    with store.session() as s:
        uids = set(s.scalars(select(m.SyncRecord.uid).where(m.SyncRecord.family_uid == fuid)))
        fam = s.scalar(select(m.Family).where(m.Family.uid == fuid))
        if fam is not None:
            uids.add(fam.uid)
            uids |= {p.uid for p in s.scalars(select(m.Person).where(
                m.Person.family_id == fam.id))}
    return uids


def test_unpushed_edits_are_sent_first_then_the_family_leaves_without_a_trace(shared):
    team, a, b, fuid = shared
    bea = team.logins["bea"]
    kim = _pid(b, fuid, "Kim")
    people.rename(b, kim, SECRET_NAME)
    people.update(b, _pid(b, fuid, "Sam"), organisation="Hill school")
    fid_b = family_id(b, fuid)
    assert fid_b is not None
    uids = _family_uids_on_laptop(b, fuid)
    # control: before removal every query finds the family, so the check below can fail
    before = _traces(b, fid_b, fuid, uids)
    assert all(n > 0 for k, n in before.items() if k != "sync_conflicts"), before

    server.deallocate(team.admin_url, fuid, bea)
    assert _allocation(team, fuid, bea) == (False, False)
    with b.session() as s:
        kim_uid = s.get(m.Person, kim).uid
    assert _server_fields(team, kim_uid).get("name") == "Kim"  # not sent yet

    order = []
    real_send, real_forget = sync._send, sync.forget_family

    def send(*args, **kwargs):
        order.append("push")
        return real_send(*args, **kwargs)

    def forget(*args, **kwargs):
        order.append("remove")
        # at the moment of removal, B's edit is already on the server
        assert _server_fields(team, kim_uid).get("name") == SECRET_NAME
        return real_forget(*args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(sync, "_send", send)
    mp.setattr(sync, "forget_family", forget)
    try:
        r = sync.sync(b, PASSWORD)
    finally:
        mp.undo()
    assert order == ["push", "push", "remove"], order
    assert (r.pushed, r.removed_families, r.kept_families) == (2, 1, 0)
    assert "no longer allocated removed from this laptop" in r.sentence()
    assert _server_fields(team, kim_uid).get("name") == SECRET_NAME
    assert any(_server_fields(team, u).get("organisation") == "Hill school" for u in uids)

    after = _traces(b, fid_b, fuid, uids)
    assert all(n == 0 for n in after.values()), after
    assert family_state(b, fuid) == {}
    assert _allocation(team, fuid, bea) == (False, True)  # released
    assert sync.waiting(b) == 0
    # B's own family is untouched
    with b.session() as s:
        assert s.scalar(select(m.Family).where(m.Family.display_name == "B's own family"))
    # A, still allocated, has B's edits
    sync.sync(a, PASSWORD)
    with a.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.name == SECRET_NAME)) is not None

    # re-allocating brings it back whole at the next sync
    server.allocate(team.admin_url, fuid, bea)
    r2 = sync.sync(b, PASSWORD)
    assert r2.pulled > 0 and r2.removed_families == 0
    assert family_state(b, fuid) == family_state(a, fuid) != {}
    assert _allocation(team, fuid, bea) == (True, False)
    # and it works as before: an edit on B reaches A
    # (the two changesets removed with the family had the highest ids: a reused id would be
    # taken for pushed already and this edit never sent)
    people.rename(b, _pid(b, fuid, SECRET_NAME), "Kim back")
    assert sync.waiting(b) == 1
    assert sync.sync(b, PASSWORD).pushed == 1
    sync.sync(a, PASSWORD)
    assert family_state(b, fuid) == family_state(a, fuid)


def test_when_the_push_cannot_happen_the_family_stays(shared, monkeypatch):
    """The connection dies during B's push: nothing is removed, the edit stays, and the next
    sync sends it and only then removes the family."""
    team, a, b, fuid = shared
    bea = team.logins["bea"]
    kim = _pid(b, fuid, "Kim")
    people.rename(b, kim, SECRET_NAME)
    with b.session() as s:
        kim_uid = s.get(m.Person, kim).uid
    server.deallocate(team.admin_url, fuid, bea)

    def lost(*args, **kwargs):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(sync, "_send", lost)
    with pytest.raises(server.TeamUnreachable) as err:
        sync.sync(b, PASSWORD)
    assert str(err.value) == server.UNREACHABLE
    monkeypatch.undo()
    with b.session() as s:
        assert s.get(m.Person, kim).name == SECRET_NAME
    assert sync.waiting(b) == 1
    assert _allocation(team, fuid, bea) == (False, False)
    assert _server_fields(team, kim_uid).get("name") == "Kim"

    r = sync.sync(b, PASSWORD)
    assert (r.pushed, r.removed_families) == (1, 1)
    assert _server_fields(team, kim_uid).get("name") == SECRET_NAME
    assert family_state(b, fuid) == {}
    assert _allocation(team, fuid, bea) == (False, True)


def test_a_push_the_server_refuses_keeps_the_family(shared):
    """The server refuses B's push (the allocation was released behind B's back, so B may not
    write): the family and its edit stay on B's laptop and are counted, never removed."""
    team, a, b, fuid = shared
    bea = team.logins["bea"]
    people.rename(b, _pid(b, fuid, "Kim"), SECRET_NAME)
    server.deallocate(team.admin_url, fuid, bea)
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        conn.execute("update safetymap.allocations set released = true "
                     "where family_uid = %s and login = %s", (fuid, bea))
    r = sync.sync(b, PASSWORD)
    assert (r.pushed, r.not_sent, r.removed_families, r.kept_families) == (0, 1, 0, 1)
    assert "would not take" in r.sentence() and "kept until" in r.sentence()
    with b.session() as s:
        assert s.scalar(select(m.Person).where(m.Person.name == SECRET_NAME)) is not None
    # and a later sync still keeps it
    r2 = sync.sync(b, PASSWORD)
    assert r2.removed_families == 0 and r2.kept_families == 1
    assert family_state(b, fuid) != {}


def test_without_edits_the_family_leaves_at_the_next_sync(shared):
    """Control for the ordering: with nothing to push, de-allocation removes at once."""
    team, a, b, fuid = shared
    server.deallocate(team.admin_url, fuid, team.logins["bea"])
    r = sync.sync(b, PASSWORD)
    assert (r.pushed, r.removed_families) == (0, 1)
    assert family_state(b, fuid) == {}
