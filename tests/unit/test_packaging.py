"""pyproject lists packages by hand (see its comment); this keeps the list complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT / "desktop").parts)
        for p in (ROOT / "desktop" / "safetymap").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml packages: {sorted(found - listed)}"


def test_fonts_and_licence_ship():
    from safetymap import config

    names = {p.name for p in config.fonts_dir().iterdir()}
    assert "OFL.txt" in names
    assert "AtkinsonHyperlegibleNext_400Regular.ttf" in names
