"""Commands for the scale: each person's number from 0 to 10, with their reasons and the wording
of the scale that was used. The software never computes a score of its own.

Every command is one unit of work (`store.session(command="scores.<name>")`), one changeset that
undo can revert. The reasons are autosaved as they are typed (coalesce=True); so is a changed
number, so trying 5, then 6, then 7 is one step. A score is a whole number from 0 to 10
(domain/rules_map.py). A number recorded by the sign-off of a supervision record belongs to that
signed record and is never changed or taken away here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules_map as rules
from ..i18n import N_, _
from ..store.engine import Store
from ..store.errors import NotFound
from .supervision import SUPERVISOR_LABEL

SIGNED = N_("That number was recorded when a supervision record was signed off, so it stays "
            "as it was.")


def _score(session: Session, score_id: int) -> m.Score:
    sc = session.get(m.Score, score_id)
    if sc is None:
        raise NotFound(_("That number is no longer there."))
    return sc


def _changeable(session: Session, score_id: int) -> m.Score:
    """The score, unless a supervision sign-off recorded it (then refused with a sentence)."""
    sc = _score(session, score_id)
    if sc.person_id is None and sc.scorer_label == SUPERVISOR_LABEL:
        signed = session.scalars(select(m.SupervisionRecord.id).where(
            m.SupervisionRecord.family_id == sc.family_id,
            m.SupervisionRecord.signed_off_at == sc.scored_at)).first()
        if signed is not None:
            raise ValueError(_(SIGNED))
    return sc


def record(store: Store, family_id: int, value: int, *, person_id: int | None = None,
           scorer_label: str = "", reasons: str = "", scale_wording: str = "",
           scored_at: datetime | None = None) -> int:
    """Record one person's number now (or at `scored_at`). "The worker" is the person writing:
    the worker profile's name, and the family's own person of that name when there is one (one
    line on the chart, not two). Returns the score's id."""
    number = rules.check_score(value)
    rules.check_length(reasons, rules.MAX_LONG_TEXT, N_("their reasons"))
    rules.check_length(scorer_label, 200, N_("whose number it is"))
    with store.session(command="scores.record") as s:
        if s.get(m.Family, family_id) is None:
            raise NotFound(_("That family is no longer there."))
        if person_id is not None:
            p = s.get(m.Person, person_id)
            if p is None:
                raise NotFound(_("That person is no longer there."))
            rules.check_same_family(family_id, p.family_id, N_("that person"))
        elif scorer_label.strip().lower() in ("worker", "the worker") \
                and store.actor not in ("", "worker"):
            same = s.scalars(select(m.Person).where(
                m.Person.family_id == family_id, m.Person.name == store.actor)).first()
            if same is not None:
                person_id, scorer_label = same.id, ""
            else:
                scorer_label = store.actor
        sc = m.Score(family_id=family_id, value=number, person_id=person_id,
                     scorer_label=scorer_label, reasons=reasons, scale_wording=scale_wording,
                     scored_at=scored_at or m.utcnow(), author=store.actor)
        s.add(sc)
        s.flush()
        return sc.id


def set_value(store: Store, score_id: int, value: int) -> None:
    """Change the number of a score just given (autosaved; a run of changes is one step)."""
    number = rules.check_score(value)
    with store.session(command="scores.set_value", coalesce=True) as s:
        sc = _changeable(s, score_id)
        if sc.value != number:
            sc.value = number


def set_reasons(store: Store, score_id: int, reasons: str) -> None:
    """Autosave their reasons for the number, as typed."""
    rules.check_length(reasons, rules.MAX_LONG_TEXT, N_("their reasons"))
    with store.session(command="scores.set_reasons", coalesce=True) as s:
        sc = _changeable(s, score_id)
        if sc.reasons != reasons:
            sc.reasons = reasons


def set_wording(store: Store, score_id: int, scale_wording: str) -> None:
    """Which wording of the scale was used for this number."""
    rules.check_length(scale_wording, rules.MAX_LONG_TEXT, N_("the wording of the scale"))
    with store.session(command="scores.set_wording") as s:
        sc = _changeable(s, score_id)
        if sc.scale_wording != scale_wording:
            sc.scale_wording = scale_wording


def remove(store: Store, score_id: int) -> None:
    """Take a number away (undo brings it back)."""
    with store.session(command="scores.remove") as s:
        s.delete(_changeable(s, score_id))
