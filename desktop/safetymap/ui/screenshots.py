"""Render every main screen at 1366×768 with the fictional demo families, for looking at.

    python -m safetymap.ui.screenshots build/screenshots
    python -m safetymap.ui.screenshots --language cy build/screenshots/cy   # in Welsh

Uses a throwaway store in a temp folder with the fast test KDF and an isolated settings folder,
so it never touches a real profile. Set QT_SCALE_FACTOR=1.5 to see the screens at 150%.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ..store.engine import Store
    from .main_window import MainWindow
    from .workspace.page import WorkspacePage
    from .workspace.workspace import WorkspaceView

    P = TypeVar("P", bound=WorkspacePage)

PASSPHRASE = "kitchen table blue kettle morning"
SIZE = (1366, 768)


def _wait(app: QApplication, cond: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get ready in time")
        time.sleep(0.01)


def _settle(app: QApplication, ms: int = 150) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def build(out: Path, language: str = "en") -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SAFETYMAP_TEST_FAST_KDF"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix="safetymap-shots-"))
    os.environ["SAFETYMAP_HOME"] = str(tmp / "home")

    from ..services.demo import add_demo_families
    from ..store.engine import Store
    from .app import make_app
    from .bundle_dialogs import BundleExportDialog
    from .main_window import MainWindow
    from .workspace.childs_voice import ChildsVoicePage
    from .workspace.glance import GlancePage
    from .workspace.people import PeoplePage

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    app = make_app()
    from . import tr

    tr.use(language)  # before any window is made, as run_app does

    def page_of(ws: WorkspaceView, key: str, cls: type[P]) -> P:
        page = ws.pages[key]
        assert isinstance(page, cls)
        return page

    def workspace() -> WorkspaceView:
        assert win.workspace is not None  # a family is open
        return win.workspace

    def shot(widget: QWidget, name: str) -> None:
        _settle(app)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    # First run: create a store.
    first = MainWindow(tmp / "new" / "safetymap.db")
    first.resize(*SIZE)
    first.show()
    first.unlock_view.passphrase.setText("kitchen table blue")
    first.unlock_view.again.setText("kitchen table")
    shot(first, "01-create-store")
    first.close()

    store_path = tmp / "store" / "safetymap.db"
    store = Store.create(store_path, PASSPHRASE)
    ids = add_demo_families(store)
    store.close()

    win = MainWindow(store_path)
    win.resize(*SIZE)
    win.show()
    win.unlock_view.passphrase.setText("wrong passphrase here")
    win.unlock_view.submit()
    _wait(app, lambda: not win.unlock_view.is_busy)
    shot(win, "02-unlock-wrong-passphrase")
    win.unlock_view.passphrase.setText(PASSPHRASE)
    win.unlock_view.submit()
    _wait(app, lambda: win.store is not None)
    win.show_families()
    shot(win, "03-family-list")
    family_list = win.family_list
    assert family_list is not None  # made at the unlock
    family_list.search.setText("Gwen")
    family_list.refresh()
    shot(win, "03b-family-list-search")
    family_list.search.clear()

    win.open_family(ids[0])
    ws = win.workspace
    assert ws is not None
    # The map at a glance, the page a family opens on: the working view, then the kitchen-table
    # view (scrolled to its end too), and the Yılmaz family's, where confidential people and
    # the refuge are left out.
    glance = page_of(ws, "glance", GlancePage)
    shot(win, "04-0-glance-working")
    glance.kitchen_button.setChecked(True)
    shot(win, "04-0b-glance-kitchen-table")
    glance.scroll_area.verticalScrollBar().setValue(glance.scroll_area.verticalScrollBar().maximum())
    shot(win, "04-0c-glance-kitchen-table-end")
    glance.working_button.setChecked(True)
    win.open_family(ids[2])
    page_of(workspace(), "glance", GlancePage).kitchen_button.setChecked(True)
    shot(win, "04-0d-glance-kitchen-table-confidential")
    page_of(workspace(), "glance", GlancePage).working_button.setChecked(True)
    win.open_family(ids[0])
    ws = workspace()
    # the conversation's pages keep their numbers (README names them)
    for i, key in enumerate(k for k in ws.page_keys if k != "glance"):
        ws.set_page(key)
        if key == "people":
            tree = page_of(ws, "people", PeoplePage).tree
            for r in range(tree.topLevelItemCount()):
                top = tree.topLevelItem(r)
                first_person = top.child(0) if top is not None else None
                if first_person is not None:  # the first group with anyone in it
                    tree.setCurrentItem(first_person)
                    break
        shot(win, f"04-{i + 1}-page-{key}")

    ws.set_page("worried")
    ws.set_guided(True)
    shot(win, "05-guided-mode")
    ws.set_page("judgement")
    shot(win, "05b-guided-judgement")
    ws.set_guided(False)

    win.open_family(ids[1])  # the Welsh early-help family
    shot(win, "04b-people-davies-wellbeing")
    workspace().set_page("plan")
    shot(win, "04c-plan-davies")

    # Supervision: a signed-off earlier record, then changes since, then the view.
    assert win.store is not None
    _supervision_story(win.store, ids[0])
    win.open_family(ids[0], "worried")
    ws = workspace()
    ws.set_supervision(True)
    ws.supervision.boxes["reflections"].setPlainText(
        "Sarah has used the plan twice. We don't yet know what Lena makes of it.")
    ws.supervision.scale.setValue(5)
    shot(win, "08-supervision")
    ws.supervision.scroll_area.verticalScrollBar().setValue(
        ws.supervision.scroll_area.verticalScrollBar().maximum())
    shot(win, "08b-supervision-earlier-records")
    ws.supervision.sign_off()
    dlg = ws.supervision.sign_off_dialog
    if dlg is not None:
        dlg.role.setText("Practice leader")
        shot(dlg, "08c-sign-off-dialog")
        dlg.accept()
    ws.supervision.scroll_area.verticalScrollBar().setValue(
        ws.supervision.scroll_area.verticalScrollBar().maximum() // 2)
    shot(win, "08d-signed-off")
    ws.set_group(True)
    ws.set_page("worried")
    shot(win, "09-group-supervision-map")
    ws.set_page("childs_voice")
    page = page_of(ws, "childs_voice", ChildsVoicePage)
    _settle(app)
    page.scroll_area.verticalScrollBar().setValue(page.new_visit.y() - 260)
    shot(win, "09c-group-supervision-childs-voice")
    ws.set_page("people")
    tree = page_of(ws, "people", PeoplePage).tree
    top = tree.topLevelItem(0)
    first_person = top.child(0) if top is not None else None
    assert first_person is not None
    tree.setCurrentItem(first_person)
    shot(win, "09b-group-supervision-people")
    ws.set_group(False)
    ws.set_supervision(False)

    win.open_history("entries")
    win.history_dialog.entry_list.setCurrentRow(1)  # the danger statement changed above
    shot(win.history_dialog, "10-history-entry-versions")
    win.history_dialog.compare(1, 2)
    shot(win.history_dialog, "10b-history-plan-diff")
    win.history_dialog.tabs.setCurrentIndex(2)
    shot(win.history_dialog, "10c-history-numbers")
    win.history_dialog.done(0)

    win.bundle_export_action.trigger()
    bundle_dialog = win.bundle_dialog
    assert isinstance(bundle_dialog, BundleExportDialog)
    bundle_dialog.passphrase.setText("purple teapot under the stairs")
    bundle_dialog.again.setText("purple teapot under the stairs")
    shot(bundle_dialog, "11-bundle-export")
    bundle_dialog.done(0)

    win.open_family(ids[0], "plan")
    win.export_document("plan")
    export = win.export_dialog
    assert export is not None
    _wait(app, lambda: "Checking" not in export.reading.text())
    shot(export, "06-export-dialog")
    export.done(0)

    # Today's visit: saved as it is ticked and typed, nothing to press.
    win.open_family(ids[0], "childs_voice")
    voice = page_of(workspace(), "childs_voice", ChildsVoicePage)
    first_child = voice.people.children()[0]["id"]
    voice.new_visit_boxes[(first_child, "seen_alone")].setChecked(True)
    voice.place.setText("Home")
    _settle(app)
    voice.scroll_area.verticalScrollBar().setValue(voice.new_visit.y() - 260)
    shot(win, "04-6b-childs-voice-todays-visit")

    _security_and_backup_shots(app, win, tmp, shot)

    win.lock()
    shot(win, "07-lock-screen")
    win.close()
    return written


def _security_and_backup_shots(app: QApplication, win: MainWindow, tmp: Path,
                               shot: Callable[[QWidget, str], None]) -> None:
    """Settings ▸ Passphrase and recovery, the recovery key shown once, Settings ▸ Backups
    with one backup made, and the status bar's quiet line."""
    from ..services import backups
    from .backup_dialogs import BackupsDialog, ReplaceConfirmDialog, when_words
    from .security_dialogs import RecoveryKeyDialog, SecurityDialog

    store = win.store
    assert store is not None
    win.show_families()
    sec = SecurityDialog(store, win)
    sec.show()
    sec.current.setText(PASSPHRASE)
    sec.new.setText("yellow bicycle under the old bridge")
    shot(sec, "12-settings-passphrase-and-recovery")
    sec.done(0)
    key = RecoveryKeyDialog("ZPXG-TWK7-R6WE-NYA0-HV6J-CMXM-PV2E-WC1J", win)  # an example
    key.show()
    shot(key, "12b-recovery-key")
    key.confirm.setChecked(True)
    key.done(0)

    folder = tmp / "usb-stick"
    folder.mkdir()
    backups.set_folder(store, folder)
    entry = backups.back_up_now(store)
    dlg = BackupsDialog(store, win, replace_store=lambda _b, _p: None)
    dlg.show()
    _wait(app, lambda: not dlg.is_busy)
    shot(dlg, "13-backups")
    confirm = ReplaceConfirmDialog(backups.describe_store_at(store.path, store),
                                   f"the backup made {when_words(entry.taken_at)} "
                                   f"({backups.describe_store_at(entry.path, store)})", dlg)
    confirm.show()
    shot(confirm, "13b-replace-with-backup")
    confirm.done(0)
    dlg.done(0)
    win.backups.refresh()
    shot(win, "13c-status-last-backup")


