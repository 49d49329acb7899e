"""The first start's question: which language the screens speak.

Offered actively, as Welsh Language Standard 22 asks: before anything else, both choices, each
named in both languages, neither one preselected as the only way on. Settings can change it
later (ui/settings.py offers the restart that applies it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from .tr import CHOICES
from .widgets.plain import Label


class LanguageWelcome(QDialog):
    """"Croeso · Welcome": two large buttons, Cymraeg and English. `chosen` holds the code
    ("cy" or "en"); closing the window without a choice keeps English for this start and asks
    again at the next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen = ""
        self.setWindowTitle("Safety Map · Map Diogelwch")  # tr: both languages
        self.setAccessibleName("Dewiswch iaith · Choose a language")  # tr: both languages
        lay = QVBoxLayout(self)
        lay.setSpacing(14)
        title = Label("Croeso · Welcome")  # tr: both languages
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        ask = Label("Ym mha iaith hoffech chi ddefnyddio Safety Map?\n"
                    "Which language would you like to use Safety Map in?")  # tr: both languages
        ask.setWordWrap(True)
        lay.addWidget(ask)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for code, name, other in CHOICES:
            b = QPushButton(f"{name}\n({other})")
            b.setAccessibleName(f"{name} ({other})")
            b.setMinimumSize(200, 72)
            b.setAutoDefault(False)
            b.clicked.connect(lambda _=False, c=code: self._choose(c))
            row.addWidget(b)
            self.buttons[code] = b
        lay.addLayout(row)
        later = Label("Gallwch ei newid yn nes ymlaen yn y Gosodiadau.\n"
                      "You can change it later in Settings.")  # tr: both languages
        later.setObjectName("muted")
        later.setWordWrap(True)
        lay.addWidget(later)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

    def _choose(self, code: str) -> None:
        self.chosen = code
        self.accept()


def ask_language() -> str:
    """Show the question and wait; the code chosen, or "" when the window was closed."""
    dlg = LanguageWelcome()
    dlg.exec()
    return dlg.chosen
