from __future__ import annotations

import json

import pytest

from safetymap.domain.model import MapArea
from safetymap.practice.templates import (
    TemplateError,
    available_templates,
    get_template,
    load_template_file,
)


def test_shipped_templates_are_valid_and_differ():
    t = available_templates()
    assert {"child-protection", "wellbeing"} <= set(t)
    assert t["child-protection"].label(MapArea.WORRY) == "Danger statements"
    assert t["wellbeing"].label(MapArea.WORRY) == "Worries"
    assert t["wellbeing"].label("goal") == "Wellbeing goals"
    for tpl in t.values():
        assert all(tpl.areas[a].prompts for a in MapArea)
        assert tpl.wording("parent") and tpl.wording("nobody") == tpl.wording()


def test_an_organisations_template_is_loaded_and_validated(tmp_path):
    base = json.loads(json.dumps(get_template("child-protection").__dict__, default=str))
    del base  # the dataclass is not the file format; build a file from a shipped one instead
    from safetymap.config import practice_dir

    data = json.loads((practice_dir() / "child-protection.json").read_text())
    data["id"] = "our-council"
    data["areas"]["worry"]["label"] = "Worry statements"
    f = tmp_path / "ours.json"
    f.write_text(json.dumps(data))
    t = available_templates(f)
    assert t["our-council"].label("worry") == "Worry statements"

    del data["areas"]["goal"]
    f.write_text(json.dumps(data))
    with pytest.raises(TemplateError, match="area 'goal' is missing"):
        load_template_file(f)
    f.write_text("{ not json")
    with pytest.raises(TemplateError, match="not valid JSON"):
        load_template_file(f)
