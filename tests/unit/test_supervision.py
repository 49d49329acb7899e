"""Reflective supervision: changes since the last sign-off, the sign-off itself (audited and
read-only afterwards), group supervision with initials, and history everywhere."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from safetymap.domain import model as m
from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.services import changes, changesets, families
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import plan as plan_cmds
from safetymap.services import scores as score_cmds
from safetymap.services import supervision as sv
from safetymap.services.demo import DEMO_NAMES
from safetymap.services.integrity import check_store
from safetymap.store.errors import NotFound
from safetymap.store.history import ReadOnlyRecord

from .. import rowedit


def _family(store):
    fid = families.create_family(store, "Test family")
    mum = people_cmds.add(store, fid, "Ayşe Demir", "adult", "Mum")
    kid = people_cmds.add(store, fid, "Deniz Demir", "child", "Son")
    old_edit = entry_cmds.add(store, fid, "worry", "Old worry text")
    old_resolve = entry_cmds.add(store, fid, "complicating", "Rent arrears")
    old_delete = entry_cmds.add(store, fid, "strength", "Goes to the park")
    untouched = entry_cmds.add(store, fid, "strength", "Walks him to school")
    score_cmds.record(store, fid, 3, scorer_label="worker", reasons="early days")
    score_cmds.record(store, fid, 6, person_id=mum)
    return dict(fid=fid, mum=mum, kid=kid, old_edit=old_edit, old_resolve=old_resolve,
                old_delete=old_delete, untouched=untouched)


def test_without_a_sign_off_everything_is_new(store):
    f = _family(store)
    r = sv.changes_since_last_signoff(store, f["fid"])
    assert r.last_sign_off is None
    assert {c.text_after for c in r.added} == {"Old worry text", "Rent arrears",
                                               "Goes to the park", "Walks him to school"}
    assert not r.edited and not r.resolved and not r.deleted
    moves = {mv.who: mv for mv in r.scores}
    assert moves["worker"].previous is None and moves["worker"].latest == 3
    assert moves["Ayşe Demir"].describe() == "new: 6"


def test_changes_since_last_sign_off(store):
    f = _family(store)
    fid = f["fid"]
    rec = sv.start_record(store, fid)
    sv.update_record(store, rec, reflections="Good work with Mum.", supervisor_score=4,
                     score_reasons="Mum acts to keep him safe.", decision="Carry on",
                     rationale="Plan is working")
    signed = sv.sign_off(store, rec, "Jo Bloggs", "Team manager")
    assert signed.read_only and signed.signed_off_by == "Jo Bloggs"

    # after the sign-off
    added = entry_cmds.add(store, fid, "existing_safety", "Mum called Nan when Dad was drunk")
    entry_cmds.edit(store, f["old_edit"], text="New worry text")
    entry_cmds.set_resolved(store, f["old_resolve"], True)
    entry_cmds.remove(store, f["old_delete"])
    # edited and put back: not a change
    entry_cmds.edit(store, f["untouched"], text="tmp")
    entry_cmds.edit(store, f["untouched"], text="Walks him to school")
    # added and removed again within the period: not listed
    gone = entry_cmds.add(store, fid, "worry", "typo")
    entry_cmds.remove(store, gone)
    score_cmds.record(store, fid, 5, scorer_label="worker", reasons="better")
    score_cmds.record(store, fid, 6, scorer_label="Worker ", reasons="better still")

    r = sv.changes_since_last_signoff(store, fid)
    assert r.last_sign_off is not None and r.last_sign_off.by == "Jo Bloggs"
    assert r.since == r.last_sign_off.at
    assert [(c.entity_id, c.text_after, c.area) for c in r.added] == [
        (added, "Mum called Nan when Dad was drunk", "existing_safety")]
    assert [(c.text_before, c.text_after, c.fields) for c in r.edited] == [
        ("Old worry text", "New worry text", ("text",))]
    assert [(c.entity_id, c.text_after) for c in r.resolved] == [(f["old_resolve"], "Rent arrears")]
    assert [(c.entity_id, c.text_before) for c in r.deleted] == [(None, "Goes to the park")]
    moves = {mv.key: mv for mv in r.scores}
    worker = moves["label:worker"]
    assert worker.previous == 3 and worker.latest == 6 and worker.movement == 3
    assert worker.describe() == "3 → 5 → 6 (up 3)"
    mum = moves[f"person:{f['mum']}"]
    assert mum.previous == 6 and not mum.changed and mum.describe() == "6 (no new score)"
    # the supervisor's own score joined the trajectory, dated at the sign-off, not as "new"
    sup = moves["label:supervisor"]
    assert sup.previous == 4 and not sup.changed
    assert not r.is_empty


def test_nothing_changed_after_sign_off(store):
    f = _family(store)
    rec = sv.start_record(store, f["fid"])
    sv.sign_off(store, rec, "Jo", "Supervisor")
    r = sv.changes_since_last_signoff(store, f["fid"])
    assert r.is_empty
    assert not r.added and not r.edited and not r.resolved and not r.deleted


def test_only_changes_after_the_latest_sign_off_count(store):
    f = _family(store)
    sv.sign_off(store, sv.start_record(store, f["fid"]), "Jo", "Supervisor")
    entry_cmds.add(store, f["fid"], "goal", "between sign-offs")
    sv.sign_off(store, sv.start_record(store, f["fid"]), "Sam", "Practice lead")
    entry_cmds.add(store, f["fid"], "goal", "after the second")
    r = sv.changes_since_last_signoff(store, f["fid"])
    assert r.last_sign_off.by == "Sam"
    assert [c.text_after for c in r.added] == ["after the second"]


def test_sign_off_is_audited_and_read_only(store):
    f = _family(store)
    rec = sv.start_record(store, f["fid"])
    assert sv.start_record(store, f["fid"]) == rec  # resumes the unsigned draft
    sv.update_record(store, rec, decision="Stay at home", rationale="Nan is close by")
    view = sv.sign_off(store, rec, "Jo Bloggs", "Team manager")
    with store.session() as s:
        rows = s.execute(text("SELECT action, entity_type, entity_uid FROM audit_log "
                              "WHERE action = 'sign_off'")).all()
    assert rows == [("sign_off", "SupervisionRecord", view.uid)]
    assert check_store(store).ok
    with pytest.raises(ReadOnlyRecord):
        sv.update_record(store, rec, decision="changed my mind")
    with pytest.raises(ReadOnlyRecord):
        sv.sign_off(store, rec, "Someone", "Else")
    with pytest.raises(ReadOnlyRecord):  # the store itself refuses too, not only the service
        rowedit.update_row(store, "SupervisionRecord", rec, decision="x")
    after = sv.get_record(store, rec)
    assert after.decision == "Stay at home" and after.read_only
    # a new record is a new draft
    assert sv.start_record(store, f["fid"]) != rec
    assert [r.read_only for r in sv.list_records(store, f["fid"])] == [True, False]


def test_sign_off_needs_name_and_role_and_scores_are_checked(store):
    f = _family(store)
    rec = sv.start_record(store, f["fid"])
    with pytest.raises(ValueError):
        sv.sign_off(store, rec, "  ", "Team manager")
    with pytest.raises(ValueError):
        sv.sign_off(store, rec, "Jo", "")
    with pytest.raises(ValueError):
        sv.update_record(store, rec, supervisor_score=11)
    with pytest.raises(TypeError):  # the sign-off is not a part one can autosave
        sv.update_record(store, rec, signed_off_by="me")  # type: ignore[call-arg]
    assert not sv.get_record(store, rec).read_only


def test_prompts_include_practice_questions():
    for q in ("What has gone well in your work with this family?",
              "What are you most worried about?",
              "What would one step up the scale look like?", "What don't we know yet?"):
        assert q in sv.APPRECIATIVE_PROMPTS
    assert len(sv.APPRECIATIVE_PROMPTS) >= 8


def _without_identifiers(x):
    """The view without its random identifiers and picture bytes: a uid can hold "07700" by
    chance (it did, once in CI), and a uid is never shown."""
    if isinstance(x, dict):
        return {k: _without_identifiers(v) for k, v in x.items()
                if not (k == "uid" or k.endswith("_uid") or k == "data_base64")}
    if isinstance(x, list):
        return [_without_identifiers(v) for v in x]
    if isinstance(x, str) and re.fullmatch(r"[0-9a-f]{32}", x):
        return "<uid>"  # a person named by uid (who makes sure)
    return x


def test_group_supervision_uses_initials_everywhere(demo_store):
    fid = families.resolve_family(demo_store, DEMO_NAMES[0])
    doc = families.load_family(demo_store, fid)
    view = sv.initials_view(doc)
    dumped = json.dumps(_without_identifiers(view), ensure_ascii=False)
    for full in ("Sarah", "Hughes", "Tomasz", "Kowalski", "Kowalska", "Lena", "Jakub", "Gwen",
                 "Evans", "Alex Morgan", "07700", "Heol y Mynydd"):
        assert full not in dumped, full
    assert [p["name"] for p in view["people"]][:4] == ["SH", "TK", "LK", "JK"]
    assert view["family"]["display_name"] == "H.-K. family"
    assert any("TK" in e["text"] for e in view["map"])
    assert doc["people"][0]["name"] == "Sarah Hughes"  # the original is untouched
    # accented names too
    fid2 = families.resolve_family(demo_store, DEMO_NAMES[1])
    dumped2 = json.dumps(sv.initials_view(families.load_family(demo_store, fid2)),
                         ensure_ascii=False)
    assert "Siôn" not in dumped2 and "Ŵyn" not in dumped2


def test_initials_view_shared_first_name():
    doc = {"people": [{"name": "Sam Jones"}, {"name": "Sam Smith"}],
           "map": [{"text": "Sam said Sam Smith was kind"}]}
    out = sv.initials_view(doc)
    assert out["map"][0]["text"] == "S. said SS was kind"


def test_group_summary_saved_on_the_family_record(store):
    f = _family(store)
    rec = sv.start_record(store, f["fid"], is_group=True)
    sv.save_group_summary(store, rec, "Group thinks AD is acting protectively.")
    sv.sign_off(store, rec, "Jo", "Group facilitator")
    doc = families.load_family(store, f["fid"])
    assert doc["supervision"][0]["is_group"] is True
    assert doc["supervision"][0]["group_summary"] == "Group thinks AD is acting protectively."


def test_entry_history_and_score_trajectory(store):
    f = _family(store)
    entry_cmds.edit(store, f["old_edit"], text="second")
    changesets.close_burst(store)  # the worker left the field: the next edit is a version
    entry_cmds.edit(store, f["old_edit"], text="third")
    hist = changes.entry_history(store, "MapEntry", f["old_edit"])
    assert [v.data["text"] for v in hist] == ["Old worry text", "second", "third"]
    assert [v.operation for v in hist] == ["insert", "update", "update"]
    assert hist[1].changed_fields == ("text",)
    uid = hist[0].data["uid"]
    entry_cmds.remove(store, f["old_edit"])
    by_uid = changes.entry_history(store, "MapEntry", entity_uid=uid)
    assert by_uid[-1].operation == "delete"

    t0 = m.utcnow() - timedelta(days=10)
    score_cmds.record(store, f["fid"], 2, scorer_label="worker", scored_at=t0)
    traj = changes.score_trajectory(store, f["fid"])
    assert [v for _, v in traj["worker"]] == [2, 3]
    assert [v for _, v in traj["Ayşe Demir"]] == [6]


def test_plan_versions_and_readable_diff(store):
    f = _family(store)
    fid = f["fid"]
    with store.session() as s:
        mum_uid = s.scalar(select(m.Person.uid).where(m.Person.id == f["mum"]))
    plan_cmds.save(store, fid, PlanContent(rules=[PlanRule("Nan visits on Saturdays"),
                                                  PlanRule("No drinking at home",
                                                           [mum_uid])],
                                           warning_signs=["Shouting"]))
    assert plan_cmds.agree_version(store, fid, "first") == 1
    plan_cmds.save(store, fid, PlanContent(rules=[PlanRule("Nan visits on Saturdays"),
                                                  PlanRule("No drinking at all", [mum_uid])],
                                           warning_signs=["Shouting"], review="In March"))
    assert plan_cmds.agree_version(store, fid, "second") == 2
    versions = changes.plan_versions(store, fid)
    assert [v.version for v in versions] == [1, 2, changes.WORKING]
    diff = changes.plan_diff(store, fid, 1, 2)
    assert "Removed: Rule: No drinking at home (who makes sure: Ayşe Demir)" in diff
    assert "Added: Rule: No drinking at all (who makes sure: Ayşe Demir)" in diff
    assert "Added: Review: In March" in diff
    assert "Unchanged: Rule: Nan visits on Saturdays" in diff
    assert changes.plan_diff(store, fid, 2, changes.WORKING) == []
    with pytest.raises(NotFound):
        changes.plan_diff(store, fid, 1, 7)


def test_the_score_added_at_sign_off_is_not_a_change_since_it(demo_store):
    from safetymap.services import supervision as sv
    from safetymap.services.families import resolve_family

    fid = resolve_family(demo_store, "Hughes-Kowalski family")
    rid = sv.start_record(demo_store, fid)
    sv.update_record(demo_store, rid, supervisor_score=5, score_reasons="Steady")
    sv.sign_off(demo_store, rid, "Pat Jones", "Practice lead")
    report = sv.changes_since_last_signoff(demo_store, fid)
    assert not any(move.new_scores for move in report.scores), report.scores
    assert report.is_empty
    assert not report.other, report.other  # the Score row's history is stamped at sign-off
