"""What the screens and the documents call a person: the one definition of initials, of the
short name used in running text, and of the relationship words a child's document uses.

Every screen (ui/), every PDF (export/) and every service (services/) calls these functions, so
the People page, the supervision view and the printed plan cannot disagree about a name. Plain
strings and plain family-document dicts in; no Qt, no SQLAlchemy, no ReportLab.

The rules, in short:

* `initials("Sarah Hughes") == "SH"`, `initials("Mrs Evans") == "E"`,
  `initials("Siôn ap Rhys") == "SR"`, `initials("Hughes-Kowalski") == "HK"`.
* `short_name("Sarah Hughes") == "Sarah"`, `short_name("Mrs Evans") == "Mrs Evans"`,
  `short_name("Dr Sian Lloyd") == "Dr Lloyd"`, `short_name("Nan Gwen Hughes") == "Nan Gwen"`.
* `kinship_word("Nan (Sarah's mum)") == "Nan"`, and `child_name_for(...)` for what a child
  calls someone ("Mum", "Nan Gwen", "my teacher Mrs Evans").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: Titles that come before a name. Compared case-insensitively, without a full stop ("Mrs.").
#: "Parch" is the Welsh "Parchedig" (Reverend).
TITLES: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "revd", "parch",
})

#: Small words inside a surname that are not names of their own: the Welsh "ap"/"ab" ("son
#: of") and "ferch"/"verch" ("daughter of"), and the usual European and Arabic particles.
#: Only counted when written in lower case and not as the first word ("Ab" can be a first name).
PARTICLES: frozenset[str] = frozenset({
    "ap", "ab", "ferch", "verch", "van", "von", "der", "den", "de", "del", "della", "di", "da",
    "du", "le", "la", "dos", "das", "bin", "bint", "ibn", "al", "el",
})

#: How a child calls the people around them: plain kinship words, never an adult-centred label
#: ("Sarah's mum"). Compared case-insensitively, after dropping a bracketed note.
KINSHIP_WORDS: frozenset[str] = frozenset({
    "mum", "mummy", "mam", "mammy", "mom", "mommy", "mother", "ma",
    "dad", "daddy", "dada", "da", "father", "tad",
    "nan", "nana", "nanna", "nanny", "nain", "gran", "granny", "grandma", "grandmother",
    "mamgu", "mam-gu", "grandad", "granddad", "grandpa", "grandfather", "grampa", "gramps",
    "taid", "tadcu", "tad-cu", "bampi",
    "stepmum", "step-mum", "stepdad", "step-dad", "auntie", "aunty", "aunt", "uncle",
})

_HYPHENS = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014]+")


def is_title(word: str) -> bool:
    """True for "Mrs", "mrs.", "DR": a title, not part of anyone's own name."""
    return word.rstrip(".").casefold() in TITLES


def _is_particle(piece: str) -> bool:
    return piece in PARTICLES  # lower case only: "De" or "Ab" stay names


def name_words(name: str) -> list[str]:
    """The words of a name that are the person's own: titles left out, and lower-case surname
    particles left out after the first word. Hyphenated words stay whole ("Hughes-Kowalski").
    [] when the name is empty or only a title. The words are as typed (not normalised), so
    they match the same name typed in free text. Used by `initials` and by the group supervision
    view (services/supervision.py), which replaces first names and surnames in free text."""
    words = [w for w in name.split() if not is_title(w)]
    return [w for i, w in enumerate(words) if i == 0 or not _is_particle(w)]


def _first_letter(piece: str) -> str:
    """The first letter of `piece`, upper case, with its accents ("ŵyn" -> "Ŵ", and a decomposed
    "S" + comma below -> "Ș"); "" when it has no letter ("(", "3")."""
    for i, ch in enumerate(piece):
        if ch.isalpha():
            j = i + 1
            while j < len(piece) and unicodedata.combining(piece[j]):
                j += 1
            letter = unicodedata.normalize("NFC", piece[i:j])
            upper = letter.upper()
            # "ß".upper() is "SS": a single letter stays a single letter
            return upper if len(upper) == len(letter) else letter
    return ""


