"""The shape of a safety plan's content (stored as JSON in SafetyPlan / SafetyPlanVersion).

Plain dataclasses so the UI, the PDF and the JSON export agree on one shape, and so a plan
version is an immutable snapshot that can be diffed line by line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class PlanRule:
    text: str  # in the family's own words
    who_makes_sure: list[str] = field(default_factory=list)  # person uids
    who_text: str = ""  # free wording when the helper is not yet a person on the case
    words_of: str = ""  # whose words the rule is in ("Sarah", "the family")
    # A rule meant for the children too ("If Daddy shouts, you can go to Nan's"). It appears in
    # the children's copy in `child_text` (the child's words), or as written when that is empty.
    for_children: bool = False
    child_text: str = ""


@dataclass
class NetworkRole:
    person_uid: str
    role: str


@dataclass
class PlanContent:
    rules: list[PlanRule] = field(default_factory=list)
    network_roles: list[NetworkRole] = field(default_factory=list)
    warning_signs: list[str] = field(default_factory=list)
    if_not_working: str = ""
    review: str = ""  # when and how the family and network will look at it again

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PlanContent:
        data = data or {}
        return cls(
            rules=[PlanRule(**{k: v for k, v in r.items() if k in _RULE_KEYS})
                   for r in data.get("rules", [])],
            network_roles=[NetworkRole(**n) for n in data.get("network_roles", [])],
            warning_signs=[str(w) for w in data.get("warning_signs", [])],
            if_not_working=str(data.get("if_not_working", "")),
            review=str(data.get("review", "")),
        )


_RULE_KEYS = frozenset(PlanRule.__dataclass_fields__)


def plan_lines(content: PlanContent, names: dict[str, str]) -> list[str]:
    """A readable, line-per-item rendering used for diffs between plan versions."""
    lines: list[str] = []
    for r in content.rules:
        who = ", ".join(names.get(u, "?") for u in r.who_makes_sure) or r.who_text
        lines.append(f"Rule: {r.text}" + (f" (who makes sure: {who})" if who else ""))
        if r.for_children:
            lines.append(f"For the children too: {r.child_text or r.text}")
    for n in content.network_roles:
        lines.append(f"Network: {names.get(n.person_uid, '?')}: {n.role}")
    lines += [f"Warning sign: {w}" for w in content.warning_signs]
    if content.if_not_working:
        lines.append(f"If it isn't working: {content.if_not_working}")
    if content.review:
        lines.append(f"Review: {content.review}")
    return lines
