"""Start the desktop app: one QApplication, the bundled font and calm theme, the main window.

Unexpected errors never show a traceback: they are logged by type only (a message could contain
case data) and the person sees a calm sentence.
"""

from __future__ import annotations

import logging
import sys
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
    return int(app.exec())
