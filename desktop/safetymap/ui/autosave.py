"""Autosave: every edit is durable within a second, with no Save button.

Widgets never write on each keystroke (that would be an audit row per letter). They call
`Autosaver.schedule(key, save_fn)`; the newest function for a key replaces the older one, and all
pending saves run AUTOSAVE_MS after the last edit (a pause), or MAX_WAIT_MS after the first
unsaved edit, whichever comes first. Without the maximum wait, steady typing (a key every 0.1 to
0.3 s) restarted the pause timer for ever and nothing reached the store until the typist stopped:
a crash then lost everything typed (tests/reliability/test_kill_typing.py kills the real app with
SIGKILL mid-typing and checks every character typed more than 1 s before). MAX_WAIT_MS leaves
room inside that second for a busy event loop and the commit itself.

`flush()` runs them at once: the window calls it on focus changes, before locking, on close and
when the app is deactivated (a closing lid).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from .tr import translate

AUTOSAVE_MS = 400
MAX_WAIT_MS = 600
log = logging.getLogger(__name__)


class Autosaver(QObject):
    saved = Signal()  # after pending saves ran successfully
    failed = Signal(str)  # a sentence for the window (a refusal may name someone); never logged

    def __init__(self, parent: QObject | None = None, delay_ms: int = AUTOSAVE_MS,
                 max_wait_ms: int | None = MAX_WAIT_MS) -> None:
        super().__init__(parent)
        self._pending: dict[Hashable, Callable[[], None]] = {}
        self._delay_ms = delay_ms
        self._max_wait_ms = max_wait_ms
        self._first_unsaved: float | None = None  # monotonic time of the oldest unsaved edit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.flush)

    def schedule(self, key: Hashable, save: Callable[[], None]) -> None:
        now = time.monotonic()
        if self._first_unsaved is None:
            self._first_unsaved = now
        self._pending[key] = save
        wait = self._delay_ms
        if self._max_wait_ms is not None:
            left = self._max_wait_ms - (now - self._first_unsaved) * 1000
            wait = max(0, min(wait, int(left)))
        self._timer.start(wait)

    def cancel(self, key: Hashable) -> None:
        self._pending.pop(key, None)
        if not self._pending:
            self._first_unsaved = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> bool:
        """Run every pending save now. Returns False if one failed (it stays pending)."""
        self._timer.stop()
        ok = True
        for key, save in list(self._pending.items()):
            try:
                save()
            except ValueError as exc:
                if isinstance(exc, UnicodeError) or not str(exc):
                    ok = False
                    log.error("autosave failed: %s", type(exc).__name__)
                    self.failed.emit(translate("autosave", "Could not save the last change; "
                                               "it will be tried again."))
                    continue
                # A command refused it (a rule, e.g. a text too long): trying again would be
                # refused again. Its own sentence says why; the store is unchanged.
                self._pending.pop(key, None)
                self.failed.emit(str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - shown as a sentence, kept pending
                ok = False
                # Only the exception type is logged: messages could contain case text.
                log.error("autosave failed: %s", type(exc).__name__)
                self.failed.emit(translate("autosave", "Could not save the last change; it "
                                           "will be tried again."))
                continue
            self._pending.pop(key, None)
        if ok:
            self._first_unsaved = None
            self.saved.emit()
        else:
            # Tried again after a pause; the failed edits stay the oldest unsaved ones.
            self._first_unsaved = time.monotonic()
            self._timer.start(self._delay_ms)
        return ok

    def discard(self) -> None:
        """Forget every pending save without running it (after a lock has flushed; the closures
        hold case text and widgets)."""
        self._timer.stop()
        self._pending.clear()
        self._first_unsaved = None
