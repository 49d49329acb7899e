"""History everywhere, on screen: every version of an entry (the one with the keyboard focus is
chosen), every version of the safety plan with a readable comparison (added and removed lines),
and everyone's numbers over time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.services import changesets
from safetymap.services import entries as entry_cmds
from safetymap.services import plan as plan_cmds
from safetymap.services.families import load_family
from safetymap.store.engine import Store

from .shell_support import PASSPHRASE, make_store, open_window, unnamed

NEW_RULE = "Tomasz will not drink at home when the children are awake"
FIRST = "Tomasz drinks every weekend and shouts"
SECOND = "Tomasz drinks at weekends and shouts when the children are at home"


def _prepare(store_path):
    fid = make_store(store_path)[0]
    store = Store.open(store_path, PASSPHRASE)
    try:
        doc = load_family(store, fid)
        worry = next(e for e in doc["map"] if e["area"] == "worry")
        entry_cmds.edit(store, worry["id"], text=FIRST)
        changesets.close_burst(store)  # the worker left the field: the next edit is a version
        entry_cmds.edit(store, worry["id"], text=SECOND)
        plan = PlanContent.from_json(doc["safety_plan"]["current"])
        removed = plan.rules.pop(0).text
        plan.rules.append(PlanRule(NEW_RULE, [], "Tomasz", "Tomasz"))
        plan_cmds.save(store, fid, plan)
        number = plan_cmds.agree_version(store, fid, "After the network meeting")
        n_scores = len(doc["scores"])
    finally:
        store.close()
    return dict(fid=fid, worry=worry, removed=removed, number=number, n_scores=n_scores)


def test_plan_versions_compare_with_added_and_removed_lines(qtbot, store_path):
    f = _prepare(store_path)
    assert f["number"] == 2
    win = open_window(qtbot, store_path)
    win.open_family(f["fid"], "plan")
    page = win.workspace.pages["plan"]
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    dlg = win.history_dialog
    assert dlg.isVisible() and dlg.tabs.currentIndex() == 1
    labels = [dlg.plan_from.itemText(i) for i in range(dlg.plan_from.count())]
    assert labels[0].startswith("Version 1, agreed") and labels[1].startswith("Version 2, agreed")
    assert "After the network meeting" in labels[1]
    assert labels[2].startswith("The working copy")

    dlg.compare(1, 2)
    shown = dlg.diff.toPlainText()
    assert "1 line added, 1 removed." in shown
    assert f"Added: Rule: {NEW_RULE} (who makes sure: Tomasz)" in shown
    assert f"Removed: Rule: {f['removed']}" in shown
    assert "Unchanged: Warning sign:" in shown
    # the unchanged lines can be hidden, leaving only what changed
    dlg.unchanged.setChecked(False)
    shown = dlg.diff.toPlainText()
    assert "Unchanged:" not in shown and f"Added: Rule: {NEW_RULE}" in shown
    # the other way round, the same line is removed
    dlg.compare(2, 1)
    assert f"Removed: Rule: {NEW_RULE}" in dlg.diff.toPlainText()
    # two versions that are the same say so, and still show the plan
    dlg.compare(2, "working")
    shown = dlg.diff.toPlainText()
    assert "These two versions are the same." in shown and NEW_RULE in shown
    assert unnamed(dlg) == []


def test_every_version_of_the_focused_entry_and_the_numbers_over_time(qtbot, store_path):
    f = _prepare(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(f["fid"], "worried")
    ws = win.workspace
    page = ws.pages["worried"]
    from safetymap.ui.widgets.entry_list import EntryCard

    card = next(c for c in page.findChildren(EntryCard) if c.entry_id == f["worry"]["id"])
    card.text.setFocus()
    QApplication.processEvents()
    assert ws.focused_entry_id() == f["worry"]["id"]
    win.history_action.trigger()  # Ctrl+Shift+H
    dlg = win.history_dialog
    assert dlg.tabs.currentIndex() == 0
    item = dlg.entry_list.currentItem()
    assert SECOND[:40] in item.text()
    shown = dlg.versions.toPlainText()
    assert "3 versions, newest first." in shown
    # newest first, each with what changed, when and by whom
    assert shown.index(SECOND) < shown.index(FIRST) < shown.index(f["worry"]["text"])
    assert "Version 3: Changed (the words)" in shown and "Version 1: Written" in shown
    assert "by worker" in shown

    # choosing another entry shows its own history
    dlg.entry_list.setCurrentRow(dlg.entry_list.count() - 1)
    assert SECOND not in dlg.versions.toPlainText()

    dlg.tabs.setCurrentIndex(2)
    names = {s.name for s in dlg.chart.series()}
    assert {"Sarah Hughes", "Tomasz Kowalski"} <= names
    assert dlg.score_list.count() == f["n_scores"]
    assert unnamed(dlg) == []
