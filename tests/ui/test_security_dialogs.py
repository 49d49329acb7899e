"""Settings ▸ Passphrase and recovery, and the recovery key shown once, through real widgets and
a real store: the passphrase changed in the dialog (the old one then fails), a wrong current
passphrase (a sentence, the key file unchanged), the recovery key after "Create my store"
(Done waits for the tick; the key opens the store; it is in no file the app wrote), the calm
line for a store without one, and a slower unlock run off the GUI thread."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from safetymap.services import security
from safetymap.store import keys, keyslots
from safetymap.store.engine import Store, recover
from safetymap.store.errors import WrongPassphrase
from safetymap.ui.security_dialogs import (
    KEEP_IT_APART,
    KEY_IS_FOR,
    NOT_YET,
    RecoveryKeyDialog,
    RecoveryKeyPrompt,
    SecurityDialog,
)
from safetymap.ui.settings import AppSettings, SettingsDialog

from .shell_support import PASSPHRASE, make_store, open_window, unlock, unnamed

NEW = "yellow bicycle under the old bridge"


def _dialog(qtbot, win) -> SecurityDialog:
    dlg = SecurityDialog(win.store, win)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _key_file(store_path: Path) -> bytes:
    return keys.sidecar_path(store_path).read_bytes()


def test_change_the_passphrase_in_the_dialog_then_only_the_new_one_opens(qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    dlg = _dialog(qtbot, win)
    assert unnamed(dlg) == []
    # the first screen's strength meter, with a caption that says what it measures
    assert dlg.meter.caption.text() == "How hard the new passphrase is to guess"
    assert dlg.meter.caption.buddy() is dlg.meter.bar
    assert dlg.meter.bar.accessibleName() == "Passphrase strength"
    assert not dlg.change_button.isEnabled()

    qtbot.keyClicks(dlg.current, PASSPHRASE)
    qtbot.keyClicks(dlg.new, "password")
    dlg.again.setText("password")
    assert not dlg.change_button.isEnabled(), "a weak passphrase is not accepted"
    assert dlg.meter.bar.value() <= 1 and dlg.meter.advice.text()
    dlg.new.setText(PASSPHRASE)
    dlg.again.setText(PASSPHRASE)
    assert not dlg.change_button.isEnabled() and "same as the current" in dlg.meter.advice.text()
    dlg.new.setText(NEW)
    dlg.again.setText(NEW + " x")
    assert not dlg.change_button.isEnabled() and "not the same" in dlg.meter.advice.text()
    dlg.again.setText(NEW)
    assert dlg.change_button.isEnabled()

    qtbot.mouseClick(dlg.change_button, Qt.MouseButton.LeftButton)
    assert dlg.is_busy and dlg.busy.isVisible(), "the change runs off the GUI thread"
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    assert "has been changed" in dlg.change_status.text()
    assert not dlg.change_problem.isVisible()
    assert (dlg.current.text(), dlg.new.text(), dlg.again.text()) == ("", "", "")
    dlg.done(0)
    win.close()

    with pytest.raises(WrongPassphrase):
        Store.open(store_path, PASSPHRASE)
    Store.open(store_path, NEW).close()


def test_a_wrong_current_passphrase_is_a_sentence_and_changes_nothing(qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    before = _key_file(store_path)
    dlg = _dialog(qtbot, win)
    dlg.current.setText("this is not my passphrase")
    dlg.new.setText(NEW)
    dlg.again.setText(NEW)
    qtbot.mouseClick(dlg.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    assert dlg.change_problem.isVisible()
    assert dlg.change_problem.text() == security.NOT_CURRENT
    assert "has been changed" not in dlg.change_status.text()
    assert _key_file(store_path) == before
    dlg.done(0)
    win.close()
    Store.open(store_path, PASSPHRASE).close()


def _key_of(dlg: RecoveryKeyDialog) -> str:
    return "-".join(lab.text() for lab in dlg.group_labels)


def test_the_recovery_key_dialog_waits_for_the_tick_and_prints_only_the_key(qtbot, tmp_path):
    key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"
    dlg = RecoveryKeyDialog(key)
    qtbot.addWidget(dlg)
    dlg.show()
    assert unnamed(dlg) == []
    assert [lab.text() for lab in dlg.group_labels] == key.split("-")
    assert dlg.group_labels[0].font().pointSize() >= 20
    assert KEY_IS_FOR in dlg.purpose.text() and "laptop bag" in dlg.keep.text()
    assert not dlg.done_button.isEnabled()
    dlg.reject()  # Escape, or the close button: not before it is kept
    assert dlg.isVisible() and dlg.status.text() == NOT_YET
    dlg.done_button.click()
    assert dlg.isVisible()
    assert QApplication.clipboard().text() != key  # nothing is copied for the worker

    # a real print, to a PDF here (the app's own print dialog refuses "Print to file")
    out = tmp_path / "printed.pdf"

    def printer():
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    dlg.choose_printer = printer
    qtbot.mouseClick(dlg.print_button, Qt.MouseButton.LeftButton)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    flat = " ".join(text.split())
    squeezed = "".join(text.split())  # the extractor may split a group's glyphs
    assert key.replace("-", "") in squeezed
    assert "Made on" in flat and "laptop bag" in flat and "forgotten" in flat
    assert KEEP_IT_APART.split(":")[0] in flat
    assert str(tmp_path) not in flat and "safetymap.db" not in flat

    dlg.confirm.setFocus()
    qtbot.keyClick(dlg.confirm, Qt.Key.Key_Space)  # by keyboard
    assert dlg.confirm.isChecked() and dlg.done_button.isEnabled()
    qtbot.mouseClick(dlg.done_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert all(lab.text() == "" for lab in dlg.group_labels), "the labels let go of the key"


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_new_store_shows_its_recovery_key_once_and_it_is_in_no_file(qtbot, tmp_path):
    from safetymap.ui.app import make_app
    from safetymap.ui.main_window import MainWindow

    store_path = tmp_path / "new" / "safetymap.db"
    make_app()
    win = MainWindow(store_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    view = win.unlock_view
    assert view.mode == view.CREATE
    view.passphrase.setText(PASSPHRASE)
    view.again.setText(PASSPHRASE)
    qtbot.mouseClick(view.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)

    dlg = win.recovery_dialog
    assert isinstance(dlg, RecoveryKeyDialog) and dlg.isVisible()
    assert dlg.windowModality() == Qt.WindowModality.WindowModal
    assert win.store.recovery_key is None, "the open store no longer holds it"
    assert win.profile_dialog is not None, "the profile form waits beneath the key"
    key = _key_of(dlg)
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert not dlg.done_button.isEnabled()
    dlg.confirm.setChecked(True)
    dlg.done_button.click()
    assert win.recovery_dialog is None
    win.profile_dialog.reject()
    win.settings.sync()
    win.close()

    # the key is in no file the app wrote: settings, its folder, the store's own files
    home = tmp_path / "home"
    files = _files_under(home) + _files_under(store_path.parent)
    assert any(f.suffix == ".ini" for f in files), "the settings file was written"
    forms = [key, key.replace("-", ""), "".join(groups[:4])]
    for f in files:
        data = f.read_bytes()
        for form in forms:
            for enc in ("utf-8", "utf-16-le"):
                assert form.encode(enc) not in data, f.name

    # and it opens the store (a new passphrase is set with it)
    recover(store_path, "a brand new passphrase for the store", recovery_key=key)
    Store.open(store_path, "a brand new passphrase for the store").close()


def _without_recovery_slot(store_path: Path) -> None:
    """A store as one upgraded from before key slots is: no recovery key yet."""
    kf = keyslots.read_slots(store_path)
    keyslots.write(store_path, replace(kf, slots=tuple(s for s in kf.slots
                                                       if s.kind != "recovery")))
    assert not keyslots.read_slots(store_path).has("recovery")


def test_a_store_without_a_recovery_key_is_offered_one_once_a_run(qtbot, store_path):
    make_store(store_path, demo=False)
    _without_recovery_slot(store_path)
    win = open_window(qtbot, store_path)
    prompt = win.recovery_prompt
    assert isinstance(prompt, RecoveryKeyPrompt) and prompt.isVisible()
    assert "no recovery key yet" in prompt.text.text()
    assert "loses every family's record" in prompt.text.text()
    assert unnamed(prompt) == []
    focus = QApplication.focusWidget()
    assert focus is None or not prompt.isAncestorOf(focus), "it takes no focus"

    # "Make a recovery key…" opens Settings ▸ Passphrase and recovery and starts the make
    prompt.make_button.click()
    dlg = win.security_dialog
    assert isinstance(dlg, SecurityDialog) and dlg.isVisible()
    assert "no recovery key yet" in dlg.recovery_text.text()
    shown: list[str] = []
    dlg.ask_passphrase = lambda title, why, action: PASSPHRASE
    dlg.show_key = shown.append
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert len(shown[0].split("-")) == 8
    assert "has a recovery key" in dlg.recovery_text.text()
    dlg.done(0)
    assert not prompt.isVisible(), "the line goes once a key is made"
    win.close()
    Store.open(store_path, PASSPHRASE).close()
    recover(store_path, NEW, recovery_key=shown[0])


def test_not_now_hides_the_line_and_it_is_not_shown_again_this_run(qtbot, store_path):
    make_store(store_path, demo=False)
    _without_recovery_slot(store_path)
    win = open_window(qtbot, store_path)
    win.recovery_prompt.later_button.click()
    assert not win.recovery_prompt.isVisible()
    win.lock()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)
    assert not win.recovery_prompt.isVisible(), "at most once a run"
    win.close()


def test_a_new_recovery_key_asks_for_the_passphrase_and_a_wrong_one_changes_nothing(
        qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    before = _key_file(store_path)
    dlg = _dialog(qtbot, win)
    asked: list[str] = []
    dlg.ask_passphrase = lambda title, why, action: asked.append(why) or "not it at all"
    dlg.show_key = lambda key: pytest.fail("no key for a wrong passphrase")
    qtbot.mouseClick(dlg.recovery_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    assert "will stop working" in asked[0]
    assert dlg.problem.isVisible() and dlg.problem.text() == security.NOT_CURRENT
    assert _key_file(store_path) == before
    dlg.done(0)
    win.close()


def test_make_unlocking_slower_runs_in_the_background(qtbot, store_path, monkeypatch):
    monkeypatch.setattr(security, "RAISED_COST_S", 0.2)  # a real calibration, briefly
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    dlg = _dialog(qtbot, win)
    assert "1 pass over 8 MiB" in dlg.cost_text.text()
    dlg.ask_passphrase = lambda title, why, action: PASSPHRASE
    qtbot.mouseClick(dlg.cost_button, Qt.MouseButton.LeftButton)
    assert dlg.is_busy and not dlg.change_button.isEnabled()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=30000)
    assert not dlg.problem.isVisible(), dlg.problem.text()
    assert "slower now" in dlg.status.text()
    params = keyslots.read_slots(store_path).passphrase_params()
    assert params is not None and params.memory_kib >= keyslots.MIN_CALIBRATED_MEMORY_KIB
    assert f"{params.memory_kib // 1024} MiB" in dlg.cost_text.text()
    dlg.done(0)
    win.close()
    Store.open(store_path, PASSPHRASE).close()


def test_escrow_is_named_when_set(qtbot, store_path):
    make_store(store_path, demo=False)
    store = Store.open(store_path, PASSPHRASE)
    try:
        _pem, public = keyslots.new_escrow_keypair()
        kf = store.key_file()
        keyslots.write(store_path, kf.with_slot(keyslots.escrow_slot(
            store.master_key(), kf.store_salt, public, "Council IT")))
    finally:
        store.close()
    win = open_window(qtbot, store_path)
    dlg = _dialog(qtbot, win)
    assert dlg.escrow_text.text() == ("Your organisation can also recover this store: "
                                      "Council IT.")
    dlg.done(0)
    win.close()


def test_settings_opens_it_and_a_lock_closes_everything_opened_from_settings(qtbot,
                                                                            store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    seen: dict[str, object] = {}

    def from_settings():
        settings = win.settings_dialog
        assert isinstance(settings, SettingsDialog)
        seen["names"] = unnamed(settings)
        settings.security_button.click()
        seen["security"] = win.security_dialog
        QTimer.singleShot(50, win.lock)

    QTimer.singleShot(50, from_settings)
    win.open_settings()  # returns when the lock has closed Settings
    assert seen["names"] == []
    dlg = seen["security"]
    assert isinstance(dlg, SecurityDialog)
    assert win.store is None
    assert not shiboken6.isValid(dlg) or not dlg.isVisible()  # closed, and deleted by now
    assert not any(isinstance(w, (SecurityDialog, SettingsDialog)) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    win.close()


def test_settings_without_a_store_has_no_such_buttons(qtbot):
    dlg = SettingsDialog(AppSettings())
    qtbot.addWidget(dlg)
    assert not hasattr(dlg, "security_button")
