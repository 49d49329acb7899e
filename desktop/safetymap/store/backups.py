"""Backups: verified, encrypted copies of the store in a folder the worker chooses.

A backup is three files side by side, all named after the database file:

* `safetymap-backup-YYYYMMDDTHHMMSSZ-<id8>.db`: a consistent copy of the store made with
  SQLite's online backup API, encrypted with the store's own master key and salt (so its first
  16 bytes equal the store's). The time is UTC. `<id8>` is the first 8 hex digits of the key
  file's master-key check: it tells one caseload's backups from another's and says nothing
  about any family (never a family's name, never the store's own file name);
* `<that name>.kdf.json`: the store's key file, byte for byte (the same slots: the passphrase
  and the recovery key open the backup as they open the store);
* `<that name>.seal`: a seal for the copy, computed from the copy's own commit counter and audit
  head and MACed with the seal key derived from the master key, so a restored copy opens with no
  "seal missing" warning.

Each backup is written as `<name>.partial`, synced to disk and verified (a fresh read-only
connection: `PRAGMA cipher_integrity_check` finds no page failing its HMAC, `PRAGMA
integrity_check` says ok, the page count matches the file size, the families can be counted and
the schema revision read); then the key file and the seal are written beside it (atomically),
and only then does the copy take its final name. So a file with the final name is always a
whole, verified copy, whatever moment the process is killed at.

Every backup run also brings every earlier backup of the same store in that folder up to date
with the live key file (copied over their `.kdf.json`): after a passphrase change, or a new
recovery key, the new one opens the older backups too and the old one no longer does.

Rotation (`prune`) keeps the newest backup of each of the 7 most recent days that have backups,
then the newest of each of the 4 most recent ISO weeks not already covered by those (a week whose
newest copy is already kept does not count), and deletes the rest: only files that match the
name pattern exactly, with this store's id8, and never the backup just made.

Qt-free; no case data is read except to count families.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import StaticPool

from . import engine, keys, keyslots, seal
from .atomic import _fsync_dir, atomic_write_bytes
from .errors import (
    DiskFull,
    KeySettingsDamaged,
    StoreDamaged,
    StoreError,
    StoreExists,
    WrongPassphrase,
)
from .lock import StoreLock

PREFIX = "safetymap-backup-"
SUFFIX = ".db"
PARTIAL = ".partial"
NAME_RE = re.compile(r"safetymap-backup-(\d{8}T\d{6}Z)-([0-9a-f]{8})\.db")
STAMP = "%Y%m%dT%H%M%SZ"
_ATOMIC_TEMP_RE = re.compile(r"\.(safetymap-backup-\d{8}T\d{6}Z-[0-9a-f]{8}\.db)"
                             r"(?:\.kdf\.json|\.seal)\.[A-Za-z0-9_]+\.partial")
KEEP_DAILY = 7
KEEP_WEEKLY = 4
#: what SQLite may leave beside a database being written (a hot journal after a kill)
_SQLITE_TAILS = ("", "-journal", "-wal", "-shm")


class BackupOfAnotherStore(StoreError):
    """The backup's key file does not belong to the key it was checked with."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # UTC, aware: from the name (a file named otherwise: its change time)
    size_bytes: int
    id8: str
    families: int | None = None  # None: not opened
    ok: bool | None = None  # None: not checked (no key given)
    problem: str = ""  # why it is not ok, one sentence
    revision: str | None = None
    other_store: bool = False  # a backup of another store: not opened
    #: sentences about the backup that do not stop a restore (its seal file missing or damaged)
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class RestoreInfo:
    path: Path
    families: int
    replaced_kept_as: Path | None  # the store that was at `to` before, moved aside (kept)


# -- names ----------------------------------------------------------------------------------------

def id8_of(kf: keyslots.KeyFile) -> str:
    return kf.master_check[:8]


def backup_name(taken_at: datetime, id8: str) -> str:
    return f"{PREFIX}{taken_at.astimezone(UTC).strftime(STAMP)}-{id8}{SUFFIX}"


