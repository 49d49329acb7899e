"""Two laptops and the team server: a family made on A and allocated to B reaches B whole,
pictures included; and B's edit comes back to A."""

from __future__ import annotations

from safetymap.domain import model as m
from safetymap.services import demo, people
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


def test_family_made_on_a_reaches_b_whole(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    try:
        ids = demo.add_demo_families(a)
        r = sync.join(a, team.url("alex"), PASSWORD)
        assert r.pulled >= 0
        fuid = family_uid(a, ids[0])
        server.allocate(team.admin_url, fuid, team.logins["bea"])
        rb = sync.join(b, team.url("bea"), PASSWORD)
        assert rb.pulled > 0
        state_a, state_b = family_state(a, fuid), family_state(b, fuid)
        assert state_b == state_a
        kinds = {k for k, _f in state_b.values()}
        assert "Attachment" in kinds or "WordsAndPictures" in kinds, kinds
        # B holds only what is allocated to B
        other = family_uid(a, ids[1])
        assert family_state(b, other) == {}
        # B edits; A gets it
        with b.session() as s:
            from sqlalchemy import select
            pid = s.scalar(select(m.Person.id).join(m.Family).where(m.Family.uid == fuid)
                           .order_by(m.Person.id))
        people.rename(b, pid, "Renamed on B")
        sync.sync(b, PASSWORD)
        sync.sync(a, PASSWORD)
        assert family_state(a, fuid) == family_state(b, fuid)
    finally:
        a.close()
        b.close()


def test_the_same_picture_in_two_families_reaches_each_holder(pg_server, team_db, tmp_path):
    """Blobs are per family: a picture both families hold is stored for each, so the worker
    who holds only the second still gets it (one shared copy would belong to the first family
    and row-level security would hide it). Checked by its hash on arrival."""
    from sqlalchemy import select

    from safetymap.services import childs_voice, families

    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    try:
        png = demo.drawing_png()
        first = families.create_family(a, "First family")
        second = families.create_family(a, "Second family")
        for fid in (first, second):
            childs_voice.add_drawing(a, fid, png, filename="drawing.png")
        sync.join(a, team.url("alex"), PASSWORD)
        server.allocate(team.admin_url, family_uid(a, second), team.logins["bea"])
        sync.join(b, team.url("bea"), PASSWORD)
        with b.session() as s:
            got = s.scalars(select(m.Attachment.data)).all()
        assert got == [png]
        assert family_state(b, family_uid(a, second)) == family_state(a, family_uid(a, second))
    finally:
        a.close()
        b.close()
