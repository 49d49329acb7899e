"""The app's own settings, and the small settings dialog.

QSettings holds only UI state and preferences: window geometry, the last family's numeric id and
page key, the idle minutes before locking, the screens' language, and where an organisation's
templates are. Never a name or any case text. The file lives in config.config_dir() so tests
and developers never touch a real profile.

The dialog's "You" section (the worker profile: name, role, team, work phone) is read from and
saved to the open store only (`services/profile.py`), never to QSettings: it is shown only while
a store is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import config
from .tr import CHOICES, ENGLISH, translate
from .widgets.plain import Label

if TYPE_CHECKING:  # templates import the ORM's enums: not before the unlock screen is shown
    from ..practice.templates import Template
    from ..store.engine import Store
    from .profile_dialog import ProfileForm

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 10


SETTINGS_FILENAME = "safetymap-ui.ini"


class AppSettings:
    """The file is 0600 from its first write, in a 0700 folder: the umask is 077 before QSettings
    is first used, the file is created empty 0600 beforehand (Qt's QSaveFile keeps an existing
    file's mode), and every sync makes it 0600 again."""

    def __init__(self) -> None:
        self.path = config.private_file(config.config_dir() / SETTINGS_FILENAME)
        self.q = QSettings(str(self.path), QSettings.Format.IniFormat)

    # -- preferences -----------------------------------------------------------------------
    @property
    def idle_minutes(self) -> int:
        try:
            raw: Any = self.q.value("lock/idle_minutes", DEFAULT_IDLE_MINUTES)  # str (ini) or int
            v = int(raw)
        except (TypeError, ValueError):
            v = DEFAULT_IDLE_MINUTES
        return max(1, min(v, 240))

    @idle_minutes.setter
    def idle_minutes(self, v: int) -> None:
        self.q.setValue("lock/idle_minutes", int(v))

    @property
    def language(self) -> str:
        """The screens' language, "cy" or "en"; "" until the person has chosen (the first
        start asks)."""
        v = str(self.q.value("ui/language", "") or "")
        return v if v in ("cy", "en") else ""

    @language.setter
    def language(self, v: str) -> None:
        self.q.setValue("ui/language", v if v in ("cy", "en") else "")

    @property
    def templates_location(self) -> str:
        return str(self.q.value("practice/templates_location", "") or "")

    @templates_location.setter
    def templates_location(self, v: str) -> None:
        self.q.setValue("practice/templates_location", v)

    def templates(self) -> dict[str, Template]:
        """Shipped templates plus the organisation's; raises TemplateError (a sentence)."""
        from ..practice.templates import available_templates

        return available_templates(self.templates_location or None)

    def templates_or_shipped(self) -> tuple[dict[str, Template], str | None]:
        """Never fails: if the organisation's templates are broken, says why and uses ours."""
        from ..practice.templates import shipped_templates, templates_or_shipped

        try:
            return templates_or_shipped(self.templates_location or None)
        except Exception as exc:  # noqa: BLE001 - never stop an unlock over a template
            log.error("the organisation's templates could not be read: %s", type(exc).__name__)
            return shipped_templates(), translate(
                "settings", "Your organisation's practice templates could not be read.")

    # -- where the user was (ids and keys only) --------------------------------------------
    def save_place(self, family_id: int | None, page_key: str | None) -> None:
        self.q.setValue("place/family_id", int(family_id) if family_id else 0)
        self.q.setValue("place/page", page_key or "")

    def place(self) -> tuple[int | None, str | None]:
        try:
            raw: Any = self.q.value("place/family_id", 0)  # str (ini) or int
            fid = int(raw or 0)
        except (TypeError, ValueError):
            fid = 0
        page = str(self.q.value("place/page", "") or "")
        return (fid or None), (page or None)

    def save_geometry(self, geometry: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)

    def geometry(self) -> QByteArray | None:
        v = self.q.value("window/geometry")
        return v if isinstance(v, QByteArray) else None

    def sync(self) -> None:
        self.q.sync()
        config.private_file(self.path)


class SettingsDialog(QDialog):
    """You (the worker profile, kept in the open store), idle minutes before locking, and the
    organisation's own templates."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, *,
                 store: Store | None = None,
                 open_security: Callable[[QWidget], None] | None = None,
                 open_backups: Callable[[QWidget], None] | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.store = store
        self.setWindowTitle(translate("settings", "Settings"))
        self.setAccessibleName(translate("settings", "Settings"))
        lay = QVBoxLayout(self)
        #: the "You" section: only while a store is open (the profile lives in it)
        self.profile: ProfileForm | None = None
        self._profile_before: dict[str, str] = {}
        self.profile_saved = False
        if store is not None:
            from ..services.profile import get_profile
            from .profile_dialog import ProfileForm

            self.setMinimumWidth(560)
            you = Label(translate("settings", "You"))
            you.setObjectName("sectionTitle")
            lay.addWidget(you)
            about = Label(translate("settings", "Your name goes on the plans you print, so "
                                    "families know whom to call. It is kept only in your "
                                    "encrypted store."))
            about.setWordWrap(True)
            about.setObjectName("muted")
            lay.addWidget(about)
            self.profile = ProfileForm(get_profile(store))
            self._profile_before = self.profile.values()
            lay.addWidget(self.profile)
            if open_security is not None or open_backups is not None:
                lay.addLayout(self._keeping_safe(open_security, open_backups))
            app_head = Label(translate("settings", "This laptop"))
            app_head.setObjectName("sectionTitle")
            lay.addWidget(app_head)
        form = QFormLayout()
        # the language row names both choices in both languages, whatever the screens speak
        self.language = QComboBox()
        for code, name, other in CHOICES:
            self.language.addItem(f"{name} ({other})", code)  # tr: both languages
        self._language_before = settings.language or ENGLISH
        self.language.setCurrentIndex(max(0, self.language.findData(self._language_before)))
        self.language.setAccessibleName("Iaith · Language")  # tr: both languages
        form.addRow("Iaith · Language", self.language)  # tr: both languages
        #: True once accepted with another language: the window offers the restart
        self.language_changed = False
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(translate("settings", " minutes"))
        self.idle.setValue(settings.idle_minutes)
        self.idle.setAccessibleName(translate("settings",
                                              "Lock after this many minutes without use"))
        form.addRow(translate("settings", "Lock after"), self.idle)
        row = QHBoxLayout()
        self.location = QLineEdit(settings.templates_location)
        self.location.setPlaceholderText(translate(
            "settings", "Only the templates that come with Safety Map"))
        self.location.setAccessibleName(translate(
            "settings", "Your organisation's practice templates (file or folder)"))
        browse = QPushButton(translate("settings", "Choose…"))
        browse.setAccessibleName(translate("settings", "Choose a template file"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.location, 1)
        row.addWidget(browse)
        form.addRow(translate("settings", "Organisation's templates"), row)
        lay.addLayout(form)
        self.message = Label("")
        self.message.setWordWrap(True)
        self.message.setObjectName("hint")
        self.message.setAccessibleName(translate("settings", "Template check"))
        lay.addWidget(self.message)
        if settings.templates_location:  # a saved location that has broken since: say so now
            problem = self.check()
            if problem:
                self.message.setText(translate(
                    "settings", "These templates cannot be used now, so the ones that come "
                    "with Safety Map are being used: {problem}").format(problem=problem))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        for b in buttons.buttons():
            b.setAccessibleName(b.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _keeping_safe(self, open_security: Callable[[QWidget], None] | None,
                      open_backups: Callable[[QWidget], None] | None) -> QVBoxLayout:
        """Settings ▸ Passphrase and recovery, and Settings ▸ Backups (their own windows:
        ui/security_dialogs.py, ui/backup_dialogs.py)."""
        col = QVBoxLayout()
        head = Label(translate("settings", "Keeping your records safe"))
        head.setObjectName("sectionTitle")
        col.addWidget(head)
        row = QHBoxLayout()
        self.security_button: QPushButton | None = None
        self.backups_button: QPushButton | None = None
        if open_security is not None:
            self.security_button = QPushButton(translate("settings",
                                                         "Passphrase and recovery…"))
            self.security_button.setAccessibleName(translate("settings",
                                                             "Passphrase and recovery"))
            self.security_button.setAutoDefault(False)
            self.security_button.clicked.connect(lambda: open_security(self))
            row.addWidget(self.security_button)
        if open_backups is not None:
            self.backups_button = QPushButton(translate("settings", "Backups…"))
            self.backups_button.setAccessibleName(translate("settings", "Backups"))
            self.backups_button.setAutoDefault(False)
            self.backups_button.clicked.connect(lambda: open_backups(self))
            row.addWidget(self.backups_button)
        row.addStretch(1)
        col.addLayout(row)
        return col

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """As tall as the wrapped sentences need (their size hints assume a wider line)."""
        from .security_dialogs import fit_height

        super().showEvent(event)
        fit_height(self)

    def done(self, result: int) -> None:
        """A lock closes Settings with done(0): the windows opened from it close too."""
        for child in self.findChildren(QDialog):
            if child.isVisible():
                child.done(0)
        super().done(result)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("settings", "Choose a template file"),
                                              "", translate("settings",
                                                            "Practice templates (*.json)"))
        if path:
            self.location.setText(path)

    def check(self) -> str | None:
        """None when the templates are usable, else the sentence that says what to fix."""
        from ..practice.templates import TemplateError, available_templates

        loc = self.location.text().strip()
        if not loc:
            return None
        try:
            found = available_templates(loc)
        except TemplateError as exc:
            return str(exc)
        self.message.setText(translate("settings", "Templates found: {names}").format(
            names=", ".join(t.name for t in found.values())))
        return None

    def accept(self) -> None:
        problem = self.check()
        if problem:
            self.message.setText(translate("settings", "This template cannot be used yet: "
                                           "{problem}").format(problem=problem))
            self.message.setObjectName("confidentialBadge")
            self.message.style().polish(self.message)
            return
        p = self.profile
        if p is not None and self.store is not None and p.values() != self._profile_before \
                and not (p.is_empty() and not any(self._profile_before.values())):
            if not p.save(self.store):  # the service's sentence is shown in the form
                return
            self._profile_before = p.values()
            self.profile_saved = True
        chosen = str(self.language.currentData() or ENGLISH)
        self.language_changed = chosen != self._language_before
        self.settings.language = chosen
        self.settings.idle_minutes = self.idle.value()
        self.settings.templates_location = self.location.text().strip()
        self.settings.sync()
        super().accept()
