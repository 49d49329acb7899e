"""Long work off the GUI thread (key derivation, PDF export), with the result or the error
delivered back on the GUI thread.

`run_in_background(fn, on_done, on_error)` runs `fn()` on the global QThreadPool. Errors reach
`on_error` as a sentence: StoreError messages are sentences already; anything else becomes a kind,
generic sentence, and only its type is logged (a message could contain case data).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ..store.errors import StoreError

log = logging.getLogger(__name__)

GENERIC_ERROR = "Something went wrong and that could not be finished. Nothing saved has been lost."


def error_sentence(exc: BaseException) -> str:
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return "Safety Map is not allowed to write there. Choose another folder."
    if isinstance(exc, OSError):
        return "That file could not be read or written. Check the folder and try again."
    return GENERIC_ERROR


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(float)


class Task(QRunnable):
    """One piece of background work. Keep a reference (the pool does not own the signals)."""

    def __init__(self, fn: Callable[..., Any], *, with_progress: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.with_progress = with_progress
        self.signals = _Signals()
        self.finished = False

    @Slot()
    def run(self) -> None:  # runs on a pool thread
        try:
            if self.with_progress:
                result = self.fn(self.signals.progress.emit)
            else:
                result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - delivered as a sentence
            log.error("background task failed: %s", type(exc).__name__)
            self.finished = True
            self.signals.failed.emit(error_sentence(exc))
            return
        self.finished = True
        self.signals.done.emit(result)


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
        on_done(result)

    def _finish_err(msg: str) -> None:
        _running.discard(task)
        on_error(msg)

    task.signals.done.connect(_finish_ok)
    task.signals.failed.connect(_finish_err)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_background(ms: int = 30000) -> bool:
    """Wait for background work (before locking or closing, so no task uses a closed store)."""
    return QThreadPool.globalInstance().waitForDone(ms)
