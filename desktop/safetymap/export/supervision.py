"""The supervision record PDF: what changed since the last sign-off, how the scores moved, the
supervisor's own view, decision and rationale as recorded at the time, and the sign-off.

It is a professional document (not family-facing), built with the shared look in styles.py.
Group supervision records are printed with initials only. Qt-free; returns bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable

from ..domain.labels import describe_other
from . import styles as st

AREA_LABELS = {
    "harm": "Harm", "worry": "Worry", "complicating": "Complicating factor",
    "strength": "Strength", "existing_safety": "Existing safety", "goal": "Safety goal",
    "next_step": "Next step", "worries": "House of Worries", "good_things": "House of Good Things",
    "dreams": "House of Dreams",
}


@dataclass(frozen=True)
class SupervisionDocument:
    """Everything the PDF shows, gathered by services/supervision.py."""

    family_name: str
    record: Any  # services.supervision.SupervisionView
    report: Any  # services.supervision.ChangeReport (names already initials for group records)
    earlier: Sequence[Any]  # earlier SupervisionView records, oldest first
    trajectory: dict[str, list[tuple[date, int]]]
    prompts: Sequence[str]
    generated_at: datetime
    initials_only: bool = False
    rename: Callable[[str], str] = lambda text: text  # initials for group supervision


def _when(v: datetime | None) -> str:
    if v is None:
        return ""
    local = v.astimezone()
    return f"{st.nice_date(local)}, {local.strftime('%H:%M')}"


def _p(value: str, style: Any) -> Any:
    """One paragraph, or (for a long text, e.g. in a table cell) a list of chunks."""
    if len(value) > st.CHUNK_CHARS or "\n\n" in value:
        return st.flow_text(value, style)
    return st.para(st.text(value), style)


def _section_changes(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    r, rn = doc.report, doc.rename
    out: list[Flowable] = []
    if r.last_sign_off is not None:
        since = (f"Since the last sign-off by {rn(r.last_sign_off.by)} "
                 f"({rn(r.last_sign_off.role)}) on {_when(r.last_sign_off.at)}.")
    else:
        since = f"There is no earlier sign-off, so this covers everything since the family's " \
                f"record was started on {_when(r.since)}."
    out.append(st.para("What has changed since we last looked", s.h1))
    out.append(_p(since, s.body))
    w = st.FRAME_WIDTH
    groups = [("Added", r.added), ("Changed", r.edited), ("Resolved", r.resolved),
              ("Removed", r.deleted)]
    if not any(items for _, items in groups):
        out.append(_p("No entries were added, changed, resolved or removed.", s.body))
    for title, items in groups:
        if not items:
            continue
        out.append(st.para(f"{title} ({len(items)})", s.h2))
        if title == "Changed":
            rows: list[list[Any]] = [[_p("Part of the map", s.cell_head),
                                      _p("Before", s.cell_head), _p("Now", s.cell_head)]]
            for c in items:
                note = "" if c.text_before != c.text_after else \
                    "(" + ", ".join(f.replace("_", " ") for f in c.fields) + " changed)"
                rows.append([_p(AREA_LABELS.get(c.area, c.area), s.cell),
                             _p(rn(c.text_before), s.cell),
                             _p(rn(c.text_after) + (f" {note}" if note else ""), s.cell)])
            out.append(st.table(rows, [w * 0.2, w * 0.4, w * 0.4]))
        else:
            rows = [[_p("Part of the map", s.cell_head), _p("Entry", s.cell_head),
                     _p("When", s.cell_head)]]
            for c in items:
                txt = c.text_after if title != "Removed" else c.text_before
                rows.append([_p(AREA_LABELS.get(c.area, c.area), s.cell), _p(rn(txt), s.cell),
                             _p(_when(c.changed_at), s.cell)])
            out.append(st.table(rows, [w * 0.2, w * 0.55, w * 0.25]))
        out.append(st.gap(6))
    if r.other:
        kinds = ", ".join(describe_other(r.other))
        out.append(_p(f"Other records changed in this period: {kinds}.", s.small))
    return out


def _section_scores(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    r, rn = doc.report, doc.rename
    out: list[Flowable] = [st.para("How the scores moved", s.h1)]
    if not r.scores:
        return out + [_p("Nobody has given a score yet.", s.body)]
    w = st.FRAME_WIDTH
    rows: list[list[Any]] = [[_p("Who", s.cell_head), _p("At the last sign-off", s.cell_head),
                              _p("Since then", s.cell_head), _p("Latest reasons", s.cell_head)]]
    for mv in r.scores:
        since = ", ".join(f"{v} ({st.nice_date(at.astimezone(), short=True)})"
                          for at, v, _ in mv.new_scores) or "no new score"
        reasons = mv.new_scores[-1][2] if mv.new_scores else ""
        movement = ""
        if mv.changed and mv.movement is not None:
            movement = (f" — up {mv.movement}" if mv.movement > 0 else
                        f" — down {-mv.movement}" if mv.movement < 0 else " — no change")
        rows.append([_p(rn(mv.who), s.cell),
                     _p("" if mv.previous is None else str(mv.previous), s.cell),
                     st.para(st.text(since) + (f"<b>{st.text(movement)}</b>" if movement else ""),
                             s.cell),
                     _p(rn(reasons), s.cell)])
    out.append(st.table(rows, [w * 0.2, w * 0.17, w * 0.3, w * 0.33]))
    if doc.trajectory:
        out.append(st.gap(10))
        out.append(st.para("Everyone's scores over time (0 = the children cannot stay at home, "
                           "10 = safe enough to close)", s.h2))
        series = {rn(k): v for k, v in doc.trajectory.items()}
        out.append(st.score_chart(series, height=170, font_size=8.5))
    return out


def _section_view(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    rec, rn = doc.record, doc.rename
    out: list[Flowable] = [st.para("The supervisor's view, recorded at the time", s.h1)]

    def field(label: str, value: str) -> None:
        out.append(st.para(st.text(label), s.h2))
        # long text in paragraphs and chunks (never one giant Paragraph to lay out)
        out.extend(st.flow_text(rn(value), s.body) if value.strip()
                   else [_p("Not recorded.", s.body)])

    score = "Not given." if rec.supervisor_score is None else f"{rec.supervisor_score} out of 10"
    out.append(st.para("Supervisor's score", s.h2))
    out.append(_p(score, s.body))
    if rec.score_reasons.strip():
        out += st.flow_text(rn(rec.score_reasons), s.quote)
    field("Reflections", rec.reflections)
    field("Decision", rec.decision)
    field("Rationale (the reasons as understood at the time)", rec.rationale)
    if rec.is_group:
        field("Group supervision summary", rec.group_summary)
    return out


def _section_sign_off(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    rec, rn = doc.record, doc.rename
    if rec.signed_off_at is not None:
        body = [st.para("<b>Signed off</b>", s.body),
                _p(f"Name: {rn(rec.signed_off_by)}", s.body),
                _p(f"Role: {rn(rec.signed_off_role)}", s.body),
                _p(f"Time: {_when(rec.signed_off_at)}", s.body),
                _p("This record is read-only. The sign-off is in the store's tamper-evident "
                   "audit log.", s.small)]
        return [st.gap(8), st.box(body, st.FRAME_WIDTH, border=st.ACCENT)]
    body = [st.para("<b>Draft: not signed off yet</b>", s.body),
            _p("This record can still change until the supervisor signs it off.", s.small)]
    return [st.gap(8), st.box(body, st.FRAME_WIDTH, background=st.WARM_SOFT, border=st.WARM)]


def _section_earlier(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    if not doc.earlier:
        return []
    rn, w = doc.rename, st.FRAME_WIDTH
    rows: list[list[Any]] = [[_p("Signed off", s.cell_head), _p("By", s.cell_head),
                              _p("Score", s.cell_head), _p("Decision", s.cell_head)]]
    for e in doc.earlier:
        rows.append([_p(_when(e.signed_off_at) if e.signed_off_at else "draft", s.cell),
                     _p(rn(f"{e.signed_off_by} ({e.signed_off_role})") if e.signed_off_by
                        else "", s.cell),
                     _p("" if e.supervisor_score is None else str(e.supervisor_score), s.cell),
                     _p(rn(e.decision), s.cell)])
    return [st.para("Earlier supervision records", s.h1),
            st.table(rows, [w * 0.24, w * 0.26, w * 0.1, w * 0.4])]


def build_supervision_pdf(doc: SupervisionDocument) -> bytes:
    s = st.make_styles(body_size=11)
    rec = doc.record
    kind = "Group supervision record" if rec.is_group else "Supervision record"
    story: list[Flowable] = [
        st.para(st.text(kind), s.title),
        _p(f"{doc.family_name}. Printed {_when(doc.generated_at)}.", s.subtitle),
    ]
    if doc.initials_only:
        story.append(st.box([_p("Group supervision: people are shown by their initials only.",
                                s.body)], st.FRAME_WIDTH))
        story.append(st.gap(6))
    story += _section_changes(doc, s)
    story += _section_scores(doc, s)
    story += _section_view(doc, s)
    story += _section_sign_off(doc, s)
    story.append(st.para("Questions for reflective supervision", s.h1))
    story += st.bullets(doc.prompts, s.bullet)
    story += _section_earlier(doc, s)
    meta = st.DocMeta(
        title=f"{kind}: {doc.family_name}",
        author=(rec.signed_off_by or rec.author or "Safety Map"),
        subject="Reflective supervision: changes since the last sign-off, scores, decision "
                "and rationale",
        keywords=["supervision", "safety map"],
        footer=f"{kind} · {doc.family_name} · confidential",
    )
    return st.build_pdf(story, meta)
