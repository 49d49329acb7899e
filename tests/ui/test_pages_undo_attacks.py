"""Attacks on the pages' undo (red team): each test states the correct behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from .shell_support import family_doc, make_store, open_window
from .test_shell_undo import _as_the_family_reads, _diff


def _type_at_end(qtbot, w, text):
    w.setFocus()
    QApplication.processEvents()
    if isinstance(w, QLineEdit):
        qtbot.keyClick(w, Qt.Key.Key_End)
    else:
        qtbot.keyClick(w, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(w, text)


def _text(w):
    return w.text() if isinstance(w, QLineEdit) else w.toPlainText()


def _undo_redo_typing(qtbot, win, fid, get_widget, typed, steps_for_it=1):
    """Type into a box, leave it, Undo, Redo through the window: one step (or `steps_for_it`,
    undone and redone together), the box shows the store each time, the family document after
    the undo is the one before."""
    w = get_widget()
    before = _as_the_family_reads(family_doc(win, fid))
    original = _text(w)
    steps = win.undo_stack.index()
    _type_at_end(qtbot, w, typed)
    win.autosaver.flush()
    _type_at_end(qtbot, w, typed)  # the same burst: the focus never left
    win.autosaver.flush()
    win.workspace.nav.setFocus()
    qtbot.waitUntil(lambda: not w.hasFocus())
    assert win.undo_stack.index() == steps + steps_for_it, "typing in one box is one step"
    after = _as_the_family_reads(family_doc(win, fid))
    assert _diff(before, after) != []
    for _ in range(steps_for_it):
        win.undo_action.trigger()
    w = get_widget()
    assert _text(w) == original
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    for _ in range(steps_for_it):
        win.redo_action.trigger()
    w = get_widget()
    assert _text(w) == original + typed + typed
    d = _diff(after, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)


def test_ctrl_z_pressed_in_the_field_being_typed_undoes_the_typing_as_one_store_step(
        qtbot, store_path):
    """A worker types into the plan's review box and presses Ctrl+Z there (the key, not the
    menu): the typing goes, the store holds the old text, and no undo step is left that does
    nothing; Ctrl+Shift+Z brings the typing back."""
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "plan")
    page = win.workspace.pages["plan"]
    before = _as_the_family_reads(family_doc(win, fid))
    original = page.review.toPlainText()
    _type_at_end(qtbot, page.review, " Or sooner.")
    win.autosaver.flush()
    assert win.undo_stack.count() == 1
    qtbot.keyClick(page.review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    win.autosaver.flush()
    assert page.review.toPlainText() == original
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    # the step on the stack is the store's: undone, so redo brings the typing back
    assert win.undo_stack.index() == 0, (win.undo_stack.count(), win.undo_stack.index())
    qtbot.keyClick(page.review, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    win.autosaver.flush()
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original + " Or sooner."


def _plan(win, fid):
    return family_doc(win, fid)["safety_plan"]["current"]


def test_ctrl_z_in_a_text_box_after_adding_a_rule_takes_the_rule_away(qtbot, store_path):
    """The worker types in the review box, then adds a rule, clicks back into the review box
    and presses Ctrl+Z: the last step (the added rule) is undone, and the review keeps what
    was typed. Control: the menu's Undo does exactly that."""
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "plan")
    page = win.workspace.pages["plan"]
    original = page.review.toPlainText()
    rules_before = _plan(win, fid)["rules"]
    _type_at_end(qtbot, page.review, " Or sooner.")
    win.workspace.nav.setFocus()  # leave the box
    qtbot.waitUntil(lambda: not page.review.hasFocus())
    page.add_rule()
    assert len(_plan(win, fid)["rules"]) == len(rules_before) + 1
    steps = win.undo_stack.count()
    page.review.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(page.review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    win.autosaver.flush()
    plan = _plan(win, fid)
    assert plan["review"] == original + " Or sooner.", "Ctrl+Z undid the box's typing instead"
    assert plan["rules"] == rules_before, "the added rule (the last step) is still there"
    assert win.undo_stack.count() == steps and win.undo_stack.index() == steps - 1


def test_undo_from_the_history_then_ctrl_z_is_refused_in_a_sentence(qtbot, store_path, caplog):
    """A change undone from the History window is still a step on Edit > Undo: undoing it
    again is refused by the store, said in a sentence in the window, and changes nothing; no
    case text reaches the log."""
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "people")
    page = win.workspace.pages["people"]
    pid = page.add_person("Uncle Dewi", "network", "Sarah's brother")
    page.select_person(pid)
    page.relationship.setText("Sarah's big brother")
    win.autosaver.flush()
    win.workspace.nav.setFocus()
    step_cs = win.undo_stack.command(win.undo_stack.index() - 1).changeset_id
    from safetymap.services import changesets
    changesets.undo(win.store, step_cs)  # what the History window's button does
    win.workspace.reload()
    after_history = _as_the_family_reads(family_doc(win, fid))
    win.notice.hide()
    win.undo_action.trigger()
    assert win.notice.isVisible() and win.notice.text.text().strip()
    assert _diff(after_history, _as_the_family_reads(family_doc(win, fid))) == []
    assert page.relationship.text() == "Sarah's brother"
    for rec in caplog.records:
        assert "Dewi" not in rec.getMessage() and "brother" not in rec.getMessage()
        assert rec.exc_info is None


