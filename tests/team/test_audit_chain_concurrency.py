"""The team audit chain stays one line under concurrent pushes and pulls, and a reader whose
snapshot is older than the chain's head can never fork it (it is refused instead)."""

from __future__ import annotations

import json
import threading
import uuid

import psycopg
import pytest

from safetymap.team import server
from tests.team.teamkit import PASSWORD, make_team

OLD_AUDIT = r"""
create or replace function safetymap._audit(p_action text, p_family text, p_detail jsonb)
returns void language plpgsql volatile security definer set search_path = safetymap, pg_temp
as $$
declare prev text; line text;
begin
  perform pg_advisory_xact_lock(72451);
  select hash into prev from safetymap.audit order by id desc limit 1;
  prev := coalesce(prev, '');
  line := concat_ws(E'\t', clock_timestamp()::text, session_user, p_action,
                    coalesce(p_family, ''), coalesce(p_detail, '{}'::jsonb)::text);
  insert into safetymap.audit (login, action, family_uid, entry, prev_hash, hash)
  values (session_user, p_action, p_family, line, prev,
          encode(sha256(convert_to(prev || E'\n' || line, 'UTF8')), 'hex'));
end $$;
"""


def _family_push(conn, fuid, name):
    changes = [{"uid": fuid, "type": "Family", "op": "insert",
                "fields": {"display_name": name}, "base": {}}]
    conn.execute("select safetymap.push(%s, %s, 'test', now(), %s::jsonb)",
                 (uuid.uuid4().hex, fuid, json.dumps(changes)))


def _rename(conn, fuid, name):
    rev = conn.execute("select revs->>'display_name' from safetymap.records where uid = %s",
                       (fuid,)).fetchone()[0]
    changes = [{"uid": fuid, "type": "Family", "op": "update",
                "fields": {"display_name": name}, "base": {"display_name": int(rev)}}]
    conn.execute("select safetymap.push(%s, %s, 'test', now(), %s::jsonb)",
                 (uuid.uuid4().hex, fuid, json.dumps(changes)))


@pytest.fixture
def team(pg_server, team_db):
    return make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"), ("cai", "Cai Evans", "worker"))


def test_concurrent_pushes_and_pulls_keep_one_chain(team):
    fams = {}
    for who in ("alex", "bea", "cai"):
        with server.session(team.url(who), PASSWORD) as conn:
            fams[who] = uuid.uuid4().hex
            _family_push(conn, fams[who], f"{who} family")
    errors = []

    def work(who):
        try:
            with server.session(team.url(who), PASSWORD) as conn:
                for i in range(25):
                    _rename(conn, fams[who], f"{who} {i}")
                    conn.execute("select * from safetymap.pull(0, null)").fetchall()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in fams]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = server.check(team.admin_url)
    assert result.ok, result.sentence
    assert result.rows >= 3 * 25  # every push (a pull of one's own writes tells nothing new)


def _stale_reader_attack(team):
    """Cai changes Bea's family; Bea's snapshot is taken; Alex writes (an audit line); then
    Bea pulls Cai's change (another audit line) in her older snapshot."""
    with server.session(team.url("bea"), PASSWORD) as b0:
        fb = uuid.uuid4().hex
        _family_push(b0, fb, "B family")
    server.allocate(team.admin_url, fb, team.logins["cai"])
    with server.session(team.url("cai"), PASSWORD) as c:
        _rename(c, fb, "B family, renamed by Cai")  # news for Bea, in her snapshot
    with server.session(team.url("alex"), PASSWORD) as a:
        fa = uuid.uuid4().hex
        _family_push(a, fa, "A family")
    b = server.connect(team.url("bea"), PASSWORD, autocommit=False)
    try:
        b.execute("set transaction isolation level repeatable read")
        b.execute("select safetymap.head()").fetchone()
        with server.session(team.url("alex"), PASSWORD) as a:
            _rename(a, fa, "A family, renamed")  # the chain moves on after her snapshot
        try:
            b.execute("select * from safetymap.pull(0, null)").fetchall()
            b.commit()
            return "pulled"
        except psycopg.errors.SerializationFailure:
            b.rollback()
            return "refused"
    finally:
        b.close()


def test_a_stale_snapshot_cannot_fork_the_chain(team):
    assert _stale_reader_attack(team) == "refused"
    result = server.check(team.admin_url)
    assert result.ok, result.sentence


def test_control_without_the_head_row_a_stale_snapshot_forks_it(team):
    with server.session(team.admin_url) as conn:
        conn.execute(OLD_AUDIT)
    assert _stale_reader_attack(team) == "pulled"
    assert not server.check(team.admin_url).ok
