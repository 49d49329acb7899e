"""The laptop's side of the team store: join, push, pull, conflicts.

A sync is push, then pull (ARCHITECTURE.md, "The team store"):

* **Push.** Every changeset made here since the last push, in order, one server call each
  (`safetymap.push`), carrying its uid as the operation id (a retry after a crash or a cut
  connection is applied once and answered the same) and, for each changed field, the server
  revision this laptop last saw for it (the base). The server applies a field only when the
  base is current; otherwise it keeps its value and records a conflict.
* **Pull.** Every record of the families this login may see that changed after the last
  revision pulled, and every record of a family new to this laptop. A field with a change
  here that is not pushed yet is never overwritten (its base is left alone, so the next push
  is compared and, if needed, becomes a conflict). A marking that the pull would relax is
  held as a "relax" conflict and never applied without a person's confirmation.
* **De-allocation.** A family this login may no longer see is removed from the laptop, with
  its history, once nothing about it is waiting to be pushed; never before.

Before reading what to push, the sync seals it (`team.sealed`): an autosave after that never
extends a changeset that is being pushed (store/changesets.py), so no keystroke can slip in
after its changeset was sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import psycopg
from sqlalchemy import UniqueConstraint, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..domain import model as m
from ..store import changesets as cs
from ..store.engine import Store
from . import server, wire
from .server import TeamError, TeamRefused

SYNC_RECEIVED = "sync.received"
SYNC_REMOVED = "sync.removed"
SYNC_CONFIRM = "sync.confirm"
#: changesets that came from elsewhere (or only catch up with it) and are never pushed back
NOT_PUSHED = (SYNC_RECEIVED, SYNC_REMOVED, SYNC_CONFIRM, cs.RECEIVED)

# store_meta keys (no password is ever kept)
K_URL, K_LOGIN, K_NAME, K_ROLE, K_TEAM = ("team.url", "team.login", "team.name", "team.role",
                                          "team.team")
K_HEAD, K_CHEAD, K_PUSHED, K_SEALED = ("team.head", "team.conflicts_head", "team.pushed",
                                       "team.sealed")
K_KNOWN, K_HOLDERS, K_LAST, K_UNSENDABLE = ("team.known", "team.holders", "team.last_sync",
                                            "team.unsendable")

MARKINGS: dict[tuple[str, str], Any] = {
    ("Person", "confidential"): True,
    ("Person", "details_confidential"): True,
    ("ContactDetail", "confidential"): True,
    ("ContactDetail", "safe_to_share"): False,
    ("ContactDetail", "safe_for_children"): False,
    ("ChildRelation", "helper"): False,
    ("SafetyCheckDecision", "decision"): "omit",
}

_lock = threading.Lock()  # one sync at a time per process


# --- store_meta ------------------------------------------------------------------------------


def _meta(s: Session, key: str, default: str = "") -> str:
    v = s.scalar(select(m.StoreMeta.value).where(m.StoreMeta.key == key))
    return default if v is None else str(v)


def _set_meta(s: Session, key: str, value: str) -> None:
    row = s.get(m.StoreMeta, key)
    if row is None:
        s.add(m.StoreMeta(key=key, value=value))
    else:
        row.value = value


def _metas(s: Session) -> dict[str, str]:
    """Every team.* fact in one read."""
    return {k: str(v) for k, v in s.execute(select(m.StoreMeta.key, m.StoreMeta.value).where(
        m.StoreMeta.key.like("team.%")))}


def _info(meta: dict[str, str]) -> dict[str, str] | None:
    if not meta.get(K_URL):
        return None
    return {"url": meta[K_URL], "login": meta.get(K_LOGIN, ""), "name": meta.get(K_NAME, ""),
            "role": meta.get(K_ROLE, ""), "team": meta.get(K_TEAM, ""),
            "last_sync": meta.get(K_LAST, "")}


def team_info(store: Store) -> dict[str, str] | None:
    """The team this store has joined (url without password, login, name, role), or None."""
    with store.session() as s:
        return _info(_metas(s))


def _unpushed_query(pushed: int) -> Any:
    return (select(m.Changeset.id).where(m.Changeset.id > pushed,
                                         m.Changeset.command.not_in(NOT_PUSHED)))


def waiting(store: Store) -> int:
    """How many changesets made here are not on the team server yet."""
    with store.session() as s:
        if not _meta(s, K_URL):
            return 0
        pushed = int(_meta(s, K_PUSHED, "0"))
        return int(s.scalar(select(func.count()).select_from(
            _unpushed_query(pushed).subquery())) or 0)


# --- what would be lost with this laptop ------------------------------------------------------
#
# Beside a joined store, `<store>.team-waiting` says how many changes made here are not on the
# team server yet (a number, the login and the last sync time: no case data). If the
# passphrase is forgotten, the store cannot be opened, but a new store that joins again can
# say how many changes were never sent instead of leaving the worker guessing.

WAITING_SUFFIX = ".team-waiting"


def waiting_file(store_path: Any) -> Any:
    from pathlib import Path

    p = Path(store_path)
    return p.with_name(p.name + WAITING_SUFFIX)


def write_waiting(store: Store, known: tuple[str, int, str] | None = None) -> None:
    """`known`: (login, waiting, last sync) when the caller has just read them."""
    from ..store.atomic import atomic_write_bytes

    if known is None:
        info = team_info(store)
        if info is None:
            return
        known = (info["login"], waiting(store), info["last_sync"])
    data = {"login": known[0], "waiting": known[1], "last_sync": known[2]}
    path = waiting_file(store.path)
    try:
        if path.exists() and json.loads(path.read_text("utf-8")) == data:
            return
    except (OSError, ValueError):
        pass
    try:
        atomic_write_bytes(path, json.dumps(data).encode("utf-8"))
    except OSError:
        pass  # a hint only: a full disk must not stop the edit that was just saved


def attach(store: Store) -> None:
    """Keep the waiting file current after every commit that made a changeset here (the UI
    calls this once the store is open; join and sync call it too)."""
    from sqlalchemy import event

    if getattr(store, "_team_attached", False) or team_info(store) is None:
        return

    def after_commit(session: Session) -> None:
        if session.info.get("changeset_id") is not None and \
                session.info.get("command") not in NOT_PUSHED:
            write_waiting(store)

    event.listen(store.session_factory, "after_commit", after_commit)
    store._team_attached = True  # type: ignore[attr-defined]


def lost_elsewhere(store: Store, login: str) -> int:
    """Changes never sent from an earlier store of this login beside this one (or at the
    default place): what a forgotten passphrase cost, so the worker is told, not left guessing."""
    from pathlib import Path

    from .. import config

    here = Path(store.path)
    folders = {here.parent, Path(config.default_store_path()).parent}
    total = 0
    for folder in folders:
        try:
            candidates = list(folder.glob("*" + WAITING_SUFFIX))
        except OSError:
            continue
        for f in candidates:
            if f == waiting_file(here):
                continue
            try:
                data = json.loads(f.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if data.get("login") == login:
                total += int(data.get("waiting") or 0)
    return total


# --- results ---------------------------------------------------------------------------------


@dataclass
class SyncResult:
    pushed: int = 0          # changesets sent
    repeats: int = 0         # of those, ones the server already had (a retry)
    pulled: int = 0          # records brought here
    new_conflicts: int = 0
    held_relaxations: int = 0
    removed_families: int = 0
    kept_families: int = 0   # no longer allocated, kept until their changes are sent
    not_sent: int = 0        # changesets the server refused (not this login's family)
    lost_elsewhere: int = 0  # never sent from an earlier store of this login (see join)
    #: records this sync's push applied on the server (their echo in the pull is skipped)
    applied_uids: set[str] = field(default_factory=set)
    #: their revisions and removal as the push wrote them here (read by _not_echoes)
    echo: dict[str, tuple[dict[str, Any], bool]] = field(default_factory=dict)
    at: str = ""
    notes: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        parts = [f"Sent {self.pushed} change{'s' if self.pushed != 1 else ''}",
                 f"brought {self.pulled} record{'s' if self.pulled != 1 else ''} here"]
        if self.new_conflicts:
            parts.append(f"{self.new_conflicts} conflict{'s' if self.new_conflicts != 1 else ''}"
                         " need a decision")
        if self.held_relaxations:
            parts.append(f"{self.held_relaxations} marking change"
                         f"{'s' if self.held_relaxations != 1 else ''} held for confirmation")
        if self.removed_families:
            parts.append(f"{self.removed_families} famil"
                         f"{'ies' if self.removed_families != 1 else 'y'} no longer allocated "
                         "removed from this laptop")
        if self.kept_families:
            parts.append(f"{self.kept_families} no longer allocated but kept until their "
                         "changes are sent")
        if self.not_sent:
            parts.append(f"{self.not_sent} change{'s' if self.not_sent != 1 else ''} the team "
                         "server would not take (not your family)")
        out = ", ".join(parts) + "."
        if self.lost_elsewhere:
            n = self.lost_elsewhere
            out += (f" The earlier store of this login had {n} change{'s' if n != 1 else ''} "
                    "that never reached the team server; they could not be brought back.")
        return out


# --- join ------------------------------------------------------------------------------------


def join(store: Store, url: str, password: str | None = None) -> SyncResult:
    """Connect this store to the team as the URL's login, send the families already here, and
    pull the ones allocated to this login. The profile name becomes the team's name for the
    login, so authorship means a real person."""
    url_kept = server.safe_url(url)
    with server.session(url, password, reuse=True) as conn:
        row = conn.execute("select safetymap.whoami()").fetchone()
    who = row[0] if row else None
    if not who:
        raise TeamRefused("This login is not a member of the team on that server; ask the "
                          "team's admin to add it (safetymap team add-worker).")
    if who.get("revoked"):
        raise TeamRefused("This login has been revoked on the team server.")
    if who.get("role") == "admin":
        raise TeamRefused("An admin login manages the team and sees no case records; join "
                          "with a worker's or a supervisor's login.")
    with store.session() as s:
        old = _meta(s, K_URL)
        if old and _meta(s, K_LOGIN) != who["login"]:
            raise TeamError("This laptop's store has already joined the team as another "
                            "login; make a new store to join as this one.")
        first = not old
        _set_meta(s, K_URL, url_kept)
        _set_meta(s, K_LOGIN, str(who["login"]))
        _set_meta(s, K_NAME, str(who["name"]))
        _set_meta(s, K_ROLE, str(who["role"]))
        _set_meta(s, K_TEAM, str(who["team"]))
        if first:
            # what is here already goes up as one snapshot per family (below), not as its
            # history of local changesets
            top = int(s.scalar(select(func.coalesce(func.max(m.Changeset.id), 0))) or 0)
            _set_meta(s, K_PUSHED, str(top))
            _set_meta(s, K_SEALED, str(top))
            _set_meta(s, K_HEAD, "0")
            _set_meta(s, K_CHEAD, "0")
            _set_meta(s, K_KNOWN, "[]")
    from ..services import profile as profile_service

    prof = profile_service.get_profile(store)
    if prof.name != who["name"]:
        profile_service.set_profile(store, name=str(who["name"]), role=prof.role,
                                    team=str(who["team"]), phone=prof.phone)
    if first:
        _push_snapshots(store, url, password, str(who["login"]))
    result = sync(store, password, url=url)
    if first:
        result.lost_elsewhere = lost_elsewhere(store, str(who["login"]))
    attach(store)
    return result


def _push_snapshots(store: Store, url: str, password: str | None, login: str) -> None:
    with store.session() as s:
        fams = [(f.id, f.uid) for f in s.scalars(select(m.Family))]
    with server.session(url, password, reuse=True) as conn:
        for fid, fuid in fams:
            with store.session() as s:
                changes = _family_snapshot(s, fid)
            op = hashlib.md5(f"join.{login}.{fuid}".encode()).hexdigest()
            _send(store, conn, op, fuid, "team.join", datetime.now(UTC), changes, s_blobs=None)


def _family_snapshot(s: Session, family_id: int) -> list[dict[str, Any]]:
    from ..services.bundles import _family_rows

    uid_of = wire.UidResolver(s.connection())
    out = []
    for _name, objs in _family_rows(s, family_id).items():
        for obj in objs:
            out.append({"uid": obj.uid, "type": type(obj).__name__, "op": "insert",
                        "fields": wire.encode_object(obj, uid_of), "base": {},
                        "refs": wire.refs(type(obj))})
    return out


# --- sync ------------------------------------------------------------------------------------


def sync(store: Store, password: str | None = None, *, url: str | None = None,
         on_step: Callable[[str], None] | None = None) -> SyncResult:
    """Push, then pull. Raises TeamUnreachable (nothing lost: try again later) or
    TeamRefused (the login was refused or revoked)."""
    if not _lock.acquire(blocking=False):
        raise TeamError("A sync is already running.")
    try:
        # what this store has joined, and the pull's cursor, read once
        with store.session() as s:
            meta = _metas(s)
            here = set(_family_uids(s).values())
        info = _info(meta)
        if info is None:
            raise TeamError("This laptop has not joined a team yet (File ▸ Team ▸ Join a "
                            "team…, or safetymap team join URL).")
        target = url or info["url"]
        result = SyncResult()
        with server.session(target, password, reuse=True) as conn:
            who = conn.execute("select safetymap.whoami()").fetchone()
            if not who or not who[0] or who[0].get("revoked"):
                raise TeamRefused("This login has been revoked on the team server, so "
                                  "nothing was sent or brought; your work is safe on this "
                                  "laptop.")
            if on_step:
                on_step("push")
            # sealed only now the server answers: an offline attempt every two minutes must
            # not cut the autosaves of what is being typed into ever more versions
            push(store, conn, info["login"], result)
            if on_step:
                on_step("pull")
            # the pull's cursor (head, conflicts, known families) as read at the start: a
            # push never moves it, and no other sync runs meanwhile (_lock; resolve's own
            # pull re-reads it)
            pull(store, conn, info["login"], result, (meta, here))
        return result
    except psycopg.Error as exc:
        raise server._sentence(exc) from None
    except SQLAlchemyError as exc:
        # never the exception's own text: a database error carries the SQL and its values,
        # which can be case text
        raise TeamError("This laptop could not take in what the team server sent ("
                        f"{type(exc).__name__}); nothing was lost here, and the next sync "
                        "tries again.") from None
    finally:
        _lock.release()


def _seal(store: Store) -> tuple[int, int, list[int], set[str]]:
    """Close what is here for pushing: no autosave extends a changeset up to `sealed` after
    this commits. Returns (pushed, sealed, the changesets to push, the unsendable families)."""
    with store.session() as s:
        meta = _metas(s)
        top = int(s.scalar(select(func.coalesce(func.max(m.Changeset.id), 0))) or 0)
        pushed = int(meta.get(K_PUSHED, "0"))
        if top > int(meta.get(K_SEALED, "0")):
            _set_meta(s, K_SEALED, str(top))
        ids = list(s.scalars(_unpushed_query(pushed).where(m.Changeset.id <= top)
                             .order_by(m.Changeset.id)))
        unsendable = set(json.loads(meta.get(K_UNSENDABLE, "[]")))
    return pushed, top, ids, unsendable


def _family_uids(s: Session) -> dict[int, str]:
    return {fid: uid for fid, uid in s.execute(select(m.Family.id, m.Family.uid))}


def _family_uid_by_id(s: Session, fid: int | None, cache: dict[int, str]) -> str | None:
    if fid is None:
        return None
    if fid not in cache:
        uid = wire.UidResolver(s.connection())("families", fid)
        if uid is None:
            return None
        cache[fid] = uid
    return cache[fid]


def _wire_changes(s: Session, changeset: m.Changeset, revs: dict[str, dict[str, Any]],
                  fam_cache: dict[int, str]) -> dict[str, list[dict[str, Any]]]:
    """A local changeset as wire changes, grouped by family uid."""
    uid_of = wire.UidResolver(s.connection())
    by_family: dict[str, list[dict[str, Any]]] = {}
    rows = s.scalars(select(m.Change).where(m.Change.changeset_id == changeset.id)
                     .order_by(m.Change.id)).all()
    for c in rows:
        cls = wire.MODELS.get(c.entity_type)
        if cls is None:
            continue
        fuid = (c.entity_uid if cls is m.Family else
                _family_uid_by_id(s, c.family_id if c.family_id is not None
                                  else changeset.family_id, fam_cache))
        if fuid is None:
            # a contact detail or a tick whose parent went in the same changeset: its family
            # is the one the team knows it by, or its parent's
            rec = s.get(m.SyncRecord, c.entity_uid)
            fuid = rec.family_uid if rec is not None else None
        if fuid is None:
            fuid = _family_by_parent(s, cls, dict(c.after or c.before or {}), uid_of)
        if fuid is None:
            continue
        known = revs.get(c.entity_uid, {})
        if c.operation == "delete":
            fields: dict[str, Any] = {}
            base = dict(known)
        else:
            before = cs.decoded_before(c.before, c.after) if c.before else None
            fields = wire.encode(cls, dict(c.after or {}), uid_of, before)
            base = {f: known.get(f, 0) for f in fields}
            if "$deleted" in known:
                base["$deleted"] = known["$deleted"]
        by_family.setdefault(fuid, []).append(
            {"uid": c.entity_uid, "type": c.entity_type, "op": c.operation,
             "fields": fields, "base": base, "refs": wire.refs(cls)})
    return by_family


def _family_by_parent(s: Session, cls: type[m.Tracked], values: dict[str, Any],
                      uid_of: wire.UidResolver) -> str | None:
    for name, col in wire.columns(cls).items():
        target = wire.fk_target(col)
        if target is None or values.get(name) is None or target == "families":
            continue
        parent_uid = uid_of(target, int(values[name]))
        if parent_uid is None:
            continue
        rec = s.get(m.SyncRecord, parent_uid)
        if rec is not None:
            return rec.family_uid
        pcls: Any = wire.TABLE_CLASS[target]
        fid = (s.scalar(select(pcls.family_id).where(pcls.uid == parent_uid))
               if hasattr(pcls, "family_id") else None)
        if fid is not None:
            return wire.UidResolver(s.connection())("families", int(fid))
    return None


def _blobs_for(s: Session, changes: list[dict[str, Any]]) -> dict[str, bytes]:
    """The bytes each pushed picture names, from the row here (or the change that removed it)."""
    out: dict[str, bytes] = {}
    for ch in changes:
        cls = wire.MODELS[ch["type"]]
        for name, col in wire.columns(cls).items():
            ref = ch["fields"].get(name)
            if not (wire.is_bytes(col) and isinstance(ref, dict) and "sha256" in ref):
                continue
            obj = s.scalar(select(cls).where(cls.uid == ch["uid"]))
            raw = getattr(obj, name, None) if obj is not None else None
            if raw is not None and hashlib.sha256(bytes(raw)).hexdigest() == ref["sha256"]:
                out[ref["sha256"]] = bytes(raw)
                continue
            for before in s.scalars(select(m.Change.before).where(
                    m.Change.entity_uid == ch["uid"], m.Change.before.is_not(None))):
                v = (before or {}).get(name)
                if isinstance(v, dict) and "$b64" in v:
                    raw = base64.b64decode(v["$b64"])
                    if hashlib.sha256(raw).hexdigest() == ref["sha256"]:
                        out[ref["sha256"]] = raw
    return out


def _send(store: Store, conn: psycopg.Connection[Any], op: str, fuid: str, command: str,
          started: datetime, changes: list[dict[str, Any]],
          s_blobs: dict[str, bytes] | None, *, on_server: bool | None = None,
          after: Callable[[Session], None] | None = None,
          echo: dict[str, tuple[dict[str, Any], bool]] | None = None) -> dict[str, Any]:
    """One push call with its pictures; then this laptop's bases move to what was applied
    (and `after` runs in that same local transaction: the push watermark moves with them).
    `echo` gets each record's revisions and removal as written here (for _not_echoes)."""
    if s_blobs is None:
        with store.session() as s:
            s_blobs = _blobs_for(s, changes)
    if on_server is None:
        with store.session() as s:
            on_server = s.get(m.SyncRecord, fuid) is not None
    if on_server and s_blobs:
        # pictures first, in their own transaction: a large upload never holds the lock that
        # every push takes (a picture with no record naming it yet is harmless)
        with conn.transaction():
            for sha, raw in s_blobs.items():
                conn.execute("select safetymap.put_blob(%s, %s, %s)", (fuid, sha, raw))
        s_blobs = {}
    with conn.transaction():
        row = conn.execute("select safetymap.push(%s, %s, %s, %s, %s::jsonb)",
                           (op, fuid, command, started, json.dumps(changes))).fetchone()
        # a family new to the server exists only once this push is in: its pictures go in
        # the same transaction, so they are there whenever the records naming them are
        for sha, raw in s_blobs.items():
            conn.execute("select safetymap.put_blob(%s, %s, %s)", (fuid, sha, raw))
    assert row is not None
    result: dict[str, Any] = row[0]
    types = {ch["uid"]: ch["type"] for ch in changes}
    sent = {ch["uid"]: ch["fields"] for ch in changes}
    with store.session(command=SYNC_RECEIVED) as s:
        for uid, moved in (result.get("applied") or {}).items():
            if isinstance(moved, int):  # a new record: every field it sent, at this revision
                moved = {f: moved for f in sent.get(uid, {})}
            moved = dict(moved)
            twin = moved.pop("$merged_into", None)
            client = uid
            if twin and twin != uid:
                # made here and on another laptop: the server's record is the one; this
                # laptop's row takes its id (no record names these, so nothing else moves)
                uid = _take_id(s, types.get(client, ""), client, str(twin))
            rec = s.get(m.SyncRecord, uid)
            if rec is None:
                rec = m.SyncRecord(uid=uid, entity_type=types.get(client, ""),
                                   family_uid=fuid, revs={}, deleted=False)
                s.add(rec)
            rec.revs = {**(rec.revs or {}), **moved}
            op = next((ch["op"] for ch in changes if ch["uid"] == client), "")
            rec.deleted = op == "delete"
            if echo is not None:
                echo[uid] = (dict(rec.revs), rec.deleted)
        if after is not None:
            after(s)
    return result


