"""The desktop's team screens (ui/team.py) against a real PostgreSQL: joining through the
dialog, the status line, Sync now on Ctrl+Shift+Y with the password asked once and forgotten on
lock, the conflicts view settling conflicts made on two laptops, a held marking asked as a
question, and the supervisor's list of the team's families with last-seen dates."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people, visits
from safetymap.services.team_view import ConnectionWordsError, connection_string, team_families
from safetymap.team import server, sync
from safetymap.ui import team as team_ui
from tests.team.teamkit import PASSWORD, family_uid, laptop, make_team
from tests.ui.shell_support import make_store, open_window

SHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def _no_password_from_outside(monkeypatch, tmp_path):
    """The password comes only from the dialogs here: no env var, no ~/.pgpass."""
    monkeypatch.delenv("SAFETYMAP_TEAM_PASSWORD", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _name(store, pid):
    with store.session() as s:
        p = s.get(m.Person, pid)
        return None if p is None else p.name


def _person(store, name):
    with store.session() as s:
        return s.scalar(select(m.Person.id).where(m.Person.name == name))


def _files_holding(root: Path, secret: str) -> list[str]:
    needle = secret.encode()
    found = []
    for p in root.rglob("*"):
        if p.is_file() and needle in p.read_bytes():
            found.append(p.name)
    return found


def _wait_idle(qtbot, win, timeout=20000):
    qtbot.waitUntil(lambda: not win.team.busy, timeout=timeout)


def test_connection_words_build_one_conninfo_and_refuse_a_password_in_advanced():
    url = connection_string("team.example.org:5433", "safetymap", "alex",
                            "sslmode=verify-full sslrootcert=/etc/ca.pem")
    parts = conninfo_to_dict(url)
    assert (parts["host"], parts["port"], parts["dbname"], parts["user"]) == (
        "team.example.org", "5433", "safetymap", "alex")
    assert parts["sslmode"] == "verify-full" and parts["sslrootcert"] == "/etc/ca.pem"
    with pytest.raises(ConnectionWordsError, match="password box"):
        connection_string("h", "d", "u", "password=x")
    with pytest.raises(ConnectionWordsError, match="Fill in"):
        connection_string("", "d", "u")
    with pytest.raises(ConnectionWordsError, match="port"):
        connection_string("h:abc", "d", "u")


def test_status_words_in_plain_language():
    assert team_ui.status_words(None, 3, "") == ""
    info = {"last_sync": datetime.now(UTC).isoformat()}
    local = datetime.now(UTC).astimezone()
    assert team_ui.status_words(info, 0, "") == f"Synced {local:%H:%M}"
    assert team_ui.status_words(info, 3, "offline") == "3 changes waiting (offline)"
    assert team_ui.status_words(info, 1, "offline") == "1 change waiting (offline)"
    assert team_ui.status_words(info, 0, "offline") == (
        "Can't reach the team server; your work is safe on this laptop")
    assert team_ui.status_words({"last_sync": ""}, 0, "") == "Not synced with the team yet"


def test_join_through_the_dialog_status_and_sync_on_ctrl_shift_y(qtbot, pg_server, team_db,
                                                                  store_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    fid = families.create_family(win.store, "Test family")
    # not joined: no team words in the status bar; Sync now and Conflicts are off
    assert not win.team.state_label.isVisible()
    assert not win.team.sync_action.isEnabled()

    win.team.join_action.trigger()
    dlg = win.team.join_dialog
    qtbot.waitUntil(dlg.isVisible)
    parts = conninfo_to_dict(team.url("alex"))
    qtbot.keyClicks(dlg.address, f"{parts['host']}:{parts['port']}")
    qtbot.keyClicks(dlg.database, parts["dbname"])
    qtbot.keyClicks(dlg.login, parts["user"])
    qtbot.keyClicks(dlg.advanced, "connect_timeout=5 application_name=safetymap-test")
    dlg.password.setText(PASSWORD)
    assert dlg.password.echoMode() == dlg.password.EchoMode.Password
    dlg.grab().save(str(SHOTS / "team-ui-join.png"))
    dlg.go.click()
    qtbot.waitUntil(lambda: "joined" in dlg.status.text(), timeout=30000)
    assert dlg.status.text().startswith("You have joined the team (North) as Alex Morgan. Sent ")
    assert dlg.password.text() == ""
    dlg.grab().save(str(SHOTS / "team-ui-joined.png"))
    dlg.close_button.click()

    # the status line: synced, at local time
    last = datetime.fromisoformat(sync.team_info(win.store)["last_sync"]).astimezone()
    assert win.team.state_label.isVisible()
    assert win.team.state_label.text() == f"Synced {last:%H:%M}"
    assert not win.team.families_action.isVisible()  # a worker's laptop: no team list

    # an edit waits, and the status says so
    pid = people.add(win.store, fid, "Kim", m.PersonRole.ADULT)
    win.team.refresh_status()
    assert win.team.state_label.text().endswith("· 1 change waiting")

    # Ctrl+Shift+Y is Sync now, and no other action has that key
    keys = [a for a in win.findChildren(QAction)
            if QKeySequence("Ctrl+Shift+Y") in a.shortcuts()]
    assert keys == [win.team.sync_action]
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    win.family_list.focus_search()
    qtbot.keyClick(win.family_list.search, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.team.busy, "the shortcut started a sync"
    assert win.family_list.search.text() == "", "the key went to the sync, not the box"
    _wait_idle(qtbot, win)
    assert sync.waiting(win.store) == 0
    assert win.team.state_label.text().startswith("Synced ")
    assert "Sent 1 change" in win.notice.text.text()
    # it reached the team: a second laptop sees Kim
    other = laptop(store_path.parent, "other")
    try:
        login = team.add("alex2", "Alex Two")
        server.allocate(team.admin_url, family_uid(win.store, fid), login)
        sync.join(other, team.url("alex2"), PASSWORD)
        assert _person(other, "Kim") is not None
    finally:
        other.close()

    # the password was kept in memory only: never in the settings or anywhere in the home
    assert win.team.password == PASSWORD
    win.settings.sync()
    home = Path(os.environ["SAFETYMAP_HOME"])
    assert home.exists()
    assert _files_holding(home, PASSWORD) == []
    assert _files_holding(store_path.parent, PASSWORD) == []
    win.lock_action.trigger()
    assert win.store is None and win.team.password is None
    assert not win.team.state_label.isVisible()
    assert pid


def _pair_in_window(qtbot, pg_server, team_db, store_path, tmp_path):
    """Laptop A (a store) and laptop B (the window), both allocated one family with Kim."""
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a = laptop(tmp_path, "a")
    fid = families.create_family(a, "Test family")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    people.update(a, pid, organisation="Library")
    sync.join(a, team.url("alex"), PASSWORD)
    server.allocate(team.admin_url, family_uid(a, fid), team.logins["bea"])
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    sync.join(win.store, team.url("bea"), PASSWORD)
    win.team.unlocked(win.store)  # as after an unlock of a joined store
    return team, a, pid, win


def _accept_password(qtbot, win, password=PASSWORD):
    qtbot.waitUntil(lambda: getattr(win.team, "password_dialog", None) is not None
                    and win.team.password_dialog.isVisible(), timeout=20000)
    dlg = win.team.password_dialog
    assert dlg.password.echoMode() == dlg.password.EchoMode.Password
    dlg.password.setText(password)
    dlg.ok.click()


def test_the_conflicts_view_settles_conflicts_from_two_laptops(qtbot, pg_server, team_db,
                                                               store_path, tmp_path):
    team, a, pid_a, win = _pair_in_window(qtbot, pg_server, team_db, store_path, tmp_path)
    try:
        pid_b = _person(win.store, "Kim")
        people.rename(a, pid_a, "Kim from A")
        people.update(a, pid_a, organisation="Library, Tuesdays")
        sync.sync(a, PASSWORD)
        people.rename(win.store, pid_b, "Kim from B")
        people.update(win.store, pid_b, organisation="Library, with Nan")

        # Sync now: without a password first, refused, so the password is asked once
        win.team.sync_action.trigger()
        _accept_password(qtbot, win)
        _wait_idle(qtbot, win)
        assert win.team.password == PASSWORD
        qtbot.waitUntil(lambda: win.team.conflicts_button.isVisible(), timeout=5000)
        assert win.team.conflicts_button.text() == "2 conflicts need a decision"
        win.statusBar().grab().save(str(SHOTS / "team-ui-statusbar.png"))

        win.team.conflicts_button.click()
        dlg = win.team.conflicts_dialog
        qtbot.waitUntil(dlg.isVisible)
        assert len(dlg.cards) == 2
        words = [lab.text() for lab in dlg.findChildren(team_ui.Label)]
        assert "Yours" in words and "The other version" in words
        assert "Kim from B" in words and "Kim from A" in words
        assert any(w.startswith("Alex Morgan, today at ") for w in words)
        assert any(w.startswith("Bea Jones, today at ") for w in words)
        # which record, in the words on screen: the person as this laptop shows them now
        assert "Test family: a person \u201cKim from A\u201d, name" in words
        dlg.resize(860, 700)
        QApplication.processEvents()
        dlg.grab().save(str(SHOTS / "team-ui-conflicts.png"))

        by_text = {}
        for card in dlg.cards:
            texts = {lab.text() for lab in card.findChildren(team_ui.Label)}
            by_text["name" if "Kim from B" in texts else "org"] = card
        by_text["name"].buttons["mine"].click()
        qtbot.waitUntil(lambda: dlg.status.text().startswith("Kept your version"),
                        timeout=20000)
        assert len(dlg.cards) == 1
        org = dlg.cards[0]
        assert "both" in org.buttons  # two texts: they can be combined

        def edit_and_keep():
            box = org.combine_dialog
            assert box.text.toPlainText() == "Library, Tuesdays\n\nLibrary, with Nan"
            box.text.setPlainText("Library on Tuesdays, with Nan")
            box.grab().save(str(SHOTS / "team-ui-combine.png"))
            box.keep.click()

        QTimer.singleShot(300, edit_and_keep)
        org.buttons["both"].click()
        qtbot.waitUntil(lambda: dlg.status.text().startswith("Kept both"), timeout=20000)
        assert dlg.cards == []
        assert not win.team.conflicts_button.isVisible()
        dlg.close()

        sync.sync(a, PASSWORD)
        assert _name(a, pid_a) == "Kim from B"
        with a.session() as s:
            assert s.get(m.Person, pid_a).organisation == "Library on Tuesdays, with Nan"
        assert sync.open_conflicts(win.store) == []
    finally:
        a.close()


def test_a_wrong_password_is_a_sentence_and_is_not_kept(qtbot, pg_server, team_db, store_path,
                                                         tmp_path):
    team, a, _pid, win = _pair_in_window(qtbot, pg_server, team_db, store_path, tmp_path)
    try:
        win.team.sync_now()
        _accept_password(qtbot, win, "not the password")
        _wait_idle(qtbot, win)
        assert win.team.password is None
        assert "did not accept this login" in win.notice.text.text()
        assert win.team.state_label.text().startswith("The team server did not accept")
        # the quiet sync does not try again with nothing to try
        win.team.quiet_sync()
        assert not win.team.busy
    finally:
        a.close()


def test_the_supervisor_sees_the_teams_families_and_a_held_marking(qtbot, pg_server, team_db,
                                                                    store_path, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("sam", "Sam Lee", "supervisor"))
    a = laptop(tmp_path, "a")
    try:
        fid = families.create_family(a, "Test family")
        lena = people.add(a, fid, "Lena Test", m.PersonRole.CHILD)
        people.add(a, fid, "Jakub Test", m.PersonRole.CHILD)
        mum = people.add(a, fid, "Sarah Test", m.PersonRole.ADULT)
        cid = people.add_contact(a, mum, "address", "12 Hidden Lane", confidential=True)
        seen_at = datetime(2026, 3, 3, 11, 0, tzinfo=UTC)
        visits.record(a, fid, seen_at, attendance=[visits.Attendance(lena, seen=True)])
        visits.record(a, fid, seen_at - timedelta(days=30),
                      attendance=[visits.Attendance(lena, seen=True)])
        other = families.create_family(a, "Another family")
        sync.join(a, team.url("alex"), PASSWORD)

        make_store(store_path, demo=False)
        win = open_window(qtbot, store_path)
        sync.join(win.store, team.url("sam"), PASSWORD)
        win.team.unlocked(win.store)
        win.team.password = PASSWORD  # as after joining through the dialog
        assert win.team.families_action.isVisible() and win.team.families_action.isEnabled()

        rows = {r["family_name"]: r for r in team_families(win.store)}
        assert rows["Test family"]["workers"] == ["Alex Morgan"]
        assert rows["Test family"]["children_last_seen"] == [("Lena", seen_at), ("Jakub", None)]
        assert rows["Another family"]["children_last_seen"] == []

        win.team.families_action.trigger()
        dlg = win.team.families_dialog
        qtbot.waitUntil(dlg.isVisible)
        texts = [dlg.list.item(i).text() for i in range(dlg.list.count())]
        assert texts[1] == ("Test family\nHeld by Alex Morgan\n"
                            "Lena: last seen 3 March 2026 · Jakub: no visit recorded as seen yet")
        assert texts[0].startswith("Another family\nHeld by Alex Morgan")
        for word in ("overdue", "late", "days ago", "target"):
            assert word not in " ".join(texts).lower()
        dlg.grab().save(str(SHOTS / "team-ui-team-families.png"))
        item = dlg.list.item(1)
        dlg.list.itemDoubleClicked.emit(item)
        qtbot.waitUntil(lambda: win.workspace is not None, timeout=10000)
        assert win.workspace.ctx.family_id == item.data(team_ui.ID_ROLE)
        assert other

        # a held marking: asked as a question, "Keep it hidden" keeps it marked everywhere
        people.update_contact(a, cid, confidential=False)
        sync.sync(a, PASSWORD)
        win.team.sync_now()
        _wait_idle(qtbot, win)
        assert "1 marking change held for confirmation" in win.notice.text.text()
        win.team.conflicts_action.trigger()
        cdlg = win.team.conflicts_dialog
        qtbot.waitUntil(cdlg.isVisible)
        (card,) = cdlg.cards
        words = " ".join(lab.text() for lab in card.findChildren(team_ui.Label))
        # it says what was taken off (not a generic "safe to share")
        assert ("Someone took off \"not for the family's copy\", so this would print in the "
                "family's documents. Show it on this laptop?") in words
        assert set(card.buttons) == {"theirs", "mine"}
        assert card.buttons["theirs"].text() == "Show it"
        assert card.buttons["mine"].text() == "Keep it hidden"
        cdlg.grab().save(str(SHOTS / "team-ui-held-marking.png"))
        card.buttons["mine"].click()
        qtbot.waitUntil(lambda: cdlg.status.text().startswith("The marking is kept"),
                        timeout=20000)
        sync.sync(a, PASSWORD)
        with a.session() as s:
            assert s.get(m.ContactDetail, cid).confidential is True
        QApplication.processEvents()
    finally:
        a.close()
