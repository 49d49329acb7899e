"""Turn the supervision services' plain data into readable text for the screen.

Qt-free on purpose (only strings come out), so the wording can be tested without a window. Every
function takes a `rename` callable: in group supervision it turns names inside free text into
initials (services.supervision.name_replacements); otherwise it returns the text unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...domain.labels import OTHER_KINDS
from ...practice.templates import Template

Rename = Callable[[str], str]

HOUSES = {"worries": "House of Worries", "good_things": "House of Good Things",
          "dreams": "House of Dreams"}

FIELD_WORDS = {"text": "the words", "view_person_id": "whose view", "view_label": "whose view",
               "resolved_at": "resolved", "paired_worry_id": "the paired worry",
               "who_text": "who", "agreed_date": "the agreed date", "child_id": "which child",
               "behaviour": "the behaviour", "situation": "the situation",
               "impact": "what could happen"}


def same(text: str) -> str:
    return text


def day(dt: datetime | None) -> str:
    if dt is None:
        return "an unknown date"
    d = dt.astimezone()
    return f"{d.day} {d:%B %Y}"


def moment(dt: datetime | None) -> str:
    if dt is None:
        return "an unknown time"
    d = dt.astimezone()
    return f"{d.day} {d:%B %Y} at {d:%H:%M}"


def area_label(template: Template, entity_type: str, area: str) -> str:
    if entity_type in ("ThreeHousesEntry", "house_entry") or area in HOUSES:
        return HOUSES.get(area, "The child's houses")
    try:
        return template.label(area)
    except (ValueError, KeyError):
        return "The map"


def since_line(report: Any, rename: Rename = same) -> str:
    so = report.last_sign_off
    if so is None:
        return (f"What has happened since the family's record was started on {day(report.since)}"
                " (there is no earlier sign-off)")
    return (f"What has changed since {day(so.at)}, when {rename(so.by)}"
            f"{' (' + so.role + ')' if so.role else ''} last signed off")


def change_lines(report: Any, template: Template, rename: Rename = same
                 ) -> dict[str, list[str]]:
    """The report as plain lines, by heading: Added, Changed, Resolved, Deleted, Scores."""
    def where(c: Any) -> str:
        return area_label(template, c.entity_type, c.area)

    out: dict[str, list[str]] = {}
    out["Added"] = [f"{where(c)}: {rename(c.text_after) or '(no words yet)'}"
                    for c in report.added]
    changed = []
    for c in report.edited:
        if c.kind == "reopened":
            changed.append(f"{where(c)}: no longer marked resolved: {rename(c.text_after)}")
        elif "text" in c.fields:
            changed.append(f"{where(c)}: was “{rename(c.text_before)}”, now "
                           f"“{rename(c.text_after)}”")
        else:
            what = sorted({FIELD_WORDS.get(f, f.replace('_', ' ')) for f in c.fields})
            changed.append(f"{where(c)}: {rename(c.text_after)} (changed: {', '.join(what)})")
    out["Changed"] = changed
    out["Resolved"] = [f"{where(c)}: {rename(c.text_after)}" for c in report.resolved]
    out["Deleted"] = [f"{where(c)}: {rename(c.text_before)}" for c in report.deleted]
    out["Scores"] = [f"{rename(mv.who)}: {mv.describe()}" for mv in report.scores if mv.changed]
    out["Scores, no new number"] = [f"{rename(mv.who)}: {mv.describe()}"
                                    for mv in report.scores if not mv.changed]
    other = []
    for kind, n in sorted(report.other.items()):
        if kind == "Score":  # numbers have their own section (and a sign-off adds one)
            continue
        one, many = OTHER_KINDS.get(kind, ("other record", "other records"))
        other.append(f"{n} {one if n == 1 else many}")
    out["Also changed"] = other
    return out


HEADINGS = {"Added": "Added", "Changed": "Changed", "Resolved": "Resolved",
            "Deleted": "Taken off the map", "Scores": "How the numbers moved",
            "Scores, no new number": "No new number since", "Also changed": "Also changed"}


def report_html(report: Any, template: Template, rename: Rename = same) -> str:
    """The change report as simple HTML for a read-only QTextBrowser."""
    lines = change_lines(report, template, rename)
    parts = []
    if report.is_empty:
        parts.append("<p>Nothing on the map and no numbers have changed in this time.</p>")
    for key, items in lines.items():
        if not items:
            continue
        parts.append(f"<h3>{html.escape(HEADINGS[key])} ({len(items)})</h3><ul>")
        parts += [f"<li>{html.escape(i)}</li>" for i in items]
        parts.append("</ul>")
    return "\n".join(parts)


def record_html(rec: Any, rename: Rename = same) -> str:
    """One supervision record, as it was written (read-only view of an earlier record)."""
    rows = []
    if rec.signed_off_at is not None:
        rows.append(f"<p><b>Signed off by {html.escape(rec.signed_off_by)}"
                    f"{', ' + html.escape(rec.signed_off_role) if rec.signed_off_role else ''}"
                    f" on {html.escape(moment(rec.signed_off_at))}.</b> "
                    "This record cannot be changed.</p>")
    else:
        rows.append("<p>Not signed off yet.</p>")
    if rec.is_group:
        rows.append("<p><i>Group supervision (names shown as initials)</i></p>")
    fields = [("Group summary", rec.group_summary) if rec.is_group else ("", ""),
              ("Supervisor's number",
               "" if rec.supervisor_score is None else f"{rec.supervisor_score} out of 10"),
              ("Why that number", rec.score_reasons), ("Reflections", rec.reflections),
              ("Decision", rec.decision), ("Why (the reasons at the time)", rec.rationale)]
    for label, value in fields:
        if not label:
            continue
        shown = rename(value) if value else "(nothing written)"
        body = html.escape(shown).replace("\n", "<br>")
        rows.append(f"<h4>{html.escape(label)}</h4><p>{body}</p>")
    return "\n".join(rows)
