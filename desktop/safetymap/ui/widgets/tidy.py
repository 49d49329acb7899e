"""Drop-down controls that look calm under the app's stylesheet.

The theme gives combo boxes and date boxes a rounded border but no drop-down styling, so Qt
falls back to a crude native arrow in a boxed-off strip. These subclasses hide that arrow and
paint a simple chevron in the palette's text colour instead. Nothing else changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QDateEdit, QWidget

ARROW_W = 26
_STYLE = """
{cls}::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
                   width: {w}px; border: none; background: transparent; }}
{cls}::down-arrow {{ image: none; width: 0px; height: 0px; border: none; }}
"""


def _chevron(w: QWidget) -> None:
    p = QPainter(w)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    col = w.palette().text().color() if w.isEnabled() else w.palette().mid().color()
    p.setPen(QPen(col, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    cx = w.width() - ARROW_W / 2 - 2
    cy = w.height() / 2
    s = 4.5
    p.drawPolyline([QPointF(cx - s, cy - s / 2), QPointF(cx, cy + s / 2),
                    QPointF(cx + s, cy - s / 2)])
    p.end()


class TidyComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE.format(cls="QComboBox", w=ARROW_W))

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(e)
        _chevron(self)


class TidyDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE.format(cls="QDateEdit", w=ARROW_W))

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(e)
        if self.calendarPopup():
            _chevron(self)
