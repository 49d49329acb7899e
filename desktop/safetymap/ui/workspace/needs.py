"""What needs to happen? Safety goals, each paired with the worry statement it answers, and next
steps: who does what, with a date only when one has been agreed with the family. There are no
deadlines, countdowns or overdue markers here, by design (PRACTICE.md).

A step that starts by naming who does it ("Tomasz will go to the group") is not asked "who
will do it" again: the card says who, with "Someone else…" for when it is not them."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import MapArea
from ...services import entries
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.commands import run_command
from ..widgets.common import TextBinding, hint, pending, record_edit
from ..widgets.entry_list import EntryCard, EntryListEditor
from ..widgets.plain import Label
from ..widgets.scroll_page import ScrollingPage
from ..widgets.tidy import TidyComboBox, TidyDateEdit
from .page import WorkspaceContext

NOT_PAIRED = QT_TRANSLATE_NOOP("workspace.needs", "Not paired with a worry yet")


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"



def _as_date(qd: QDate) -> date:
    """QDate.toPython() gives a datetime.date; PySide6's stubs say `object`."""
    return cast(date, qd.toPython())

class PairedWorry(QWidget):
    """Which worry statement this goal answers."""

    def __init__(self, card: EntryCard) -> None:
        super().__init__()
        self.card = card
        self.setAccessibleName(translate("workspace.needs", "Which worry this goal answers"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        lab = Label(translate("workspace.needs", "Answers the worry:"))
        self.combo = TidyComboBox()
        self.combo.setObjectName("pairedWorry")
        self.combo.setAccessibleName(
            translate("workspace.needs", "Which worry statement this goal answers"))
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMaxVisibleItems(12)  # every worry in view at once (three is usual)
        lab.setBuddy(self.combo)
        row.addWidget(lab)
        row.addWidget(self.combo, 1)
        self._sig: tuple[Any, ...] = ()
        self.combo.activated.connect(self._chosen)

    def refresh(self, entry: dict[str, Any], doc: dict[str, Any]) -> None:
        worries = [e for e in doc.get("map", []) if e["area"] == MapArea.WORRY.value]
        sig = tuple((w["id"], w["text"]) for w in worries)
        self.combo.blockSignals(True)
        if sig != self._sig:
            self.combo.clear()
            self.combo.addItem(translate("workspace.needs", NOT_PAIRED), None)
            for w in worries:
                self.combo.addItem(_short(w["text"]) or translate(
                    "workspace.needs", "(a worry with no words yet)"), w["id"])
                self.combo.setItemData(self.combo.count() - 1, w["text"], 3)  # tooltip
            self._sig = sig
        paired = entry.get("paired_worry_uid")
        pid = next((w["id"] for w in worries if w["uid"] == paired), None)
        self.combo.setCurrentIndex(max(0, self.combo.findData(pid)) if pid else 0)
        self.combo.blockSignals(False)

    def _chosen(self, index: int) -> None:
        new = self.combo.itemData(index)
        ids = {e["uid"]: e["id"] for e in self.card.editor.doc.get("map", [])}
        old = ids.get(self.card.entry.get("paired_worry_uid") or "")
        if new == old:
            return
        store, eid = self.card.ctx.store, self.card.entry_id
        run_command(self.card.ctx, translate("workspace.needs", "Pair the goal with a worry"),
                    lambda: entries.pair_with_worry(store, eid, new), self.card.editor.refresh)


class StepDetails(QWidget):
    """Who will do it, and a date if one has been agreed with the family."""

    def __init__(self, card: EntryCard) -> None:
        super().__init__()
        self.card = card
        ctx, eid = card.ctx, card.entry_id
        self.setAccessibleName(translate("workspace.needs", "Who will do it and when"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        # who the step's own words name ("Tomasz will..."): said, not asked again
        self.named_row = QWidget()
        nrow = QHBoxLayout(self.named_row)
        nrow.setContentsMargins(0, 0, 0, 0)
        self.named = Label("")
        self.named.setObjectName("stepNamed")
        self.named.setWordWrap(True)
        self.someone_else = QPushButton(translate("workspace.needs", "Someone else…"))
        self.someone_else.setObjectName("stepSomeoneElse")
        self.someone_else.setAccessibleName(
            translate("workspace.needs", "Someone else will do this step: write who"))
        nrow.addWidget(self.named)
        nrow.addWidget(self.someone_else)
        nrow.addStretch(1)
        lay.addWidget(self.named_row)
        self.who_row = QWidget()
        row = QHBoxLayout(self.who_row)
        row.setContentsMargins(0, 0, 0, 0)
        lab = Label(translate("workspace.needs", "Who will do it:"))
        self.who = QLineEdit()
        self.who.setObjectName("stepWho")
        self.who.setAccessibleName(translate("workspace.needs", "Who will do this step"))
        self.who.setPlaceholderText(translate("workspace.needs", "e.g. Sarah, with Gwen"))
        self.who_names = QStringListModel(self)
        completer = QCompleter(self.who_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.who.setCompleter(completer)
        lab.setBuddy(self.who)
        row.addWidget(lab)
        row.addWidget(self.who, 1)
        lay.addWidget(self.who_row)
        self.who_binding = TextBinding(
            ctx, self.who, ("entry", eid, "step_who"), card.entry.get("step_who", ""),
            lambda v: entries.edit(ctx.store, eid, step_who=v),
            card.editor.notify, translate("workspace.needs", "Edit who will do it"))
        #: "Someone else…" was pressed: the box is shown even while the step names someone
        self.asked = False
        self.someone_else.clicked.connect(self._ask)
        card.text.textChanged.connect(self.show_who)
        drow = QHBoxLayout()
        self.has_date = QCheckBox(translate("workspace.needs", "Date agreed with the family"))
        self.has_date.setObjectName("hasAgreedDate")
        self.has_date.setAccessibleName(
            translate("workspace.needs", "A date has been agreed with the family"))
        self.date = TidyDateEdit()
        self.date.setObjectName("agreedDate")
        self.date.setAccessibleName(translate("workspace.needs", "Date agreed with the family"))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        # Qt sizes the box by its earliest and latest dates' month names (September in
        # English); in Welsh a longer month (Gorffennaf, Tachwedd) would be cut off
        fm, loc, shape = self.date.fontMetrics(), self.date.locale(), self.date.displayFormat()
        widest = max(fm.horizontalAdvance(loc.toString(QDate(2000, m, 28), shape))
                     for m in range(1, 13))
        self.date.setMinimumWidth(max(self.date.sizeHint().width(), widest + 35))
        self.date.lineEdit().setAccessibleName(
            translate("workspace.needs", "Date agreed with the family"))
        self.no_date = hint(translate("workspace.needs", "No date agreed yet. That's fine."))
        self.no_date.setWordWrap(False)
        drow.addWidget(self.has_date)
        drow.addWidget(self.date)
        drow.addWidget(self.no_date)
        drow.addStretch(1)
        lay.addLayout(drow)
        self._stored: date | None = None
        self.has_date.toggled.connect(self._toggled)
        self.date.dateChanged.connect(self._date_changed)

    def named_people(self) -> list[str]:
        """Who the step's words start by naming, as the page calls them ("Tomasz")."""
        people = self.card.editor.people
        found = entries.leading_people(self.card.text.toPlainText(), people.list)
        return [people.name(dict(p), short=True) for p in found]

    def show_who(self) -> None:
        """The box when someone is written there, when the step names nobody, or when asked;
        otherwise the line saying who the step names. Never hidden under the cursor."""
        names = self.named_people()
        ask = self.asked or bool(self.who.text().strip()) or not names or self.who.hasFocus()
        if not ask:
            joined = names[0]
            for other in names[1:]:
                joined = translate("workspace.needs", "{first} and {second}").format(
                    first=joined, second=other)
            line = translate("workspace.needs",
                             "Who will do it: {names}, as the step says.").format(names=joined)
            self.named.setText(line)
            self.named.setAccessibleName(line)
        self.named_row.setVisible(not ask)
        self.who_row.setVisible(ask)

    def _ask(self) -> None:
        self.asked = True
        self.show_who()
        self.who.setFocus()

    def refresh(self, entry: dict[str, Any], doc: dict[str, Any]) -> None:
        self.who_binding.refresh(entry.get("step_who", ""))
        people = self.card.editor.people
        self.who_names.setStringList(list(dict.fromkeys(
            people.name(p, short=True) for p in people.list)))
        self.show_who()
        d = date.fromisoformat(entry["agreed_date"]) if entry.get("agreed_date") else None
        key = ("entry", self.card.entry_id, "agreed_date")
        if pending(self.card.ctx, key):  # a save still waiting: the box has the newer value
            return
        self._stored = d
        for w in (self.has_date, self.date):
            w.blockSignals(True)
        self.has_date.setChecked(d is not None)
        self.date.setDate(QDate(d.year, d.month, d.day) if d else QDate.currentDate())
        self.date.setVisible(d is not None)
        self.no_date.setVisible(d is None)
        for w in (self.has_date, self.date):
            w.blockSignals(False)

    def _write(self, new: date | None) -> None:
        old = self._stored
        if new == old:
            return
        self._stored = new
        ctx, eid = self.card.ctx, self.card.entry_id
        key = ("entry", eid, "agreed_date")
        # autosaved like typing: stepping through the days is one undo step (coalesced)
        record_edit(ctx, key, translate("workspace.needs", "Change the agreed date"), old, new,
                    lambda v: entries.set_agreed_date(ctx.store, eid, v), lambda _v: None,
                    self.card.editor.notify)

    def _toggled(self, on: bool) -> None:
        self.date.setVisible(on)
        self.no_date.setVisible(not on)
        self._write(_as_date(self.date.date()) if on else None)
        if on:
            self.date.setFocus()

    def _date_changed(self, qd: QDate) -> None:
        if self.has_date.isChecked():
            self._write(_as_date(qd))


class NeedsToHappenPage(ScrollingPage):
    page_key = "needs_to_happen"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.body.addWidget(hint(translate(
            "workspace.needs", "What people will see when the children are safe enough, and the "
            "next small steps. Say what people will be doing, in the family's own words.")))
        self.goals = EntryListEditor(ctx, MapArea.GOAL, refresh=self.refresh, notify=self.notify,
                                     extra_factory=PairedWorry,
                                     placeholder=translate(
                                         "workspace.needs", "What will people be doing? What "
                                         "will the children tell us? For how long?"))
        self.steps = EntryListEditor(ctx, MapArea.NEXT_STEP, refresh=self.refresh,
                                     notify=self.notify, extra_factory=StepDetails,
                                     placeholder=translate(
                                         "workspace.needs", "What is the next small step?"))
        self.body.addWidget(self.goals)
        self.body.addWidget(self.steps)
        self.finish()

    def title(self) -> str:
        return self.ctx.template.sections["needs_to_happen"]

    def update_document(self, doc: dict[str, Any]) -> None:
        self.goals.set_document(doc)
        self.steps.set_document(doc)
