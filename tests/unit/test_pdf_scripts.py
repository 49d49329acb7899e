"""Every character prints: names in Latin Extended, Vietnamese, Cyrillic, Greek, Arabic,
Devanagari and emoji come back out of each family PDF, and no character is drawn with a font
that has no glyph for it (the "□" a reader shows for glyph 0, .notdef).

The glyph check reads the PDF itself: for every string shown on a page (Tj/TJ) it takes the
font in force, looks each byte up in that font's embedded subset (its cmap) and its ToUnicode
map, and fails on any character that lands on glyph 0. test_the_glyph_check_fires proves the
check catches the old Atkinson-only output."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.platypus import Paragraph

from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.export import styles as st
from safetymap.services import assessment as assessment_cmds
from safetymap.services import childs_voice as voice_cmds
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import plan as plan_cmds
from safetymap.services import scores as score_cmds
from safetymap.services.documents import build_document
from safetymap.services.families import create_family, load_family

KINDS = ("plan", "assessment", "children")
NAMES = {
    "latin": "Ōta Sōichirō",
    "vietnamese": "Nguyễn Thị Hương",
    "cyrillic": "Олена Шевченко",
    "greek": "Δημήτρης Παπαδόπουλος",
    "arabic": "فاطمة الزهراء",
    "devanagari": "अनन्या शर्मा",
}
EMOJI_CHILD = "Zofia 🌻"
EMOJI_TEXT = "🙂👍🏽 and ❤️"
ALL_NAMES = " · ".join([*NAMES.values(), EMOJI_CHILD])

# What a monochrome, unshaped PDF cannot keep, and says so in styles._prepare: variation
# selectors and joiners (invisible), skin-tone modifiers after an emoji (no colour to show).
_IGNORABLE = re.compile(
    "[\\s\ufe00-\ufe0f\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\U0001F3FB-\U0001F3FF]")


def norm(text: str) -> str:
    return _IGNORABLE.sub("", unicodedata.normalize("NFC", text))


# --- reading a PDF back --------------------------------------------------------------------


def _subset_cmap(font_file: bytes) -> dict[int, int]:
    """code -> glyph id of an embedded TrueType subset (format 0, 4 or 6 cmap subtables)."""
    num_tables = struct.unpack(">H", font_file[4:6])[0]
    tables = {}
    for i in range(num_tables):
        tag, _sum, offset, length = struct.unpack(">4sIII", font_file[12 + 16 * i:28 + 16 * i])
        tables[tag] = (offset, length)
    base = tables[b"cmap"][0]
    count = struct.unpack(">H", font_file[base + 2:base + 4])[0]
    out: dict[int, int] = {}
    for i in range(count):
        _plat, _enc, off = struct.unpack(">HHI", font_file[base + 4 + 8 * i:base + 12 + 8 * i])
        t = base + off
        fmt = struct.unpack(">H", font_file[t:t + 2])[0]
        if fmt == 0:
            out.update({c: g for c, g in enumerate(font_file[t + 6:t + 262])})
        elif fmt == 6:
            first, n = struct.unpack(">HH", font_file[t + 6:t + 10])
            ids = struct.unpack(f">{n}H", font_file[t + 10:t + 10 + 2 * n])
            out.update({first + k: g for k, g in enumerate(ids)})
        elif fmt == 4:
            segs = struct.unpack(">H", font_file[t + 6:t + 8])[0] // 2
            arr = struct.unpack(f">{4 * segs + 1}H", font_file[t + 14:t + 16 + 8 * segs])
            ends, starts = arr[:segs], arr[segs + 1:2 * segs + 1]
            deltas, ro_pos = arr[2 * segs + 1:3 * segs + 1], t + 16 + 6 * segs
            for s in range(segs):
                for c in range(starts[s], ends[s] + 1):
                    if c == 0xFFFF:
                        continue
                    ro = struct.unpack(">H", font_file[ro_pos + 2 * s:ro_pos + 2 * s + 2])[0]
                    if ro == 0:
                        g = (c + deltas[s]) & 0xFFFF
                    else:
                        at = ro_pos + 2 * s + ro + 2 * (c - starts[s])
                        g = struct.unpack(">H", font_file[at:at + 2])[0]
                        g = (g + deltas[s]) & 0xFFFF if g else 0
                    out.setdefault(c, g)
    return out


def _to_unicode(cmap_text: str) -> dict[int, str]:
    out = {}
    for code, uni in re.findall(r"<([0-9A-Fa-f]{2,4})>\s*<([0-9A-Fa-f]+)>", cmap_text):
        out[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be", errors="replace")
    return out


def drawn_characters(pdf: bytes) -> list[tuple[int, str, str, int]]:
    """(page, font, character, glyph id) for every character shown on every page."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page_no, page in enumerate(reader.pages, 1):
        fonts = page["/Resources"].get("/Font", {})
        known: dict[str, tuple[str, dict[int, int], dict[int, str]]] = {}
        for key, ref in fonts.items():
            f = ref.get_object()
            desc = f.get("/FontDescriptor")
            ff = desc.get_object().get("/FontFile2") if desc is not None else None
            assert ff is not None, f"font {f.get('/BaseFont')} on page {page_no} not embedded"
            tu = _to_unicode(f["/ToUnicode"].get_object().get_data().decode("latin-1"))
            known[key] = (str(f["/BaseFont"]), _subset_cmap(ff.get_object().get_data()), tu)
        current = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                current = known[operands[0]]
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                assert current is not None, f"text with no font on page {page_no}"
                items = operands[0] if op == b"TJ" else [operands[-1]]
                for item in items:
                    if isinstance(item, (int, float)) or not hasattr(item, "__len__"):
                        continue
                    raw = getattr(item, "original_bytes", None)
                    raw = bytes(item) if raw is None else raw
                    name, glyphs, uni = current
                    for code in raw:
                        found.append((page_no, name, uni.get(code, f"<{code:02X}>"),
                                      glyphs.get(code, 0)))
    return found


