"""Small helpers shared by the shell's own pages (People, Plan, Assessment).

`push_field_edit` keeps one edit of a text widget through a services command (one that runs
with coalesce=True): scheduled on the autosaver (durable within a second), then the changeset the
store wrote is put on the undo stack (a burst of typing is one step; undo is the store's). It is
`widgets.common.record_edit` (shared with the map pages' TextBinding), telling the workspace
after each write. A choice or an add/remove runs at once through `widgets.commands.run_command`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from ..widgets.common import record_edit, set_text_quietly, text_of
from ..widgets.plain import Label
from .page import WorkspacePage

__all__ = ["hint_label", "plain_text_box", "push_field_edit", "section_label",
           "set_text_quietly", "text_of", "title_label"]


def title_label(text: str) -> QLabel:
    lab = Label(text)
    lab.setObjectName("pageTitle")
    lab.setWordWrap(True)
    return lab


def section_label(text: str) -> QLabel:
    lab = Label(text)
    lab.setObjectName("sectionTitle")
    lab.setWordWrap(True)
    return lab


def hint_label(text: str) -> QLabel:
    lab = Label(text)
    lab.setObjectName("muted")
    lab.setWordWrap(True)
    return lab


def plain_text_box(accessible_name: str, placeholder: str = "", height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, so the keyboard alone gets through a page
    box.setMinimumHeight(height)
    box.setMaximumHeight(max(height * 2, 160))
    return box


def push_field_edit(page: WorkspacePage, key: tuple[Any, ...], label: str, old: Any, new: Any,
                    save: Callable[[Any], None], show: Callable[[Any], None],
                    save_key: tuple[Any, ...] | None = None) -> None:
    """`record_edit` for a page: after every write the page tells the workspace it changed."""
    record_edit(page.ctx, key, label, old, new, save, show, page.changed.emit,
                save_key=save_key)
