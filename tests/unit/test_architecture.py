"""The layers: nothing below ui/ imports Qt, so every rule can be tested without a screen."""

from __future__ import annotations

import ast
from pathlib import Path

import safetymap

PKG = Path(safetymap.__file__).parent
QT_FREE = ("domain", "store", "practice", "export", "services")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_qt_free_packages_do_not_import_qt():
    offenders = []
    for sub in QT_FREE:
        for f in (PKG / sub).rglob("*.py"):
            bad = _imports(f) & {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
            if bad:
                offenders.append(f"{f.relative_to(PKG)} imports {', '.join(sorted(bad))}")
    assert not offenders, offenders
    assert sum(1 for sub in QT_FREE for _ in (PKG / sub).rglob("*.py")) > 10


def test_the_checker_would_catch_an_offender(tmp_path):
    f = tmp_path / "bad.py"
    f.write_text("from PySide6.QtCore import QObject\n")
    assert "PySide6" in _imports(f)
