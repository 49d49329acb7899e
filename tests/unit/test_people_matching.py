"""The Qt-free rules behind issue 13's stuck points about people: which person a part of a
name picks (item 7), which circle a person is drawn in (item 3), and whom the plan's "Who
helps" offers and starts with (item 10)."""

from __future__ import annotations

from safetymap.services.people import CIRCLE_WORDS, circle_of, find_people
from safetymap.services.plan import helper_candidates, suggest_helper

FAMILY = [
    {"uid": "s", "name": "Sarah Hughes", "relationship": "Mum", "role": "adult",
     "in_household": True},
    {"uid": "t", "name": "Tomasz Kowalski", "relationship": "Dad", "role": "adult",
     "in_household": True},
    {"uid": "l", "name": "Lena Kowalska", "relationship": "Daughter", "role": "child"},
    {"uid": "j", "name": "Jakub Kowalski", "relationship": "Son", "role": "child"},
    {"uid": "g", "name": "Gwen Hughes", "relationship": "Nan (Sarah's mum)", "role": "network",
     "closeness": 1, "network_role": "Lives two streets away."},
    {"uid": "e", "name": "Mrs Evans", "relationship": "Lena's teacher", "role": "professional"},
    {"uid": "w", "name": "Siôn ap Rhys", "relationship": "", "role": "network"},
]


def names(found):
    return [p["name"] for p in found]


def test_part_of_a_name_finds_the_person_best_first():
    """Item 7: "Tom" is Tomasz, never a new name "Tom"."""
    assert names(find_people(FAMILY, "Tom"))[0] == "Tomasz Kowalski"
    assert names(find_people(FAMILY, "tom")) == ["Tomasz Kowalski"]
    assert names(find_people(FAMILY, "Dad")) == ["Tomasz Kowalski"]  # the relationship
    assert names(find_people(FAMILY, "Nan")) == ["Gwen Hughes"]
    assert names(find_people(FAMILY, "TK")) == ["Tomasz Kowalski"]  # initials
    assert names(find_people(FAMILY, "kow")) == ["Tomasz Kowalski", "Lena Kowalska",
                                                 "Jakub Kowalski"]
    assert names(find_people(FAMILY, "Evans")) == ["Mrs Evans"]
    assert names(find_people(FAMILY, "sion")) == ["Siôn ap Rhys"]  # accents do not matter
    assert names(find_people(FAMILY, "  gwen   hughes ")) == ["Gwen Hughes"]
    # a whole name typed beats a part of another's; a word start beats a part inside
    assert names(find_people(FAMILY, "Hughes")) == ["Sarah Hughes", "Gwen Hughes"]
    assert names(find_people(FAMILY, "asz")) == ["Tomasz Kowalski"]  # a part inside, last
    assert find_people(FAMILY, "") == [] and find_people(FAMILY, "zzz") == []


def test_the_circle_drawn_is_the_one_chosen_or_the_one_the_role_gives():
    """Item 3: the drawing and the Circle field read this one rule."""
    by_uid = {p["uid"]: p for p in FAMILY}
    assert circle_of(by_uid["l"]) == 0
    assert circle_of({**by_uid["l"], "closeness": 3}) == 0  # a child stays in the middle
    assert circle_of(by_uid["g"]) == 1  # chosen
    assert circle_of(by_uid["s"]) == 1  # a parent at home
    assert circle_of({**by_uid["s"], "in_household": False}) == 2
    assert circle_of(by_uid["w"]) == 2  # the network
    assert circle_of(by_uid["e"]) == 3  # a professional
    assert set(CIRCLE_WORDS) == {0, 1, 2, 3}


def test_who_helps_offers_the_network_first_never_a_child_and_carries_their_words():
    """Item 10: a new helper started on Lena, a child, with nothing written."""
    offered = helper_candidates(FAMILY)
    assert [p["uid"] for p in offered] == ["g", "w", "s", "t", "e"]
    assert suggest_helper(FAMILY, []) == ("g", "Lives two streets away.")
    assert suggest_helper(FAMILY, ["g"]) == ("w", "")  # the next not listed
    assert suggest_helper(FAMILY, ["g", "w", "s", "t", "e"]) == ("g", "")  # nothing twice
    kids = [p for p in FAMILY if p["role"] == "child"]
    assert suggest_helper(kids, []) is None
