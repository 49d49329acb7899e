"""Judgement: where does each person put things on the 0-10 scale, and why?

Each person's number is recorded separately, with their reasons and the wording that was used;
every recording is a new dated row, so the history is the case's trajectory. The software never
computes a score of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services import editing
from ..undo import CallbackCommand
from ..widgets.chart import Series, TrajectoryChart
from ..widgets.common import WORKER, GrowingTextEdit, People, heading, hint
from ..widgets.scale import ScaleWidget
from ..widgets.scroll_page import ScrollingPage
from ..widgets.whose_view import WhoseViewPicker, resolve_choice
from .page import WorkspaceContext

WORDING_NAMES = {"default": "Everyone", "parent": "A parent", "child": "A child"}
CHIP_STYLE = ("QLabel#scoreChip { border: 1px solid palette(mid); border-radius: 14px;"
              " padding: 6px 14px; background: palette(base); }")


def series_key(score: dict[str, Any]) -> str:
    return score.get("person_uid") or f"label:{(score.get('who') or '').casefold()}"


def latest_by_person(scores: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each person's most recent score, in the order people first scored."""
    latest: dict[str, dict[str, Any]] = {}
    for s in sorted(scores, key=lambda s: s["scored_at"]):
        latest[series_key(s)] = s
    return list(latest.values())


