"""The worker profile on screen: asked once when the store is created (the short form), invited
by a calm line over the family list when a store without one is unlocked (at most once a run),
and changeable in Settings ("You"). It lives in the encrypted store only: the settings ini file
never holds the name. Once set, the name is the actor: a score "by the worker" carries it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from safetymap.services import documents, families
from safetymap.services import scores as score_cmds
from safetymap.services.profile import get_profile, set_profile
from safetymap.store.engine import Store
from safetymap.ui.profile_dialog import ProfileDialog, ProfilePrompt
from safetymap.ui.settings import AppSettings, SettingsDialog

from .shell_support import PASSPHRASE, make_store, open_window, unlock, unnamed

NAME = "Siân Okonkwo-Pritchard"
ASCII_PART = "Okonkwo-Pritchard"


def new_window(qtbot, store_path):
    from safetymap.ui.app import make_app
    from safetymap.ui.main_window import MainWindow

    make_app()
    win = MainWindow(store_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def create_store_through_the_unlock_screen(qtbot, win):
    view = win.unlock_view
    assert view.mode == view.CREATE
    view.passphrase.setText(PASSPHRASE)
    view.again.setText(PASSPHRASE)
    qtbot.mouseClick(view.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)


def fill(qtbot, form, **values):
    for key, value in values.items():
        box = form.boxes[key]
        box.clear()
        if value.isascii():
            qtbot.keyClicks(box, value)
        else:  # QTest cannot type every letter: "â" goes in as typed text
            box.insert(value)


def ini_bytes() -> bytes:
    s = AppSettings()
    s.sync()
    path = Path(s.q.fileName())
    return path.read_bytes() if path.exists() else b""


def test_a_new_store_asks_who_you_are_and_the_name_is_the_actor(qtbot, store_path, tmp_path):
    win = new_window(qtbot, store_path)
    create_store_through_the_unlock_screen(qtbot, win)
    dlg = win.profile_dialog
    assert isinstance(dlg, ProfileDialog) and dlg.isVisible()
    assert dlg.windowModality() == Qt.WindowModality.WindowModal
    assert "Your name goes on the plans you print" in " ".join(
        w.text() for w in dlg.findChildren(QLabel))
    assert not unnamed(dlg)
    assert dlg.focusWidget() is dlg.form.name

    # the name is needed: the service's sentence, and nothing saved
    dlg.save_button.click()
    assert dlg.isVisible() and dlg.form.message.isVisible()
    assert "your name" in dlg.form.message.text()
    assert not get_profile(win.store).is_set

    fill(qtbot, dlg.form, name=NAME, role="Social worker", team="North team",
         phone="01970 000333")
    qtbot.keyClick(dlg.form.phone, Qt.Key.Key_Return)  # Enter saves
    assert not dlg.isVisible()
    p = get_profile(win.store)
    assert (p.name, p.role, p.team, p.phone) == (NAME, "Social worker", "North team",
                                                 "01970 000333")
    assert win.store.actor == NAME

    # a score "by the worker" now says the worker's name: on the chart's data and the document
    fid = families.create_family(win.store, "Test family", "child-protection")
    score_cmds.record(win.store, fid, 5, scorer_label="worker")
    doc = families.load_family(win.store, fid)
    assert [s["who"] for s in doc["scores"]] == [NAME]
    text = " ".join("".join(pg.extract_text() for pg in PdfReader(io.BytesIO(
        documents.build_document(doc, "assessment"))).pages).split())
    assert NAME in text
    win.open_family(fid, "judgement")
    chart = win.workspace.pages["judgement"].chart
    assert {s.name for s in chart.series()} == {NAME}

    win.close()
    assert NAME.encode() not in ini_bytes() and ASCII_PART.encode() not in ini_bytes()


def test_not_now_then_asked_once_a_run_while_unset(qtbot, store_path):
    win = new_window(qtbot, store_path)
    create_store_through_the_unlock_screen(qtbot, win)
    dlg = win.profile_dialog
    dlg.later_button.click()
    assert not dlg.isVisible() and not get_profile(win.store).is_set
    win.lock()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)
    assert win.profile_dialog is None, "not more than once a run"
    assert win.profile_prompt is None or not win.profile_prompt.isVisible()
    win.close()

    # the next run: a store without a profile is unlocked, and a calm line invites
    again = open_window(qtbot, store_path)
    assert again.profile_dialog is None, "no form jumps up over the families"
    prompt = again.profile_prompt
    assert isinstance(prompt, ProfilePrompt) and prompt.isVisible()
    assert "Who is using Safety Map on this laptop?" in prompt.text.text()
    focus = QApplication.focusWidget()
    assert focus is None or not prompt.isAncestorOf(focus), "it takes no focus"
    assert not unnamed(prompt)
    # not over a family's page
    fid = families.create_family(again.store, "Test family", "child-protection")
    again.open_family(fid)
    assert not prompt.isVisible()
    again.show_families()
    assert prompt.isVisible()
    prompt.add_button.click()
    form = again.profile_dialog
    assert isinstance(form, ProfileDialog) and form.isVisible()
    fill(qtbot, form.form, name=NAME)
    form.save_button.click()
    assert get_profile(again.store).name == NAME and again.store.actor == NAME
    assert not prompt.isVisible()


def test_not_now_on_the_line_hides_it_for_this_run(qtbot, store_path):
    make_store(store_path)
    win = open_window(qtbot, store_path)
    prompt = win.profile_prompt
    assert prompt.isVisible()
    prompt.later_button.click()
    assert not prompt.isVisible()
    win.lock()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)
    assert not prompt.isVisible()


def test_a_store_with_a_profile_is_not_asked(qtbot, store_path):
    store = Store.create(store_path, PASSPHRASE)
    set_profile(store, name=NAME)
    store.close()
    win = open_window(qtbot, store_path)
    assert win.profile_dialog is None
    assert win.profile_prompt is None or not win.profile_prompt.isVisible()
    assert win.store.actor == NAME


def test_settings_change_it_and_the_ini_never_holds_it(qtbot, store_path):
    store = Store.create(store_path, PASSPHRASE)
    set_profile(store, name="Alex Morgan", role="Social worker")
    store.close()
    win = open_window(qtbot, store_path)
    seen = {}

    def change():
        dlg = win.settings_dialog
        seen["dialog"] = dlg
        assert dlg is not None and dlg.profile is not None
        seen["before"] = dlg.profile.values()
        seen["unnamed"] = unnamed(dlg)
        grab = dlg.grab()
        shots = os.environ.get("SAFETYMAP_SHOTS")
        if shots:
            grab.save(str(Path(shots) / "settings-you.png"))
        fill(qtbot, dlg.profile, name="", team="North team")
        dlg.accept()  # the name is needed: stays open with the sentence
        seen["refused"] = dlg.isVisible() and dlg.profile.message.text()
        fill(qtbot, dlg.profile, name=NAME, phone="01970 000444")
        dlg.accept()

    QTimer.singleShot(0, change)
    win.open_settings()
    assert seen["before"] == {"name": "Alex Morgan", "role": "Social worker", "team": "",
                              "phone": ""}
    assert seen["unnamed"] == []
    assert "your name" in seen["refused"]
    p = get_profile(win.store)
    assert (p.name, p.role, p.team, p.phone) == (NAME, "Social worker", "North team",
                                                 "01970 000444")
    assert win.store.actor == NAME
    win.close()
    data = ini_bytes()
    assert data, "the settings file was written"
    for needle in (NAME, ASCII_PART, "North team", "01970 000444", "Social worker"):
        assert needle.encode() not in data and needle.encode("utf-16-le") not in data


def test_settings_without_an_open_store_have_no_you_section(qtbot):
    dlg = SettingsDialog(AppSettings())
    qtbot.addWidget(dlg)
    assert dlg.profile is None


def test_locking_closes_settings_so_the_name_is_not_left_on_screen(qtbot, store_path):
    store = Store.create(store_path, PASSPHRASE)
    set_profile(store, name=NAME)
    store.close()
    win = open_window(qtbot, store_path)
    seen = {}

    def lock_now():
        seen["dialog"] = win.settings_dialog
        win.lock()

    QTimer.singleShot(0, lock_now)
    win.open_settings()
    assert seen["dialog"] is not None and win.store is None
    assert win.settings_dialog is None


def test_look_at_the_form(qtbot, store_path, tmp_path):
    win = new_window(qtbot, store_path)
    create_store_through_the_unlock_screen(qtbot, win)
    dlg = win.profile_dialog
    qtbot.waitExposed(dlg)
    shots = Path(os.environ.get("SAFETYMAP_SHOTS", tmp_path))
    assert dlg.grab().save(str(shots / "profile-form.png"))
    dlg.later_button.click()
    win.close()
    make_store(tmp_path / "other" / "safetymap.db")
    other = open_window(qtbot, tmp_path / "other" / "safetymap.db")
    assert other.grab().save(str(shots / "profile-prompt.png"))
