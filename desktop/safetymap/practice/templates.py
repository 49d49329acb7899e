"""Practice templates: the labels, prompt questions and scale wordings for each part of the map.

Organisations name the same parts differently ("danger statements" in child protection, "worries"
in early help), so nothing in the screens or documents hard-codes a label: they ask the family's
template. Templates are JSON files (schema `safetymap.template/1`); the two shipped ones live in
resources/practice/. An organisation can point the app at its own file with SAFETYMAP_TEMPLATES
(a folder or a file) or the app's settings; it is validated and errors are sentences.

A template speaks English, and may speak Welsh too: a top-level `"languages": {"cy": {...}}`
holds the same keys as the template itself (name, description, areas with label, question,
help and prompts, scale with question, wordings and follow_ups, sections, plan_title,
help_numbers as a list of labels in the same order, emergency), each optional. `in_language`
gives the template with those words; a text the overlay leaves out stays English (and
`missing_in` lists them, so an organisation can see what it has still to translate).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import files
from ..config import practice_dir
from ..domain.model import MapArea

log = logging.getLogger(__name__)

SCHEMA = "safetymap.template/1"
SECTION_KEYS = ("people", "worried", "working_well", "judgement", "needs_to_happen",
                "childs_voice", "plan", "assessment")


class TemplateError(ValueError):
    """A template file that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class AreaText:
    label: str
    question: str
    help: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class HelpNumber:
    """A number every family document prints in its "If you need help" box."""

    label: str  # "Duty team", "Out of hours"
    value: str


DEFAULT_EMERGENCY = "In an emergency call 999."


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    description: str
    areas: dict[MapArea, AreaText]
    scale_question: str
    scale_wordings: dict[str, str]
    scale_follow_ups: tuple[str, ...]
    sections: dict[str, str]
    plan_title: str
    source: str
    # The organisation's own numbers (duty team, out of hours) and the emergency sentence.
    help_numbers: tuple[HelpNumber, ...] = ()
    emergency: str = DEFAULT_EMERGENCY
    #: the other languages' words (validated overlays, see the module's docstring)
    languages: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    #: the language these words are in
    language: str = "en"

    def in_language(self, code: str) -> Template:
        """This template in `code` ("cy", "en"): the overlay's words where it gives them,
        English elsewhere. Itself when there is no overlay for `code`."""
        over = self.languages.get(code)
        if not over or code == self.language:
            return self
        areas = {}
        for area, text in self.areas.items():
            o = (over.get("areas") or {}).get(area.value) or {}
            areas[area] = AreaText(o.get("label") or text.label,
                                   o.get("question") or text.question,
                                   o.get("help") or text.help,
                                   tuple(o["prompts"]) if o.get("prompts") else text.prompts)
        scale = over.get("scale") or {}
        labels = over.get("help_numbers") or []
        numbers = tuple(HelpNumber(labels[i] if i < len(labels) and labels[i] else h.label,
                                   h.value) for i, h in enumerate(self.help_numbers))
        emergency = self.emergency
        if over.get("emergency"):
            emergency = over["emergency"]
        return replace(
            self, name=over.get("name") or self.name,
            description=over.get("description") or self.description, areas=areas,
            scale_question=scale.get("question") or self.scale_question,
            scale_wordings={**self.scale_wordings, **(scale.get("wordings") or {})},
            scale_follow_ups=tuple(scale["follow_ups"]) if scale.get("follow_ups")
            else self.scale_follow_ups,
            sections={**self.sections, **(over.get("sections") or {})},
            plan_title=over.get("plan_title") or self.plan_title, help_numbers=numbers,
            emergency=emergency, language=code)

    def missing_in(self, code: str) -> list[str]:
        """The texts `code`'s overlay leaves in English ("areas.harm.help", "sections.plan")."""
        over = self.languages.get(code) or {}
        out = [k for k in ("name", "description", "plan_title") if not over.get(k)]
        for area in self.areas:
            o = (over.get("areas") or {}).get(area.value) or {}
            out += [f"areas.{area.value}.{k}" for k in ("label", "question", "help", "prompts")
                    if not o.get(k) and getattr(self.areas[area], k)]
        scale = over.get("scale") or {}
        out += [f"scale.{k}" for k in ("question", "follow_ups") if not scale.get(k)]
        out += [f"scale.wordings.{k}" for k in self.scale_wordings
                if not (scale.get("wordings") or {}).get(k)]
        out += [f"sections.{k}" for k in self.sections if not (over.get("sections") or {}).get(k)]
        labels = over.get("help_numbers") or []
        out += [f"help_numbers.{i}" for i in range(len(self.help_numbers))
                if i >= len(labels) or not labels[i]]
        if self.emergency != DEFAULT_EMERGENCY or over:
            out += [] if over.get("emergency") else ["emergency"]
        return out

    def label(self, area: MapArea | str) -> str:
        return self.areas[MapArea(area)].label

    def wording(self, audience: str = "default") -> str:
        return self.scale_wordings.get(audience) or self.scale_wordings["default"]


