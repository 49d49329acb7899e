"""Faults during a sync: the server stopped mid-push, the sync process killed with SIGKILL
mid-push, a push the server committed that the laptop never recorded, and a network cut.

After each: no changeset is on the server twice (by its operation id, and no extra ones), no
local edit is lost (its value is on the server after a later sync), the user was told a clear
sentence (server.UNREACHABLE), and a later sync completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.store.engine import Store
from safetymap.team import server, sync
from tests.conftest import PASSPHRASE
from tests.team.teamkit import PASSWORD, family_uid, laptop, make_team

REPO = Path(__file__).resolve().parents[2]


# --- what the server holds -------------------------------------------------------------------


def _server_ops(team) -> dict[str, int]:
    """op_id -> how many rows of safetymap.changesets carry it."""
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        return {op: n for op, n in conn.execute(
            "select op_id, count(*) from safetymap.changesets group by op_id")}


def _server_people(team, fuid: str) -> dict[str, dict]:
    """uid -> fields of every live Person record of the family on the server."""
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        return {uid: fields for uid, fields in conn.execute(
            "select uid, fields from safetymap.records where family_uid = %s and "
            "entity_type = 'Person' and not deleted", (fuid,))}


def _local_ops(store: Store, after: int) -> list[str]:
    """The uids (operation ids) of the changesets made here after changeset `after`."""
    with store.session() as s:
        return list(s.scalars(select(m.Changeset.uid).where(
            m.Changeset.id > after, m.Changeset.command.not_in(sync.NOT_PUSHED))
            .order_by(m.Changeset.id)))


def _top(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(m.Changeset.id).order_by(m.Changeset.id.desc()).limit(1))
                   or 0)


def _assert_each_once(team, ops: list[str]) -> None:
    on_server = _server_ops(team)
    missing = [op for op in ops if op not in on_server]
    assert not missing, f"{len(missing)} of {len(ops)} changesets never reached the server"
    assert all(n == 1 for n in on_server.values())


def _names_on_server(team, fuid: str) -> set[str]:
    return {f.get("name") for f in _server_people(team, fuid).values()}


@pytest.fixture
def solo(pg_server, team_db, tmp_path):
    """One worker's laptop, joined, with a family of one person on the server."""
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    a = laptop(tmp_path, "a")
    fid = families.create_family(a, "Fault family")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    sync.join(a, team.url("alex"), PASSWORD)
    yield team, a, fid, pid, family_uid(a, fid)
    if not a.closed:
        a.close()


def test_the_op_id_check_can_fail(solo):
    """Control: the same changes pushed under another operation id are a second row, so
    counting rows by op id would see a duplicate (the protection is the op id, reused)."""
    team, a, fid, pid, fuid = solo
    before = len(_server_ops(team))
    with server.session(team.url("alex"), PASSWORD) as conn:
        for op in ("a" * 32, "b" * 32, "a" * 32):
            conn.execute("select safetymap.push(%s, %s, 'edit', now(), '[]'::jsonb)",
                         (op, fuid))
    ops = _server_ops(team)
    assert len(ops) == before + 2  # the reused id was applied once, the new one again
    assert ops["a" * 32] == 1


# --- a. the server stopped mid-push ----------------------------------------------------------


def test_server_stopped_mid_push_then_started(solo, pg_server, monkeypatch):
    team, a, fid, pid, fuid = solo
    start = _top(a)
    names = [f"Person {i}" for i in range(8)]
    for n in names:
        people.add(a, fid, n, m.PersonRole.ADULT)
    ops = _local_ops(a, start)
    assert len(ops) == 8

    real_send = sync._send
    calls = []

    def send_then_stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            pg_server.stop()  # the server goes away between two pushes
        return real_send(*args, **kwargs)

    monkeypatch.setattr(sync, "_send", send_then_stop)
    try:
        with pytest.raises(server.TeamUnreachable) as err:
            sync.sync(a, PASSWORD)
        assert str(err.value) == server.UNREACHABLE
    finally:
        pg_server.start()
    monkeypatch.setattr(sync, "_send", real_send)
    # three went up before the stop; five wait, and nothing was lost here
    assert sync.waiting(a) == 5
    on_server = _server_ops(team)
    assert sum(op in on_server for op in ops) == 3
    r = sync.sync(a, PASSWORD)
    assert r.pushed == 5 and r.repeats == 0
    assert sync.waiting(a) == 0
    _assert_each_once(team, ops)
    assert set(names) <= _names_on_server(team, fuid)
    # a later sync completes and sends nothing again
    again = sync.sync(a, PASSWORD)
    assert again.pushed == 0
    _assert_each_once(team, ops)


# --- b. the sync process killed mid-push -----------------------------------------------------

CHILD = textwrap.dedent("""
    import os, sys
    from safetymap.store.engine import Store
    from safetymap.team import sync
    store = Store.open(sys.argv[1], sys.argv[2])
    print("open", flush=True)
    sync.sync(store, os.environ["SAFETYMAP_TEAM_PASSWORD"])
    store.close()
    print("done", flush=True)
""")


