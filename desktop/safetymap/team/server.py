"""Talking to the team's PostgreSQL: connecting, and the admin's commands.

The server is the access control (roles, row-level security, scram-sha-256, TLS): this module
only asks it. A password is never written anywhere: it comes from the caller (a prompt, the
desktop dialog), from SAFETYMAP_TEAM_PASSWORD, or from libpq's own ~/.pgpass, and it is held
only for the connection.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ROLES = ("worker", "supervisor", "admin")
_LOGIN = re.compile(r"^[a-z_][a-z0-9_.\-]{0,62}$")
CONNECT_TIMEOUT_S = 5


class TeamError(Exception):
    """A team-store operation refused or failed; the message is a sentence for the user."""


class TeamUnreachable(TeamError):
    """The server could not be reached (offline, stopped, a cut network)."""


class TeamRefused(TeamError):
    """The server was reached and said no (a wrong password, a revoked login, no rights)."""


UNREACHABLE = ("Can't reach the team server; your work is safe on this laptop and will be "
               "sent at the next sync.")


def safe_url(url: str) -> str:
    """The connection string without any password in it: what may be kept in the store."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise TeamError("That is not a connection string the team server understands "
                        "(for example: host=team.example.org dbname=safetymap user=alex)."
                        ) from None
    parts.pop("password", None)
    return make_conninfo("", **{k: str(v) for k, v in parts.items() if v is not None})


def login_of(url: str) -> str:
    user = conninfo_to_dict(url).get("user")
    return str(user or os.environ.get("PGUSER") or "")


def _sentence(exc: psycopg.Error) -> TeamError:
    """A psycopg error as a sentence that says what happened and nothing of the case."""
    text = str(exc).lower()
    if isinstance(exc, psycopg.OperationalError):
        if ("password authentication failed" in text or "no password supplied" in text
                or "not permitted to log in" in text or "permission denied for database" in text
                or "pg_hba.conf" in text):
            return TeamRefused("The team server did not accept this login. Check the login "
                               "and password, or ask the team's admin whether it is still "
                               "active.")
        if "certificate" in text or "ssl" in text:
            return TeamRefused("The team server's certificate could not be checked, so "
                               "nothing was sent. Ask the team's admin for the right "
                               "certificate (sslrootcert).")
        return TeamUnreachable(UNREACHABLE)
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) or ""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return TeamRefused(f"The team server refused this: {primary or 'no permission'}.")
    if isinstance(exc, psycopg.errors.RaiseException | psycopg.errors.InvalidParameterValue):
        return TeamError(f"The team server refused this: {primary}.")
    return TeamError("The team server could not do this; nothing was changed there.")


def _password(password: str | None) -> str | None:
    return password if password is not None else os.environ.get("SAFETYMAP_TEAM_PASSWORD")


def connect(url: str, password: str | None = None, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """A connection as the URL's login. The password, in order: the one given, the
    SAFETYMAP_TEAM_PASSWORD environment variable, then libpq's own (.pgpass, PGPASSWORD)."""
    pw = _password(password)
    kwargs: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S,
                              "application_name": "safetymap", "autocommit": autocommit,
                              # a network that went away mid-sync (a laptop closed on the
                              # train) is an error within seconds, not a sync that hangs
                              "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
                              "keepalives": 1, "keepalives_idle": 30,
                              "keepalives_interval": 10, "keepalives_count": 3}
    if pw is not None:
        kwargs["password"] = pw
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.Error as exc:
        raise _sentence(exc) from None


# --- one idle connection kept between syncs --------------------------------------------------
#
# The app syncs every two minutes. A new connection each time costs the laptop a SCRAM
# exchange and the server a new backend that plans every statement of the write functions
# again (about 10 ms of the server's CPU a sync, `make bench`: sync_concurrent_*), so a sync
# keeps its connection for the next one. Kept by URL with a tag of the settings and password
# made with a key of this process only (never the password itself, never on disk). Not used
# when idle over IDLE_S, when over MAX_AGE_S old (so a login disabled outside `team revoke`,
# or a changed password, is met by a new connection within that), or when the wall clock and
# the monotonic clock moved apart while it waited (the laptop slept: its network may be gone,
# and a probe on a dead link can wait for the system's retransmits). Checked with one round
# trip before use. While the app is locked nothing is kept (hold(False), close_idle), even by
# a sync that was still running when it locked. What the tag cannot see: libpq's own inputs
# (PG* variables, .pgpass, the files sslrootcert names) changing while the process runs.

IDLE_S = 300
MAX_AGE_S = 900
SLEPT_S = 5
TCP_USER_TIMEOUT_MS = 15_000