def _supervision_story(store: Store, fid: int) -> None:
    """An earlier sign-off, then a few changes, so "what has changed" has something to show,
    and a second agreed plan version, so the comparison has something to show."""
    from ..domain.plan import PlanContent, PlanRule
    from ..services import entries, scores
    from ..services import plan as plans
    from ..services import supervision as sv
    from ..services.families import load_family

    doc = load_family(store, fid)
    rec = sv.start_record(store, fid)
    sv.update_record(store, rec, reflections="Good early work with Sarah and Gwen.",
                     supervisor_score=3, score_reasons="Too early to see the plan working.",
                     decision="Keep visiting every week.",
                     rationale="The school's worry is recent and the plan is new.")
    sv.sign_off(store, rec, "Priya Shah", "Practice leader")
    worry = next(e for e in doc["map"] if e["area"] == "worry")
    compl = next(e for e in doc["map"] if e["area"] == "complicating")
    sarah = next(p for p in doc["people"] if p["name"] == "Sarah Hughes")
    entries.add(store, fid, "existing_safety",
                "Sarah rang Gwen when Tomasz came home drunk; the children slept at Gwen's.")
    entries.edit(store, worry["id"], text=worry["text"] + " This happened again last month.")
    entries.set_resolved(store, compl["id"], True)
    scores.record(store, fid, 7, person_id=sarah["id"], reasons="Gwen is helping.")
    plan = PlanContent.from_json(doc["safety_plan"]["current"])
    plan.warning_signs.pop(0)
    plan.rules.append(PlanRule("Tomasz will not drink at home when the children are awake.",
                               [], "Tomasz, with Gwen", "Tomasz"))
    plans.save(store, fid, plan)
    plans.agree_version(store, fid, "After the network meeting")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    language = "en"
    if "--language" in args:
        at = args.index("--language")
        language = args[at + 1] if at + 1 < len(args) else "en"
        del args[at:at + 2]
    out = Path(args[0] if args else "build/screenshots")
    for p in build(out, language):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
