"""The safety check: everything in a family-facing document that could locate or identify
someone, found where it stands, so the worker decides about each before anything is printed.

A confidentiality marking on an address is not enough (PRACTICE.md, "What can locate a family"):
a plan gives a family away through free text ("went to the refuge the same night"), a
professional's organisation ("Women's refuge"), a school's name, a postcode typed into a worry or
a phone number in a rule. `find(doc)` looks through the text of a family's copy for:

* addresses (a house number and a street word), postcodes, phone numbers and email addresses,
  and every contact detail that would be printed;
* place names: the towns in the family's own addresses, visit places and the organisation's list;
* the names of schools, workplaces and organisations (every person's organisation, and names
  shaped like "Ysgol Glan Môr" or "Cedar Park Primary");
* locating words from resources/practice/locating-words.json (refuge, women's aid, safe house,
  lloches ...), which an organisation extends with a file of its own.

Each finding has a `key` (its kind and normalised text) under which the worker's decision is kept
in the store: "omit" (leave it out of the family's copy) or "fine". `apply()` then blanks what is
left out, with a visible marker: in an ordinary copy only what the worker chose to leave out; in
a safe copy everything not marked fine. The record itself is never rewritten.

Pure and Qt-free: plain dicts in, plain data out.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import files
from ..config import practice_dir
from ..domain.names import short_name

LEFT_OUT = "[left out]"
OMIT, FINE = "omit", "fine"
WORDS_FILE = "locating-words.json"
WORDS_SCHEMA = "safetymap.locating-words/1"
#: the finding that says the organisation's locating-words file could not be used
WORD_LIST = "word_list"
#: an organisation's locating-words file: at most this big, this many words and places in all,
#: and this long a word (a longer one is not a word: it would cost every export time)
MAX_WORDS_FILE_BYTES = 256 * 1024
MAX_WORDS = 2000
MAX_WORD_CHARS = 100

KIND_LABELS = {
    "address": "an address",
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an email address",
    "place": "a place name",
    "school": "a school's name",
    "workplace": "a workplace",
    "organisation": "an organisation",
    "role": "a role that says where someone is",
    "locating_word": "a word that can say where someone is",
    "confidential_person": "a person marked confidential",
    WORD_LIST: "a problem with the organisation's own locating words",
}

# Fields that hold no words a person typed (codes, ids, dates) or that the documents never print.
_SKIP_KEYS = frozenset({
    "uid", "id", "person_uid", "child_uid", "paired_worry_uid", "data_base64", "mime_type",
    "area", "kind", "stance", "house", "created_at", "updated_at", "scored_at", "agreed_date",
    "resolved_at", "schema", "template_id", "who_makes_sure", "occurred_at", "occurred_on",
    "concluded_at", "filename", "initials", "help", "worker_profile", "family",
    "safety_check", "family_copy", "safe_copy", "latest_version", "helpers",
    "scale_wording", "bytes",
})
# Short fields printed whole: a finding in them leaves the whole field out.
_WHOLE_FIELDS = frozenset({"organisation", "relationship", "value"})


@dataclass(frozen=True)
class Finding:
    key: str  # kind + ":" + normalised text: the decision is kept under this
    kind: str
    text: str  # as it stands in the document
    where: str  # plain words: "the worries", "Łukasz's organisation"
    context: str  # the whole text it stands in
    start: int
    end: int
    decision: str | None = None  # "omit", "fine" or None (not decided yet)
    locked: bool = False  # always left out (a confidential person): no choice to make

    @property
    def reason(self) -> str:
        return f"This is {KIND_LABELS.get(self.kind, 'something that can locate someone')}."

    def left_out(self, safe_copy: bool) -> bool:
        if self.locked or self.decision == OMIT:
            return True
        return safe_copy and self.decision != FINE


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(t.casefold().split())


def make_key(kind: str, text: str) -> str:
    # Phone numbers are the same number however they are spaced.
    body = re.sub(r"\D", "", text)[-9:] if kind == "phone" else normalise(text)
    return f"{kind}:{body}"[:500]


# --- the word lists --------------------------------------------------------------------------


class WordsFileProblem(ValueError):
    """The organisation's locating-words file cannot be used; the message says why (by the
    file's name, never its folder or its contents)."""


