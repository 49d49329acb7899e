"""Each map, scale, plan, assessment and chronology command is one changeset named after it;
typing into one field is one changeset (coalesced); undo through the store puts everything
back, including what a remove took with it."""

from __future__ import annotations

from datetime import date

from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.services import (
    assessment,
    changesets,
    chronology,
    entries,
    families,
    plan,
    scores,
)
from safetymap.services.families import load_family


def _commands(store, fid):
    return [h["command"] for h in changesets.history(store, fid)][::-1]


def _person(store, fid, name):
    from safetymap.domain import model as m

    with store.session(command="test.person") as s:
        p = m.Person(family_id=fid, name=name, role=m.PersonRole.ADULT)
        s.add(p)
        s.flush()
        return p.id


def _without_times(doc):
    if isinstance(doc, dict):
        return {k: _without_times(v) for k, v in doc.items()
                if k not in {"updated_at", "created_at"}}
    if isinstance(doc, list):
        return [_without_times(v) for v in doc]
    return doc


def test_every_command_is_one_named_changeset(store):
    fid = families.create_family(store, "F")
    start = len(_commands(store, fid))
    eid = entries.add(store, fid, "worry", "Dad shouts")
    for text in ("Dad shouts a", "Dad shouts at", "Dad shouts at night"):  # a burst of typing
        entries.edit(store, eid, text=text)
    goal = entries.add(store, fid, "goal", "Calm evenings")
    entries.pair_with_worry(store, goal, eid)
    sid = scores.record(store, fid, 4, scorer_label="School")
    scores.set_reasons(store, sid, "Calm")
    scores.set_reasons(store, sid, "Calmer")
    plan.save(store, fid, PlanContent(rules=[PlanRule("Nan visits")]))
    plan.agree_version(store, fid)
    assessment.edit(store, fid, analysis="We see more now")
    chronology.add(store, fid, date(2026, 10, 1), "School rang")
    assert store.last_changeset_id is not None
    assert _commands(store, fid)[start:] == [
        "entries.add", "entries.edit", "entries.add", "entries.pair_with_worry",
        "scores.record", "scores.set_reasons", "plan.save", "plan.agree_version",
        "assessment.edit", "chronology.add"]


def test_undo_of_a_removed_entry_brings_back_its_stances_and_its_goal_link(store):
    fid = families.create_family(store, "F")
    worry = entries.add(store, fid, "worry", "Dad shouts", view_label="School")
    tomasz = _person(store, fid, "Tomasz")
    entries.set_stance(store, worry, "disagrees", person_id=tomasz, note="Never")
    goal = entries.add(store, fid, "goal", "Calm evenings")
    entries.pair_with_worry(store, goal, worry)
    before = _without_times(load_family(store, fid))
    entries.remove(store, worry)
    removed = store.last_changeset_id
    after = load_family(store, fid)
    assert [e["id"] for e in after["map"]] == [goal]
    assert after["map"][0]["paired_worry_uid"] is None  # the link went with it
    changesets.undo(store, removed)
    assert _without_times(load_family(store, fid)) == before


def test_undo_of_a_taken_away_score_and_event(store):
    fid = families.create_family(store, "F")
    sid = scores.record(store, fid, 6, scorer_label="School", reasons="Calmer")
    eid = chronology.add(store, fid, date(2026, 10, 1), "School rang", detail="About Lena")
    before = _without_times(load_family(store, fid))
    scores.remove(store, sid)
    took_score = store.last_changeset_id
    chronology.remove(store, eid)
    took_event = store.last_changeset_id
    assert load_family(store, fid)["scores"] == []
    changesets.undo(store, took_event)
    changesets.undo(store, took_score)
    assert _without_times(load_family(store, fid)) == before
