"""The one continuous assessment: a chronology of what happened and what it told us, the
analysis, the decision and its reasons, and a note telling the family when to expect a decision.

Deliberately no countdowns, no overdue badges and no deadlines anywhere (PRACTICE.md,
"Assessment without timescales"). It concludes when the worker records that they understand
enough to decide, with their reasons.

Nothing typed here lives only on screen. The chronology form works like "Today's visit": the
first letter typed into it records the event at once (a ChronologyEvent row, dated as shown,
today unless changed); later typing and a changed date autosave into that same event, with undo.
"Start another" only clears the form: the event is already saved. Double-clicking an event in
the list (or Enter on it) opens it in the form again.

Each event has a detail box ("What happened, in full") beside the short fields, for a note as
long as the worker needs: it scrolls inside, and autosaves and undoes like the other boxes. The
list shows only the first line of that note (or about 120 characters, with "…"); opening the
event puts the whole note back into the box. Typing into a long note never reloads the family
from the page: after each autosave the event's own row is refilled from what was written (only a
change of date, which can move the row, rebuilds the list). Steady typing is saved at least every
second (`FORM_MAX_WAIT_MS`), not only after a pause.

After a lock (the page is built again) the event the form was writing is put back into the form,
and its row in the list is marked "in the form below". Only its number is remembered, in memory
(`_FORM_MEMORY`), never in settings or on disk; after the app is closed the event is in the list,
to be opened again. A new event whose every box is emptied again is taken out of the chronology
(with undo), so no empty entry is left behind.

Every write is a named command (services/assessment.py, services/chronology.py); undo and redo
are the store's (one changeset per step). An event the form was writing that an undo took away
comes back into the form when a redo brings it back (with its own id).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...services import assessment as assessment_cmds
from ...services import chronology
from ...store.errors import NotFound
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.commands import RecordDraft, run_command
from ..widgets.common import pending, record_edit
from ..widgets.plain import Label
from .common import (
    hint_label,
    plain_text_box,
    push_field_edit,
    section_label,
    set_text_quietly,
    text_of,
    title_label,
)
from .page import WorkspaceContext, WorkspacePage

#: (field, its heading, its box's hint): translated where they are shown
TEXT_FIELDS = (
    ("analysis", QT_TRANSLATE_NOOP("workspace.assessment", "What we have learned (analysis)"),
     QT_TRANSLATE_NOOP("workspace.assessment", "What do we understand now about what is "
                       "happening for the children, and why?")),
    ("decision", QT_TRANSLATE_NOOP("workspace.assessment", "Decision"),
     QT_TRANSLATE_NOOP("workspace.assessment", "What has been decided?")),
    ("rationale", QT_TRANSLATE_NOOP("workspace.assessment", "Why (the reasons at the time)"),
     QT_TRANSLATE_NOOP("workspace.assessment", "The reasons, as they are understood today.")),
    ("family_note",
     QT_TRANSLATE_NOOP("workspace.assessment", "For the family: when to expect a decision"),
     QT_TRANSLATE_NOOP("workspace.assessment", "For example: “We will tell you what we have "
                       "decided after we meet with your mum. If it takes longer, your social "
                       "worker will phone you and say why.”")),
)
#: the undo step of each of the assessment's boxes (translated where pushed)
ASSESSMENT_UNDO = {
    "analysis": QT_TRANSLATE_NOOP("workspace.assessment", "Change analysis"),
    "decision": QT_TRANSLATE_NOOP("workspace.assessment", "Change decision"),
    "rationale": QT_TRANSLATE_NOOP("workspace.assessment", "Change rationale"),
    "family_note": QT_TRANSLATE_NOOP("workspace.assessment", "Change family note"),
}


#: the chronology form's text fields (ChronologyEvent columns)
EVENT_FIELDS = ("title", "detail", "source", "learned")
EVENT_UNDO = {
    "title": QT_TRANSLATE_NOOP("workspace.assessment", "Change what happened"),
    "detail": QT_TRANSLATE_NOOP("workspace.assessment", "Change the note of what happened"),
    "source": QT_TRANSLATE_NOOP("workspace.assessment", "Change who told us"),
    "learned": QT_TRANSLATE_NOOP("workspace.assessment", "Change what it told us"),
}

#: how much of a long note the chronology list shows (the whole note is in the form)
PREVIEW_CHARS = 120
#: steady typing in the form is saved at least this often (the autosaver waits for a pause)
FORM_MAX_WAIT_MS = 900
#: the detail box shows this many lines at least, and grows to at most MAX before it scrolls
DETAIL_LINES, DETAIL_MAX_LINES = 8, 14


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The first line of a note, cut to about `limit` characters at a word; "…" when there is
    more."""
    first, _nl, rest = text.strip().partition("\n")
    first = first.strip()
    if len(first) > limit:
        cut = first[:limit]
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
        return cut.rstrip(" ,;:.-") + "…"
    return f"{first} …" if first and rest.strip() else first


