"""The safety plan's, the assessment's and the chronology's commands (services/plan.py,
assessment.py, chronology.py), and the read-only sign-off they leave alone."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.services import assessment, chronology, families, plan
from safetymap.services import supervision as sv
from safetymap.services.families import load_family
from safetymap.store.errors import NotFound
from safetymap.store.history import ReadOnlyRecord


def test_save_the_plan_and_agree_versions(store):
    fid = families.create_family(store, "F")
    plan.save(store, fid, PlanContent(rules=[PlanRule("Nan visits on Saturdays")]))
    assert load_family(store, fid)["safety_plan"]["current"]["rules"][0]["text"] == \
        "Nan visits on Saturdays"
    assert plan.agree_version(store, fid, "At the meeting") == 1
    plan.save(store, fid, PlanContent(rules=[PlanRule("Nan visits on Saturdays"),
                                             PlanRule("Mum calls Gwen")]), coalesce=False)
    assert plan.agree_version(store, fid) == 2
    versions = load_family(store, fid)["safety_plan"]["versions"]
    assert [(v["version"], v["note"], len(v["content"]["rules"])) for v in versions] == \
        [(1, "At the meeting", 1), (2, "", 2)]
    with pytest.raises(ValueError, match="One part of the safety plan is too long"):
        plan.save(store, fid, PlanContent(review="x" * 100_001))
    assert load_family(store, fid)["safety_plan"]["current"]["review"] == ""
    with pytest.raises(NotFound):
        plan.save(store, fid + 99, PlanContent())


def test_assessment_fields_and_conclusion(store):
    fid = families.create_family(store, "F")
    assessment.edit(store, fid, analysis="We understand more now")
    assessment.edit(store, fid, decision="Stay at home", family_note="We will phone you")
    a = load_family(store, fid)["assessment"]
    assert (a["analysis"], a["decision"], a["rationale"], a["family_note"]) == \
        ("We understand more now", "Stay at home", "", "We will phone you")
    with pytest.raises(TypeError):
        assessment.edit(store, fid, concluded_at=None)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="The analysis is too long"):
        assessment.edit(store, fid, analysis="x" * 1_000_001)
    at = datetime(2026, 11, 1, 9, 30).astimezone()
    assessment.conclude(store, fid, at=at)
    assert datetime.fromisoformat(load_family(store, fid)["assessment"]["concluded_at"]) == at
    assessment.conclude(store, fid)  # already concluded: the moment is kept
    assert datetime.fromisoformat(load_family(store, fid)["assessment"]["concluded_at"]) == at
    assessment.conclude(store, fid, False)
    assert load_family(store, fid)["assessment"]["concluded_at"] is None


def test_chronology_add_edit_remove(store):
    fid = families.create_family(store, "F")
    eid = chronology.add(store, fid, date(2026, 10, 1), "School saw bruises",
                         source="Mrs Evans")
    [ev] = load_family(store, fid)["assessment"]["chronology"]
    assert (ev["id"], ev["title"], ev["source"], ev["occurred_on"]) == \
        (eid, "School saw bruises", "Mrs Evans", "2026-10-01")
    chronology.edit(store, eid, detail="Lena said Daddy was shouting",
                    occurred_on=date(2026, 10, 2))
    [ev] = load_family(store, fid)["assessment"]["chronology"]
    assert (ev["title"], ev["detail"], ev["occurred_on"]) == \
        ("School saw bruises", "Lena said Daddy was shouting", "2026-10-02")
    with pytest.raises(ValueError, match="a day, without a time"):
        chronology.edit(store, eid, occurred_on=datetime(2026, 10, 3, 9, 0))
    with pytest.raises(ValueError, match="Who told us is too long"):
        chronology.add(store, fid, date(2026, 10, 5), "x", source="y" * 301)
    chronology.remove(store, eid)
    assert load_family(store, fid)["assessment"]["chronology"] == []
    with pytest.raises(NotFound, match="no longer in the chronology"):
        chronology.edit(store, eid, title="x")


def test_editing_a_signed_off_supervision_record_stays_refused(store):
    fid = families.create_family(store, "F")
    rid = sv.start_record(store, fid)
    sv.update_record(store, rid, decision="Stay at home")
    sv.sign_off(store, rid, "Pat Jones", "Team manager")
    with pytest.raises(ReadOnlyRecord, match="signed off and cannot be changed"):
        sv.update_record(store, rid, decision="changed later")
    assert sv.get_record(store, rid).decision == "Stay at home"
