"""Red-team attacks on the store's changesets and undo (store/changesets.py, store/history.py).

Each test attacks one promise and asserts the CORRECT behaviour:

1. undo puts back exactly what a changeset changed, or refuses with a true sentence
   (CannotUndo) and changes nothing;
2. undo never silently overwrites a later change;
3. coalescing never loses a committed keystroke and never merges into the wrong changeset;
4. the history readers still give the right answers;
5. signed-off supervision records are never changed by undo;
6. no case text leaks into exception messages from these paths;
7. the migration keeps the history.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from safetymap.domain import model as m
from safetymap.services import (
    changes,
    changesets,
    childs_voice,
    entries,
    families,
    people,
    scores,
    supervision,
    visits,
)
from safetymap.store import changesets as cs
from safetymap.store.changesets import CannotUndo
from safetymap.store.engine import Store

FAMILY = "Hughes-Kowalski family"
SECRET = "Zebedee-Quartermain-secret"  # case text that must never be in a message


# --- helpers ---------------------------------------------------------------------------------


def _fid(store: Store) -> int:
    return families.resolve_family(store, FAMILY)


def _dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every tracked table, by table, in id order (updated_at left out: undo may
    move it). The whole store's content, to show that a refused undo changed nothing."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.session() as s:
        conn = s.connection()
        for cls in m.TRACKED_MODELS:
            table = cls.__table__
            cols = [c for c in table.columns if c.name != "updated_at"]
            out[table.name] = [tuple(r) for r in conn.execute(
                select(*cols).order_by(table.c.id))]
    return out


def _history_counts(store: Store) -> tuple[int, int]:
    with store.session() as s:
        return (int(s.scalar(select(func.count()).select_from(m.Changeset)) or 0),
                int(s.scalar(select(func.count()).select_from(m.Change)) or 0))


def _last(store: Store) -> int:
    assert store.last_changeset_id is not None
    return store.last_changeset_id


def _person(store: Store, pid: int) -> m.Person | None:
    with store.session() as s:
        return s.get(m.Person, pid)


def _entry_text(store: Store, eid: int) -> str:
    with store.session() as s:
        e = s.get(m.MapEntry, eid)
        assert e is not None
        return e.text


def _refused_and_unchanged(store: Store, changeset_id: int, *, redo: bool = False) -> str:
    """Undo (or redo) must raise CannotUndo - nothing else - and leave every row and the
    history exactly as they were. Returns the sentence."""
    rows, hist = _dump(store), _history_counts(store)
    try:
        (changesets.redo if redo else changesets.undo)(store, changeset_id)
    except CannotUndo as exc:
        sentence = str(exc)
    except Exception as exc:  # noqa: BLE001 - the attack: anything but a sentence
        pytest.fail(f"undo raised {type(exc).__name__} instead of a CannotUndo sentence "
                    f"(rows unchanged: {_dump(store) == rows})")
    else:
        pytest.fail("undo was not refused")
    assert _dump(store) == rows, "a refused undo changed rows"
    assert _history_counts(store) == hist, "a refused undo added history"
    assert SECRET not in sentence
    assert sentence.rstrip().endswith(".") and "Traceback" not in sentence
    return sentence


# --- 1. undo puts back exactly what it changed ------------------------------------------------


def test_undo_twice_is_refused_the_second_time_and_changes_nothing(demo_store):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.rename(demo_store, pid, "Dana Pryce")
    renamed = _last(demo_store)
    changesets.undo(demo_store, renamed)
    assert _person(demo_store, pid).name == "Dana Price"
    sentence = _refused_and_unchanged(demo_store, renamed)
    assert "Undo that one first" in sentence


def test_undo_redo_undo_of_the_target_again_is_the_same_as_one_undo(demo_store):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.rename(demo_store, pid, "Dana Pryce")
    renamed = _last(demo_store)
    u1 = changesets.undo(demo_store, renamed)
    changesets.redo(demo_store, u1)
    assert _person(demo_store, pid).name == "Dana Pryce"
    # the undo that the redo reverted cannot be redone a second time
    _refused_and_unchanged(demo_store, u1, redo=True)
    # the original can be undone again (its state is back)
    changesets.undo(demo_store, renamed)
    assert _person(demo_store, pid).name == "Dana Price"


def test_out_of_order_undo_of_two_fields_of_one_row_keeps_the_other(demo_store):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.rename(demo_store, pid, "Dana Pryce")
    a = _last(demo_store)
    people.update(demo_store, pid, organisation="Library")
    b = _last(demo_store)
    try:
        changesets.undo(demo_store, a)  # the older one first
    except CannotUndo:
        # refusing is allowed too (a later change touched the row), changing nothing
        p = _person(demo_store, pid)
        assert (p.name, p.organisation) == ("Dana Pryce", "Library")
        changesets.undo(demo_store, b)
        changesets.undo(demo_store, a)
    else:
        p = _person(demo_store, pid)
        assert (p.name, p.organisation) == ("Dana Price", "Library")
        changesets.undo(demo_store, b)
    p = _person(demo_store, pid)
    assert (p.name, p.organisation) == ("Dana Price", "")


def test_id_reuse_undo_of_a_removal_does_not_clobber_the_new_row(demo_store):
    """SQLite gives the highest free id again: remove the newest person, add another (same
    id), then undo the removal. It must be refused, and the new person must stay."""
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.remove(demo_store, pid)
    removed = _last(demo_store)
    new = people.add(demo_store, fid, "Robin Vale", "adult")
    assert new == pid, "the attack needs the id to be given again"
    _refused_and_unchanged(demo_store, removed)
    assert _person(demo_store, new).name == "Robin Vale"
    # and the add of the first person cannot take the new one away either
    with demo_store.session() as s:
        first_add = s.scalar(select(func.min(m.Change.changeset_id)).where(
            m.Change.entity_type == "Person", m.Change.entity_id == pid,
            m.Change.operation == "insert"))
    _refused_and_unchanged(demo_store, int(first_add))


def test_a_changeset_that_inserted_and_deleted_one_row_undoes_to_nothing(demo_store):
    fid = _fid(demo_store)
    before = _dump(demo_store)
    with demo_store.session(command="attack.insert_delete") as s:
        p = m.Person(family_id=fid, name="Temp", role=m.PersonRole.ADULT, position=99)
        s.add(p)
        s.flush()
        e = m.MapEntry(family_id=fid, area=m.MapArea.WORRY, text="x", position=99,
                       view_person_id=p.id)
        s.add(e)
        s.flush()
        s.delete(e)
        s.delete(p)
    both = _last(demo_store)
    assert _dump(demo_store) == before
    try:
        changesets.undo(demo_store, both)  # nothing to put back: done, or said so
    except CannotUndo as exc:
        assert "nothing" in str(exc)
    assert _dump(demo_store) == before


def test_moving_entries_and_undoing_the_moves_out_of_order(demo_store):
    fid = _fid(demo_store)
    ids = [entries.add(demo_store, fid, "worry", f"w{i}") for i in range(4)]

    def order() -> list[int]:
        with demo_store.session() as s:
            return [e.id for e in s.scalars(select(m.MapEntry).where(
                m.MapEntry.family_id == fid, m.MapEntry.area == m.MapArea.WORRY)
                .order_by(m.MapEntry.position, m.MapEntry.id)) if e.id in ids]

    start = order()
    entries.move(demo_store, ids[3], 0)
    first = _last(demo_store)
    entries.move(demo_store, ids[1], 3)
    second = _last(demo_store)
    # the first move's positions were changed again by the second: refused, not scrambled
    with demo_store.session() as s:
        touched = set(s.scalars(select(m.Change.entity_id).where(
            m.Change.changeset_id == first)))
        touched2 = set(s.scalars(select(m.Change.entity_id).where(
            m.Change.changeset_id == second)))
    assert touched & touched2
    _refused_and_unchanged(demo_store, first)
    changesets.undo(demo_store, second)
    changesets.undo(demo_store, first)
    assert order() == start


def test_pairing_a_goal_then_removing_the_worry_comes_back_paired(demo_store):
    fid = _fid(demo_store)
    worry = entries.add(demo_store, fid, "worry", "the worry")
    goal = entries.add(demo_store, fid, "goal", "the goal")
    entries.pair_with_worry(demo_store, goal, worry)
    entries.remove(demo_store, worry)
    removed = _last(demo_store)
    with demo_store.session() as s:
        assert s.get(m.MapEntry, goal).paired_worry_id is None
    entries.edit(demo_store, goal, text="the goal, reworded")  # a later edit of the goal
    reworded = _last(demo_store)
    try:
        changesets.undo(demo_store, removed)
    except CannotUndo:
        # refusing is allowed too (a later change touched the goal); then in order it works
        changesets.undo(demo_store, reworded)
        changesets.undo(demo_store, removed)
        entries.edit(demo_store, goal, text="the goal, reworded")
    with demo_store.session() as s:
        g = s.get(m.MapEntry, goal)
        assert g.paired_worry_id == worry and g.text == "the goal, reworded"
        assert s.get(m.MapEntry, worry).text == "the worry"


def test_re_pairing_the_goal_blocks_the_undo_of_the_worrys_removal(demo_store):
    fid = _fid(demo_store)
    worry = entries.add(demo_store, fid, "worry", "the worry")
    other = entries.add(demo_store, fid, "worry", "another worry")
    goal = entries.add(demo_store, fid, "goal", "the goal")
    entries.pair_with_worry(demo_store, goal, worry)
    entries.remove(demo_store, worry)
    removed = _last(demo_store)
    entries.pair_with_worry(demo_store, goal, other)
    _refused_and_unchanged(demo_store, removed)


def _family_doc(store: Store, fid: int) -> Any:
    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items()
                    if k not in ("updated_at", "last_change", "last_changed_at")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return strip(json.loads(json.dumps(families.load_family(store, fid), default=str,
                                       sort_keys=True)))


def test_removing_a_whole_family_and_undoing_it_gives_every_row_back(demo_store):
    fid = _fid(demo_store)
    # an unsigned family (the demo family has signed-off records, which cannot be removed)
    fid2 = families.create_family(demo_store, "Attack family")
    kid = people.add(demo_store, fid2, "Kit", "child")
    mum = people.add(demo_store, fid2, "Mo", "adult")
    people.set_child_relation(demo_store, kid, mum, known_as="Mum")
    childs_voice.add_house_entry(demo_store, fid2, kid, "worries", "the dog")
    w = entries.add(demo_store, fid2, "worry", "a worry", view_person_id=mum)
    g = entries.add(demo_store, fid2, "goal", "a goal")
    entries.pair_with_worry(demo_store, g, w)
    scores.record(demo_store, fid2, 5, person_id=mum, reasons="why")
    v = visits.record(demo_store, fid2, place="home")
    visits.mark_seen(demo_store, v, kid, present=True, seen=True)
    childs_voice.add_drawing(demo_store, fid2, bytes(range(256)) * 9, child_id=kid)
    before_rows = _dump(demo_store)
    before_doc = _family_doc(demo_store, fid2)
    other_doc = _family_doc(demo_store, fid)
    with demo_store.session(command="families.remove") as s:
        s.delete(s.get(m.Family, fid2))
    removed = _last(demo_store)
    with demo_store.session() as s:
        assert s.get(m.Family, fid2) is None
    changesets.undo(demo_store, removed)
    assert _dump(demo_store) == before_rows
    assert _family_doc(demo_store, fid2) == before_doc
    assert _family_doc(demo_store, fid) == other_doc


def test_an_error_in_the_middle_of_an_undo_changes_nothing(demo_store, monkeypatch):
    fid = _fid(demo_store)
    lena = next(p["id"] for p in families.load_family(demo_store, fid)["people"]
                if p["name"].startswith("Lena"))
    people.remove(demo_store, lena)
    removed = _last(demo_store)
    rows, hist = _dump(demo_store), _history_counts(demo_store)
    real_index = cs.search.index
    calls = {"n": 0}

    def boom(conn: Any, obj: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_index(conn, obj)

    monkeypatch.setattr(cs.search, "index", boom)
    with pytest.raises(OSError):
        changesets.undo(demo_store, removed)
    assert calls["n"] == 2
    assert _dump(demo_store) == rows and _history_counts(demo_store) == hist
    monkeypatch.setattr(cs.search, "index", real_index)
    changesets.undo(demo_store, removed)  # and it still works afterwards
    assert _person(demo_store, lena) is not None


# --- 1/2. refusals where the database itself would object --------------------------------


def test_redo_after_the_same_pair_was_ticked_again_is_refused_with_a_sentence(demo_store):
    """Undo a new attendance row, tick the same person at the same visit again (a new row),
    then redo the undo (the CLI's `undo UNDO_ID`): putting the old row back would break the
    one-row-per-(visit, person) rule. It must be a CannotUndo sentence, nothing changed."""
    fid = _fid(demo_store)
    kid = people.add(demo_store, fid, "Kit", "child")
    other = people.add(demo_store, fid, "Kat", "child")
    v = visits.record(demo_store, fid, place="home")
    visits.mark_seen(demo_store, v, kid, present=True)
    ticked = _last(demo_store)
    visits.mark_seen(demo_store, v, other, present=True)  # so the first row's id is not reused
    undone = changesets.undo(demo_store, ticked)
    visits.mark_seen(demo_store, v, kid, present=True, seen=True)
    _refused_and_unchanged(demo_store, undone, redo=True)


def test_putting_back_a_plan_version_whose_number_was_given_again_is_refused(demo_store):
    from safetymap.services import plan

    fid = _fid(demo_store)
    fids = families.list_families(demo_store)
    other_fid = next(f.id for f in fids if f.id != fid)
    n = plan.agree_version(demo_store, fid, note="first")
    agreed = _last(demo_store)
    plan.agree_version(demo_store, other_fid, note="another family")
    undone = changesets.undo(demo_store, agreed)
    assert plan.agree_version(demo_store, fid, note=f"again {SECRET}") == n
    _refused_and_unchanged(demo_store, undone, redo=True)


def test_undo_of_a_score_removal_after_its_person_was_removed_is_refused(demo_store):
    """The score names a person removed since: putting the score back as it was would point
    at nobody (a foreign key the commit refuses)."""
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    sid = scores.record(demo_store, fid, 4, person_id=pid, reasons=SECRET)
    scores.remove(demo_store, sid)
    score_removed = _last(demo_store)
    people.add(demo_store, fid, "Robin Vale", "adult")  # keeps pid from being reused
    people.remove(demo_store, pid)
    _refused_and_unchanged(demo_store, score_removed)


def test_undo_of_an_unlink_after_the_old_target_was_removed_is_refused(demo_store):
    """entries.set_view moved an entry from person A to B; A was removed since. Setting the
    entry back to A would point at a row that is gone."""
    fid = _fid(demo_store)
    a = people.add(demo_store, fid, "Ann Example", "adult")
    b = people.add(demo_store, fid, "Bob Example", "adult")
    eid = entries.add(demo_store, fid, "worry", "words", view_person_id=a)
    entries.set_view(demo_store, eid, person_id=b)
    moved = _last(demo_store)
    people.add(demo_store, fid, "Cy Example", "adult")
    people.remove(demo_store, a)
    _refused_and_unchanged(demo_store, moved)


# --- 3. coalescing --------------------------------------------------------------------------


def _burst_entry(store: Store, fid: int) -> int:
    return entries.add(store, fid, "worry", "")


def test_coalescing_starts_anew_for_another_field_record_person_or_command(demo_store):
    fid = _fid(demo_store)
    e1, e2 = _burst_entry(demo_store, fid), _burst_entry(demo_store, fid)
    entries.edit(demo_store, e1, text="a")
    a = _last(demo_store)
    entries.edit(demo_store, e1, text="ab")
    assert _last(demo_store) == a
    entries.edit(demo_store, e1, child_text="c")  # another field
    b = _last(demo_store)
    assert b != a
    entries.edit(demo_store, e1, text="abc")  # back to the first field: not the old burst
    c = _last(demo_store)
    assert c not in (a, b)
    entries.edit(demo_store, e2, text="x")  # another record
    d = _last(demo_store)
    assert d != c
    demo_store.actor = "Someone Else"  # another person on the same laptop
    entries.edit(demo_store, e2, text="xy")
    e = _last(demo_store)
    assert e != d
    with demo_store.session(command="attack.other_command", coalesce=True) as s:
        s.get(m.MapEntry, e2).text = "xyz"
    assert _last(demo_store) != e
    # every keystroke that was saved is in the rows, and each changeset undoes only its own
    assert _entry_text(demo_store, e1) == "abc" and _entry_text(demo_store, e2) == "xyz"
    for cid in (a, b, c, d, e):
        with demo_store.session() as s:
            assert s.scalar(select(func.count()).select_from(m.Change)
                            .where(m.Change.changeset_id == cid)) == 1


def test_a_failed_commit_in_the_middle_of_a_burst_loses_no_saved_keystroke(demo_store,
                                                                           monkeypatch):
    fid = _fid(demo_store)
    eid = _burst_entry(demo_store, fid)
    entries.edit(demo_store, eid, text="one")
    burst = _last(demo_store)
    real = cs.audit.append

    def full(*a: Any, **k: Any) -> None:
        raise OSError(28, "No space left on device")

    # an autosave that extends the burst fails after its flush: rolled back
    monkeypatch.setattr(cs, "_encoded_before", lambda b, a: (_ for _ in ()).throw(
        OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        entries.edit(demo_store, eid, text="one two")
    monkeypatch.undo()
    assert _entry_text(demo_store, eid) == "one"
    # a command on another record whose commit fails: rolled back, and it never happened
    other = _burst_entry(demo_store, fid)
    real_many = cs.audit.append_many
    # the same module store/history.py uses (it writes a flush's rows with append_many)
    monkeypatch.setattr(cs.audit, "append", full)
    monkeypatch.setattr(cs.audit, "append_many", full)
    with pytest.raises(OSError):
        entries.edit(demo_store, other, text="elsewhere")
    monkeypatch.setattr(cs.audit, "append", real)
    monkeypatch.setattr(cs.audit, "append_many", real_many)
    entries.edit(demo_store, eid, text="one two three")
    # the next autosave either extends the committed burst or starts a new one: never a
    # changeset that was rolled back, and the history holds what the row holds
    cid = _last(demo_store)
    with demo_store.session() as s:
        assert s.get(m.Changeset, cid) is not None
        row = s.scalars(select(m.Change).where(m.Change.changeset_id == cid)).one()
        assert row.entity_id == eid and row.after["text"] == "one two three"
    assert cid == burst or cid > burst
    changesets.undo(demo_store, cid)
    assert _entry_text(demo_store, eid) == ("" if cid == burst else "one")


def test_a_failed_first_autosave_does_not_leave_a_burst_that_later_autosaves_extend(
        demo_store, monkeypatch):
    """The first autosave of a burst fails at the commit. The store must not remember a
    burst pointing at the rolled-back changeset id (SQLite gives that id again to the next
    changeset, which may be another record's)."""
    fid = _fid(demo_store)
    eid = _burst_entry(demo_store, fid)
    other = _burst_entry(demo_store, fid)
    real_commit = Store.session

    import contextlib

    @contextlib.contextmanager
    def failing(self: Store, *a: Any, **k: Any):  # type: ignore[no-untyped-def]
        with real_commit(self, *a, **k) as s:
            yield s
            s.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "session", failing)
    with pytest.raises(OSError):
        entries.edit(demo_store, eid, text="lost")
    monkeypatch.setattr(Store, "session", real_commit)
    assert _entry_text(demo_store, eid) == ""
    entries.remove(demo_store, other)  # takes the rolled-back changeset's id
    removed = _last(demo_store)
    entries.edit(demo_store, eid, text="kept")
    typed = _last(demo_store)
    assert typed != removed
    changesets.undo(demo_store, typed)
    assert _entry_text(demo_store, eid) == ""
    with demo_store.session() as s:
        assert s.get(m.MapEntry, other) is None  # the removal was not undone with it


def test_a_burst_does_not_survive_closing_and_reopening_the_store(demo_store, store_path,
                                                                  passphrase):
    fid = _fid(demo_store)
    eid = _burst_entry(demo_store, fid)
    entries.edit(demo_store, eid, text="before the kill")
    first = _last(demo_store)
    demo_store.close()
    with Store.open(store_path, passphrase) as again:
        entries.edit(again, eid, text="before the kill, after")
        second = _last(again)
        assert second != first
        changesets.undo(again, second)
        with again.session() as s:
            assert s.get(m.MapEntry, eid).text == "before the kill"


def test_an_undo_between_autosaves_ends_the_burst(demo_store):
    fid = _fid(demo_store)
    eid = _burst_entry(demo_store, fid)
    other = _burst_entry(demo_store, fid)
    entries.edit(demo_store, eid, text="a")
    burst = _last(demo_store)
    entries.edit(demo_store, other, text="z")
    z = _last(demo_store)
    entries.edit(demo_store, eid, text="ab")
    burst2 = _last(demo_store)
    changesets.undo(demo_store, z)
    entries.edit(demo_store, eid, text="abc")
    assert _last(demo_store) not in (burst, burst2)


# --- hostile history rows --------------------------------------------------------------------


def _tamper(store: Store, sql: str, **params: Any) -> None:
    with store.session() as s:
        s.execute(text(sql), params)


@pytest.mark.parametrize("column,value", [
    ("created_at", "12345"),            # a number where a time belongs
    ("created_at", '"yesterday"'),      # words where a time belongs
    ("role", '"bogus"'),                # not one of the roles
    ("name", '{"$edit": [0, 0, 5]}'),   # an edit that is not an edit
    ("name", '{"$edit": "x"}'),
    ("position", '"first"'),
])
def test_a_tampered_before_value_is_refused_with_a_sentence(demo_store, column, value):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.add(demo_store, fid, "Robin Vale", "adult")
    people.remove(demo_store, pid)
    removed = _last(demo_store)
    _tamper(demo_store, f"UPDATE changes SET before = json_set(before, '$.{column}', "
            "json(:v)) WHERE changeset_id = :c AND entity_type = 'Person'",
            v=value, c=removed)
    _refused_and_unchanged(demo_store, removed)


@pytest.mark.parametrize("before", ['[1, 2, 3]', '"a string"', '42'])
def test_a_before_that_is_not_an_object_is_refused_with_a_sentence(demo_store, before):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.rename(demo_store, pid, "Dana Pryce")
    renamed = _last(demo_store)
    _tamper(demo_store, "UPDATE changes SET before = json(:b) WHERE changeset_id = :c",
            b=before, c=renamed)
    _refused_and_unchanged(demo_store, renamed)


def test_a_tampered_entity_type_is_refused_with_a_sentence(demo_store):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    added = _last(demo_store)
    _tamper(demo_store, "UPDATE changes SET entity_type = 'AuditEvent' WHERE changeset_id = :c",
            c=added)
    _refused_and_unchanged(demo_store, added)
    assert _person(demo_store, pid) is not None


# --- long texts and texts that look like the encodings ---------------------------------------


def test_a_million_character_text_typed_in_the_middle_is_kept_small_and_undone_exactly(
        demo_store):
    fid = _fid(demo_store)
    v = visits.record(demo_store, fid, place="home")
    big = ("Gwen said the evenings are calmer. \u0301\U0001F600 " * 30000)[:1_000_000]
    visits.set_notes(demo_store, v, big)
    changesets.close_burst(demo_store)
    cut = 500_001
    typed = None
    for word in ("a", "ab", "abc"):
        visits.set_notes(demo_store, v, big[:cut] + word + big[cut:])
        typed = _last(demo_store)
    with demo_store.session() as s:
        row = s.scalars(select(m.Change).where(m.Change.changeset_id == typed)).one()
        raw = s.execute(text("SELECT length(before) FROM changes WHERE id = :i"),
                        {"i": row.id}).scalar()
    assert raw < 1000, "typing three letters kept the text twice"
    changesets.undo(demo_store, typed)
    with demo_store.session() as s:
        assert s.get(m.Visit, v).notes == big


@pytest.mark.parametrize("typed", [
    '{"$edit": [0, 0, "gotcha"]}',
    '{"$b64": "AAAA"}',
    '{"sha256": "00", "bytes": 1}',
])
def test_text_that_looks_like_an_encoding_is_kept_as_typed(demo_store, typed):
    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", typed)
    entries.edit(demo_store, eid, text=typed * 20)  # long: the $edit encoding applies
    changesets.close_burst(demo_store)
    entries.edit(demo_store, eid, text=typed * 20 + " more")
    last = _last(demo_store)
    vs = changes.entry_history(demo_store, "MapEntry", eid)
    assert [v.data["text"] for v in vs] == [typed, typed * 20, typed * 20 + " more"]
    changesets.undo(demo_store, last)
    assert _entry_text(demo_store, eid) == typed * 20


@pytest.mark.parametrize("old,new", [
    ("e\u0301" * 150 + "x", "e\u0301" * 150 + "\u0301x"),      # a combining mark at the edge
    ("\U0001F600" * 250, "\U0001F600" * 125 + "!" + "\U0001F600" * 125),  # astral chars
    ("a" * 300 + "\u200d\U0001F467", "a" * 300 + "\U0001F467"),  # a joiner taken out
])
def test_unicode_at_the_edge_of_an_edit_comes_back_exactly(demo_store, old, new):
    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", old)
    entries.edit(demo_store, eid, text=new)
    edited = _last(demo_store)
    with demo_store.session() as s:
        row = s.scalars(select(m.Change).where(m.Change.changeset_id == edited)).one()
        assert isinstance(row.before["text"], dict)  # kept as an edit
    changesets.undo(demo_store, edited)
    assert _entry_text(demo_store, eid) == old


# --- 4. the history readers ------------------------------------------------------------------


def test_entry_history_by_id_is_one_entrys_history_after_its_id_was_given_again(demo_store):
    fid = _fid(demo_store)
    old = entries.add(demo_store, fid, "worry", "the old worry")
    entries.remove(demo_store, old)
    new = entries.add(demo_store, fid, "strength", "a new strength")
    assert new == old, "the attack needs the id to be given again"
    vs = changes.entry_history(demo_store, "MapEntry", new)
    assert [v.data["text"] for v in vs] == ["a new strength"], (
        "the new entry's history lists another entry's versions")


def test_changes_since_the_sign_off_after_a_removal_and_its_undo_list_nothing(demo_store):
    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "a worry the supervisor saw")
    rec = supervision.start_record(demo_store, fid, resume=False)
    supervision.sign_off(demo_store, rec, "Pat Jones", "Team manager")
    base = supervision.changes_since_last_signoff(demo_store, fid)
    entries.remove(demo_store, eid)
    removed = _last(demo_store)
    gone = supervision.changes_since_last_signoff(demo_store, fid)
    assert gone != base
    changesets.undo(demo_store, removed)
    back = supervision.changes_since_last_signoff(demo_store, fid)
    assert back == base


