"""Generated interleavings of offline edits and syncs on three laptops sharing one family.

Invariants:
* No committed edit disappears unless a person chose it: after every laptop has synced, each
  edit's value is the server's value for that field (the server keeps a deleted record's
  fields), or is held in an open conflict on the laptop that made it, or was overwritten by a
  later edit on the same laptop, or by a later edit made where the edit's value was showing.
* After every conflict is resolved (mine or theirs, as generated) and every laptop has synced
  twice, all laptops hold the same family, field by field.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.team import server, sync
from tests.team.teamkit import (
    PASSWORD,
    family_id,
    family_state,
    family_uid,
    laptop,
    make_team,
)

LAPTOPS = ("ana", "ben", "cat")
ACTIONS = ("rename", "organisation", "relationship", "add", "remove", "sync")
FIELD = {"rename": "name", "organisation": "organisation", "relationship": "relationship_label"}

step = st.tuples(st.integers(0, len(LAPTOPS) - 1), st.sampled_from(ACTIONS),
                 st.integers(0, 7))


@dataclass
class Edit:
    n: int
    laptop: int
    uid: str
    field: str
    value: str
    prev: Any  # the value showing on that laptop when it was typed


def _people(store, fuid: str) -> list[tuple[int, str]]:
    with store.session() as s:
        return [(p.id, p.uid) for p in s.scalars(
            select(m.Person).join(m.Family).where(m.Family.uid == fuid).order_by(m.Person.uid))]


def _local(store, pid: int, field: str) -> Any:
    with store.session() as s:
        return getattr(s.get(m.Person, pid), field)


def _server_records(admin_url: str, fuid: str) -> dict[str, tuple[dict[str, Any], bool]]:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        return {u: (f, bool(d)) for u, f, d in conn.execute(
            "select uid, fields, deleted from safetymap.records where family_uid = %s",
            (fuid,))}


def _open_mine(store) -> list[m.SyncConflict]:
    with store.session() as s:
        rows = list(s.scalars(select(m.SyncConflict).where(
            m.SyncConflict.resolution.is_(None), m.SyncConflict.mine.is_(True))))
        s.expunge_all()
        return rows


def _held(conflicts: list[m.SyncConflict], e: Edit) -> bool:
    for c in conflicts:
        if c.record_uid != e.uid:
            continue
        if c.kind == "field" and c.field == e.field and c.client_value == e.value:
            return True
        if c.kind == "edited_deleted" and isinstance(c.client_value, dict) \
                and c.client_value.get(e.field) == e.value:
            return True
    return False


def _accounted(e: Edit, edits: list[Edit], records: dict, conflicts: list[m.SyncConflict]
               ) -> str | None:
    """Why this edit's value is not lost, or None."""
    fields, _deleted = records.get(e.uid, ({}, False))
    if fields.get(e.field) == e.value:
        return "on the server"
    if _held(conflicts, e):
        return "held in a conflict"
    for later in edits:
        if later.n > e.n and later.uid == e.uid and later.field == e.field and (
                later.laptop == e.laptop or later.prev == e.value):
            return "overwritten by a later edit that saw it"
    return None


def _sync_all(stores, rounds: int = 2) -> None:
    for _ in range(rounds):
        for st_ in stores:
            sync.sync(st_, PASSWORD)


@settings(max_examples=16, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(laptops=st.integers(2, 3), steps=st.lists(step, min_size=2, max_size=12),
       keeps=st.lists(st.sampled_from(["mine", "theirs"]), min_size=12, max_size=12))
# one laptop removes a person while another, offline, renames them and then changes another
# field (two pushes against one removal): both edits must be held in the one conflict
@example(laptops=2, steps=[(1, "remove", 0), (1, "sync", 0), (0, "rename", 0),
                           (0, "organisation", 0)], keeps=["mine"] * 12)
# the same field on two laptops, and a third that sees the first and overwrites it
@example(laptops=3, steps=[(0, "rename", 1), (1, "rename", 1), (0, "sync", 0),
                           (2, "sync", 0), (2, "rename", 1), (1, "sync", 0),
                           (2, "sync", 0)], keeps=["theirs", "mine"] * 6)
def test_no_edit_is_lost_and_all_laptops_converge(pg_server, laptops, steps, keeps):
    name = f"p_{uuid.uuid4().hex[:16]}"
    db = pg_server.create_database(name)
    folder = Path(tempfile.mkdtemp(prefix="smprop"))
    stores: list[Any] = []
    try:
        names = LAPTOPS[:laptops]
        team = make_team(pg_server, db, *[(w, f"Worker {w.title()}", "worker")
                                          for w in names])
        stores = [laptop(folder, w) for w in names]
        fid = families.create_family(stores[0], "Shared family")
        for who in ("Kim", "Sam"):
            people.add(stores[0], fid, who, m.PersonRole.ADULT)
        sync.join(stores[0], team.url(LAPTOPS[0]), PASSWORD)
        fuid = family_uid(stores[0], fid)
        for i, w in enumerate(names[1:], start=1):
            server.allocate(team.admin_url, fuid, team.logins[w])
            sync.join(stores[i], team.url(w), PASSWORD)

        edits: list[Edit] = []
        for n, (who_, action, pick) in enumerate(steps):
            who = who_ % laptops
            store = stores[who]
            if action == "sync":
                sync.sync(store, PASSWORD)
                continue
            here = _people(store, fuid)
            value = f"{action} {n} on {LAPTOPS[who]}"
            if action == "add" or not here:
                fam = family_id(store, fuid)
                assert fam is not None
                pid = people.add(store, fam, value, m.PersonRole.ADULT)
                with store.session() as s:
                    edits.append(Edit(n, who, s.get(m.Person, pid).uid, "name", value, None))
                continue
            pid, puid = here[pick % len(here)]
            if action == "remove":
                people.remove(store, pid)
                continue
            field = FIELD[action]
            prev = _local(store, pid, field)
            if action == "rename":
                people.rename(store, pid, value)
            elif action == "organisation":
                people.update(store, pid, organisation=value)
            else:
                people.update(store, pid, relationship=value)
            edits.append(Edit(n, who, puid, field, value, prev))

        _sync_all(stores)
        assert all(sync.waiting(s_) == 0 for s_ in stores)
        records = _server_records(team.admin_url, fuid)
        conflicts = [_open_mine(s_) for s_ in stores]
        for e in edits:
            why = _accounted(e, edits, records, conflicts[e.laptop])
            assert why is not None, (
                f"edit {e} is neither on the server ({records.get(e.uid)}) nor held in a "
                f"conflict on its laptop ({[(c.kind, c.field, c.client_value) for c in conflicts[e.laptop]]})")

        # every conflict decided as generated, then everyone syncs twice: one family
        k = 0
        for _round in range(3):
            pending = [(i, c) for i, s_ in enumerate(stores) for c in sync.open_conflicts(s_)]
            if not pending:
                break
            for i, c in pending:
                keep = keeps[k % len(keeps)]
                k += 1
                sync.resolve(stores[i], c.id, keep, password=PASSWORD)
            _sync_all(stores)
        _sync_all(stores)
        assert [sync.open_conflicts(s_) for s_ in stores] == [[]] * laptops
        states = [family_state(s_, fuid) for s_ in stores]
        assert states[0], "the family is on the first laptop"
        assert all(other == states[0] for other in states[1:])
    finally:
        for s_ in stores:
            if not s_.closed:
                s_.close()
        shutil.rmtree(folder, ignore_errors=True)
        try:
            pg_server.drop_database(name)
        except Exception:  # a failed drop must not hide the test's own result
            pass

