"""Passphrase strength, judged honestly by zxcvbn (not by character-class rules)."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from ..i18n import N_, _
from ..store.keys import normalise

MIN_SCORE = 3  # zxcvbn 0-4; 3 = "safely unguessable: moderate protection from offline attack"

#: zxcvbn's own feedback (zxcvbn/feedback.py, English only), marked here for the catalogue:
#: Strength keeps zxcvbn's English, and message() says it in the screens' language
ZXCVBN_FEEDBACK = (
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Add another word or two. Uncommon words are better."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Dates are often easy to guess."),
    N_("Avoid dates and years that are associated with you."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Capitalization doesn't help very much."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
)


@dataclass(frozen=True)
class Strength:
    score: int
    acceptable: bool
    warning: str  # in English (zxcvbn's words or ours): message() translates
    suggestions: tuple[str, ...]

    def message(self) -> str:
        """The advice in the screens' language (a text the catalogue does not have, such as a
        newer zxcvbn's, is said as zxcvbn wrote it)."""
        parts = [self.warning] if self.warning else []
        parts += list(self.suggestions)
        return " ".join(_(p).rstrip(".") + "." for p in parts if p)


def assess(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, False, N_("Type a passphrase."), ())
    # Judged in the form the key is derived from (NFC), so the same passphrase typed on another
    # keyboard (decomposed accents) gets the same score.
    r = zxcvbn(normalise(passphrase)[:100])
    fb = r.get("feedback", {})
    warning = fb.get("warning") or ""
    suggestions = tuple(fb.get("suggestions") or ())
    score = int(r["score"])
    if score < MIN_SCORE and not warning and not suggestions:
        suggestions = (N_("Add another word or two; a short sentence is easy to remember."),)
    return Strength(score, score >= MIN_SCORE, warning, suggestions)
