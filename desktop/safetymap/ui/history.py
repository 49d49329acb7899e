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
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.chart import Series, TrajectoryChart
from .widgets.plain import Label

log = logging.getLogger(__name__)

OPERATIONS = {"insert": QT_TRANSLATE_NOOP("history", "Written"),
              "update": QT_TRANSLATE_NOOP("history", "Changed"),
              "delete": QT_TRANSLATE_NOOP("history", "Taken off the map")}
TABS = ("entries", "plan", "scores", "changes")


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def plan_label(v: changes.PlanVersionView) -> str:
    if v.version == changes.WORKING:
        return translate("history", "The working copy (last changed {day})").format(
            day=rp.day(v.created_at))
    note = f": {_short(v.note, 40)}" if v.note else ""
    return translate("history", "Version {number}, agreed {day}{note}").format(
        number=v.version, day=rp.day(v.created_at), note=note)


def diff_html(lines: list[str], rename: Callable[[str], str], show_unchanged: bool) -> str:
    """The service's "Added: / Removed: / Unchanged:" lines, readable without colour: words say
    what happened, removed lines are struck through, added ones are bold on a soft background."""
    if not lines:
        return translate("history", "<p>These two versions are the same.</p>")
    out = []
    for line in lines:
        kind, _sep, body = line.partition(": ")
        body = html.escape(rename(body))
        if kind == "Added":
            words = translate("history", "<b>Added:</b> {line}").format(line=body)
            out.append(f'<p style="background:#D7E8E6; margin:2px 0;">{words}</p>')  # tr: not shown
        elif kind == "Removed":
            words = translate("history", "<b>Removed:</b> <s>{line}</s>").format(line=body)
            out.append(f'<p style="margin:2px 0;">{words}</p>')  # tr: not shown
        elif show_unchanged:
            words = translate("history", "Unchanged: {line}").format(line=body)
            out.append(f'<p style="color:#51636B; margin:2px 0;">{words}</p>')  # tr: not shown
    added = sum(1 for ln in lines if ln.startswith("Added: "))
    removed = sum(1 for ln in lines if ln.startswith("Removed: "))
    head = translate("history", "<p><b>%n line(s) added, {removed} removed.</b></p>", None,
                     added).format(removed=removed)
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
        self.setWindowTitle(translate("history", "History"))
        self.setAccessibleName(translate("history", "History"))
        self.resize(1040, 660)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(translate("history", "Parts of the history"))
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._entries_tab(), translate("history", "Entries, every version"))
        self.tabs.addTab(self._plan_tab(), translate("history", "The safety plan, every version"))
        self.tabs.addTab(self._scores_tab(), translate("history", "Numbers over time"))
        self.tabs.addTab(self._changes_tab(), translate("history", "Every change, newest first"))
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(translate("history", "Close"))
        self.close_button.setAccessibleName(translate("history", "Close the history"))
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
        lay.addWidget(Label(translate("history",
                                      "Choose an entry to see every version of it: when it was "
                                      "written, each change, and who made it.")))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.entry_list = QListWidget()
        self.entry_list.setObjectName("historyEntries")
        self.entry_list.setAccessibleName(
            translate("history", "Entries on the map and in the children's houses"))
        self.entry_list.setWordWrap(True)
        self.entry_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.versions = QTextBrowser()
        self.versions.setObjectName("historyVersions")
        self.versions.setAccessibleName(translate("history", "Every version of the chosen entry"))
        self.versions.setTabChangesFocus(True)
        split.addWidget(self.entry_list)
        split.addWidget(self.versions)
        split.setSizes([380, 620])
        lay.addWidget(split, 1)
        for e in self.doc.get("map", []):
            label = rp.area_label(self.template, "map_entry", e["area"])
            words = _short(e["text"]) or translate("history", "(no words yet)")
            if e.get("resolved_at"):
                text = translate("history", "{area} (resolved): {words}").format(area=label,
                                                                                 words=words)
            else:
                text = f"{label}: {words}"
            self._add_entry_item(text, "map_entry", e["uid"])
        for h in self.doc.get("childs_voice", {}).get("three_houses", []):
            house = h["house"]
            label = (translate("supervision.report", rp.HOUSES[house]) if house in rp.HOUSES
                     else translate("history", "House"))
            self._add_entry_item(f"{label}, {h.get('child', '')}: {_short(h['text'])}",
                                 "house_entry", h["uid"])
        self.entry_list.currentItemChanged.connect(self._show_entry)
        if self.entry_list.count():
            self.entry_list.setCurrentRow(0)
        else:
            self.versions.setPlainText(
                translate("history", "Nothing has been written on the map yet."))
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
            return translate("history", "<p>No saved versions were found for this entry.</p>")
        parts = [translate("history", "<p><b>%n version(s)</b>, newest first.</p>", None,
                           len(versions))]
        for v in reversed(versions):
            what = (translate("history", OPERATIONS[v.operation]) if v.operation in OPERATIONS
                    else v.operation)
            fields = [translate("supervision.report", rp.FIELD_WORDS[f]) if f in rp.FIELD_WORDS
                      else f.replace("_", " ") for f in v.changed_fields]
            changed = f" ({', '.join(sorted(set(fields)))})" if fields and v.operation == "update" \
                else ""
            who = html.escape(self.rename(v.actor or translate("history", "someone")))
            parts.append(translate("history", "<h4>Version {number}: {what}{changed}, {when}, "
                                   "by {who}</h4>").format(
                number=v.number, what=what, changed=html.escape(changed),
                when=html.escape(rp.moment(v.changed_at)), who=who))
            text = str(v.data.get("text", ""))
            parts.append(f"<p>{html.escape(self.rename(text)).replace(chr(10), '<br>')}</p>"
                         if text else translate("history", "<p><i>(no words)</i></p>"))
            if v.data.get("resolved_at"):
                parts.append(translate("history", "<p><i>Marked resolved.</i></p>"))
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
        compare = Label(translate("history", "Compare"))
        self.plan_from = QComboBox()
        self.plan_from.setObjectName("planFrom")
        self.plan_from.setAccessibleName(translate("history", "Compare this version of the plan"))
        self.plan_to = QComboBox()
        self.plan_to.setObjectName("planTo")
        self.plan_to.setAccessibleName(translate("history", "with this version of the plan"))
        compare.setBuddy(self.plan_from)
        for v in self.plan_versions:
            for combo in (self.plan_from, self.plan_to):
                combo.addItem(plan_label(v), v.version)
        self.unchanged = QCheckBox(translate("history", "Show the lines that did not change"))
        self.unchanged.setObjectName("planShowUnchanged")
        self.unchanged.setAccessibleName(
            translate("history", "Show the lines that did not change"))
        self.unchanged.setChecked(True)
        row.addWidget(compare)
        row.addWidget(self.plan_from, 1)
        with_label = Label(translate("history", "with"))
        with_label.setBuddy(self.plan_to)
        row.addWidget(with_label)
        row.addWidget(self.plan_to, 1)
        lay.addLayout(row)
        lay.addWidget(self.unchanged)
        self.diff = QTextBrowser()
        self.diff.setObjectName("planDiff")
        self.diff.setAccessibleName(
            translate("history", "What changed between the two versions of the plan"))
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
            self.diff.setHtml(translate("history",
                                        "<p>There is only one version of the plan so far, so "
                                        "there is nothing to compare yet. Every agreed version "
                                        "is kept.</p>")
                              if self.plan_versions
                              else translate("history", "<p>There is no plan yet.</p>"))
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
            lines = [f"Unchanged: {ln}" for ln in same]  # tr: not shown (the service's lines)
            self.diff.setHtml(translate("history", "<p><b>These two versions are the same.</b></p>")
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
        self.change_list.setAccessibleName(
            translate("history", "Every change to this family, newest first"))
        self.change_list.setWordWrap(True)  # a removal's line says everything that went
        self.change_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.change_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay.addWidget(self.change_list, 1)
        row = QHBoxLayout()
        self.undo_change_button = QPushButton(translate("history", "Undo this change"))
        self.undo_change_button.setObjectName("undoChange")
        self.undo_change_button.setAccessibleName(translate("history", "Undo the chosen change"))
        self.undo_change_button.setToolTip(translate(
            "history",
            "Takes back just this change. It is kept in the history, with the undo after it."))
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
                what = translate("history", "{what} of change {number}").format(
                    what=what, number=r["reverts"])
            text = translate("history", "{day}, {time}: {who} {what}").format(
                day=rp.day(when), time=f"{when:%H:%M}",
                who=r["who"] or translate("history", "someone"), what=what)
            if r["what"]:
                text += f" ({r['what']})"
            if r["reverted_by"] is not None:
                text = translate("history", "{change}, undone by change {number}").format(
                    change=text, number=r["reverted_by"])
            item = QListWidgetItem(translate("history", "Change {number}. {change}").format(
                number=r["id"], change=text))
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
        self.change_note.setText(
            translate("history", "Change {number} is undone (the undo is change {undo}).")
            .format(number=cs_id, undo=new_id))
        self._fill_changes()
        self._on_undone()

    def _scores_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.chart = TrajectoryChart()
        self.chart.setObjectName("historyChart")
        self.score_list = QListWidget()
        self.score_list.setObjectName("historyScores")
        self.score_list.setAccessibleName(translate("history", "Every number, newest first"))
        try:
            traj = changes.score_trajectory(self.store, self.family_id)
        except Exception as exc:  # noqa: BLE001
            traj = {}
            self.score_list.addItem(error_sentence(exc))
        self.chart.set_series([Series(self.rename(who), pts) for who, pts in traj.items()])
        flat = sorted(((at, self.rename(who), v) for who, pts in traj.items() for at, v in pts),
                      reverse=True)
        for at, who, v in flat:
            self.score_list.addItem(translate("history", "{day}: {who}, {score} out of 10")
                                    .format(day=rp.day(at), who=who, score=v))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart)
        split.addWidget(self.score_list)
        split.setSizes([640, 360])
        lay.addWidget(split, 1)
        return w