def missing_glyphs(pdf: bytes) -> list[tuple[int, str, str]]:
    return sorted({(p, f, ch) for p, f, ch, g in drawn_characters(pdf) if g == 0})


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [r.split() for r in out.stdout.strip().splitlines()[2:]]


# --- the family --------------------------------------------------------------------------


@pytest.fixture
def world_doc(store) -> dict:
    fid = create_family(store, "Ōta-Nguyễn family 🌻")
    parents = ("latin", "vietnamese")
    ids = {k: people_cmds.add(store, fid, n, "adult" if k in parents else "network",
                            "Parent" if k in parents else "Friend", in_household=k in parents,
                            closeness=1, network_role=f"Calls {EMOJI_TEXT}")
           for k, n in NAMES.items()}
    zofia = people_cmds.add(store, fid, EMOJI_CHILD, "child", "Daughter", age_years=7,
                          in_household=True)
    oki = people_cmds.add(store, fid, "Ōki Nguyễn", "child", "Son", age_years=5,
                        in_household=True)
    entry_cmds.add(store, fid, "worry", f"{NAMES['cyrillic']} is worried about {EMOJI_CHILD} "
                   f"at night {EMOJI_TEXT}", view_person_id=ids["cyrillic"])
    entry_cmds.add(store, fid, "strength", f"{ALL_NAMES} visit every week {EMOJI_TEXT}",
                   view_person_id=ids["latin"])
    entry_cmds.add(store, fid, "goal", f"{NAMES['greek']} will call every Friday",
                   view_person_id=ids["vietnamese"])
    for i, key in enumerate(("latin", "vietnamese", "arabic")):
        score_cmds.record(store, fid, 5 + i, person_id=ids[key], reasons=f"Better {EMOJI_TEXT}",
                          scored_at=datetime(2026, 1 + 2 * i, 1, tzinfo=UTC))
    for child in (zofia, oki):
        voice_cmds.add_house_entry(store, fid, child, "good_things", f"Playing with {ALL_NAMES}")
        voice_cmds.add_house_entry(store, fid, child, "worries", f"Shouting {EMOJI_TEXT}")
    voice_cmds.set_words_and_pictures(store, fid, f"{ALL_NAMES} {EMOJI_TEXT}")
    plan_cmds.save(store, fid, PlanContent(
        rules=[PlanRule(f"{NAMES['latin']} will walk {EMOJI_CHILD} to school", [],
                          NAMES["vietnamese"], NAMES["cyrillic"])],
        warning_signs=[f"{NAMES['greek']} shouting 😠"],
        if_not_working=f"Call {NAMES['arabic']} or {NAMES['devanagari']}",
        review=f"Soon, with {ALL_NAMES}"))
    assessment_cmds.edit(store, fid, analysis=f"{ALL_NAMES} {EMOJI_TEXT}",
                         decision=f"Support for {NAMES['arabic']}",
                         rationale=NAMES["devanagari"], family_note=ALL_NAMES)
    return load_family(store, fid)