#: a practice template is a small text file; anything bigger is refused before it is read
MAX_TEMPLATE_BYTES = 1_000_000
#: the longest label, question or help text, and the most prompts or numbers, a template may give
MAX_TEXT = 4000
MAX_ITEMS = 50


def _req_str(d: dict[str, Any], key: str, where: str) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v.strip():
        raise TemplateError(f"{where}: '{key}' must be some text.")
    if len(v) > MAX_TEXT:
        raise TemplateError(f"{where}: '{key}' is too long (at most {MAX_TEXT} characters).")
    return v.strip()


def _opt_str(d: dict[str, Any], key: str, where: str, default: str = "") -> str:
    v = d.get(key, default)
    if v is None:
        return default
    if not isinstance(v, str):
        raise TemplateError(f"{where}: '{key}' must be some text.")
    if len(v) > MAX_TEXT:
        raise TemplateError(f"{where}: '{key}' is too long (at most {MAX_TEXT} characters).")
    return v


def _str_list(d: dict[str, Any], key: str, where: str, what: str) -> tuple[str, ...]:
    v = d.get(key, [])
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise TemplateError(f"{where}: '{key}' must be a list of {what}.")
    if len(v) > MAX_ITEMS:
        raise TemplateError(f"{where}: '{key}' has {len(v)} {what}; at most {MAX_ITEMS}.")
    if any(len(x) > MAX_TEXT for x in v):
        raise TemplateError(f"{where}: one of the '{key}' is too long "
                            f"(at most {MAX_TEXT} characters).")
    return tuple(v)


