"""Keyboard-only flow through an entry card: Tab walks it top to bottom, Ctrl+Enter adds an
entry to the list the keyboard is in. The drop-downs paint their own calm arrow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safetymap.ui.widgets.tidy import ARROW_W, TidyComboBox
from safetymap.ui.workspace.worried import WorriedPage

from .pagekit import doc, entries, open_page


def _focus(qtbot, page):
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())


def test_ctrl_enter_adds_to_the_focused_list(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    _focus(qtbot, page)
    n_harm = len(entries(doc(ctx), "harm"))
    n_comp = len(entries(doc(ctx), "complicating"))
    card = next(iter(page.complicating.cards.values()))
    card.text.setFocus()
    qtbot.keyClick(card.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    d = doc(ctx)
    assert len(entries(d, "complicating")) == n_comp + 1
    assert len(entries(d, "harm")) == n_harm
    new = page.complicating.cards[max(page.complicating.cards)]
    assert new.text.hasFocus()  # straight into the new entry
    assert "Control+Enter" in page.complicating.add_button.accessibleDescription()


def test_tab_walks_an_entry_card_in_reading_order(qtbot, demo_store):
    page, _ = open_page(qtbot, demo_store, WorriedPage)
    _focus(qtbot, page)
    card = next(iter(page.harm.cards.values()))
    card.agree_toggle.setChecked(True)
    QApplication.processEvents()
    card.text.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    rows = list(card.stances.rows.values())
    # an editable combo box puts focus on itself (or its line edit)
    norm = [w.parentWidget() if w is card.view.lineEdit() else w for w in seen]
    assert norm[:5] == [card.view, card.agree_toggle, card.resolve, card.delete,
                        rows[0].group.buttons()[0]]
    # each row's three choices are one group (arrow keys move within it); Tab goes on to the
    # next row, not back up to the top of the page or down to the next card
    assert norm[5] in rows[1].group.buttons() + [rows[0].note, rows[0].remove]


def test_tidy_combo_hides_the_native_arrow_and_draws_a_chevron(qtbot):
    c = TidyComboBox()
    qtbot.addWidget(c)
    c.addItems(["Everyone", "A parent"])
    c.resize(220, 36)
    c.show()
    QApplication.processEvents()
    assert "::down-arrow" in c.styleSheet() and "image: none" in c.styleSheet()
    img = c.grab().toImage()
    y = img.height() // 2
    xs = range(img.width() - ARROW_W - 2, img.width() - 4)
    ink = [x for x in xs if img.pixelColor(x, y).lightness() < 120]
    assert ink, "a dark chevron is drawn in the arrow area"
