"""The timescale-free assessment: the whole map with who said what and where people disagree,
everyone's scores and how they moved, the children's views, the chronology, the analysis,
decision and reasons, and the note telling the family when to expect a decision.

There are deliberately no deadline fields, no day counts and no relative dates anywhere in it
(PRACTICE.md, "Assessment without timescales"). Dates are shown as dates. A next step's date is
shown as a promise: "agreed with the family for 27 November 2026".

Contact details are never printed here. With safe_copy=True it is built from the family's copy,
so people marked confidential are left out as in the plan.

Printed in Welsh, English or both (`language`), as the plan is: the software's words from the
catalogue (i18n), the template's from its own overlay, the family's and workers' words as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from ..i18n import BILINGUAL, ENGLISH, N_, WELSH, _, current, speaking
from ..practice.templates import Template
from . import common as c
from . import styles as st
from .family_copy import family_copy

BODY_SIZE = 12

GROUPS = (
    ("worried", ("harm", "worry", "complicating")),
    ("working_well", ("strength", "existing_safety")),
    ("needs_to_happen", ("goal", "next_step")),
)

HOUSE_NAMES = {"worries": N_("House of Worries"), "good_things": N_("House of Good Things"),
               "dreams": N_("House of Dreams")}

#: the score a supervisor's sign-off adds (services.supervision.SUPERVISOR_LABEL): the
#: software's own word, so it is said in the document's language
SUPERVISOR = "Supervisor"
SUPERVISOR_WORD = N_("Supervisor")

FOR_THE_FAMILY = N_("For the family: when you can expect a decision")
NOT_WRITTEN = N_("Not written yet.")

_PLACEHOLDER = re.compile(r"(\{\w+\})")


def fill(sentence: str, **markup: str) -> str:
    """A translated sentence as Paragraph markup: its own words escaped (st.text), each
    {placeholder} replaced by markup that is already escaped ("<b>Sarah</b>")."""
    out = []
    for piece in _PLACEHOLDER.split(sentence):
        key = piece[1:-1]
        out.append(markup[key] if piece.startswith("{") and key in markup else st.text(piece))
    return "".join(out)


def word_room(texts: list[str], style: ParagraphStyle, least: float) -> float:
    """A column's width: `least`, or wider where one word of `texts` would not fit whole
    ("Goruchwyliwr" is broken in two in a column made for "Supervisor"). st.table pads 6 + 6."""
    words = [w for t in texts for w in t.split()]
    widest = max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in words),
                 default=0.0)
    return max(least, widest + 12 + 1)


def bold(value: str) -> str:
    return f"<b>{st.text(value)}</b>"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_LABEL = re.compile(r"^(" + "|".join(_MONTHS) + r") (\d{4})$")


def chart_in_language(drawing: Drawing) -> Drawing:
    """The months under a score chart (styles.score_chart writes "Nov 2026") in the document's
    language, from CLDR ("Tach 2026"). English is left exactly as drawn."""
    if current() == ENGLISH:
        return drawing
    from babel.dates import format_date

    def walk(node: Any) -> None:
        for child in getattr(node, "contents", None) or []:
            if isinstance(child, String):
                found = _MONTH_LABEL.match(child.text or "")
                if found:
                    month = date(int(found.group(2)), _MONTHS.index(found.group(1)) + 1, 1)
                    child.text = format_date(month, "MMM y", locale=current())
            else:
                walk(child)

    walk(drawing)
    return drawing


def score_chart(series: dict[str, list[tuple[date, int]]], width: float = st.FRAME_WIDTH,
                height: float = 200, font_size: float = 9.5) -> Drawing:
    """styles.score_chart in the document's language: its months, and the supervisor's label."""
    series = {scorer_word(k): v for k, v in series.items()}
    return chart_in_language(st.score_chart(series, width, height, font_size))


def scorer_word(who: str) -> str:
    """Who scored, as printed: a name or label as typed, except the software's own
    "Supervisor" (and "Unnamed"), said in the document's language."""
    if who == SUPERVISOR:
        return _(SUPERVISOR_WORD)
    if who == "Unnamed":
        return _("Unnamed")
    return who