def test_group_supervision_pauses_undo_and_redo(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "people")
    page = win.workspace.pages["people"]
    page.add_person("Uncle Dewi", "network", "Sarah's brother")
    win.workspace.set_group(True)
    before = _as_the_family_reads(family_doc(win, fid))
    index = win.undo_stack.index()
    win.undo_action.trigger()
    assert "paused" in win.notice.text.text()
    assert win.undo_stack.index() == index
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    # the key, with the focus on the page, too
    win.workspace.nav.setFocus()
    qtbot.keyClick(win.workspace.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.undo_stack.index() == index
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    win.workspace.set_group(False)
    win.undo_action.trigger()
    assert "Uncle Dewi" not in [p["name"] for p in family_doc(win, fid)["people"]]


def test_a_tick_on_the_people_page_is_one_step_and_the_box_shows_the_store(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "people")
    page = win.workspace.pages["people"]
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    before = _as_the_family_reads(family_doc(win, fid))
    was = page.household.isChecked()
    steps = win.undo_stack.count()
    page.household.click()
    win.autosaver.flush()
    assert win.undo_stack.count() == steps + 1
    win.undo_action.trigger()
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    assert page.household.isChecked() == was
    win.redo_action.trigger()
    assert page.household.isChecked() != was
    assert next(p for p in family_doc(win, fid)["people"]
                if p["name"] == "Gwen Hughes")["in_household"] != was


def test_undo_while_typing_undoes_the_typing_and_redo_brings_it_all_back(qtbot, store_path):
    """Undo pressed while an autosave is still waiting: the typing (all of it) is the step."""
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "people")
    page = win.workspace.pages["people"]
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    before = _as_the_family_reads(family_doc(win, fid))
    old = page.relationship.text()
    _type_at_end(qtbot, page.relationship, " and")
    win.autosaver.flush()
    _type_at_end(qtbot, page.relationship, " helper")
    assert win.autosaver.pending  # not yet saved
    win.undo_action.trigger()
    assert page.relationship.text() == old
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    assert win.undo_stack.index() == 0
    win.redo_action.trigger()
    assert page.relationship.text() == old + " and helper"


def test_typing_in_the_supervision_record_is_an_undo_step_of_its_own(qtbot, store_path):
    """A worker adds a person, then types reflections in the supervision panel and chooses
    Edit > Undo: the reflections typing is what goes (or, if supervision typing is not
    undoable, nothing on the map is undone silently behind the panel)."""
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "people")
    page = win.workspace.pages["people"]
    page.add_person("Uncle Dewi", "network", "Sarah's brother")
    win.workspace.set_supervision(True)
    panel = win.workspace.supervision
    box = panel.boxes["reflections"]
    _type_at_end(qtbot, box, "Talked about Dewi's role.")
    win.autosaver.flush()
    win.undo_action.trigger()
    names = [p["name"] for p in family_doc(win, fid)["people"]]
    assert "Uncle Dewi" in names, "Undo took away the person added before, not the typing"


def _window_on(qtbot, store_path, page_key):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], page_key)
    return win, ids[0], win.workspace.pages[page_key]


