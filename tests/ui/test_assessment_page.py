"""The continuous assessment: chronology, analysis, decision, rationale, family note. No deadlines."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt

from .shell_support import family_doc, make_store, open_window, unnamed, visible_text


def _assessment(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "assessment")
    return win, win.workspace.pages["assessment"], ids[0]


def test_chronology_and_reasons_are_saved(qtbot, store_path):
    win, page, fid = _assessment(qtbot, store_path)
    n = page.chronology.topLevelItemCount()
    page.event_date.setDate(QDate(2026, 11, 21))
    qtbot.keyClicks(page.event_title, "Met Gwen at her house")
    page.event_source.setText("Worker")
    page.event_learned.setText("Gwen is ready to help at weekends")
    qtbot.mouseClick(page.add_event_button, Qt.MouseButton.LeftButton)
    assert page.chronology.topLevelItemCount() == n + 1
    assert page.event_title.text() == ""

    page.boxes["family_note"].setPlainText("We will tell you by phone after the meeting.")
    page.boxes["rationale"].setPlainText("Gwen will help.")
    qtbot.wait(800)
    a = family_doc(win, fid)["assessment"]
    assert a["family_note"] == "We will tell you by phone after the meeting."
    assert a["rationale"] == "Gwen will help."
    last = [c for c in a["chronology"] if c["title"] == "Met Gwen at her house"][0]
    assert last["occurred_on"] == date(2026, 11, 21).isoformat()
    assert last["learned"] == "Gwen is ready to help at weekends"

    page.concluded.setChecked(True)
    assert family_doc(win, fid)["assessment"]["concluded_at"] is not None


def test_no_countdowns_deadlines_or_overdue_badges(qtbot, store_path):
    win, page, _fid = _assessment(qtbot, store_path)
    text = visible_text(win).lower()
    for banned in ("overdue", "deadline", "days left", "countdown", "due in", "working days",
                   "days open", "late"):
        assert not re.search(r"\b" + banned + r"\b", text), banned
    assert unnamed(page) == []
