"""Small helpers shared by the shell's own pages (People, Plan, Assessment).

`FieldBinder` wires one text or choice widget to a service call: every change is scheduled on
the autosaver (durable within a second) and pushed on the undo stack as a mergeable
SetFieldCommand whose apply() writes back through the same service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from ..tasks import error_sentence
from ..undo import SetFieldCommand
from .page import WorkspacePage

log = logging.getLogger(__name__)


def title_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("pageTitle")
    lab.setWordWrap(True)
    return lab


def section_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("sectionTitle")
    lab.setWordWrap(True)
    return lab


def hint_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("muted")
    lab.setWordWrap(True)
    return lab


def text_of(w: QWidget) -> str:
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QLineEdit):
        return w.text()
    raise TypeError(type(w).__name__)


def set_text_quietly(w: QWidget, value: str) -> None:
    """Show a stored value without triggering a save, keeping the cursor where it was."""
    if text_of(w) == value:
        return
    w.blockSignals(True)
    try:
        if isinstance(w, QPlainTextEdit):
            cursor = w.textCursor()
            pos = cursor.position()
            w.setPlainText(value)
            cursor = w.textCursor()
            cursor.setPosition(min(pos, len(value)))
            w.setTextCursor(cursor)
        else:
            pos = w.cursorPosition()  # type: ignore[attr-defined]
            w.setText(value)  # type: ignore[attr-defined]
            w.setCursorPosition(min(pos, len(value)))  # type: ignore[attr-defined]
    finally:
        w.blockSignals(False)


def plain_text_box(accessible_name: str, placeholder: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, so the keyboard alone gets through a page
    box.setMinimumHeight(height)
    box.setMaximumHeight(max(height * 2, 160))
    return box


class Writer:
    """Runs service writes for a page, turning failures into a sentence (never a traceback)."""

    def __init__(self, page: WorkspacePage, on_message: Callable[[str], None] | None = None):
        self.page = page
        self.on_message = on_message

    def run(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001
            log.error("a write failed: %s", type(exc).__name__)
            msg = error_sentence(exc)
            if self.on_message:
                self.on_message(msg)
            raise


def push_field_edit(page: WorkspacePage, key: tuple[Any, ...], label: str, old: Any, new: Any,
                    save: Callable[[Any], None], show: Callable[[Any], None],
                    save_key: tuple[Any, ...] | None = None) -> None:
    """Autosave `new` and record an undo step that can put `old` back.

    `key` identifies the undo step (typing into one field merges into one step); `save_key` is
    the autosave slot (defaults to `key`; the plan uses one slot for the whole plan)."""
    ctx = page.ctx
    slot = save_key or key

    def apply(value: Any) -> None:
        ctx.autosaver.cancel(slot)
        try:
            save(value)
        except Exception as exc:  # noqa: BLE001
            log.error("undo could not write: %s", type(exc).__name__)
            return
        show(value)
        page.changed.emit()

    def do_save() -> None:
        save(new)
        page.changed.emit()

    ctx.autosaver.schedule(slot, do_save)
    ctx.undo_stack.push(SetFieldCommand(label, key, old, new, apply))