def test_changes_since_after_an_undone_edit_list_no_edit(demo_store):
    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "as signed")
    since = m.utcnow()
    entries.edit(demo_store, eid, text="as signed, then changed")
    edited = _last(demo_store)
    with demo_store.session() as s:
        ch = changes.entity_changes_since(s, fid, since)
        assert [c.entity_id for c in ch.edited] == [eid]
    changesets.undo(demo_store, edited)
    with demo_store.session() as s:
        ch = changes.entity_changes_since(s, fid, since)
        assert eid not in [c.entity_id for c in ch.edited + ch.added + ch.deleted]


def test_the_history_of_a_child_brought_back_shows_three_versions_of_each_entry(demo_store):
    fid = _fid(demo_store)
    lena = next(p["id"] for p in families.load_family(demo_store, fid)["people"]
                if p["name"].startswith("Lena"))
    with demo_store.session() as s:
        hid = s.scalars(select(m.ThreeHousesEntry.id)
                        .where(m.ThreeHousesEntry.child_id == lena)).first()
    before = changes.entry_history(demo_store, "ThreeHousesEntry", hid)
    people.remove(demo_store, lena)
    changesets.undo(demo_store, _last(demo_store))
    after = changes.entry_history(demo_store, "ThreeHousesEntry", hid)
    assert [v.operation for v in after[len(before):]] == ["delete", "insert"]
    assert after[-1].data == before[-1].data | {"updated_at": after[-1].data["updated_at"]}


