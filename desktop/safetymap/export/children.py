"""The children's version: large type, few words, the child's own words and pictures.

Built only from the family's copy (export/family_copy.py). The explanation of the worries comes
from the Words and Pictures story when there is one (written with the parents, in words a child
understands); otherwise from the worries themselves.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Paragraph

from ..practice.templates import Template
from . import common as c
from . import styles as st
from .family_copy import family_copy
from .pictures import house

BODY_SIZE = 20

HOUSES = (
    ("worries", "House of Worries", st.WARM, st.WARM_SOFT),
    ("good_things", "House of Good Things", st.ACCENT, st.ACCENT_SOFT),
    ("dreams", "House of Dreams", "#7A5BA6", "#F1ECF8"),
)


def _sentences(text: str) -> list[str]:
    """Short lines for young readers: one sentence per line. The words are not changed."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])", text.strip())
    return [p for p in parts if p.strip()]


def title_for(doc: dict[str, Any]) -> str:
    kids = [c.first_name(p["name"]) for p in c.children(doc)]
    return f"For {c.join_names(kids)}" if kids else "For the children"


def _explanation(fc: dict[str, Any], child_uid: str | None = None) -> list[str]:
    wps = fc.get("childs_voice", {}).get("words_and_pictures", [])
    mine = [w for w in wps if w.get("child_uid") == child_uid and (w.get("text") or "").strip()]
    shared = [w for w in wps if not w.get("child_uid") and (w.get("text") or "").strip()]
    chosen = mine or shared or [w for w in wps if (w.get("text") or "").strip()][:1]
    if chosen:
        return [w["text"] for w in chosen]
    return [e["text"] for e in c.entries(fc, "worry")]


def family_facing_texts(doc: dict[str, Any]) -> list[tuple[str, str]]:
    fc = doc if doc.get("family_copy") else family_copy(doc)[0]
    out = [("the story for the children", t) for t in _explanation(fc)]
    out += [(f"{h.get('child', 'the child')}'s Three Houses", h.get("text") or "")
            for h in fc.get("childs_voice", {}).get("three_houses", [])]
    return [(w, t) for w, t in out if t.strip()]


def _helpers(fc: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in fc.get("people", []) if p.get("role") in ("network", "professional")
            or (p.get("role") == "adult" and p.get("in_household"))]


def _image(att: dict[str, Any], max_w: float, max_h: float) -> Flowable | None:
    raw = att.get("data_base64")
    if not raw or not str(att.get("mime_type", "")).startswith("image/"):
        return None
    try:
        data = base64.b64decode(raw)
        iw, ih = ImageReader(io.BytesIO(data)).getSize()
    except Exception:
        return None  # a damaged picture must not stop the child's document
    scale = min(max_w / iw, max_h / ih)
    return Image(io.BytesIO(data), width=iw * scale, height=ih * scale, hAlign="CENTER")


def build_children(doc: dict[str, Any], template: Template, safe_copy: bool = False,
                   progress: Callable[[float], None] | None = None) -> bytes:
    """The children's document as PDF bytes. Pure: reads the document, writes nothing."""
    fc, _ = family_copy(doc, safe_copy)
    s = st.make_styles(BODY_SIZE)
    W = st.FRAME_WIDTH
    kids = c.children(fc)
    title = title_for(fc)
    caption = ParagraphStyle("caption", parent=s.subtitle, alignment=TA_CENTER, spaceBefore=6)
    story: list[Flowable] = [st.para(st.text(title), s.title),
                             st.para("Some grown-ups are helping your family.", s.subtitle)]

    # who is worried, and why
    worried_by = []
    for e in c.entries(fc, "worry"):
        who = c.who_label(e.get("view"), fc)
        if who and who not in worried_by:
            worried_by.append(who)
        worried_by += [c.stance_name(x, fc) for x in e.get("stances", [])
                       if x.get("stance") == "agrees" and c.stance_name(x, fc) not in worried_by]
    story.append(st.para("Why the grown-ups are worried", s.h1))
    if worried_by:
        story.append(st.para(f"{st.text(c.join_names(worried_by))} "
                             f"{'is' if len(worried_by) == 1 else 'are'} worried.", s.body))
    shared = _explanation(fc)
    for text in shared:
        for sentence in _sentences(text):
            story.append(st.para(st.text(sentence), s.body))

    # each child's own page: Three Houses and drawings
    houses = fc.get("childs_voice", {}).get("three_houses", [])
    attachments = fc.get("childs_voice", {}).get("attachments", [])
    for kid in kids:
        mine = [h for h in houses if h.get("child_uid") == kid["uid"]]
        pics = [a for a in attachments if a.get("child_uid") == kid["uid"]]
        if not mine and not pics:
            continue
        name = c.first_name(kid["name"])
        story.append(PageBreak())
        story.append(st.para(f"{st.text(name)}\u2019s Three Houses", s.title))
        story.append(st.para(f"These are {st.text(name)}\u2019s own words.", s.subtitle))
        for key, label, colour, soft in HOUSES:
            items = [h["text"] for h in mine if h.get("house") == key and h.get("text")]
            if not items:
                continue
            col = colors.HexColor(colour) if isinstance(colour, str) else colour
            bg = colors.HexColor(soft) if isinstance(soft, str) else soft
            inner: list[Flowable] = [st.para(f"<b>{label}</b>", s.h2)]
            inner += [Paragraph(st.text(t), s.bullet, bulletText="•") for t in items]
            story.append(KeepTogether([house(W, col, 56),
                                       st.box(inner, W, background=bg, border=col, padding=12),
                                       st.gap(14)]))
        for a in pics:
            img = _image(a, W, 300)
            if img is None:
                continue
            story.append(KeepTogether([img] + ([st.para(st.text(a["caption"]), caption)]
                                               if a.get("caption") else [])))

    # pictures not tied to one child
    loose = [a for a in attachments if not a.get("child_uid")]
    for a in loose:
        img = _image(a, W, 300)
        if img is not None:
            story.append(KeepTogether([img] + ([st.para(st.text(a["caption"]), caption)]
                                               if a.get("caption") else [])))

    # who helps
    helpers = _helpers(fc)
    if helpers:
        story.append(PageBreak())
        story.append(st.para("Who helps keep you safe", s.title))
        for p in helpers:
            line = f"<b>{st.text(c.first_name(p['name']))}</b>"
            if p.get("relationship"):
                line += f", {st.text(p['relationship'])}"
            inner = [st.para(line, s.body)]
            phones = c.phones(p)
            if phones:
                inner.append(st.para(f"Phone: {st.text(phones[0])}", s.body))
            story.append(KeepTogether([st.box(inner, W, background=st.SUN_SOFT, padding=10),
                                       st.gap(8)]))
        names = c.join_names([c.first_name(p["name"]) for p in helpers
                              if p.get("role") != "adult"][:4]).replace(" and ", " or ")
        if names:
            story.append(st.gap(6))
            story.append(st.para(f"It is OK to talk about your worries. You can tell "
                                 f"{st.text(names)}.", s.body))

    w = c.worker(fc)
    meta = st.DocMeta(
        title=title, author=(w["name"] if w else "Safety Map"),
        subject="A story for the children" + (" (safe copy)" if safe_copy else ""),
        footer=f"{title} · {st.nice_date(date.today())}",
    )
    return st.build_pdf(story, meta, progress)