def _some(names: set[str] | list[str], most: int = 5) -> str:
    names = sorted(str(n) for n in names)
    shown = ", ".join(n[:40] for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


#: the languages a template may add to its English
TEMPLATE_LANGUAGES = ("cy",)


def _overlay(raw: Any, name: str, code: str) -> dict[str, Any]:
    """One language's words, each optional and checked as the English ones are."""
    where = f"{name}, languages.{code}"
    if not isinstance(raw, dict):
        raise TemplateError(f"{where}: must be a JSON object with the template's keys.")
    known = {"name", "description", "areas", "scale", "sections", "plan_title",
             "help_numbers", "emergency"}
    unknown = set(raw) - known
    if unknown:
        raise TemplateError(f"{where}: unknown key(s) {_some(unknown)}; the keys are "
                            f"{', '.join(sorted(known))}.")
    out: dict[str, Any] = {k: _opt_str(raw, k, where) for k in
                           ("name", "description", "plan_title", "emergency") if k in raw}
    areas = raw.get("areas", {})
    if not isinstance(areas, dict) or set(areas) - {a.value for a in MapArea}:
        raise TemplateError(f"{where}: 'areas' must name areas of the map "
                            f"({', '.join(a.value for a in MapArea)}).")
    out["areas"] = {}
    for key, a in areas.items():
        if not isinstance(a, dict):
            raise TemplateError(f"{where}, area '{key}': must be a JSON object.")
        w = f"{where}, area '{key}'"
        out["areas"][key] = {k: _opt_str(a, k, w) for k in ("label", "question", "help")
                             if k in a} | ({"prompts": _str_list(a, "prompts", w, "questions")}
                                           if "prompts" in a else {})
    scale = raw.get("scale", {})
    if not isinstance(scale, dict):
        raise TemplateError(f"{where}: 'scale' must be a JSON object.")
    wordings = scale.get("wordings", {})
    if not isinstance(wordings, dict) or not all(isinstance(v, str) and len(v) <= MAX_TEXT
                                                 for v in wordings.values()):
        raise TemplateError(f"{where}: each of 'scale.wordings' must be some text.")
    out["scale"] = {"wordings": dict(wordings)} | (
        {"question": _opt_str(scale, "question", where)} if "question" in scale else {}) | (
        {"follow_ups": _str_list(scale, "follow_ups", where, "questions")}
        if "follow_ups" in scale else {})
    sections = raw.get("sections", {})
    if not isinstance(sections, dict) or not all(
            k in SECTION_KEYS and isinstance(v, str) and len(v) <= MAX_TEXT
            for k, v in sections.items()):
        raise TemplateError(f"{where}: 'sections' must map section names "
                            f"({', '.join(SECTION_KEYS)}) to labels.")
    out["sections"] = dict(sections)
    if "help_numbers" in raw:
        out["help_numbers"] = _str_list(raw, "help_numbers", where, "labels")
    return out


def parse_template(data: Any, source: str = "<memory>") -> Template:
    """Check every field's type (a sentence naming the file and the field if one is wrong) and
    build the Template."""
    name = Path(source).name
    if not isinstance(data, dict):
        raise TemplateError(f"{name}: a template must be a JSON object.")
    if data.get("schema") != SCHEMA:
        raise TemplateError(f"{name}: 'schema' must be \"{SCHEMA}\".")
    tid = _req_str(data, "id", name)
    areas_in = data.get("areas")
    if not isinstance(areas_in, dict):
        raise TemplateError(f"{name}: 'areas' must list the parts of the map.")
    unknown = set(areas_in) - {a.value for a in MapArea}
    if unknown:
        raise TemplateError(f"{name}: unknown area(s) {_some(unknown)}; "
                            f"the areas are {', '.join(a.value for a in MapArea)}.")
    areas: dict[MapArea, AreaText] = {}
    for area in MapArea:
        raw = areas_in.get(area.value)
        if not isinstance(raw, dict):
            raise TemplateError(f"{name}: area '{area.value}' is missing.")
        where = f"{name}, area '{area.value}'"
        prompts = _str_list(raw, "prompts", where, "questions")
        areas[area] = AreaText(_req_str(raw, "label", where), _req_str(raw, "question", where),
                               _opt_str(raw, "help", where), prompts)
    scale = data.get("scale")
    if not isinstance(scale, dict):
        raise TemplateError(f"{name}: 'scale' is missing.")
    wordings = scale.get("wordings")
    if not isinstance(wordings, dict) or not isinstance(wordings.get("default"), str):
        raise TemplateError(f"{name}: 'scale.wordings' needs at least a 'default' wording.")
    if len(wordings) > MAX_ITEMS or not all(isinstance(v, str) and len(v) <= MAX_TEXT
                                            for v in wordings.values()):
        raise TemplateError(f"{name}: each of 'scale.wordings' must be some text "
                            f"(at most {MAX_ITEMS} wordings of {MAX_TEXT} characters).")
    follow_ups = _str_list(scale, "follow_ups", f"{name}, scale", "questions")
    sections = data.get("sections", {})
    if not isinstance(sections, dict):
        raise TemplateError(f"{name}: 'sections' must map section names to labels.")
    missing = [k for k in SECTION_KEYS if not isinstance(sections.get(k), str)]
    if missing:
        raise TemplateError(f"{name}: 'sections' is missing {', '.join(missing)}.")
    if any(len(sections[k]) > MAX_TEXT for k in SECTION_KEYS):
        raise TemplateError(f"{name}: a section label is too long "
                            f"(at most {MAX_TEXT} characters).")
    help_in = data.get("help_numbers", [])
    if not isinstance(help_in, list) or not all(
            isinstance(h, dict) and isinstance(h.get("label"), str) and isinstance(h.get("value"), str)
            and len(h["label"]) <= MAX_TEXT and len(h["value"]) <= MAX_TEXT
            for h in help_in):
        raise TemplateError(f"{name}: 'help_numbers' must be a list of {{\"label\", \"value\"}}.")
    if len(help_in) > MAX_ITEMS:
        raise TemplateError(f"{name}: 'help_numbers' has {len(help_in)} numbers; "
                            f"at most {MAX_ITEMS}.")
    return Template(
        id=tid,
        name=_req_str(data, "name", name),
        description=_opt_str(data, "description", name),
        areas=areas,
        scale_question=_req_str(scale, "question", f"{name}, scale"),
        scale_wordings={str(k): v for k, v in wordings.items()},
        scale_follow_ups=follow_ups,
        sections={k: sections[k] for k in SECTION_KEYS},
        plan_title=_opt_str(data, "plan_title", name, "Our safety plan") or "Our safety plan",
        source=source,
        help_numbers=tuple(HelpNumber(h["label"].strip(), h["value"].strip()) for h in help_in
                           if h["label"].strip() and h["value"].strip()),
        emergency=_opt_str(data, "emergency", name) or DEFAULT_EMERGENCY,
        languages=_languages(data.get("languages", {}), name),
    )


def _languages(raw: Any, name: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise TemplateError(f"{name}: 'languages' must map a language code (cy) to its words.")
    unknown = set(raw) - set(TEMPLATE_LANGUAGES)
    if unknown:
        raise TemplateError(f"{name}: 'languages' can give {', '.join(TEMPLATE_LANGUAGES)}, "
                            f"not {_some(unknown)}.")
    return {code: _overlay(v, name, code) for code, v in raw.items()}


def _read_capped(path: Path) -> bytes:
    """The file's bytes, without ever blocking or reading more than MAX_TEMPLATE_BYTES
    (files.read_regular_file), or a TemplateError naming the file."""
    name = path.name or str(path)
    try:
        return files.read_regular_file(path, MAX_TEMPLATE_BYTES)
    except files.FileRefused as exc:
        raise TemplateError({
            files.MISSING: f"There is no template file called {name}.",
            files.UNREADABLE: f"{name} could not be read: check it is there and you may "
                              f"open it.",
            files.FOLDER: f"{name} is a folder, not a template file.",
            files.NOT_REGULAR: f"{name} is not an ordinary file (it may be a pipe or a "
                               f"device), so it cannot be a template.",
            files.TOO_BIG: f"{name} is too big to be a practice template "
                           f"({exc.size / 1_000_000:.1f} MB; a template is at most 1 MB).",
            files.GREW: f"{name} is too big to be a practice template "
                        f"(a template is at most 1 MB).",
        }[exc.reason]) from None


def load_template_file(path: Path | str) -> Template:
    """Read, decode (UTF-8 only), parse and check one template file. Every way it can be wrong
    is a TemplateError whose sentence names the file (by its name, not its folder)."""
    path = Path(path)
    name = path.name or str(path)
    raw = _read_capped(path)
    try:
        text = raw.decode("utf-8-sig")  # strict: a BOM is fine, Latin-1 or UTF-16 are not
    except UnicodeDecodeError as exc:
        raise TemplateError(
            f"{name} is not saved as UTF-8 text (byte {exc.start + 1} is not UTF-8). Save it "
            f"as UTF-8 in your editor and choose it again.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    except RecursionError:
        raise TemplateError(f"{name} is not a template: its brackets are nested far too "
                            f"deeply.") from None
    except ValueError:  # e.g. a number with thousands of digits
        raise TemplateError(f"{name} is not valid JSON.") from None
    try:
        return parse_template(data, str(path))
    except RecursionError:
        raise TemplateError(f"{name} is not a template: it is nested far too "
                            f"deeply.") from None


# Data files that live beside the templates but are not templates.
NOT_TEMPLATES = frozenset({"glossary.json", "locating-words.json", "hyphen-en_US.json"})


def _files(location: Path) -> list[Path]:
    try:
        if location.is_dir():
            found = sorted(p for p in location.glob("*.json") if p.name not in NOT_TEMPLATES)
            if len(found) > MAX_ITEMS:
                raise TemplateError(f"The folder {location.name} holds {len(found)} .json "
                                    f"files; choose the one template file you mean.")
            return found
    except OSError:
        raise TemplateError(f"The folder {location.name} could not be read.") from None
    return [location]


def shipped_templates() -> dict[str, Template]:
    """The templates that come with Safety Map (a failure here is a broken installation)."""
    out: dict[str, Template] = {}
    for f in _files(practice_dir()):
        if f.name.startswith("glossary"):
            continue
        t = load_template_file(f)
        out[t.id] = t
    return out


def organisation_location(extra: Path | str | None = None) -> str | None:
    """Where the organisation's templates are: the app's setting, else SAFETYMAP_TEMPLATES."""
    location = extra or os.environ.get("SAFETYMAP_TEMPLATES")
    return str(location) if location else None


def available_templates(extra: Path | str | None = None) -> dict[str, Template]:
    """Shipped templates, plus the organisation's own (which win on the same id). Raises
    TemplateError (a sentence) if the organisation's file or folder cannot be used."""
    out = shipped_templates()
    location = organisation_location(extra)
    if location:
        for f in _files(Path(location)):
            t = load_template_file(f)
            out[t.id] = t
    return out


def templates_or_shipped(extra: Path | str | None = None
                         ) -> tuple[dict[str, Template], str | None]:
    """Never fails over the organisation's templates: if they cannot be used, the shipped ones
    and the sentence that says why (for the person to read once)."""
    try:
        return available_templates(extra), None
    except TemplateError as exc:
        return shipped_templates(), str(exc)


_warned = False


def get_template(template_id: str, extra: Path | str | None = None) -> Template:
    """The family's template. A broken organisation template never stops a family opening or
    a document being made: the built-in template is used (the sentence is shown elsewhere,
    once, by whoever asked for the organisation's templates: Settings and unlocking)."""
    global _warned
    templates, problem = templates_or_shipped(extra)
    if problem and not _warned:
        _warned = True
        log.warning("the organisation's practice templates could not be used; "
                    "the built-in ones are used")
    return templates.get(template_id) or templates["child-protection"]
