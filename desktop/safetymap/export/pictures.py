"""Pictures drawn with reportlab.graphics: the 0-10 scale line, the safety-network circles and a
plain house outline for the Three Houses. Generic shapes only (no copyrighted tool artwork)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from . import styles as st


@dataclass
class Mark:
    name: str
    value: int


def scale_line(marks: list[Mark], width: float = st.FRAME_WIDTH, font_size: float = 12,
               low_label: str = "", high_label: str = "") -> Drawing:
    """A 0-10 line with each person's mark and name above it.

    Labels that would overlap (several people on the same number, or close numbers) go into
    separate rows, each joined to its dot by a thin line, so every name stays readable.
    """
    st.register_fonts()
    left, right = 22.0, width - 22.0
    step = (right - left) / 10

    def x_of(v: int) -> float:
        return left + step * max(0, min(10, v))

    lane_h = font_size + 8
    placed: list[tuple[float, float, int, Mark]] = []  # (x0, x1, lane, mark)
    for mk in sorted(marks, key=lambda m: (m.value, m.name)):
        w = stringWidth(mk.name, st.font_for(mk.name, bold=True), font_size) + 10
        x = x_of(mk.value)
        x0 = min(max(x - w / 2, 0), width - w)
        lane = 0
        while any(lane == ln and not (x0 + w + 4 < a or x0 > b + 4) for a, b, ln, _ in placed):
            lane += 1
        placed.append((x0, x0 + w, lane, mk))
    lanes = max((p[2] for p in placed), default=-1) + 1
    base_y = 40.0
    label_base = base_y + 22
    height = label_base + lanes * lane_h + 6
    has_ends = bool(low_label or high_label)
    if has_ends:
        height += 0
    d = Drawing(width, height)

    # the line and its numbers
    d.add(Rect(left, base_y - 3, right - left, 6, fillColor=st.ACCENT_SOFT, strokeColor=None))
    d.add(Line(left, base_y, right, base_y, strokeColor=st.ACCENT, strokeWidth=2))
    for v in range(11):
        x = x_of(v)
        d.add(Line(x, base_y - 6, x, base_y + 6, strokeColor=st.ACCENT, strokeWidth=1.2))
        d.add(String(x, base_y - 21, str(v), fontName=st.FONT_BOLD, fontSize=font_size,
                     fillColor=st.INK, textAnchor="middle"))
    if low_label:
        d.add(String(left - 6, base_y - 36, low_label, fontName=st.FONT, fontSize=font_size - 2,
                     fillColor=st.MUTED, textAnchor="start"))
    if high_label:
        d.add(String(right + 6, base_y - 36, high_label, fontName=st.FONT,
                     fontSize=font_size - 2, fillColor=st.MUTED, textAnchor="end"))

    colour_of = {mk.name: st.series_colour(i) for i, mk in enumerate(marks)}
    for x0, x1, lane, mk in placed:
        c = colour_of.get(mk.name, st.WARM)
        x = x_of(mk.value)
        y = label_base + lane * lane_h
        d.add(Line(x, base_y, x, y - 2, strokeColor=c, strokeWidth=1))
        d.add(Rect(x0, y - 3, x1 - x0, lane_h - 4, rx=4, ry=4, fillColor=colors.white,
                   strokeColor=c, strokeWidth=1.2))
        d.add(String((x0 + x1) / 2, y + 2, mk.name, fontName=st.font_for(mk.name, True),
                     fontSize=font_size, fillColor=st.INK, textAnchor="middle"))
    # dots last, on top of the line; one dot per number however many people chose it
    for v in sorted({mk.value for mk in marks}):
        d.add(Circle(x_of(v), base_y, 6.5, fillColor=st.WARM, strokeColor=colors.white,
                     strokeWidth=1.5))
    return d


@dataclass
class NetPerson:
    name: str
    phone: str
    ring: int  # 1 = closest, 2 = further out


def network_circles(children_names: list[str], people: list[NetPerson],
                    width: float = st.FRAME_WIDTH, font_size: float = 12) -> Drawing:
    """The children in the middle; the closest people in the first circle, others outside."""
    st.register_fonts()
    ring1 = [p for p in people if p.ring == 1]
    ring2 = [p for p in people if p.ring != 1]
    height = 330.0
    cx, cy = width / 2, height / 2
    ry0, ry1, ry2 = 48.0, 104.0, 160.0
    k = 1.5  # ellipses: the page is wider than it is tall
    d = Drawing(width, height)
    d.add(Ellipse(cx, cy, ry2 * k, ry2, fillColor=colors.HexColor("#F3F7F8"),
                  strokeColor=st.LINE, strokeWidth=1))
    d.add(Ellipse(cx, cy, ry1 * k, ry1, fillColor=st.ACCENT_SOFT, strokeColor=st.ACCENT,
                  strokeWidth=1))
    d.add(Ellipse(cx, cy, ry0 * k, ry0, fillColor=st.SUN_SOFT, strokeColor=st.WARM,
                  strokeWidth=1.5))

    # children's names in the centre
    names = children_names or ["The children"]
    lh = font_size + 3
    top = cy + (len(names) - 1) * lh / 2 - font_size / 3
    for i, n in enumerate(names[:5]):
        d.add(String(cx, top - i * lh, n, fontName=st.font_for(n, True), fontSize=font_size + 1,
                     fillColor=st.INK, textAnchor="middle"))

    def place(group: list[NetPerson], r_mid: float, offset: float) -> None:
        n = len(group)
        for i, p in enumerate(group):
            a = math.radians(90 + offset + 360 * i / max(n, 1))
            x, y = cx + r_mid * k * math.cos(a), cy + r_mid * math.sin(a)
            lines = [(p.name, st.font_for(p.name, bold=True), font_size)]
            if p.phone:
                lines.append((p.phone, st.FONT, font_size - 1))
            w = max(stringWidth(t, f, s) for t, f, s in lines) + 12
            h = sum(s + 3 for _, _, s in lines) + 6
            x0 = min(max(x - w / 2, 1), width - w - 1)
            y0 = min(max(y - h / 2, 1), height - h - 1)
            d.add(Rect(x0, y0, w, h, rx=6, ry=6, fillColor=colors.white,
                       strokeColor=st.ACCENT if p.ring == 1 else st.LINE, strokeWidth=1.2))
            ty = y0 + h - 4 - font_size
            for t, f, s in lines:
                d.add(String(x0 + w / 2, ty, t, fontName=f, fontSize=s, fillColor=st.INK,
                             textAnchor="middle"))
                ty -= s + 3

    place(ring1, (ry0 + ry1) / 2 + 4, 0 if len(ring1) != 2 else 0)
    place(ring2, (ry1 + ry2) / 2 + 2, 180 / max(len(ring2), 1) + 30)
    return d


def house(width: float, colour: colors.Color, height: float = 46) -> Drawing:
    """A simple roof shape to sit on top of a box: a generic house, not any tool's artwork."""
    d = Drawing(width, height)
    d.add(Rect(width * 0.74, height * 0.3, width * 0.05, height * 0.62, fillColor=colour,
               strokeColor=colour))  # chimney, behind the roof
    d.add(Polygon([0, 0, width / 2, height - 1, width, 0], fillColor=colour, strokeColor=colour))
    return d
