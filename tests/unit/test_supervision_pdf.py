"""The supervision record PDF, read back the way a checker would: `qpdf --check`, `pdffonts`,
pypdf text and metadata, accented names, initials only for group supervision, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from safetymap.services import entries as entry_cmds
from safetymap.services import families
from safetymap.services import scores as score_cmds
from safetymap.services import supervision as sv
from safetymap.services.demo import DEMO_NAMES

from ..conftest import PASSPHRASE


def _pdf_ok(path: Path, lang: str = "en-GB") -> str:
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
    reader = PdfReader(str(path))
    assert reader.metadata.title and reader.metadata.author
    assert str(reader.trailer["/Root"].get("/Lang")) == lang
    return "\n".join(p.extract_text() for p in reader.pages)


def test_signed_record_pdf_shows_changes_view_and_sign_off(demo_store, tmp_path):
    fid = families.resolve_family(demo_store, DEMO_NAMES[1])  # the Welsh family: Siôn, Ŵyn
    first = sv.start_record(demo_store, fid)
    sv.update_record(demo_store, first, supervisor_score=6, decision="Keep going")
    sv.sign_off(demo_store, first, "Gwenllïan Rhys", "Rheolwr tîm")
    entry_cmds.add(demo_store, fid, "strength", "Siôn took Ŵyn to football every Saturday")
    score_cmds.record(demo_store, fid, 7, scorer_label="worker", reasons="Steady progress")
    rec = sv.start_record(demo_store, fid)
    sv.update_record(demo_store, rec, supervisor_score=7, score_reasons="Dad is involved",
                     reflections="Good partnership with Ceri", decision="Step down to early help",
                     rationale="Three months of steady care")
    sv.sign_off(demo_store, rec, "Gwenllïan Rhys", "Rheolwr tîm")
    out = tmp_path / "sup.pdf"
    sv.export_supervision_pdf(demo_store, fid, out, language="en")
    text = _pdf_ok(out)
    flat = " ".join(text.split())
    for expected in ("Supervision record", "What has changed since we last looked",
                     "Siôn took Ŵyn to football every Saturday", "How the scores moved",
                     "Step down to early help", "Three months of steady care",
                     "Gwenllïan Rhys", "Rheolwr tîm", "Earlier supervision records",
                     "Keep going"):
        assert expected in flat, expected
    assert PdfReader(str(out)).metadata.author == "Gwenllïan Rhys"
    assert not list(tmp_path.glob("*.partial"))
    # the family prefers Welsh: without a language the record is printed in Welsh; the
    # people's own words stay as they were typed
    sv.export_supervision_pdf(demo_store, fid, out)
    cy = " ".join(_pdf_ok(out, "cy-GB").split())
    for expected in ("Cofnod goruchwyliaeth", "Beth sydd wedi newid ers i ni edrych ddiwethaf",
                     "Siôn took Ŵyn to football every Saturday", "Step down to early help",
                     "Cwestiynau ar gyfer goruchwyliaeth fyfyriol"):
        assert expected in cy, expected
    assert "What has changed since we last looked" not in cy
    sv.export_supervision_pdf(demo_store, fid, out, language="bilingual")
    both = " ".join(_pdf_ok(out, "cy-GB").split())
    assert both.index("Cofnod goruchwyliaeth") < both.index("Supervision record")
    assert both.count("Three months of steady care") == 2


def test_group_record_pdf_uses_initials_only(demo_store, tmp_path):
    fid = families.resolve_family(demo_store, DEMO_NAMES[0])
    rec = sv.start_record(demo_store, fid, is_group=True)
    sv.save_group_summary(demo_store, rec, "Sarah Hughes and Gwen act together; Tomasz's "
                                           "view is missing.")
    out = tmp_path / "group.pdf"
    sv.export_supervision_pdf(demo_store, fid, out, record_id=rec)
    flat = " ".join(_pdf_ok(out).split())
    assert "Group supervision record" in flat and "SH and GH act together" in flat
    for name in ("Sarah", "Tomasz", "Hughes", "Kowalski", "Lena", "Jakub", "Gwen"):
        assert name not in flat, name


def test_pdf_without_any_record_is_a_preparation_copy(demo_store, tmp_path):
    fid = families.resolve_family(demo_store, DEMO_NAMES[2])
    out = tmp_path / "prep.pdf"
    sv.export_supervision_pdf(demo_store, fid, out)
    flat = " ".join(_pdf_ok(out).split())
    assert "Draft: not signed off yet" in flat
    assert "What don't we know yet?" in flat
    # other changed records are named in plain words, never by their table or class names
    assert "change to the working plan" in flat
    for internal in ("ChronologyEvent", "VisitAttendance", "SafetyPlanVersion", "WordsAndPictures",
                     "ContactDetail", "EntryStance"):
        assert internal not in flat, internal


def test_cli_export_supervision(tmp_path):
    store = tmp_path / "s.db"
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=PASSPHRASE)
    run = lambda *a: subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store), *a],
                                    capture_output=True, text=True, env=env, timeout=120,
                                    stdin=subprocess.DEVNULL)
    assert run("demo").returncode == 0
    out = tmp_path / "s.pdf"
    r = run("export", "supervision", "Hughes-Kowalski family", "--out", str(out))
    assert r.returncode == 0, r.stderr
    _pdf_ok(out)
    r = run("check")
    assert r.returncode == 0, r.stderr
