"""The connection a sync keeps for the next one (team/server.py, "one idle connection"), and
the team schema's t0002 (logins in the "C" collation, no JIT).

Promises, each attacked:
* a kept connection is used again (the point: no new backend, no SCRAM each sync);
* it never lets a different password in: a sync with a wrong password is refused although an
  authenticated connection is kept (control: with the password tag switched off, the wrong
  password would sync);
* a kept connection the server ended (a restart, `team revoke`) is replaced, or refused, never
  an error the worker sees as "can't reach";
* close_idle (the app locks) closes it, and a sync still running when the app locks keeps
  nothing afterwards;
* t0002: "the families of this login" is read through an index (control: at t0001 it is a
  sequential scan of every allocation).
"""

from __future__ import annotations

import psycopg
import pytest

from safetymap.services import families
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, laptop, make_team


def _pid(conn: psycopg.Connection) -> int:
    return int(conn.execute("select pg_backend_pid()").fetchone()[0])


@pytest.fixture
def joined(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    store = laptop(tmp_path, "a")
    families.create_family(store, "Okafor")
    sync.join(store, team.url("alex"), PASSWORD)
    try:
        yield team, store
    finally:
        server.close_idle()
        store.close()


def test_a_sync_uses_the_connection_the_last_one_kept(joined):
    team, store = joined
    with server.session(team.url("alex"), PASSWORD, reuse=True) as conn:
        first = _pid(conn)
    sync.sync(store, PASSWORD)
    with server.session(team.url("alex"), PASSWORD, reuse=True) as conn:
        assert _pid(conn) == first
    # without reuse a session is a new backend, as before
    with server.session(team.url("alex"), PASSWORD) as conn:
        assert _pid(conn) != first


def test_a_wrong_password_is_refused_although_a_connection_is_kept(joined):
    team, store = joined
    sync.sync(store, PASSWORD)  # a good connection is kept now
    with pytest.raises(server.TeamRefused):
        sync.sync(store, "not the password")
    sync.sync(store, PASSWORD)  # and the right one still syncs


def test_control_without_the_password_tag_a_wrong_password_would_sync(joined, monkeypatch):
    team, store = joined
    monkeypatch.setattr(server, "_tag", lambda url, password: b"same for every password")
    sync.sync(store, PASSWORD)
    sync.sync(store, "not the password")  # the attack the tag stops: it goes through


def test_a_kept_connection_the_server_ended_is_replaced(joined):
    team, store = joined
    sync.sync(store, PASSWORD)
    with psycopg.connect(team.admin_url, autocommit=True) as admin:
        ended = admin.execute(
            "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
            "where usename = %s) x", (team.logins["alex"],)).fetchone()[0]
    assert ended >= 1
    result = sync.sync(store, PASSWORD)  # a fresh connection, not "can't reach"
    assert result.pushed == 0


def test_a_revoked_login_with_a_kept_connection_is_refused_at_once(joined):
    team, store = joined
    sync.sync(store, PASSWORD)
    server.revoke(team.admin_url, team.logins["alex"])
    with pytest.raises(server.TeamRefused):
        sync.sync(store, PASSWORD)


def test_close_idle_closes_it_and_a_sync_running_then_keeps_nothing(joined):
    team, store = joined
    sync.sync(store, PASSWORD)
    kept = [k.conn for k in server._idle.values()]
    assert kept and not kept[0].closed
    server.close_idle()
    assert kept[0].closed and not server._idle
    # a session that began before close_idle (a sync on a pool thread when the app locks)
    with server.session(team.url("alex"), PASSWORD, reuse=True) as conn:
        server.close_idle()
        assert conn.execute("select 1").fetchone() == (1,)
    assert not server._idle and conn.closed


def _allocation_plan(team) -> str:
    """The plan of the statement every visible_families() runs, as the superuser (no RLS, as
    inside the functions), with sequential scans priced out so any usable index is taken."""
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        conn.execute("set enable_seqscan = off")
        return "\n".join(r[0] for r in conn.execute(
            "explain select family_uid from safetymap.allocations where login = session_user"))


def test_t0002_the_families_of_a_login_are_read_through_an_index(pg_server, team_db):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    assert "Index Cond: (login = SESSION_USER)" in _allocation_plan(team)
    engine, cfg = server._alembic(team.admin_url, None)
    from alembic import command

    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "t0001")
    # control: at t0001 (default collation, no index) even with sequential scans priced out
    # the planner has no index it may search by `login = session_user`: it filters every row
    plan = _allocation_plan(team)
    assert "Filter: (login = SESSION_USER)" in plan and "Index Cond: (login" not in plan
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()
    assert "Index Cond: (login = SESSION_USER)" in _allocation_plan(team)


def test_while_locked_a_sync_that_ends_keeps_nothing(joined):
    """The app locks during a sync (team.locked: hold(False), then close_idle): the sync's own
    connection, put back after both, is closed (a sync begun before close_idle was one case;
    one begun after it, still before the lock ends, is this one)."""
    team, store = joined
    server.close_idle()
    server.hold(False)
    try:
        with server.session(team.url("alex"), PASSWORD, reuse=True) as conn:
            pass
        assert not server._idle and conn.closed
    finally:
        server.hold(True)
    with server.session(team.url("alex"), PASSWORD, reuse=True) as conn:
        pass
    assert server._idle and not conn.closed  # control: unlocked again, it is kept


def test_an_old_or_slept_connection_is_not_used(joined, monkeypatch):
    team, store = joined
    import time

    wall = time.time  # the real clock (patched below)

    def pid_now() -> int:
        with server.session(team.url("alex"), PASSWORD, reuse=True) as conn:
            return _pid(conn)
    first = pid_now()
    assert pid_now() == first  # control: kept and used
    # made over MAX_AGE_S ago though put back just now (synced every two minutes): not used
    next(iter(server._idle.values())).born -= server.MAX_AGE_S + 1
    second = pid_now()
    assert second != first
    assert pid_now() == second  # control: the new one is kept and used
    # the wall clock moved ahead of the monotonic one while it waited (the laptop slept),
    # by less than MAX_AGE_S and IDLE_S: only the sleep shows
    monkeypatch.setattr(time, "time", lambda: wall() + 60)
    assert pid_now() != second