def parse_name(name: str) -> tuple[datetime, str] | None:
    """(when, id8) of a backup's file name, or None for any other name."""
    found = NAME_RE.fullmatch(name)
    if found is None:
        return None
    try:
        when = datetime.strptime(found.group(1), STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None  # 20261399T...: not a name this module wrote
    return when, found.group(2)


def companions(path: Path) -> list[Path]:
    """A backup's files: the database, its key file and its seal."""
    return [path, keys.sidecar_path(path), seal.seal_path(path)]


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _backups_in(folder: Path, id8: str | None = None) -> list[tuple[datetime, Path]]:
    out = []
    for entry in os.scandir(folder):
        parsed = parse_name(entry.name)
        if parsed is None or (id8 is not None and parsed[1] != id8):
            continue
        if entry.is_file(follow_symlinks=False):
            out.append((parsed[0], folder / entry.name))
    out.sort(key=lambda t: (t[0], t[1].name), reverse=True)
    return out


# -- sentences ------------------------------------------------------------------------------------

def _folder_problem(folder: Path, exc: BaseException | None = None) -> StoreError:
    name = folder.name or str(folder)
    if exc is not None and engine.is_disk_full(exc, folder if folder.is_dir() else None):
        return DiskFull(f"The backup folder “{name}” is full, so no backup was made; the store "
                        "itself is fine and nothing in it has changed. Free some space there "
                        "(or choose another folder), then back up again.")
    if not folder.exists():
        return StoreError(f"The backup folder “{name}” is not there (a USB stick or network "
                          "share that is not connected?), so no backup was made; the store "
                          "itself is fine. Connect it, or choose another folder.")
    if not folder.is_dir():
        return StoreError(f"“{name}” is a file, not a folder, so no backup was made; the store "
                          "itself is fine. Choose a folder for the backups.")
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError)
                                            and exc.errno in (errno.EACCES, errno.EPERM,
                                                              errno.EROFS)) \
            or (exc is None and not os.access(folder, os.W_OK | os.X_OK)):
        return StoreError(f"Safety Map is not allowed to write in the backup folder “{name}”, "
                          "so no backup was made; the store itself is fine. Choose another "
                          "folder, or ask for permission to write there.")
    reason = (getattr(exc, "strerror", None) or "the system refused").rstrip(".")
    return StoreError(f"The backup could not be written to the folder “{name}” ({reason}), so "
                      "no backup was made; the store itself is fine. Try again, or choose "
                      "another folder.")


def check_folder(folder: Path) -> None:
    """Raise a StoreError sentence unless `folder` is there, a folder, and writable."""
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise _folder_problem(folder)


def _damaged(path: Path, what: str) -> StoreDamaged:
    return StoreDamaged(f"The backup {path.name} is damaged ({what}), so it cannot be "
                        "trusted and has not been used; nothing has been changed. Choose "
                        "another backup.")


# -- reading a copy -------------------------------------------------------------------------------

@contextlib.contextmanager
def _read_only(path: Path, master: keys.DerivedKey) -> Iterator[Connection]:
    """A SQLAlchemy connection over a fresh read-only (`immutable=1`) keyed connection: SQLite
    writes nothing beside the file, not even a -wal."""
    raw = engine.connect_with_master(path, master, readonly=True)
    eng = create_engine("sqlite://", module=engine._sqlcipher(), creator=lambda: raw,
                        poolclass=StaticPool)
    try:
        with eng.connect() as conn:
            yield conn
    finally:
        eng.dispose()
        raw.close()


def _check_open(conn: Connection, path: Path) -> tuple[int, str | None]:
    """Families and schema revision of an open copy, after every integrity check. Raises
    StoreDamaged (a sentence) for anything wrong."""
    from ..domain import model as m

    try:
        bad = conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
        if bad:
            raise _damaged(path, f"{len(bad)} of its pages fail their check"
                           if len(bad) > 1 else "one of its pages fails its check")
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
        if pages * engine.PAGE_SIZE != path.stat().st_size:
            raise _damaged(path, "it is cut short or has pages added")
        result = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise _damaged(path, "its database structure does not check out")
        fmt = conn.execute(text("SELECT value FROM store_meta WHERE key = 'format'")).scalar()
        if not fmt or not str(fmt).startswith(keys.FORMAT_NAME):
            raise _damaged(path, "it is not a Safety Map store")
        families = int(conn.execute(text(
            f"SELECT count(*) FROM {m.Family.__tablename__}")).scalar() or 0)
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except StoreDamaged:
        raise
    except Exception as exc:
        if engine.is_disk_full(exc):
            raise
        msg = str(getattr(exc, "orig", None) or exc).lower()
        what = ("its pages cannot be read with its key" if "not a database" in msg
                else "it is cut short, or its pages do not fit together" if "malformed" in msg
                else "its database cannot be read")
        raise _damaged(path, what) from None
    return families, (str(revision) if revision is not None else None)


def _known_revision(revision: str | None) -> bool:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    if revision is None:
        return False
    cfg = Config()
    cfg.set_main_option("script_location", str(engine.MIGRATIONS_DIR))
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic: an unknown revision
        return False