def test_sync_killed_with_sigkill_mid_push_then_retried(solo, tmp_path):
    team, a, fid, pid, fuid = solo
    start = _top(a)
    total = 200
    kim_final = ""
    for i in range(total):
        if i % 4 == 3:
            kim_final = f"Kim {i}"
            people.rename(a, pid, kim_final)  # alternating records: never coalesced
        else:
            people.add(a, fid, f"Edit {i}", m.PersonRole.ADULT)
    ops = _local_ops(a, start)
    assert len(ops) == total
    path = a.path
    a.close()

    before = len(_server_ops(team))
    env = {**os.environ, "SAFETYMAP_TEST_FAST_KDF": "1",
           "SAFETYMAP_TEAM_PASSWORD": PASSWORD, "SAFETYMAP_HOME": str(tmp_path / "home")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "desktop"), str(REPO)])
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), PASSPHRASE],
                             env=env, cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        seen = 0
        while time.monotonic() < deadline:
            seen = len(_server_ops(team)) - before
            if seen >= 5 or child.poll() is not None:
                break
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    out, errtext = child.communicate()
    assert child.returncode == -signal.SIGKILL, (child.returncode, errtext[-2000:])
    at_kill = len(_server_ops(team)) - before
    assert 5 <= at_kill < total, at_kill  # killed mid-push: some sent, not all

    b = Store.open(path, PASSPHRASE)
    try:
        assert 0 < sync.waiting(b) <= total - at_kill + 1
        r = sync.sync(b, PASSWORD)
        assert r.pushed + at_kill >= total
        assert r.repeats <= 1  # at most the one the server committed as the kill came
        assert sync.waiting(b) == 0
        _assert_each_once(team, ops)
        assert len(_server_ops(team)) - before == total
        names = _names_on_server(team, fuid)
        assert {f"Edit {i}" for i in range(total) if i % 4 != 3} <= names
        assert kim_final in names and "Kim" not in names
        assert sync.sync(b, PASSWORD).pushed == 0
    finally:
        b.close()


def test_a_push_committed_but_never_recorded_is_a_repeat_not_a_duplicate(solo, monkeypatch):
    """The server commits the push, the connection dies before the laptop records it: the
    retry under the same operation id is answered 'repeat' and applied once."""
    team, a, fid, pid, fuid = solo
    start = _top(a)
    people.rename(a, pid, "Kim renamed")
    people.add(a, fid, "Second person", m.PersonRole.ADULT)
    ops = _local_ops(a, start)
    assert len(ops) == 2

    real_send = sync._send
    state = {"n": 0}

    def commit_then_lose(store, conn, op, fuid_, command, started, changes, s_blobs, **kw):
        state["n"] += 1
        if state["n"] == 1:
            import json
            with conn.transaction():
                conn.execute("select safetymap.push(%s, %s, %s, %s, %s::jsonb)",
                             (op, fuid_, command, started, json.dumps(changes)))
            # the answer never reaches the laptop
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real_send(store, conn, op, fuid_, command, started, changes, s_blobs, **kw)

    monkeypatch.setattr(sync, "_send", commit_then_lose)
    with pytest.raises(server.TeamUnreachable) as err:
        sync.sync(a, PASSWORD)
    assert str(err.value) == server.UNREACHABLE
    monkeypatch.setattr(sync, "_send", real_send)
    assert sync.waiting(a) == 2  # the laptop does not know the first one arrived
    assert _server_ops(team).get(ops[0]) == 1

    r = sync.sync(a, PASSWORD)
    assert (r.pushed, r.repeats) == (2, 1)
    _assert_each_once(team, ops)
    assert {"Kim renamed", "Second person"} <= _names_on_server(team, fuid)
    # control: a sync with nothing retried has no repeat
    people.rename(a, pid, "Kim again")
    r2 = sync.sync(a, PASSWORD)
    assert (r2.pushed, r2.repeats) == (1, 0)
    assert "Kim again" in _names_on_server(team, fuid)


# --- c. a network cut ------------------------------------------------------------------------


def test_a_network_cut_keeps_the_edits_and_sends_them_when_back(solo, pg_server):
    team, a, fid, pid, fuid = solo
    assert sync.waiting(a) == 0  # control: the count is 0 when all is sent
    start = _top(a)
    pg_server.stop()
    try:
        people.rename(a, pid, "Kim offline")
        people.add(a, fid, "Added offline", m.PersonRole.CHILD)
        q = people.add(a, fid, "Another", m.PersonRole.ADULT)
        people.update(a, q, organisation="Offline school")
        assert sync.waiting(a) == 4
        with pytest.raises(server.TeamUnreachable) as err:
            sync.sync(a, PASSWORD)
        assert str(err.value) == server.UNREACHABLE
        assert "safe on this laptop" in str(err.value)
        # still there, still waiting, and a second try is told the same
        assert sync.waiting(a) == 4
        with pytest.raises(server.TeamUnreachable):
            sync.sync(a, PASSWORD)
        with a.session() as s:
            assert s.get(m.Person, pid).name == "Kim offline"
    finally:
        pg_server.start()
    ops = _local_ops(a, start)
    r = sync.sync(a, PASSWORD)
    assert r.pushed == 4 and r.repeats == 0
    assert sync.waiting(a) == 0
    _assert_each_once(team, ops)
    got = _server_people(team, fuid)
    assert {"Kim offline", "Added offline", "Another"} <= {f["name"] for f in got.values()}
    assert any(f.get("organisation") == "Offline school" for f in got.values())
