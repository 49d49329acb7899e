"""The language a family, or a person, prefers: one rule for the codes and their names.

Welsh Language Standard 2 expects a Welsh public body to record each person's language
preference, so the worker can offer Welsh without being asked, and book an interpreter for
another language. "" means nobody has asked yet: it is never taken to mean English.
"""

from __future__ import annotations

from ..i18n import N_, _

WELSH, ENGLISH, OTHER, NOT_ASKED = "cy", "en", "other", ""
CODES = (WELSH, ENGLISH, OTHER, NOT_ASKED)
MAX_NOTE = 300

#: each language named in itself first, as a choice is offered to a Welsh speaker (English only
#: here: ui/widgets/language.py says them in the screens' language through Qt's catalogue)
NAMES = {
    WELSH: "Cymraeg (Welsh)",
    ENGLISH: "English (Saesneg)",
    OTHER: "Another language",
    NOT_ASKED: "Not asked yet",
}
#: the family list's quiet word (the English: `short(code)` says it in the screens' language)
SHORT = {WELSH: N_("Cymraeg"), ENGLISH: N_("English"), OTHER: N_("Other language"),
         NOT_ASKED: ""}


def short(code: str) -> str:
    """The quiet word for `code` in the language spoken ("Cymraeg", "Saesneg"); "" when not
    asked (a code it does not know is said as it is)."""
    word = SHORT.get(code, code)
    return _(word) if word else ""


def check_language(code: str, note: str) -> tuple[str, str]:
    """The code and note as stored, or ValueError with a sentence that changes nothing."""
    code = (code or "").strip().lower()
    if code not in CODES:
        raise ValueError(_("A preferred language is Welsh (cy), English (en) or another "
                           "language (other); nothing was changed."))
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise ValueError(_("The note about the language is longer than {limit} characters; "
                           "nothing was changed.").format(limit=MAX_NOTE))
    return code, note


def describe(code: str, note: str = "") -> str:
    """"Cymraeg", "Another language: Polish (interpreter booked)", or "" when not asked."""
    if not code:
        return ""
    name = short(code)
    return f"{name}: {note}" if note else name
