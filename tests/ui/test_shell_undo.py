"""Undo and redo (Ctrl+Z / Ctrl+Shift+Z) on the workspace's QUndoStack, through the services."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from .shell_support import family_doc, make_store, open_window


def test_undo_and_redo_a_plan_edit_and_an_added_person(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "plan")
    fid = ids[0]
    page = win.workspace.pages["plan"]
    original = page.review.toPlainText()
    page.review.setFocus()
    qtbot.keyClick(page.review, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.review, " Or sooner.")
    win.autosaver.flush()
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original + " Or sooner."
    assert QKeySequence("Ctrl+Z") in win.undo_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in win.redo_action.shortcuts()

    win.undo_action.trigger()  # typing in one box is one undo step
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original
    assert page.review.toPlainText() == original
    win.redo_action.trigger()
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original + " Or sooner."
    assert page.review.toPlainText() == original + " Or sooner."

    win.workspace.set_page("people")
    people = win.workspace.pages["people"]
    n = len(family_doc(win, fid)["people"])
    people.add_person("Uncle Dewi", "network", "Sarah's brother")
    assert len(family_doc(win, fid)["people"]) == n + 1
    win.undo_action.trigger()
    assert [p["name"] for p in family_doc(win, fid)["people"]].count("Uncle Dewi") == 0
    win.redo_action.trigger()
    assert [p["name"] for p in family_doc(win, fid)["people"]].count("Uncle Dewi") == 1
    assert "Uncle Dewi" in people.circles.accessibleDescription()


def test_undo_a_person_field_and_a_removed_person(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "people")
    fid = ids[0]
    page = win.workspace.pages["people"]
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    page.relationship.setText("Nan")
    win.autosaver.flush()
    win.undo_action.trigger()
    doc = family_doc(win, fid)
    assert next(p for p in doc["people"] if p["name"] == "Gwen Hughes")["relationship"] == (
        "Nan (Sarah's mum)")
    assert page.relationship.text() == "Nan (Sarah's mum)"

    page.select_person(gwen)
    page.remove_person.click()
    assert "Gwen Hughes" not in [p["name"] for p in family_doc(win, fid)["people"]]
    win.undo_action.trigger()
    back = next(p for p in family_doc(win, fid)["people"] if p["name"] == "Gwen Hughes")
    assert {c["value"] for c in back["contacts"]} == {"07700 900456", "3 Stryd y Popty, "
                                                      "Aberystwyth SY23 1BB"}
    assert next(c for c in back["contacts"] if c["kind"] == "address")["confidential"] is True


def test_keyboard_alone_moves_between_pages(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0])
    ws = win.workspace
    ws.nav.setFocus()
    qtbot.keyClick(ws.nav, Qt.Key.Key_Down)
    assert ws.current_page_key() == "worried"
    qtbot.keyClick(ws.nav, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert ws.current_page_key() == "plan"
    win.guided_action.trigger()  # Ctrl+G
    assert ws.guided and ws.guide.isVisible()
    ws.guide.back_button.click()
    assert ws.current_page_key() == "childs_voice"
