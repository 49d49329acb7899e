"""The seal: what the store last committed, kept outside the database file.

SQLite keeps recent commits in the `-wal` file until a checkpoint copies them into the main file.
If the `-wal` is lost, cut short or damaged, SQLite opens the store without complaint at an older
state: every check inside the database still passes, because the older state is consistent. Only
something outside the database can say "more was committed than this".

* Inside the database, every write transaction (sessions, `engine.begin()`, migrations, bundle
  imports, the CLI: anything that goes through the store's engine) adds one to
  `store_meta['seal.commits']` in the same transaction, from a connection-level "commit" hook.
* After each commit, `<store>.seal` is rewritten atomically with that counter and the audit head
  (the newest audit entry's id and hash), MACed with HMAC-SHA256 under a key derived (HKDF) from
  the store key, so a random edit or another store's seal is detected.
* The audit head in the seal only moves forward from a head that is still there: when the entry
  it names is missing or different, the seal keeps naming it, so deleting audit rows together with
  the head rows in store_meta (even through Safety Map's own engine) cannot hide the deletion.

Opening and `safetymap check` compare the two (see `assess`). A loss found on opening is kept in
`Sealer.warnings` (the store's `integrity_warnings`) and, with the next commit, recorded in
`store_meta['seal.findings']` and in the seal itself, so carrying on never heals it silently:
`check` reports it until `accept_loss` (``safetymap check --accept-loss``) records in the audit log
that it was seen.
"""

from __future__ import annotations

import hmac
import json
import threading
import weakref
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from . import audit
from .atomic import atomic_write_bytes

SEAL_SUFFIX = ".seal"
SEAL_FORMAT = "safetymap-seal"
SEAL_VERSION = 1
HKDF_INFO = b"safetymap seal v1"
MAX_SEAL_BYTES = 64 * 1024
MAX_FINDINGS = 50

META_COMMITS = "seal.commits"
META_EXPECTED = "seal.expected"
META_FINDINGS = "seal.findings"

# Per DBAPI connection (Connection.info is the pool record's dict).
_INFO_START = "safetymap.seal.changes_at_begin"
_INFO_PENDING = "safetymap.seal.pending"
_INFO_REANCHOR = "safetymap.seal.reanchor"

_S = TypeVar("_S")

ACCEPT_HINT = ("Once you have dealt with this (put back a copy of the missing file if you have "
               "one), run 'safetymap check --accept-loss' to record it in the audit log and stop "
               "this warning.")


# --- sentences ---------------------------------------------------------------------------------

def lost_sentence(n: int) -> str:
    what = "the last change cannot be read" if n == 1 else f"the last {n} changes cannot be read"
    return (f"The store's recent changes file is missing or damaged; {what}. If an older copy "
            "of the store was put in its place, these are the changes made since that copy.")


def kept_sentence(folder: Path) -> str:
    return (f"A copy of the store and its recent changes file, exactly as they were found, is "
            f"kept in the folder “{folder.name}” beside it: keep it for whoever supports you.")


#: the files copied as found (the store, its -wal and -shm, the seal, the key settings)
_AS_FOUND = ("", "-wal", "-shm", SEAL_SUFFIX, ".kdf.json")


def keep_as_found(store_path: Path) -> Path | None:
    """Copy the store's files, byte for byte, into `<store>.as-found-<digest>/` (0700, files
    0600), once per distinct state: the digest covers the -wal and the seal as found. Returns the
    folder, or None if it could not be made (a full disk: the warning still stands)."""
    import hashlib
    import os
    import shutil

    files = [(store_path.with_name(store_path.name + suf), suf) for suf in _AS_FOUND]
    h = hashlib.sha256()
    for f, _suf in files:
        if f.name.endswith(("-wal", SEAL_SUFFIX)) and f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    h.update(str(store_path.stat().st_size).encode())
    folder = store_path.with_name(f"{store_path.name}.as-found-{h.hexdigest()[:12]}")
    if folder.is_dir():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(mode=0o700)
        for f, _suf in files:
            if f.is_file():
                dest = partial / f.name
                shutil.copyfile(f, dest)
                os.chmod(dest, 0o600)
                with open(dest, "rb") as fh:
                    os.fsync(fh.fileno())
        os.replace(partial, folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
        return None
    return folder


def missing_sentence(file: Path) -> str:
    return (f"The store's seal file ({file.name}) is missing, so Safety Map cannot confirm that "
            "the store's recent changes are all there.")


def damaged_sentence(file: Path) -> str:
    return (f"The store's seal file ({file.name}) is damaged or belongs to another store, so "
            "Safety Map cannot confirm that the store's recent changes are all there.")


# --- keys and the file -------------------------------------------------------------------------

def seal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SEAL_SUFFIX)