def _read_key_file(path: Path) -> tuple[keyslots.KeyFile, bytes]:
    """A backup's key file (parsed, and its exact bytes). A StoreDamaged sentence for a key
    file that is missing, from before key slots, or damaged."""
    side = keys.sidecar_path(path)
    try:
        data = keys._read_capped(side)
    except keys._Reason:
        data = b""
    if data is None:
        raise StoreDamaged(f"The key file of the backup {path.name} ({side.name}) is missing, so "
                           "the backup cannot be opened; nothing has been changed. Put the key "
                           "file back beside it (it is copied with every backup), or choose "
                           "another backup.")
    try:
        doc = keys._decode(data)
        if doc.get("format") != keys.FORMAT_NAME \
                or doc.get("format_version") != keyslots.FORMAT_VERSION:
            raise keys._Reason("it is from a version of Safety Map before key slots")
        return keyslots.parse(doc), data
    except keys._Reason as r:
        raise KeySettingsDamaged(f"The key file of the backup {path.name} ({side.name}) cannot "
                                 f"be used: {r}. Nothing has been changed; choose another "
                                 "backup.") from None


def _precheck(path: Path) -> None:
    if not path.exists():
        raise StoreError(f"There is no backup at {path.name}; nothing has been changed.")
    if not path.is_file():
        raise StoreError(f"{path.name} is not a backup file; nothing has been changed.")
    size = path.stat().st_size
    if size == 0:
        raise _damaged(path, "it is empty")
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head == engine.SQLITE_MAGIC:
        raise StoreError(f"{path.name} is an unencrypted SQLite database, not a Safety Map "
                         "backup; nothing has been changed.")
    if size % engine.PAGE_SIZE:
        raise _damaged(path, "it is cut short")


def _seal_notes(conn: Connection, path: Path, master: keys.DerivedKey) -> tuple[str, ...]:
    """Sentences about the backup's seal that do not stop a restore (the copy itself checked
    out): missing, damaged, or not matching the database beside it."""
    key = seal.derive_seal_key(master.raw)
    try:
        try:
            sealed = seal.read_seal(seal.seal_path(path), key)
        except seal.SealInvalid:
            return (f"The seal file of the backup {path.name} is damaged; the backup itself "
                    "checks out.",)
        if sealed is None:
            return (f"The backup {path.name} has no seal file; the backup itself checks out.",)
        db = seal.read_db(conn)
        if db.commits != sealed.commits or seal.anchor_problems(conn, sealed, db):
            return (f"The backup {path.name} does not match its seal file (the database or the "
                    "seal was replaced by another one); the backup itself checks out.",)
        return ()
    finally:
        key[:] = bytes(len(key))


def _info(path: Path, id8: str, **kw: Any) -> BackupInfo:
    parsed = parse_name(path.name)
    try:
        st = path.stat()
        size, mtime = st.st_size, st.st_mtime
    except OSError:
        size, mtime = 0, 0.0
    when = parsed[0] if parsed else datetime.fromtimestamp(mtime, UTC).replace(microsecond=0)
    return BackupInfo(path=path, taken_at=when, size_bytes=size, id8=id8, **kw)


def verify(path: Path | str, master: keys.DerivedKey) -> BackupInfo:
    """Check a backup completely with `master` (read-only: nothing is written). Raises
    StoreDamaged for a damaged backup (a flipped byte, cut short, a missing or damaged key
    file), BackupOfAnotherStore for one whose key file is another store's."""
    path = Path(path)
    _precheck(path)
    kf, _data = _read_key_file(path)
    if not kf.checks_out(master):
        raise BackupOfAnotherStore(f"The backup {path.name} is a backup of another store, so it "
                                   "was not opened; nothing has been changed.")
    with open(path, "rb") as fh:
        if fh.read(keys.SALT_BYTES) != kf.store_salt:
            raise _damaged(path, "its first bytes do not match its key file")
    with _read_only(path, master) as conn:
        families, revision = _check_open(conn, path)
        notes = _seal_notes(conn, path, master)
    return _info(path, id8_of(kf), families=families, ok=True, revision=revision,
                 notes=notes)


def count_families(path: Path | str, master: keys.DerivedKey) -> int | None:
    """How many families the store (or backup) at `path` holds, read-only with `master`; None
    when its key file is not this key's or it cannot be read."""
    path = Path(path)
    try:
        kf, _ = _read_key_file(path)
        if not kf.checks_out(master):
            return None
        with _read_only(path, master) as conn:
            from ..domain import model as m

            return int(conn.execute(text(
                f"SELECT count(*) FROM {m.Family.__tablename__}")).scalar() or 0)
    except Exception:  # noqa: BLE001 - a description only: "could not be counted"
        return None