# --- 5. signed-off supervision records ------------------------------------------------------


def test_undo_of_an_edit_made_before_the_sign_off_is_refused_with_a_true_sentence(demo_store):
    fid = _fid(demo_store)
    rec = supervision.start_record(demo_store, fid, resume=False)
    supervision.update_record(demo_store, rec, reflections="what we thought", supervisor_score=6)
    edited = _last(demo_store)
    supervision.sign_off(demo_store, rec, "Pat Jones", "Team manager")
    signed = _last(demo_store)
    sentence = _refused_and_unchanged(demo_store, edited)
    _refused_and_unchanged(demo_store, signed)
    # the sentence must not send the person to undo the sign-off, which can never be undone
    assert "signed" in sentence.lower(), sentence


def test_undo_of_the_start_of_a_signed_off_record_is_refused(demo_store):
    fid = _fid(demo_store)
    with demo_store.session(command="supervision.start_record") as s:
        s.add(m.SupervisionRecord(family_id=fid))
    started = _last(demo_store)
    with demo_store.session() as s:
        rid = s.scalars(select(m.SupervisionRecord.id).order_by(
            m.SupervisionRecord.id.desc())).first()
    supervision.sign_off(demo_store, rid, "Pat Jones", "Team manager")
    _refused_and_unchanged(demo_store, started)


