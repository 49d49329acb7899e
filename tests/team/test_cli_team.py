"""The team command line, end to end, as a council admin and two workers would use it."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from safetymap import cli
from safetymap.domain import model as m
from safetymap.services import families, people
from safetymap.store.engine import Store
from tests.conftest import PASSPHRASE
from tests.team.teamkit import PASSWORD


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_admin_and_two_workers_on_the_command_line(pg_server, team_db, tmp_path, monkeypatch,
                                                   capsys):
    monkeypatch.setenv("SAFETYMAP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PGPASSFILE", "/dev/null")
    dbname = [p.split("=", 1)[1] for p in team_db.split() if p.startswith("dbname=")][0]
    admin = team_db
    code, out, err = run(capsys, "team", "init", admin)
    assert code == 0 and "revision t0002" in out, err
    code, out, _ = run(capsys, "team", "init", admin)
    assert "up to date" in out
    alex, bea = f"alex_{uuid.uuid4().hex[:6]}", f"bea_{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("SAFETYMAP_NEW_WORKER_PASSWORD", PASSWORD)
    for login, name in ((alex, "Alex Morgan"), (bea, "Bea Jones")):
        code, out, err = run(capsys, "team", "add-worker", admin, login, "--name", name,
                             "--role", "worker", "--team", "North")
        assert code == 0, err
    a_path, b_path = tmp_path / "a" / "s.db", tmp_path / "b" / "s.db"
    for p in (a_path, b_path):
        Store.create(p, PASSPHRASE).close()
    with Store.open(a_path, PASSPHRASE) as a:
        fid = families.create_family(a, "Lopez (unique)")
        people.add(a, fid, "Kim", m.PersonRole.ADULT)
    monkeypatch.setenv("SAFETYMAP_TEAM_PASSWORD", PASSWORD)
    url_a = pg_server.url(user=alex, dbname=dbname)
    url_b = pg_server.url(user=bea, dbname=dbname)
    code, out, err = run(capsys, "--store", str(a_path), "team", "join", url_a)
    assert code == 0 and "Joined the team as Alex Morgan" in out, err
    monkeypatch.setenv("SAFETYMAP_TEAM_PASSWORD", "")
    monkeypatch.delenv("SAFETYMAP_TEAM_PASSWORD")
    code, out, err = run(capsys, "team", "allocate", admin, "Lopez (unique)", bea)
    assert code == 0 and "allocated to" in out, err
    monkeypatch.setenv("SAFETYMAP_TEAM_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "--store", str(b_path), "team", "join", url_b)
    assert code == 0 and "brought" in out, err
    with Store.open(b_path, PASSPHRASE) as b:
        with b.session() as s:
            pid = s.scalar(select(m.Person.id).where(m.Person.name == "Kim"))
        people.rename(b, pid, "Kim (B)")
    with Store.open(a_path, PASSPHRASE) as a:
        with a.session() as s:
            pid = s.scalar(select(m.Person.id).where(m.Person.name == "Kim"))
        people.rename(a, pid, "Kim (A)")
    code, out, err = run(capsys, "--store", str(b_path), "sync")
    assert code == 0 and out.startswith("Sent 1 change"), (out, err)
    code, out, err = run(capsys, "--store", str(a_path), "sync")
    assert code == 0 and "1 conflict need" in out, (out, err)
    code, out, _ = run(capsys, "--store", str(a_path), "conflicts")
    assert "Kim (A)" in out and "Kim (B)" in out
    number = out.split("\t", 1)[0]
    code, out, err = run(capsys, "--store", str(a_path), "resolve", number, "--keep", "mine")
    assert code == 0 and "Kept your version" in out, err
    code, out, _ = run(capsys, "--store", str(a_path), "conflicts")
    assert "Nothing needs a decision" in out
    run(capsys, "--store", str(b_path), "sync")
    with Store.open(b_path, PASSPHRASE) as b, b.session() as s:
        assert list(s.scalars(select(m.Person.name))) == ["Kim (A)"]  # A's choice reached B
    monkeypatch.delenv("SAFETYMAP_TEAM_PASSWORD")
    code, out, err = run(capsys, "team", "check", admin)
    assert code == 0 and "whole" in out, err
    code, out, err = run(capsys, "team", "revoke", admin, bea)
    assert code == 0, err
    monkeypatch.setenv("SAFETYMAP_TEAM_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "--store", str(b_path), "sync")
    assert code == 1 and "did not accept this login" in err and "Traceback" not in err
    assert PASSWORD not in err
    # the stored URL has no password, and nothing under the store folder holds it
    for f in (tmp_path / "b").iterdir():
        assert PASSWORD.encode() not in f.read_bytes()
