"""The family's safety plan: a printed plan a family can read, keep and put on the fridge.

Built only from the family's copy (export/family_copy.py), so nothing marked "not for the
family's copy" can reach it. Body text 14 pt, plain headings, the family's own words shown as
theirs ("Sarah says: ...").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from ..practice.templates import Template
from . import common as c
from . import styles as st
from .family_copy import family_copy
from .pictures import Mark, NetPerson, network_circles, scale_line

BODY_SIZE = 14

NOT_YET = "We haven't written this part yet. We will fill it in together."


def plan_title(doc: dict[str, Any], template: Template) -> str:
    kids = [c.first_name(p["name"]) for p in c.children(doc)]
    base = template.plan_title or "Our safety plan"
    return f"{base} for {c.join_names(kids)}" if kids else base


def _says(who: str, words: str) -> str:
    """'<b>Sarah says:</b> words': the family's words, shown as theirs and never changed."""
    if not who:
        return st.text(words)
    return f"<b>{st.text(who)} says:</b> {st.text(words)}"


def _stances(entry: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    out = []
    agree = [c.stance_name(s, doc) for s in entry.get("stances", []) if s["stance"] == "agrees"]
    if agree:
        out.append(f"<b>{st.text(c.join_names(agree))}</b> "
                   f"{'agrees' if len(agree) == 1 else 'agree'} with this.")
    for s in entry.get("stances", []):
        name = st.text(c.stance_name(s, doc))
        note = s.get("note") or ""
        if s["stance"] == "disagrees":
            out.append(f"<b>{name} does not agree.</b>" + (f" {st.text(note)}" if note else ""))
        elif s["stance"] == "unsure":
            out.append(f"<b>{name} is not sure.</b>" + (f" {st.text(note)}" if note else ""))
    return out


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
    out = f"<b>{st.text(c.first_name(p['name']))}</b>"
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


def build_plan(doc: dict[str, Any], template: Template, safe_copy: bool = False,
               progress: Callable[[float], None] | None = None) -> bytes:
    """The family safety plan as PDF bytes. Pure: reads the document, writes nothing."""
    fc, _report = family_copy(doc, safe_copy)
    s = st.make_styles(BODY_SIZE)
    h1 = ParagraphStyle("h1-in-section", parent=s.h1, keepWithNext=0)
    W = st.FRAME_WIDTH
    plan = fc.get("safety_plan", {}).get("current", {}) or {}
    people = c.people_by_uid(fc)
    title = plan_title(fc, template)
    story: list[Flowable] = []

    # --- title -----------------------------------------------------------------------------
    story.append(st.para(st.text(title), s.title))
    made_with = [c.first_name(p["name"]) for p in fc["people"]
                 if p.get("role") in ("adult", "network")]
    w = c.worker(fc)
    if w is not None:
        made_with.append(c.first_name(w["name"]))
    sub = []
    if made_with:
        sub.append(f"Made together by {st.text(c.join_names(made_with))}.")
    latest = fc.get("safety_plan", {}).get("latest_version")
    if latest and latest.get("created_at"):
        sub.append(f"Agreed on {st.nice_date(latest['created_at'])}.")
    sub.append(f"Printed on {st.nice_date(date.today())}.")
    story.append(st.para(" ".join(sub), s.subtitle))
    story.append(st.box([st.para(
        "This is our plan. It uses our own words. It says what we will all do to keep "
        f"{st.text(c.join_names([c.first_name(p['name']) for p in c.children(fc)]) or 'the children')}"
        " safe and happy.", s.body)], W))

    def section(heading: str, flowables: list[Flowable]) -> None:
        # the heading always travels with the start of its section (no orphaned headings)
        flowables = flowables or [st.para(NOT_YET, s.small)]
        story.append(KeepTogether([st.para(st.text(heading), h1), flowables[0]]))
        story.extend(flowables[1:])

    # --- 1. why -----------------------------------------------------------------------------
    why: list[Flowable] = []
    worries = c.entries(fc, "worry")
    if worries:
        why.append(st.para("These are the worries. Not everyone agrees with all of them, and "
                           "that is OK.", s.body))
    for e in worries:
        who = c.who_label(e.get("view"), fc)
        own = "worried" in e["text"].lower() or (who and who in e["text"][:60])
        parts: list[Flowable] = [st.box([st.para(st.text(e["text"]) if own
                                                 else _says(who, e["text"]), s.body)],
                                        W, background=st.SUN_SOFT, padding=8)]
        parts += [st.para(line, s.quote) for line in _stances(e, fc)]
        why.append(KeepTogether(parts) if len(e["text"]) < 800 else parts[0])
        if len(e["text"]) >= 800:
            why.extend(parts[1:])
    section("Why we are making this plan", why)

    # --- 2. going well ---------------------------------------------------------------------
    well: list[Flowable] = []
    for area in ("strength", "existing_safety"):
        for e in c.entries(fc, area):
            well.append(Paragraph(_says(c.who_label(e.get("view"), fc), e["text"]),
                                  s.bullet, bulletText="•"))
    section("What's going well", well)

    # --- 3. rules -----------------------------------------------------------------------------
    rules = [r for r in plan.get("rules", []) if (r.get("text") or "").strip()]
    if rules:
        rows: list[list[Any]] = [[st.para("Our rule", s.cell_head),
                                  st.para("Who makes sure", s.cell_head)]]
        for r in rules:
            cell = [st.para(st.text(r["text"]), s.cell)]
            if r.get("words_of"):
                cell.append(st.para(f"In {st.text(r['words_of'])}'s words", s.small))
            helpers = [people[u] for u in r.get("who_makes_sure", []) if u in people]
            who_cell = [st.para(_person_line(p), s.cell) for p in helpers]
            if not who_cell and r.get("who_text"):
                who_cell = [st.para(st.text(r["who_text"]), s.cell)]
            rows.append([cell, who_cell])
        section("Our rules, and who makes sure", [st.table(rows, [W * 0.6, W * 0.4])])
    else:
        section("Our rules, and who makes sure", [])

    # --- 4. network -------------------------------------------------------------------------
    net = _network(fc)
    roles = {n["person_uid"]: n.get("role", "") for n in plan.get("network_roles", [])}
    net_flow: list[Flowable] = []
    if net:
        kids = [c.first_name(p["name"]) for p in c.children(fc)]
        drawing = network_circles(kids, [NetPerson(c.first_name(p["name"]),
                                                   (c.phones(p) or [""])[0], _ring(p))
                                         for p in net])
        net_flow.append(KeepTogether([st.para(
            "The children are in the middle. The people closest to them are in the first "
            "circle. Other people who help are in the outer circle.", s.body), drawing]))
        rows = [[st.para("Who", s.cell_head), st.para("What they will do", s.cell_head)]]
        for p in net:
            who_parts: list[Flowable] = [st.para(f"<b>{st.text(p['name'])}</b>", s.cell)]
            rel = ", ".join(x for x in (p.get("relationship"), p.get("organisation")) if x)
            if rel:
                who_parts.append(st.para(st.text(rel), s.small))
            for ph in c.phones(p):
                who_parts.append(st.para(f"Phone: {st.text(ph)}", s.cell))
            for ad in c.addresses(p):
                who_parts.append(st.para(st.text(ad), s.small))
            role = roles.get(p["uid"]) or p.get("network_role") or ""
            rows.append([who_parts, st.para(st.text(role), s.cell)])
        net_flow.append(st.gap(6))
        net_flow.append(st.table(rows, [W * 0.42, W * 0.58]))
    section("Our safety network", net_flow)

    # --- 5. warning signs -------------------------------------------------------------------
    signs = [x for x in plan.get("warning_signs", []) if str(x).strip()]
    sign_flow: list[Flowable] = []
    if signs:
        sign_flow.append(st.box(
            [st.para("If anyone sees one of these, they tell someone in the network.",
                     s.body)] + st.bullets(signs, s.bullet), W, background=st.WARM_SOFT))
    section("Warning signs", sign_flow)

    # --- 6. not working -----------------------------------------------------------------------
    nw: list[Flowable] = []
    if plan.get("if_not_working"):
        nw.append(st.para(st.text(plan["if_not_working"]), s.body))
    nw.append(st.help_box(fc, s, W))
    section("What to do if the plan isn't working", nw)

    # --- 7. goals -----------------------------------------------------------------------------
    goals = [Paragraph(_says(c.who_label(e.get("view"), fc), e["text"]), s.bullet,
                       bulletText="•") for e in c.entries(fc, "goal")]
    section("How we'll know it's working", goals)

    # --- 8. scale -----------------------------------------------------------------------------
    latest_scores = c.latest_scores(fc)
    scale_flow: list[Flowable] = []
    if latest_scores:
        wording = next((x.get("scale_wording") for x in reversed(latest_scores)
                        if x.get("scale_wording")), "") or template.wording("default")
        marks = [Mark(c.score_who(x, fc), int(x["value"])) for x in latest_scores]
        scale_flow.append(KeepTogether([st.para(st.text(wording), s.body),
                                        scale_line(marks, W, font_size=12.5)]))
        scale_flow.append(st.gap(8))
        newest = max((x.get("scored_at") or "")[:10] for x in latest_scores)
        for x in latest_scores:
            when = ""
            if (x.get("scored_at") or "")[:10] != newest:
                when = f" (on {st.nice_date(x.get('scored_at'))})"
            reason = x.get("reasons") or ""
            line = f"<b>{st.text(c.score_who(x, fc))}: {int(x['value'])}</b>{when}"
            if reason:
                line += f". \u201c{st.text(reason)}\u201d"
            scale_flow.append(st.para(line, s.bullet))
    section("Where everyone is on the scale today", scale_flow)

    # --- 9. review ----------------------------------------------------------------------------
    section("When we'll look at the plan again",
            [st.para(st.text(plan["review"]), s.body)] if plan.get("review") else [])

    # --- 10. signatures -----------------------------------------------------------------------
    groups = [
        ("The family", [p for p in fc["people"] if p.get("role") == "adult"]),
        ("The network", [p for p in fc["people"] if p.get("role") in ("network", "professional")
                         and p is not w]),
        ("The worker", [w] if w is not None else []),
    ]
    worker_name = c.worker_name(fc)
    if worker_name:
        groups[-1] = ("The worker", [{"name": worker_name}])
    sig_rows: list[list[Any]] = [[st.para("Name", s.cell_head), st.para("Signed", s.cell_head),
                                  st.para("Date", s.cell_head)]]
    style_cmds: list[tuple[Any, ...]] = []
    for label, members in groups:
        sig_rows.append([st.para(f"<b>{label}</b>", s.small), "", ""])
        style_cmds.append(("SPAN", (0, len(sig_rows) - 1), (-1, len(sig_rows) - 1)))
        for p in members or [None]:
            name = st.text(p["name"]) if p else ""
            sig_rows.append([st.para(name, s.cell), "", ""])
            style_cmds.append(("LINEBELOW", (1, len(sig_rows) - 1), (-1, len(sig_rows) - 1),
                               0.8, st.INK))
    sig = Table(sig_rows, colWidths=[W * 0.4, W * 0.38, W * 0.22], repeatRows=1, hAlign="LEFT")
    sig.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.FONT),
        ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 1), (-1, -1), 12),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (1, 1), (-1, -1), 10),
        ("RIGHTPADDING", (1, 1), (-1, -1), 10),
        *style_cmds,
    ]))
    story.append(KeepTogether([
        st.para("Signatures", s.h1),
        st.para("By signing, we agree to this plan and to help keep it.", s.body), sig]))

    meta = st.DocMeta(
        title=title,
        author=c.first_name(w["name"]) if w else "Safety Map",
        subject=("Family safety plan (safe copy)" if safe_copy else "Family safety plan"),
        footer=title + (" · safe copy" if safe_copy else ""),
    )
    if w is not None:
        meta.author = f"{w['name']} with the family"
    return st.build_pdf(story, meta, progress)
