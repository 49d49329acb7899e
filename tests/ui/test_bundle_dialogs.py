"""Handing a case over through the File menu: save a bundle (passphrase typed twice, sealed on a
pool thread), receive it into a second store (decrypted on a pool thread), then receive it again:
the person must choose a copy or a merge, and the merge lists what differs first. A wrong
passphrase is a sentence and changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.services import editing, families
from safetymap.services.families import load_family

from .shell_support import make_store, open_window, unnamed

BUNDLE_PASS = "purple teapot under the stairs"


def _counts(store):
    with store.session() as s:
        return (s.scalar(select(func.count()).select_from(m.Family)),
                s.scalar(select(func.count()).select_from(m.MapEntry)),
                s.scalar(select(func.count()).select_from(m.AuditEvent)))


def _export(qtbot, store_path: Path, out: Path) -> dict:
    fid = make_store(store_path)[0]
    win = open_window(qtbot, store_path)
    win.open_family(fid)
    win.bundle_export_action.trigger()
    dlg = win.bundle_dialog
    assert dlg.isVisible() and unnamed(dlg) == []
    qtbot.keyClicks(dlg.passphrase, "abc")
    assert not dlg.go.isEnabled() and "easy to guess" in dlg.feedback.text()
    dlg.passphrase.setText(BUNDLE_PASS)
    qtbot.keyClicks(dlg.again, "purple teapot")
    assert not dlg.go.isEnabled() and "same passphrase twice" in dlg.feedback.text()
    dlg.again.setText(BUNDLE_PASS)
    assert dlg.go.isEnabled()
    dlg.ask_path = lambda suggested: str(out.with_suffix(""))  # the suffix is added
    qtbot.mouseClick(dlg.go, Qt.MouseButton.LeftButton)
    assert dlg.is_busy
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    assert out.exists() and dlg.last_path == out
    assert f"Saved as {out.name}" in dlg.status.text()
    assert dlg.passphrase.text() == "" and dlg.again.text() == ""
    doc = load_family(win.store, fid)
    dlg.done(0)
    win.close()
    return doc


def _open(qtbot, win, path: Path, passphrase: str):
    win.bundle_import_action.trigger()
    dlg = win.bundle_dialog
    assert unnamed(dlg) == []
    assert not dlg.open_button.isEnabled()
    dlg.ask_path = lambda: str(path)
    qtbot.mouseClick(dlg.choose, Qt.MouseButton.LeftButton)
    assert dlg.file_label.text() == path.name
    dlg.passphrase.setText(passphrase)
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    return dlg


def test_hand_a_family_over_and_receive_it_as_new_copy_and_merge(qtbot, tmp_path):
    out = tmp_path / "handover.smbundle"
    source = _export(qtbot, tmp_path / "a" / "safetymap.db", out)
    name = source["family"]["display_name"]

    make_store(tmp_path / "b" / "safetymap.db", demo=False)
    win = open_window(qtbot, tmp_path / "b" / "safetymap.db")
    before = _counts(win.store)

    # a wrong passphrase: a sentence, nothing changed
    dlg = _open(qtbot, win, out, "not the right passphrase")
    assert "passphrase" in dlg.status.text().lower()
    assert "Traceback" not in dlg.status.text() and dlg.preview is None
    assert not dlg.import_button.isEnabled()
    assert _counts(win.store) == before
    # the right one: a new family, added without any choice to make
    dlg.passphrase.setText(BUNDLE_PASS)
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=20000)
    assert dlg.summary.text().startswith(f"{name}: ")
    assert dlg.choice_box.isHidden() and dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text().startswith("Added:")
    qtbot.mouseClick(dlg.open_family, Qt.MouseButton.LeftButton)
    ws = win.workspace
    assert ws is not None and ws.doc["family"]["display_name"] == name
    fid = ws.ctx.family_id
    assert [e["text"] for e in load_family(win.store, fid)["map"]] == \
        [e["text"] for e in source["map"]]

    # change one entry here, then receive the (older) bundle again
    entry = load_family(win.store, fid)["map"][0]
    editing.update_entity(win.store, "MapEntry", entry["id"], text="Changed on this laptop")
    before = _counts(win.store)
    dlg = _open(qtbot, win, out, BUNDLE_PASS)
    assert dlg.choice_box.isVisible()
    assert not dlg.import_button.isEnabled()  # never overwrites without a choice
    diffs = [dlg.differences.item(i).text() for i in range(dlg.differences.count())]
    assert any("different (text); this store's copy is kept" in d for d in diffs), diffs
    qtbot.mouseClick(dlg.merge, Qt.MouseButton.LeftButton)
    assert dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text().startswith("Merged:")
    assert load_family(win.store, fid)["map"][0]["text"] == "Changed on this laptop"
    assert _counts(win.store)[:2] == before[:2]  # nothing added, nothing deleted
    dlg.done(0)

    # and as a new copy: a second, separate family
    dlg = _open(qtbot, win, out, BUNDLE_PASS)
    qtbot.mouseClick(dlg.as_copy, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.status.text().startswith("Added as a new copy:")
    names = sorted(f.display_name for f in families.list_families(win.store))
    assert names == sorted([name, f"{name} (copy)"])
    assert load_family(win.store, fid)["map"][0]["text"] == "Changed on this laptop"
    dlg.done(0)


def test_a_damaged_bundle_is_refused_with_a_sentence(qtbot, tmp_path):
    make_store(tmp_path / "b" / "safetymap.db", demo=False)
    bad = tmp_path / "not-a-bundle.smbundle"
    bad.write_bytes(b"this is not a bundle at all" * 10)
    win = open_window(qtbot, tmp_path / "b" / "safetymap.db")
    before = _counts(win.store)
    dlg = _open(qtbot, win, bad, BUNDLE_PASS)
    assert dlg.status.text() == "This file is not a Safety Map bundle; nothing has been changed."
    assert _counts(win.store) == before and not dlg.import_button.isEnabled()
