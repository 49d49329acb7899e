"""The autosaver's maximum wait: however fast the typing, a change is committed no later than
MAX_WAIT_MS after the first unsaved edit. The clock is faked, so nothing here is timed; the
real-process attack is tests/reliability/test_kill_typing.py."""

from __future__ import annotations

import pytest

from safetymap.ui import autosave


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(autosave.time, "monotonic", c)
    return c


def test_steady_typing_shortens_the_wait_to_the_deadline(qtbot, clock):
    saver = autosave.Autosaver()
    saves: list[int] = []
    waits = []
    for i in range(12):  # a key every 0.15 s: each one alone would wait the full pause
        clock.t = 100.0 + 0.15 * i
        saver.schedule("field", lambda i=i: saves.append(i))
        waits.append(saver._timer.interval())
        # the timer would fire at clock + interval: never later than the first edit + max wait
        assert clock.t + waits[-1] / 1000 <= 100.0 + autosave.MAX_WAIT_MS / 1000 + 1e-6
        if waits[-1] == 0:
            break
    assert waits[0] == autosave.AUTOSAVE_MS
    assert waits[-1] == 0  # past the deadline: save at the next turn of the event loop
    qtbot.waitUntil(lambda: bool(saves), timeout=2000)
    assert saves == [len(waits) - 1] and saver.pending == 0


def test_after_a_save_the_next_edit_starts_a_new_deadline(qtbot, clock):
    saver = autosave.Autosaver()
    saver.schedule("a", lambda: None)
    clock.t += 0.5
    saver.flush()
    clock.t += 10
    saver.schedule("a", lambda: None)
    assert saver._timer.interval() == autosave.AUTOSAVE_MS


def test_control_without_a_maximum_wait_steady_typing_never_saves(qtbot, clock):
    """The old debounce: every key restarts the full pause, so the deadline is never met."""
    saver = autosave.Autosaver(max_wait_ms=None)
    for i in range(40):
        clock.t = 100.0 + 0.15 * i
        saver.schedule("field", lambda: None)
        assert saver._timer.interval() == autosave.AUTOSAVE_MS
    assert clock.t + autosave.AUTOSAVE_MS / 1000 > 100.0 + 1.0


def test_a_failed_save_stays_pending_and_is_tried_again(qtbot, clock):
    saver = autosave.Autosaver()
    calls = {"n": 0}

    def flaky() -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk full")

    saver.schedule("x", flaky)
    assert saver.flush() is False and saver.pending == 1
    assert saver.flush() is True and saver.pending == 0
