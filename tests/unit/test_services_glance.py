"""The map at a glance as plain data (services/glance.py): the three columns and the scale with
the family's template's labels, whose view and any disagreement, and a kitchen-table view built
from the family's safe copy only."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from safetymap.practice.templates import get_template
from safetymap.services.demo import add_demo_families
from safetymap.services.families import load_family
from safetymap.services.glance import map_at_a_glance, short_text


def _glance(store: Any, which: int, family_safe: bool = False):
    fid = add_demo_families(store)[which]
    doc = load_family(store, fid)
    return doc, map_at_a_glance(doc, get_template(doc["family"]["template_id"]),
                                family_safe=family_safe)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "__dataclass_fields__"):
        return _strings(astuple(value))
    return []


def test_three_columns_and_the_scale_as_the_paper_map(store):
    _, g = _glance(store, 0)
    assert [c.key for c in g.columns] == ["worried", "working_well", "needs_to_happen"]
    assert [c.title for c in g.columns] == ["What are we worried about?",
                                            "What's working well?", "What needs to happen?"]
    assert [gr.label for gr in g.columns[0].groups] == ["Harm", "Danger statements",
                                                        "Complicating factors"]
    # everyone's latest number, lowest first, named as on the map
    assert [(s.who, s.value) for s in g.scores] == [("School", 3), ("Alex", 4), ("Sarah", 6),
                                                    ("Tomasz", 8)]
    assert g.at(8) == ("Tomasz",) and g.at(5) == ()
    harm = g.columns[0].groups[0].entries[0]
    assert harm.view == "School" and harm.page == "worried"
    assert harm.disagreement.startswith("Tomasz doesn't agree: ")
    step = g.columns[2].groups[1].entries[0]
    assert step.detail == "Who: Alex \u00b7 Agreed for 27 November 2026"


def test_labels_come_from_the_familys_template(store):
    """An early-help family's map says "Worries" and "Good things", never the child-protection
    words (the stuck point: labels hard-coded on screens)."""
    _, g = _glance(store, 1)
    labels = [gr.label for c in g.columns for gr in c.groups]
    assert "Worries" in labels and "Good things" in labels
    assert "Danger statements" not in labels and "Existing strengths" not in labels
    assert g.scale_title == "How are things on the scale?"


def test_the_kitchen_table_view_holds_nothing_confidential(store):
    """The Yılmaz family: Mihai is marked confidential, their address and phones too, and the
    worker chose to leave "refuge" out of the family's copy. None of it may be in the kitchen-
    table view; the working view (the control) does show Mihai and the refuge."""
    doc, work = _glance(store, 2)
    _, safe = _glance(store, 2, family_safe=True)
    work_text = " ".join(_strings(work))
    assert "Mihai" in work_text and "refuge" in work_text  # the control
    safe_text = " ".join(_strings(safe))
    secrets = ["Mihai", "Popescu (no contact)", "refuge", "Refuge", "Cedar Lane", "CF10",
               "900999", "2000 0999", "Women's refuge"]
    secrets += [c["value"] for p in doc["people"] for c in p["contacts"] if c["confidential"]]
    assert not [s for s in secrets if s in safe_text]
    assert "[name left out]" in safe_text and safe.left_out >= 3
    assert safe.family_safe and not work.family_safe


def test_a_short_text_is_cut_at_a_whole_word():
    assert short_text("One  two\nthree") == "One two three"
    cut = short_text("word " * 60)
    assert len(cut) <= 140 and cut.endswith("word\u2026")