# --- 6. no case text in messages ------------------------------------------------------------


def test_a_failed_undo_carries_no_case_text_in_its_message(demo_store, caplog):
    """Whatever stops an undo, its message (and the log) holds no case text: a database error
    names the row's values in its text."""
    from safetymap.services import plan

    fid = _fid(demo_store)
    other_fid = next(f.id for f in families.list_families(demo_store) if f.id != fid)
    plan.agree_version(demo_store, fid, note=SECRET)
    agreed = _last(demo_store)
    plan.agree_version(demo_store, other_fid, note="another family")
    undone = changesets.undo(demo_store, agreed)
    plan.agree_version(demo_store, fid, note="again")
    caplog.set_level("DEBUG")
    with pytest.raises(Exception) as info:  # noqa: B017 - any kind: the text is the attack
        changesets.redo(demo_store, undone)
    assert SECRET not in str(info.value), "the undo's error carries the case text"
    assert SECRET not in caplog.text


def test_refusal_sentences_name_no_one(demo_store):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, SECRET, "adult")
    added = _last(demo_store)
    scores.record(demo_store, fid, 3, person_id=pid, reasons=SECRET)
    people.rename(demo_store, pid, SECRET + " Jr")
    for cid in (added,):
        sentence = _refused_and_unchanged(demo_store, cid)
        assert SECRET not in sentence


