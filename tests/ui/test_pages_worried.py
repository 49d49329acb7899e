"""What are we worried about / What's working well: real widgets, real encrypted store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safetymap.ui.workspace.working_well import WorkingWellPage
from safetymap.ui.workspace.worried import WorriedPage

from .pagekit import doc, entries, open_page, person, unnamed_controls, visible_texts


def _newest(editor):
    return editor.cards[max(editor.cards)]


def test_add_a_worry_with_the_four_part_builder(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    qtbot.mouseClick(page.worries.add_button, Qt.MouseButton.LeftButton)
    card = _newest(page.worries)
    assert card.text.hasFocus() or card.isVisible()
    builder = card.extra
    assert builder.form_box.isVisible(), "a new worry opens the builder"
    qtbot.keyClicks(builder.fields["who"], "Mrs Evans")
    qtbot.keyClicks(builder.fields["behaviour"], "Dad shouts and pushes Mum")
    qtbot.keyClicks(builder.fields["situation"], "when he has been drinking")
    qtbot.keyClicks(builder.fields["impact"], "Lena could be hurt")
    qtbot.mouseClick(builder.compose, Qt.MouseButton.LeftButton)
    expected = "Mrs Evans is worried that Dad shouts and pushes Mum when he has been " \
               "drinking, and that Lena could be hurt."
    assert card.text.toPlainText() == expected
    # the worker then edits the sentence
    card.text.setFocus()
    qtbot.keyClick(card.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(card.text, " Lena says so too.")
    d = doc(ctx)
    e = next(x for x in entries(d, "worry") if x["id"] == card.entry_id)
    assert e["text"] == expected + " Lena says so too."
    assert e["worry_parts"] == {"who": "Mrs Evans", "behaviour": "Dad shouts and pushes Mum",
                                "situation": "when he has been drinking",
                                "impact": "Lena could be hurt"}
    assert e["view"]["label"] == "Worker"


def test_whose_view_picker_existing_person_and_a_new_person(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d0 = doc(ctx)
    harm = entries(d0, "harm")[0]
    card = page.harm.card(harm["id"])
    picker = card.view
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), "Sarah Hughes (Mum)")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    d1 = doc(ctx)
    assert entries(d1, "harm")[0]["view"]["person_uid"] == person(d1, "Sarah Hughes")["uid"]

    card = page.harm.card(harm["id"])
    card.view.lineEdit().selectAll()
    qtbot.keyClicks(card.view.lineEdit(), "Health visitor Joy")
    # typing offers to add the person; nothing is added until that offer is chosen
    i = card.view.offer_index("new_name")
    assert card.view.itemText(i) == "Add \u2018Health visitor Joy\u2019 as a new person\u2026"
    assert len(doc(ctx)["people"]) == len(d1["people"])
    card.view.setCurrentIndex(i)
    card.view.activated.emit(i)  # as when the worker picks the offer from the list
    d2 = doc(ctx)
    joy = person(d2, "Health visitor Joy")
    assert joy["role"] == "professional"
    assert entries(d2, "harm")[0]["view"]["person_uid"] == joy["uid"]

    # accented names (no keyClicks with non-ASCII): a family friend becomes a network member
    comp = entries(d2, "complicating")[0]
    page.complicating.card(comp["id"]).view.choose_new_person("Siôn ap Gwilym")
    d3 = doc(ctx)
    sion = person(d3, "Siôn ap Gwilym")
    assert sion["role"] == "network"
    assert entries(d3, "complicating")[0]["view"]["person_uid"] == sion["uid"]
    # the new people are offered by every picker now
    other = page.complicating.card(entries(d3, "complicating")[1]["id"]).view
    assert any("Siôn ap Gwilym" in other.itemText(i) for i in range(other.count()))


def test_disagreement_is_recorded_and_shown_plainly(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d = doc(ctx)
    tomasz = person(d, "Tomasz Kowalski")
    comp = entries(d, "complicating")[0]  # "behind on the rent", Sarah's view
    card = page.complicating.card(comp["id"])
    assert not card.summary.isVisible()
    qtbot.mouseClick(card.agree_toggle, Qt.MouseButton.LeftButton)
    assert card.stances.isVisible()
    qtbot.mouseClick(card.stances.button(tomasz["id"], "disagrees"), Qt.MouseButton.LeftButton)
    d = doc(ctx)
    e = next(x for x in d["map"] if x["id"] == comp["id"])
    assert [(s["who"], s["stance"]) for s in e["stances"]] == [("Tomasz Kowalski", "disagrees")]
    card = page.complicating.card(comp["id"])
    assert "Tomasz doesn't agree" in card.summary.text()
    # changing his mind updates the same stance; undo puts it back
    qtbot.mouseClick(card.stances.button(tomasz["id"], "agrees"), Qt.MouseButton.LeftButton)
    assert "Tomasz agrees" in page.complicating.card(comp["id"]).summary.text()
    ctx.undo_stack.undo()
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert [s["stance"] for s in e["stances"]] == ["disagrees"]


def test_undo_of_a_text_edit_restores_the_stored_value(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    comp = entries(doc(ctx), "complicating")[0]
    card = page.complicating.card(comp["id"])
    card.text.setFocus()
    qtbot.keyClick(card.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(card.text, " About 400 pounds.")
    after = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert after["text"] == comp["text"] + " About 400 pounds."
    ctx.undo_stack.undo()  # one undo step for the whole typing
    back = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert back["text"] == comp["text"]
    assert page.complicating.card(comp["id"]).text.toPlainText() == comp["text"]
    ctx.undo_stack.redo()
    assert next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])["text"].endswith("pounds.")


def test_delete_resolve_and_undo(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    harm = entries(doc(ctx), "harm")[0]
    card = page.harm.card(harm["id"])
    qtbot.mouseClick(card.resolve, Qt.MouseButton.LeftButton)
    assert entries(doc(ctx), "harm")[0]["resolved_at"]
    card = page.harm.card(harm["id"])
    qtbot.mouseClick(card.delete, Qt.MouseButton.LeftButton)
    assert entries(doc(ctx), "harm") == []
    assert page.harm.empty.isVisible()
    ctx.undo_stack.undo()
    back = entries(doc(ctx), "harm")
    assert len(back) == 1 and back[0]["text"] == harm["text"]
    assert back[0]["view"]["label"] == "School"
    assert [s["stance"] for s in back[0]["stances"]] == ["disagrees"]  # Tomasz's view kept


def test_more_than_three_worries_gets_a_gentle_note_never_a_block(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    assert not page.worries.note.isVisible()
    for _ in range(2):
        qtbot.mouseClick(page.worries.add_button, Qt.MouseButton.LeftButton)
    assert len(entries(doc(ctx), "worry")) == 4  # nothing was refused
    assert page.worries.note.isVisible()
    assert "suggestion" in page.worries.note.text()


def test_show_document_keeps_typing_and_focus(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorkingWellPage)
    qtbot.mouseClick(page.strengths.add_button, Qt.MouseButton.LeftButton)
    card = _newest(page.strengths)
    assert card.text.hasFocus()
    qtbot.keyClicks(card.text, "Sarah walks them to school")
    page.show_document(ctx.reload())  # e.g. another page saved something
    assert page.strengths.cards[card.entry_id] is card
    assert card.text.hasFocus()
    assert card.text.toPlainText() == "Sarah walks them to school"
    e = next(x for x in doc(ctx)["map"] if x["id"] == card.entry_id)
    assert e["area"] == "strength" and e["text"] == "Sarah walks them to school"


def test_existing_safety_entry_with_a_network_persons_view(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorkingWellPage)
    qtbot.mouseClick(page.safety.add_button, Qt.MouseButton.LeftButton)
    card = _newest(page.safety)
    card.text.insertPlainText("Gwen came round at once when Sarah rang.")
    card.view.choose_text("Gwen Hughes")
    d = doc(ctx)
    e = next(x for x in d["map"] if x["id"] == card.entry_id)
    assert e["view"]["person_uid"] == person(d, "Gwen Hughes")["uid"]
    assert e["text"] == "Gwen came round at once when Sarah rang."
    # the next new entry here starts with the same whose-view
    qtbot.mouseClick(page.safety.add_button, Qt.MouseButton.LeftButton)
    e2 = next(x for x in doc(ctx)["map"] if x["id"] == max(page.safety.cards))
    assert e2["view"]["person_uid"] == person(d, "Gwen Hughes")["uid"]


def test_initials_only_in_group_supervision(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage, initials_only=True)
    texts = " ".join(visible_texts(page))
    for full in ("Tomasz Kowalski", "Sarah Hughes", "Tomasz doesn't"):
        assert full not in texts
    assert "TK doesn't agree" in texts


def test_every_control_has_an_accessible_name_and_no_deadline_words(qtbot, demo_store):
    for cls in (WorriedPage, WorkingWellPage):
        page, _ = open_page(qtbot, demo_store, cls)
        assert unnamed_controls(page) == []
        low = " ".join(visible_texts(page)).lower()
        for word in ("overdue", "deadline", "risk score", "due date"):
            assert word not in low
