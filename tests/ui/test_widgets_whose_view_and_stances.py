"""The whose-view picker never creates a person by itself; stances can be given by labels,
carry a note in the person's words, and can be removed, all with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safetymap.ui.widgets.common import People
from safetymap.ui.widgets.whose_view import WhoseViewPicker
from safetymap.ui.workspace.worried import WorriedPage

from .pagekit import doc, entries, open_page, person


def test_typing_a_new_name_only_offers_and_enter_keeps_it_as_written(qtbot):
    picker = WhoseViewPicker()
    qtbot.addWidget(picker)
    people = People({"people": [{"id": 1, "uid": "u1", "name": "Sarah Hughes", "initials": "SH",
                                 "role": "adult", "relationship": "Mum"}]})
    picker.set_people(people, ["School"])
    picker.show()
    got = []
    picker.picked.connect(got.append)
    picker.lineEdit().setFocus()
    qtbot.keyClicks(picker.lineEdit(), "Sarh")  # a typo
    assert picker.lineEdit().text() == "Sarh"  # the offers never change what is typed
    texts = [picker.itemText(i) for i in range(picker.count())]
    assert "Add \u2018Sarh\u2019 as a new person\u2026" in texts
    assert any(t.startswith("Use \u2018Sarh\u2019 as written") for t in texts)
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert got == [{"label": "Sarh"}]  # a label, never {"new_name"}
    assert picker.offer_index("new_name") == -1  # the offers are gone again
    # known names and labels are chosen, not offered
    picker.setEditText("")
    qtbot.keyClicks(picker.lineEdit(), "school")
    assert picker.offer_index("new_name") == -1
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert got[-1] == {"label": "School"}
    picker.choose_new_person("Dr Patel")
    assert got[-1] == {"new_name": "Dr Patel"}
    assert picker.currentText() == "Dr Patel"


def test_a_typo_in_whose_view_creates_nobody_and_undo_of_an_added_person_removes_them(
        qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d0 = doc(ctx)
    harm = entries(d0, "harm")[0]
    card = page.harm.card(harm["id"])
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    card.view.lineEdit().setFocus()
    card.view.lineEdit().selectAll()
    qtbot.keyClicks(card.view.lineEdit(), "Helth visitor")
    assert card.view.lineEdit().hasFocus()
    qtbot.keyClick(card.view.lineEdit(), Qt.Key.Key_Tab)  # focus leaves with a typo
    QApplication.processEvents()
    d1 = doc(ctx)
    assert len(d1["people"]) == len(d0["people"])
    assert entries(d1, "harm")[0]["view"] == {"person_uid": None, "label": "Helth visitor"}
    # now explicitly add the right person, then change our mind
    card = page.harm.card(harm["id"])
    card.view.choose_new_person("Health visitor Joy")
    d2 = doc(ctx)
    assert person(d2, "Health visitor Joy")["role"] == "professional"
    ctx.undo_stack.undo()
    d3 = doc(ctx)
    assert [p["name"] for p in d3["people"]] == [p["name"] for p in d0["people"]]
    assert entries(d3, "harm")[0]["view"]["label"] == "Helth visitor"
    ctx.undo_stack.redo()
    d4 = doc(ctx)
    assert entries(d4, "harm")[0]["view"]["person_uid"] == person(d4, "Health visitor Joy")["uid"]


def test_stance_from_a_label_with_a_note_then_removed(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d = doc(ctx)
    comp = entries(d, "complicating")[0]
    card = page.complicating.card(comp["id"])
    qtbot.mouseClick(card.agree_toggle, Qt.MouseButton.LeftButton)
    # "School" is a label used on the map: it has its own row, no person needed
    school = ("label", "School")
    assert school in card.stances.rows
    row = card.stances.rows[school]
    assert not row.note.isEnabled()  # a note belongs to a stance
    qtbot.mouseClick(card.stances.button(school, "disagrees"), Qt.MouseButton.LeftButton)
    row = page.complicating.card(comp["id"]).stances.rows[school]
    assert row.note.isEnabled() and row.remove.isEnabled()
    row.note.setFocus()
    row.note.insert("Mrs Evans says the rent is not the point")
    ctx.autosaver.flush()
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert [(s["person_uid"], s["who"], s["stance"], s["note"]) for s in e["stances"]] == [
        (None, "School", "disagrees", "Mrs Evans says the rent is not the point")]
    row.note.clearFocus()
    page.show_document(ctx.reload())
    card = page.complicating.card(comp["id"])
    assert "School doesn't agree: Mrs Evans says the rent is not the point." \
        in card.summary.text()
    # someone else, typed in, gets a row of their own (a label: nobody is added)
    people = len(doc(ctx)["people"])
    card.stances.someone.setText("Duty team")
    qtbot.keyClick(card.stances.someone, Qt.Key.Key_Return)
    qtbot.mouseClick(card.stances.button(("label", "Duty team"), "unsure"),
                     Qt.MouseButton.LeftButton)
    assert len(doc(ctx)["people"]) == people
    # Remove takes the School's stance away; undo brings it back with its note
    card = page.complicating.card(comp["id"])
    qtbot.mouseClick(card.stances.rows[school].remove, Qt.MouseButton.LeftButton)
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert [s["who"] for s in e["stances"]] == ["Duty team"]
    ctx.undo_stack.undo()
    e = next(x for x in doc(ctx)["map"] if x["id"] == comp["id"])
    assert {(s["who"], s["note"]) for s in e["stances"]} == {
        ("School", "Mrs Evans says the rent is not the point"), ("Duty team", "")}


def test_a_persons_stance_note_and_undo_of_the_note(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d = doc(ctx)
    harm = entries(d, "harm")[0]
    tomasz = person(d, "Tomasz Kowalski")
    card = page.harm.card(harm["id"])
    qtbot.mouseClick(card.agree_toggle, Qt.MouseButton.LeftButton)
    row = card.stances.rows[("person", tomasz["id"])]
    before = next(s for s in harm["stances"] if s["person_uid"] == tomasz["uid"])
    assert row.note.text() == before["note"]
    row.note.setFocus()
    row.note.selectAll()
    qtbot.keyClicks(row.note, "Tomasz says Lena fell in the park")
    ctx.autosaver.flush()
    e = entries(doc(ctx), "harm")[0]
    st = next(s for s in e["stances"] if s["person_uid"] == tomasz["uid"])
    assert st["note"] == "Tomasz says Lena fell in the park" and st["stance"] == "disagrees"
    ctx.undo_stack.undo()
    e = entries(doc(ctx), "harm")[0]
    st = next(s for s in e["stances"] if s["person_uid"] == tomasz["uid"])
    assert st["note"] == before["note"]
