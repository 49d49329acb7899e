"""The children's version: one document for each child, in large type, speaking to that child.

Built only from the family's copy (export/family_copy.py). The rules (PRACTICE.md, "The
children's own copy"):

* **One document per child**, titled with the child's name ("For Lena"). Without a child, every
  child's document follows the other in one PDF, each starting on a new page.
* **People are named as that child knows them** (`domain.names.child_name_for`): "Mum", "Nan", "my
  teacher Mrs Evans"; never an adult-centred label such as "Sarah's mum". Words inside the
  child's own text (the story, a worry's child line, a rule's child wording) are never changed.
* **Why the grown-ups are worried** comes only from words written for a child: the Words and
  Pictures story for this child (or the shared one), else the child line of each current worry
  (entry["child_text"]). Never from an adult worry statement, harm, or the worry parts. With
  neither, it says kindly that a grown-up will explain.
* **Who helps keep you safe** is only this child's own list (child["helpers"], in order), at most
  MAX_HELPERS, with a phone number only where the contact is marked safe_for_children (and
  survived the family's copy). A person named in a current worry as the one whose behaviour is
  the worry (`named_in_worry_behaviour`) is never printed there, even if chosen.
* **Rules** are only those marked for_children, in their child wording.
* The child's Three Houses and drawings follow, attributed to that child only; the "If you need
  help" box ends each child's document.

`missing_for_children(doc)` and `helper_warnings(doc)` give the worker plain sentences about
what a child's document lacks or leaves out; they never block anything.

Languages (safetymap/i18n.py): `build_children(..., language="cy")` prints the booklet in Welsh,
"bilingual" each child's Welsh booklet then the same child's English one. Only the software's
words are translated (the Welsh speaks to the child as "ti"; the worker's sentences use "chi");
the family's own words (names, stories, child lines, houses, captions) print as typed.
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
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Paragraph

from ..domain.errors import Ambiguous, NotFound
from ..domain.names import child_name_for, short_name
from ..domain.worry_people import named_in_worry_behaviour  # one rule, shared with screens
from ..i18n import BILINGUAL, ENGLISH, N_, WELSH, _, current, ngettext, speaking
from ..practice.templates import Template
from . import common as c
from . import styles as st
from .family_copy import family_copy
from .pictures import house
from .plan import _help_in_language  # the help numbers labelled as the plan labels them

BODY_SIZE = 18  # large type (16 pt or more), still leaving room for a whole section
MAX_HELPERS = 5
#: what the worker's sentences call a child's list (each sentence spells it out, so that each
#: sentence is translated whole)
LIST_NAME = "'who helps keep me safe' list"

HOUSES = (
    # TRANSLATORS: the children's version speaks to a child of 5 to 12 ("ti", short words)
    ("worries", N_("House of Worries"), st.WARM, st.WARM_SOFT),
    ("good_things", N_("House of Good Things"), st.ACCENT, st.ACCENT_SOFT),
    ("dreams", N_("House of Dreams"), "#7A5BA6", "#F1ECF8"),
)

# The usable height of a page (A4 less margins, see styles.make_doc). The Three Houses start on
# a new page only when the page so far is at least a third full, so no page is left mostly blank.
_FRAME_HEIGHT = st.PAGE[1] - 2 * st.MARGIN - 4 * mm
#: the type size of the page foot (styles._footer)
_FOOTER_SIZE = 9.5


def _sentences(text: str) -> list[str]:
    """Short lines for young readers: one sentence per line. The words are not changed."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])", text.strip())
    return [p for p in parts if p.strip()]


def _copy(doc: dict[str, Any], safe_copy: bool = False) -> dict[str, Any]:
    return doc if doc.get("family_copy") else family_copy(doc, safe_copy)[0]


def _first(person: dict[str, Any]) -> str:
    return short_name(person.get("name") or "")


