"""Handing a case over through the File menu: save a bundle (passphrase typed twice, sealed on a
pool thread), receive it into a second store (decrypted on a pool thread), then receive it again:
the person must choose a copy or a merge, and the merge lists what differs first. A wrong
passphrase is a sentence and changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.services import entries as entry_cmds
from safetymap.services import families
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
    entry_cmds.edit(win.store, entry["id"], text="Changed on this laptop")
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


def test_a_merge_that_would_unhide_the_refuge_address_asks_first_in_red(qtbot, tmp_path,
                                                                         monkeypatch):
    """A bundle carrying `confidential=false, safe_to_share=true` for the refuge address: the
    dialog lists both changes first, in red, each with an unticked box; importing passes
    exactly the ticked keys, and what was not ticked stays hidden."""
    import copy

    from PySide6.QtGui import QColor

    from safetymap.services import bundles
    from safetymap.services.demo import DEMO_NAMES
    from safetymap.store import bundle as fmt
    from safetymap.store.engine import Store

    from ..conftest import PASSPHRASE

    a_path, b_path = tmp_path / "a" / "safetymap.db", tmp_path / "b" / "safetymap.db"
    make_store(a_path)
    make_store(b_path, demo=False)
    good, hostile = tmp_path / "good.smbundle", tmp_path / "hostile.smbundle"
    with Store.open(a_path, PASSPHRASE) as a:
        fid = families.resolve_family(a, DEMO_NAMES[2])
        bundles.export_bundle(a, fid, good, BUNDLE_PASS, kdf=fmt.BundleKdf.fast_for_tests())
        payload = copy.deepcopy(bundles.build_payload(a, fid))
    row = next(r for r in payload["records"]["ContactDetail"] if "Cedar Lane" in r["value"])
    row.update(confidential=False, safe_to_share=True)
    hostile.write_bytes(fmt.seal(payload, BUNDLE_PASS, fmt.BundleKdf.fast_for_tests()))
    with Store.open(b_path, PASSPHRASE) as b:
        bundles.import_bundle_file(b, good, BUNDLE_PASS)

    win = open_window(qtbot, b_path)
    dlg = _open(qtbot, win, hostile, BUNDLE_PASS)
    assert dlg.choice_box.isVisible()
    qtbot.mouseClick(dlg.merge, Qt.MouseButton.LeftButton)
    box = dlg.relaxations
    assert box.isVisible() and box.count() == 2 and dlg.relax_label.isVisible()
    texts = [box.item(i).text() for i in range(box.count())]
    assert all("Cedar Lane" in t for t in texts), texts
    for i in range(box.count()):
        item = box.item(i)
        assert item.checkState() == Qt.CheckState.Unchecked
        assert item.foreground().color() == QColor("#a4161a")
    # first: above the other differences
    assert box.mapTo(dlg, box.rect().topLeft()).y() < \
        dlg.differences.mapTo(dlg, dlg.differences.rect().topLeft()).y()
    assert "Careful" in dlg.relax_label.text()
    for label in dlg.findChildren(type(dlg.summary)):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert unnamed(dlg) == []
    dlg.resize(760, 900)
    qtbot.wait(50)
    dlg.grab().save(str(tmp_path / "merge.png"))
    if os.environ.get("SAFETYMAP_SHOT"):
        dlg.grab().save(os.environ["SAFETYMAP_SHOT"])

    # tick only "safe to share"; the service gets exactly that key
    seen: list[dict] = []
    real = bundles.import_bundle

    def spy(store, contents, mode=None, **kw):
        seen.append(kw)
        return real(store, contents, mode, **kw)

    monkeypatch.setattr(bundles, "import_bundle", spy)
    keys = [str(box.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(box.count())]
    share = next(k for k in keys if k.endswith(".safe_to_share"))
    box.item(keys.index(share)).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert seen == [{"allow_relax": {share}, "take_bundle": set()}]
    assert dlg.status.text().startswith("Merged:")
    assert "Left out 1 change that would have made something more visible" in \
        dlg.status.text()
    doc = families.load_family(win.store, dlg.import_result.family_id)
    c = next(c for p in doc["people"] for c in p["contacts"] if "Cedar Lane" in c["value"])
    assert c["confidential"] is True and c["safe_to_share"] is True
    dlg.done(0)
