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

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTabWidget,
    QTextEdit,
    QWidget,
)

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

    def tab_chain(self) -> list[QWidget]:
        """The controls Tab visits on this page, in order: by default the order they are laid
        out in, top to bottom and left to right (`reading_order`), whatever order they were
        made in (cards made after their "+ Add" button come before it, as on screen). A page
        with an order of its own may override this."""
        return reading_order(self)


#: controls that are one Tab stop each: the walk does not look inside them
_CONTROLS = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QTextEdit, QPlainTextEdit,
             QAbstractItemView, QAbstractSlider)


def _takes_tab(w: QWidget) -> bool:
    return (w.isVisible() and w.isEnabled()
            and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and not isinstance(w, QScrollArea))  # a scroller is not a stop: what is in it is


def reading_order(root: QWidget) -> list[QWidget]:
    """Every visible, enabled control under `root` that takes Tab, in the order a person reads
    the screen: the layouts' own order (a row left to right, a column top to bottom, a grid or
    form row by row), into scroll areas, splitters and the shown page of a stack; widgets
    placed by hand, by position. Of a group of radio buttons only the chosen one (or the first)
    is a stop: arrows move within the group, as Qt does."""
    out: list[QWidget] = []
    seen: set[int] = set()

    def add(w: QWidget) -> None:
        target = w
        while (proxy := target.focusProxy()) is not None:
            target = proxy
        if id(target) in seen or not _takes_tab(target):
            return
        if isinstance(target, QRadioButton) and target.autoExclusive():
            group = [b for b in _siblings(target) if b.isVisible() and b.isEnabled()]
            chosen = next((b for b in group if b.isChecked()), group[0] if group else target)
            for b in group:
                seen.add(id(b))
            if chosen is not target and id(chosen) in {id(o) for o in out}:
                return
            target = chosen
        seen.add(id(target))
        out.append(target)

    def walk(w: QWidget) -> None:
        if not w.isVisible():
            return
        if w.focusProxy() is not None or _takes_tab(w):
            add(w)
        if isinstance(w, _CONTROLS):
            return
        if isinstance(w, QScrollArea):
            inner = w.widget()
            if inner is not None:
                walk(inner)
            return
        if isinstance(w, QStackedWidget):
            cur = w.currentWidget()
            if cur is not None:
                walk(cur)
            return
        if isinstance(w, QTabWidget):
            walk(w.tabBar())
            cur = w.currentWidget()
            if cur is not None:
                walk(cur)
            return
        if isinstance(w, QSplitter):
            for i in range(w.count()):
                child = w.widget(i)
                if child is not None and w.sizes()[i] > 0:
                    walk(child)
            return
        placed: set[int] = set()
        lay = w.layout()
        if lay is not None:
            walk_layout(lay, placed)
        rest = [c for c in w.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if id(c) not in placed and not c.isWindow()]
        for c in sorted(rest, key=lambda c: (c.y(), c.x())):
            walk(c)

    def walk_layout(lay: QLayout, placed: set[int]) -> None:
        indexed = [(i, it) for i in range(lay.count()) if (it := lay.itemAt(i)) is not None]
        items: list[QLayoutItem] = [it for _i, it in indexed]
        if isinstance(lay, (QGridLayout, QFormLayout)):
            grid = lay

            def where(i: int) -> tuple[int, int]:
                pos: Any = grid.getItemPosition(i)  # (row, column, …) or (row, role)
                return int(pos[0]), int(getattr(pos[1], "value", pos[1]))

            items = [it for _k, it in sorted(((where(i), it) for i, it in indexed),
                                             key=lambda t: t[0])]
        elif isinstance(lay, QBoxLayout) and lay.direction() in (
                QBoxLayout.Direction.RightToLeft, QBoxLayout.Direction.BottomToTop):
            items.reverse()
        for it in items:
            child = it.widget()
            if child is not None:
                placed.add(id(child))
                walk(child)
            elif (sub := it.layout()) is not None:
                walk_layout(sub, placed)

    walk(root)
    return out


#: a choice longer than this (a whole worry statement in a combo box) is shortened by design
LONG_CHOICE_PX = 320


def clipped_texts(root: QWidget) -> list[str]:
    """What is on screen under `root` but cut short by its widget's width: a label or button
    narrower than its text, a box's hint ("What h…"), a short choice in a combo box. Only
    widgets that can be seen now (not hidden, not covered by a splitter) count. The workspace
    widens the map beside supervision until this is empty (issue 13, item 15); the tests
    check every page with it."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 0 or w.visibleRegion().isEmpty():
            continue
        fm = w.fontMetrics()
        text, need, room = "", 0, 0
        if isinstance(w, QLabel):
            text = w.text()
            if text and not w.wordWrap():
                need, room = w.minimumSizeHint().width(), w.width() + 1
        elif isinstance(w, QAbstractButton):
            text = w.text()
            if text:  # (a style's rounding: a pixel or two is not a cut word)
                need, room = w.sizeHint().width(), w.width() + 2
        elif isinstance(w, QLineEdit):
            text = w.placeholderText()
            if text and not w.text():
                opt = QStyleOptionFrame()
                w.initStyleOption(opt)
                area = w.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, w)
                m = w.textMargins()
                need = fm.horizontalAdvance(text)
                room = area.width() - m.left() - m.right() - 4  # Qt's own 2 px each side
        elif isinstance(w, QComboBox) and not w.isEditable():
            text = w.currentText()
            if text and fm.horizontalAdvance(text) <= LONG_CHOICE_PX:
                combo = QStyleOptionComboBox()
                w.initStyleOption(combo)
                field = w.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, combo,
                                                 QStyle.SubControl.SC_ComboBoxEditField, w)
                need, room = fm.horizontalAdvance(text), field.width()
        if need > room:
            out.append(f"{type(w).__name__} {w.objectName()!r}: {text!r} needs {need}, "
                       f"has {room}")  # tr: not shown (for the workspace and the tests)
    return out


def _siblings(button: QRadioButton) -> list[QRadioButton]:
    """The radio buttons one choice is made among: its button group, or its parent's."""
    group = button.group()
    if group is not None:
        return [b for b in group.buttons() if isinstance(b, QRadioButton)]
    parent = button.parentWidget()
    if parent is None:
        return [button]
    return [b for b in parent.findChildren(QRadioButton,
                                           options=Qt.FindChildOption.FindDirectChildrenOnly)
            if b.autoExclusive()]
