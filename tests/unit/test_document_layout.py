"""Layout of the printed documents, measured from the PDFs themselves: the family plan fits on
one or two pages, no page but the last is mostly white, a table row (a worry, a rule, a person)
is never split across pages, long text lays out fast at full width, and the network picture's
labels never overlap however many people there are.

Fill is measured honestly with `pdftotext -bbox`: on each page, how far down the body frame the
lowest word reaches (the footer under the frame is not counted). A page "more than two-thirds
empty" is one whose content reaches less than a third of the way down its frame.
"""

from __future__ import annotations

import re
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetymap.export import plan as plan_mod
from safetymap.export import styles as st
from safetymap.export.pictures import MAX_IN_PICTURE, NetPerson, network_labels
from safetymap.services import assessment as assessment_cmds
from safetymap.services import chronology as chronology_cmds
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import scores as score_cmds
from safetymap.services import supervision as sv
from safetymap.services.documents import export_document
from safetymap.services.families import create_family, resolve_family

DEMO = {"hk": "Hughes-Kowalski family", "davies": "Davies family (Teulu Davies)",
        "yilmaz": "Yılmaz family"}
MIN_FILL = 1 / 3


def _margin(kind: str) -> float:
    return float(getattr(plan_mod, "PLAN_MARGIN", st.MARGIN)) if kind == "plan" else st.MARGIN


def page_boxes(path: Path) -> list[tuple[float, float, list[tuple[float, float, float, float]]]]:
    """(width, height, word boxes (x0, y0, x1, y1) from the top) for every page."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out,
                                 re.S):
        boxes = [tuple(float(v) for v in m) for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', body)]
        pages.append((float(w), float(h), boxes))  # type: ignore[arg-type]
    return pages


def page_fills(path: Path, margin: float) -> list[float]:
    """How far down its body frame each page's content reaches (0 = empty, 1 = full)."""
    fills = []
    for _w, h, boxes in page_boxes(path):
        top, bottom = margin, h - margin - 4 * 72 / 25.4  # the frame (footer below it)
        ys = [b[3] for b in boxes if b[3] <= bottom + 2]
        fills.append(0.0 if not ys else (max(ys) - top) / (bottom - top))
    return fills


def assert_pages_filled(path: Path, kind: str) -> list[float]:
    fills = page_fills(path, _margin(kind))
    for i, f in enumerate(fills[:-1]):
        assert f >= MIN_FILL, f"{path.name}: page {i + 1} of {len(fills)} is mostly empty " \
                              f"(content reaches {f:.0%} of the frame); fills {fills}"
    return fills


def _export_all(store, fid: int, out: Path, key: str) -> dict[str, Path]:
    paths = {}
    for kind in ("plan", "assessment"):
        paths[kind] = out / f"{key}-{kind}.pdf"
        export_document(store, fid, kind, paths[kind])
    paths["supervision"] = out / f"{key}-supervision.pdf"
    sv.export_supervision_pdf(store, fid, paths["supervision"])
    return paths


@pytest.mark.parametrize("key", list(DEMO))
def test_demo_documents_fit_and_fill_their_pages(demo_store, tmp_path, key):
    fid = resolve_family(demo_store, DEMO[key])
    paths = _export_all(demo_store, fid, tmp_path, key)
    pages = len(PdfReader(str(paths["plan"])).pages)
    assert pages <= 2, f"the {key} plan runs to {pages} pages"
    for kind, path in paths.items():
        assert_pages_filled(path, kind)


def _page_texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_a_worry_row_is_never_split_across_pages(demo_store, tmp_path):
    """Each map entry's words start and end on the same page of the assessment."""
    from safetymap.services.families import load_family

    fid = resolve_family(demo_store, DEMO["hk"])
    out = tmp_path / "a.pdf"
    export_document(demo_store, fid, "assessment", out)
    texts = _page_texts(out)
    doc = load_family(demo_store, fid)
    for e in doc["map"]:
        words = " ".join((e.get("text") or "").split())
        if len(words) < 60:
            continue
        head, tail = words[:25], words[-25:]
        pages = [i for i, t in enumerate(texts) if head in t and tail in t]
        assert pages, f"split across pages: {words[:60]}..."


