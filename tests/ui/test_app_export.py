"""Export from the workspace: plain-language check first, the PDF made on a pool thread with a
progress bar. "Save as PDF…" is the explicit way to keep a file (its path comes from a file dialog,
replaced here); the saved file is not opened (a viewer would list it in its recent files).
Printing, which leaves no file, is tested in test_print_no_file.py."""

from __future__ import annotations

from pypdf import PdfReader

from .shell_support import make_store, open_window


def test_save_the_plan_as_a_pdf_in_the_background(qtbot, store_path, tmp_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[2], "plan")  # the refuge family: confidential address
    win.export_action.trigger()
    dlg = win.export_dialog
    assert dlg is not None and dlg.kind() == "plan"
    dlg.safety_check = lambda kind, safe_copy: True  # tested in test_safety_check_dialog.py
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    assert "Reading ease" in dlg.reading.text() or "not enough text" in dlg.reading.text()
    assert dlg.findings.count() >= 1

    out = tmp_path / "out" / "plan"
    out.parent.mkdir()
    asked = []
    dlg.ask_path = lambda suggested: asked.append(suggested) or str(out)
    dlg.safe_copy.setChecked(True)
    dlg.save_button.click()
    assert asked == ["safety-plan.pdf"]
    assert dlg.is_busy and dlg.progress.isVisible()
    assert not dlg.save_button.isEnabled() and not dlg.print_button.isEnabled()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    pdf = out.with_suffix(".pdf")
    assert dlg.last_path == pdf, dlg.status.text()
    assert pdf.name in dlg.status.text()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert dlg.progress.value() == 100
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    doc_people = win.workspace.doc["people"]
    secret = [c["value"] for p in doc_people for c in p["contacts"] if c["confidential"]]
    assert secret, "the demo refuge family has confidential contacts"
    for value in secret:
        assert value not in text.replace("\n", " ")


def test_an_export_to_a_folder_that_cannot_be_written_is_a_sentence(qtbot, store_path, tmp_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "assessment")
    win.export_document("assessment")
    dlg = win.export_dialog
    dlg.safety_check = lambda kind, safe_copy: True
    dlg.radios["assessment"].setChecked(True)
    dlg.ask_path = lambda suggested: str(tmp_path / "missing" / "deeper" / "a.pdf")
    blocker = tmp_path / "missing"
    blocker.write_text("a file where a folder should be")
    dlg.save()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    assert dlg.status.text() and "Traceback" not in dlg.status.text()
    assert dlg.last_path is None


def test_childrens_version_says_what_is_missing_before_it_is_made(qtbot, store_path):
    """Before the children's version is printed or saved, the window lists what it lacks (a
    story or child's line, an empty helpers list), without blocking anything."""
    from safetymap.services import entries
    from safetymap.store.engine import Store

    from .shell_support import PASSPHRASE

    ids = make_store(store_path)
    with Store.open(store_path, PASSPHRASE) as s:
        # Davies: no Words and Pictures story; take away the worry's child line
        from safetymap.services.families import load_family
        doc = load_family(s, ids[1])
        for e in doc["map"]:
            if e["area"] == "worry":
                entries.edit(s, e["id"], child_text="")
    win = open_window(qtbot, store_path)
    win.open_family(ids[1], "plan")
    win.export_document("children")
    dlg = win.export_dialog
    dlg.radios["children"].setChecked(True)
    dlg.check()
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    items = [dlg.findings.item(i).text() for i in range(dlg.findings.count())]
    assert any("a grown-up will explain" in t or "story" in t for t in items), items
    assert dlg.save_button.isEnabled() and dlg.print_button.isEnabled()  # never blocking


def test_a_welsh_speaking_familys_plan_is_offered_in_welsh_first(qtbot, store_path, tmp_path):
    """Issue 14: the export window offers the plan in the family's own language first
    (the Davies family prefers Welsh), in English or in both; every document, not only
    the plan, starts in the family's language."""
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[1], "plan")  # the Davies family: Cymraeg
    win.export_action.trigger()
    dlg = win.export_dialog
    dlg.safety_check = lambda kind, safe_copy: True
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    assert dlg.chosen_language() == "cy" and dlg.language.isEnabled()
    for kind in ("assessment", "children"):  # every document is in Welsh too
        dlg.language.setCurrentIndex(dlg.language.findData("en"))
        dlg.radios[kind].setChecked(True)
        assert dlg.chosen_language() == "cy" and dlg.language.isEnabled()
    dlg.radios["plan"].setChecked(True)
    assert dlg.chosen_language() == "cy"
    dlg.language.setCurrentIndex(dlg.language.findData("bilingual"))
    out = tmp_path / "plan.pdf"
    dlg.ask_path = lambda suggested: str(out)
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    dlg.save_button.click()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert text.index("Pam rydyn ni") < text.index("Why we are making this plan")
    assert "Ŵyn" in text  # Welsh letters extract as they were typed
