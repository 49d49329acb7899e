"""The store's changesets: one per unit of work, undone and redone by the store itself.

Each promise is attacked with a control that shows the attack would succeed without the part
of the store that keeps it (the cascade capture, the state check, coalescing)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.services import changesets, families
from safetymap.store import changesets as cs
from safetymap.store.changesets import CannotUndo

_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _family_json(store: Any, fid: int) -> Any:
    """The family's whole document with its timestamps taken out (the issue's comparison)."""
    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items()
                    if k not in ("updated_at", "last_change", "last_changed_at")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        if isinstance(x, str) and _STAMP.match(x) and x.endswith("+00:00") \
                and x[:10] == m.utcnow().isoformat()[:10]:
            return "<today>"
        return x
    doc = json.loads(json.dumps(families.load_family(store, fid), default=str, sort_keys=True))
    return strip(doc)


def _lena(store: Any, fid: int) -> dict[str, Any]:
    doc = families.load_family(store, fid)
    return next(p for p in doc["people"] if p["name"].startswith("Lena"))


def _remove(store: Any, person_id: int) -> int:
    with store.session(command="people.remove") as s:
        s.delete(s.get(m.Person, person_id))
    assert store.last_changeset_id is not None
    return store.last_changeset_id


def _count(store: Any, cls: Any, **where: Any) -> int:
    with store.session() as s:
        q = select(func.count()).select_from(cls)
        for k, v in where.items():
            q = q.where(getattr(cls, k) == v)
        return int(s.scalar(q) or 0)


def test_removing_a_child_and_undoing_it_gives_the_same_family(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    before = _family_json(demo_store, fid)
    lena = _lena(demo_store, fid)
    houses = _count(demo_store, m.ThreeHousesEntry, child_id=lena["id"])
    assert houses >= 3, "the demo child has Three Houses entries to lose"

    removed = _remove(demo_store, lena["id"])
    assert _count(demo_store, m.ThreeHousesEntry, child_id=lena["id"]) == 0
    assert _family_json(demo_store, fid) != before

    undo_id = changesets.undo(demo_store, removed)
    assert _family_json(demo_store, fid) == before
    back = _lena(demo_store, fid)
    assert (back["id"], back["uid"]) == (lena["id"], lena["uid"])
    assert _count(demo_store, m.ThreeHousesEntry, child_id=lena["id"]) == houses

    # redo takes her away again; undoing the redo brings her back once more
    redo_id = changesets.redo(demo_store, undo_id)
    assert _count(demo_store, m.Person, id=lena["id"]) == 0
    changesets.undo(demo_store, redo_id)
    assert _family_json(demo_store, fid) == before

    # the history says what happened, newest first
    hist = changesets.history(demo_store, fid)
    assert [h["command"] for h in hist[:4]] == ["undo", "redo", "undo", "people.remove"]
    assert "Three Houses entries removed" in hist[3]["what"]
    assert hist[3]["reverted_by"] == undo_id


def test_control_without_the_cascade_capture_undo_loses_the_childs_words(demo_store,
                                                                         monkeypatch):
    """The attack succeeds when the database's own cascade deletes the rows unseen."""
    monkeypatch.setattr(cs, "cascade", lambda session: None)
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    lena = _lena(demo_store, fid)
    houses = _count(demo_store, m.ThreeHousesEntry, child_id=lena["id"])
    changesets.undo(demo_store, _remove(demo_store, lena["id"]))
    assert _count(demo_store, m.Person, id=lena["id"]) == 1
    assert _count(demo_store, m.ThreeHousesEntry, child_id=lena["id"]) < houses


def _add_person(store: Any, fid: int, name: str) -> tuple[int, int]:
    with store.session(command="people.add") as s:
        p = m.Person(family_id=fid, name=name, role=m.PersonRole.ADULT, position=99)
        s.add(p)
        s.flush()
        pid = p.id
    assert store.last_changeset_id is not None
    return pid, store.last_changeset_id