class JudgementPage(ScrollingPage):
    page_key = "judgement"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        t = ctx.template
        q = QLabel(t.scale_question)
        q.setObjectName("scaleQuestion")
        q.setWordWrap(True)
        f = q.font()
        f.setPointSizeF(f.pointSizeF() * 1.15)
        q.setFont(f)
        q.setAccessibleName(t.scale_question)
        self.body.addWidget(q)

        # everyone's numbers now, together on one strip
        self.body.addWidget(heading("Everyone's numbers now", 2))
        self.strip = QWidget()
        self.strip.setObjectName("latestScores")
        self.strip.setAccessibleName("Everyone's numbers now")
        self.strip.setStyleSheet(CHIP_STYLE)
        self.strip_box = QHBoxLayout(self.strip)
        self.strip_box.setContentsMargins(0, 0, 0, 0)
        self.strip_box.setSpacing(10)
        self.body.addWidget(self.strip)

        # record a number: whose, which wording, the big scale, their reasons
        self.body.addWidget(heading("Add someone's number", 2))
        top = QHBoxLayout()
        top.setSpacing(12)
        who_lab = QLabel("Whose number:")
        self.who = WhoseViewPicker(name="Whose number is this?")
        self.who.setObjectName("scoreWho")
        self.who.lineEdit().setPlaceholderText("Choose or type a name")
        who_lab.setBuddy(self.who)
        top.addWidget(who_lab)
        top.addWidget(self.who, 2)
        top.addSpacing(16)
        w_lab = QLabel("Wording for:")
        self.wording = QComboBox()
        self.wording.setObjectName("scaleWording")
        self.wording.setAccessibleName("Which wording of the scale was used")
        for key in ("default", "parent", "child"):
            if key in t.scale_wordings:
                self.wording.addItem(WORDING_NAMES[key], key)
        w_lab.setBuddy(self.wording)
        top.addWidget(w_lab)
        top.addWidget(self.wording, 1)
        self.body.addLayout(top)
        self.wording_text = hint("")
        self.wording_text.setObjectName("wordingText")
        self.wording_text.setStyleSheet("")  # the family reads this: full contrast
        self.body.addWidget(self.wording_text)
        self.scale = ScaleWidget(name="Scale from 0 to 10")
        self.body.addWidget(self.scale)

        cols = QGridLayout()
        cols.setHorizontalSpacing(28)
        cols.setColumnStretch(0, 4)
        cols.setColumnStretch(1, 6)
        self.body.addLayout(cols)
        form = QVBoxLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(10)
        self.reasons = GrowingTextEdit(min_lines=4)
        self.reasons.setObjectName("scoreReasons")
        self.reasons.setAccessibleName("Their reasons for this number")
        self.reasons.setPlaceholderText(t.scale_follow_ups[0] if t.scale_follow_ups else
                                        "Why this number?")
        r_lab = QLabel("Their reasons, in their words:")
        r_lab.setBuddy(self.reasons)
        form.addWidget(r_lab)
        form.addWidget(self.reasons)
        if t.scale_follow_ups:
            form.addWidget(hint("You could ask:\n" + "\n".join(t.scale_follow_ups)))
        rec_row = QHBoxLayout()
        self.record = QPushButton("Record this number")
        self.record.setObjectName("recordScore")
        self.record.setAccessibleName("Record this number")
        self.record.setEnabled(False)
        rec_row.addWidget(self.record)
        rec_row.addStretch(1)
        form.addLayout(rec_row)
        self.status = QLabel("Choose a number on the scale.")
        self.status.setObjectName("scoreStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Choose a number on the scale.")
        form.addWidget(self.status)
        form.addStretch(1)
        left = QWidget()
        left.setAccessibleName("Add someone's number")
        left.setLayout(form)
        cols.addWidget(left, 0, 0)

        # the trajectory
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(heading("How the numbers have moved", 2))
        self.chart = TrajectoryChart()
        right.addWidget(self.chart, 1)
        self.history = QLabel()
        self.history.setObjectName("scoreHistory")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(heading("Latest reasons", 2))
        right.addWidget(self.history)
        rbox = QWidget()
        rbox.setAccessibleName("How the numbers have moved")
        rbox.setLayout(right)
        cols.addWidget(rbox, 0, 1)

        self._choice: dict[str, Any] | None = None
        self._names: dict[str, str] = {}
        self.people = People(None, ctx.initials_only)
        self.who.picked.connect(self._picked)
        self.wording.currentIndexChanged.connect(self._show_wording)
        self.scale.valueChanged.connect(self._value_changed)
        self.record.clicked.connect(self.record_score)
        self._show_wording()
        self.finish()

    def title(self) -> str:
        return self.ctx.template.sections["judgement"]

    # -- showing ----------------------------------------------------------------------------
    def update_document(self, doc: dict[str, Any]) -> None:
        self.people = People(doc, self.ctx.initials_only)
        names = {p["name"].casefold() for p in self.people.list}
        labels = []
        for s in doc.get("scores", []):
            if not s.get("person_uid") and s["who"] and s["who"].casefold() not in names \
                    and s["who"] not in labels and s["who"].casefold() != WORKER.casefold():
                labels.append(s["who"])
        self.who.set_people(self.people, labels)
        scores = doc.get("scores", [])
        self._names = self._display_names(scores)
        self._fill_strip(latest_by_person(scores))
        groups: dict[str, Series] = {}
        for s in sorted(scores, key=lambda s: s["scored_at"]):
            k = series_key(s)
            if k not in groups:
                groups[k] = Series(self._name(s), [])
            groups[k].points.append((datetime.fromisoformat(s["scored_at"]), s["value"]))
        self.chart.set_series(list(groups.values()))
        lines = []
        for s in latest_by_person(scores):
            when = datetime.fromisoformat(s["scored_at"])
            reason = (s.get("reasons") or "").strip()
            lines.append(f"{self._name(s)}, {when:%-d %b %Y}: {s['value']}."
                         + (f" {reason}" if reason else ""))
        self.history.setText("\n".join(lines) or "Nobody has given a number yet.")
        self.history.setAccessibleName("Latest reasons")
        self.history.setAccessibleDescription(self.history.text())

    def _display_names(self, scores: list[dict[str, Any]]) -> dict[str, str]:
        """Short names ("Sarah"), unless two people would share one ("School", "School
        nurse"): then the full name, so each line on the chart is one person."""
        first = {series_key(s): s for s in scores}
        short = {k: self.people.name_for(s.get("person_uid"), s.get("who", ""), short=True)
                 for k, s in first.items()}
        out = {}
        for k, s in first.items():
            clash = sum(1 for v in short.values() if v.casefold() == short[k].casefold()) > 1
            name = self.people.name_for(s.get("person_uid"), s.get("who", "")) if clash \
                else short[k]
            out[k] = "Worker" if name.casefold() == "worker" else name
        return out

    def _name(self, s: dict[str, Any]) -> str:
        return self._names.get(series_key(s)) or self.people.name_for(
            s.get("person_uid"), s.get("who", ""), short=True)

    def _fill_strip(self, latest: list[dict[str, Any]]) -> None:
        while self.strip_box.count():
            item = self.strip_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not latest:
            self.strip_box.addWidget(hint("Nobody has given a number yet. That's fine."))
        for s in latest:
            when = datetime.fromisoformat(s["scored_at"])
            chip = QLabel(f"{self._name(s)}  <b>{s['value']}</b>")
            chip.setObjectName("scoreChip")
            chip.setTextFormat(Qt.TextFormat.RichText)
            chip.setAccessibleName(f"{self._name(s)}: {s['value']} out of 10, "
                                   f"on {when:%-d %B %Y}")
            chip.setToolTip(f"Given on {when:%-d %B %Y}")
            f = chip.font()
            f.setPointSizeF(f.pointSizeF() * 1.15)
            chip.setFont(f)
            self.strip_box.addWidget(chip)
        self.strip_box.addStretch(1)

    def latest_values(self) -> dict[str, int]:
        """Name -> latest number, as shown on the strip (for tests and the conversation)."""
        return {self._name(s): s["value"] for s in latest_by_person(self.doc.get("scores", []))}

    # -- recording ------------------------------------------------------------------------------
    def _show_wording(self, *_: Any) -> None:
        key = self.wording.currentData() or "default"
        text = self.ctx.template.wording(key)
        self.wording_text.setText(text)
        self.wording_text.setAccessibleName(text)

    def _picked(self, choice: dict[str, Any]) -> None:
        self._choice = choice
        role = None
        if "person_id" in choice:
            role = self.people.by_id.get(choice["person_id"], {}).get("role")
        key = {"child": "child", "adult": "parent"}.get(role or "", "default")
        idx = self.wording.findData(key)
        if idx >= 0:
            self.wording.setCurrentIndex(idx)
        self._value_changed()

    def _who_text(self) -> str:
        return self.who.currentText().strip()

    def _value_changed(self, *_: Any) -> None:
        v = self.scale.value()
        ready = v is not None
        self.record.setEnabled(ready)
        who = self._who_text() or "this person"
        text = (f"Ready to record {v} for {who}." if ready else "Choose a number on the scale.")
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def record_score(self) -> int | None:
        value = self.scale.value()
        if value is None:
            return None
        choice = self._choice
        typed = self._who_text()
        if choice is None or (typed and typed != self.who.itemText(self.who.currentIndex())
                              and "new_name" not in choice):
            self.who.choose_text(typed) if typed else None
            choice = self._choice
        if choice is None:
            choice = {"label": WORKER}
        pid, label = resolve_choice(self.ctx, choice)
        wording = self.ctx.template.wording(self.wording.currentData() or "default")
        reasons = self.reasons.toPlainText().strip()
        store, fid = self.ctx.store, self.ctx.family_id
        kw: dict[str, Any] = {"person_id": pid} if pid is not None else {"scorer_label": label}
        holder = {"id": editing.record_score(store, fid, value, reasons=reasons,
                                             scale_wording=wording, **kw)}

        def redo() -> None:
            holder["id"] = editing.record_score(store, fid, value, reasons=reasons,
                                                scale_wording=wording, **kw)
            self.refresh()

        def undo() -> None:
            editing.delete_entity(store, "Score", holder["id"])
            self.refresh()

        self.ctx.undo_stack.push(CallbackCommand("Record a number on the scale", redo, undo))
        self.refresh()
        who = self.people.name(self.people.by_id.get(pid), short=True, fallback=label) \
            if pid is not None else label
        self.scale.blockSignals(True)
        self.scale.setValue(None)
        self.scale.blockSignals(False)
        self.reasons.clear()
        self._choice = None
        self.who.setCurrentIndex(-1)
        self.who.setEditText("")
        self.who._committed = ""
        self.record.setEnabled(False)
        text = f"Recorded {value} for {who}. Thank you."
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.who.setFocus()
        return holder["id"]
