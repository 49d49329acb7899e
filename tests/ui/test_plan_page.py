"""The safety plan page: edits autosave (read back through services), rules, agreed versions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .shell_support import family_doc, make_store, open_window, unnamed


def _plan(qtbot, store_path, family=0):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[family], "plan")
    return win, win.workspace.pages["plan"], ids[family]


def test_typing_in_the_plan_autosaves_within_a_second(qtbot, store_path):
    win, page, fid = _plan(qtbot, store_path)
    page.if_not_working.setFocus()
    page.if_not_working.moveCursor(page.if_not_working.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.if_not_working, " Nan will ring Alex.")
    assert win.autosaver.pending  # not yet written...
    qtbot.wait(900)  # ...but within a second it is, without any Save button or flush
    assert not win.autosaver.pending
    plan = win.workspace.ctx.reload()["safety_plan"]["current"]
    assert plan["if_not_working"].endswith("That is not failure. Nan will ring Alex.")


def test_rules_warning_signs_and_review(qtbot, store_path):
    win, page, fid = _plan(qtbot, store_path)
    before = len(page.rule_rows)
    qtbot.mouseClick(page.add_rule_button, Qt.MouseButton.LeftButton)
    assert len(page.rule_rows) == before + 1
    row = page.rule_rows[-1]
    qtbot.keyClicks(row.text, "Dad will not drive after drinking")
    row.who_text.setText("Siân from next door")
    people = page.people_names()
    gwen_uid = next(u for u, n in people.items() if n == "Gwen Hughes")
    next(a for a in row.menu.actions() if a.text() == "Gwen Hughes").setChecked(True)
    qtbot.mouseClick(page.add_sign_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.sign_rows[-1].edit, "Empty bottles in the bin")
    page.review.setPlainText("At Gwen's house, the first Saturday in March.")
    plan = family_doc(win, fid)["safety_plan"]["current"]
    rule = plan["rules"][-1]
    assert rule["text"] == "Dad will not drive after drinking"
    assert rule["who_text"] == "Siân from next door"
    assert rule["who_makes_sure"] == [gwen_uid]
    assert plan["warning_signs"][-1] == "Empty bottles in the bin"
    assert plan["review"] == "At Gwen's house, the first Saturday in March."
    assert len(plan["rules"]) == before + 1

    page.remove_rule(0)
    plan = family_doc(win, fid)["safety_plan"]["current"]
    assert len(plan["rules"]) == before
    assert not plan["rules"][0]["text"].startswith("If Tomasz has been drinking")


def test_keep_this_as_an_agreed_version(qtbot, store_path):
    win, page, fid = _plan(qtbot, store_path)
    n = len(family_doc(win, fid)["safety_plan"]["versions"])
    page.review.setPlainText("Every month at Gwen's.")
    page.version_note.setText("Agreed with Sarah and Gwen")
    qtbot.mouseClick(page.agree_button, Qt.MouseButton.LeftButton)
    versions = family_doc(win, fid)["safety_plan"]["versions"]
    assert len(versions) == n + 1
    assert versions[-1]["note"] == "Agreed with Sarah and Gwen"
    assert versions[-1]["content"]["review"] == "Every month at Gwen's."  # flushed first
    assert f"Version {n + 1}" in page.versions.text()


def test_a_new_family_starts_with_an_empty_plan_that_can_be_written(qtbot, store_path):
    from safetymap.services.families import create_family

    ids = make_store(store_path, demo=False)
    assert ids == []
    win = open_window(qtbot, store_path)
    fid = create_family(win.store, "Ayşe's family", "wellbeing")
    win.open_family(fid, "plan")
    page = win.workspace.pages["plan"]
    assert page.rule_rows == []
    page.add_rule()
    page.rule_rows[0].text.setPlainText("Mam will walk Ayşe to school.")
    plan = family_doc(win, fid)["safety_plan"]["current"]
    assert plan["rules"][0]["text"] == "Mam will walk Ayşe to school."
    assert unnamed(page) == []