def what_happened(title: str, detail: str) -> str:
    """The list's "What happened": the title, and under it a preview of the note."""
    p = preview(detail or "")
    if not p:
        return title
    return f"{title}\n{p}" if title else p


#: the assessment's boxes and the chronology form's: each the name of its command's argument
ASSESSMENT_BOXES = frozenset({"analysis", "decision", "rationale", "family_note"})
EVENT_BOXES = frozenset({"title", "detail", "source", "learned"})


def _save_assessment_field(store: Any, family_id: int, field: str, value: str) -> None:
    """One of the assessment's boxes, through the typed command (no column names here)."""
    if field not in ASSESSMENT_BOXES:
        raise ValueError(f"The assessment has no box called {field!r}.")
    assessment_cmds.edit(store, family_id, **{field: value})


def _save_event_field(store: Any, event_id: int, field: str, value: str) -> None:
    """One of the chronology form's boxes, through the typed command."""
    if field not in EVENT_BOXES:
        raise ValueError(f"A chronology event has no box called {field!r}.")
    # a text box's words; the date has its own call (EVENT_BOXES holds only text parts)
    texts: dict[str, Any] = {field: value}
    chronology.edit(store, event_id, **texts)


#: the list row's data roles: the event's uid (what tests and the history name it by), its id
UID_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 2


#: (store file, family id) -> (id of the event in the chronology form, started by the form).
#: In memory only, and only numbers: it lets a page built after a lock put the event back.
_FORM_MEMORY: dict[tuple[str, int], tuple[int, bool]] = {}

#: the mark on the list row of the event that is in the form
IN_FORM = QT_TRANSLATE_NOOP("workspace.assessment", "in the form below")


def _day(qd: QDate) -> date:
    return date(qd.year(), qd.month(), qd.day())


