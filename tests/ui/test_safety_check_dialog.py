"""The safety check on screen, before a family-facing document is printed or saved.

With the demo Yılmaz family (living in a refuge): the dialog lists each distinct finding once,
its words highlighted where they stand (escaped, never guessed as rich text); "Leave it out of
the family's copy" records "omit" and the printed plan no longer says it, while the map in the
store still does; "This is fine" prints it again; a control shows it is printed when nothing is
decided. Wired into the export dialog through its `_before_output` hook (`safety_check`,
replaceable in tests): Cancel stops the print or save and keeps the choices; a lock closes it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from safetymap.services import documents, families
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import safety_check as sc
from safetymap.services.demo import add_demo_families
from safetymap.ui import safety_check_dialog as scd
from safetymap.ui.safety_check_dialog import SafetyCheckDialog, run_safety_check

from .shell_support import make_store, open_window, unnamed

YILMAZ = 2  # index of the demo family living in a refuge
REFUGE_KEY = "locating_word:refuge"
SENTENCE = "went to the refuge the same night"


@pytest.fixture
def app():
    from safetymap.ui.app import make_app

    return make_app()


@pytest.fixture
def store(demo_store):
    """Every store here holds the demo families (a copy of the session's, tests/conftest.py)."""
    return demo_store


@pytest.fixture
def yilmaz(app, store):
    fid = add_demo_families(store)[YILMAZ]
    # the demo has already decided "refuge": start from nothing decided
    sc.decide(store, fid, REFUGE_KEY, "locating_word", None)
    return fid


@pytest.fixture
def screen(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1366, 768)
    parent.show()
    return parent


def pdf_text(store, fid, tmp_path, name, kind="plan", safe_copy=False) -> str:
    out = tmp_path / f"{name}.pdf"
    documents.export_document(store, fid, kind, out, safe_copy=safe_copy)
    return " ".join("".join(p.extract_text() for p in PdfReader(str(out)).pages).split())


def make_dialog(qtbot, store, fid, parent, kind="plan", safe_copy=False, action="print"):
    dlg = SafetyCheckDialog(store, fid, kind, safe_copy, sc.safety_check(store, fid, kind,
                                                                          safe_copy),
                            action, parent)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def row_for(dlg, key):
    rows = [r for r in dlg.rows if r.group.key == key]
    assert len(rows) == 1, [r.group.key for r in dlg.rows]
    return rows[0]


def map_text(store, fid) -> str:
    return " ".join(e["text"] for e in families.load_family(store, fid)["map"])


def test_leave_it_out_then_this_is_fine(qtbot, store, yilmaz, screen, tmp_path):
    fid = yilmaz
    # the control: nothing decided, an ordinary copy prints the word
    assert sc.decisions(store, fid) == {}
    assert SENTENCE in pdf_text(store, fid, tmp_path, "before")

    dlg = make_dialog(qtbot, store, fid, screen)
    keys = [r.group.key for r in dlg.rows]
    assert len(keys) == len(set(keys)), "one row per finding, however many places"
    assert REFUGE_KEY in keys
    row = row_for(dlg, REFUGE_KEY)
    assert row.leave_out.text() == "Leave it out of the family's copy"
    assert row.fine.text() == "This is fine"
    assert not row.leave_out.isChecked() and not row.fine.isChecked()
    assert "what's going well" in row.where.text()
    assert "will be printed" in row.state.text()
    quote = row.quotes[0]
    assert quote.textFormat() == Qt.TextFormat.RichText
    assert "background-color" in quote.text() and ">refuge</span>" in quote.text()
    assert "The family's record is not changed." in dlg.intro.text()

    qtbot.mouseClick(row.leave_out, Qt.MouseButton.LeftButton)
    assert sc.decisions(store, fid) == {REFUGE_KEY: "omit"}
    assert row.leave_out.isChecked() and not row.fine.isChecked()
    assert "left out" in row.state.text()
    left_out = pdf_text(store, fid, tmp_path, "omitted")
    assert SENTENCE not in left_out
    assert "went to the [left out] the same night" in left_out
    assert SENTENCE in map_text(store, fid), "the map itself is never rewritten"

    qtbot.mouseClick(row.fine, Qt.MouseButton.LeftButton)
    assert sc.decisions(store, fid) == {REFUGE_KEY: "fine"}
    assert row.fine.isChecked() and not row.leave_out.isChecked()
    qtbot.mouseClick(row.fine, Qt.MouseButton.LeftButton)  # clicking again keeps it chosen
    assert row.fine.isChecked() and sc.decisions(store, fid) == {REFUGE_KEY: "fine"}
    assert SENTENCE in pdf_text(store, fid, tmp_path, "fine")
    # and the choice is remembered: a new check shows it chosen
    again = make_dialog(qtbot, store, fid, screen)
    assert row_for(again, REFUGE_KEY).fine.isChecked()


def test_a_safe_copy_leaves_out_what_is_not_marked_fine(qtbot, store, yilmaz, screen, tmp_path):
    dlg = make_dialog(qtbot, store, yilmaz, screen, safe_copy=True, action="save")
    assert "anything not marked “This is fine” is left out" in dlg.note.text()
    assert dlg.continue_button.text() == "Save"
    assert "leaves it out" in row_for(dlg, REFUGE_KEY).state.text()
    assert SENTENCE not in pdf_text(store, yilmaz, tmp_path, "safe", safe_copy=True)
    row_for(dlg, REFUGE_KEY).fine.click()
    assert SENTENCE in pdf_text(store, yilmaz, tmp_path, "safe-fine", safe_copy=True)


def test_a_confidential_person_is_always_left_out_with_no_choice(qtbot, store, yilmaz, screen):
    dlg = make_dialog(qtbot, store, yilmaz, screen)
    mihai = row_for(dlg, "confidential_person:mihai")
    assert mihai.group.count == 2 and "2 places" in mihai.where.text()
    assert mihai.leave_out is None and mihai.fine is None
    assert mihai.always.text() == "Always left out"
    assert not [b for b in mihai.findChildren(QPushButton)]
    assert dlg.rows[-1] is mihai, "the ones to choose for come first"


def test_case_text_is_escaped_never_read_as_rich_text(qtbot, store, app, screen):
    fid = families.create_family(store, "Test family", "child-protection")
    entry_cmds.add(store, fid, "existing_safety",
                   "<b>Mum</b> & the kids <i>stay</i> at 12 Cedar Road now.", view_label="Worker")
    dlg = make_dialog(qtbot, store, fid, screen)
    row = row_for(dlg, "address:12 cedar road")
    html_text = row.quotes[0].text()
    assert "&lt;b&gt;Mum&lt;/b&gt; &amp; the kids &lt;i&gt;stay&lt;/i&gt;" in html_text
    assert ">12 Cedar Road</span>" in html_text
    assert "<b>" not in html_text and "<i>" not in html_text
    for label in dlg.findChildren(QLabel):
        if label not in row.quotes:
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert row.title.text() == "An address: “12 Cedar Road”"


def test_with_nothing_found_no_dialog_is_shown(qtbot, store, app, monkeypatch):
    fid = families.create_family(store, "Test family", "child-protection")
    monkeypatch.setattr(scd, "SafetyCheckDialog",
                        lambda *a, **k: pytest.fail("nothing was found: no dialog"))
    assert sc.safety_check(store, fid, "plan") == []
    assert run_safety_check(store, fid, "plan", False) is True
    # the assessment, not as a safe copy, is not family-facing: no check at all
    yil = add_demo_families(store)[YILMAZ]
    assert run_safety_check(store, yil, "assessment", False) is True


def test_keyboard_and_accessible_names(qtbot, store, yilmaz, screen):
    dlg = make_dialog(qtbot, store, yilmaz, screen)
    assert dlg.windowModality() == Qt.WindowModality.WindowModal
    assert not unnamed(dlg)
    row = row_for(dlg, REFUGE_KEY)
    assert "refuge" in row.leave_out.accessibleName()
    # Tab reaches every choice and both buttons; Space chooses
    seen = []
    first = dlg.focusWidget()
    assert isinstance(first, QPushButton)
    for _ in range(12):
        seen.append(dlg.focusWidget())
        qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Tab)
    for b in (row.leave_out, row.fine, dlg.cancel_button, dlg.continue_button):
        assert b in seen, b.text()
    row.leave_out.setFocus()
    qtbot.keyClick(row.leave_out, Qt.Key.Key_Space)
    assert sc.decisions(store, yilmaz) == {REFUGE_KEY: "omit"}


