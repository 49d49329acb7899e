"""Undo belongs to the store: the undo steps are changeset ids, so a removal made before the
laptop locked is undone after unlocking, the same way; the locked window holds no step's words."""

from __future__ import annotations

from safetymap.ui.undo import LOCKED_LABEL, ChangesetCommand

from .shell_support import family_doc, make_store, open_window, unlock
from .test_shell_undo import _as_the_family_reads, _diff, answer_removal


def test_a_removal_is_undone_after_a_lock_and_unlock(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "people")
    page = win.workspace.pages["people"]
    before = _as_the_family_reads(family_doc(win, fid))
    lena = next(p["id"] for p in page.people.values() if p["name"].startswith("Lena"))
    page.select_person(lena)
    answer_removal(page, "Remove")
    page.remove_person.click()
    assert not any(p["name"].startswith("Lena") for p in family_doc(win, fid)["people"])

    win.lock()
    assert win.store is None
    steps = [win.undo_stack.command(i) for i in range(win.undo_stack.count())]
    assert steps and all(isinstance(c, ChangesetCommand) for c in steps)
    assert all(c.text() == LOCKED_LABEL and c.store is None for c in steps)  # no names kept

    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None and win.workspace is not None,
                    timeout=20000)
    assert win.undo_action.isEnabled()
    win.undo_action.trigger()
    assert _diff(before, _as_the_family_reads(family_doc(win, fid))) == []
    win.redo_action.trigger()
    assert not any(p["name"].startswith("Lena") for p in family_doc(win, fid)["people"])


def test_another_family_starts_with_no_undo_steps(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "people")
    page = win.workspace.pages["people"]
    page.add_person("Uncle Dewi", "network", "Sarah's brother")
    assert win.undo_stack.count() >= 1
    win.open_family(ids[1], "people")
    assert win.undo_stack.count() == 0


def test_leaving_a_field_ends_one_version_and_one_undo_step(qtbot, store_path):
    """Typing is one changeset while the field keeps the focus; after leaving it, what is
    typed next is a new version, undone on its own (control: without leaving, one step)."""
    from PySide6.QtCore import Qt

    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "plan")
    page = win.workspace.pages["plan"]
    original = page.review.toPlainText()

    def type_(text: str) -> None:
        page.review.setFocus()
        qtbot.keyClick(page.review, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(page.review, text)
        win.autosaver.flush()

    type_(" Or sooner.")
    type_(" Gwen will ring.")  # the focus never left: the same version
    win.undo_action.trigger()
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original
    win.redo_action.trigger()
    type_(" Nia too.")
    win.workspace.nav.setFocus()  # leave the field
    qtbot.waitUntil(lambda: not page.review.hasFocus())
    type_(" And Dewi.")
    win.undo_action.trigger()
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == (
        original + " Or sooner. Gwen will ring. Nia too.")


def test_after_undo_fills_an_empty_box_the_cursor_is_at_the_end(qtbot, store_path):
    """A box an undo fills (it was empty): the next words follow what came back."""
    from PySide6.QtCore import Qt

    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid, "plan")
    page = win.workspace.pages["plan"]
    original = page.review.toPlainText()
    assert original
    page.review.setFocus()
    page.review.selectAll()
    qtbot.keyClick(page.review, Qt.Key.Key_Delete)  # the box is empty now
    win.autosaver.flush()
    win.undo_action.trigger()  # the words come back into the empty box
    assert page.review.toPlainText() == original
    page.review.setFocus()
    qtbot.keyClicks(page.review, " Soon.")
    win.autosaver.flush()
    assert family_doc(win, fid)["safety_plan"]["current"]["review"] == original + " Soon."