# --- 7. the migration keeps the history -----------------------------------------------------


def _migrated(tmp_path: Any, monkeypatch: Any) -> tuple[Any, list[tuple[Any, ...]]]:
    from safetymap.store import engine as engine_mod

    from .test_migrations import FIXTURES, _copy_fixture, _schema_up_to
    from .test_migrations import PASSPHRASE as FIX_PASS

    path = _copy_fixture(FIXTURES / "store-0002.db", tmp_path)
    with monkeypatch.context() as mp:
        mp.setattr(engine_mod, "MIGRATIONS_DIR", _schema_up_to(tmp_path, "0002"))
        with Store.open(path, FIX_PASS) as s, s.engine.connect() as c:
            old = [tuple(r) for r in c.execute(text(
                "SELECT entity_type, entity_uid, operation, data, actor, changed_at "
                "FROM entity_versions "
                "ORDER BY changed_at, id"))]
    return Store.open(path, FIX_PASS), old


def test_every_migrated_version_is_the_snapshot_it_was(tmp_path, monkeypatch):
    store, old = _migrated(tmp_path, monkeypatch)
    with store:
        with store.session() as s:
            new = cs.versions(s.connection())
        per_old: dict[tuple[str, str], list[Any]] = {}
        for etype, uid, op, data, actor, at in old:
            d = json.loads(data) if isinstance(data, str) else data
            when = datetime.fromisoformat(str(at)).replace(tzinfo=UTC)
            per_old.setdefault((etype, uid), []).append((op, d, actor or "", when))
        per_new: dict[tuple[str, str], list[Any]] = {}
        for v in new:
            per_new.setdefault((v.entity_type, v.entity_uid), []).append(
                (v.operation, v.data, v.actor, v.changed_at))
        assert per_new.keys() >= per_old.keys()
        for key, versions in per_old.items():
            assert per_new[key][:len(versions)] == versions, key


