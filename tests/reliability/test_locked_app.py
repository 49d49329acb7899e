"""A locked laptop holds nothing (the issue "The promises hold at the edges").

- Memory: the real app (a child process, offscreen) is unlocked with a known passphrase, opens a
  family holding a distinctive case text, has a few letters typed, and is locked through Lock
  now (the auto-lock's path). Its memory is read from /proc/<pid>/mem and the raw key, the key
  in hex, the passphrase and the case text are counted, unlocked (the control: the search finds
  them) and locked. The figures are printed (pytest -s) and asserted.
- Core dumps: the running app has a core-file limit of 0 and is not dumpable.
- Clipboard: text copied from a case text box is cleared on lock and on quit; text another app
  put there is left alone.
- Background work: an export running when the lock comes is cancelled before the key goes,
  writes no file and no audit row, and the store is released only once it has stopped.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from . import memscan

CHILD = Path(__file__).with_name("app_child.py")
ROOT = Path(__file__).resolve().parents[2]

#: the most copies of the case text a locked app may still hold (freed heap blocks Python and
#: Qt do not overwrite); see ARCHITECTURE.md, "A locked laptop holds nothing"
CASE_TEXT_ALLOWED = 5


def _make_store(path: Path, passphrase: str, case_text: str) -> int:
    from safetymap.services import entries, families
    from safetymap.store.engine import Store

    store = Store.create(path, passphrase)
    try:
        fid = families.create_family(store, "Test family")
        entries.add(store, fid, "worry", case_text)
        return fid
    finally:
        store.close()


def _start_child(tmp_path: Path, store_path: Path, fid: int, mode: str,
                 preexec=None) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SAFETYMAP_HOME=str(tmp_path / "home"),
               SAFETYMAP_TEST_FAST_KDF="1",
               PYTHONPATH=os.pathsep.join([str(ROOT / "desktop"), str(ROOT)]))
    env.pop("SAFETYMAP_PASSPHRASE", None)
    return subprocess.Popen([sys.executable, str(CHILD), str(store_path), str(fid), mode],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=str(tmp_path),
                            preexec_fn=preexec)


def _line(child: subprocess.Popen) -> str:
    """The child's next protocol line (it starts "@ "; Qt or PySide may print others)."""
    assert child.stdout is not None
    while True:
        line = child.stdout.readline().decode("ascii", "replace")
        if not line:
            child.wait(10)
            err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
            pytest.fail(f"the app process ended early ({child.returncode}): {err[-2000:]}")
        if line.startswith("@ "):
            return line[2:].strip()


def _send(child: subprocess.Popen, data: bytes) -> None:
    assert child.stdin is not None
    child.stdin.write(data)
    child.stdin.flush()


def _end(child: subprocess.Popen) -> None:
    try:
        _send(child, b"quit\n")
    except (BrokenPipeError, OSError):
        pass
    try:
        child.wait(20)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(10)


# -- memory --------------------------------------------------------------------------------------
def _needles(key: bytes, passphrase: str, case_text: str) -> dict[str, bytes]:
    return {
        "key raw": key,
        "key hex": key.hex().encode("ascii"),
        "key HEX": key.hex().upper().encode("ascii"),
        "passphrase utf-8": passphrase.encode("utf-8"),
        "passphrase utf-16": passphrase.encode("utf-16-le"),
        "case text utf-8": case_text.encode("utf-8"),
        "case text utf-16": case_text.encode("utf-16-le"),
    }


