"""The domain rules the commands in services/ enforce, as small pure functions (no session, no
store), so every command that touches the same thing applies the same rule in the same words.

Each rule either returns the values to store or raises ValueError with a plain sentence that
can be shown to the person as it is. A refused rule changes nothing: the command calls the rule
before it writes anything.
"""

from __future__ import annotations

import enum
from typing import NamedTuple, TypeVar

from ..i18n import N_, _

E = TypeVar("E", bound=enum.Enum)

#: the sentence for a contact detail marked both "not for the family's copy" and safe to share
#: (these are the English: each is raised as `_(...)`, in the screens' language)
CONTACT_MARKINGS = N_("A detail cannot be both 'not for the family's copy' and safe to share. "
                      "Untick one of them first.")
SEEN_ALONE_NOT_SEEN = N_("A child seen on their own was seen, so 'seen on their own' cannot go "
                         "with 'not seen'.")
NOT_PRESENT_BUT_SEEN = N_("A child who was seen was there, so 'seen' cannot go with 'not "
                          "there'.")


def one_of(kind: type[E], value: E | str, sentence: str) -> E:
    """`value` as one of the enumeration `kind` (a role, a kind of contact, a house), or a
    ValueError saying `sentence` (marked N_() by the caller; said here in the screens'
    language)."""
    try:
        return kind(value)
    except ValueError:
        raise ValueError(_(sentence)) from None


def check_contact_markings(confidential: bool, safe_to_share: bool,
                           safe_for_children: bool) -> None:
    """"Not for the family's copy" contradicts both "safe to share" and "OK for the children's
    copy": refused with a sentence when a detail would carry both."""
    if confidential and (safe_to_share or safe_for_children):
        raise ValueError(_(CONTACT_MARKINGS))


class Seen(NamedTuple):
    """Whether one person was there at a visit, seen, and seen on their own. None: not said."""

    present: bool
    seen: bool | None
    seen_alone: bool | None


def mark_seen(old: Seen, *, present: bool | None = None, seen: bool | None = None,
              seen_alone: bool | None = None) -> Seen:
    """The attendance after a change; arguments left as None are not changed.

    - "seen on their own" means seen: seen_alone=True also sets seen (and present);
      seen_alone=True together with seen=False is refused.
    - not seen means not seen on their own: seen=False clears seen_alone.
    - seen means there: seen=True also sets present; present=False together with seen=True
      (or seen_alone=True) is refused; present=False alone clears seen and seen_alone.
    """
    if seen_alone and seen is False:
        raise ValueError(_(SEEN_ALONE_NOT_SEEN))
    if present is False and (seen or seen_alone):
        raise ValueError(_(NOT_PRESENT_BUT_SEEN))
    new_present, new_seen, new_alone = old
    if present is not None:
        new_present = present
        if not present:
            new_seen = False if new_seen else new_seen
            new_alone = False if new_alone else new_alone
    if seen is not None:
        new_seen = seen
        if not seen:
            new_alone = False if new_alone else new_alone
    if seen_alone is not None:
        new_alone = seen_alone
        if seen_alone:
            new_seen = True
    if new_seen:
        new_present = True
    return Seen(new_present, new_seen, new_alone)


def lives_at_home(role: str, in_household: bool | None) -> bool:
    """A child lives at home unless the worker says otherwise; anyone else only when said."""
    if in_household is not None:
        return bool(in_household)
    return role == "child"
