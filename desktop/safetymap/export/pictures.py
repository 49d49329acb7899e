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
    base_y = 40.0 if (low_label or high_label) else font_size + 20.0
    label_base = base_y + 16
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
        d.add(String(x, base_y - 8 - font_size, str(v), fontName=st.FONT_BOLD,
                     fontSize=font_size,
                     fillColor=st.INK, textAnchor="middle"))
    if low_label:
        d.add(String(left - 6, base_y - 36, low_label, fontName=st.FONT, fontSize=font_size - 2,
                     fillColor=st.MUTED, textAnchor="start"))
    if high_label:
        d.add(String(right + 6, base_y - 36, high_label, fontName=st.FONT,
                     fontSize=font_size - 2, fillColor=st.MUTED, textAnchor="end"))

    colour_of = {mk.name: st.series_colour(i) for i, mk in enumerate(marks)}
    for _x0, _x1, lane, mk in placed:  # joining lines first, so no line crosses a name
        d.add(Line(x_of(mk.value), base_y, x_of(mk.value), label_base + lane * lane_h - 2,
                   strokeColor=colour_of.get(mk.name, st.WARM), strokeWidth=1))
    for x0, x1, lane, mk in placed:
        c = colour_of.get(mk.name, st.WARM)
        y = label_base + lane * lane_h
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


@dataclass(frozen=True)
class NetLabel:
    """Where one person's label goes in the network picture (drawing coordinates)."""

    person: NetPerson
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: NetLabel | tuple[float, float, float, float], gap: float = 0
                 ) -> bool:
        ox0, oy0, ox1, oy1 = ((other.x0, other.y0, other.x1, other.y1)
                              if isinstance(other, NetLabel) else other)
        return not (self.x1 + gap <= ox0 or ox1 + gap <= self.x0
                    or self.y1 + gap <= oy0 or oy1 + gap <= self.y0)


MAX_IN_PICTURE = 8  # the closest people; everyone is listed in the table under the picture


def _font(value: str, bold: bool) -> str:
    """The font for one drawn String: styles.font_for (fallback fonts) when it is there."""
    pick = getattr(st, "font_for", None)
    if pick is None:
        return st.FONT_BOLD if bold else st.FONT
    return str(pick(value, bold))


def _shown(value: str) -> str:
    plain = getattr(st, "plain_text", None)
    return str(plain(value)) if plain is not None else value


def _label_lines(p: NetPerson, font_size: float) -> list[tuple[str, str, float]]:
    lines = [(_shown(p.name), _font(p.name, True), font_size)]
    if p.phone:
        lines.append((_shown(p.phone), _font(p.phone, False), font_size - 1))
    return lines


def _label_size(p: NetPerson, font_size: float) -> tuple[float, float]:
    lines = _label_lines(p, font_size)
    w = max(stringWidth(t, f, s) for t, f, s in lines) + 12
    h = sum(s + 3 for _, _, s in lines) + 6
    return w, h


def network_geometry(width: float, height: float, max_k: float = 1.6, min_ry0: float = 0
                     ) -> tuple[float, float, float, float, float, float]:
    """(cx, cy, ry0, ry1, ry2, k): the centre, the three ellipse half-heights, the x stretch.
    The inner circle is at least `min_ry0` high (room for the children's names)."""
    cx, cy = width / 2, height / 2
    ry2 = height / 2 - 4
    ry0 = min(max(ry2 * 0.3, min_ry0), ry2 * 0.5)
    ry1 = max(ry2 * 0.65, ry0 + (ry2 - ry0) * 0.45)
    k = min(max_k, (width / 2 - 4) / ry2)
    return cx, cy, ry0, ry1, ry2, k


def _centre_half(names: list[str], font_size: float) -> float:
    """Half the height the children's names need in the middle circle."""
    return (len(names) * (font_size + 3) + 6) / 2 + 3


