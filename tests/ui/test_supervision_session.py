"""A supervision session through the real widgets, on the demo family.

An earlier record is signed off through the services; then the map changes (an entry added, one
edited, one resolved, a new score). Supervision mode must show exactly those changes and none of
the earlier ones; the supervisor's number, reflections, decision and rationale typed into the
real widgets are autosaved; the sign-off dialog stamps name and role; the store and the audit log
hold the sign-off; the signed record and the earlier one are read-only on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import entries as entry_cmds
from safetymap.services import scores as score_cmds
from safetymap.services import supervision as sv
from safetymap.services.families import load_family
from safetymap.store.engine import Store
from safetymap.ui.supervision import report as rp

from .shell_support import PASSPHRASE, make_store, open_window, unnamed

NEW_ENTRY = "Sarah rang Gwen when Tomasz came home drunk, and the children slept at Gwen's."
EDITED = "Tomasz says he will not drink at home on Saturdays while the children are there."


def _prepare(store_path):
    """Demo family; an earlier sign-off; then changes made after it. Returns what changed."""
    fid = make_store(store_path)[0]
    store = Store.open(store_path, PASSPHRASE)
    try:
        doc = load_family(store, fid)
        worry = next(e for e in doc["map"] if e["area"] == "worry")
        complicating = next(e for e in doc["map"] if e["area"] == "complicating")
        sarah = next(p for p in doc["people"] if p["name"] == "Sarah Hughes")
        rec = sv.start_record(store, fid)
        sv.update_record(store, rec, reflections="Earlier reflections about the first visits.",
                         supervisor_score=3, decision="Keep visiting weekly",
                         rationale="Too early to tell")
        sv.sign_off(store, rec, "Jo Bloggs", "Team manager")
        added = entry_cmds.add(store, fid, "existing_safety", NEW_ENTRY)
        entry_cmds.edit(store, worry["id"], text=EDITED)
        entry_cmds.set_resolved(store, complicating["id"], True)
        score_cmds.record(store, fid, 7, person_id=sarah["id"], reasons="Gwen is helping")
    finally:
        store.close()
    untouched = [e["text"] for e in doc["map"] if e["id"] not in (worry["id"],
                                                                   complicating["id"])]
    return dict(fid=fid, rec=rec, added=added, worry=worry, complicating=complicating,
                untouched=untouched)


def test_a_supervision_session_shows_the_changes_and_records_the_sign_off(qtbot, store_path):
    f = _prepare(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(f["fid"])
    ws = win.workspace
    win.supervision_action.trigger()  # Ctrl+Shift+S
    panel = ws.supervision
    assert ws.supervising and panel.isVisible() and win.supervision_action.isChecked()
    QApplication.processEvents()

    # -- what has changed since the last sign-off: exactly the four changes ------------------
    assert "Jo Bloggs (Team manager) last signed off" in panel.since.text()
    template = ws.ctx.template
    lines = rp.change_lines(panel.report, template)
    worry_label = template.label("worry")
    compl_label = template.label("complicating")
    safety_label = template.label("existing_safety")
    assert lines["Added"] == [f"{safety_label}: {NEW_ENTRY}"]
    assert lines["Changed"] == [f"{worry_label}: was “{f['worry']['text']}”, now “{EDITED}”"]
    assert lines["Resolved"] == [f"{compl_label}: {f['complicating']['text']}"]
    assert lines["Deleted"] == []
    assert lines["Scores"] == ["Sarah Hughes: 6 → 7 (up 1)"]
    shown = panel.changes.toPlainText()
    for heading in ("Added (1)", "Changed (1)", "Resolved (1)", "How the numbers moved (1)"):
        assert heading in shown
    for line in lines["Added"] + lines["Changed"] + lines["Resolved"] + lines["Scores"]:
        assert line in shown
    # nothing from before the sign-off is listed as a change
    for text in f["untouched"]:
        assert text not in shown
    assert "Taken off the map" not in shown
    # the appreciative questions are there
    assert "What has gone well in your work with this family?" in panel.prompts.text()

    # -- the supervisor records their view through the widgets --------------------------------
    panel.scale.setFocus()
    qtbot.keyClick(panel.scale, Qt.Key.Key_5)
    qtbot.keyClicks(panel.boxes["score_reasons"], "Sarah acts to keep the children safe")
    qtbot.keyClicks(panel.boxes["reflections"], "Good work with Gwen and Sarah")
    qtbot.keyClicks(panel.boxes["decision"], "Step down to a child in need plan")
    panel.boxes["rationale"].insertPlainText("Gwen's help is steady; Siôn at school agrees")
    win.autosaver.flush()
    rid = panel.record_id
    assert rid is not None and rid != f["rec"]
    rec = sv.get_record(win.store, rid)
    assert (rec.supervisor_score, rec.score_reasons, rec.reflections, rec.decision,
            rec.rationale) == (5, "Sarah acts to keep the children safe",
                               "Good work with Gwen and Sarah",
                               "Step down to a child in need plan",
                               "Gwen's help is steady; Siôn at school agrees")
    assert not rec.read_only

    # -- sign off through the dialog: a missing role is asked for, not refused rudely --------
    qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
    dlg = panel.sign_off_dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.name.text() == "Jo Bloggs"  # the last signer, as a starting point
    assert unnamed(dlg) == []
    dlg.name.setText("")
    qtbot.keyClicks(dlg.name, "Priya Shah")
    dlg.role.setText("")
    qtbot.mouseClick(dlg.sign_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and "your role" in dlg.problem.text()
    assert not sv.get_record(win.store, rid).read_only
    qtbot.keyClicks(dlg.role, "Practice leader")
    qtbot.mouseClick(dlg.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.read_only, timeout=5000)

    # in the store, read-only, and in the audit log
    rec = sv.get_record(win.store, rid)
    assert rec.read_only and (rec.signed_off_by, rec.signed_off_role) == ("Priya Shah",
                                                                          "Practice leader")
    with win.store.session() as s:
        events = s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "sign_off")).all()
        uids = [e.entity_uid for e in events]
    assert rec.uid in uids and len(events) == 2
    assert sv.last_sign_off(win.store, f["fid"]).by == "Priya Shah"

    # -- on screen: the signed record is read-only with its sign-off line ---------------------
    assert "Signed off by Priya Shah, Practice leader on" in panel.sign_line.text()
    assert all(b.isReadOnly() for b in panel.boxes.values())
    assert not panel.scale.isEnabled() and panel.sign_button.isHidden()
    qtbot.keyClicks(panel.boxes["decision"], " and more")
    win.autosaver.flush()
    assert sv.get_record(win.store, rid).decision == "Step down to a child in need plan"

    # -- the earlier record is listed, read-only, with its own period's changes ---------------
    assert panel.earlier.count() == 1
    assert "Jo Bloggs (Team manager)" in panel.earlier.item(0).text()
    earlier = panel.earlier_view.toPlainText()
    assert panel.earlier_view.isReadOnly()
    assert "Earlier reflections about the first visits." in earlier
    assert "Signed off by Jo Bloggs, Team manager" in earlier
    editable = [w for cls in (QPlainTextEdit, QTextEdit, QLineEdit)
                for w in panel.findChildren(cls)
                if not w.isReadOnly() and w.isVisibleTo(panel)]
    assert not any("Earlier reflections" in (w.toPlainText() if hasattr(w, "toPlainText")
                                              else w.text()) for w in editable)

    # -- a new record starts from this sign-off: nothing has changed since -------------------
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.record_id is None and not panel.read_only
    assert "Priya Shah (Practice leader) last signed off" in panel.since.text()
    assert panel.report.is_empty
    assert "Nothing on the map and no numbers have changed" in panel.changes.toPlainText()
    assert panel.earlier.count() == 2
    # the supervisor's number joined everyone's numbers over time
    assert any(s.name == "Supervisor" and s.points[-1][1] == 5 for s in panel.chart.series())
    assert unnamed(panel) == []

    # closing supervision goes back to the map
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not ws.supervising and not win.supervision_action.isChecked()


def test_opening_supervision_writes_nothing_and_a_draft_is_resumed(qtbot, store_path):
    fid = make_store(store_path)[0]
    win = open_window(qtbot, store_path)
    win.open_family(fid)
    ws = win.workspace
    ws.set_supervision(True)
    panel = ws.supervision
    assert panel.record_id is None
    assert sv.list_records(win.store, fid) == []  # looking is not writing
    assert panel.since.text().startswith("What has happened since the family's record")
    qtbot.keyClicks(panel.boxes["reflections"], "Half way through")
    ws.set_supervision(False)  # closing flushes
    assert [r.reflections for r in sv.list_records(win.store, fid)] == ["Half way through"]
    ws.set_supervision(True)
    assert panel.boxes["reflections"].toPlainText() == "Half way through"
    # "no number" is a choice too
    panel.scale.setValue(4)
    qtbot.mouseClick(panel.clear_score, Qt.MouseButton.LeftButton)
    win.autosaver.flush()
    assert sv.get_record(win.store, panel.record_id).supervisor_score is None
