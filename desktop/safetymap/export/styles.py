"""Shared look for every Safety Map PDF: fonts, colours, paragraph styles, the page frame, a
chart of scores over time.

Everything here is Qt-free and safe to call from a worker thread: each document is built into
its own in-memory buffer and returned as bytes.

To make a new document (the supervision record, say):

    from safetymap.export import styles as st
    s = st.make_styles(body_size=12)
    story = [st.para("Supervision record", s.title), st.para(text, s.body), ...]
    pdf_bytes = st.build_pdf(story, st.DocMeta(title="...", author="...", subject="..."))

Atkinson Hyperlegible Next sets the text (embedded, subset; Welsh and accented names: Ŵ, ô, Ł,
Ș, ş, ı). Where it has no glyph, bundled Noto fallbacks take over, so every character prints:
Noto Sans (Vietnamese, Latin Extended, Cyrillic, Greek), Noto Sans Arabic, Noto Sans Devanagari,
then monochrome Noto Emoji. Put user text through `text()` (Paragraph markup: the runs are
wrapped in `<fallback name=...>`, a `<font>` that keeps bold), give a graphics String
`font_for(text, bold)` and `plain_text(text)`, or pass a whole Drawing to `print_safe()`.
Every font is embedded (`pdffonts` shows emb = yes) and Helvetica is never referenced.
ReportLab does not shape text: Arabic prints unjoined (reordered so it reads right to left),
Devanagari without conjuncts, an emoji ZWJ sequence as its separate parts.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, Group, String, UserNode
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.fonts import ps2tt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.paraparser import ParaParser

from ..config import fonts_dir
from ..i18n import N_, _, current, day, short_day

# --- fonts -----------------------------------------------------------------------------------

FONT = "AtkinsonHyperlegibleNext"
FONT_BOLD = "AtkinsonHyperlegibleNext-Bold"
FONT_ITALIC = "AtkinsonHyperlegibleNext-Italic"
FONT_BOLD_ITALIC = "AtkinsonHyperlegibleNext-BoldItalic"

_FONT_FILES = {
    FONT: "AtkinsonHyperlegibleNext_400Regular.ttf",
    FONT_BOLD: "AtkinsonHyperlegibleNext_700Bold.ttf",
    FONT_ITALIC: "AtkinsonHyperlegibleNext_400Regular_Italic.ttf",
    FONT_BOLD_ITALIC: "AtkinsonHyperlegibleNext_700Bold_Italic.ttf",
}
_font_lock = threading.RLock()
_fonts_ready = False

# Fallbacks, in order, for characters Atkinson has no glyph for: Latin Extended (Vietnamese,
# Japanese romaji macrons), Cyrillic and Greek; Arabic; Devanagari; then monochrome emoji
# (outline glyphs ReportLab can embed; colour emoji fonts are bitmaps it cannot draw).
# family name -> (regular file, bold file). Italic maps to the upright face.
_FALLBACKS: dict[str, tuple[str, str]] = {
    "NotoSans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "NotoSansArabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "NotoSansDevanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    "NotoEmoji": ("NotoEmoji-Regular.ttf", "NotoEmoji-Bold.ttf"),
}
FALLBACK_FONTS = tuple(_FALLBACKS)
EMOJI_FONT = "NotoEmoji"
_fallbacks_ready = False
_cmaps: dict[str, dict[int, int]] = {}  # font name -> code point -> glyph id
_char_font_cache: dict[tuple[str, bool], str | None] = {}


def register_fonts() -> None:
    """Register the TrueType family once (thread-safe). TTFonts are always embedded."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        folder = fonts_dir()
        for name, filename in _FONT_FILES.items():
            font = TTFont(name, str(folder / filename))
            pdfmetrics.registerFont(font)
            _cmaps[name] = font.face.charToGlyph
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                      boldItalic=FONT_BOLD_ITALIC)
        # Drawings start from this state; left as Helvetica it is referenced but never
        # embedded. Our PDFs use only the embedded family.
        STATE_DEFAULTS["fontName"] = FONT
        _fonts_ready = True