def test_undo_of_any_migrated_change_is_done_or_refused_with_a_sentence(tmp_path,
                                                                        monkeypatch):
    store, _old = _migrated(tmp_path, monkeypatch)
    with store:
        with store.session() as s:
            ids = list(s.scalars(select(m.Changeset.id).order_by(m.Changeset.id.desc())))
        odd = []
        for cid in ids:
            try:
                changesets.undo(store, cid)
            except CannotUndo:
                pass
            except Exception as exc:  # noqa: BLE001 - the attack
                odd.append((cid, type(exc).__name__))
        assert odd == []
        from safetymap.services.integrity import check_store

        assert check_store(store).ok


# --- store-wide state shared by threads ---------------------------------------------------


def test_a_read_in_another_thread_does_not_lose_the_commands_changeset(demo_store):
    """push_changeset reads store.last_changeset_id after the command. A session in another
    thread (an export's audit note, a check) in between must not change what it reads."""
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.rename(demo_store, pid, "Dana Pryce")
    mine = demo_store.last_changeset_id
    assert mine is not None

    def read() -> None:
        with demo_store.session() as s:
            s.get(m.Family, fid)

    t = threading.Thread(target=read)
    t.start()
    t.join()
    assert demo_store.last_changeset_id == mine, "the undo step for the rename is lost"


# --- more: redo with dependants, the search index, what a merge leaves ----------------------


def test_redo_of_a_removal_is_refused_while_a_new_record_hangs_from_the_person(demo_store):
    fid = _fid(demo_store)
    kid = people.add(demo_store, fid, "Kit", "child")
    people.remove(demo_store, kid)
    undone = changesets.undo(demo_store, _last(demo_store))
    childs_voice.add_house_entry(demo_store, fid, kid, "dreams", "a dream told after")
    sentence = _refused_and_unchanged(demo_store, undone, redo=True)
    assert "Three Houses entry" in sentence


def test_the_search_finds_what_undo_brought_back_and_not_what_it_took(demo_store):
    from safetymap.services.integrity import check_store

    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    eid = entries.add(demo_store, fid, "worry", "Quillfeather worry")
    added = _last(demo_store)
    assert [f.id for f in families.search_families(demo_store, "Quillfeather")] == [fid]
    changesets.undo(demo_store, added)
    assert families.search_families(demo_store, "Quillfeather") == []
    entries.add(demo_store, fid, "worry", "Brambleton worry")
    again = entries.add(demo_store, fid, "worry", "other")
    entries.remove(demo_store, again - 1)
    changesets.undo(demo_store, _last(demo_store))
    assert [f.id for f in families.search_families(demo_store, "Brambleton")] == [fid]
    assert pid and eid and check_store(demo_store).ok


def test_after_a_merge_a_refusal_points_at_a_change_that_can_be_undone(demo_store):
    """A merge updates a record, then writes the bundle's history of it as changesets of
    their own ("history received", which are never undone). A refused undo must not send the
    person to undo one of those."""
    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "typed here")
    entries.edit(demo_store, eid, text="typed here, edited")
    edited = _last(demo_store)
    with demo_store.session(command="bundles.merge") as s:  # what services/bundles._merge does
        e = s.get(m.MapEntry, eid)
        e.text = "the other laptop's words"
        s.flush()
        cs.receive_history(s.connection(), [{
            "entity_type": "MapEntry", "entity_id": eid, "entity_uid": e.uid,
            "family_id": fid, "operation": "update", "actor": "other laptop",
            "changed_at": m.utcnow() - timedelta(days=1),
            "data": {"text": "the other laptop's words"}}])
    sentence = _refused_and_unchanged(demo_store, edited)
    named = int(re.search(r"change (\d+)\)", sentence).group(1))
    with demo_store.session() as s:
        assert s.get(m.Changeset, named).command != cs.RECEIVED, sentence


# --- bundles: import, merge, and their undo -------------------------------------------------

BUNDLE_PASS = "river stones under a quiet bridge"


def _laptop_b(tmp_path: Any) -> Store:
    from safetymap.store.keys import KdfParams

    from ..conftest import PASSPHRASE

    return Store.create(tmp_path / "b" / "safetymap.db", PASSPHRASE, KdfParams.fast_for_tests())


def _export(store: Store, fid: int, out: Any) -> None:
    from safetymap.services import bundles
    from safetymap.store import bundle as fmt

    bundles.export_bundle(store, fid, out, BUNDLE_PASS, kdf=fmt.BundleKdf.fast_for_tests())


def test_a_real_merge_then_a_refused_undo_names_a_change_that_can_be_undone(demo_store,
                                                                           tmp_path):
    from safetymap.services import bundles

    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "typed on laptop A")
    entries.edit(demo_store, eid, text="typed on laptop A, edited")
    edited = _last(demo_store)
    with demo_store.session() as s:
        uid = s.get(m.MapEntry, eid).uid
    _export(demo_store, fid, tmp_path / "a.smbundle")
    with _laptop_b(tmp_path) as b:
        fid_b = bundles.import_bundle_file(b, tmp_path / "a.smbundle", BUNDLE_PASS).family_id
        with b.session() as s:
            eid_b = s.scalar(select(m.MapEntry.id).where(m.MapEntry.uid == uid))
        entries.edit(b, eid_b, text="typed on laptop A, edited, then B's words")
        _export(b, fid_b, tmp_path / "b.smbundle")
    before_merge = _entry_text(demo_store, eid)
    bundles.import_bundle_file(demo_store, tmp_path / "b.smbundle", BUNDLE_PASS, "merge")
    merged = _last(demo_store)
    assert _entry_text(demo_store, eid).endswith("B's words")
    sentence = _refused_and_unchanged(demo_store, edited)
    named = int(re.search(r"change (\d+)\)", sentence).group(1))
    with demo_store.session() as s:
        assert s.get(m.Changeset, named).command != cs.RECEIVED, sentence
    # the merge itself can be undone, and then the edit
    changesets.undo(demo_store, merged)
    assert _entry_text(demo_store, eid) == before_merge
    changesets.undo(demo_store, edited)
    assert _entry_text(demo_store, eid) == "typed on laptop A"


