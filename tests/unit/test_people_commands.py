"""The people commands (services/people.py) and their rules (domain/rules.py): each does what it
says in one unit of work; a broken rule is refused with a sentence and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from safetymap.domain import rules
from safetymap.services import changesets, families, people
from safetymap.services.families import load_family
from safetymap.services.people import KEEP
from safetymap.store.errors import NotFound


def _family(store) -> int:
    return families.create_family(store, "Test family")


def _contact(store, fid: int, cid: int) -> dict[str, Any]:
    for p in load_family(store, fid)["people"]:
        for c in p["contacts"]:
            if c["id"] == cid:
                return c
    raise AssertionError("no such contact")


def _person(store, fid: int, pid: int) -> dict[str, Any]:
    return next(p for p in load_family(store, fid)["people"] if p["id"] == pid)


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items()
                if k not in ("created_at", "updated_at")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


# --- a child lives at home by default ---------------------------------------------------------


def test_a_new_child_lives_at_home_unless_said_otherwise(store):
    fid = _family(store)
    kid = people.add(store, fid, "Mia Roberts", "child")
    away = people.add(store, fid, "Cai Roberts", "child", in_household=False)
    adult = people.add(store, fid, "Jo Roberts", "adult")
    assert _person(store, fid, kid)["in_household"] is True
    assert _person(store, fid, away)["in_household"] is False
    assert _person(store, fid, adult)["in_household"] is False
    assert rules.lives_at_home("child", None) and not rules.lives_at_home("network", None)


def test_add_refuses_an_empty_name_and_an_unknown_role(store):
    fid = _family(store)
    with pytest.raises(ValueError, match="needs a name"):
        people.add(store, fid, "   ", "child")
    with pytest.raises(ValueError, match="not one of the roles"):
        people.add(store, fid, "Mia", "cousin")
    assert load_family(store, fid)["people"] == []


def test_rename_and_update_change_only_what_is_given(store):
    fid = _family(store)
    pid = people.add(store, fid, "Gwen", "network", "Nan", closeness=1, age_years=70)
    people.rename(store, pid, "Gwen Hughes")
    people.update(store, pid, relationship="Nan (Sarah's mum)", organisation="")
    p = _person(store, fid, pid)
    assert (p["name"], p["relationship"], p["closeness"], p["age_years"]) == (
        "Gwen Hughes", "Nan (Sarah's mum)", 1, 70)
    people.update(store, pid, age_years=None, closeness=KEEP)
    p = _person(store, fid, pid)
    assert p["age_years"] is None and p["closeness"] == 1
    with pytest.raises(ValueError, match="circles"):
        people.update(store, pid, closeness=7)
    with pytest.raises(ValueError, match="age"):
        people.update(store, pid, age_years=300)
    assert _person(store, fid, pid)["closeness"] == 1
    with pytest.raises(NotFound):
        people.rename(store, pid + 100, "Nobody")


def test_each_command_is_one_named_changeset(store):
    fid = _family(store)
    pid = people.add(store, fid, "Gwen Hughes", "network")
    first = store.last_changeset_id
    assert first is not None
    people.update(store, pid, in_household=True)
    assert store.last_changeset_id not in (None, first)
    names = [h["command"] for h in changesets.history(store, fid)]
    assert names[:2] == ["people.update", "people.add"]


# --- "not for the family's copy" and "safe to share" ------------------------------------------


@pytest.mark.parametrize("flags", [{"safe_to_share": True}, {"safe_for_children": True}])
def test_a_contact_cannot_be_confidential_and_safe_on_add(store, flags):
    fid = _family(store)
    pid = people.add(store, fid, "Sarah Hughes", "adult")
    with pytest.raises(ValueError, match="cannot be both 'not for the family's copy' and safe"):
        people.add_contact(store, pid, "phone", "07700 900123", confidential=True, **flags)
    assert _person(store, fid, pid)["contacts"] == []


def test_a_contact_cannot_become_confidential_and_safe_on_update(store):
    fid = _family(store)
    pid = people.add(store, fid, "Sarah Hughes", "adult")
    cid = people.add_contact(store, pid, "phone", "07700 900123", safe_to_share=True)
    # ticking "not for the family's copy" while it is still marked safe: refused, unchanged
    with pytest.raises(ValueError, match="cannot be both"):
        people.update_contact(store, cid, confidential=True)
    with pytest.raises(ValueError, match="cannot be both"):
        people.update_contact(store, cid, confidential=True, safe_for_children=True,
                              safe_to_share=False, value="changed too")
    c = _contact(store, fid, cid)
    assert (c["confidential"], c["safe_to_share"], c["safe_for_children"], c["value"]) == (
        False, True, False, "07700 900123")
    # both at once, in one command: allowed
    people.update_contact(store, cid, confidential=True, safe_to_share=False)
    c = _contact(store, fid, cid)
    assert (c["confidential"], c["safe_to_share"]) == (True, False)
    # and then marking it safe while it is confidential: refused
    with pytest.raises(ValueError, match="cannot be both"):
        people.update_contact(store, cid, safe_for_children=True)
    assert _contact(store, fid, cid)["safe_for_children"] is False


def test_contact_text_and_removal(store):
    fid = _family(store)
    pid = people.add(store, fid, "Sarah Hughes", "adult")
    cid = people.add_contact(store, pid, "address", "", label="home")
    people.update_contact(store, cid, value="14 Heol y Mynydd", kind="address")
    assert _contact(store, fid, cid)["value"] == "14 Heol y Mynydd"
    with pytest.raises(ValueError, match="phone number, an address"):
        people.update_contact(store, cid, kind="fax")
    people.remove_contact(store, cid)
    assert _person(store, fid, pid)["contacts"] == []


def test_child_relations_are_checked(store):
    fid = _family(store)
    kid = people.add(store, fid, "Mia Roberts", "child")
    mum = people.add(store, fid, "Jo Roberts", "adult")
    people.set_child_relation(store, kid, mum, known_as="Mam", helper=True)
    assert people.child_relations(store, fid) == [
        {"child_id": kid, "person_id": mum, "known_as": "Mam", "helper": True}]
    with pytest.raises(ValueError, match="not on their own list"):
        people.set_child_relation(store, kid, kid, helper=True)
    with pytest.raises(ValueError, match="not one of the children"):
        people.set_child_relation(store, mum, kid, known_as="my girl")
    with pytest.raises(ValueError, match="too long"):
        people.set_child_relation(store, kid, mum, known_as="x" * 201)
    assert len(people.child_relations(store, fid)) == 1


# --- what goes with a person, and undo ----------------------------------------------------------


def _lena(demo_store) -> tuple[int, int]:
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    lena = next(p for p in load_family(demo_store, fid)["people"] if p["name"] == "Lena Kowalska")
    return fid, int(lena["id"])


def test_removal_summary_says_what_goes_with_a_child(demo_store):
    fid, lena = _lena(demo_store)
    d = load_family(demo_store, fid)
    uid = next(p["uid"] for p in d["people"] if p["id"] == lena)
    houses = sum(1 for h in d["childs_voice"]["three_houses"] if h["child_uid"] == uid)
    visits = sum(1 for v in d["visits"] for a in v["attendance"] if a["person_id"] == lena)
    drawings = sum(1 for a in d["childs_voice"]["attachments"] if a["child_uid"] == uid)
    assert houses and visits and drawings  # control: the demo's Lena has all of these
    summary = people.removal_summary(demo_store, lena)
    text = " ".join(summary)
    assert summary[0].startswith("Removing Lena also removes ")
    assert f"Lena's Three Houses ({houses} entries)" in text
    assert f"whether Lena was seen at {visits} visits" in text
    assert "what Lena calls" in text and "Lena's 'who helps keep me safe' list (" in text
    assert f"{drawings} drawing" in text and "no longer be linked to Lena" in text
    question = people.removal_question(demo_store, lena)
    assert question.startswith("Remove Lena Kowalska from this family?")
    # asking changes nothing
    assert any(p["id"] == lena for p in load_family(demo_store, fid)["people"])


def test_removal_summary_names_the_plan_and_the_map(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    d = load_family(demo_store, fid)
    gwen = next(p for p in d["people"] if p["name"] == "Gwen Hughes")
    plan = d["safety_plan"]["current"]
    named = sum(1 for n in plan.get("network_roles", []) if n.get("person_uid") == gwen["uid"]) \
        + sum(r.get("who_makes_sure", []).count(gwen["uid"]) for r in plan.get("rules", []))
    assert named  # control: the demo plan names Gwen
    text = " ".join(people.removal_summary(demo_store, int(gwen["id"])))
    assert "2 addresses and phone numbers" in text
    assert f"The safety plan names Gwen in {named} place" in text


def test_removal_summary_for_someone_with_nothing_else(store):
    fid = _family(store)
    pid = people.add(store, fid, "Non Llewelyn", "network")
    assert people.removal_summary(store, pid) == []
    assert "Nothing else is recorded" in people.removal_question(store, pid)


def test_removing_lena_and_undoing_it_gives_back_the_whole_family(demo_store):
    fid, lena = _lena(demo_store)
    before = _without_times(load_family(demo_store, fid))
    people.remove(demo_store, lena)
    removed = demo_store.last_changeset_id
    assert removed is not None
    gone = load_family(demo_store, fid)
    assert all(p["id"] != lena for p in gone["people"])
    assert all(h["child"] != "Lena Kowalska" for h in gone["childs_voice"]["three_houses"])
    changesets.undo(demo_store, removed)
    assert _without_times(load_family(demo_store, fid)) == before