@dataclass
class _Kept:
    tag: bytes
    born: float        # wall clock, when it connected
    last_wall: float   # both clocks, when it was last put back
    last_mono: float
    conn: psycopg.Connection[Any]


_idle: dict[str, _Kept] = {}
_idle_lock = threading.Lock()
_TAG_KEY = secrets.token_bytes(32)
_generation = [0]  # close_idle moves it on: a session begun before keeps nothing after
_holding = [True]  # False while the app is locked (hold)


def _tag(url: str, password: str | None) -> bytes:
    """What must be the same for a kept connection to be used: every connection setting (a
    password written in the URL too) and the password, whatever their order."""
    pw = _password(password)
    try:
        parts = sorted((k, str(v)) for k, v in conninfo_to_dict(url).items())
    except psycopg.ProgrammingError:
        parts = [("", url)]
    return hmac.new(_TAG_KEY, json.dumps([parts, pw]).encode(), "sha256").digest()


def _idle_key(url: str) -> str:
    try:
        return safe_url(url)
    except TeamError:
        return ""


def _usable(kept: _Kept, url: str, password: str | None) -> bool:
    wall, mono = time.time(), time.monotonic()
    slept = abs((wall - kept.last_wall) - (mono - kept.last_mono)) > SLEPT_S
    return (hmac.compare_digest(kept.tag, _tag(url, password)) and not slept
            and mono - kept.last_mono <= IDLE_S and wall - kept.born <= MAX_AGE_S
            and not kept.conn.closed and not kept.conn.broken)


def _take_idle(url: str, password: str | None
               ) -> tuple[psycopg.Connection[Any], float] | None:
    """A kept connection fit for this URL and password, and when it was made; or None."""
    with _idle_lock:
        kept = _idle.pop(_idle_key(url), None)
    if kept is None:
        return None
    if not _usable(kept, url, password):
        kept.conn.close()
        return None
    try:
        kept.conn.execute("select 1").fetchone()
    except psycopg.Error:
        kept.conn.close()  # the server restarted, or ended this login's connections
        return None
    return kept.conn, kept.born


def _keep_idle(url: str, password: str | None, conn: psycopg.Connection[Any], born: float,
               generation: int) -> None:
    kept = _Kept(_tag(url, password), born, time.time(), time.monotonic(), conn)
    with _idle_lock:
        if generation != _generation[0] or not _holding[0]:
            conn.close()
            return
        old = _idle.pop(_idle_key(url), None)
        _idle[_idle_key(url)] = kept
    if old is not None:
        old.conn.close()


def close_idle() -> None:
    """Close the connections kept between syncs (the app locks; a test ends)."""
    with _idle_lock:
        kept = list(_idle.values())
        _idle.clear()
        _generation[0] += 1
    for k in kept:
        k.conn.close()


def hold(allowed: bool) -> None:
    """Whether connections may be kept: False while the app is locked (with close_idle), so
    a sync still running at the lock closes its connection when it ends."""
    with _idle_lock:
        _holding[0] = allowed


@contextmanager
def session(url: str, password: str | None = None, *,
            reuse: bool = False) -> Iterator[psycopg.Connection[Any]]:
    """A connection for one piece of work. `reuse`: take the one kept from the last sync when
    it is still good, and keep this one afterwards when the work ended cleanly."""
    generation = _generation[0]
    taken = _take_idle(url, password) if reuse else None
    if taken is None:
        conn, born = connect(url, password), time.time()
    else:
        conn, born = taken
    clean = False
    try:
        yield conn
        clean = True
    except psycopg.Error as exc:
        raise _sentence(exc) from None
    finally:
        if reuse and clean and not conn.closed and not conn.broken and \
                conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            _keep_idle(url, password, conn, born, generation)
        else:
            conn.close()


# --- the schema ----------------------------------------------------------------------------


