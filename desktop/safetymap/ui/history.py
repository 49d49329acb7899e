"""History everywhere: every version of every entry, every version of the safety plan with a
readable comparison between any two, and everyone's numbers over time.

A dialog reached from the workspace ("History…", Ctrl+Shift+H; the plan page's "Compare
versions…" opens it on the plan). Everything comes from services.changes as plain data; nothing
here writes. In group supervision the dialog is given a `rename` that turns names into initials.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..practice.templates import Template
from ..services import changes, changesets
from ..store.engine import Store
from .supervision import report as rp
from .tasks import error_sentence
from .widgets.chart import Series, TrajectoryChart
from .widgets.plain import Label

log = logging.getLogger(__name__)

OPERATIONS = {"insert": "Written", "update": "Changed", "delete": "Taken off the map"}
TABS = ("entries", "plan", "scores", "changes")


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def plan_label(v: changes.PlanVersionView) -> str:
    if v.version == changes.WORKING:
        return f"The working copy (last changed {rp.day(v.created_at)})"
    note = f": {_short(v.note, 40)}" if v.note else ""
    return f"Version {v.version}, agreed {rp.day(v.created_at)}{note}"


def diff_html(lines: list[str], rename: Callable[[str], str], show_unchanged: bool) -> str:
    """The service's "Added: / Removed: / Unchanged:" lines, readable without colour: words say
    what happened, removed lines are struck through, added ones are bold on a soft background."""
    if not lines:
        return "<p>These two versions are the same.</p>"
    out = []
    for line in lines:
        kind, _sep, body = line.partition(": ")
        body = html.escape(rename(body))
        if kind == "Added":
            out.append(f'<p style="background:#D7E8E6; margin:2px 0;"><b>Added:</b> {body}</p>')
        elif kind == "Removed":
            out.append(f'<p style="margin:2px 0;"><b>Removed:</b> <s>{body}</s></p>')
        elif show_unchanged:
            out.append(f'<p style="color:#51636B; margin:2px 0;">Unchanged: {body}</p>')
    added = sum(1 for ln in lines if ln.startswith("Added: "))
    removed = sum(1 for ln in lines if ln.startswith("Removed: "))
    head = f"<p><b>{added} line{'s' if added != 1 else ''} added, {removed} removed.</b></p>"
    return head + "\n".join(out)


class HistoryDialog(QDialog):
    def __init__(self, store: Store, family_id: int, template: Template, doc: dict[str, Any],
                 parent: QWidget | None = None, *, tab: str = "entries",
                 entry_uid: str | None = None,
                 rename: Callable[[str], str] = rp.same,
                 on_undone: Callable[[], None] = lambda: None) -> None:
        super().__init__(parent)
        self._on_undone = on_undone
        self.store, self.family_id, self.template = store, family_id, template
        self.doc, self.rename = doc, rename
        self.setWindowTitle("History")
        self.setAccessibleName("History")
        self.resize(1040, 660)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parts of the history")
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._entries_tab(), "Entries, every version")
        self.tabs.addTab(self._plan_tab(), "The safety plan, every version")
        self.tabs.addTab(self._scores_tab(), "Numbers over time")
        self.tabs.addTab(self._changes_tab(), "Every change, newest first")
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the history")
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        lay.addLayout(row)
        self.tabs.setCurrentIndex(TABS.index(tab) if tab in TABS else 0)
        if entry_uid:
            self.select_entry(entry_uid)

    # -- entries ----------------------------------------------------------------------------
    def _entries_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(Label("Choose an entry to see every version of it: when it was written, "
                             "each change, and who made it."))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.entry_list = QListWidget()
        self.entry_list.setObjectName("historyEntries")
        self.entry_list.setAccessibleName("Entries on the map and in the children's houses")
        self.entry_list.setWordWrap(True)
        self.entry_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.versions = QTextBrowser()
        self.versions.setObjectName("historyVersions")
        self.versions.setAccessibleName("Every version of the chosen entry")
        self.versions.setTabChangesFocus(True)
        split.addWidget(self.entry_list)
        split.addWidget(self.versions)
        split.setSizes([380, 620])
        lay.addWidget(split, 1)
        for e in self.doc.get("map", []):
            label = rp.area_label(self.template, "map_entry", e["area"])
            resolved = " (resolved)" if e.get("resolved_at") else ""
            self._add_entry_item(f"{label}{resolved}: {_short(e['text']) or '(no words yet)'}",
                                 "map_entry", e["uid"])
        for h in self.doc.get("childs_voice", {}).get("three_houses", []):
            label = rp.HOUSES.get(h["house"], "House")
            self._add_entry_item(f"{label}, {h.get('child', '')}: {_short(h['text'])}",
                                 "house_entry", h["uid"])
        self.entry_list.currentItemChanged.connect(self._show_entry)
        if self.entry_list.count():
            self.entry_list.setCurrentRow(0)
        else:
            self.versions.setPlainText("Nothing has been written on the map yet.")
        return w

    def _add_entry_item(self, text: str, etype: str, uid: str) -> None:
        item = QListWidgetItem(text)  # the document given is already in initials if needed
        item.setData(Qt.ItemDataRole.UserRole, (etype, uid))
        self.entry_list.addItem(item)

    def select_entry(self, uid: str) -> bool:
        for i in range(self.entry_list.count()):
            if self.entry_list.item(i).data(Qt.ItemDataRole.UserRole)[1] == uid:
                self.tabs.setCurrentIndex(0)
                self.entry_list.setCurrentRow(i)
                return True
        return False

    def _show_entry(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        etype, uid = item.data(Qt.ItemDataRole.UserRole)
        try:
            versions = changes.entry_history(self.store, etype, entity_uid=uid)
        except Exception as exc:  # noqa: BLE001
            log.error("history could not be read: %s", type(exc).__name__)
            self.versions.setPlainText(error_sentence(exc))
            return
        self.versions.setHtml(self.versions_html(versions))

    def versions_html(self, versions: list[changes.Version]) -> str:
        if not versions:
            return "<p>No saved versions were found for this entry.</p>"
        parts = [f"<p><b>{len(versions)} version{'s' if len(versions) != 1 else ''}</b>, "
                 "newest first.</p>"]
        for v in reversed(versions):
            what = OPERATIONS.get(v.operation, v.operation)
            fields = [rp.FIELD_WORDS.get(f, f.replace("_", " ")) for f in v.changed_fields]
            changed = f" ({', '.join(sorted(set(fields)))})" if fields and v.operation == "update" \
                else ""
            who = html.escape(self.rename(v.actor or "someone"))
            parts.append(f"<h4>Version {v.number}: {what}{html.escape(changed)}, "
                         f"{html.escape(rp.moment(v.changed_at))}, by {who}</h4>")
            text = str(v.data.get("text", ""))
            parts.append(f"<p>{html.escape(self.rename(text)).replace(chr(10), '<br>')}</p>"
                         if text else "<p><i>(no words)</i></p>")
            if v.data.get("resolved_at"):
                parts.append("<p><i>Marked resolved.</i></p>")
        return "\n".join(parts)

    # -- the plan ---------------------------------------------------------------------------
    def _plan_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        try:
            self.plan_versions = changes.plan_versions(self.store, self.family_id)
        except Exception as exc:  # noqa: BLE001
            log.error("plan versions could not be read: %s", type(exc).__name__)
            self.plan_versions = []
            lay.addWidget(Label(error_sentence(exc)))
        row = QHBoxLayout()
        compare = Label("Compare")
        self.plan_from = QComboBox()
        self.plan_from.setObjectName("planFrom")
        self.plan_from.setAccessibleName("Compare this version of the plan")
        self.plan_to = QComboBox()
        self.plan_to.setObjectName("planTo")
        self.plan_to.setAccessibleName("with this version of the plan")
        compare.setBuddy(self.plan_from)
        for v in self.plan_versions:
            for combo in (self.plan_from, self.plan_to):
                combo.addItem(plan_label(v), v.version)
        self.unchanged = QCheckBox("Show the lines that did not change")
        self.unchanged.setObjectName("planShowUnchanged")
        self.unchanged.setAccessibleName("Show the lines that did not change")
        self.unchanged.setChecked(True)
        row.addWidget(compare)
        row.addWidget(self.plan_from, 1)
        with_label = Label("with")
        with_label.setBuddy(self.plan_to)
        row.addWidget(with_label)
        row.addWidget(self.plan_to, 1)
        lay.addLayout(row)
        lay.addWidget(self.unchanged)
        self.diff = QTextBrowser()
        self.diff.setObjectName("planDiff")
        self.diff.setAccessibleName("What changed between the two versions of the plan")
        self.diff.setTabChangesFocus(True)
        lay.addWidget(self.diff, 1)
        n = len(self.plan_versions)
        if n >= 2:
            self.plan_from.setCurrentIndex(n - 2)
            self.plan_to.setCurrentIndex(n - 1)
        self.plan_from.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.plan_to.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.unchanged.toggled.connect(lambda _on: self.show_diff())
        self.show_diff()
        return w

    def compare(self, v_from: Any, v_to: Any) -> None:
        for combo, v in ((self.plan_from, v_from), (self.plan_to, v_to)):
            i = combo.findData(v)
            if i >= 0:
                combo.setCurrentIndex(i)
        self.tabs.setCurrentIndex(1)
        self.show_diff()

    def show_diff(self) -> None:
        if len(self.plan_versions) < 2:
            self.diff.setHtml("<p>There is only one version of the plan so far, so there is "
                              "nothing to compare yet. Every agreed version is kept.</p>"
                              if self.plan_versions else "<p>There is no plan yet.</p>")
            return
        a, b = self.plan_from.currentData(), self.plan_to.currentData()
        try:
            lines = changes.plan_diff(self.store, self.family_id, a, b)
        except Exception as exc:  # noqa: BLE001
            self.diff.setPlainText(error_sentence(exc))
            return
        self.diff_lines = lines
        if not lines:
            same = next((v.lines for v in self.plan_versions if v.version == a), ())
            lines = [f"Unchanged: {ln}" for ln in same]
            self.diff.setHtml("<p><b>These two versions are the same.</b></p>"
                              + diff_html(lines, self.rename, True).split("</p>", 1)[1])
            return
        self.diff.setHtml(diff_html(lines, self.rename, self.unchanged.isChecked()))

    # -- scores -----------------------------------------------------------------------------
    # -- every change (the changesets) -------------------------------------------------------
    def _changes_tab(self) -> QWidget:
        """Every change made to this family, newest first, each one undoable on its own (the
        store refuses, with a sentence, while a later change depends on it)."""
        w = QWidget()
        lay = QVBoxLayout(w)
        self.change_list = QListWidget()
        self.change_list.setObjectName("historyChanges")
        self.change_list.setAccessibleName("Every change to this family, newest first")
        self.change_list.setWordWrap(True)  # a removal's line says everything that went
        self.change_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.change_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay.addWidget(self.change_list, 1)
        row = QHBoxLayout()
        self.undo_change_button = QPushButton("Undo this change")
        self.undo_change_button.setObjectName("undoChange")
        self.undo_change_button.setAccessibleName("Undo the chosen change")
        self.undo_change_button.setToolTip(
            "Takes back just this change. It is kept in the history, with the undo after it.")
        self.undo_change_button.clicked.connect(self.undo_chosen_change)
        row.addWidget(self.undo_change_button)
        self.change_note = Label("")
        self.change_note.setObjectName("changeNote")
        self.change_note.setWordWrap(True)
        row.addWidget(self.change_note, 1)
        lay.addLayout(row)
        self.change_list.currentRowChanged.connect(lambda _r: self._update_undo_button())
        self._fill_changes()
        return w

    def _fill_changes(self) -> None:
        self.change_list.clear()
        try:
            rows = changesets.history(self.store, self.family_id)
        except Exception as exc:  # noqa: BLE001
            self.change_list.addItem(error_sentence(exc))
            rows = []
        for r in rows:
            when = r["when"].astimezone()
            what = changesets.command_words(r["command"])
            if r["reverts"] is not None:
                what = f"{what} of change {r['reverts']}"
            text = f"{rp.day(when)}, {when:%H:%M}: {r['who'] or 'someone'} {what}"
            if r["what"]:
                text += f" ({r['what']})"
            if r["reverted_by"] is not None:
                text += f", undone by change {r['reverted_by']}"
            item = QListWidgetItem(f"Change {r['id']}. {text}")
            item.setData(Qt.ItemDataRole.UserRole, int(r["id"]))
            self.change_list.addItem(item)
        if self.change_list.count():
            self.change_list.setCurrentRow(0)
        self._update_undo_button()

    def _update_undo_button(self) -> None:
        item = self.change_list.currentItem()
        self.undo_change_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None)

    def undo_chosen_change(self) -> None:
        item = self.change_list.currentItem()
        cs_id = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        if cs_id is None:
            return
        try:
            new_id = changesets.undo(self.store, int(cs_id))
        except changesets.CannotUndo as exc:
            self.change_note.setText(str(exc))
            return
        except Exception as exc:  # noqa: BLE001
            self.change_note.setText(error_sentence(exc))
            return
        self.change_note.setText(f"Change {cs_id} is undone (the undo is change {new_id}).")
        self._fill_changes()
        self._on_undone()

    def _scores_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.chart = TrajectoryChart()
        self.chart.setObjectName("historyChart")
        self.score_list = QListWidget()
        self.score_list.setObjectName("historyScores")
        self.score_list.setAccessibleName("Every number, newest first")
        try:
            traj = changes.score_trajectory(self.store, self.family_id)
        except Exception as exc:  # noqa: BLE001
            traj = {}
            self.score_list.addItem(error_sentence(exc))
        self.chart.set_series([Series(self.rename(who), pts) for who, pts in traj.items()])
        flat = sorted(((at, self.rename(who), v) for who, pts in traj.items() for at, v in pts),
                      reverse=True)
        for at, who, v in flat:
            self.score_list.addItem(f"{rp.day(at)}: {who}, {v} out of 10")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart)
        split.addWidget(self.score_list)
        split.setSizes([640, 360])
        lay.addWidget(split, 1)
        return w
