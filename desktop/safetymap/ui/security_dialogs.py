"""Passphrase and recovery: the recovery key shown once, and Settings ▸ Passphrase and recovery.

**The recovery key** (`RecoveryKeyDialog`) is shown once: just after a store is made, and each
time a new one is made here. It is drawn in large monospace type in its 8 groups, with what it
is for and where to keep it. "Print it…" prints a page holding only the key, the date and those
sentences (no family, no store path; "Print to file" is switched off, as a file would be a copy
on this laptop). Done stays disabled until "I have written it down or printed it" is ticked.
The key is never put on the clipboard, in a log, in QSettings or in a file by Safety Map; the
labels holding it are emptied when the window closes (a lock closes it too).

**Settings ▸ Passphrase and recovery** (`SecurityDialog`) changes the passphrase (the current
one, then the new one twice, judged by the first screen's `StrengthMeter`), makes a new recovery
key (the old one stops working; the passphrase is asked first), makes unlocking slower (Argon2id
calibrated here to about 1.5 s) and says whether an organisation can also recover the store.
Every command is `services/security.py`'s and runs on a pool thread (`tasks.py`), so the window
never freezes; errors are the store's own sentences.

`RecoveryKeyPrompt` is the calm line over the window when an open store has no recovery key yet
(one upgraded from before key slots): at most once a run, never a window jumping up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent, QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .tasks import Task, run_in_background
from .tr import QT_TRANSLATE_NOOP, translate
from .unlock import StrengthMeter
from .widgets.plain import Label, escape
from .widgets.prompt_banner import PromptBanner

if TYPE_CHECKING:
    from ..services.security import KeyStatus
    from ..store.engine import Store

#: what the recovery key is for, and where to keep it: on screen and on the printed page
KEY_IS_FOR = QT_TRANSLATE_NOOP(
    "security_dialogs",
    "This recovery key opens your store if your passphrase is ever forgotten. It is "
    "shown only now: Safety Map keeps no copy it could show you again.")
#: the same, on paper (it was shown once)
PRINTED_IS_FOR = QT_TRANSLATE_NOOP(
    "security_dialogs",
    "This recovery key opens your store if your passphrase is ever forgotten. "
    "Safety Map keeps no copy of it: this page and what you wrote down are the "
    "only ones.")
KEEP_IT_APART = QT_TRANSLATE_NOOP(
    "security_dialogs",
    "Write it down or print it, and keep it apart from this laptop: not in the "
    "laptop bag, and not in a file on this laptop. Anyone who has both the key and "
    "the laptop can open every family's record.")
WHERE_TO_KEEP = QT_TRANSLATE_NOOP(
    "security_dialogs",
    "A locked drawer at your office is a good place, or wherever your organisation "
    "asks you to keep it.")
READING_IT = QT_TRANSLATE_NOOP(
    "security_dialogs", "0 is zero and 1 is one: the key has no letters O, I, L or U.")
NOT_YET = QT_TRANSLATE_NOOP(
    "security_dialogs",
    "It cannot be shown again. Tick the box once you have written it down or printed it. "
    "(If it is lost, you can make a new one in Settings.)")
NO_KEY_PROMPT = QT_TRANSLATE_NOOP(
    "security_dialogs",
    "This store has no recovery key yet. Without one, a forgotten passphrase loses "
    "every family's record. Make one now?")
#: the width of each of Settings ▸ Passphrase and recovery's two columns
COLUMN_WIDTH = 420
#: the print job's title in the print queue: never what it is
PRINT_JOB_NAME = QT_TRANSLATE_NOOP("security_dialogs", "Safety Map document")


def key_groups(key: str) -> list[str]:
    """"ABCD-EFGH-…" as its groups of four."""
    return [g for g in key.replace(" ", "-").split("-") if g]


def _fixed_font(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(point_size)
    font.setBold(True)
    return font


def fit_height(dialog: QWidget) -> None:
    """Make a dialog at least as tall as its wrapped sentences need at its width. (A window's
    layout takes its labels' size hints, which assume a wider line, so the last lines of a
    long sentence were cut off; heightForWidth is the true height.)"""
    lay = dialog.layout()
    if lay is None or not lay.hasHeightForWidth():
        return
    lay.activate()
    need = lay.totalHeightForWidth(dialog.width())
    if need > dialog.minimumHeight():
        dialog.setMinimumHeight(need)
    if need > dialog.height():
        dialog.resize(dialog.width(), need)


def _name_buttons(*buttons: QPushButton) -> None:
    for b in buttons:
        if not b.accessibleName():
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))


def _problem_label() -> Label:
    lab = Label()
    lab.setObjectName("confidentialBadge")
    lab.setWordWrap(True)
    lab.setAccessibleName(translate("security_dialogs", "Problem"))
    lab.hide()
    return lab


# -- the recovery key, shown once ------------------------------------------------------------------

class RecoveryKeyDialog(QDialog):
    """The recovery key, once. Done is enabled only after "I have written it down or printed
    it" is ticked; Escape or the window's close button first say it cannot be shown again."""

    def __init__(self, key: str, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle(translate("security_dialogs", "Your recovery key"))
        self.setAccessibleName(translate("security_dialogs", "Your recovery key"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(620)
        self._key = key
        self._today = today or date.today()
        #: replaced in tests: the printer to print on (None to cancel)
        self.choose_printer: Callable[[], QPrinter | None] = self._choose_printer
        self.printed = False

        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 24, 28, 20)
        lay.setSpacing(12)
        title = Label(translate("security_dialogs", "Your recovery key"))
        title.setObjectName("sectionTitle")
        lay.addWidget(title)
        self.purpose = Label(translate("security_dialogs", KEY_IS_FOR))
        self.purpose.setWordWrap(True)
        self.purpose.setAccessibleName(
            translate("security_dialogs", "What the recovery key is for"))
        lay.addWidget(self.purpose)

        box = QFrame()
        box.setObjectName("card")
        box.setAccessibleName(translate("security_dialogs", "Recovery key"))
        grid = QGridLayout(box)
        grid.setContentsMargins(24, 18, 24, 18)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(10)
        self.group_labels: list[Label] = []
        groups = key_groups(key)
        font = _fixed_font(24)
        for i, group in enumerate(groups):
            lab = Label(group)
            lab.setFont(font)
            lab.setObjectName("recoveryKeyGroup")
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setAccessibleName(translate("security_dialogs", "Group {number} of {total}")
                                  .format(number=i + 1, total=len(groups)))
            grid.addWidget(lab, i // 4, i % 4)
            self.group_labels.append(lab)
        lay.addWidget(box)
        reading = Label(translate("security_dialogs", READING_IT))
        reading.setObjectName("muted")
        reading.setAccessibleName(translate("security_dialogs", "Reading the key"))
        lay.addWidget(reading)

        self.keep = Label(translate("security_dialogs", KEEP_IT_APART) + " "
                          + translate("security_dialogs", WHERE_TO_KEEP))
        self.keep.setWordWrap(True)
        self.keep.setAccessibleName(translate("security_dialogs", "Where to keep it"))
        lay.addWidget(self.keep)

        self.status = Label()
        self.status.setWordWrap(True)
        self.status.setObjectName("hint")
        self.status.setAccessibleName(translate("security_dialogs", "Status"))
        self.status.hide()
        lay.addWidget(self.status)

        self.confirm = QCheckBox(
            translate("security_dialogs", "I have written it down or printed it"))
        self.confirm.setAccessibleName(
            translate("security_dialogs", "I have written it down or printed it"))
        lay.addWidget(self.confirm)

        row = QHBoxLayout()
        self.print_button = QPushButton(translate("security_dialogs", "Print it…"))
        self.print_button.setAccessibleName(
            translate("security_dialogs", "Print the recovery key"))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_key)
        self.done_button = QPushButton(translate("security_dialogs", "Done"))
        self.done_button.setObjectName("primary")
        self.done_button.setAccessibleName(
            translate("security_dialogs", "Done: I have kept the recovery key"))
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        lay.addLayout(row)
        self.confirm.toggled.connect(self.done_button.setEnabled)
        self.finished.connect(self._forget)
        self.confirm.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- closing -------------------------------------------------------------------------------
    def accept(self) -> None:
        if not self.confirm.isChecked():
            return
        super().accept()

    def reject(self) -> None:
        """Escape and the close button: not before the key is kept (a lock uses done(0))."""
        if not self.confirm.isChecked():
            self.say(translate("security_dialogs", NOT_YET))
            return
        super().accept()

    def _forget(self, _result: int = 0) -> None:
        """The window is closing: the labels let go of the key (a Python str cannot be wiped,
        but nothing keeps it alive)."""
        for lab in self.group_labels:
            lab.setText("")
        self._key = ""

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()
        if self.isVisible():
            QTimer.singleShot(0, self, lambda: fit_height(self))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_height(self)

    # -- printing ------------------------------------------------------------------------------
    def printed_page(self) -> QTextDocument:
        """The page: a title, the key in its groups, the date and the same sentences. Nothing
        else: no family, no store path, no name."""
        groups = key_groups(self._key)
        rows = "<br>".join("&nbsp;&nbsp;".join(escape(g) for g in groups[i:i + 4])
                           for i in range(0, len(groups), 4))
        d = self._today
        made = QLocale().toString(QDate(d.year, d.month, d.day), "d MMMM yyyy")  # tr: not shown
        made_on = translate("security_dialogs", "Made on {date}.").format(date=made)
        title = escape(translate("security_dialogs", "Safety Map recovery key"))
        key_style = "font-family: monospace; font-size: 22pt; font-weight: bold"  # tr: not shown
        html = (
            f"<h2>{title}</h2>"
            f"<p style='{key_style}'>{rows}</p>"
            f"<p>{escape(translate('security_dialogs', READING_IT))} {escape(made_on)}</p>"
            f"<p>{escape(translate('security_dialogs', PRINTED_IS_FOR))}</p>"
            f"<p>{escape(translate('security_dialogs', KEEP_IT_APART))}</p>"
            f"<p>{escape(translate('security_dialogs', WHERE_TO_KEEP))}</p>")
        doc = QTextDocument()
        doc.setHtml(html)
        return doc

    def _choose_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(translate("security_dialogs", "Print the recovery key"))
        # "Print to file" would leave the key in a file on this laptop
        dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
        finally:
            shiboken6.delete(dlg)
        if printer.outputFileName():
            self.say(translate("security_dialogs",
                               "That would save the key in a file on this laptop. Choose a "
                               "printer, or write the key down."))
            return None
        return printer

    def print_key(self) -> None:
        printer = self.choose_printer()
        if printer is None:
            return
        printer.setDocName(translate("security_dialogs", PRINT_JOB_NAME))
        doc = self.printed_page()
        doc.print_(printer)
        doc.clear()
        self.printed = True
        self.say(translate("security_dialogs", "Sent to the printer. Check the page has come "
                           "out before you tick the box."))


# -- asking for the passphrase again -----------------------------------------------------------

class PassphraseCheckDialog(QDialog):
    """"Type your passphrase": before a new recovery key, a slower unlock, or a replacement."""

    def __init__(self, title: str, why: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseCheckDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = Label(title)
        head.setObjectName("sectionTitle")
        lay.addWidget(head)
        self.why = Label(why)
        self.why.setWordWrap(True)
        self.why.setAccessibleName(translate("security_dialogs", "What this does"))
        lay.addWidget(self.why)
        lab = Label(translate("security_dialogs", "Your passphrase"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(translate("security_dialogs", "Your passphrase"))
        lab.setBuddy(self.passphrase)
        lay.addWidget(lab)
        lay.addWidget(self.passphrase)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(translate("security_dialogs", "Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(action)
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        self.ok_button.clicked.connect(self.accept)
        _name_buttons(self.cancel_button, self.ok_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        lay.addLayout(row)
        self.passphrase.textChanged.connect(
            lambda _t: self.ok_button.setEnabled(bool(self.passphrase.displayText())))
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def take(self) -> str:
        """The passphrase, once; the box is emptied (and its undo history with it)."""
        text = self.passphrase.text()
        self.passphrase.setText("")
        return text


def ask_passphrase(parent: QWidget, title: str, why: str, action: str) -> str | None:
    dlg = PassphraseCheckDialog(title, why, action, parent)
    try:
        if dlg.exec() != QDialog.DialogCode.Accepted:
            dlg.passphrase.setText("")
            return None
        return dlg.take()
    finally:
        dlg.deleteLater()


# -- Settings ▸ Passphrase and recovery ------------------------------------------------------

class SecurityDialog(QDialog):
    """Change the passphrase, make a new recovery key, make unlocking slower, and whether an
    organisation can also recover the store. Two columns, so it fits a 1366×768 screen."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("securityDialog")
        self.setWindowTitle(translate("security_dialogs", "Passphrase and recovery"))
        self.setAccessibleName(translate("security_dialogs", "Passphrase and recovery"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._busy = False
        self._task: Task | None = None
        #: replaced in tests: ask for the passphrase again (None: cancelled)
        self.ask_passphrase: Callable[[str, str, str], str | None] = (
            lambda title, why, action: ask_passphrase(self, title, why, action))
        #: replaced in tests: show a new recovery key once (returns when it is put away)
        self.show_key: Callable[[str], None] = self._show_key
        self.key_dialog: RecoveryKeyDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 16)
        outer.setSpacing(12)
        title = Label(translate("security_dialogs", "Passphrase and recovery"))
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        cols = QHBoxLayout()
        cols.setSpacing(28)
        outer.addLayout(cols, 1)
        # each column a widget of a set width, so the wrapped sentences know their width (in
        # bare layouts Qt measured them too wide, and cut their last lines off)
        left_col, right_col = QWidget(), QWidget()
        for col in (left_col, right_col):
            col.setFixedWidth(COLUMN_WIDTH)
            cols.addWidget(col)
        left, right = QVBoxLayout(left_col), QVBoxLayout(right_col)
        for col_lay in (left, right):
            col_lay.setContentsMargins(0, 0, 0, 0)
            col_lay.setSpacing(8)

        # -- change the passphrase (left) ------------------------------------------------------
        head = Label(translate("security_dialogs", "Change your passphrase"))
        head.setObjectName("sectionTitle")
        left.addWidget(head)
        about = Label(translate("security_dialogs",
                                "Changing it is quick: your families' records are not touched. "
                                "From then on only the new passphrase opens Safety Map."))
        about.setWordWrap(True)
        about.setObjectName("muted")
        left.addWidget(about)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.current = self._secret_box(
            translate("security_dialogs", "Your current passphrase"), "currentPassphrase")
        self.new = self._secret_box(
            translate("security_dialogs", "Your new passphrase"), "newPassphrase")
        self.again = self._secret_box(
            translate("security_dialogs", "Type the new passphrase again"), "newPassphraseAgain")
        for text, box in ((translate("security_dialogs", "Current passphrase"), self.current),
                          (translate("security_dialogs", "New passphrase"), self.new),
                          (translate("security_dialogs", "Type the new one again"), self.again)):
            lab = Label(text)
            lab.setBuddy(box)
            form.addRow(lab, box)
        left.addLayout(form)
        self.show_text = QCheckBox(translate("security_dialogs", "Show what I type"))
        self.show_text.setAccessibleName(translate("security_dialogs", "Show what I type"))
        self.show_text.toggled.connect(self._toggle_echo)
        left.addWidget(self.show_text)
        self.meter = StrengthMeter(
            translate("security_dialogs", "How hard the new passphrase is to guess"))
        left.addWidget(self.meter)
        self.change_button = QPushButton(translate("security_dialogs", "Change my passphrase"))
        self.change_button.setObjectName("primary")
        self.change_button.setAccessibleName(
            translate("security_dialogs", "Change my passphrase"))
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self.change_passphrase)
        left.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.change_status = Label()
        self.change_status.setWordWrap(True)
        self.change_status.setAccessibleName(translate("security_dialogs", "Passphrase change"))
        self.change_status.setObjectName("hint")
        left.addWidget(self.change_status)
        self.change_problem = _problem_label()
        left.addWidget(self.change_problem)
        left.addStretch(1)

        # -- recovery key, unlock cost, organisation (right) -----------------------------------
        head = Label(translate("security_dialogs", "Recovery key"))
        head.setObjectName("sectionTitle")
        right.addWidget(head)
        self.recovery_text = Label()
        self.recovery_text.setWordWrap(True)
        self.recovery_text.setAccessibleName(translate("security_dialogs", "Recovery key"))
        right.addWidget(self.recovery_text)
        self.recovery_button = QPushButton(
            translate("security_dialogs", "Make a new recovery key…"))
        self.recovery_button.setAccessibleName(
            translate("security_dialogs", "Make a new recovery key"))
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.make_recovery_key)
        right.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)

        head = Label(translate("security_dialogs", "How long unlocking takes"))
        head.setObjectName("sectionTitle")
        right.addWidget(head)
        self.cost_text = Label()
        self.cost_text.setWordWrap(True)
        self.cost_text.setAccessibleName(translate("security_dialogs", "How long unlocking takes"))
        right.addWidget(self.cost_text)
        self.cost_button = QPushButton(translate("security_dialogs", "Make unlocking slower…"))
        self.cost_button.setAccessibleName(
            translate("security_dialogs", "Make unlocking slower and harder to guess"))
        self.cost_button.setAutoDefault(False)
        self.cost_button.clicked.connect(self.raise_cost)
        right.addWidget(self.cost_button, 0, Qt.AlignmentFlag.AlignLeft)

        head = Label(translate("security_dialogs", "Your organisation"))
        head.setObjectName("sectionTitle")
        right.addWidget(head)
        self.escrow_text = Label()
        self.escrow_text.setWordWrap(True)
        self.escrow_text.setAccessibleName(
            translate("security_dialogs", "Your organisation's recovery key"))
        right.addWidget(self.escrow_text)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(translate("security_dialogs", "Working, please wait"))
        self.busy.hide()
        right.addWidget(self.busy)
        self.status = Label()
        self.status.setWordWrap(True)
        self.status.setObjectName("hint")
        self.status.setAccessibleName(translate("security_dialogs", "Status"))
        right.addWidget(self.status)
        self.problem = _problem_label()
        right.addWidget(self.problem)
        right.addStretch(1)

        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(translate("security_dialogs", "Close"))
        self.close_button.setAccessibleName(translate("security_dialogs", "Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        outer.addLayout(row)

        for box in (self.current, self.new, self.again):
            box.textChanged.connect(self._update)
        self.again.returnPressed.connect(self.change_passphrase)
        self.refresh()
        self._update()
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        fit_height(self)

    def _refit(self) -> None:
        if self.isVisible():
            QTimer.singleShot(0, self, lambda: fit_height(self))

    def _secret_box(self, name: str, object_name: str) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName(object_name)
        box.setEchoMode(QLineEdit.EchoMode.Password)
        box.setAccessibleName(name)
        return box

    # -- what the store says ----------------------------------------------------------------------
    def refresh(self) -> None:
        from ..services.security import RAISED_COST_S, key_status

        try:
            st: KeyStatus = key_status(self.store)
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            from .tasks import error_sentence

            self._problem(error_sentence(exc))
            return
        if st.has_recovery_key:
            self.recovery_text.setText(translate(
                "security_dialogs",
                "This store has a recovery key. If it is lost, or someone else may have seen "
                "it, make a new one: the old one then stops working."))
        else:
            self.recovery_text.setText(translate(
                "security_dialogs",
                "This store has no recovery key yet. Without one, a forgotten passphrase loses "
                "every family's record."))
        self.recovery_button.setText(
            translate("security_dialogs", "Make a new recovery key…") if st.has_recovery_key
            else translate("security_dialogs", "Make a recovery key…"))
        self.cost_text.setText(translate(
            "security_dialogs",
            "Each unlock now works through {cost}. The longer it takes, the harder a stolen "
            "laptop's store is to break into by guessing. You can make it take about {seconds} "
            "seconds on this laptop.").format(cost=st.unlock_cost_text,
                                              seconds=f"{RAISED_COST_S:g}"))
        if st.escrow_labels:
            self.escrow_text.setText(translate(
                "security_dialogs", "Your organisation can also recover this store: {names}.")
                .format(names=", ".join(st.escrow_labels)))
        else:
            self.escrow_text.setText(translate(
                "security_dialogs", "No organisation recovery key is set for this store. "
                "Only your passphrase and your recovery key open it."))
        self._refit()

    # -- behaviour -------------------------------------------------------------------------------
    def _toggle_echo(self, show: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if show else QLineEdit.EchoMode.Password
        for box in (self.current, self.new, self.again):
            box.setEchoMode(mode)

    def _update(self) -> None:
        if self._busy:
            return
        new = self.new.text()
        acceptable = self.meter.judge(new, self.again.text())
        same = bool(new) and new == self.current.text()
        if same:
            self.meter.advice.setText(self.meter.advice.text() + " " + translate(
                "security_dialogs", "It is the same as the current one."))
        self.change_button.setEnabled(bool(self.current.displayText()) and acceptable
                                      and self.again.text() == new and not same)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for w in (self.current, self.new, self.again, self.show_text, self.change_button,
                  self.recovery_button, self.cost_button):
            w.setEnabled(not busy)
        if busy:
            self.problem.hide()
            self.change_problem.hide()
            self.status.setText(text)
        else:
            self._update()
        self._refit()  # after this turn of the event loop: the result's sentence is in

    def _problem(self, text: str, *, change: bool = False) -> None:
        (self.change_problem if change else self.problem).setText(text)
        (self.change_problem if change else self.problem).show()
        self._refit()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[str], None], text: str) -> None:
        self._set_busy(True, text)
        self._task = run_in_background(work, done, failed, receiver=self)

    def change_passphrase(self) -> None:
        if self._busy or not self.change_button.isEnabled():
            return
        from ..services import security

        secrets = [self.current.text(), self.new.text()]  # handed over once, emptied there
        store = self.store

        def work() -> None:
            new, old = secrets.pop(), secrets.pop()
            try:
                security.change_passphrase(store, old, new)
            finally:
                del old, new

        self.change_status.setText("")
        self._run(work, self._changed, self._change_failed,
                  translate("security_dialogs", "Changing your passphrase…"))

    def _changed(self, _result: object) -> None:
        self._task = None
        for box in (self.current, self.new, self.again):
            box.setText("")  # setText, unlike clear(), also empties the box's undo history
        self._set_busy(False)
        self.status.setText("")
        self.change_status.setText(translate(
            "security_dialogs", "Your passphrase has been changed. Use the new one from now "
            "on, when you unlock Safety Map."))

    def _change_failed(self, message: str) -> None:
        self._task = None
        self._set_busy(False)
        self.status.setText("")
        self._problem(message, change=True)
        self.current.selectAll()
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)

    def make_recovery_key(self) -> None:
        if self._busy:
            return
        from ..services import security

        try:
            had = security.key_status(self.store).has_recovery_key
        except Exception:  # noqa: BLE001 - the make itself will say what is wrong
            had = True
        why = (translate("security_dialogs",
                         "The recovery key you have now will stop working, and a new one will "
                         "be shown once. Type your passphrase to go on.") if had else
               translate("security_dialogs", "A recovery key will be made and shown once. "
                         "Type your passphrase to go on."))
        title = (translate("security_dialogs", "Make a new recovery key") if had else
                 translate("security_dialogs", "Make a recovery key"))
        passphrase = self.ask_passphrase(title, why,
                                         translate("security_dialogs", "Make the key"))
        if not passphrase:
            return
        secret, store = [passphrase], self.store
        del passphrase
        self._run(lambda: security.new_recovery_key(store, secret.pop()), self._key_made,
                  self._failed, translate("security_dialogs", "Making a new recovery key…"))

    def _key_made(self, key: str) -> None:
        self._task = None
        self._set_busy(False)
        self.status.setText("")
        self.refresh()
        self.show_key(key)
        del key

    def _show_key(self, key: str) -> None:
        dlg = RecoveryKeyDialog(key, self)
        self.key_dialog = dlg
        try:
            dlg.exec()
        finally:
            self.key_dialog = None
            dlg.deleteLater()
        self.status.setText(translate(
            "security_dialogs", "The new recovery key is made. The old one no longer works."))

    def raise_cost(self) -> None:
        if self._busy:
            return
        from ..services import security

        passphrase = self.ask_passphrase(
            translate("security_dialogs", "Make unlocking slower"),
            translate("security_dialogs",
                      "Safety Map will measure this laptop and make each unlock take about "
                      "{seconds} seconds. Your passphrase stays the same. Type it to go on.")
            .format(seconds=f"{security.RAISED_COST_S:g}"),
            translate("security_dialogs", "Make it slower"))
        if not passphrase:
            return
        secret, store = [passphrase], self.store
        del passphrase
        seconds = security.RAISED_COST_S
        self._run(lambda: security.raise_cost(store, secret.pop(), seconds), self._cost_raised,
                  self._failed, translate("security_dialogs",
                                          "Measuring this laptop and making unlocking slower… "
                                          "this takes a few seconds."))

    def _cost_raised(self, _params: object) -> None:
        self._task = None
        self._set_busy(False)
        self.refresh()
        self.status.setText(
            translate("security_dialogs", "Unlocking is slower now, and harder to guess into."))

    def _failed(self, message: str) -> None:
        self._task = None
        self._set_busy(False)
        self.status.setText("")
        self._problem(message)

    def done(self, result: int) -> None:
        for box in (self.current, self.new, self.again):
            box.setText("")
        if self.key_dialog is not None:  # a lock closes the key too
            self.key_dialog.done(0)
        super().done(result)


# -- the calm line when a store has no recovery key ---------------------------------------------

class RecoveryKeyPrompt(PromptBanner):
    """Over the window, when an open store has no recovery key (one upgraded from before key
    slots): it invites, it never interrupts (no window, no focus taken)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("security_dialogs", NO_KEY_PROMPT),
            name=translate("security_dialogs", "No recovery key yet"),
            text_name=translate("security_dialogs", "This store has no recovery key yet"),
            action=translate("security_dialogs", "Make a recovery key…"),
            action_id="recoveryMake",
            action_name=translate("security_dialogs", "Make a recovery key now"),
            later_id="recoveryLater",
            later_name=translate("security_dialogs", "Not now: hide this until next time"),
            parent=parent)
        self.make_button = self.action_button