def test_typing_on_each_page_is_one_step_undone_and_redone_as_the_store_has_it(
        qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "worried")
    worry = next(e for e in family_doc(win, fid)["map"] if e["area"] == "worry")
    _undo_redo_typing(qtbot, win, fid, lambda: page.worries.card(worry["id"]).text,
                      " Again.")
    _undo_redo_typing(qtbot, win, fid,
                      lambda: page.worries.card(worry["id"]).extra.child_text, " Loud.")
    # "Who is worried" is also whose view the worry is (issue 13, item 6): the typing, then the
    # view it names, are one step: one Undo takes both back
    _undo_redo_typing(qtbot, win, fid,
                      lambda: page.worries.card(worry["id"]).extra.fields["who"], " Dad",
                      steps_for_it=1)
    win.workspace.set_page("working_well")
    ww = win.workspace.pages["working_well"]
    strength = next(e for e in family_doc(win, fid)["map"] if e["area"] in ("strength",
                                                                             "safety"))
    editor = next(v for v in vars(ww).values()
                  if hasattr(v, "cards") and strength["id"] in getattr(v, "cards", {}))
    _undo_redo_typing(qtbot, win, fid, lambda: editor.card(strength["id"]).text, " Yes.")
    win.workspace.set_page("plan")
    plan = win.workspace.pages["plan"]
    _undo_redo_typing(qtbot, win, fid, lambda: plan.review, " Or sooner.")
    _undo_redo_typing(qtbot, win, fid, lambda: plan.rule_rows[0].who_text, " too")
    win.workspace.set_page("assessment")
    assessment = win.workspace.pages["assessment"]
    _undo_redo_typing(qtbot, win, fid, lambda: assessment.boxes["analysis"], " More.")
    win.workspace.set_page("people")
    people = win.workspace.pages["people"]
    gwen = next(p["id"] for p in people.people.values() if p["name"] == "Gwen Hughes")
    people.select_person(gwen)
    _undo_redo_typing(qtbot, win, fid, lambda: people.relationship, " and helper")
    _undo_redo_typing(qtbot, win, fid, lambda: people.name, "-Jones")


def test_typing_that_ends_where_it_began_leaves_no_undo_step_that_does_nothing(
        qtbot, store_path):
    """The worker types a word, pauses (the autosave runs), then deletes it again without
    leaving the box: the box and the store are as they were, so Undo must not have a step that
    changes nothing (pressing Ctrl+Z and seeing nothing happen, then a second press undoing an
    older step, is a lost press)."""
    win, fid, page = _window_on(qtbot, store_path, "plan")
    before = _as_the_family_reads(family_doc(win, fid))
    steps = win.undo_stack.index()
    _type_at_end(qtbot, page.review, "ab")
    win.autosaver.flush()  # the pause: saved
    qtbot.keyClick(page.review, Qt.Key.Key_Backspace)
    qtbot.keyClick(page.review, Qt.Key.Key_Backspace)
    win.autosaver.flush()
    win.workspace.nav.setFocus()
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    assert win.undo_stack.index() == steps, "a step that changes nothing is on the stack"


def test_every_undo_step_of_an_emptied_chronology_event_changes_something(qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "assessment")
    docs = [_as_the_family_reads(family_doc(win, fid))]
    page.event_title.setFocus()
    QApplication.processEvents()
    qtbot.keyClicks(page.event_title, "V")
    win.autosaver.flush()
    qtbot.keyClicks(page.event_title, "i")
    win.autosaver.flush()
    qtbot.keyClick(page.event_title, Qt.Key.Key_Backspace)
    win.autosaver.flush()
    qtbot.keyClick(page.event_title, Qt.Key.Key_Backspace)
    win.autosaver.flush()
    assert _diff(docs[0], _as_the_family_reads(family_doc(win, fid))) == []
    n = win.undo_stack.index()
    for i in range(n):
        now = _as_the_family_reads(family_doc(win, fid))
        win.undo_action.trigger()
        after = _as_the_family_reads(family_doc(win, fid))
        assert _diff(now, after) != [], (
            f"undo step {i + 1} of {n} ({win.undo_stack.command(win.undo_stack.index()).text()}"
            ") changed nothing")
    assert _diff(docs[0], _as_the_family_reads(family_doc(win, fid))) == []


def test_a_contact_marking_is_one_step_and_the_row_shows_the_store(qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "people")
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    before = _as_the_family_reads(family_doc(win, fid))
    row = next(r for r in page.contact_rows.values() if not r.confidential.isChecked())
    cid = row.cid
    was_safe = row.safe.isChecked()
    steps = win.undo_stack.index()
    row.confidential.click()
    assert win.undo_stack.index() == steps + 1
    assert page.contact_rows[cid].confidential.isChecked()
    win.undo_action.trigger()
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    assert not page.contact_rows[cid].confidential.isChecked()
    assert page.contact_rows[cid].safe.isChecked() == was_safe
    win.redo_action.trigger()
    assert page.contact_rows[cid].confidential.isChecked()