def _register_fallbacks() -> None:
    """Register the Noto fallback families on first need (a text with a character Atkinson
    lacks). Each is a family so <b> inside a fallback run picks its bold face."""
    global _fallbacks_ready
    if _fallbacks_ready:
        return
    with _font_lock:
        if _fallbacks_ready:
            return
        register_fonts()
        folder = fonts_dir()
        for family, (regular, bold) in _FALLBACKS.items():
            for name, filename in ((family, regular), (family + "-Bold", bold)):
                font = TTFont(name, str(folder / filename))
                pdfmetrics.registerFont(font)
                _cmaps[name] = font.face.charToGlyph
            pdfmetrics.registerFontFamily(family, normal=family, bold=family + "-Bold",
                                          italic=family, boldItalic=family + "-Bold")
        _fallbacks_ready = True


def _has(font: str, ch: str) -> bool:
    return _cmaps[font].get(ord(ch), 0) != 0


def _face(family: str, bold: bool) -> str:
    if family == FONT:
        return FONT_BOLD if bold else FONT
    return family + "-Bold" if bold else family


def _char_font(ch: str, bold: bool = False, emoji: bool = False) -> str | None:
    """The family that draws `ch`: Atkinson, else the first fallback with a glyph for it (the
    emoji font first when `emoji`: the character was followed by U+FE0F). None: no font has it.
    Cached per character."""
    key = (ch + "\ufe0f" if emoji else ch, bold)
    try:
        return _char_font_cache[key]
    except KeyError:
        pass
    register_fonts()
    found: str | None = None
    if not emoji and _has(_face(FONT, bold), ch):
        found = FONT
    else:
        _register_fallbacks()
        order = [EMOJI_FONT] if emoji else []
        order += [f for f in FALLBACK_FONTS if f not in order] + [FONT]
        found = next((f for f in order if _has(_face(f, bold), ch)), None)
    _char_font_cache[key] = found
    return found


def _is_joiner(ch: str) -> bool:
    """Variation selectors, ZWJ/ZWNJ and other invisible format characters: they never get
    a font of their own; they stay with the run before them if its font has them, else go."""
    o = ord(ch)
    return (0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF
            or (unicodedata.category(ch) == "Cf" and o != 0x00AD))


_PLAIN_SPACE = frozenset(" \t\n\r")


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _bidi_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL", "AN")


def _visual_rtl(s: str) -> str:
    """Right-to-left spans (Arabic, Hebrew) put in visual order: ReportLab lays every line out
    left to right and does not reorder, so a name stored first-letter-first would print (and be
    read back by text extractors) backwards. A span is RTL letters and the spaces between them;
    a combining mark stays after its letter and a number keeps its digit order. Enough for
    names and short phrases; RTL text that wraps onto several lines is not fully reordered."""
    if not any(_bidi_rtl(c) for c in s):
        return s
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        if not _bidi_rtl(s[i]) or unicodedata.bidirectional(s[i]) == "AN":
            out.append(s[i])
            i += 1
            continue
        j, end = i, i
        while j < n:
            kind = unicodedata.bidirectional(s[j])
            if kind in ("R", "AL", "AN", "NSM") or _is_joiner(s[j]):
                j += 1
                end = j
            elif s[j] == " ":
                j += 1
            else:
                break
        clusters: list[str] = []
        for ch in s[i:end]:
            kind = unicodedata.bidirectional(ch)
            glued = kind == "NSM" or _is_joiner(ch) or (
                kind == "AN" and clusters and unicodedata.bidirectional(clusters[-1][-1]) == "AN")
            if glued and clusters:
                clusters[-1] += ch
            else:
                clusters.append(ch)
        out.append("".join(reversed(clusters)))
        i = end
    return "".join(out)


_SKIN_TONES = range(0x1F3FB, 0x1F400)


def _prepare(value: Any) -> str:
    """Text as it will be drawn: NFC (same words; precomposed letters print better with no
    mark positioning), a skin-tone modifier after an emoji dropped (a monochrome font can only
    show it as a separate shaded square, which reads as a missing glyph), RTL in visual
    order."""
    s = unicodedata.normalize("NFC", "" if value is None else str(value))
    if any(ord(c) in _SKIN_TONES for c in s):
        s = "".join(c for k, c in enumerate(s)
                    if not (ord(c) in _SKIN_TONES and k and not s[k - 1].isspace()))
    return _visual_rtl(s)