class AssessmentPage(WorkspacePage):
    page_key = "assessment"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(self.title())
        self._values: dict[str, Any] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.setSpacing(8)
        lay.addWidget(title_label(self.title()))
        lay.addWidget(hint_label(translate(
            "workspace.assessment", "One assessment that grows visit by visit. It is finished "
            "when you understand enough to decide, and can say why.")))

        lay.addWidget(section_label(
            translate("workspace.assessment", "What has happened, and what it told us")))
        self.chronology = QTreeWidget()
        self.chronology.setObjectName("chronology")
        self.chronology.setAccessibleName(
            translate("workspace.assessment", "Chronology: what happened and what we learned"))
        self.chronology.setHeaderLabels([translate("workspace.assessment", "When"),
                                         translate("workspace.assessment", "What happened"),
                                         translate("workspace.assessment", "Who told us"),
                                         translate("workspace.assessment", "What it told us")])
        self.chronology.setRootIsDecorated(False)
        self.chronology.header().setAccessibleName(
            translate("workspace.assessment", "Chronology columns"))
        self.chronology.setWordWrap(True)
        self.chronology.setMinimumHeight(170)
        self.chronology.setColumnWidth(0, 130)
        self.chronology.setColumnWidth(1, 400)
        self.chronology.setColumnWidth(2, 130)
        lay.addWidget(self.chronology)

        add = QFrame()
        add.setObjectName("card")
        form = QVBoxLayout(add)
        form.setContentsMargins(12, 10, 12, 10)
        form.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(12)
        short = QVBoxLayout()  # the short boxes on the left, the note beside them
        short.setSpacing(6)
        full = QVBoxLayout()
        full.setSpacing(4)
        self.event_date = QDateEdit(QDate.currentDate())
        self.event_date.setObjectName("chronologyDate")
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat("d MMM yyyy")
        self.event_date.setAccessibleName(translate("workspace.assessment", "When it happened"))
        self.event_date.setMaximumWidth(220)
        self.event_title = QLineEdit()
        self.event_title.setObjectName("chronologyTitle")
        self.event_title.setPlaceholderText(
            translate("workspace.assessment", "What happened, in a few words"))
        self.event_title.setAccessibleName(
            translate("workspace.assessment", "What happened, in a few words"))
        self.event_source = QLineEdit()
        self.event_source.setObjectName("chronologySource")
        self.event_source.setPlaceholderText(translate("workspace.assessment", "Who told us"))
        self.event_source.setAccessibleName(translate("workspace.assessment", "Who told us"))
        self.event_learned = QLineEdit()
        self.event_learned.setObjectName("chronologyLearned")
        self.event_learned.setPlaceholderText(
            translate("workspace.assessment", "What it told us (if anything yet)"))
        self.event_learned.setAccessibleName(translate("workspace.assessment", "What it told us"))
        detail_label = Label(translate("workspace.assessment", "What happened"))
        detail_label.setObjectName("muted")
        detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.event_detail = plain_text_box(
            translate("workspace.assessment", "What happened"),
            translate("workspace.assessment", "Write down what happened, in your own words. "
                      "It can be as long as you need: the box scrolls, and it is saved as you "
                      "type."))
        self.event_detail.setObjectName("chronologyDetail")
        self.event_detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.event_detail.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        line = self.event_detail.fontMetrics().lineSpacing()
        frame = 2 * (self.event_detail.frameWidth()
                     + int(self.event_detail.document().documentMargin())) + 4
        self.event_detail.setMinimumHeight(DETAIL_LINES * line + frame)
        self.event_detail.setMaximumHeight(DETAIL_MAX_LINES * line + frame)
        detail_label.setBuddy(self.event_detail)
        self.add_event_button = QPushButton(translate("workspace.assessment", "Start another"))
        self.add_event_button.setObjectName("addChronology")
        self.add_event_button.setAccessibleName(translate(
            "workspace.assessment", "Start another event (this one is already saved)"))
        self.add_event_button.setToolTip(translate(
            "workspace.assessment", "What you typed is already in the chronology. This "
            "clears the form for the next event."))
        self.add_event_button.clicked.connect(self.start_another)
        self.event_title.returnPressed.connect(self.start_another)
        self.event_status = Label("")
        self.event_status.setObjectName("muted")
        self.event_status.setWordWrap(True)
        self.event_status.setTextFormat(Qt.TextFormat.PlainText)
        self.event_date.setAccessibleDescription(
            translate("workspace.assessment", "Saved into the event as you change it."))
        for f in EVENT_FIELDS:
            self._event_box(f).setAccessibleDescription(
                translate("workspace.assessment", "Saved into the chronology as you type."))
        for f in ("title", "source", "learned"):
            self._event_box(f).textChanged.connect(lambda text, f=f: self._event_edited(f, text))
        self.event_detail.textChanged.connect(
            lambda: self._event_edited("detail", self.event_detail.toPlainText()))
        self.event_date.dateChanged.connect(self._event_date_changed)
        self.chronology.itemActivated.connect(self._event_activated)
        for w in (self.event_date, self.event_title, self.event_source, self.event_learned):
            short.addWidget(w)
        short.addStretch(1)
        full.addWidget(detail_label)
        full.addWidget(self.event_detail, 1)
        row.addLayout(short, 2)
        row.addLayout(full, 3)
        form.addLayout(row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.event_status, 1)
        bottom.addWidget(self.add_event_button, 0, Qt.AlignmentFlag.AlignRight)
        form.addLayout(bottom)
        lay.addWidget(add)
        for a, b in ((self.event_date, self.event_title), (self.event_title, self.event_source),
                     (self.event_source, self.event_learned),
                     (self.event_learned, self.event_detail),
                     (self.event_detail, self.add_event_button)):
            QWidget.setTabOrder(a, b)

        # steady typing is saved at least once a second, not only after a pause
        self._save_soon = QTimer(self)
        self._save_soon.setSingleShot(True)
        self._save_soon.setInterval(FORM_MAX_WAIT_MS)
        self._save_soon.timeout.connect(self._save_typing_now)

        self._draft: RecordDraft | None = None
        #: the event the form was writing when an undo took it away: a redo that brings it
        #: back puts it back into the form (its id is the same)
        self._taken: RecordDraft | None = None
        self._event_base: dict[str, str] = {f: "" for f in EVENT_FIELDS}
        self._event_date_base = self.event_date.date()
        self._show_event_status()

        self.boxes: dict[str, Any] = {}
        for field, label, placeholder in TEXT_FIELDS:
            shown = translate("workspace.assessment", label)
            lay.addWidget(section_label(shown))
            box = plain_text_box(shown, translate("workspace.assessment", placeholder),
                                 height=80)
            box.setObjectName(f"assessment_{field}")
            box.textChanged.connect(lambda f=field: self._text_edited(f))
            self.boxes[field] = box
            lay.addWidget(box)

        self.concluded = QCheckBox(translate(
            "workspace.assessment", "We understand enough to decide (the reasons are above)"))
        self.concluded.setObjectName("assessmentConcluded")
        self.concluded.setAccessibleName(
            translate("workspace.assessment", "We understand enough to decide"))
        self.concluded.toggled.connect(self._concluded_toggled)
        lay.addWidget(self.concluded)
        lay.addStretch(1)

    def title(self) -> str:
        sections = self.ctx.template.sections
        return sections["assessment"] if "assessment" in sections \
            else translate("workspace.assessment", "Assessment")

    # -- the event in the form, remembered (by number only) across a lock -------------------
    @property
    def event_draft(self) -> RecordDraft | None:
        return self._draft

    @event_draft.setter
    def event_draft(self, d: RecordDraft | None) -> None:
        self._draft = d
        key = self._memory_key()
        if d is not None:
            _FORM_MEMORY[key] = (d.id, d.fresh)
        else:
            _FORM_MEMORY.pop(key, None)

    def _memory_key(self) -> tuple[str, int]:
        return (str(getattr(self.ctx.store, "path", id(self.ctx.store))), int(self.ctx.family_id))

    def _resume_from_memory(self, events: list[dict[str, Any]]) -> None:
        """A page built after a lock: put the event the form was writing back into it. Not in
        group supervision (the form would show initials, which must never be saved)."""
        remembered = _FORM_MEMORY.get(self._memory_key())
        if remembered is None or self.ctx.initials_only:
            return
        eid, fresh = remembered
        c = next((c for c in events if c.get("id") == eid), None)
        if c is None:
            _FORM_MEMORY.pop(self._memory_key(), None)  # taken away meanwhile
            return
        self._into_form(c, fresh)

    def _into_form(self, c: dict[str, Any], fresh: bool) -> None:
        """Put one event of the document into the form, to go on writing it."""
        values = {f: c.get(f) or "" for f in EVENT_FIELDS}
        self.event_draft = RecordDraft(int(c["id"]), fresh, dict(values))
        when = QDate.fromString(c.get("occurred_on") or "", "yyyy-MM-dd")
        self._set_form(when if when.isValid() else QDate.currentDate(), values)

    # -- showing ----------------------------------------------------------------------------
    def show_document(self, doc: dict[str, Any]) -> None:
        a = doc.get("assessment", {})
        self._values = {f: a.get(f) or "" for f, _l, _p in TEXT_FIELDS}
        self._values["concluded_at"] = a.get("concluded_at")
        for f, box in self.boxes.items():
            set_text_quietly(box, self._values[f])
        self.concluded.blockSignals(True)
        self.concluded.setChecked(bool(a.get("concluded_at")))
        self.concluded.blockSignals(False)
        self._show_chronology(a.get("chronology", []))

    def _show_chronology(self, events: list[dict[str, Any]]) -> None:
        ids = [int(c["id"]) for c in events]
        current = self.event_draft
        if current is not None and not current.present(ids):
            self._taken = current  # an undo took it away: a redo may bring it back
            self._event_gone()
        if self.event_draft is None:
            taken = self._taken
            back = next((c for c in events if taken is not None and c["id"] == taken.id), None)
            if taken is not None and back is not None and not self.ctx.initials_only \
                    and not any(text_of(self._event_box(f)).strip() for f in EVENT_FIELDS):
                self._taken = None
                self._into_form(back, taken.fresh)  # the redo brought it back: into the form
            else:
                self._resume_from_memory(events)
        draft = self.event_draft
        in_form = draft.id if draft is not None and draft.present(ids) else None
        if in_form is not None:
            self._refill_form(next(c for c in events if c["id"] == in_form))
        self.chronology.blockSignals(True)
        self.chronology.clear()
        for c in events:
            d = c.get("occurred_on") or ""
            try:
                dd = date.fromisoformat(d)
                d = i18n.short_day(dd)
            except ValueError:
                pass
            item = QTreeWidgetItem([d, "", "", ""])
            item.setData(0, UID_ROLE, c["uid"])
            item.setData(0, Qt.ItemDataRole.UserRole + 1, d)
            item.setData(0, ID_ROLE, c["id"])
            self._fill_row(item, c)
            self.chronology.addTopLevelItem(item)
        self.chronology.blockSignals(False)
        self._mark_in_form(in_form)
        last = self.chronology.topLevelItem(self.chronology.topLevelItemCount() - 1)
        if last is not None:
            self.chronology.scrollToItem(last)
        self._show_event_status()

    def _refill_form(self, c: dict[str, Any]) -> None:
        """The form shows what is stored for its event (after an undo or a redo), except what
        is still being typed (an autosave not yet run)."""
        for f in EVENT_FIELDS:
            stored = c.get(f) or ""
            if pending(self.ctx, ("event", c["id"], f)):
                continue
            if self._event_base[f].strip() != stored.strip():
                self._event_base[f] = stored
                set_text_quietly(self._event_box(f), stored)
        when = QDate.fromString(c.get("occurred_on") or "", "yyyy-MM-dd")
        if when.isValid() and when != self._event_date_base \
                and not pending(self.ctx, ("event", c["id"], "occurred_on")):
            self._event_date_base = when
            self.event_date.blockSignals(True)
            self.event_date.setDate(when)
            self.event_date.blockSignals(False)

    @staticmethod
    def _fill_row(item: QTreeWidgetItem, c: dict[str, Any]) -> None:
        """The list row's texts: short previews, never a whole long note."""
        title, detail = c.get("title") or "", c.get("detail") or ""
        learned = c.get("learned") or ""
        item.setText(1, what_happened(title, detail))
        item.setText(2, preview(c.get("source") or "", 80))
        item.setText(3, preview(learned, 2 * PREVIEW_CHARS))
        cut = preview(detail) != detail.strip() or preview(learned, 2 * PREVIEW_CHARS) \
            != learned.strip()
        item.setToolTip(1, translate(
            "workspace.assessment", "Only the start is shown here. Double-click it (or press "
            "Enter) to read and change all of it in the form below.") if cut else "")

    def _row_for(self, d: RecordDraft) -> QTreeWidgetItem | None:
        for i in range(self.chronology.topLevelItemCount()):
            item = self.chronology.topLevelItem(i)
            if item is not None and item.data(0, ID_ROLE) == d.id:
                return item
        return None

    # -- editing ----------------------------------------------------------------------------
    def _text_edited(self, field: str) -> None:
        new = self.boxes[field].toPlainText()
        old = self._values.get(field, "")
        if new == old:
            return
        self._values[field] = new
        store, fid = self.ctx.store, self.ctx.family_id
        box = self.boxes[field]

        def save(value: str) -> None:
            _save_assessment_field(store, fid, field, value)

        def show(value: str) -> None:
            self._values[field] = value
            set_text_quietly(box, value)

        push_field_edit(self, ("assessment", fid, field),
                        translate("workspace.assessment", ASSESSMENT_UNDO[field]),
                        old, new, save, show)

    def _concluded_toggled(self, on: bool) -> None:
        """A choice, saved at once as a step of its own (assessment.conclude)."""
        self.ctx.autosaver.flush()
        store, fid = self.ctx.store, self.ctx.family_id

        def conclude() -> bool:
            assessment_cmds.conclude(store, fid, on)
            return True

        done = run_command(self.ctx, translate("workspace.assessment", "Record the decision")
                           if on else translate("workspace.assessment", "Take back the decision"),
                           conclude, self.changed.emit)
        if done is None:  # refused: show what is stored
            self.concluded.blockSignals(True)
            self.concluded.setChecked(not on)
            self.concluded.blockSignals(False)

    # -- the chronology form ---------------------------------------------------------------
    def _event_box(self, field: str) -> QLineEdit | QPlainTextEdit:
        boxes: dict[str, QLineEdit | QPlainTextEdit] = {
            "title": self.event_title, "detail": self.event_detail,
            "source": self.event_source, "learned": self.event_learned}
        return boxes[field]

    def _save_typing_now(self) -> None:
        """Steady typing never pauses long enough for the autosaver: save it now anyway."""
        if self.ctx.autosaver.pending:
            self.ctx.autosaver.flush()

    def _events(self) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.ctx.reload().get("assessment", {}).get(
            "chronology", [])
        return events

    def _show_event_status(self) -> None:
        d = self.event_draft
        if getattr(self.ctx, "initials_only", False):
            text = translate("workspace.assessment", "The chronology is shown as it was recorded.")
        elif d is not None:
            text = translate("workspace.assessment",
                             "Saved into the chronology as you type. Nothing else to press.")
        else:
            text = translate("workspace.assessment", "It is saved in the chronology as you type.")
        self.event_status.setText(text)
        self.event_status.setAccessibleName(text)

    def _event_edited(self, field: str, text: str) -> None:
        """A letter typed in the form: the first one records the event, later ones update it."""
        d = self.event_draft
        if d is None:
            if text.strip():
                self.add_event(_day(self.event_date.date()),
                               self.event_title.text().strip(),
                               **{f: text_of(self._event_box(f)).strip()
                                  for f in EVENT_FIELDS if f != "title"})
            return
        if text == self._event_base[field]:
            return  # nothing changed (a box can signal without a change)
        if d.fresh and not text.strip() and not any(
                text_of(self._event_box(f)).strip() for f in EVENT_FIELDS if f != field):
            self._remove_empty_event(d)  # every box emptied again: no empty entry is left
            return
        store = self.ctx.store
        box = self._event_box(field)

        def save(v: str) -> None:
            try:
                _save_event_field(store, d.id, field, v.strip())
            except NotFound:
                return  # taken away meanwhile (an undo): the next showing clears the form
            d.values[field] = v.strip()

        def show(v: str) -> None:
            if self.event_draft is d:
                self._event_base[field] = v
                set_text_quietly(box, v)

        old, self._event_base[field] = self._event_base[field], text
        record_edit(self.ctx, ("event", d.id, field),
                    translate("workspace.assessment", EVENT_UNDO[field]), old, text,
                    save, show, lambda: self._after_event_text_write(d))
        if not self._save_soon.isActive():
            self._save_soon.start()

    def _event_date_changed(self, qd: QDate) -> None:
        d = self.event_draft
        old, self._event_date_base = self._event_date_base, qd
        if d is None:
            return  # the date is used when the event is recorded
        store = self.ctx.store

        def save(v: QDate) -> None:
            try:
                chronology.edit(store, d.id, occurred_on=_day(v))
            except NotFound:
                return

        def show(v: QDate) -> None:
            if self.event_draft is d:
                self._event_date_base = v
                self.event_date.blockSignals(True)
                self.event_date.setDate(v)
                self.event_date.blockSignals(False)

        record_edit(self.ctx, ("event", d.id, "occurred_on"),
                    translate("workspace.assessment", "Change when it happened"), old, qd, save,
                    show, self._after_event_write)

    def _mark_in_form(self, event_id: int | None) -> None:
        """Mark the list row of the event that is open in the form (and only that one)."""
        in_form = translate("workspace.assessment", IN_FORM)
        still = translate("workspace.assessment",
                          "Still being written in the form below: it is saved as you type.")
        for i in range(self.chronology.topLevelItemCount()):
            item = self.chronology.topLevelItem(i)
            if item is None:
                continue
            when = item.data(0, Qt.ItemDataRole.UserRole + 1) or ""
            mine = event_id is not None and item.data(0, ID_ROLE) == event_id
            item.setText(0, f"{when}\n({in_form})" if mine else when)
            item.setToolTip(0, still if mine else "")

    def _remove_empty_event(self, d: RecordDraft) -> None:
        """The new event in the form has been emptied again: take it out of the chronology.
        Undo brings it back as it was just before, into the form."""
        self.ctx.autosaver.flush()
        store = self.ctx.store
        when_q = self._event_date_base
        self.event_draft = None
        self._taken = d
        self._set_form(when_q, {})
        run_command(self.ctx, translate("workspace.assessment", "Take out the empty event"),
                    lambda: chronology.remove(store, d.id), self._refresh)

    def _after_event_write(self) -> None:
        self.changed.emit()
        self._show_chronology(self._events())

    def _after_event_text_write(self, d: RecordDraft) -> None:
        """After a text box of an event was written: refill that event's row from what was
        written, without loading the family again (a long note is typed into many times). The
        workspace reloads its own copy when told (`changed`)."""
        self.changed.emit()
        item = self._row_for(d) if self.event_draft is d else None
        if item is None:
            self._show_chronology(self._events())  # the row is not there (yet): the full list
            return
        self._fill_row(item, d.values)

    def _set_form(self, when: QDate, values: dict[str, str]) -> None:
        self.event_date.blockSignals(True)
        self.event_date.setDate(when)
        self.event_date.blockSignals(False)
        self._event_date_base = when
        for f in EVENT_FIELDS:
            self._event_base[f] = values.get(f, "")
            set_text_quietly(self._event_box(f), self._event_base[f])
        # another event (or none) in the form: its note is read from the start
        self.event_detail.moveCursor(QTextCursor.MoveOperation.Start)
        self.event_detail.ensureCursorVisible()

    def _event_gone(self) -> None:
        """The event in the form was taken away (undo): the form starts afresh."""
        self.event_draft = None
        self._set_form(QDate.currentDate(), {})
        self._mark_in_form(None)
        self._show_event_status()

    def start_another(self) -> None:
        """The event in the form is already saved: make sure nothing is pending, then clear the
        form for the next one."""
        self.ctx.autosaver.flush()
        self.event_draft = None
        self._taken = None
        self._set_form(QDate.currentDate(), {})
        self._mark_in_form(None)
        self._show_event_status()
        self.event_title.setFocus()

    def _event_activated(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        """Open an event from the list in the form, to go on writing it. Not in group
        supervision: the list then shows initials, which must never be saved over names."""
        if self.ctx.initials_only:
            return
        eid = item.data(0, ID_ROLE)
        c = next((c for c in self._events() if c["id"] == eid), None)
        if c is None:
            return
        self.ctx.autosaver.flush()
        self._taken = None
        self._into_form(c, fresh=False)
        self._mark_in_form(int(c["id"]))
        self._show_event_status()
        self.event_title.setFocus()

    def add_event(self, when: date, title: str, **fields: Any) -> int | None:
        """Record an event now (the form's first letter does this), as one undo step. Returns
        its id (None when it was refused; the person is told why)."""
        store, fid = self.ctx.store, self.ctx.family_id
        self.ctx.autosaver.flush()
        new_id = run_command(self.ctx, translate("workspace.assessment", "Add to the chronology"),
                             lambda: chronology.add(store, fid, when, title, **fields))
        if new_id is None:
            return None
        for f in EVENT_FIELDS:
            self._event_base[f] = text_of(self._event_box(f))
        self._event_date_base = self.event_date.date()
        self._taken = None
        self.event_draft = RecordDraft(new_id, fresh=True, values={
            "title": title, **{k: str(v) for k, v in fields.items()}})
        self._show_event_status()
        self._refresh()
        return new_id

    def _refresh(self) -> None:
        self.changed.emit()
        self.show_document(self.ctx.reload())
