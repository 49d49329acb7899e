"""The worker profile: kept in the encrypted store, named in history, scores and documents."""

from __future__ import annotations

import pytest

from safetymap.services import families
from safetymap.services import people as people_cmds
from safetymap.services import scores as score_cmds
from safetymap.services.families import load_family
from safetymap.services.profile import get_profile, set_profile
from safetymap.store.engine import Store


def test_profile_names_the_writer_everywhere(store, store_path, passphrase):
    assert not get_profile(store).is_set
    fid = families.create_family(store, "Ellis family", "child-protection")
    score_cmds.record(store, fid, 3, scorer_label="worker")  # before: plain "worker"
    set_profile(store, name="Bethan Lloyd", role="Social worker", team="North team",
                phone="01632 960222")
    sid = score_cmds.record(store, fid, 4, scorer_label="worker")
    doc = load_family(store, fid)
    score = next(s for s in doc["scores"] if s["uid"] and s["value"] == 4)
    assert score["who"] == "Bethan Lloyd" and sid
    assert doc["help"]["worker"]["name"] == "Bethan Lloyd"
    assert doc["help"]["worker"]["phone"] == "01632 960222"
    assert any(n["label"].startswith("Out of hours") for n in doc["help"]["numbers"])
    assert "999" in doc["help"]["emergency"]
    store.close()
    # the next unlock writes as the profile's name (history, audit)
    with Store.open(store_path, passphrase) as again:
        assert again.actor == "Bethan Lloyd"
        assert get_profile(again).team == "North team"


def test_worker_in_the_family_is_one_person_on_the_chart(store):
    fid = families.create_family(store, "Ellis family", "child-protection")
    alex = people_cmds.add(store, fid, "Alex Morgan", "professional", "Social worker")
    set_profile(store, name="Alex Morgan")
    score_cmds.record(store, fid, 5, scorer_label="worker")
    doc = load_family(store, fid)
    assert doc["scores"][0]["person_uid"] == next(p["uid"] for p in doc["people"]
                                                  if p["id"] == alex)


def test_profile_needs_a_name_and_changes_nothing_otherwise(store):
    with pytest.raises(ValueError, match="your name"):
        set_profile(store, name="   ", role="Social worker")
    with pytest.raises(ValueError, match="too long"):
        set_profile(store, name="A" * 500)
    assert not get_profile(store).is_set


def test_profile_is_not_in_the_clear_on_disk(store, store_path):
    set_profile(store, name="Zebedee Quartermaine", phone="01632 960999")
    store.close()
    for f in store_path.parent.iterdir():
        assert b"Quartermaine" not in f.read_bytes(), f.name
