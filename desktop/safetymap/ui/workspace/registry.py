"""The workspace pages, in the order of a conversation (guided mode walks them in this order,
all but the map at a glance, which is an overview of them and the page a family opens on).

Each entry is (page_key, module, class name). Pages are imported by name so that the workspace
shell does not import every page module at start-up. tests/ui/test_registry.py checks that every
page listed here exists and is a WorkspacePage.
"""

from __future__ import annotations

import importlib
from typing import Any

from .page import WorkspacePage

PAGES: tuple[tuple[str, str, str], ...] = (
    # the whole map at a glance: the page a family opens on (not a step of guided mode)
    ("glance", "safetymap.ui.workspace.glance", "GlancePage"),
    ("people", "safetymap.ui.workspace.people", "PeoplePage"),
    ("worried", "safetymap.ui.workspace.worried", "WorriedPage"),
    ("working_well", "safetymap.ui.workspace.working_well", "WorkingWellPage"),
    ("judgement", "safetymap.ui.workspace.judgement", "JudgementPage"),
    ("needs_to_happen", "safetymap.ui.workspace.needs", "NeedsToHappenPage"),
    ("childs_voice", "safetymap.ui.workspace.childs_voice", "ChildsVoicePage"),
    ("plan", "safetymap.ui.workspace.plan", "PlanPage"),
    ("assessment", "safetymap.ui.workspace.assessment", "AssessmentPage"),
)


def page_classes(*, skip_missing: bool = False) -> list[tuple[str, type[WorkspacePage]]]:
    """The page classes in order. `skip_missing` is only for work in progress on a branch."""
    out = []
    for key, module, cls in PAGES:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if skip_missing and exc.name == module:
                continue
            raise
        out.append((key, getattr(mod, cls)))
    return out


#: pages that give an overview of the others rather than a step of the conversation: guided
#: mode walks every page but these
OVERVIEWS = frozenset({"glance"})


def guided_steps(order: list[str]) -> list[str]:
    """The pages guided mode walks, in order."""
    return [k for k in order if k not in OVERVIEWS]


def first_page(order: list[str], doc: dict[str, Any]) -> str:
    """The page a family opens on: the map at a glance, except for a family with nobody in it
    yet, which starts on People (its name box has the cursor)."""
    if not doc.get("people") and "people" in order:
        return "people"
    return order[0]
