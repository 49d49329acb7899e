"""Undo and redo (Ctrl+Z / Ctrl+Shift+Z) on the workspace's QUndoStack, through the services."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence

from .shell_support import family_doc, make_store, open_window


def answer_removal(page, choice: str) -> None:
    """Answer the "Remove this person?" question the next click asks, by clicking its
    "Remove <name>" or "Keep <name>" button (the real dialog, not a stand-in)."""
    def click() -> None:
        box = page._removal_box
        assert box is not None, "no question was asked"
        next(b for b in box.buttons() if b.text().startswith(choice + " ")).click()

    QTimer.singleShot(0, click)


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


CLOCK = {"created_at", "updated_at"}  # when a row was written: not what the family's record says


def _as_the_family_reads(doc):
    """The family document with clock times dropped, people in name order, and a person's or
    contact's id and uid replaced by who or what it is: undo of a removal puts a person back as a
    new row (new id and uid), and everything that pointed at them must point at them again."""
    names = {}
    for p in doc["people"]:
        names[p["uid"]] = f"person {p['name']}"
        for c in p["contacts"]:
            names[c["uid"]] = f"contact {c['kind']} {c['value']}"

    def walk(x, parent=""):
        if isinstance(x, dict):
            return {names.get(k, k): walk(v, k) for k, v in x.items()
                    if k not in CLOCK and not (k == "id" and parent in ("people", "contacts"))}
        if isinstance(x, list):
            items = [walk(v, parent) for v in x]
            if parent == "people":
                return sorted(items, key=lambda i: i["name"])
            return sorted(items) if parent == "helpers" else items  # a set, in row order
        return names.get(x, x) if isinstance(x, str) else x

    return walk(doc)


def _diff(a, b, where=""):
    """Where two family documents differ (for the assertion message)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b), key=str)
                for d in _diff(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in _diff(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def test_undo_a_person_field_and_a_removed_person(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "people")
    fid = ids[0]
    page = win.workspace.pages["people"]
    before = _as_the_family_reads(family_doc(win, fid))
    gwen = next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes")
    page.select_person(gwen)
    page.relationship.setText("Nan")
    win.autosaver.flush()
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == [
        ".people[1].relationship: \"Nan (Sarah's mum)\" != 'Nan'"]
    win.undo_action.trigger()
    doc = family_doc(win, fid)
    assert _diff(before, _as_the_family_reads(doc)) == []  # the whole family, as it was
    assert next(p for p in doc["people"] if p["name"] == "Gwen Hughes")["relationship"] == (
        "Nan (Sarah's mum)")
    assert page.relationship.text() == "Nan (Sarah's mum)"

    page.select_person(gwen)
    answer_removal(page, "Keep")  # the question says what goes with her; keeping changes nothing
    page.remove_person.click()
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    answer_removal(page, "Remove")
    page.remove_person.click()
    assert "Gwen Hughes" not in [p["name"] for p in family_doc(win, fid)["people"]]
    win.undo_action.trigger()
    back = next(p for p in family_doc(win, fid)["people"] if p["name"] == "Gwen Hughes")
    assert {c["value"] for c in back["contacts"]} == {"07700 900456", "3 Stryd y Popty, "
                                                      "Aberystwyth SY23 1BB"}
    assert next(c for c in back["contacts"] if c["kind"] == "address")["confidential"] is True
    assert page.relationship.text() == "Nan (Sarah's mum)"
    diffs = _diff(before, _as_the_family_reads(family_doc(win, fid)))
    assert diffs == [], "\n".join(diffs)  # the whole family, as it was: every link to Gwen back


def test_keyboard_alone_moves_between_pages(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0])
    ws = win.workspace
    ws.nav.setFocus()
    assert ws.current_page_key() == "glance"  # a family opens on the map at a glance
    qtbot.keyClick(ws.nav, Qt.Key.Key_Down)
    assert ws.current_page_key() == "people"
    qtbot.keyClick(ws.nav, Qt.Key.Key_Down)
    assert ws.current_page_key() == "worried"
    qtbot.keyClick(ws.nav, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert ws.current_page_key() == "plan"  # Ctrl+1 is the map at a glance
    win.guided_action.trigger()  # Ctrl+G
    assert ws.guided and ws.guide.isVisible()
    ws.guide.back_button.click()
    assert ws.current_page_key() == "childs_voice"