def _take_id(s: Session, etype: str, mine: str, theirs: str) -> str:
    cls = wire.MODELS.get(etype)
    if cls is None:
        return mine
    here = s.scalar(select(cls).where(cls.uid == mine))
    there = s.scalar(select(cls).where(cls.uid == theirs))
    if here is not None and there is None:
        here.uid = theirs
    old = s.get(m.SyncRecord, mine)
    if old is not None:
        s.delete(old)
    # later changesets here name the record by the id the server now knows it by, so their
    # edits go to that record (and not as an edit of a record the server never had)
    s.execute(update(m.Change).where(m.Change.entity_uid == mine).values(entity_uid=theirs)
              .execution_options(synchronize_session=False))
    s.flush()
    return theirs


def push(store: Store, conn: psycopg.Connection[Any], login: str, result: SyncResult) -> None:
    pushed, top, ids, unsendable = _seal(store)
    unsendable_before = set(unsendable)
    fam_cache: dict[int, str] = {}
    moved_to = [pushed]  # where K_PUSHED stands now (each changeset's last call moves it)
    for cid in ids:
        with store.session() as s:
            changeset = s.get(m.Changeset, cid)
            assert changeset is not None
            revs = {r.uid: dict(r.revs or {}) for r in s.scalars(select(m.SyncRecord).where(
                m.SyncRecord.uid.in_(select(m.Change.entity_uid).where(
                    m.Change.changeset_id == cid))))}
            groups = _wire_changes(s, changeset, revs, fam_cache)
            started = changeset.started_at
            command = changeset.command
            op_base = changeset.uid
            blobs = {fuid: _blobs_for(s, chs) for fuid, chs in groups.items()}
            on_server = {fuid: s.get(m.SyncRecord, fuid) is not None for fuid in groups}
        ordered = sorted(groups.items())
        for n, (fuid, changes) in enumerate(ordered):
            op = op_base if n == 0 else f"{op_base}.{n}"
            last = n == len(ordered) - 1

            def moved_on(s: Session, cid: int = cid) -> None:
                _set_meta(s, K_PUSHED, str(cid))
                moved_to[0] = cid

            try:
                answer = _send(store, conn, op, fuid, command, started, changes, blobs[fuid],
                               on_server=on_server[fuid], after=moved_on if last else None,
                               echo=result.echo)
            except psycopg.errors.InsufficientPrivilege:
                # not this login's family (or not any more, and already released): kept
                # here and counted, never pushed again
                result.not_sent += 1
                unsendable.add(fuid)
                continue
            except psycopg.errors.RaiseException as exc:
                raise TeamError("The team server refused a change from this laptop ("
                                f"{getattr(exc.diag, 'message_primary', '')}); nothing "
                                "was lost here.") from None
            result.pushed += 1
            result.applied_uids.update(answer.get("applied") or {})
            if answer.get("repeat"):
                result.repeats += 1
    if (ids and moved_to[0] < top) or unsendable != unsendable_before:
        with store.session() as s:
            if int(_meta(s, K_PUSHED, "0")) < top:
                _set_meta(s, K_PUSHED, str(top))
            if unsendable != unsendable_before:
                _set_meta(s, K_UNSENDABLE, json.dumps(sorted(unsendable)))


