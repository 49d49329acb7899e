"""Plain words for kinds of record, for people to read (never table or class names)."""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import ENGLISH, ngettext, speaking

# The kinds of record counted in ChangeReport.other, counted in words (screens and the PDF): each
# says "{n} visit" or "{n} visits" in the language being spoken when it is called.
_COUNTED: dict[str, Callable[[int], str]] = {
    "Person": lambda n: ngettext("{n} person's details", "{n} people's details", n),
    "ContactDetail": lambda n: ngettext("{n} address or phone number",
                                        "{n} addresses or phone numbers", n),
    "EntryStance": lambda n: ngettext("{n} note of who agrees", "{n} notes of who agrees", n),
    "SafetyPlan": lambda n: ngettext("{n} change to the working plan",
                                     "{n} changes to the working plan", n),
    "SafetyPlanVersion": lambda n: ngettext("{n} agreed version of the plan",
                                            "{n} agreed versions of the plan", n),
    "Assessment": lambda n: ngettext("{n} change to the assessment",
                                     "{n} changes to the assessment", n),
    "ChronologyEvent": lambda n: ngettext("{n} chronology entry", "{n} chronology entries", n),
    "Visit": lambda n: ngettext("{n} visit", "{n} visits", n),
    "Attachment": lambda n: ngettext("{n} picture", "{n} pictures", n),
    "WordsAndPictures": lambda n: ngettext("{n} change to Words and Pictures",
                                           "{n} changes to Words and Pictures", n),
    "Family": lambda n: ngettext("{n} change to the family's details",
                                 "{n} changes to the family's details", n),
    "VisitAttendance": lambda n: ngettext("{n} note of who was seen", "{n} notes of who was seen",
                                          n),
    "ThreeHousesEntry": lambda n: ngettext("{n} Three Houses entry", "{n} Three Houses entries",
                                           n),
    "Score": lambda n: ngettext("{n} number on the scale", "{n} numbers on the scale", n),
}


def _other_record(n: int) -> str:
    return ngettext("{n} other record", "{n} other records", n)


def _english_words(count: Callable[[int], str]) -> tuple[str, str]:
    """("visit", "visits"): a count's English words for one and for many, without the number."""
    with speaking(ENGLISH):
        return count(1).removeprefix("{n} "), count(2).removeprefix("{n} ")


# Plain words for the kinds of record counted in ChangeReport.other, in English:
# ("chronology entry", "chronology entries"). describe_other() says them in the language spoken.
OTHER_KINDS: dict[str, tuple[str, str]] = {kind: _english_words(count)
                                           for kind, count in _COUNTED.items()}


def describe_other(other: dict[str, int]) -> list[str]:
    """["2 chronology entries", "1 picture", ...] for ChangeReport.other, in the language being
    spoken (a document's, or the screens')."""
    out = []
    for kind, n in sorted(other.items()):
        out.append(_COUNTED.get(kind, _other_record)(n).format(n=n))
    return out
