"""The timescale-free assessment: the whole map with who said what and where people disagree,
everyone's scores and how they moved, the children's views, the chronology, the analysis,
decision and reasons, and the note telling the family when to expect a decision.

There are deliberately no deadline fields, no day counts and no relative dates anywhere in it
(PRACTICE.md, "Assessment without timescales"). Dates are shown as dates. A next step's date is
shown as a promise: "agreed with the family for 27 November 2026".

Contact details are never printed here. With safe_copy=True it is built from the family's copy,
so people marked confidential are left out as in the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph

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

HOUSE_NAMES = {"worries": "House of Worries", "good_things": "House of Good Things",
               "dreams": "House of Dreams"}


def _who_full(view: dict[str, Any] | None, doc: dict[str, Any]) -> str:
    view = view or {}
    p = c.people_by_uid(doc).get(view.get("person_uid") or "")
    if p is not None:
        name: str = p["name"]
        rel = f" ({p['relationship']})" if p.get("relationship") else ""
        return name + rel
    return c.who_label(view, doc)


def _stance_lines(e: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    words = {"agrees": "agrees", "disagrees": "does not agree", "unsure": "is not sure"}
    out = []
    for s in e.get("stances", []):
        name = st.text(c.stance_name(s, doc))
        line = f"<b>{name}</b> {words.get(s['stance'], s['stance'])}"
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
                     progress: Callable[[float], None] | None = None) -> bytes:
    """The timescale-free assessment as PDF bytes. Pure: reads the document, writes nothing."""
    if safe_copy:
        doc, _ = family_copy(doc, safe_copy=True)
    s = st.make_styles(BODY_SIZE)
    W = st.FRAME_WIDTH
    event_head = ParagraphStyle("event-head", parent=s.body, spaceBefore=BODY_SIZE * 0.5,
                                spaceAfter=BODY_SIZE * 0.15, keepWithNext=0)
    event_body = ParagraphStyle("event-body", parent=s.body, leftIndent=BODY_SIZE,
                                spaceAfter=BODY_SIZE * 0.3)
    fam = doc.get("family", {})
    name = fam.get("display_name") or "Family"
    title = f"{template.sections.get('assessment', 'Assessment')}: {name}"
    a = doc.get("assessment", {}) or {}
    story: list[Flowable] = [
        st.para(st.text(title), s.title),
        st.para(f"One continuous assessment. It grows visit by visit, and it ends when the "
                f"worker understands enough to decide, with their reasons. "
                f"Printed on {st.nice_date(date.today())}.", s.subtitle),
    ]
    if a.get("family_note"):
        story.append(st.box([st.para("<b>For the family: when you can expect a decision</b>",
                                     s.body), *st.flow_text(a["family_note"], s.body)],
                            W, background=st.SUN_SOFT))

    # --- people -------------------------------------------------------------------------------
    story.append(st.para(st.text(template.sections.get("people", "People")), s.h1))
    rows: list[list[Any]] = [[st.para(h, s.cell_head) for h in
                              ("Name", "Who they are", "Lives at home")]]
    for p in doc.get("people", []):
        who = [st.para(f"<b>{st.text(p['name'])}</b>", s.cell)]
        if p.get("confidential"):
            who.append(st.para("Not for the family's copy", s.small))
        rel = ", ".join(x for x in (p.get("relationship"), p.get("organisation"),
                                     f"age {p['age_years']}" if p.get("age_years") else "") if x)
        rows.append([who, st.para(st.text(rel), s.cell),
                     st.para("Yes" if p.get("in_household") else "", s.cell)])
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
                     st.para("Whose view", s.cell_head),
                     st.para("Who agrees, who doesn't", s.cell_head)]]
            for e in items:
                what: list[Flowable] = list(st.flow_text(e["text"], s.cell))
                if area == "goal" and e.get("paired_worry_uid") in entries_by_uid:
                    pw = entries_by_uid[e["paired_worry_uid"]]["text"]
                    what.append(st.para(f"Answers the worry: {st.text(pw)}", s.small))
                if area == "next_step":
                    extra = []
                    if e.get("step_who"):
                        extra.append(f"Who: {st.text(e['step_who'])}")
                    if e.get("agreed_date"):
                        extra.append(f"agreed with the family for "
                                     f"{st.nice_date(e['agreed_date'])}")
                    if extra:
                        what.append(st.para("; ".join(extra), s.small))
                if e.get("resolved_at"):
                    what.append(st.para(f"Resolved on {st.nice_date(e['resolved_at'])}",
                                        s.small))
                rows.append([what, st.para(st.text(_who_full(e.get("view"), doc)), s.cell),
                             [st.para(x, s.cell) for x in _stance_lines(e, doc)]])
            story.append(st.table(rows, [W * 0.52, W * 0.2, W * 0.28]))
            story.append(st.gap(8))
        if not any_rows:
            story.append(st.para("Nothing recorded here yet.", s.small))

    # --- disagreement -------------------------------------------------------------------------
    disputes = [(e, x) for e in doc.get("map", []) for x in e.get("stances", [])
                if x.get("stance") in ("disagrees", "unsure")]
    story.append(st.para("Where people disagree", s.h1))
    if disputes:
        story.append(st.para("People see things differently. The map records that honestly "
                             "rather than forcing everyone to agree.", s.body))
        for e, x in disputes:
            verb = "does not agree with" if x["stance"] == "disagrees" else "is not sure about"
            line = (f"<b>{st.text(c.stance_name(x, doc))}</b> {verb}: "
                    f"\u201c{st.text(e['text'])}\u201d")
            if x.get("note"):
                line += f" {st.text(x['note'])}"
            story.append(Paragraph(line, s.bullet, bulletText="•"))
    else:
        story.append(st.para("No one has said they disagree with anything on the map.", s.body))

    # --- scores -------------------------------------------------------------------------------
    story.append(st.para(st.text(template.sections.get("judgement", "The scale")), s.h1))
    scores = sorted(doc.get("scores", []), key=lambda x: x.get("scored_at") or "")
    if scores:
        wordings = []
        for x in scores:
            wd = x.get("scale_wording") or ""
            if wd and wd not in wordings:
                wordings.append(wd)
        for wd in wordings or [template.wording("default")]:
            story.append(st.para(f"The question: {st.text(wd)}", s.body))
        story.append(KeepTogether([
            st.para("How everyone's scores have moved", s.h2),
            st.score_chart(c.score_series(doc), W, 190),
        ]))
        rows = [[st.para(h, s.cell_head) for h in ("Date", "Who", "Score", "Their reasons")]]
        for x in scores:
            rows.append([st.para(st.nice_date(x.get("scored_at"), short=True), s.cell),
                         st.para(st.text(c.score_who(x, doc)), s.cell),
                         st.para(f"<b>{int(x['value'])}</b>", s.cell),
                         st.flow_text(x.get("reasons"), s.cell)])
        story.append(st.gap(6))
        story.append(st.table(rows, [W * 0.2, W * 0.17, W * 0.1, W * 0.53]))
    else:
        story.append(st.para("No one has given a score yet.", s.small))

    # --- children's views ---------------------------------------------------------------------
    story.append(st.para(st.text(template.sections.get("childs_voice", "The children's views")),
                         s.h1))
    cv = doc.get("childs_voice", {})
    kids = c.children(doc)
    said_anything = False
    for kid in kids:
        mine = [h for h in cv.get("three_houses", []) if h.get("child_uid") == kid["uid"]]
        if not mine:
            continue
        said_anything = True
        rows = [[st.para(f"{st.text(kid['name'])}\u2019s Three Houses", s.cell_head),
                 st.para("In their own words", s.cell_head)]]
        for key, label in HOUSE_NAMES.items():
            words = [h["text"] for h in mine if h.get("house") == key and h.get("text")]
            if words:
                rows.append([st.para(label, s.cell),
                             [p_ for w_ in words for p_ in st.flow_text(w_, s.cell)]])
        story.append(st.table(rows, [W * 0.32, W * 0.68]))
        story.append(st.gap(8))
    for wp in cv.get("words_and_pictures", []):
        if (wp.get("text") or "").strip():
            said_anything = True
            story.append(st.para("Words and Pictures", s.h2))
            story += st.flow_text(wp["text"], s.body)
    pics = [x for x in cv.get("attachments", []) if x.get("caption") or x.get("filename")]
    if pics:
        story.append(st.para("Pictures kept with the record: " + st.text(
            "; ".join(x.get("caption") or x.get("filename") for x in pics)) + ".", s.body))
    if not said_anything:
        story.append(st.para("The children's views have not been written down yet.", s.small))
    seen_rows = [[st.para(h, s.cell_head) for h in ("Visit", "Child", "Seen", "Seen alone")]]
    kid_uids = {k["uid"] for k in kids}
    for v in doc.get("visits", []):
        for at in v.get("attendance", []):
            if at.get("person_uid") not in kid_uids:
                continue
            yn = {True: "Yes", False: "No", None: "Not recorded"}
            seen_rows.append([st.para(st.nice_date(v.get("occurred_at"), short=True), s.cell),
                              st.para(st.text(at.get("name", "")), s.cell),
                              st.para(yn[at.get("seen")], s.cell),
                              st.para(yn[at.get("seen_alone")], s.cell)])
    if len(seen_rows) > 1:
        story.append(st.para("When the children were seen", s.h2))
        story.append(st.table(seen_rows, [W * 0.3, W * 0.3, W * 0.2, W * 0.2]))

    # --- chronology ---------------------------------------------------------------------------
    chron_head = st.para("What has happened, in order", s.h1)
    chron = sorted(a.get("chronology", []), key=lambda x: x.get("occurred_on") or "")
    events: list[Flowable] = []
    if chron:
        # each event at full width (never a narrow table column): a heading line with the
        # date, title and source, then its detail and what we learned as paragraphs; a short
        # event stays together, a long one flows with its heading kept to its start
        for ev in chron:
            head = f"<b>{st.text(st.nice_date(ev.get('occurred_on')))}</b>"
            if ev.get("title"):
                head += f" \u2014 <b>{st.text(ev['title'])}</b>"
            if ev.get("source"):
                head += f" <font color='#4A5A64'>(from {st.text(ev['source'])})</font>"
            parts: list[Flowable] = [st.para(head, event_head)]
            parts += st.flow_text(ev.get("detail"), event_body)
            parts += st.flow_text(ev.get("learned"), event_body,
                                  first_prefix="<b>What we learned:</b> ")
            events.append(st.keep_short(parts))
        # the heading kept with the start of the first event (an event is a container,
        # which the doc's keepWithNext would not hold on to)
        story.append(st.keep_start(chron_head, events[0]))
        story.extend(events[1:])
    else:
        story.append(chron_head)
        story.append(st.para("Nothing has been added to the chronology yet.", s.small))

    # --- analysis and decision ----------------------------------------------------------------
    story.append(st.para("What we think, and what we have decided", s.h1))
    for label, key in (("What we understand", "analysis"), ("The decision", "decision"),
                       ("Why", "rationale")):
        story.append(st.para(label, s.h2))
        # long text in paragraphs and chunks: never one giant Paragraph to lay out
        story += (st.flow_text(a.get(key), s.body) if (a.get(key) or "").strip()
                  else [st.para("Not written yet.", s.small)])
    if a.get("concluded_at"):
        story.append(st.para(f"The worker recorded on {st.nice_date(a['concluded_at'])} that "
                             "they understand enough to decide.", s.body))
    story.append(st.para("For the family: when you can expect a decision", s.h2))
    story += (st.flow_text(a.get("family_note"), s.body) if (a.get("family_note") or "").strip()
              else [st.para("Not written yet.", s.small)])

    w = c.worker(doc)
    meta = st.DocMeta(title=title, author=(w["name"] if w else "Safety Map"),
                      subject="Assessment" + (" (safe copy)" if safe_copy else ""),
                      footer=title + (" · safe copy" if safe_copy else ""))
    return st.build_pdf(story, meta, progress)