def _alembic(conn_url: str, password: str | None) -> tuple[Any, Any]:
    from alembic.config import Config
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine("postgresql+psycopg://", poolclass=NullPool,
                           creator=lambda: connect(conn_url, password, autocommit=False))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return engine, cfg


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def init(url: str, password: str | None = None) -> tuple[str | None, str]:
    """Create or upgrade the team schema (the second Alembic tree). Returns (the revision it
    was at, the revision it is at now). Run by the council's database admin."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    engine, cfg = _alembic(url, password)
    try:
        with engine.begin() as conn:
            has_schema = conn.execute(text(
                "select 1 from pg_namespace where nspname = 'safetymap'")).first() is not None
            before = None
            if has_schema:
                before = MigrationContext.configure(
                    conn, opts={"version_table_schema": "safetymap"}).get_current_revision()
            # Alembic's version table lives in the schema, so the schema comes first
            conn.execute(text("create schema if not exists safetymap"))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            after = MigrationContext.configure(
                conn, opts={"version_table_schema": "safetymap"}).get_current_revision()
    except psycopg.Error as exc:
        raise _sentence(exc) from None
    except Exception as exc:  # SQLAlchemy wraps the driver's errors
        orig = getattr(exc, "orig", None)
        if isinstance(orig, psycopg.Error):
            raise _sentence(orig) from None
        raise
    finally:
        engine.dispose()
    return before, str(after)


# --- the admin's commands --------------------------------------------------------------------


def _check_login(login: str) -> None:
    if not _LOGIN.match(login):
        raise TeamError("A login is lower-case letters, digits, '_', '.' or '-', starting with "
                        "a letter, at most 63 characters.")


def add_worker(url: str, login: str, name: str, role: str, team: str = "Team", *,
               new_password: str | None = None, password: str | None = None) -> None:
    """Make LOGIN a PostgreSQL login role in the team role for `role`. The new password is
    hashed here (SCRAM, by libpq), so the plain text never reaches the server or its logs.
    Without one, the role can log in only once the council sets a password itself."""
    _check_login(login)
    if role not in ROLES:
        raise TeamError("The role must be worker, supervisor or admin.")
    if not name.strip():
        raise TeamError("Give the worker's name as the team knows them.")
    with session(url, password) as conn:
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (login,)).fetchone()
        ident = sql.Identifier(login)
        if exists is None:
            conn.execute(sql.SQL("create role {} login").format(ident))
        else:
            conn.execute(sql.SQL("alter role {} login").format(ident))
        if new_password:
            verifier = conn.pgconn.encrypt_password(
                new_password.encode(), login.encode(), b"scram-sha-256").decode()
            conn.execute(sql.SQL("alter role {} password {}").format(ident,
                                                                     sql.Literal(verifier)))
        for r in ROLES:
            group = sql.Identifier(f"safetymap_{r}")
            if r == role:
                conn.execute(sql.SQL("grant {} to {}").format(group, ident))
            else:
                conn.execute(sql.SQL("revoke {} from {}").format(group, ident))
        conn.execute("select safetymap.add_worker(%s, %s, %s, %s)",
                     (login, name.strip(), role, team.strip() or "Team"))


def find_family(conn: psycopg.Connection[Any], family: str) -> str:
    row = conn.execute("select safetymap.find_family(%s)", (family,)).fetchone()
    assert row is not None
    return str(row[0])


def allocate(url: str, family: str, login: str, *, password: str | None = None) -> str:
    with session(url, password) as conn:
        uid = find_family(conn, family)
        conn.execute("select safetymap.allocate(%s, %s)", (uid, login))
        return uid


def deallocate(url: str, family: str, login: str, *, password: str | None = None) -> str:
    with session(url, password) as conn:
        uid = find_family(conn, family)
        conn.execute("select safetymap.deallocate(%s, %s)", (uid, login))
        return uid


def revoke(url: str, login: str, *, password: str | None = None) -> int:
    """The login can no longer connect (NOLOGIN), its open connections are ended, and the
    write functions refuse it even on a connection that somehow stays. Returns how many
    connections were ended."""
    _check_login(login)
    with session(url, password) as conn:
        conn.execute("select safetymap.revoke_worker(%s)", (login,))
        conn.execute(sql.SQL("alter role {} nologin").format(sql.Identifier(login)))
        row = conn.execute("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                           "where usename = %s", (login,)).fetchone()
        return int(row[0]) if row else 0


@dataclass
class AuditCheck:
    ok: bool
    rows: int
    sentence: str


def entry_hash(prev: str, entry: str) -> str:
    return hashlib.sha256((prev + "\n" + entry).encode("utf-8")).hexdigest()


def check(url: str, *, password: str | None = None) -> AuditCheck:
    """Verify the team audit log's hash chain, row by row, here and not on the server."""
    with session(url, password) as conn:
        rows = conn.execute("select id, entry, prev_hash, hash from safetymap.audit "
                            "order by id").fetchall()
    prev = ""
    for i, (row_id, entry, prev_hash, digest) in enumerate(rows, start=1):
        if prev_hash != prev:
            return AuditCheck(False, len(rows), f"The team audit log is broken at entry {i} "
                              f"(row {row_id}): it does not follow the one before it, so a "
                              "row was removed or changed.")
        if entry_hash(prev, entry) != digest:
            return AuditCheck(False, len(rows), f"The team audit log is broken at entry {i} "
                              f"(row {row_id}): its text was changed after it was written.")
        prev = digest
    return AuditCheck(True, len(rows), f"The team audit log is whole: {len(rows)} entries, "
                      "each following the one before.")
