"""The child's voice commands (services/childs_voice.py): Three Houses, Words and Pictures and
drawings, each one unit of work, refused with a sentence when it breaks a rule."""

from __future__ import annotations

import pytest

from safetymap.services import childs_voice as voice
from safetymap.services import families, people
from safetymap.services.families import load_family
from safetymap.store.errors import NotFound


def _setup(store) -> tuple[int, int]:
    fid = families.create_family(store, "Test family")
    return fid, people.add(store, fid, "Mia Roberts", "child")


def _houses(store, fid: int) -> list[tuple[str, str]]:
    return [(h["house"], h["text"]) for h in load_family(store, fid)["childs_voice"]["three_houses"]]


def test_three_houses_add_edit_move_remove(store):
    fid, kid = _setup(store)
    a = voice.add_house_entry(store, fid, kid, "worries", "The dog next door")
    b = voice.add_house_entry(store, fid, kid, "worries", "Loud noises")
    c = voice.add_house_entry(store, fid, kid, "dreams")
    voice.edit_house_entry(store, c, "A big train set")
    assert _houses(store, fid) == [("worries", "The dog next door"), ("worries", "Loud noises"),
                                   ("dreams", "A big train set")]
    voice.move_house_entry(store, b, index=0)  # first in its house
    assert _houses(store, fid)[:2] == [("worries", "Loud noises"), ("worries", "The dog next door")]
    voice.move_house_entry(store, a, house="good_things")
    assert ("good_things", "The dog next door") in _houses(store, fid)
    voice.remove_house_entry(store, a)
    assert ("good_things", "The dog next door") not in _houses(store, fid)
    with pytest.raises(NotFound):
        voice.edit_house_entry(store, a, "gone")


def test_three_houses_are_only_a_childs_and_only_three(store):
    fid, kid = _setup(store)
    mum = people.add(store, fid, "Jo Roberts", "adult")
    other = families.create_family(store, "Another family")
    with pytest.raises(ValueError, match="Only a child"):
        voice.add_house_entry(store, fid, mum, "worries", "x")
    with pytest.raises(ValueError, match="another family"):
        voice.add_house_entry(store, other, kid, "worries", "x")
    with pytest.raises(ValueError, match="three houses"):
        voice.add_house_entry(store, fid, kid, "attic", "x")
    assert _houses(store, fid) == []


def test_words_and_pictures_one_story_each(store):
    fid, kid = _setup(store)
    first = voice.set_words_and_pictures(store, fid, "Once upon a time")
    again = voice.set_words_and_pictures(store, fid, "Once upon a time, Mia")
    mine = voice.set_words_and_pictures(store, fid, "Mia's own story", child_id=kid)
    assert first == again != mine
    rows = load_family(store, fid)["childs_voice"]["words_and_pictures"]
    assert sorted(r["text"] for r in rows) == ["Mia's own story", "Once upon a time, Mia"]


def test_drawings_add_caption_read_remove(store):
    fid, kid = _setup(store)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    aid = voice.add_drawing(store, fid, png, child_id=kid, filename="house.png")
    voice.caption_drawing(store, aid, "My house")
    (a,) = load_family(store, fid)["childs_voice"]["attachments"]
    assert (a["id"], a["caption"], a["filename"]) == (aid, "My house", "house.png")
    assert voice.drawing_data(store, aid) == png
    with pytest.raises(ValueError, match="empty"):
        voice.add_drawing(store, fid, b"")
    with pytest.raises(ValueError, match="Only pictures"):
        voice.add_drawing(store, fid, b"%PDF", mime_type="application/pdf")
    voice.remove_drawing(store, aid)
    assert load_family(store, fid)["childs_voice"]["attachments"] == []
