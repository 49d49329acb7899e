"""The whose-view picker: every entry says whose view it is.

An editable combo box: pick one of the family's people, "Worker", or a label already used on the
map ("School"). Typing something new never creates a person by itself: while you type, the list
offers "Add ‘X’ as a new person…" (adds X to the family, explicitly) and "Use ‘X’ as written"
(a plain label such as "School" or "Duty team", no person created). Enter or leaving the box
picks the one person the text starts to name ("Tom" is Tomasz, "mum" is Sarah), and otherwise
keeps new text as written, so a typo never becomes a person.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QCompleter, QLineEdit, QWidget

from ...services import entries as entry_cmds
from ...services import people as people_cmds
from ..tr import QT_TRANSLATE_NOOP, translate
from .common import WORKER, People
from .tidy import TidyComboBox

_PROFESSIONAL_WORDS = ("school", "teacher", "nurse", "health", "doctor", "gp", "police",
                       "nursery", "worker", "officer", "visitor", "midwife", "dr ", "mrs ",
                       "mr ", "ms ", "service", "hospital", "clinic", "ysgol")

#: wording of the two offers shown while a new name is typed
ADD_PERSON = QT_TRANSLATE_NOOP("widgets.whose_view", "Add ‘{name}’ as a new person…")
AS_WRITTEN = QT_TRANSLATE_NOOP("widgets.whose_view",
                               "Use ‘{name}’ as written (not added as a person)")


def guess_role(name: str) -> str:
    """A new person added from the picker: professionals are recognised by the usual words
    ("Health visitor", "Dr Patel"); anyone else is one of the family's own people (network).
    The worker can change it on the People page."""
    low = f"{name.lower()} "
    return "professional" if any(w in low for w in _PROFESSIONAL_WORDS) else "network"


class WhoseViewPicker(TidyComboBox):
    """Emits `picked(dict)`: {"person_id": int} | {"label": str} | {"new_name": str}.

    {"new_name"} is only ever emitted when the worker chose "Add ‘X’ as a new person…"."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, include_worker: bool = True,
                 name: str | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(TidyComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(TidyComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(14)
        self._completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer().setFilterMode(Qt.MatchFlag.MatchContains)
        if name is None:
            name = translate("widgets.whose_view", "Whose view is this?")
        self.setAccessibleName(name)
        self.setAccessibleDescription(translate(
            "widgets.whose_view",
            "Choose a person or Worker. To add someone new, type their name and choose "
            "'Add as a new person'. Press Enter to keep what you typed as written."))
        self.line_edit().setAccessibleName(name)
        self.line_edit().setPlaceholderText(translate("widgets.whose_view", "Whose view?"))
        self._include_worker = include_worker
        self._committed: str = ""
        self._people = People(None)
        self.activated.connect(self._on_activated)
        self.line_edit().editingFinished.connect(self._on_typed)
        self.line_edit().textEdited.connect(self._offer)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def line_edit(self) -> QLineEdit:
        edit = self.lineEdit()
        assert edit is not None  # the picker is editable from __init__ on
        return edit

    def _completer(self) -> QCompleter:
        completer = self.completer()
        assert completer is not None  # an editable combo box always has one
        return completer

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
        """Show the stored value without emitting; not over what is being typed (the box has
        the focus and words not yet chosen), but after an undo, yes."""
        if self.line_edit().hasFocus() and self.line_edit().text() != self._committed:
            return
        self._drop_offers()
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

    # -- the two offers for a newly typed name ------------------------------------------------
    def _known(self, text: str) -> bool:
        low = text.casefold()
        if low == WORKER.casefold():
            return True
        for i in range(self.count()):
            d = self.itemData(i) or {}
            if not d.get("offer") and self.itemText(i).casefold() == low:
                return True
        return any(low in {p["name"].casefold(), p["initials"].casefold()}
                   for p in self._people.list)

    def _drop_offers(self) -> None:
        self.blockSignals(True)
        for i in reversed(range(self.count())):
            if (self.itemData(i) or {}).get("offer"):
                self.removeItem(i)
        self.blockSignals(False)

    def _offer(self, typed: str) -> None:
        """While a new name is typed, offer to add it as a person or to use it as written."""
        le = self.line_edit()
        text, pos = le.text(), le.cursorPosition()
        self._drop_offers()
        name = typed.strip()
        if name and not self._known(name):
            self.blockSignals(True)
            self.addItem(translate("widgets.whose_view", ADD_PERSON).format(name=name),
                         {"new_name": name, "offer": True})
            self.addItem(translate("widgets.whose_view", AS_WRITTEN).format(name=name),
                         {"label": name, "offer": True})
            self.blockSignals(False)
        if le.text() != text:
            le.setText(text)
            le.setCursorPosition(pos)

    def offer_index(self, kind: str) -> int:
        """Row of the "new_name" or "label" offer for the typed text; -1 when none is shown."""
        for i in range(self.count()):
            d = self.itemData(i) or {}
            if d.get("offer") and kind in d:
                return i
        return -1

    # -- choosing ------------------------------------------------------------------------------
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving the box keeps what was typed (as written), even when the list of offers was
        open: the line edit does not report editingFinished then, and Tab would drop it."""
        mine = (self, self.line_edit(), self._completer().popup(), self.view())
        if old in mine and new is not None and new not in mine and not self.isAncestorOf(new):
            self._on_typed()

    def _on_activated(self, index: int) -> None:
        data = self.itemData(index)
        if data is None:
            return
        data = dict(data)
        if data.pop("offer", False):
            shown = data.get("new_name") or data.get("label", "")
            self._drop_offers()
            self.setEditText(shown)
            self._committed = shown
        else:
            self._committed = self.itemText(index)
        self.picked.emit(data)

    def _on_typed(self) -> None:
        text = self.currentText().strip()
        if not text or text == self._committed:
            return
        if (self.itemData(self.currentIndex()) or {}).get("offer") \
                and self.itemText(self.currentIndex()) == text:
            return  # an offer's own wording: handled by _on_activated
        for i in range(self.count()):
            d = self.itemData(i) or {}
            if not d.get("offer") and self.itemText(i).casefold() == text.casefold():
                self.setCurrentIndex(i)
                self._on_activated(i)
                return
        for p in self._people.list:
            if text.casefold() in {p["name"].casefold(), p["initials"].casefold()}:
                self._committed = text
                self.picked.emit({"person_id": p["id"]})
                return
        # part of a name that fits one person only ("Tom", "mum"): that person, shown whole
        person = entry_cmds.match_person(self._people.list, text, partial=True)
        if person is not None:
            self._drop_offers()
            for i in range(self.count()):
                if (self.itemData(i) or {}).get("person_id") == person["id"]:
                    self.blockSignals(True)
                    self.setCurrentIndex(i)
                    self.blockSignals(False)
                    self._committed = self.itemText(i)
                    break
            self.picked.emit({"person_id": person["id"]})
            return
        self._drop_offers()
        self._committed = text
        self.picked.emit({"label": WORKER if text.casefold() == WORKER.casefold() else text})

    def choose_text(self, text: str) -> None:
        """Type-and-Enter, for code and tests: a known person or label, else kept as written."""
        self.setEditText(text)
        self._on_typed()

    def choose_new_person(self, name: str) -> None:
        """Type a name and choose "Add ‘name’ as a new person…" (for code and tests)."""
        self.line_edit().setText(name)
        self._offer(name)
        i = self.offer_index("new_name")
        if i < 0:  # already known: choosing it is the same as typing it
            self.choose_text(name)
            return
        self.setCurrentIndex(i)
        self._on_activated(i)


def resolve_choice(ctx: Any, choice: dict[str, Any]) -> tuple[int | None, str]:
    """(view_person_id, view_label) for a picker choice. Only an explicit "Add ‘X’ as a new
    person…" ({"new_name"}) adds a person; see `created_person`."""
    if "person_id" in choice:
        return int(choice["person_id"]), ""
    if "label" in choice:
        return None, str(choice["label"])
    name = str(choice["new_name"]).strip()
    pid = people_cmds.add(ctx.store, ctx.family_id, name, guess_role(name))
    return pid, ""