def derive_seal_key(store_key: Any) -> bytearray:
    """HKDF-SHA256(store key, info="safetymap seal v1"): a key for the seal's MAC only. Takes
    the raw key as bytes/bytearray, or a keys.DerivedKey (its `.raw` bytearray)."""
    raw = getattr(store_key, "raw", store_key)
    out = bytearray(HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                         info=HKDF_INFO).derive(raw))
    return out


def _wipe(buf: bytearray) -> None:
    buf[:] = bytes(len(buf))  # in place: the same buffer, now zeros


class SealInvalid(Exception):
    """The seal file is unreadable, has a bad MAC, or is not a seal."""


@dataclass(frozen=True)
class SealState:
    commits: int
    head_id: int
    head_hash: str
    findings: tuple[str, ...] = ()


def _body(state: SealState) -> dict[str, Any]:
    return {"format": SEAL_FORMAT, "version": SEAL_VERSION, "commits": state.commits,
            "audit_head": {"id": state.head_id, "hash": state.head_hash},
            "findings": list(state.findings)}


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def encode(state: SealState, key: bytearray) -> bytes:
    body = _body(state)
    body["mac"] = hmac.new(key, _canonical(body), sha256).hexdigest()
    return json.dumps(body, indent=1, sort_keys=True).encode() + b"\n"


def decode(data: bytes, key: bytearray) -> SealState:
    if len(data) > MAX_SEAL_BYTES:
        raise SealInvalid
    try:
        doc = json.loads(data.decode("utf-8"))
        mac = doc.pop("mac")
        if not isinstance(mac, str) or not hmac.compare_digest(
                mac, hmac.new(key, _canonical(doc), sha256).hexdigest()):
            raise SealInvalid
        if doc.get("format") != SEAL_FORMAT or doc.get("version") != SEAL_VERSION:
            raise SealInvalid
        head = doc["audit_head"]
        findings = tuple(str(f) for f in doc.get("findings", []))[:MAX_FINDINGS]
        state = SealState(int(doc["commits"]), int(head["id"]), str(head["hash"]), findings)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise SealInvalid from None
    if state.commits < 0 or state.head_id < 0:
        raise SealInvalid
    return state


