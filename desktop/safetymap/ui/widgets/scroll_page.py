"""ScrollingPage: the common frame of the map pages: a heading, a scrolling column with
generous spacing, and the two ways a page reports writes (refresh after a structural change,
notify after an autosaved text)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..workspace.page import WorkspaceContext, WorkspacePage
from .common import heading, name_unnamed_controls


class ScrollingPage(WorkspacePage):
    page_key = "page"
    max_width = 1100

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.doc: dict[str, Any] = {}
        self.setAccessibleName(self.title())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # as needed: never crop a page silently when it is squeezed (a dragged splitter)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setAccessibleName(self.title())
        outer.addWidget(self.scroll_area)
        inner = QWidget()
        inner.setObjectName("pageBody")
        inner.setAccessibleName(self.title())
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(24, 20, 24, 32)
        self.body.setSpacing(18)
        self.heading = heading(self.title(), 1)
        self.body.addWidget(self.heading)
        self.scroll_area.setWidget(inner)

    guided: bool = False

    def inner_scroll(self) -> QScrollArea | None:
        return self.scroll_area

    def set_guided(self, on: bool) -> None:
        """Guided mode shows the template's help and prompts once, in its side panel: hide the
        inline copies here (labels marked with the "inlinePrompt" property), show them again
        when guided mode ends. Called by `WorkspaceView.set_guided` (workspace/workspace.py)."""
        self.guided = bool(on)
        for lab in self.findChildren(QLabel):
            if lab.property("inlinePrompt"):
                lab.setVisible(not self.guided)

    def finish(self) -> None:
        """Call at the end of building: pushes content up and names any inner control."""
        self.body.addStretch(1)
        name_unnamed_controls(self)

    # -- reporting writes ------------------------------------------------------------------------
    def refresh(self) -> None:
        """After a structural edit: save anything pending, reload the family, show it here,
        tell the workspace."""
        self.ctx.autosaver.flush()
        self.show_document(self.ctx.reload())
        self.changed.emit()

    def notify(self) -> None:
        """After an autosaved text edit (the text is already on screen)."""
        self.changed.emit()

    def show_document(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.update_document(doc)
        name_unnamed_controls(self)

    def update_document(self, doc: dict[str, Any]) -> None:
        raise NotImplementedError