# --- pull ------------------------------------------------------------------------------------


def _unpushed(s: Session) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    """(uid, column) pairs, uids, and family uids with changes here not yet pushed."""
    pushed = int(_meta(s, K_PUSHED, "0"))
    fields: set[tuple[str, str]] = set()
    uids: set[str] = set()
    fids: set[int] = set()
    q = (select(m.Change.entity_uid, m.Change.operation, m.Change.after, m.Change.family_id,
                m.Changeset.family_id)
         .join(m.Changeset, m.Changeset.id == m.Change.changeset_id)
         .where(m.Changeset.id > pushed, m.Changeset.command.not_in(NOT_PUSHED)))
    for uid, op, after, fid, csfid in s.execute(q):
        uids.add(uid)
        for col in (after or {}) if op != "delete" else ():
            fields.add((uid, col))
        if op in ("insert", "delete"):
            fields.add((uid, "*"))
        if fid is not None or csfid is not None:
            fids.add(int(fid if fid is not None else csfid))
    by_id = _family_uids(s)
    return fields, uids, {by_id[f] for f in fids if f in by_id}


def pull(store: Store, conn: psycopg.Connection[Any], login: str, result: SyncResult,
         read: tuple[dict[str, str], set[str]] | None = None) -> None:
    """`read`: the store's team metadata and its families, when the caller has just read
    them (sync, at its start)."""
    if read is None:
        with store.session() as s:
            read = (_metas(s), set(_family_uids(s).values()))
    meta, here = read
    head = int(meta.get(K_HEAD, "0"))
    chead = int(meta.get(K_CHEAD, "0"))
    known = list(json.loads(meta.get(K_KNOWN, "[]")))
    # Each its own statement, outside any transaction: the pull is one statement, one
    # snapshot, whose head comes with its rows (see the schema), and the audit lock it takes
    # is held only for that statement. (A repeatable-read transaction would also make the
    # pull's audit lines read the chain from an older snapshot; the server refuses that.)
    got = conn.execute("select * from safetymap.pull(%s, %s)",
                       (head, [k for k in known if k in here])).fetchall()
    new_head = max(int(r[8]) for r in got)
    rows = [r[:8] for r in got if r[0] is not None]
    conflicts = conn.execute("select * from safetymap.conflicts_since(%s)",
                             (chead,)).fetchall()
    holders = conn.execute("select * from safetymap.holders()").fetchall()
    visible = {r[0] for r in conn.execute("select safetymap.visible_families()")}
    blobs_needed = {ref["sha256"] for r in rows for ref in (r[3] or {}).values()
                    if isinstance(ref, dict) and set(ref) == {"sha256", "bytes"}}
    blobs: dict[str, bytes] = {}
    for sha in blobs_needed:
        b = conn.execute("select data from safetymap.blobs where sha256 = %s",
                         (sha,)).fetchone()
        if b is not None and hashlib.sha256(bytes(b[0])).hexdigest() == sha:
            blobs[sha] = bytes(b[0])
    rows = _not_echoes(store, rows, result.applied_uids, result.echo)
    by_family: dict[str, list[Any]] = {}
    for r in rows:
        by_family.setdefault(r[1], []).append(r)
    for fuid, frows in by_family.items():
        result.pulled += _apply_family(store, fuid, frows, blobs, result)
    if conflicts:
        _apply_conflicts(store, conflicts, login, result)
    result.at = datetime.now(UTC).isoformat()
    holders_json = json.dumps([{"family": f, "login": lg, "name": n} for f, lg, n in holders])
    with store.session() as s:
        _set_meta(s, K_HEAD, str(new_head))
        if conflicts:
            _set_meta(s, K_CHEAD, str(max(int(c[13]) for c in conflicts)))
        if meta.get(K_HOLDERS) != holders_json:
            _set_meta(s, K_HOLDERS, holders_json)
        now_here = _family_uids(s)
        known_now = json.dumps(sorted(visible & set(now_here.values())))
        if meta.get(K_KNOWN) != known_now:
            _set_meta(s, K_KNOWN, known_now)
        _set_meta(s, K_LAST, result.at)
        gone = {fid: fuid for fid, fuid in now_here.items() if fuid not in visible}
        waiting_fams: set[str] = set()
        if gone:
            _, _, waiting_fams = _unpushed(s)
        still_waiting = int(s.scalar(select(func.count()).select_from(
            _unpushed_query(int(_meta(s, K_PUSHED, "0"))).subquery())) or 0)
        unsendable = set(json.loads(_meta(s, K_UNSENDABLE, "[]")))
    write_waiting(store, (login, still_waiting, result.at))
    _remove_gone(store, conn, gone, waiting_fams, unsendable, result)