def _for(name: str) -> str:
    """'For Lena' (a child's document's title), 'For the children' without a name."""
    return _("For {name}").format(name=name) if name else _("For the children")


def title_for(doc: dict[str, Any]) -> str:
    """'For Lena and Jakub', in the current language ('Ar gyfer Ŵyn ac Elin')."""
    return _for(c.join_names([_first(p) for p in c.children(doc)]))


def find_child(doc: dict[str, Any], key: str) -> str:
    """The uid of the child meant by `key`: a uid, a person id, or a (unique) first or full name."""
    wanted = key.strip()
    kids = c.children(doc)
    for kid in kids:
        if wanted in (kid.get("uid"), str(kid.get("id"))):
            return str(kid["uid"])
    low = wanted.casefold()
    found = [k for k in kids if low in ((k.get("name") or "").casefold(), _first(k).casefold())]
    if len(found) > 1:
        raise Ambiguous(_("More than one child in this family has that name; use the "
                          "child's id."))
    if not found:
        raise NotFound(_("This family has no child with that id or name."))
    return str(found[0]["uid"])


# --- what the child's document says ------------------------------------------------------------


def _stories(fc: dict[str, Any], child_uid: str | None) -> list[str]:
    """The Words and Pictures story for this child, else the shared one (never another child's)."""
    wps = [w for w in fc.get("childs_voice", {}).get("words_and_pictures", [])
           if (w.get("text") or "").strip()]
    mine = [w["text"] for w in wps if child_uid and w.get("child_uid") == child_uid]
    return mine or [w["text"] for w in wps if not w.get("child_uid")]


def _current_worries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return c.entries(doc, "worry")


def _same_words(a: str, b: str) -> bool:
    """True when one text is (or holds) the other: an adult worry pasted in as a child's line."""
    a, b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    short, long_ = sorted((a, b), key=len)
    return bool(short) and (short == long_ or (len(short) >= 30 and short in long_))


def _child_lines(fc: dict[str, Any]) -> list[str]:
    """The line written for a child for each current worry (entry["child_text"]), if any. A
    line that just repeats an adult worry or harm statement is not a child's line: left out."""
    adult = [e.get("text") or "" for e in fc.get("map", []) if e.get("area") in ("worry", "harm")]
    return [str(e["child_text"]).strip() for e in _current_worries(fc)
            if (e.get("child_text") or "").strip()
            and not any(_same_words(e["child_text"], t) for t in adult)]


def _rules(fc: dict[str, Any]) -> list[str]:
    """The plan rules meant for the children, in their child wording (else as written)."""
    rules = (fc.get("safety_plan", {}).get("current") or {}).get("rules", [])
    out = []
    for r in rules:
        if not r.get("for_children"):
            continue
        words = (r.get("child_text") or "").strip() or (r.get("text") or "").strip()
        if words:
            out.append(words)
    return out


def _chosen(fc: dict[str, Any], kid: dict[str, Any]) -> list[dict[str, Any]]:
    """The people on this child's own list who are in the family's copy, in the order chosen."""
    people = c.people_by_uid(fc)
    out: list[dict[str, Any]] = []
    for uid in kid.get("helpers") or []:
        p = people.get(uid)
        if p is not None and uid != kid.get("uid") and p not in out:
            out.append(p)
    return out


def _printable_helpers(fc: dict[str, Any], kid: dict[str, Any],
                       *more: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in _chosen(fc, kid) if not named_in_worry_behaviour(p, fc, *more)]


def _child_phone(person: dict[str, Any]) -> str:
    for contact in person.get("contacts", []):
        if (contact.get("kind") == "phone" and contact.get("safe_for_children")
                and (contact.get("value") or "").strip()):
            return str(contact["value"]).strip()
    return ""


def _worker_first_name(fc: dict[str, Any]) -> str:
    info = c.help_info(fc) if hasattr(c, "help_info") else {}
    who = info.get("worker") or {}
    name = (who.get("name") or "").strip()
    if not name:
        w = c.worker(fc)
        name = (w or {}).get("name", "").strip()
    return short_name(name)


