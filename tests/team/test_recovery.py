"""A forgotten passphrase: a new store joins again and pulls the families back; nothing is
lost except changes never synced, and the worker is told how many."""

from __future__ import annotations

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.store.engine import Store
from safetymap.team import sync
from tests.conftest import PASSPHRASE
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


def test_a_new_store_gets_the_families_back_and_says_what_was_never_sent(
        pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    old = laptop(tmp_path, "a")
    fid = families.create_family(old, "Test family")
    pid = people.add(old, fid, "Kim", m.PersonRole.ADULT)
    sync.join(old, team.url("alex"), PASSWORD)
    fuid = family_uid(old, fid)
    synced = family_state(old, fuid)
    # three changes after the last sync, then the passphrase is forgotten
    for name in ("Kim 1", "Kim 2"):
        people.rename(old, pid, name)
        old.burst = None  # separate changes, as after leaving the field
    people.update(old, pid, organisation="School")
    assert sync.waiting(old) == 3
    old.close()
    new = Store.create(tmp_path / "a" / "safetymap-new.db", PASSPHRASE)
    try:
        result = sync.join(new, team.url("alex"), PASSWORD)
        assert family_state(new, fuid) == synced
        assert result.lost_elsewhere == 3
        assert "3 changes that never reached the team server" in result.sentence()
    finally:
        new.close()


def test_control_a_store_joined_elsewhere_reports_nothing_lost(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    old = laptop(tmp_path, "a")
    families.create_family(old, "Test family")
    sync.join(old, team.url("alex"), PASSWORD)
    old.close()
    new = Store.create(tmp_path / "a" / "safetymap-new.db", PASSPHRASE)
    try:
        result = sync.join(new, team.url("alex"), PASSWORD)
        assert result.lost_elsewhere == 0
        assert "never reached" not in result.sentence()
    finally:
        new.close()


def test_edits_in_a_later_session_of_the_app_are_counted_too(pg_server, team_db, tmp_path,
                                                               qtbot):
    """The app, opened again another day, keeps the count current after every edit (not only
    at a sync), so the count a new store reports is true. Control: a store opened without
    the app's hook leaves the count where the last sync left it."""
    import json

    from safetymap.ui.main_window import MainWindow

    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    path = tmp_path / "a" / "safetymap.db"
    old = Store.create(path, PASSPHRASE)
    fid = families.create_family(old, "Test family")
    pid = people.add(old, fid, "Kim", m.PersonRole.ADULT)
    sync.join(old, team.url("alex"), PASSWORD)
    old.close()
    waiting_file = sync.waiting_file(path)
    assert json.loads(waiting_file.read_text())["waiting"] == 0

    # control: opened without the app, two edits leave the count at 0
    bare = Store.open(path, PASSPHRASE)
    people.rename(bare, pid, "Kim 1")
    bare.close()
    assert json.loads(waiting_file.read_text())["waiting"] == 0

    win = MainWindow(path)
    qtbot.addWidget(win)
    store = Store.open(path, PASSPHRASE)
    win.team.unlocked(store)
    people.rename(store, pid, "Kim 2")
    store.burst = None
    people.update(store, pid, organisation="School")
    assert json.loads(waiting_file.read_text())["waiting"] == sync.waiting(store) == 3
    win.team.locked()
    store.close()