# -- listing --------------------------------------------------------------------------------------

def list_backups(folder: Path | str, master: keys.DerivedKey | None = None) -> list[BackupInfo]:
    """The backups in `folder` (any store's), newest first. With `master`, each backup of that
    key's store is verified (read-only) and counted; a backup of another store is marked as
    such and not opened."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _folder_problem(folder)
    out: list[BackupInfo] = []
    for _when, path in _backups_in(folder):
        id8 = parse_name(path.name)[1]  # type: ignore[index]  # listed: it parses
        if master is None:
            out.append(_info(path, id8))
            continue
        try:
            out.append(verify(path, master))
        except BackupOfAnotherStore as exc:
            out.append(_info(path, id8, ok=False, other_store=True, problem=str(exc)))
        except StoreError as exc:
            out.append(_info(path, id8, ok=False, problem=str(exc)))
        except OSError as exc:
            reason = (exc.strerror or "the system refused").rstrip(".")
            out.append(_info(path, id8, ok=False,
                             problem=f"The backup {path.name} could not be read ({reason})."))
    return out


def list_backups_unlocked(folder: Path | str, *, passphrase: str | None = None,
                          recovery_key: str | None = None) -> list[BackupInfo]:
    """The backups in `folder`, newest first, each verified with the key its own key file gives
    for `passphrase` (or `recovery_key`), with no store open. A key file is unlocked once for
    all the backups that share it byte for byte (one store's, brought up to date by each
    backup), so a folder of one store's backups costs one key derivation."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _folder_problem(folder)
    masters: dict[bytes, keys.DerivedKey | str] = {}
    out: list[BackupInfo] = []
    try:
        for _when, path in _backups_in(folder):
            id8 = parse_name(path.name)[1]  # type: ignore[index]  # listed: it parses
            try:
                _precheck(path)
                _kf, data = _read_key_file(path)
                if data not in masters:
                    try:
                        masters[data] = _unlock(path, passphrase, recovery_key)
                    except StoreDamaged as exc:
                        out.append(_info(path, id8, ok=False, problem=str(exc)))
                        continue
                    except StoreError:
                        masters[data] = (f"The backup {path.name} does not open with that "
                                         f"{'recovery key' if recovery_key else 'passphrase'} "
                                         "(it may be another store's); it was not opened.")
                got = masters[data]
                if isinstance(got, str):
                    out.append(_info(path, id8, ok=False, other_store=True, problem=got))
                else:
                    out.append(verify(path, got))
            except StoreError as exc:
                out.append(_info(path, id8, ok=False, problem=str(exc)))
            except OSError as exc:
                reason = (exc.strerror or "the system refused").rstrip(".")
                out.append(_info(path, id8, ok=False,
                                 problem=f"The backup {path.name} could not be read ({reason})."))
    finally:
        for got in masters.values():
            if isinstance(got, keys.DerivedKey):
                got.wipe()
    return out


# -- making a backup ------------------------------------------------------------------------------

def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_partial(partial: Path) -> None:
    for tail in _SQLITE_TAILS:
        _unlink_quietly(Path(str(partial) + tail))


def _remove_leftovers(folder: Path, id8: str) -> None:
    """What a killed run of this store's backup can leave: `<name>.partial` (and SQLite's
    journal beside it), and a key file or seal whose backup never took its name."""
    for entry in os.scandir(folder):
        name = entry.name
        if not entry.is_file(follow_symlinks=False):
            continue
        for tail in _SQLITE_TAILS:
            stem = name[:len(name) - len(tail)] if tail and name.endswith(tail) else name
            if stem.endswith(PARTIAL):
                parsed = parse_name(stem[:-len(PARTIAL)])
                if parsed is not None and parsed[1] == id8:
                    _unlink_quietly(folder / name)
                break
        temp = _ATOMIC_TEMP_RE.fullmatch(name)  # atomic_write_bytes' temp file, cut short
        if temp is not None:
            parsed = parse_name(temp.group(1))
            if parsed is not None and parsed[1] == id8:
                _unlink_quietly(folder / name)
            continue
        for suffix in (keys.SIDECAR_SUFFIX, seal.SEAL_SUFFIX):
            if name.endswith(suffix):
                db = name[:-len(suffix)]
                parsed = parse_name(db)
                if parsed is not None and parsed[1] == id8 and not (folder / db).exists():
                    _unlink_quietly(folder / name)


