"""The safety plan's rule cards: "Who makes sure" and "In whose words" line up from card to
card, however long the names chosen in each."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from safetymap.ui.workspace.plan import PlanPage

from .pagekit import open_page


def test_rule_cards_line_up_column_to_column(qtbot, demo_store):
    page, _ctx = open_page(qtbot, demo_store, PlanPage)
    page.add_rule()  # a fresh card with nobody chosen yet, and a tenth-like number
    QApplication.processEvents()
    rows = page.rule_rows
    assert len(rows) >= 3
    assert len({r.who_button.text() for r in rows}) >= 3  # different names in each card

    def x(w):
        return w.mapTo(page, QPoint(0, 0)).x()

    for attr in ("who_button", "who_text", "words_of"):
        xs = {x(getattr(r, attr)) for r in rows}
        assert len(xs) == 1, (attr, xs)
    assert len({r.who_button.width() for r in rows}) == 1
    # a long list of names is shortened on the button, and whole in its tooltip
    for r in rows:
        assert r.who_button.toolTip().startswith(r.who_button.text().rstrip("…"))