def _not_echoes(store: Store, rows: list[Any], pushed_here: set[str],
                written: dict[str, tuple[dict[str, Any], bool]] | None = None) -> list[Any]:
    """The rows that bring something: not the records this sync's push applied and this
    laptop already holds at exactly those revisions (a pull after a push sends them back).
    Anything else (a conflict, a record kept or brought back) is applied as usual. `written`:
    what the push wrote here (revisions, removed), so most echoes need no read of the store
    (only a sync changes those rows, and one sync runs at a time)."""
    if not rows or not pushed_here:
        return rows
    recs: dict[str, tuple[dict[str, Any], bool]] = dict(written or {})
    uids = [r[0] for r in rows if r[0] in pushed_here and r[0] not in recs]
    if uids:
        with store.session() as s:
            for n in range(0, len(uids), 500):
                recs.update({r.uid: (r.revs or {}, bool(r.deleted)) for r in s.scalars(
                    select(m.SyncRecord).where(m.SyncRecord.uid.in_(uids[n:n + 500])))})
    return [r for r in rows if not (
        r[0] in recs and r[0] in pushed_here and recs[r[0]][0] == (r[4] or {})
        and recs[r[0]][1] == bool(r[5]))]


def _relaxes(entity_type: str, col: str, local: Any, incoming: Any) -> bool:
    marked = MARKINGS.get((entity_type, col))
    if marked is None and (entity_type, col) not in MARKINGS:
        return False
    return bool(_plain(local) == marked and _plain(incoming) != marked)


