"""The chronology form keeps what is typed: the first letter records the event (dated today,
date editable), later typing autosaves into it with undo, and a page built after a lock shows it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from safetymap.ui.workspace.assessment import AssessmentPage

from .pagekit import doc, open_page


def _events(ctx):
    return doc(ctx)["assessment"]["chronology"]


def _titles(tree):
    return [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]


def test_typed_event_survives_a_lock_and_a_fresh_page(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    n = len(_events(ctx))
    page.event_title.setFocus()
    page.event_title.setText("Phoned Gwen")  # the first input records the event at once
    assert len(_events(ctx)) == n + 1
    page.event_title.setText("Phoned Gwen about the weekend")
    page.event_source.setText("Gwen")
    page.event_learned.setText("She can have the children on Saturdays")
    assert ctx.autosaver.pending  # still only on screen until the autosave runs...
    ctx.autosaver.flush()  # ...which the lock does first
    page.close()

    events = _events(ctx)
    assert len(events) == n + 1  # one event, not one per letter
    (ev,) = [c for c in events if c["title"] == "Phoned Gwen about the weekend"]
    assert ev["occurred_on"] == date.today().isoformat()
    assert ev["source"] == "Gwen"
    assert ev["learned"] == "She can have the children on Saturdays"

    fresh = AssessmentPage(ctx)
    qtbot.addWidget(fresh)
    fresh.show_document(ctx.reload())
    fresh.show()
    assert "Phoned Gwen about the weekend" in _titles(fresh.chronology)
    # and it can be opened again in the form to go on writing it
    item = next(fresh.chronology.topLevelItem(i) for i in range(fresh.chronology.topLevelItemCount())
                if fresh.chronology.topLevelItem(i).text(1) == "Phoned Gwen about the weekend")
    fresh.chronology.itemActivated.emit(item, 0)
    assert fresh.event_learned.text() == "She can have the children on Saturdays"
    fresh.event_learned.setText("She can have the children on Saturdays and Sundays")
    events = _events(ctx)
    assert len(events) == n + 1
    assert any(c["learned"] == "She can have the children on Saturdays and Sundays"
               for c in events)


def test_date_edits_undo_and_start_another(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    n = len(_events(ctx))
    assert page.event_date.date() == QDate.currentDate()
    page.event_title.setText("M")
    page.event_title.setText("Met Nain")
    page.event_date.setDate(QDate(2026, 11, 3))
    (ev,) = [c for c in _events(ctx) if c["title"] == "Met Nain"]
    assert ev["occurred_on"] == "2026-11-03"
    assert "Met Nain" in _titles(page.chronology)

    ctx.undo_stack.undo()  # the date
    ctx.undo_stack.undo()  # the typing
    assert [c["title"] for c in _events(ctx)][-1:] != ["Met Nain"]
    assert any(c["title"] == "M" for c in _events(ctx))
    ctx.undo_stack.undo()  # the event itself
    assert len(_events(ctx)) == n
    assert page.event_title.text() == ""
    ctx.undo_stack.redo()
    assert len(_events(ctx)) == n + 1
    assert page.event_title.text() == "M"

    # "Start another" clears the form; the event is already saved, the next is a new one
    qtbot.mouseClick(page.add_event_button, Qt.MouseButton.LeftButton)
    assert page.event_title.text() == ""
    assert len(_events(ctx)) == n + 1
    page.event_source.setText("School")
    assert len(_events(ctx)) == n + 2


def test_half_written_event_is_back_in_the_form_after_a_lock(qtbot, store_path):
    from safetymap import config
    from safetymap.ui.workspace.assessment import IN_FORM

    from .shell_support import make_store, open_window, unlock

    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "assessment")
    page = win.workspace.pages["assessment"]
    page.event_title.setFocus()
    page.event_title.setText("Phoned Gwe")  # half written when the lid closes
    n = len(family_events(win, ids[0]))
    win.lock()
    assert win.store is None
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=10000)
    fresh = win.workspace.pages["assessment"]
    assert fresh is not page
    assert win.workspace.current_page_key() == "assessment"
    assert fresh.event_title.text() == "Phoned Gwe"  # back in the form, to be finished
    marked = [fresh.chronology.topLevelItem(i) for i in range(fresh.chronology.topLevelItemCount())
              if IN_FORM in fresh.chronology.topLevelItem(i).text(0)]
    assert [m.text(1) for m in marked] == ["Phoned Gwe"]
    fresh.event_title.setText("Phoned Gwen")
    events = family_events(win, ids[0])
    assert len(events) == n
    assert [c["title"] for c in events].count("Phoned Gwen") == 1
    assert "Phoned Gwe" not in [c["title"] for c in events]
    # only a number was remembered: nothing typed is in the settings file
    ini = (config.config_dir() / "safetymap-ui.ini").read_text("utf-8", errors="replace")
    assert "Phoned" not in ini and "Gwe" not in ini
    # "Start another" ends it: after another lock the form is empty
    fresh.start_another()
    win.lock()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=10000)
    assert win.workspace.pages["assessment"].event_title.text() == ""


def family_events(win, fid):
    from .shell_support import family_doc

    return family_doc(win, fid)["assessment"]["chronology"]


def test_a_new_event_emptied_again_is_taken_out_with_undo(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, AssessmentPage)
    n = len(_events(ctx))
    page.event_title.setText("P")
    page.event_title.setText("Ph")
    assert len(_events(ctx)) == n + 1
    page.event_title.setText("")  # the worker rubs it all out again
    events = _events(ctx)
    assert len(events) == n
    assert all(c["title"].strip() for c in events)  # no empty entry left behind
    assert "" not in _titles(page.chronology)
    assert page.event_draft is None

    ctx.undo_stack.undo()  # it comes back as it was, into the form
    assert [c["title"] for c in _events(ctx)].count("Ph") == 1
    assert page.event_title.text() == "Ph"
    page.event_title.setText("Ph then more")
    assert [c["title"] for c in _events(ctx)].count("Ph then more") == 1
    assert len(_events(ctx)) == n + 1

    # typing again after emptying starts a new event
    page.event_title.setText("")
    assert len(_events(ctx)) == n
    page.event_source.setText("School")
    assert len(_events(ctx)) == n + 1
