"""SIGKILL during steady typing loses nothing typed more than a second before the kill.

The attack that broke the first autosaver: a real app process (the real MainWindow, offscreen,
unlocked through the real unlock view) types steadily into the plan's "If the plan isn't
working" box, one key every 0.12-0.30 s and sometimes with pauses, and is killed with SIGKILL
at a random moment. Keys go through Qt's event system to the real widget (QTest.keyClick on
the app's own event loop, the loop the autosave timer runs on); the child logs the monotonic
time of each key with an unbuffered write, which survives the kill. The test then opens the
store afresh: the stored text must be a prefix of what was typed that holds every character
typed more than 1 s before the kill, and the integrity check must pass.

`make test` runs 30 trials; `make soak` runs 200 (SAFETYMAP_SOAK_TRIALS). The control runs the
same attack with the maximum wait switched off (the old debounce) and must lose text.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from safetymap.services.families import create_family, load_family, set_language
from safetymap.services.integrity import check_store
from safetymap.store.engine import Store

PASSPHRASE = "kitchen table blue kettle morning"
TRIALS = int(os.environ.get("SAFETYMAP_SOAK_TRIALS", "30"))
MARGIN_S = 1.0
ALPHABET = "abcdefghijklmnopqrstuvwxyz     .,"
#: the language note is stored stripped: no spaces, so what is stored is a prefix of the keys
NOTE_ALPHABET = "abcdefghijklmnopqrstuvwxyz.,;"

CHILD = textwrap.dedent("""
    import os, random, sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    import safetymap.ui.autosave as autosave
    target = sys.argv[8]
    if sys.argv[5] == "untyped":  # the language note's control: saved only on leaving the box
        from safetymap.ui.widgets.language import LanguageChoice
        LanguageChoice._typed = lambda self, text: None
    if sys.argv[5] == "old":  # the control: the debounce without a maximum wait
        _init = autosave.Autosaver.__init__
        def _old(self, parent=None, delay_ms=autosave.AUTOSAVE_MS, max_wait_ms=None):
            _init(self, parent, delay_ms, None)
        autosave.Autosaver.__init__ = _old
    from safetymap.ui.app import make_app
    from safetymap.ui.main_window import MainWindow

    store_path, fid, log_path = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]))
    pauses = sys.argv[6] == "pauses"
    alphabet = sys.argv[7]
    app = make_app()
    win = MainWindow(store_path)
    win.resize(1200, 800)
    win.show()
    win.unlock_view.passphrase.setText(%r)
    win.unlock_view.submit()
    end = time.monotonic() + 60
    while win.store is None and time.monotonic() < end:
        app.processEvents(); time.sleep(0.01)
    if target == "plan":
        win.open_family(fid, "plan")
        box = win.workspace.pages["plan"].if_not_working
    else:  # the family's language note ("another language": which, an interpreter?)
        win.open_family(fid, "people")
        box = win.workspace.pages["people"].family_language.note
    box.setFocus()
    app.processEvents()
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    state = {"i": 0}

    def key():
        ch = alphabet[rng.randrange(len(alphabet))]
        QTest.keyClick(box, ch)
        os.write(log, f"{time.monotonic():.6f} {ch}\\n".encode())
        state["i"] += 1
        gap = rng.uniform(0.12, 0.30)
        if pauses and rng.random() < 0.12:
            gap = rng.uniform(0.5, 2.0)
        QTimer.singleShot(int(gap * 1000), key)

    print("READY", flush=True)
    QTimer.singleShot(0, key)
    app.exec()
""") % PASSPHRASE


@dataclass
class Trial:
    seed: int
    kill_after_s: float
    typed: str
    stored: str
    due: int  # characters typed more than MARGIN_S before the kill
    check_ok: bool
    problems: list[str]

    @property
    def lost(self) -> int:
        """Characters typed more than a second before the kill that are not in the store."""
        if not self.typed.startswith(self.stored):
            return self.due  # not a prefix: count it all as lost (and the test says so)
        return max(0, self.due - len(self.stored))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    os.environ["SAFETYMAP_TEST_FAST_KDF"] = "1"
    path = tmp_path_factory.mktemp("kill-template") / "safetymap.db"
    store = Store.create(path, PASSPHRASE)
    try:
        fid = create_family(store, "Kill-test family")
        set_language(store, fid, "other")  # the note box is shown for another language
    finally:
        store.close()
    return path, fid


def _copy_store(template: Path, dest_dir: Path) -> Path:
    """A closed store is its folder's files (database, key settings, seal), minus the lock."""
    dest_dir.mkdir(parents=True)
    for f in template.parent.iterdir():
        if f.is_file() and not f.name.endswith(".lock"):
            shutil.copy2(f, dest_dir / f.name)
    return dest_dir / template.name