def _free_name(folder: Path, taken: datetime, id8: str) -> Path:
    """The backup's name; a second backup within the same second takes the next free second."""
    for _ in range(120):
        final = folder / backup_name(taken, id8)
        if not any(os.path.lexists(p) for p in companions(final)) \
                and not os.path.lexists(str(final) + PARTIAL):
            return final
        taken += timedelta(seconds=1)
    raise StoreError("Too many backups were made in the same minute; nothing more was backed "
                     "up. Try again in a minute.")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _copy_database(src: Any, dest: Path, master: keys.DerivedKey, salt: bytes) -> None:
    """SQLite's online backup API from the open connection `src` into a new file at `dest`
    keyed with the same master key and salt; then fsynced."""
    dst = engine.connect_with_master(dest, master, create_with_salt=salt)
    try:
        src.backup(dst)
    finally:
        dst.close()
    _fsync_file(dest)


def _live_seal(store_path: Path, key: bytearray) -> tuple[seal.SealState | None, str]:
    file = seal.seal_path(store_path)
    try:
        return seal.read_seal(file, key), ""
    except seal.SealInvalid:
        return None, seal.damaged_sentence(file)


def _copy_seal(conn: Connection, before: seal.SealState | None, problem: str,
               live_file: Path) -> seal.SealState:
    problems: tuple[str, ...] = (problem,) if problem else ()
    if before is None and not problem and seal.read_db(conn).expected:
        problems = (seal.missing_sentence(live_file),)
    return seal.copy_state(conn, before, problems)


def back_up(store: engine.Store, folder: Path | str, now: datetime | None = None) -> BackupInfo:
    """Back the open store up into `folder`: a verified copy with its key file and its seal,
    named `safetymap-backup-<UTC time>-<id8>.db`. Then every earlier backup of this store in
    the folder gets the live key file (so a changed passphrase opens them too). Returns the new
    backup, verified. A missing, unwritable or full folder is a StoreError sentence (DiskFull
    for a full one) and leaves no partial file; the store itself is never written."""
    folder = Path(folder)
    check_folder(folder)
    if _same_folder(folder, store.path.parent):
        # A copy beside the store is lost with the laptop, and the rotation and tidying of this
        # folder must never come near the store's own files (a store opened from inside its
        # backup folder would otherwise be pruned while open).
        raise StoreError("The backup folder is the folder the store itself is in, so no backup "
                         "was made; nothing has been changed. Choose a folder on another disk, "
                         "a USB stick or a network share.")
    master = store.master_key()
    kf, raw_key_file = _live_key_file(store.path)
    if not kf.checks_out(master):
        raise KeySettingsDamaged("The store's key file no longer matches the open store, so no "
                                 "backup was made; nothing has been changed.")
    id8 = id8_of(kf)
    taken = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    seal_key = seal.derive_seal_key(master.raw)
    final: Path | None = None
    partial: Path | None = None
    try:
        _remove_leftovers(folder, id8)
        final = _free_name(folder, taken, id8)
        partial = final.with_name(final.name + PARTIAL)
        before, problem = _live_seal(store.path, seal_key)  # before the copy: see copy_state
        src = store.connect_dbapi()
        try:
            _copy_database(src, partial, master, kf.store_salt)
        finally:
            src.close()
        with _read_only(partial, master) as conn:
            families, revision = _check_open(conn, partial)
            state = _copy_seal(conn, before, problem, seal.seal_path(store.path))
        atomic_write_bytes(keys.sidecar_path(final), raw_key_file)
        atomic_write_bytes(seal.seal_path(final), seal.encode(state, seal_key))
        os.replace(partial, final)
        _fsync_dir(folder)
    except BaseException as exc:
        if partial is not None:
            _remove_partial(partial)
        if final is not None and not final.exists():
            for f in companions(final)[1:]:
                _unlink_quietly(f)
        if isinstance(exc, StoreDamaged) and partial is not None:
            raise _copy_failed(store, folder) from None
        if isinstance(exc, DiskFull | OSError) or (
                isinstance(exc, Exception) and engine.is_disk_full(exc, folder)):
            raise _folder_problem(folder, exc) from None
        if isinstance(exc, StoreError):
            raise
        if isinstance(exc, Exception):
            raise StoreError("The backup could not be made: reading the store or writing the "
                             "copy failed, so it was not kept; the store has not been changed. "
                             "Run 'safetymap check' to check the store, or try another "
                             "folder.") from None
        raise
    finally:
        seal_key[:] = bytes(len(seal_key))
    failed = refresh_key_files(folder, id8, kf, raw_key_file)
    notes = tuple(f"The key file of the earlier backup {p.name} could not be brought up to "
                  "date, so it still opens only with the passphrase it had." for p in failed)
    return _info(final, id8, families=families, ok=True, revision=revision, notes=notes)


