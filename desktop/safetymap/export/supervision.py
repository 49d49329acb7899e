"""The supervision record PDF: what changed since the last sign-off, how the scores moved, the
supervisor's own view, decision and rationale as recorded at the time, and the sign-off.

It is a professional document (not family-facing), built with the shared look in styles.py.
Group supervision records are printed with initials only. Qt-free; returns bytes.

Printed in Welsh, English or both (`language`), as the plan is: the software's words (and the
reflective questions) from the catalogue (i18n), everything people wrote as they wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from ..domain.labels import describe_other
from ..i18n import BILINGUAL, ENGLISH, N_, WELSH, _, speaking
from . import styles as st
from .assessment import bold, fit_footer, score_chart, scorer_word, word_room

AREA_LABELS = {
    "harm": N_("Harm"), "worry": N_("Worry"), "complicating": N_("Complicating factor"),
    "strength": N_("Strength"), "existing_safety": N_("Existing safety"),
    "goal": N_("Safety goal"), "next_step": N_("Next step"), "worries": N_("House of Worries"),
    "good_things": N_("House of Good Things"), "dreams": N_("House of Dreams"),
}

#: the parts of an entry that can change without its words (EntryChange.fields), as printed:
#: the English is the field's name with spaces, as it always was
FIELD_WORDS = {
    # TRANSLATORS: the parts of a map entry that changed, in "(view label changed)"
    "area": N_("area"), "text": N_("text"), "view_person_id": N_("view person id"),
    "view_label": N_("view label"), "child_text": N_("child text"),
    "worry_who": N_("worry who"), "worry_behaviour": N_("worry behaviour"),
    "worry_situation": N_("worry situation"), "worry_impact": N_("worry impact"),
    "paired_worry_id": N_("paired worry id"), "step_who": N_("step who"),
    "agreed_date": N_("agreed date"), "resolved_at": N_("resolved at"),
    "house": N_("house"), "child_id": N_("child id"),
}


@dataclass(frozen=True)
class SupervisionDocument:
    """Everything the PDF shows, gathered by services/supervision.py."""

    family_name: str
    record: Any  # services.supervision.SupervisionView
    report: Any  # services.supervision.ChangeReport (names already initials for group records)
    earlier: Sequence[Any]  # earlier SupervisionView records, oldest first
    trajectory: dict[str, list[tuple[date, int]]]
    prompts: Sequence[str]  # English, marked for the catalogue: printed in the language
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


def _fields(fields: Sequence[str]) -> str:
    """"view label, agreed date": the parts that changed, each named once."""
    words = [_(FIELD_WORDS[f]) if f in FIELD_WORDS else f.replace("_", " ") for f in fields]
    return ", ".join(dict.fromkeys(words))


def _section_changes(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    r, rn = doc.report, doc.rename
    out: list[Flowable] = []
    if r.last_sign_off is not None:
        since = _("Since the last sign-off by {by} ({role}) on {when}.").format(
            by=rn(r.last_sign_off.by), role=rn(r.last_sign_off.role),
            when=_when(r.last_sign_off.at))
    else:
        since = _("There is no earlier sign-off, so this covers everything since the family's "
                  "record was started on {when}.").format(when=_when(r.since))
    out.append(st.para(st.text(_("What has changed since we last looked")), s.h1))
    out.append(_p(since, s.body))
    w = st.FRAME_WIDTH
    groups = [("added", _("Added"), r.added), ("edited", _("Changed"), r.edited),
              ("resolved", _("Resolved"), r.resolved), ("deleted", _("Removed"), r.deleted)]
    if not any(items for _key, _title, items in groups):
        out.append(_p(_("No entries were added, changed, resolved or removed."), s.body))
    part, when = _("Part of the map"), _("When")
    for key, title, items in groups:
        if not items:
            continue
        out.append(st.para(st.text(f"{title} ({len(items)})"), s.h2))
        if key == "edited":
            rows: list[list[Any]] = [[_p(part, s.cell_head), _p(_("Before"), s.cell_head),
                                      _p(_("Now"), s.cell_head)]]
            for c in items:
                note = "" if c.text_before != c.text_after else \
                    _("({fields} changed)").format(fields=_fields(c.fields))
                rows.append([_p(_area(c.area), s.cell), _p(rn(c.text_before), s.cell),
                             _p(rn(c.text_after) + (f" {note}" if note else ""), s.cell)])
            out.append(st.table(rows, [w * 0.2, w * 0.4, w * 0.4]))
        else:
            rows = [[_p(part, s.cell_head), _p(_("Entry"), s.cell_head),
                     _p(when, s.cell_head)]]
            for c in items:
                txt = c.text_after if key != "deleted" else c.text_before
                rows.append([_p(_area(c.area), s.cell), _p(rn(txt), s.cell),
                             _p(_when(c.changed_at), s.cell)])
            out.append(st.table(rows, [w * 0.2, w * 0.55, w * 0.25]))
        out.append(st.gap(6))
    if r.other:
        kinds = ", ".join(describe_other(r.other))  # in the language spoken
        out.append(_p(_("Other records changed in this period: {kinds}.").format(kinds=kinds),
                      s.small))
    return out


def _area(area: str) -> str:
    return _(AREA_LABELS[area]) if area in AREA_LABELS else area


def _section_scores(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    r, rn = doc.report, doc.rename
    out: list[Flowable] = [st.para(st.text(_("How the scores moved")), s.h1)]
    if not r.scores:
        return out + [_p(_("Nobody has given a score yet."), s.body)]
    w = st.FRAME_WIDTH
    at_last = _("At the last sign-off")
    rows: list[list[Any]] = [[_p(_("Who"), s.cell_head), _p(at_last, s.cell_head),
                              _p(_("Since then"), s.cell_head),
                              _p(_("Latest reasons"), s.cell_head)]]
    for mv in r.scores:
        since = ", ".join(f"{v} ({st.nice_date(at.astimezone(), short=True)})"
                          for at, v, _reasons in mv.new_scores) or _("no new score")
        reasons = mv.new_scores[-1][2] if mv.new_scores else ""
        movement = ""
        if mv.changed and mv.movement is not None:
            movement = " — " + (_("up {n}").format(n=mv.movement) if mv.movement > 0 else
                                _("down {n}").format(n=-mv.movement) if mv.movement < 0
                                else _("no change"))
        who = scorer_word(mv.who) if mv.key.startswith("label:") else mv.who
        rows.append([_p(rn(who), s.cell),
                     _p("" if mv.previous is None else str(mv.previous), s.cell),
                     st.para(st.text(since) + (f"<b>{st.text(movement)}</b>" if movement else ""),
                             s.cell),
                     _p(rn(reasons), s.cell)])
    last_w = word_room([at_last], s.cell_head, w * 0.17)  # "cymeradwyaeth" kept whole
    out.append(st.table(rows, [w * 0.2, last_w, w * 0.3, w * 0.5 - last_w]))
    if doc.trajectory:
        out.append(st.gap(10))
        out.append(st.para(st.text(_("Everyone's scores over time (0 = the children cannot stay "
                                     "at home, 10 = safe enough to close)")), s.h2))
        series = {rn(k): v for k, v in doc.trajectory.items()}
        out.append(score_chart(series, height=170, font_size=8.5))
    return out


def _section_view(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    rec, rn = doc.record, doc.rename
    out: list[Flowable] = [st.para(st.text(_("The supervisor's view, recorded at the time")),
                                   s.h1)]

    def field(label: str, value: str) -> None:
        out.append(st.para(st.text(label), s.h2))
        # long text in paragraphs and chunks (never one giant Paragraph to lay out)
        out.extend(st.flow_text(rn(value), s.body) if value.strip()
                   else [_p(_("Not recorded."), s.body)])

    score = _("Not given.") if rec.supervisor_score is None else _("{score} out of 10").format(
        score=rec.supervisor_score)
    out.append(st.para(st.text(_("Supervisor's score")), s.h2))
    out.append(_p(score, s.body))
    if rec.score_reasons.strip():
        out += st.flow_text(rn(rec.score_reasons), s.quote)
    field(_("Reflections"), rec.reflections)
    field(_("Decision"), rec.decision)
    field(_("Rationale (the reasons as understood at the time)"), rec.rationale)
    if rec.is_group:
        field(_("Group supervision summary"), rec.group_summary)
    return out


def _section_sign_off(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    rec, rn = doc.record, doc.rename
    if rec.signed_off_at is not None:
        body = [st.para(bold(_("Signed off")), s.body),
                _p(_("Name: {name}").format(name=rn(rec.signed_off_by)), s.body),
                _p(_("Role: {role}").format(role=rn(rec.signed_off_role)), s.body),
                _p(_("Time: {when}").format(when=_when(rec.signed_off_at)), s.body),
                _p(_("This record is read-only. The sign-off is in the store's tamper-evident "
                     "audit log."), s.small)]
        return [st.gap(8), st.box(body, st.FRAME_WIDTH, border=st.ACCENT)]
    body = [st.para(bold(_("Draft: not signed off yet")), s.body),
            _p(_("This record can still change until the supervisor signs it off."), s.small)]
    return [st.gap(8), st.box(body, st.FRAME_WIDTH, background=st.WARM_SOFT, border=st.WARM)]


def _section_earlier(doc: SupervisionDocument, s: st.Styles) -> list[Flowable]:
    if not doc.earlier:
        return []
    rn, w = doc.rename, st.FRAME_WIDTH
    rows: list[list[Any]] = [[_p(_("Signed off"), s.cell_head), _p(_("By"), s.cell_head),
                              _p(_("Score"), s.cell_head), _p(_("Decision"), s.cell_head)]]
    for e in doc.earlier:
        rows.append([_p(_when(e.signed_off_at) if e.signed_off_at else _("draft"), s.cell),
                     _p(rn(f"{e.signed_off_by} ({e.signed_off_role})") if e.signed_off_by
                        else "", s.cell),
                     _p("" if e.supervisor_score is None else str(e.supervisor_score), s.cell),
                     _p(rn(e.decision), s.cell)])
    return [st.para(st.text(_("Earlier supervision records")), s.h1),
            st.table(rows, [w * 0.24, w * 0.26, w * 0.1, w * 0.4])]


def build_supervision_pdf(doc: SupervisionDocument, language: str = ENGLISH) -> bytes:
    """The supervision record as PDF bytes. `language`: "en", "cy", or "bilingual" (the Welsh
    record, then the English one, in one PDF: Welsh first). What people wrote (notes, reasons,
    decisions, names and their initials) is printed as written, in every language."""
    if language == BILINGUAL:
        with speaking(WELSH):
            welsh, meta, (kind, secret) = _supervision_story(doc)
        with speaking(ENGLISH):
            english, meta_en, (kind_en, secret_en) = _supervision_story(doc)
        meta.title = f"{meta.title} / {meta_en.title}"
        meta.subject = f"{meta.subject} / {meta_en.subject}"
        meta.page = f"{meta.page} / {meta_en.page}"  # "Tudalen 2 / Page 2"
        meta.keywords = list(dict.fromkeys([*meta.keywords, *meta_en.keywords]))
        family, confidential = doc.family_name, f"{secret} / {secret_en}"
        meta.footer = fit_footer([f"{meta.footer} / {meta_en.footer}",
                                  f"{kind} / {kind_en} · {family} · {confidential}",
                                  f"{family} · {confidential}"], meta)
        return st.build_pdf([*welsh, PageBreak(), *english], meta)
    with speaking(language):
        story, meta, _parts = _supervision_story(doc)
        return st.build_pdf(story, meta)


def _supervision_story(doc: SupervisionDocument
                       ) -> tuple[list[Flowable], st.DocMeta, tuple[str, str]]:
    """The record's flowables and its PDF's facts, in the current language, and the pieces
    of its footer (the kind of record, "confidential")."""
    s = st.make_styles(body_size=11)
    rec = doc.record
    kind = _("Group supervision record") if rec.is_group else _("Supervision record")
    story: list[Flowable] = [
        st.para(st.text(kind), s.title),
        _p(_("{family}. Printed {when}.").format(family=doc.family_name,
                                                  when=_when(doc.generated_at)), s.subtitle),
    ]
    if doc.initials_only:
        story.append(st.box([_p(_("Group supervision: people are shown by their initials "
                                  "only."), s.body)], st.FRAME_WIDTH))
        story.append(st.gap(6))
    story += _section_changes(doc, s)
    story += _section_scores(doc, s)
    story += _section_view(doc, s)
    story += _section_sign_off(doc, s)
    story.append(st.para(st.text(_("Questions for reflective supervision")), s.h1))
    story += st.bullets([_(q) for q in doc.prompts], s.bullet)
    story += _section_earlier(doc, s)
    confidential = _("confidential")
    meta = st.DocMeta(
        title=f"{kind}: {doc.family_name}",
        author=(rec.signed_off_by or rec.author or "Safety Map"),
        subject=_("Reflective supervision: changes since the last sign-off, scores, decision "
                  "and rationale"),
        keywords=[_("supervision"), "safety map"],
        footer=f"{kind} · {doc.family_name} · {confidential}",
    )
    return story, meta, (kind, confidential)
