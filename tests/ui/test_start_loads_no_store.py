"""Starting the app shows the unlock screen without loading SQLAlchemy, the team sync or
psycopg (the store's modules are warmed up on a thread once the window is up). The start time
is measured in make bench, where loading the team sync early once cost half a second."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_the_unlock_screen_comes_before_the_store_and_the_team(tmp_path):
    code = (
        "import os, sys, json\n"
        "from safetymap.ui import app as app_mod\n"
        "def when_shown(app):\n"
        "    from PySide6.QtCore import QTimer\n"
        "    def shown():\n"
        "        names = ('sqlalchemy', 'psycopg', 'safetymap.team.sync', 'babel.dates')\n"
        "        print(json.dumps([n for n in names if n in sys.modules]), flush=True)\n"
        "        os._exit(0)\n"
        "    QTimer.singleShot(0, shown)\n"
        "app_mod._exit_when_shown = when_shown\n"
        "from safetymap import cli\n"
        "cli.main(['--store', sys.argv[1]])\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SAFETYMAP_EXIT_WHEN_SHOWN": "1",
           "SAFETYMAP_HOME": str(tmp_path / "home")}
    # the language already chosen, so the first window is the unlock screen itself
    (tmp_path / "home" / "config").mkdir(parents=True)
    (tmp_path / "home" / "config" / "safetymap-ui.ini").write_text("[ui]\nlanguage=en\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.db")], env=env,
                          capture_output=True, text=True, timeout=120)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("[")]
    assert lines, (done.stdout[-500:], done.stderr[-1500:])
    assert json.loads(lines[-1]) == []
