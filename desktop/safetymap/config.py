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


def restrict_umask() -> None:
    """Files and folders this process creates are the user's alone (0600 and 0700). Called
    before the first file is written (the settings ini, before any store is opened)."""
    if os.name == "posix":
        os.umask(0o077)


def private_dir(path: Path) -> Path:
    """Make `path` (and any missing parents) with mode 0700, and make it 0700 if it is ours and
    already there: nobody else may list what the app keeps in it."""
    restrict_umask()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
                path.chmod(0o700)
        except OSError:
            pass
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty with mode 0600 if it is missing (a library that writes it later then
    keeps that mode), and make it 0600 if it is there."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(fd)
    except OSError:
        return path  # a symlink or an unwritable file: QSettings will say nothing, we chmod nothing
    if os.name == "posix":
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
    return path


def organisation_file() -> Path | None:
    """The organisation's settings file (an escrow public key, for now): SAFETYMAP_ORGANISATION,
    else organisation.json in the config folder, if there is one. ARCHITECTURE.md gives its
    format."""
    override = os.environ.get("SAFETYMAP_ORGANISATION")
    if override:
        return Path(override).expanduser()
    path = config_dir() / "organisation.json"
    return path if path.exists() else None


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