def _no_story_sentence(fc: dict[str, Any]) -> str:
    """What the child reads when nothing was written for a child about the worries."""
    worker = _worker_first_name(fc)
    if worker:
        # TRANSLATORS: printed in the child's own booklet, to the child ("ti")
        return _("Your grown-ups and {worker} will talk with you about why they are helping "
                 "your family.").format(worker=worker)
    return _("Your grown-ups will talk with you about why they are helping your family.")


def _with_help(fc: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """The family's copy with the "who to call" block (doc["help"]) carried over, for the help
    box. Without a worker profile, the worker must be someone still in the family's copy."""
    out = dict(fc)
    if "help" not in out and doc.get("help") is not None:
        out["help"] = doc["help"]
    if "worker_profile" not in out:
        out["worker_profile"] = doc.get("worker_profile")
    helped = dict(out.get("help") or {})
    who = helped.get("worker") or {}
    names = {(p.get("name") or "").strip() for p in fc.get("people", [])}
    if who and not out.get("worker_profile") and (who.get("name") or "").strip() not in names:
        helped["worker"] = None
        out["help"] = helped
    return out


# --- what the worker is told ---------------------------------------------------------------------


def _kids(fc: dict[str, Any], child_uid: str | None) -> list[dict[str, Any]]:
    return [k for k in c.children(fc) if child_uid is None or k.get("uid") == child_uid]


def missing_for_children(doc: dict[str, Any], child_uid: str | None = None) -> list[str]:
    """Plain sentences for the worker about what each child's document (or only `child_uid`'s)
    lacks or leaves out. The app shows them before export; they never block anything."""
    fc = _copy(doc)
    out: list[str] = []
    all_uids = {p.get("uid") for p in doc.get("people", [])}
    kids = _kids(fc, child_uid)
    if not c.children(fc):
        # TRANSLATORS: this and the sentences below are for the worker ("chi"), not the child
        return [_("There are no children on this family's record, so the children's version "
                  "speaks to nobody by name.")]
    worries = _current_worries(fc)
    for kid in kids:
        name = _first(kid)
        if not _stories(fc, kid["uid"]):
            lines = _child_lines(fc)
            if not lines:
                out.append(_("{name}'s version has no story or child's line for the worries "
                             "yet; it will say that a grown-up will explain.").format(name=name))
            elif len(lines) < len(worries):
                n = len(worries) - len(lines)
                out.append(ngettext(
                    "One worry has no line written for the children; {name}'s version leaves "
                    "it out.",
                    "{n} worries have no line written for the children; {name}'s version "
                    "leaves them out.", n).format(n=n, name=name))
        # the family's copy drops hidden people from the lists: count them from the original
        original = c.people_by_uid(doc).get(kid["uid"], kid)
        chosen_uids = [u for u in original.get("helpers") or [] if u != kid["uid"]]
        chosen = _chosen(fc, kid)
        hidden = len([u for u in chosen_uids if u in all_uids
                      and u not in c.people_by_uid(fc)])
        if hidden:
            out.append(ngettext(
                "One person on {name}'s 'who helps keep me safe' list is not in the family's "
                "copy and left out.",
                "{n} people on {name}'s 'who helps keep me safe' list are not in the family's "
                "copy and left out.", hidden).format(n=hidden, name=name))
        printable = _printable_helpers(fc, kid, doc)
        if not chosen:
            out.append(_("Nobody is on {name}'s 'who helps keep me safe' list yet.").format(
                name=name))
        elif not printable:
            out.append(_("{name}'s version has no 'who helps keep me safe' list: nobody chosen "
                         "for it can be printed.").format(name=name))
        elif len(printable) > MAX_HELPERS:
            out.append(ngettext(
                "{name}'s 'who helps keep me safe' list has {n} person; only the first {most} "
                "are printed.",
                "{name}'s 'who helps keep me safe' list has {n} people; only the first {most} "
                "are printed.", len(printable)).format(name=name, n=len(printable),
                                                       most=MAX_HELPERS))
    return out


def helper_warnings(doc: dict[str, Any], child_uid: str | None = None) -> list[str]:
    """A sentence for each person chosen for a child's list who is named in a worry as the one
    whose behaviour people are worried about (see `named_in_worry_behaviour`). Such a person is
    never printed in the child's "who helps keep you safe"."""
    fc = _copy(doc)
    out = []
    for kid in _kids(fc, child_uid):
        name = _first(kid)
        for p in _chosen(fc, kid):
            if named_in_worry_behaviour(p, fc, doc):
                who = (p.get("name") or "").strip()
                out.append(_("{who} is on {name}'s 'who helps keep me safe' list, but a worry "
                             "names {who} as the person whose behaviour people are worried "
                             "about, so {who} is left out of {name}'s version.").format(
                    who=who, name=name))
    return out


def family_facing_texts(doc: dict[str, Any]) -> list[tuple[str, str]]:
    fc = _copy(doc)
    out: list[tuple[str, str]] = []
    kids = c.children(fc) or [{"uid": None}]
    for kid in kids:
        for t in _stories(fc, kid.get("uid")):
            if ("the story for the children", t) not in out:
                out.append(("the story for the children", t))
    out += [("a worry, in words for the children", t) for t in _child_lines(fc)]
    out += [("a rule for the children", t) for t in _rules(fc)]
    out += [(f"{h.get('child', 'the child')}'s Three Houses", h.get("text") or "")
            for h in fc.get("childs_voice", {}).get("three_houses", [])]
    return [(w, t) for w, t in out if t.strip()]


# --- layout --------------------------------------------------------------------------------------


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


def _picture(att: dict[str, Any], caption: ParagraphStyle, width: float) -> Flowable | None:
    img = _image(att, width, 300)
    if img is None:
        return None
    return KeepTogether([img] + ([st.para(st.text(att["caption"]), caption)]
                                 if att.get("caption") else []) + [st.gap(10)])


def _local_help_box(doc: dict[str, Any], s: st.Styles, width: float) -> Flowable:
    """The "If you need help" box from doc["help"], used only if styles.help_box is missing."""
    helped = doc.get("help") or {}
    heading = st.text(_("If you need help"))
    items: list[Flowable] = [st.para(f"<b>{heading}</b>", s.h2)]
    who = helped.get("worker") or {}
    if (who.get("name") or "").strip():
        phone = (who.get("phone") or "").strip()
        name = f"<b>{st.text(who['name'])}</b>"
        said = (st.text(_("Call {name} on {phone}.")).replace("{phone}",
                                                              f"<b>{st.text(phone)}</b>")
                if phone else st.text(_("Your worker is {name}.")))
        items.append(st.para(said.replace("{name}", name), s.body))
    for n in helped.get("numbers", []):
        if (n.get("value") or "").strip():
            label = (n.get("label") or "").strip()
            items.append(st.para((f"{st.text(label)}: " if label else "")
                                 + f"<b>{st.text(n['value'])}</b>", s.body))
    emergency = (helped.get("emergency") or "").strip() or st.EMERGENCY
    said_999 = _(st.EMERGENCY) if emergency == st.EMERGENCY else emergency
    items.append(st.para(f"<b>{st.text(said_999)}</b>", s.body))
    return KeepTogether([st.box(items, width, background=colors.white, border=st.ACCENT,
                                padding=12)])


def _help_box(doc: dict[str, Any], s: st.Styles, width: float) -> Flowable:
    shared = getattr(st, "help_box", None) or getattr(c, "help_box", None)
    if shared is not None:
        box: Flowable = shared(doc, s, width)
        return box
    return _local_help_box(doc, s, width)


def _child_document(fc: dict[str, Any], doc: dict[str, Any], kid: dict[str, Any] | None,
                    s: st.Styles, template: Template) -> list[Flowable]:
    """One child's document, from the family's copy `fc` (`doc` is the original, read only to
    find who a worry is about), in the current language (i18n.speaking): the software's words
    from the catalogue, the help numbers' labels from `template`'s words for this language.
    `kid` None: no child is on the record."""
    W = st.FRAME_WIDTH
    helped = _help_in_language(_with_help(fc, doc), template, template.in_language(current()))
    uid = kid["uid"] if kid else None
    name = _first(kid) if kid else ""
    caption = ParagraphStyle("caption", parent=s.subtitle, alignment=TA_CENTER, spaceBefore=6)
    story: list[Flowable] = [
        st.para(st.text(_for(name)), s.title),
        st.para(st.text(_("Some grown-ups are helping your family.")), s.subtitle),
    ]

    # why the grown-ups are worried: only words written for a child
    story.append(st.para(st.text(_("Why the grown-ups are worried")), s.h1))
    texts = _stories(fc, uid) or _child_lines(fc)
    if texts:
        for t in texts:
            story += [st.para(st.text(sentence), s.body) for sentence in _sentences(t)]
    else:
        story.append(st.para(st.text(_no_story_sentence(helped)), s.body))

    rules = _rules(fc)
    if rules:
        story.append(st.para(st.text(_("What to do if you are worried")), s.h1))
        story += [KeepTogether([st.box([st.para(st.text(r), s.body)], W,
                                       background=st.ACCENT_SOFT, padding=10), st.gap(8)])
                  for r in rules]

    helpers = _printable_helpers(fc, kid, doc)[:MAX_HELPERS] if kid else []
    # who helps, and whom to call, stay together (a short block: it moves whole to the next
    # page rather than leaving the help box alone there)
    block: list[Flowable] = []
    if helpers:
        block.append(st.para(st.text(_("Who helps keep you safe")), s.h1))
        for p in helpers:
            called = child_name_for(p, uid, fc)
            card = [st.para(f"<b>{st.text(called[:1].upper() + called[1:])}</b>", s.body)]
            phone = _child_phone(p)
            if phone:
                card.append(st.para(st.text(_("Phone: {phone}")).replace(
                    "{phone}", st.text(phone)), s.body))
            block += [st.box(card, W, background=st.SUN_SOFT, padding=10), st.gap(8)]
        block.append(st.para(st.text(_("It is OK to talk about your worries. These people will "
                                       "listen.")), s.body))
    block += [st.gap(10), _help_box(helped, s, W)]
    story.append(KeepTogether(block))

    # the child's own Three Houses and drawings, in their own words. They flow on from what
    # is above (no forced page break that would leave a nearly blank page); the heading stays
    # with the first house, and each house is kept whole.
    houses = [h for h in fc.get("childs_voice", {}).get("three_houses", [])
              if uid and h.get("child_uid") == uid]
    attachments = fc.get("childs_voice", {}).get("attachments", [])
    pics = [a for a in attachments if uid and a.get("child_uid") == uid]
    if houses:
        part: list[Flowable] = [
            st.para(st.text(_("{name}\u2019s Three Houses").format(name=name)), s.title),
            st.para(st.text(_("These are {name}\u2019s own words.").format(name=name)),
                    s.subtitle)]
        for key, label, colour, soft in HOUSES:
            items = [h["text"] for h in houses if h.get("house") == key and h.get("text")]
            if not items:
                continue
            col = colors.HexColor(colour) if isinstance(colour, str) else colour
            bg = colors.HexColor(soft) if isinstance(soft, str) else soft
            said = st.text(_(label))
            inner: list[Flowable] = [st.para(f"<b>{said}</b>", s.h2)]
            inner += [Paragraph(st.text(t), s.bullet, bulletText="•") for t in items]
            part.append(KeepTogether([house(W, col, 56), st.box(inner, W, background=bg,
                                                                border=col, padding=12),
                                      st.gap(14)]))
        if len(part) > 2:
            story.append(KeepTogether(part[:3]))
            story += part[3:]
    if pics and not houses:
        story.append(st.para(st.text(_("{name}\u2019s pictures").format(name=name)), s.h1))
    # the child's own pictures, then pictures not tied to any one child
    for a in pics + [a for a in attachments if not a.get("child_uid")]:
        flow = _picture(a, caption, W)
        if flow is not None:
            story.append(flow)

    return story


def build_children(doc: dict[str, Any], template: Template, safe_copy: bool = False,
                   progress: Callable[[float], None] | None = None,
                   child_uid: str | None = None, language: str = ENGLISH) -> bytes:
    """The children's version as PDF bytes: `child_uid`'s document, or every child's document one
    after another (each from a new page). Pure: reads the document, writes nothing.

    `language`: "en", "cy", or "bilingual" (each child's Welsh document, then the same child's
    English one, each from a new page: Welsh first, as Welsh public bodies print). Only the
    software's words change; the family's own words print as typed, in every language.
    """
    fc, _report = family_copy(doc, safe_copy)
    s = st.make_styles(BODY_SIZE)
    kids = c.children(fc)
    if child_uid is not None:
        kids = [k for k in kids if k.get("uid") == child_uid]
        if not kids:
            raise NotFound(_("This family's copy has no child with that id."))
    languages = (WELSH, ENGLISH) if language == BILINGUAL else (language,)
    story: list[Flowable] = []
    metas: list[st.DocMeta] = []
    each: list[dict[str, Any] | None] = list(kids) or [None]
    for lang in languages:
        with speaking(lang):  # a language it cannot speak: refused here, before any layout
            metas.append(_meta(fc, kids, child_uid, safe_copy))
    for kid in each:
        for lang in languages:
            if story:
                story.append(PageBreak())
            with speaking(lang):
                story += _child_document(fc, doc, kid, s, template)
    meta = metas[0]
    if len(metas) > 1:
        other = metas[1]
        meta.title = f"{meta.title} / {other.title}"
        meta.subject = f"{meta.subject} / {other.subject}"
        meta.page = f"{meta.page} / {other.page}"  # "Tudalen 2 / Page 2"
        meta.footer = _both_footers(meta, other)
    with speaking(languages[0]):
        return st.build_pdf(story, meta, progress)


def _both_footers(welsh: st.DocMeta, english: st.DocMeta) -> str:
    """The bilingual foot: "Ar gyfer Ŵyn ac Elin · 2 Rhagfyr 2026 / For Ŵyn and Elin · 2 December
    2026". Where many names would run that into the page number, the titles only; then the
    Welsh one (each child's title is on that child's first page too)."""
    room = st.FRAME_WIDTH - pdfmetrics.stringWidth(welsh.page.format(n=888), st.FONT,
                                                   _FOOTER_SIZE) - 12
    for footer in (f"{welsh.footer} / {english.footer}", f"{welsh.title} / {english.title}"):
        if pdfmetrics.stringWidth(footer, st.FONT, _FOOTER_SIZE) <= room:
            return footer
    return welsh.footer


def _meta(fc: dict[str, Any], kids: list[dict[str, Any]], child_uid: str | None,
          safe_copy: bool) -> st.DocMeta:
    """The PDF's facts in the current language (its `lang` and page number too)."""
    title = _for(_first(kids[0])) if child_uid is not None else title_for(fc)
    w = c.worker(fc)
    return st.DocMeta(
        title=title, author=(w["name"] if w else "Safety Map"),
        subject=(_("A story for the children (safe copy)") if safe_copy
                 else _("A story for the children")),
        footer=f"{title} · {st.nice_date(date.today())}",
    )
