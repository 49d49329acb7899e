"""The whose-view picker: every entry says whose view it is.

An editable combo box: pick one of the family's people, "Worker", a label already used on the
map ("School"), or type a new person's name and press Enter; `resolve_choice` adds that person
to the family with a sensible role.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ...services import editing
from .common import WORKER, People

_PROFESSIONAL_WORDS = ("school", "teacher", "nurse", "health", "doctor", "gp", "police",
                       "nursery", "worker", "officer", "visitor", "midwife", "dr ", "mrs ",
                       "mr ", "ms ", "service", "hospital", "clinic", "ysgol")


def guess_role(name: str) -> str:
    """A new person typed as whose view it is: professionals are recognised by the usual words
    ("Health visitor", "Dr Patel"); anyone else is one of the family's own people (network).
    The worker can change it on the People page."""
    low = f"{name.lower()} "
    return "professional" if any(w in low for w in _PROFESSIONAL_WORDS) else "network"


class WhoseViewPicker(QComboBox):
    """Emits `picked(dict)`: {"person_id": int} | {"label": str} | {"new_name": str}."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, include_worker: bool = True,
                 name: str = "Whose view is this?") -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(14)
        self.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.setAccessibleName(name)
        self.setAccessibleDescription(
            "Choose a person, Worker, or type a new name and press Enter")
        self.lineEdit().setAccessibleName(name)
        self.lineEdit().setPlaceholderText("Whose view?")
        self._include_worker = include_worker
        self._committed: str = ""
        self._people = People(None)
        self.activated.connect(self._on_activated)
        self.lineEdit().editingFinished.connect(self._on_typed)

    # -- filling -------------------------------------------------------------------------------
    def set_people(self, people: People, labels: list[str] | None = None) -> None:
        self._people = people
        self.blockSignals(True)
        current = self.currentText()
        self.clear()
        for p in people.list:
            self.addItem(people.describe(p), {"person_id": p["id"]})
        seen = {p["name"].casefold() for p in people.list}
        extra = ([WORKER] if self._include_worker else []) + list(labels or [])
        for lab in extra:
            if lab and lab.casefold() not in seen:
                seen.add(lab.casefold())
                self.addItem(people.label(lab), {"label": lab})
        self.setEditText(current)
        self.blockSignals(False)

    def set_current(self, person_id: int | None, label: str) -> None:
        """Show the stored value without emitting."""
        if self.lineEdit().hasFocus():
            return
        self.blockSignals(True)
        idx = -1
        for i in range(self.count()):
            d = self.itemData(i) or {}
            if (person_id is not None and d.get("person_id") == person_id) or (
                person_id is None and label and d.get("label", "").casefold() == label.casefold()
            ):
                idx = i
                break
        if idx < 0 and person_id is None and label:
            self.addItem(self._people.label(label), {"label": label})
            idx = self.count() - 1
        if idx >= 0:
            self.setCurrentIndex(idx)
        else:
            self.setCurrentIndex(-1)
            self.setEditText("")
        self._committed = self.currentText()
        self.blockSignals(False)

    # -- choosing ------------------------------------------------------------------------------
    def _on_activated(self, index: int) -> None:
        data = self.itemData(index)
        if data is None:
            return
        self._committed = self.itemText(index)
        self.picked.emit(dict(data))

    def _on_typed(self) -> None:
        text = self.currentText().strip()
        if not text or text == self._committed:
            return
        for i in range(self.count()):
            if self.itemText(i).casefold() == text.casefold():
                self.setCurrentIndex(i)
                self._on_activated(i)
                return
        for p in self._people.list:
            if text.casefold() in {p["name"].casefold(), p["initials"].casefold()}:
                self._committed = text
                self.picked.emit({"person_id": p["id"]})
                return
        if text.casefold() == WORKER.casefold():
            self._committed = text
            self.picked.emit({"label": WORKER})
            return
        self._committed = text
        self.picked.emit({"new_name": text})

    def choose_text(self, text: str) -> None:
        """Type-and-Enter, for code and tests."""
        self.setEditText(text)
        self._on_typed()


def resolve_choice(ctx: Any, choice: dict[str, Any]) -> tuple[int | None, str]:
    """(view_person_id, view_label) for a picker choice; a new name becomes a new person."""
    if "person_id" in choice:
        return int(choice["person_id"]), ""
    if "label" in choice:
        return None, str(choice["label"])
    name = str(choice["new_name"]).strip()
    pid = editing.add_person(ctx.store, ctx.family_id, name, guess_role(name))
    return pid, ""