def test_todays_tick_is_one_step_and_undo_unticks_it(qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "childs_voice")
    before = _as_the_family_reads(family_doc(win, fid))
    child = next(p for p in family_doc(win, fid)["people"] if p["role"] == "child")
    box = page.new_visit_boxes[(child["id"], "seen")]
    assert not box.isChecked()
    steps = win.undo_stack.index()
    box.click()
    assert win.undo_stack.index() == steps + 1
    n_visits = len(family_doc(win, fid)["visits"])
    win.undo_action.trigger()
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    assert not page.new_visit_boxes[(child["id"], "seen")].isChecked()
    win.redo_action.trigger()
    assert len(family_doc(win, fid)["visits"]) == n_visits
    assert page.new_visit_boxes[(child["id"], "seen")].isChecked()
    # a second tick after the redo updates the same visit: one more step, no new visit
    alone = page.new_visit_boxes[(child["id"], "seen_alone")]
    alone.click()
    assert len(family_doc(win, fid)["visits"]) == n_visits
    assert win.undo_stack.index() == steps + 2


def test_switching_family_while_typing_keeps_the_typing_and_clears_the_steps(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "plan")
    page = win.workspace.pages["plan"]
    original = page.review.toPlainText()
    _type_at_end(qtbot, page.review, " Or sooner.")
    assert win.autosaver.pending
    win.open_family(ids[1], "plan")
    assert win.undo_stack.count() == 0
    before_b = _as_the_family_reads(family_doc(win, ids[1]))
    win.undo_action.trigger()
    assert _diff(before_b, _as_the_family_reads(family_doc(win, ids[1]))) == []
    assert family_doc(win, ids[0])["safety_plan"]["current"]["review"] == original + " Or sooner."


def test_undo_of_an_agreed_date_tick_shows_no_date_again(qtbot, store_path):
    """Ticking "Date agreed with the family" puts the cursor in the date box; Edit > Undo
    (the menu, so the focus stays there) takes the date away in the store, and the card must
    show that: not ticked, no date box."""
    win, fid, page = _window_on(qtbot, store_path, "needs_to_happen")
    goal = next(e for e in family_doc(win, fid)["map"]
                if e["area"] == "next_step" and not e.get("agreed_date"))
    before = _as_the_family_reads(family_doc(win, fid))
    step = page.steps.card(goal["id"]).extra
    assert not step.has_date.isChecked()
    step.has_date.click()
    win.autosaver.flush()
    assert next(e for e in family_doc(win, fid)["map"] if e["id"] == goal["id"])["agreed_date"]
    win.undo_action.trigger()
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    step = page.steps.card(goal["id"]).extra
    assert not step.has_date.isChecked(), "the card still shows a date the store does not have"
    assert not step.date.isVisibleTo(page)
    win.redo_action.trigger()
    assert page.steps.card(goal["id"]).extra.has_date.isChecked()


def test_undo_of_whose_view_typed_in_the_card_shows_the_stored_view(qtbot, store_path):
    """The worker types "School" into a worry's "whose view" box and presses Enter (the cursor
    stays there), then chooses Edit > Undo: the store has the old view back and the box must
    show it, not "School"."""
    win, fid, page = _window_on(qtbot, store_path, "worried")
    worry = next(e for e in family_doc(win, fid)["map"] if e["area"] == "worry")
    card = page.worries.card(worry["id"])
    shown = card.view.currentText()
    before = _as_the_family_reads(family_doc(win, fid))
    le = card.view.line_edit()
    le.setFocus()
    QApplication.processEvents()
    le.selectAll()
    qtbot.keyClicks(le, "School")
    qtbot.keyClick(le, Qt.Key.Key_Return)
    e = next(x for x in family_doc(win, fid)["map"] if x["id"] == worry["id"])
    assert e["view"]["label"] == "School"
    assert le.hasFocus()
    win.undo_action.trigger()
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    assert page.worries.card(worry["id"]).view.currentText() == shown, (
        "the box still shows the view the undo took away")


