"""The one safety net for every family-facing document: turn a family document into the family's
copy.

A printed plan found by the wrong person can reveal a refuge address or a phone number
(PRACTICE.md). So the plan and the children's document are never built from the full family
document, only from what `family_copy()` returns. It:

* drops every person marked confidential, with their contacts, scores, stances, Three Houses,
  plan roles and "who makes sure" places;
* drops every contact detail marked confidential ("not for the family's copy");
* with `safe_copy=True`, also drops every address, phone number and other contact detail that is
  not marked safe_to_share;
* drops sections a family document never prints (supervision records, the content of old plan
  versions, the family's private notes), and hidden people from visit attendance;
* and, because people type names and addresses into free text too, blanks out any occurrence of
  a dropped person's name or a dropped contact value in the remaining text, with a visible
  marker (never silently), and counts each one so the exporter can warn.

It never changes any other word.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import safety_check
from .safety_check import Finding

NAME_LEFT_OUT = "[name left out]"
DETAIL_LEFT_OUT = "[left out]"


@dataclass
class CopyReport:
    people_left_out: int = 0
    contacts_left_out: int = 0
    redactions: int = 0
    notes: list[str] = field(default_factory=list)
    # The safety check (export/safety_check.py): what could locate someone, and how much of it
    # was left out of this copy.
    findings: list[Finding] = field(default_factory=list)
    safety_left_out: int = 0
    shared_names: int = 0  # name words a hidden person shares with someone in the copy

    def undecided(self) -> list[Finding]:
        return [f for f in self.findings if f.decision is None and not f.locked]

    def warnings(self) -> list[str]:
        out = []
        if self.safety_left_out:
            out.append(f"The safety check left out {self.safety_left_out} place(s) that could "
                       f"locate someone; they are printed as \"{DETAIL_LEFT_OUT}\".")
        undecided = {f.key for f in self.undecided()}
        if undecided:
            out.append(f"The safety check found {len(undecided)} thing(s) that could locate or "
                       "identify someone that nobody has decided about yet. Please look at the "
                       "safety check before this copy goes to the family.")
        if self.shared_names:
            out.append("Someone in this copy shares a name with a person who is left out of it, "
                       "so that name is left out of the written parts too (their own line still "
                       "shows it). Please check the wording.")
        if self.redactions:
            out.append(
                f"{self.redactions} place(s) in the text named someone or gave a detail marked "
                "not for the family's copy; they are printed as "
                f"\"{NAME_LEFT_OUT}\" or \"{DETAIL_LEFT_OUT}\". Please check the wording."
            )
        return out


def contact_allowed(contact: dict[str, Any], safe_copy: bool) -> bool:
    """True if this contact detail may be printed in a family document."""
    if contact.get("confidential"):
        return False
    if safe_copy and not contact.get("safe_to_share"):
        return False
    return True


_PHONE_SEP = r"[\s\-().]*"
# The digits a number keeps however it is written: "+44 7700 900555", "07700 900555" and
# "+44 (0)7700 900555" all end in the same nine digits (the subscriber part).
_PHONE_TAIL = 9


def _phone_pattern(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return None
    # the same digits with any spacing, dashes or brackets between them
    full = _PHONE_SEP.join(re.escape(d) for d in digits)
    if len(digits) <= _PHONE_TAIL:
        return full
    tail = _PHONE_SEP.join(re.escape(d) for d in digits[-_PHONE_TAIL:])
    # The same number with another prefix (national "0", "+44", "0044", "(0)") is matched by
    # its tail, prefix included where it is there to match.
    return rf"(?:(?:\+|00)?\d{{1,3}}{_PHONE_SEP})?(?:\(?0\)?{_PHONE_SEP})?\d?{_PHONE_SEP}{tail}|{full}"


def _loose(text: str) -> str:
    """A pattern for text with any run of spaces, hyphens or line breaks between its words, and
    any apostrophe or none ("Women's", "Women’s", "Womens")."""
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    return r"[\s\-]+".join(re.escape(w).replace("'", "['\u2019]?") for w in words)


_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_NOT_A_PLACE = frozenset({"refuge", "flat", "fflat", "home", "house", "the", "uk", "wales",
                          "england", "scotland"})


def _address_patterns(value: str) -> list[str]:
    """Everything in a left-out address that could be typed elsewhere: the whole address, each
    part with a number (house number and street, flat), the street without its number, the
    postcode in any case or spacing and its outward code, and the town."""
    pats = [_loose(value)]
    for m in _POSTCODE.finditer(value):
        pats.append(rf"(?<!\w){re.escape(m.group(1))}(?:[\s\-]*{re.escape(m.group(2))})?(?!\w)")
    # Addresses are typed with commas, semicolons or one line per part.
    for part in re.split(r"[,;\n\r]+", _POSTCODE.sub("", value)):
        part = part.strip()
        if len(part) < 4:
            continue
        if re.search(r"\d", part):
            pats.append(_loose(part))
            street = re.sub(r"^(?:(?:flat|fflat|apartment|unit)\s*)?\d+[a-z]?\s*", "", part,
                            flags=re.IGNORECASE).strip()
            if len(street) >= 6 and " " in street:
                pats.append(_loose(street))  # "Maple Close" without its number
        elif part.casefold() not in _NOT_A_PLACE:
            pats.append(rf"(?<!\w){_loose(part)}(?!\w)")  # the town: "Splott", "Cardiff"
    return pats


def _name_patterns(name: str, keep_tokens: set[str]) -> list[str]:
    """Single names of a hidden person, matched as typed or in capitals. Two-letter first names
    ("Jo", "Al") count too, but only capitalised: matching is case-sensitive and whole-word, so
    "Will" is blanked and "will" is not."""
    pats = []
    for token in re.split(r"[\s\-]+", name.strip()):
        if token.casefold() in keep_tokens:
            continue
        if len(token) >= 3 or (len(token) == 2 and token[0].isupper()):
            pats += [re.escape(token), re.escape(token.upper())]
    return pats


def _full_name_pattern(name: str) -> str | None:
    """A hidden person's whole name, in any case and with any spacing: never an ordinary phrase."""
    words = re.split(r"[\s\-]+", name.strip())
    if len([w for w in words if w]) < 2:
        return None
    return r"[\s\-]+".join(re.escape(w) for w in words if w)