def _who_full(view: dict[str, Any] | None, doc: dict[str, Any]) -> str:
    view = view or {}
    p = c.people_by_uid(doc).get(view.get("person_uid") or "")
    if p is not None:
        name: str = p["name"]
        rel = f" ({p['relationship']})" if p.get("relationship") else ""
        return name + rel
    return c.who_label(view, doc)


def _stance_lines(e: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    out = []
    for s in e.get("stances", []):
        name = bold(c.stance_name(s, doc))
        if s["stance"] == "agrees":
            line = fill(_("{name} agrees"), name=name)
        elif s["stance"] == "disagrees":
            line = fill(_("{name} does not agree"), name=name)
        elif s["stance"] == "unsure":
            line = fill(_("{name} is not sure"), name=name)
        else:
            line = f"{name} {st.text(s['stance'])}"
        if s.get("note"):
            line += f": {st.text(s['note'])}"
        out.append(line)
    return out


def family_facing_texts(doc: dict[str, Any]) -> list[tuple[str, str]]:
    a = doc.get("assessment", {})
    out = [("the map", e.get("text") or "") for e in doc.get("map", [])]
    out += [("the analysis", a.get("analysis") or ""), ("the decision", a.get("decision") or ""),
            ("the reasons", a.get("rationale") or ""),
            ("the note to the family", a.get("family_note") or "")]
    return [(w, t) for w, t in out if t.strip()]


def build_assessment(doc: dict[str, Any], template: Template, safe_copy: bool = False,
                     progress: Callable[[float], None] | None = None,
                     language: str = ENGLISH) -> bytes:
    """The timescale-free assessment as PDF bytes. Pure: reads the document, writes nothing.

    `language`: "en", "cy", or "bilingual" (the Welsh assessment, then the English one, in one
    PDF: Welsh first). Only the software's and the template's words change; everything people
    wrote is printed as they wrote it, in every language.
    """
    if language == BILINGUAL:
        with speaking(WELSH):
            welsh, meta, (kind, name, safe) = _assessment_story(doc, template, safe_copy)
        with speaking(ENGLISH):
            english, meta_en, (kind_en, _name, safe_en) = _assessment_story(doc, template,
                                                                            safe_copy)
        meta.title = f"{meta.title} / {meta_en.title}"
        meta.subject = f"{meta.subject} / {meta_en.subject}"
        meta.page = f"{meta.page} / {meta_en.page}"  # "Tudalen 2 / Page 2"
        both = f" · {safe} / {safe_en}" if safe_copy else ""
        meta.footer = fit_footer([f"{meta.footer} / {meta_en.footer}",
                                  f"{kind} / {kind_en}: {name}{both}", f"{name}{both}"],
                                 meta)
        return st.build_pdf([*welsh, PageBreak(), *english], meta, progress)
    with speaking(language):
        story, meta, _parts = _assessment_story(doc, template, safe_copy)
        return st.build_pdf(story, meta, progress)


FOOTER_SIZE = 9.5  # styles._footer's


def fit_footer(options: list[str], meta: st.DocMeta) -> str:
    """The first of `options` (longest first) that fits at the foot of the page beside the
    page number: a bilingual footer says everything twice and may not fit whole."""
    room = (st.PAGE[0] - 2 * meta.margin - 18
            - pdfmetrics.stringWidth(meta.page.format(n=88), st.FONT, FOOTER_SIZE))
    for option in options:
        if pdfmetrics.stringWidth(option, st.FONT, FOOTER_SIZE) <= room:
            return option
    return options[-1]


def _assessment_story(doc: dict[str, Any], template: Template, safe_copy: bool
                      ) -> tuple[list[Flowable], st.DocMeta, tuple[str, str, str]]:
    """The assessment's flowables and its PDF's facts, in the current language, and the
    pieces of its footer (the document's name, the family's, "safe copy")."""
    english, template = template, template.in_language(current())
    # a question asked in the template's English wording is shown in this language's wording
    asked = {w: template.scale_wordings.get(k, w) for k, w in english.scale_wordings.items()}
    if safe_copy:
        doc, _report = family_copy(doc, safe_copy=True)
    s = st.make_styles(BODY_SIZE)
    W = st.FRAME_WIDTH
    event_head = ParagraphStyle("event-head", parent=s.body, spaceBefore=BODY_SIZE * 0.5,
                                spaceAfter=BODY_SIZE * 0.15, keepWithNext=0)
    event_body = ParagraphStyle("event-body", parent=s.body, leftIndent=BODY_SIZE,
                                spaceAfter=BODY_SIZE * 0.3)
    fam = doc.get("family", {})
    name = fam.get("display_name") or _("Family")
    section = template.sections.get("assessment", _("Assessment"))
    title = f"{section}: {name}"
    a = doc.get("assessment", {}) or {}
    intro = _("One continuous assessment. It grows visit by visit, and it ends when the worker "
              "understands enough to decide, with their reasons.")
    printed = _("Printed on {date}.").format(date=st.nice_date(date.today()))
    story: list[Flowable] = [
        st.para(st.text(title), s.title),
        st.para(st.text(intro) + " " + st.text(printed), s.subtitle),
    ]
    if a.get("family_note"):
        story.append(st.box([st.para(bold(_(FOR_THE_FAMILY)), s.body),
                             *st.flow_text(a["family_note"], s.body)],
                            W, background=st.SUN_SOFT))

    # --- people -------------------------------------------------------------------------------
    story.append(st.para(st.text(template.sections.get("people", _("People"))), s.h1))
    rows: list[list[Any]] = [[st.para(st.text(h), s.cell_head) for h in
                              (_("Name"), _("Who they are"), _("Lives at home"))]]
    for p in doc.get("people", []):
        who = [st.para(bold(p["name"]), s.cell)]
        if p.get("confidential"):
            who.append(st.para(st.text(_("Not for the family's copy")), s.small))
        age = _("age {n}").format(n=p["age_years"]) if p.get("age_years") else ""
        rel = ", ".join(x for x in (p.get("relationship"), p.get("organisation"), age) if x)
        rows.append([who, st.para(st.text(rel), s.cell),
                     st.para(st.text(_("Yes")) if p.get("in_household") else "", s.cell)])
    story.append(st.table(rows, [W * 0.34, W * 0.46, W * 0.2]))

    # --- the map ------------------------------------------------------------------------------
    entries_by_uid = {e["uid"]: e for e in doc.get("map", [])}
    for section_key, areas in GROUPS:
        story.append(st.para(st.text(template.sections.get(section_key, section_key)), s.h1))
        any_rows = False
        for area in areas:
            items = c.entries(doc, area, include_resolved=True)
            if not items:
                continue
            any_rows = True
            rows = [[st.para(st.text(template.label(area)), s.cell_head),
                     st.para(st.text(_("Whose view")), s.cell_head),
                     st.para(st.text(_("Who agrees, who doesn't")), s.cell_head)]]
            for e in items:
                what: list[Flowable] = list(st.flow_text(e["text"], s.cell))
                if area == "goal" and e.get("paired_worry_uid") in entries_by_uid:
                    pw = entries_by_uid[e["paired_worry_uid"]]["text"]
                    what.append(st.para(st.text(_("Answers the worry: {worry}").format(
                        worry=pw)), s.small))
                if area == "next_step":
                    extra = []
                    if e.get("step_who"):
                        extra.append(_("Who: {who}").format(who=e["step_who"]))
                    if e.get("agreed_date"):
                        extra.append(_("agreed with the family for {date}").format(
                            date=st.nice_date(e["agreed_date"])))
                    if extra:
                        what.append(st.para(st.text("; ".join(extra)), s.small))
                if e.get("resolved_at"):
                    what.append(st.para(st.text(_("Resolved on {date}").format(
                        date=st.nice_date(e["resolved_at"]))), s.small))
                rows.append([what, st.para(st.text(_who_full(e.get("view"), doc)), s.cell),
                             [st.para(x, s.cell) for x in _stance_lines(e, doc)]])
            story.append(st.table(rows, [W * 0.52, W * 0.2, W * 0.28]))
            story.append(st.gap(8))
        if not any_rows:
            story.append(st.para(st.text(_("Nothing recorded here yet.")), s.small))

    # --- disagreement -------------------------------------------------------------------------
    disputes = [(e, x) for e in doc.get("map", []) for x in e.get("stances", [])
                if x.get("stance") in ("disagrees", "unsure")]
    story.append(st.para(st.text(_("Where people disagree")), s.h1))
    if disputes:
        story.append(st.para(st.text(_(
            "People see things differently. The map records that honestly rather than forcing "
            "everyone to agree.")), s.body))
        for e, x in disputes:
            said = (_("{name} does not agree with: \u201c{entry}\u201d")
                    if x["stance"] == "disagrees"
                    else _("{name} is not sure about: \u201c{entry}\u201d"))
            line = fill(said, name=bold(c.stance_name(x, doc)), entry=st.text(e["text"]))
            if x.get("note"):
                line += f" {st.text(x['note'])}"
            story.append(Paragraph(line, s.bullet, bulletText="•"))
    else:
        story.append(st.para(st.text(_(
            "No one has said they disagree with anything on the map.")), s.body))

    # --- scores -------------------------------------------------------------------------------
    story.append(st.para(st.text(template.sections.get("judgement", _("The scale"))), s.h1))
    scores = sorted(doc.get("scores", []), key=lambda x: x.get("scored_at") or "")
    if scores:
        wordings = []
        for x in scores:
            wd = x.get("scale_wording") or ""
            if wd and wd not in wordings:
                wordings.append(wd)
        for wd in wordings or [english.wording("default")]:
            question = _("The question: {wording}").format(wording=asked.get(wd, wd))
            story.append(st.para(st.text(question), s.body))
        story.append(KeepTogether([
            st.para(st.text(_("How everyone's scores have moved")), s.h2),
            score_chart(c.score_series(doc), W, 190),
        ]))
        rows = [[st.para(st.text(h), s.cell_head)
                 for h in (_("Date"), _("Who"), _("Score"), _("Their reasons"))]]
        whos = [scorer_word(c.score_who(x, doc)) for x in scores]
        for x, who_ in zip(scores, whos, strict=True):
            rows.append([st.para(st.nice_date(x.get("scored_at"), short=True), s.cell),
                         st.para(st.text(who_), s.cell),
                         st.para(f"<b>{int(x['value'])}</b>", s.cell),
                         st.flow_text(x.get("reasons"), s.cell)])
        story.append(st.gap(6))
        who_w = word_room(whos, s.cell, W * 0.17)  # a name or label is never cut mid-word
        story.append(st.table(rows, [W * 0.2, who_w, W * 0.1, W * 0.7 - who_w]))
    else:
        story.append(st.para(st.text(_("No one has given a score yet.")), s.small))

    # --- children's views ---------------------------------------------------------------------
    story.append(st.para(st.text(template.sections.get("childs_voice",
                                                       _("The children's views"))), s.h1))
    cv = doc.get("childs_voice", {})
    kids = c.children(doc)
    said_anything = False
    for kid in kids:
        mine = [h for h in cv.get("three_houses", []) if h.get("child_uid") == kid["uid"]]
        if not mine:
            continue
        said_anything = True
        houses = _("{name}\u2019s Three Houses").format(name=kid["name"])
        rows = [[st.para(st.text(houses), s.cell_head),
                 st.para(st.text(_("In their own words")), s.cell_head)]]
        for key, label in HOUSE_NAMES.items():
            words = [h["text"] for h in mine if h.get("house") == key and h.get("text")]
            if words:
                rows.append([st.para(st.text(_(label)), s.cell),
                             [p_ for w_ in words for p_ in st.flow_text(w_, s.cell)]])
        story.append(st.table(rows, [W * 0.32, W * 0.68]))
        story.append(st.gap(8))
    for wp in cv.get("words_and_pictures", []):
        if (wp.get("text") or "").strip():
            said_anything = True
            story.append(st.para(st.text(_("Words and Pictures")), s.h2))
            story += st.flow_text(wp["text"], s.body)
    pics = [x for x in cv.get("attachments", []) if x.get("caption") or x.get("filename")]
    if pics:
        kept = _("Pictures kept with the record: {pictures}.").format(
            pictures="; ".join(x.get("caption") or x.get("filename") for x in pics))
        story.append(st.para(st.text(kept), s.body))
    if not said_anything:
        story.append(st.para(st.text(_("The children's views have not been written down yet.")),
                             s.small))
    seen_rows = [[st.para(st.text(h), s.cell_head)
                  for h in (_("Visit"), _("Child"), _("Seen"), _("Seen alone"))]]
    kid_uids = {k["uid"] for k in kids}
    yn = {True: _("Yes"), False: _("No"), None: _("Not recorded")}
    for v in doc.get("visits", []):
        for at in v.get("attendance", []):
            if at.get("person_uid") not in kid_uids:
                continue
            seen_rows.append([st.para(st.nice_date(v.get("occurred_at"), short=True), s.cell),
                              st.para(st.text(at.get("name", "")), s.cell),
                              st.para(st.text(yn[at.get("seen")]), s.cell),
                              st.para(st.text(yn[at.get("seen_alone")]), s.cell)])
    if len(seen_rows) > 1:
        story.append(st.para(st.text(_("When the children were seen")), s.h2))
        story.append(st.table(seen_rows, [W * 0.3, W * 0.3, W * 0.2, W * 0.2]))

    # --- chronology ---------------------------------------------------------------------------
    chron_head = st.para(st.text(_("What has happened, in order")), s.h1)
    chron = sorted(a.get("chronology", []), key=lambda x: x.get("occurred_on") or "")
    events: list[Flowable] = []
    if chron:
        # each event at full width (never a narrow table column): a heading line with the
        # date, title and source, then its detail and what we learned as paragraphs; a short
        # event stays together, a long one flows with its heading kept to its start
        learned = bold(_("What we learned:")) + " "
        for ev in chron:
            head = f"<b>{st.text(st.nice_date(ev.get('occurred_on')))}</b>"
            if ev.get("title"):
                head += f" \u2014 <b>{st.text(ev['title'])}</b>"
            if ev.get("source"):
                source = st.text(_("(from {source})").format(source=ev["source"]))
                head += f" <font color='#4A5A64'>{source}</font>"
            parts: list[Flowable] = [st.para(head, event_head)]
            parts += st.flow_text(ev.get("detail"), event_body)
            parts += st.flow_text(ev.get("learned"), event_body, first_prefix=learned)
            events.append(st.keep_short(parts))
        # the heading kept with the start of the first event (an event is a container,
        # which the doc's keepWithNext would not hold on to)
        story.append(st.keep_start(chron_head, events[0]))
        story.extend(events[1:])
    else:
        story.append(chron_head)
        story.append(st.para(st.text(_("Nothing has been added to the chronology yet.")),
                             s.small))

    # --- analysis and decision ----------------------------------------------------------------
    story.append(st.para(st.text(_("What we think, and what we have decided")), s.h1))
    for label, key in ((_("What we understand"), "analysis"), (_("The decision"), "decision"),
                       (_("Why"), "rationale")):
        story.append(st.para(st.text(label), s.h2))
        # long text in paragraphs and chunks: never one giant Paragraph to lay out
        story += (st.flow_text(a.get(key), s.body) if (a.get(key) or "").strip()
                  else [st.para(st.text(_(NOT_WRITTEN)), s.small)])
    if a.get("concluded_at"):
        concluded = _("The worker recorded on {date} that they understand enough to "
                      "decide.").format(date=st.nice_date(a["concluded_at"]))
        story.append(st.para(st.text(concluded), s.body))
    story.append(st.para(st.text(_(FOR_THE_FAMILY)), s.h2))
    story += (st.flow_text(a.get("family_note"), s.body) if (a.get("family_note") or "").strip()
              else [st.para(st.text(_(NOT_WRITTEN)), s.small)])

    w = c.worker(doc)
    meta = st.DocMeta(title=title, author=(w["name"] if w else "Safety Map"),
                      subject=_("Assessment (safe copy)") if safe_copy else _("Assessment"),
                      footer=title + (" · " + _("safe copy") if safe_copy else ""))
    return story, meta, (section, name, _("safe copy"))