def font_runs(value: Any, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font family, text) runs so every character has a glyph.

    Atkinson draws whatever it can. A word (letters and marks) that needs a fallback text font
    for some letter is set wholly in that font when it covers the whole word, so "Nguyễn" or
    "Δημήτρης" is not a patchwork of two designs; other characters (emoji, symbols) fall back
    one by one. Plain spaces stay in the run they are in (not an emoji run: its spaces are
    wide). The text is first made printable by _prepare()."""
    s = _prepare(value)
    n = len(s)
    fonts: list[str | None] = [None] * n
    i = 0
    while i < n:
        ch = s[i]
        if ch in _PLAIN_SPACE or _is_joiner(ch):
            i += 1
            continue
        if _is_letter(ch):
            j = i
            while j < n and _is_letter(s[j]):
                j += 1
            word = s[i:j]
            per = [_char_font(c, bold) for c in word]
            need = next((f for f in per if f not in (FONT, None, EMOJI_FONT)), None)
            if need is not None and all(_has(_face(need, bold), c) for c in word):
                per = [need] * len(word)
            fonts[i:j] = per
            i = j
            continue
        emoji = i + 1 < n and s[i + 1] == "\ufe0f"
        fonts[i] = _char_font(ch, bold, emoji=emoji)
        i += 1
    runs: list[list[str]] = []  # [family, text]
    for idx, ch in enumerate(s):
        f = fonts[idx]
        prev = runs[-1][0] if runs else None
        if ch in _PLAIN_SPACE:  # every bundled font has these (Paragraph never draws \t \n)
            f = prev if prev is not None and prev != EMOJI_FONT else FONT
        elif _is_joiner(ch):
            if prev is None or not _has(_face(prev, bold), ch):
                continue  # no glyph where it would go: drop the invisible character
            f = prev
        elif f is None:
            f = FONT  # no bundled font has it: Atkinson's missing-glyph box, as before
        if runs and runs[-1][0] == f:
            runs[-1][1] += ch
        else:
            runs.append([f, ch])
    return [(f, t) for f, t in runs]


def font_for(text: str, bold: bool = False) -> str:
    """The one font name for a whole reportlab.graphics String: Atkinson if it has every
    character, else the first fallback that has them all, else Atkinson. Variation selectors
    and joiners are not counted (pass the String plain_text() so they are not drawn)."""
    register_fonts()
    chars = [c for c in plain_text(text) if not c.isspace()]
    if all(_has(_face(FONT, bold), c) for c in chars):
        return _face(FONT, bold)
    _register_fallbacks()
    for family in FALLBACK_FONTS:
        face = _face(family, bold)
        if all(_has(face, c) for c in chars):
            return face
    return _face(FONT, bold)


def plain_text(value: Any) -> str:
    """Text for a single-font String or canvas.drawString: as _prepare() makes it, without the
    variation selectors and joiners that most fonts do not have (they would print as boxes)."""
    return "".join(c for c in _prepare(value) if not _is_joiner(c))


def print_safe(node: Any) -> Any:
    """Give every String in a reportlab.graphics Drawing (or Group) fonts that have its glyphs,
    in place, and return it: one String in one font becomes that font (font_for); a String
    that needs several (a name with an emoji) becomes a row of Strings, one per font run,
    anchored as the original was. Bold stays bold. Widgets (a Legend, a LinePlot) are drawn
    out into plain shapes first so their labels are reached too."""
    contents = getattr(node, "contents", None)
    if contents is None:
        return node
    for k, child in enumerate(contents):
        if isinstance(child, UserNode):
            child = contents[k] = child.provideNode()
        if isinstance(child, String):
            contents[k] = _safe_string(child)
        else:
            print_safe(child)
    return node


def _safe_string(s: String) -> Any:
    font = str(getattr(s, "fontName", None) or FONT)
    try:
        bold = bool(ps2tt(font)[1])
    except ValueError:
        bold = False
    runs = font_runs(s.text, bold)
    runs = [(f, "".join(c for c in t if not (_is_joiner(c) and not _has(_face(f, bold), c))))
            for f, t in runs]
    if all(f == FONT for f, _t in runs) and plain_text(s.text) == s.text:
        return s  # nothing Atkinson cannot draw
    if len(runs) == 1:
        s.fontName, s.text = _face(runs[0][0], bold), runs[0][1]
        return s
    size = s.fontSize
    widths = [pdfmetrics.stringWidth(t, _face(f, bold), size) for f, t in runs]
    x = s.x - {"middle": sum(widths) / 2, "end": sum(widths)}.get(s.textAnchor, 0)
    g = Group()
    for (f, t), w in zip(runs, widths, strict=True):
        g.add(String(x, s.y, t, fontName=_face(f, bold), fontSize=size, fillColor=s.fillColor,
                     textAnchor="start"))
        x += w
    return g


def _start_fallback(self: Any, attr: dict[str, str]) -> None:
    # Like <font name=...> but keeps the bold/italic already in force, so the run resolves
    # to the fallback family's bold face inside <b> or a bold style (<font> resets to regular).
    self._push("fallback", fontName=attr["name"].lower())


def _end_fallback(self: Any) -> None:
    self._pop("fallback")


ParaParser.start_fallback = _start_fallback
ParaParser.end_fallback = _end_fallback

_rl_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    # ReportLab writes a code point past U+FFFF (every emoji) as five hex digits, which PDF
    # readers cut to four: copied or extracted text said "ἳ" for "🌻". PDF wants UTF-16BE.
    cmap: str = _rl_to_unicode_cmap(fontname, subset)
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            utf16 = chr(v).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{i:02X}> <{v:04X}>\n", f"<{i:02X}> <{utf16}>\n", 1)
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# --- colours ---------------------------------------------------------------------------------

INK = colors.HexColor("#1E2A32")  # near-black text, softer than pure black
MUTED = colors.HexColor("#4A5A64")  # secondary text; still AA contrast on white
ACCENT = colors.HexColor("#1F6F68")  # deep teal for headings
ACCENT_SOFT = colors.HexColor("#E3F1EF")
WARM = colors.HexColor("#B5502F")  # warm terracotta for marks and warning signs
WARM_SOFT = colors.HexColor("#FBEDE7")
SUN_SOFT = colors.HexColor("#FFF6DA")
LINE = colors.HexColor("#C9D3D8")

# Distinct, colour-blind-friendlier series colours (Okabe-Ito, darkened for print).
SERIES = [
    colors.HexColor("#0072B2"), colors.HexColor("#D55E00"), colors.HexColor("#009E73"),
    colors.HexColor("#CC79A7"), colors.HexColor("#8C6D00"), colors.HexColor("#56B4E9"),
    colors.HexColor("#000000"), colors.HexColor("#E69F00"),
]


def series_colour(i: int) -> colors.Color:
    return SERIES[i % len(SERIES)]


# --- styles ----------------------------------------------------------------------------------


@dataclass
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    quote: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    size: float


def make_styles(body_size: float = 14) -> Styles:
    """Paragraph styles scaled from one body size (the family plan uses 14, children 20)."""
    register_fonts()
    b = body_size
    lead = round(b * 1.4, 1)
    body = ParagraphStyle("body", fontName=FONT, fontSize=b, leading=lead, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=b * 0.5, bulletFontName=FONT)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=b * 1.85,
                             leading=b * 2.25, textColor=ACCENT, spaceAfter=b * 0.4),
        subtitle=ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=b * 1.0),
        h1=ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=b * 1.35,
                          leading=b * 1.7, textColor=ACCENT, spaceBefore=b * 1.1,
                          spaceAfter=b * 0.45, keepWithNext=1),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=b * 1.08,
                          leading=b * 1.4, spaceBefore=b * 0.5, spaceAfter=b * 0.25,
                          keepWithNext=1),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=max(b * 0.8, 9),
                             leading=max(b * 0.8, 9) * 1.35, textColor=MUTED),
        quote=ParagraphStyle("quote", parent=body, leftIndent=b * 0.9, borderPadding=0,
                             spaceAfter=b * 0.6),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=b * 1.3, bulletIndent=b * 0.2,
                              spaceAfter=b * 0.3),
        cell=ParagraphStyle("cell", parent=body, spaceAfter=0),
        cell_head=ParagraphStyle("cell_head", parent=body, fontName=FONT_BOLD, spaceAfter=0,
                                 textColor=colors.white),
        size=b,
    )


def text(value: Any) -> str:
    """Escape user text for a Paragraph; keep line breaks. Never changes the words.

    Runs of characters Atkinson has no glyph for are wrapped in <fallback name="..."> (a
    <font> that keeps bold), in the first bundled font that has them (see font_runs)."""
    out = []
    for family, run in font_runs(("" if value is None else str(value)).replace("\r\n", "\n")):
        markup = escape(run).replace("\n", "<br/>")
        out.append(markup if family == FONT else f'<fallback name="{family}">{markup}</fallback>')
    return "".join(out)


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from markup that is already escaped (use text() on user text)."""
    return Paragraph(markup, style)


