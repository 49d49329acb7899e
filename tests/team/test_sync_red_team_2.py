"""Second red team of the team store: the pull's echo skip, the bulk apply, records hanging
from others (refs) and resolve sequences, each against a real PostgreSQL team. A test here
compares what two laptops hold field by field, so every one of them can fail."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.services import (
    changesets,
    childs_voice,
    demo,
    families,
    people,
    supervision,
    visits,
)
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


@pytest.fixture
def pair(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Test family")
    people.add(a, fid, "Kim", m.PersonRole.ADULT)
    people.add(a, fid, "Jo", m.PersonRole.CHILD)
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.admin_url, fuid, team.logins["bea"])
    sync.join(b, team.url("bea"), PASSWORD)
    yield team, a, b, fuid
    a.close()
    b.close()


def _id(store, cls, **where):
    with store.session() as s:
        q = select(cls.id)
        for k, v in where.items():
            q = q.where(getattr(cls, k) == v)
        return s.scalar(q)


def _both(a, b):
    for _ in range(2):
        sync.sync(a, PASSWORD)
        sync.sync(b, PASSWORD)


def test_demo_families_arrive_whole_on_a_supervisor_laptop(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("sam", "Sam Lee", "supervisor"))
    a, s = laptop(tmp_path, "a"), laptop(tmp_path, "s")
    fids = demo.add_demo_families(a)
    sync.join(a, team.url("alex"), PASSWORD)
    sync.join(s, team.url("sam"), PASSWORD)
    sync.sync(s, PASSWORD)
    for fid in fids:
        fuid = family_uid(a, fid)
        mine, theirs = family_state(a, fuid), family_state(s, fuid)
        assert len(mine) > 5
        assert set(mine) == set(theirs), {mine[u][0] for u in set(mine) ^ set(theirs)}
        for uid in mine:
            assert mine[uid] == theirs[uid], mine[uid][0]
    a.close()
    s.close()


def _last_changeset(store, command=None):
    with store.session() as s:
        q = select(m.Changeset.id).order_by(m.Changeset.id.desc())
        if command:
            q = q.where(m.Changeset.command == command)
        return s.scalar(q)


def test_undo_of_a_synced_removal_brings_it_back_on_both(pair):
    team, a, b, fuid = pair
    pid = _id(a, m.Person, name="Kim")
    people.add_contact(a, pid, "phone", "0700 000001")
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    people.remove(a, pid)
    _both(a, b)
    assert _id(b, m.Person, name="Kim") is None
    changesets.undo(a, _last_changeset(a, "people.remove"))
    _both(a, b)
    assert _id(b, m.Person, name="Kim") is not None
    assert family_state(a, fuid) == family_state(b, fuid)
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []


def test_undo_of_a_synced_rename_on_both(pair):
    team, a, b, fuid = pair
    pid = _id(a, m.Person, name="Kim")
    people.rename(a, pid, "Kimberley")
    _both(a, b)
    changesets.undo(a, _last_changeset(a, "people.rename"))
    _both(a, b)
    assert _id(b, m.Person, name="Kim") is not None
    assert family_state(a, fuid) == family_state(b, fuid)


def test_attendance_removed_on_a_while_b_ticks_seen(pair):
    team, a, b, fuid = pair
    fid_a = _id(a, m.Family, uid=fuid)
    jo = _id(a, m.Person, name="Jo")
    vid = visits.record(a, fid_a, place="home",
                        attendance=[visits.Attendance(person_id=jo, present=True)])
    _both(a, b)
    visits.remove(a, vid)
    sync.sync(a, PASSWORD)
    vb, jb = _id(b, m.Visit, place="home"), _id(b, m.Person, name="Jo")
    visits.mark_seen(b, vb, jb, seen=True)
    r = sync.sync(b, PASSWORD)
    assert r.new_conflicts >= 1
    _both(a, b)
    assert family_state(a, fuid) == family_state(b, fuid)


def test_child_removed_on_a_while_b_edits_her_three_houses_entry(pair):
    team, a, b, fuid = pair
    fid_a, jo = _id(a, m.Family, uid=fuid), _id(a, m.Person, name="Jo")
    childs_voice.add_house_entry(a, fid_a, jo, "worries", "the dog barks")
    _both(a, b)
    people.remove(a, jo)
    sync.sync(a, PASSWORD)
    childs_voice.edit_house_entry(b, _id(b, m.ThreeHousesEntry, text="the dog barks"),
                                  "the dog barks at night")
    r = sync.sync(b, PASSWORD)
    assert r.new_conflicts == 1
    (c,) = sync.open_conflicts(b)
    assert c.kind == "edited_deleted"
    sync.resolve(b, c.id, "mine", password=PASSWORD)
    _both(a, b)
    # the entry is back, edited, and the child it belongs to with it
    assert _id(a, m.ThreeHousesEntry, text="the dog barks at night") is not None
    assert _id(a, m.Person, name="Jo") is not None
    assert family_state(a, fuid) == family_state(b, fuid)


def test_theirs_then_mine_on_the_same_field(pair):
    team, a, b, fuid = pair
    pa, pb = _id(a, m.Person, name="Kim"), _id(b, m.Person, name="Kim")
    people.rename(a, pa, "Kim A1")
    sync.sync(a, PASSWORD)
    people.rename(b, pb, "Kim B1")
    sync.sync(b, PASSWORD)
    (c,) = sync.open_conflicts(b)
    sync.resolve(b, c.id, "theirs", password=PASSWORD)
    _both(a, b)
    assert _id(b, m.Person, name="Kim A1") is not None
    people.rename(a, pa, "Kim A2")
    sync.sync(a, PASSWORD)
    people.rename(b, pb, "Kim B2")
    sync.sync(b, PASSWORD)
    (c,) = sync.open_conflicts(b)
    sync.resolve(b, c.id, "mine", password=PASSWORD)
    _both(a, b)
    assert _id(a, m.Person, name="Kim B2") is not None
    assert family_state(a, fuid) == family_state(b, fuid)
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []


def test_two_laptops_of_one_login_see_each_others_edits(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"))
    a1, a2 = laptop(tmp_path, "a1"), laptop(tmp_path, "a2")
    fid = families.create_family(a1, "Test family")
    pid = people.add(a1, fid, "Kim", m.PersonRole.ADULT)
    sync.join(a1, team.url("alex"), PASSWORD)
    sync.join(a2, team.url("alex"), PASSWORD)
    fuid = family_uid(a1, fid)
    people.update(a1, pid, organisation="School")
    sync.sync(a1, PASSWORD)
    people.rename(a2, _id(a2, m.Person, name="Kim"), "Kim Two")
    sync.sync(a2, PASSWORD)  # pushes its own field, pulls a1's in the same record
    sync.sync(a1, PASSWORD)
    assert family_state(a1, fuid) == family_state(a2, fuid)
    with a2.session() as s:
        p = s.scalar(select(m.Person).where(m.Person.name == "Kim Two"))
        assert p is not None and p.organisation == "School"
    a1.close()
    a2.close()


def test_losing_laptop_resolving_theirs_shows_the_kept_value(pair):
    team, a, b, fuid = pair
    pa, pb = _id(a, m.Person, name="Kim"), _id(b, m.Person, name="Kim")
    people.rename(a, pa, "Kim A")
    sync.sync(a, PASSWORD)
    people.rename(b, pb, "Kim B")
    people.update(b, pb, organisation="School")  # same record, another field: applied
    sync.sync(b, PASSWORD)
    assert _id(b, m.Person, name="Kim A") is not None  # the kept value, shown meanwhile
    (c,) = sync.open_conflicts(b)
    sync.resolve(b, c.id, "theirs", password=PASSWORD)
    _both(a, b)
    assert family_state(a, fuid) == family_state(b, fuid)


def test_cli_conflicts_says_every_kind_in_words(pair, capsys, monkeypatch):
    from safetymap import cli
    from tests.conftest import PASSPHRASE

    team, a, b, fuid = pair
    fid_a = _id(a, m.Family, uid=fuid)
    for name in ("Ann", "Ben", "Cat"):
        people.add(a, fid_a, name, m.PersonRole.ADULT)
    people.update(a, _id(a, m.Person, name="Cat"), confidential=True)
    _both(a, b)
    people.rename(a, _id(a, m.Person, name="Kim"), "Kim A")  # field
    people.rename(a, _id(a, m.Person, name="Ann"), "Ann A")  # B removes: deleted_edited
    people.remove(a, _id(a, m.Person, name="Ben"))  # B edits: edited_deleted
    people.update(a, _id(a, m.Person, name="Cat"), confidential=False)  # relax, held on B
    sync.sync(a, PASSWORD)
    people.rename(b, _id(b, m.Person, name="Kim"), "Kim B")
    people.remove(b, _id(b, m.Person, name="Ann"))
    people.rename(b, _id(b, m.Person, name="Ben"), "Ben B")
    sync.sync(b, PASSWORD)
    sync_views = sync.open_conflicts(b)
    kinds = sorted(c.kind for c in sync_views)
    assert kinds == ["deleted_edited", "edited_deleted", "field", "relax"], kinds
    path = b.path if hasattr(b, "path") else None
    b.close()
    monkeypatch.setenv("SAFETYMAP_PASSPHRASE", PASSPHRASE)
    code = cli.main(["--store", str(path), "conflicts"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Traceback" not in out.out + out.err and "None" not in out.out
    assert len([ln for ln in out.out.splitlines() if not ln.startswith("\t")]) == 4
    for ln in out.out.splitlines():
        assert ln.strip() and not ln.rstrip().endswith(":"), ln
    # the removed-here record: what the other worker made of it, not every column with the
    # family's id and "(removed)" for fields nobody removed
    (kept,) = [c for c in sync_views if c.kind == "deleted_edited"]
    assert "Ann A" in kept.theirs and fuid not in kept.theirs, kept.theirs
    assert "(removed)" not in kept.theirs and "position" not in kept.theirs, kept.theirs
    # the record removed by the other worker is still named (it is gone here)
    (gone,) = [c for c in sync_views if c.kind == "edited_deleted"]
    assert "Ben" in gone.what, gone.what


def test_a_pairing_to_a_worry_arriving_later_in_the_same_pull(pair):
    """The goal is pulled before the worry it now names (the worry changed after the
    pairing): the reference is resolved once the worry is in, on the laptop that had the goal
    already and on one that gets everything at once."""
    from safetymap.services import entries

    team, a, b, fuid = pair
    fid_a = _id(a, m.Family, uid=fuid)
    goal = entries.add(a, fid_a, "goal", "safe at home")
    _both(a, b)
    worry = entries.add(a, fid_a, "worry", "shouting")
    entries.pair_with_worry(a, goal, worry)
    entries.edit(a, worry, text="shouting at night")
    drawing = childs_voice.add_drawing(a, fid_a, demo.drawing_png(), caption="house")
    rec = supervision.start_record(a, fid_a)
    supervision.update_record(a, rec, reflections="went well", supervisor_score=6)
    supervision.sign_off(a, rec, "Sam Lee", "Supervisor")
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    with b.session() as s:
        g = s.scalar(select(m.MapEntry).where(m.MapEntry.text == "safe at home"))
        w = s.scalar(select(m.MapEntry).where(m.MapEntry.text == "shouting at night"))
        assert g is not None and w is not None and g.paired_worry_id == w.id
    assert childs_voice.drawing_data(b, _id(b, m.Attachment, caption="house")) == \
        childs_voice.drawing_data(a, drawing)
    assert family_state(a, fuid) == family_state(b, fuid)
    c = laptop(b.path.parent.parent, "c")
    server.allocate(team.admin_url, fuid, team.add("cat", "Cat Bell"))
    sync.join(c, team.url("cat"), PASSWORD)
    assert family_state(a, fuid) == family_state(c, fuid)
    c.close()


def _visit_without_jo(pair):
    team, a, b, fuid = pair
    vid = visits.record(a, _id(a, m.Family, uid=fuid), place="school")
    _both(a, b)
    return vid, _id(b, m.Visit, place="school")


def test_attendance_removed_and_added_again_on_b_arrives_on_a(pair):
    """B ticks Jo seen (a new attendance row), undoes it and ticks again (another row, same
    visit and person): A gets the removal and the new row in one pull."""
    team, a, b, fuid = pair
    va, vb = _visit_without_jo(pair)
    jb = _id(b, m.Person, name="Jo")
    visits.mark_seen(b, vb, jb, seen=True)
    _both(a, b)
    changesets.undo(b, _last_changeset(b, "visits.mark_seen"))
    visits.mark_seen(b, vb, jb, seen=True, seen_alone=True)
    sync.sync(b, PASSWORD)
    sync.sync(a, PASSWORD)
    assert family_state(a, fuid) == family_state(b, fuid)


def test_both_laptops_tick_the_same_child_seen_at_one_visit(pair):
    team, a, b, fuid = pair
    va, vb = _visit_without_jo(pair)
    visits.mark_seen(a, va, _id(a, m.Person, name="Jo"), seen=True)
    visits.mark_seen(b, vb, _id(b, m.Person, name="Jo"), seen=True, seen_alone=True)
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)  # must not fail: the server has A's row for the same pair
    _both(a, b)  # nor on A, which gets B's
    c = laptop(b.path.parent.parent, "c")  # and a laptop getting both rows in one pull
    server.allocate(team.admin_url, fuid, team.add("cat", "Cat Bell"))
    sync.join(c, team.url("cat"), PASSWORD)
    for store in (a, b, c):  # each laptop keeps one row, its own where it made one
        with store.session() as s:
            (row,) = s.scalars(select(m.VisitAttendance))
            assert row.seen is True
    c.close()


def test_a_held_relaxation_on_a_family_taken_away_leaves_with_it(pair):
    team, a, b, fuid = pair
    people.update(a, _id(a, m.Person, name="Kim"), confidential=True)
    _both(a, b)
    people.update(a, _id(a, m.Person, name="Kim"), confidential=False)
    sync.sync(a, PASSWORD)
    assert sync.sync(b, PASSWORD).held_relaxations == 1
    (c,) = sync.open_conflicts(b)
    server.deallocate(team.admin_url, fuid, team.logins["bea"])
    # until the laptop lets it go, its answer still reaches the team (like unpushed edits)
    sync.resolve(b, c.id, "mine", password=PASSWORD)
    r = sync.sync(b, PASSWORD)
    assert r.removed_families == 1
    assert sync.open_conflicts(b) == [] and _id(b, m.Person, name="Kim") is None
    with b.session() as s:
        assert s.scalar(select(func.count()).select_from(m.SyncConflict)) == 0
    sync.sync(a, PASSWORD)
    with a.session() as s:
        assert s.scalar(select(m.Person.confidential).where(m.Person.name == "Kim")) is True


def test_an_edit_of_a_record_signed_off_elsewhere_is_said_in_words(pair):
    team, a, b, fuid = pair
    rec = supervision.start_record(a, _id(a, m.Family, uid=fuid))
    _both(a, b)
    supervision.sign_off(a, rec, "Sam Lee", "Supervisor")
    sync.sync(a, PASSWORD)
    supervision.update_record(b, _id(b, m.SupervisionRecord), reflections="more")
    sync.sync(b, PASSWORD)
    (c,) = sync.open_conflicts(b)
    assert c.kind == "signed" and c.what and "None" not in c.mine + c.theirs
    with pytest.raises(server.TeamError):
        sync.resolve(b, c.id, "mine", password=PASSWORD)
    sync.resolve(b, c.id, "theirs", password=PASSWORD)
    _both(a, b)
    assert family_state(a, fuid) == family_state(b, fuid)


# --- from the code review after the red teams --------------------------------------------------


def test_an_edit_made_while_a_removal_arrives_is_a_conflict_not_a_resurrection(pair,
                                                                              monkeypatch):
    """B removes Jo's phone. A edits it while A's own sync is taking in that removal: A's
    edit waits, and the next push meets the removal as a conflict. It must not bring the
    number back silently (the tombstone's revision must not become A's base)."""
    team, a, b, fuid = pair
    jo_a = _id(a, m.Person, name="Jo")
    cid = people.add_contact(a, jo_a, m.ContactKind.PHONE, "0700 111")
    _both(a, b)
    people.remove_contact(b, _id(b, m.ContactDetail, value="0700 111"))
    sync.sync(b, PASSWORD)
    real = sync._not_echoes

    def edit_then_take_in(*args, **kw):
        people.update_contact(a, cid, label="mobile")  # typed during A's sync
        return real(*args, **kw)

    monkeypatch.setattr(sync, "_not_echoes", edit_then_take_in)
    sync.sync(a, PASSWORD)
    monkeypatch.setattr(sync, "_not_echoes", real)
    sync.sync(a, PASSWORD)
    kinds = [c.kind for c in sync.open_conflicts(a)]
    assert kinds == ["edited_deleted"], kinds
    sync.sync(b, PASSWORD)
    with b.session() as s:  # not back on B without anyone deciding
        assert s.scalar(select(m.ContactDetail).where(m.ContactDetail.value == "0700 111")) \
            is None


def test_a_later_edit_of_a_record_made_on_both_reaches_the_one_record(pair):
    """Jo is ticked seen at one visit on both laptops; B then changes its own tick (a second
    changeset) before syncing. B's row merges into A's on the server and takes its id; the
    later change must go to that record, not make a second one."""
    team, a, b, fuid = pair
    va, vb = _visit_without_jo(pair)
    visits.mark_seen(a, va, _id(a, m.Person, name="Jo"), seen=True)
    visits.mark_seen(b, vb, _id(b, m.Person, name="Jo"), seen=True)
    visits.mark_seen(b, vb, _id(b, m.Person, name="Jo"), seen=True, seen_alone=True)
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    sync.sync(a, PASSWORD)
    with server.session(team.admin_url) as conn:
        rows = conn.execute("select fields->>'seen_alone' from safetymap.records where "
                            "entity_type = 'VisitAttendance' and not deleted").fetchall()
    assert rows == [("true",)], rows
    with a.session() as s:
        assert s.scalar(select(m.VisitAttendance.seen_alone)) is True
