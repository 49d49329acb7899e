"""Judgement: where does each person put things on the 0-10 scale, and why?

Each person's number is recorded separately, with their reasons and the wording that was used;
every recording is a new dated row, so the history is the case's trajectory. The software never
computes a score of its own.

Nothing typed here lives only on screen. Choosing a number records it at once (a Score row)
for whoever is shown in "Whose number"; changing the number, the wording or the reasons then
autosaves into that same score, with undo. "Next person" starts a fresh number; choosing a
different person does too, and the number already given stays saved.

Every write is a named command (services/scores.py; a new person: services/people.py); undo and
redo are the store's, one changeset per step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...services import people as people_cmds
from ...services import scores
from ...store.errors import NotFound
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.chart import Series, TrajectoryChart
from ..widgets.commands import RecordDraft, run_command
from ..widgets.common import (
    WORKER,
    GrowingTextEdit,
    People,
    heading,
    hint,
    pending,
    record_edit,
    worker_label,
)
from ..widgets.plain import Label, escape, rich_label
from ..widgets.scale import ScaleWidget
from ..widgets.scroll_page import ScrollingPage
from ..widgets.tidy import TidyComboBox
from ..widgets.whose_view import WhoseViewPicker, guess_role
from .page import WorkspaceContext

#: the scale's wordings by whom they are for (translated where they are listed)
WORDING_NAMES = {"default": QT_TRANSLATE_NOOP("workspace.judgement", "Everyone"),
                 "parent": QT_TRANSLATE_NOOP("workspace.judgement", "A parent"),
                 "child": QT_TRANSLATE_NOOP("workspace.judgement", "A child")}
CHIP_STYLE = ("QLabel#scoreChip { border: 1px solid palette(mid); border-radius: 14px;"
              " padding: 6px 14px; background: palette(base); }")


def series_key(score: dict[str, Any]) -> str:
    return score.get("person_uid") or f"label:{(score.get('who') or '').casefold()}"


#: below this page width the reasons and the chart stack instead of sitting side by side
NARROW = 660


def latest_by_person(scores: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each person's most recent score, in the order people first scored."""
    latest: dict[str, dict[str, Any]] = {}
    for s in sorted(scores, key=lambda s: s["scored_at"]):
        latest[series_key(s)] = s
    return list(latest.values())


def score_draft(score_id: int, person_id: int | None, label: str, value: int) -> RecordDraft:
    """The number being given now: one Score row, already saved (its id), and whose it is."""
    return RecordDraft(score_id, fresh=True, values={
        "person_id": person_id, "label": label, "value": value, "reasons": ""})


