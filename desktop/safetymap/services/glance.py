"""The map at a glance: the whole safety map on one screen, as practitioners draw it on paper.

Three columns (what are we worried about, what's working well, what needs to happen), the scale
with everyone's latest number under it, and for each entry its short text, whose view it is and
any disagreement. Plain data in (a family document, services/document.py shape, and the family's
practice template), plain data out: the screen (ui/workspace/glance.py) only lays it out.

Every label comes from the template (its section names for the columns and the scale, its area
labels for the groups), so an early-help template's "Worries" and "Good things" appear as such.

`family_safe=True` is the kitchen-table view, for turning the laptop to the family. It is built
only from `export.family_copy.family_copy(doc, safe_copy=True)`, the same safety net every
family-facing document uses: a person marked confidential is gone (their view, stances and
numbers, their name in any text), a detail "not for the family's copy" is blanked, and anything
the safety check found that could locate someone is left out unless the worker said it is fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..domain.model import MapArea
from ..domain.names import short_name
from ..export.family_copy import family_copy
from ..i18n import N_, _, day
from ..practice.templates import Template

#: the three columns of the paper map: (template section key, the areas in it, top to bottom)
COLUMNS: tuple[tuple[str, tuple[MapArea, ...]], ...] = (
    ("worried", (MapArea.HARM, MapArea.WORRY, MapArea.COMPLICATING)),
    ("working_well", (MapArea.STRENGTH, MapArea.EXISTING_SAFETY)),
    ("needs_to_happen", (MapArea.GOAL, MapArea.NEXT_STEP)),
)
#: which workspace page holds each area's full detail
PAGE_OF: dict[MapArea, str] = {area: key for key, areas in COLUMNS for area in areas}
#: an entry's short text is at most this many characters (whole words, then "…")
SHORT_CHARS = 140
SCALE_SECTION = "judgement"

_STANCE_WORDS = {"disagrees": N_("{who} doesn't agree"), "unsure": N_("{who} isn't sure")}


@dataclass(frozen=True)
class GlanceEntry:
    id: int
    area: str
    page: str  # the workspace page with its full detail
    text: str  # the words in full (the working view edits them in place)
    short: str  # the words shortened to SHORT_CHARS
    view: str  # whose view it is, as the screen names them ("Sarah", "School"); "" if nobody
    disagreement: str  # "Tomasz doesn't agree: Lena fell in the park." or ""
    detail: str  # a next step's who and agreed date; "" for other areas
    resolved: bool


@dataclass(frozen=True)
class GlanceGroup:
    area: str
    label: str  # the template's label ("Danger statements", "Worries")
    entries: tuple[GlanceEntry, ...]


@dataclass(frozen=True)
class GlanceColumn:
    key: str  # the template section: worried, working_well, needs_to_happen
    title: str
    groups: tuple[GlanceGroup, ...]


@dataclass(frozen=True)
class GlanceScore:
    who: str
    value: int
    scored_on: date
    reasons: str = ""  # their reasons, in their words ("" when none were given)


@dataclass(frozen=True)
class MapAtAGlance:
    columns: tuple[GlanceColumn, ...]
    scale_title: str
    scale_question: str
    scale_wording: str
    #: each person's latest number, lowest first (the order of the scale)
    scores: tuple[GlanceScore, ...]
    family_safe: bool
    #: places in the kitchen-table view where something was left out (0 in the working view)
    left_out: int = 0

    def at(self, value: int) -> tuple[str, ...]:
        """Who put things at this number, for the names under the scale."""
        return tuple(s.who for s in self.scores if s.value == value)

    def reasons_at(self, value: int) -> str:
        """Each person's reasons for this number, one line each ("Sarah: Mum is close by.")."""
        return "\n".join(f"{s.who}: {s.reasons}" if s.reasons else s.who
                         for s in self.scores if s.value == value)


