"""The safety network drawn as circles around the children, closest first (QPainter).

Practitioners draw this by hand: the children in the middle, then the people closest to them,
then those further out. People marked "not for the family's copy" get a dashed outline.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import theme

RING_COLOURS = ("#DCEDEA", "#E8F1EF", "#F3F7F5")


def ring_of(p: dict[str, Any]) -> int | None:
    """0 = centre (children), 1..3 = rings; None = not drawn."""
    if p["role"] == "child":
        return 0
    if p.get("closeness") in (1, 2, 3):
        return int(p["closeness"])
    if p["role"] == "adult" and p.get("in_household"):
        return 1
    if p["role"] == "network":
        return 2
    if p["role"] == "professional":
        return 3
    return 2


class NetworkCircles(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people: list[dict[str, Any]] = []
        self.setAccessibleName("Safety network in circles around the children")
        self.setMinimumSize(300, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(380, 380)

    def set_people(self, people: list[dict[str, Any]]) -> None:
        self.people = list(people)
        parts = []
        for ring, word in ((0, "In the middle"), (1, "Closest"), (2, "Close"), (3, "Further out")):
            names = [p["name"] for p in self.people if ring_of(p) == ring]
            if names:
                parts.append(f"{word}: {', '.join(names)}")
        self.setAccessibleDescription(". ".join(parts) or "Nobody has been added yet.")
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 8
        c = QPointF(self.width() / 2, self.height() / 2)
        radii = [side * f / 2 for f in (0.30, 0.56, 0.78, 1.0)]
        for i in (3, 2, 1):
            p.setPen(QPen(QColor(theme.LINE), 1.2))
            p.setBrush(QColor(RING_COLOURS[i - 1]))
            p.drawEllipse(c, radii[i], radii[i])
        p.setBrush(QColor("#FFFFFF"))
        p.setPen(QPen(QColor(theme.ACCENT), 2))
        p.drawEllipse(c, radii[0], radii[0])

        font = QFont(self.font())
        font.setPointSizeF(max(9.0, self.font().pointSizeF() - 2))
        p.setFont(font)
        fm = QFontMetricsF(font)

        def label(text: str, at: QPointF, confidential: bool, centre: bool = False) -> None:
            w = min(fm.horizontalAdvance(text) + 14, side * 0.42)
            h = fm.height() + 6
            # keep every label wholly inside the widget
            x = max(2.0, min(at.x() - w / 2, self.width() - w - 2))
            y = max(2.0, min(at.y() - h / 2, self.height() - h - 2))
            rect = QRectF(x, y, w, h)
            pen = QPen(QColor("#8A4B1F" if confidential else theme.ACCENT), 1.4)
            if confidential:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(QColor("#FFF7EE" if confidential else ("#FFFFFF" if not centre
                                                               else theme.ACCENT_SOFT)))
            p.drawRoundedRect(rect, 7, 7)
            p.setPen(QColor(theme.INK))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                       fm.elidedText(text, Qt.TextElideMode.ElideRight, w - 8))

        def short(person: dict[str, Any]) -> str:
            words = person["name"].split()
            first = words[0] if words else "?"
            if first.rstrip(".").lower() in {"mr", "mrs", "ms", "miss", "dr", "mx"} and len(
                    words) > 1:
                first = f"{first} {words[1]}"
            rel = person.get("relationship") or ""
            return f"{first} ({rel})" if rel and len(rel) <= 10 else first

        kids = [x for x in self.people if ring_of(x) == 0]
        n = len(kids)
        for i, k in enumerate(kids):
            dy = (i - (n - 1) / 2) * (fm.height() + 10)
            label(k["name"].split()[0] if k["name"] else "?", QPointF(c.x(), c.y() + dy),
                  bool(k.get("confidential")), centre=True)
        if not kids:
            p.setPen(QColor(theme.MUTED))
            p.drawText(QRectF(c.x() - radii[0], c.y() - 20, 2 * radii[0], 40),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, "The children")
        for ring in (1, 2, 3):
            members = [x for x in self.people if ring_of(x) == ring]
            if not members:
                continue
            r = (radii[ring - 1] + radii[ring]) / 2
            start = -math.pi / 2 + ring * 0.5
            for i, person in enumerate(members):
                a = start + 2 * math.pi * i / len(members)
                label(short(person), QPointF(c.x() + r * math.cos(a), c.y() + r * math.sin(a)),
                      bool(person.get("confidential")))
        p.end()
