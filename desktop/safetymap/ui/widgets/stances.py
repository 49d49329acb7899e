"""Who agrees and who doesn't: disagreement is recorded honestly, never resolved away.

`stance_summary` says it plainly on the entry ("Tomasz doesn't agree"); `StancePanel` holds one
row per person with Agrees / Doesn't agree / Not sure toggles.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from .common import People

STANCE_WORDS = {"agrees": "agrees", "disagrees": "doesn't agree", "unsure": "isn't sure"}
BUTTONS = (("agrees", "Agrees"), ("disagrees", "Doesn't agree"), ("unsure", "Not sure"))


def stance_summary(stances: list[dict[str, Any]], people: People) -> str:
    parts = []
    for st in stances:
        who = people.name_for(st.get("person_uid"), st.get("who", ""), short=True)
        line = f"{who} {STANCE_WORDS.get(st['stance'], st['stance'])}"
        note = (st.get("note") or "").strip()
        if note:
            line += f": {note}"
        parts.append(line if line.rstrip('"\u201d\'').endswith((".", "!", "?")) else line + ".")
    return " ".join(parts)


class StancePanel(QWidget):
    """Emits `stance_set(person_id, stance)` when a toggle is pressed."""

    stance_set = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Who agrees with this")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 4, 0, 4)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        self._groups: dict[int, QButtonGroup] = {}
        self._sig: tuple[Any, ...] = ()

    def set_data(self, people: People, stances: list[dict[str, Any]]) -> None:
        current = {st["person_uid"]: st["stance"] for st in stances if st.get("person_uid")}
        sig = tuple((p["id"], people.name(p)) for p in people.list)
        if sig != self._sig:
            self._rebuild(people)
            self._sig = sig
        for p in people.list:
            group = self._groups[p["id"]]
            group.blockSignals(True)
            want = current.get(p["uid"])
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(b.property("stance") == want)
            group.setExclusive(True)
            group.blockSignals(False)

    def _rebuild(self, people: People) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._groups.clear()
        for row, p in enumerate(people.list):
            name = people.describe(p)
            lab = QLabel(name)
            self._grid.addWidget(lab, row, 0)
            group = QButtonGroup(self)
            for col, (value, text) in enumerate(BUTTONS, start=1):
                b = QPushButton(text)
                b.setCheckable(True)
                b.setProperty("stance", value)
                b.setAccessibleName(f"{name}: {text}")
                b.setObjectName(f"stance_{p['id']}_{value}")
                group.addButton(b)
                self._grid.addWidget(b, row, col)
            group.buttonClicked.connect(
                lambda b, pid=p["id"]: self.stance_set.emit(pid, str(b.property("stance"))))
            self._groups[p["id"]] = group
        self._grid.setColumnStretch(4, 1)

    def button(self, person_id: int, stance: str) -> QPushButton:
        for b in self._groups[person_id].buttons():
            if b.property("stance") == stance:
                return b  # type: ignore[return-value]
        raise KeyError(stance)
