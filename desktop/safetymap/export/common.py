"""Small readers over the family document shared by the three documents (no layout here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..domain.names import short_name
from ..i18n import _, current

GENERIC_VIEWS = {"worker", "school", "nursery", "health visitor", "gp", "police", "the family",
                 "family", "teacher", "college", "early help worker", "social worker"}


WORKER_ROLES = {"worker", "social worker", "early help worker", "family support worker",
                "practitioner", "lead practitioner", "key practitioner"}


#: Welsh "and" is "ac" before a vowel (w and y are vowels in Welsh), "a" before a consonant
_WELSH_VOWELS = frozenset("aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ")


def join_names(names: list[str]) -> str:
    """'Ŵyn and Elin'; in Welsh 'Ŵyn ac Elin', 'Ceri, Siôn a Non'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    last = names[-1]
    if current() == "cy":
        word = "ac" if last[:1].casefold() in _WELSH_VOWELS else "a"
    else:
        word = _("and")
    return ", ".join(names[:-1]) + f" {word} " + last


def people_by_uid(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["uid"]: p for p in doc.get("people", [])}


def children(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in doc.get("people", []) if p.get("role") == "child"]


def worker(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The family's own worker (social worker, early help worker), if one is on the case.

    Only these roles count: a refuge "key worker" is a helper, not the author of the map's
    "Worker" entries, and must never be credited with them.
    """
    people: list[dict[str, Any]] = doc.get("people", [])
    for p in people:
        rel = (p.get("relationship") or "").strip().lower()
        if p.get("role") == "professional" and (
                rel in WORKER_ROLES or rel.endswith(("social worker", "early help worker"))):
            return p
    return None


def who_label(view: dict[str, Any] | None, doc: dict[str, Any], *, capital: bool = True) -> str:
    """'Sarah', 'The school', 'Alex': the plain name of whose view an entry is."""
    view = view or {}
    people = people_by_uid(doc)
    p = people.get(view.get("person_uid") or "")
    if p is not None:
        return short_name(p["name"])
    label = (view.get("label") or "").strip()
    if not label:
        return ""
    low = label.lower()
    if low in ("worker", "social worker", "early help worker"):
        w = worker(doc)
        if w is not None:
            return short_name(w["name"])
        # the worker profile kept in the store (services/profile.py) names the writer
        named = ((doc.get("help") or {}).get("worker") or {}).get("name") or ""
        if named.strip():
            return short_name(named.strip())
        return _("The worker") if capital else _("the worker")
    if low in GENERIC_VIEWS:
        return ("The " if capital else "the ") + low
    return label


def stance_name(stance: dict[str, Any], doc: dict[str, Any]) -> str:
    p = people_by_uid(doc).get(stance.get("person_uid") or "")
    return short_name(p["name"]) if p else (stance.get("who") or "")


def entries(doc: dict[str, Any], area: str, *, include_resolved: bool = False
            ) -> list[dict[str, Any]]:
    return [e for e in doc.get("map", []) if e.get("area") == area and (e.get("text") or "").strip()
            and (include_resolved or not e.get("resolved_at"))]


def parse_dt(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def score_who(score: dict[str, Any], doc: dict[str, Any]) -> str:
    p = people_by_uid(doc).get(score.get("person_uid") or "")
    if p is not None:
        return short_name(p["name"])
    return who_label({"label": score.get("who") or ""}, doc)


def latest_scores(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Each person's most recent score, in the order people first scored."""
    latest: dict[str, dict[str, Any]] = {}
    for s in sorted(doc.get("scores", []), key=lambda s: s.get("scored_at") or ""):
        key = s.get("person_uid") or (s.get("who") or "").strip().lower()
        latest[key] = s
    return list(latest.values())


def score_series(doc: dict[str, Any]) -> dict[str, list[tuple[date, int]]]:
    out: dict[str, list[tuple[date, int]]] = {}
    for s in sorted(doc.get("scores", []), key=lambda s: s.get("scored_at") or ""):
        when = parse_dt(s.get("scored_at"))
        if when is None:
            continue
        out.setdefault(score_who(s, doc), []).append((when.date(), int(s["value"])))
    return out


def phones(person: dict[str, Any]) -> list[str]:
    return [c["value"] for c in person.get("contacts", []) if c.get("kind") == "phone"]


def addresses(person: dict[str, Any]) -> list[str]:
    return [c["value"] for c in person.get("contacts", []) if c.get("kind") == "address"]


def help_info(doc: dict[str, Any]) -> dict[str, Any]:
    """Who to call, for the "If you need help" box: {"worker": {name, role, team, phone} | None,
    "numbers": [{"label", "value"}], "emergency": str}.

    Reads doc["help"] (services/profile.help_block). When no worker profile is set, the worker
    comes from the family's worker person; their phone is then taken from `doc` itself (the
    family's copy), so a number left out of the family's copy is never printed here.
    """
    raw = doc.get("help") or {}
    person = worker(doc)
    who = dict(raw.get("worker") or {})
    if not who and person is not None:
        who = {"name": person.get("name", ""), "role": person.get("relationship", ""),
               "team": person.get("organisation", ""), "phone": ""}
    if who and not doc.get("worker_profile"):
        # fallback worker: only a phone the family's copy still holds
        allowed = phones(person) if person is not None else []
        if who.get("phone") not in allowed:
            who["phone"] = allowed[0] if allowed else ""
    numbers = [n for n in raw.get("numbers", []) if (n.get("value") or "").strip()]
    emergency = (raw.get("emergency") or "").strip() or "In an emergency call 999."  # styles.EMERGENCY
    return {"worker": who if (who.get("name") or "").strip() else None,
            "numbers": numbers, "emergency": emergency}


def worker_name(doc: dict[str, Any]) -> str:
    """The worker's full name for the plan ('Alex Morgan'), or '' if nobody is named."""
    who = help_info(doc)["worker"]
    return str((who or {}).get("name", "")).strip()
