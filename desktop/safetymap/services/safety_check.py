"""The safety check before anything family-facing leaves the app (export/safety_check.py finds;
this module asks and remembers).

    findings = safety_check(store, family_id, "plan", safe_copy=False)   # show each one
    decide(store, family_id, finding.key, finding.kind, "omit")          # or "fine", or None

A decision is kept in the store for that family (SafetyCheckDecision, keyed by the finding's
normalised text), so later prints and new versions of the plan remember it. The map itself is
never rewritten: the family's words stay as typed in the record.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from ..domain import model as m
from ..export.family_copy import family_copy
from ..export.safety_check import FINE, OMIT, Finding, summary_lines
from ..i18n import N_, _
from ..store.engine import Store
from ..store.errors import NotFound
from .families import load_family

FAMILY_FACING = ("plan", "children")
DECISIONS = (OMIT, FINE)

#: export/safety_check.py's words for where a finding stands (its English), said here in the
#: screens' language: the safety-check window shows them ("In the worries and Ceri's role")
_WHERE = frozenset({
    N_("what has happened"), N_("the worries"), N_("what makes things harder"),
    N_("what's going well"), N_("the goals"), N_("the next steps"), N_("the map"),
    N_("the rules"), N_("what the network will do"), N_("the warning signs"),
    N_("if the plan isn't working"), N_("when we'll look again"), N_("the plan"),
    N_("the children's words and story"), N_("the scale"), N_("the assessment"),
    N_("the visits"), N_("the document"), N_("the organisation's locating words"),
})
#: ... and those that name someone (by their first name, as export/ wrote it)
_WHERE_NAMED = (
    (re.compile(r"(.+)'s organisation", re.DOTALL), N_("{name}'s organisation")),
    (re.compile(r"(.+)'s role", re.DOTALL), N_("{name}'s role")),
    (re.compile(r"(.+)'s contact details", re.DOTALL), N_("{name}'s contact details")),
    (re.compile(r"about (.+)", re.DOTALL), N_("about {name}")),
)


def where_words(where: str) -> str:
    """A finding's `where` in the screens' language ("the worries": "y pryderon"); words it
    does not know are kept as they are. The first name in it is the family's: never
    translated (only export/'s "someone" for a nameless person is)."""
    if where in _WHERE:
        return _(where)
    if where == "about someone":  # a nameless person (Welsh mutates: "am rywun")
        return _("about someone")
    for pattern, words in _WHERE_NAMED:
        found = pattern.fullmatch(where)
        if found:
            name = found.group(1)
            return _(words).format(name=_("someone") if name == "someone" else name)
    return where


def applies_to(kind: str, safe_copy: bool) -> bool:
    """The check runs before a plan, a children's version or any safe copy."""
    return kind in FAMILY_FACING or safe_copy


def findings_for(doc: dict[str, Any], kind: str, safe_copy: bool = False) -> list[Finding]:
    """The findings, each with its `where` in the screens' language (the decision keys, the
    words found and their context are the family's, unchanged)."""
    if not applies_to(kind, safe_copy):
        return []
    return [replace(f, where=where_words(f.where))
            for f in family_copy(doc, safe_copy)[1].findings]


def safety_check(store: Store, family_id: int, kind: str,
                 safe_copy: bool = False) -> list[Finding]:
    """Everything in this document's family-facing text that could locate or identify someone,
    with the decision already made for each (None when nobody has decided yet)."""
    return findings_for(load_family(store, family_id), kind, safe_copy)


def stderr_lines(doc: dict[str, Any], kind: str, safe_copy: bool) -> list[str]:
    found = findings_for(doc, kind, safe_copy)
    if not found:
        return []
    head = ("Safety check: these could locate or identify someone"
            + (" (safe copy: anything not marked fine is left out)." if safe_copy else "."))
    return [head, *("  " + line for line in summary_lines(found, safe_copy))]


def decide(store: Store, family_id: int, key: str, kind: str, decision: str | None) -> None:
    """Keep the worker's choice for one finding: "omit" (leave it out of the family's copy),
    "fine", or None to forget the choice. One transaction."""
    if decision is not None and decision not in DECISIONS:
        raise ValueError(_("Choose 'leave it out' or 'this is fine'."))
    if not key or len(key) > 500:
        raise ValueError(_("That finding cannot be recorded."))
    if kind == "confidential_person":
        raise ValueError(_("A person marked confidential is always left out of the family's copy."))
    with store.session(command="safety_check.decide") as s:
        if s.get(m.Family, family_id) is None:
            raise NotFound(_("There is no family with id {id}.").format(id=family_id))
        row = s.scalars(select(m.SafetyCheckDecision).where(
            m.SafetyCheckDecision.family_id == family_id,
            m.SafetyCheckDecision.key == key)).first()
        if decision is None:
            if row is not None:
                s.delete(row)
            return
        if row is None:
            s.add(m.SafetyCheckDecision(family_id=family_id, key=key, kind=kind[:40],
                                        decision=decision))
        elif row.decision != decision:
            row.decision = decision


def decisions(store: Store, family_id: int) -> dict[str, str]:
    with store.session() as s:
        return {d.key: d.decision for d in s.scalars(select(m.SafetyCheckDecision).where(
            m.SafetyCheckDecision.family_id == family_id))}