def test_undoing_an_import_and_importing_again_keeps_one_copy_of_the_history(demo_store,
                                                                            tmp_path):
    from safetymap.services import bundles

    fid = _fid(demo_store)
    _export(demo_store, fid, tmp_path / "a.smbundle")
    with demo_store.session() as s:
        uid = s.scalars(select(m.MapEntry.uid).where(m.MapEntry.family_id == fid)).first()
    with _laptop_b(tmp_path) as b:
        bundles.import_bundle_file(b, tmp_path / "a.smbundle", BUNDLE_PASS)
        imported = _last(b)
        first = changes.entry_history(b, "MapEntry", entity_uid=uid)
        changesets.undo(b, imported)
        assert families.list_families(b) == []
        bundles.import_bundle_file(b, tmp_path / "a.smbundle", BUNDLE_PASS)
        again = changes.entry_history(b, "MapEntry", entity_uid=uid)
        ops = [(v.operation, v.changed_at) for v in again]
        received = [(v.operation, v.changed_at) for v in first[:-1]]
        # the bundle's history is held once, not once per import
        for op in received:
            assert ops.count(op) == 1, (op, ops)
        fid_b = families.list_families(b)[0].id
        with b.session() as s:
            ch = changes.entity_changes_since(s, fid_b, None)
        assert not ch.deleted


# --- another process, pictures, words --------------------------------------------------------


def test_the_command_line_cannot_undo_while_the_store_is_open_here(demo_store, store_path):
    from ..conftest import PASSPHRASE
    from ..unit.test_cli import one_sentence_error, run

    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    added = _last(demo_store)
    rows = _dump(demo_store)
    r = run("--store", str(store_path), "undo", str(added), passphrase=PASSPHRASE)
    line = one_sentence_error(r)
    assert "already open" in line
    assert _dump(demo_store) == rows and _person(demo_store, pid) is not None


def test_an_undo_made_by_the_command_line_while_locked_is_not_made_twice(demo_store,
                                                                          store_path,
                                                                          passphrase):
    from ..unit.test_cli import run

    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.rename(demo_store, pid, "Dana Pryce")
    renamed = _last(demo_store)
    demo_store.close()  # the window locks: the store is closed, the step is kept
    r = run("--store", str(store_path), "undo", str(renamed), passphrase=passphrase)
    assert r.returncode == 0, r.stderr
    with Store.open(store_path, passphrase) as again:  # unlocked: the kept step is pressed
        rows = _dump(again)
        with pytest.raises(CannotUndo, match="Undo that one first"):
            changesets.undo(again, renamed)
        assert _dump(again) == rows
        with again.session() as s:
            assert s.get(m.Person, pid).name == "Dana Price"


def test_a_picture_added_undone_and_redone_has_its_bytes(demo_store):
    fid = _fid(demo_store)
    data = bytes(range(256)) * 33 + b"\x00\xff"
    aid = childs_voice.add_drawing(demo_store, fid, data, caption="the house")
    added = _last(demo_store)
    undone = changesets.undo(demo_store, added)
    with demo_store.session() as s:
        assert s.get(m.Attachment, aid) is None
    changesets.redo(demo_store, undone)
    assert childs_voice.drawing_data(demo_store, aid) == data
    childs_voice.caption_drawing(demo_store, aid, "the house, with the dog")
    childs_voice.remove_drawing(demo_store, aid)
    removed = _last(demo_store)
    changesets.undo(demo_store, removed)
    assert childs_voice.drawing_data(demo_store, aid) == data


def test_the_history_list_says_each_kind_of_record_in_plain_words(demo_store):
    words = cs.what_words({("EntryStance", "delete"): 2, ("VisitAttendance", "delete"): 3})
    assert "a map entries" not in words, words


def test_a_merge_does_not_take_back_what_an_undo_here_put_back(demo_store, tmp_path):
    """A edits an entry (T0 -> T1) and sends the family to B. A undoes the edit (T1 -> T0).
    B changed nothing and sends the family back. Merging B's bundle must keep A's T0: A had
    B's T1 and moved on from it (the undo). Taking T1 silently brings back what was undone."""
    from safetymap.services import bundles

    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "T0 as first written")
    entries.edit(demo_store, eid, text="T1 a hasty edit")
    edited = _last(demo_store)
    _export(demo_store, fid, tmp_path / "a.smbundle")
    with _laptop_b(tmp_path) as b:
        fid_b = bundles.import_bundle_file(b, tmp_path / "a.smbundle", BUNDLE_PASS).family_id
        _export(b, fid_b, tmp_path / "b.smbundle")
    changesets.undo(demo_store, edited)
    assert _entry_text(demo_store, eid) == "T0 as first written"
    bundles.import_bundle_file(demo_store, tmp_path / "b.smbundle", BUNDLE_PASS, "merge")
    assert _entry_text(demo_store, eid) == "T0 as first written", (
        "the merge silently took back what the undo put back")


def test_typing_in_two_boxes_of_the_plan_is_two_steps(demo_store):
    """The plan's boxes are one JSON column. Typing in "review", then in "if it isn't
    working", within two minutes, must not be one changeset (one undo step would take both
    boxes back). Nothing in the UI calls changesets.close_burst when the focus leaves a box."""
    from safetymap.domain.plan import PlanContent
    from safetymap.services import plan

    fid = families.create_family(demo_store, "Plan family")
    plan.save(demo_store, fid, PlanContent(review="In a"))
    plan.save(demo_store, fid, PlanContent(review="In a week"))
    review = _last(demo_store)
    plan.save(demo_store, fid, PlanContent(review="In a week", if_not_working="Call"))
    other_box = _last(demo_store)
    assert other_box != review, "typing in another box of the plan joined the first box's step"