def test_plan_has_help_box_and_names_the_worker(demo_store, tmp_path):
    fid = resolve_family(demo_store, DEMO["hk"])
    out = tmp_path / "plan.pdf"
    export_document(demo_store, fid, "plan", out)
    text = " ".join(" ".join(_page_texts(out)).split())
    for expected in ("If you need help", "Call Alex Morgan", "01970 000222",
                     "Out of hours (evenings, nights and weekends): 0808 157 0123",
                     "duty team: 01632 960100", "In an emergency call 999.",
                     "Written down by Alex Morgan", "Alex Morgan (worker)"):
        assert expected in text, expected
    # the signatures follow the last section on the same page when they fit
    last = _page_texts(out)[-1]
    assert "Signatures" in last and "When we'll look at the plan again" in last


def test_help_box_is_reusable_and_keeps_to_the_family_copy():
    """help_box(doc, styles, width) builds from doc["help"]; a fallback worker's phone that
    the family's copy left out is not printed."""
    doc = {"people": [{"uid": "w", "name": "Alex Morgan", "role": "professional",
                       "relationship": "Social worker", "contacts": []}],
           "worker_profile": None,
           "help": {"worker": {"name": "Alex Morgan", "role": "Social worker", "team": "",
                               "phone": "07700 111222"},
                    "numbers": [{"label": "Duty team", "value": "01632 960100"}],
                    "emergency": "In an emergency call 999."}}
    pdf = st.build_pdf([st.help_box(doc, st.make_styles(20), st.FRAME_WIDTH)],
                       st.DocMeta(title="Help"))
    import io

    text = " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())
    assert "Alex Morgan" in text and "01632 960100" in text and "999" in text
    assert "07700 111222" not in text


# --- a big family: 30 people, long notes, a 200,000-character analysis -------------------------


def _lines(n_chars: int, seed: str) -> str:
    """Text pasted with its line breaks and blank lines, the slowest shape for ReportLab."""
    line = f"{seed} Mae pethau'n well gartref, ac mae Ŵyn yn cysgu'n well. "
    out, size, i = [], 0, 0
    while size < n_chars:
        piece = f"{line}{i}." + ("\n\n" if i % 7 == 6 else "\n")
        out.append(piece)
        size += len(piece)
        i += 1
    return "".join(out)[:n_chars]


def make_big_family(store) -> int:
    fid = create_family(store, "Teulu Mawr", "child-protection")
    mam = people_cmds.add(store, fid, "Ceridwen Mawr", "adult", "Mam", in_household=True)
    people_cmds.add(store, fid, "Ŵyn Mawr", "child", "Mab", age_years=8, in_household=True)
    people_cmds.add(store, fid, "Elin Mawr", "child", "Merch", age_years=6, in_household=True)
    for i in range(30):
        p = people_cmds.add(store, fid, f"Helper{i:02d} Longsurname-Person", "network",
                          f"Friend {i}", closeness=1 if i < 6 else 2,
                          network_role=f"Helps on day {i % 7 + 1}.")
        people_cmds.add_contact(store, p, "phone", f"07700 9{i:05d}", safe_to_share=True)
    words5000 = " ".join(f"word{i}" for i in range(5000))
    for i in range(4):
        chronology_cmds.add(store, fid, date(2026, 1, 1) + timedelta(days=20 * i),
                            f"Visit {i + 1}", detail=words5000 if i == 1 else "Short note.",
                            source="Worker", learned="We learned something." * (3 if i else 1))
    entry_cmds.add(store, fid, "worry", "Ceridwen is worried about the rent. " * 4,
                   view_person_id=mam)
    score_cmds.record(store, fid, 5, person_id=mam, reasons="Better.",
                      scored_at=datetime(2026, 3, 1, tzinfo=UTC))
    assessment_cmds.edit(store, fid, analysis=_lines(200_000, "Dadansoddiad"),
                         decision="Support.", rationale="Because.", family_note="Soon.")
    return fid


