"""The family's safety plan: a printed plan a family can read, keep and put on the fridge.

Built only from the family's copy (export/family_copy.py), so nothing marked "not for the
family's copy" can reach it. Body text 13 pt, plain headings, the family's own words shown as
theirs ("Sarah says: ...").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)

from ..domain.names import short_name
from ..i18n import BILINGUAL, ENGLISH, N_, WELSH, _, current, ngettext, speaking
from ..practice.templates import Template
from . import common as c
from . import styles as st
from .family_copy import family_copy
from .pictures import MAX_IN_PICTURE, Mark, NetPerson, network_circles, scale_line
from .styles import RowTable

BODY_SIZE = 13  # at least 13 pt; 13 lets a plan fit on two pages
PLAN_MARGIN = 12 * mm  # a little more room than the other documents: the plan is two pages

NOT_YET = N_("We haven't written this part yet. We will fill it in together.")


def plan_title(doc: dict[str, Any], template: Template) -> str:
    kids = [short_name(p["name"]) for p in c.children(doc)]
    base = template.plan_title or _("Our safety plan")
    if template.plan_title and template.language != current():  # not in this language
        base = _("Our safety plan")
    return _("{plan} for {children}").format(plan=base, children=c.join_names(kids)) \
        if kids else base


def says_who(who: str) -> str:
    """'Sarah says:' in the document's language ("Mae'r gweithiwr yn dweud:", not "Mae Y
    gweithiwr")."""
    if who == _("The worker"):
        return _("The worker says:")
    return _("{who} says:").format(who=who)


def _says(who: str, words: str) -> str:
    """'<b>Sarah says:</b> words': the family's words, shown as theirs and never changed."""
    if not who:
        return st.text(words)
    return f"<b>{st.text(says_who(who))}</b> {st.text(words)}"


#: a "whose view" label that means the worker writing the map
WORKER_VIEWS = frozenset({"worker", "social worker", "early help worker"})


def _workers_view(view: dict[str, Any] | None, doc: dict[str, Any]) -> bool:
    view = view or {}
    uid = view.get("person_uid")
    if uid:
        w = c.worker(doc)
        return w is not None and w.get("uid") == uid
    return (view.get("label") or "").strip().lower() in WORKER_VIEWS


def _our_words(entry: dict[str, Any], doc: dict[str, Any]) -> str:
    """A line of "What's going well" or "How we'll know it's working": lists the plan keeps in
    the family's voice. Someone's view says so ("Sarah says: ..."); the worker's own view is
    simply said, never introduced with "The worker says:"."""
    if _workers_view(entry.get("view"), doc):
        return st.text(entry["text"])
    return _says(c.who_label(entry.get("view"), doc), entry["text"])