def bullets(items: Iterable[str], style: ParagraphStyle, symbol: str = "•") -> list[Paragraph]:
    return [Paragraph(text(i), style, bulletText=symbol) for i in items if str(i).strip()]


def nice_date(value: str | date | datetime | None, short: bool = False) -> str:
    """'17 November 2026': plain, unambiguous, no relative day counts."""
    if value is None or value == "":
        return ""
    when: date
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return value  # not a date: shown as written
    else:
        when = value
    # the month's name in the document's language, from CLDR (i18n.day)
    return short_day(when) if short else day(when)


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = True,
          zebra: bool = True, head_colour: colors.Color = ACCENT) -> Table:
    """A clear table with a coloured header row that repeats on every page it spans."""
    # RowTable: a row is never split across pages unless it is taller than a page
    t = RowTable(list(map(list, rows)), colWidths=list(widths), repeatRows=1 if header else 0,
                 hAlign="LEFT", splitInRow=1)
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
        ("BOX", (0, 0), (-1, -1), 0.8, LINE),
    ]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), head_colour))
    if zebra:
        for r in range(1 if header else 0, len(rows)):
            if (r % 2 == 0) == header:
                cmds.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F6F8F9")))
    t.setStyle(TableStyle(cmds))
    return t


def box(flowables: list[Flowable], width: float, *, background: colors.Color = ACCENT_SOFT,
        border: colors.Color | None = None, padding: float = 10) -> Table:
    """A soft coloured panel around some flowables (one cell table, splits across pages)."""
    t = RowTable([[f] for f in flowables], colWidths=[width], hAlign="LEFT", splitInRow=1)
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, 0), padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
    ]
    if border is not None:
        cmds.append(("BOX", (0, 0), (-1, -1), 1.2, border))
    t.setStyle(TableStyle(cmds))
    return t


