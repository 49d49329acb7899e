"""A calm line over the window that invites, never interrupts: a sentence, an action button and
"Not now" (no window of its own, no focus taken). The backup-folder question and the missing
recovery key both use it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from ..tr import translate
from .plain import Label


class PromptBanner(QFrame):
    def __init__(self, text: str, *, name: str, text_name: str, action: str, action_id: str,
                 action_name: str, later_id: str, later_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 10, 8)
        self.text = Label(text)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(text_name)
        self.action_button = QPushButton(action)
        self.action_button.setObjectName(action_id)
        self.action_button.setAccessibleName(action_name)
        self.later_button = QPushButton(translate("widgets.prompt_banner", "Not now"))
        self.later_button.setObjectName(later_id)
        self.later_button.setAccessibleName(later_name)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.action_button)
        lay.addWidget(self.later_button)
        self.hide()
