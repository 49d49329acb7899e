"""Who agrees and who doesn't: disagreement is recorded honestly, never resolved away.

`stance_summary` says it plainly on the entry ("Tomasz doesn't agree: he says Lena fell in the
park"); `StancePanel` holds one row per person and per label ("Worker", "School"), each with
Agrees / Doesn't agree / Not sure, a note in that person's words, and Remove. Anyone else can be
added by typing a name in "Someone else" (kept as a label; no person is created).

A row is named by a key: ("person", person_id) or ("label", text).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..tr import QT_TRANSLATE_NOOP, translate
from .common import WORKER, People
from .plain import Label

#: what the entry says of each stance, with whose it is ({who}: a name, "Worker", "School")
STANCE_WORDS = {"agrees": QT_TRANSLATE_NOOP("widgets.stances", "{who} agrees"),
                "disagrees": QT_TRANSLATE_NOOP("widgets.stances", "{who} doesn't agree"),
                "unsure": QT_TRANSLATE_NOOP("widgets.stances", "{who} isn't sure")}
BUTTONS = (("agrees", QT_TRANSLATE_NOOP("widgets.stances", "Agrees")),
           ("disagrees", QT_TRANSLATE_NOOP("widgets.stances", "Doesn't agree")),
           ("unsure", QT_TRANSLATE_NOOP("widgets.stances", "Not sure")))
Key = tuple[str, Any]


def stance_key(st: dict[str, Any], people: People) -> Key:
    uid = st.get("person_uid")
    if uid and uid in people.by_uid:
        return ("person", people.by_uid[uid]["id"])
    return ("label", st.get("who", ""))


def stance_summary(stances: list[dict[str, Any]], people: People) -> str:
    parts = []
    for st in stances:
        who = people.name_for(st.get("person_uid"), st.get("who", ""), short=True)
        words = STANCE_WORDS.get(st["stance"])
        line = (translate("widgets.stances", words).format(who=who) if words is not None
                else f"{who} {st['stance']}")
        note = (st.get("note") or "").strip()
        if note:
            line += f": {note}"
        parts.append(line if line.rstrip('"\u201d\'').endswith((".", "!", "?")) else line + ".")
    return " ".join(parts)


class StanceRow:
    """The widgets of one row (kept so the card can bind the note to the store)."""

    def __init__(self, key: Key, name: str, group: QButtonGroup, note: QLineEdit,
                 remove: QPushButton) -> None:
        self.key, self.name, self.group, self.note, self.remove = key, name, group, note, remove

    def stance(self) -> str | None:
        b = self.group.checkedButton()
        return str(b.property("stance")) if b is not None else None


class StancePanel(QWidget):
    """Emits `stance_set(key, stance)` when a toggle is pressed and `stance_removed(key)` when a
    row's Remove is pressed. Notes are bound to the store by the owner (see `rows`)."""

    stance_set = Signal(object, str)
    stance_removed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(translate("widgets.stances", "Who agrees with this"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 4)
        outer.setSpacing(6)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        outer.addLayout(self._grid)
        more = QHBoxLayout()
        more_lab = Label(translate("widgets.stances", "Someone else:"))
        self.someone = QLineEdit()
        self.someone.setObjectName("stanceSomeoneElse")
        self.someone.setAccessibleName(translate(
            "widgets.stances", "Someone else's view: type who, then press Enter"))
        self.someone.setPlaceholderText(translate("widgets.stances",
                                                  "e.g. School, Health visitor"))
        more_lab.setBuddy(self.someone)
        more.addWidget(more_lab)
        more.addWidget(self.someone, 1)
        more.addStretch(1)
        outer.addLayout(more)
        self.someone.returnPressed.connect(self._add_someone)
        self.rows: dict[Key, StanceRow] = {}
        self._extra_labels: list[str] = []
        self._sig: tuple[Any, ...] = ()
        self._people = People(None)
        self._labels: list[str] = []
        self._stances: list[dict[str, Any]] = []

    def set_data(self, people: People, stances: list[dict[str, Any]],
                 labels: list[str] | None = None) -> None:
        self._people, self._stances = people, stances
        self._labels = list(labels or [])
        current = {stance_key(st, people): st for st in stances}
        wanted: list[tuple[Key, str]] = [(("person", p["id"]), people.describe(p))
                                         for p in people.list]
        names = {p["name"].casefold() for p in people.list}
        seen: set[str] = set()
        for lab in [WORKER, *self._labels, *[k[1] for k in current if k[0] == "label"],
                    *self._extra_labels]:
            if lab and lab.casefold() not in names and lab.casefold() not in seen:
                seen.add(lab.casefold())
                wanted.append((("label", lab), people.label(lab)))
        sig = tuple(wanted)
        if sig != self._sig:
            self._rebuild(wanted)
            self._sig = sig
        for key, row in self.rows.items():
            st = current.get(key)
            row.group.blockSignals(True)
            row.group.setExclusive(False)
            for b in row.group.buttons():
                b.setChecked(st is not None and b.property("stance") == st["stance"])
            row.group.setExclusive(True)
            row.group.blockSignals(False)
            row.note.setEnabled(st is not None)
            row.remove.setEnabled(st is not None)

    def _rebuild(self, wanted: list[tuple[Key, str]]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()
                old.deleteLater()
        self.rows.clear()
        for r, (key, name) in enumerate(wanted):
            self._grid.addWidget(Label(name), r, 0)
            group = QButtonGroup(self)
            for col, (value, english) in enumerate(BUTTONS, start=1):
                text = translate("widgets.stances", english)
                b = QPushButton(text)
                b.setCheckable(True)
                b.setProperty("stance", value)
                b.setAccessibleName(f"{name}: {text}")
                b.setObjectName(f"stance_{value}")
                group.addButton(b)
                self._grid.addWidget(b, r, col)
            note = QLineEdit()
            note.setObjectName("stanceNote")
            note.setAccessibleName(translate(
                "widgets.stances", "{name}: what they said, in their words").format(name=name))
            note.setPlaceholderText(translate("widgets.stances", "What they said (optional)"))
            note.setEnabled(False)
            rm = QPushButton(translate("widgets.stances", "Remove"))
            rm.setObjectName("stanceRemove")
            rm.setAccessibleName(translate(
                "widgets.stances", "{name}: remove what was recorded").format(name=name))
            rm.setEnabled(False)
            self._grid.addWidget(note, r, 4)
            self._grid.addWidget(rm, r, 5)
            group.buttonClicked.connect(
                lambda b, k=key: self.stance_set.emit(k, str(b.property("stance"))))
            rm.clicked.connect(lambda _=False, k=key: self.stance_removed.emit(k))
            self.rows[key] = StanceRow(key, name, group, note, rm)
        self._grid.setColumnStretch(4, 1)
        if self.isVisible():
            for i in range(self._grid.count()):
                item = self._grid.itemAt(i)
                w = item.widget() if item is not None else None
                if w is not None:
                    w.show()

    def _add_someone(self) -> None:
        name = self.someone.text().strip()
        if not name:
            return
        known = next((k for k in self.rows if self.rows[k].name.casefold() == name.casefold()
                      or (k[0] == "person" and self._people.by_id[k[1]]["name"].casefold()
                          == name.casefold())), None)
        if known is None:
            self._extra_labels.append(name)
            self.set_data(self._people, self._stances, self._labels)
            known = ("label", name)
        self.someone.clear()
        row = self.rows.get(known)
        if row is not None:
            row.group.buttons()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def button(self, key: Key | int, stance: str) -> QPushButton:
        if isinstance(key, int):
            key = ("person", key)
        for b in self.rows[key].group.buttons():
            if isinstance(b, QPushButton) and b.property("stance") == stance:  # all are
                return b
        raise KeyError(stance)
