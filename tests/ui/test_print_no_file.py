"""Printing leaves no file; saving is explicit and Qt does not remember where.

Print: the "printer" is a QPrinter writing a PDF into tmp_path (injected, so no modal print
dialog blocks). Every file under HOME, the temp folder, the XDG config/cache/data folders and
SAFETYMAP_HOME is listed before and after; a new or changed file (other than the printer's
output) holding a name, an address, a line of the plan, or a PDF header is a leak. A control
shows the detector finds the old save path's PDF.

Save as PDF: Qt's own file dialog, really shown and driven, starts in Documents (not the working
folder); after a folder named like a family has been chosen, nothing under the config folders
names it. Qt's settings paths are fixed once per process, so the "without the fix" cases run in
a fresh Python process.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import textwrap
import uuid
from pathlib import Path

# Print… needs QtPdf (the PySide6-Pdf wheel, a dependency): a missing module fails here.
import PySide6.QtPdf  # noqa: E402,F401
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog

from safetymap.services import documents
from safetymap.services.families import load_family

from .shell_support import make_store, open_window

#: where this process's Qt may have fixed its paths before any test changed HOME
REAL_HOME = Path.home()
REAL_TEMP = Path(tempfile.gettempdir())
REFUGE = 2  # index of the demo family living in a refuge (confidential address)


# -- the leak detector -----------------------------------------------------------------------
def _xdg_defaults(home: Path) -> list[Path]:
    return [home / ".config", home / ".cache", home / ".local" / "share", home / ".local" / "state"]


def watched_roots(basetemp: Path) -> list[Path]:
    roots = [Path.home(), Path(tempfile.gettempdir()), REAL_TEMP, basetemp,
             *_xdg_defaults(Path.home()), *_xdg_defaults(REAL_HOME)]
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                "XDG_RUNTIME_DIR", "SAFETYMAP_HOME", "TMPDIR"):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]))
    for loc in (QStandardPaths.StandardLocation.GenericConfigLocation,
                QStandardPaths.StandardLocation.GenericCacheLocation,
                QStandardPaths.StandardLocation.GenericDataLocation,
                QStandardPaths.StandardLocation.AppDataLocation,
                QStandardPaths.StandardLocation.CacheLocation,
                QStandardPaths.StandardLocation.TempLocation):
        for p in QStandardPaths.standardLocations(loc):
            roots.append(Path(p))
    roots.append(Path(QSettings(QSettings.Scope.UserScope, "QtProject").fileName()).parent)
    unique: list[Path] = []
    for r in roots:
        if r.is_dir() and r not in unique:
            unique.append(r)
    return unique


def snapshot(roots: list[Path], basetemp: Path) -> dict[Path, tuple[int, int, int]]:
    """Every file under the roots: (size, mtime, inode). Other pytest runs' folders in the
    system temp folder are skipped (the machine may be running other test sessions)."""
    others = basetemp.parent  # pytest-of-<user>: ours is walked as its own root
    files: dict[Path, tuple[int, int, int]] = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None):
            here = Path(dirpath)
            dirnames[:] = [d for d in dirnames if here / d != others
                           and not (here / d).is_symlink()]
            for name in filenames:
                p = here / name
                try:
                    st = p.lstat()
                except OSError:
                    continue
                files[p] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return files


def leaks(before: dict, after: dict, needles: list[str], *, exclude: set[Path] = frozenset(),
          pdf_header: bool = True) -> list[str]:
    patterns = [n.encode(enc) for n in needles for enc in ("utf-8", "utf-16-le")]
    if pdf_header:
        patterns.append(b"%PDF")
    found = []
    for path, stat in after.items():
        if path in exclude or before.get(path) == stat:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits = [p for p in patterns if p in data]
        if hits:
            found.append(f"{path}: {hits[0][:40]!r}")
    return found


def case_text(doc: dict) -> list[str]:
    """Names, contact details and the plan's lines: any of them in a new file is a leak."""
    bits = [doc["family"]["display_name"]]
    for p in doc["people"]:
        bits.append(p["name"])
        bits += [c["value"] for c in p["contacts"]]
    plan = doc["safety_plan"]["current"]
    bits += [r["text"] for r in plan["rules"]] + list(plan["warning_signs"])
    bits += [plan["if_not_working"], plan["review"]]
    return sorted({b for b in bits if b and len(b) >= 5})


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def private_home(tmp_path, monkeypatch):
    """HOME, XDG folders and the working folder in fresh temp folders."""
    home = tmp_path / "user-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_DATA_HOME", ".local/share"), ("XDG_STATE_HOME", ".local/state")):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(var, str(home / sub))
    cwd = tmp_path / "started-here"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return home


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def open_export(qtbot, store_path, fid_index=REFUGE):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[fid_index], "plan")
    win.export_action.trigger()
    dlg = win.export_dialog
    assert dlg is not None
    dlg.safety_check = lambda kind, safe_copy: True  # its own dialog, tested on its own
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    return win, dlg, ids[fid_index]


