"""store.session(join=...) (store/changesets.py `_joinable`): the worry builder's "Who is
worried" names whose view the worry is, and the view that follows from the typing goes into the
typing's changeset, so one undo takes both back (issue 13). It joins only the newest changeset,
made by the same person for the same family, and never one the team sync has sealed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.services import changesets, entries, families


def _worry(store: Any) -> tuple[int, int]:
    fid = families.resolve_family(store, "Hughes-Kowalski family")
    doc = families.load_family(store, fid)
    worry = next(e for e in doc["map"] if e["area"] == "worry")
    return fid, int(worry["id"])


def _typed_who(store: Any, eid: int, who: str) -> int:
    entries.edit(store, eid, worry_who=who)
    assert store.last_changeset_id is not None
    return int(store.last_changeset_id)


def _sarah(store: Any, fid: int) -> int:
    doc = families.load_family(store, fid)
    return int(next(p["id"] for p in doc["people"] if p["name"] == "Sarah Hughes"))


def _entry(store: Any, eid: int) -> tuple[str, int | None]:
    with store.session() as s:
        e = s.get(m.MapEntry, eid)
        return e.worry_who, e.view_person_id


def _changesets(store: Any) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(m.Changeset)) or 0)


def test_the_view_joins_the_typing_and_one_undo_takes_both_back(demo_store):
    fid, eid = _worry(demo_store)
    before = _entry(demo_store, eid)
    typed = _typed_who(demo_store, eid, "Sarah")
    n = _changesets(demo_store)
    entries.set_view(demo_store, eid, person_id=_sarah(demo_store, fid), join=typed)
    assert demo_store.last_changeset_id == typed and _changesets(demo_store) == n
    assert _entry(demo_store, eid) == ("Sarah", _sarah(demo_store, fid))
    changesets.undo(demo_store, typed)
    assert _entry(demo_store, eid) == before


def test_control_without_join_the_view_is_a_step_of_its_own(demo_store):
    """Without join the view is a second changeset on the same entry: undoing the typing alone
    is refused until the view is undone first (two steps, as it was)."""
    import pytest

    from safetymap.store.changesets import CannotUndo

    fid, eid = _worry(demo_store)
    typed = _typed_who(demo_store, eid, "Sarah")
    entries.set_view(demo_store, eid, person_id=_sarah(demo_store, fid))
    view = demo_store.last_changeset_id
    assert view is not None and view != typed
    with pytest.raises(CannotUndo):
        changesets.undo(demo_store, typed)


def test_a_changeset_that_is_no_longer_the_newest_is_not_joined(demo_store):
    fid, eid = _worry(demo_store)
    typed = _typed_who(demo_store, eid, "Sarah")
    entries.edit(demo_store, eid, text="Something else happened in between.")
    between = demo_store.last_changeset_id
    entries.set_view(demo_store, eid, person_id=_sarah(demo_store, fid), join=typed)
    assert demo_store.last_changeset_id not in (typed, between)


def test_a_changeset_sealed_by_the_team_sync_is_never_joined(demo_store):
    fid, eid = _worry(demo_store)
    typed = _typed_who(demo_store, eid, "Sarah")
    with demo_store.session() as s:  # as team/sync.py seals what it is pushing
        s.merge(m.StoreMeta(key="team.sealed", value=str(typed)))
    entries.set_view(demo_store, eid, person_id=_sarah(demo_store, fid), join=typed)
    assert demo_store.last_changeset_id != typed
    with demo_store.session() as s:
        rows = s.scalars(select(m.Change).where(m.Change.changeset_id == typed)).all()
    assert len(rows) == 1  # the sealed changeset is as it was pushed


def test_another_persons_changeset_is_not_joined(demo_store):
    fid, eid = _worry(demo_store)
    typed = _typed_who(demo_store, eid, "Sarah")
    demo_store.actor = "Someone Else"
    try:
        entries.set_view(demo_store, eid, person_id=_sarah(demo_store, fid), join=typed)
    finally:
        demo_store.actor = "worker"
    assert demo_store.last_changeset_id != typed
