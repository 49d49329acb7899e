"""EntryListEditor: one area of the safety map (harm, worries, strengths...) as a list of cards.

Each card holds the entry's words, whose view it is, who agrees or doesn't, "resolved", and a
delete button; pages add area-specific parts (the worry builder, the paired worry, who and when
for a next step) through `extra_factory`. Keyboard-first: Tab walks every control, the text box
passes Tab on, and Add puts the cursor straight into the new entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import MapArea, utcnow
from ...services import editing
from ..undo import CallbackCommand
from .common import WORKER, GrowingTextEdit, People, TextBinding, heading, hint
from .stances import StancePanel, stance_summary
from .whose_view import WhoseViewPicker, resolve_choice

ExtraFactory = Callable[["EntryCard"], QWidget]

CARD_STYLE = """
QFrame#entryCard { border: 1px solid palette(mid); border-radius: 8px;
                   background: palette(base); }
QFrame#entryCard[resolved="true"] { background: palette(window); }
"""


def _parse_dt(v: str | None) -> datetime | None:
    return datetime.fromisoformat(v) if v else None


class EntryCard(QFrame):
    """One map entry. `entry` is the entry dict from the family document."""

    def __init__(self, editor: "EntryListEditor", entry: dict[str, Any]) -> None:
        super().__init__()
        self.editor = editor
        self.ctx = editor.ctx
        self.entry = entry
        self.entry_id: int = entry["id"]
        self.setObjectName("entryCard")
        self.setStyleSheet(CARD_STYLE)
        self.setAccessibleName(f"{editor.label} entry")
        area_label = editor.label

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(8)

        self.text = GrowingTextEdit()
        self.text.setObjectName("entryText")
        self.text.setAccessibleName(f"{area_label}: what is written")
        self.text.setPlaceholderText(editor.placeholder)
        outer.addWidget(self.text)
        self.binding = TextBinding(
            self.ctx, self.text, ("MapEntry", self.entry_id, "text"), entry["text"],
            lambda v, i=self.entry_id: editing.update_entity(self.ctx.store, "MapEntry", i,
                                                             text=v),
            editor.notify, f"Edit {area_label.lower()}")

        row = QHBoxLayout()
        row.setSpacing(8)
        who_label = QLabel("Whose view:")
        self.view = WhoseViewPicker(name=f"{area_label}: whose view is this?")
        self.view.setObjectName("whoseView")
        who_label.setBuddy(self.view)
        row.addWidget(who_label)
        row.addWidget(self.view)
        row.addStretch(1)
        self.agree_toggle = QPushButton("Who agrees?")
        self.agree_toggle.setObjectName("agreeToggle")
        self.agree_toggle.setCheckable(True)
        self.agree_toggle.setAccessibleName(f"{area_label}: show who agrees and who doesn't")
        self.resolve = QPushButton("Mark resolved")
        self.resolve.setObjectName("resolveButton")
        self.resolve.setCheckable(True)
        self.resolve.setAccessibleName(f"{area_label}: mark resolved")
        self.delete = QPushButton("Delete")
        self.delete.setObjectName("deleteButton")
        self.delete.setAccessibleName(f"{area_label}: delete this entry")
        for b in (self.agree_toggle, self.resolve, self.delete):
            row.addWidget(b)
        outer.addLayout(row)

        self.summary = QLabel()
        self.summary.setObjectName("stanceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.summary)
        self.stances = StancePanel()
        self.stances.setObjectName("stancePanel")
        self.stances.setVisible(False)
        outer.addWidget(self.stances)

        self.extra: QWidget | None = editor.extra_factory(self) if editor.extra_factory else None
        if self.extra is not None:
            outer.addWidget(self.extra)

        self.view.picked.connect(self._view_picked)
        self.agree_toggle.toggled.connect(self.stances.setVisible)
        self.stances.stance_set.connect(self._stance_set)
        self.resolve.clicked.connect(self._resolve_clicked)
        self.delete.clicked.connect(lambda: editor.delete_entry(self))
        self.update_from(entry, editor.people, editor.labels)

    # -- showing ------------------------------------------------------------------------------
    def update_from(self, entry: dict[str, Any], people: People, labels: list[str]) -> None:
        self.entry = entry
        self.binding.refresh(entry["text"])
        self.view.set_people(people, labels)
        pid = people.by_uid[entry["view"]["person_uid"]]["id"] \
            if entry["view"]["person_uid"] in people.by_uid else None
        self.view.set_current(pid, entry["view"]["label"])
        summary = stance_summary(entry["stances"], people)
        self.summary.setText(summary)
        self.summary.setAccessibleName(summary or "Nobody has said whether they agree yet")
        self.summary.setVisible(bool(summary))
        self.stances.set_data(people, entry["stances"])
        resolved = bool(entry.get("resolved_at"))
        self.resolve.blockSignals(True)
        self.resolve.setChecked(resolved)
        self.resolve.blockSignals(False)
        if resolved:
            when = _parse_dt(entry["resolved_at"])
            self.resolve.setText(f"Resolved {when:%-d %b %Y}" if when else "Resolved")
        else:
            self.resolve.setText("Mark resolved")
        self.setProperty("resolved", "true" if resolved else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        if self.extra is not None and hasattr(self.extra, "refresh"):
            self.extra.refresh(entry, self.editor.doc)

    # -- writing ------------------------------------------------------------------------------
    def _view_picked(self, choice: dict[str, Any]) -> None:
        old_pid = self.view_person_id()
        old_label = "" if old_pid is not None else self.entry["view"]["label"]
        pid, label = resolve_choice(self.ctx, choice)
        self.editor.remember_view(pid, label)
        store, eid = self.ctx.store, self.entry_id

        def put(p: int | None, lab: str) -> None:
            editing.update_entity(store, "MapEntry", eid, view_person_id=p, view_label=lab)

        put(pid, label)
        self.ctx.undo_stack.push(CallbackCommand(
            "Change whose view", lambda: (put(pid, label), self.editor.refresh()),
            lambda: (put(old_pid, old_label), self.editor.refresh())))
        self.editor.refresh()

    def view_person_id(self) -> int | None:
        uid = self.entry["view"]["person_uid"]
        p = self.editor.people.by_uid.get(uid) if uid else None
        return p["id"] if p else None

    def _stance_set(self, person_id: int, stance: str) -> None:
        uid = self.editor.people.by_id[person_id]["uid"]
        before = next((s for s in self.entry["stances"] if s.get("person_uid") == uid), None)
        store, eid = self.ctx.store, self.entry_id
        sid = editing.set_stance(store, eid, stance, person_id=person_id,
                                 note=before["note"] if before else "")

        def undo() -> None:
            if before is None:
                editing.delete_entity(store, "EntryStance", sid)
            else:
                editing.set_stance(store, eid, before["stance"], person_id=person_id,
                                   note=before["note"])
            self.editor.refresh()

        def redo() -> None:
            editing.set_stance(store, eid, stance, person_id=person_id,
                               note=before["note"] if before else "")
            self.editor.refresh()

        self.ctx.undo_stack.push(CallbackCommand("Record who agrees", redo, undo))
        self.editor.refresh()

    def _resolve_clicked(self, checked: bool) -> None:
        store, eid = self.ctx.store, self.entry_id
        old = _parse_dt(self.entry.get("resolved_at"))
        new = utcnow() if checked else None

        def put(v: datetime | None) -> None:
            editing.update_entity(store, "MapEntry", eid, resolved_at=v)
            self.editor.refresh()

        put(new)
        self.ctx.undo_stack.push(CallbackCommand(
            "Mark resolved" if checked else "Mark not resolved", lambda: put(new),
            lambda: put(old)))


class EntryListEditor(QWidget):
    """All entries of one map area, with a heading, the template's help and prompts, and Add.

    `refresh()` (given by the page) reloads the family and shows it; `notify()` tells the
    workspace that something was saved."""

    def __init__(self, ctx: Any, area: MapArea, *, refresh: Callable[[], None],
                 notify: Callable[[], None], extra_factory: ExtraFactory | None = None,
                 placeholder: str = "Write it in everyday words.",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.area = ctx, MapArea(area)
        self.refresh, self.notify = refresh, notify
        self.extra_factory = extra_factory
        self.placeholder = placeholder
        area_text = ctx.template.areas[self.area]
        self.label = area_text.label
        self.setObjectName(f"entries_{self.area.value}")
        self.setAccessibleName(self.label)
        self.people = People(None, ctx.initials_only)
        self.labels: list[str] = []
        self.doc: dict[str, Any] = {}
        self.cards: dict[int, EntryCard] = {}
        self._last_view: tuple[int | None, str] = (None, WORKER)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        lay.addWidget(heading(self.label, 2))
        if area_text.help:
            lay.addWidget(hint(area_text.help))
        if area_text.prompts:
            lay.addWidget(hint("You could ask: " + "  \u00b7  ".join(area_text.prompts)))
        self.note = hint("")
        self.note.setObjectName("areaNote")
        self.note.setVisible(False)
        lay.addWidget(self.note)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(10)
        lay.addLayout(self.cards_box)
        self.empty = hint("Nothing here yet. That's fine: add something when it comes up.")
        lay.addWidget(self.empty)
        add_row = QHBoxLayout()
        self.add_button = QPushButton(f"+ Add to {self.label}")
        self.add_button.setObjectName(f"add_{self.area.value}")
        self.add_button.setAccessibleName(f"Add to {self.label}")
        self.add_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.add_button.clicked.connect(lambda: self.add_entry())
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        lay.addLayout(add_row)

    # -- showing ------------------------------------------------------------------------------
    def entries(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        return [e for e in doc.get("map", []) if e["area"] == self.area.value]

    def set_document(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.people = People(doc, self.ctx.initials_only)
        names = {p["name"].casefold() for p in self.people.list}
        labels: list[str] = []
        for e in doc.get("map", []):
            lab = e["view"]["label"]
            if not e["view"]["person_uid"] and lab and lab.casefold() not in names \
                    and lab not in labels and lab.casefold() != WORKER.casefold():
                labels.append(lab)
        self.labels = labels
        entries = self.entries(doc)
        wanted = [e["id"] for e in entries]
        for eid in list(self.cards):
            if eid not in wanted:
                card = self.cards.pop(eid)
                self.cards_box.removeWidget(card)
                card.hide()
                card.setParent(None)
                card.deleteLater()
        for e in entries:
            card = self.cards.get(e["id"])
            if card is None:
                card = EntryCard(self, e)
                self.cards[e["id"]] = card
            else:
                card.update_from(e, self.people, labels)
        order = [self.cards_box.itemAt(i).widget() for i in range(self.cards_box.count())]
        if order != [self.cards[i] for i in wanted]:
            for w in order:
                self.cards_box.removeWidget(w)
            for i in wanted:
                self.cards_box.addWidget(self.cards[i])
                self.cards[i].show()  # at once, so focus can move into a new card
        self.empty.setVisible(not entries)

    def card(self, entry_id: int) -> EntryCard:
        return self.cards[entry_id]

    def remember_view(self, person_id: int | None, label: str) -> None:
        self._last_view = (person_id, label)

    # -- adding and deleting -------------------------------------------------------------------
    def add_entry(self, text: str = "", **fields: Any) -> int:
        """Add an empty entry (whose view: the last one chosen here, else Worker) and put the
        cursor in it."""
        pid, label = self._last_view
        if pid is not None and pid not in self.people.by_id:
            pid, label = None, WORKER
        store, fid, area = self.ctx.store, self.ctx.family_id, self.area
        holder = {"id": editing.add_entry(store, fid, area, text, view_person_id=pid,
                                          view_label=label, **fields)}

        def redo() -> None:
            holder["id"] = editing.add_entry(store, fid, area, text, view_person_id=pid,
                                             view_label=label, **fields)
            self.refresh()

        def undo() -> None:
            editing.delete_entity(store, "MapEntry", holder["id"])
            self.refresh()

        self.ctx.undo_stack.push(CallbackCommand(f"Add to {self.label}", redo, undo))
        self.refresh()
        card = self.cards.get(holder["id"])
        if card is not None:
            card.text.setFocus(Qt.FocusReason.OtherFocusReason)
        return holder["id"]

    def delete_entry(self, card: EntryCard) -> None:
        e = card.entry
        store, fid, area = self.ctx.store, self.ctx.family_id, self.area
        ids_by_uid = {x["uid"]: x["id"] for x in self.doc.get("map", [])}
        fields: dict[str, Any] = {
            "text": e["text"],
            "view_person_id": card.view_person_id(),
            "view_label": "" if card.view_person_id() is not None else e["view"]["label"],
            "step_who": e.get("step_who", ""),
            "agreed_date": date.fromisoformat(e["agreed_date"]) if e.get("agreed_date") else None,
            "resolved_at": _parse_dt(e.get("resolved_at")),
            "paired_worry_id": ids_by_uid.get(e.get("paired_worry_uid") or ""),
        }
        parts = e.get("worry_parts") or {}
        for k in ("who", "behaviour", "situation", "impact"):
            if parts.get(k):
                fields[f"worry_{k}"] = parts[k]
        stances = [(self.people.by_uid[s["person_uid"]]["id"] if s.get("person_uid") in
                    self.people.by_uid else None, s["who"], s["stance"], s["note"])
                   for s in e["stances"]]
        holder = {"id": card.entry_id}
        self.ctx.autosaver.flush()

        def remove() -> None:
            editing.delete_entity(store, "MapEntry", holder["id"])
            self.refresh()

        def restore() -> None:
            f = dict(fields)
            text = f.pop("text")
            holder["id"] = editing.add_entry(store, fid, area, text, **f)
            for pid, who, stance, note in stances:
                editing.set_stance(store, holder["id"], stance, person_id=pid,
                                   label="" if pid else who, note=note)
            self.refresh()

        nxt = self._neighbour(card)
        remove()
        self.ctx.undo_stack.push(CallbackCommand(f"Delete from {self.label}", remove, restore))
        if nxt is not None:
            nxt.text.setFocus()
        else:
            self.add_button.setFocus()

    def _neighbour(self, card: EntryCard) -> EntryCard | None:
        ids = list(self.cards)
        i = ids.index(card.entry_id)
        rest = ids[i + 1:] + ids[:i][::-1]
        return self.cards[rest[0]] if rest else None