def test_a_locked_app_holds_no_key_no_passphrase_and_hardly_any_case_text(tmp_path):
    from safetymap.store import keyslots

    # random per run, so nothing on disk (a .pyc, a log) can contain them
    passphrase = "lantern quokka " + secrets.token_hex(8) + " harbour"
    case_text = "Zephyrine Okonkwo-" + secrets.token_hex(8) + " keeps the blue door locked"
    store_path = tmp_path / "store" / "safetymap.db"
    fid = _make_store(store_path, passphrase, case_text)
    from safetymap.store.engine import unlock_master

    # the store's key is its master key (store format 3); the passphrase slot's key-encryption
    # key is a needle too: neither may stay in a locked app's memory
    master = unlock_master(store_path, passphrase=passphrase)
    key = bytes(master.raw)
    master.wipe()
    slot = keyslots.read_slots(store_path).slot("passphrase")
    assert slot is not None
    kek_buf = keyslots.passphrase_kek(passphrase, slot)
    kek = bytes(kek_buf.raw)
    kek_buf.wipe()
    needles = _needles(key, passphrase, case_text)
    needles["passphrase slot key raw"] = kek

    child = _start_child(tmp_path, store_path, fid, "memory")
    try:
        assert _line(child).startswith("ready")
        _send(child, passphrase.encode("utf-8") + b"\n")
        assert _line(child) == "typed"
        typed = memscan.count(child.pid, needles)
        _send(child, b"unlock\n")
        reply = _line(child)
        assert reply.startswith("unlocked"), reply
        assert reply != "unlocked 0", "no case text box was found to type into"
        unlocked = memscan.count(child.pid, needles)
        _send(child, b"lock\n")
        assert _line(child) == "locked 1"
        locked = memscan.count(child.pid, needles)
    finally:
        _end(child)

    print("\ncopies in the app's memory   typed  unlocked  locked")
    for label in needles:
        print(f"  {label:<26} {typed[label]:>5}  {unlocked[label]:>8}  {locked[label]:>6}")

    # the control: while unlocked the same search finds each of them
    assert unlocked["key raw"] + unlocked["key hex"] + unlocked["key HEX"] > 0, unlocked
    assert unlocked["case text utf-8"] + unlocked["case text utf-16"] > 0, unlocked
    # the passphrase, while it sits in its box before Return (a QString: UTF-16)
    assert typed["passphrase utf-16"] > 0, typed

    assert locked["key raw"] == 0, locked
    assert locked["key hex"] == 0 and locked["key HEX"] == 0, locked
    assert locked["passphrase slot key raw"] == 0, locked
    assert locked["passphrase utf-8"] == 0 and locked["passphrase utf-16"] == 0, locked
    assert locked["case text utf-8"] + locked["case text utf-16"] <= CASE_TEXT_ALLOWED, locked


