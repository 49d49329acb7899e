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
