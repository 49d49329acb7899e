"""The main window: a small composer of views (unlock, family list, family workspace) with the
actions registered in one place.

It owns the things that must outlive a view: the open store, the autosaver, the undo stack and
the idle lock. Autosave is flushed on every focus change, when the app is deactivated (a closing
lid), before locking and on close, so nothing typed more than a second ago can be lost. The
window title never carries a name; QSettings holds only geometry, a family's numeric id and a
page key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .autosave import Autosaver
from .lock import ClipboardGuard, IdleWatcher
from .settings import AppSettings
from .tasks import error_sentence, run_in_background, running_tasks, stop_all_tasks
from .tr import QT_TRANSLATE_NOOP, translate
from .undo import forget_all, keep_over_lock, rebind
from .unlock import UnlockView
from .widgets.plain import Label

# Only what the unlock screen needs is imported before it is shown (ARCHITECTURE.md,
# "Performance"): the store, the ORM, the services and the family views are imported once the
# store is open, inside the methods that use them.
if TYPE_CHECKING:
    from ..practice.templates import Template
    from ..store.engine import Store
    from .export_dialog import ExportDialog
    from .family_list import FamilyListView
    from .workspace.workspace import WorkspaceView

#: the redo keys the menu offers besides the platform's own (Ctrl+Shift+Z, Ctrl+Y)
_REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))

log = logging.getLogger(__name__)

WINDOW_TITLE = "Safety Map"  # tr: both languages (the app's name)
LOCKED_UNSAVED = QT_TRANSLATE_NOOP(
    "main_window", "Safety Map is locked. The last change could not be saved before it locked; "
    "type your passphrase and check the page you were on.")


def purge_memory(scrub: Callable[[], None] | None = None) -> None:
    """After a lock: run Qt's deferred deletions (the pages' widgets and their text go now, not
    at the next turn of the event loop), free Python's cycles, and hand free heap pages back to
    the system (glibc's malloc_trim; pages handed back read as zeros)."""
    import gc

    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if scrub is not None:
            scrub()
        gc.collect()
    _scrub_free_blocks()
    _malloc_trim()


#: how many blocks of each of pymalloc's small size classes the scrub takes (and gives back)
SCRUB_BLOCKS = 2000


def _scrub_free_blocks() -> None:
    """Python's small-object allocator keeps freed blocks (with the text they held) for reuse.
    Take the free blocks of each size class with zero-filled bytes objects, then give them
    back, so what a freed string held is overwritten. About 17 MB for a moment."""
    import sys

    base = sys.getsizeof(b"")  # a bytes object's header and its closing NUL
    held = []
    for block in range(16, 513, 16):
        n = block - base
        if n >= 2:  # bytes of length 0 and 1 are shared singletons
            held.append([bytes(n) for _ in range(SCRUB_BLOCKS)])
    del held


def _malloc_trim() -> None:
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        pass


class Notice(QFrame):
    """A calm banner for sentences that need reading (never a modal box, never a traceback)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 10, 8)
        self.text = Label()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(translate("main_window", "Notice"))
        self.dismiss = QPushButton(translate("main_window", "OK"))
        self.dismiss.setAccessibleName(translate("main_window", "Dismiss this notice"))
        self.dismiss.clicked.connect(self.hide)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.dismiss)
        self.hide()

    def say(self, text: str) -> None:
        self.text.setText(text)
        self.show()


class ViewStack(QStackedWidget):
    """The window's views (unlock, family list, a family). Only the view on show counts for
    the window's minimum size: Qt's own stack takes the largest of all of them, hidden ones
    too, which made the window wider or taller than a 1366x768 screen at 150% (issue 13,
    item 12)."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        w = self.currentWidget()
        return w.minimumSizeHint().expandedTo(w.minimumSize()) if w is not None else QSize()

    def sizeHint(self) -> QSize:  # noqa: N802
        w = self.currentWidget()
        return w.sizeHint() if w is not None else super().sizeHint()


def available_rect(widget: QWidget) -> QRect:
    """The screen area a window may use (without panels and docks)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def default_size(avail: QRect) -> QSize:
    """The first size of the window: 1280x720, or all of a small screen's available area (a
    1366x768 laptop), so the map and the supervision view fit side by side."""
    if avail.width() <= 1440:
        return QSize(avail.width(), avail.height())
    return QSize(1280, 720)


class MainWindow(QMainWindow):
    def __init__(self, store_path: Path, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("Safety Map")  # tr: both languages (the app's name)
        self.store_path = Path(store_path)
        self.settings = settings or AppSettings()
        self.store: Store | None = None
        self.workspace: WorkspaceView | None = None
        self.export_dialog: ExportDialog | None = None
        # Dialogs that show case data; closed when the window locks.
        self.dialogs: list[QDialog] = []
        self._resume: tuple[int | None, str | None] = self.settings.place()
        # the worker profile is asked for at most once a run (ui/profile_dialog.py)
        self._profile_asked = False
        self.profile_dialog: QDialog | None = None
        self.settings_dialog: QDialog | None = None
        self.profile_prompt: QWidget | None = None  # made when first needed
        self._show_profile_prompt = False
        self.autosaver = Autosaver(self)
        self.undo_stack = QUndoStack(self)
        self._locking = False
        self._undo_kept = False  # the undo steps were kept over the last lock
        self._released: list[object] = []  # Python halves of deleted workspaces (release())
        # what this app put on the clipboard is cleared on lock and quit (ui/lock.py)
        self.clipboard_guard = ClipboardGuard(self)

        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.notice = Notice()
        col.addWidget(self.notice)
        self._column = col
        self.stack = ViewStack()
        self.stack.setObjectName("mainStack")
        col.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.unlock_view = UnlockView(self.store_path)
        self.unlock_view.unlocked.connect(self._unlocked)
        self.stack.addWidget(self.unlock_view)
        self.stack.currentChanged.connect(lambda _i: self._update_profile_prompt())
        self.family_list: FamilyListView | None = None  # made at the first unlock

        self.idle = IdleWatcher(self.settings.idle_minutes, self)
        self.idle.idle.connect(self.lock)

        self._build_actions()
        self.statusBar().setAccessibleName(translate("main_window", "Status"))
        from .backup_dialogs import BackupController  # Qt only: the services load at unlock

        # the quiet "Last backup: …" line, the hourly backup and the one question (a folder)
        self.backups = BackupController(self, lambda w: self._column.insertWidget(1, w),
                                        keep_dialog=self._keep_dialog,
                                        replace_store=self.replace_store_with_backup)
        self.recovery_prompt: QWidget | None = None  # made when first needed
        self._recovery_asked = False  # "no recovery key yet" is said at most once a run
        self.security_dialog: QDialog | None = None
        self.recovery_dialog: QDialog | None = None  # the recovery key, shown once
        self._replace_task: object = None
        self.autosaver.saved.connect(self._saved)
        self.autosaver.failed.connect(self.say)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.applicationStateChanged.connect(self._app_state_changed)
            # Ctrl+Z in a text box of the workspace is the store's undo, not the box's own
            app.installEventFilter(self)

        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(default_size(available_rect(self)))
        self.fit_to_screen()  # a saved size from a bigger screen, or 1280x720 at 150%
        self._chosen_size: QSize | None = self.size()  # fitted again with its frame, once shown
        self.show_unlock()

    # -- fitting the screen ----------------------------------------------------------------
    def fit_to_screen(self) -> None:
        """Open no larger than the screen's available area (its frame included), and on it:
        at 150% a 1366x768 screen leaves 911x512 (issue 13, item 12). The window cannot grow
        past it later either: no view asks for more than the screen has (ViewStack, the
        workspace's HeaderBar; tests/ui/test_shell_stuck_points.py)."""
        if self.isMaximized() or self.isFullScreen():
            return
        avail = available_rect(self)
        frame, inner = self.frameGeometry(), self.geometry()
        extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
        least = self.minimumSizeHint().expandedTo(self.minimumSize())
        w = max(least.width(), min(self.width(), avail.width() - extra_w))
        h = max(least.height(), min(self.height(), avail.height() - extra_h))
        if (w, h) != (self.width(), self.height()):
            self.resize(w, h)
        frame = self.frameGeometry()
        x = max(avail.left(), min(frame.x(), avail.right() + 1 - frame.width()))
        y = max(avail.top(), min(frame.y(), avail.bottom() + 1 - frame.height()))
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Shown for the first time at the size chosen above: now that the window has its
        frame, make sure the frame fits too (a size set since by the caller is kept)."""
        super().showEvent(event)
        if self._chosen_size is not None and self.size() == self._chosen_size:
            QTimer.singleShot(0, self, self.fit_to_screen)
        self._chosen_size = None

    # -- actions (all registered here) -------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey
                | tuple[QKeySequence, ...] | None = None,
                name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                act.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        act.setObjectName(name or text)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        # each Welsh menu item has its own accelerator (&) in the catalogue
        self.new_family_action = self._action(translate("main_window", "New family…"),
                                              self.new_family, QKeySequence.StandardKey.New,
                                              "newFamily")
        self.families_action = self._action(translate("main_window", "All families"),
                                            self.show_families, QKeySequence("Ctrl+Shift+F"),
                                            "families")
        self.export_action = self._action(translate("main_window", "Print or save a document…"),
                                          self.export_document, QKeySequence("Ctrl+E"), "export")
        self.settings_action = self._action(translate("main_window", "Settings…"),
                                            self.open_settings, None, "settings")
        self.lock_action = self._action(translate("main_window", "Lock now"), self.lock,
                                        QKeySequence("Ctrl+L"), "lock")
        self.quit_action = self._action(translate("main_window", "Quit"), self.close,
                                        QKeySequence.StandardKey.Quit, "quit")
        self.undo_action = self._action(translate("main_window", "Undo"), self.undo,
                                        QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = self._action(translate("main_window", "Redo"), self.redo,
                                        _REDO_KEYS, "redo")
        self.guided_action = self._action(translate("main_window", "Guided conversation"),
                                          self.toggle_guided, QKeySequence("Ctrl+G"), "guided")
        self.guided_action.setCheckable(True)
        self.supervision_action = self._action(translate("main_window", "Supervision"),
                                               self.toggle_supervision,
                                               QKeySequence("Ctrl+Shift+S"), "supervision")
        self.supervision_action.setCheckable(True)
        self.group_action = self._action(
            translate("main_window", "Group supervision (initials only)"), self.toggle_group,
            QKeySequence("Ctrl+Shift+G"), "groupSupervision")
        self.group_action.setCheckable(True)
        self.history_action = self._action(translate("main_window", "History…"),
                                           self.open_history, QKeySequence("Ctrl+Shift+H"),
                                           "history")
        self.next_region_action = self._action(
            translate("main_window", "Next part of the window"),
            lambda: self._next_region(True), QKeySequence("F6"), "nextRegion")
        self.previous_region_action = self._action(
            translate("main_window", "Previous part of the window"),
            lambda: self._next_region(False), QKeySequence("Shift+F6"), "previousRegion")
        self.bundle_export_action = self._action(
            translate("main_window", "Hand this family over (save a bundle)…"),
            self.export_bundle, None, "bundleExport")
        self.bundle_import_action = self._action(
            translate("main_window", "Receive a family from a bundle…"),
            self.import_bundle, None, "bundleImport")
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda t: self._name_step(self.undo_action, False, t))
        self.undo_stack.redoTextChanged.connect(
            lambda t: self._name_step(self.redo_action, True, t))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        from .team import TeamController, refresh_views  # small, Qt only: the Team submenu

        self.team = TeamController(self, flush=self.autosaver.flush,
                                   keep_dialog=self._keep_dialog)
        self.team.message.connect(self.say)
        self.team.open_family.connect(self.open_family)
        self.team.records_arrived.connect(lambda: refresh_views(self))
        self.autosaver.saved.connect(self.team.saved)

        bar = self.menuBar()
        bar.setAccessibleName(translate("main_window", "Menu"))
        m = bar.addMenu(translate("main_window", "&File"))
        for a in (self.new_family_action, self.families_action, self.export_action, None,
                  self.bundle_export_action, self.bundle_import_action, None,
                  self.settings_action, self.lock_action, None, self.quit_action):
            m.addSeparator() if a is None else m.addAction(a)
        m.insertMenu(self.settings_action, self.team.menu)
        m.insertSeparator(self.settings_action)
        e = bar.addMenu(translate("main_window", "&Edit"))
        e.addAction(self.undo_action)
        e.addAction(self.redo_action)
        v = bar.addMenu(translate("main_window", "&View"))
        v.addAction(self.guided_action)
        v.addAction(self.history_action)
        v.addSeparator()
        v.addAction(self.supervision_action)
        v.addAction(self.group_action)
        # Go: every page of the family with its Ctrl+number (the workspace's own actions,
        # listed while a family is open), and F6 round the parts of the window
        self.go_menu = bar.addMenu(translate("main_window", "&Go"))
        self.go_menu.setObjectName("goMenu")
        self._page_menu_actions: list[QAction] = []
        self.go_pages_end = self.go_menu.addSeparator()
        self.go_menu.addAction(self.next_region_action)
        self.go_menu.addAction(self.previous_region_action)
        self._update_actions()

    def _update_actions(self) -> None:
        unlocked = self.store is not None
        in_family = self.workspace is not None and self.stack.currentWidget() is self.workspace
        self.new_family_action.setEnabled(unlocked)
        self.families_action.setEnabled(unlocked)
        self.lock_action.setEnabled(unlocked)
        self.export_action.setEnabled(in_family)
        self.guided_action.setEnabled(in_family)
        for a in (self.supervision_action, self.group_action, self.history_action,
                  self.bundle_export_action, self.next_region_action,
                  self.previous_region_action):
            a.setEnabled(in_family)
        self.bundle_import_action.setEnabled(unlocked)
        self.team.update_actions()
        self.menuBar().setEnabled(True)

    # -- messages ---------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.notice.say(text)

    def _saved(self) -> None:
        if self.store is not None:
            self.statusBar().showMessage(translate("main_window", "Everything is saved."), 4000)

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if self.store is not None:
            from ..services import changesets  # loaded with the store by now

            if self.autosaver.pending:
                self.autosaver.flush()
            # the field lost focus: what is typed next is a new version (and undo step)
            changesets.close_burst(self.store)

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive and self.store is not None:
            self.autosaver.flush()

    # -- unlock and lock --------------------------------------------------------------------
    def show_unlock(self) -> None:
        self.stack.setCurrentWidget(self.unlock_view)
        self.unlock_view.focus_passphrase()
        self._update_actions()

    def _make_family_list(self) -> FamilyListView:
        from .family_list import FamilyListView

        if self.family_list is None:
            self.family_list = FamilyListView(self._templates)
            self.family_list.open_family.connect(self.open_family)
            self.family_list.message.connect(self.say)
            self.stack.addWidget(self.family_list)
        return self.family_list

    def _unlocked(self, store: Store) -> None:
        created = self.unlock_view.mode == UnlockView.CREATE
        self.store = store
        self.notice.hide()
        self._make_family_list().set_store(store)
        _templates, problem = self.settings.templates_or_shipped()
        sentences = list(getattr(store, "integrity_warnings", None) or [])
        if problem:
            sentences.append(translate(
                "main_window", "Your organisation's practice templates could not be used, so "
                "the ones that come with Safety Map are being used instead. {problem}")
                .format(problem=problem))
        if sentences:
            # The store's own finding (lost recent changes, a missing seal) comes first: the
            # worker must know before typing on (ARCHITECTURE.md, "The seal").
            self.say(" ".join(sentences))
        self.idle.set_minutes(self.settings.idle_minutes)
        self.idle.start()
        fid, page = self._resume
        self._resume = (None, None)
        if fid is not None and self._family_exists(fid):
            self.open_family(fid, page, keep_undo=self._undo_kept)
        else:
            forget_all(self.undo_stack)
            self.show_families()
        self._undo_kept = False
        self.team.unlocked(store)
        self.backups.unlocked(store)
        self.ask_profile(first_time=created)
        key, store.recovery_key = store.recovery_key, None
        if created and key:
            # shown once, over the profile form (which waits beneath it): the key comes first
            self.show_recovery_key(key)
        else:
            self.ask_recovery_key()
        del key

    # -- passphrase and recovery (ui/security_dialogs.py) -----------------------------------
    def show_recovery_key(self, key: str) -> None:
        from .security_dialogs import RecoveryKeyDialog

        dlg = RecoveryKeyDialog(key, self)
        self.recovery_dialog = dlg
        dlg.finished.connect(lambda _r: setattr(self, "recovery_dialog", None))
        self._keep_dialog(dlg)

    def ask_recovery_key(self) -> None:
        """A store with no recovery key (one upgraded from before key slots): a calm line over
        the window, at most once a run."""
        if self._recovery_asked or self.store is None:
            return
        try:
            if self.store.has_recovery_key:
                return
        except Exception as exc:  # noqa: BLE001 - never stop an unlock over this
            log.error("the key file could not be read: %s", type(exc).__name__)
            return
        self._recovery_asked = True
        if self.recovery_prompt is None:
            from .security_dialogs import RecoveryKeyPrompt

            prompt = RecoveryKeyPrompt()
            prompt.make_button.clicked.connect(lambda: self.open_security(make_key=True))
            prompt.later_button.clicked.connect(prompt.hide)
            self._column.insertWidget(1, prompt)
            self.recovery_prompt = prompt
        self.recovery_prompt.show()

    def open_security(self, parent: QWidget | None = None, *, make_key: bool = False) -> None:
        """Settings ▸ Passphrase and recovery (also from the "no recovery key" line); a lock
        closes it."""
        from .security_dialogs import SecurityDialog

        if self.store is None:
            return
        dlg = SecurityDialog(self.store, parent or self)
        self.security_dialog = dlg
        dlg.finished.connect(lambda _r: self._security_closed())
        self._keep_dialog(dlg)
        if make_key:
            QTimer.singleShot(0, dlg, dlg.make_recovery_key)

    def _security_closed(self) -> None:
        self.security_dialog = None
        try:
            has_key = self.store is not None and self.store.has_recovery_key
        except Exception:  # noqa: BLE001 - the line stays; nothing else depends on it
            has_key = False
        if has_key and self.recovery_prompt is not None:
            self.recovery_prompt.hide()

    def replace_store_with_backup(self, backup: Path, passphrase: str) -> None:
        """Settings ▸ Backups ▸ Replace my store: lock (every window closes, the store is
        closed), put the backup in place on a pool thread (`restore(..., replace=True)`, which
        checks it before it switches), then the unlock screen says what happened."""
        from ..services import backups
        from .backup_dialogs import families_words

        if self.store is None:
            return
        secret, path = [passphrase], self.store_path
        del passphrase
        self.lock()
        if self.store is not None:  # the lock did not happen
            return
        # the undo steps and the place belong to the store that is going: none may be
        # replayed against the backup
        forget_all(self.undo_stack)
        self._undo_kept = False
        self._resume = (None, None)
        self.settings.save_place(None, None)
        view = self.unlock_view
        view.show_locking(True, translate("main_window", "Putting the backup in place and "
                                          "checking it… this takes a moment."))

        def work() -> tuple[Path, int]:
            return backups.restore(backup, path, passphrase=secret.pop(), replace=True)

        def done(result: tuple[Path, int]) -> None:
            view.show_locking(False)
            view.set_mode(UnlockView.LOCKED, translate(
                "main_window", "Your store has been replaced with the backup, and it checked "
                "out ({families}). The store as it was is kept beside it, in the same folder. "
                "Type your passphrase to open it.").format(families=families_words(result[1])))
            self.show_unlock()

        def failed(message: str) -> None:
            view.show_locking(False)
            view.set_mode(UnlockView.LOCKED, translate(
                "main_window", "{problem} Type your passphrase to open your store.")
                .format(problem=message))
            self.show_unlock()

        self._replace_task = run_in_background(work, done, failed, receiver=self)

    def ask_profile(self, first_time: bool = False) -> None:
        """Who is using Safety Map (ui/profile_dialog.py), at most once a run, only while the
        store has no profile. Just after the store is created: the short form, window-modal.
        After a later unlock: a calm line over the family list that opens the form (an unlock
        may go straight back to a family's page, in front of the family)."""
        from ..services.profile import get_profile

        if self._profile_asked or self.store is None:
            return
        try:
            if get_profile(self.store).is_set:
                return
        except Exception as exc:  # noqa: BLE001 - never stop an unlock over this
            log.error("the worker profile could not be read: %s", type(exc).__name__)
            return
        self._profile_asked = True
        if first_time:
            self.open_profile_form(first_time=True)
        else:
            self._show_profile_prompt = True
            self._update_profile_prompt()

    def open_profile_form(self, first_time: bool = False) -> None:
        from .profile_dialog import ProfileDialog

        if self.store is None:
            return
        dlg = ProfileDialog(self.store, self, first_time=first_time)
        self.profile_dialog = dlg
        dlg.accepted.connect(self._profile_saved)
        dlg.finished.connect(lambda _r: setattr(self, "profile_dialog", None))
        self._keep_dialog(dlg)

    def _profile_prompt_later(self) -> None:
        self._show_profile_prompt = False
        self._update_profile_prompt()
        if self.family_list is not None and self.stack.currentWidget() is self.family_list:
            self.family_list.focus_search()

    def _update_profile_prompt(self) -> None:
        want = (self._show_profile_prompt and self.store is not None
                and self.family_list is not None
                and self.stack.currentWidget() is self.family_list)
        if want and self.profile_prompt is None:
            from .profile_dialog import ProfilePrompt

            prompt = ProfilePrompt()
            prompt.add_button.clicked.connect(lambda: self.open_profile_form())
            prompt.later_button.clicked.connect(self._profile_prompt_later)
            self._column.insertWidget(1, prompt)
            self.profile_prompt = prompt
        if self.profile_prompt is not None:
            self.profile_prompt.setVisible(want)

    def _profile_saved(self) -> None:
        self._show_profile_prompt = False
        self._update_profile_prompt()
        self.statusBar().showMessage(
            translate("main_window", "Thank you. Your name goes on the plans you print."), 6000)
        if self.family_list is not None and self.stack.currentWidget() is self.family_list:
            self.family_list.focus_search()

    def _family_exists(self, fid: int) -> bool:
        from ..services import families

        assert self.store is not None
        try:
            return bool(families.list_families(self.store, include_archived=True,
                                               only_ids=[fid]))
        except Exception:  # noqa: BLE001
            return False

    def lock(self) -> None:
        """Lock now, and the idle lock: nothing of the family stays on screen or in memory
        (ARCHITECTURE.md, "Desktop app", auto-lock).

        In order: pending typing is saved; the place is remembered (ids only); every dialog and
        the export window close; every background task is cancelled and waited for (a busy
        line on the lock screen while it takes); every view holding case data is destroyed
        (the workspace's pages and its cached family document, the family list's rows and
        search text, the undo steps, the autosaver's closures, the passphrase box and its undo
        history); the clipboard is cleared if it still holds what was copied here; only then is
        the store closed (its key wiped, connections closed). Last, Qt's deferred deletions run
        and Python's collector frees what was let go of."""
        if self.store is None or self._locking:
            return
        self._locking = True
        try:
            self._lock()
        finally:
            self._locking = False

    def _lock(self) -> None:
        self.idle.stop()
        saved = self.autosaver.flush() or self.autosaver.flush()
        self._resume = (self.workspace.ctx.family_id, self.workspace.current_page_key()) if (
            self.workspace is not None and self.stack.currentWidget() is self.workspace) else (
            None, None)
        self._remember_place()
        store, self.store = self.store, None
        assert store is not None
        if self.export_dialog is not None:
            self.export_dialog.done(0)
            self.export_dialog = None
        self._close_dialogs()
        self.team.locked()  # the team password is forgotten here
        self.backups.locked()
        if self.recovery_prompt is not None:
            self.recovery_prompt.hide()
        # the lock screen first, so nothing of the family shows while tasks are stopped
        unsaved = "" if saved else translate("main_window", LOCKED_UNSAVED)
        self.unlock_view.set_mode(UnlockView.LOCKED, unsaved)
        self.show_unlock()
        if running_tasks():
            self.unlock_view.show_locking(True)
            stop_all_tasks(while_waiting=lambda: QApplication.processEvents(
                QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents))
            self.unlock_view.show_locking(False)
        self._close_workspace()
        if self.family_list is not None:
            self.family_list.set_store(None)
            self.family_list.search.setText("")  # setText, unlike clear(), empties its undo
        # undo steps are changeset ids: kept (with neutral words) so undo works after unlock
        self._undo_kept = keep_over_lock(self.undo_stack)
        self._drop_pending_saves()
        self.clipboard_guard.clear_ours()
        self.notice.hide()
        self.notice.text.setText("")
        self.statusBar().clearMessage()
        try:
            store.close()
        except Exception as exc:  # noqa: BLE001
            log.error("closing the store failed: %s", type(exc).__name__)
        del store
        self._update_actions()
        purge_memory(self._scrub_released)

    def _drop_pending_saves(self) -> None:
        """The autosaver's closures hold typed text: after the flush, none may stay. (A save
        that failed twice is given up: the lock screen says so.)"""
        self.autosaver.discard()

    # -- families ---------------------------------------------------------------------------
    def _templates(self) -> dict[str, Template]:
        return self.settings.templates_or_shipped()[0]

    def show_families(self) -> None:
        if self.store is None:
            return
        self.autosaver.flush()
        self._close_workspace()
        family_list = self._make_family_list()
        family_list.refresh()
        self.stack.setCurrentWidget(family_list)
        family_list.focus_search()
        self._remember_place()
        self._update_actions()

    def new_family(self) -> None:
        if self.store is None:
            return
        if self.family_list is None or self.stack.currentWidget() is not self.family_list:
            self.show_families()
        self._make_family_list().new_family()

    def open_family(self, family_id: int, page: str | None = None, *,
                    keep_undo: bool = False) -> None:
        """Open one family's workspace. The undo steps are the previous family's and go,
        unless this is the same family coming back after an unlock (`keep_undo`)."""
        from ..practice.templates import get_template
        from ..services import families
        from .workspace.workspace import WorkspaceView

        if self.store is None:
            return
        self.autosaver.flush()
        try:
            rows = families.list_families(self.store, include_archived=True,
                                          only_ids=[family_id])
        except Exception as exc:  # noqa: BLE001
            self.say(error_sentence(exc))
            return
        if not rows:
            self.say(translate("main_window", "That family is no longer in this store."))
            self.show_families()
            return
        extra = self.settings.templates_location or None
        try:
            template = get_template(rows[0].template_id, extra)
        except Exception:  # noqa: BLE001 - a broken organisation template: use ours
            template = get_template(rows[0].template_id, None)
        from . import tr

        template = template.in_language(tr.language())  # its Welsh, on Welsh screens
        self._close_workspace()
        if not keep_undo:
            forget_all(self.undo_stack)
        try:
            ws = WorkspaceView(self.store, family_id, template, self.autosaver, self.undo_stack)
        except Exception as exc:  # noqa: BLE001
            log.error("the workspace could not open: %s", type(exc).__name__)
            self.say(error_sentence(exc))
            self.show_families()
            return
        ws.back_to_families.connect(self.show_families)
        ws.export_requested.connect(self.export_document)
        ws.page_changed.connect(lambda _k: self._remember_place())
        ws.message.connect(self.say)
        ws.guided_button.toggled.connect(self.guided_action.setChecked)
        ws.supervision_changed.connect(self.supervision_action.setChecked)
        ws.group_changed.connect(self._group_changed)
        ws.history_requested.connect(self.open_history)
        self.workspace = ws
        self._list_pages(ws)
        if keep_undo:
            def tell(exc: Exception, w: WorkspaceView = ws) -> None:
                w.message.emit(error_sentence(exc))

            rebind(self.undo_stack, self.store, ws.reload, tell)
        self.stack.addWidget(ws)
        self.stack.setCurrentWidget(ws)
        ws.set_page(page)
        self._remember_place()
        self._update_actions()
        current = ws.current_page()
        first = current.first_focus() if current is not None else None
        if first is not None:
            # A brand-new family: the first thing to do is name the people, so start there.
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            ws.nav.setFocus()

    def _close_workspace(self) -> None:
        ws, self.workspace = self.workspace, None
        self._list_pages(None)
        if ws is not None:
            self.autosaver.flush()
            self.stack.removeWidget(ws)
            ws.hide()
            self._released += ws.release()  # the family document goes now, the pages below
            ws.setParent(None)
            ws.deleteLater()
            del ws
            QTimer.singleShot(0, self, self._scrub_released)
        self.guided_action.setChecked(False)
        self.supervision_action.setChecked(False)
        self.group_action.setChecked(False)
        self._close_dialogs()

    def _scrub_released(self) -> None:
        """The Python side of deleted workspace widgets keeps no case text (workspace.py)."""
        from .workspace.workspace import scrub_released

        self._released = scrub_released(self._released)

    def _remember_place(self) -> None:
        if self.store is None:
            return
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.settings.save_place(self.workspace.ctx.family_id,
                                     self.workspace.current_page_key())
        else:
            self.settings.save_place(None, None)

    # -- workspace actions ------------------------------------------------------------------
    def _close_dialogs(self) -> None:
        dialogs, self.dialogs = self.dialogs, []
        for d in dialogs:
            try:
                d.done(0)
                d.deleteLater()
            except RuntimeError:  # already deleted by Qt
                pass

    def _keep_dialog(self, dlg: QDialog) -> None:
        self.dialogs.append(dlg)
        dlg.finished.connect(lambda _r, d=dlg: self.dialogs.remove(d) if d in self.dialogs
                             else None)
        dlg.open()

    def _in_group(self) -> bool:
        return self.workspace is not None and self.workspace.group

    def undo(self) -> None:
        self._step(False, self.undo_stack.canUndo, self.undo_stack.undo)

    def redo(self) -> None:
        self._step(True, self.undo_stack.canRedo, self.undo_stack.redo)

    def _step(self, redo: bool, can: Callable[[], bool], do: Callable[[], None]) -> None:
        """Undo or redo one step: pending typing is saved first, so the step is the right one."""
        if self._in_group():
            self.say(translate("main_window", "Redo is paused during group supervision, while "
                               "the map shows initials.") if redo else
                     translate("main_window", "Undo is paused during group supervision, while "
                               "the map shows initials."))
            return
        self.autosaver.flush()
        if can():
            do()
            self.autosaver.flush()
            if self.workspace is not None:
                self.workspace.reload()

    def _next_region(self, forward: bool) -> None:
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.workspace.next_region(forward)

    def _list_pages(self, ws: WorkspaceView | None) -> None:
        """The Go menu lists the open family's pages (Ctrl+1 …), or none."""
        for act in self._page_menu_actions:
            self.go_menu.removeAction(act)
        self._page_menu_actions = list(ws.page_actions) if ws is not None else []
        for act in self._page_menu_actions:
            self.go_menu.insertAction(self.go_pages_end, act)

    def toggle_guided(self) -> None:
        if self.workspace is not None:
            self.workspace.set_guided(not self.workspace.guided)
            self.guided_action.setChecked(self.workspace.guided)

    # -- supervision, history and handing over ----------------------------------------------
    def toggle_supervision(self) -> None:
        if self.workspace is not None:
            self.workspace.set_supervision(not self.workspace.supervising)
            self.supervision_action.setChecked(self.workspace.supervising)

    def toggle_group(self) -> None:
        if self.workspace is not None:
            self.workspace.set_group(not self.workspace.group)
            self.group_action.setChecked(self.workspace.group)

    def _group_changed(self, on: bool) -> None:
        self.group_action.setChecked(on)
        if on and self.workspace is not None and self.notice.text.text():
            # a sentence said before may name someone (issue 13, item 14)
            self.notice.text.setText(self.workspace.rename(self.notice.text.text()))
        self.statusBar().clearMessage()
        self._close_dialogs()  # a history dialog opened before would still show names
        self._name_step(self.undo_action, False, self.undo_stack.undoText())
        self._name_step(self.redo_action, True, self.undo_stack.redoText())

    def _name_step(self, action: QAction, redo: bool, words: str) -> None:
        """"Undo remove Lena": the step's own words, except in group supervision, where the
        screen shows initials only (the menu says just "Undo" then)."""
        if self._in_group():
            words = ""
        if redo:
            text = (translate("main_window", "Redo {step}").format(step=words.lower()) if words
                    else translate("main_window", "Redo"))
        else:
            text = (translate("main_window", "Undo {step}").format(step=words.lower()) if words
                    else translate("main_window", "Undo"))
        action.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A text box takes Ctrl+Z (and Ctrl+Shift+Z, Ctrl+Y) for its own undo, which would
        write its older text as a new change and wipe the redo steps. Inside the workspace
        those keys are the window's Undo and Redo: the store's, one changeset at a time."""
        if event.type() == QEvent.Type.KeyPress and self.workspace is not None \
                and isinstance(event, QKeyEvent) and watched is QApplication.focusWidget() \
                and self.workspace.handle_key(event):
            return True  # Tab in reading order, Enter on a button (workspace.handle_key)
        if event.type() == QEvent.Type.ShortcutOverride and self.workspace is not None \
                and isinstance(event, QKeyEvent) and (
                    event.matches(QKeySequence.StandardKey.Undo)
                    or event.matches(QKeySequence.StandardKey.Redo)
                    or QKeySequence(event.keyCombination()) in _REDO_KEYS):
            focus = QApplication.focusWidget()
            if focus is not None and self.workspace.isAncestorOf(focus):
                event.ignore()  # not the box's: the window's shortcut runs
                return True
        return super().eventFilter(watched, event)

    def open_history(self, tab: str = "entries") -> None:
        from .history import HistoryDialog

        ws = self.workspace
        if self.store is None or ws is None:
            return
        self.autosaver.flush()
        entry_id = ws.focused_entry_id()
        try:
            doc = ws.ctx.reload()
        except Exception as exc:  # noqa: BLE001
            self.say(error_sentence(exc))
            return
        entry_uid = next((e["uid"] for e in doc.get("map", []) if e["id"] == entry_id), None)
        dlg = HistoryDialog(self.store, ws.ctx.family_id, ws.ctx.template, doc, self,
                            tab=tab if isinstance(tab, str) else "entries",
                            entry_uid=entry_uid, rename=ws.supervision._make_rename(),
                            on_undone=ws.reload)
        self.history_dialog = dlg
        self._keep_dialog(dlg)

    def export_bundle(self) -> None:
        from .bundle_dialogs import BundleExportDialog

        ws = self.workspace
        if self.store is None or ws is None:
            return
        self.autosaver.flush()
        dlg = BundleExportDialog(self.store, ws.ctx.family_id,
                                 ws.doc["family"]["display_name"], self)
        self.bundle_dialog: QDialog = dlg
        self._keep_dialog(dlg)

    def import_bundle(self) -> None:
        from .bundle_dialogs import BundleImportDialog

        if self.store is None:
            return
        self.autosaver.flush()
        dlg = BundleImportDialog(self.store, self)
        dlg.imported.connect(self._bundle_imported)
        self.bundle_dialog = dlg
        self._keep_dialog(dlg)

    def _bundle_imported(self, family_id: int) -> None:
        self._make_family_list().refresh()
        self.open_family(family_id)

    def export_document(self, kind: str = "plan") -> None:
        from .export_dialog import ExportDialog

        if self.store is None or self.workspace is None:
            return
        self.autosaver.flush()
        dlg = ExportDialog(self.store, self.workspace.ctx.family_id, self,
                           initial_kind=kind if isinstance(kind, str) else "plan")
        self.export_dialog = dlg
        dlg.finished.connect(lambda _r: setattr(self, "export_dialog", None))
        dlg.open()

    def open_settings(self) -> None:
        from .settings import SettingsDialog

        dlg = SettingsDialog(self.settings, self, store=self.store,
                             open_security=self.open_security if self.store else None,
                             open_backups=self.backups.open_dialog if self.store else None)
        self.settings_dialog = dlg
        self.dialogs.append(dlg)  # it shows the worker's name: locking closes it
        try:
            accepted = dlg.exec() == QDialog.DialogCode.Accepted
        finally:
            if dlg in self.dialogs:
                self.dialogs.remove(dlg)
            self.settings_dialog = None
        if accepted and getattr(dlg, "language_changed", False):
            self.offer_restart()
        if accepted:
            self.idle.set_minutes(self.settings.idle_minutes)
            if getattr(dlg, "profile_saved", False):
                self._show_profile_prompt = False
                self._update_profile_prompt()
            if self.workspace is not None and self.store is not None:
                self.open_family(self.workspace.ctx.family_id,
                                 self.workspace.current_page_key())

    def offer_restart(self) -> bool:
        """A new screen language applies from the next start: offer to restart now (the
        question in both languages, since the person has just changed which one they read).
        True when the restart was started."""
        box = QMessageBox(self)
        box.setWindowTitle("Safety Map")  # tr: both languages
        box.setText("Mae'r iaith newydd yn dechrau pan fydd Safety Map yn ailgychwyn. "
                    "Ailgychwyn nawr? Mae eich gwaith wedi'i gadw.\n\n"  # tr: both languages
                    "The new language starts when Safety Map restarts. Restart now? Your work "
                    "is saved.")
        now = box.addButton("Ailgychwyn nawr · Restart now",  # tr: both languages
                            QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Wedyn · Later", QMessageBox.ButtonRole.RejectRole)  # tr: both languages
        box.setDefaultButton(now)
        box.exec()
        if box.clickedButton() is not now:
            return False
        return self.restart()

    def restart(self) -> bool:
        """Close as a person would (everything saved, the store closed and its lock let go),
        then start Safety Map again the way it was started, and leave. False when the new
        process could not be started (the person is told to open it again)."""
        import sys

        from PySide6.QtCore import QProcess

        args = list(getattr(sys, "orig_argv", sys.argv)[1:]) or ["-m", "safetymap"]
        self.close()
        started = bool(QProcess.startDetached(sys.executable, args))
        if not started:
            QMessageBox.information(None, "Safety Map",  # tr: both languages
                                    "Ni allai Safety Map ailgychwyn ar ei ben ei hun: agorwch "
                                    "ef eto.\n\nSafety Map could not start again by itself: "
                                    "open it again.")  # tr: both languages
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return started

    # -- closing ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.autosaver.flush()
        self.team.locked()
        self.backups.locked()
        stop_all_tasks()
        self._remember_place()
        self.settings.save_geometry(self.saveGeometry())
        self.settings.sync()
        self._close_workspace()
        self.clipboard_guard.clear_ours()
        if self.store is not None:
            store, self.store = self.store, None
            try:
                store.close()
            except Exception as exc:  # noqa: BLE001
                log.error("closing the store failed: %s", type(exc).__name__)
        self.idle.stop()
        self.idle.detach()
        super().closeEvent(event)