def _plain(v: Any) -> Any:
    return v.value if hasattr(v, "value") else v


class _Ids:
    """uid -> local id per table, read in bulk and kept as new rows get their ids."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.known: dict[str, dict[str, int]] = {}
        self.top: dict[str, int] = {}

    def get(self, table: str, uid: str) -> int | None:
        got = self.known.setdefault(table, {})
        if uid not in got:
            cls = wire.TABLE_CLASS[table]
            found = self.s.scalar(select(cls.id).where(cls.uid == uid))
            if found is None:
                return None
            got[uid] = int(found)
        return got[uid]

    def add(self, obj: m.Tracked) -> None:
        self.known.setdefault(type(obj).__tablename__, {})[obj.uid] = int(obj.id)

    def next_id(self, cls: type[m.Tracked]) -> int:
        """An id for a new row, given before the flush (the caller holds the store's write
        lock): SQLAlchemy then writes a kind's new rows as one statement instead of one
        INSERT ... RETURNING a row, which made a caseload's first pull take seconds."""
        table = cls.__tablename__
        if table not in self.top:
            self.top[table] = int(self.s.scalar(select(func.coalesce(func.max(cls.id), 0)))
                                  or 0)
        self.top[table] += 1
        return self.top[table]


def _decode_field(col: Any, value: Any, blobs: dict[str, bytes], ids: _Ids
                  ) -> tuple[bool, Any]:
    """(ok, python value) for a wire field of a plain column."""
    target = wire.fk_target(col)
    if target is not None:
        if value is None:
            return True, None
        local = ids.get(target, str(value))
        if local is None:
            return (col.nullable, None)
        return True, local
    if wire.is_bytes(col):
        if value is None:
            return True, None
        raw = blobs.get(value.get("sha256", "")) if isinstance(value, dict) else None
        return (raw is not None, raw)
    return True, cs.from_json(col, value)


