"""The calm theme: switched-off and read-only controls look it, and a checked or focused button
keeps room for its whole label (a thicker border must not eat into the text)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from safetymap.ui.theme import apply_theme


def _themed(qtbot):
    app = QApplication.instance()
    old_sheet, old_palette, old_font = app.styleSheet(), app.palette(), app.font()
    apply_theme(app)
    w = QWidget()
    qtbot.addWidget(w)
    lay = QHBoxLayout(w)
    return app, w, lay, (old_sheet, old_palette, old_font)


def _restore(app, old):
    app.setStyleSheet(old[0])
    app.setPalette(old[1])
    app.setFont(old[2])


def _background(widget) -> str:
    img = widget.grab().toImage()
    return img.pixelColor(6, img.height() // 2).name()


def test_disabled_and_read_only_controls_look_different(qtbot):
    app, w, lay, old = _themed(qtbot)
    try:
        on, off = QPushButton("Add"), QPushButton("Add")
        off.setEnabled(False)
        edit, ro, dis = QLineEdit("Home"), QLineEdit("Home"), QLineEdit("Home")
        ro.setReadOnly(True)
        dis.setEnabled(False)
        for x in (on, off, edit, ro, dis):
            lay.addWidget(x)
        w.show()
        QApplication.processEvents()
        assert _background(on) != _background(off)
        assert _background(edit) != _background(ro)
        assert _background(edit) != _background(dis)
    finally:
        _restore(app, old)


def test_a_checked_or_focused_button_keeps_its_whole_label(qtbot):
    app, w, lay, old = _themed(qtbot)
    try:
        b = QPushButton("Guided conversation")
        b.setCheckable(True)
        other = QPushButton("Other")
        lay.addWidget(b)
        lay.addWidget(other)
        lay.addStretch(1)
        w.show()
        QApplication.processEvents()
        text = b.fontMetrics().horizontalAdvance(b.text())
        widths = []
        for checked, focus in ((False, False), (True, False), (True, True), (False, True)):
            b.setChecked(checked)
            (b if focus else other).setFocus()
            QApplication.processEvents()
            opt = QStyleOptionButton()
            b.initStyleOption(opt)
            r = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, b)
            widths.append(r.width())
        assert min(widths) >= text, (widths, text)
        assert len(set(widths)) == 1, widths
    finally:
        _restore(app, old)


def test_switched_off_scale_is_painted_muted(qtbot):
    """The hand-drawn 0-10 scale (a signed-off supervision record) looks switched off: the
    chosen number is no longer the bright accent, and the picture differs from the live one."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor

    from safetymap.ui.widgets.scale import ScaleWidget

    accent = QColor("#1f5fa8").name()  # the chosen number on a live scale

    app, w, lay, old = _themed(qtbot)
    try:
        scale = ScaleWidget()
        lay.addWidget(scale)
        w.resize(900, 120)
        w.show()
        scale.setValue(7)
        QApplication.processEvents()
        c = scale._centre(7)
        centre = QPoint(int(c.x()), int(c.y() + scale._radius()))  # in the fill, below the digit
        on = scale.grab().toImage()
        scale.setEnabled(False)
        off = scale.grab().toImage()
        assert on.size() == off.size()
        assert on.pixelColor(centre).name() == accent
        assert off.pixelColor(centre).name() != accent
        differ = sum(1 for x in range(0, on.width(), 3) for y in range(0, on.height(), 3)
                     if on.pixelColor(x, y) != off.pixelColor(x, y))
        assert differ > 200, differ
        scale.setEnabled(True)
        assert scale.grab().toImage().pixelColor(centre).name() == accent
    finally:
        _restore(app, old)
