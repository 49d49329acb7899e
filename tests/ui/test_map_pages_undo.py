"""The map, scale, plan and chronology pages undo through the store: a removed entry comes back
whole (its stances, its goal's link), a refused command is said in a sentence and changes
nothing, an undo that takes away the number being given closes the form, and a plan's added
rule is an undo step of its own, apart from the typing before it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safetymap.domain import rules_map
from safetymap.ui.workspace.judgement import JudgementPage
from safetymap.ui.workspace.needs import NeedsToHappenPage
from safetymap.ui.workspace.plan import PlanPage
from safetymap.ui.workspace.worried import WorriedPage

from .pagekit import doc, entries, open_page


def _without_times(d):
    if isinstance(d, dict):
        return {k: _without_times(v) for k, v in d.items()
                if k not in {"updated_at", "created_at"}}
    if isinstance(d, list):
        return [_without_times(v) for v in d]
    return d


def test_a_deleted_worry_comes_back_whole_with_undo_and_goes_again_with_redo(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    before = doc(ctx)
    worry = next(e for e in entries(before, "worry") if e["stances"])
    paired = [g["id"] for g in entries(before, "goal") if g["paired_worry_uid"] == worry["uid"]]
    assert paired, "the demo pairs a goal with this worry"
    qtbot.mouseClick(page.worries.card(worry["id"]).delete, Qt.MouseButton.LeftButton)
    gone = doc(ctx)
    assert worry["id"] not in [e["id"] for e in gone["map"]]
    assert worry["id"] not in page.worries.cards
    assert all(g["paired_worry_uid"] is None for g in gone["map"] if g["id"] in paired)
    ctx.undo_stack.undo()
    assert _without_times(doc(ctx)) == _without_times(before)
    assert worry["id"] in page.worries.cards  # the page shows it again (the store's refresh)
    ctx.undo_stack.redo()
    assert worry["id"] not in [e["id"] for e in doc(ctx)["map"]]


def test_a_refused_command_is_said_and_changes_nothing(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    told: list[str] = []
    ctx.tell = told.append
    n = len(doc(ctx)["map"])
    steps = ctx.undo_stack.count()
    assert page.harm.add_entry("x" * (rules_map.MAX_ENTRY_TEXT + 1)) is None
    assert told and "too long" in told[0] and "100,000 characters" in told[0]
    assert len(doc(ctx)["map"]) == n
    assert ctx.undo_stack.count() == steps  # nothing to undo


def test_resolve_and_a_stance_are_steps_of_their_own(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    comp = entries(doc(ctx), "complicating")[0]
    card = page.complicating.card(comp["id"])
    qtbot.mouseClick(card.resolve, Qt.MouseButton.LeftButton)
    sarah = next(p for p in doc(ctx)["people"] if p["name"] == "Sarah Hughes")
    card = page.complicating.card(comp["id"])
    card.stances.stance_set.emit(("person", sarah["id"]), "agrees")
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert e["resolved_at"] and [s["stance"] for s in e["stances"]] == ["agrees"]
    ctx.undo_stack.undo()  # the stance
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert e["resolved_at"] and e["stances"] == []
    ctx.undo_stack.undo()  # resolved
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert e["resolved_at"] is None
    assert not page.complicating.card(comp["id"]).resolve.isChecked()


def test_typing_then_pairing_undoes_the_pairing_first(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, NeedsToHappenPage)
    goal = entries(doc(ctx), "goal")[0]
    worries = entries(doc(ctx), "worry")
    card = page.goals.card(goal["id"])
    card.text.setFocus()
    qtbot.keyClick(card.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(card.text, " Every week.")
    other = next(w for w in worries if w["uid"] != goal["paired_worry_uid"])
    combo = card.extra.combo
    combo.setCurrentIndex(combo.findData(other["id"]))
    combo.activated.emit(combo.currentIndex())
    g = next(e for e in doc(ctx)["map"] if e["id"] == goal["id"])
    assert g["paired_worry_uid"] == other["uid"] and g["text"].endswith("Every week.")
    ctx.undo_stack.undo()
    g = next(e for e in doc(ctx)["map"] if e["id"] == goal["id"])
    assert g["paired_worry_uid"] == goal["paired_worry_uid"]
    assert g["text"].endswith("Every week.")  # the typing is a step of its own
    ctx.undo_stack.undo()
    assert next(e for e in doc(ctx)["map"] if e["id"] == goal["id"])["text"] == goal["text"]


def test_undo_of_the_number_being_given_closes_the_form(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    n = len(doc(ctx)["scores"])
    page.scale.setValue(6)
    page.reasons.setPlainText("Gwen is helping")
    assert len(doc(ctx)["scores"]) == n + 1
    ctx.undo_stack.undo()  # the reasons
    assert max(doc(ctx)["scores"], key=lambda s: s["id"])["reasons"] == ""
    ctx.undo_stack.undo()  # the number itself
    assert len(doc(ctx)["scores"]) == n
    assert page.draft is None
    assert not page.reasons.isEnabled()
    assert "taken away" in page.status.text()


def test_an_added_rule_is_its_own_undo_step(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PlanPage)
    rules_before = doc(ctx)["safety_plan"]["current"]["rules"]
    page.review.setPlainText("We will look again in March.")
    page.add_rule()
    current = doc(ctx)["safety_plan"]["current"]
    assert len(current["rules"]) == len(rules_before) + 1
    assert current["review"] == "We will look again in March."
    ctx.undo_stack.undo()  # the rule, not the review
    current = doc(ctx)["safety_plan"]["current"]
    assert current["rules"] == rules_before
    assert current["review"] == "We will look again in March."
    assert len(page.rule_rows) == len(rules_before)