#: what the help panel says about 999 when the organisation has said nothing of its own
EMERGENCY = N_("In an emergency call 999.")


def help_box(doc: dict[str, Any], styles: Styles, width: float, *,
             heading: str = N_("If you need help")) -> Flowable:
    """The "If you need help" panel for every family-facing document: the worker by name with
    their phone, the organisation's numbers (duty team, out of hours) and the emergency line.

    `doc` is the family's copy (export/family_copy.py) carrying doc["help"]; `styles` sets the
    type size (the plan's, or the children's bigger one). Kept whole on one page.
    """
    from .common import help_info  # layout here, reading the document there

    info = help_info(doc)
    s = styles
    head = ParagraphStyle("help-head", parent=s.body, fontName=FONT_BOLD, textColor=ACCENT,
                          fontSize=s.size * 1.15, leading=s.size * 1.4, spaceAfter=s.size * 0.15)
    line = ParagraphStyle("help-line", parent=s.body, spaceAfter=s.size * 0.1)
    items: list[Flowable] = [Paragraph(escape(_(heading)), head)]
    who = info["worker"]
    if who:
        role = (who.get("role") or "").strip()
        name = f"<b>{text(who['name'])}</b>" + (f" ({text(role)})" if role else "")
        phone = (who.get("phone") or "").strip()
        said = (text(_("Call {name} on {phone}.")).replace("{phone}", f"<b>{text(phone)}</b>")
                if phone else text(_("Your worker is {name}.")))
        items.append(Paragraph(said.replace("{name}", name), line))
    for n in info["numbers"]:
        label = (n.get("label") or "").strip()
        items.append(Paragraph((f"{text(label)}: " if label else "")
                               + f"<b>{text(n['value'])}</b>", line))
    emergency = ParagraphStyle("help-999", parent=line, fontName=FONT_BOLD, textColor=WARM,
                               spaceAfter=0)
    # the organisation's own words when it gave them; else ours, in the document's language
    said_999 = info["emergency"] if info["emergency"] != EMERGENCY else _(EMERGENCY)
    items.append(Paragraph(text(said_999), emergency))
    # one cell, so the box is never split across pages and can sit in a table cell too
    pad = max(6.0, s.size * 0.5)
    t = RowTable([[items]], colWidths=[width], hAlign="LEFT")
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("BACKGROUND", (0, 0), (-1, -1), colors.white),
                           ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                           ("LEFTPADDING", (0, 0), (-1, -1), pad),
                           ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                           ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), pad)]))
    return t


# --- the document ----------------------------------------------------------------------------

PAGE = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN


@dataclass
class DocMeta:
    title: str
    author: str = "Safety Map"
    subject: str = ""
    lang: str = field(default_factory=lambda: "cy-GB" if current() == "cy" else "en-GB")
    #: the page number at the foot, in the document's language when the meta is made
    page: str = field(default_factory=lambda: _("Page {n}"))
    keywords: list[str] = field(default_factory=list)
    footer: str = ""  # short text at the foot of every page, next to the page number
    margin: float = MARGIN  # page margin (the family plan uses a smaller one, PLAN_MARGIN)