def test_look_at_it_on_a_1366_by_768_screen(qtbot, store, app, screen, tmp_path):
    ids = add_demo_families(store)
    for name, fid, safe in (("refuge-family", ids[YILMAZ], False), ("school-family", ids[0],
                                                                   True)):
        dlg = make_dialog(qtbot, store, fid, screen, safe_copy=safe)
        qtbot.waitExposed(dlg)
        assert dlg.width() <= 1366 and dlg.height() <= 768 - 40
        for r in dlg.rows:
            for b in (r.leave_out, r.fine):
                if b is not None:
                    assert b.width() >= b.sizeHint().width(), "a button's words are cut"
        shot = dlg.grab()
        out = Path(os.environ.get("SAFETYMAP_SHOTS", tmp_path)) / f"safety-check-{name}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        assert shot.save(str(out))
        assert shot.width() > 500 and shot.height() > 300


# -- in the export dialog -------------------------------------------------------------------
def _export_dialog(qtbot, store_path, index=YILMAZ):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[index], "plan")
    win.export_action.trigger()
    dlg = win.export_dialog
    assert dlg is not None
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    return win, dlg, ids[index]


def _when_shown(act):
    """Run `act(dialog)` on the safety check once its modal loop is running."""
    seen: dict = {}

    def poll():
        w = QApplication.activeModalWidget()
        if isinstance(w, SafetyCheckDialog):
            seen["dialog"] = w
            act(w)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_the_export_dialog_asks_first_and_cancel_saves_nothing(qtbot, store_path, tmp_path):
    win, dlg, fid = _export_dialog(qtbot, store_path)
    sc.decide(win.store, fid, REFUGE_KEY, "locating_word", None)
    asked = []
    dlg.ask_path = lambda s: asked.append(s) or str(tmp_path / "plan.pdf")
    dlg.safe_copy.setChecked(False)

    def choose_then_cancel(w):
        row_for(w, REFUGE_KEY).leave_out.click()
        w.cancel_button.click()

    seen = _when_shown(choose_then_cancel)
    dlg.save_button.click()  # the real hook: the real dialog, shown window-modally
    assert "dialog" in seen
    assert seen["dialog"].continue_button.text() == "Save"
    assert asked == [] and not dlg.is_busy, "Cancel stops the save"
    assert sc.decisions(win.store, fid) == {REFUGE_KEY: "omit"}, "and keeps what was chosen"

    seen = _when_shown(lambda w: w.continue_button.click())
    dlg.save_button.click()
    assert "dialog" in seen and asked == ["safety-plan.pdf"]
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    assert dlg.last_path == tmp_path / "plan.pdf", dlg.status.text()
    text = " ".join("".join(p.extract_text() for p in PdfReader(str(dlg.last_path)).pages)
                    .split())
    assert SENTENCE not in text


