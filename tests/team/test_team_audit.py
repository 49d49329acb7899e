"""The team audit log: who pushed, who pulled which family, who allocated whom, in one hash
chain that `server.check` (and `safetymap team check URL`) verifies on the laptop; a changed
or removed row is found, with its entry number."""

from __future__ import annotations

import pytest

from safetymap import cli
from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.team import server, sync
from tests.team.teamkit import PASSWORD, family_uid, laptop, make_team


@pytest.fixture
def audited(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"), ("sue", "Sue North", "supervisor"))
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Audited family")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    sync.join(a, team.url("alex"), PASSWORD)
    fuid = family_uid(a, fid)
    server.allocate(team.url("sue"), fuid, team.logins["bea"], password=PASSWORD)
    sync.join(b, team.url("bea"), PASSWORD)
    people.rename(a, pid, "Kim, renamed")
    sync.sync(a, PASSWORD)
    sync.sync(b, PASSWORD)
    from sqlalchemy import select
    with b.session() as s:
        bpid = s.scalar(select(m.Person.id).where(m.Person.name == "Kim, renamed"))
    people.update(b, bpid, organisation="Library")  # news for A: A's pull is audited
    sync.sync(b, PASSWORD)
    sync.sync(a, PASSWORD)
    yield team, fuid
    a.close()
    b.close()


def _rows(pg, team, where: str = "") -> list[list[str]]:
    done = pg.psql("select id, login, action, coalesce(family_uid, ''), entry "
                   f"from safetymap.audit {where} order by id;", dbname=team.dbname)
    assert done.returncode == 0, done.stderr
    return [line.split("|") for line in done.stdout.splitlines()]


def test_the_log_is_whole_and_says_who_pushed_pulled_and_allocated(pg_server, audited):
    team, fuid = audited
    result = server.check(team.admin_url)
    assert result.ok, result.sentence
    rows = _rows(pg_server, team)
    assert result.rows == len(rows) > 0
    assert f"{len(rows)} entries" in result.sentence
    alex, bea, sue = (team.logins[k] for k in ("alex", "bea", "sue"))
    seen = {(r[1], r[2], r[3]) for r in rows}
    assert (alex, "push", fuid) in seen
    assert (bea, "pull", fuid) in seen
    assert (alex, "pull", fuid) in seen  # A pulled B's change
    # the family's maker allocated it to themselves; the supervisor allocated it to B
    allocs = [r for r in rows if r[2] == "allocate" and r[3] == fuid]
    assert any(r[1] == alex and f'"login": "{alex}"' in r[4] for r in allocs), allocs
    assert any(r[1] == sue and f'"login": "{bea}"' in r[4] and f'"by": "{sue}"' in r[4]
               for r in allocs), allocs
    # B's push of nothing is not in it, A's rename push is: two pushes by A at least
    assert sum(1 for r in rows if r[1] == alex and r[2] == "push") >= 2
    # the admin logins are in it too
    assert any(r[2] == "add-worker" for r in rows)
    # and the entry line names the login and action, so the hash covers them
    for r in rows:
        assert f"\t{r[1]}\t{r[2]}\t" in r[4], r


def test_a_changed_entry_is_found_with_its_number(pg_server, audited):
    team, _fuid = audited
    assert server.check(team.admin_url).ok  # control
    rows = _rows(pg_server, team)
    target = rows[len(rows) // 2]
    number = len(rows) // 2 + 1
    done = pg_server.psql("update safetymap.audit set entry = replace(entry, login, 'someone') "
                          f"where id = {target[0]};", dbname=team.dbname)
    assert done.returncode == 0, done.stderr
    result = server.check(team.admin_url)
    assert not result.ok
    assert f"entry {number} " in result.sentence and "changed" in result.sentence


def test_a_changed_hash_is_found_too(pg_server, audited):
    team, _fuid = audited
    assert server.check(team.admin_url).ok
    rows = _rows(pg_server, team)
    n = len(rows) // 2
    # a forger who also rewrites this row's hash still breaks the next row's link
    done = pg_server.psql(
        "update safetymap.audit set entry = entry || ' ', hash = encode(sha256(convert_to("
        "prev_hash || E'\\n' || entry || ' ', 'UTF8')), 'hex') "
        f"where id = {rows[n][0]};", dbname=team.dbname)
    assert done.returncode == 0, done.stderr
    result = server.check(team.admin_url)
    assert not result.ok
    assert f"entry {n + 2} " in result.sentence and "does not follow" in result.sentence


def test_a_removed_middle_entry_is_found_with_its_number(pg_server, audited):
    team, _fuid = audited
    assert server.check(team.admin_url).ok
    rows = _rows(pg_server, team)
    n = len(rows) // 2
    done = pg_server.psql(f"delete from safetymap.audit where id = {rows[n][0]};",
                          dbname=team.dbname)
    assert done.returncode == 0, done.stderr
    result = server.check(team.admin_url)
    assert not result.ok
    # the row after the removed one is now entry n + 1, and it does not follow its new elder
    assert f"entry {n + 1} " in result.sentence and "does not follow" in result.sentence
    assert result.rows == len(rows) - 1


def test_a_worker_cannot_read_or_touch_the_log(pg_server, audited):
    team, _fuid = audited
    alex = team.logins["alex"]
    done = pg_server.psql("select count(*) from safetymap.audit;", user=alex,
                          password=PASSWORD, dbname=team.dbname)
    assert done.returncode != 0 and "permission denied" in done.stderr
    done = pg_server.psql("select safetymap._audit('push', null, '{}');", user=alex,
                          password=PASSWORD, dbname=team.dbname)
    assert done.returncode != 0 and "permission denied" in done.stderr
    assert server.check(team.admin_url).ok


def test_the_cli_check_exits_0_then_1_after_a_tamper(pg_server, audited, monkeypatch, capsys):
    team, _fuid = audited
    adm = team.add("adm", "Ada Admin", "admin")
    url = pg_server.url(user=adm, dbname=team.dbname)
    monkeypatch.setenv("SAFETYMAP_TEAM_PASSWORD", PASSWORD)
    assert cli.main(["team", "check", url]) == 0
    out = capsys.readouterr()
    assert "whole" in out.out
    assert PASSWORD not in out.out + out.err
    rows = _rows(pg_server, team)
    done = pg_server.psql(f"delete from safetymap.audit where id = {rows[1][0]};",
                          dbname=team.dbname)
    assert done.returncode == 0, done.stderr
    assert cli.main(["team", "check", url]) == 1
    out = capsys.readouterr()
    assert "broken at entry 2 " in out.err
    # a wrong password is a refusal, not a pass
    monkeypatch.setenv("SAFETYMAP_TEAM_PASSWORD", "not the password")
    assert cli.main(["team", "check", url]) not in (0,)
