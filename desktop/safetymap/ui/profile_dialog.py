"""Who is using Safety Map on this laptop: the worker profile (name, role, team, work phone).

Asked once when a store is created (`ProfileDialog`, window-modal, straight after "Create my
store"). When a store without one is unlocked later, a calm line over the family list
(`ProfilePrompt`) invites the worker to add it, at most once a run: an unlock after the idle
lock goes back to a family's page, often in front of the family, and no form may jump up there.
"Not now" is always fine. It is changed later in Settings ("You"). The profile
lives only inside the encrypted store (`services/profile.py`); it is never put in QSettings.
Saving it also makes the worker's name the author of history, scores and documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .tasks import error_sentence
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.plain import Label

if TYPE_CHECKING:
    from ..services.profile import WorkerProfile
    from ..store.engine import Store

WELCOME = QT_TRANSLATE_NOOP(
    "profile_dialog", "Who is using Safety Map on this laptop? Your name goes on the plans you "
    "print, so families know whom to call.")
LATER = QT_TRANSLATE_NOOP(
    "profile_dialog", "Only your name is needed. You can do this later, or change it in "
    "Settings.")

#: (field, label, accessible name, placeholder): the words are translated where shown
FIELDS = (
    ("name", QT_TRANSLATE_NOOP("profile_dialog", "Your name"),
     QT_TRANSLATE_NOOP("profile_dialog", "Your name (needed)"),
     QT_TRANSLATE_NOOP("profile_dialog", "The name families know you by")),
    ("role", QT_TRANSLATE_NOOP("profile_dialog", "Your role"),
     QT_TRANSLATE_NOOP("profile_dialog", "Your role (optional)"),
     QT_TRANSLATE_NOOP("profile_dialog", "For example: Social worker")),
    ("team", QT_TRANSLATE_NOOP("profile_dialog", "Your team"),
     QT_TRANSLATE_NOOP("profile_dialog", "Your team (optional)"),
     QT_TRANSLATE_NOOP("profile_dialog", "For example: Children's services, north team")),
    ("phone", QT_TRANSLATE_NOOP("profile_dialog", "Work phone"),
     QT_TRANSLATE_NOOP("profile_dialog", "Your work phone (optional)"),
     QT_TRANSLATE_NOOP("profile_dialog", "The number families can call you on")),
)


class ProfileForm(QWidget):
    """The four boxes, and a line for the service's sentence when something is not right."""

    def __init__(self, profile: WorkerProfile | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(translate("profile_dialog", "About you"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.boxes: dict[str, QLineEdit] = {}
        for key, label, name, placeholder in FIELDS:
            box = QLineEdit()
            box.setObjectName(f"profile_{key}")
            box.setAccessibleName(translate("profile_dialog", name))
            box.setPlaceholderText(translate("profile_dialog", placeholder))
            box.setMaxLength(200)
            if profile is not None:
                box.setText(getattr(profile, key))
            lab = Label(translate("profile_dialog", label))
            lab.setBuddy(box)
            form.addRow(lab, box)
            self.boxes[key] = box
        self.name, self.role = self.boxes["name"], self.boxes["role"]
        self.team, self.phone = self.boxes["team"], self.boxes["phone"]
        lay.addLayout(form)
        self.message = Label()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setObjectName("confidentialBadge")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(translate("profile_dialog", "Problem"))
        self.message.hide()
        lay.addWidget(self.message)

    def values(self) -> dict[str, str]:
        return {k: b.text().strip() for k, b in self.boxes.items()}

    def is_empty(self) -> bool:
        return not any(self.values().values())

    def save(self, store: Store) -> bool:
        """Save through the service; on a problem show its sentence and return False."""
        from ..services.profile import set_profile

        try:
            set_profile(store, **self.values())
        except ValueError as exc:
            self.say(str(exc))
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.say(error_sentence(exc))
            return False
        self.message.hide()
        return True

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class ProfileDialog(QDialog):
    """The short, friendly form. Save keeps it in the store; Not now leaves it unset."""

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 first_time: bool = False) -> None:
        super().__init__(parent)
        from ..services.profile import get_profile

        self.store = store
        self.setObjectName("profileDialog")
        self.setWindowTitle(translate("profile_dialog", "About you"))
        self.setAccessibleName(translate("profile_dialog", "Who is using Safety Map"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        title = Label(translate("profile_dialog", "Welcome: who are you?") if first_time
                      else translate("profile_dialog", "Who are you?"))
        title.setObjectName("sectionTitle")
        lay.addWidget(title)
        intro = Label(translate("profile_dialog", WELCOME))
        intro.setWordWrap(True)
        intro.setAccessibleName(translate("profile_dialog", "Why we ask"))
        lay.addWidget(intro)
        later = Label(translate("profile_dialog", LATER))
        later.setWordWrap(True)
        later.setObjectName("muted")
        lay.addWidget(later)
        self.form = ProfileForm(get_profile(store))
        lay.addWidget(self.form)

        row = QHBoxLayout()
        row.addStretch(1)
        self.later_button = QPushButton(translate("profile_dialog", "Not now"))
        self.later_button.setObjectName("profileLater")
        self.later_button.setAccessibleName(translate("profile_dialog",
                                                      "Not now: ask me next time"))
        self.later_button.setAutoDefault(False)
        self.later_button.clicked.connect(self.reject)
        self.save_button = QPushButton(translate("profile_dialog", "Save"))
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(translate("profile_dialog", "Save my details"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.accept)
        row.addWidget(self.later_button)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        if self.form.save(self.store):
            super().accept()


class ProfilePrompt(QFrame):
    """A calm line over the family list when an open store has no profile yet: it invites,
    it never interrupts (no window, no focus taken). "Add my name…" opens the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(translate("profile_dialog", "Add your name"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 10, 8)
        self.text = Label(translate("profile_dialog", "Who is using Safety Map on this laptop? "
                                    "Add your name: it goes on the plans you print, so families "
                                    "know whom to call."))
        self.text.setWordWrap(True)
        self.text.setAccessibleName(translate("profile_dialog", "Your name is not set yet"))
        self.add_button = QPushButton(translate("profile_dialog", "Add my name…"))
        self.add_button.setObjectName("profileAdd")
        self.add_button.setAccessibleName(translate("profile_dialog",
                                                    "Add my name and work phone"))
        self.later_button = QPushButton(translate("profile_dialog", "Not now"))
        self.later_button.setObjectName("profilePromptLater")
        self.later_button.setAccessibleName(translate("profile_dialog",
                                                      "Not now: hide this until next time"))
        lay.addWidget(self.text, 1)
        lay.addWidget(self.add_button)
        lay.addWidget(self.later_button)
        self.hide()