def short_text(text: str, limit: int = SHORT_CHARS) -> str:
    """The words on one line, cut at a whole word with "…" when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"


class _Names:
    """How the glance names people: the short name ("Sarah", "Mrs Evans"), or the whole
    name when two people would share one."""

    def __init__(self, people: list[dict[str, Any]]) -> None:
        self.by_uid = {p["uid"]: p for p in people}
        shorts = [short_name(p["name"]).casefold() for p in people]
        self._clash = {s for s in shorts if shorts.count(s) > 1}

    def of(self, person_uid: str | None, label: str) -> str:
        p = self.by_uid.get(person_uid) if person_uid else None
        if p is None:
            return (label or "").strip()
        name: str = p["name"]
        short = short_name(name)
        return name if short.casefold() in self._clash else short


def _disagreement(stances: list[dict[str, Any]], names: _Names) -> str:
    parts = []
    for st in stances:
        words = _STANCE_WORDS.get(st.get("stance", ""))
        if words is None:
            continue
        who = names.of(st.get("person_uid"), st.get("who", "")) or _("Someone")
        line = _(words).format(who=who)
        note = " ".join((st.get("note") or "").split())
        if note:
            line += f": {note}"
        parts.append(line if line.rstrip("\"\u201d'").endswith((".", "!", "?")) else line + ".")
    return " ".join(parts)


def _day(iso: str) -> str:
    return day(date.fromisoformat(iso))  # "1 December 2026", "1 Rhagfyr 2026" (CLDR)


def _detail(entry: dict[str, Any]) -> str:
    if entry.get("area") != MapArea.NEXT_STEP.value:
        return ""
    parts = []
    who = " ".join((entry.get("step_who") or "").split())
    if who:
        parts.append(_("Who: {who}").format(who=who))
    if entry.get("agreed_date"):
        parts.append(_("Agreed for {day}").format(day=_day(entry["agreed_date"])))
    return " \u00b7 ".join(parts)


def _entry(e: dict[str, Any], names: _Names) -> GlanceEntry:
    area = MapArea(e["area"])
    view = e.get("view") or {}
    text = e.get("text") or ""
    return GlanceEntry(
        id=int(e["id"]), area=area.value, page=PAGE_OF[area], text=text,
        short=short_text(text), view=names.of(view.get("person_uid"), view.get("label", "")),
        disagreement=_disagreement(e.get("stances") or [], names), detail=_detail(e),
        resolved=bool(e.get("resolved_at")))


def _scores(scores: list[dict[str, Any]], names: _Names) -> tuple[GlanceScore, ...]:
    latest: dict[str, dict[str, Any]] = {}
    for s in sorted(scores, key=lambda s: str(s.get("scored_at") or "")):
        key = s.get("person_uid") or f"label:{(s.get('who') or '').casefold()}"
        latest[key] = s
    out = []
    for s in latest.values():
        when = datetime.fromisoformat(s["scored_at"]).date() if s.get("scored_at") \
            else date.min
        who = names.of(s.get("person_uid"), s.get("who", "")) or _("Someone")
        out.append(GlanceScore("Worker" if who.casefold() == "worker" else who,
                               int(s["value"]), when, " ".join((s.get("reasons") or "").split())))
    return tuple(sorted(out, key=lambda g: g.value))


def map_at_a_glance(doc: dict[str, Any], template: Template, *,
                    family_safe: bool = False) -> MapAtAGlance:
    """The whole map of this family document. `family_safe`: the kitchen-table view, made from
    the family's safe copy only (see the module's docstring)."""
    left_out = 0
    if family_safe:
        doc, report = family_copy(doc, safe_copy=True)
        left_out = report.redactions + report.safety_left_out
    names = _Names(list(doc.get("people") or []))
    by_area: dict[str, list[dict[str, Any]]] = {}
    for e in doc.get("map") or []:
        by_area.setdefault(e["area"], []).append(e)
    columns = []
    for key, areas in COLUMNS:
        groups = []
        for area in areas:
            shown = [_entry(e, names) for e in by_area.get(area.value, [])]
            # open entries first, in their order; resolved ones after them, still in order
            shown = [g for g in shown if not g.resolved] + [g for g in shown if g.resolved]
            groups.append(GlanceGroup(area.value, template.label(area), tuple(shown)))
        columns.append(GlanceColumn(key, template.sections[key], tuple(groups)))
    return MapAtAGlance(
        columns=tuple(columns), scale_title=template.sections[SCALE_SECTION],
        scale_question=template.scale_question, scale_wording=template.wording(),
        scores=_scores(list(doc.get("scores") or []), names), family_safe=family_safe,
        left_out=left_out)


__all__ = ["COLUMNS", "PAGE_OF", "GlanceColumn", "GlanceEntry", "GlanceGroup", "GlanceScore",
           "MapAtAGlance", "map_at_a_glance", "short_text"]