def _run_trial(template: tuple[Path, int], work: Path, seed: int, mode: str,
               target: str = "plan") -> Trial:
    rng = random.Random(seed)
    path = _copy_store(template[0], work / f"trial-{seed}")
    log_path = work / f"trial-{seed}.keys"
    script = work / "typist.py"
    # About a third of the trials pause now and then; the control only types steadily (the
    # case the old debounce lost every time).
    pauses = "pauses" if mode == "new" and rng.random() < 0.35 else "steady"
    kill_after = rng.uniform(1.3, 4.5)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SAFETYMAP_HOME=str(work / "home"))
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path), str(template[1]), str(log_path), str(seed),
         mode, pauses, ALPHABET if target == "plan" else NOTE_ALPHABET, target], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready.strip() == b"READY", proc.stderr.read().decode()[-2000:] if proc.stderr else ""
        time.sleep(kill_after)
        killed_at = time.monotonic()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    keys = [line.split(" ", 1) for line in log_path.read_text("utf-8").splitlines() if line]
    typed = "".join(ch for _, ch in keys)
    due = sum(1 for t, _ in keys if float(t) < killed_at - MARGIN_S)
    store = Store.open(path, PASSPHRASE)
    try:
        doc = load_family(store, template[1])
        stored = (doc["safety_plan"]["current"].get("if_not_working") if target == "plan"
                  else doc["family"].get("language_note")) or ""
        report = check_store(store)
    finally:
        store.close()
    return Trial(seed, round(kill_after, 2), typed, stored, due, report.ok,
                 [str(p) for p in getattr(report, "problems", [])])


def _trials(template: tuple[Path, int], tmp_path: Path, n: int, mode: str,
            first_seed: int, target: str = "plan") -> list[Trial]:
    (tmp_path / "typist.py").write_text(CHILD, "utf-8")
    lock = threading.Lock()
    done: list[Trial] = []

    def one(seed: int) -> None:
        trial = _run_trial(template, tmp_path, seed, mode, target)
        with lock:
            done.append(trial)

    # Two at a time: the kill moments stay random, and the suite stays within its minutes.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for f in [pool.submit(one, first_seed + i) for i in range(n)]:
            f.result()
    return sorted(done, key=lambda t: t.seed)


def test_sigkill_mid_typing_loses_nothing_typed_more_than_a_second_before(template, tmp_path):
    trials = _trials(template, tmp_path, TRIALS, "new", first_seed=1000)
    typed_due = sum(t.due for t in trials)
    lost = sum(t.lost for t in trials)
    print(f"\n{len(trials)} kills: {typed_due} characters typed more than {MARGIN_S:.0f} s "
          f"before a kill, {lost} lost; {sum(len(t.typed) for t in trials)} typed in all")
    assert typed_due > 0, "the harness typed nothing old enough to count"
    bad = [t for t in trials if t.lost or not t.check_ok]
    assert not bad, [(t.seed, t.kill_after_s, t.due, len(t.stored), t.check_ok, t.problems)
                     for t in bad]
    assert sum(1 for t in trials if len(t.stored) < len(t.typed)) > 0, (
        "every kill came after everything was saved: the kills did not land mid-typing")
    for t in trials:  # what is stored is exactly what was typed, up to some point
        assert t.typed.startswith(t.stored), t.seed


def test_control_the_old_debounce_loses_steady_typing(template, tmp_path):
    """The same attack on the autosaver without its maximum wait: steady typing is lost."""
    trials = _trials(template, tmp_path, 3, "old", first_seed=50)
    lost = sum(t.lost for t in trials)
    print(f"\ncontrol: {sum(t.due for t in trials)} characters due, {lost} lost")
    assert all(t.lost > 0 for t in trials), [(t.seed, t.due, len(t.stored)) for t in trials]


def test_sigkill_mid_typing_the_language_note_loses_nothing_a_second_old(template, tmp_path):
    """The family's language note ("Polish; an interpreter for meetings") autosaves while it
    is typed, as every typed box does; it used to wait for the box to be left."""
    trials = _trials(template, tmp_path, 6, "new", first_seed=3000, target="language")
    assert sum(t.due for t in trials) > 0, "the harness typed nothing old enough to count"
    bad = [t for t in trials if t.lost or not t.check_ok or not t.typed.startswith(t.stored)]
    assert not bad, [(t.seed, t.kill_after_s, t.due, len(t.stored), t.check_ok) for t in bad]


def test_control_a_language_note_saved_only_on_leaving_loses_it(template, tmp_path):
    trials = _trials(template, tmp_path, 2, "untyped", first_seed=60, target="language")
    assert all(t.due > 0 and t.stored == "" for t in trials), [
        (t.seed, t.due, len(t.stored)) for t in trials]
