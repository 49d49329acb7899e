"""Commands for the safety plan: autosave the working plan, and keep it as an agreed version.

Each command is one unit of work (`store.session(command="plan.<name>")`), one changeset that
undo can revert. The working plan is autosaved as it is typed (coalesce=True: a burst of typing
is one changeset); a change of its shape (a rule added or taken away) is saved with
coalesce=False, so it is a step of its own. An agreed version is numbered and never changed.

`helper_candidates` and `suggest_helper` are plain queries on the family document: who the plan's
"Who helps" offers, and whom a new helper line starts with (with what the People page already
says they do, so it is never typed twice).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules_map as rules
from ..domain.plan import PlanContent
from ..i18n import N_, _
from ..store.engine import Store
from ..store.errors import NotFound


def _family(session: Session, family_id: int) -> m.Family:
    fam = session.get(m.Family, family_id)
    if fam is None:
        raise NotFound(_("That family is no longer there."))
    return fam


def _check(content: PlanContent) -> None:
    texts = [content.if_not_working, content.review, *content.warning_signs]
    for r in content.rules:
        texts += [r.text, r.who_text, r.words_of, r.child_text]
    texts += [n.role for n in content.network_roles]
    for t in texts:
        rules.check_length(t, rules.MAX_ENTRY_TEXT, N_("one part of the safety plan"))


def save(store: Store, family_id: int, content: PlanContent, *, coalesce: bool = True) -> None:
    """Autosave the working plan (the whole of it). Nothing is written when it is unchanged."""
    _check(content)
    data = content.to_json()
    with store.session(command="plan.save", coalesce=coalesce) as s:
        fam = _family(s, family_id)
        if fam.safety_plan is None:
            fam.safety_plan = m.SafetyPlan(content=data, author=store.actor)
        elif fam.safety_plan.content != data:
            fam.safety_plan.content = data


def agree_version(store: Store, family_id: int, note: str = "") -> int:
    """Keep the working plan as a numbered, unchangeable version (e.g. agreed at a meeting).
    Returns the version's number."""
    rules.check_length(note, rules.MAX_ENTRY_TEXT, N_("the note for this version"))
    with store.session(command="plan.agree_version") as s:
        fam = _family(s, family_id)
        content = fam.safety_plan.content if fam.safety_plan else {}
        number = int(s.execute(
            select(func.coalesce(func.max(m.SafetyPlanVersion.version), 0))
            .where(m.SafetyPlanVersion.family_id == family_id)).scalar_one()) + 1
        s.add(m.SafetyPlanVersion(family_id=family_id, version=number, content=dict(content),
                                  note=note, author=store.actor))
        return number


#: who "Who helps, and how" offers, in this order: the safety network, then parents or carers,
#: then professionals. Children are not offered: they are who the plan keeps safe.
HELPER_ROLES = ("network", "adult", "professional")


def helper_candidates(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people "Who helps" offers, safety network first (family-document dicts)."""
    return [p for role in HELPER_ROLES for p in people if p.get("role") == role]


def suggest_helper(people: list[dict[str, Any]],
                   listed: list[str]) -> tuple[str, str] | None:
    """(person uid, what they will do) for a new line of "Who helps": the first person offered
    who is not listed yet, someone whose "How they help" is written on the People page first;
    their role in the plan starts as that text. Everyone offered is listed already: the first
    of them, with nothing written. None when there is nobody to offer."""
    offered = helper_candidates(people)
    fresh = [p for p in offered if p.get("uid") not in listed]
    written = [p for p in fresh if (p.get("network_role") or "").strip()]
    if written or fresh:
        p = (written or fresh)[0]
        return str(p["uid"]), str(p.get("network_role") or "").strip()
    return (str(offered[0]["uid"]), "") if offered else None
