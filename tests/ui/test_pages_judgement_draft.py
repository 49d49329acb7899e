"""Judgement: nothing typed lives only on screen. A chosen number is saved at once and the
reasons autosave into it; the layout keeps the trajectory in view at 1366x768."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QBoxLayout

from safetymap.services.families import load_family
from safetymap.ui.workspace.judgement import JudgementPage

from .pagekit import doc, open_page, person


def _sarahs(d):
    return [s for s in d["scores"] if s["who"] == "Sarah Hughes"]


def test_reasons_typed_before_any_button_survive_a_lock_and_reopen(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    n = len(_sarahs(doc(ctx)))
    assert not page.reasons.isEnabled()  # reasons belong to a number: they open with one
    page.who.choose_text("Sarah Hughes")
    page.scale.setFocus()
    qtbot.keyClick(page.scale, Qt.Key.Key_6)
    # the number is already in the store, before any button
    d = load_family(ctx.store, ctx.family_id)
    assert len(_sarahs(d)) == n + 1 and _sarahs(d)[-1]["value"] == 6
    assert page.reasons.isEnabled()
    page.reasons.setFocus()
    page.reasons.insertPlainText("Gwen is close by. Zażółć gęślą jaźń.")
    # the app locks: the window flushes the autosaver; nothing else runs
    ctx.autosaver.flush()
    reopened, _ = open_page(qtbot, demo_store, JudgementPage)  # a fresh page, as after unlock
    d = load_family(ctx.store, ctx.family_id)
    assert _sarahs(d)[-1]["reasons"] == "Gwen is close by. Zażółć gęślą jaźń."
    assert "Gwen is close by" in reopened.history.text()


def test_reasons_autosave_without_flush_and_undo_in_steps(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    page.who.choose_text("Tomasz Kowalski")
    page.scale.setValue(8)
    qtbot.keyClicks(page.reasons, "I would never hurt them")
    qtbot.wait(700)  # the autosave debounce, no flush and no button
    assert ctx.autosaver.pending == 0
    d = load_family(ctx.store, ctx.family_id)
    last = max(d["scores"], key=lambda s: s["scored_at"])
    assert (last["who"], last["value"], last["reasons"]) == ("Tomasz Kowalski", 8,
                                                             "I would never hurt them")
    # he changes his mind: the same score moves, no second row
    n = len(d["scores"])
    page.scale.setValue(7)
    assert len(doc(ctx)["scores"]) == n
    assert max(doc(ctx)["scores"], key=lambda s: s["scored_at"])["value"] == 7
    ctx.undo_stack.undo()  # the number goes back to 8
    assert max(doc(ctx)["scores"], key=lambda s: s["scored_at"])["value"] == 8
    assert page.scale.value() == 8  # and the scale shows it
    ctx.undo_stack.undo()  # the reasons go
    assert max(doc(ctx)["scores"], key=lambda s: s["scored_at"])["reasons"] == ""
    assert page.reasons.toPlainText() == ""
    ctx.undo_stack.undo()  # the recording goes, and the form is cleared
    assert len(doc(ctx)["scores"]) == n - 1
    assert page.scale.value() is None and not page.reasons.isEnabled()
    ctx.undo_stack.redo()
    assert len(doc(ctx)["scores"]) == n


def test_another_person_gets_their_own_number_and_the_first_stays(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    n = len(doc(ctx)["scores"])
    page.who.choose_text("Sarah Hughes")
    page.scale.setValue(6)
    page.reasons.setPlainText("Things are calmer")
    page.who.choose_text("Tomasz Kowalski")  # forgot "Next person": nothing is overwritten
    assert page.scale.value() is None and page.reasons.toPlainText() == ""
    page.scale.setValue(9)
    d = doc(ctx)
    new = sorted(d["scores"], key=lambda s: s["scored_at"])[n:]
    assert [(s["who"], s["value"], s["reasons"]) for s in new] == [
        ("Sarah Hughes", 6, "Things are calmer"), ("Tomasz Kowalski", 9, "")]


def test_no_person_chosen_means_the_worker_and_it_can_be_taken_away(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    n = len(doc(ctx)["scores"])
    page.scale.setValue(3)
    assert page.who.currentText() == "Worker"
    assert "Saved: 3 for Worker" in page.status.text()
    assert len(doc(ctx)["scores"]) == n + 1
    qtbot.mouseClick(page.remove, Qt.MouseButton.LeftButton)
    assert len(doc(ctx)["scores"]) == n
    ctx.undo_stack.undo()
    assert len(doc(ctx)["scores"]) == n + 1


def test_new_person_from_the_picker_is_explicit_and_undo_removes_them(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    people = len(doc(ctx)["people"])
    page.who.choose_text("Scool nurse")  # a typo, Enter: kept as written, nobody is added
    page.scale.setValue(4)
    d = doc(ctx)
    assert len(d["people"]) == people
    assert max(d["scores"], key=lambda s: s["scored_at"])["who"] == "Scool nurse"
    page.record_score()
    page.who.choose_new_person("School nurse")
    assert person(doc(ctx), "School nurse")["role"] == "professional"
    ctx.undo_stack.undo()
    assert len(doc(ctx)["people"]) == people


def test_the_trajectory_is_in_view_at_1366x768_and_stacks_when_narrow(qtbot, demo_store):
    page, _ = open_page(qtbot, demo_store, JudgementPage)  # 1100x700: the page area
    QApplication.processEvents()
    body = page.scroll_area.widget()
    chart_top = page.chart.mapTo(body, QPoint(0, 0)).y()
    # the whole chart, its dated axis included, is above the fold of the 700px page area
    assert chart_top + page.chart.height() <= 700, (chart_top, page.chart.height())
    assert page.columns.direction() == QBoxLayout.Direction.LeftToRight
    page.resize(600, 700)
    QApplication.processEvents()
    assert page.columns.direction() == QBoxLayout.Direction.TopToBottom


def test_guided_mode_hides_the_inline_follow_ups(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    ask = [w for w in page.findChildren(type(page.status)) if w.property("inlinePrompt")]
    assert ask and all(w.isVisible() for w in ask)
    page.set_guided(True)
    assert not any(w.isVisible() for w in ask)
    page.set_guided(False)
    assert all(w.isVisible() for w in ask)
