"""Settings ▸ Backups and the quiet backup line, through real widgets, a real store and real
backup files: a folder is chosen, "Back up now" (on a pool thread) lists a checked backup and
the status bar says when; a backup restores into a new file (the store untouched) and replaces
the store only after the passphrase and a sentence naming what goes; the hourly backup's
timer, and the one question when no folder is set after a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from safetymap.services import backups, families
from safetymap.store.engine import Store
from safetymap.ui.backup_dialogs import (
    EVERY_MS,
    BackupController,
    BackupPrompt,
    BackupsDialog,
    restored_name,
    status_words,
    when_words,
)
from safetymap.ui.settings import SettingsDialog

from .shell_support import PASSPHRASE, make_store, open_window, unlock, unnamed


def _dialog(qtbot, win, folder: Path | None = None) -> BackupsDialog:
    win.backups.open_dialog()
    dlg = win.backups.dialog
    assert isinstance(dlg, BackupsDialog) and dlg.isVisible()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        dlg.ask_folder = lambda: str(folder)
        qtbot.mouseClick(dlg.choose_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    return dlg


def _back_up(qtbot, dlg: BackupsDialog) -> None:
    n = dlg.list.topLevelItemCount()
    qtbot.mouseClick(dlg.backup_button, Qt.MouseButton.LeftButton)
    assert dlg.is_busy and dlg.busy.isVisible(), "the backup runs off the GUI thread"
    qtbot.waitUntil(lambda: not dlg.is_busy and dlg.list.topLevelItemCount() > n,
                    timeout=30000)


def _family_count(path: Path, passphrase: str = PASSPHRASE) -> int:
    with Store.open(path, passphrase) as s:
        return len(families.list_families(s, include_archived=True))


def test_back_up_now_lists_a_checked_backup_and_the_status_bar_says_when(qtbot, store_path,
                                                                       tmp_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    label = win.backups.status_label
    assert label.text() == "No backup folder set"
    assert label.accessibleName() == "Last backup"
    assert win.backups.timer.isActive() and win.backups.timer.interval() == EVERY_MS
    assert win.backups.first.isActive(), "a quiet check shortly after unlocking"

    dlg = _dialog(qtbot, win)
    assert unnamed(dlg) == []
    assert not dlg.backup_button.isEnabled(), "no folder yet"
    assert not dlg.restore_button.isEnabled() and not dlg.replace_button.isEnabled()

    # the store's own folder is refused with the service's sentence
    dlg.ask_folder = lambda: str(store_path.parent)
    qtbot.mouseClick(dlg.choose_button, Qt.MouseButton.LeftButton)
    assert dlg.problem.isVisible() and "the folder the store itself is in" in dlg.problem.text()

    usb = tmp_path / "usb"
    usb.mkdir()
    dlg.ask_folder = lambda: str(usb)
    qtbot.mouseClick(dlg.choose_button, Qt.MouseButton.LeftButton)
    assert dlg.folder_text.text() == str(usb.resolve())
    assert label.text() == "No backup yet"
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)  # the list is read off-thread
    assert not dlg.problem.isVisible()
    assert dlg.message.text() == "There are no backups in this folder yet."
    assert dlg.backup_button.isEnabled()

    _back_up(qtbot, dlg)
    assert dlg.list.topLevelItemCount() == 1
    row = dlg.list.topLevelItem(0)
    assert row.text(0).startswith("today ")
    assert row.text(1) == f"{len(ids)} families"
    assert row.text(3) == "Checked, good"
    assert "and checked" in dlg.message.text()
    assert label.text().startswith("Last backup: today "), label.text()
    assert list(usb.iterdir()), "the backup is in the folder"
    assert dlg.restore_button.isEnabled() and dlg.replace_button.isEnabled()
    dlg.done(0)
    assert win.backups.dialog is None
    win.close()


def test_restore_goes_into_a_new_file_and_leaves_the_store_alone(qtbot, store_path, tmp_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    dlg = _dialog(qtbot, win, tmp_path / "usb")
    _back_up(qtbot, dlg)
    families.create_family(win.store, "Added after the backup", "child-protection")

    suggested: list[tuple[Path, str]] = []
    target = store_path.parent / restored_name()

    def ask(folder: Path, name: str) -> str:
        suggested.append((folder, name))
        return str(target)

    dlg.ask_restore_path = ask
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=30000)
    assert suggested == [(store_path.parent, restored_name())]
    assert suggested[0][1].startswith("safetymap-restored-") and suggested[0][1].endswith(".db")
    assert not dlg.problem.isVisible(), dlg.problem.text()
    words = dlg.message.text()
    assert target.name in words and str(target.parent) in words
    assert f"{len(ids)} families" in words and "has not been changed" in words
    win.autosaver.flush()
    dlg.done(0)
    win.close()
    assert _family_count(target) == len(ids)
    assert _family_count(store_path) == len(ids) + 1, "the live store was not touched"


def test_restoring_onto_the_store_itself_is_refused(qtbot, store_path, tmp_path):
    make_store(store_path)
    win = open_window(qtbot, store_path)
    dlg = _dialog(qtbot, win, tmp_path / "usb")
    _back_up(qtbot, dlg)
    dlg.ask_restore_path = lambda folder, name: str(store_path)
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    assert not dlg.is_busy and "That is your store itself" in dlg.problem.text()
    dlg.done(0)
    win.close()


def test_replace_names_what_goes_asks_the_passphrase_then_locks_and_restores(qtbot,
                                                                           store_path,
                                                                           tmp_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    dlg = _dialog(qtbot, win, tmp_path / "usb")
    _back_up(qtbot, dlg)
    families.create_family(win.store, "Added after the backup", "child-protection")
    win.autosaver.flush()

    # a wrong passphrase: a sentence, nothing locked, nothing moved
    asked: list[tuple[str, str]] = []
    dlg.confirm_replace = lambda live, backup: asked.append((live, backup)) or "not it at all"
    qtbot.mouseClick(dlg.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    assert win.store is not None and "not the current passphrase" in dlg.problem.text()
    live, backup = asked[0]
    assert live.startswith("the store at ") and f"{len(ids) + 1} families" in live
    assert backup.startswith("the backup made today ") and f"{len(ids)} families" in backup
    assert not list(store_path.parent.glob("*.replaced-*"))

    dlg.confirm_replace = lambda live, backup: PASSPHRASE
    qtbot.mouseClick(dlg.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.store is None, timeout=20000)
    assert not shiboken6.isValid(dlg) or not dlg.isVisible(), "the lock closed the dialog"
    view = win.unlock_view
    assert win.stack.currentWidget() is view
    qtbot.waitUntil(lambda: "has been replaced" in view.intro.text(), timeout=30000)
    assert f"{len(ids)} families" in view.intro.text()
    assert view.passphrase.isEnabled()
    assert list(store_path.parent.glob("*.replaced-*")), "the store as it was is kept aside"
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)
    assert len(families.list_families(win.store, include_archived=True)) == len(ids)
    assert not win.undo_stack.canUndo(), "no step of the store that went is replayed"
    win.close()


def test_the_one_question_when_no_folder_is_set_after_a_week(qtbot, store_path, tmp_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    ctl: BackupController = win.backups
    assert backups.status(win.store).should_ask is False
    win.lock()
    # a store first used eight days ago (status records its first use the first time)
    store = Store.open(store_path, PASSPHRASE)
    try:
        from safetymap.services.backups import KEY_FIRST_USE, _set

        _set(store, {KEY_FIRST_USE: (datetime.now(UTC) - timedelta(days=8)).isoformat()})
    finally:
        store.close()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)
    assert backups.status(win.store).should_ask
    ctl.run_if_due()  # what the timer does
    qtbot.waitUntil(lambda: ctl.prompt is not None and ctl.prompt.isVisible(), timeout=20000)
    prompt = ctl.prompt
    assert isinstance(prompt, BackupPrompt) and unnamed(prompt) == []
    assert not backups.status(win.store).should_ask, "asked once: marked"
    focus = QApplication.focusWidget()
    assert focus is None or not prompt.isAncestorOf(focus), "it takes no focus"

    usb = tmp_path / "usb"
    usb.mkdir()
    ctl.ask_folder = lambda: str(usb)
    prompt.choose_button.click()
    assert not prompt.isVisible()
    qtbot.waitUntil(lambda: ctl.status_label.text().startswith("Last backup: today"),
                    timeout=30000)
    assert list(usb.iterdir())
    ctl.maybe_ask()
    assert not prompt.isVisible(), "not asked again"
    win.close()


def test_settings_opens_backups_and_a_lock_stops_the_quiet_backup(qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    seen: dict[str, object] = {}

    def from_settings():
        settings = win.settings_dialog
        assert isinstance(settings, SettingsDialog)
        settings.backups_button.click()
        seen["dialog"] = win.backups.dialog
        QTimer.singleShot(50, win.lock)

    QTimer.singleShot(50, from_settings)
    win.open_settings()
    assert isinstance(seen["dialog"], BackupsDialog)
    assert win.store is None and win.backups.status_label.text() == ""
    assert not win.backups.timer.isActive()
    win.close()


@pytest.mark.parametrize("days, words", [(0, "today 09:12"), (1, "yesterday 09:12")])
def test_when_words(days, words):
    now = datetime(2026, 3, 10, 15, 0).astimezone()
    at = (now - timedelta(days=days)).replace(hour=9, minute=12)
    assert when_words(at, now) == words
    older = now.replace(month=1, day=3, hour=9, minute=12)
    assert when_words(older, now) == "3 January, 09:12"
    assert when_words(older.replace(year=2025), now) == "3 January 2025, 09:12"
    st = backups.BackupStatus(folder=None, last_ok=None, due=False, should_ask=False)
    assert status_words(st) == "No backup folder set"
