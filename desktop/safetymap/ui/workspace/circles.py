"""The safety network drawn as circles around the children, closest first (QPainter).

Practitioners draw this by hand: the children in the middle, then the people closest to them,
then those further out. People marked "not for the family's copy" get a dashed outline.
The rings stretch into ellipses to fill a wide, short space, and no two labels overlap.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.names import short_name
from ...services.people import circle_of
from .. import theme
from ..tr import translate

RING_COLOURS = ("#DCEDEA", "#E8F1EF", "#F3F7F5")


def ring_of(p: dict[str, Any]) -> int:
    """0 = centre (children), 1..3 = rings: `services.people.circle_of`, the one rule the
    People page's Circle field shows too."""
    return circle_of(p)


class NetworkCircles(QWidget):
    """The rings are ellipses as wide as the widget allows (up to MAX_ASPECT times their
    height), so a short, wide space beside the list is used instead of a small circle. Labels
    are placed one by one: each goes to its ring's evenly spaced angle, and where it would
    touch a label already placed it moves along its ring, then in and out within it, until
    it is clear (`label_layout`, which the painting and the tests share)."""

    MAX_ASPECT = 1.7
    GAP = 3.0  # the least room between two labels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people: list[dict[str, Any]] = []
        self.setAccessibleName(translate("workspace.circles",
                                         "Safety network in circles around the children"))
        self.setMinimumSize(280, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(460, 280)

    def set_people(self, people: list[dict[str, Any]]) -> None:
        self.people = list(people)
        parts = []
        rings = ((0, translate("workspace.circles", "In the middle")),
                 (1, translate("workspace.circles", "Closest")),
                 (2, translate("workspace.circles", "Close")),
                 (3, translate("workspace.circles", "Further out")))
        for ring, word in rings:
            names = [p["name"] for p in self.people if ring_of(p) == ring]
            if names:
                parts.append(f"{word}: {', '.join(names)}")
        self.setAccessibleDescription(". ".join(parts) or translate(
            "workspace.circles", "Nobody has been added yet."))
        self.update()

    # -- geometry (shared by painting and tests) ---------------------------------------------
    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, self.font().pointSizeF() - 2))
        return font

    def ring_radii(self) -> tuple[QPointF, list[tuple[float, float]]]:
        """The centre and (rx, ry) of the children's circle and the three rings."""
        w, h = float(self.width()), float(self.height())
        ry = max(10.0, h / 2 - 4)
        rx = max(10.0, min(w / 2 - 4, ry * self.MAX_ASPECT))
        ry = min(ry, rx)  # never taller than wide
        return QPointF(w / 2, h / 2), [(rx * f, ry * f) for f in (0.30, 0.56, 0.78, 1.0)]

    @staticmethod
    def short(person: dict[str, Any]) -> str:
        first = short_name(person["name"]) or "?"
        rel = person.get("relationship") or ""
        return f"{first} ({rel})" if rel and len(rel) <= 10 else first

    def label_layout(self) -> list[tuple[dict[str, Any], int, str, QRectF]]:
        """(person, ring, text, rectangle) for every label, none touching another and all
        wholly inside the widget (where there is any room at all)."""
        fm = QFontMetricsF(self._label_font())
        c, radii = self.ring_radii()
        w, h = float(self.width()), float(self.height())
        lh = fm.height() + 6
        max_w = max(60.0, min(radii[3][0] * 0.84, 200.0))
        placed: list[QRectF] = []
        out: list[tuple[dict[str, Any], int, str, QRectF]] = []

        def inside(r: QRectF) -> QRectF:
            x = max(2.0, min(r.x(), w - r.width() - 2))
            y = max(2.0, min(r.y(), h - r.height() - 2))
            return QRectF(x, y, r.width(), r.height())

        def clear(r: QRectF) -> bool:
            g = self.GAP
            grown = r.adjusted(-g, -g, g, g)
            return not any(grown.intersects(o) for o in placed)

        kids = [x for x in self.people if ring_of(x) == 0]
        n = len(kids)
        for i, k in enumerate(kids):
            text = short_name(k["name"]) or "?"
            lw = min(fm.horizontalAdvance(text) + 14, max_w)
            dy = (i - (n - 1) / 2) * (lh + 4)
            r = inside(QRectF(c.x() - lw / 2, c.y() + dy - lh / 2, lw, lh))
            placed.append(r)
            out.append((k, 0, text, r))

        for ring in (1, 2, 3):
            members = [x for x in self.people if ring_of(x) == ring]
            if not members:
                continue
            (ix, iy), (ox, oy) = radii[ring - 1], radii[ring]
            # the label's centre may sit anywhere in its band: mid, then nearer in, further out
            bands = (0.5, 0.25, 0.75, 0.0, 1.0)
            start = -math.pi / 2 + ring * 0.5
            steps = 90
            for i, person in enumerate(members):
                text = self.short(person)
                lw = min(fm.horizontalAdvance(text) + 14, max_w)
                a0 = start + 2 * math.pi * i / len(members)
                spot = None
                for width in (lw, max(48.0, lw * 0.75)):
                    for j in range(steps):
                        # 0, +1, -1, +2, -2 … steps of 4 degrees away from the even spacing
                        off = (j + 1) // 2 * (1 if j % 2 else -1) * 2 * math.pi / steps
                        a = a0 + off
                        for t in bands:
                            rx, ry = ix + (ox - ix) * t, iy + (oy - iy) * t
                            px, py = c.x() + rx * math.cos(a), c.y() + ry * math.sin(a)
                            r = inside(QRectF(px - width / 2, py - lh / 2, width, lh))
                            if clear(r):
                                spot = r
                                break
                        if spot is not None:
                            break
                    if spot is not None:
                        break
                if spot is None:  # no room anywhere on its ring: where it belongs
                    px, py = c.x() + (ix + ox) / 2 * math.cos(a0), c.y() + (iy + oy) / 2 * math.sin(a0)
                    spot = inside(QRectF(px - lw / 2, py - lh / 2, lw, lh))
                placed.append(spot)
                out.append((person, ring, text, spot))
        return out

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, _event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c, radii = self.ring_radii()
        for i in (3, 2, 1):
            p.setPen(QPen(QColor(theme.LINE), 1.2))
            p.setBrush(QColor(RING_COLOURS[i - 1]))
            p.drawEllipse(c, *radii[i])
        p.setBrush(QColor("#FFFFFF"))
        p.setPen(QPen(QColor(theme.ACCENT), 2))
        p.drawEllipse(c, *radii[0])

        font = self._label_font()
        p.setFont(font)
        fm = QFontMetricsF(font)
        layout = self.label_layout()
        if not any(ring == 0 for _p, ring, _t, _r in layout):
            rx, _ry = radii[0]
            p.setPen(QColor(theme.MUTED))
            p.drawText(QRectF(c.x() - rx, c.y() - 20, 2 * rx, 40),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       translate("workspace.circles", "The children"))
        for person, ring, text, rect in layout:
            confidential = bool(person.get("confidential"))
            pen = QPen(QColor("#8A4B1F" if confidential else theme.ACCENT), 1.4)
            if confidential:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(QColor("#FFF7EE" if confidential else (
                theme.ACCENT_SOFT if ring == 0 else "#FFFFFF")))
            p.drawRoundedRect(rect, 7, 7)
            p.setPen(QColor(theme.INK))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                       fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 8))
        p.end()