def initials(name: str) -> str:
    """The person's initials, as group supervision shows them instead of names (PRACTICE.md,
    "Reflective supervision": "Group supervision uses initials, not full names").

    One letter, in capitals, for each of the person's own names, hyphenated parts counted
    separately: "Sarah Hughes" -> "SH", "Lena Hughes-Kowalski" -> "LHK".

    * **A title is not an initial**: "Mrs Evans" -> "E", never "ME". "ME" reads as a person
      called M. Evans, so it names a first name nobody has, and two teachers recorded as
      "Mrs Evans" and "Ms Evans" must not look like different initials when the only thing
      known is the surname. Initials anonymise; a title adds nothing to who the person is.
    * Lower-case surname particles are not initials either: "Siôn ap Rhys" -> "SR",
      "Anna van der Berg" -> "AB", "Omar al-Hassan" -> "OH".
    * Apostrophes: the first letter counts ("O'Brien" and "O’Brien" -> "O", "D'Arcy" -> "D").
    * Accented and non-Latin letters stay themselves ("Ŵyn" -> "Ŵ", "Łukasz" -> "Ł",
      "Ștefan" -> "Ș", in composed form).
    * Welsh digraphs (Ll, Dd, Ch, Ff, Ng, Ph, Rh, Th) give their first letter only:
      "Llinos Rhys" -> "LR". PRACTICE.md's Welsh section asks that Welsh be offered and that a
      family's own words be printed as said; it says nothing about initials, and one letter per
      name is both the common practice in English-language group supervision and the less
      identifying choice ("Ll" would also be guessed wrongly for an English "Lloyd"). Every
      initial being one capital also keeps the group supervision view's text replacement safe:
      a shorter name pattern can never match inside an initial.
    * A name that is only a title ("Dr") gives the title's letter ("D"); an empty name, or
      one with no letters at all, gives "?".

    Two people with the same initials are not told apart here; the group supervision view
    tells shared first names apart in free text (services.supervision.name_replacements).
    """
    words = name_words(name) or name.split()
    letters: list[str] = []
    for word in words:
        for piece in _HYPHENS.split(word):
            if piece and not (letters and _is_particle(piece)):
                letters.append(_first_letter(piece))
    return "".join(letters) or "?"


def short_name(name: str) -> str:
    """What a screen or a document calls the person in running text.

    * A first name: "Sarah Hughes" -> "Sarah", "Mary-Jane O'Brien" -> "Mary-Jane".
    * With a title, the title and the surname, as people say it: "Mrs Evans" -> "Mrs Evans",
      "Dr Sian Lloyd" -> "Dr Lloyd", "Mr Tomas ap Rhys" -> "Mr ap Rhys" (a lower-case particle
      stays with its surname).
    * A name that starts with a kinship word keeps the name after it, since the word alone does
      not say which Nan: "Nan Gwen Hughes" -> "Nan Gwen", "Auntie Zofia" -> "Auntie Zofia".
    * A single word stays ("Sarah", "Mrs"); an empty name gives "". Spaces are tidied; letters
      and punctuation are kept as typed.
    """
    words = name.split()
    if len(words) <= 1:
        return "".join(words)
    lead = 0
    while lead < len(words) and is_title(words[lead]):
        lead += 1
    if lead == len(words):
        return " ".join(words)
    if lead:
        start = len(words) - 1
        while start - 1 >= lead and _is_particle(words[start - 1]):
            start -= 1
        return " ".join(words[:lead] + words[start:])
    if words[0].casefold() in KINSHIP_WORDS:
        return " ".join(words[:2])
    return words[0]


def kinship_word(label: str) -> str:
    """'Nan (Sarah's mum)' -> 'Nan', 'mam' -> 'Mam'; '' when the label is not a plain kinship
    word for the children ('Sarah's mum', 'Lena's teacher', 'Friend')."""
    plain = " ".join(re.sub(r"\([^)]*\)", " ", label or "").split())
    if plain.casefold() not in KINSHIP_WORDS:
        return ""
    return plain[:1].upper() + plain[1:]


def child_name_for(person: dict[str, Any], child_uid: str | None, doc: dict[str, Any]) -> str:
    """What this child calls this person, for a document (or screen) that speaks to the child.
    `person` and `doc` are in the family document's shape (services/document.py).

    1. The word recorded for this pair (person["known_as"][child_uid]: "Mum", "my teacher
       Mrs Evans"), as recorded.
    2. Else the person's relationship label when it is itself a plain kinship word ("Nan (Sarah's
       mum)" -> "Nan"). If someone else in `doc` would get the same word (two Nans), the short
       name is added ("Nan Gwen") so the child can tell them apart.
    3. Else the short name. An adult-centred label ("Sarah's mum") is never returned.
    """
    known = ((person.get("known_as") or {}).get(child_uid or "") or "").strip()
    if known:
        return known
    word = kinship_word(person.get("relationship") or "")
    if not word:
        return short_name(person.get("name") or "")
    for other in doc.get("people", []):
        if other.get("uid") == person.get("uid"):
            continue
        other_known = ((other.get("known_as") or {}).get(child_uid or "") or "").strip()
        other_word = other_known or kinship_word(other.get("relationship") or "")
        if other_word.casefold() == word.casefold():
            return f"{word} {short_name(person.get('name') or '')}".strip()
    return word