def _live_key_file(store_path: Path) -> tuple[keyslots.KeyFile, bytes]:
    """The open store's key file, parsed from the very bytes that are copied."""
    try:
        data = keys._read_capped(keys.sidecar_path(store_path))
        if data is None:
            raise keys._Reason("it is missing")
        doc = keys._decode(data)
        if doc.get("format_version") != keyslots.FORMAT_VERSION:
            raise keys._Reason("it is from an older version")
        return keyslots.parse(doc), data
    except keys._Reason as r:
        raise KeySettingsDamaged(f"The store's key file cannot be copied ({r}), so no backup "
                                 "was made; nothing has been changed. Close the store and open "
                                 "it again, then back up.") from None


def _copy_failed(store: engine.Store, folder: Path) -> StoreError:
    """The copy did not read back: say whether the store itself checks out."""
    sound = True
    try:
        raw = store.connect_dbapi()
        try:
            sound = [str(r[0]) for r in raw.execute("PRAGMA quick_check").fetchall()] == ["ok"] \
                and not raw.execute("PRAGMA cipher_integrity_check").fetchall()
        finally:
            raw.close()
    except Exception:  # noqa: BLE001 - then the store cannot be read either
        sound = False
    if not sound:
        return StoreDamaged("The backup was not kept because the store itself does not check "
                            "out: some of its pages cannot be read. Run 'safetymap check', and "
                            "keep your earlier backups.")
    return StoreError(f"The copy written to the backup folder “{folder.name}” did not read back "
                      "correctly, so it was deleted; the store itself is fine. The disk that "
                      "folder is on may be failing: choose another folder.")


def refresh_key_files(folder: Path, id8: str, kf: keyslots.KeyFile, raw: bytes) -> list[Path]:
    """Give every backup of this store in `folder` the live key file (`raw`, byte for byte).
    A backup counts as this store's when its name has this id8 and its first 16 bytes are the
    store's salt (and its key file, if readable, records the same master-key check). Returns
    the backups whose key file could not be written (kept as they were)."""
    failed: list[Path] = []
    for _when, path in _backups_in(folder, id8):
        side = keys.sidecar_path(path)
        try:
            with open(path, "rb") as fh:
                if fh.read(keys.SALT_BYTES) != kf.store_salt:
                    continue
            try:
                current = keys._read_capped(side)
            except keys._Reason:
                current = None
            if current == raw:
                continue
            if current is not None:
                with contextlib.suppress(keys._Reason, KeySettingsDamaged, StoreError):
                    theirs = keyslots.parse(keys._decode(current))
                    if theirs.master_check != kf.master_check:
                        continue  # another store that happens to share the 8 digits
            atomic_write_bytes(side, raw)
        except OSError:
            failed.append(path)
    return failed


# -- rotation -------------------------------------------------------------------------------------

def plan_prune(backups: list[tuple[datetime, str]], now: datetime, keep: str | None = None,
               daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY) -> set[str]:
    """Which of `backups` ((UTC time, name)) to keep: the newest of each of the `daily` most
    recent days that have backups, then the newest of each of the `weekly` most recent ISO
    weeks whose newest is not already kept (such a week is passed over and does not count), so
    7 daily + 4 weekly copies reach back about six weeks. `keep` and anything dated more than a
    day after `now` (a clock that was wrong) are always kept and never counted."""
    future = {n for t, n in backups if t > now + timedelta(days=1)}
    counted = sorted(((t, n) for t, n in backups if n not in future), reverse=True)
    kept = set(future) | ({keep} if keep else set())
    by_rules: set[str] = set()

    def rule(period: Any, n: int) -> None:
        last: object = None
        count = 0
        for t, name in counted:
            p = period(t)
            if p == last:
                continue
            last = p
            if name in by_rules:
                continue
            by_rules.add(name)
            count += 1
            if count >= n:
                return

    if daily:
        rule(lambda t: t.date(), daily)
    if weekly:
        rule(lambda t: t.isocalendar()[:2], weekly)
    return kept | by_rules


def prune(folder: Path | str, id8: str, now: datetime | None = None,
          keep: Path | None = None) -> list[Path]:
    """Delete this store's backups (db, key file, seal) that `plan_prune` does not keep. Only
    regular files named exactly `safetymap-backup-<time>-<id8>.db` are ever considered; nothing
    else in the folder is touched. Returns the backups deleted."""
    folder = Path(folder)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    found = _backups_in(folder, id8)
    kept = plan_prune([(t, p.name) for t, p in found], now, keep.name if keep else None)
    deleted = []
    for _t, path in found:
        if path.name in kept:
            continue
        try:
            path.unlink()  # the database first: a key file alone is never taken for a backup
        except FileNotFoundError:
            pass
        except OSError:
            continue  # could not delete: keep its key file and seal with it
        for f in companions(path)[1:]:
            if _regular(f):
                with contextlib.suppress(OSError):
                    f.unlink()
        deleted.append(path)
    if deleted:
        with contextlib.suppress(OSError):
            _fsync_dir(folder)
    return deleted