class JudgementPage(ScrollingPage):
    page_key = "judgement"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        t = ctx.template
        self.body.setSpacing(12)
        q = Label(t.scale_question)
        q.setObjectName("scaleQuestion")
        q.setWordWrap(True)
        f = q.font()
        f.setPointSizeF(f.pointSizeF() * 1.15)
        q.setFont(f)
        q.setAccessibleName(t.scale_question)
        self.body.addWidget(q)

        # whose number, which wording, the big scale
        top = QHBoxLayout()
        top.setSpacing(12)
        who_lab = Label(translate("workspace.judgement", "Whose number:"))
        self.who = WhoseViewPicker(name=translate("workspace.judgement", "Whose number is this?"))
        self.who.setObjectName("scoreWho")
        self.who.line_edit().setPlaceholderText(
            translate("workspace.judgement", "Choose or type a name"))
        who_lab.setBuddy(self.who)
        top.addWidget(who_lab)
        top.addWidget(self.who, 2)
        top.addSpacing(16)
        w_lab = Label(translate("workspace.judgement", "Wording for:"))
        self.wording = TidyComboBox()
        self.wording.setObjectName("scaleWording")
        self.wording.setAccessibleName(
            translate("workspace.judgement", "Which wording of the scale was used"))
        for key in ("default", "parent", "child"):
            if key in t.scale_wordings:
                self.wording.addItem(translate("workspace.judgement", WORDING_NAMES[key]), key)
        w_lab.setBuddy(self.wording)
        top.addWidget(w_lab)
        top.addWidget(self.wording, 1)
        self.body.addLayout(top)
        self.wording_text = hint("")
        self.wording_text.setObjectName("wordingText")
        self.wording_text.setStyleSheet("")  # the family reads this: full contrast
        self.body.addWidget(self.wording_text)
        self.scale = ScaleWidget(name=translate("workspace.judgement", "Scale from 0 to 10"))
        self.scale.setMinimumWidth(420)
        self.scale.setFixedHeight(84)  # room for the trajectory above the fold at 1366x768
        self.scale.setAccessibleDescription(translate(
            "workspace.judgement", "{description} Choosing a number saves it at once.")
            .format(description=self.scale.accessibleDescription()))
        self.body.addWidget(self.scale)

        # reasons (left) beside everyone's numbers and how they have moved (right); they stack
        # on a narrow window so neither is squeezed
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(28)
        self.body.addLayout(self.columns)
        form = QVBoxLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        self.reasons = GrowingTextEdit(min_lines=4)
        self.reasons.setObjectName("scoreReasons")
        self.reasons.setAccessibleName(
            translate("workspace.judgement", "Their reasons for this number"))
        self.reasons.setAccessibleDescription(
            translate("workspace.judgement", "Saved into their number as you type."))
        self._reasons_placeholder = (t.scale_follow_ups[0] if t.scale_follow_ups
                                     else translate("workspace.judgement", "Why this number?"))
        r_lab = Label(translate("workspace.judgement", "Their reasons, in their words:"))
        r_lab.setBuddy(self.reasons)
        form.addWidget(r_lab)
        form.addWidget(self.reasons)
        if t.scale_follow_ups:
            ask = hint(translate("workspace.judgement", "You could ask:") + "\n"
                       + "\n".join(t.scale_follow_ups))
            ask.setProperty("inlinePrompt", True)
            form.addWidget(ask)
        rec_row = QHBoxLayout()
        self.record = QPushButton(translate("workspace.judgement", "Next person's number"))
        self.record.setObjectName("recordScore")
        self.record.setAccessibleName(
            translate("workspace.judgement", "Done with this number: start the next person's"))
        self.record.setToolTip(
            translate("workspace.judgement", "This number and its reasons are already saved."))
        self.record.setEnabled(False)
        self.remove = QPushButton(translate("workspace.judgement", "Take this number away"))
        self.remove.setObjectName("removeScore")
        self.remove.setAccessibleName(
            translate("workspace.judgement", "Take this number away again"))
        self.remove.setEnabled(False)
        rec_row.addWidget(self.record)
        rec_row.addWidget(self.remove)
        rec_row.addStretch(1)
        form.addLayout(rec_row)
        self.status = Label("")
        self.status.setObjectName("scoreStatus")
        self.status.setWordWrap(True)
        form.addWidget(self.status)
        form.addStretch(1)
        left = QWidget()
        left.setAccessibleName(translate("workspace.judgement", "Their reasons"))
        left.setLayout(form)
        self.columns.addWidget(left, 4)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        right.addWidget(heading(translate("workspace.judgement", "Everyone's numbers now"), 2))
        self.strip = QWidget()
        self.strip.setObjectName("latestScores")
        self.strip.setAccessibleName(translate("workspace.judgement", "Everyone's numbers now"))
        self.strip.setStyleSheet(CHIP_STYLE)
        self.strip_box = QHBoxLayout(self.strip)
        self.strip_box.setContentsMargins(0, 0, 0, 0)
        self.strip_box.setSpacing(8)
        right.addWidget(self.strip)
        right.addWidget(heading(translate("workspace.judgement", "How the numbers have moved"),
                                2))
        self.chart = TrajectoryChart()
        self.chart.setMinimumSize(320, 230)
        self.chart.setMaximumHeight(255)  # whole chart, axis included, above the fold at 768
        right.addWidget(self.chart, 1)
        self.history = Label()
        self.history.setObjectName("scoreHistory")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(heading(translate("workspace.judgement", "Latest reasons"), 2))
        right.addWidget(self.history)
        rbox = QWidget()
        rbox.setAccessibleName(translate("workspace.judgement", "How the numbers have moved"))
        rbox.setLayout(right)
        self.columns.addWidget(rbox, 6)

        self._choice: dict[str, Any] | None = None
        self._names: dict[str, str] = {}
        self.draft: RecordDraft | None = None
        #: the number an undo took away from the form: a redo that brings it back reopens it
        self._taken: RecordDraft | None = None
        self.people = People(None, ctx.initials_only)
        self.who.picked.connect(self._picked)
        self.wording.currentIndexChanged.connect(self._wording_changed)
        self.scale.valueChanged.connect(self._value_changed)
        self.reasons.textChanged.connect(self._reasons_edited)
        self.record.clicked.connect(self.record_score)
        self.remove.clicked.connect(self.remove_draft)
        self._show_wording()
        self._show_form()
        self.finish()

    def title(self) -> str:
        return self.ctx.template.sections["judgement"]

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        want = (QBoxLayout.Direction.TopToBottom if self.width() < NARROW
                else QBoxLayout.Direction.LeftToRight)
        if self.columns.direction() != want:
            self.columns.setDirection(want)

    # -- showing ----------------------------------------------------------------------------
    def update_document(self, doc: dict[str, Any]) -> None:
        self.people = People(doc, self.ctx.initials_only)
        d = self.draft
        ids = [s["id"] for s in doc.get("scores", [])]
        if d is not None and not d.present(ids):
            self._close_draft(keep_who=True)  # an undo took the number away
            self._taken = d
            self._say(translate("workspace.judgement", "That number was taken away."))
        elif d is None and self._taken is not None and self._taken.present(ids):
            # a redo brought it back: the form is its again, so changing it changes this one
            self.draft, self._taken = self._taken, None
            self._show_stored(self.draft, next(s for s in doc["scores"]
                                               if s["id"] == self.draft.id))
            self._show_form()
        elif d is not None:
            self._show_stored(d, next(s for s in doc["scores"] if s["id"] == d.id))
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
            lines.append(f"{self._name(s)}, {i18n.short_day(when)}: {s['value']}."
                         + (f" {reason}" if reason else ""))
        self.history.setText("\n".join(lines)
                             or translate("workspace.judgement", "Nobody has given a number yet."))
        self.history.setAccessibleName(translate("workspace.judgement", "Latest reasons"))
        self.history.setAccessibleDescription(self.history.text())

    def _show_stored(self, d: RecordDraft, stored: dict[str, Any]) -> None:
        """The form shows what is stored for the number being given (after an undo or a redo),
        except what is still being typed or chosen (an autosave not yet run)."""
        if not pending(self.ctx, ("score", d.id, "value")) and stored["value"] != d.values["value"]:
            d.values["value"] = stored["value"]
            self.scale.blockSignals(True)
            self.scale.setValue(stored["value"])
            self.scale.blockSignals(False)
            self._show_form()
        reasons = stored.get("reasons") or ""
        if not pending(self.ctx, ("score", d.id, "reasons")) \
                and self.reasons.toPlainText().strip() != reasons.strip():
            d.values["reasons"] = reasons
            self._set_reasons_quietly(reasons)

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
            out[k] = worker_label(name)
        return out

    def _name(self, s: dict[str, Any]) -> str:
        return self._names.get(series_key(s)) or self.people.name_for(
            s.get("person_uid"), s.get("who", ""), short=True)

    def _fill_strip(self, latest: list[dict[str, Any]]) -> None:
        while self.strip_box.count():
            item = self.strip_box.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        if not latest:
            self.strip_box.addWidget(hint(
                translate("workspace.judgement", "Nobody has given a number yet. That's fine.")))
        for s in latest:
            when = datetime.fromisoformat(s["scored_at"])
            # rich text on purpose (the number in bold); the name is case text, so escaped
            chip = rich_label(f"{escape(self._name(s))}  <b>{int(s['value'])}</b>")
            chip.setObjectName("scoreChip")
            chip.setAccessibleName(translate(
                "workspace.judgement", "{name}: {number} out of 10, on {date}").format(
                    name=self._name(s), number=s["value"], date=i18n.day(when)))
            chip.setToolTip(
                translate("workspace.judgement", "Given on {date}").format(date=i18n.day(when)))
            self.strip_box.addWidget(chip)
        self.strip_box.addStretch(1)

    def latest_values(self) -> dict[str, int]:
        """Name -> latest number, as shown on the strip (for tests and the conversation)."""
        return {self._name(s): s["value"] for s in latest_by_person(self.doc.get("scores", []))}

    def _show_wording(self, *_: Any) -> None:
        key = self.wording.currentData() or "default"
        text = self.ctx.template.wording(key)
        self.wording_text.setText(text)
        self.wording_text.setAccessibleName(text)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(
            text or translate("workspace.judgement", "No number being given"))

    def _who_name(self, pid: int | None, label: str) -> str:
        return self.people.name(self.people.by_id.get(pid), short=True, fallback=label) \
            if pid is not None else worker_label(self.people.label(label))

    def _show_form(self) -> None:
        """Enable what makes sense now: reasons belong to a number, so they open with it."""
        d = self.draft
        open_ = d is not None
        self.reasons.setEnabled(open_)
        self.reasons.setPlaceholderText(
            self._reasons_placeholder if open_ else
            translate("workspace.judgement", "Choose a number first; their reasons go here."))
        # shown only while a number is being given: a greyed-out button reads as "broken"
        for b in (self.record, self.remove):
            b.setEnabled(open_)
            b.setVisible(open_)
        if open_:
            assert d is not None
            v = d.values
            self._say(translate(
                "workspace.judgement",
                "Saved: {number} for {name}. Their reasons are saved as you type.").format(
                    number=v["value"], name=self._who_name(v["person_id"], v["label"])))
        elif not self.status.text():
            self._say(translate("workspace.judgement",
                                "Choose whose number it is, then a number on the scale."))

    # -- whose number -------------------------------------------------------------------------
    def _picked(self, choice: dict[str, Any]) -> None:
        if "new_name" in choice:
            added = self._add_person(str(choice["new_name"]).strip())
            if added is None:
                return  # refused; the person has been told why
            choice = {"person_id": added}
        d = self.draft
        if d is not None and self._target(choice) != (d.values["person_id"], d.values["label"]):
            self._close_draft(keep_who=True)  # a different person: their own, new number
        self._choice = choice
        role = None
        if "person_id" in choice:
            role = self.people.by_id.get(choice["person_id"], {}).get("role")
        key = {"child": "child", "adult": "parent"}.get(role or "", "default")
        idx = self.wording.findData(key)
        if idx >= 0:
            self.wording.blockSignals(True)
            self.wording.setCurrentIndex(idx)
            self.wording.blockSignals(False)
            self._show_wording()

    def _add_person(self, name: str) -> int | None:
        """"Add ‘X’ as a new person…" was chosen: add them, with an undo step of its own."""
        store, fid = self.ctx.store, self.ctx.family_id
        return run_command(self.ctx, translate("workspace.judgement",
                                               "Add {name} as a person").format(name=name),
                           lambda: people_cmds.add(store, fid, name, guess_role(name)),
                           self.refresh)

    @staticmethod
    def _target(choice: dict[str, Any] | None) -> tuple[int | None, str]:
        if choice and "person_id" in choice:
            return int(choice["person_id"]), ""
        if choice and choice.get("label"):
            return None, str(choice["label"])
        return None, WORKER

    # -- the number ---------------------------------------------------------------------------
    def _value_changed(self, value: int) -> None:
        d = self.draft
        if d is None:
            self._start_draft(value)
            return
        old, d.values["value"] = d.values["value"], value
        store = self.ctx.store

        def save(v: int) -> None:
            try:
                scores.set_value(store, d.id, v)
            except NotFound:
                return  # taken away meanwhile (an undo): the next showing closes the form

        # autosaved, and coalesced: trying 5, then 6, then 7 is one step
        record_edit(self.ctx, ("score", d.id, "value"),
                    translate("workspace.judgement", "Change the number"), old, value, save,
                    lambda _v: None, self._after_save)
        self._show_form()

    def _start_draft(self, value: int) -> None:
        """Choosing a number records it at once, for whoever is in "Whose number"."""
        if self._choice is None and self.who.currentText().strip():
            self.who.choose_text(self.who.currentText().strip())
        pid, label = self._target(self._choice)
        if self._choice is None:
            self.who.set_current(None, WORKER)
            self._choice = {"label": WORKER}
        wording = self.ctx.template.wording(self.wording.currentData() or "default")
        store, fid = self.ctx.store, self.ctx.family_id
        new_id = run_command(
            self.ctx, translate("workspace.judgement", "Record a number on the scale"),
            lambda: scores.record(store, fid, value, person_id=pid,
                                  scorer_label="" if pid is not None else label,
                                  scale_wording=wording))
        if new_id is None:  # refused (the person is told why): no number is being given
            self.scale.blockSignals(True)
            self.scale.setValue(None)
            self.scale.blockSignals(False)
            return
        self.draft = score_draft(new_id, pid, label, value)
        self._taken = None
        self._set_reasons_quietly("")
        self._show_form()
        self.refresh()

    def _after_save(self) -> None:
        self.changed.emit()

    def _wording_changed(self, *_: Any) -> None:
        self._show_wording()
        d = self.draft
        if d is None:
            return
        store = self.ctx.store
        wording = self.ctx.template.wording(self.wording.currentData() or "default")
        run_command(self.ctx, translate("workspace.judgement", "Change the wording of the scale"),
                    lambda: scores.set_wording(store, d.id, wording), self.refresh)

    # -- their reasons ------------------------------------------------------------------------
    def _set_reasons_quietly(self, text: str) -> None:
        self.reasons.blockSignals(True)
        self.reasons.setPlainText(text)
        self.reasons.blockSignals(False)
        self.reasons._fit()

    def _reasons_edited(self) -> None:
        d = self.draft
        if d is None:
            return
        value = self.reasons.toPlainText()
        old, d.values["reasons"] = d.values["reasons"], value
        store = self.ctx.store

        def save(v: str) -> None:
            try:
                scores.set_reasons(store, d.id, v.strip())
            except NotFound:
                return

        record_edit(self.ctx, ("score", d.id, "reasons"),
                    translate("workspace.judgement", "Edit their reasons"), old, value, save,
                    lambda _v: None, self._after_save)

    # -- finishing ----------------------------------------------------------------------------
    def _close_draft(self, keep_who: bool = False) -> None:
        self.ctx.autosaver.flush()
        self.draft = None
        self.scale.blockSignals(True)
        self.scale.setValue(None)
        self.scale.blockSignals(False)
        self._set_reasons_quietly("")
        if not keep_who:
            self._choice = None
            self.who.setCurrentIndex(-1)
            self.who.setEditText("")
            self.who._committed = ""
        self._show_form()

    def record_score(self) -> int | None:
        """"Next person's number": the number and its reasons are already saved; this makes
        sure nothing is pending and clears the form for the next person. Returns the score's
        id (None when no number was being given)."""
        d = self.draft
        if d is None:
            return None
        self.ctx.autosaver.flush()
        who = self._who_name(d.values["person_id"], d.values["label"])
        self._close_draft()
        self._taken = None
        self._say(translate("workspace.judgement", "Saved {number} for {name}. Thank you.")
                  .format(number=d.values["value"], name=who))
        self.refresh()
        self.who.setFocus()
        return d.id

    def remove_draft(self) -> None:
        """Take the number being given away again (undo brings it back)."""
        d = self.draft
        if d is None:
            return
        self.ctx.autosaver.flush()
        store = self.ctx.store
        self._close_draft()
        run_command(self.ctx, translate("workspace.judgement", "Take a number away"),
                    lambda: scores.remove(store, d.id), self.refresh)
        self._say(translate("workspace.judgement",
                            "That number was taken away. Undo brings it back."))