def _apply_family(store: Store, fuid: str, rows: list[Any], blobs: dict[str, bytes],
                  result: SyncResult) -> int:
    """Bring one family's changed records here, in one transaction, without touching any
    field that has a change here waiting to be pushed. The records are read in bulk and
    written one kind at a time (one flush per kind), so a caseload arrives in seconds."""
    applied = 0
    rows = sorted(rows, key=lambda r: (wire.ORDER.get(r[2], 99), r[6]))
    by_author: dict[str, list[Any]] = {}
    for r in rows:
        by_author.setdefault(r[7] or "Team", []).append(r)
    with store.session(actor=", ".join(sorted(by_author)) or "Team",
                       command=SYNC_RECEIVED) as s:
        _set_meta(s, "team.applying", fuid)  # take the write lock before reading what waits
        s.flush()
        fields_waiting, uids_waiting, _ = _unpushed(s)
        deletes: list[Any] = []
        coming = {r[0] for r in rows}
        removed_now = {r[0] for r in rows if r[5]}
        later: list[tuple[Any, str, Any, str]] = []  # (class, uid, column, referenced uid)
        ids = _Ids(s)
        # everything these rows touch, read once
        by_type: dict[str, list[str]] = {}
        for r in rows:
            by_type.setdefault(r[2], []).append(r[0])
        objs: dict[str, Any] = {}
        recs: dict[str, m.SyncRecord] = {}
        uid_list = list(coming)
        for n in range(0, len(uid_list), 500):
            chunk = uid_list[n:n + 500]
            recs.update({r.uid: r for r in s.scalars(
                select(m.SyncRecord).where(m.SyncRecord.uid.in_(chunk)))})
        for etype, uids in by_type.items():
            cls = wire.MODELS.get(etype)
            if cls is None:
                continue
            for n in range(0, len(uids), 500):
                for o in s.scalars(select(cls).where(cls.uid.in_(uids[n:n + 500]))):
                    objs[o.uid] = o
                    ids.add(o)
        held_open = {(c.record_uid, c.field): c for c in s.scalars(select(m.SyncConflict).where(
            m.SyncConflict.family_uid == fuid, m.SyncConflict.kind == "relax",
            m.SyncConflict.resolution.is_(None)))}
        new_objs: list[Any] = []
        new_recs: list[Any] = []
        current_type = None
        with s.no_autoflush:
            for uid, _f, etype, fields, revs, deleted, _seq, _author in rows:
                cls = wire.MODELS.get(etype)
                if cls is None:
                    continue
                if etype != current_type:
                    current_type = etype
                    # written only when this kind names a kind with rows still unwritten, so
                    # their ids resolve: about three flushes a family, not one per kind
                    if _REFERENCED.get(etype, set()) & {type(o).__tablename__ for o in new_objs}:
                        _flush_new(s, new_objs, ids)
                rec: Any = recs.get(uid)
                if rec is None:
                    # written at the end in one statement (bookkeeping, not case data: no
                    # history to record)
                    rec = SimpleNamespace(uid=uid, entity_type=etype, family_uid=fuid, revs={},
                                          deleted=False)
                    new_recs.append(rec)
                    recs[uid] = rec
                obj = objs.get(uid)
                if deleted:
                    if uid in uids_waiting:
                        # changed here and not sent yet: its base stays as it was, so the
                        # push meets the removal as a conflict (an edit of what another
                        # removed), never as this laptop bringing it back knowingly
                        continue
                    if obj is not None:
                        deletes.append(obj)
                        applied += 1
                    rec.deleted = True
                    rec.revs = {**(rec.revs or {}), **{"$deleted": revs.get("$deleted", 0)}}
                    continue
                if obj is None and (uid, "*") in fields_waiting:
                    continue  # removed here, not pushed yet: the push decides
                cols = wire.columns(cls)
                plain: dict[str, Any] = {}
                parts: dict[str, dict[str, Any]] = {}
                ok_all = True
                new_revs = dict(rec.revs or {})
                for f, value in (fields or {}).items():
                    colname = wire.field_column(cls, f)
                    col = cols.get(colname)
                    if col is None:
                        continue
                    if obj is not None and ((uid, colname) in fields_waiting):
                        continue
                    if wire.is_parts(col):
                        parts.setdefault(colname, {})[f.split(wire.PART, 1)[1]] = value
                        new_revs[f] = revs.get(f, 0)
                        continue
                    if not (isinstance(value, str) and value in coming) \
                            and not _names_this_family(s, col, value, fuid):
                        # a reference into another family (a hostile push): never followed, so
                        # no record lands in, or moves to, a family its writer may not change
                        ok_all = False
                        continue
                    ok, pyval = _decode_field(col, value, blobs, ids)
                    if (ok and pyval is None and value is not None and wire.fk_target(col)
                            and value in coming):
                        later.append((cls, uid, colname, value))  # arrives in this pull
                    if not ok and wire.fk_target(col) and value in coming and col.nullable:
                        later.append((cls, uid, colname, value))
                        ok, pyval = True, None
                    if not ok:
                        ok_all = False
                        continue
                    if obj is not None and _relaxes(etype, colname, getattr(obj, colname),
                                                    pyval):
                        _hold_relaxation(s, fuid, uid, etype, colname, getattr(obj, colname),
                                         value, _author, int(revs.get(f, 0)), result,
                                         held_open)
                        continue
                    if obj is not None and (uid, colname) in held_open:
                        # marked again by the team: nothing left to confirm (answering it
                        # later would relax the marking here although it is marked everywhere)
                        held_open.pop((uid, colname)).resolution = "theirs"
                    plain[colname] = pyval
                    new_revs[f] = revs.get(f, 0)
                if obj is None:
                    if not ok_all:
                        continue  # it names a record that is not here (yet): next pull
                    values = dict(plain)
                    for colname, got in parts.items():
                        values[colname] = {k: v for k, v in got.items() if v is not None}
                    clash = _same_key(s, cls, values, new_objs)
                    if clash is not None and clash.id is not None and (
                            clash in deletes or (clash.uid in removed_now
                                                 and clash.uid not in uids_waiting)):
                        # the row it replaces (the same visit and person, say) is removed by
                        # this pull: that removal goes first
                        if clash in deletes:
                            deletes.remove(clash)
                        objs.pop(clash.uid, None)
                        s.delete(clash)
                        s.flush()
                        for o in new_objs:
                            ids.add(o)
                    elif clash is not None:
                        # made on two laptops for the same pair: the one here stays (never
                        # lost here); the other stays on the server, and this pull goes on
                        continue
                    obj = cls(id=ids.next_id(cls), uid=uid, **values)
                    s.add(obj)
                    new_objs.append(obj)
                    objs[uid] = obj
                    applied += 1
                else:
                    if isinstance(obj, m.SupervisionRecord) and obj.signed_off_at is not None:
                        continue  # signed off here: never changed
                    changed = False
                    for colname, pyval in plain.items():
                        if getattr(obj, colname) != pyval:
                            setattr(obj, colname, pyval)
                            changed = True
                    for colname, got in parts.items():
                        current = dict(getattr(obj, colname) or {})
                        merged = dict(current)
                        for k, v in got.items():
                            if v is None:
                                merged.pop(k, None)
                            else:
                                merged[k] = v
                        if merged != current:
                            setattr(obj, colname, merged)
                            changed = True
                    if changed:
                        applied += 1
                rec.revs = new_revs
                rec.deleted = False
            _flush_new(s, new_objs, ids)
        for n in range(0, len(new_recs), 500):
            s.execute(insert(m.SyncRecord), [
                {"uid": r.uid, "entity_type": r.entity_type, "family_uid": r.family_uid,
                 "revs": r.revs, "deleted": r.deleted} for r in new_recs[n:n + 500]])
        s.flush()
        for cls, uid, colname, ref in later:
            target = wire.fk_target(cls.__table__.columns[colname]) or ""
            ref_id = ids.get(target, ref)
            obj = objs.get(uid)
            if obj is not None and ref_id is not None:
                setattr(obj, colname, ref_id)
        for obj in sorted(deletes, key=lambda o: -wire.ORDER.get(type(o).__name__, 0)):
            if obj in s.deleted:
                continue
            s.delete(obj)
            s.flush()
        s.execute(delete(m.StoreMeta).where(m.StoreMeta.key == "team.applying"))
    return applied


def _unique_keys(cls: Any) -> list[tuple[str, ...]]:
    """The columns a row is unique by besides its uid (a visit and a person, say)."""
    return [keys for keys in (tuple(c.name for c in k.columns)
                              for k in cls.__table__.constraints
                              if isinstance(k, UniqueConstraint)) if keys != ("uid",)]


def _same_key(s: Session, cls: Any, values: dict[str, Any], pending: list[Any]) -> Any:
    """A row here (or new in this pull) that a new row with `values` would duplicate."""
    for keys in _unique_keys(cls):
        if any(values.get(k) is None for k in keys):
            continue
        for o in pending:
            if type(o) is cls and all(getattr(o, k) == values[k] for k in keys):
                return o
        q = select(cls)
        for k in keys:
            q = q.where(getattr(cls, k) == values[k])
        found = s.scalar(q)
        if found is not None:
            return found
    return None


#: the tables each kind of record names (not itself: a goal's paired worry is set afterwards)
_REFERENCED: dict[str, set[str]] = {
    name: {t for col in wire.columns(cls).values() if (t := wire.fk_target(col))}
    - {cls.__tablename__} for name, cls in wire.MODELS.items()}