def make_doc(buffer: io.BytesIO, meta: DocMeta) -> SimpleDocTemplate:
    """A4 document template with title, author, subject and language set in the PDF."""
    register_fonts()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=meta.margin, rightMargin=meta.margin,
        topMargin=meta.margin, bottomMargin=meta.margin + 4 * mm, title=meta.title,
        author=meta.author, subject=meta.subject, creator="Safety Map",
        producer="Safety Map (ReportLab)",
        keywords=meta.keywords, lang=meta.lang, invariant=False,
        # The canvas would otherwise start in Helvetica: a font that is referenced but never
        # embedded, which fails the "every font embedded" bar.
        initialFontName=FONT, initialFontSize=12, initialLeading=14.4,
    )
    # keepWithNext (every heading) keeps a heading with the start of what follows, never
    # with the whole of it: a long table after a heading no longer forces a new page.
    doc.keepTogetherClass = KeepStart
    return doc


def _footer(meta: DocMeta) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9.5)
        canvas.setFillColor(MUTED)
        y = min(MARGIN, meta.margin) - 6 * mm
        if meta.footer:  # names in it may need a fallback font: drawn run by run
            x = meta.margin
            for family, run in font_runs(meta.footer):
                run = run.replace("\n", " ")
                canvas.setFont(family, 9.5)
                canvas.drawString(x, y, run)
                x += pdfmetrics.stringWidth(run, family, 9.5)
            canvas.setFont(FONT, 9.5)
        canvas.drawRightString(PAGE[0] - meta.margin, y, meta.page.format(n=doc.page))
        canvas.restoreState()

    return draw


def build_pdf(story: list[Flowable], meta: DocMeta,
              progress: Callable[[float], None] | None = None) -> bytes:
    """Lay out the story and return the PDF bytes. Nothing is written to disk here."""
    buf = io.BytesIO()
    doc = make_doc(buf, meta)
    total = max(len(story), 1)
    if progress is not None:
        done = [0]

        def after_flowable(_flowable: Flowable) -> None:
            done[0] += 1
            if done[0] % 5 == 0:
                progress(min(done[0] / total, 1.0))

        doc.afterFlowable = after_flowable
    on_page = _footer(meta)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def gap(h: float = 8) -> Spacer:
    return Spacer(1, h)


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


# --- chart of scores over time --------------------------------------------------------------


def score_chart(series: dict[str, list[tuple[date, int]]], width: float = FRAME_WIDTH,
                height: float = 200, font_size: float = 9.5) -> Drawing:
    """One line per person across dated scores, 0-10 on the y axis, dated x axis, a legend.

    `series` maps a name to (date, value) pairs. A person with one score shows as one marker.
    """
    # Imported here: only the assessment and supervision draw a chart, and these modules cost
    # about 10 ms of every plan export's cold start.
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.widgets.markers import makeMarker

    register_fonts()
    legend_rows = (len(series) + 2) // 3
    legend_h = 16 * max(legend_rows, 1) + 6
    d = Drawing(width, height + legend_h)
    if not series:
        d.add(String(0, height / 2, "No scores yet.", fontName=FONT, fontSize=font_size))
        return d
    all_days = sorted({day.toordinal() for pts in series.values() for day, _ in pts})
    lo, hi = all_days[0], all_days[-1]
    if hi - lo < 14:
        lo, hi = lo - 7, hi + 7
    span = hi - lo
    pad = span * 0.04

    lp = LinePlot()
    lp.x, lp.y = 34, legend_h + 26
    lp.width, lp.height = width - lp.x - 14, height - 40
    lp.data = [sorted((day.toordinal(), v) for day, v in pts) for pts in series.values()]
    for i in range(len(lp.data)):
        c = series_colour(i)
        lp.lines[i].strokeColor = c
        lp.lines[i].strokeWidth = 2
        lp.lines[i].symbol = makeMarker("FilledCircle", size=5, fillColor=c, strokeColor=c)
    lp.yValueAxis.valueMin, lp.yValueAxis.valueMax, lp.yValueAxis.valueStep = 0, 10, 2
    lp.yValueAxis.labels.fontName = FONT
    lp.yValueAxis.labels.fontSize = font_size
    lp.yValueAxis.visibleGrid = True
    lp.yValueAxis.gridStrokeColor = LINE
    lp.yValueAxis.gridStrokeWidth = 0.4
    lp.xValueAxis.valueMin, lp.xValueAxis.valueMax = lo - pad, hi + pad
    ticks = _date_ticks(lo, hi)
    lp.xValueAxis.valueSteps = ticks
    lp.xValueAxis.labelTextFormat = lambda v: date.fromordinal(int(round(v))).strftime("%b %Y")
    lp.xValueAxis.labels.fontName = FONT
    lp.xValueAxis.labels.fontSize = font_size
    lp.xValueAxis.labels.dy = -4
    d.add(lp)

    lg = Legend()
    lg.x, lg.y = 34, legend_h - 8
    lg.fontName, lg.fontSize = font_for("".join(series)), font_size + 0.5
    lg.alignment = "right"
    lg.boxAnchor = "nw"
    lg.columnMaximum = 1 if len(series) <= 3 else legend_rows
    lg.deltax = (width - 40) / 3
    lg.dx, lg.dy = 10, 10
    lg.colorNamePairs = [(series_colour(i), plain_text(name)) for i, name in enumerate(series)]
    d.add(lg)
    return print_safe(d)


