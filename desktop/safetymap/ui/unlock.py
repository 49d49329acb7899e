"""Unlocking the store, creating it on first run, and unlocking again after a lock.

Key derivation (Argon2id, about half a second) runs on a pool thread with a busy indicator, so
the window never freezes. Errors are the store's own sentences (wrong passphrase, open elsewhere,
damaged) and the person can simply try again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..services.passphrase import assess
from .tasks import Task, run_in_background
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.plain import Label

if TYPE_CHECKING:  # the store (SQLAlchemy, the ORM) is imported on the pool thread, at unlock
    from ..store.engine import Store

STRENGTH_WORDS = (QT_TRANSLATE_NOOP("unlock", "Very easy to guess"),
                  QT_TRANSLATE_NOOP("unlock", "Easy to guess"),
                  QT_TRANSLATE_NOOP("unlock", "Could be guessed"),
                  QT_TRANSLATE_NOOP("unlock", "Strong"), QT_TRANSLATE_NOOP("unlock", "Very strong"))


class StrengthMeter(QWidget):
    """How hard a new passphrase is to guess (zxcvbn, `services/passphrase.py`): a caption, a
    bar and a sentence of advice. Used on the first screen and wherever a new passphrase is
    chosen (Settings ▸ Passphrase and recovery), so both judge and word it the same."""

    def __init__(self, caption: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if caption is None:
            caption = translate("unlock", "How hard it is to guess")
        self.setAccessibleName(translate("unlock", "Passphrase strength"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.caption = Label(caption)
        self.caption.setObjectName("muted")
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(translate("unlock", "Passphrase strength"))
        self.caption.setBuddy(self.bar)
        self.advice = Label()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName(translate("unlock", "Passphrase strength advice"))
        lay.addWidget(self.caption)
        lay.addWidget(self.bar)
        lay.addWidget(self.advice)

    def judge(self, text: str, again: str = "") -> bool:
        """Show the strength of `text` (and whether `again` matches yet); True when it is
        strong enough."""
        s = assess(text)
        self.bar.setValue(s.score if text else 0)
        words = translate("unlock", STRENGTH_WORDS[s.score]) if text else ""
        advice = s.message()
        if not text:
            msg = translate("unlock", "Strength shows here as you type.")
        elif advice and not s.acceptable:
            msg = translate("unlock", "{strength}. {advice}").format(strength=words,
                                                                       advice=advice)
        else:
            msg = words + "."
        if text and again and again != text:
            msg = translate("unlock", "{sentence} The two passphrases are not the same yet."
                            ).format(sentence=msg)
        self.advice.setText(msg)
        self.bar.setAccessibleDescription(words)
        return bool(text) and s.acceptable


class UnlockView(QWidget):
    """One screen for three moments: first run (create), unlock, and unlock after a lock."""

    unlocked = Signal(object)  # the open Store

    CREATE, UNLOCK, LOCKED = "create", "unlock", "locked"

    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_path = Path(store_path)
        self.mode = self.UNLOCK
        self._busy = False
        self._task: Task | None = None
        self.setAccessibleName(translate("unlock", "Unlock Safety Map"))

        # The card scrolls when the window is shorter than it (150% scaling on a 1366x768
        # screen leaves 512 px): the first screen never makes the window taller than the screen.
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("unlockScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(translate("unlock", "Unlock Safety Map"))
        frame.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        outer = QVBoxLayout(content)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("unlockCard")
        card.setMinimumWidth(520)
        card.setMaximumWidth(620)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        lay = QVBoxLayout(card)
        lay.setContentsMargins(36, 30, 36, 30)
        lay.setSpacing(10)
        self.title = Label()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.intro = Label()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("muted")
        lay.addWidget(self.title)
        lay.addWidget(self.intro)

        self.pass_label = Label(translate("unlock", "Passphrase"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(translate("unlock", "Passphrase"))
        self.pass_label.setBuddy(self.passphrase)
        lay.addWidget(self.pass_label)
        lay.addWidget(self.passphrase)

        self.again_label = Label(translate("unlock", "Type it again"))
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(translate("unlock", "Type the passphrase again"))
        self.again_label.setBuddy(self.again)
        lay.addWidget(self.again_label)
        lay.addWidget(self.again)

        self.show_text = QCheckBox(translate("unlock", "Show what I type"))
        self.show_text.setAccessibleName(translate("unlock", "Show what I type"))
        self.show_text.toggled.connect(self._toggle_echo)
        lay.addWidget(self.show_text)

        self.meter = StrengthMeter()
        self.strength, self.strength_text = self.meter.bar, self.meter.advice
        lay.addWidget(self.meter)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(translate("unlock", "Opening the store, please wait"))
        self.busy.hide()
        self.busy_text = Label(translate("unlock", "Opening… this takes a moment."))
        self.busy_text.setObjectName("muted")
        self.busy_text.hide()
        lay.addWidget(self.busy)
        lay.addWidget(self.busy_text)

        self.error = Label()
        self.error.setObjectName("confidentialBadge")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(translate("unlock", "Problem"))
        self.error.hide()
        lay.addWidget(self.error)

        self.go = QPushButton()
        self.go.setObjectName("primary")
        self.go.setDefault(True)
        self.go.clicked.connect(self.submit)
        lay.addWidget(self.go)

        self.passphrase.returnPressed.connect(self._enter_first)
        self.again.returnPressed.connect(self.submit)
        self.passphrase.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)

        self.set_mode(self.UNLOCK if self.store_path.exists() else self.CREATE)

    # -- modes ------------------------------------------------------------------------------
    def set_mode(self, mode: str, message: str = "") -> None:
        self.mode = mode
        creating = mode == self.CREATE
        for w in (self.again_label, self.again, self.meter):
            w.setVisible(creating)
        if creating:
            self.title.setText(translate("unlock", "Welcome to Safety Map"))
            self.intro.setText(translate(
                "unlock", "Everything you record is kept in one encrypted file on this laptop. "
                "Choose a passphrase to lock it: a short sentence of four or more ordinary words "
                "is easy to remember and hard to guess. If it is forgotten, nobody can open the "
                "file."))
            self.go.setText(translate("unlock", "Create my store"))
        elif mode == self.LOCKED:
            self.title.setText(translate("unlock", "Safety Map is locked"))
            self.intro.setText(message or translate(
                "unlock", "Nothing is on screen while it is locked, and everything you typed "
                "has been saved. Type your passphrase to carry on where you were."))
            self.go.setText(translate("unlock", "Unlock"))
        else:
            self.title.setText("Safety Map")  # tr: both languages (the app's name)
            self.intro.setText(translate("unlock", "Type your passphrase to open your families."))
            self.go.setText(translate("unlock", "Unlock"))
        self.go.setAccessibleName(self.go.text())
        self.wipe()
        self.error.hide()
        self._update()

    def wipe(self) -> None:
        """Empty both passphrase boxes. setText("") (unlike clear()) also drops the box's undo
        history, which holds every character typed."""
        for box in (self.passphrase, self.again):
            box.setText("")

    def show_locking(self, busy: bool, text: str | None = None) -> None:
        """While a lock waits for background work to stop (or a backup is put in place): a
        moving bar, nothing to press."""
        self.busy.setVisible(busy)
        self.busy_text.setVisible(busy)
        if busy:
            self.busy_text.setText(text if text is not None else translate(
                "unlock", "Locking… finishing what was running."))
        for w in (self.passphrase, self.again, self.go, self.show_text):
            w.setEnabled(not busy)
        if busy:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- behaviour --------------------------------------------------------------------------
    def _toggle_echo(self, show: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if show else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.again.setEchoMode(mode)

    def _enter_first(self) -> None:
        if self.mode == self.CREATE:
            self.again.setFocus()
        else:
            self.submit()

    def _update(self) -> None:
        if self._busy:
            return
        if self.mode != self.CREATE:
            # displayText() is bullets while hidden: no copy of the passphrase for this test
            self.go.setEnabled(bool(self.passphrase.displayText()))
            return
        text = self.passphrase.text()
        acceptable = self.meter.judge(text, self.again.text())
        self.go.setEnabled(bool(text) and acceptable and self.again.text() == text)

    def submit(self) -> None:
        if self._busy or not self.go.isEnabled():
            return
        # The passphrase is read from the box once, handed to the pool thread in a list that
        # the thread empties, and the box is emptied when the store is open (see _done).
        secret = [self.passphrase.text()]
        path, creating = self.store_path, self.mode == self.CREATE

        def work() -> Store:
            from ..store.engine import Store

            passphrase = secret.pop()
            try:
                if creating:
                    return Store.create(path, passphrase)
                return Store.open(path, passphrase)
            finally:
                del passphrase

        self._set_busy(True)
        self._task = run_in_background(work, self._done, self._failed, receiver=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.busy_text.setVisible(busy)
        self.busy_text.setText(translate("unlock", "Creating your store… this takes a moment.")
                               if self.mode == self.CREATE else
                               translate("unlock", "Opening… this takes a moment."))
        for w in (self.passphrase, self.again, self.go, self.show_text):
            w.setEnabled(not busy)
        if busy:
            self.error.hide()

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _done(self, store: Store) -> None:
        self._set_busy(False)
        self.wipe()
        self._task = None
        self.unlocked.emit(store)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self._task = None
        self.error.setText(translate("unlock", "{problem} Please try again.").format(
            problem=message))
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self._update()
