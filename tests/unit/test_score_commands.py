"""The scale's commands (services/scores.py): a score is a whole number from 0 to 10, and a
number recorded by a supervision sign-off is never changed here."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.services import families, scores
from safetymap.services import supervision as sv
from safetymap.services.families import load_family
from safetymap.store.errors import NotFound


def _score(store, sid: int) -> tuple[int, str, str]:
    with store.session() as s:
        sc = s.get(m.Score, sid)
        assert sc is not None
        return sc.value, sc.reasons, sc.scale_wording


def _count(store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.Score)))


@pytest.mark.parametrize("bad", [-1, 11, 7.5, "7", True, None, float("nan")])
def test_a_score_is_a_whole_number_from_0_to_10(store, bad):
    fid = families.create_family(store, "F")
    with pytest.raises(ValueError, match="whole number from 0 to 10"):
        scores.record(store, fid, bad, scorer_label="worker")
    assert _count(store) == 0
    sid = scores.record(store, fid, 4, scorer_label="worker")
    with pytest.raises(ValueError, match="whole number from 0 to 10"):
        scores.set_value(store, sid, bad)
    assert _score(store, sid)[0] == 4


def test_record_change_reasons_wording_and_take_away(store):
    fid = families.create_family(store, "F")
    assert scores.record(store, fid, 0) and scores.record(store, fid, 10)
    sid = scores.record(store, fid, 7.0, scorer_label="School", reasons="Calmer",
                        scale_wording="10 means safe")
    assert _score(store, sid) == (7, "Calmer", "10 means safe")
    scores.set_value(store, sid, 8)
    scores.set_reasons(store, sid, "Calmer, and Nan visits")
    scores.set_wording(store, sid, "10 means all is well")
    assert _score(store, sid) == (8, "Calmer, and Nan visits", "10 means all is well")
    doc_score = next(s for s in load_family(store, fid)["scores"] if s["value"] == 8)
    assert doc_score["id"] == sid
    scores.remove(store, sid)
    with pytest.raises(NotFound, match="no longer there"):
        scores.set_value(store, sid, 3)
    assert _count(store) == 2


def test_a_person_of_another_family_cannot_score_here(store):
    fid = families.create_family(store, "F")
    other = families.create_family(store, "Other")
    with store.session() as s:
        p = m.Person(family_id=other, name="Someone Else", role=m.PersonRole.ADULT)
        s.add(p)
        s.flush()
        pid = p.id
    with pytest.raises(ValueError, match="belongs to another family"):
        scores.record(store, fid, 5, person_id=pid)
    assert _count(store) == 0


def test_a_number_made_by_a_sign_off_is_never_changed_here(store):
    fid = families.create_family(store, "F")
    rid = sv.start_record(store, fid)
    sv.update_record(store, rid, supervisor_score=6, score_reasons="Steady")
    sv.sign_off(store, rid, "Pat Jones", "Team manager")
    [signed] = load_family(store, fid)["scores"]
    assert signed["who"] == sv.SUPERVISOR_LABEL
    for change in (lambda: scores.set_value(store, signed["id"], 2),
                   lambda: scores.set_reasons(store, signed["id"], "rewritten"),
                   lambda: scores.remove(store, signed["id"])):
        with pytest.raises(ValueError, match="signed off, so it stays as it was"):
            change()
    assert _score(store, signed["id"])[:2] == (6, "Steady")
    # a number someone merely labelled "Supervisor" is an ordinary number
    own = scores.record(store, fid, 3, scorer_label=sv.SUPERVISOR_LABEL)
    scores.set_value(store, own, 4)
    assert _score(store, own)[0] == 4