def _date_ticks(lo: int, hi: int, most: int = 6) -> list[int]:
    """Month starts between lo and hi, thinned to at most `most` ticks."""
    start, end = date.fromordinal(lo), date.fromordinal(hi)
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append(date(y, m, 1).toordinal())
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    months = [t for t in months if lo <= t <= hi] or [lo]
    step = max(1, -(-len(months) // most))
    return months[::step]


# --- layout helpers: sections flow, rows stay whole, long text in chunks ----------------------
#
# Three rules keep every document free of half-empty pages (ARCHITECTURE.md, "Documents"):
# 1. Nothing big is kept together. A heading travels with the *start* of what follows it
#    (KeepStart), never with the whole of it, so a section never forces a new page.
# 2. A table row is never split across pages (RowTable), unless the row alone is taller than
#    a page: then it flows inside the row rather than failing the layout.
# 3. Long text is cut into paragraphs (at blank lines and line breaks) and very long paragraphs
#    into chunks (flow_text), so ReportLab never re-lays-out one giant Paragraph per page.

FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - 4 * mm - 12  # the body frame, less its 6 pt paddings
CHUNK_CHARS = 1500  # a very long paragraph is printed as several of about this size


def _is_break(f: Flowable) -> bool:
    return type(f).__name__ in ("_FrameBreak", "PageBreak", "SlowPageBreak", "FrameBreak")


class KeepStart(KeepTogether):  # type: ignore[misc]
    """The first `nhead` flowables (a heading, an intro line) kept with the *start* of the
    next one: if the next one fits or can be split in the room left under the head, all stay
    on this page and the rest flows on; otherwise head and all move to the next page. Never
    forces a page break just because the whole section is long."""

    def __init__(self, flowables: list[Flowable], nhead: int | None = None,
                 maxHeight: float | None = None) -> None:
        super().__init__(flowables, maxHeight)
        self._nhead = len(self._content) - 1 if nhead is None else nhead
        # kept here already: never wrapped again (with no body, the head itself: a heading
        # before a container, which the doc will not put in a KeepTogether, must not loop)
        for f in self._content[:max(self._nhead, 1)]:
            f.__dict__["keepWithNext"] = 0

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = list(self._content)
        head, rest = content[:self._nhead], content[self._nhead:]
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if at_top or not rest:
            return [self.NullActionFlowable(), *content]
        from reportlab.platypus.flowables import _listWrapOn
        _w, head_h = _listWrapOn(head, aW, self.canv)
        if head:
            head_h += head[-1].getSpaceAfter()
        first = rest[0]
        room = aH - head_h - first.getSpaceBefore()
        # (the doc needs a first piece that surely fits: a zero-size one)
        if _starts_here(first, self.canv, aW, room):
            return [self.NullActionFlowable(), *content]
        return [self.FrameBreak(), *content]


def _starts_here(f: Flowable, canv: Any, aW: float, room: float, depth: int = 0) -> bool:
    """True if some real part of `f` (not only a zero-size marker) fits in `room`."""
    if room <= 0:
        return False
    _w, h = f.wrapOn(canv, aW, room)
    if h <= room:
        return True
    parts = f.splitOn(canv, aW, room)
    while parts and type(parts[0]).__name__ == "NullActionFlowable":
        parts = parts[1:]
    if not parts or _is_break(parts[0]):
        return False
    if depth < 4 and isinstance(f, KeepTogether) and parts[0] is not f:
        return _starts_here(parts[0], canv, aW, room - parts[0].getSpaceBefore(), depth + 1)
    return True


def keep_start(*flowables: Flowable, nhead: int = 1) -> KeepStart:
    """A heading (or the first `nhead` flowables) kept with the start of what follows."""
    return KeepStart(list(flowables), nhead)


def keep_short(flowables: Sequence[Flowable], limit: float = FRAME_HEIGHT / 3) -> Flowable:
    """Kept together when short (a rule, a worry, a chronology event); a long one flows, its
    first flowable kept with the start of the next."""
    fl = list(flowables)
    return _KeepIfShort(fl, limit)


class _KeepIfShort(KeepTogether):  # type: ignore[misc]
    def __init__(self, flowables: list[Flowable], limit: float) -> None:
        super().__init__(flowables)
        self._limit = limit

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= self._limit:
            return list(super().split(aW, aH))
        if len(self._content) > 1:
            return list(KeepStart(list(self._content), 1).splitOn(self.canv, aW, aH))
        return [self.NullActionFlowable(), *self._content]  # a first piece that surely fits


class RowTable(Table):  # type: ignore[misc]
    """A Table whose rows are never split across pages, unless one row alone is taller than
    a page (then it flows inside the row, so the layout never fails)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        result = self._splitRows(availHeight, doInRowSplit=0)
        if result:
            return list(result)
        rr = self.repeatRows
        nrep = rr if isinstance(rr, int) else max(rr) + 1
        if len(self._rowHeights) > nrep:
            head = sum(self._rowHeights[:nrep])
            if head + self._rowHeights[nrep] > FRAME_HEIGHT - 2:  # taller than any page
                return list(self._splitRows(availHeight, doInRowSplit=1))
        return []


def _pieces(value: Any, chunk: int) -> list[tuple[str, bool]]:
    """(piece, ends its paragraph) for split_text and flow_text."""
    raw = "" if value is None else str(value)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    out: list[tuple[str, bool]] = []
    for piece in raw.split("\n"):
        piece = piece.strip()
        while len(piece) > chunk:
            cut = piece.rfind(" ", chunk // 2, chunk)
            if cut <= 0:
                cut = chunk
            out.append((piece[:cut].rstrip(), False))
            piece = piece[cut:].lstrip()
        if piece:
            out.append((piece, True))
    return out


def split_text(value: Any, chunk: int = CHUNK_CHARS) -> list[str]:
    """User text as a list of plain paragraphs: split at blank lines and line breaks, and a
    very long paragraph cut at word boundaries into pieces of about `chunk` characters."""
    return [p for p, _end in _pieces(value, chunk)]


def flow_text(value: Any, style: ParagraphStyle, *, first_prefix: str = "",
              chunk: int = CHUNK_CHARS) -> list[Paragraph]:
    """Long user text as full-width paragraphs (see split_text). `first_prefix` is markup put
    before the first paragraph (e.g. '<b>What we learned:</b> '). The pieces of one long
    paragraph follow each other with no space between. The words never change."""
    parts = _pieces(value, chunk)
    if not parts:
        return []
    joined = ParagraphStyle(style.name + "-cont", parent=style, spaceAfter=0)
    out = []
    for i, (piece, ends) in enumerate(parts):
        out.append(Paragraph((first_prefix if i == 0 else "") + text(piece),
                             style if ends else joined))
    return out


class FirstFit(KeepTogether):  # type: ignore[misc]
    """`preferred` (a compact side-by-side block that cannot split) where it fits in the room
    left on the page; otherwise `fallback` (the same content as flowables that can split), so
    the page is filled instead of the block leaving a white gap."""

    def __init__(self, preferred: Flowable, fallback: list[Flowable]) -> None:
        super().__init__([preferred])
        self._preferred, self._fallback = preferred, list(fallback)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if getattr(frame, "_atTop", False):
            return [self.NullActionFlowable(), self._preferred]
        _w, h = self._preferred.wrapOn(self.canv, aW, aH)
        return [self.NullActionFlowable(),
                *([self._preferred] if h <= aH else self._fallback)]


def first_fit(preferred: Flowable, fallback: list[Flowable]) -> FirstFit:
    return FirstFit(preferred, fallback)