def network_labels(children_names: list[str], people: list[NetPerson], width: float,
                   height: float, font_size: float = 11, most: int = MAX_IN_PICTURE,
                   max_k: float = 1.6) -> list[NetLabel]:
    """Place the labels of the closest people (ring 1 first, at most `most`) so that no two
    overlap, none covers the children's names and all stay inside the drawing. A label that
    finds no free place is left out of the picture (everyone is in the table). Pure."""
    names = children_names[:5] or ["The children"]
    cx, cy, ry0, ry1, ry2, k = network_geometry(width, height, max_k,
                                                _centre_half(names, font_size))
    ordered = [p for p in people if p.ring == 1] + [p for p in people if p.ring != 1]
    names = children_names[:5] or ["The children"]
    cw = max(stringWidth(n, st.FONT_BOLD, font_size + 1) for n in names) + 8
    ch = len(names) * (font_size + 3) + 6
    centre = (cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2)
    placed: list[NetLabel] = []
    rings = {1: [p for p in ordered[:most] if p.ring == 1],
             2: [p for p in ordered[:most] if p.ring != 1]}
    for ring, group in rings.items():
        r_mid = (ry0 + ry1) / 2 + 2 if ring == 1 else (ry1 + ry2) / 2
        n = len(group)
        offset = 0.0 if ring == 1 else 180.0 / max(n, 1) + 30
        for i, p in enumerate(group):
            w, h = _label_size(p, font_size)
            if w > width or h > height:
                continue
            want = 90 + offset + 360 * i / max(n, 1)
            tries = [want + sign * d for d in range(0, 181, 6) for sign in (1, -1)]
            radii = (r_mid, r_mid + (ry2 - ry1) / 3, r_mid - (ry1 - ry0) / 3)
            spot = None
            for rm in radii:
                for deg in tries:
                    a = math.radians(deg)
                    x, y = cx + rm * k * math.cos(a), cy + rm * math.sin(a)
                    x0 = min(max(x - w / 2, 1), width - w - 1)
                    y0 = min(max(y - h / 2, 1), height - h - 1)
                    cand = NetLabel(p, x0, y0, x0 + w, y0 + h)
                    if cand.overlaps(centre, 2) or any(cand.overlaps(q, 3) for q in placed):
                        continue
                    spot = cand
                    break
                if spot is not None:
                    break
            if spot is not None:
                placed.append(spot)
    return placed


def network_circles(children_names: list[str], people: list[NetPerson],
                    width: float = st.FRAME_WIDTH, font_size: float = 11,
                    height: float = 230.0, most: int = MAX_IN_PICTURE,
                    max_k: float = 1.6) -> Drawing:
    """The children in the middle; the closest people in the first circle, others outside.

    Shows at most `most` people (ring 1 first) and never lets two labels overlap
    (network_labels). `height` is the least height: the picture grows until everyone it
    shows has a place. The full list, with every phone number, is the table that follows."""
    st.register_fonts()
    want = min(len(people), most)
    labels = network_labels(children_names, people, width, height, font_size, most, max_k)
    while len(labels) < want and height < 420:
        height += 10
        labels = network_labels(children_names, people, width, height, font_size, most, max_k)
    cx, cy, ry0, ry1, ry2, k = network_geometry(width, height, max_k,
                                                _centre_half(children_names[:5]
                                                             or ["The children"], font_size))
    d = Drawing(width, height)
    d.add(Ellipse(cx, cy, ry2 * k, ry2, fillColor=colors.HexColor("#F3F7F8"),
                  strokeColor=st.LINE, strokeWidth=1))
    d.add(Ellipse(cx, cy, ry1 * k, ry1, fillColor=st.ACCENT_SOFT, strokeColor=st.ACCENT,
                  strokeWidth=1))
    d.add(Ellipse(cx, cy, ry0 * k, ry0, fillColor=st.SUN_SOFT, strokeColor=st.WARM,
                  strokeWidth=1.5))

    # children's names in the centre
    names = children_names[:5] or ["The children"]
    lh = font_size + 3
    top = cy + (len(names) - 1) * lh / 2 - font_size / 3
    for i, n in enumerate(names):
        d.add(String(cx, top - i * lh, _shown(n), fontName=_font(n, True),
                     fontSize=font_size + 1, fillColor=st.INK, textAnchor="middle"))

    for lab in labels:
        p = lab.person
        d.add(Rect(lab.x0, lab.y0, lab.x1 - lab.x0, lab.y1 - lab.y0, rx=6, ry=6,
                   fillColor=colors.white,
                   strokeColor=st.ACCENT if p.ring == 1 else st.LINE, strokeWidth=1.2))
        ty = lab.y1 - 4 - font_size
        for t, f, s in _label_lines(p, font_size):
            d.add(String((lab.x0 + lab.x1) / 2, ty, t, fontName=f, fontSize=s, fillColor=st.INK,
                         textAnchor="middle"))
            ty -= s + 3
    return d


def house(width: float, colour: colors.Color, height: float = 46) -> Drawing:
    """A simple roof shape to sit on top of a box: a generic house, not any tool's artwork."""
    d = Drawing(width, height)
    d.add(Rect(width * 0.74, height * 0.3, width * 0.05, height * 0.62, fillColor=colour,
               strokeColor=colour))  # chimney, behind the roof
    d.add(Polygon([0, 0, width / 2, height - 1, width, 0], fillColor=colour, strokeColor=colour))
    return d
