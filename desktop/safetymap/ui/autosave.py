"""Autosave: every edit is durable within a second, with no Save button.

Widgets never write on each keystroke (that would be an audit row per letter). They call
`Autosaver.schedule(key, save_fn)`; the newest function for a key replaces the older one, and all
pending saves run AUTOSAVE_MS after the last edit. `flush()` runs them at once: the window calls it
on focus changes, before locking, on close and when the app is deactivated (a closing lid), so
nothing typed is left only in memory for longer than the debounce.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal

AUTOSAVE_MS = 400
log = logging.getLogger(__name__)


class Autosaver(QObject):
    saved = Signal()  # after pending saves ran successfully
    failed = Signal(str)  # a sentence for the status bar; never contains case data

    def __init__(self, parent: QObject | None = None, delay_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(parent)
        self._pending: dict[Hashable, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    def schedule(self, key: Hashable, save: Callable[[], None]) -> None:
        self._pending[key] = save
        self._timer.start()

    def cancel(self, key: Hashable) -> None:
        self._pending.pop(key, None)

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
            except Exception as exc:  # noqa: BLE001 - shown as a sentence, kept pending
                ok = False
                # Only the exception type is logged: messages could contain case text.
                log.error("autosave failed: %s", type(exc).__name__)
                self.failed.emit("Could not save the last change; it will be tried again.")
                continue
            self._pending.pop(key, None)
        if ok:
            self.saved.emit()
        else:
            self._timer.start()
        return ok
