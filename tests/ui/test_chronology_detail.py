"""A long chronology note is read and written on screen: each event has a detail box ("What
happened") that autosaves into the event and undoes like the form's other boxes; the list shows
only the start of the note, and opening the event from the list puts the whole note back in the
box. A 200,000-character note can be opened and typed into without the page reloading the family
on each autosave."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QScrollArea

from safetymap.services import chronology as chronology_cmds
from safetymap.services.families import load_family
from safetymap.ui.workspace.assessment import PREVIEW_CHARS, AssessmentPage

from .pagekit import open_page
from .shell_support import unnamed

PARAGRAPH = ("Mam said the night had been calm. Nain came round at six o’clock to help with "
             "tea, and Lena read to Jakub before bed; the café by the school had rung about "
             "the Saturday club. Gwen says she can do Thursdays as well. ")


def long_note(chars: int) -> str:
    """Numbered paragraphs (with Welsh and accented letters) until about `chars` long."""
    out, n = [], 0
    while sum(len(p) + 2 for p in out) < chars:
        n += 1
        out.append(f"{n}. {PARAGRAPH * 3}".strip())
    return "\n\n".join(out)


def stored(ctx, uid: str) -> dict:
    """The event as it is in the store now: no flush, so only what autosave has written."""
    return next(c for c in load_family(ctx.store, ctx.family_id)["assessment"]["chronology"]
                if c["uid"] == uid)


def chronology(ctx) -> list[dict]:
    return load_family(ctx.store, ctx.family_id)["assessment"]["chronology"]


def row(page, uid: str):
    tree = page.chronology
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == uid)


def open_event(page, uid: str) -> None:
    page.chronology.itemActivated.emit(row(page, uid), 0)


def type_at_end(qtbot, box, text: str) -> None:
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(box, text)


def test_the_detail_box_is_named_and_says_what_it_is_for(qtbot, demo_store):
    page, _ctx = open_page(qtbot, demo_store, AssessmentPage)
    box = page.event_detail
    assert box.accessibleName() == "What happened"
    assert "own words" in box.placeholderText()
    assert box.isVisible()
    assert unnamed(page) == []  # as the shell pages are checked (scroll bars aside)


def test_typing_into_the_detail_box_saves_into_the_event_within_the_autosave_window(
        qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    first = chronology(ctx)[0]
    open_event(page, first["uid"])
    assert page.event_detail.toPlainText() == first["detail"]

    type_at_end(qtbot, page.event_detail, " She showed me her drawing.")
    assert ctx.autosaver.pending  # on screen only until the autosave runs by itself
    want = first["detail"] + " She showed me her drawing."
    qtbot.waitUntil(lambda: stored(ctx, first["uid"])["detail"] == want, timeout=3000)
    assert not ctx.autosaver.pending
    assert len(chronology(ctx)) == 6  # the same event, not a new one
    assert stored(ctx, first["uid"])["title"] == first["title"]


def test_the_first_letter_in_the_detail_box_records_the_event_and_later_ones_update_it(
        qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    n = len(chronology(ctx))
    page.event_detail.setFocus()
    qtbot.keyClicks(page.event_detail, "P")
    events = chronology(ctx)
    assert len(events) == n + 1  # recorded at once, before any autosave
    (new,) = [c for c in events if c["detail"] == "P"]
    qtbot.keyClicks(page.event_detail, "honed Gwen")
    page.event_detail.insertPlainText(" – hi hi’n hapus i helpu.")
    qtbot.waitUntil(lambda: stored(ctx, new["uid"])["detail"]
                    == "Phoned Gwen – hi hi’n hapus i helpu.", timeout=3000)
    assert len(chronology(ctx)) == n + 1
    assert row(page, new["uid"]).text(1) == "Phoned Gwen – hi hi’n hapus i helpu."


def test_steady_typing_in_the_detail_box_is_saved_without_waiting_for_a_pause(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    first = chronology(ctx)[0]
    open_event(page, first["uid"])
    type_at_end(qtbot, page.event_detail, " ")
    for ch in "and then we talked":  # one key every tenth of a second, never a pause
        qtbot.keyClicks(page.event_detail, ch)
        qtbot.wait(100)
    # read before any pause: what was typed has been written into the event meanwhile
    assert stored(ctx, first["uid"])["detail"].startswith(first["detail"] + " and")


def test_undo_puts_the_detail_back_in_the_store_and_the_box(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    first = chronology(ctx)[0]
    open_event(page, first["uid"])
    note = long_note(30_000)
    page.event_detail.setPlainText(note)
    ctx.autosaver.flush()
    assert stored(ctx, first["uid"])["detail"] == note
    assert ctx.undo_stack.undoText() == "Change the note of what happened"

    ctx.undo_stack.undo()
    assert stored(ctx, first["uid"])["detail"] == first["detail"]
    assert page.event_detail.toPlainText() == first["detail"]
    assert row(page, first["uid"]).text(1) == f"{first['title']}\n{first['detail']}"
    ctx.undo_stack.redo()
    assert stored(ctx, first["uid"])["detail"] == note
    assert page.event_detail.toPlainText() == note


def test_the_list_shows_a_preview_and_reopening_shows_the_whole_long_note(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    note = long_note(30_000)  # about 5,000 words
    assert len(note.split()) > 4_500
    page.event_title.setText("Long home visit")
    page.event_detail.setPlainText(note)
    page.event_source.setText("Worker")
    page.start_another()  # saves what is pending and clears the form
    assert page.event_detail.toPlainText() == ""
    (ev,) = [c for c in chronology(ctx) if c["title"] == "Long home visit"]
    assert ev["detail"] == note

    shown = row(page, ev["uid"]).text(1)
    title, _nl, preview = shown.partition("\n")
    assert title == "Long home visit"
    assert preview.endswith("…")
    assert len(preview) <= PREVIEW_CHARS + 1
    assert note.startswith(preview[:-1].rstrip())
    assert "2. Mam said" not in shown  # nothing past the first paragraph
    assert "Only the start" in row(page, ev["uid"]).toolTip(1)

    open_event(page, ev["uid"])
    assert page.event_detail.toPlainText() == note  # the whole note, to read and change
    assert page.event_detail.textCursor().position() == 0  # read from its start
    assert page.event_title.text() == "Long home visit"
    # a short note without more lines is shown whole
    short = chronology(ctx)[0]
    assert row(page, short["uid"]).text(1) == f"{short['title']}\n{short['detail']}"


def test_a_first_line_longer_than_the_preview_is_cut_at_a_word(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    words = "Lena talked about school and the walk home and what she likes at the café " * 6
    page.event_title.setText("Walk with Lena")
    page.event_detail.setPlainText(words)
    ctx.autosaver.flush()
    (ev,) = [c for c in chronology(ctx) if c["title"] == "Walk with Lena"]
    preview = row(page, ev["uid"]).text(1).partition("\n")[2]
    assert preview.endswith("…")
    assert len(preview) <= PREVIEW_CHARS + 1
    assert words.startswith(preview[:-1])
    assert words[len(preview) - 1] in " ,."  # cut between words


def test_a_200000_character_note_opens_and_takes_typing_without_reloading_the_family(
        qtbot, demo_store, monkeypatch):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    first = chronology(ctx)[0]
    huge = long_note(200_000)
    assert len(huge) >= 200_000
    chronology_cmds.edit(ctx.store, first["id"], detail=huge)
    page.show_document(ctx.reload())
    assert len(row(page, first["uid"]).text(1)) < len(first["title"]) + PREVIEW_CHARS + 3

    open_event(page, first["uid"])
    assert page.event_detail.toPlainText() == huge
    assert page.event_detail.verticalScrollBar().maximum() > 0  # it scrolls inside the box

    reloads = []
    real_reload = ctx.reload
    monkeypatch.setattr(ctx, "reload", lambda: reloads.append(1) or real_reload())
    page.event_detail.setFocus()
    page.event_detail.moveCursor(QTextCursor.MoveOperation.End)
    for word in (" Then", " we", " had", " tea."):
        qtbot.keyClicks(page.event_detail, word)
        ctx.autosaver.flush()  # an autosave after each word
        QApplication.processEvents()
    page.event_detail.insertPlainText(" Diolch – très bien.")
    ctx.autosaver.flush()
    assert reloads == []  # no autosave loaded the whole family again
    assert stored(ctx, first["uid"])["detail"] == huge + " Then we had tea. Diolch – très bien."
    assert len(row(page, first["uid"]).text(1)) < len(first["title"]) + PREVIEW_CHARS + 3


def test_the_form_and_its_detail_box_are_in_view_at_1366x768(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    # the page scrolls inside the workspace; its visible area at 1366x768 is about this
    # (the window's menu, header and status bar and the navigation take the rest)
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    scroll.resize(1120, 650)
    scroll.show()
    first = chronology(ctx)[0]
    open_event(page, first["uid"])
    page.event_detail.setPlainText(long_note(30_000))
    QApplication.processEvents()
    height_with_long_note = page.height()
    view = scroll.viewport().rect()
    for w in (page.chronology, page.event_title, page.event_detail, page.event_learned,
              page.add_event_button):
        top_left = w.mapTo(scroll.viewport(), w.rect().topLeft())
        bottom_right = w.mapTo(scroll.viewport(), w.rect().bottomRight())
        assert view.contains(top_left) and view.contains(bottom_right), w.objectName()
    # several lines of the note can be read at once, and a long note does not grow the page
    line = page.event_detail.fontMetrics().lineSpacing()
    assert page.event_detail.viewport().height() >= 7 * line
    assert page.event_detail.width() >= 500
    page.event_detail.setPlainText("Short.")
    QApplication.processEvents()
    assert page.height() == height_with_long_note
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing runs off to the side
    scroll.takeWidget()  # the page is qtbot's to close