def test_undo_is_refused_while_a_later_change_hangs_from_it(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    pid, added = _add_person(demo_store, fid, "Dana Price")
    with demo_store.session(command="scores.record") as s:
        s.add(m.Score(family_id=fid, value=6, person_id=pid, scored_at=m.utcnow()))
    scored = demo_store.last_changeset_id
    assert scored is not None
    with pytest.raises(CannotUndo,
                       match=r"score added later \(recorded a number on the scale, change \d+\).*first"):
        changesets.undo(demo_store, added)
    assert _count(demo_store, m.Person, id=pid) == 1  # nothing changed
    assert _count(demo_store, m.Score, person_id=pid) == 1
    changesets.undo(demo_store, scored)
    changesets.undo(demo_store, added)
    assert _count(demo_store, m.Person, id=pid) == 0


def test_undo_is_refused_when_the_field_changed_since(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    pid, _ = _add_person(demo_store, fid, "Dana Price")
    ids = []
    for name in ("Dana Pryce", "Dana Preece"):
        with demo_store.session(command="people.rename") as s:
            s.get(m.Person, pid).name = name
        ids.append(demo_store.last_changeset_id)
    with pytest.raises(CannotUndo, match="Undo that one first"):
        changesets.undo(demo_store, ids[0])
    with demo_store.session() as s:
        assert s.get(m.Person, pid).name == "Dana Preece"
    changesets.undo(demo_store, ids[1])
    changesets.undo(demo_store, ids[0])
    with demo_store.session() as s:
        assert s.get(m.Person, pid).name == "Dana Price"


def test_control_without_the_state_check_undo_overwrites_a_later_edit(demo_store, monkeypatch):
    monkeypatch.setattr(cs, "_still", lambda a, b: True)
    monkeypatch.setattr(cs, "_refuse_later_changes", lambda *a: None)
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    pid, _ = _add_person(demo_store, fid, "Dana Price")
    ids = []
    for name in ("Dana Pryce", "Dana Preece"):
        with demo_store.session(command="people.rename") as s:
            s.get(m.Person, pid).name = name
        ids.append(demo_store.last_changeset_id)
    changesets.undo(demo_store, ids[0])  # not refused: the later "Dana Preece" is lost
    with demo_store.session() as s:
        assert s.get(m.Person, pid).name == "Dana Price"


def _type(store: Any, entry_id: int, text: str, *, command: str = "entries.edit") -> int:
    with store.session(command=command, coalesce=True) as s:
        s.get(m.MapEntry, entry_id).text = text
    assert store.last_changeset_id is not None
    return store.last_changeset_id


def _new_entry(store: Any, fid: int) -> int:
    with store.session(command="entries.add") as s:
        e = m.MapEntry(family_id=fid, area=m.MapArea.WORRY, text="", position=50)
        s.add(e)
        s.flush()
        return e.id


def test_a_burst_of_autosaves_is_one_changeset_and_keeps_every_keystroke(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    eid = _new_entry(demo_store, fid)
    words = [f"word{i}" for i in range(60)]
    ids = {_type(demo_store, eid, " ".join(words[:n])) for n in range(1, 61)}
    assert len(ids) == 1
    (burst,) = ids
    with demo_store.session() as s:
        assert s.get(m.MapEntry, eid).text == " ".join(words)  # every word is in the row
        rows = s.scalars(select(m.Change).where(m.Change.changeset_id == burst)).all()
    assert len(rows) == 1 and rows[0].before["text"] == "" \
        and rows[0].after["text"] == " ".join(words)
    # undo takes the burst back whole
    changesets.undo(demo_store, burst)
    with demo_store.session() as s:
        assert s.get(m.MapEntry, eid).text == ""


def test_a_burst_ends_with_another_change_a_pause_or_leaving_the_field(demo_store,
                                                                       monkeypatch):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    eid = _new_entry(demo_store, fid)
    a = _type(demo_store, eid, "one")
    assert _type(demo_store, eid, "one two") == a
    changesets.close_burst(demo_store)  # the field lost focus
    b = _type(demo_store, eid, "one two three")
    assert b != a
    other = _new_entry(demo_store, fid)  # another change in between
    c = _type(demo_store, eid, "one two three four")
    assert c != b and other
    later = m.utcnow() + timedelta(seconds=cs.BURST_SECONDS + 1)
    monkeypatch.setattr(m, "utcnow", lambda: later)
    d = _type(demo_store, eid, "one two three four five")
    assert d != c


def test_control_without_coalescing_every_autosave_adds_a_changeset(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    eid = _new_entry(demo_store, fid)
    ids = set()
    for n in range(1, 11):
        with demo_store.session(command="entries.edit") as s:  # coalesce not asked for
            s.get(m.MapEntry, eid).text = "x" * n
        ids.add(demo_store.last_changeset_id)
    assert len(ids) == 10


def test_a_removed_picture_comes_back_byte_for_byte(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    data = bytes(range(256)) * 40
    with demo_store.session(command="childs_voice.add_drawing") as s:
        a = m.Attachment(family_id=fid, data=data, filename="", mime_type="image/png")
        s.add(a)
        s.flush()
        aid = a.id
    with demo_store.session(command="childs_voice.remove_drawing") as s:
        s.delete(s.get(m.Attachment, aid))
    removed = demo_store.last_changeset_id
    changesets.undo(demo_store, removed)
    with demo_store.session() as s:
        assert bytes(s.get(m.Attachment, aid).data) == data


def test_a_signed_off_record_is_never_undone(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    with demo_store.session(command="supervision.sign_off") as s:
        s.add(m.SupervisionRecord(family_id=fid, signed_off_by="Pat Jones",
                                  signed_off_role="Team manager", signed_off_at=m.utcnow()))
    signed = demo_store.last_changeset_id
    with pytest.raises(CannotUndo, match="signed-off supervision record"):
        changesets.undo(demo_store, signed)
    assert _count(demo_store, m.SupervisionRecord, family_id=fid) >= 1


def test_undo_of_a_change_that_is_not_there_says_so(demo_store):
    with pytest.raises(CannotUndo, match="no change numbered 999999"):
        changesets.undo(demo_store, 999999)


def test_history_readers_see_whole_snapshots(demo_store):
    """Updates keep only what they changed; the readers still get each version whole."""
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    eid = _new_entry(demo_store, fid)
    _type(demo_store, eid, "first")
    changesets.close_burst(demo_store)
    _type(demo_store, eid, "second")
    with demo_store.session() as s:
        vs = cs.versions(s.connection(), entity_type="MapEntry", entity_id=eid)
    assert [v.operation for v in vs] == ["insert", "update", "update"]
    assert [v.data["text"] for v in vs] == ["", "first", "second"]
    assert all(v.data["area"] == "worry" and v.data["family_id"] == fid for v in vs)


def test_a_long_text_before_is_kept_as_an_edit_and_comes_back_whole():
    """A long `before` is stored as the edit that turns `after` back into it; for every kind
    of edit (typing at the end, in the middle, deleting, replacing all) it decodes exactly."""
    import random

    rng = random.Random(5)
    base = "".join(rng.choice("abc ḋŵ\n") for _ in range(3000))
    cases = [base + " and more", base[:1000] + "INSERTED" + base[1000:], base[:-500],
             base[200:], "", "completely different", base.replace("a", "b")]
    for after in cases:
        enc = cs._encoded_before({"text": base, "n": 3}, {"text": after, "n": 4})
        assert cs.decoded_before(enc, {"text": after, "n": 4}) == {"text": base, "n": 3}
    typed = cs._encoded_before({"text": base}, {"text": base + " one more word"})
    assert len(json.dumps(typed)) < 100  # typing does not keep the text twice


def test_undo_of_a_long_burst_puts_back_the_text_exactly(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    eid = _new_entry(demo_store, fid)
    first = "Gwen says the evenings are calmer now. " * 20
    _type(demo_store, eid, first)
    changesets.close_burst(demo_store)
    burst = None
    for n in range(1, 30):
        burst = _type(demo_store, eid, first[:400] + " new words" * n + first[400:])
    assert burst is not None
    changesets.undo(demo_store, burst)
    with demo_store.session() as s:
        assert s.get(m.MapEntry, eid).text == first


def test_every_kind_of_remove_is_undone_whole(demo_store):
    """An entry (with its views and pairing), a rule of the plan, a visit (with its ticks), a
    drawing, a chronology event, a Three Houses entry, a contact: each removed through its
    command and undone gives the family back as it was (timestamps aside)."""
    from safetymap.domain.plan import PlanContent
    from safetymap.services import childs_voice, chronology, entries, people, plan, visits

    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    doc = families.load_family(demo_store, fid)
    entry = next(e for e in doc["map"] if e["stances"])
    visit = next(v for v in doc["visits"] if v["attendance"])
    drawing = doc["childs_voice"]["attachments"][0]
    event = doc["assessment"]["chronology"][0]
    house = doc["childs_voice"]["three_houses"][0]
    contact = next(c for p in doc["people"] for c in p["contacts"])
    current = PlanContent.from_json(doc["safety_plan"]["current"])
    assert current.rules, "the demo plan has rules"

    def drop_rule() -> None:
        fewer = PlanContent.from_json(doc["safety_plan"]["current"])
        fewer.rules.pop(0)
        plan.save(demo_store, fid, fewer)

    removals = {
        "entry": lambda: entries.remove(demo_store, entry["id"]),
        "rule": drop_rule,
        "visit": lambda: visits.remove(demo_store, visit["id"]),
        "drawing": lambda: childs_voice.remove_drawing(demo_store, drawing["id"]),
        "event": lambda: chronology.remove(demo_store, event["id"]),
        "house": lambda: childs_voice.remove_house_entry(demo_store, house["id"]),
        "contact": lambda: people.remove_contact(demo_store, contact["id"]),
    }
    before = _family_json(demo_store, fid)
    for what, remove in removals.items():
        changesets.close_burst(demo_store)
        remove()
        removed = demo_store.last_changeset_id
        assert removed is not None, what
        assert _family_json(demo_store, fid) != before, what
        changesets.undo(demo_store, removed)
        assert _family_json(demo_store, fid) == before, what
