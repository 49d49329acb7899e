"""The one rule for "the person whose behaviour is the worry", shared by the children's copy
(export/children.py, which never lists them under "who helps keep you safe") and the screens
(services/children.py, which warn the worker). Plain data in, no Qt, no ReportLab.

A person is so named when their full or first name (whole word, any case) is in a current
worry's behaviour part; or, when the worry has no behaviour part, in its text after the
"... is worried that" opening and before the ", and that ..." about what could happen.
Deliberately broad: someone named there only as the person hurt is caught too (the worker is
told and can reword); the person whose behaviour it is must never be missed. Someone written
only by role ("Dad drinks") is not caught.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .names import short_name

# "The school and Alex are worried that ..." names who is worried, not whose behaviour it is;
# so does the Welsh "Mae Ceri yn poeni (ei) bod ..." / "Mae'r ysgol yn pryderu am ..."
_LEAD_IN = re.compile(r"^.{0,200}?\s(?:(?:(?:is|are)\s+(?:worried|concerned|afraid)|worries|fears)"
                      r"\s+(?:that|about)"
                      r"|yn\s+(?:poeni|pryderu|ofni)\s+(?:(?:ei\s+|eu\s+)?(?:bod|fod)|y|am))"
                      r"\s+", re.IGNORECASE | re.DOTALL)
# ", and that Lena and Jakub could be hurt" (", a bod Ŵyn yn colli'r ysgol") is what could
# happen to the child
_IMPACT = re.compile(r",\s+(?:and\s+that|a\s+bod|a\s+fod|ac\s+y)\s+", re.IGNORECASE)


def _current_worries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in doc.get("map", []) if e.get("area") == "worry"
            and not e.get("resolved_at")
            and ((e.get("text") or "").strip()
                 or ((e.get("worry_parts") or {}).get("behaviour") or "").strip())]


def _behaviour_texts(entry: dict[str, Any]) -> list[str]:
    """The behaviour part when recorded, and the worry text without its "... is worried that"
    opening and its ", and that ..." impact: both are read, since the parts can say "he"
    where the sentence says "Tomasz"."""
    out = []
    behaviour = ((entry.get("worry_parts") or {}).get("behaviour") or "").strip()
    if behaviour:
        out.append(behaviour)
    text = _LEAD_IN.sub("", (entry.get("text") or "").strip(), count=1)
    out.append(_IMPACT.split(text, maxsplit=1)[0])
    return [_fold(t) for t in out if t.strip()]


def _fold(text: str) -> str:
    """Without accents, so "Lukasz" in a worry is "Łukasz" on the list."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _name_pattern(person: dict[str, Any]) -> re.Pattern[str] | None:
    full = _fold((person.get("name") or "").strip())
    forms = {f for f in (full, short_name(full)) if f}
    if not forms:
        return None
    alts = sorted((r"\s+".join(re.escape(w) for w in f.split()) for f in forms),
                  key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def named_in_worry_behaviour(person: dict[str, Any], *docs: dict[str, Any]) -> bool:
    """True if a current worry in any of `docs` names this person as the one whose behaviour
    it is."""
    pattern = _name_pattern(person)
    if pattern is None:
        return False
    return any(pattern.search(t) for d in docs for e in _current_worries(d)
               for t in _behaviour_texts(e))