def read_seal(file: Path, key: bytearray) -> SealState | None:
    """The seal, or None when there is no seal file. Raises SealInvalid."""
    try:
        with open(file, "rb") as fh:
            data = fh.read(MAX_SEAL_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError:
        raise SealInvalid from None
    return decode(data, key)


# --- what the database says --------------------------------------------------------------------

@dataclass(frozen=True)
class DbState:
    commits: int
    expected: bool
    findings: tuple[str, ...]
    max_id: int
    max_hash: str


def _meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(text("SELECT value FROM store_meta WHERE key = :k"), {"k": key}).first()
    return None if row is None else str(row[0])


def _findings_from(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    try:
        val = json.loads(raw)
        return tuple(str(f) for f in val)[:MAX_FINDINGS] if isinstance(val, list) else ()
    except ValueError:
        return ()


def read_db(conn: Connection) -> DbState:
    try:
        commits = int(_meta(conn, META_COMMITS) or 0)
    except ValueError:
        commits = -1  # not a number: never equal to a seal's counter
    last = conn.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    return DbState(commits, _meta(conn, META_EXPECTED) == "1",
                   _findings_from(_meta(conn, META_FINDINGS)),
                   0 if last is None else int(last[0]), "" if last is None else str(last[1]))


def anchor_problems(conn: Connection, seal: SealState, db: DbState) -> list[str]:
    """Is the audit entry the seal names still there, unchanged?"""
    sid = seal.head_id
    if sid == 0:
        return []
    row = conn.execute(text("SELECT hash FROM audit_log WHERE id = :i"), {"i": sid}).first()
    if row is None:
        if db.max_id == 0:
            return [f"All audit entries (#1 to #{sid}, as the seal records) are missing: they "
                    "were deleted, or lost with the store's recent changes."]
        if db.max_id < sid:
            return [f"Audit entries after #{db.max_id} (up to #{sid}, as the seal records) are "
                    "missing: they were deleted, or lost with the store's recent changes."]
        return [f"Audit entry #{sid}, the newest one the seal recorded, is missing."]
    if str(row[0]) != seal.head_hash:
        return [f"Audit entry #{sid}, the newest one the seal recorded, has been changed or "
                "replaced."]
    if db.commits == seal.commits and db.max_id > sid:
        return [f"Audit entries after #{sid} were added without Safety Map: the seal does not "
                "know them."]
    return []


def copy_state(conn: Connection, before: SealState | None,
               problems: tuple[str, ...] = ()) -> SealState:
    """The seal of an exact copy of a store (a backup, a restored store), from the copy's own
    database (`conn`): its commit counter, its audit head and its findings not yet accepted.

    `before` is the live store's seal as read *before* the copy was taken (read after, it could
    name commits the copy does not have). A loss it shows (fewer commits in the copy than it
    records) or an audit head that is gone or changed is carried into the copy's findings, with
    the head it names kept, as the live store's next commit would record them; `problems` adds
    sentences found about the live seal itself (missing, damaged). So a restored copy reports
    what the store reported, and a sound one opens with no warning."""
    db = read_db(conn)
    found: list[str] = list(db.findings)
    head = (db.max_id, db.max_hash)
    if before is not None:
        lost = [lost_sentence(before.commits - db.commits)] if db.commits < before.commits else []
        anchor = anchor_problems(conn, before, db)
        if lost or anchor:
            head = (before.head_id, before.head_hash)
        found += [*before.findings, *lost, *anchor]
    found += problems
    unique: list[str] = []
    for f in found:
        if f not in unique:
            unique.append(f)
    return SealState(max(db.commits, 0), head[0], head[1], tuple(unique[:MAX_FINDINGS]))


@dataclass
class Assessment:
    db: DbState
    seal: SealState | None
    status: str  # "ok", "missing", "unexpected-missing" (never sealed), "damaged"
    new: list[str] = field(default_factory=list)      # found now: loss, seal missing/damaged
    anchor: list[str] = field(default_factory=list)   # audit head problems (recomputed each time)
    recorded: list[str] = field(default_factory=list)  # found earlier, not yet accepted

    @property
    def problems(self) -> list[str]:
        out: list[str] = []
        for p in self.new + self.anchor + self.recorded:
            if p not in out:
                out.append(p)
        return out


def assess(conn: Connection, file: Path, key: bytearray) -> Assessment:
    db = read_db(conn)
    try:
        seal = read_seal(file, key)
        status = "ok" if seal is not None else ("missing" if db.expected else
                                                "unexpected-missing")
    except SealInvalid:
        seal, status = None, "damaged"
    a = Assessment(db, seal, status)
    if status == "missing":
        a.new.append(missing_sentence(file))
    elif status == "damaged":
        a.new.append(damaged_sentence(file))
    if seal is not None:
        if db.commits < seal.commits:
            a.new.append(lost_sentence(seal.commits - db.commits))
        a.anchor = anchor_problems(conn, seal, db)
    for f in db.findings + (seal.findings if seal else ()):
        if f not in a.recorded and f not in a.new:
            a.recorded.append(f)
    return a


# --- the sealer: hooks on the store's engine ---------------------------------------------------

class Sealer:
    """Counts commits, writes the seal after each one, and remembers unaccepted findings."""

    def __init__(self, store_path: Path, key: bytearray) -> None:
        self.store_path = store_path
        self.file = seal_path(store_path)
        self._key = key
        self._finalizer = weakref.finalize(self, _wipe, key)
        self._lock = threading.Lock()
        self._written = -1                 # counter in the seal file this process last wrote
        self._anchor: tuple[int, str] = (0, "")
        self._findings: list[str] = []     # unaccepted findings, recorded or new
        self._record = False               # findings to write into store_meta with next commit
        self._expected_recorded = False
        self._closed = False
        self.warnings: list[str] = []
        self.write_failed = False
        self._opened: Assessment | None = None

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def attach(cls, store_path: Path, engine: Engine, store_key: bytes | bytearray) -> Sealer:
        """Compare the store with its seal, then count and seal every later commit."""
        s = cls(store_path, derive_seal_key(store_key))
        with engine.connect() as conn:
            a = assess(conn, s.file, s._key)
        s.warnings = a.problems
        if a.new:
            # SQLite itself checkpoints and deletes the -wal when the store closes, so the damaged
            # file would be gone by the time anyone looked: keep the files as they were found.
            kept = keep_as_found(store_path)
            if kept is not None:
                s.warnings.append(kept_sentence(kept))
        s._findings = [f for f in a.recorded + a.new if f not in a.anchor]
        s._record = any(f not in a.db.findings for f in s._findings)
        s._expected_recorded = a.db.expected
        if a.seal is not None:
            intact = not a.anchor and a.db.commits >= a.seal.commits
            s._anchor = (a.db.max_id, a.db.max_hash) if intact else (a.seal.head_id,
                                                                      a.seal.head_hash)
            s._written = min(a.db.commits, a.seal.commits)
        else:
            s._anchor = (a.db.max_id, a.db.max_hash)
        s._install(engine)
        s._opened = a
        return s

    def bind(self, store: _S) -> _S:
        """Hand the findings to the store; seal a store that has no seal yet. Called once the
        store is open (after any migration), so opening writes nothing before the backup."""
        a, self._opened = self._opened, None
        if a is not None and not a.problems:
            if a.seal is None and self._written < 0:
                # A new store, or one made before seals: seal it now (this write is counted).
                with store.engine.begin() as conn:  # type: ignore[attr-defined]
                    conn.execute(text(
                        "INSERT INTO store_meta(key, value) VALUES (:k, '1') "
                        "ON CONFLICT(key) DO UPDATE SET value = '1'"), {"k": META_EXPECTED})
            elif a.seal is not None and a.db.commits > a.seal.commits:
                # Committed, then stopped before the seal was written: seal what is there.
                self._write(SealState(a.db.commits, a.db.max_id, a.db.max_hash,
                                      tuple(self._findings)))
        store.seal = self  # type: ignore[attr-defined]
        store.integrity_warnings = list(self.warnings)  # type: ignore[attr-defined]
        return store

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._finalizer()  # zeroes the seal key

    # -- hooks -----------------------------------------------------------------------------------

    def _install(self, engine: Engine) -> None:
        event.listen(engine, "begin", self._on_begin)
        event.listen(engine, "commit", self._on_commit)
        event.listen(engine, "rollback", self._on_rollback)
        event.listen(engine.pool, "checkin", self._on_checkin)

    def _on_begin(self, conn: Connection) -> None:
        info = conn.info
        dbapi = conn.connection.dbapi_connection
        self._flush(info, dbapi)
        info.pop(audit.APPENDED_INFO, None)
        info[_INFO_START] = dbapi.total_changes  # type: ignore[union-attr]

    def _on_rollback(self, conn: Connection) -> None:
        for k in (_INFO_START, audit.APPENDED_INFO, _INFO_REANCHOR):
            conn.info.pop(k, None)

    def _on_checkin(self, dbapi: Any, record: Any) -> None:
        self._flush(record.info, dbapi)

    def _on_commit(self, conn: Connection) -> None:
        """Runs inside the transaction, just before COMMIT: count it if it wrote anything."""
        info = conn.info
        start = info.pop(_INFO_START, None)
        appended = info.pop(audit.APPENDED_INFO, False)
        reanchor = info.pop(_INFO_REANCHOR, False)
        dbapi = conn.connection.dbapi_connection
        if start is None or dbapi.total_changes == start:  # type: ignore[union-attr]
            return
        with self._lock:
            anchor, findings = self._anchor, list(self._findings)
            record, expected = self._record, self._expected_recorded
        cur = dbapi.cursor()  # type: ignore[union-attr]
        try:
            cur.execute("INSERT INTO store_meta(key, value) VALUES (?, '1') ON CONFLICT(key) "
                        "DO UPDATE SET value = CAST(value AS INTEGER) + 1", (META_COMMITS,))
            commits = int(cur.execute("SELECT value FROM store_meta WHERE key = ?",
                                      (META_COMMITS,)).fetchone()[0])
            if not expected:
                cur.execute("INSERT INTO store_meta(key, value) VALUES (?, '1') "
                            "ON CONFLICT(key) DO UPDATE SET value = '1'", (META_EXPECTED,))
            if record:
                if findings:
                    cur.execute("INSERT INTO store_meta(key, value) VALUES (?, ?) ON CONFLICT"
                                "(key) DO UPDATE SET value = excluded.value",
                                (META_FINDINGS, json.dumps(findings)))
                else:
                    cur.execute("DELETE FROM store_meta WHERE key = ?", (META_FINDINGS,))
            head = anchor
            if appended or reanchor:
                last = cur.execute(
                    "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
                if last is not None:
                    new = (int(last[0]), str(last[1]))
                    if reanchor or anchor[0] == 0:
                        head = new
                    elif new[0] >= anchor[0]:
                        row = cur.execute("SELECT hash FROM audit_log WHERE id = ?",
                                          (anchor[0],)).fetchone()
                        if row is not None and str(row[0]) == anchor[1]:
                            head = new  # the chain still runs through the sealed head
        finally:
            cur.close()
        info[_INFO_PENDING] = (commits, head, tuple(findings), record, True)

    def _flush(self, info: dict[Any, Any], dbapi: Any) -> None:
        """After a commit: write the seal, if that commit really happened."""
        pending = info.pop(_INFO_PENDING, None)
        if pending is None:
            return
        commits, head, findings, record, expected = pending
        try:
            cur = dbapi.cursor()
            try:
                row = cur.execute("SELECT value FROM store_meta WHERE key = ?",
                                  (META_COMMITS,)).fetchone()
            finally:
                cur.close()
            if row is None or int(row[0]) < commits:
                return  # the COMMIT failed: nothing to seal
        except Exception:  # noqa: BLE001 - a closed connection: the next open reseals
            return
        with self._lock:
            if self._closed or commits <= self._written:
                return
            if record:
                self._record = False
            if expected:
                self._expected_recorded = True
            self._anchor = head
            self._write_locked(SealState(commits, head[0], head[1], findings))

    def _write(self, state: SealState) -> None:
        with self._lock:
            if not self._closed and state.commits > self._written:
                self._write_locked(state)

    def _write_locked(self, state: SealState) -> None:
        try:
            atomic_write_bytes(self.file, encode(state, self._key))
        except OSError:
            # The commit stands; the seal is behind, which the next open treats as a crash
            # between commit and seal (nothing lost) and reseals.
            self.write_failed = True
            return
        self._written = state.commits
        self.write_failed = False

    # -- check and accept ------------------------------------------------------------------------

    def assess(self, conn: Connection) -> Assessment:
        a = assess(conn, self.file, self._key)
        with self._lock:
            for f in self._findings:
                if f not in a.recorded and f not in a.new and f not in a.anchor:
                    a.recorded.append(f)
        return a

    def accept(self, engine: Engine, actor: str) -> list[str]:
        """Record in the audit log that the findings were seen, and seal the store as it is
        now. Returns what was accepted (empty: there was nothing to accept, nothing changed)."""
        with engine.connect() as conn:
            accepted = self.assess(conn).problems
        if not accepted:
            return []
        with self._lock:
            saved = (list(self._findings), self._record)
            self._findings, self._record = [], True
        try:
            with engine.begin() as conn:
                conn.info[_INFO_REANCHOR] = True
                audit.append(conn, actor=actor, action="accept_loss", entity_type="Store",
                             summary=" ".join(accepted)[:2000])
        except BaseException:
            with self._lock:
                self._findings, self._record = saved
            raise
        return accepted


def release(store: Any) -> None:
    """Zero the store's seal key (called from Store.close)."""
    sealer = getattr(store, "seal", None)
    if isinstance(sealer, Sealer):
        sealer.close()


def accept_loss(store: Any) -> list[str]:
    sealer = getattr(store, "seal", None)
    if not isinstance(sealer, Sealer):
        return []
    accepted = sealer.accept(store.engine, store.actor)
    if accepted:
        sealer.warnings = []
        store.integrity_warnings = []
    return accepted