def test_a_refused_autosave_says_the_commands_sentence_and_pushes_nothing(
        qtbot, store_path, caplog):
    """Pasting more than an entry may hold into a worry: entries.edit refuses with a plain
    sentence ("too long ... 100,000 characters"). The window says that sentence (not "it will
    be tried again", which would fail for ever), no undo step is pushed, and the store keeps
    the old words."""
    from safetymap.domain import rules_map

    win, fid, page = _window_on(qtbot, store_path, "worried")
    worry = next(e for e in family_doc(win, fid)["map"] if e["area"] == "worry")
    steps = win.undo_stack.count()
    card = page.worries.card(worry["id"])
    card.text.setFocus()
    card.text.setPlainText("x" * (rules_map.MAX_ENTRY_TEXT + 1))
    win.autosaver.flush()
    assert win.undo_stack.count() == steps
    assert next(e for e in family_doc(win, fid)["map"]
                if e["id"] == worry["id"])["text"] == worry["text"]
    said = win.notice.text.text()
    assert "too long" in said and "100,000" in said, said
    qtbot.wait(1500)  # it is not tried again and again
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) <= 1, [r.getMessage() for r in errors]


def _one_step(win, fid, act, shown):
    """`act()` is one step; undo puts the family back and `shown()` (what the page shows)
    back; redo brings both again; and the redo is still possible after the undo (the page's
    refresh wrote nothing of its own)."""
    before = _as_the_family_reads(family_doc(win, fid))
    was = shown()
    steps = win.undo_stack.index()
    act()
    win.autosaver.flush()
    after = _as_the_family_reads(family_doc(win, fid))
    now = shown()
    assert win.undo_stack.index() == steps + 1
    assert _diff(before, after) != [] and now != was
    win.undo_action.trigger()
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    assert shown() == was
    assert win.undo_stack.canRedo(), "the page's refresh after the undo pushed a step"
    win.redo_action.trigger()
    d = _diff(after, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    assert shown() == now


def test_choices_on_the_plan_scale_and_assessment_are_one_step_each(qtbot, store_path):
    win, fid, plan = _window_on(qtbot, store_path, "plan")
    _one_step(win, fid, lambda: plan.rule_rows[0].for_children.click(),
              lambda: win.workspace.pages["plan"].rule_rows[0].for_children.isChecked())
    _one_step(win, fid, plan.add_rule, lambda: len(win.workspace.pages["plan"].rule_rows))
    win.workspace.set_page("assessment")
    a = win.workspace.pages["assessment"]
    _one_step(win, fid, a.concluded.click,
              lambda: win.workspace.pages["assessment"].concluded.isChecked())
    win.workspace.set_page("needs_to_happen")
    n = win.workspace.pages["needs_to_happen"]
    goal = next(e for e in family_doc(win, fid)["map"] if e["area"] == "goal")
    other = next(w for w in family_doc(win, fid)["map"]
                 if w["area"] == "worry" and w["uid"] != goal["paired_worry_uid"])

    def pair():
        combo = n.goals.card(goal["id"]).extra.combo
        combo.setCurrentIndex(combo.findData(other["id"]))
        combo.activated.emit(combo.currentIndex())

    _one_step(win, fid, pair, lambda: n.goals.card(goal["id"]).extra.combo.currentData())


def test_redo_of_a_number_on_the_scale_opens_it_in_the_form_again(qtbot, store_path):
    """Give a number (3), Undo (the form closes: "That number was taken away."), Redo: the
    number is back in the store, so the form shows it again and the next number chosen
    changes it, not a second number."""
    win, fid, j = _window_on(qtbot, store_path, "judgement")
    n = len(family_doc(win, fid)["scores"])
    j.scale.setValue(3)
    assert len(family_doc(win, fid)["scores"]) == n + 1
    win.undo_action.trigger()
    assert len(family_doc(win, fid)["scores"]) == n and j.draft is None
    win.redo_action.trigger()
    assert len(family_doc(win, fid)["scores"]) == n + 1
    assert "taken away" not in j.status.text(), j.status.text()
    assert j.draft is not None and j.reasons.isEnabled()
    j.scale.setValue(8)
    scores = family_doc(win, fid)["scores"]
    assert len(scores) == n + 1, "a second number was recorded instead of changing the first"
    assert max(scores, key=lambda s: s["id"])["value"] == 8


def test_typing_an_age_with_a_pause_is_one_step(qtbot, store_path):
    """Typing "45" into the Age box, with a pause after the 4 (the autosave runs), is typing in
    one field: one undo step, and Undo puts the age back as it was (not 4)."""
    win, fid, page = _window_on(qtbot, store_path, "people")
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    before = _as_the_family_reads(family_doc(win, fid))
    old = page.age.value()
    steps = win.undo_stack.index()
    le = page.age.lineEdit()
    page.age.setFocus()
    QApplication.processEvents()
    page.age.selectAll()
    qtbot.keyClicks(le, "4")
    win.autosaver.flush()  # the pause
    qtbot.keyClicks(le, "5")
    win.autosaver.flush()
    win.workspace.nav.setFocus()
    assert next(p for p in family_doc(win, fid)["people"]
                if p["name"] == "Gwen Hughes")["age_years"] == 45
    assert win.undo_stack.index() == steps + 1, "typing one age made more than one step"
    win.undo_action.trigger()
    assert page.age.value() == old
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)


