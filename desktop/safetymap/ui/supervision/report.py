"""Turn the supervision services' plain data into readable text for the screen.

No widgets on purpose (only strings come out, in the screens' language through Qt's translator),
so the wording can be tested without a window. Every function takes a `rename` callable: in
group supervision it turns names inside free text into initials
(services.supervision.name_replacements); otherwise it returns the text unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ... import i18n
from ...domain.labels import OTHER_KINDS
from ...practice.templates import Template
from ..tr import QT_TRANSLATE_NOOP, translate

Rename = Callable[[str], str]

#: the English (source) words; `house_words` gives them in the screens' language
HOUSES = {"worries": QT_TRANSLATE_NOOP("supervision.report", "House of Worries"),
          "good_things": QT_TRANSLATE_NOOP("supervision.report", "House of Good Things"),
          "dreams": QT_TRANSLATE_NOOP("supervision.report", "House of Dreams")}

#: the English (source) words; `field_words` gives them in the screens' language
FIELD_WORDS = {"text": QT_TRANSLATE_NOOP("supervision.report", "the words"),
               "view_person_id": QT_TRANSLATE_NOOP("supervision.report", "whose view"),
               "view_label": QT_TRANSLATE_NOOP("supervision.report", "whose view"),
               "resolved_at": QT_TRANSLATE_NOOP("supervision.report", "resolved"),
               "paired_worry_id": QT_TRANSLATE_NOOP("supervision.report", "the paired worry"),
               "who_text": QT_TRANSLATE_NOOP("supervision.report", "who"),
               "agreed_date": QT_TRANSLATE_NOOP("supervision.report", "the agreed date"),
               "child_id": QT_TRANSLATE_NOOP("supervision.report", "which child"),
               "behaviour": QT_TRANSLATE_NOOP("supervision.report", "the behaviour"),
               "situation": QT_TRANSLATE_NOOP("supervision.report", "the situation"),
               "impact": QT_TRANSLATE_NOOP("supervision.report", "what could happen")}


def house_words(house: str, default: str = "") -> str:
    """A house's name in the screens' language ("House of Worries"); `default` (already in
    the screens' language) for a house not known."""
    return translate("supervision.report", HOUSES[house]) if house in HOUSES else default


def field_words(field: str) -> str:
    """A changed field in plain words, in the screens' language ("whose view")."""
    if field in FIELD_WORDS:
        return translate("supervision.report", FIELD_WORDS[field])
    return field.replace("_", " ")


def same(text: str) -> str:
    return text


def day(dt: datetime | None) -> str:
    if dt is None:
        return translate("supervision.report", "an unknown date")
    return i18n.day(dt.astimezone())  # "3 March 2026", the month in the screens' language


def moment(dt: datetime | None) -> str:
    if dt is None:
        return translate("supervision.report", "an unknown time")
    d = dt.astimezone()
    return translate("supervision.report", "{day} at {time}").format(day=i18n.day(d),
                                                                     time=f"{d:%H:%M}")


def area_label(template: Template, entity_type: str, area: str) -> str:
    if entity_type in ("ThreeHousesEntry", "house_entry") or area in HOUSES:
        return house_words(area, translate("supervision.report", "The child's houses"))
    try:
        return template.label(area)
    except (ValueError, KeyError):
        return translate("supervision.report", "The map")


def since_line(report: Any, rename: Rename = same) -> str:
    so = report.last_sign_off
    if so is None:
        return translate("supervision.report", "What has happened since the family's record "
                         "was started on {day} (there is no earlier sign-off)").format(
            day=day(report.since))
    if so.role:
        return translate("supervision.report", "What has changed since {day}, when {name} "
                         "({role}) last signed off").format(day=day(so.at), name=rename(so.by),
                                                           role=so.role)
    return translate("supervision.report", "What has changed since {day}, when {name} last "
                     "signed off").format(day=day(so.at), name=rename(so.by))


def change_lines(report: Any, template: Template, rename: Rename = same
                 ) -> dict[str, list[str]]:
    """The report as plain lines, by heading: Added, Changed, Resolved, Deleted, Scores."""
    def where(c: Any) -> str:
        return area_label(template, c.entity_type, c.area)

    out: dict[str, list[str]] = {}
    no_words = translate("supervision.report", "(no words yet)")
    out["Added"] = [f"{where(c)}: {rename(c.text_after) or no_words}" for c in report.added]
    changed = []
    for c in report.edited:
        if c.kind == "reopened":
            changed.append(translate("supervision.report",
                                     "{where}: no longer marked resolved: {text}").format(
                where=where(c), text=rename(c.text_after)))
        elif "text" in c.fields:
            changed.append(translate("supervision.report", "{where}: was “{before}”, now "
                                     "“{after}”").format(where=where(c),
                                                          before=rename(c.text_before),
                                                          after=rename(c.text_after)))
        else:
            what = sorted({field_words(f) for f in c.fields})
            changed.append(translate("supervision.report", "{where}: {text} (changed: {what})"
                                     ).format(where=where(c), text=rename(c.text_after),
                                              what=", ".join(what)))
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
        if kind in OTHER_KINDS:
            one, many = OTHER_KINDS[kind]  # domain/labels.py's words (English only for now)
            other.append(f"{n} {one if n == 1 else many}")
        else:
            other.append(translate("supervision.report", "%n other record(s)", None, n))
    out["Also changed"] = other
    return out


#: the English (source) headings, translated where shown
HEADINGS = {"Added": QT_TRANSLATE_NOOP("supervision.report", "Added"),
            "Changed": QT_TRANSLATE_NOOP("supervision.report", "Changed"),
            "Resolved": QT_TRANSLATE_NOOP("supervision.report", "Resolved"),
            "Deleted": QT_TRANSLATE_NOOP("supervision.report", "Taken off the map"),
            "Scores": QT_TRANSLATE_NOOP("supervision.report", "How the numbers moved"),
            "Scores, no new number": QT_TRANSLATE_NOOP("supervision.report",
                                                       "No new number since"),
            "Also changed": QT_TRANSLATE_NOOP("supervision.report", "Also changed")}


def report_html(report: Any, template: Template, rename: Rename = same) -> str:
    """The change report as simple HTML for a read-only QTextBrowser."""
    lines = change_lines(report, template, rename)
    parts = []
    if report.is_empty:
        parts.append("<p>" + html.escape(translate(
            "supervision.report", "Nothing on the map and no numbers have changed in this "
            "time.")) + "</p>")
    for key, items in lines.items():
        if not items:
            continue
        heading = translate("supervision.report", HEADINGS[key])
        parts.append(f"<h3>{html.escape(heading)} ({len(items)})</h3><ul>")
        parts += [f"<li>{html.escape(i)}</li>" for i in items]  # tr: not shown (tags)
        parts.append("</ul>")
    return "\n".join(parts)


def record_html(rec: Any, rename: Rename = same) -> str:
    """One supervision record, as it was written (read-only view of an earlier record)."""
    rows = []
    if rec.signed_off_at is not None:
        when = moment(rec.signed_off_at)
        if rec.signed_off_role:
            signed = translate("supervision.report", "Signed off by {name}, {role} on {when}."
                               ).format(name=rec.signed_off_by, role=rec.signed_off_role,
                                        when=when)
        else:
            signed = translate("supervision.report", "Signed off by {name} on {when}.").format(
                name=rec.signed_off_by, when=when)
        fixed = translate("supervision.report", "This record cannot be changed.")
        rows.append(f"<p><b>{html.escape(signed)}</b> {html.escape(fixed)}</p>")
    else:
        rows.append("<p>" + html.escape(translate("supervision.report", "Not signed off yet."))
                    + "</p>")
    if rec.is_group:
        rows.append("<p><i>" + html.escape(translate(
            "supervision.report", "Group supervision (names shown as initials)")) + "</i></p>")
    score = ("" if rec.supervisor_score is None else translate(
        "supervision.report", "{score} out of 10").format(score=rec.supervisor_score))
    fields = [(translate("supervision.report", "Group summary"), rec.group_summary)
              if rec.is_group else ("", ""),
              (translate("supervision.report", "Supervisor's number"), score),
              (translate("supervision.report", "Why that number"), rec.score_reasons),
              (translate("supervision.report", "Reflections"), rec.reflections),
              (translate("supervision.report", "Decision"), rec.decision),
              (translate("supervision.report", "Why (the reasons at the time)"), rec.rationale)]
    for label, value in fields:
        if not label:
            continue
        shown = rename(value) if value else translate("supervision.report", "(nothing written)")
        body = html.escape(shown).replace("\n", "<br>")
        rows.append(f"<h4>{html.escape(label)}</h4><p>{body}</p>")
    return "\n".join(rows)