_SPECIAL = {"ł": "l", "Ł": "L", "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
            "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "’": "'", "‘": "'"}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def fold(text: str) -> tuple[str, list[int]]:
    """`text` without accents or invisible characters ("Ștefan", "Ştefan" and "Stefan" all
    become "Stefan"; a zero-width space inside "re\u200bfuge" disappears), and for each folded
    character the index of the character it came from, so a match maps back to the original."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        base = _SPECIAL.get(ch)
        if base is None:
            base = "".join(c for c in unicodedata.normalize("NFD", ch)
                           if not unicodedata.combining(c)) or ch
        out.append(base)
        idx += [i] * len(base)
    return "".join(out), idx


def folded_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans in `text` (original indexes) where `pattern` matches its folded form."""
    folded, idx = fold(text)
    return [(idx[a], idx[b - 1] + 1) for a, b in (m.span() for m in pattern.finditer(folded))
            if b > a]


def _sub_folded(pattern: re.Pattern[str], marker: str, text: str) -> tuple[str, int]:
    spans = folded_spans(pattern, text)
    for a, b in reversed(spans):
        text = text[:a] + marker + text[b:]
    return text, len(spans)


class _Redactor:
    def __init__(self, names: list[str], details: list[str], keep_tokens: set[str]) -> None:
        self.count = 0
        self.rules: list[tuple[re.Pattern[str], str]] = []
        # names are matched without accents: "Stefan" and "Ştefan" are "Ștefan" too
        names = [fold(n)[0] for n in names]
        full = sorted({p for n in names if (p := _full_name_pattern(n))}, key=len, reverse=True)
        if full:
            self.rules.append((re.compile(r"(?<!\w)(?:" + "|".join(full) + r")(?!\w)",
                                          re.IGNORECASE), NAME_LEFT_OUT))
        name_pats = sorted({re.escape(n.strip()) for n in names if n.strip()}
                           | {p for n in names for p in _name_patterns(n, keep_tokens)},
                           key=len, reverse=True)
        if name_pats:
            self.rules.append((re.compile(r"(?<!\w)(?:" + "|".join(name_pats) + r")(?!\w)"),
                               NAME_LEFT_OUT))
        # a name of five letters or more in any case ("mihai"): never an everyday word
        long_names = sorted({re.escape(t) for n in names for t in re.split(r"[\s\-]+", n)
                             if len(t) >= 5 and t.casefold() not in keep_tokens},
                            key=len, reverse=True)
        if long_names:
            self.rules.append((re.compile(r"(?<!\w)(?:" + "|".join(long_names) + r")(?!\w)",
                                          re.IGNORECASE), NAME_LEFT_OUT))
        detail_pats = sorted(set(details), key=len, reverse=True)
        if detail_pats:
            self.rules.append((re.compile("(?:" + "|".join(detail_pats) + ")", re.IGNORECASE),
                               DETAIL_LEFT_OUT))

    def name_hits(self, text: str) -> list[tuple[int, int]]:
        """Where a hidden person's name stands in a text (before it is blanked)."""
        hits: list[tuple[int, int]] = []
        for pattern, marker in self.rules:
            if marker == NAME_LEFT_OUT:
                hits += [h for h in folded_spans(pattern, text)
                         if all(h[1] <= a or h[0] >= b for a, b in hits)]
        return hits

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or not value:
            return value
        # invisible characters print as nothing but split words ("re\u200bfuge"): gone
        value = "".join(ch for ch in value if ch not in _INVISIBLE)
        for pattern, marker in self.rules:
            value, n = _sub_folded(pattern, marker, value)
            self.count += n
        return value


def _walk(value: Any, fn: Any, skip: frozenset[str] = frozenset()) -> Any:
    if isinstance(value, dict):
        return {k: (v if k in skip else _walk(v, fn, skip)) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, fn, skip) for v in value]
    return fn(value)


