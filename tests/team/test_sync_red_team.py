"""Red-team tests of the team store: a hostile laptop calling safetymap.push directly with
crafted JSON, and awkward interleavings of honest laptops. Each attack has a control (the
honest form of the same thing works), so every test can fail."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


@pytest.fixture
def trio(pg_server, team_db, tmp_path):
    """Alex holds family A, Bea holds family B, Sam supervises both (his laptop has both)."""
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"), ("sam", "Sam Lee", "supervisor"))
    a, b, s = laptop(tmp_path, "a"), laptop(tmp_path, "b"), laptop(tmp_path, "s")
    fa = families.create_family(a, "Family A")
    pa = people.add(a, fa, "Kim", m.PersonRole.ADULT)
    fb = families.create_family(b, "Family B")
    people.add(b, fb, "Lee", m.PersonRole.ADULT)
    sync.join(a, team.url("alex"), PASSWORD)
    sync.join(b, team.url("bea"), PASSWORD)
    sync.join(s, team.url("sam"), PASSWORD)
    yield team, a, b, s, family_uid(a, fa), family_uid(b, fb), pa
    for st in (a, b, s):
        st.close()


def _push(url: str, fuid: str, changes: list[dict]) -> dict:
    with server.connect(url, PASSWORD) as conn:
        row = conn.execute("select safetymap.push(%s, %s, 'test', now(), %s::jsonb)",
                           (uuid.uuid4().hex, fuid, json.dumps(changes))).fetchone()
        conn.commit()
        assert row is not None
        return dict(row[0])


def _refused(url: str, fuid: str, changes: list[dict]) -> None:
    """The server itself refuses a push naming another family's records."""
    import psycopg
    import pytest

    with pytest.raises(psycopg.errors.InvalidParameterValue, match="another family"):
        _push(url, fuid, changes)


def _plant(team, fuid: str, uid: str, etype: str, fields: dict, *, update: bool = False
           ) -> None:
    """What a compromised (or older) server could still hold: written as the superuser, so
    the laptops' own check is tested too."""
    with server.session(team.admin_url) as conn:
        if update:
            conn.execute("update safetymap.records set fields = fields || %s::jsonb, "
                         "seq = nextval('safetymap.rev') where uid = %s",
                         (json.dumps(fields), uid))
        else:
            conn.execute("insert into safetymap.records (uid, family_uid, entity_type, fields, "
                         "revs, deleted, seq) values (%s, %s, %s, %s::jsonb, '{}'::jsonb, "
                         "false, nextval('safetymap.rev'))",
                         (uid, fuid, etype, json.dumps(fields)))


def _names_in(store, fuid: str) -> set[str]:
    with store.session() as s:
        fid = s.scalar(select(m.Family.id).where(m.Family.uid == fuid))
        return set(s.scalars(select(m.Person.name).where(m.Person.family_id == fid)))


def _rev(team, uid: str, field: str) -> int:
    out = team.pg.psql(f"select coalesce(revs ->> '{field}', '0') from safetymap.records "
                       f"where uid = '{uid}';", dbname=team.dbname)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip())


# --- a record planted in another family through its family_id field -------------------------


def test_a_pushed_record_naming_another_family_never_lands_in_it(trio):
    """Alex may write family A only. A Person pushed into A whose family_id field names
    family B must not appear in family B on the supervisor's laptop (which holds both)."""
    team, a, b, s, fa_uid, fb_uid, pa = trio
    _t, kim = next(v for v in family_state(a, fa_uid).values() if v[1].get("name") == "Kim")
    planted = {**kim, "name": "Planted in B", "family_id": fb_uid}
    honest = {**kim, "name": "Honest in A", "family_id": fa_uid}
    planted_uid = uuid.uuid4().hex
    _refused(team.url("alex"), fa_uid, [
        {"uid": planted_uid, "type": "Person", "op": "insert", "fields": planted,
         "base": {}}])
    answer = _push(team.url("alex"), fa_uid, [
        {"uid": uuid.uuid4().hex, "type": "Person", "op": "insert", "fields": honest,
         "base": {}}])
    assert answer["conflicts"] == 0
    _plant(team, fa_uid, planted_uid, "Person", planted)
    for store in (s, b):
        sync.sync(store, PASSWORD)
    assert "Planted in B" not in _names_in(s, fb_uid)
    assert "Planted in B" not in _names_in(b, fb_uid)
    # control: the honest record of family A arrived on the supervisor's laptop
    assert "Honest in A" in _names_in(s, fa_uid)


def test_an_update_of_family_id_never_moves_a_record_into_another_family(trio):
    team, a, b, s, fa_uid, fb_uid, pa = trio
    with a.session() as ss:
        kim_uid = ss.get(m.Person, pa).uid
    base = _rev(team, kim_uid, "family_id")
    _refused(team.url("alex"), fa_uid, [
        {"uid": kim_uid, "type": "Person", "op": "update",
         "fields": {"family_id": fb_uid, "organisation": "Moved?"},
         "base": {"family_id": base, "organisation": _rev(team, kim_uid, "organisation")}}])
    _plant(team, fa_uid, kim_uid, "Person", {"family_id": fb_uid, "organisation": "Moved?"},
           update=True)
    sync.sync(s, PASSWORD)
    assert "Kim" not in _names_in(s, fb_uid)
    assert "Kim" in _names_in(s, fa_uid)
    # control: the other field of the same push arrived
    with s.session() as ss:
        assert ss.scalar(select(m.Person.organisation).where(m.Person.uid == kim_uid)) == \
            "Moved?"


# --- fields that do not exist, and one named like the tombstone ------------------------------


