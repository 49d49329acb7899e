"""The team server is the access control: attacks by a worker who holds nothing of a family,
direct writes to the tables, a revoked login, supervisors and admins, the functions' own
settings, hostile pushes and TLS. Every attack has a control: the same action by the person
who IS allowed succeeds, so each test can fail.

Where a person would use psql, the tests run the real psql binary (pg_server.psql)."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.store.engine import Store
from safetymap.team import server, sync
from safetymap.team.server import TeamError, TeamRefused
from tests.team.pgserver import PgServer
from tests.team.teamkit import PASSWORD, Team, family_state, family_uid, laptop, make_team

TABLES = ("records", "families", "conflicts", "blobs", "changesets")
ALL_TABLES = (*TABLES, "allocations", "workers", "audit", "teams")
BLOB = b"a small picture, as bytes"
BLOB_SHA = hashlib.sha256(BLOB).hexdigest()


@dataclass
class Shared:
    team: Team
    a: Store
    b: Store
    fuid: str       # A's family (allocated to A only)
    buid: str       # B's own family
    person_uid: str  # a person in A's family
    conflict_id: int  # an open conflict of A's, in A's family


def _sql(pg: PgServer, team: Team, who: str | None, text: str):
    """The real psql as `who` (None: the superuser) on the team database."""
    if who is None:
        return pg.psql(text, dbname=team.dbname)
    return pg.psql(text, user=team.logins[who], password=PASSWORD, dbname=team.dbname)


def _ok(pg: PgServer, team: Team, who: str | None, text: str) -> str:
    done = _sql(pg, team, who, text)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _refused(pg: PgServer, team: Team, who: str | None, text: str) -> str:
    done = _sql(pg, team, who, text)
    assert done.returncode != 0, f"psql succeeded: {done.stdout!r}"
    return done.stderr


def _counts(pg: PgServer, team: Team) -> dict[str, int]:
    out = _ok(pg, team, None, "\n".join(
        f"select '{t}', count(*) from safetymap.{t};" for t in ALL_TABLES))
    return {k: int(v) for k, v in (line.split("|") for line in out.splitlines())}


def _push_sql(op: str, fuid: str, changes: object) -> str:
    payload = json.dumps(changes).replace("'", "''")
    return (f"select safetymap.push('{op}', '{fuid}', 'test', now(), "
            f"'{payload}'::jsonb);")


def _op() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def shared(pg_server, team_db, tmp_path):
    team = make_team(pg_server, team_db, ("alex", "Alex Morgan", "worker"),
                     ("bea", "Bea Jones", "worker"), ("sue", "Sue North", "supervisor"),
                     ("adm", "Ada Admin", "admin"))
    team.add("sam", "Sam South", "supervisor", team="South")
    a, b = laptop(tmp_path, "a"), laptop(tmp_path, "b")
    fid = families.create_family(a, "Family of A")
    pid = people.add(a, fid, "Kim", m.PersonRole.ADULT)
    bfid = families.create_family(b, "Family of B")
    people.add(b, bfid, "Lee", m.PersonRole.ADULT)
    sync.join(a, team.url("alex"), PASSWORD)
    sync.join(b, team.url("bea"), PASSWORD)
    fuid, buid = family_uid(a, fid), family_uid(b, bfid)
    with a.session() as s:
        person_uid = str(s.get(m.Person, pid).uid)
    # a picture and an open conflict in A's family, both made by A (who may)
    _ok(pg_server, team, "alex",
        f"select safetymap.put_blob('{fuid}', '{BLOB_SHA}', '\\x{BLOB.hex()}'::bytea);")
    _ok(pg_server, team, "alex", _push_sql(_op(), fuid, [
        {"uid": person_uid, "type": "Person", "op": "update",
         "fields": {"name": "Kim, stale"}, "base": {}}]))
    cid = int(_ok(pg_server, team, None,
                  f"select id from safetymap.conflicts where family_uid = '{fuid}' "
                  "and resolution is null"))
    yield Shared(team, a, b, fuid, buid, person_uid, cid)
    a.close()
    b.close()


# --- 1. reading a family that is not yours -------------------------------------------------


def test_a_worker_reads_nothing_of_a_family_allocated_to_another(pg_server, shared):
    t, fuid = shared.team, shared.fuid
    col = {"families": "uid"}
    for table in TABLES:
        where = f"{col.get(table, 'family_uid')} = '{fuid}'"
        q = f"select count(*) from safetymap.{table} where {where};"
        assert int(_ok(pg_server, t, "alex", q)) > 0, table  # control: A sees them
        assert _ok(pg_server, t, "bea", q) == "0", table
        # and nothing of it by any other road: every row B sees is B's own family's
        seen = _ok(pg_server, t, "bea",
                   f"select distinct {col.get(table, 'family_uid')} from safetymap.{table};")
        assert fuid not in seen, table
    # control for B: B sees B's own family
    assert int(_ok(pg_server, t, "bea", "select count(*) from safetymap.records where "
                   f"family_uid = '{shared.buid}';")) > 0
    # the functions do not leak it either
    assert fuid not in _ok(pg_server, t, "bea", "select * from safetymap.visible_families();")
    assert fuid not in _ok(pg_server, t, "bea", "select family_uid from safetymap.pull(0, null);")
    assert fuid not in _ok(pg_server, t, "bea",
                           "select family_uid from safetymap.conflicts_since(0);")
    assert fuid not in _ok(pg_server, t, "bea", "select family_uid from safetymap.holders();")
    assert fuid in _ok(pg_server, t, "alex", "select family_uid from safetymap.pull(0, null);")
    # and B's laptop holds nothing of it after a sync
    sync.sync(shared.b, PASSWORD)
    assert family_state(shared.b, fuid) == {}


# --- 2. writing to the tables directly -----------------------------------------------------


@pytest.mark.parametrize("who", ["bea", "alex", "sue"])
def test_nobody_writes_the_tables_directly(pg_server, shared, who):
    t, fuid = shared.team, shared.fuid
    before = _counts(pg_server, t)
    attacks = [
        f"insert into safetymap.records (uid, family_uid, entity_type, fields, revs, seq) "
        f"values ('{uuid.uuid4().hex}', '{fuid}', 'Person', '{{}}', '{{}}', 1);",
        f"update safetymap.records set fields = '{{}}' where family_uid = '{fuid}';",
        f"delete from safetymap.records where family_uid = '{fuid}';",
        "truncate safetymap.records;",
        f"insert into safetymap.families (uid, team, created_by) values "
        f"('{uuid.uuid4().hex}', 'North', 'x');",
        f"update safetymap.families set team = 'South' where uid = '{fuid}';",
        f"delete from safetymap.conflicts where family_uid = '{fuid}';",
        f"update safetymap.conflicts set resolution = 'mine' where family_uid = '{fuid}';",
        f"delete from safetymap.blobs where family_uid = '{fuid}';",
        f"insert into safetymap.blobs values ('{'0' * 64}', '{fuid}', '\\x00');",
        "delete from safetymap.changesets;",
        f"insert into safetymap.allocations (family_uid, login, allocated_by) values "
        f"('{fuid}', '{t.logins[who]}', 'x');",
        f"update safetymap.workers set role = 'admin' where login = '{t.logins[who]}';",
        "update safetymap.workers set revoked = false;",
        "delete from safetymap.audit;",
        "insert into safetymap.teams values ('Mine');",
        "select setval('safetymap.rev', 1);",
        "create table safetymap.mine (x int);",
    ]
    for attack in attacks:
        err = _refused(pg_server, t, who, attack)
        assert "permission denied" in err, (attack, err)
    assert _counts(pg_server, t) == before
    # control: the same psql, the same login, may read (so the refusals are about writing)
    assert _ok(pg_server, t, who, "select count(*) from safetymap.records;").isdigit()


# --- 3. the write functions for a family that is not yours ---------------------------------


def test_a_worker_cannot_push_put_blob_or_resolve_in_another_workers_family(pg_server, shared):
    t, fuid = shared.team, shared.fuid
    change = [{"uid": shared.person_uid, "type": "Person", "op": "update",
               "fields": {"organisation": "From B"}, "base": {}}]
    before = _counts(pg_server, t)
    err = _refused(pg_server, t, "bea", _push_sql(_op(), fuid, change))
    assert "not allocated" in err, err
    pic = b"B's picture"
    sha = hashlib.sha256(pic).hexdigest()
    err = _refused(pg_server, t, "bea",
                   f"select safetymap.put_blob('{fuid}', '{sha}', '\\x{pic.hex()}'::bytea);")
    assert "not allocated" in err, err
    err = _refused(pg_server, t, "bea",
                   f"select safetymap.resolve({shared.conflict_id}, 'mine', null);")
    assert "no such conflict" in err, err
    err = _refused(pg_server, t, "bea", f"select safetymap.release('{fuid}');"
                   f"select safetymap.allocate('{fuid}', '{t.logins['bea']}');")
    assert "permission denied" in err, err
    assert _counts(pg_server, t) == before
    # controls: A may do each of them
    out = _ok(pg_server, t, "alex", _push_sql(_op(), fuid, [
        {"uid": shared.person_uid, "type": "Person", "op": "update",
         "fields": {"organisation": "From A"},
         "base": {"organisation": _rev(pg_server, t, shared.person_uid, "organisation")}}]))
    assert json.loads(out)["conflicts"] == 0
    _ok(pg_server, t, "alex",
        f"select safetymap.put_blob('{fuid}', '{sha}', '\\x{pic.hex()}'::bytea);")
    out = _ok(pg_server, t, "alex", f"select safetymap.resolve({shared.conflict_id}, 'theirs', null);")
    assert json.loads(out)["resolution"] == "theirs"
    after = _counts(pg_server, t)
    assert after["changesets"] == before["changesets"] + 2 and after["blobs"] == before["blobs"] + 1
    assert _ok(pg_server, t, None, "select fields ->> 'organisation' from safetymap.records "
               f"where uid = '{shared.person_uid}';") == "From A"


def _rev(pg: PgServer, team: Team, uid: str, field: str) -> int:
    out = _ok(pg, team, None, f"select coalesce(revs ->> '{field}', '0') from safetymap.records "
              f"where uid = '{uid}';")
    return int(out)


# --- 4. a revoked login ----------------------------------------------------------------------


def test_a_revoked_login_cannot_connect_and_its_open_connection_ends(pg_server, shared):
    t = shared.team
    # controls: before the revoke, psql and psycopg connect as A
    assert _ok(pg_server, t, "alex", "select 1;") == "1"
    conn = server.connect(t.url("alex"), PASSWORD)
    assert conn.execute("select safetymap.whoami() ->> 'login'").fetchone()[0] == t.logins["alex"]
    ended = server.revoke(t.admin_url, t.logins["alex"])
    assert ended >= 1
    with pytest.raises(psycopg.OperationalError):
        conn.execute("select 1").fetchone()
    conn.close()
    err = _refused(pg_server, t, "alex", "select 1;")
    assert "not permitted to log in" in err, err
    with pytest.raises(TeamRefused):
        server.connect(t.url("alex"), PASSWORD)
    # B is untouched by A's revoke
    assert _ok(pg_server, t, "bea", "select 1;") == "1"


def test_sync_on_a_revoked_laptop_is_refused_and_keeps_the_work(pg_server, shared):
    t, a, fuid = shared.team, shared.a, shared.fuid
    sync.sync(a, PASSWORD)  # control: it syncs before the revoke
    with a.session() as s:
        pid = s.scalar(select(m.Person.id).where(m.Person.uid == shared.person_uid))
    people.rename(a, pid, "Kim, renamed offline")
    waiting, state = sync.waiting(a), family_state(a, fuid)
    assert waiting >= 1
    server.revoke(t.admin_url, t.logins["alex"])
    with pytest.raises(TeamRefused) as got:
        sync.sync(a, PASSWORD)
    text = str(got.value)
    assert text.endswith(".") and "login" in text
    assert PASSWORD not in text and t.logins["alex"] not in text
    assert sync.waiting(a) == waiting
    assert family_state(a, fuid) == state
    # the server has not got the rename
    assert "renamed offline" not in _ok(pg_server, t, None, "select fields ->> 'name' from "
                                        f"safetymap.records where uid = '{shared.person_uid}';")


def test_a_revoked_login_on_a_connection_that_stays_is_refused_by_the_functions(pg_server,
                                                                              shared):
    t, fuid = shared.team, shared.fuid
    # the workers row says revoked, but the role may still log in (as if the ALTER ROLE had
    # not happened yet): the write functions refuse it on their own
    _ok(pg_server, t, None, f"update safetymap.workers set revoked = true "
        f"where login = '{t.logins['alex']}';")
    err = _refused(pg_server, t, "alex", _push_sql(_op(), fuid, []))
    assert "not a worker" in err, err
    assert _ok(pg_server, t, "alex", f"select count(*) from safetymap.records "
               f"where family_uid = '{fuid}';") == "0"
    # control: B, not revoked, may still push to B's family
    _ok(pg_server, t, "bea", _push_sql(_op(), shared.buid, []))


# --- 5. supervisors and admins ----------------------------------------------------------------


def test_supervisors_see_their_own_teams_families_only(pg_server, shared):
    t, fuid = shared.team, shared.fuid
    q = f"select count(*) from safetymap.records where family_uid = '{fuid}';"
    assert int(_ok(pg_server, t, "sue", q)) > 0
    assert int(_ok(pg_server, t, "sue", q.replace(fuid, shared.buid))) > 0
    assert _ok(pg_server, t, "sam", q) == "0"
    assert _ok(pg_server, t, "sam", f"select count(*) from safetymap.families "
               f"where uid = '{fuid}';") == "0"
    # the other team's supervisor cannot allocate it to themselves either
    err = _refused(pg_server, t, "sam", f"select safetymap.allocate('{fuid}', "
                   f"'{t.logins['sam']}');")
    assert "only an admin or the team's supervisor" in err, err
    # control: the own team's supervisor may
    _ok(pg_server, t, "sue", f"select safetymap.allocate('{fuid}', '{t.logins['bea']}');")
    assert int(_ok(pg_server, t, "bea", q)) > 0


def test_an_admin_reads_records_only_through_admin_read_which_is_audited(pg_server, shared):
    t, fuid = shared.team, shared.fuid
    for table in ("records", "conflicts", "blobs", "changesets"):
        done = _sql(pg_server, t, "adm", f"select count(*) from safetymap.{table};")
        assert done.returncode != 0 or done.stdout.strip() == "0", (table, done.stdout)
        if done.returncode != 0:
            assert "permission denied" in done.stderr
    # the families table (ids, team, maker; no case text) the admin may list, to allocate
    assert _ok(pg_server, t, "adm", f"select team from safetymap.families "
               f"where uid = '{fuid}';") == "North"
    assert _ok(pg_server, t, "adm", "select * from safetymap.visible_families();") == ""
    q = "select count(*) from safetymap.audit where action = 'admin-read';"
    assert _ok(pg_server, t, None, q) == "0"
    out = _ok(pg_server, t, "adm", f"select uid from safetymap.admin_read('{fuid}');")
    assert shared.person_uid in out.split()
    assert _ok(pg_server, t, None, q) == "1"
    row = _ok(pg_server, t, None, "select login, family_uid from safetymap.audit "
              "where action = 'admin-read';")
    assert row == f"{t.logins['adm']}|{fuid}"
    # a worker or supervisor cannot use it
    for who in ("alex", "sue"):
        err = _refused(pg_server, t, who, f"select * from safetymap.admin_read('{fuid}');")
        assert "permission denied" in err, err
    assert _ok(pg_server, t, None, q) == "1"


# --- 6. the functions' settings and PUBLIC ------------------------------------------------


def test_every_function_is_security_definer_with_a_fixed_search_path(pg_server, shared):
    t = shared.team
    out = _ok(pg_server, t, None,
              "select p.proname, p.prosecdef, array_to_string(p.proconfig, ';'), "
              "pg_get_userbyid(p.proowner) from pg_proc p join pg_namespace n "
              "on n.oid = p.pronamespace where n.nspname = 'safetymap' order by 1;")
    rows = [line.split("|") for line in out.splitlines()]
    names = {r[0] for r in rows}
    write = {"push", "put_blob", "resolve", "release", "add_worker", "revoke_worker",
             "allocate", "deallocate", "admin_read", "_audit", "_conflict", "pull"}
    assert write <= names, write - names
    for name, secdef, config, owner in rows:
        # a fixed search_path, and no JIT (t0002: it cost 12 ms a pull for nothing)
        assert sorted(config.split(";")) == ["jit=off", "search_path=safetymap, pg_temp"], (
            name, config)
        assert owner == "safetymap_owner", (name, owner)
        if name in write:
            assert secdef == "t", name
    assert all(r[1] == "t" for r in rows), [r[0] for r in rows if r[1] != "t"]


def test_nothing_in_the_schema_is_granted_to_public(pg_server, shared):
    t = shared.team
    privs = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
    checks = "\n".join(
        f"select c.relname, '{p}' from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        f"where n.nspname = 'safetymap' and c.relkind in ('r', 'v', 'p') and "
        f"case when c.relkind <> 'S' then has_table_privilege('public', c.oid, '{p}') end;"
        for p in privs)
    checks += ("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
               "where n.nspname = 'safetymap' and case when c.relkind = 'S' then "
               "has_sequence_privilege('public', c.oid, 'USAGE,SELECT,UPDATE') end;")
    assert _ok(pg_server, t, None, checks) == ""
    acl = _ok(pg_server, t, None,
              "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace, "
              "aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a "
              "where n.nspname = 'safetymap' and a.grantee = 0;"
              "select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace, "
              "aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a "
              "where n.nspname = 'safetymap' and a.grantee = 0;"
              "select 'schema' from pg_namespace n, "
              "aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a "
              "where n.nspname = 'safetymap' and a.grantee = 0;"
              "select 'database' from pg_database d, "
              "aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a "
              "where d.datname = current_database() and a.grantee = 0;")
    assert acl == ""
    # control: the same questions do find what IS granted (to the worker role)
    assert _ok(pg_server, t, None, "select has_table_privilege('safetymap_worker', "
               "'safetymap.records', 'SELECT');") == "t"
    assert "push" in _ok(pg_server, t, None,
                         "select p.proname from pg_proc p join pg_namespace n on "
                         "n.oid = p.pronamespace, aclexplode(p.proacl) a where "
                         "n.nspname = 'safetymap' and a.grantee = 'safetymap_worker'::regrole;")
    # and a login in no team role cannot even connect to the database
    login = f"nobody_{uuid.uuid4().hex[:8]}"
    _ok(pg_server, t, None, f"create role {login} login password '{PASSWORD}';")
    done = pg_server.psql("select 1;", user=login, password=PASSWORD, dbname=t.dbname)
    assert done.returncode != 0 and "permission denied" in done.stderr, done.stderr
    _ok(pg_server, t, None, f"drop role {login};")


# --- 7. hostile pushes ---------------------------------------------------------------------


def _call(url: str, op: str, fuid: str, changes: object) -> dict:
    with server.connect(url, PASSWORD) as conn:
        row = conn.execute("select safetymap.push(%s, %s, 'test', now(), %s::jsonb)",
                           (op, fuid, json.dumps(changes))).fetchone()
        return row[0]


def test_a_hostile_push_is_refused_and_writes_nothing(pg_server, shared):
    t, fuid = shared.team, shared.fuid
    url = t.url("alex")
    good = {"uid": shared.person_uid, "type": "Person", "op": "update",
            "fields": {"organisation": "Hostile"}, "base": {"organisation": 0}}
    b_record = _ok(pg_server, t, None, "select uid from safetymap.records where family_uid = "
                   f"'{shared.buid}' and entity_type = 'Person' limit 1;")
    assert len(b_record) == 32
    attacks = {
        "bad op id": ("x'; drop table safetymap.records; --", fuid, [good]),
        "no op id": ("", fuid, [good]),
        "bad family id": (_op(), "../etc", [good]),
        "changes not a list": (_op(), fuid, {"uid": shared.person_uid}),
        "a change not an object": (_op(), fuid, [good, "drop"]),
        "a bad uid": (_op(), fuid, [good, {**good, "uid": "1 or 1=1"}]),
        "a bad op": (_op(), fuid, [good, {**good, "op": "truncate"}]),
        "a bad type": (_op(), fuid, [good, {**good, "type": "pg_authid"}]),
        "fields not an object": (_op(), fuid, [good, {**good, "fields": ["x"]}]),
        "base not an object": (_op(), fuid, [good, {**good, "base": 7}]),
        "a base that is not a number": (_op(), fuid, [{**good, "base": {"organisation": "x"}}]),
        "another family's record": (_op(), fuid, [good, {**good, "uid": b_record}]),
        "another family's record, as an insert": (
            _op(), fuid, [good, {"uid": b_record, "type": "Person", "op": "insert",
                                 "fields": {"name": "Taken over"}, "base": {}}]),
        "a record of another kind": (_op(), fuid, [good, {**good, "type": "Visit"}]),
        "another family's Family row": (
            _op(), fuid, [good, {"uid": shared.buid, "type": "Family", "op": "update",
                                 "fields": {"display_name": "x"}, "base": {}}]),
        "another family outright": (_op(), shared.buid, [good]),
        "a family not on the server": (_op(), uuid.uuid4().hex, [good]),
    }
    before = _counts(pg_server, t)
    org = "select coalesce(fields ->> 'organisation', '') from safetymap.records where uid = "
    org_a = _ok(pg_server, t, None, f"{org}'{shared.person_uid}';")
    for what, (op, fam, changes) in attacks.items():
        with pytest.raises(psycopg.Error) as got:
            _call(url, op, fam, changes)
        assert isinstance(got.value, psycopg.errors.RaiseException
                          | psycopg.errors.InvalidParameterValue
                          | psycopg.errors.InsufficientPrivilege
                          | psycopg.errors.InvalidTextRepresentation
                          | psycopg.errors.DataException), (what, type(got.value))
        # the sentence the laptop would show says it was refused, and names nothing
        sentence = str(server._sentence(got.value))
        assert "refused" in sentence or "nothing was changed" in sentence, (what, sentence)
        assert _counts(pg_server, t) == before, what
        assert _ok(pg_server, t, None, f"{org}'{shared.person_uid}';") == org_a, what
    assert _ok(pg_server, t, None, f"{org}'{b_record}';") == ""
    assert _ok(pg_server, t, None, "select fields ->> 'name' from safetymap.records where uid = "
               f"'{b_record}';") == "Lee"
    # control: the good change alone, by A, is applied
    base = _rev(pg_server, t, shared.person_uid, "organisation")
    answer = _call(url, _op(), fuid, [{**good, "base": {"organisation": base}}])
    assert answer["conflicts"] == 0
    assert _ok(pg_server, t, None, f"{org}'{shared.person_uid}';") == "Hostile"
    assert _counts(pg_server, t)["changesets"] == before["changesets"] + 1


def test_a_retried_op_id_is_applied_once_and_cannot_be_reused_for_another_family(pg_server,
                                                                                shared):
    t, fuid = shared.team, shared.fuid
    op = _op()
    change = [{"uid": shared.person_uid, "type": "Person", "op": "update",
               "fields": {"organisation": "Once"},
               "base": {"organisation": _rev(pg_server, t, shared.person_uid, "organisation")}}]
    first = _call(t.url("alex"), op, fuid, change)
    before = _counts(pg_server, t)
    again = _call(t.url("alex"), op, fuid, change)
    assert again.get("repeat") is True and again["seq"] == first["seq"]
    assert _counts(pg_server, t)["changesets"] == before["changesets"]
    # B re-using A's op id, on A's family or on B's own: refused, A's answer never given out
    with pytest.raises((psycopg.errors.InsufficientPrivilege,
                        psycopg.errors.InvalidParameterValue)):
        _call(t.url("bea"), op, fuid, change)
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        _call(t.url("bea"), op, shared.buid, [])
    # nor A's own op id for another family
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        _call(t.url("alex"), op, shared.buid, [])
    assert _counts(pg_server, t) == before


# --- 8. TLS -------------------------------------------------------------------------------


def _other_ca(path: Path) -> Path:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Not the team's CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    path.chmod(0o644)
    return path


def test_join_over_tls_checks_the_certificate_and_keeps_no_password(tmp_path):
    with PgServer(tls=True) as pg:
        dbname = f"t_{uuid.uuid4().hex[:16]}"
        admin = pg.create_database(dbname)
        team = make_team(pg, admin, ("alex", "Alex Morgan", "worker"))
        login = team.logins["alex"]
        url = pg.tls_url(user=login, dbname=dbname, password=PASSWORD)
        assert "sslmode=verify-full" in url and "host=localhost" in url
        store = laptop(tmp_path, "a")
        try:
            # a wrong CA: refused, with a sentence about the certificate, nothing kept
            wrong = url.replace(str(pg.ca_path), str(_other_ca(tmp_path / "other-ca.pem")))
            assert wrong != url
            with pytest.raises(TeamRefused) as got:
                sync.join(store, wrong, None)
            assert "certificate" in str(got.value)
            assert sync.team_info(store) is None
            # a connection without TLS is refused by the server itself
            with pytest.raises(TeamError):
                server.connect(pg.url(user=login, dbname=dbname) + " sslmode=disable", PASSWORD)
            # control: the right CA joins, over TLS
            fid = families.create_family(store, "Over TLS")
            r = sync.join(store, url, None)
            assert r.pushed >= 0
            with server.connect(url) as conn:
                assert conn.execute("select ssl from pg_stat_ssl "
                                    "where pid = pg_backend_pid()").fetchone()[0] is True
            info = sync.team_info(store)
            assert info is not None and info["login"] == login
            assert "password" not in info["url"] and PASSWORD not in info["url"]
            assert "sslmode=verify-full" in info["url"]
            with store.session() as s:
                values = [v for (v,) in s.execute(select(m.StoreMeta.value))]
            assert not any(PASSWORD in str(v) for v in values)
            assert int(pg.psql(f"select count(*) from safetymap.records where family_uid = "
                               f"'{family_uid(store, fid)}';", dbname=dbname).stdout) >= 1
            # a sync with the stored (password-free) URL and the password given apart works
            sync.sync(store, PASSWORD)
        finally:
            store.close()
