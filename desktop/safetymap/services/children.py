"""What the screens tell the worker about a child's "who helps keep me safe" list. Qt-free and
free of ReportLab, so the People page can ask it on every tick without loading the PDF code.

A chosen helper who is named in a current worry as the person whose behaviour is the worry is
never printed on a child's list (DESIGN/PRACTICE: "It must never include the person whose
behaviour is the worry"). The rule is the one the children's document uses
(export/children.py `named_in_worry_behaviour`): the person's full or first name, whole word and
in any case, in the worry's behaviour part; or, when the worry has no behaviour part, in its text
after the "... is worried that" opening and before the ", and that ..." about what could happen.
Deliberately broad: the worker is told and can reword; the person must never be missed.
"""

from __future__ import annotations

from typing import Any

from ..domain.names import short_name
from ..domain.worry_people import named_in_worry_behaviour

#: the children's copy prints at most this many people on each child's list
MAX_HELPERS = 5
LIST_NAME = "'who helps keep me safe' list"



def helper_warning(person: dict[str, Any]) -> str:
    """The calm sentence shown beside a ticked "who helps" box for such a person."""
    who = short_name((person.get("name") or "").strip()) or "This person"
    return (f"{who} is named in a worry as the person whose behaviour people are worried "
            f"about. The children's copy will leave {who} out.")


def helper_warnings(doc: dict[str, Any]) -> list[str]:
    """One sentence for each (child, person) pair where the person is on the child's list but
    named in a worry's behaviour. Never blocking: the children's copy leaves them out."""
    people = {p.get("uid"): p for p in doc.get("people", [])}
    out: list[str] = []
    for kid in (p for p in doc.get("people", []) if p.get("role") == "child"):
        kid_name = short_name((kid.get("name") or "").strip())
        for uid in kid.get("helpers") or []:
            p = people.get(uid)
            if p is None or uid == kid.get("uid") or not named_in_worry_behaviour(p, doc):
                continue
            who = (p.get("name") or "").strip()
            out.append(f"{who} is on {kid_name}'s {LIST_NAME}, but a worry names {who} as the "
                       f"person whose behaviour people are worried about, so {kid_name}'s "
                       f"copy leaves {who} out.")
    return out