def test_unknown_fields_and_a_field_named_deleted_change_nothing_on_the_laptops(trio):
    team, a, b, s, fa_uid, fb_uid, pa = trio
    with a.session() as ss:
        kim_uid = ss.get(m.Person, pa).uid
    _push(team.url("alex"), fa_uid, [
        {"uid": kim_uid, "type": "Person", "op": "update",
         "fields": {"$deleted": True, "no_such_column": "x", "id": 99999, "uid": "0" * 32,
                    "organisation": "Library"},
         "base": {"organisation": _rev(team, kim_uid, "organisation")}}])
    sync.sync(s, PASSWORD)
    with s.session() as ss:
        p = ss.scalar(select(m.Person).where(m.Person.uid == kim_uid))
        assert p is not None and p.organisation == "Library"  # control: the real field
        assert p.id != 99999  # "id" and "uid" are not fields: the local key is untouched
    # the record is not removed anywhere, and an honest edit still merges without conflict
    people.rename(a, pa, "Kim renamed")
    sync.sync(a, PASSWORD)
    sync.sync(s, PASSWORD)
    assert "Kim renamed" in _names_in(s, fa_uid)
    assert sync.open_conflicts(a) == []


# --- a relaxation held on one laptop, then put back by the other -----------------------------


@pytest.fixture
def pair(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Test family")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    cid = people.add_contact(a, pid, m.ContactKind.PHONE, "0123", confidential=True)
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.admin_url, fuid, team.logins["bea"])
    sync.join(b, team.url("bea"), PASSWORD)
    yield team, a, b, fuid, pid, cid
    a.close()
    b.close()


def _contact(store, value="0123"):
    with store.session() as s:
        c = s.scalar(select(m.ContactDetail).where(m.ContactDetail.value == value))
        assert c is not None
        return c.id, bool(c.confidential)


def test_a_held_relaxation_put_back_by_the_team_no_longer_asks(pair):
    team, a, b, fuid, pid, cid = pair
    people.update_contact(a, cid, confidential=False)
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    held = [c for c in sync.open_conflicts(b) if c.kind == "relax"]
    assert len(held) == 1  # control: the relaxation is held on B
    assert _contact(b)[1] is True
    people.update_contact(a, cid, confidential=True)  # A puts the marking back
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    assert _contact(b)[1] is True
    # nothing is left to confirm: a stale question would relax the marking if answered
    assert [c for c in sync.open_conflicts(b) if c.kind == "relax"] == []


# --- plan boxes edited on two laptops ------------------------------------------------------


def _plan(store, fid):
    from safetymap.domain.plan import PlanContent

    with store.session() as s:
        fam = s.get(m.Family, fid)
        return PlanContent.from_json(fam.safety_plan.content if fam.safety_plan else None)


def _fid(store, fuid):
    with store.session() as s:
        return s.scalar(select(m.Family.id).where(m.Family.uid == fuid))


def test_plan_boxes_merge_when_different_and_conflict_when_the_same(pair):
    import dataclasses

    from safetymap.services import plan

    team, a, b, fuid, pid, cid = pair
    fa = _fid(a, fuid)
    plan.save(a, fa, dataclasses.replace(_plan(a, fa), review="weekly",
                                         if_not_working="call Sam"), coalesce=False)
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    fb = _fid(b, fuid)
    # different boxes: both kept, no conflict
    plan.save(a, fa, dataclasses.replace(_plan(a, fa), review="daily"), coalesce=False)
    plan.save(b, fb, dataclasses.replace(_plan(b, fb), if_not_working="call Bea"),
              coalesce=False)
    for st in (a, b, a):
        sync.sync(st, PASSWORD)
    for st, f in ((a, fa), (b, fb)):
        got = _plan(st, f)
        assert (got.review, got.if_not_working) == ("daily", "call Bea")
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []
    # the same box: the second is held as a conflict with both values, nothing lost
    plan.save(a, fa, dataclasses.replace(_plan(a, fa), review="from A"), coalesce=False)
    plan.save(b, fb, dataclasses.replace(_plan(b, fb), review="from B"), coalesce=False)
    for st in (a, b, a):
        sync.sync(st, PASSWORD)
    assert _plan(a, fa).review == _plan(b, fb).review == "from A"
    held = sync.open_conflicts(b)
    assert len(held) == 1 and "from B" in held[0].mine, held


def test_a_pushed_child_record_naming_a_parent_in_another_family_is_not_attached(trio):
    """A contact detail pushed into family A whose person_id is a person of family B must not
    become B's person's contact on the supervisor's laptop."""
    team, a, b, s, fa_uid, fb_uid, pa = trio
    lee_uid = next(u for u, (t, f) in family_state(b, fb_uid).items()
                   if t == "Person" and f.get("name") == "Lee")
    with a.session() as ss:
        kim_uid = ss.get(m.Person, pa).uid
    people.add_contact(a, pa, m.ContactKind.PHONE, "template")
    _t, tpl = next(v for v in family_state(a, fa_uid).values()
                   if v[0] == "ContactDetail")
    planted = {**tpl, "person_id": lee_uid, "value": "planted on Lee"}
    planted_uid = uuid.uuid4().hex
    _refused(team.url("alex"), fa_uid, [
        {"uid": planted_uid, "type": "ContactDetail", "op": "insert", "fields": planted,
         "base": {}}])
    _push(team.url("alex"), fa_uid, [
        {"uid": uuid.uuid4().hex, "type": "ContactDetail", "op": "insert",
         "fields": {**tpl, "person_id": kim_uid, "value": "honest on Kim"}, "base": {}}])
    _plant(team, fa_uid, planted_uid, "ContactDetail", planted)
    sync.sync(s, PASSWORD)
    with s.session() as ss:
        values = set(ss.scalars(select(m.ContactDetail.value)))
    assert "planted on Lee" not in values
    assert "honest on Kim" in values  # control