# -- print ------------------------------------------------------------------------------------
def test_print_sends_every_page_and_leaves_no_file(qtbot, store_path, tmp_path, private_home,
                                                   tmp_path_factory):
    win, dlg, fid = open_export(qtbot, store_path)
    doc = load_family(win.store, fid)
    needles = case_text(doc)
    assert any("Cedar Lane" in n for n in needles)
    # what the printer should get: the same document, built here in memory
    expected = pdf_pages(documents.build_document(doc, "plan", safe_copy=True))

    out = tmp_path / "printer" / "printed.pdf"
    out.parent.mkdir()
    printer = pdf_printer(out)
    asked = []
    dlg.choose_printer = lambda: asked.append(1) or printer
    dlg.ask_path = lambda s: pytest.fail("printing must not ask where to save")
    dlg.safe_copy.setChecked(True)

    basetemp = tmp_path_factory.getbasetemp()
    roots = watched_roots(basetemp)
    assert Path.home() in roots and Path(tempfile.gettempdir()) in roots
    before = snapshot(roots, basetemp)
    dlg.print_button.click()
    assert asked == [1] and dlg.is_busy and not dlg.save_button.isEnabled()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    after = snapshot(watched_roots(basetemp), basetemp)

    assert "Sent" in dlg.status.text(), dlg.status.text()
    assert "kept no copy" in dlg.status.text()
    assert dlg.pages_printed == expected
    # (a) the printer received every page
    printed = out.read_bytes()
    assert printed.startswith(b"%PDF")
    assert pdf_pages(printed) == expected
    # (b) nothing else holding the document appeared anywhere we can look
    assert leaks(before, after, needles, exclude={out}) == []
    assert not list(Path.cwd().iterdir())
    assert printer.docName() == "Safety Map document"

    from sqlalchemy import select

    from safetymap.domain import model as m

    with win.store.session() as s:
        actions = [(e.action, e.summary) for e in s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.family_id == fid))]
    assert ("print_pdf", "plan (safe copy)") in actions
    assert not any(a == "export_pdf" for a, _ in actions)


def test_the_detector_finds_the_old_save_path(qtbot, store_path, tmp_path, private_home,
                                              tmp_path_factory):
    """Control: the same detector, around a save to disk, reports the file."""
    win, dlg, fid = open_export(qtbot, store_path)
    needles = case_text(load_family(win.store, fid))
    basetemp = tmp_path_factory.getbasetemp()
    before = snapshot(watched_roots(basetemp), basetemp)
    saved = private_home / "Documents" / "safety-plan.pdf"
    saved.parent.mkdir()
    dlg.ask_path = lambda s: str(saved)
    dlg.save()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    note = private_home / ".cache" / "note.txt"
    note.write_text(f"left behind: {needles[0]}", encoding="utf-8")
    found = leaks(before, snapshot(watched_roots(basetemp), basetemp), needles)
    assert any(str(saved) in f for f in found), found
    assert any(str(note) in f for f in found), found


def test_closing_the_dialog_while_printing_stops_cleanly(qtbot, store_path, tmp_path,
                                                          private_home):
    from safetymap.ui.tasks import wait_for_background

    win, dlg, _fid = open_export(qtbot, store_path)
    printer = pdf_printer(tmp_path / "printed.pdf")
    dlg.choose_printer = lambda: printer
    dlg.print_button.click()
    assert dlg.is_busy
    win.lock()  # closes the dialog with done(0), as the idle lock does
    assert wait_for_background()
    qtbot.wait(50)
    assert not dlg.is_busy and dlg._print is None


def test_a_cancelled_print_dialog_does_nothing(qtbot, store_path, private_home):
    _win, dlg, _fid = open_export(qtbot, store_path)
    dlg.choose_printer = lambda: None
    dlg.print_button.click()
    assert not dlg.is_busy and dlg.status.text() == ""


def test_before_output_runs_before_print_and_save(qtbot, store_path, private_home):
    _win, dlg, _fid = open_export(qtbot, store_path)
    calls = []
    dlg._before_output = lambda kind, action: calls.append((kind, action)) or False
    dlg.choose_printer = lambda: pytest.fail("the check said no")
    dlg.ask_path = lambda s: pytest.fail("the check said no")
    dlg.print_button.click()
    dlg.save_button.click()
    assert calls == [("plan", "print"), ("plan", "save")]


