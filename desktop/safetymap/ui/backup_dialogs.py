"""Settings ▸ Backups, the quiet backup line in the status bar, and the hourly backup.

**Backups** (`BackupsDialog`): choose the folder (another disk, a USB stick, a network share),
"Back up now", the list of backups with their date in words, families and whether each checked
out, **Restore into a new file…** (the live store is never touched: a save dialog names a new
file next to the store, "safetymap-restored-<date>.db") and **Replace my store with this
backup…**, which names exactly what would be replaced (`services.backups.describe_store_at`) and
asks for the passphrase again before anything happens; the main window then locks (closing the
store), puts the backup in place (`restore(..., replace=True)`) and shows the unlock screen.
Every step that reads or writes a file runs on a pool thread (`tasks.py`).

Qt's file dialogs here are Qt's own, made to forget the folder before they are destroyed
(`export_dialog.forget_file_dialog`), so no chosen folder reaches Qt's settings.

**The status bar** says quietly when the last good backup was made ("Last backup: today 09:12",
"No backup folder set"). `BackupController` runs `services.backups.run_if_due` on a pool thread
shortly after unlocking and then every hour, and, when the service says so (`should_ask`: no
folder after a week of use), asks once with a calm line: "Choose a folder…" or "Not now".

Only Qt is imported at the top: the main window makes the controller before the unlock screen
is shown, and the services (the store, SQLAlchemy) are imported once a store is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .tasks import Task, error_sentence, run_in_background
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.plain import Label
from .widgets.prompt_banner import PromptBanner

if TYPE_CHECKING:
    from ..services.backups import BackupEntry, BackupStatus
    from ..store.engine import Store

log = logging.getLogger(__name__)

#: the quiet backup after unlocking, then every hour while unlocked
FIRST_CHECK_MS = 20_000
EVERY_MS = 60 * 60 * 1000
ASK_TEXT = QT_TRANSLATE_NOOP(
    "backup_dialogs",
    "Your families' records are only on this laptop. Choose a backup folder (another "
    "disk, a USB stick or a network share) and Safety Map will keep encrypted copies "
    "there every day.")
ENTRY_ROLE = Qt.ItemDataRole.UserRole


# -- plain words ----------------------------------------------------------------------------------

def _local(at: datetime) -> datetime:
    return at.astimezone() if at.tzinfo is not None else at


def when_words(at: datetime | None, now: datetime | None = None) -> str:
    """"today 09:12", "yesterday 18:03", "3 March 2026, 10:15" (QLocale's month names)."""
    if at is None:
        return translate("backup_dialogs", "never")
    d = _local(at)
    today = (_local(now) if now is not None else datetime.now()).date()
    loc = QLocale()
    time = loc.toString(QTime(d.hour, d.minute), "HH:mm")  # tr: not shown
    if d.date() == today:
        return translate("backup_dialogs", "today {time}").format(time=time)
    if (today - d.date()).days == 1:
        return translate("backup_dialogs", "yesterday {time}").format(time=time)
    fmt = "d MMMM" if d.year == today.year else "d MMMM yyyy"  # tr: not shown
    return f"{loc.toString(QDate(d.year, d.month, d.day), fmt)}, {time}"


def status_words(st: BackupStatus, now: datetime | None = None) -> str:
    if st.folder is None:
        return translate("backup_dialogs", "No backup folder set")
    if st.last_ok is None:
        return translate("backup_dialogs", "No backup yet")
    return translate("backup_dialogs", "Last backup: {when}").format(
        when=when_words(st.last_ok, now))


def families_words(n: int | None) -> str:
    if n is None:
        return translate("backup_dialogs", "not known")
    return translate("backup_dialogs", "%n family(s)", None, n)


def restored_name(today: date | None = None) -> str:
    # a file name, the same in both languages (the tests and the docs name it)
    return f"safetymap-restored-{(today or date.today()).isoformat()}.db"  # tr: not shown


# -- file dialogs that forget -----------------------------------------------------------------

def choose_folder(parent: QWidget | None) -> str:
    """Qt's own folder dialog, starting in Documents, scrubbed before it is destroyed."""
    import shiboken6

    from .export_dialog import documents_folder, forget_file_dialog

    start = documents_folder()
    dlg = QFileDialog(parent, translate("backup_dialogs", "Choose the backup folder"), str(start))
    dlg.setObjectName("backupFolderDialog")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dlg.setFileMode(QFileDialog.FileMode.Directory)
    dlg.setHistory([])
    try:
        accepted = dlg.exec() == QDialog.DialogCode.Accepted
        chosen = dlg.selectedFiles() if accepted else []
    finally:
        forget_file_dialog(dlg, start)
        shiboken6.delete(dlg)
    return chosen[0] if chosen else ""


def ask_new_store_path(parent: QWidget | None, folder: Path, suggested: str) -> str:
    """Where to restore a backup to: a new file, in `folder` (beside the live store)."""
    import shiboken6

    from .export_dialog import forget_file_dialog

    dlg = QFileDialog(parent, translate("backup_dialogs", "Restore into a new file"), str(folder),
                      translate("backup_dialogs", "Safety Map stores (*.db)"))
    dlg.setObjectName("restoreFileDialog")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dlg.setFileMode(QFileDialog.FileMode.AnyFile)
    dlg.setDefaultSuffix("db")
    dlg.setHistory([])
    dlg.selectFile(suggested)
    try:
        accepted = dlg.exec() == QDialog.DialogCode.Accepted
        files = dlg.selectedFiles() if accepted else []
    finally:
        forget_file_dialog(dlg, folder)
        shiboken6.delete(dlg)
    return files[0] if files else ""


# -- "Replace my store with this backup": named, and the passphrase asked again ------------------

class ReplaceConfirmDialog(QDialog):
    """Says exactly what will be replaced, and by what; the passphrase confirms it."""

    def __init__(self, live: str, backup: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replaceConfirmDialog")
        self.setWindowTitle(translate("backup_dialogs", "Replace my store with this backup"))
        self.setAccessibleName(translate("backup_dialogs", "Replace my store with this backup"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = Label(translate("backup_dialogs", "Replace my store with this backup?"))
        head.setObjectName("sectionTitle")
        lay.addWidget(head)
        self.replaced = Label(
            translate("backup_dialogs", "This will be replaced: {store}").format(store=live))
        self.replaced.setWordWrap(True)
        self.replaced.setAccessibleName(translate("backup_dialogs", "What will be replaced"))
        lay.addWidget(self.replaced)
        self.by = Label(
            translate("backup_dialogs", "It will be replaced by: {backup}").format(backup=backup))
        self.by.setWordWrap(True)
        self.by.setAccessibleName(
            translate("backup_dialogs", "The backup that takes its place"))
        lay.addWidget(self.by)
        warn = Label(translate(
            "backup_dialogs",
            "Anything recorded since that backup will no longer be in your store. "
            "Safety Map will lock, put the backup in place and check it, then ask for "
            "your passphrase. If you are not sure, use Restore into a new file instead: "
            "it changes nothing."))
        warn.setWordWrap(True)
        warn.setObjectName("muted")
        lay.addWidget(warn)
        lab = Label(translate("backup_dialogs", "Type your passphrase to confirm"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(
            translate("backup_dialogs", "Your passphrase, to confirm the replacement"))
        lab.setBuddy(self.passphrase)
        lay.addWidget(lab)
        lay.addWidget(self.passphrase)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(translate("backup_dialogs", "Cancel"))
        self.cancel_button.setAccessibleName(
            translate("backup_dialogs", "Cancel: keep my store as it is"))
        self.cancel_button.setDefault(True)
        self.cancel_button.clicked.connect(self.reject)
        self.replace_button = QPushButton(translate("backup_dialogs", "Replace my store"))
        self.replace_button.setObjectName("danger")
        self.replace_button.setAccessibleName(
            translate("backup_dialogs", "Replace my store with this backup"))
        self.replace_button.setAutoDefault(False)
        self.replace_button.setEnabled(False)
        self.replace_button.clicked.connect(self.accept)
        row.addWidget(self.cancel_button)
        row.addWidget(self.replace_button)
        lay.addLayout(row)
        self.passphrase.textChanged.connect(
            lambda _t: self.replace_button.setEnabled(bool(self.passphrase.displayText())))
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def take(self) -> str:
        text = self.passphrase.text()
        self.passphrase.setText("")
        return text


def confirm_replace(parent: QWidget, live: str, backup: str) -> str | None:
    dlg = ReplaceConfirmDialog(live, backup, parent)
    try:
        if dlg.exec() != QDialog.DialogCode.Accepted:
            dlg.passphrase.setText("")
            return None
        return dlg.take()
    finally:
        dlg.deleteLater()


# -- Settings ▸ Backups -------------------------------------------------------------------------

class BackupsDialog(QDialog):
    """The folder, Back up now, the list, and the two ways to restore."""

    #: a backup was made (or the folder changed): the status bar reads the status again
    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 replace_store: Callable[[Path, str], None] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.replace_store = replace_store
        self.setObjectName("backupsDialog")
        self.setWindowTitle(translate("backup_dialogs", "Backups"))
        self.setAccessibleName(translate("backup_dialogs", "Backups"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumSize(760, 560)
        self._busy = False
        self._task: Task | None = None
        self._working_text = ""
        self.folder: Path | None = None
        self.entries: list[BackupEntry] = []
        #: replaced in tests: the folder chooser, the new file's path, the replace confirmation
        self.ask_folder: Callable[[], str] = lambda: choose_folder(self)
        self.ask_restore_path: Callable[[Path, str], str] = (
            lambda folder, name: ask_new_store_path(self, folder, name))
        self.confirm_replace: Callable[[str, str], str | None] = (
            lambda live, backup: confirm_replace(self, live, backup))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 20, 24, 16)
        lay.setSpacing(10)
        title = Label(translate("backup_dialogs", "Backups"))
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        intro = Label(translate(
            "backup_dialogs",
            "Safety Map keeps encrypted copies of your store in a folder you choose: "
            "another disk, a USB stick or a network share. A copy is as safe as the "
            "store itself: it opens only with your passphrase or recovery key."))
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        lay.addWidget(intro)

        row = QHBoxLayout()
        folder_caption = Label(translate("backup_dialogs", "Backup folder:"))
        self.folder_text = Label()
        self.folder_text.setWordWrap(True)
        self.folder_text.setAccessibleName(translate("backup_dialogs", "Backup folder"))
        self.folder_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(translate("backup_dialogs", "Choose a folder…"))
        self.choose_button.setAccessibleName(
            translate("backup_dialogs", "Choose the backup folder"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(folder_caption)
        row.addWidget(self.folder_text, 1)
        row.addWidget(self.choose_button)
        lay.addLayout(row)

        row = QHBoxLayout()
        self.status_text = Label()
        self.status_text.setAccessibleName(translate("backup_dialogs", "Last good backup"))
        self.backup_button = QPushButton(translate("backup_dialogs", "Back up now"))
        self.backup_button.setObjectName("primary")
        self.backup_button.setAccessibleName(translate("backup_dialogs", "Back up now"))
        self.backup_button.setAutoDefault(False)
        self.backup_button.clicked.connect(self.back_up_now)
        row.addWidget(self.status_text, 1)
        row.addWidget(self.backup_button)
        lay.addLayout(row)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(translate("backup_dialogs", "Working, please wait"))
        self.busy.hide()
        lay.addWidget(self.busy)

        list_caption = Label(translate("backup_dialogs", "Backups in this folder, newest first"))
        list_caption.setObjectName("sectionTitle")
        lay.addWidget(list_caption)
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(
            translate("backup_dialogs", "Backups in this folder, newest first"))
        self.list.setColumnCount(4)
        self.list.setHeaderLabels([translate("backup_dialogs", "Made"),
                                   translate("backup_dialogs", "Families"),
                                   translate("backup_dialogs", "Size"),
                                   translate("backup_dialogs", "Check")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setAccessibleName(
            translate("backup_dialogs", "Columns: made, families, size, check"))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        list_caption.setBuddy(self.list)
        self.list.currentItemChanged.connect(lambda *_a: self._update())
        lay.addWidget(self.list, 1)

        self.message = Label()
        self.message.setWordWrap(True)
        self.message.setObjectName("hint")
        self.message.setAccessibleName(translate("backup_dialogs", "What happened"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.message)
        self.problem = Label()
        self.problem.setObjectName("confidentialBadge")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(translate("backup_dialogs", "Problem"))
        self.problem.hide()
        lay.addWidget(self.problem)

        row = QHBoxLayout()
        self.restore_button = QPushButton(
            translate("backup_dialogs", "Restore into a new file…"))
        self.restore_button.setAccessibleName(
            translate("backup_dialogs", "Restore the chosen backup into a new file"))
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_new)
        self.replace_button = QPushButton(
            translate("backup_dialogs", "Replace my store with this backup…"))
        self.replace_button.setAccessibleName(
            translate("backup_dialogs", "Replace my store with the chosen backup"))
        self.replace_button.setAutoDefault(False)
        self.replace_button.clicked.connect(self.replace)
        self.replace_button.setVisible(replace_store is not None)
        self.close_button = QPushButton(translate("backup_dialogs", "Close"))
        self.close_button.setAccessibleName(translate("backup_dialogs", "Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.restore_button)
        row.addWidget(self.replace_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        lay.addLayout(row)

        self.refresh()

    # -- reading ------------------------------------------------------------------------------
    @property
    def is_busy(self) -> bool:
        return self._busy

    def _status(self) -> BackupStatus | None:
        from ..services import backups

        try:
            return backups.status(self.store)
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self._problem(error_sentence(exc))
            return None

    def refresh(self) -> None:
        """The folder and the last good backup now; the list from a pool thread (each backup
        is opened to be described)."""
        st = self._status()
        if st is None:
            return
        self.folder = st.folder
        if st.folder is None:
            self.folder_text.setText(translate("backup_dialogs", "None chosen yet"))
            self.status_text.setText(
                translate("backup_dialogs", "No backup folder set. Choose one to start."))
        else:
            self.folder_text.setText(str(st.folder))
            self.status_text.setText(status_words(st) + ".")
        self._update()
        if st.folder is None:
            self._fill([])
            return
        from ..services import backups

        store = self.store
        self._run(lambda: backups.list_backups(store), self._listed,
                  translate("backup_dialogs", "Reading the backups…"))

    def _listed(self, entries: list[BackupEntry]) -> None:
        self._idle()
        self._fill(entries)

    def _fill(self, entries: list[BackupEntry]) -> None:
        self.entries = sorted(entries, key=lambda e: e.taken_at, reverse=True)
        self.list.clear()
        from ..services.backups import size_words

        for e in self.entries:
            check = (translate("backup_dialogs", "Checked, good") if e.ok else
                     (e.problem or translate("backup_dialogs", "Could not be checked")))
            item = QTreeWidgetItem([when_words(e.taken_at), families_words(e.families),
                                    size_words(e.size_bytes), check])
            item.setData(0, ENTRY_ROLE, str(e.path))
            item.setToolTip(3, check)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        elif self.folder is not None and not self.message.text():
            self.message.setText(
                translate("backup_dialogs", "There are no backups in this folder yet."))
        self._update()

    def chosen(self) -> BackupEntry | None:
        item = self.list.currentItem()
        if item is None:
            return None
        path = item.data(0, ENTRY_ROLE)
        return next((e for e in self.entries if str(e.path) == path), None)

    def _update(self) -> None:
        entry = self.chosen()
        usable = entry is not None and entry.ok and not self._busy
        self.restore_button.setEnabled(usable)
        self.replace_button.setEnabled(usable)
        self.backup_button.setEnabled(not self._busy and self.folder is not None)
        self.choose_button.setEnabled(not self._busy)

    # -- background work ----------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], text: str) -> None:
        self._busy = True
        self.busy.show()
        self.problem.hide()
        self._working_text = text
        self.message.setText(text)
        self._update()
        self._task = run_in_background(work, done, self._failed, receiver=self)

    def _idle(self) -> None:
        self._busy = False
        self._task = None
        self.busy.hide()
        if self.message.text() == self._working_text:  # a result said since stays
            self.message.setText("")
        self._update()

    def _failed(self, message: str) -> None:
        self._idle()
        self._problem(message)

    def _problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    # -- actions ------------------------------------------------------------------------------
    def choose(self) -> None:
        if self._busy:
            return
        path = self.ask_folder()
        if not path:
            return
        from ..services import backups

        try:
            backups.set_folder(self.store, Path(path))
        except Exception as exc:  # noqa: BLE001
            self._problem(error_sentence(exc))
            return
        self.changed.emit()
        self.refresh()

    def back_up_now(self) -> None:
        if self._busy:
            return
        from ..services import backups

        store = self.store
        self._run(lambda: backups.back_up_now(store), self._backed_up,
                  translate("backup_dialogs", "Making a backup… you can carry on working."))

    def _backed_up(self, entry: BackupEntry) -> None:
        self._idle()
        self.changed.emit()
        self.refresh()
        if entry.ok:
            self.message.setText(
                translate("backup_dialogs", "Backup made {when} and checked: {families}.")
                .format(when=when_words(entry.taken_at), families=families_words(entry.families)))
        else:
            self._problem(translate("backup_dialogs",
                                    "The backup was made but did not check out: {problem}")
                          .format(problem=entry.problem))

    def restore_new(self) -> None:
        entry = self.chosen()
        if self._busy or entry is None or not entry.ok:
            return
        path = self.ask_restore_path(self.store.path.parent, restored_name())
        if not path:
            return
        target = Path(path)
        if target.resolve() == self.store.path.resolve():
            self._problem(translate("backup_dialogs",
                                    "That is your store itself. To replace it, use Replace my "
                                    "store with this backup; to keep it, choose a new name."))
            return
        from ..services import backups

        store, source = self.store, entry.path
        self._run(lambda: backups.restore(source, target, store=store),
                  lambda result: self._restored(entry, result),
                  translate("backup_dialogs",
                            "Restoring the backup into a new file and checking it…"))

    def _restored(self, entry: BackupEntry, result: tuple[Path, int]) -> None:
        self._idle()
        path, families = result
        self.message.setText(translate(
            "backup_dialogs",
            "The backup from {when} has been restored into a new file, {name}, in the folder "
            "{folder}. It holds {families} and opens with the same passphrase as the backup. "
            "Your store has not been changed.").format(
                when=when_words(entry.taken_at), name=Path(path).name,
                folder=Path(path).parent, families=families_words(families)))

    def replace(self) -> None:
        entry = self.chosen()
        if self._busy or entry is None or not entry.ok or self.replace_store is None:
            return
        from ..services import backups

        try:
            live = backups.describe_store_at(self.store.path, self.store)
            backup = backups.describe_store_at(entry.path, self.store)
        except Exception as exc:  # noqa: BLE001
            self._problem(error_sentence(exc))
            return
        passphrase = self.confirm_replace(
            live, translate("backup_dialogs", "the backup made {when} ({backup})")
            .format(when=when_words(entry.taken_at), backup=backup))
        if not passphrase:
            return
        from ..services import security

        secret, store, replace_store = [passphrase], self.store, self.replace_store
        del passphrase

        def check() -> str:  # a typo is said here, before anything is locked or moved
            p = secret.pop()
            security.check_passphrase(store, p)
            return p

        self._run(check, lambda p: replace_store(entry.path, p),
                  translate("backup_dialogs", "Checking your passphrase…"))


# -- the calm line that asks once for a folder ----------------------------------------------

class BackupPrompt(PromptBanner):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("backup_dialogs", ASK_TEXT),
            name=translate("backup_dialogs", "Choose a backup folder"),
            text_name=translate("backup_dialogs", "No backup folder yet"),
            action=translate("backup_dialogs", "Choose a folder…"), action_id="backupChoose",
            action_name=translate("backup_dialogs", "Choose a backup folder"),
            later_id="backupLater",
            later_name=translate("backup_dialogs", "Not now: do not ask again"), parent=parent)
        self.choose_button = self.action_button


# -- the controller: status line, timer, the one question ------------------------------------

class BackupController(QObject):
    """Owned by the main window. `unlocked(store)` and `locked()` are called by it."""

    def __init__(self, window: QMainWindow, insert_banner: Callable[[QWidget], None], *,
                 keep_dialog: Callable[[QDialog], None] | None = None,
                 replace_store: Callable[[Path, str], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.insert_banner = insert_banner
        #: opens a dialog the window closes when it locks (MainWindow._keep_dialog)
        self.keep_dialog: Callable[[QDialog], None] = keep_dialog or (lambda d: d.open())
        self.replace_store = replace_store
        self.store: Store | None = None
        self.status_label = Label()
        self.status_label.setObjectName("backupStatus")
        self.status_label.setAccessibleName(translate("backup_dialogs", "Last backup"))
        window.statusBar().addPermanentWidget(self.status_label)
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.run_if_due)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(FIRST_CHECK_MS)
        self.first.timeout.connect(self.run_if_due)
        self.prompt: BackupPrompt | None = None
        self.dialog: BackupsDialog | None = None
        self._task: Task | None = None
        self._asked = False  # at most once a run, even if mark_asked fails
        #: replaced in tests: the folder chooser behind the prompt's "Choose a folder…"
        self.ask_folder: Callable[[], str] = lambda: choose_folder(self.window)

    # -- the window's calls -------------------------------------------------------------------
    def unlocked(self, store: Store) -> None:
        self.store = store
        self.refresh()
        self.first.start()
        self.timer.start()

    def locked(self) -> None:
        self.first.stop()
        self.timer.stop()
        self.store = None
        self._task = None
        self.status_label.setText("")
        if self.prompt is not None:
            self.prompt.hide()

    # -- status line -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.store is None:
            return
        from ..services import backups

        try:
            self.status_label.setText(status_words(backups.status(self.store)))
        except Exception as exc:  # noqa: BLE001 - the status line never stops the app
            log.error("backup status could not be read: %s", type(exc).__name__)
            self.status_label.setText("")

    # -- the quiet backup ---------------------------------------------------------------------
    def run_if_due(self) -> None:
        if self.store is None or (self._task is not None and not self._task.finished):
            return
        from ..services import backups

        store = self.store
        self._task = run_in_background(lambda: backups.run_if_due(store), self._ran,
                                       self._failed, receiver=self)

    def _ran(self, _entry: BackupEntry | None) -> None:
        self._task = None
        self.refresh()
        self.maybe_ask()

    def _failed(self, _message: str) -> None:
        self._task = None
        self.status_label.setText(
            translate("backup_dialogs", "The last backup did not work: see Settings ▸ Backups"))

    def maybe_ask(self) -> None:
        from ..services import backups

        if self.store is None or self._asked:
            return
        try:
            if not backups.status(self.store).should_ask:
                return
            backups.mark_asked(self.store)
        except Exception as exc:  # noqa: BLE001
            log.error("backup status could not be read: %s", type(exc).__name__)
            return
        self._asked = True
        if self.prompt is None:
            prompt = BackupPrompt()
            prompt.choose_button.clicked.connect(self._prompt_choose)
            prompt.later_button.clicked.connect(prompt.hide)
            self.insert_banner(prompt)
            self.prompt = prompt
        self.prompt.show()

    def _prompt_choose(self) -> None:
        if self.store is None:
            return
        path = self.ask_folder()
        if not path:
            return
        from ..services import backups

        if self.prompt is not None:
            self.prompt.hide()
        try:
            backups.set_folder(self.store, Path(path))
        except Exception as exc:  # noqa: BLE001
            self.status_label.setText(error_sentence(exc))
            return
        store = self.store
        self.status_label.setText(translate("backup_dialogs", "Making the first backup…"))
        self._task = run_in_background(lambda: backups.back_up_now(store),
                                       lambda _e: self._ran(None), self._failed, receiver=self)

    # -- Settings ▸ Backups --------------------------------------------------------------------
    def open_dialog(self, parent: QWidget | None = None) -> None:
        if self.store is None:
            return
        dlg = BackupsDialog(self.store, parent or self.window, replace_store=self.replace_store)
        dlg.changed.connect(self.refresh)
        dlg.finished.connect(lambda _r: self._dialog_closed())
        self.dialog = dlg
        self.keep_dialog(dlg)

    def _dialog_closed(self) -> None:
        self.dialog = None
        self.refresh()
