"""The rules of the map, the scale and the chronology, as plain checks (no store, no session).

Each check raises ValueError with a sentence a worker can read when a rule is broken; the
commands in services/ (entries, scores, chronology) call them before they write anything.
"""

from __future__ import annotations

import math
from typing import Any

from ..i18n import N_, _

#: an entry's words (and its line for the children): about 15,000 words at most
MAX_ENTRY_TEXT = 100_000
#: one part of the four-part worry statement
MAX_WORRY_PART = 2_000
#: "who will do it" for a next step (the column holds 300 characters)
MAX_STEP_WHO = 300
#: a chronology event's short boxes: what happened in a few words, who told us
MAX_EVENT_TITLE = 500
MAX_EVENT_SOURCE = 300
#: a chronology event's note and what it told us, and the score's reasons
MAX_LONG_TEXT = 1_000_000
#: the scale runs from 0 to 10
SCORE_MIN, SCORE_MAX = 0, 10


def _capital(what: str) -> str:
    """`what` (marked N_() by the caller) in the screens' language, with a capital letter."""
    said = _(what)
    return f"{said[:1].upper()}{said[1:]}"


def check_length(text: str, limit: int, what: str) -> str:
    """`text` itself when it is at most `limit` characters; else a sentence naming `what` (its
    English, marked N_() by the caller)."""
    if not isinstance(text, str):
        raise ValueError(_("{what} must be words.").format(what=_capital(what)))
    if len(text) > limit:
        raise ValueError(_("{what} is too long: it can be at most {limit} characters, and it "
                           "is {length}.").format(what=_capital(what), limit=f"{limit:,}",
                                                  length=f"{len(text):,}"))
    return text


def check_entry_text(text: str) -> str:
    return check_length(text, MAX_ENTRY_TEXT, N_("what is written in an entry"))


def check_score(value: Any) -> int:
    """A score is a whole number from 0 to 10: 7 and 7.0 are 7; 7.5, "7", True are refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(_("A score is a whole number from 0 to 10."))
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValueError(_("A score is a whole number from 0 to 10."))
    number = int(value)
    if not SCORE_MIN <= number <= SCORE_MAX:
        raise ValueError(_("A score is a whole number from 0 to 10."))
    return number


def check_same_family(entry_family_id: int, other_family_id: int, what: str) -> None:
    """`what` (a person, a worry; its English, marked N_() by the caller) must belong to the
    entry's own family."""
    if entry_family_id != other_family_id:
        raise ValueError(_("{what} belongs to another family.").format(what=_capital(what)))


def check_pairing(goal_id: int, goal_area: str, goal_family_id: int, worry_id: int,
                  worry_area: str, worry_family_id: int) -> None:
    """A safety goal answers one worry statement of its own family."""
    if goal_area != "goal":
        raise ValueError(_("Only a safety goal is paired with a worry."))
    if worry_id == goal_id:
        raise ValueError(_("A goal cannot be paired with itself; choose one of the worries."))
    if worry_area != "worry":
        raise ValueError(_("A goal can be paired only with a worry statement."))
    check_same_family(goal_family_id, worry_family_id, N_("that worry"))


def check_stance_holder(person_id: int | None, label: str) -> None:
    """A stance is held by one of the family's people or by a named someone ("school")."""
    if person_id is None and not label.strip():
        raise ValueError(_("Say whose view it is: choose a person or write who."))
