"""Start the desktop app: one QApplication, the bundled font and calm theme, the main window.

Unexpected errors never show a traceback: they are logged by type only (a message could contain
case data) and the person sees a calm sentence.

Qt itself must not remember where a worker saved a family's document: Qt's own settings (history
and last folder of QFileDialog) are pointed at a path that cannot be written, and Qt messages
that name a file or folder (QDesktopServices, for one, logs the path it failed to open) are
withheld from the log.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from .. import config
from .theme import apply_theme
from .tr import translate

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)


def qt_settings_nowhere() -> str:
    """A folder that can never be made, for Qt's own settings: below /dev/null, or elsewhere
    below an empty file in our config folder."""
    if os.name == "posix":
        return os.path.join(os.devnull, "qt-settings")
    blocker = config.config_dir() / "qt-settings-off"
    try:
        blocker.parent.mkdir(parents=True, exist_ok=True)
        if not blocker.is_file():
            blocker.write_bytes(b"")
    except OSError:
        pass
    return str(blocker / "qt-settings")


def keep_qt_settings_off_disk() -> None:
    """Qt's dialogs keep their own state in QSettings(UserScope, "QtProject"): QFileDialog's
    destructor writes its history and the last folder visited (so a folder named after a family
    would sit in ~/.config/QtProject.conf). Point the user-scope paths of both file formats
    somewhere that cannot be written. The app's own settings name their file explicitly
    (settings.py), so they are not affected. On Windows and macOS the native format is the
    registry or a plist, which has no path; export_dialog scrubs the dialog before it goes."""
    nowhere = qt_settings_nowhere()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, nowhere)


#: a URL scheme, an absolute path (POSIX or Windows) or a home-relative one
_NAMES_A_PATH = re.compile(r"[a-z][a-z0-9+.-]*:/|(?:^|[\s'\"(=\[<])(?:[a-z]:)?[\\/]\S|~[\\/]",
                           re.IGNORECASE)
_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
           QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
           QtMsgType.QtFatalMsg: logging.CRITICAL}
WITHHELD = "(a Qt message was withheld: it named a file or folder)"  # tr: not shown (the log)


def withhold_paths(message: str) -> str:
    if _NAMES_A_PATH.search(message) or str(Path.home()) in message:
        return WITHHELD
    return message


class _QtMessageFilter:
    """Qt's messages go to the log (or the handler that was there before), except that one
    naming a file or folder is replaced by a sentence saying it was withheld."""

    def __init__(self) -> None:
        self.previous: Any = None

    def __call__(self, mode: QtMsgType, context: Any, message: str) -> None:
        message = withhold_paths(message)
        if self.previous is not None:
            self.previous(mode, context, message)
            return
        logging.getLogger("qt").log(_LEVELS.get(mode, logging.WARNING), "%s", message)


def install_qt_message_filter() -> None:
    new = _QtMessageFilter()
    previous = qInstallMessageHandler(new)
    if isinstance(previous, _QtMessageFilter):  # already there (make_app runs again)
        qInstallMessageHandler(previous)
        return
    new.previous = previous


def make_app(argv: list[str] | None = None) -> QApplication:
    keep_qt_settings_off_disk()
    install_qt_message_filter()
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Safety Map")
    app.setOrganizationName("SafetyMap")
    app.setApplicationDisplayName("Safety Map")
    apply_theme(app)
    return app


def _install_excepthook(window: MainWindow) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        log.error("unexpected error: %s", exc_type.__name__)
        try:
            window.say(translate("app", "Something went wrong. Everything saved is safe; if "
                                 "this keeps happening, close Safety Map and open it again."))
        except Exception:  # noqa: BLE001
            pass

    sys.excepthook = hook


def run_app(store_path: Path | None = None) -> int:
    from ..hardening import harden

    harden()  # first: no core file, not dumpable, before any store or passphrase exists
    config.restrict_umask()  # before Qt starts: every file made from here on is 0600
    from .main_window import MainWindow

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    from . import tr
    from .settings import AppSettings

    settings = AppSettings()
    if os.environ.get("SAFETYMAP_EXIT_WHEN_SHOWN") == "1":
        _exit_when_shown(app)  # whichever window comes first: the language question or unlock
    forced = os.environ.get("SAFETYMAP_LANGUAGE", "")  # cy/en: no question (tests, kiosks)
    if forced in (tr.WELSH, tr.ENGLISH):
        tr.use(forced)
    elif not settings.language:  # the first start: asked before anything else is shown
        from .welcome_language import ask_language

        chosen = ask_language()
        if chosen:  # closed without a choice: English now, and asked again next time
            settings.language = chosen
            settings.sync()
    if forced not in (tr.WELSH, tr.ENGLISH):
        tr.use(settings.language or tr.ENGLISH)
    window = MainWindow(Path(store_path) if store_path else config.default_store_path(),
                        settings)
    _install_excepthook(window)
    window.show()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, _warm_up)
    return int(app.exec())


#: Qt-free modules the window needs once the store is open; imported on a plain thread while the
#: person types the passphrase, so deferring them (ARCHITECTURE.md, "Performance") does not make
#: unlocking slower.
WARM_UP = ("safetymap.store.engine", "safetymap.services.families", "safetymap.practice.templates")


def _warm_up() -> None:
    import importlib
    import threading

    def work() -> None:
        for name in WARM_UP:
            try:
                importlib.import_module(name)
            except Exception as exc:  # noqa: BLE001 - it is imported again where it is used
                log.warning("warming up %s failed: %s", name, type(exc).__name__)

    threading.Thread(target=work, name="safetymap-warm-up").start()


def _exit_when_shown(app: QApplication) -> None:
    """SAFETYMAP_EXIT_WHEN_SHOWN=1, for `make bench`'s gui_start_ms: once the event loop has
    painted the first window (the unlock screen), print `shown <unix time>` and leave at once.
    No store is opened and no setting is written."""
    from PySide6.QtCore import QTimer

    def shown() -> None:
        app.processEvents()
        print(f"shown {time.time():.6f}", flush=True)
        os._exit(0)

    QTimer.singleShot(0, shown)
