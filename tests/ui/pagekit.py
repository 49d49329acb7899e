"""Helpers for the map-page tests: open a real page on a real demo store, read back the store.

Set SAFETYMAP_SHOTS=/some/folder to save a PNG of each page a test opens (to look at them)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from safetymap.practice.templates import get_template
from safetymap.services.demo import add_demo_families
from safetymap.services.families import load_family
from safetymap.services.supervision import initials_view
from safetymap.ui.autosave import Autosaver
from safetymap.ui.workspace.page import WorkspaceContext

SIZE = (1100, 700)  # the page area of a 1366x768 window, next to the navigation


def open_page(qtbot: Any, store: Any, cls: type, family: int = 0,
              initials_only: bool = False) -> tuple[Any, WorkspaceContext]:
    fid = add_demo_families(store)[family]
    doc = load_family(store, fid)
    ctx = WorkspaceContext(store, fid, get_template(doc["family"]["template_id"]), Autosaver(),
                           QUndoStack(), initials_only=initials_only)
    page = cls(ctx)
    # as the workspace does: after an undo or redo the family is shown again from the store
    def refresh_all() -> None:
        fresh = load_family(store, fid)
        page.show_document(initials_view(fresh) if initials_only else fresh)

    ctx.refresh_all = refresh_all
    qtbot.addWidget(page)
    page.resize(*SIZE)
    page.show_document(doc)
    page.show()
    QApplication.processEvents()
    shots = os.environ.get("SAFETYMAP_SHOTS")
    if shots:
        grab(page, Path(shots) / f"{page.page_key}_{family}.png")
    return page, ctx


def grab(page: QWidget, path: Path) -> None:
    """Save what the page looks like (whole scrolling body, not just the visible part)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    body = getattr(page, "scroll_area", None)
    (body.widget() if isinstance(body, QScrollArea) else page).grab().save(str(path))


def doc(ctx: WorkspaceContext) -> dict[str, Any]:
    ctx.autosaver.flush()
    return load_family(ctx.store, ctx.family_id)


def person(d: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in d["people"] if p["name"] == name)


def entries(d: dict[str, Any], area: str) -> list[dict[str, Any]]:
    return [e for e in d["map"] if e["area"] == area]


def visible_texts(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        for attr in ("text", "placeholderText", "toolTip", "accessibleName"):
            fn = getattr(w, attr, None)
            if callable(fn):
                try:
                    v = fn()
                except TypeError:
                    continue
                if isinstance(v, str) and v:
                    out.append(v)
    return out


def unnamed_controls(root: QWidget) -> list[str]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractScrollArea,
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )

    kinds = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QAbstractSpinBox,
             QAbstractSlider, QAbstractScrollArea)
    bad = []
    for w in root.findChildren(QWidget):
        if (isinstance(w, kinds) or w.focusPolicy() != Qt.FocusPolicy.NoFocus) \
                and not w.accessibleName():
            bad.append(f"{type(w).__name__} {w.objectName()!r}")
    return bad
