"""The preferred language of a family or a person: Cymraeg, English, another language (with
a note: which, and any interpreter), or not asked yet (domain/language.py holds the codes and
their names; this widget only offers them). `chosen(code, note)` says what was chosen, at
once; `note_typed(code, note)` says each keystroke of the note, for the page to autosave as it
does every typed box (within a second, even while typing goes on)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from ...domain.language import CODES, NAMES, OTHER
from ..tr import QT_TRANSLATE_NOOP, translate
from .tidy import TidyComboBox

#: domain.language.NAMES (its English), marked here for the screens; a name that no longer
#: matches the domain's is shown as the domain has it
SHOWN_NAMES = {
    "": QT_TRANSLATE_NOOP("widgets.language", "Not asked yet"),
    "cy": QT_TRANSLATE_NOOP("widgets.language", "Cymraeg (Welsh)"),
    "en": QT_TRANSLATE_NOOP("widgets.language", "English (Saesneg)"),
    OTHER: QT_TRANSLATE_NOOP("widgets.language", "Another language"),
}


def language_name(code: str) -> str:
    """The name of a language choice in the screens' language."""
    english = NAMES[code]
    if SHOWN_NAMES.get(code) == english:
        return translate("widgets.language", SHOWN_NAMES[code])
    return english


class LanguageChoice(QWidget):
    chosen = Signal(str, str)
    note_typed = Signal(str, str)

    def __init__(self, whose: str) -> None:
        super().__init__()
        self.setAccessibleName(
            translate("widgets.language", "{whose}: preferred language").format(whose=whose))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        self.combo = TidyComboBox()
        self.combo.setObjectName("languageChoice")
        self.combo.setAccessibleName(
            translate("widgets.language", "{whose}: preferred language").format(whose=whose))
        # not asked yet first, then Welsh before English, as a Welsh body offers them
        for code in ("", "cy", "en", OTHER):
            assert code in CODES
            self.combo.addItem(language_name(code), code)
        self.note = QLineEdit()
        self.note.setObjectName("languageNote")
        self.note.setAccessibleName(translate(
            "widgets.language", "{whose}: which language, or an interpreter").format(whose=whose))
        self.note.setToolTip(translate(
            "widgets.language", "Which language they prefer, and whether they need an interpreter"))
        self.note.setPlaceholderText(translate("widgets.language", "Which? Interpreter?"))
        lay.addWidget(self.combo)
        lay.addWidget(self.note, 1)
        self.combo.activated.connect(lambda _i: self._say())
        self.note.textEdited.connect(self._typed)
        self.note.editingFinished.connect(self._note_done)
        self._shown = ("", "")

    def code(self) -> str:
        return str(self.combo.currentData() or "")

    def show_language(self, code: str, note: str) -> None:
        """Show what is stored, without saying it was chosen."""
        i = self.combo.findData(code or "")
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(i if i >= 0 else 0)
        self.combo.blockSignals(False)
        if not self.note.hasFocus():
            self.note.setText(note or "")
        self.note.setVisible(code == OTHER or bool(note))
        self._shown = (code or "", note or "")

    def mark_saved(self) -> None:
        """The note as typed is what the store holds now (autosaved while typing)."""
        self._shown = (self.code(), self.note.text().strip())

    def _typed(self, text: str) -> None:
        self.note_typed.emit(self.code(), text.strip())

    def _note_done(self) -> None:
        if (self.code(), self.note.text().strip()) != self._shown:
            self._say()

    def _say(self) -> None:
        self.note.setVisible(self.code() == OTHER or bool(self.note.text().strip()))
        self.chosen.emit(self.code(), self.note.text().strip())
