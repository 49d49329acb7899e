"""Practice templates: the labels, prompt questions and scale wordings for each part of the map.

Organisations name the same parts differently ("danger statements" in child protection, "worries"
in early help), so nothing in the screens or documents hard-codes a label: they ask the family's
template. Templates are JSON files (schema `safetymap.template/1`); the two shipped ones live in
resources/practice/. An organisation can point the app at its own file with SAFETYMAP_TEMPLATES
(a folder or a file) or the app's settings; it is validated and errors are sentences.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import practice_dir
from ..domain.model import MapArea

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

    def label(self, area: MapArea | str) -> str:
        return self.areas[MapArea(area)].label

    def wording(self, audience: str = "default") -> str:
        return self.scale_wordings.get(audience) or self.scale_wordings["default"]


def _req_str(d: dict[str, Any], key: str, where: str) -> str:
    v = d.get(key)
    if not isinstance(v, str) or not v.strip():
        raise TemplateError(f"{where}: '{key}' must be some text.")
    return v.strip()


def parse_template(data: Any, source: str = "<memory>") -> Template:
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
        raise TemplateError(f"{name}: unknown area(s) {', '.join(sorted(unknown))}; "
                            f"the areas are {', '.join(a.value for a in MapArea)}.")
    areas: dict[MapArea, AreaText] = {}
    for area in MapArea:
        raw = areas_in.get(area.value)
        if not isinstance(raw, dict):
            raise TemplateError(f"{name}: area '{area.value}' is missing.")
        where = f"{name}, area '{area.value}'"
        prompts = raw.get("prompts", [])
        if not isinstance(prompts, list) or not all(isinstance(p, str) for p in prompts):
            raise TemplateError(f"{where}: 'prompts' must be a list of questions.")
        areas[area] = AreaText(_req_str(raw, "label", where), _req_str(raw, "question", where),
                               str(raw.get("help", "")), tuple(prompts))
    scale = data.get("scale")
    if not isinstance(scale, dict):
        raise TemplateError(f"{name}: 'scale' is missing.")
    wordings = scale.get("wordings")
    if not isinstance(wordings, dict) or not isinstance(wordings.get("default"), str):
        raise TemplateError(f"{name}: 'scale.wordings' needs at least a 'default' wording.")
    sections = data.get("sections", {})
    if not isinstance(sections, dict):
        raise TemplateError(f"{name}: 'sections' must map section names to labels.")
    missing = [k for k in SECTION_KEYS if not isinstance(sections.get(k), str)]
    if missing:
        raise TemplateError(f"{name}: 'sections' is missing {', '.join(missing)}.")
    help_in = data.get("help_numbers", [])
    if not isinstance(help_in, list) or not all(
            isinstance(h, dict) and isinstance(h.get("label"), str) and isinstance(h.get("value"), str)
            for h in help_in):
        raise TemplateError(f"{name}: 'help_numbers' must be a list of {{\"label\", \"value\"}}.")
    return Template(
        id=tid,
        name=_req_str(data, "name", name),
        description=str(data.get("description", "")),
        areas=areas,
        scale_question=_req_str(scale, "question", f"{name}, scale"),
        scale_wordings={str(k): str(v) for k, v in wordings.items()},
        scale_follow_ups=tuple(str(x) for x in scale.get("follow_ups", [])),
        sections={k: str(sections[k]) for k in SECTION_KEYS},
        plan_title=str(data.get("plan_title", "Our safety plan")),
        source=source,
        help_numbers=tuple(HelpNumber(h["label"].strip(), h["value"].strip()) for h in help_in
                           if h["label"].strip() and h["value"].strip()),
        emergency=str(data.get("emergency") or DEFAULT_EMERGENCY),
    )


def load_template_file(path: Path) -> Template:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"There is no template file at {path}.") from None
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"{Path(path).name} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(f"{Path(path).name} is not a UTF-8 text file.") from None
    return parse_template(data, str(path))


# Data files that live beside the templates but are not templates.
NOT_TEMPLATES = frozenset({"glossary.json", "locating-words.json", "hyphen-en_US.json"})


def _files(location: Path) -> list[Path]:
    if location.is_dir():
        return sorted(p for p in location.glob("*.json") if p.name not in NOT_TEMPLATES)
    return [location]


def available_templates(extra: Path | str | None = None) -> dict[str, Template]:
    """Shipped templates, plus the organisation's own (which win on the same id)."""
    out: dict[str, Template] = {}
    for f in _files(practice_dir()):
        if f.name.startswith("glossary"):
            continue
        t = load_template_file(f)
        out[t.id] = t
    location = extra or os.environ.get("SAFETYMAP_TEMPLATES")
    if location:
        for f in _files(Path(location)):
            t = load_template_file(f)
            out[t.id] = t
    return out


def get_template(template_id: str, extra: Path | str | None = None) -> Template:
    templates = available_templates(extra)
    return templates.get(template_id) or templates["child-protection"]
