"""Helpers for the shell tests (app, unlock, lock, People, Plan, Assessment): a real store file,
a real MainWindow, unlocked through the real unlock view (the KDF runs on a pool thread)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from safetymap.services.families import load_family
from safetymap.store.engine import Store

from ..conftest import copy_demo_store

PASSPHRASE = "kitchen table blue kettle morning"
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QTextEdit,
               QAbstractSpinBox, QAbstractSlider, QAbstractItemView, QMenuBar)


def make_store(path: Path, demo: bool = True) -> list[int]:
    """A closed store at `path`: a byte copy of the session's demo store (tests/conftest.py), or a
    new empty store with demo=False. Returns the demo family ids."""
    if demo:
        return copy_demo_store(path)
    Store.create(path, PASSPHRASE).close()
    return []


def unlock(qtbot: Any, win: Any, passphrase: str = PASSPHRASE) -> None:
    view = win.unlock_view
    view.passphrase.setText(passphrase)
    view.submit()
    qtbot.waitUntil(lambda: not view.is_busy, timeout=20000)


def open_window(qtbot: Any, store_path: Path, *, size: tuple[int, int] = (1366, 768)) -> Any:
    from safetymap.ui.app import make_app
    from safetymap.ui.main_window import MainWindow

    make_app()
    win = MainWindow(store_path)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.store is not None, timeout=20000)
    return win


def read_family(store_path: Path, fid: int) -> dict[str, Any]:
    """Open the store afresh (the window must have released it) and read one family."""
    store = Store.open(store_path, PASSPHRASE)
    try:
        return load_family(store, fid)
    finally:
        store.close()


def family_doc(win: Any, fid: int) -> dict[str, Any]:
    """Read what is in the store now, through the window's open store (after a flush)."""
    win.autosaver.flush()
    return load_family(win.store, fid)


def visible_interactive(root: QWidget) -> list[QWidget]:
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not isinstance(w, INTERACTIVE):
            continue
        if isinstance(w, QScrollBar):
            continue  # scroll bars belong to their scroll area, which is named
        parent = w.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue  # the line edit inside a spin box or combo box
        out.append(w)
    return out


def unnamed(root: QWidget) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r} text={getattr(w, 'text', lambda: '')()!r}"
            for w in visible_interactive(root) if not w.accessibleName().strip()]


def visible_text(root: QWidget) -> str:
    bits = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        for attr in ("text", "toPlainText", "placeholderText", "title"):
            fn = getattr(w, attr, None)
            if callable(fn):
                try:
                    v = fn()
                except TypeError:
                    continue
                if isinstance(v, str):
                    bits.append(v)
        if hasattr(w, "topLevelItemCount"):
            for i in range(w.topLevelItemCount()):
                it = w.topLevelItem(i)
                bits += [it.text(c) for c in range(w.columnCount())]
                for j in range(it.childCount()):
                    bits.append(it.child(j).text(0))
        if hasattr(w, "count") and hasattr(w, "item"):
            try:
                bits += [w.item(i).text() for i in range(w.count())]
            except (TypeError, AttributeError):
                pass
    return "\n".join(bits)


def focus_out(qtbot: Any, win: Any) -> None:
    win.autosaver.flush()
    qtbot.wait(10)