# -- save as PDF ------------------------------------------------------------------------------
def _drive_file_dialog(folder: Path, name: str, seen: dict) -> None:
    """When Qt's file dialog is up: note where it started, go to `folder`, choose `name`."""
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QFileDialog) and w.isVisible()]
    if not dialogs:
        QTimer.singleShot(20, lambda: _drive_file_dialog(folder, name, seen))
        return
    d = dialogs[0]
    seen["start"] = Path(d.directory().absolutePath())
    seen["native"] = not d.testOption(QFileDialog.Option.DontUseNativeDialog)
    d.setDirectory(str(folder))
    d.selectFile(name)
    d.accept()


def test_save_starts_in_documents_and_qt_does_not_remember_the_folder(
        qtbot, store_path, tmp_path, private_home, tmp_path_factory):
    win, dlg, fid = open_export(qtbot, store_path)
    assert "not encrypted" in dlg.note.text() and "anyone who finds the file" in dlg.note.text()
    token = f"ZQXJFOLDER{uuid.uuid4().hex[:8]}"
    family_folder = tmp_path / f"{token} Llŷr family"
    family_folder.mkdir()
    basetemp = tmp_path_factory.getbasetemp()
    config_roots = [r for r in watched_roots(basetemp) if r != Path(tempfile.gettempdir())
                    and r != REAL_TEMP and r != basetemp]
    for loc in QStandardPaths.standardLocations(
            QStandardPaths.StandardLocation.GenericConfigLocation):
        assert Path(loc) in config_roots or not Path(loc).exists()
    before = snapshot(config_roots, basetemp)

    seen: dict = {}
    QTimer.singleShot(0, lambda: _drive_file_dialog(family_folder, "plan.pdf", seen))
    dlg.save_button.click()  # the real ask_path: a real QFileDialog, shown modally
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)

    documents_dir = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))
    assert documents_dir == private_home / "Documents"
    assert seen["start"] == documents_dir and seen["start"] != Path(os.getcwd())
    assert seen["native"] is False
    assert dlg.last_path == family_folder / "plan.pdf"
    assert (family_folder / "plan.pdf").read_bytes().startswith(b"%PDF")

    QApplication.processEvents()
    after = snapshot(config_roots, basetemp)
    assert leaks(before, after, [token, "ZQXJFOLDER", "Llŷr"], pdf_header=False) == []
    qt = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert token not in str(qt.value("FileDialog/lastVisited", ""))
    assert token not in str(qt.value("FileDialog/history", ""))


_SUBPROCESS = textwrap.dedent('''
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    mode, folder = sys.argv[1], Path(sys.argv[2])
    if mode == "app":
        from safetymap.ui.app import make_app
        app = make_app()
    else:
        app = QApplication(sys.argv[:1])
    from safetymap.ui import export_dialog

    def drive():
        ds = [w for w in app.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not ds:
            QTimer.singleShot(20, drive)
            return
        ds[0].setDirectory(str(folder))
        ds[0].selectFile("plan.pdf")
        ds[0].accept()

    QTimer.singleShot(0, drive)
    if mode == "plain":  # what QFileDialog.getSaveFileName does
        d = QFileDialog(None, "Save", str(Path.home()))
        d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        d.exec()
        chosen = d.selectedFiles()[0]
        del d
    else:
        chosen = export_dialog.ask_save_path(None, "safety-plan.pdf")
    print("chosen", chosen)
''')


@pytest.mark.parametrize("mode,leaks_expected", [
    ("plain", True),    # control: Qt on its own writes the folder into QtProject.conf
    ("scrub", False),   # our dialog alone (Windows, macOS: Qt's settings path cannot move)
    ("app", False),     # the app: Qt's settings path is pointed nowhere, and the dialog scrubbed
])
def test_qt_settings_in_a_fresh_process(tmp_path, mode, leaks_expected):
    home = tmp_path / "fresh-home"
    home.mkdir()
    token = f"ZQXJFOLDER{uuid.uuid4().hex[:8]}"
    folder = tmp_path / f"{token} Llŷr family"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               QT_QPA_PLATFORM="offscreen", SAFETYMAP_HOME=str(tmp_path / "sm-home"))
    run = subprocess.run([sys.executable, "-c", _SUBPROCESS, mode, str(folder)], env=env,
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"chosen {folder / 'plan.pdf'}" in run.stdout
    written = [p for p in home.rglob("*") if p.is_file() and token.encode() in p.read_bytes()]
    if leaks_expected:
        assert [p.name for p in written] == ["QtProject.conf"]
    else:
        assert written == []
        if mode == "app":
            assert not (home / ".config" / "QtProject.conf").exists()


def test_qt_messages_naming_a_file_are_withheld(qtbot, qtlog, tmp_path):
    from safetymap.ui.app import WITHHELD, make_app

    make_app()
    secret = tmp_path / "ZQXJFOLDER Llŷr family" / "safety-plan.pdf"
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(secret)))
    messages = [r.message for r in qtlog.records]
    assert not any("ZQXJFOLDER" in m for m in messages), messages
    assert WITHHELD in messages or not messages
