"""The family's language and each person's on the People page, and the family list's quiet
word (issue 14; Welsh Language Standard 2)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from safetymap.ui.workspace.people import PeoplePage

from .pagekit import doc, open_page, person
from .shell_support import make_store, open_window


def _choose(choice, code, note=None):
    i = choice.combo.findData(code)
    choice.combo.setCurrentIndex(i)
    choice.combo.activated.emit(i)
    if note is not None:
        choice.note.setText(note)
        choice.note.editingFinished.emit()


def test_the_familys_language_is_chosen_once_and_undone_in_one_step(qtbot, store):
    page, ctx = open_page(qtbot, store, PeoplePage)
    combo = page.family_language.combo
    # Welsh is offered before English, each named in itself first
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Not asked yet", "Cymraeg (Welsh)", "English (Saesneg)", "Another language"]
    _choose(page.family_language, "cy")
    assert doc(ctx)["family"]["language"] == "cy"
    ctx.undo_stack.undo()
    assert doc(ctx)["family"]["language"] == ""
    assert page.family_language.code() == ""


def test_a_persons_other_language_keeps_its_note(qtbot, store):
    page, ctx = open_page(qtbot, store, PeoplePage)
    tomasz = person(doc(ctx), "Tomasz Kowalski")
    page.select_person(tomasz["id"])
    choice = page.person_language
    assert not choice.note.isVisible()  # no note asked for until it is wanted
    _choose(choice, "other")
    assert choice.note.isVisible()
    _choose(choice, "other", "Polish; an interpreter for meetings")
    t = person(doc(ctx), "Tomasz Kowalski")
    assert (t["language"], t["language_note"]) == ("other", "Polish; an interpreter for meetings")
    page.select_person(person(doc(ctx), "Sarah Hughes")["id"])  # another person shows theirs
    assert choice.code() == "" and choice.note.text() == ""
    page.select_person(tomasz["id"])
    assert choice.code() == "other" and choice.note.text().startswith("Polish")


def test_the_family_list_says_the_language_quietly(qtbot, tmp_path):
    path = tmp_path / "s.db"
    make_store(path)
    win = open_window(qtbot, path)
    QApplication.processEvents()
    rows = [win.family_list.list.item(i).text() for i in range(win.family_list.list.count())]
    davies = next(r for r in rows if r.startswith("Davies"))
    others = [r for r in rows if not r.startswith("Davies")]
    assert davies.endswith("·  Cymraeg")
    assert others and not any("Cymraeg" in r or "English" in r for r in others)  # not asked


def test_the_language_note_autosaves_while_it_is_typed_in_one_undo_step(qtbot, store):
    """The note is saved within a second of typing, without leaving the box (house rule:
    every edit autosaves within a second, even during steady typing), and a burst of typing
    is one undo step; leaving the box afterwards writes nothing more."""
    page, ctx = open_page(qtbot, store, PeoplePage)
    _choose(page.family_language, "other")
    steps = ctx.undo_stack.count()
    note = page.family_language.note
    note.setFocus()
    qtbot.keyClicks(note, "Polish")
    qtbot.waitUntil(lambda: doc(ctx)["family"]["language_note"] == "Polish", timeout=1500)
    assert note.hasFocus()  # saved while still in the box
    assert ctx.undo_stack.count() == steps + 1
    note.editingFinished.emit()
    assert ctx.undo_stack.count() == steps + 1
    ctx.undo_stack.undo()
    assert doc(ctx)["family"]["language_note"] == ""
    assert doc(ctx)["family"]["language"] == "other"


def test_an_autosaved_note_is_shown_again_and_never_written_back_old(qtbot, store):
    """After the note autosaved, choosing another person and coming back shows the saved
    note, and a later language change keeps it (the page's copy used to keep the old note
    and the next change wrote it back over the saved one)."""
    page, ctx = open_page(qtbot, store, PeoplePage)
    tomasz = person(doc(ctx), "Tomasz Kowalski")
    page.select_person(tomasz["id"])
    choice = page.person_language
    _choose(choice, "other", "Polish")
    choice.note.setFocus()
    choice.note.end(False)
    qtbot.keyClicks(choice.note, "; an interpreter")
    qtbot.waitUntil(lambda: person(doc(ctx), "Tomasz Kowalski")["language_note"]
                    == "Polish; an interpreter", timeout=1500)
    page.select_person(person(doc(ctx), "Sarah Hughes")["id"])
    page.select_person(tomasz["id"])
    assert choice.note.text() == "Polish; an interpreter"
    _choose(choice, "cy")
    t = person(doc(ctx), "Tomasz Kowalski")
    assert (t["language"], t["language_note"]) == ("cy", "Polish; an interpreter")