def test_big_family_lays_out_fast_full_width_and_filled(store, tmp_path):
    fid = make_big_family(store)
    out = tmp_path / "assessment.pdf"
    t0 = time.perf_counter()
    export_document(store, fid, "assessment", out)
    took = time.perf_counter() - t0
    assert took < 5, f"the assessment took {took:.1f} s to export"
    pages = len(PdfReader(str(out)).pages)
    assert 30 <= pages <= 140, pages  # 200,000 characters and 5,000 words: sane, not runaway
    assert_pages_filled(out, "assessment")
    # the 5,000-word chronology note runs the full width of the page (no narrow column)
    width = st.FRAME_WIDTH
    spans = [max(b[2] for b in boxes) - min(b[0] for b in boxes) if boxes else 0.0
             for _w, _h, boxes in page_boxes(out)]
    note_pages = [i for i, t in enumerate(_page_texts(out)) if "word2500" in t]
    assert note_pages, "the long note is printed"
    assert spans[note_pages[0]] > 0.85 * width
    # at full width a page holds about 3,000 of its characters (a narrow column: under 1,700)
    note_chars = len(" ".join(f"word{i}" for i in range(5000)))
    note_page_count = len([t for t in _page_texts(out) if re.search(r"\bword\d+\b", t)])
    assert note_page_count <= note_chars / 2400 + 1, f"the note runs over {note_page_count} pages"

    plan = tmp_path / "plan.pdf"
    t0 = time.perf_counter()
    export_document(store, fid, "plan", plan)
    assert time.perf_counter() - t0 < 5
    assert_pages_filled(plan, "plan")
    plan_text = " ".join(_page_texts(plan))
    for i in range(30):  # every phone number can be read (in the list under the picture)
        assert f"07700 9{i:05d}" in plan_text, i

    sup = tmp_path / "sup.pdf"
    sv.export_supervision_pdf(store, fid, sup)
    assert_pages_filled(sup, "supervision")


# --- the network picture ---------------------------------------------------------------------


def _overlap(a, b) -> bool:
    return not (a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0)


@pytest.mark.parametrize("n", [1, 2, 5, 8, 12, 30])
def test_network_labels_never_overlap(n):
    st.register_fonts()
    people = [NetPerson(f"Person {i} Longname", f"07700 9{i:05d}", 1 if i % 3 == 0 else 2)
              for i in range(n)]
    for width, height in ((st.FRAME_WIDTH, 230), (st.FRAME_WIDTH * 0.38, 190), (300, 100)):
        labels = network_labels(["Lena", "Jakub"], people, width, height, 10)
        assert len(labels) <= MAX_IN_PICTURE
        for i, a in enumerate(labels):
            assert 0 <= a.x0 < a.x1 <= width and 0 <= a.y0 < a.y1 <= height, a
            for b in labels[i + 1:]:
                assert not _overlap(a, b), (a, b)
        # the closest people come first
        shown = [lab.person for lab in labels]
        ring1 = [p for p in people if p.ring == 1][:MAX_IN_PICTURE]
        if len(labels) == min(n, MAX_IN_PICTURE):
            assert all(p in shown for p in ring1)


def test_network_picture_shows_up_to_eight_and_grows_to_fit():
    from safetymap.export.pictures import network_circles

    st.register_fonts()
    people = [NetPerson(f"P{i}", f"07700 9{i:05d}", 1 if i < 4 else 2) for i in range(30)]
    d = network_circles(["Ŵyn", "Elin"], people, st.FRAME_WIDTH, font_size=10, height=120)
    drawn = {s.text for s in d.contents if hasattr(s, "text")}
    assert len([t for t in drawn if t.startswith("P")]) == MAX_IN_PICTURE
    assert d.height >= 120
