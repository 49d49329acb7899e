"""Every path the app uses comes from here.

platformdirs gives the right per-user folders on Windows, macOS and Linux. Tests and developers
override the data folder with SAFETYMAP_HOME (one override, so nothing leaks into a real profile).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "SafetyMap"
APP_AUTHOR = "SafetyMap"
STORE_FILENAME = "safetymap.db"


def data_dir() -> Path:
    override = os.environ.get("SAFETYMAP_HOME")
    if override:
        return Path(override) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    override = os.environ.get("SAFETYMAP_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def default_store_path() -> Path:
    return data_dir() / STORE_FILENAME


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource (fonts, practice templates, glossary).

    Resources are installed as the `safetymap.resources` package, so this works from a source
    checkout, an editable install, a wheel and a PyInstaller bundle alike.
    """
    base = resources.files("safetymap.resources")
    return Path(str(base.joinpath(*parts)))


def fonts_dir() -> Path:
    return resource_path("fonts")


def practice_dir() -> Path:
    return resource_path("practice")