def _flush_new(s: Session, new_objs: list[Any], ids: _Ids) -> None:
    if not new_objs:
        return
    s.flush()
    for o in new_objs:
        ids.add(o)
    new_objs.clear()


def _names_this_family(s: Session, col: Any, value: Any, fuid: str) -> bool:
    """False when a wire reference names a record of another family than the one pulled."""
    target = wire.fk_target(col)
    if target is None or value is None:
        return True
    if target == "families":
        return bool(value == fuid)
    rec = s.get(m.SyncRecord, value)
    return rec is None or rec.family_uid == fuid


def _hold_relaxation(s: Session, fuid: str, uid: str, etype: str, col: str, local: Any,
                     incoming: Any, author: str, rev: int, result: SyncResult,
                     held_open: dict[tuple[str, str], m.SyncConflict]) -> None:
    held = held_open.get((uid, col))
    loc = local.value if hasattr(local, "value") else local
    if held is None:
        held = m.SyncConflict(family_uid=fuid, record_uid=uid, entity_type=etype, field=col,
                              kind="relax", server_value=incoming, server_name=author or "",
                              server_at=datetime.now(UTC).isoformat(), client_value=loc,
                              client_name="", client_at="", mine=True, server_rev=rev)
        s.add(held)
        held_open[(uid, col)] = held
        result.held_relaxations += 1
    else:
        held.server_value, held.server_rev = incoming, rev


def _apply_conflicts(store: Store, rows: list[Any], login: str, result: SyncResult) -> None:
    with store.session() as s:
        for (sid, fuid, ruid, etype, fld, kind, sval, sname, sat, cval, clogin, cname, cat,
             _seq, resolution, rby) in rows:
            c = s.scalar(select(m.SyncConflict).where(m.SyncConflict.server_id == sid))
            if c is None:
                c = m.SyncConflict(server_id=sid)
                s.add(c)
                if resolution is None and clogin == login:
                    result.new_conflicts += 1
            c.family_uid, c.record_uid, c.entity_type, c.field, c.kind = (
                fuid, ruid, etype, fld, kind)
            c.server_value, c.server_name = sval, sname or ""
            c.server_at = sat.isoformat() if sat else ""
            c.client_value, c.client_name = cval, cname or ""
            c.client_at = cat.isoformat() if cat else ""
            c.mine = clogin == login
            c.resolution, c.resolved_by = resolution, rby or ""


def _remove_gone(store: Store, conn: psycopg.Connection[Any], gone: dict[int, str],
                 waiting_fams: set[str], unsendable: set[str], result: SyncResult) -> None:
    """Families here that this login may no longer see leave the laptop, with their history,
    once nothing about them waits to be pushed."""
    for fid, fuid in gone.items():
        if fuid in waiting_fams or fuid in unsendable:
            result.kept_families += 1
            continue
        if not forget_family(store, fid, fuid):
            result.kept_families += 1  # something was changed meanwhile: sent first
            continue
        conn.execute("select safetymap.release(%s)", (fuid,))
        result.removed_families += 1


def forget_family(store: Store, family_id: int, family_uid: str) -> bool:
    """Remove a family from this laptop without leaving its contents anywhere here: its rows
    are deleted without being recorded as changes, and its changesets, changes, sync state
    and search entries go with it. The audit log keeps one line without a name. Returns
    False, removing nothing, when a change to it is waiting to be sent (made while the sync
    ran): it goes at a later sync, once that change has been pushed."""
    from ..store import history

    with store.session(command=SYNC_REMOVED) as s:
        _set_meta(s, "team.removing", family_uid)  # the write lock first, then the check
        s.flush()
        if family_uid in _unpushed(s)[2]:
            s.execute(delete(m.StoreMeta).where(m.StoreMeta.key == "team.removing"))
            return False
        s.execute(delete(m.StoreMeta).where(m.StoreMeta.key == "team.removing"))
        s.info["forget"] = True
        uids = {r.uid for r in s.scalars(select(m.SyncRecord).where(
            m.SyncRecord.family_uid == family_uid))}
        fam = s.get(m.Family, family_id)
        if fam is not None:
            uids.add(fam.uid)
            s.delete(fam)
            s.flush()
        cs_ids = set(s.scalars(select(m.Changeset.id).where(m.Changeset.family_id == family_id)))
        cs_ids |= set(s.scalars(select(m.Change.changeset_id).where(
            (m.Change.family_id == family_id) | m.Change.entity_uid.in_(uids))))
        ids = sorted(cs_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            s.execute(delete(m.Change).where(m.Change.changeset_id.in_(chunk)))
            s.execute(delete(m.Changeset).where(m.Changeset.id.in_(chunk)))
        if ids and ids[-1] > int(s.scalar(select(func.coalesce(func.max(m.Changeset.id), 0)))
                                 or 0):
            # a changeset id is never used twice (SQLite would reuse the highest): the push
            # sends what is after the last pushed id, so a reused one would never be sent
            s.add(m.Changeset(id=ids[-1], command=SYNC_REMOVED))
        if getattr(store, "burst", None) is not None:
            store.burst = None  # no autosave extends a changeset that is gone
        s.execute(delete(m.SyncRecord).where(m.SyncRecord.family_uid == family_uid))
        s.execute(delete(m.SyncConflict).where(m.SyncConflict.family_uid == family_uid))
        history.note(s, SYNC_REMOVED, summary="a family no longer allocated to this login")
    return True


# --- conflicts -------------------------------------------------------------------------------


@dataclass
class ConflictView:
    id: int
    family_uid: str
    family_name: str
    kind: str
    what: str            # the record and field in words
    mine: str            # this laptop's value in words
    theirs: str          # the other value in words
    mine_by: str
    mine_at: str
    theirs_by: str
    theirs_at: str
    can_both: bool
    raw_mine: Any
    raw_theirs: Any
    question: str = ""   # a held marking: what it would show, as a question


RELAX_QUESTIONS: dict[tuple[str, str], str] = {
    ("ContactDetail", "confidential"): "Someone took off \"not for the family's copy\", so "
    "this would print in the family's documents.",
    ("ContactDetail", "safe_to_share"): "Someone marked this safe to share, so it would print "
    "in the safe copy.",
    ("ContactDetail", "safe_for_children"): "Someone marked this safe for the children's copy, "
    "so it would print there.",
    ("Person", "confidential"): "Someone marked this person as no longer confidential, so they "
    "would be named in the family's documents.",
    ("Person", "details_confidential"): "Someone took off \"role and organisation not for the "
    "family's copy\", so they would print in the family's documents.",
    ("ChildRelation", "helper"): "Someone named this person as a helper, so they would be in "
    "the child's own copy.",
    ("SafetyCheckDecision", "decision"): "Someone changed a safety-check finding from \"leave "
    "out\" to \"fine\", so what it found would print.",
}


def _words(v: Any) -> str:
    if v is None:
        return "(removed)"
    if isinstance(v, dict) and "$added" in v:
        rest = {k: x for k, x in v.items() if k != "$added"}
        added = f"added {cs.kind_words(str(v['$added']))} to it"
        return added + ("; " + _words(rest) if rest else "")
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, dict):
        if set(v) == {"sha256", "bytes"}:
            return f"a picture ({v['bytes']} bytes)"
        return "; ".join(f"{k}: {_words(x)}" for k, x in v.items()
                         if k not in ("created_at",))[:400]
    if isinstance(v, list):
        return f"{len(v)} item{'s' if len(v) != 1 else ''}"
    return str(v)


