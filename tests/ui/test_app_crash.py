"""A crash loses nothing that had autosaved: a real app process types into the plan, waits
longer than the autosave delay, then dies without closing anything (os._exit). The store is
reopened here and the text is there; the app also reopens at the same family and page."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from .shell_support import make_store, open_window, read_family

SCRIPT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from safetymap.ui.app import make_app
    from safetymap.ui.main_window import MainWindow
    from safetymap.ui.autosave import AUTOSAVE_MS

    store_path, fid = Path(sys.argv[1]), int(sys.argv[2])
    app = make_app()
    win = MainWindow(store_path)
    win.show()
    win.unlock_view.passphrase.setText("kitchen table blue kettle morning")
    win.unlock_view.submit()
    end = time.monotonic() + 30
    while win.store is None and time.monotonic() < end:
        app.processEvents(); time.sleep(0.01)
    win.open_family(fid, "plan")
    page = win.workspace.pages["plan"]
    page.if_not_working.setPlainText("Call Gwen first, then Alex. Ffonio Siôn.")
    page.review.setPlainText("typed at the very last moment")
    # wait longer than the autosave delay for the first text...
    end = time.monotonic() + (AUTOSAVE_MS + 600) / 1000
    while time.monotonic() < end:
        app.processEvents(); time.sleep(0.01)
    page.warning_signs_marker = None
    print("SAVED", flush=True)
    os._exit(9)  # ...then die: no close, no flush, no store.close()
""")


def test_a_crash_after_typing_loses_nothing_that_had_autosaved(qtbot, store_path, tmp_path):
    ids = make_store(store_path)
    script = tmp_path / "crash_app.py"
    script.write_text(SCRIPT, "utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(script), str(store_path), str(ids[0])], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr[-2000:]
    assert "SAVED" in proc.stdout
    assert "Traceback" not in proc.stderr

    plan = read_family(store_path, ids[0])["safety_plan"]["current"]
    assert plan["if_not_working"] == "Call Gwen first, then Alex. Ffonio Siôn."
    assert plan["review"] == "typed at the very last moment"  # also older than the delay

    win = open_window(qtbot, store_path)  # and the app reopens where the worker was
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=10000)
    assert win.workspace.current_page_key() == "plan"
    assert win.workspace.pages["plan"].if_not_working.toPlainText() == (
        "Call Gwen first, then Alex. Ffonio Siôn.")


def test_without_autosave_the_crash_test_would_lose_the_text(qtbot, store_path, tmp_path):
    """The check above can fail: die before the autosave delay and the text is not there."""
    ids = make_store(store_path)
    script = tmp_path / "crash_early.py"
    script.write_text(SCRIPT.replace("(AUTOSAVE_MS + 600) / 1000", "0"), "utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(script), str(store_path), str(ids[0])], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr[-2000:]
    plan = read_family(store_path, ids[0])["safety_plan"]["current"]
    assert plan["if_not_working"] != "Call Gwen first, then Alex. Ffonio Siôn."
