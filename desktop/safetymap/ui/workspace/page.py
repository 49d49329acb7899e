"""The contract between the family workspace and its pages (People, Worries, Scale, Plan...).

Every page is a WorkspacePage. It gets a WorkspaceContext (the open store, the family, its
practice template, the autosaver and the undo stack) and is told to show a family document
(services/document.py shape) through `show_document`. A page writes only through services in
safetymap.services (never holding a session), schedules text saves on the autosaver, pushes undo
commands, and emits `changed` after it wrote something so other pages can refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QScrollArea, QWidget

from ...practice.templates import Template
from ...store.engine import Store
from ..autosave import Autosaver


@dataclass
class WorkspaceContext:
    store: Store
    family_id: int
    template: Template
    autosaver: Autosaver
    undo_stack: QUndoStack
    # Group supervision shows initials instead of names everywhere on screen.
    initials_only: bool = False
    #: the family document last shown (the initials view in group supervision)
    doc: dict[str, Any] | None = None
    #: the real document behind the initials view (the supervision view's name replacements);
    #: never shown while initials_only is on
    real_doc: dict[str, Any] | None = None
    #: reload the family from the store and show it on every page (after an undo or redo)
    refresh_all: Callable[[], None] = lambda: None
    #: say a sentence to the person (the window's message bar)
    tell: Callable[[str], None] = lambda _text: None

    def reload(self) -> dict[str, Any]:
        from ...services.families import load_family

        return load_family(self.store, self.family_id)


class WorkspacePage(QWidget):
    """Base class of every page in the family workspace."""

    changed = Signal()
    #: the page asks for the history window on one part ("entries", "plan", "scores")
    history_requested = Signal(str)
    #: a stable key used for QSettings ("where the user was") and screenshots
    page_key: str = "page"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        """The page's label, from the practice template where it has one."""
        raise NotImplementedError

    def show_document(self, doc: dict[str, Any]) -> None:
        """Show this family document. Must keep the keyboard focus and scroll position where
        they are when called after an edit."""
        raise NotImplementedError

    def set_guided(self, on: bool) -> None:
        """Guided mode is on or off: a page with inline copies of the guide's prompts hides
        them while the side panel shows them. Most pages have none."""

    def inner_scroll(self) -> QScrollArea | None:
        """The page's own scrolling column, if it has one: the workspace sizes the page by
        what is inside it, so nothing is cut off beside the supervision view."""
        return None

    def first_focus(self) -> QWidget | None:
        """Where the keyboard should start when this page opens a family that has nothing yet
        (the People page: the name box). None: the page list keeps it."""
        return None
