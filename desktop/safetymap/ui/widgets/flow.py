"""FlowLayout: widgets side by side while they fit, wrapping onto the next line when the space
is narrower (the supervision view beside the map, group supervision at 1366 px). Its minimum
width is its widest item, so a row of buttons never forces a page wider than the window.

`held_still(widget)`: while something is added above a control (a new entry above "+ Add"),
the scrolling page moves by as much, so the control stays under the pointer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSizePolicy,
    QWidget,
)


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8,
                 align_right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._right = align_right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- QLayout -------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        shown = [i for i in self._items if not i.isEmpty()]
        w = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        h = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        size = QSize()
        for i in self._items:
            if not i.isEmpty():
                size = size.expandedTo(i.minimumSize())
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- placing -------------------------------------------------------------------------------
    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(max(1, area.width()), 10**6)) \
                .expandedTo(item.minimumSize())
            if lines[-1] and x + self._spacing + hint.width() > area.width():
                lines.append([])
                x = 0
            x += (self._spacing if lines[-1] else 0) + hint.width()
            lines[-1].append((item, hint))
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(h.height() for _i, h in line)
            used = sum(h.width() for _i, h in line) + self._spacing * (len(line) - 1)
            lx = area.x() + (max(0, area.width() - used) if self._right else 0)
            for item, hint in line:
                if move:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(lx, top), hint))
                lx += hint.width() + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - area.y()) + m.top() + m.bottom()


def flow_row(*widgets: QWidget, spacing: int = 8, align_right: bool = False) -> QWidget:
    """A widget holding `widgets` in a FlowLayout."""
    box = QWidget()
    lay = FlowLayout(box, spacing, align_right)
    for w in widgets:
        lay.addWidget(w)
    sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    sp.setHeightForWidth(True)
    box.setSizePolicy(sp)
    return box


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QScrollArea):
            body = w.widget()
            if body is not None and body.isAncestorOf(widget):
                return w
        w = w.parentWidget()
    return None


def settle_layouts() -> None:
    """Lay out now what changed (new widgets' sizes, the scrolling body's height, a text box
    fitting its words after its first resize), rather than at the next turn of the event loop,
    so a position read next is the one shown. Posted events only: no input is handled here."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.sendPostedEvents(None, QEvent.Type.MetaCall)


@contextmanager
def held_still(widget: QWidget) -> Iterator[None]:
    """Keep `widget` where it is on the screen while the body of the code changes the page
    above it: the page's scroll area is moved by as much as the widget moved. A page too short
    to scroll cannot be held (nothing moves it back); a widget not on a scrolling page is left
    alone."""
    area = _scroll_area_of(widget)
    port = area.viewport() if area is not None else None
    before = widget.mapTo(port, QPoint(0, 0)).y() if port is not None else 0
    if area is None or port is None or not widget.isVisible() \
            or not 0 <= before < port.height():  # not under the pointer: nothing to hold
        yield
        return
    try:
        yield
    finally:
        settle_layouts()
        if widget.isVisible():
            moved = widget.mapTo(port, QPoint(0, 0)).y() - before
            if moved:
                bar = area.verticalScrollBar()
                bar.setValue(bar.value() + moved)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the page so `widget` can be seen (a new entry added by Ctrl+Enter below the
    window's edge)."""
    area = _scroll_area_of(widget)
    if area is not None:
        settle_layouts()
        area.ensureWidgetVisible(widget, 20, 40)
