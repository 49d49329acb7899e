"""The 0-10 scale, large enough to use at a kitchen table with a finger or a mouse.

Keyboard: arrows step by one, Home is 0, End is 10, Page Up / Page Down step by five, a digit
sets that number and "1" then "0" (quickly) sets ten. The accessible description always says the
number, so a screen reader hears it. One calm colour for every number: no red/amber/green.
Switched off (a signed-off supervision record, group supervision) it is painted muted, with a
dashed track and dashed circles, like the app's other switched-off controls (theme.py), so
"this cannot be changed now" shows at a glance, and not by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..theme import DISABLED_BG, DISABLED_TEXT, LINE
from ..tr import translate

TEN_WINDOW_MS = 900
ACCENT = "#1f5fa8"
#: the chosen number when the scale is switched off: still clearly chosen, but quiet
MUTED_ACCENT = "#8A9AA3"


class ScaleWidget(QWidget):
    valueChanged = Signal(int)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None) -> None:
        super().__init__(parent)
        if name is None:
            name = translate("widgets.scale", "Scale from 0 to 10")
        self._value: int | None = None
        self._name = name
        self._last_one = QElapsedTimer()
        self.setObjectName("scaleWidget")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(420, 96)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(name)
        self._describe()

    # -- value ---------------------------------------------------------------------------------
    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None) -> None:  # noqa: N802 - Qt naming
        if value is not None:
            value = max(0, min(10, int(value)))
        if value == self._value:
            return
        self._value = value
        self._describe()
        self.update()
        if value is not None:
            self.valueChanged.emit(value)

    def set_name(self, name: str) -> None:
        self._name = name
        self.setAccessibleName(name)
        self._describe()

    def _describe(self) -> None:
        if self._value is None:
            text = translate("widgets.scale",
                             "No number chosen yet. Use the arrow keys or a digit to choose one.")
        else:
            text = translate("widgets.scale", "{number} out of 10").format(number=self._value)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # -- geometry ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 110)

    def _radius(self) -> float:
        return max(14.0, min(30.0, (self.width() - 40) / 11 / 2 - 3))

    def _centre(self, v: int) -> QPointF:
        r = self._radius() + 6
        usable = self.width() - 2 * r
        return QPointF(r + usable * v / 10, self.height() / 2)

    def _value_at(self, x: float) -> int:
        r = self._radius() + 6
        usable = max(1.0, self.width() - 2 * r)
        return max(0, min(10, round((x - r) / usable * 10)))

    # -- input ---------------------------------------------------------------------------------
    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        if e.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.setValue(self._value_at(e.position().x()))

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        if e.buttons() & Qt.MouseButton.LeftButton:
            self.setValue(self._value_at(e.position().x()))

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        k = e.key()
        v = self._value
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1,
                Qt.Key.Key_PageUp: 5, Qt.Key.Key_PageDown: -5}.get(Qt.Key(k))
        if step is not None:
            self.setValue(5 if v is None else v + step)
        elif k == Qt.Key.Key_Home:
            self.setValue(0)
        elif k == Qt.Key.Key_End:
            self.setValue(10)
        elif Qt.Key.Key_0 <= k <= Qt.Key.Key_9:
            digit = k - Qt.Key.Key_0
            if digit == 0 and self._value == 1 and self._last_one.isValid() \
                    and self._last_one.elapsed() < TEN_WINDOW_MS:
                self.setValue(10)
                self._last_one.invalidate()
            else:
                self.setValue(digit)
                if digit == 1:
                    self._last_one.start()
        else:
            super().keyPressEvent(e)
            return
        e.accept()

    # -- painting ------------------------------------------------------------------------------
    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.EnabledChange:
            self.setCursor(Qt.CursorShape.PointingHandCursor if self.isEnabled()
                           else Qt.CursorShape.ArrowCursor)
            self.update()
        super().changeEvent(e)

    def paintEvent(self, _e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        r = self._radius()
        on = self.isEnabled()
        track = QColor(pal.mid().color()) if on else QColor(LINE)
        accent = QColor(ACCENT) if on else QColor(MUTED_ACCENT)
        base = pal.base().color() if on else QColor(DISABLED_BG)
        ink = pal.text().color() if on else QColor(DISABLED_TEXT)
        line = Qt.PenStyle.SolidLine if on else Qt.PenStyle.DashLine
        p.setPen(QPen(track, 4, line, Qt.PenCapStyle.RoundCap))
        p.drawLine(self._centre(0), self._centre(10))
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, r * 0.62))
        font.setBold(True)
        p.setFont(font)
        for v in range(11):
            c = self._centre(v)
            chosen = v == self._value
            rr = r + 5 if chosen else r
            p.setPen(QPen(accent if chosen else track, 2,
                          Qt.PenStyle.SolidLine if on or chosen else Qt.PenStyle.DashLine))
            p.setBrush(accent if chosen else base)
            p.drawEllipse(c, rr, rr)
            p.setPen(QColor("white") if chosen else ink)
            p.drawText(QRectF(c.x() - rr, c.y() - rr, 2 * rr, 2 * rr),
                       Qt.AlignmentFlag.AlignCenter, str(v))
        if self.hasFocus() and on:
            pen = QPen(pal.highlight().color(), 2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 10, 10)
        p.end()
