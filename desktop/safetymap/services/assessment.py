"""Commands for the one continuous assessment: the analysis, the decision, its reasons, the
note for the family, and "we understand enough to decide" (concluded).

Each command is one unit of work (`store.session(command="assessment.<name>")`), one changeset
that undo can revert. The text boxes are autosaved as typed (coalesce=True). There are no
deadline fields here, by design (PRACTICE.md, "Assessment without timescales").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules_map as rules
from ..i18n import N_, _
from ..store.engine import Store
from ..store.errors import NotFound

#: the assessment's text boxes, in the order the page shows them
TEXT_FIELDS = ("analysis", "decision", "rationale", "family_note")
#: each box as a sentence names it ("The analysis is too long: ...")
_NAMED = {"analysis": N_("the analysis"), "decision": N_("the decision"),
          "rationale": N_("the rationale"), "family_note": N_("the note for the family")}


def _assessment(session: Session, family_id: int, actor: str) -> m.Assessment:
    fam = session.get(m.Family, family_id)
    if fam is None:
        raise NotFound(_("That family is no longer there."))
    if fam.assessment is None:
        fam.assessment = m.Assessment(author=actor)
    return fam.assessment


def edit(store: Store, family_id: int, *, analysis: str | None = None,
         decision: str | None = None, rationale: str | None = None,
         family_note: str | None = None) -> None:
    """Autosave the assessment's words: only the fields given (not None) change."""
    fields = {"analysis": analysis, "decision": decision, "rationale": rationale,
              "family_note": family_note}
    for name, value in fields.items():
        if value is not None:
            rules.check_length(value, rules.MAX_LONG_TEXT, _NAMED[name])
    with store.session(command="assessment.edit", coalesce=True) as s:
        a = _assessment(s, family_id, store.actor)
        for name, value in fields.items():
            if value is not None and getattr(a, name) != value:
                setattr(a, name, value)


def conclude(store: Store, family_id: int, concluded: bool = True, *,
             at: datetime | None = None) -> None:
    """Record that we understand enough to decide (now, or at `at`), or take that back."""
    with store.session(command="assessment.conclude") as s:
        a = _assessment(s, family_id, store.actor)
        if concluded:
            a.concluded_at = at or a.concluded_at or m.utcnow()
        elif a.concluded_at is not None:
            a.concluded_at = None
