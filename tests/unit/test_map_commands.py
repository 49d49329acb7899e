"""The map's commands (services/entries.py): each does what it says in one unit of work, and
each rule is refused with a sentence, changing nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.domain import rules_map
from safetymap.services import entries, families
from safetymap.services.families import load_family
from safetymap.store.errors import NotFound


def _person(store, fid: int, name: str, role: str = "adult") -> int:
    with store.session(command="test.person") as s:
        p = m.Person(family_id=fid, name=name, role=m.PersonRole(role))
        s.add(p)
        s.flush()
        return p.id


def _entry(store, eid: int) -> dict:
    with store.session() as s:
        e = s.get(m.MapEntry, eid)
        assert e is not None
        return {"text": e.text, "area": e.area.value, "view_person_id": e.view_person_id,
                "view_label": e.view_label, "paired_worry_id": e.paired_worry_id,
                "position": e.position, "resolved_at": e.resolved_at,
                "agreed_date": e.agreed_date, "child_text": e.child_text,
                "worry_who": e.worry_who, "step_who": e.step_who,
                "stances": sorted(((st.person_id, st.label, st.stance.value, st.note)
                                   for st in e.stances), key=lambda t: (t[0] or 0, t[1]))}


def _count(store, cls) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(cls)))


@pytest.fixture
def fam(store):
    fid = families.create_family(store, "F")
    other = families.create_family(store, "Other")
    return fid, other


def test_add_edit_and_remove_an_entry(store, fam):
    fid, _ = fam
    eid = entries.add(store, fid, "strength", "Reads to the children", view_label="Worker")
    e = _entry(store, eid)
    assert (e["area"], e["text"], e["view_label"], e["position"]) == \
        ("strength", "Reads to the children", "Worker", 0)
    second = entries.add(store, fid, "strength", "Walks them to school")
    assert _entry(store, second)["position"] == 1
    entries.edit(store, eid, text="Reads a story every night", child_text="Mum reads to you")
    e = _entry(store, eid)
    assert (e["text"], e["child_text"]) == ("Reads a story every night", "Mum reads to you")
    entries.edit(store, eid, worry_who="Nan")  # only what is given changes
    assert _entry(store, eid)["text"] == "Reads a story every night"
    entries.remove(store, eid)
    with pytest.raises(NotFound, match="no longer there"):
        entries.edit(store, eid, text="x")
    assert [x["id"] for x in load_family(store, fid)["map"]] == [second]


def test_an_entry_text_has_a_length_bound(store, fam):
    fid, _ = fam
    too_long = "x" * (rules_map.MAX_ENTRY_TEXT + 1)
    with pytest.raises(ValueError, match="too long: it can be at most 100,000 characters"):
        entries.add(store, fid, "worry", too_long)
    assert _count(store, m.MapEntry) == 0
    eid = entries.add(store, fid, "worry", "x" * rules_map.MAX_ENTRY_TEXT)  # the bound itself
    with pytest.raises(ValueError, match="too long"):
        entries.edit(store, eid, text=too_long)
    with pytest.raises(ValueError, match="Who will do it is too long"):
        entries.edit(store, eid, step_who="y" * 301)
    assert len(_entry(store, eid)["text"]) == rules_map.MAX_ENTRY_TEXT
    assert _entry(store, eid)["step_who"] == ""


def test_an_unknown_area_is_refused_with_a_sentence(store, fam):
    with pytest.raises(ValueError, match="not one of the parts of the map"):
        entries.add(store, fam[0], "danger-score", "x")


def test_move_reorders_within_the_area_only(store, fam):
    fid, _ = fam
    a, b, c = (entries.add(store, fid, "goal", t) for t in "abc")
    w = entries.add(store, fid, "worry", "w")
    entries.move(store, c, 0)
    assert [x["id"] for x in load_family(store, fid)["map"] if x["area"] == "goal"] == [c, a, b]
    entries.move(store, c, 99)
    assert [x["id"] for x in load_family(store, fid)["map"] if x["area"] == "goal"] == [a, b, c]
    assert _entry(store, w)["position"] == 0


def test_whose_view_person_label_or_a_new_person_in_one_step(store, fam):
    fid, other = fam
    eid = entries.add(store, fid, "harm", "Bruises")
    sarah = _person(store, fid, "Sarah Hughes")
    assert entries.set_view(store, eid, person_id=sarah) == sarah
    assert _entry(store, eid)["view_person_id"] == sarah
    entries.set_view(store, eid, label="School")
    e = _entry(store, eid)
    assert (e["view_person_id"], e["view_label"]) == (None, "School")
    pid = entries.set_view(store, eid, new_person_name="  Gwen Hughes ")
    assert pid is not None and _entry(store, eid)["view_person_id"] == pid
    assert any(p["name"] == "Gwen Hughes" and p["id"] == pid
               for p in load_family(store, fid)["people"])
    kid = entries.set_view(store, eid, new_person_name="Lena", new_person_role="child")
    lena = next(p for p in load_family(store, fid)["people"] if p["id"] == kid)
    assert lena["in_household"] is True  # a child lives at home, as people.add says
    with pytest.raises(ValueError, match="Write the new person's name first"):
        entries.set_view(store, eid, new_person_name="   ")
    stranger = _person(store, other, "Someone Else")
    with pytest.raises(ValueError, match="That person belongs to another family"):
        entries.set_view(store, eid, person_id=stranger)
    assert _entry(store, eid)["view_person_id"] == kid
    with pytest.raises(ValueError, match="belongs to another family"):
        entries.add(store, fid, "harm", "x", view_person_id=stranger)


def test_resolved_and_agreed_date(store, fam):
    fid, _ = fam
    eid = entries.add(store, fid, "next_step", "Call the council")
    entries.set_resolved(store, eid, True)
    when = _entry(store, eid)["resolved_at"]
    assert isinstance(when, datetime)
    entries.set_resolved(store, eid, True)  # already resolved: the moment is kept
    assert _entry(store, eid)["resolved_at"] == when
    entries.set_resolved(store, eid, False)
    assert _entry(store, eid)["resolved_at"] is None
    entries.set_agreed_date(store, eid, date(2026, 12, 1))
    assert _entry(store, eid)["agreed_date"] == date(2026, 12, 1)
    with pytest.raises(ValueError, match="a day, without a time"):
        entries.set_agreed_date(store, eid, datetime(2026, 12, 1, 9, 0))
    entries.set_agreed_date(store, eid, None)
    assert _entry(store, eid)["agreed_date"] is None


def test_a_stance_belongs_to_an_entry_of_the_same_family(store, fam):
    fid, other = fam
    eid = entries.add(store, fid, "worry", "Dad shouts")
    tomasz = _person(store, fid, "Tomasz")
    stranger = _person(store, other, "Someone Else")
    with pytest.raises(ValueError, match="That person belongs to another family"):
        entries.set_stance(store, eid, "agrees", person_id=stranger)
    assert _entry(store, eid)["stances"] == []
    sid = entries.set_stance(store, eid, "disagrees", person_id=tomasz, note="Never")
    assert entries.set_stance(store, eid, "unsure", person_id=tomasz) == sid  # one per person
    assert _entry(store, eid)["stances"] == [(tomasz, "", "unsure", "Never")]
    entries.set_stance_note(store, eid, "Maybe sometimes", person_id=tomasz)
    entries.set_stance(store, eid, "agrees", label="School")
    assert _entry(store, eid)["stances"] == [(None, "School", "agrees", ""),
                                             (tomasz, "", "unsure", "Maybe sometimes")]
    with pytest.raises(ValueError, match="'agrees', 'disagrees' or 'unsure'"):
        entries.set_stance(store, eid, "maybe", person_id=tomasz)
    with pytest.raises(ValueError, match="Say whose view it is"):
        entries.set_stance(store, eid, "agrees")
    with pytest.raises(ValueError, match="Choose whether they agree first"):
        entries.set_stance_note(store, eid, "x", label="Nobody yet")
    assert entries.remove_stance(store, eid, person_id=tomasz) is True
    assert entries.remove_stance(store, eid, person_id=tomasz) is False
    assert _entry(store, eid)["stances"] == [(None, "School", "agrees", "")]
    doc_stance = load_family(store, fid)["map"][0]["stances"][0]
    assert isinstance(doc_stance["id"], int)


def test_a_goal_is_paired_only_with_a_worry_of_its_own_family(store, fam):
    fid, other = fam
    worry = entries.add(store, fid, "worry", "Dad shouts")
    goal = entries.add(store, fid, "goal", "Calm evenings")
    strength = entries.add(store, fid, "strength", "Nan helps")
    far_worry = entries.add(store, other, "worry", "Another family's worry")
    entries.pair_with_worry(store, goal, worry)
    assert _entry(store, goal)["paired_worry_id"] == worry
    d = load_family(store, fid)
    assert next(e for e in d["map"] if e["id"] == goal)["paired_worry_uid"] == \
        next(e for e in d["map"] if e["id"] == worry)["uid"]
    with pytest.raises(ValueError, match="cannot be paired with itself"):
        entries.pair_with_worry(store, goal, goal)
    with pytest.raises(ValueError, match="only with a worry statement"):
        entries.pair_with_worry(store, goal, strength)
    with pytest.raises(ValueError, match="That worry belongs to another family"):
        entries.pair_with_worry(store, goal, far_worry)
    with pytest.raises(ValueError, match="Only a safety goal is paired"):
        entries.pair_with_worry(store, strength, worry)
    with pytest.raises(ValueError, match="another family"):
        entries.add(store, fid, "goal", "x", paired_worry_id=far_worry)
    assert _count(store, m.MapEntry) == 4  # the refused add left nothing behind
    assert _entry(store, goal)["paired_worry_id"] == worry
    entries.pair_with_worry(store, goal, None)
    assert _entry(store, goal)["paired_worry_id"] is None


def test_compose_worry():
    s = entries.compose_worry("The school", "Dad shouts and pushes Mum",
                              "when he has been drinking", "Lena could be hurt")
    assert s == ("The school is worried that Dad shouts and pushes Mum when he has been "
                 "drinking, and that Lena could be hurt.")
    assert entries.compose_worry("", "", "", "") == ""
    assert entries.compose_worry("Mum and Gwen", "", "", "").startswith("Mum and Gwen are worried")
