"""The supervision view, shown beside (or, on a narrow screen, over) the family's map.

Top to bottom: what has changed since the last sign-off (entries added, changed, resolved and
taken off, and how each person's number moved), everyone's numbers over time, appreciative
questions, then the supervisor's own number with reasons, reflections, decision and rationale
(autosaved through the workspace's Autosaver, like every other edit), and the sign-off. A
signed-off record is shown read-only with its sign-off line. Earlier records are listed below,
read-only, each with the changes it looked at.

In group supervision the view works on a separate group record (with a short group summary) and
every name in what it shows becomes initials. A record is only created when something is first
written, so opening the view to look changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...services import changes
from ...services import supervision as sv
from ..tasks import error_sentence, run_in_background
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.chart import Series, TrajectoryChart
from ..widgets.common import record_edit
from ..widgets.flow import flow_row
from ..widgets.plain import Label, escape
from ..widgets.scale import ScaleWidget
from . import report as rp
from .sign_off import SignOffDialog

log = logging.getLogger(__name__)

#: (field, label, placeholder): the label and placeholder are translated where shown
TEXT_FIELDS = (
    ("group_summary", QT_TRANSLATE_NOOP("supervision.panel", "Group summary"),
     QT_TRANSLATE_NOOP("supervision.panel", "A short summary for the family's record: what "
                       "the group noticed and suggested.")),
    ("score_reasons", QT_TRANSLATE_NOOP("supervision.panel", "Why that number"),
     QT_TRANSLATE_NOOP("supervision.panel", "What makes it that number and not lower? What "
                       "would one step higher look like?")),
    ("reflections", QT_TRANSLATE_NOOP("supervision.panel", "Reflections"),
     QT_TRANSLATE_NOOP("supervision.panel",
                       "What went well, what worries you, what we don't know yet…")),
    ("decision", QT_TRANSLATE_NOOP("supervision.panel", "Decision"),
     QT_TRANSLATE_NOOP("supervision.panel", "What has been decided today?")),
    ("rationale", QT_TRANSLATE_NOOP("supervision.panel", "Why (the reasons at the time)"),
     QT_TRANSLATE_NOOP("supervision.panel", "The reasons as they are understood today. They "
                       "are kept as written, so a later review sees what was known at the "
                       "time.")),
)


def _text_box(name: str, placeholder: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(height * 2)
    return box


def _section(text: str) -> QLabel:
    lab = Label(text)
    lab.setObjectName("sectionTitle")
    lab.setWordWrap(True)
    return lab


def _muted(text: str) -> QLabel:
    lab = Label(text)
    lab.setObjectName("muted")
    lab.setWordWrap(True)
    return lab


def _browser(name: str, min_height: int) -> QTextBrowser:
    b = QTextBrowser()
    b.setAccessibleName(name)
    b.setOpenLinks(False)
    b.setMinimumHeight(min_height)
    b.setTabChangesFocus(True)
    return b


#: below this width "No number" sits under the supervisor's scale, not beside it
NARROW_SCORE = 520


class SupervisionPanel(QWidget):
    """`ctx` is the workspace's WorkspaceContext; `group` says whether group supervision is on."""

    close_requested = Signal()
    group_requested = Signal(bool)
    message = Signal(str)
    signed = Signal(int)  # a record was signed off (its id)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("supervisionPanel")
        self.setAccessibleName(translate("supervision.panel", "Supervision"))
        self.record_id: int | None = None
        self.record: sv.SupervisionView | None = None
        self.report: Any = None
        self._values: dict[str, Any] = {}
        self._rename: rp.Rename = rp.same
        self.ask_path: Callable[[str], str] = self._ask_path
        self.sign_off_dialog: SignOffDialog | None = None
        self._export_task: Any = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        head = QFrame()
        head.setObjectName("supervisionHeader")
        hl = QHBoxLayout(head)
        hl.setContentsMargins(16, 8, 12, 8)
        self.heading = Label(translate("supervision.panel", "Supervision"))
        self.heading.setObjectName("sectionTitle")
        self.group_button = QPushButton(translate("supervision.panel",
                                                  "Group supervision: initials"))
        self.group_button.setObjectName("groupSupervision")
        self.group_button.setCheckable(True)
        self.group_button.setAccessibleName(translate(
            "supervision.panel", "Group supervision: show initials instead of names"))
        self.group_button.setToolTip(translate(
            "supervision.panel", "Ctrl+Shift+G: names become initials everywhere on screen, "
            "and the map is read-only"))
        self.group_button.toggled.connect(self.group_requested)
        self.export_button = QPushButton(translate("supervision.panel", "Export record…"))
        self.export_button.setObjectName("exportSupervision")
        self.export_button.setAccessibleName(translate(
            "supervision.panel", "Export the supervision record as a PDF"))
        self.export_button.clicked.connect(self.export_record)
        self.close_button = QPushButton(translate("supervision.panel", "Close"))
        self.close_button.setObjectName("closeSupervision")
        self.close_button.setAccessibleName(translate(
            "supervision.panel", "Close supervision and go back to the map"))
        self.close_button.clicked.connect(self.close_requested)
        hl.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignTop)
        hl.addSpacing(12)
        # the buttons wrap under each other when the view is narrow (group supervision at
        # 1366 px gives the map most of the width)
        hl.addWidget(flow_row(self.group_button, self.export_button, self.close_button,
                              align_right=True), 1)
        outer.addWidget(head)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setAccessibleName(translate("supervision.panel", "Supervision record"))
        body = QWidget()
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 8, 16, 16)
        lay.setSpacing(8)

        self.since = _section("")
        self.since.setObjectName("supervisionSince")
        self.since.setAccessibleName(translate("supervision.panel",
                                               "What has changed since the last sign-off"))
        lay.addWidget(self.since)
        self.changes = _browser(translate("supervision.panel", "What has changed"), 240)
        self.changes.setObjectName("supervisionChanges")
        lay.addWidget(self.changes)

        lay.addWidget(_section(translate("supervision.panel", "Everyone's numbers over time")))
        self.chart = TrajectoryChart()
        self.chart.setObjectName("supervisionChart")
        self.chart.setMinimumHeight(230)
        lay.addWidget(self.chart)

        lay.addWidget(_section(translate("supervision.panel",
                                         "Questions to think about together")))
        first = sv.APPRECIATIVE_PROMPTS[:4]
        more = sv.APPRECIATIVE_PROMPTS[4:]
        self.prompts = Label("\n".join(f"•  {q}" for q in first))
        self.prompts.setObjectName("supervisionPrompts")
        self.prompts.setWordWrap(True)
        self.prompts.setAccessibleName(translate("supervision.panel",
                                                 "Questions to think about together"))
        lay.addWidget(self.prompts)
        self.more_prompts = _muted(translate("supervision.panel", "More, if they help:") + "\n"
                                   + "\n".join(f"•  {q}" for q in more))
        self.more_prompts.setAccessibleName(translate("supervision.panel",
                                                      "More questions, if they help"))
        lay.addWidget(self.more_prompts)

        self.record_title = _section(translate("supervision.panel", "This supervision"))
        lay.addWidget(self.record_title)
        self.record_state = _muted("")
        self.record_state.setObjectName("supervisionRecordState")
        self.record_state.setAccessibleName(translate("supervision.panel", "About this record"))
        lay.addWidget(self.record_state)

        self.boxes: dict[str, QPlainTextEdit] = {}
        self.box_labels: dict[str, QLabel] = {}

        def add_box(field: str) -> None:
            _f, source, hint = next(t for t in TEXT_FIELDS if t[0] == field)
            label = translate("supervision.panel", source)
            placeholder = translate("supervision.panel", hint)
            lab = Label(label)
            lab.setObjectName("sectionTitle" if field == "group_summary" else "")
            box = _text_box(label, placeholder)
            box.setObjectName(f"supervision_{field}")
            lab.setBuddy(box)
            box.textChanged.connect(lambda f=field: self._text_edited(f))
            self.boxes[field] = box
            self.box_labels[field] = lab
            lay.addWidget(lab)
            lay.addWidget(box)

        add_box("group_summary")
        score_label = Label(translate("supervision.panel", "Your number as supervisor (0 to 10)"))
        lay.addWidget(score_label)
        lay.addWidget(_muted(ctx.template.scale_question))
        srow = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.score_row = srow  # "No number" goes under the scale when the view is narrow
        self.scale = ScaleWidget(name=translate("supervision.panel",
                                                "Your number as supervisor, from 0 to 10"))
        self.scale.setObjectName("supervisorScale")
        self.scale.setMinimumWidth(300)
        self.scale.valueChanged.connect(lambda v: self._edited("supervisor_score", int(v)))
        self.clear_score = QPushButton(translate("supervision.panel", "No number"))
        self.clear_score.setObjectName("clearSupervisorScore")
        self.clear_score.setAccessibleName(translate("supervision.panel",
                                                     "Take the supervisor's number away"))
        self.clear_score.clicked.connect(self._clear_score)
        srow.addWidget(self.scale, 1)
        srow.addWidget(self.clear_score, alignment=Qt.AlignmentFlag.AlignVCenter
                       | Qt.AlignmentFlag.AlignLeft)
        lay.addLayout(srow)
        for f in ("score_reasons", "reflections", "decision", "rationale"):
            add_box(f)

        self.sign_line = Label("")
        self.sign_line.setObjectName("signOffLine")
        self.sign_line.setWordWrap(True)
        self.sign_line.setAccessibleName(translate("supervision.panel", "Sign-off"))
        lay.addWidget(self.sign_line)
        brow = QHBoxLayout()
        self.sign_button = QPushButton(translate("supervision.panel", "Sign off…"))
        self.sign_button.setObjectName("primary")
        self.sign_button.setAccessibleName(translate("supervision.panel",
                                                     "Sign off this supervision record"))
        self.sign_button.clicked.connect(self.sign_off)
        self.new_button = QPushButton(translate("supervision.panel",
                                                "Start a new supervision record"))
        self.new_button.setObjectName("newSupervision")
        self.new_button.setAccessibleName(translate("supervision.panel",
                                                    "Start a new supervision record"))
        self.new_button.clicked.connect(self.start_new)
        brow.addWidget(self.sign_button)
        brow.addWidget(self.new_button)
        brow.addStretch(1)
        lay.addLayout(brow)
        self.status = _muted("")
        self.status.setObjectName("supervisionStatus")
        self.status.setAccessibleName(translate("supervision.panel", "Supervision status"))
        lay.addWidget(self.status)

        lay.addWidget(_section(translate("supervision.panel", "Earlier supervision records")))
        lay.addWidget(_muted(translate("supervision.panel",
                                       "Signed-off records are kept exactly as they were "
                                       "written.")))
        self.earlier = QListWidget()
        self.earlier.setObjectName("earlierRecords")
        self.earlier.setAccessibleName(translate("supervision.panel",
                                                 "Earlier supervision records"))
        self.earlier.setWordWrap(True)
        self.earlier.setMaximumHeight(130)
        self.earlier.currentItemChanged.connect(self._show_earlier)
        lay.addWidget(self.earlier)
        self.earlier_view = _browser(translate("supervision.panel",
                                               "The chosen earlier record, read-only"), 260)
        self.earlier_view.setObjectName("earlierRecord")
        lay.addWidget(self.earlier_view)
        lay.addStretch(1)

    def needed_width(self) -> int:
        """The narrowest this view can be with nothing cut off (its header, or its scrolling
        body laid out as on a narrow view, "No number" under the scale)."""
        body = self.scroll_area.widget()
        assert body is not None  # set in __init__
        was = self.score_row.direction()
        self.score_row.setDirection(QBoxLayout.Direction.TopToBottom)
        body_min = body.minimumSizeHint().width()
        self.score_row.setDirection(was)
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        return max(self.minimumSizeHint().width(), body_min + bar + 2)

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        want = (QBoxLayout.Direction.TopToBottom if self.width() < NARROW_SCORE
                else QBoxLayout.Direction.LeftToRight)
        if self.score_row.direction() != want:
            self.score_row.setDirection(want)

    # -- state ------------------------------------------------------------------------------
    @property
    def group(self) -> bool:
        return bool(self.ctx.initials_only)

    @property
    def read_only(self) -> bool:
        return self.record is not None and self.record.read_only

    def _make_rename(self) -> rp.Rename:
        if not self.group:
            return rp.same
        doc = self.ctx.real_doc or {}
        names = [p.get("name", "") for p in doc.get("people", [])]
        reps = sv.name_replacements(names)
        return lambda text: sv._apply(text, reps)  # noqa: SLF001 - the service's own replacer

    def open(self) -> None:
        """Show the current draft of this kind (or a fresh, not yet saved record)."""
        self.ctx.autosaver.flush()
        self._rename = self._make_rename()
        try:
            draft = sv.open_draft(self.ctx.store, self.ctx.family_id, is_group=self.group)
        except Exception as exc:  # noqa: BLE001
            self._say(error_sentence(exc))
            draft = None
        self._load(draft)
        self.scroll_area.verticalScrollBar().setValue(0)  # what has changed comes first

    def _load(self, record_id: int | None, fields: bool = True) -> None:
        store, fid = self.ctx.store, self.ctx.family_id
        self.group_button.blockSignals(True)
        self.group_button.setChecked(self.group)
        self.group_button.blockSignals(False)
        self.heading.setText(translate("supervision.panel", "Group supervision") if self.group
                             else translate("supervision.panel", "Supervision"))
        try:
            self.record = sv.get_record(store, record_id) if record_id is not None else None
            self.record_id = record_id
            if self.record is not None and record_id is not None and self.record.read_only:
                self.report = sv.changes_for_record(store, record_id)
            else:
                self.report = sv.changes_since_last_signoff(store, fid)
            records = sv.list_records(store, fid)
            trajectory = changes.score_trajectory(store, fid)
        except Exception as exc:  # noqa: BLE001
            log.error("supervision could not be shown: %s", type(exc).__name__)
            self._say(error_sentence(exc))
            return
        self._show_report()
        self.chart.set_series([Series(self._rename(who), pts) for who, pts in trajectory.items()])
        if fields:
            self._show_record()
        self._fill_earlier(records)

    def reload(self) -> None:
        """Show the store's state again (after the map changed, or group mode changed)."""
        self._rename = self._make_rename()
        if self.record is not None and self.record.is_group != self.group:
            self.open()
        else:
            # The fields are left alone: the supervisor may be typing in one of them.
            self._load(self.record_id, fields=False)

    def _show_report(self) -> None:
        r = self.report
        if self.record is not None and self.record.read_only:
            prev = r.last_sign_off
            if prev:
                since = translate("supervision.panel", "What changed between {day}, when {name} "
                                  "signed off, and this sign-off").format(
                    day=rp.day(prev.at), name=self._rename(prev.by))
            else:
                since = translate("supervision.panel", "What changed between the start of the "
                                  "family's record on {day}, and this sign-off").format(
                    day=rp.day(r.since))
            self.since.setText(since)
        else:
            self.since.setText(rp.since_line(r, self._rename))
        self.changes.setHtml(rp.report_html(r, self.ctx.template, self._rename))

    def _show_record(self) -> None:
        rec = self.record
        self._values = {f: "" for f, _l, _p in TEXT_FIELDS}
        self._values["supervisor_score"] = None
        if rec is not None:
            for f in self._values:
                self._values[f] = getattr(rec, f)
        for f, box in self.boxes.items():
            if box.toPlainText() != (self._values[f] or ""):
                box.blockSignals(True)
                box.setPlainText(self._values[f] or "")
                box.blockSignals(False)
        self.scale.blockSignals(True)
        self.scale.setValue(self._values["supervisor_score"])  # None shows no number
        self.scale.blockSignals(False)
        show_summary = self.group or (rec is not None and rec.is_group)
        self.boxes["group_summary"].setVisible(show_summary)
        self.box_labels["group_summary"].setVisible(show_summary)
        ro = self.read_only
        for box in self.boxes.values():
            box.setReadOnly(ro)
        self.scale.setEnabled(not ro)
        self.clear_score.setVisible(not ro)
        self.sign_button.setVisible(not ro)
        self.new_button.setVisible(ro)
        if rec is None:
            self.record_state.setText(translate(
                "supervision.panel", "Nothing is saved until you write something. Every field "
                "can be left empty."))
            self.sign_line.setText("")
        elif ro:
            self.record_state.setText(translate(
                "supervision.panel", "This record has been signed off and can no longer be "
                "changed."))
            who, when = self._rename(rec.signed_off_by), rp.moment(rec.signed_off_at)
            if rec.signed_off_role:
                line = translate("supervision.panel", "Signed off by {name}, {role} on {when}."
                                 ).format(name=who, role=rec.signed_off_role, when=when)
            else:
                line = translate("supervision.panel", "Signed off by {name} on {when}.").format(
                    name=who, when=when)
            self.sign_line.setText(line)
        else:
            self.record_state.setText(translate(
                "supervision.panel", "Started on {day}. It saves as you type; sign it off when "
                "you have finished.").format(day=rp.day(rec.created_at)))
            self.sign_line.setText("")

    def _fill_earlier(self, records: list[sv.SupervisionView]) -> None:
        current = self.earlier.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.earlier.blockSignals(True)
        self.earlier.clear()
        for r in reversed(records):
            if not r.read_only or r.id == self.record_id:
                continue
            day, who = rp.day(r.signed_off_at), self._rename(r.signed_off_by)
            if r.signed_off_role:
                text = translate("supervision.panel", "{day}: signed off by {name} ({role})"
                                 ).format(day=day, name=who, role=r.signed_off_role)
            else:
                text = translate("supervision.panel", "{day}: signed off by {name}").format(
                    day=day, name=who)
            if r.is_group:
                text = translate("supervision.panel", "{record}, group supervision").format(
                    record=text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.earlier.addItem(item)
        self.earlier.blockSignals(False)
        if self.earlier.count():
            rows = [self.earlier.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(self.earlier.count())]
            self.earlier.setCurrentRow(rows.index(keep) if keep in rows else 0)
        else:
            self.earlier_view.setPlainText(translate(
                "supervision.panel", "No earlier signed-off records for this family."))

    def _show_earlier(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        rid = int(item.data(Qt.ItemDataRole.UserRole))
        try:
            rec = sv.get_record(self.ctx.store, rid)
            rep = sv.changes_for_record(self.ctx.store, rid)
        except Exception as exc:  # noqa: BLE001
            self.earlier_view.setPlainText(error_sentence(exc))
            return
        rename = self._rename
        self.earlier_view.setHtml(
            rp.record_html(rec, rename) + "<h3>"
            + escape(translate("supervision.panel", "What had changed in that period")) + "</h3>"
            + f"<p>{escape(rp.since_line(rep, rename))}.</p>"
            + rp.report_html(rep, self.ctx.template, rename))

    # -- editing ----------------------------------------------------------------------------
    def _ensure_record(self) -> int:
        if self.record_id is None:
            self.record_id = sv.start_record(self.ctx.store, self.ctx.family_id,
                                             is_group=self.group)
            self.record = sv.get_record(self.ctx.store, self.record_id)
            self.record_state.setText(translate(
                "supervision.panel", "Started on {day}. It saves as you type; sign it off when "
                "you have finished.").format(day=rp.day(self.record.created_at)))
        return self.record_id

    def _text_edited(self, field: str) -> None:
        self._edited(field, self.boxes[field].toPlainText())

    def _edited(self, field: str, value: Any) -> None:
        if self.read_only or self._values.get(field) == value:
            return
        try:
            rid = self._ensure_record()
        except Exception as exc:  # noqa: BLE001
            self._say(error_sentence(exc))
            return
        old = self._values.get(field)
        self._values[field] = value
        store = self.ctx.store

        def save(v: Any) -> None:
            if field == "group_summary":
                sv.save_group_summary(store, rid, v)
            else:
                sv.update_record(store, rid, **{field: v})

        # one undo step per burst of typing, like every other box (the store refuses to undo
        # it once the record is signed off); the draft record itself is not a step
        record_edit(self.ctx, ("supervision", rid, field),
                    translate("supervision.panel", "Change the supervision record"),
                    old, value, save, show=lambda _v: None, after=lambda: None)

    def _clear_score(self) -> None:
        self.scale.setValue(None)  # emits nothing for None
        self._edited("supervisor_score", None)

    # -- signing off ------------------------------------------------------------------------
    def _last_signer(self) -> tuple[str, str]:
        try:
            so = sv.last_sign_off(self.ctx.store, self.ctx.family_id)
        except Exception:  # noqa: BLE001
            return "", ""
        if so is None:
            return "", ""
        return so.by, so.role

    def sign_off(self) -> None:
        """Ask for name and role (a window-modal dialog), then sign the record off."""
        if self.read_only:
            return
        self.ctx.autosaver.flush()
        name, role = self._last_signer()
        dlg = SignOffDialog(self, name=name, role=role,
                            summary=translate("supervision.panel", "You are signing off the "
                                              "group supervision record.")
                            if self.group else "")
        self.sign_off_dialog = dlg
        dlg.accepted.connect(lambda: self._do_sign_off(*dlg.values()))
        dlg.finished.connect(lambda _r: setattr(self, "sign_off_dialog", None))
        dlg.open()

    def _do_sign_off(self, name: str, role: str) -> None:
        self.ctx.autosaver.flush()
        try:
            rid = self._ensure_record()
            sv.sign_off(self.ctx.store, rid, name, role)
        except ValueError as exc:  # the service's own sentences ("needs the name")
            self._say(str(exc))
            return
        except Exception as exc:  # noqa: BLE001
            log.error("sign-off failed: %s", type(exc).__name__)
            self._say(error_sentence(exc))
            return
        self._load(rid)
        self.status.setText(translate("supervision.panel", "Signed off. The record is kept as "
                                      "it is now; it is in the audit log."))
        self.signed.emit(rid)

    def start_new(self) -> None:
        self.ctx.autosaver.flush()
        self.record_id = None
        self.record = None
        self.status.setText("")
        self._load(None)
        self.boxes["reflections"].setFocus()

    # -- export -----------------------------------------------------------------------------
    def _ask_path(self, suggested: str) -> str:
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self, translate("supervision.panel", "Save the supervision record as"),
            str(Path(folder) / suggested), translate("supervision.panel", "PDF documents (*.pdf)"))
        return path

    def export_record(self) -> None:
        if self._export_task is not None:
            return
        self.ctx.autosaver.flush()
        path = self.ask_path(translate("supervision.panel", "supervision-record.pdf"))
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        store, fid, rid = self.ctx.store, self.ctx.family_id, self.record_id
        self.export_button.setEnabled(False)
        self.status.setText(translate("supervision.panel", "Making the supervision record…"))

        def done(_r: Any) -> None:
            self._export_task = None
            self.export_button.setEnabled(True)
            self.status.setText(translate("supervision.panel", "Saved as {name}.").format(
                name=out.name))

        def failed(msg: str) -> None:
            self._export_task = None
            self.export_button.setEnabled(True)
            self.status.setText(msg)

        self._export_task = run_in_background(
            lambda: sv.export_supervision_pdf(store, fid, out, rid), done, failed,
            receiver=self)

    @property
    def is_busy(self) -> bool:
        return self._export_task is not None

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)