def test_every_changeset_of_a_family_is_in_its_history_list(demo_store):
    """The history list (and 'safetymap history') finds changes by their family: a contact
    detail or a visit attendance has no family_id of its own."""
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    cid = people.add_contact(demo_store, pid, "phone", "0100 000000")
    added = _last(demo_store)
    people.update_contact(demo_store, cid, value="0100 000001")
    edited = _last(demo_store)
    v = visits.record(demo_store, fid, place="home")
    visits.mark_seen(demo_store, v, pid, present=True)
    ticked = _last(demo_store)
    people.remove(demo_store, pid)
    removed = _last(demo_store)
    listed = [h["id"] for h in changesets.history(demo_store, fid)]
    for c in (added, edited, ticked, removed):
        assert c in listed, (c, listed[:6])
    with demo_store.session() as s:
        fams = dict(s.execute(select(m.Change.entity_type, m.Change.family_id).where(
            m.Change.changeset_id == removed, m.Change.entity_type.in_(
                ["ContactDetail", "VisitAttendance"]))).all())
    assert fams == {"ContactDetail": fid, "VisitAttendance": fid}


@pytest.mark.parametrize("sql", [
    "UPDATE changes SET operation = 'bogus' WHERE changeset_id = :c",
    "UPDATE changes SET before = json_remove(before, '$.uid') WHERE changeset_id = :c",
    "UPDATE changes SET before = json_remove(before, '$.id') WHERE changeset_id = :c",
    "UPDATE changes SET before = json_remove(before, '$.family_id') WHERE changeset_id = :c",
])
def test_a_tampered_removal_is_refused_not_put_back_as_something_else(demo_store, sql):
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    people.add(demo_store, fid, "Robin Vale", "adult")
    with demo_store.session() as s:
        uid = s.get(m.Person, pid).uid
    people.remove(demo_store, pid)
    removed = _last(demo_store)
    _tamper(demo_store, sql, c=removed)
    try:
        _refused_and_unchanged(demo_store, removed)
    except pytest.fail.Exception:
        # put back: then it must be the same person, with the same id and uid
        with demo_store.session() as s:
            back = s.scalars(select(m.Person).where(m.Person.name == "Dana Price")).all()
            assert [(p.id, p.uid) for p in back] in ([], [(pid, uid)]), "another identity"
        raise


_KILLED_CHILD = """
import os, signal, sys
from safetymap.domain import model as m
from safetymap.services import entries
from safetymap.store.engine import Store
store = Store.open(sys.argv[1], sys.argv[2])
eid = int(sys.argv[3])
for t in ("one", "one two", "one two three"):
    entries.edit(store, eid, text=t)
print(store.last_changeset_id, flush=True)
with store.session(command="entries.edit", coalesce=True) as s:
    s.get(m.MapEntry, eid).text = "one two three four"
    s.flush()  # the burst is extended in the open transaction...
    os.kill(os.getpid(), signal.SIGKILL)  # ...and the process dies before the commit
"""


def test_a_burst_killed_before_its_commit_keeps_every_committed_keystroke(demo_store,
                                                                           store_path,
                                                                           passphrase):
    import subprocess
    import sys

    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "")
    demo_store.close()
    r = subprocess.run([sys.executable, "-c", _KILLED_CHILD, str(store_path), passphrase,
                        str(eid)], capture_output=True, text=True, timeout=120)
    assert r.returncode == -9, r.stderr
    burst = int(r.stdout.strip())
    with Store.open(store_path, passphrase) as again:
        with again.session() as s:
            assert s.get(m.MapEntry, eid).text == "one two three"
            rows = s.scalars(select(m.Change).where(m.Change.changeset_id == burst)).all()
            assert [(c.before["text"], c.after["text"]) for c in rows] == [
                ("", "one two three")]
        entries.edit(again, eid, text="one two three, after the restart")
        assert _last(again) != burst  # a new version after the restart
        changesets.undo(again, _last(again))
        changesets.undo(again, burst)
        with again.session() as s:
            assert s.get(m.MapEntry, eid).text == ""


def test_undo_of_a_removal_does_not_overwrite_a_later_choice_of_whose_view(demo_store):
    """Removing a person unlinks the entries that were their view. Later the worker says the
    entry is the school's view (view_label; view_person_id stays empty). Undoing the removal
    must not silently make it the person's view again: that overwrites the later choice."""
    fid = _fid(demo_store)
    pid = people.add(demo_store, fid, "Dana Price", "adult")
    eid = entries.add(demo_store, fid, "worry", "words", view_person_id=pid)
    people.add(demo_store, fid, "Robin Vale", "adult")
    people.remove(demo_store, pid)
    removed = _last(demo_store)
    entries.set_view(demo_store, eid, label="school")
    try:
        changesets.undo(demo_store, removed)
    except CannotUndo:
        pass  # refused: the later choice stays
    with demo_store.session() as s:
        e = s.get(m.MapEntry, eid)
        assert e.whose_view == "school", (
            f"undo overwrote the later choice: view_person_id={e.view_person_id}, "
            f"view_label={e.view_label!r}")


def test_out_of_order_undo_does_not_leave_seen_on_their_own_without_seen(demo_store):
    """Marked seen (one change), then seen on their own (a later change of another column of
    the same row). Undoing the first alone would leave 'seen on their own' but 'not seen',
    which the rules never allow (domain/rules.mark_seen)."""
    fid = _fid(demo_store)
    kid = people.add(demo_store, fid, "Kit", "child")
    v = visits.record(demo_store, fid, place="home")
    visits.mark_seen(demo_store, v, kid, present=True)
    visits.mark_seen(demo_store, v, kid, seen=True)
    seen = _last(demo_store)
    visits.mark_seen(demo_store, v, kid, seen_alone=True)
    try:
        changesets.undo(demo_store, seen)
    except CannotUndo:
        pass  # refused: fine
    with demo_store.session() as s:
        row = s.scalars(select(m.VisitAttendance).where(
            m.VisitAttendance.visit_id == v, m.VisitAttendance.person_id == kid)).one()
        assert not (row.seen_alone and not row.seen), (row.present, row.seen, row.seen_alone)


def test_a_second_store_on_the_same_file_is_refused_so_no_write_comes_unseen(demo_store,
                                                                              store_path,
                                                                              passphrase):
    from safetymap.store.errors import StoreLocked

    fid = _fid(demo_store)
    eid = entries.add(demo_store, fid, "worry", "")
    entries.edit(demo_store, eid, text="typing")
    burst = _last(demo_store)
    with pytest.raises(StoreLocked):
        Store.open(store_path, passphrase)
    entries.edit(demo_store, eid, text="typing on")
    assert _last(demo_store) == burst  # the burst goes on: nothing else could have written