_NOT_TEXT = frozenset({"uid", "person_uid", "child_uid", "paired_worry_uid", "data_base64",
                       "mime_type", "area", "role", "kind", "stance", "house", "created_at",
                       "updated_at", "scored_at", "agreed_date", "resolved_at", "schema",
                       "template_id", "who_makes_sure", "occurred_at", "occurred_on",
                       "concluded_at"})


def family_copy(doc: dict[str, Any], safe_copy: bool = False) -> tuple[dict[str, Any], CopyReport]:
    """The family's copy of a family document, and a report of what was left out."""
    report = CopyReport()
    src = copy.deepcopy(doc)

    hidden_people = [p for p in src.get("people", []) if p.get("confidential")]
    hidden_uids = {p["uid"] for p in hidden_people}
    report.people_left_out = len(hidden_people)

    people = []
    dropped_details: list[str] = []
    for p in hidden_people:
        for c in p.get("contacts", []):
            dropped_details.append(c.get("value", ""))
    hidden_orgs: list[str] = []
    for p in hidden_people:
        # A hidden person is not named by role or organisation either.
        hidden_orgs += [v for v in (p.get("organisation") or "",) if len(v.strip()) >= 3]
        role = (p.get("relationship") or "").strip()
        if len(role.split()) >= 2:
            dropped_details.append(role)
    for p in src.get("people", []):
        if p["uid"] in hidden_uids:
            continue
        if p.get("details_confidential"):
            # organisation and role "not for the family's copy": blanked here and in free text
            for k in ("organisation", "relationship"):
                v = (p.get(k) or "").strip()
                if v and (k == "organisation" or len(v.split()) >= 2):
                    dropped_details.append(v)
                p[k] = ""
        p["known_as"] = {k: v for k, v in (p.get("known_as") or {}).items()
                         if k not in hidden_uids}
        if "helpers" in p:
            p["helpers"] = [u for u in p["helpers"] if u not in hidden_uids]
        kept = []
        for c in p.get("contacts", []):
            if contact_allowed(c, safe_copy):
                kept.append(c)
            else:
                report.contacts_left_out += 1
                dropped_details.append(c.get("value", ""))
        p["contacts"] = kept
        p.pop("date_of_birth", None)
        people.append(p)

    # Words of the names of people who remain are not blanked in the text, except one that a
    # hidden person's name also has: "Mihai" in a worry may mean the hidden Mihai, whoever else
    # is called that (a bundle adding a "Mihai Nowak" must not un-hide him). The other person's
    # own line still shows their name; the worker is told (`shared_names`).
    hidden_tokens = {t.casefold() for p in hidden_people
                     for t in re.split(r"[\s\-]+", p.get("name") or "") if t}
    visible_tokens = {t.casefold() for p in people for t in re.split(r"[\s\-]+", p["name"]) if t}
    keep_tokens = visible_tokens - hidden_tokens
    report.shared_names = len(visible_tokens & hidden_tokens)
    detail_pats: list[str] = []
    for value in dropped_details:
        if not value.strip():
            continue
        value = fold(value)[0]
        phone = _phone_pattern(value)
        if phone and not re.search(r"[A-Za-z]{3,}", value):
            detail_pats.append(phone)
        else:
            detail_pats += _address_patterns(value)
    detail_pats += [_loose(fold(o)[0]) for o in hidden_orgs]
    redact = _Redactor([p["name"] for p in hidden_people], detail_pats, keep_tokens)

    entries = []
    for e in src.get("map", []):
        if e.get("view", {}).get("person_uid") in hidden_uids:
            e["view"] = {"person_uid": None, "label": NAME_LEFT_OUT}
            report.redactions += 1
        e["stances"] = [s for s in e.get("stances", []) if s.get("person_uid") not in hidden_uids]
        entries.append(e)

    cv = src.get("childs_voice", {})
    plan = src.get("safety_plan", {}).get("current", {}) or {}
    for rule in plan.get("rules", []):
        rule["who_makes_sure"] = [u for u in rule.get("who_makes_sure", []) if u not in hidden_uids]
    plan["network_roles"] = [n for n in plan.get("network_roles", [])
                             if n.get("person_uid") not in hidden_uids]
    # A network role is free text ("what they will do"), but its key is "role", which the walk
    # below skips because a person's "role" is a code. Redact it here.
    for n in plan["network_roles"]:
        if isinstance(n, dict):
            n["role"] = redact(n.get("role", ""))
    versions = src.get("safety_plan", {}).get("versions", [])
    latest = versions[-1] if versions else None

    out: dict[str, Any] = {
        "schema": src.get("schema"),
        "family_copy": True,
        "safe_copy": safe_copy,
        "family": {k: src.get("family", {}).get(k) for k in
                   ("uid", "display_name", "template_id", "updated_at")},
        "people": people,
        "map": entries,
        "scores": [s for s in src.get("scores", []) if s.get("person_uid") not in hidden_uids],
        "childs_voice": {
            "three_houses": [h for h in cv.get("three_houses", [])
                             if h.get("child_uid") not in hidden_uids],
            "words_and_pictures": [w for w in cv.get("words_and_pictures", [])
                                   if w.get("child_uid") not in hidden_uids],
            "attachments": [a for a in cv.get("attachments", [])
                            if a.get("child_uid") not in hidden_uids],
        },
        "visits": [
            {**v, "attendance": [at for at in v.get("attendance", [])
                                 if at.get("person_uid") not in hidden_uids]}
            for v in src.get("visits", [])
        ],
        "assessment": src.get("assessment", {}),
        "safety_plan": {
            "current": plan,
            "latest_version": ({k: latest.get(k) for k in ("version", "created_at", "note")}
                               if latest else None),
        },
    }
    out["help"] = copy.deepcopy(doc.get("help"))
    out["worker_profile"] = copy.deepcopy(doc.get("worker_profile"))
    decisions = dict(doc.get("safety_check") or {})
    # The worker's own organisation ("Children's services") locates nobody: fine unless the
    # worker has said otherwise.
    own = [w.get("team", "") for w in (doc.get("worker_profile"), (doc.get("help") or {})
                                        .get("worker")) if w]
    for org in own:
        if org.strip():
            decisions.setdefault(safety_check.make_key("organisation", org), safety_check.FINE)

    # The safety check. A hidden person's name is found first (it is always left out), then the
    # text is redacted, then what is left is searched for what could locate someone.
    locked: list[Finding] = []
    for path, text in safety_check.iter_texts(out):
        for a, b in redact.name_hits(text):
            locked.append(Finding(safety_check.make_key("confidential_person", text[a:b]),
                                  "confidential_person", text[a:b],
                                  safety_check._where(path, out), text, a, b, safety_check.OMIT,
                                  locked=True))
    # Free text: blank any name or detail that was left out above (visible marker, counted).
    names = [p["name"] for p in out["people"]]
    out = _walk(out, redact, _NOT_TEXT)
    report.redactions += redact.count
    if report.shared_names:
        # A person in the copy is named as they are on their own line (only the written parts
        # leave a shared name out); nothing else of theirs is a hidden person's name.
        hidden_full = [fold(h.get("name") or "")[0].casefold() for h in hidden_people]
        for person, name in zip(out["people"], names, strict=True):
            if not any(h and h in fold(name)[0].casefold() for h in hidden_full):
                person["name"] = name
    out["_all_addresses"] = [c.get("value", "") for p in doc.get("people", [])
                             for c in p.get("contacts", []) if c.get("kind") == "address"]
    out["_hidden_organisations"] = hidden_orgs
    found = safety_check.find(out, decisions)
    report.safety_left_out = safety_check.apply(out, found, safe_copy)
    out.pop("_all_addresses")
    out.pop("_hidden_organisations")
    out["safety_check"] = decisions
    report.findings = locked + found
    return out, report
