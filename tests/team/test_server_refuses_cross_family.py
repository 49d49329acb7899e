"""The server itself refuses a push whose record names another family's records (its family,
its person): not only the laptops, which would not follow it anyway."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest

from safetymap.team import server
from tests.team.teamkit import PASSWORD, make_team


def _push(conn, fuid, changes):
    return conn.execute("select safetymap.push(%s, %s, 'test', now(), %s::jsonb)",
                        (uuid.uuid4().hex, fuid, json.dumps(changes))).fetchone()[0]


def _family(conn, name):
    fuid = uuid.uuid4().hex
    _push(conn, fuid, [{"uid": fuid, "type": "Family", "op": "insert",
                        "fields": {"display_name": name}}])
    return fuid


def _person(conn, fuid, name):
    pid = uuid.uuid4().hex
    _push(conn, fuid, [{"uid": pid, "type": "Person", "op": "insert",
                        "fields": {"family_id": fuid, "name": name}}])
    return pid


@pytest.fixture
def alex(pg_server, team_db):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    with server.session(team.url("alex"), PASSWORD) as conn:
        yield team, conn


def _count(team, sql):
    with server.session(team.admin_url) as c:
        return c.execute(sql).fetchone()[0]


def test_a_record_naming_another_family_is_refused(alex):
    team, conn = alex
    fa, fb = _family(conn, "A"), _family(conn, "B")
    pb = _person(conn, fb, "In B")
    before = _count(team, "select count(*) from safetymap.records")
    for fields in ({"family_id": fb, "name": "Planted"},):
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="another family"):
            _push(conn, fa, [{"uid": uuid.uuid4().hex, "type": "Person", "op": "insert",
                              "fields": fields}])
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="another family"):
        _push(conn, fa, [{"uid": uuid.uuid4().hex, "type": "ContactDetail", "op": "insert",
                          "fields": {"person_id": pb, "value": "0700"}, "refs": ["person_id"]}])
    assert _count(team, "select count(*) from safetymap.records") == before
    # control: the same contact under A's own person is taken
    pa = _person(conn, fa, "In A")
    _push(conn, fa, [{"uid": uuid.uuid4().hex, "type": "ContactDetail", "op": "insert",
                      "fields": {"person_id": pa, "value": "0700"}, "refs": ["person_id"]}])
    assert _count(team, "select count(*) from safetymap.records") == before + 2


def _rev(team, uid, field):
    with server.session(team.admin_url) as c:
        return int(c.execute("select revs->>%s from safetymap.records where uid = %s",
                             (field, uid)).fetchone()[0])


def _fields(team, uid):
    with server.session(team.admin_url) as c:
        return c.execute("select fields from safetymap.records where uid = %s",
                         (uid,)).fetchone()[0]


def test_a_signed_off_record_is_never_merged_into(alex):
    team, conn = alex
    fa = _family(conn, "A")
    sr = uuid.uuid4().hex
    _push(conn, fa, [{"uid": sr, "type": "SupervisionRecord", "op": "insert",
                      "fields": {"family_id": fa, "reflections": "signed words",
                                 "signed_off_at": "2026-12-01T10:00:00+00:00"}}])
    # a hostile "same record" claim by family: the server's own keys never merge into it
    _push(conn, fa, [{"uid": uuid.uuid4().hex, "type": "SupervisionRecord", "op": "insert",
                      "fields": {"family_id": fa, "decision": "slipped in"},
                      "keys": [["family_id"]]}])
    assert _fields(team, sr).get("decision") is None
    assert _fields(team, sr)["reflections"] == "signed words"


def test_resolving_into_a_record_signed_off_since_is_refused(alex):
    team, conn = alex
    fa = _family(conn, "A")
    sr = uuid.uuid4().hex
    _push(conn, fa, [{"uid": sr, "type": "SupervisionRecord", "op": "insert",
                      "fields": {"family_id": fa, "reflections": "one"}}])
    base = _rev(team, sr, "reflections")
    _push(conn, fa, [{"uid": sr, "type": "SupervisionRecord", "op": "update",
                      "fields": {"reflections": "two"}, "base": {"reflections": base}}])
    _push(conn, fa, [{"uid": sr, "type": "SupervisionRecord", "op": "update",
                      "fields": {"reflections": "late"}, "base": {"reflections": base}}])
    cid = conn.execute("select id from safetymap.conflicts").fetchone()[0]
    _push(conn, fa, [{"uid": sr, "type": "SupervisionRecord", "op": "update",
                      "fields": {"signed_off_at": "2026-12-01T10:00:00+00:00"},
                      "base": {"signed_off_at": 0}}])
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="signed-off"):
        conn.execute("select safetymap.resolve(%s, 'mine', null)", (cid,))
    assert _fields(team, sr)["reflections"] == "two"
    conn.execute("select safetymap.resolve(%s, 'theirs', null)", (cid,))  # control


def test_a_combined_record_must_be_fields_of_this_family(alex):
    team, conn = alex
    fa, fb = _family(conn, "A"), _family(conn, "B")
    pb = _person(conn, fb, "In B")
    pa = _person(conn, fa, "Kim")
    base = {k: _rev(team, pa, k) for k in ("name", "family_id")}
    _push(conn, fa, [{"uid": pa, "type": "Person", "op": "delete", "base": base}])
    _push(conn, fa, [{"uid": pa, "type": "Person", "op": "update",
                      "fields": {"name": "Kim again"}, "base": base}])
    cid = conn.execute("select id from safetymap.conflicts").fetchone()[0]
    for bad in ('"just words"', json.dumps({"family_id": fb}), json.dumps({"x": pb})):
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("select safetymap.resolve(%s, 'both', %s::jsonb)", (cid, bad))
    conn.execute("select safetymap.resolve(%s, 'both', %s::jsonb)",
                 (cid, json.dumps({"name": "Kim, back"})))  # control
    assert _fields(team, pa)["name"] == "Kim, back"
