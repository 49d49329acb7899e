"""Passphrase strength, judged honestly by zxcvbn (not by character-class rules)."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from ..store.keys import normalise

MIN_SCORE = 3  # zxcvbn 0-4; 3 = "safely unguessable: moderate protection from offline attack"


@dataclass(frozen=True)
class Strength:
    score: int
    acceptable: bool
    warning: str
    suggestions: tuple[str, ...]

    def message(self) -> str:
        parts = [self.warning] if self.warning else []
        parts += list(self.suggestions)
        return " ".join(p.rstrip(".") + "." for p in parts if p)


def assess(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, False, "Type a passphrase.", ())
    # Judged in the form the key is derived from (NFC), so the same passphrase typed on another
    # keyboard (decomposed accents) gets the same score.
    r = zxcvbn(normalise(passphrase)[:100])
    fb = r.get("feedback", {})
    warning = fb.get("warning") or ""
    suggestions = tuple(fb.get("suggestions") or ())
    score = int(r["score"])
    if score < MIN_SCORE and not warning and not suggestions:
        suggestions = ("Add another word or two; a short sentence is easy to remember.",)
    return Strength(score, score >= MIN_SCORE, warning, suggestions)
