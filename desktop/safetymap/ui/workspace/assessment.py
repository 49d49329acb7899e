"""The one continuous assessment: a chronology of what happened and what it told us, the
analysis, the decision and its reasons, and a note telling the family when to expect a decision.

Deliberately no countdowns, no overdue badges and no deadlines anywhere (PRACTICE.md,
"Assessment without timescales"). It concludes when the worker records that they understand
enough to decide, with their reasons.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import utcnow
from ...services import editing
from ..undo import CallbackCommand
from .common import (
    hint_label,
    plain_text_box,
    push_field_edit,
    section_label,
    set_text_quietly,
    title_label,
)
from .page import WorkspaceContext, WorkspacePage

TEXT_FIELDS = (
    ("analysis", "What we have learned (analysis)",
     "What do we understand now about what is happening for the children, and why?"),
    ("decision", "Decision", "What has been decided?"),
    ("rationale", "Why (the reasons at the time)",
     "The reasons, as they are understood today."),
    ("family_note", "For the family: when to expect a decision",
     "For example: “We will tell you what we have decided after we meet with your mum. If it "
     "takes longer, your social worker will phone you and say why.”"),
)


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
        lay.addWidget(hint_label("One assessment that grows visit by visit. It is finished when "
                                 "you understand enough to decide, and can say why."))

        lay.addWidget(section_label("What has happened, and what it told us"))
        self.chronology = QTreeWidget()
        self.chronology.setObjectName("chronology")
        self.chronology.setAccessibleName("Chronology: what happened and what we learned")
        self.chronology.setHeaderLabels(["When", "What happened", "Who told us",
                                         "What it told us"])
        self.chronology.setRootIsDecorated(False)
        self.chronology.header().setAccessibleName("Chronology columns")
        self.chronology.setWordWrap(True)
        self.chronology.setMinimumHeight(170)
        self.chronology.setColumnWidth(0, 130)
        self.chronology.setColumnWidth(1, 300)
        self.chronology.setColumnWidth(2, 130)
        lay.addWidget(self.chronology)

        add = QFrame()
        add.setObjectName("card")
        g = QGridLayout(add)
        g.setContentsMargins(12, 10, 12, 10)
        self.event_date = QDateEdit(QDate.currentDate())
        self.event_date.setObjectName("chronologyDate")
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat("d MMM yyyy")
        self.event_date.setAccessibleName("When it happened")
        self.event_title = QLineEdit()
        self.event_title.setObjectName("chronologyTitle")
        self.event_title.setPlaceholderText("What happened")
        self.event_title.setAccessibleName("What happened")
        self.event_source = QLineEdit()
        self.event_source.setObjectName("chronologySource")
        self.event_source.setPlaceholderText("Who told us")
        self.event_source.setAccessibleName("Who told us")
        self.event_learned = QLineEdit()
        self.event_learned.setObjectName("chronologyLearned")
        self.event_learned.setPlaceholderText("What it told us (if anything yet)")
        self.event_learned.setAccessibleName("What it told us")
        self.add_event_button = QPushButton("Add to the chronology")
        self.add_event_button.setObjectName("addChronology")
        self.add_event_button.setAccessibleName("Add to the chronology")
        self.add_event_button.clicked.connect(self._add_clicked)
        self.event_title.returnPressed.connect(self._add_clicked)
        g.addWidget(self.event_date, 0, 0)
        g.addWidget(self.event_title, 0, 1)
        g.addWidget(self.event_source, 0, 2)
        g.addWidget(self.event_learned, 1, 0, 1, 3)
        g.addWidget(self.add_event_button, 1, 3)
        g.setColumnStretch(1, 2)
        g.setColumnStretch(2, 1)
        lay.addWidget(add)

        self.boxes: dict[str, Any] = {}
        for field, label, placeholder in TEXT_FIELDS:
            lay.addWidget(section_label(label))
            box = plain_text_box(label, placeholder, height=80)
            box.setObjectName(f"assessment_{field}")
            box.textChanged.connect(lambda f=field: self._text_edited(f))
            self.boxes[field] = box
            lay.addWidget(box)

        self.concluded = QCheckBox("We understand enough to decide (the reasons are above)")
        self.concluded.setObjectName("assessmentConcluded")
        self.concluded.setAccessibleName("We understand enough to decide")
        self.concluded.toggled.connect(self._concluded_toggled)
        lay.addWidget(self.concluded)
        lay.addStretch(1)

    def title(self) -> str:
        return self.ctx.template.sections.get("assessment", "Assessment")

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
        self.chronology.clear()
        for c in a.get("chronology", []):
            d = c.get("occurred_on") or ""
            try:
                dd = date.fromisoformat(d)
                d = f"{dd.day} {dd.strftime('%b %Y')}"
            except ValueError:
                pass
            text = c["title"] + (f"\n{c['detail']}" if c.get("detail") else "")
            item = QTreeWidgetItem([d, text, c.get("source") or "", c.get("learned") or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, c["uid"])
            self.chronology.addTopLevelItem(item)
        if self.chronology.topLevelItemCount():
            self.chronology.scrollToItem(
                self.chronology.topLevelItem(self.chronology.topLevelItemCount() - 1))

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
            editing.update_assessment(store, fid, **{field: value})

        def show(value: str) -> None:
            self._values[field] = value
            set_text_quietly(box, value)

        push_field_edit(self, ("Assessment", fid, field), f"Change {field.replace('_', ' ')}",
                        old, new, save, show)

    def _concluded_toggled(self, on: bool) -> None:
        old = self._values.get("concluded_at")
        new = utcnow() if on else None
        store, fid = self.ctx.store, self.ctx.family_id

        def save(value: Any) -> None:
            editing.update_assessment(store, fid, concluded_at=value)

        def show(value: Any) -> None:
            self._values["concluded_at"] = value
            self.concluded.blockSignals(True)
            self.concluded.setChecked(bool(value))
            self.concluded.blockSignals(False)

        from datetime import datetime
        if isinstance(old, str):
            old = datetime.fromisoformat(old)
        self._values["concluded_at"] = new
        push_field_edit(self, ("Assessment", fid, "concluded", id(new)), "Record the decision",
                        old, new, save, show)

    def _add_clicked(self) -> None:
        title = self.event_title.text().strip()
        if not title:
            self.event_title.setFocus()
            return
        qd = self.event_date.date()
        self.add_event(date(qd.year(), qd.month(), qd.day()), title,
                       source=self.event_source.text().strip(),
                       learned=self.event_learned.text().strip())
        for w in (self.event_title, self.event_source, self.event_learned):
            w.clear()
        self.event_title.setFocus()

    def add_event(self, when: date, title: str, **fields: Any) -> int:
        store, fid = self.ctx.store, self.ctx.family_id
        self.ctx.autosaver.flush()
        holder = {"id": editing.add_chronology(store, fid, when, title, **fields)}

        def undo() -> None:
            editing.delete_entity(store, "ChronologyEvent", holder["id"])
            self._refresh()

        def redo() -> None:
            holder["id"] = editing.add_chronology(store, fid, when, title, **fields)
            self._refresh()

        self.ctx.undo_stack.push(CallbackCommand("Add to the chronology", redo, undo))
        self._refresh()
        return holder["id"]

    def _refresh(self) -> None:
        self.changed.emit()
        self.show_document(self.ctx.reload())
