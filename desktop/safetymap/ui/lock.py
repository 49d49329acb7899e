"""Auto-lock after an idle period, and the idle watcher behind it.

Any key press, click, scroll or touch anywhere in the app restarts the countdown (a plain
QTimer; nothing is shown to the user). When it fires the main window locks: autosave is flushed,
the screen is cleared of case data and the store is closed, which drops the key from memory.

`ClipboardGuard` remembers what this app put on the clipboard (a keyed digest of the text, never
the text) and clears the clipboard on lock and on quit, and a minute after a copy, if it still
holds that text. Text another app put there is left alone.
"""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

#: a copy of case text clears itself after this long (as KeePassXC does), unless replaced
CLIPBOARD_CLEAR_MS = 60_000

_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
    QEvent.Type.ShortcutOverride,
}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, int(minutes)) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def _selected_text(w: QWidget | None) -> str:
    if isinstance(w, QLineEdit):
        return w.selectedText()
    if isinstance(w, (QTextEdit, QPlainTextEdit)):
        # selectedText() uses U+2029 between paragraphs; the clipboard gets newlines
        return w.textCursor().selection().toPlainText()
    return ""


class ClipboardGuard(QObject):
    """Clears the clipboard (and X11's selection) on lock and quit when it still holds text
    that this app put there.

    "Put there by this app": Qt says the app owns it (`ownsClipboard`/`ownsSelection`, where the
    platform can tell), or the text was the selection of the app's focused text box when the
    clipboard changed (Copy and Cut in a QLineEdit, QTextEdit or QPlainTextEdit). Only a digest
    keyed with a random per-run key is kept, never the text."""

    def __init__(self, parent: QObject | None = None,
                 clear_after_ms: int = CLIPBOARD_CLEAR_MS) -> None:
        super().__init__(parent)
        self._key = os.urandom(16)
        self._ours: dict[QClipboard.Mode, bytes] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_ours)
        app = QApplication.instance()
        self.clipboard: QClipboard | None = app.clipboard() if isinstance(app, QApplication) \
            else None
        if self.clipboard is not None:
            self.clipboard.changed.connect(self._changed)

    def _digest(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), key=self._key, digest_size=16).digest()

    def _owns(self, mode: QClipboard.Mode) -> bool:
        cb = self.clipboard
        assert cb is not None
        if mode == QClipboard.Mode.Selection:
            return cb.ownsSelection()
        return cb.ownsClipboard()

    def _changed(self, mode: QClipboard.Mode) -> None:
        if mode not in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            return
        cb = self.clipboard
        assert cb is not None
        text = cb.text(mode)
        if not text:
            self._ours.pop(mode, None)
            return
        selected = _selected_text(QApplication.focusWidget())
        mine = self._owns(mode) or (bool(selected) and selected == text)
        del selected
        if mine:
            self._ours[mode] = self._digest(text)
            if mode == QClipboard.Mode.Clipboard:
                self._timer.start()
        else:
            self._ours.pop(mode, None)
        del text

    @property
    def holds_ours(self) -> bool:
        cb = self.clipboard
        return cb is not None and any(
            cb.text(mode) and self._digest(cb.text(mode)) == digest
            for mode, digest in self._ours.items())

    def clear_ours(self) -> None:
        """Clear each clipboard mode that still holds what this app copied."""
        self._timer.stop()
        cb = self.clipboard
        if cb is None:
            return
        ours, self._ours = self._ours, {}
        for mode, digest in ours.items():
            text = cb.text(mode)
            if text and self._digest(text) == digest:
                cb.clear(mode)
            del text