def _stances(entry: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    out = []
    agree = [c.stance_name(s, doc) for s in entry.get("stances", []) if s["stance"] == "agrees"]
    if agree:
        said = ngettext("{names} agrees with this.", "{names} agree with this.", len(agree))
        out.append(_bold_names(said, c.join_names(agree)))
    for s in entry.get("stances", []):
        name = c.stance_name(s, doc)
        note = s.get("note") or ""
        tail = f" {st.text(note)}" if note else ""  # their words, as typed
        # (outside f-strings: the catalogue's extractor cannot see into them)
        if s["stance"] == "disagrees":
            said = _("{name} does not agree.").format(name=name)
            out.append(f"<b>{st.text(said)}</b>" + tail)
        elif s["stance"] == "unsure":
            said = _("{name} is not sure.").format(name=name)
            out.append(f"<b>{st.text(said)}</b>" + tail)
    return out


def _bold_names(sentence: str, names: str) -> str:
    """The sentence (in the document's language) with the names in bold, all escaped."""
    before, _sep, after = sentence.partition("{names}")
    return f"{st.text(before)}<b>{st.text(names)}</b>{st.text(after)}"


def _network(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Everyone drawn around the children: household adults, network, professionals."""
    return [p for p in doc.get("people", []) if p.get("role") in ("adult", "network",
                                                                  "professional")
            and (p.get("role") != "adult" or p.get("in_household"))]


def _ring(p: dict[str, Any]) -> int:
    if p.get("role") == "professional":
        return 2
    if p.get("role") == "adult" or p.get("closeness") == 1:
        return 1
    return 2


def _person_line(p: dict[str, Any]) -> str:
    phones = c.phones(p)
    out = f"<b>{st.text(short_name(p['name']))}</b>"
    if phones:
        out += " " + st.text(", ".join(phones))
    return out


def family_facing_texts(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """The words of the plan that come from people (for the plain-language check)."""
    fc = doc if doc.get("family_copy") else family_copy(doc)[0]
    plan = fc.get("safety_plan", {}).get("current", {}) or {}
    out: list[tuple[str, str]] = []
    for area, where in (("worry", "the worries"), ("strength", "what's going well"),
                        ("existing_safety", "what's going well"), ("goal", "the goals")):
        for e in c.entries(fc, area):
            out.append((where, e["text"]))
            out += [(where, s.get("note") or "") for s in e.get("stances", [])]
    out += [("the rules", r.get("text", "")) for r in plan.get("rules", [])]
    out += [("the network", n.get("role", "")) for n in plan.get("network_roles", [])]
    out += [("the warning signs", w) for w in plan.get("warning_signs", [])]
    out.append(("if the plan isn't working", plan.get("if_not_working", "")))
    out.append(("when we'll look again", plan.get("review", "")))
    out += [("the scale", s.get("reasons") or "") for s in c.latest_scores(fc)]
    return [(w, t) for w, t in out if t and t.strip()]


def _plan_styles() -> tuple[st.Styles, ParagraphStyle]:
    """The plan's calm but compact look: 13 pt body, less space around headings and lists."""
    s = st.make_styles(BODY_SIZE)
    b = BODY_SIZE
    lead = b * 1.15
    s.h1 = ParagraphStyle("plan-h1", parent=s.h1, fontSize=b * 1.18, leading=b * 1.32,
                          spaceBefore=b * 0.3, spaceAfter=b * 0.1, keepWithNext=1)
    s.body = ParagraphStyle("plan-body", parent=s.body, leading=lead, spaceAfter=b * 0.3)
    s.cell = ParagraphStyle("plan-cell", parent=s.cell, leading=lead)
    s.bullet = ParagraphStyle("plan-bullet", parent=s.bullet, leading=lead, spaceAfter=b * 0.15)
    s.quote = ParagraphStyle("plan-quote", parent=s.quote, leading=lead, spaceBefore=b * 0.15,
                             spaceAfter=b * 0.1)
    s.subtitle = ParagraphStyle("plan-sub", parent=s.subtitle, spaceAfter=b * 0.5)
    s.title = ParagraphStyle("plan-title", parent=s.title, spaceAfter=b * 0.2)
    return s, s.h1


def _compact(t: Table) -> Table:
    t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 2),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return t


def build_plan(doc: dict[str, Any], template: Template, safe_copy: bool = False,
               progress: Callable[[float], None] | None = None,
               language: str = ENGLISH) -> bytes:
    """The family safety plan as PDF bytes. Pure: reads the document, writes nothing.

    One or two A4 pages for a typical family: sections flow one after another (a heading is
    kept with the start of its section, never the whole of it), a rule, worry or person is
    never split across pages, and the signatures follow the last section.

    `language`: "en", "cy", or "bilingual" (the Welsh plan, then the English one, in one
    PDF: Welsh first, as Welsh public bodies print). Only the software's words change; the
    family's own words are printed as they were typed, in every language.
    """
    if language == BILINGUAL:
        with speaking(WELSH):
            welsh, meta = _plan_story(doc, template, safe_copy)
        with speaking(ENGLISH):
            english, meta_en = _plan_story(doc, template, safe_copy)
        meta.title = f"{meta.title} / {meta_en.title}"
        meta.subject = f"{meta.subject} / {meta_en.subject}"
        meta.footer = f"{meta.footer} / {meta_en.footer}"  # the safe copy's label kept
        meta.page = f"{meta.page} / {meta_en.page}"  # "Tudalen 2 / Page 2"
        return st.build_pdf([*welsh, PageBreak(), *english], meta, progress)
    with speaking(language):
        story, meta = _plan_story(doc, template, safe_copy)
        return st.build_pdf(story, meta, progress)


def _help_in_language(fc: dict[str, Any], english: Template, here: Template) -> dict[str, Any]:
    """The organisation's help numbers (services/profile.help_block copies the template's
    English labels into the document) labelled in the template's words for this language."""
    if here is english or not fc.get("help"):
        return fc
    labels = {a.label: b.label for a, b in zip(english.help_numbers, here.help_numbers,
                                               strict=False)}
    help_ = dict(fc["help"])
    help_["numbers"] = [{**n, "label": labels.get(n.get("label", ""), n.get("label", ""))}
                        for n in help_.get("numbers") or []]
    if (help_.get("emergency") or "").strip() == english.emergency.strip():
        help_["emergency"] = here.emergency
    return {**fc, "help": help_}


def _plan_story(doc: dict[str, Any], template: Template,
                safe_copy: bool) -> tuple[list[Flowable], st.DocMeta]:
    """The plan's flowables and its PDF's facts, in the current language (i18n.speaking):
    the software's words from the catalogue, the template's from its own overlay."""
    english, template = template, template.in_language(current())
    fc, _report = family_copy(doc, safe_copy)
    fc = _help_in_language(fc, english, template)
    s, h1 = _plan_styles()
    W = st.PAGE[0] - 2 * PLAN_MARGIN
    plan = fc.get("safety_plan", {}).get("current", {}) or {}
    people = c.people_by_uid(fc)
    title = plan_title(fc, template)
    story: list[Flowable] = []
    w = c.worker(fc)
    helper = c.help_info(fc)["worker"]
    worker_name = c.worker_name(fc)

    # --- title -----------------------------------------------------------------------------
    story.append(st.para(st.text(title), s.title))
    made_with = [short_name(p["name"]) for p in fc["people"]
                 if p.get("role") in ("adult", "network")]
    if worker_name:
        made_with.append(short_name(worker_name))
    sub = []
    if made_with:
        sub.append(st.text(_("Made together by {names}.").format(
            names=c.join_names(made_with))))
    if helper:
        about = ", ".join(x for x in (helper.get("role"), helper.get("team")) if x)
        who = f"<b>{st.text(helper['name'])}</b>" + (f" ({st.text(about)})" if about else "")
        sub.append(st.text(_("Written down by {name}.")).replace("{name}", who))
    latest = fc.get("safety_plan", {}).get("latest_version")
    if latest and latest.get("created_at"):
        sub.append(st.text(_("Agreed on {date}.").format(
            date=st.nice_date(latest['created_at']))))
    sub.append(st.text(_("Printed on {date}.").format(date=st.nice_date(date.today()))))
    kid_names = c.join_names([short_name(p["name"]) for p in c.children(fc)])
    opening = _("This is our plan. It uses our own words. It says what we will all do to keep "
                "{children} safe and happy.").format(children=kid_names) if kid_names else _(
        "This is our plan. It uses our own words. It says what we will all do to keep the "
        "children safe and happy.")
    story.append(st.para(st.text(opening), s.body))
    story.append(st.para(" ".join(sub), ParagraphStyle(
        "plan-made", parent=s.small, spaceAfter=0)))

    def section(heading: str, flowables: list[Flowable]) -> None:
        # the heading travels with the start of its section only, so a long section flows
        # on from here instead of forcing a new page (and a heading never ends a page)
        flowables = flowables or [st.para(st.text(_(NOT_YET)), s.small)]
        story.append(st.keep_start(st.para(st.text(heading), h1), flowables[0]))
        story.extend(flowables[1:])

    # --- 1. why -----------------------------------------------------------------------------
    why: list[Flowable] = []
    worries = c.entries(fc, "worry")
    if worries:
        why.append(st.para(st.text(_("These are the worries. Not everyone agrees with all "
                                     "of them, and that is OK.")), s.body))
    for e in worries:
        who = c.who_label(e.get("view"), fc)
        own = "worried" in e["text"].lower() or (who and who in e["text"][:60])
        parts: list[Flowable] = [st.box(st.flow_text(e["text"], s.body) if own else
                                        st.flow_text(e["text"], s.body, first_prefix=(
                                            f"<b>{st.text(says_who(who))}</b> "
                                            if who else "")),
                                        W, background=st.SUN_SOFT, padding=7)]
        if _stances(e, fc):  # who agrees and who doesn't, in one short paragraph
            parts.append(st.para(" ".join(_stances(e, fc)), s.quote))
        why.append(st.keep_short(parts))
    section(_("Why we are making this plan"), why)

    # --- 2. going well ---------------------------------------------------------------------
    well: list[Flowable] = []
    for area in ("strength", "existing_safety"):
        for e in c.entries(fc, area):
            well.append(Paragraph(_our_words(e, fc), s.bullet, bulletText="•"))
    section(_("What's going well"), well)

    # --- 3. rules -----------------------------------------------------------------------------
    rules = [r for r in plan.get("rules", []) if (r.get("text") or "").strip()]
    if rules:
        rows: list[list[Any]] = [[st.para(st.text(_("Our rule")), s.cell_head),
                                  st.para(st.text(_("Who makes sure")), s.cell_head)]]
        for r in rules:
            words = (f" <font size={s.small.fontSize} color='#4A5A64'>"
                     + st.text(_("(in {name}'s words)").format(name=r["words_of"]))
                     + "</font>" if r.get("words_of") else "")
            parts = st.split_text(r["text"]) or [""]
            cell: list[Flowable] = [st.para(st.text(x), s.cell) for x in parts[:-1]]
            cell.append(st.para(st.text(parts[-1]) + words, s.cell))
            helpers = [people[u] for u in r.get("who_makes_sure", []) if u in people]
            who_cell = [st.para(_person_line(p), s.cell) for p in helpers]
            if not who_cell and r.get("who_text"):
                who_cell = [st.para(st.text(r["who_text"]), s.cell)]
            rows.append([cell, who_cell])
        section(_("Our rules, and who makes sure"),
                [_compact(st.table(rows, [W * 0.68, W * 0.32]))])
    else:
        section(_("Our rules, and who makes sure"), [])

    # --- 4. network -------------------------------------------------------------------------
    net = _network(fc)
    if w is not None and helper and helper.get("name") == w["name"]:
        # the family's worker is named, with their phone, in "If you need help"
        net = [p for p in net if p is not w]
    roles = {n["person_uid"]: n.get("role", "") for n in plan.get("network_roles", [])}
    net_flow: list[Flowable] = []
    if net:
        kids = [short_name(p["name"]) for p in c.children(fc)]
        shown = [NetPerson(short_name(p["name"]), (c.phones(p) or [""])[0], _ring(p))
                 for p in net]
        more = len(net) > MAX_IN_PICTURE
        intro = st.text(_("The children are in the middle. The people closest to them are in "
                          "the first circle. Other people who help are in the outer circle."))
        if more:
            intro += " " + st.text(_("The picture shows the closest people. Everyone is in "
                                     "the list below."))
        small = s.small.fontSize

        def net_rows(phone_column: bool) -> list[list[Any]]:
            """Fresh rows each call: a flowable may be laid out in one table only."""
            heads = (_("Who"), _("Phone"), _("What they will do")) if phone_column else (
                _("Who"), _("What they will do"))
            out: list[list[Any]] = [[st.para(st.text(h), s.cell_head) for h in heads]]
            for p in net:
                rel = ", ".join(x for x in (p.get("relationship"), p.get("organisation")) if x)
                who = f"<b>{st.text(p['name'])}</b>"
                if rel:
                    who += f" <font size={small} color='#4A5A64'>{st.text(rel)}</font>"
                reach = [st.para(f"<b>{st.text(ph)}</b>", s.cell) for ph in c.phones(p)]
                reach += [st.para(st.text(ad), s.small) for ad in c.addresses(p)]
                role = st.flow_text(roles.get(p["uid"]) or p.get("network_role") or "", s.cell)
                out.append([st.para(who, s.cell), reach, role] if phone_column
                           else [[st.para(who, s.cell), *reach], role])
            return out

        def picture(w_: float) -> Flowable:
            return network_circles(kids, shown, w_, font_size=10,
                                   height=98 if len(net) <= 4 else 170)

        def no_pad(t: Table, valign: str = "TOP") -> Table:
            t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.FONT),
                                   ("VALIGN", (0, 0), (-1, -1), valign),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
            return t

        if len(net) <= MAX_IN_PICTURE:
            # a small network: the list on the left, the picture and its caption beside it
            pic_w = W * 0.38
            tab_w = W - pic_w - 8
            side = no_pad(Table([[picture(pic_w)], [st.para(intro, s.small)]],
                                colWidths=[pic_w]))
            beside = no_pad(Table([[_compact(st.table(net_rows(False), [tab_w * 0.5] * 2)),
                                    side]], colWidths=[tab_w + 8, pic_w], hAlign="LEFT"))
            # where that block does not fit in the room left, the list flows full width and
            # the picture follows it, so the page above is filled rather than left white
            # under the list there is the full width: a wide, low picture
            wide_w = W * 0.62
            after = no_pad(Table([[st.para(intro, s.small), network_circles(
                kids, shown, wide_w, font_size=10, height=100, max_k=3.2)]],
                colWidths=[W - wide_w, wide_w], hAlign="LEFT"), "MIDDLE")
            net_flow.append(st.first_fit(beside, [
                _compact(st.table(net_rows(True), [W * 0.33, W * 0.27, W * 0.40])), after]))
        else:
            # a big network: the closest people in the picture, then everyone in the list
            net_flow.append(KeepTogether([st.para(intro, s.body),
                                          network_circles(kids, shown, W, font_size=10.5,
                                                          height=200)]))
            net_flow.append(st.gap(2))
            net_flow.append(_compact(st.table(net_rows(True), [W * 0.33, W * 0.27, W * 0.40])))
    section(_("Our safety network"), net_flow)

    # --- 5. warning signs -------------------------------------------------------------------
    # --- 6. not working, and "If you need help", beside the warning signs: all three say
    # what to do when something goes wrong
    signs = [x for x in plan.get("warning_signs", []) if str(x).strip()]
    half = (W - 10) / 2
    sign_col: list[Flowable] = [st.para(st.text(_("Warning signs")), ParagraphStyle(
        "plan-h1-top", parent=h1, spaceBefore=0))]
    if signs:
        sign_col.append(st.box(
            [st.para(st.text(_("If anyone sees one of these, they tell someone in the "
                               "network.")),
                     s.body)] + st.bullets(signs, s.bullet), half, background=st.WARM_SOFT,
            padding=7))
    else:
        sign_col.append(st.para(st.text(_(NOT_YET)), s.small))
    # the right column: what to do if the plan isn't working, then whom to call
    nw = plan.get("if_not_working") or ""
    help_col: list[Flowable] = [st.para(st.text(_("What to do if the plan isn't working")),
                                        ParagraphStyle(
        "plan-h1-top2", parent=h1, spaceBefore=0))]
    help_col += st.flow_text(nw, s.body) if nw else [st.para(st.text(_(NOT_YET)), s.small)]
    help_col.append(st.help_box(fc, s, half))
    pair = RowTable([[sign_col, help_col]], colWidths=[half + 10, half], hAlign="LEFT",
                    splitInRow=1)
    pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.FONT),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (0, 0), 10),
                              ("RIGHTPADDING", (1, 0), (1, 0), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story.append(st.gap(BODY_SIZE * 0.35))
    story.append(pair)

    # --- 7. goals -----------------------------------------------------------------------------
    goals = [Paragraph(_our_words(e, fc), s.bullet, bulletText="•")
             for e in c.entries(fc, "goal")]
    section(_("How we'll know it's working"), goals)

    # --- 8. scale -----------------------------------------------------------------------------
    latest_scores = c.latest_scores(fc)
    scale_flow: list[Flowable] = []
    if latest_scores:
        wording = next((x.get("scale_wording") for x in reversed(latest_scores)
                        if x.get("scale_wording")), "") or template.wording("default")
        marks = [Mark(c.score_who(x, fc), int(x["value"])) for x in latest_scores]
        newest = max((x.get("scored_at") or "")[:10] for x in latest_scores)
        said: list[Flowable] = []
        for x in latest_scores:
            when = ""
            if (x.get("scored_at") or "")[:10] != newest:
                when = " " + st.text(_("(on {date})").format(
                    date=st.nice_date(x.get("scored_at"))))
            reason = x.get("reasons") or ""
            line = f"<b>{st.text(c.score_who(x, fc))}: {int(x['value'])}</b>{when}"
            if reason:
                line += f". \u201c{st.text(reason)}\u201d"
            said.append(st.para(line, ParagraphStyle("plan-said", parent=s.body,
                                                     spaceAfter=BODY_SIZE * 0.2)))
        # the line on the left, what each person said beside it
        line_w = W * 0.5
        left = [st.para(st.text(wording), s.body), scale_line(marks, line_w, font_size=10.5)]
        if sum(len(x.get("reasons") or "") for x in latest_scores) < 900:
            pair = Table([[left, said]], colWidths=[line_w + 12, W - line_w - 12],
                         hAlign="LEFT")
            pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.FONT),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (0, 0), 12),
                                      ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 0),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            scale_flow.append(st.first_fit(pair, [
                KeepTogether([st.para(st.text(wording), s.body),
                              scale_line(marks, W, font_size=11)]), *said]))
        else:
            scale_flow.append(KeepTogether([st.para(st.text(wording), s.body),
                                            scale_line(marks, W, font_size=11)]))
            scale_flow += said
    section(_("Where everyone is on the scale today"), scale_flow)

    # --- 9. review ----------------------------------------------------------------------------
    section(_("When we'll look at the plan again"),
            st.flow_text(plan["review"], s.body) if plan.get("review") else [])

    # --- 10. signatures -----------------------------------------------------------------------
    worker_sig = ("the worker", [{"name": worker_name}] if worker_name
                  else ([w] if w is not None else []))
    groups = [
        ("the family", [p for p in fc["people"] if p.get("role") == "adult"]),
        ("the network", [p for p in fc["people"] if p.get("role") in ("network", "professional")
                         and p is not w]),
        worker_sig,
    ]
    # two people a row: each a name, a line to sign on and a line for the date
    signers = [(p["name"] if p else "", label[4:]) for label, members in groups
               for p in (members or [None])]
    head = [st.para(st.text(_("Name")), s.cell_head), st.para(st.text(_("Signed")), s.cell_head),
            st.para(st.text(_("Date")), s.cell_head)]
    sig_rows: list[list[Any]] = [head + [""] + head]
    for i in range(0, len(signers), 2):
        row: list[Any] = []
        for name, label in signers[i:i + 2]:
            # the worker is named as the worker; family and network need no label
            the_worker = _("The worker")
            if label == "worker" and not name:
                name = the_worker
            worker_tag = st.text(_("(worker)"))
            tag = (f" <font size={s.small.fontSize} color='#4A5A64'>{worker_tag}</font>"
                   if label == "worker" and name != the_worker else "")
            row += [st.para(st.text(name) + tag, s.cell), "", ""]
            row.append("")
        sig_rows.append((row + [""] * 8)[:7])
    cw = (W - 8) / 2
    # the date column holds "Dyddiad" whole (Welsh) as well as "Date"
    sig = RowTable(sig_rows, colWidths=[cw * 0.46, cw * 0.30, cw * 0.24, 8,
                                        cw * 0.46, cw * 0.30, cw * 0.24], hAlign="LEFT",
                   repeatRows=1, splitInRow=1)
    line_cmds = []
    for r in range(1, len(sig_rows)):
        line_cmds.append(("LINEBELOW", (1, r), (2, r), 0.8, st.INK))
        if sig_rows[r][4]:
            line_cmds.append(("LINEBELOW", (5, r), (6, r), 0.8, st.INK))
    sig.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.FONT),
        ("BACKGROUND", (0, 0), (2, 0), st.ACCENT),
        ("BACKGROUND", (4, 0), (6, 0), st.ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, 0), 2),
        ("TOPPADDING", (0, 1), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        *line_cmds,
    ]))
    # the signatures follow the last section, and move to a new page only if they don't fit
    # (a very long list, for a big network, flows on with its heading kept to its start)
    story.append(st.keep_short([
        st.para(st.text(_("Signatures")) + f" <font name='{st.FONT}' size={BODY_SIZE} "
                "color='#1E2A32'>&#160; "
                + st.text(_("By signing, we agree to this plan and to help keep it."))
                + "</font>",
                ParagraphStyle("plan-sig-head", parent=h1, spaceAfter=BODY_SIZE * 0.15)),
        sig], limit=st.FRAME_HEIGHT / 2))

    meta = st.DocMeta(
        title=title,
        author=worker_name or "Safety Map",
        subject=(_("Family safety plan (safe copy)") if safe_copy else _("Family safety plan")),
        footer=title + (" · " + _("safe copy") if safe_copy else ""),
        margin=PLAN_MARGIN,
    )
    if worker_name:
        meta.author = _("{name} with the family").format(name=worker_name)
    return story, meta
