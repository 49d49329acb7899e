"""The same thing made on two laptops while apart (a family's plan, plan version 1) becomes
one record: the second merges into the first field by field, and its laptop takes the
server's id. Without that, each laptop would keep its own plan and nobody would know."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.domain.plan import PlanContent
from safetymap.services import families, plan
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, family_state, family_uid, laptop, make_team


@pytest.fixture
def pair(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Test family")
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.admin_url, fuid, team.logins["bea"])
    sync.join(b, team.url("bea"), PASSWORD)
    with b.session() as s:
        bfid = s.scalar(select(m.Family.id).where(m.Family.uid == fuid))
    yield team, a, b, fuid, fid, bfid
    a.close()
    b.close()


def _plan(store, fid):
    with store.session() as s:
        fam = s.get(m.Family, fid)
        return PlanContent.from_json(fam.safety_plan.content if fam.safety_plan else None)


def _count(store, cls):
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(cls))


def test_a_plan_begun_on_both_laptops_is_one_plan(pair):
    team, a, b, fuid, fa, fb = pair
    plan.save(a, fa, dataclasses.replace(_plan(a, fa), review="weekly, on Mondays"))
    plan.save(b, fb, dataclasses.replace(_plan(b, fb), if_not_working="call Nan Gwen"))
    for store in (a, b, a, b):
        sync.sync(store, PASSWORD)
    for store, f in ((a, fa), (b, fb)):
        got = _plan(store, f)
        assert (got.review, got.if_not_working) == ("weekly, on Mondays", "call Nan Gwen")
        assert _count(store, m.SafetyPlan) == 1
    assert family_state(a, fuid) == family_state(b, fuid)
    assert sync.open_conflicts(a) == [] and sync.open_conflicts(b) == []


def test_the_same_box_begun_on_both_is_a_conflict_not_two_plans(pair):
    team, a, b, fuid, fa, fb = pair
    plan.save(a, fa, dataclasses.replace(_plan(a, fa), review="from A"))
    plan.save(b, fb, dataclasses.replace(_plan(b, fb), review="from B"))
    for store in (a, b, a, b):
        sync.sync(store, PASSWORD)
    assert _plan(a, fa).review == _plan(b, fb).review == "from A"
    (c,) = sync.open_conflicts(b)
    assert "from B" in c.mine
    sync.resolve(b, c.id, "mine", password=PASSWORD)
    sync.sync(a, PASSWORD)
    assert _plan(a, fa).review == "from B"
    assert family_state(a, fuid) == family_state(b, fuid)


def test_plan_version_one_agreed_on_both_laptops_is_one_version(pair):
    team, a, b, fuid, fa, fb = pair
    plan.save(a, fa, dataclasses.replace(_plan(a, fa), review="weekly"))
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    plan.agree_version(a, fa, "A's meeting")
    plan.agree_version(b, fb, "B's meeting")
    for store in (a, b, a, b):
        sync.sync(store, PASSWORD)
    assert _count(a, m.SafetyPlanVersion) == _count(b, m.SafetyPlanVersion) == 1
    assert family_state(a, fuid) == family_state(b, fuid)
    (c,) = sync.open_conflicts(b)  # the notes differ: a person decides
    assert "B's meeting" in c.mine and "A's meeting" in c.theirs


def test_the_merge_is_the_servers_doing(pair):
    """B's push of its version 1 is answered with the id of A's (the merge), so the two are
    one record because the server made them one, not by chance."""
    team, a, b, fuid, fa, fb = pair
    plan.agree_version(a, fa, "A's meeting")
    sync.sync(a, PASSWORD)
    plan.agree_version(b, fb, "A's meeting")
    sync.sync(b, PASSWORD)
    with server.session(team.admin_url) as conn:
        answers = [r[0] for r in conn.execute(
            "select result from safetymap.changesets order by seq")]
        versions = conn.execute("select count(*) from safetymap.records where entity_type = "
                                "'SafetyPlanVersion'").fetchone()[0]
    merged = [v for ans in answers for v in (ans.get("applied") or {}).values()
              if isinstance(v, dict) and "$merged_into" in v]
    assert versions == 1 and len(merged) == 1

