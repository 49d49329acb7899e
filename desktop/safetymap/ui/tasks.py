"""Long work off the GUI thread (key derivation, PDF export), with the result or the error
delivered back on the GUI thread.

`run_in_background(fn, on_done, on_error)` runs `fn()` on the global QThreadPool. Errors reach
`on_error` as a sentence: StoreError messages are sentences already; anything else becomes a kind,
generic sentence, and only its type is logged (a message could contain case data).

**Locking.** `stop_all_tasks()` runs before the store is closed: every task is cancelled (a task
still waiting in the pool never starts; a task with progress gets `Cancelled` raised from its
next progress call, so an export stops before its file or audit row is written) and then waited
for, up to a bound, with `while_waiting` called so a busy indicator can move. A cancelled task's
result or error is never delivered, so nothing it made reaches the locked screen.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ..store.errors import StoreError
from .tr import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

GENERIC_ERROR = QT_TRANSLATE_NOOP(
    "tasks", "Something went wrong and that could not be finished. Nothing saved has been lost.")


def error_sentence(exc: BaseException) -> str:
    """The sentence a person reads (in the screens' language; also called on pool threads:
    QCoreApplication.translate is thread-safe)."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return translate("tasks", "Safety Map is not allowed to write there. Choose another "
                         "folder.")
    if isinstance(exc, OSError):
        return translate("tasks", "That file could not be read or written. Check the folder "
                         "and try again.")
    return translate("tasks", GENERIC_ERROR)


class Cancelled(Exception):  # noqa: N818 - it is not an error, the window is locking
    """Raised inside a background task (from its progress callback) once it is cancelled."""


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(float)


class Task(QRunnable):
    """One piece of background work. Keep a reference (the pool does not own the signals)."""

    def __init__(self, fn: Callable[..., Any], *, with_progress: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn: Callable[..., Any] | None = fn
        self.with_progress = with_progress
        self.signals = _Signals()
        self.finished = False
        self._cancel = threading.Event()
        self._ended = threading.Event()  # set when run() has returned (or will never run)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise Cancelled once the task is cancelled (for work that wants a cancel point)."""
        if self._cancel.is_set():
            raise Cancelled

    def _progress(self, fraction: float) -> None:
        self.check()
        self.signals.progress.emit(fraction)

    def wait(self, seconds: float) -> bool:
        return self._ended.wait(seconds)

    def _never_ran(self) -> None:
        self.fn = None
        self.finished = True
        self._ended.set()

    @Slot()
    def run(self) -> None:  # runs on a pool thread
        # The function (and what its closure holds: a store, a passphrase, case text) is let go
        # of as soon as it has run, even though callers keep the Task.
        fn, self.fn = self.fn, None
        try:
            if self._cancel.is_set():
                raise Cancelled
            if fn is None:  # run twice, or after _never_ran: was a TypeError, the same sentence
                raise RuntimeError("this task has already run")
            if self.with_progress:
                result = fn(self._progress)
            else:
                result = fn()
        except BaseException as exc:  # noqa: BLE001 - delivered as a sentence
            self.finished = True
            self._ended.set()
            if self._cancel.is_set():
                return  # locked: nothing is delivered (and the error is expected)
            log.error("background task failed: %s", type(exc).__name__)
            self.signals.failed.emit(error_sentence(exc))
            return
        self.finished = True
        self._ended.set()
        if not self._cancel.is_set():
            self.signals.done.emit(result)
        del result


_running: set[Task] = set()


def run_in_background(fn: Callable[..., Any], on_done: Callable[[Any], None],
                      on_error: Callable[[str], None], *,
                      on_progress: Callable[[float], None] | None = None,
                      receiver: QObject | None = None) -> Task:
    """Start fn on the thread pool. Callbacks run on the GUI thread (queued signals)."""
    task = Task(fn, with_progress=on_progress is not None)
    if receiver is not None:
        # Parent the signal object's lifetime to nothing, but move it to the receiver's thread
        # so queued delivery happens on the GUI thread.
        task.signals.moveToThread(receiver.thread())

    def _finish_ok(result: Any) -> None:
        _running.discard(task)
        if not task.cancelled:
            on_done(result)

    def _finish_err(msg: str) -> None:
        _running.discard(task)
        if not task.cancelled:
            on_error(msg)

    task.signals.done.connect(_finish_ok)
    task.signals.failed.connect(_finish_err)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task


def running_tasks() -> list[Task]:
    return [t for t in _running if not t.finished]


#: how long a lock waits for tasks that were cancelled but are still inside a slow step
STOP_WAIT_S = 30.0


def stop_all_tasks(timeout_s: float | None = None,
                   while_waiting: Callable[[], None] | None = None) -> bool:
    """Cancel every background task and wait until each has ended (before the store closes).

    True when all have ended. A task still running after `timeout_s` is left cancelled: it gets
    no result delivered, the next progress call raises Cancelled, and the store it holds is
    closed under it (a closed Store refuses to be used), so it cannot write after the lock."""
    tasks = list(_running)
    pool = QThreadPool.globalInstance()
    for task in tasks:
        task.cancel()
        if not task.finished and pool.tryTake(task):  # still queued: it never runs
            task._never_ran()
    for task in tasks:
        _running.discard(task)
    deadline = time.monotonic() + max(0.0, STOP_WAIT_S if timeout_s is None else timeout_s)
    for task in tasks:
        while not task.wait(0.05):
            if time.monotonic() >= deadline:
                log.error("a background task did not stop in time")
                return False
            if while_waiting is not None:
                while_waiting()
    return True


def wait_for_background(ms: int | None = None) -> bool:
    """Cancel and wait for background work (before closing, so no task uses a closed store)."""
    return stop_all_tasks(None if ms is None else ms / 1000)
