"""The screens' language: asked at the first start with both choices in both languages,
changed in Settings, applied by a restart the app offers; and the main screens in Welsh."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from safetymap.ui import tr
from safetymap.ui.settings import AppSettings, SettingsDialog
from safetymap.ui.welcome_language import LanguageWelcome

from .shell_support import make_store, open_window, visible_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_question_offers_both_languages_in_both(qtbot):
    dlg = LanguageWelcome()
    qtbot.addWidget(dlg)
    texts = {code: b.text() for code, b in dlg.buttons.items()}
    assert set(texts) == {"cy", "en"}
    assert "Cymraeg" in texts["cy"] and "Welsh" in texts["cy"]
    assert "English" in texts["en"] and "Saesneg" in texts["en"]
    words = visible_text(dlg)
    assert "Croeso" in words and "Welcome" in words
    dlg.buttons["cy"].click()
    assert dlg.chosen == "cy" and dlg.result() == 1


def _start(env_home: Path, patch: str) -> subprocess.CompletedProcess[str]:
    """The real run_app in a new process, up to its first window (SAFETYMAP_EXIT_WHEN_SHOWN),
    with the question answered by `patch`."""
    code = ("import sys; from safetymap.ui import app, welcome_language\n"
            f"{patch}\n"
            "sys.exit(app.run_app())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SAFETYMAP_EXIT_WHEN_SHOWN": "1",
           "SAFETYMAP_HOME": str(env_home), "XDG_CONFIG_HOME": str(env_home / "config")}
    env.pop("SAFETYMAP_LANGUAGE", None)  # the person answers, not the environment
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


def test_the_first_start_asks_once_and_keeps_the_answer(tmp_path):
    home = tmp_path / "home"
    asked = _start(home, "welcome_language.ask_language = lambda: (print('asked'), 'cy')[1]")
    assert asked.returncode == 0, asked.stderr[-2000:]
    assert "asked" in asked.stdout and "shown" in asked.stdout
    ini = list(home.rglob("safetymap-ui.ini"))
    assert ini and "language=cy" in ini[0].read_text()
    # the second start does not ask again
    again = _start(home, "def no(): raise SystemExit('asked again')\n"
                         "welcome_language.ask_language = no")
    assert again.returncode == 0 and "asked again" not in again.stderr, again.stderr[-2000:]
    # closing the question without an answer keeps English and asks again next time
    other = tmp_path / "other"
    closed = _start(other, "welcome_language.ask_language = lambda: ''")
    assert closed.returncode == 0, closed.stderr[-2000:]
    assert not any("language=" in p.read_text() for p in other.rglob("safetymap-ui.ini"))


def test_settings_changes_the_language_and_says_so(qtbot):
    settings = AppSettings()
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    dlg.accept()  # the control: nothing changed
    assert dlg.language_changed is False and settings.language == "en"
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    dlg.language.setCurrentIndex(dlg.language.findData("cy"))
    dlg.accept()
    assert dlg.language_changed is True and AppSettings().language == "cy"


def test_the_restart_closes_the_store_then_starts_again(qtbot, store_path, monkeypatch):
    make_store(store_path)
    win = open_window(qtbot, store_path)
    assert win.store is not None
    started: list[tuple[str, list[str]]] = []
    from PySide6.QtCore import QProcess

    monkeypatch.setattr(QProcess, "startDetached",
                        staticmethod(lambda prog, args: started.append((prog, args)) or True))
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: None))
    assert win.restart() is True
    assert win.store is None  # closed, its lock let go, before the new process starts
    assert started and started[0][0] == sys.executable


def test_the_main_screens_in_welsh(qtbot, store_path):
    """The family list and a family's map at a glance, in Welsh: their headings, buttons and
    page list are Welsh (the family's own words stay as typed)."""
    make_store(store_path)
    assert tr.use("cy")
    try:
        win = open_window(qtbot, store_path)
        words = visible_text(win)
        assert "Teuluoedd" in words or "teulu" in words.lower(), words[:400]
        fid = win.family_list.current_family_id() if hasattr(win, "family_list") else None
        if fid is None:
            from safetymap.services.families import list_families

            fid = list_families(win.store)[0].id
        win.open_family(fid)
        words = visible_text(win)
        assert "Beth sy'n ein poeni ni?" in words or "pryder" in words.lower(), words[:600]
        for english in ("What are we worried about?", "What's working well?",
                        "Kitchen-table view", "Working view"):
            assert english not in words, english
    finally:
        tr.use("en")
