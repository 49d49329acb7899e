"""Export from the workspace: plain-language check first, the PDF made on a pool thread with a
progress bar, then opened. The output path comes from a file dialog (replaced here)."""

from __future__ import annotations

from pypdf import PdfReader

from .shell_support import make_store, open_window


def test_export_the_plan_in_the_background_and_open_it(qtbot, store_path, tmp_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[2], "plan")  # the refuge family: confidential address
    win.export_action.trigger()
    dlg = win.export_dialog
    assert dlg is not None and dlg.kind() == "plan"
    qtbot.waitUntil(lambda: "Checking" not in dlg.reading.text(), timeout=10000)
    assert "Reading ease" in dlg.reading.text() or "not enough text" in dlg.reading.text()
    assert dlg.findings.count() >= 1

    out = tmp_path / "out" / "plan"
    out.parent.mkdir()
    opened = []
    dlg.ask_path = lambda suggested: str(out)
    dlg.open_file = opened.append
    dlg.safe_copy.setChecked(True)
    dlg.start()
    assert dlg.is_busy and dlg.progress.isVisible()
    assert not dlg.go.isEnabled()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    pdf = out.with_suffix(".pdf")
    assert opened == [pdf], dlg.status.text()
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
    dlg.radios["assessment"].setChecked(True)
    dlg.ask_path = lambda suggested: str(tmp_path / "missing" / "deeper" / "a.pdf")
    dlg.open_file = lambda p: None
    blocker = tmp_path / "missing"
    blocker.write_text("a file where a folder should be")
    dlg.start()
    qtbot.waitUntil(lambda: not dlg.is_busy, timeout=60000)
    assert dlg.status.text() and "Traceback" not in dlg.status.text()
    assert dlg.last_path is None
