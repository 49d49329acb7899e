"""Start the desktop app: one QApplication, the bundled font and calm theme, the main window.

Unexpected errors never show a traceback: they are logged by type only (a message could contain
case data) and the person sees a calm sentence.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from .. import config
from .theme import apply_theme

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Safety Map")
    app.setOrganizationName("SafetyMap")
    app.setApplicationDisplayName("Safety Map")
    apply_theme(app)
    return app


def _install_excepthook(window) -> None:  # type: ignore[no-untyped-def]
    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        log.error("unexpected error: %s", exc_type.__name__)
        try:
            window.say("Something went wrong. Everything saved is safe; if this keeps "
                       "happening, close Safety Map and open it again.")
        except Exception:  # noqa: BLE001
            pass

    sys.excepthook = hook


def run_app(store_path: Path | None = None) -> int:
    from .main_window import MainWindow

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app()
    window = MainWindow(Path(store_path) if store_path else config.default_store_path())
    _install_excepthook(window)
    window.show()
    if os.environ.get("SAFETYMAP_EXIT_WHEN_SHOWN") == "1":
        _exit_when_shown(app)
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