BOOKKEEPING = frozenset({"author", "position", "created_at"})


def _record_words(entity_type: str, v: Any) -> str:
    """A whole record (or the fields an edit sent) in words: what a person wrote, not its
    references to other records (ids), its bookkeeping, or the fields left empty."""
    if not isinstance(v, dict):
        return _words(v)
    cls = wire.MODELS.get(entity_type)
    cols = wire.columns(cls) if cls is not None else {}
    kept = {k: x for k, x in v.items()
            if k == "$added" or (k not in BOOKKEEPING and x is not None and x != ""
                                 and not (k in cols and wire.fk_target(cols[k])))}
    return _words(kept) if kept else "(no details)"


def _record_label(s: Session, entity_type: str, uid: str, *values: Any) -> str:
    """A few words that say which record it is ("Kim", "Dad drinks when…"), as on screen;
    from `values` (the fields a conflict holds) when the record is not on this laptop."""
    cls = wire.MODELS.get(entity_type)
    if cls is None:
        return ""
    obj: Any = s.scalar(select(cls).where(cls.uid == uid))
    if obj is None:
        obj = next((SimpleNamespace(**{k: x for k, x in v.items() if isinstance(k, str)})
                    for v in values if isinstance(v, dict)), None)
    if obj is None:
        return ""
    for attr in ("name", "display_name", "text", "title", "value", "caption", "known_as"):
        v = getattr(obj, attr, None)
        if isinstance(v, str) and v.strip():
            v = " ".join(v.split())
            return "\u201c" + (v[:40] + "\u2026" if len(v) > 40 else v) + "\u201d"
    return ""


def open_conflicts(store: Store) -> list[ConflictView]:
    """What needs a person's decision on this laptop, oldest first."""
    out: list[ConflictView] = []
    with store.session() as s:
        names = {f.uid: f.display_name for f in s.scalars(select(m.Family))}
        for c in s.scalars(select(m.SyncConflict).where(m.SyncConflict.resolution.is_(None))
                           .order_by(m.SyncConflict.id)):
            if c.kind != "relax" and not c.mine:
                continue  # another worker's decision to make
            what = f"{cs.kind_words(c.entity_type)}"
            label = _record_label(s, c.entity_type, c.record_uid, c.client_value,
                                  c.server_value)
            if label:
                what += f" {label}"
            if c.field not in ("$deleted", "*"):
                what += f", {c.field.replace('_', ' ').replace('/', ': ')}"
            if c.kind == "relax":
                mine, theirs = _words(c.client_value), _words(c.server_value)
            elif c.kind == "edited_deleted":
                mine = "edited here: " + _record_words(c.entity_type, c.client_value)
                theirs = "(removed)"
            elif c.kind == "deleted_edited":
                mine = "(removed here)"
                theirs = "edited: " + _record_words(c.entity_type, c.server_value)
            else:
                mine, theirs = _words(c.client_value), _words(c.server_value)
            out.append(ConflictView(
                c.id, c.family_uid, names.get(c.family_uid, "a family"), c.kind, what,
                mine, theirs, c.client_name or "you", c.client_at, c.server_name or "someone",
                c.server_at, c.kind in ("field", "edited_deleted") and
                isinstance(c.server_value, str) and isinstance(c.client_value, str),
                c.client_value, c.server_value,
                (RELAX_QUESTIONS.get((c.entity_type, c.field), "Someone changed a marking, so "
                                     "this would be shown.") +
                 " Show it on this laptop? Until you say, it stays as it was here.")
                if c.kind == "relax" else ""))
    return out


def resolve(store: Store, conflict_id: int, keep: str, *, combined: Any = None,
            password: str | None = None) -> str:
    """Settle one conflict: keep "mine", "theirs", or "both" (the combined value; for text,
    both versions one after the other unless `combined` is given). Returns a sentence."""
    if keep not in ("mine", "theirs", "both"):
        raise TeamError("Choose mine, theirs or both.")
    with store.session() as s:
        c = s.get(m.SyncConflict, conflict_id)
        if c is None or c.resolution is not None:
            raise TeamError("There is no open conflict with that number; see "
                            "`safetymap conflicts`.")
        kind, sid = c.kind, c.server_id
        mine, theirs = c.client_value, c.server_value
    if kind == "relax":
        return _resolve_relax(store, conflict_id, keep, password)
    if keep == "both" and combined is None:
        if isinstance(mine, str) and isinstance(theirs, str):
            combined = f"{theirs}\n\n{mine}"
        else:
            raise TeamError("Only two texts can be combined; choose mine or theirs.")
    info = team_info(store)
    assert info is not None
    with server.session(info["url"], password, reuse=True) as conn:
        conn.execute("select safetymap.resolve(%s, %s, %s::jsonb)",
                     (sid, keep, None if combined is None else json.dumps(combined)))
        result = SyncResult()
        pull(store, conn, info["login"], result)
    return {"mine": "Kept your version", "theirs": "Kept the other version",
            "both": "Kept both, combined"}[keep] + "; it reaches the other laptops at their " \
        "next sync."


def _resolve_relax(store: Store, conflict_id: int, keep: str, password: str | None) -> str:
    """A held relaxation. "theirs" shows it here (a person confirmed it). "mine" keeps the
    marking here and sends it to the team as a change based on the relaxed revision, so it is
    marked everywhere again."""
    with store.session(command=SYNC_CONFIRM) as s:
        c = s.get(m.SyncConflict, conflict_id)
        assert c is not None
        cls = wire.MODELS[c.entity_type]
        obj = s.scalar(select(cls).where(cls.uid == c.record_uid))
        col = cls.__table__.columns[c.field]
        rec = s.get(m.SyncRecord, c.record_uid)
        fuid, uid, field_name, etype = c.family_uid, c.record_uid, c.field, c.entity_type
        rev, kept = int(c.server_rev or 0), c.client_value
        if keep in ("theirs", "both"):
            if obj is not None:
                setattr(obj, c.field, cs.from_json(col, c.server_value))
            if rec is not None:
                rec.revs = {**(rec.revs or {}), field_name: rev}
            c.resolution = "theirs"
            return "The change of marking is shown on this laptop now."
    info = team_info(store)
    assert info is not None
    change = {"uid": uid, "type": etype, "op": "update", "fields": {field_name: kept},
              "base": {field_name: rev}}
    op = hashlib.md5(f"relax.{conflict_id}.{uid}.{rev}".encode()).hexdigest()
    with server.session(info["url"], password, reuse=True) as conn:
        answer = _send(store, conn, op, fuid, SYNC_CONFIRM, datetime.now(UTC), [change], {})
    with store.session(command=SYNC_CONFIRM) as s:
        c = s.get(m.SyncConflict, conflict_id)
        assert c is not None
        c.resolution = "mine"
    if answer.get("conflicts"):
        return ("The marking is kept here. Someone changed it again on the team server "
                "meanwhile, so it is listed as a conflict to decide.")
    return "The marking is kept here and on the team server."