def test_a_role_and_a_circle_are_one_step_each(qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "people")
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)

    def pick(combo, data):
        def act():
            combo.setCurrentIndex(combo.findData(data))
        return act

    _one_step(win, fid, pick(page.closeness, 3), lambda: page.closeness.currentData())
    _one_step(win, fid, pick(page.role, "adult"), lambda: (page.role.currentData(),
                                                          page.selected))


def test_a_redo_refused_by_the_store_is_said_and_changes_nothing(qtbot, store_path, caplog):
    """Undo a typed relationship, then put it back from the History window (it undoes the
    undo): Edit > Redo would put it back twice; the store refuses, the window says so in a
    sentence and nothing changes."""
    from safetymap.services import changesets

    win, fid, page = _window_on(qtbot, store_path, "people")
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    _type_at_end(qtbot, page.relationship, " and helper")
    win.autosaver.flush()
    win.workspace.nav.setFocus()
    win.undo_action.trigger()
    undo_id = win.undo_stack.command(win.undo_stack.index()).undo_id
    assert undo_id is not None
    changesets.undo(win.store, undo_id)  # the History window's "Undo this change"
    win.workspace.reload()
    now = _as_the_family_reads(family_doc(win, fid))
    assert page.relationship.text().endswith(" and helper")
    win.notice.hide()
    win.redo_action.trigger()
    assert win.notice.isVisible() and win.notice.text.text().strip()
    assert _diff(now, _as_the_family_reads(family_doc(win, fid))) == []
    assert page.relationship.text().endswith(" and helper")
    assert not page.relationship.text().endswith(" and helper and helper")
    for rec in caplog.records:
        assert "helper" not in rec.getMessage() and "Gwen" not in rec.getMessage()


def test_a_rename_being_typed_then_a_removal_undo_in_two_steps(qtbot, store_path):
    from .test_shell_undo import answer_removal

    win, fid, page = _window_on(qtbot, store_path, "people")
    before = _as_the_family_reads(family_doc(win, fid))
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    _type_at_end(qtbot, page.name, "-Jones")
    assert win.autosaver.pending
    answer_removal(page, "Remove")
    page.remove_person.click()
    names = [p["name"] for p in family_doc(win, fid)["people"]]
    assert "Gwen Hughes-Jones" not in names and "Gwen Hughes" not in names
    win.undo_action.trigger()  # the removal
    names = [p["name"] for p in family_doc(win, fid)["people"]]
    assert "Gwen Hughes-Jones" in names
    assert page.name.text() == "Gwen Hughes-Jones"
    win.undo_action.trigger()  # the typing
    assert page.name.text() == "Gwen Hughes"
    d = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert d == [], "\n".join(d)
    assert not win.undo_stack.canUndo()


def test_childs_voice_words_and_a_house_line_undo_step_by_step(qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "childs_voice")
    _undo_redo_typing(qtbot, win, fid, lambda: page.words, " The end.")
    (cid, house), box = next(iter(page.house_boxes.items()))
    docs = [_as_the_family_reads(family_doc(win, fid))]
    n = len(box.edits)
    box.add_entry()
    docs.append(_as_the_family_reads(family_doc(win, fid)))
    assert len(page.house_boxes[(cid, house)].edits) == n + 1
    uid = list(page.house_boxes[(cid, house)].edits)[-1]
    le = page.house_boxes[(cid, house)].edits[uid]
    assert le.hasFocus()
    qtbot.keyClicks(le, "Nan's dog")
    win.autosaver.flush()
    docs.append(_as_the_family_reads(family_doc(win, fid)))
    page.house_boxes[(cid, house)].remove(_house_id(win, fid, uid))
    assert uid not in page.house_boxes[(cid, house)].edits
    steps = win.undo_stack.index()
    win.undo_action.trigger()  # the removal
    assert _diff(docs[2], _as_the_family_reads(family_doc(win, fid))) == []
    assert _text(page.house_boxes[(cid, house)].edits[uid]) == "Nan's dog"
    win.undo_action.trigger()  # the words
    assert _diff(docs[1], _as_the_family_reads(family_doc(win, fid))) == []
    assert _text(page.house_boxes[(cid, house)].edits[uid]) == ""
    win.undo_action.trigger()  # the new line
    assert _diff(docs[0], _as_the_family_reads(family_doc(win, fid))) == []
    assert uid not in page.house_boxes[(cid, house)].edits
    assert win.undo_stack.index() == steps - 3


