"""Helpers for the team tests: a team on a fresh database, laptops (stores) joined to it, and
the whole state of a family read back by uid, so two laptops can be compared field by field."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.store.engine import Store
from safetymap.team import server, wire
from tests.conftest import PASSPHRASE
from tests.team.pgserver import PgServer

PASSWORD = "a long team password for tests"


@dataclass
class Team:
    pg: PgServer
    admin_url: str       # the superuser, on the team database
    dbname: str
    logins: dict[str, str]  # short name -> unique login

    def url(self, who: str) -> str:
        return self.pg.url(user=self.logins[who], dbname=self.dbname)

    def add(self, who: str, name: str, role: str = "worker", team: str = "North") -> str:
        login = f"{who}_{uuid.uuid4().hex[:8]}"
        self.logins[who] = login
        server.add_worker(self.admin_url, login, name, role, team, new_password=PASSWORD)
        return login


def make_team(pg: PgServer, team_db: str, *workers: tuple[str, str, str]) -> Team:
    dbname = [p.split("=", 1)[1] for p in team_db.split() if p.startswith("dbname=")][0]
    server.init(team_db)
    t = Team(pg, team_db, dbname, {})
    for who, name, role in workers:
        t.add(who, name, role)
    return t


def laptop(tmp: Path, name: str) -> Store:
    return Store.create(tmp / name / "safetymap.db", PASSPHRASE)


def family_state(store: Store, family_uid: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every record of the family as wire fields, by uid (ids are local, so not compared)."""
    from safetymap.services.bundles import _family_rows

    with store.session() as s:
        fid = s.scalar(select(m.Family.id).where(m.Family.uid == family_uid))
        if fid is None:
            return {}
        uid_of = wire.UidResolver(s.connection())
        out = {}
        for _n, objs in _family_rows(s, fid).items():
            for o in objs:
                fields = wire.encode_object(o, uid_of)
                # an empty part of a JSON column (a plan box) and one not there are the same
                fields = {k: v for k, v in fields.items()
                          if not (wire.PART in k and v in (None, "", [], {}))}
                out[o.uid] = (type(o).__name__, fields)
        return out


def family_uid(store: Store, family_id: int) -> str:
    with store.session() as s:
        f = s.get(m.Family, family_id)
        assert f is not None
        return str(f.uid)


def family_id(store: Store, uid: str) -> int | None:
    with store.session() as s:
        return s.scalar(select(m.Family.id).where(m.Family.uid == uid))
