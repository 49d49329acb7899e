"""The promises hold at the edges: nothing readable leaves the store, and case text is shown as
typed.

1. A scripted run of the real app (run_app, offscreen) in a fresh process whose HOME, XDG config,
   cache, data and state folders and TMPDIR all point into one temp folder, started with the
   common umask 022: it creates a store, a family, a person with an address, types into the
   People and Worried pages, saves a plan as a PDF through Qt's own file dialog into a folder
   named after the family, asks Qt to open that file (Qt used to log its path), locks and quits.
   Then every file under that folder (the store's own files included: they are encrypted) and the
   captured stdout and stderr are searched for the sentinel in UTF-8, UTF-16-LE and URL-encoded
   form; the one saved PDF is the only file allowed to hold it. Every file the run made is 0600
   and every folder 0700. Controls: planted files (and a planted line of stderr) are found by
   the same sweep, and the saved PDF would be found if it were not excused.
2. Every label on every page of the workspace (and the family list, guided mode, supervision and
   history) for a family whose every text field holds `Markup <b>family</b> & co` is plain text,
   or rich text with the case text escaped. Control: a label made the Qt default way (AutoText)
   is caught by the same detector. A source check refuses a bare `QLabel(` in ui/ (labels are
   made with widgets/plain.Label).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parents[2]

# -- 1. the sweep ---------------------------------------------------------------------------------
_SCRIPT = textwrap.dedent(r'''
    import os, sys
    os.umask(0o022)  # the usual login umask: the app must make its own files private
    from pathlib import Path
    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QFileDialog

    S = sys.argv[1]
    folder = Path(sys.argv[2])
    from safetymap.ui.app import make_app, run_app
    app = make_app()
    state = {"step": 0}

    def window():
        from safetymap.ui.main_window import MainWindow
        return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    def drive_file_dialog():
        ds = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, QFileDialog) and w.isVisible()]
        if not ds:
            QTimer.singleShot(20, drive_file_dialog)
            return
        ds[0].setDirectory(str(folder))
        ds[0].selectFile("plan.pdf")
        ds[0].accept()

    def steps():
        win = window()
        view = win.unlock_view
        assert view.mode == view.CREATE
        view.passphrase.setText("kitchen table blue kettle morning")
        view.again.setText("kitchen table blue kettle morning")
        view.submit()
        yield lambda: win.store is not None
        if win.profile_dialog is not None:  # first run: who are you? ("Not now")
            win.profile_dialog.reject()
        from safetymap.services import people as people_cmds
        fid = win.family_list.create_family(f"{S} family", "child-protection")
        yield lambda: win.workspace is not None
        win.workspace.set_page("people")
        people = win.workspace.pages["people"]
        QTest.keyClicks(people.new_name, f"Mam {S}")
        people.add_button.click()
        win.autosaver.flush()
        from safetymap.services.families import load_family
        pid = load_family(win.store, fid)["people"][0]["id"]
        people_cmds.add_contact(win.store, pid, "address", f"7 {S} Road, Cardiff", label="home")
        win.open_family(fid, "worried")
        worried = win.workspace.pages["worried"]
        worried.worries.add_button.click()
        card = worried.worries.cards[max(worried.worries.cards)]
        card.text.setFocus()
        QTest.keyClicks(card.text, f"{S} is worried about the stairs")
        win.autosaver.flush()
        win.export_action.trigger()
        dlg = win.export_dialog
        dlg.safety_check = lambda kind, safe_copy: True  # its own dialog, tested on its own
        yield lambda: "Checking" not in dlg.reading.text()
        QTimer.singleShot(0, drive_file_dialog)
        dlg.save_button.click()  # the real Save as PDF: Qt's own file dialog
        yield lambda: not dlg.is_busy
        assert dlg.last_path == folder / "plan.pdf", "not saved"
        # what Qt logged before: "Launch of 'file:///…/plan.pdf' failed"
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(dlg.last_path)))
        win.lock()
        assert win.store is None
        win.close()
        print("script finished", flush=True)
        app.quit()

    def advance():
        try:
            cond = state.get("cond")
            if cond is None or cond():
                state["cond"] = next(state["gen"])
        except StopIteration:
            return
        except Exception as exc:
            print("script failed:", type(exc).__name__, flush=True)
            import traceback; traceback.print_exc()
            os._exit(3)
        QTimer.singleShot(30, advance)

    def start():
        state["gen"] = steps()
        advance()

    QTimer.singleShot(0, start)
    sys.exit(run_app())
''')


def _encodings(needle: str) -> list[bytes]:
    forms = {needle, quote(needle), quote(needle, safe=""), needle.lower()}
    out: list[bytes] = []
    for f in forms:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            b = f.encode(enc)
            if b not in out:
                out.append(b)
    return out


def sweep(root: Path, needles: list[str], *, streams: dict[str, str] | None = None,
          excused: frozenset[Path] = frozenset()) -> list[str]:
    """Every file under root whose name or bytes hold a needle (in any of its forms), and every
    captured stream that does."""
    patterns = [b for n in needles for b in _encodings(n)]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in dirnames + filenames:
            p = here / name
            if p in excused:
                continue
            if any(n.lower() in name.lower() for n in needles):
                found.append(f"{p}: its name")
        for name in filenames:
            p = here / name
            if p in excused or p.is_symlink() or not p.is_file():
                continue
            data = p.read_bytes()
            low = data.lower()
            if any(b in data or b.lower() in low for b in patterns):
                found.append(f"{p}: its contents")
    for label, text in (streams or {}).items():
        data = text.encode("utf-8", "surrogateescape")
        if any(b in data or b.lower() in data.lower() for b in patterns):
            found.append(f"{label}")
    return found


def modes(root: Path, before: set[Path]) -> list[str]:
    """Files not 0600 and folders not 0700, among those that were not there before."""
    bad = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in dirnames:
            p = here / name
            if p not in before and not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) != 0o700:
                bad.append(f"{p}: {oct(stat.S_IMODE(p.stat().st_mode))}")
        for name in filenames:
            p = here / name
            if p not in before and not p.is_symlink() and \
                    stat.S_IMODE(p.lstat().st_mode) != 0o600:
                bad.append(f"{p}: {oct(stat.S_IMODE(p.lstat().st_mode))}")
    return bad


def _fresh_env(root: Path) -> tuple[dict[str, str], Path]:
    home = root / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "SAFETYMAP_", "QT_", "TMP", "TEMP"))}
    nobin = root / "no-programs"  # no xdg-open or viewer to launch, no session bus to ask
    nobin.mkdir(exist_ok=True)
    env.update(PATH=str(nobin), DBUS_SESSION_BUS_ADDRESS="disabled:",
               HOME=str(home), TMPDIR=str(root / "tmp"), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_STATE_HOME=str(home / ".local" / "state"),
               SAFETYMAP_TEST_FAST_KDF="1", SAFETYMAP_LANGUAGE="en", PYTHONDONTWRITEBYTECODE="1", LANG="C.UTF-8")
    for p in (home, root / "tmp", home / ".config", home / ".cache", home / ".local" / "share",
              home / ".local" / "state"):
        p.mkdir(parents=True, exist_ok=True)
    return env, home


@pytest.fixture(scope="module")
def scripted_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweep")
    sentinel = f"Zqxsentinel{uuid.uuid4().hex[:6]}"
    env, home = _fresh_env(root)
    folder = home / "Documents" / f"{sentinel} family folder"
    folder.mkdir(parents=True)
    before = {Path(d) / n for d, ds, fs in os.walk(root) for n in ds + fs}
    run = subprocess.run([sys.executable, "-c", _SCRIPT, sentinel, str(folder)], env=env,
                         cwd=root / "tmp", capture_output=True, text=True, timeout=300)
    return dict(root=root, home=home, sentinel=sentinel, folder=folder, run=run, before=before)


def test_the_scripted_run_leaves_the_sentinel_nowhere_but_the_saved_pdf(scripted_run):
    r = scripted_run
    run, sentinel, home = r["run"], r["sentinel"], r["home"]
    # what the run did (the script never prints the sentinel: stdout is swept too)
    assert run.returncode == 0 and "script finished" in run.stdout, \
        (run.stdout[-1500:], run.stderr[-3000:])
    pdf = r["folder"] / "plan.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    store = home / ".local" / "share" / "SafetyMap" / "safetymap.db"
    assert store.is_file() and store.stat().st_size > 0
    ini = home / ".config" / "SafetyMap" / "safetymap-ui.ini"
    assert ini.is_file() and "place" in ini.read_text("utf-8")

    # Qt did try to name the file on stderr, and the app withheld it
    assert "a Qt message was withheld" in run.stderr, run.stderr[-2000:]
    found = sweep(r["root"], [sentinel, f"{sentinel} family folder"],
                  streams={"stdout": run.stdout, "stderr": run.stderr},
                  excused=frozenset({pdf, r["folder"]}))
    assert found == []
    # the store's own files were swept (not excused): present, and encrypted
    swept = [p.name for p in store.parent.iterdir()]
    assert "safetymap.db" in swept


def test_every_file_the_run_made_is_0600_and_every_folder_0700(scripted_run):
    r = scripted_run
    assert r["run"].returncode == 0, r["run"].stderr[-3000:]
    made = [p for p in r["root"].rglob("*") if p not in r["before"]]
    assert any(p.name == "safetymap-ui.ini" for p in made)
    assert any(p.name == "safetymap.db" for p in made)
    assert modes(r["root"], r["before"]) == []
    assert stat.S_IMODE((r["home"] / ".config" / "SafetyMap").stat().st_mode) == 0o700


def test_control_the_sweep_finds_what_is_planted(scripted_run, tmp_path):
    """The same sweep and mode check, over a copy of what the run left plus planted leaks."""
    import shutil

    r = scripted_run
    sentinel = r["sentinel"]
    copy = tmp_path / "copy"
    shutil.copytree(r["root"], copy, symlinks=True)
    folder = copy / r["folder"].relative_to(r["root"])
    pdf = folder / "plan.pdf"
    assert sweep(copy, [sentinel], excused=frozenset({pdf, folder})) == []
    # the folder named after the family is seen by its name unless excused
    assert sweep(copy, [sentinel], excused=frozenset({pdf})) == [f"{folder}: its name"]
    # the saved PDF holds the sentinel, but compressed: the sweep reads bytes as they are, so
    # it is excused by name, and what it says is checked with a PDF reader
    from pypdf import PdfReader

    assert sentinel in "".join(pg.extract_text() for pg in PdfReader(pdf).pages)
    planted = {
        copy / "home" / ".cache" / "utf16.log": f"x {sentinel} x".encode("utf-16-le"),
        copy / "home" / ".config" / "QtProject.conf":
            f"lastVisited=file://{quote(str(r['folder']))}".encode(),
        copy / "tmp" / "note.txt": f"left {sentinel.upper()}".encode(),
    }
    for p, data in planted.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    named = copy / "home" / ".cache" / f"{sentinel}.thumb"
    named.write_bytes(b"")
    found = sweep(copy, [sentinel, r["folder"].name], excused=frozenset({pdf, folder}),
                  streams={"stderr": f"qt.qpa.services: Launch of '{r['folder']}' failed"})
    for p in planted:
        assert any(str(p) in f for f in found), (p, found)
    assert any(f.endswith(f"{named}: its name") for f in found)
    assert "stderr" in found
    # the mode check sees a file left 0644 and a folder left 0755
    before = {p for p in copy.rglob("*")} - {named}
    named.chmod(0o644)
    (copy / "loose").mkdir(mode=0o755)
    (copy / "loose").chmod(0o755)
    bad = modes(copy, before)
    assert any(str(named) in b and "0o644" in b for b in bad)
    assert any(str(copy / "loose") in b for b in bad)


_QSETTINGS = textwrap.dedent('''
    import os, sys
    os.umask(0o022)
    from pathlib import Path
    from PySide6.QtCore import QSettings
    mode = sys.argv[1]
    if mode == "app":
        from safetymap.ui.settings import AppSettings
        s = AppSettings()
        path = s.path
        s.idle_minutes = 5
        s.sync()
    else:
        from safetymap import config
        path = config.config_dir() / "safetymap-ui.ini"
        path.parent.mkdir(parents=True)
        q = QSettings(str(path), QSettings.Format.IniFormat)
        q.setValue("lock/idle_minutes", 5)
        q.sync()
    print(oct(os.stat(path).st_mode & 0o777), oct(os.stat(path.parent).st_mode & 0o777))
''')


@pytest.mark.parametrize("mode,expected", [("plain", "0o644 0o755"), ("app", "0o600 0o700")])
def test_the_settings_file_is_private_from_its_first_write(tmp_path, mode, expected):
    """Control ("plain": QSettings on its own, with umask 022, writes 0644 in a 0755 folder) and
    the app's settings, in a fresh process with the same umask."""
    env, _home = _fresh_env(tmp_path)
    env["SAFETYMAP_HOME"] = str(tmp_path / "sm")
    run = subprocess.run([sys.executable, "-c", _QSETTINGS, mode], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == expected.split()


# -- 2. case text is shown as typed -------------------------------------------------------------
MARKUP = "Markup <b>family</b> & co"
RAW_TAG = "<b>family</b>"


def rich_offenders(roots) -> list[str]:
    """Labels that would render case text as rich text: their text holds the raw tag and their
    format is not PlainText (AutoText guesses, RichText renders). Tool tips that Qt would take
    as rich text. Read-only text views that swallowed the tag (it is not in their plain text)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import Qt as GuiQt
    from PySide6.QtWidgets import QLabel, QTextEdit, QWidget

    out = []
    for root in roots:
        for w in [root, *root.findChildren(QWidget)]:
            if isinstance(w, QLabel) and RAW_TAG in w.text() \
                    and w.textFormat() != Qt.TextFormat.PlainText:
                out.append(f"label {w.objectName() or type(w).__name__}: {w.text()[:80]!r}")
            tip = w.toolTip()
            if RAW_TAG in tip and GuiQt.mightBeRichText(tip):
                out.append(f"tool tip of {w.objectName() or type(w).__name__}: {tip[:80]!r}")
            if isinstance(w, QTextEdit) and "Markup" in w.toPlainText() \
                    and RAW_TAG not in w.toPlainText():
                out.append(f"text view {w.objectName() or type(w).__name__} swallowed the tags")
    return out


def _markup_everything(store, fid: int) -> None:
    """Every free-text field of the family's rows (not ids, uids, enums or keys) gets MARKUP."""
    import json

    from sqlalchemy import Enum, String, Text, select

    from safetymap.domain import model as m

    skip = {"uid", "author", "template_id", "key", "kind", "decision", "mime_type",
            "entity_type", "entity_uid", "filename", "scale_wording"}

    def mark(v):
        if isinstance(v, str):
            return f"{v} {MARKUP}" if " " in v or (v and not v.islower()) else v
        if isinstance(v, list):
            return [mark(x) for x in v]
        if isinstance(v, dict):
            return {k: mark(x) for k, x in v.items()}
        return v

    with store.session() as s:
        for mapper in m.Base.registry.mappers:
            cls = mapper.class_
            if cls.__name__ in {"Changeset", "Change", "AuditEvent"} \
                    or cls.__name__.startswith("Supervision"):
                continue
            cols = [c for c in mapper.columns if isinstance(c.type, (String, Text))
                    and not isinstance(c.type, Enum) and c.key not in skip
                    and not c.key.endswith("_uid")]
            if not cols:
                continue
            for row in s.scalars(select(cls)):
                for c in cols:
                    v = getattr(row, c.key)
                    if isinstance(v, str) and v.strip():
                        setattr(row, c.key, mark(v))
        for plan in s.scalars(select(m.SafetyPlan)):
            plan.content = json.dumps(mark(json.loads(plan.content))) \
                if isinstance(plan.content, str) else mark(plan.content)
    del fid


def test_every_label_showing_case_text_is_plain_text(qtbot, store_path):
    from PySide6.QtWidgets import QApplication

    from safetymap.services.families import load_family
    from tests.ui.shell_support import make_store, open_window

    ids = make_store(store_path)
    from safetymap.store.engine import Store
    from tests.ui.shell_support import PASSPHRASE

    store = Store.open(store_path, PASSPHRASE)
    try:
        _markup_everything(store, ids[0])
        doc = load_family(store, ids[0])
    finally:
        store.close()
    assert RAW_TAG in doc["family"]["display_name"]
    assert all(RAW_TAG in p["name"] for p in doc["people"])

    win = open_window(qtbot, store_path)
    win.show_families()
    roots = lambda: [w for w in QApplication.topLevelWidgets() if w.isVisible()]  # noqa: E731
    problems = rich_offenders(roots())
    win.open_family(ids[0], "people")
    ws = win.workspace
    assert RAW_TAG in ws.family_title.text()
    for key in list(ws.pages):
        ws.set_page(key)
        qtbot.wait(20)
        problems += rich_offenders(roots())
    ws.set_guided(True)
    qtbot.wait(20)
    problems += rich_offenders(roots())
    ws.set_guided(False)
    ws.set_supervision(True)
    qtbot.wait(50)
    problems += rich_offenders(roots())
    ws.set_supervision(False)
    win.open_history()
    qtbot.wait(50)
    problems += rich_offenders(roots())
    assert problems == []
    # the walk saw case text in labels (so the check above had something to look at)
    from PySide6.QtWidgets import QLabel

    labels = [lab for r in roots() for lab in r.findChildren(QLabel) if RAW_TAG in lab.text()]
    assert labels


def test_control_a_default_qt_label_is_caught(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

    from safetymap.ui.widgets.plain import Label, escape, plain_tooltip, rich_label

    root = QWidget()
    qtbot.addWidget(root)
    lay = QVBoxLayout(root)
    default = QLabel(MARKUP)  # the Qt default way
    assert default.textFormat() == Qt.TextFormat.AutoText
    lay.addWidget(default)
    assert len(rich_offenders([root])) == 1
    default.setTextFormat(Qt.TextFormat.PlainText)
    lay.addWidget(Label(MARKUP))
    lay.addWidget(rich_label(f"<b>{escape(MARKUP)}</b>"))
    b = QPushButton("x")
    b.setToolTip(plain_tooltip(MARKUP))
    lay.addWidget(b)
    assert rich_offenders([root]) == []
    raw_tip = QPushButton("y")
    raw_tip.setToolTip(MARKUP)
    lay.addWidget(raw_tip)
    view = QTextBrowser()
    view.setHtml(f"<p>{MARKUP}</p>")  # not escaped: the tags are swallowed
    lay.addWidget(view)
    found = rich_offenders([root])
    assert len(found) == 2 and "tool tip" in found[0] and "swallowed" in found[1]


# Files other engineers own, that still make labels the Qt default way (see the report of the
# change that added this test); each must move to widgets/plain.Label and leave this list.
NOT_YET: set[str] = set()


def bare_qlabels(ui: Path) -> dict[str, int]:
    out = {}
    for f in ui.rglob("*.py"):
        if f.name == "plain.py" and f.parent.name == "widgets":
            continue
        n = len(re.findall(r"(?<![\w.])QLabel\(", f.read_text("utf-8")))
        if n:
            out[str(f.relative_to(ui))] = n
    return out


def test_labels_in_ui_are_made_with_the_plain_label(tmp_path):
    found = bare_qlabels(REPO / "desktop" / "safetymap" / "ui")
    assert set(found) <= NOT_YET, found
    # control: the check sees a bare QLabel
    (tmp_path / "page.py").write_text("lab = QLabel(name)\nok = Label(name)\n")
    assert bare_qlabels(tmp_path) == {"page.py": 1}