def _house_id(win, fid, uid):
    def walk(x):
        if isinstance(x, dict):
            if x.get("uid") == uid and "id" in x:
                return x["id"]
            for v in x.values():
                r = walk(v)
                if r is not None:
                    return r
        if isinstance(x, list):
            for v in x:
                r = walk(v)
                if r is not None:
                    return r
        return None
    return walk(family_doc(win, fid))


def test_ctrl_z_and_ctrl_shift_z_keys_outside_a_text_box_undo_and_redo(qtbot, store_path):
    """Control for the Ctrl+Z-in-a-box attacks: with the focus on the navigation the keys
    reach Edit > Undo and Edit > Redo."""
    win, fid, page = _window_on(qtbot, store_path, "people")
    before = _as_the_family_reads(family_doc(win, fid))
    page.add_person("Uncle Dewi", "network", "Sarah's brother")
    nav = win.workspace.nav
    nav.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    qtbot.keyClick(nav, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "Uncle Dewi" in [p["name"] for p in family_doc(win, fid)["people"]]


def test_a_chronology_event_typed_in_the_form_undoes_and_redoes_into_the_form(
        qtbot, store_path):
    win, fid, page = _window_on(qtbot, store_path, "assessment")
    before = _as_the_family_reads(family_doc(win, fid))
    n = len(family_doc(win, fid)["assessment"]["chronology"])
    page.event_title.setFocus()
    QApplication.processEvents()
    qtbot.keyClicks(page.event_title, "Visit")
    win.autosaver.flush()
    assert [c["title"] for c in family_doc(win, fid)["assessment"]["chronology"]].count("Visit") == 1
    assert win.undo_stack.index() == 2  # recorded with its first letter, then the typing
    win.undo_action.trigger()
    assert [c["title"] for c in family_doc(win, fid)["assessment"]["chronology"]].count("V") == 1
    assert page.event_title.text() == "V"
    win.undo_action.trigger()
    assert len(family_doc(win, fid)["assessment"]["chronology"]) == n
    assert page.event_title.text() == ""
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    win.redo_action.trigger()
    win.redo_action.trigger()
    assert page.event_title.text() == "Visit"
    qtbot.keyClick(page.event_title, Qt.Key.Key_End)  # (the cursor is at the start after redo)
    qtbot.keyClicks(page.event_title, " at home")
    win.autosaver.flush()
    titles = [c["title"] for c in family_doc(win, fid)["assessment"]["chronology"]]
    assert len(titles) == n + 1 and "Visit at home" in titles, titles[-2:]


def test_group_supervision_shows_no_name_in_the_undo_and_redo_menu(qtbot, store_path):
    """In group supervision the window shows initials only: the Edit menu's "Undo …" and
    "Redo …" words (a step's words, "Add Dewi", "Remove Lena") must not show a name then."""
    from .test_shell_undo import answer_removal

    win, fid, page = _window_on(qtbot, store_path, "people")
    page.add_person("Uncle Dewi", "network", "Sarah's brother")
    lena = next(p["id"] for p in page.people.values() if p["name"].startswith("Lena"))
    page.select_person(lena)
    answer_removal(page, "Remove")
    page.remove_person.click()
    win.undo_action.trigger()  # Lena back: "Redo remove lena" and "Undo add uncle dewi"
    assert "lena" in win.redo_action.text().lower()  # (control: the words are names)
    win.workspace.set_group(True)
    shown = (win.undo_action.text() + " " + win.redo_action.text()).lower()
    assert "dewi" not in shown and "lena" not in shown and "uncle" not in shown, shown