def test_the_hook_is_given_the_kind_and_the_safe_copy(qtbot, store_path, tmp_path):
    win, dlg, fid = _export_dialog(qtbot, store_path)
    calls = []
    dlg.safety_check = lambda kind, safe: calls.append((kind, safe)) or False
    dlg.ask_path = lambda s: pytest.fail("the safety check said stop")
    dlg.radios["children"].setChecked(True)
    dlg.safe_copy.setChecked(True)
    dlg.save_button.click()
    dlg.choose_printer = lambda: pytest.fail("the safety check said stop")
    dlg.print_button.click()
    assert calls[0] == ("children", True)
    assert not dlg.is_busy


def test_the_childrens_version_says_what_it_is_missing(qtbot, store_path, tmp_path,
                                                      monkeypatch):
    """What export_document returns for the children's version (what each child's document
    lacks or leaves out) is listed in the export dialog once the file is saved."""
    from safetymap.export import children

    win, dlg, fid = _export_dialog(qtbot, store_path)
    people_cmds.add(win.store, fid, "Ada Yılmaz", "child", "Daughter", age_years=6,
                  in_household=True)  # nobody on her list yet
    doc = families.load_family(win.store, fid)
    missing = children.missing_for_children(doc) + children.helper_warnings(doc)
    assert any("Ada" in m for m in missing), missing

    def export(store, family_id, kind, out, safe_copy=False, progress=None, language=None):
        assert (family_id, kind) == (fid, "children")
        Path(out).write_bytes(b"%PDF-1.4 stand-in")
        return list(missing)

    monkeypatch.setattr(documents, "export_document", export)
    dlg.safety_check = lambda kind, safe: True
    dlg.radios["children"].setChecked(True)
    dlg.ask_path = lambda s: str(tmp_path / "children.pdf")
    dlg.save_button.click()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    assert dlg.last_path is not None, dlg.status.text()
    shown = [dlg.findings.item(i).text() for i in range(dlg.findings.count())]
    assert shown == missing


def test_locking_closes_the_safety_check_and_nothing_is_made(qtbot, store_path):
    win, dlg, fid = _export_dialog(qtbot, store_path)
    dlg.choose_printer = lambda: pytest.fail("locked: nothing may be printed")
    seen = _when_shown(lambda w: win.lock())
    dlg.print_button.click()
    assert "dialog" in seen
    assert win.store is None
    assert not seen["dialog"].isVisible()


def test_a_broken_organisation_word_list_is_said_first_with_nothing_to_choose(
        qtbot, store, yilmaz, screen, tmp_path, monkeypatch):
    from safetymap.export import safety_check as esc

    org = tmp_path / "org"
    org.mkdir()
    (org / "locating-words.json").write_text('{"schema": 5}', "utf-8")
    monkeypatch.setenv("SAFETYMAP_TEMPLATES", str(org))
    esc._word_lists.cache_clear()
    try:
        dlg = make_dialog(qtbot, store, yilmaz, screen)
        first = dlg.rows[0]
        assert first.group.kind == esc.WORD_LIST
        assert first.leave_out is None and first.fine is None  # a notice, not a choice
        assert "locating-words.json" in first.where.text() and not first.quotes
        # it is not "not decided yet" in the warnings either
        fc_report = documents.family_copy(families.load_family(store, yilmaz))[1]
        assert all(not (f.kind == esc.WORD_LIST) for f in fc_report.undecided())
    finally:
        esc._word_lists.cache_clear()