def _read_capped(path: Path) -> bytes:
    """The file's bytes, never blocking and never more than MAX_WORDS_FILE_BYTES
    (files.read_regular_file, as a template is read), or a WordsFileProblem."""
    cap = MAX_WORDS_FILE_BYTES
    try:
        return files.read_regular_file(path, cap)
    except files.FileRefused as exc:
        if exc.reason in (files.FOLDER, files.NOT_REGULAR):
            why = "it is not an ordinary file (it may be a folder, a pipe or a device)"
        elif exc.reason in (files.TOO_BIG, files.GREW):
            why = f"it is larger than the {cap // 1024} KB such a file may be"
        else:
            why = "it could not be opened (check it is there and may be read)"
        raise WordsFileProblem(why) from None


def _entries(v: Any, what: str) -> list[str]:
    if not isinstance(v, list):
        raise WordsFileProblem(f"its {what} must be a list of words")
    out: list[str] = []
    for w in v:
        if not isinstance(w, str):
            raise WordsFileProblem(f"one of its {what} is not a word")
        if len(w) > MAX_WORD_CHARS:
            raise WordsFileProblem(f"one of its {what} is longer than {MAX_WORD_CHARS} "
                                   "characters")
        if "\x00" in w or any("\ud800" <= c <= "\udfff" for c in w):
            raise WordsFileProblem(f"one of its {what} holds a character that is not text")
        if w.strip():
            out.append(w)
    return out


def parse_words(data: Any) -> tuple[list[str], list[str]]:
    """Check every field's type (schema, words: {group: [word, ...]}, places: [word, ...]) and
    the limits. Raises WordsFileProblem."""
    if not isinstance(data, dict):
        raise WordsFileProblem("it is not a list of locating words (a JSON object)")
    if data.get("schema") != WORDS_SCHEMA:
        raise WordsFileProblem(f"its 'schema' is not \"{WORDS_SCHEMA}\"")
    about = data.get("about", "")
    if not isinstance(about, str):
        raise WordsFileProblem("its 'about' is not text")
    groups = data.get("words", {})
    if groups is None:
        groups = {}
    if not isinstance(groups, dict):
        raise WordsFileProblem("its 'words' must be groups of words by language "
                               "(\"en\": [...], \"cy\": [...])")
    words: list[str] = []
    for group in groups.values():
        words += _entries(group, "words")
        if len(words) > MAX_WORDS:
            break
    places = _entries(data.get("places") if data.get("places") is not None else [], "places")
    if len(words) + len(places) > MAX_WORDS:
        raise WordsFileProblem(f"it has more than the {MAX_WORDS:,} words and places such a "
                               "file may hold")
    return words, places


def read_words_file(path: Path) -> tuple[list[str], list[str]]:
    """Read, decode (strict UTF-8), parse and check one locating-words file. Every way it can
    be wrong is a WordsFileProblem."""
    raw = _read_capped(path)
    try:
        text = raw.decode("utf-8-sig")  # strict: a BOM is fine, Latin-1 or UTF-16 are not
    except UnicodeDecodeError:
        raise WordsFileProblem("it is not saved as UTF-8 text") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise WordsFileProblem("its brackets are nested far too deeply") from None
    except ValueError:
        raise WordsFileProblem("it is not valid JSON") from None
    try:
        return parse_words(data)
    except RecursionError:  # pragma: no cover - parse_words does not recurse
        raise WordsFileProblem("it is nested far too deeply") from None


def _problem_sentence(name: str, why: str) -> str:
    return (f"The organisation's own locating words ({name}, beside its templates) could not "
            f"be used: {why}. Only the words Safety Map comes with were looked for; ask whoever "
            "looks after your templates to fix the file.")


@dataclass(frozen=True)
class WordLists:
    words: tuple[str, ...]
    places: tuple[str, ...]
    # A sentence when the organisation's own file could not be used (the shipped lists are
    # then used alone); `find` makes it a finding, so the worker is told.
    problem: str | None = None


def _read_words(path: Path) -> tuple[list[str], list[str]]:
    """The shipped file: never expected to fail, and never allowed to stop a print."""
    try:
        return read_words_file(path)
    except (WordsFileProblem, RecursionError, MemoryError):
        return [], []


def word_lists(extra: str | None = None) -> WordLists:
    """The shipped locating words, plus an organisation's own file (SAFETYMAP_TEMPLATES folder
    or file next to its templates) named locating-words.json. Never raises: a file that cannot
    be used leaves the shipped lists alone, with `problem` saying why."""
    return _word_lists(extra or os.environ.get("SAFETYMAP_TEMPLATES") or None)