# -- restoring ------------------------------------------------------------------------------------

def store_files_at(to: Path) -> list[Path]:
    """The files of a store that are at `to` now: the database, -wal, -shm, -journal, seal and
    key file."""
    return [f for f in [*engine.store_files(to), keys.sidecar_path(to)]
            if os.path.lexists(f)]


def _replaced_name(to: Path) -> Path:
    stamp = datetime.now(UTC).strftime(STAMP)
    for i in range(100):
        base = to.with_name(f"{to.name}.replaced-{stamp}" + (f"-{i}" if i else ""))
        if not any(os.path.lexists(str(base) + s) for s in
                   [*engine.STORE_SUFFIXES, keys.SIDECAR_SUFFIX]):
            return base
    raise StoreError("Too many stores have been replaced at that place this second; nothing "
                     "has been changed. Try again in a moment.")


def _unlock(backup: Path, passphrase: str | None, recovery_key: str | None
            ) -> keys.DerivedKey:
    try:
        if recovery_key is not None:
            return engine.unlock_master(backup, recovery_key=recovery_key)
        return engine.unlock_master(backup, passphrase=passphrase or "")
    except WrongPassphrase:
        raise WrongPassphrase(f"That passphrase does not open the backup {backup.name}; nothing "
                              "has been changed. If the passphrase was changed after the backup "
                              "was made, the one in use then may open it, or the recovery key "
                              "will.") from None
    except KeySettingsDamaged:
        raise
    except StoreDamaged:  # the engine's sentence says "restore it from a backup copy"
        raise _damaged(backup, "it cannot be read, although the key is right") from None


def restore(backup: Path | str, to: Path | str, *, passphrase: str | None = None,
            recovery_key: str | None = None, master: keys.DerivedKey | None = None,
            replace: bool = False) -> RestoreInfo:
    """Restore `backup` as a store at `to`: unlock its key file (with the passphrase, the
    recovery key, or `master`), verify it completely, copy it with SQLite's backup API into
    `<to>.partial` (same key and salt) with its key file and seal, check that copy (and, given
    a passphrase, open it as the app would), then move it into place.

    Nothing at `to` is ever overwritten silently: if any file of a store is there (database,
    -wal, key file, seal), StoreExists names it, unless `replace=True`; then the store's lock is
    taken (so no app can have it open) and its files are moved aside to
    `<to>.replaced-<UTC time>` (with their -wal, key file and seal: still a store that opens),
    never deleted. A damaged backup is refused before anything at `to` is touched."""
    backup, to = Path(backup), Path(to)
    _precheck(backup)
    if to.is_dir():
        raise StoreError(f"{to.name} is a folder; give a file name for the restored store. "
                         "Nothing has been changed.")
    if to.exists() and to.resolve() == backup.resolve():
        raise StoreError("A backup cannot be restored onto itself; give another place for the "
                         "restored store. Nothing has been changed.")
    kf, raw_key_file = _read_key_file(backup)
    live = _same_store_key_file(to, kf) if replace else None
    if live is not None:
        # Replacing a store with its own backup: the restored store keeps the key file in use
        # now, so it opens with today's passphrase and recovery key, not those of the day the
        # backup was made (they may have changed since).
        kf, raw_key_file = live
    own = None
    if master is None:
        try:
            own = master = _unlock(backup, passphrase, recovery_key)
        except WrongPassphrase:
            if live is None or passphrase is None:
                raise
            own = master = keyslots.unwrap_with_passphrase(live[0], passphrase)
            if own is None:
                raise
    assert master is not None
    try:
        info = verify(backup, master)
        if not _known_revision(info.revision):
            raise StoreError(f"The backup {backup.name} was made by a newer version of Safety "
                             "Map; update Safety Map, then restore it. Nothing has been changed.")
        if store_files_at(to) and not replace:
            raise _exists(to)
        to.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = StoreLock(to)
        lock.acquire()  # StoreLocked: open in the app or another process
        try:
            return _restore_locked(backup, to, master, kf, raw_key_file, info, passphrase,
                                   replace)
        finally:
            lock.release()
    finally:
        if own is not None:
            own.wipe()


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _same_store_key_file(to: Path, kf: keyslots.KeyFile
                         ) -> tuple[keyslots.KeyFile, bytes] | None:
    """The key file at `to`, when it is a readable format-3 key file of the same store (same
    master key check and salt) as the backup's; else None."""
    try:
        live, raw = _read_key_file(to)
    except StoreError:
        return None
    if live.master_check != kf.master_check or live.store_salt != kf.store_salt:
        return None
    return live, raw


