"""A check box or a radio button takes no more room with the keyboard on it than without: the
focus ring had 4 px a side that the unfocused button did not, so a focused 'Working view' lost
its last letter ('Working viev', the new-user run)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from safetymap.ui.theme import apply_theme


def _sizes(sheet: str | None, qtbot) -> tuple[int, int]:
    app = QApplication.instance()
    old = app.styleSheet()
    try:
        if sheet is not None:
            app.setStyleSheet(sheet)
        box = QWidget()
        qtbot.addWidget(box)
        radio = QRadioButton("Kitchen-table view", box)
        box.show()
        qtbot.waitExposed(box)
        unfocused = radio.sizeHint().width()
        box.activateWindow()
        radio.setFocus()
        QApplication.processEvents()
        radio.style().unpolish(radio)
        radio.style().polish(radio)
        return unfocused, radio.sizeHint().width()
    finally:
        app.setStyleSheet(old)


def test_the_focus_ring_takes_no_room_of_its_own(qtbot):
    apply_theme(QApplication.instance())
    unfocused, focused = _sizes(None, qtbot)
    assert focused == unfocused


def test_control_without_the_unfocused_border_focus_widens_the_button(qtbot):
    apply_theme(QApplication.instance())
    sheet = QApplication.instance().styleSheet()
    cut = sheet.replace("QCheckBox, QRadioButton {", "QCheckBox#none, QRadioButton#none {")
    assert cut != sheet
    unfocused, focused = _sizes(cut, qtbot)
    assert focused > unfocused
