"""Everyone's numbers over time: one line per person, dated x axis, legend. Drawn with QPainter
(no QtCharts in PySide6-Essentials). Colours are distinct but never red/amber/green, and each
person also has their own marker shape so the lines can be told apart without colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ... import i18n
from ..tr import QT_TRANSLATE_NOOP, translate

COLOURS = ("#1f5fa8", "#7b3fa0", "#00727a", "#5d4037", "#c2185b", "#37474f", "#3949ab",
           "#8e6c00")
SHAPES = ("circle", "square", "triangle", "diamond")
#: the axis's months (translated where they are drawn)
MONTHS = (QT_TRANSLATE_NOOP("widgets.chart", "Jan"), QT_TRANSLATE_NOOP("widgets.chart", "Feb"),
          QT_TRANSLATE_NOOP("widgets.chart", "Mar"), QT_TRANSLATE_NOOP("widgets.chart", "Apr"),
          QT_TRANSLATE_NOOP("widgets.chart", "May"), QT_TRANSLATE_NOOP("widgets.chart", "Jun"),
          QT_TRANSLATE_NOOP("widgets.chart", "Jul"), QT_TRANSLATE_NOOP("widgets.chart", "Aug"),
          QT_TRANSLATE_NOOP("widgets.chart", "Sep"), QT_TRANSLATE_NOOP("widgets.chart", "Oct"),
          QT_TRANSLATE_NOOP("widgets.chart", "Nov"), QT_TRANSLATE_NOOP("widgets.chart", "Dec"))


@dataclass
class Series:
    name: str
    points: list[tuple[datetime, int]]


class TrajectoryChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trajectoryChart")
        self.setAccessibleName(translate("widgets.chart", "Everyone's numbers over time"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so a screen reader can reach the summary
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 260)
        self._series: list[Series] = []
        self._describe()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 340)

    def set_series(self, series: list[Series]) -> None:
        self._series = [Series(s.name, sorted(s.points)) for s in series if s.points]
        self._describe()
        self.update()

    def series(self) -> list[Series]:
        return list(self._series)

    def _describe(self) -> None:
        if not self._series:
            text = translate("widgets.chart", "No numbers recorded yet.")
        else:
            on = translate("widgets.chart", "{number} on {date}")
            text = " ".join(
                f"{s.name}: " + ", ".join(on.format(number=v, date=i18n.short_day(d))
                                          for d, v in s.points) + "."
                for s in self._series)
        self.setAccessibleDescription(text)

    # -- painting ------------------------------------------------------------------------------
    def _x_range(self) -> tuple[date, date]:
        days = [d.date() for s in self._series for d, _ in s.points]
        lo, hi = min(days), max(days)
        if (hi - lo).days < 30:
            lo, hi = lo - timedelta(days=15), hi + timedelta(days=15)
        return lo, hi

    def paintEvent(self, _e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        text_col = pal.text().color()
        fm = p.fontMetrics()
        if not self._series:
            p.setPen(text_col)
            p.drawText(self.rect().adjusted(16, 16, -16, -16),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       translate("widgets.chart",
                                 "No numbers yet. They will show here as people give them."))
            p.end()
            return
        # legend (wraps onto more rows if needed)
        x, y = 12.0, 10.0
        row_h = fm.height() + 8
        for i, s in enumerate(self._series):
            label = f"{s.name} ({s.points[-1][1]})"
            w = 34 + fm.horizontalAdvance(label) + 18
            if x + w > self.width() - 8 and x > 12:
                x, y = 12.0, y + row_h
            col = QColor(COLOURS[i % len(COLOURS)])
            p.setPen(QPen(col, 3))
            mid = y + row_h / 2
            p.drawLine(QPointF(x, mid), QPointF(x + 24, mid))
            self._marker(p, QPointF(x + 12, mid), i, col)
            p.setPen(text_col)
            p.drawText(QPointF(x + 32, mid + fm.ascent() / 2 - 1), label)
            x += w
        top = y + row_h + 12
        left, right, bottom = fm.horizontalAdvance("10") + 18, 16, fm.height() + 14
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        if plot.height() < 40 or plot.width() < 60:
            p.end()
            return
        grid = QColor(pal.mid().color())
        grid.setAlpha(110)
        for v in range(0, 11, 2):
            yy = plot.bottom() - plot.height() * v / 10
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
            p.setPen(text_col)
            p.drawText(QRectF(0, yy - fm.height() / 2, left - 8, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(v))
        lo, hi = self._x_range()
        span = max(1, (hi - lo).days)

        def px(d: date) -> float:
            return plot.left() + plot.width() * (d - lo).days / span

        # month ticks, thinned so labels never overlap
        months = []
        m = date(lo.year, lo.month, 1)
        while m <= hi:
            if m >= lo:
                months.append(m)
            m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        names = [translate("widgets.chart", m) for m in MONTHS]
        label_w = max(fm.horizontalAdvance("Mmm 0000"),  # tr: not shown (a width to measure)
                      *(fm.horizontalAdvance(f"{n} 0000") for n in names)) + 12
        step = max(1, int(len(months) * label_w / max(1.0, plot.width())) + 1)
        for i, m in enumerate(months):
            xx = px(m)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(xx, plot.top()), QPointF(xx, plot.bottom()))
            if i % step == 0:
                p.setPen(text_col)
                lab = f"{names[m.month - 1]} {m.year}" if (m.month == 1 or i == 0) \
                    else names[m.month - 1]
                p.drawText(QRectF(xx - label_w / 2, plot.bottom() + 4, label_w, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, lab)
        p.setPen(QPen(grid.darker(130), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        for i, s in enumerate(self._series):
            col = QColor(COLOURS[i % len(COLOURS)])
            pts = [QPointF(px(d.date()), plot.bottom() - plot.height() * v / 10)
                   for d, v in s.points]
            p.setPen(QPen(col, 3))
            if len(pts) > 1:
                p.drawPolyline(QPolygonF(pts))
            for pt in pts:
                self._marker(p, pt, i, col)
        p.end()

    def _marker(self, p: QPainter, c: QPointF, i: int, col: QColor) -> None:
        shape = SHAPES[i % len(SHAPES)]
        r = 5.5
        p.save()
        p.setPen(QPen(col.darker(120), 1.5))
        p.setBrush(col)
        if shape == "circle":
            p.drawEllipse(c, r, r)
        elif shape == "square":
            p.drawRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
        elif shape == "triangle":
            p.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - r - 1), QPointF(c.x() + r + 1, c.y() + r),
                                     QPointF(c.x() - r - 1, c.y() + r)]))
        else:
            p.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - r - 1), QPointF(c.x() + r + 1, c.y()),
                                     QPointF(c.x(), c.y() + r + 1), QPointF(c.x() - r - 1, c.y())]))
        p.restore()