@pytest.mark.parametrize("kind", KINDS)
def test_every_name_comes_back_and_every_character_has_a_glyph(world_doc, tmp_path, kind):
    pdf = build_document(world_doc, kind)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)

    assert missing_glyphs(pdf) == [], "characters drawn with no glyph (they print as □)"

    by_poppler = norm(pdftotext(path))
    by_pypdf = norm("".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))
    for name in [*NAMES.values(), EMOJI_CHILD, "🙂👍", "❤"]:
        assert norm(name) in by_poppler, f"{name!r} not in pdftotext's text of the {kind}"
        assert norm(name) in by_pypdf, f"{name!r} not in pypdf's text of the {kind}"

    rows = pdffonts(path)
    assert rows
    for r in rows:
        assert r[-5] == "yes", f"font not embedded: {r}"
    used = " ".join(r[0] for r in rows)
    for family in ("AtkinsonHyperlegibleNext", "NotoSans-", "NotoSansArabic",
                   "NotoSansDevanagari", "NotoEmoji"):
        assert family in used, f"{family} not used in the {kind}: {used}"


def test_the_glyph_check_fires_on_atkinson_only_text(tmp_path):
    # The old text(): escaped, no fallback. The same check must report the boxes.
    s = st.make_styles()
    old = [Paragraph(escape(f"{n} {EMOJI_CHILD}"), s.body) for n in NAMES.values()]
    pdf = st.build_pdf(old, st.DocMeta(title="control"))
    # ReportLab draws a character its font lacks as code 0 -> glyph 0 (so its identity is
    # gone from the PDF too): count them against the characters Atkinson has no glyph for.
    st._register_fallbacks()
    lacking = [c for n in NAMES.values() for c in f"{n} {EMOJI_CHILD}"
               if not c.isspace() and not st._has(st.FONT, c)]
    drawn = drawn_characters(pdf)
    assert len([g for *_x, g in drawn if g == 0]) == len(lacking) > 40
    assert missing_glyphs(pdf)
    # and the new text() on the same words has none
    new = [st.para(st.text(f"{n} {EMOJI_CHILD}"), s.body) for n in NAMES.values()]
    assert missing_glyphs(st.build_pdf(new, st.DocMeta(title="fixed"))) == []


def test_bold_stays_bold_in_a_fallback_run():
    s = st.make_styles()
    inside_b = Paragraph(f"<b>{st.text('Ōta 🌻')}</b> {st.text('Ōta')}", s.body)
    fonts = [(f.fontName, f.text) for f in inside_b.frags]
    assert ("NotoSans-Bold", "Ōta ") in fonts and ("NotoEmoji-Bold", "🌻") in fonts
    assert ("NotoSans", "Ōta") in fonts
    heading = Paragraph(st.text("Олена"), s.h1)  # a bold style, no <b>
    assert [f.fontName for f in heading.frags] == ["NotoSans-Bold"]


def test_font_for_a_whole_string():
    assert st.font_for("Siôn Ayşe") == st.FONT
    assert st.font_for("Siôn", bold=True) == st.FONT_BOLD
    assert st.font_for("Ōta Sōichirō") == "NotoSans"
    assert st.font_for("Δημήτρης", bold=True) == "NotoSans-Bold"
    assert st.font_for(NAMES["arabic"]) == "NotoSansArabic"
    assert st.font_for(NAMES["devanagari"]) == "NotoSansDevanagari"
    assert st.font_for("🙂👍🏽❤️") == "NotoEmoji"
    assert st.font_for(EMOJI_CHILD) == st.FONT  # no one font has both: Atkinson, as documented
    assert st.plain_text("❤️ 👍🏽") == "❤ 👍"


def test_text_escapes_and_keeps_words():
    assert st.text("Tom & <Jerry>\nline") == "Tom &amp; &lt;Jerry&gt;<br/>line"
    assert st.text("Ōta") == '<fallback name="NotoSans">Ōta</fallback>'
    # spaces after an emoji stay in the text font (the emoji font's space is very wide)
    assert st.text("🌻 Zofia") == '<fallback name="NotoEmoji">🌻</fallback> Zofia'
    # U+FE0F has a zero-width glyph in the emoji font: kept there; elsewhere dropped
    assert "\ufe0f" not in st.text("Zofia\ufe0f")
