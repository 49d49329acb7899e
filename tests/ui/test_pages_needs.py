"""What needs to happen: goals paired with worries, next steps with and without an agreed date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from safetymap.ui.workspace.needs import NOT_PAIRED, NeedsToHappenPage

from .pagekit import doc, entries, open_page, unnamed_controls, visible_texts


def test_goal_paired_with_a_worry(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, NeedsToHappenPage)
    worries = entries(doc(ctx), "worry")
    qtbot.mouseClick(page.goals.add_button, Qt.MouseButton.LeftButton)
    card = page.goals.cards[max(page.goals.cards)]
    assert card.text.hasFocus()
    qtbot.keyClicks(card.text, "Tomasz will go to his brother's when he has been drinking.")
    combo = card.extra.combo
    assert combo.currentText() == NOT_PAIRED
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # keyboard: the first worry statement
    d = doc(ctx)
    g = next(e for e in d["map"] if e["id"] == card.entry_id)
    assert g["paired_worry_uid"] == worries[0]["uid"]
    assert g["text"].startswith("Tomasz will go")
    ctx.undo_stack.undo()
    g = next(e for e in doc(ctx)["map"] if e["id"] == card.entry_id)
    assert g["paired_worry_uid"] is None


def test_next_steps_with_an_agreed_date_and_without(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, NeedsToHappenPage)
    qtbot.mouseClick(page.steps.add_button, Qt.MouseButton.LeftButton)
    first = page.steps.cards[max(page.steps.cards)]
    qtbot.keyClicks(first.text, "Phone the housing officer")
    qtbot.keyClicks(first.extra.who, "Sarah")
    assert not first.extra.date.isVisible()
    qtbot.mouseClick(first.extra.has_date, Qt.MouseButton.LeftButton)
    assert first.extra.date.isVisible()
    first.extra.date.setDate(QDate(2026, 12, 3))

    qtbot.mouseClick(page.steps.add_button, Qt.MouseButton.LeftButton)
    second = page.steps.cards[max(page.steps.cards)]
    assert second is not first
    second.text.insertPlainText("Ask Gwen if she can help on Saturdays")
    second.extra.who.setText("Alex")

    d = doc(ctx)
    a = next(e for e in d["map"] if e["id"] == first.entry_id)
    b = next(e for e in d["map"] if e["id"] == second.entry_id)
    assert (a["text"], a["step_who"], a["agreed_date"]) == (
        "Phone the housing officer", "Sarah", date(2026, 12, 3).isoformat())
    assert (b["text"], b["step_who"], b["agreed_date"]) == (
        "Ask Gwen if she can help on Saturdays", "Alex", None)
    # taking the date away again is just as easy
    qtbot.mouseClick(page.steps.cards[first.entry_id].extra.has_date, Qt.MouseButton.LeftButton)
    assert next(e for e in doc(ctx)["map"] if e["id"] == first.entry_id)["agreed_date"] is None


def test_page_wording_is_a_promise_not_a_deadline(qtbot, demo_store):
    page, _ = open_page(qtbot, demo_store, NeedsToHappenPage)
    texts = " ".join(visible_texts(page))
    assert "Date agreed with the family" in texts
    low = texts.lower()
    for word in ("overdue", "deadline", "due date", "due by", "days left", "late"):
        assert word not in low
    assert unnamed_controls(page) == []
    # the demo's existing steps show their agreed dates
    dates = [c.extra.date.date().toPython() for c in page.steps.cards.values()
             if c.extra.has_date.isChecked()]
    assert date(2026, 11, 27) in dates