@lru_cache(maxsize=4)
def _word_lists(location: str | None) -> WordLists:
    words, places = _read_words(practice_dir() / WORDS_FILE)
    problem = None
    if location:
        try:
            loc = Path(location)
            f = loc / WORDS_FILE if loc.is_dir() else loc.with_name(WORDS_FILE)
            present = os.path.lexists(f)  # a broken link is there, and is a problem
        except (OSError, ValueError):
            present = False
        if present:
            try:
                w2, p2 = read_words_file(f)
                words += w2
                places += p2
            except WordsFileProblem as exc:
                problem = _problem_sentence(WORDS_FILE, str(exc))
            except Exception:  # never let the organisation's file stop an export
                problem = _problem_sentence(WORDS_FILE, "it could not be read")
    return WordLists(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(places)), problem)


# --- detectors -------------------------------------------------------------------------------

_APOS = "['\u2019]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?[\s\-]*\d[A-Z]{2}(?![\w])", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \-().]{7,18}\d(?!\w)")
_STREET_WORDS = (r"street|st|road|rd|lane|ln|avenue|ave|close|drive|dr|way|court|crescent|"
                 r"place|terrace|gardens|grove|row|square|hill|park|walk|mews|view|parade")
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ſŴŶ][\w'\u2019\-]*"
_ADDRESS = re.compile(
    rf"(?<![\w])(?:flat|fflat|apartment)?\s*\d{{1,4}}[a-z]?,?\s+(?:{_CAP}\s+){{0,3}}(?:{_STREET_WORDS})\b"
    rf"|(?<![\w])\d{{1,4}}[a-z]?,?\s+(?:heol|stryd|ffordd|lôn|lon|rhodfa|maes|cae|bryn)\s+(?:[\w'\u2019]+\s?){{1,3}}",
    re.IGNORECASE)
_SCHOOL = re.compile(
    rf"(?:\b(?i:ysgol)\s+(?:[\w'\u2019\-]+\s?){{1,3}}(?i:(?:primary|secondary|infants?|juniors?)\s+)?"
    rf"(?i:school)?)"
    rf"|(?:(?:(?:{_CAP}\.?|of|and|the|&)\s+){{1,6}}(?i:primary|secondary|infants?|juniors?|"
    rf"nursery|academy|college|high school|high|school)\b(?:\s+(?i:school))?)")
_WORKPLACE = re.compile(rf"\b(?i:works?|working|job|shifts?)\s+(?i:at|for|in)\s+((?:the\s+)?(?:{_CAP}\s?){{1,4}})")
_SCHOOLISH = re.compile(r"\b(?:ysgol|school|primary|nursery|academy|college)\b", re.IGNORECASE)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A whole-word, any-case, any-apostrophe, any-spacing pattern, with an optional plural."""
    words = normalise(phrase).replace("-", " ").split()
    parts = [re.escape(w).replace("'", _APOS + "?") for w in words]
    # "safe house", "safe-house" and "safehouse"; "women's", "women’s" and "womens"
    return re.compile(r"(?<![\w])" + r"[\s\-]*".join(parts) + r"(?:s|es)?(?![\w])",
                      re.IGNORECASE)


@dataclass(frozen=True)
class _Detector:
    kind: str
    pattern: re.Pattern[str]
    group: int = 0
    check: Callable[[str], bool] | None = None


_NOT_A_NAME = re.compile(r"^(?:(?:the|a|an|my|our|her|his|their|your|this|that|at|to|from|"
                         r"in|new|old|local|[\w\-]+['\u2019]s?)\s+)+", re.IGNORECASE)


def _named_school(text: str) -> bool:
    """'Ysgol Glan Môr' or 'Cedar Park Primary' names a school; 'The school' does not."""
    if text.casefold().startswith("ysgol "):
        return True
    rest = _NOT_A_NAME.sub("", text)
    return bool(re.match(rf"{_CAP}\.?\s+\S", rest)) and not _SCHOOLISH.match(rest)


def _phone_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if not 9 <= len(digits) <= 15:
        return False
    # a date typed as 01.12.2026 or 2026-12-01 is not a phone number
    return not re.fullmatch(r"\d{1,4}[.\-/]\d{1,2}[.\-/]\d{2,4}", text.strip())


def _place_names(doc: dict[str, Any], lists: WordLists) -> list[str]:
    """Towns and places this family's own records name: the parts of its addresses without a
    number, visit places, and the organisation's list."""
    out = list(lists.places)
    for src in (doc.get("_all_addresses") or []):
        for part in re.split(r"[,;\n\r]+", src):
            part = _POSTCODE.sub("", part).strip()  # "Cardiff CF10 9ZZ" names Cardiff
            if len(part) >= 4 and not re.search(r"\d", part) and part.casefold() not in (
                    "refuge", "home", "flat"):
                out.append(part)
    generic = {"home", "school", "nursery", "the office", "office", "family home", "phone",
               "video call", "online", "gp", "hospital"}
    for v in doc.get("visits", []):
        place = (v.get("place") or "").strip()
        if len(place) >= 4 and place.casefold() not in generic:
            out.append(place)
    return list(dict.fromkeys(out))


def detectors(doc: dict[str, Any], lists: WordLists | None = None) -> list[_Detector]:
    lists = lists or word_lists()
    found: list[_Detector] = [
        _Detector("email", _EMAIL),
        _Detector("postcode", _POSTCODE),
        _Detector("address", _ADDRESS),
        _Detector("phone", _PHONE, check=_phone_ok),
        _Detector("school", _SCHOOL, check=_named_school),
        _Detector("workplace", _WORKPLACE, group=1),
    ]
    orgs = {p.get("organisation", "").strip() for p in doc.get("people", [])}
    orgs |= set(doc.get("_hidden_organisations") or [])
    for org in sorted((o for o in orgs if len(o) >= 3), key=len, reverse=True):
        kind = "school" if _SCHOOLISH.search(org) else "organisation"
        found.append(_Detector(kind, _phrase_pattern(org)))
    for place in sorted(_place_names(doc, lists), key=len, reverse=True):
        found.append(_Detector("place", _phrase_pattern(place)))
    for word in sorted(lists.words, key=len, reverse=True):
        found.append(_Detector("locating_word", _phrase_pattern(word)))
    return found


# --- walking the family's copy ---------------------------------------------------------------


def _where(path: tuple[Any, ...], doc: dict[str, Any]) -> str:
    """Plain words for where a piece of text stands in the documents."""
    head = path[0] if path else ""
    if head == "map" and len(path) > 1:
        e = doc["map"][path[1]]
        area = {"harm": "what has happened", "worry": "the worries",
                "complicating": "what makes things harder", "strength": "what's going well",
                "existing_safety": "what's going well", "goal": "the goals",
                "next_step": "the next steps"}.get(e.get("area", ""), "the map")
        return area
    if head == "people" and len(path) > 1:
        p = doc["people"][path[1]]
        first = short_name(p.get("name") or "") or "someone"
        field = path[-1]
        if field == "organisation":
            return f"{first}'s organisation"
        if field == "relationship":
            return f"{first}'s role"
        if "contacts" in path:
            return f"{first}'s contact details"
        return f"about {first}"
    if head == "safety_plan":
        part = path[2] if len(path) > 2 else ""
        return {"rules": "the rules", "network_roles": "what the network will do",
                "warning_signs": "the warning signs",
                "if_not_working": "if the plan isn't working",
                "review": "when we'll look again"}.get(str(part), "the plan")
    if head == "childs_voice":
        return "the children's words and story"
    if head == "scores":
        return "the scale"
    if head == "assessment":
        return "the assessment"
    if head == "visits":
        return "the visits"
    return "the document"


def iter_texts(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every printed string of a family's copy, with its path."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in _SKIP_KEYS or str(k).startswith("_"):
                continue
            yield from iter_texts(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from iter_texts(v, (*path, i))
    elif isinstance(node, str) and node.strip():
        yield path, node


def _spans(text: str, dets: list[_Detector]) -> list[tuple[int, int, str]]:
    hits: list[tuple[int, int, str]] = []
    for d in dets:
        for mt in d.pattern.finditer(text):
            a, b = mt.span(d.group)
            piece = text[a:b].strip()
            if not piece:
                continue
            a = text.index(piece, a)
            b = a + len(piece)
            if d.check is not None and not d.check(piece):
                continue
            hits.append((a, b, d.kind))
    # the longest wins where findings overlap ("Women's refuge" over "refuge")
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if all(h[1] <= k[0] or h[0] >= k[1] for k in kept):
            kept.append(h)
    return sorted(kept)


def find(doc: dict[str, Any], decisions: dict[str, str] | None = None,
         lists: WordLists | None = None) -> list[Finding]:
    """Every finding in the printed text of a family's copy, in document order."""
    decisions = decisions if decisions is not None else dict(doc.get("safety_check") or {})
    lists = lists or word_lists()
    dets = detectors(doc, lists)
    out: list[Finding] = []
    if lists.problem:
        # The organisation's own words were not looked for: said as a finding, the one thing
        # both the export dialog and the command line already show. It blanks nothing.
        key = f"{WORD_LIST}:organisation file"
        # Locked: there is nothing to decide, so it never counts as "not decided yet".
        out.append(Finding(key, WORD_LIST, lists.problem, "the organisation's locating words",
                           lists.problem, 0, len(lists.problem), None, locked=True))
    for path, text in iter_texts(doc):
        field = path[-1] if path else ""
        contact = "contacts" in path and field == "value"
        spans = _spans(text, dets)
        if contact or (field in _WHOLE_FIELDS and spans):
            # a printed contact detail or a short field: the whole field is the finding
            kind = spans[0][2] if spans else "address"
            if contact:
                c = _get(doc, path[:-1])
                kind = {"phone": "phone", "email": "email"}.get(c.get("kind", ""), "address")
                if c.get("safe_to_share"):
                    # marked "safe to share" on the person: the worker has already said fine
                    decisions.setdefault(make_key(kind, text), FINE)
            if field == "relationship":
                kind = "role"
            spans = [(0, len(text), kind)]
        for a, b, kind in spans:
            piece = text[a:b]
            key = make_key(kind, piece)
            out.append(Finding(key, kind, piece, _where(path, doc), text, a, b,
                               decisions.get(key)))
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for k in path:
        node = node[k]
    return node


def apply(doc: dict[str, Any], findings: list[Finding], safe_copy: bool) -> int:
    """Blank every finding that is left out, in place. Returns how many places were blanked.

    A printed contact detail that is left out is dropped from its person (not printed as a
    marker); a short field is emptied; in running text the words are replaced by a marker.
    """
    by_text: dict[str, list[Finding]] = {}
    for f in findings:
        if f.left_out(safe_copy):
            by_text.setdefault(f.context, []).append(f)
    if not by_text:
        return 0
    count = 0
    drop_contacts: set[str] = set()

    for path, text in list(iter_texts(doc)):
        hits = by_text.get(text)
        if not hits:
            continue
        field = path[-1]
        parent = _get(doc, path[:-1])
        if "contacts" in path and field == "value":
            drop_contacts.add(parent.get("uid") or text)
            count += 1
            continue
        new = text
        for f in sorted(hits, key=lambda f: f.start, reverse=True):
            if new[f.start:f.end] == f.text:
                new = new[:f.start] + LEFT_OUT + new[f.end:]
                count += 1
        if field in _WHOLE_FIELDS:
            new = ""
        parent[field] = new
    if drop_contacts:
        for p in doc.get("people", []):
            p["contacts"] = [c for c in p.get("contacts", [])
                             if (c.get("uid") or c.get("value")) not in drop_contacts]
    return count


def with_decisions(findings: list[Finding], decisions: dict[str, str]) -> list[Finding]:
    return [replace(f, decision=decisions.get(f.key, f.decision)) for f in findings]


def summary_lines(findings: list[Finding], safe_copy: bool) -> list[str]:
    """One plain line per distinct finding, for the command line's stderr."""
    seen: dict[str, tuple[Finding, int]] = {}
    for f in findings:
        first, n = seen.get(f.key, (f, 0))
        seen[f.key] = (first, n + 1)
    lines = []
    for f, n in seen.values():
        if f.kind == WORD_LIST:
            lines.append(f.text)
            continue
        if f.locked:
            state = "always left out"
        elif f.decision == FINE:
            state = "marked fine: printed"
        elif f.left_out(safe_copy):
            state = "left out"
        else:
            state = "not decided yet: printed (use --safe-copy to leave it out)"
        times = f" ({n} places)" if n > 1 else ""
        lines.append(f"{KIND_LABELS.get(f.kind, f.kind).capitalize()} in {f.where}: "
                     f"\u201c{f.text}\u201d{times}: {state}. [{f.key}]")
    return lines
