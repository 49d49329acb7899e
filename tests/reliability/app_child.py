"""A child process running the real app (`safetymap.ui.app.run_app`, offscreen), driven over a
pipe by tests/reliability/test_locked_app.py.

    python app_child.py <store path> <family id> <mode>

It prints `ready <PR_GET_DUMPABLE>` once the unlock screen is up (run_app's first turn of the
event loop), then waits for one line per step on stdin:

- mode "hardening": `quit` ends it (meanwhile the test reads /proc/<pid>/limits).
- mode "memory": the passphrase line is read with os.readv into a bytearray (no Python str of
  it is ever made here) and typed into the passphrase box key by key, then wiped; Return
  unlocks. The family is opened on its "worried" page and a few letters are typed into a case
  text box. (It prints `typed` once the passphrase is in its box, and goes on at `unlock`.)
  It prints `unlocked` and waits: the test reads this process's memory. `lock` runs
  the Lock now action (the auto-lock's code path) and prints `locked`; `quit` ends it.

Nothing here prints case text or the passphrase.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def say(line: str) -> None:
    os.write(1, ("@ " + line + "\n").encode("ascii"))  # "@ ": not a line Qt or PySide printed


def read_command() -> str:
    out = bytearray()
    while True:
        ch = os.read(0, 1)
        if not ch or ch == b"\n":
            return out.decode("ascii")
        out += ch


def read_secret(buf: bytearray) -> int:
    """Read one line into buf (in place); returns its length without the newline."""
    view = memoryview(buf)
    n = 0
    while n < len(buf):
        got = os.readv(0, [view[n:n + 1]])
        if got == 0 or buf[n] == 0x0A:
            buf[n] = 0
            return n
        n += 1
    return n


def main() -> None:
    store_path, family_id, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

    from safetymap import hardening
    from safetymap.ui import app as appmod

    def wait_until(cond, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while not cond():
            if time.monotonic() > deadline:
                say("timeout")
                os._exit(3)
            QApplication.processEvents()
            time.sleep(0.01)

    def scenario() -> None:
        from safetymap.ui.main_window import MainWindow

        win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        say(f"ready {hardening.dumpable()}")
        if mode == "hardening":
            read_command()
            os._exit(0)
        buf = bytearray(256)
        n = read_secret(buf)
        box = win.unlock_view.passphrase
        box.setFocus()
        for i in range(n):
            QTest.keyClick(box, chr(buf[i]))  # one-letter strings are CPython's own singletons
            buf[i] = 0
        QApplication.processEvents()
        say("typed")  # the test looks for the passphrase now (the control)
        if read_command() != "unlock":
            os._exit(4)
        QTest.keyClick(box, Qt.Key.Key_Return)
        wait_until(lambda: win.store is not None and not win.unlock_view.is_busy)
        win.open_family(family_id, "worried")
        wait_until(lambda: win.workspace is not None)
        page = win.workspace.current_page()
        boxes = [w for w in page.findChildren(QWidget)
                 if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit))
                 and w.isVisibleTo(page) and not w.isReadOnly()]
        if boxes:
            boxes[0].setFocus()
            QTest.keyClicks(boxes[0], "a little more")
        QApplication.processEvents()
        say(f"unlocked {len(boxes)}")
        if read_command() != "lock":
            os._exit(4)
        win.lock_action.trigger()
        say(f"locked {int(win.store is None)}")
        read_command()
        os._exit(0)

    appmod._warm_up = scenario  # run_app schedules _warm_up once the window is shown
    appmod.run_app(store_path)


if __name__ == "__main__":
    main()
