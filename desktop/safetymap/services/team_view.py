"""Plain data for the desktop's team screens: the connection string the Join dialog builds, and
the supervisor's list of the team's families (who holds each, when each child was last seen).

Read-only and Qt-free. The list is made from what is on this laptop: the holders the last sync
brought (store_meta `team.holders`) and the visits recorded here. "Last seen" is information for
a conversation, never a target: there is no "overdue" here and no count of days.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import func, select

from ..domain import model as m
from ..domain.names import short_name
from ..i18n import _
from ..store.engine import Store

HOLDERS_KEY = "team.holders"


class ConnectionWordsError(ValueError):
    """What was typed cannot make a connection string; the message is a sentence."""


def connection_string(address: str, database: str, login: str, advanced: str = "") -> str:
    """The libpq conninfo for the Join dialog's fields. `address` is a host name or address,
    optionally with `:port`; `advanced` is extra libpq settings (sslmode=verify-full
    sslrootcert=...). A password in `advanced` is refused: it is asked for separately and
    never kept."""
    address, database, login = address.strip(), database.strip(), login.strip()
    if not address or not database or not login:
        raise ConnectionWordsError(_("Fill in the server address, the database and your login."))
    try:
        extra = conninfo_to_dict(advanced.strip()) if advanced.strip() else {}
    except Exception:  # noqa: BLE001 - psycopg's ProgrammingError; its text may echo input
        raise ConnectionWordsError(
            _("The advanced settings could not be read. Write them as name=value, separated by "
              "spaces (for example: sslmode=verify-full).")) from None
    if "password" in extra:
        raise ConnectionWordsError(_("Type the password in the password box, not in the "
                                     "advanced settings."))
    host, port = address, None
    if address.count(":") == 1 and not address.startswith("/"):
        host, _colon, port_text = address.partition(":")
        if not port_text.isdigit():
            raise ConnectionWordsError(_("The server address ends with a port that is not a "
                                         "number (for example: team.example.org:5432)."))
        port = port_text
    parts: dict[str, Any] = {**{k: v for k, v in extra.items() if v is not None},
                             "host": host, "dbname": database, "user": login}
    if port is not None:
        parts["port"] = port
    return make_conninfo("", **{k: str(v) for k, v in parts.items()})


def _holders(s: Any) -> dict[str, list[str]]:
    raw = s.scalar(select(m.StoreMeta.value).where(m.StoreMeta.key == HOLDERS_KEY))
    try:
        rows = json.loads(raw) if raw else []
    except ValueError:
        rows = []
    out: dict[str, list[str]] = {}
    for r in rows if isinstance(rows, list) else []:
        if isinstance(r, dict) and r.get("family"):
            name = str(r.get("name") or r.get("login") or "")
            if name and name not in out.setdefault(str(r["family"]), []):
                out[str(r["family"])].append(name)
    return out


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def team_families(store: Store) -> list[dict[str, Any]]:
    """The families on this laptop, each as a plain dict: `family_id`, `family_name`,
    `workers` (names of the team members holding it, possibly empty) and
    `children_last_seen`: [(the child's short name, when last recorded as seen, or None)].
    Archived families are left out. Sorted by family name."""
    out: list[dict[str, Any]] = []
    with store.session() as s:
        holders = _holders(s)
        fams = list(s.execute(select(m.Family.id, m.Family.uid, m.Family.display_name)
                              .where(m.Family.archived_at.is_(None))))
        seen_at: dict[int, datetime] = {pid: at for pid, at in s.execute(
            select(m.VisitAttendance.person_id, func.max(m.Visit.occurred_at))
            .join(m.Visit, m.Visit.id == m.VisitAttendance.visit_id)
            .where(m.VisitAttendance.seen.is_(True))
            .group_by(m.VisitAttendance.person_id))}
        children: dict[int, list[tuple[int, str]]] = {}
        for pid, fid, name in s.execute(
                select(m.Person.id, m.Person.family_id, m.Person.name)
                .where(m.Person.role == m.PersonRole.CHILD)
                .order_by(m.Person.created_at, m.Person.id)):
            children.setdefault(fid, []).append((pid, name))
        for fid, fuid, fname in fams:
            out.append({
                "family_id": int(fid),
                "family_name": str(fname),
                "workers": list(holders.get(str(fuid), [])),
                "children_last_seen": [(short_name(n), _aware(seen_at.get(pid)))
                                       for pid, n in children.get(fid, [])],
            })
    out.sort(key=lambda d: str(d["family_name"]).casefold())
    return out