def _exists(to: Path) -> StoreExists:
    names = ", ".join(f.name for f in store_files_at(to))
    return StoreExists(f"There is already a store at {to.name} ({names}), so nothing has been "
                       "restored and nothing has been changed. Choose another place, or "
                       "confirm that it is to be replaced.")


def _restore_locked(backup: Path, to: Path, master: keys.DerivedKey, kf: keyslots.KeyFile,
                    raw_key_file: bytes, info: BackupInfo, passphrase: str | None,
                    replace: bool) -> RestoreInfo:
    existing = store_files_at(to)
    if existing and not replace:
        raise _exists(to)
    partial = to.with_name(to.name + PARTIAL)
    parts = [partial, keys.sidecar_path(partial), seal.seal_path(partial),
             partial.with_name(partial.name + ".lock")]

    def clean() -> None:
        _remove_partial(partial)
        for f in parts[1:]:
            _unlink_quietly(f)

    clean()  # a restore killed earlier
    seal_key = seal.derive_seal_key(master.raw)
    try:
        src = engine.connect_with_master(backup, master, readonly=True)
        try:
            _copy_database(src, partial, master, kf.store_salt)
        finally:
            src.close()
        atomic_write_bytes(keys.sidecar_path(partial), raw_key_file)
        with _read_only(partial, master) as conn:
            # The backup's seal when it is sound; otherwise a new one for the copy, carrying
            # what was wrong with the old one as findings (the restored store reports them).
            state = seal.copy_state(conn, None, info.notes)
        if not info.notes:
            data = seal.seal_path(backup).read_bytes()
            atomic_write_bytes(seal.seal_path(partial), data)
        else:
            atomic_write_bytes(seal.seal_path(partial), seal.encode(state, seal_key))
        restored = verify(partial, master)
        if restored.families != info.families or restored.notes:
            raise _damaged(backup, "its copy does not read back as it was")
        if passphrase is not None and info.revision == engine.head_revision():
            carried = seal.read_seal(seal.seal_path(partial), seal_key)
            _open_as_the_app_would(partial, passphrase, info.families or 0,
                                   carried.findings if carried else ())
        _unlink_quietly(parts[3])
        kept_as = None
        if existing:
            kept_as = _replaced_name(to)
            for suffix in [*engine.STORE_SUFFIXES, keys.SIDECAR_SUFFIX]:
                old = Path(str(to) + suffix)
                if os.path.lexists(old):
                    os.replace(old, Path(str(kept_as) + suffix))
            _fsync_dir(to.parent)
        os.replace(keys.sidecar_path(partial), keys.sidecar_path(to))
        os.replace(seal.seal_path(partial), seal.seal_path(to))
        os.replace(partial, to)
        _fsync_dir(to.parent)
    except BaseException as exc:
        clean()
        if isinstance(exc, StoreError):
            raise
        if isinstance(exc, OSError):
            if engine.is_disk_full(exc, to.parent):
                raise DiskFull(f"The disk is full, so the backup could not be restored as "
                               f"{to.name}; nothing has been changed. Free some space on the "
                               "disk, then try again.") from None
            reason = (exc.strerror or "the system refused").rstrip(".")
            raise StoreError(f"The backup could not be restored as {to.name} ({reason}); "
                             "nothing has been changed.") from None
        raise
    finally:
        seal_key[:] = bytes(len(seal_key))
    return RestoreInfo(path=to, families=info.families or 0, replaced_kept_as=kept_as)


def _open_as_the_app_would(path: Path, passphrase: str, families: int,
                           carried: tuple[str, ...]) -> None:
    """Open the restored copy with `Store.open` (no migration) and check that it opens with no
    warning but those its seal carries (findings the store had not yet accepted) and holds the
    families the backup held."""
    s = engine.Store.open(path, passphrase, migrate=False)
    try:
        warnings = list(getattr(s, "integrity_warnings", []))
        with s.engine.connect() as conn:
            from ..domain import model as m

            n = int(conn.execute(text(
                f"SELECT count(*) FROM {m.Family.__tablename__}")).scalar() or 0)
    finally:
        s.close()
    if any(w not in carried for w in warnings) or n != families:
        raise StoreDamaged("The restored copy did not open as it should, so it has not been "
                           "put in place; nothing has been changed. Choose another backup.")
