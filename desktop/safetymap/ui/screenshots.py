"""Render every main screen at 1366×768 with the fictional demo families, for looking at.

    python -m safetymap.ui.screenshots build/screenshots

Uses a throwaway store in a temp folder with the fast test KDF and an isolated settings folder,
so it never touches a real profile. Set QT_SCALE_FACTOR=1.5 to see the screens at 150%.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "kitchen table blue kettle morning"
SIZE = (1366, 768)


def _wait(app, cond: Callable[[], bool], timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not cond():
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get ready in time")
        time.sleep(0.01)


def _settle(app, ms: int = 150) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def build(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SAFETYMAP_TEST_FAST_KDF"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix="safetymap-shots-"))
    os.environ["SAFETYMAP_HOME"] = str(tmp / "home")

    from ..services.demo import add_demo_families
    from ..store.engine import Store
    from .app import make_app
    from .main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    app = make_app()

    def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        _settle(app)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    # First run: create a store.
    first = MainWindow(tmp / "new" / "safetymap.db")
    first.resize(*SIZE)
    first.show()
    first.unlock_view.passphrase.setText("kitchen table blue")
    first.unlock_view.again.setText("kitchen table")
    shot(first, "01-create-store")
    first.close()

    store_path = tmp / "store" / "safetymap.db"
    store = Store.create(store_path, PASSPHRASE)
    ids = add_demo_families(store)
    store.close()

    win = MainWindow(store_path)
    win.resize(*SIZE)
    win.show()
    win.unlock_view.passphrase.setText("wrong passphrase here")
    win.unlock_view.submit()
    _wait(app, lambda: not win.unlock_view.is_busy)
    shot(win, "02-unlock-wrong-passphrase")
    win.unlock_view.passphrase.setText(PASSPHRASE)
    win.unlock_view.submit()
    _wait(app, lambda: win.store is not None)
    win.show_families()
    shot(win, "03-family-list")
    win.family_list.search.setText("Gwen")
    win.family_list.refresh()
    shot(win, "03b-family-list-search")
    win.family_list.search.clear()

    win.open_family(ids[0])
    ws = win.workspace
    assert ws is not None
    for i, key in enumerate(ws.page_keys):
        ws.set_page(key)
        if key == "people":
            tree = ws.pages["people"].tree
            for r in range(tree.topLevelItemCount()):
                top = tree.topLevelItem(r)
                if top.childCount():
                    tree.setCurrentItem(top.child(0))
                    break
        shot(win, f"04-{i + 1}-page-{key}")

    ws.set_page("worried")
    ws.set_guided(True)
    shot(win, "05-guided-mode")
    ws.set_page("judgement")
    shot(win, "05b-guided-judgement")
    ws.set_guided(False)

    win.open_family(ids[1])  # the Welsh early-help family
    shot(win, "04b-people-davies-wellbeing")
    win.workspace.set_page("plan")
    shot(win, "04c-plan-davies")

    win.open_family(ids[0], "plan")
    win.export_document("plan")
    dlg = win.export_dialog
    assert dlg is not None
    _wait(app, lambda: "Checking" not in dlg.reading.text())
    shot(dlg, "06-export-dialog")
    dlg.done(0)

    win.lock()
    shot(win, "07-lock-screen")
    win.close()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "build/screenshots")
    for p in build(out):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
