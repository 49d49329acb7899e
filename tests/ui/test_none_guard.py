"""ui/none_guard.py: PySide6 6.12.0 on CPython 3.11 takes a reference from None on every Qt
call that returns nothing, and the process aborts once None's references are gone. The attack:
200,000 such calls, as a long home visit makes. With the guard the process lives; the control,
with the guard turned off, shows the abort the guard prevents (where the bindings leak)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CALLS = r"""
import sys
import safetymap.ui  # the guard runs here
from safetymap.ui import none_guard
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("x")
leaks = none_guard.leaks_none()
for _ in range(200_000):
    label.setText("y")
    label.update()
print("alive", leaks, flush=True)
import os
os._exit(0)  # the control's None is freed at the end, not mid-visit: say so before then
"""


def _run(guard: bool) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO / "desktop"))
    if not guard:
        env["SAFETYMAP_NO_NONE_GUARD"] = "1"
    return subprocess.run([sys.executable, "-c", CALLS], env=env, capture_output=True,
                          text=True, timeout=120)


def test_two_hundred_thousand_qt_calls_do_not_abort_the_app():
    done = _run(guard=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("alive")


def test_control_without_the_guard_leaky_bindings_abort_the_process():
    """Where the bindings leak (PySide6 6.12.0 on CPython 3.11, as on CI), the same calls abort
    the process with none_dealloc; where they do not, the process lives and says so."""
    guarded = _run(guard=True)
    leaky = guarded.stdout.split()[-1] == "True" if guarded.stdout else False
    done = _run(guard=False)
    if leaky or (sys.version_info < (3, 12) and "none_dealloc" in done.stderr):
        assert done.returncode != 0 and "none_dealloc" in done.stderr, done.stderr[-2000:]
    else:
        assert done.returncode == 0 and done.stdout.startswith("alive False")