# -- core dumps ----------------------------------------------------------------------------------
def _raise_core_limit() -> None:
    """In the child before exec: as after `ulimit -c unlimited` (as far as the hard limit goes)."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def _core_limits(pid: int) -> tuple[str, str]:
    with open(f"/proc/{pid}/limits", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Max core file size"):
                soft, hard = line[len("Max core file size"):].split()[:2]
                return soft, hard
    raise AssertionError("no core-file line in /proc/<pid>/limits")


def test_the_running_app_writes_no_core_file_and_is_not_dumpable(tmp_path):
    store_path = tmp_path / "store" / "safetymap.db"
    fid = _make_store(store_path, "lantern quokka harbour kettle", "nothing to see")
    # the control: the same reading of a plain Python process started the same way
    plain = subprocess.Popen(
        [sys.executable, "-c", "import ctypes,sys; print(ctypes.CDLL(None).prctl(3,0,0,0,0),"
         " flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=_raise_core_limit)
    try:
        plain_dumpable = plain.stdout.readline().strip()
        plain_limits = _core_limits(plain.pid)
    finally:
        plain.communicate(b"", timeout=20)
    child = _start_child(tmp_path, store_path, fid, "hardening", preexec=_raise_core_limit)
    try:
        ready = _line(child)
        limits = _core_limits(child.pid)
    finally:
        _end(child)
    print(f"\nplain python: dumpable {plain_dumpable.decode()}, core limit {plain_limits}; "
          f"the app: {ready}, core limit {limits}")
    assert plain_dumpable == b"1" and plain_limits != ("0", "0"), (
        "the control needs a process that could dump core (hard core limit is 0 here?)")
    assert ready == "ready 0", ready  # PR_GET_DUMPABLE
    assert limits == ("0", "0"), limits


# -- the clipboard ---------------------------------------------------------------------------------
def _case_box(win):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

    page = win.workspace.current_page()
    for w in page.findChildren(QWidget):
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)) and w.isVisibleTo(page) \
                and not w.isReadOnly():
            text = w.text() if isinstance(w, QLineEdit) else w.toPlainText()
            if "Zephyrine" in text:
                return w
    raise AssertionError("no box shows the case text")


def _window_on_family(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from tests.ui.shell_support import PASSPHRASE, open_window

    store_path = tmp_path / "store" / "safetymap.db"
    fid = _make_store(store_path, PASSPHRASE, "Zephyrine keeps the blue door locked")
    win = open_window(qtbot, store_path)
    win.open_family(fid, "worried")
    win.activateWindow()
    return win, store_path, fid


def test_text_copied_in_the_app_is_cleared_on_lock(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    win, _path, _fid = _window_on_family(qtbot, tmp_path)
    cb = QApplication.clipboard()
    box = _case_box(win)
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box, timeout=5000)
    box.selectAll()
    box.copy()
    assert "Zephyrine" in cb.text()  # the control: the copy reached the clipboard
    assert win.clipboard_guard.holds_ours
    win.lock_action.trigger()
    assert cb.text() == ""


def test_text_another_app_copied_is_left_alone_on_lock(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    win, _path, _fid = _window_on_family(qtbot, tmp_path)
    cb = QApplication.clipboard()
    box = _case_box(win)
    box.setFocus()
    box.selectAll()
    cb.setText("a shopping list from another app")  # not the selection: not ours
    assert not win.clipboard_guard.holds_ours
    win.lock_action.trigger()
    assert cb.text() == "a shopping list from another app"


def test_text_copied_in_the_app_is_cleared_on_quit(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    win, _path, _fid = _window_on_family(qtbot, tmp_path)
    cb = QApplication.clipboard()
    box = _case_box(win)
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box, timeout=5000)
    box.selectAll()
    box.copy()
    assert "Zephyrine" in cb.text()
    win.close()
    assert cb.text() == ""


# -- background work at lock time ----------------------------------------------------------------
def _audit_actions(store_path: Path) -> list[str]:
    from sqlalchemy import text

    from safetymap.store.engine import Store
    from tests.ui.shell_support import PASSPHRASE

    with Store.open(store_path, PASSPHRASE) as s, s.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT action FROM audit_log"))]


def _start_slow_export(qtbot, monkeypatch, tmp_path, *, calls_progress: bool):  # type: ignore[no-untyped-def]
    from safetymap.services import documents

    win, store_path, _fid = _window_on_family(qtbot, tmp_path)
    started, release, ended = threading.Event(), threading.Event(), threading.Event()
    real = documents._BUILDERS["assessment"]

    def slow(doc, template, safe_copy, progress, **kw):  # type: ignore[no-untyped-def]
        started.set()
        try:
            while not release.wait(0.01):
                if calls_progress:
                    progress(0.5)  # a real builder reports progress section by section
            return real(doc, template, safe_copy, progress, **kw)
        finally:
            ended.set()

    monkeypatch.setitem(documents._BUILDERS, "assessment", slow)
    win.export_document("assessment")
    dlg = win.export_dialog
    dlg.safety_check = lambda kind, safe_copy: True
    dlg.radios["assessment"].setChecked(True)
    out = tmp_path / "out" / "assessment.pdf"
    out.parent.mkdir()
    dlg.ask_path = lambda suggested: str(out)
    dlg.save()
    qtbot.waitUntil(started.is_set, timeout=30000)
    return win, store_path, out, release, ended


def test_lock_cancels_a_running_export_before_the_key_goes(qtbot, monkeypatch, tmp_path):
    from safetymap.store.engine import Store
    from safetymap.store.errors import StoreLocked
    from tests.ui.shell_support import PASSPHRASE

    win, store_path, out, release, ended = _start_slow_export(qtbot, monkeypatch, tmp_path,
                                                              calls_progress=True)
    store = win.store
    # the control: while the export runs the store is held, so no other process can open it
    with pytest.raises(StoreLocked):
        Store.open(store_path, PASSPHRASE)
    win.lock_action.trigger()
    # the lock returned only after the export had stopped, and then closed the store
    assert ended.is_set(), "the lock did not wait for the export"
    assert store.closed
    release.set()
    qtbot.wait(50)
    assert not out.exists() and not list(out.parent.iterdir()), "a file was written after lock"
    actions = _audit_actions(store_path)
    assert "export_pdf" not in actions and actions, actions
    assert win.store is None


def test_an_export_that_ignores_cancel_cannot_write_after_the_lock(qtbot, monkeypatch,
                                                                   tmp_path):
    """The lock's wait is bounded; a task still inside a step that never reports progress is
    left running, but the store is closed under it and its next progress call is refused, so
    it writes neither the file nor the audit row when it wakes."""
    from safetymap.ui import tasks

    win, store_path, out, release, ended = _start_slow_export(qtbot, monkeypatch, tmp_path,
                                                              calls_progress=False)
    store = win.store
    monkeypatch.setattr(tasks, "STOP_WAIT_S", 0.2)
    win.lock_action.trigger()
    assert not ended.is_set()  # still blocked: the bound was reached
    assert store.closed
    # the store file is free for another process at once
    actions = _audit_actions(store_path)
    release.set()
    qtbot.waitUntil(ended.is_set, timeout=30000)
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(30000)
    assert not out.exists() and not list(out.parent.iterdir()), "a file was written after lock"
    assert "export_pdf" not in _audit_actions(store_path), actions
