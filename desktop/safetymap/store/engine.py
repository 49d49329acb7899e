"""Opening, creating and migrating the encrypted store.

One SQLCipher 4 file, opened through SQLAlchemy's SQLite dialect with the `sqlcipher3` driver.
The raw Argon2id key never goes into a URL or any other str: each pooled connection is made by a
`creator` that hands SQLCipher x'<hex key>' from a bytearray (sqlite3_key), and Store.close()
disposes every connection and overwrites that bytearray with zeros. On creation the key is
followed by our chosen salt, so the file's header salt is the Argon2id salt.

Before anything is opened for real, each candidate key is tried on page 1 through a read-only
`immutable=1` connection, which writes nothing (no -wal, no -shm); the sidecar's key-check value
then tells a wrong passphrase from a damaged file (see keys.py and ARCHITECTURE.md).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from . import history, keys, keyslots, seal
from .atomic import _fsync_dir, atomic_write_bytes
from .errors import (
    DISK_FULL_SENTENCE,
    DiskFull,
    KeySettingsDamaged,
    NotAStore,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreMissing,
    WrongPassphrase,
)
from .lock import StoreLock

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 4096
#: SQLCipher's memory security on every connection (see _keyed_connection); never False in the app
MEMORY_SECURITY = True

STORE_SUFFIXES = ("", "-wal", "-shm", "-journal", seal.SEAL_SUFFIX)


def restrict_umask() -> None:
    """Files this process creates are readable by the user alone (umask 077)."""
    os.umask(0o077)


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _upgrade(conn: Connection) -> None:
    """The schema to the newest revision, inside the caller's transaction."""
    from alembic import command

    cfg = _alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def head_revision() -> str:
    """The newest schema revision in MIGRATIONS_DIR. Read from the scripts' `revision` and
    `down_revision` lines (the one revision no other follows), so opening a store never loads
    Alembic (about 0.2 s of every cold command and unlock) unless there is something to
    upgrade; anything but one straight line of revisions is left to Alembic itself.
    tests/unit/test_store_revision.py holds it to Alembic's own answer."""
    revs: set[str] = set()
    downs: set[str] = set()
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        src = f.read_text("utf-8")
        rev, down = _REVISION.search(src), _DOWN.search(src)
        if rev is None or down is None:
            break
        revs.add(rev.group(1))
        if down.group(1):
            downs.add(down.group(1))
    else:
        heads = revs - downs
        if len(heads) == 1 and downs <= revs:
            return heads.pop()
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def current_revision(conn: Connection) -> str | None:
    """The store's schema revision, as Alembic records it (None: no schema yet)."""
    has = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                            "name = 'alembic_version'")).first()
    if has is None:
        return None
    rows = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    if len(rows) > 1:
        raise StoreDamaged("This store records more than one schema version; it cannot be "
                           "opened safely.")
    return str(rows[0]) if rows else None


# -- full disks ---------------------------------------------------------------------------------

SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN = 13, 10, 14
LOW_SPACE_BYTES = 1024 * 1024  # an I/O error with less than this free is taken as a full disk


def _free_bytes(folder: Path) -> int:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return 1 << 62
    return st.f_bavail * st.f_frsize


def is_disk_full(exc: BaseException | None, folder: Path | None = None) -> bool:
    """Whether an error (or anything it was raised from) is a full disk or quota: ENOSPC/EDQUOT,
    SQLITE_FULL, or an SQLite I/O error while the folder has next to no space left."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, DiskFull):
            return True
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return True
        code = getattr(e, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        msg = str(e)
        if primary == SQLITE_FULL or "database or disk is full" in msg:
            return True
        if folder is not None and (primary in (SQLITE_IOERR, SQLITE_CANTOPEN)
                                   or "disk I/O error" in msg) \
                and _free_bytes(folder) < LOW_SPACE_BYTES:
            return True
        stack += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return False


def _full_on_open(path: Path) -> DiskFull:
    return DiskFull(f"The disk is full, so {path.name} could not be opened; nothing has been "
                    "lost. Free some space on the disk, then open it again.")


# -- connections ----------------------------------------------------------------------------------

def _sqlcipher() -> Any:
    import sqlcipher3

    return sqlcipher3


def _keyed_connection(database: str, key_text: bytearray, *, uri: bool = False) -> Any:
    """A sqlcipher3 connection keyed from a bytearray: logging off and memory security on
    before the key is given."""
    sqlcipher3 = _sqlcipher()
    if not any(key_text):
        raise StoreError("This store has been closed; open it again to go on.")
    conn = sqlcipher3.connect(database, uri=uri, check_same_thread=False)
    try:
        # SQLCipher would otherwise log decryption failures (a wrong passphrase) to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Zero SQLCipher's own freed memory (keys, decrypted pages); process-wide once on. It
        # about triples the time of a store workload (`make bench`: memory_security_ratio), but
        # with it off, 1-2 more fragments of case text stay in a locked app's memory
        # (tests/reliability/test_locked_app.py). Only `make bench` switches it off, to measure.
        conn.execute("PRAGMA cipher_memory_security = "
                     + ("ON" if MEMORY_SECURITY else "OFF"))
        conn.set_key(key_text)
    except BaseException:
        conn.close()
        raise
    return conn


def probe_page_one(path: Path, key_text: bytearray) -> bool:
    """Whether the key decrypts the store's page 1 (and the schema), read-only: `immutable=1`
    makes SQLite write nothing and open no -wal/-shm. False only for 'not a database' (wrong key
    or damaged page); any other error means the key did decrypt page 1."""
    sqlcipher3 = _sqlcipher()
    uri = "file:" + urllib.parse.quote(str(path)) + "?immutable=1"
    conn = _keyed_connection(uri, key_text, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError as exc:
        return "not a database" not in str(exc)
    finally:
        conn.close()


def _make_engine(path: Path, key: keys.DerivedKey | None, salt: bytes | None) -> Engine:
    # A queue of connections, each checked out by one session at a time. The pysqlcipher
    # dialect's default (SingletonThreadPool: one connection per thread, at most 5 kept) closes
    # the oldest thread's connection when a sixth thread connects, even while that thread is
    # using it; Qt's pool threads come and go, so an export started after a few background tasks
    # failed with "Cannot operate on a closed database" or crashed the process.
    # key=None gives plain SQLite: used ONLY by the benchmark that measures SQLCipher's overhead.
    from sqlalchemy.pool import QueuePool

    pool = {"poolclass": QueuePool, "pool_size": 2, "max_overflow": 8,
            "connect_args": {"check_same_thread": False}}
    if key is None:
        engine = create_engine(f"sqlite:///{path}", **pool)
    else:
        key_text = key.sqlcipher_key(salt)  # wiped with the key, by Store.close()
        engine = create_engine(
            f"sqlite:///{path}", module=_sqlcipher(),
            creator=lambda: _keyed_connection(str(path), key_text), **pool)

    @event.listens_for(engine, "handle_error")
    def _disk_full(ctx):  # type: ignore[no-untyped-def]
        # An autosave (or any write) on a full disk: say so, not "damaged".
        if is_disk_full(ctx.original_exception, path.parent):
            raise DiskFull(DISK_FULL_SENTENCE) from None

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        # SQLCipher would otherwise log decryption failures (a wrong passphrase) to stderr.
        if key is not None:
            cur.execute("PRAGMA cipher_log_level = NONE")
        # temp_store=MEMORY keeps sorts and temp tables out of the system temp dir.
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed edit survives power loss, not only a crash of the app.
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 5000")
        # 64 MiB of decrypted pages: SQLCipher decrypts a page on every cache miss, so a small
        # cache makes searches across many families pay for decryption again and again.
        cur.execute("PRAGMA cache_size = -65536")
        cur.close()
        # The driver's legacy transaction handling would autocommit DDL, so a failed migration
        # could leave half a schema. Take over BEGIN ourselves (SQLAlchemy's SQLite recipe).
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")

    return engine


def store_files(path: Path) -> list[Path]:
    return [Path(str(path) + s) for s in STORE_SUFFIXES]


class Store:
    """An unlocked store. Holds the process lock for as long as it is open."""

    def __init__(self, path: Path, engine: Engine, lock: StoreLock,
                 key: keys.DerivedKey | None = None) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._key = key  # wiped by close()
        self._closed = False
        #: the new store's recovery key, set by create() only, for the caller to show once
        self.recovery_key: str | None = None
        #: sentences about the key file for the user (e.g. an unusable organisation file)
        self.key_warnings: list[str] = []
        # the changeset the last session() of each thread wrote (see last_changeset_id)
        self._last = threading.local()
        #: the open burst of autosaves that later ones may extend (store/changesets.py)
        self.burst: Any = None
        self.session_factory = sessionmaker(engine, expire_on_commit=False)
        history.install(self.session_factory)
        # Who is writing: the worker profile's name (services/profile.py) once it is set, so
        # history and documents say "Alex Morgan", not "worker".
        self.actor = os.environ.get("SAFETYMAP_ACTOR") or self._profile_name() or "worker"

    def _profile_name(self) -> str:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(text(
                    "SELECT value FROM store_meta WHERE key = 'profile.name'")).first()
        except Exception:  # a store opened before its migration has run: no profile yet
            return ""
        return str(row[0]).strip() if row else ""

    # -- lifecycle ----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str,
               params: keys.KdfParams | None = None) -> Store:
        path = Path(path)
        restrict_umask()
        if path.exists() and path.stat().st_size > 0:
            raise StoreExists(f"A store already exists at {path}; nothing has been changed.")
        for f in store_files(path)[1:]:
            if f.exists() and f.stat().st_size > 0:
                raise StoreExists(
                    f"Files of an earlier store are next to {path} ({f.name}); nothing has been "
                    "changed. Move them away first.")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # On failure, remove only what this call made, never a file that was already there.
        existed = {f for f in [*store_files(path), keys.sidecar_path(path)] if f.exists()}
        params = params or keyslots.creation_params()
        keys.check_params(params)  # never write settings this version would refuse to read
        escrow = keyslots.escrow_from_organisation()  # a broken organisation file: a sentence
        lock = StoreLock(path)
        lock.acquire()
        key: keys.DerivedKey | None = None
        try:
            salt = os.urandom(keys.SALT_BYTES)
            key = new_master_key()
            kf, recovery = _new_key_file(key, salt, passphrase, params, escrow)
            keyslots.write(path, kf)
            engine = _make_engine(path, key, salt)
            with engine.begin() as conn:
                _upgrade(conn)
                conn.execute(
                    text("INSERT INTO store_meta(key, value) VALUES ('format', :v)"),
                    {"v": f"{keys.FORMAT_NAME}/{keys.STORE_META_FORMAT_VERSION}"},
                )
            sealer = seal.Sealer.attach(path, engine, key.raw)  # store/seal.py: seals the new store
            for f in store_files(path):
                if f.exists():
                    os.chmod(f, 0o600)
            store = sealer.bind(cls(path, engine, lock, key))
            store.recovery_key = recovery
            return store
        except BaseException as exc:
            if key is not None:
                key.wipe()
            # A failed creation leaves nothing behind that could be mistaken for a store.
            for f in [*store_files(path), keys.sidecar_path(path)]:
                if f == path and f in existed:
                    with contextlib.suppress(FileNotFoundError):
                        os.truncate(f, 0)  # it was empty before; leave it empty again
                    continue
                if f in existed:
                    continue
                with contextlib.suppress(FileNotFoundError):
                    f.unlink()
            lock.release()
            if isinstance(exc, Exception) and is_disk_full(exc, path.parent):
                raise DiskFull(
                    "The disk is full, so the new store could not be made; nothing has been "
                    "changed. Free some space on the disk, then try again.") from None
            raise

    @classmethod
    def open(cls, path: Path | str, passphrase: str, *, migrate: bool = True,
             early: keyslots.EarlyUnlock | None = None) -> Store:
        """`early`: the passphrase slot already being opened on a thread (the CLI starts it
        before loading the rest of the program); used only if it opened this very key file
        with this passphrase."""
        path = Path(path)
        restrict_umask()
        _precheck_file(path)
        lock = StoreLock(path)
        lock.acquire()
        key: keys.DerivedKey | None = None
        engine: Engine | None = None
        moving = False  # a format 1/2 store: moved to key slots once its schema is current
        try:
            # under the lock: another process's passphrase change cannot land in between
            info = keyslots.read(path)  # a damaged key file: KeySettingsDamaged, saying how
            with _full_disk_says_open(path):
                if isinstance(info, keyslots.KeyFile):
                    key, old_key = _unlock_slots(path, passphrase, info, early)
                    if old_key is not None:  # an upgrade cut short before the rekey: finish it
                        try:
                            engine = _make_engine(path, old_key, None)
                            current = _check_store(path, engine)
                        except BaseException:
                            old_key.wipe()
                            raise
                        engine = _rekey_to_master(path, engine, old_key, key, info, current)
                    else:
                        engine = _make_engine(path, key, None)
                        current = _check_store(path, engine)
                        if info.legacy is not None:  # cut short after the rekey: tidy up
                            _finish_move(path, key, info, passphrase)
                else:
                    key, _form = _unlock(path, passphrase, info)
                    engine = _make_engine(path, key, None)
                    current = _check_store(path, engine)
                    moving = True
            # Compares the store with its seal, then counts every later commit (migrations too).
            sealer = seal.Sealer.attach(path, engine, key.raw)
            head = head_revision()
            taken: Path | None = None
            if current != head:
                if not migrate:
                    engine.dispose()
                    raise StoreDamaged(f"{path.name} needs upgrading before it can be opened.")
                taken = _backup_then_migrate(path, engine, current)
            if moving:
                # After the schema upgrade, so a failed upgrade leaves the store truly as it was
                # (its old key and settings file: the previous version still opens it).
                sealer.close()
                with _full_disk_says_open(path):
                    key, engine, _ = _move_to_slots(path, engine, key, passphrase,
                                                    info if not isinstance(info, keyslots.KeyFile)
                                                    else None, head, taken)
                sealer = seal.Sealer.attach(path, engine, key.raw)
            store = sealer.bind(cls(path, engine, lock, key))
            store.key_warnings = _add_escrow_slot(path, key)
            return store
        except BaseException:
            if engine is not None:
                engine.dispose()  # every connection closed: SQLite removes the -wal and -shm
            if key is not None:
                key.wipe()
            lock.release()
            raise

    # -- key slots ----------------------------------------------------------------------------

    def key_file(self) -> keyslots.KeyFile:
        return keyslots.read_slots(self.path)

    @property
    def has_recovery_key(self) -> bool:
        return self.key_file().has("recovery")

    def change_passphrase(self, old: str, new: str,
                          params: keys.KdfParams | None = None) -> list[Path]:
        """Rewrap the master key under `new` (the current passphrase is asked for, so an
        unlocked laptop left alone is not enough to change it). Only the key file changes."""
        if self._closed or self._key is None:
            raise StoreError("This store has been closed; open it again to go on.")
        return _rewrap(self.path, old, new, params, self._key)

    def new_recovery_key(self) -> str:
        """Replace the recovery slot (any earlier recovery key stops working) and return the new
        key, formatted, to be shown once."""
        if self._closed or self._key is None:
            raise StoreError("This store has been closed; open it again to go on.")
        kf = self.key_file()
        if not kf.checks_out(self._key):
            raise KeySettingsDamaged("The key file no longer matches the open store; nothing "
                                     "has been changed.")
        slot, text_ = keyslots.recovery_slot(self._key, kf.store_salt)
        keyslots.write(self.path, kf.with_slot(slot))
        with contextlib.suppress(StoreError, OSError):
            refresh_local_copies(self.path, self._key)  # the old key no longer opens them either
        return text_

    def master_key(self) -> keys.DerivedKey:
        """The open store's master key (not a copy: never wipe it; Store.close() does). For the
        store layer's own copies and backups (store/backups.py)."""
        if self._closed or self._key is None:
            raise StoreError("This store has been closed; open it again to go on.")
        return self._key

    def close(self) -> None:
        """Checkpoint, close every pooled connection, zero the key buffers, release the lock.
        Closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            with contextlib.suppress(Exception), self.engine.connect() as conn:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            self.engine.dispose()
            seal.release(self)  # zeroes the seal key
        finally:
            if self._key is not None:
                self._key.wipe()  # the key and the x'...' text every connection was keyed with
            self._lock.release()

    @property
    def last_changeset_id(self) -> int | None:
        """The changeset the last session() on this thread wrote (None: it changed nothing).
        Per thread, so an export or a bundle task reading on a worker thread never takes away
        or replaces the changeset of the command the screen just ran."""
        return getattr(self._last, "changeset_id", None)

    @last_changeset_id.setter
    def last_changeset_id(self, value: int | None) -> None:
        self._last.changeset_id = value

    @property
    def last_emptied_changeset_id(self) -> int | None:
        """A burst the last session() on this thread typed back to what it was: that
        changeset is gone (no version, no undo step)."""
        return getattr(self._last, "emptied", None)

    @property
    def closed(self) -> bool:
        """True once close() has run: the key buffers are zeros and no connection is open."""
        return self._closed

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self, actor: str | None = None, *, command: str = "",
                coalesce: bool = False, join: int | None = None) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back (changing nothing) on any error.

        Every row it inserts, updates or deletes is recorded as one changeset named `command`
        (store/changesets.py). `coalesce=True` lets an autosave of the same field by the same
        person extend the last changeset instead of adding one (a burst of typing is one
        version). `join` names a changeset this one finishes (the worry builder's "Who is
        worried", whose words then set whose view the worry is): the session's changes go into
        it when it is still the newest, by the same person, for the same family, and not
        sealed by the team sync; otherwise they are a changeset of their own. After the commit
        `last_changeset_id` is the changeset written, or None when nothing changed."""
        session = self.session_factory()
        session.info["actor"] = actor or self.actor
        session.info["command"] = command
        session.info["coalesce"] = coalesce
        session.info["join"] = join
        session.info["store"] = self
        self.last_changeset_id = None
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        self.last_changeset_id = session.info.get("changeset_id")
        self._last.emptied = session.info.get("emptied")
        if self.last_changeset_id is not None or "emptied" in session.info:
            # a session that wrote closes the burst unless it opened or extended one
            self.burst = session.info.get("burst")

    def connect_dbapi(self) -> Any:
        """A new sqlcipher3 connection keyed like the store's own (memory security on), for
        tests and tools that need their own engine: `create_engine(store.engine.url,
        module=sqlcipher3, creator=store.connect_dbapi, ...)`. The key is no longer in the URL.
        Refused once the store is closed."""
        if self._closed or self._key is None:
            raise StoreError("This store has been closed; open it again to go on.")
        return _keyed_connection(str(self.path), self._key.sqlcipher_key())

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return current_revision(conn)


@contextlib.contextmanager
def _full_disk_says_open(path: Path) -> Iterator[None]:
    """A full disk while opening says that the store could not be opened (not the general
    "could not save" sentence); the store's own sentences pass through as they are."""
    try:
        yield
    except DiskFull as exc:
        if str(exc) == DISK_FULL_SENTENCE:  # the general sentence: say what failed
            raise _full_on_open(path) from None
        raise
    except StoreError:
        raise
    except Exception as exc:
        if is_disk_full(exc, path.parent):
            raise _full_on_open(path) from None
        raise


def _precheck_file(path: Path) -> None:
    if not path.exists():
        raise StoreMissing(f"There is no store at {path}; create one with 'safetymap init'.")
    if path.is_dir():
        raise NotAStore(f"{path} is a folder, not a Safety Map store.")
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head == SQLITE_MAGIC:
        raise NotAStore(
            f"{path.name} is an unencrypted SQLite database, not a Safety Map store; "
            "nothing has been changed."
        )
    if size == 0:
        raise NotAStore(f"{path.name} is empty, not a Safety Map store.")
    if size % PAGE_SIZE != 0:
        raise StoreDamaged(
            f"{path.name} is damaged (it looks cut short) and cannot be opened; nothing has been "
            "changed. Restore it from a backup copy."
        )


WRONG_PASSPHRASE = "That passphrase does not unlock this store; nothing has been changed."


def _damaged_right_passphrase(path: Path) -> StoreDamaged:
    return StoreDamaged(
        f"{path.name} is damaged and cannot be read, although the passphrase is right; nothing "
        "has been changed. Restore it from a backup copy.")


def _unlock(path: Path, passphrase: str, info: keys.Sidecar | None) -> tuple[keys.DerivedKey, int]:
    """The key for this store and which of `keys.passphrase_forms` gave it (0 = NFC).

    Each form's key is tried on page 1 (read-only). When none reads it, the key-check value says
    whether the passphrase is right (then the file is damaged: the caller's real open will say
    so, unless the WAL still holds a good page 1) or wrong. Nothing is written."""
    file_salt = keys.read_salt(path)
    if info is not None and info.salt is not None and info.salt != file_salt:
        raise _salt_mismatch(path, passphrase, info)
    params = info.params if info else keys.KdfParams()
    forms = keys.passphrase_forms(passphrase)
    tried: list[keys.DerivedKey] = []
    chosen: keys.DerivedKey | None = None
    try:
        for i, form in enumerate(forms):
            k = keys.derive(form, file_salt, params)
            tried.append(k)
            if probe_page_one(path, k.sqlcipher_key()):
                chosen = k
                return k, i
        if info is None:
            raise NotAStore(
                f"{path.name} cannot be opened: its key file ({keys.sidecar_path(path).name}) is "
                "missing, and a store cannot be opened without it, even with the right "
                "passphrase or the recovery key. Put the key file back beside the store (from "
                "wherever the store was copied from, or from a backup, which carries its own "
                "copy); nothing has been changed. (If this is a very old store, the passphrase "
                "may be wrong.)")
        for i, k in enumerate(tried):
            if info.key_checks_out(k):
                chosen = k
                return k, i
        # Settings that are well-formed but wrong (an edited format-1 file, or a format-2 one
        # edited with its check value recomputed): the settings every version has written are
        # tried too, so such a file is called what it is, not a wrong passphrase.
        for other in (keys.KdfParams(), keys.KdfParams.fast_for_tests()):
            if other == params:
                continue
            k = keys.derive(forms[0], file_salt, other)
            tried.append(k)
            if probe_page_one(path, k.sqlcipher_key()):
                raise KeySettingsDamaged(
                    f"The key settings file next to the store ({keys.sidecar_path(path).name}) "
                    "does not belong to it: its settings do not unlock the store, although the "
                    "passphrase is right. Nothing has been changed.")
        raise WrongPassphrase(WRONG_PASSPHRASE)
    finally:
        for k in tried:
            if k is not chosen:
                k.wipe()


def _salt_mismatch(path: Path, passphrase: str, info: keys.Sidecar) -> StoreDamaged:
    """The file's first 16 bytes are not the salt the sidecar recorded. With the sidecar's salt,
    a key that passes the key check and reads page 1 proves the rest of the file is this store
    and only its start is damaged."""
    assert info.salt is not None
    side = keys.sidecar_path(path).name
    for form in keys.passphrase_forms(passphrase):
        k = keys.derive(form, info.salt, info.params)
        try:
            if info.key_checks_out(k):
                if probe_page_one(path, k.sqlcipher_key(info.salt)):
                    return StoreDamaged(
                        f"The first 16 bytes of {path.name} are damaged (they no longer match the "
                        f"salt recorded in {side}); the passphrase is right and the rest of the "
                        "file can still be read. Nothing has been changed. Restore it from a "
                        "backup copy.")
                break
        finally:
            k.wipe()
    return StoreDamaged(
        f"The start of {path.name} does not match its key settings file ({side}): either the "
        "first 16 bytes of the store file are damaged, or the settings file belongs to another "
        "store. Nothing has been changed.")


def _check_store(path: Path, engine: Engine) -> str | None:
    """Open for real (WAL included) and read the revision and format row; the key is already
    known to be right (page 1 read, or the key check passed). Returns the revision."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
            current = current_revision(conn)
            fmt = conn.execute(text("SELECT value FROM store_meta WHERE key = 'format'")).scalar()
    except DiskFull:
        engine.dispose()
        raise _full_on_open(path) from None
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        if is_disk_full(exc, path.parent):
            raise _full_on_open(path) from None
        msg = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        if "not a database" in msg:
            raise _damaged_right_passphrase(path) from None
        if "no such table" in msg:
            raise NotAStore(
                f"{path.name} is an encrypted database but not a Safety Map store; "
                "nothing has been changed."
            ) from None
        raise StoreDamaged(
            f"{path.name} is damaged and cannot be read safely; nothing has been changed. "
            "Restore it from a backup copy."
        ) from None
    if not fmt or not str(fmt).startswith(keys.FORMAT_NAME):
        engine.dispose()
        raise NotAStore(f"{path.name} is not a Safety Map store; nothing has been changed.")
    return current


# -- key slots (store/keyslots.py) ------------------------------------------------------------

def new_master_key() -> keys.DerivedKey:
    """32 random bytes read straight into a wipeable buffer (os.urandom would leave an immutable
    copy behind)."""
    buf = bytearray(keys.KEY_BYTES)
    try:
        with open("/dev/urandom", "rb", buffering=0) as fh:
            if fh.readinto(buf) != keys.KEY_BYTES:
                raise OSError("short read")
    except OSError:
        buf[:] = os.urandom(keys.KEY_BYTES)  # not POSIX: the bytes copy cannot be avoided
    return keys.DerivedKey(buf)


def _new_key_file(master: keys.DerivedKey, salt: bytes, passphrase: str,
                  params: keys.KdfParams, escrow: tuple[bytes, str] | None
                  ) -> tuple[keyslots.KeyFile, str]:
    slots = [keyslots.passphrase_slot(master, salt, passphrase, params)]
    recovery, text_ = keyslots.recovery_slot(master, salt)
    slots.append(recovery)
    if escrow is not None:
        slots.append(keyslots.escrow_slot(master, salt, *escrow))
    return keyslots.KeyFile(salt, keyslots.master_check(master, salt), tuple(slots)), text_


def _unlock_slots(path: Path, passphrase: str, kf: keyslots.KeyFile,
                  early: keyslots.EarlyUnlock | None = None
                  ) -> tuple[keys.DerivedKey, keys.DerivedKey | None]:
    """The master key from the passphrase slot, and (only while an upgrade from format 1/2 was
    cut short before its rekey) the old passphrase-derived key the file is still keyed with."""
    answered, master = early.take(kf, passphrase) if early is not None else (False, None)
    if not answered:
        master = keyslots.unwrap_with_passphrase(kf, passphrase)
    if master is None:
        _salt_mismatch_without_key(path, kf)
        raise WrongPassphrase(WRONG_PASSPHRASE)
    try:
        return _check_master(path, master, kf, passphrase)
    except BaseException:
        master.wipe()
        raise


def _salt_mismatch_without_key(path: Path, kf: keyslots.KeyFile) -> None:
    """No slot opened. If the file's first 16 bytes are not the key file's salt, that is more
    likely the reason than a wrong passphrase (another store's key file, or a damaged start), and
    a person told "wrong passphrase" would only try again."""
    if keys.read_salt(path) != kf.store_salt:
        raise StoreDamaged(
            f"The start of {path.name} does not match its key file "
            f"({keys.sidecar_path(path).name}): either the first 16 bytes of the store file are "
            "damaged, or the key file belongs to another store. Nothing has been changed.")


def _check_master(path: Path, master: keys.DerivedKey, kf: keyslots.KeyFile,
                  passphrase: str | None) -> tuple[keys.DerivedKey, keys.DerivedKey | None]:
    side = keys.sidecar_path(path).name
    if not kf.checks_out(master):  # a slot that unwraps but does not match: crafted or mixed up
        raise KeySettingsDamaged(
            f"The key file next to the store ({side}) is inconsistent: a key slot opens, but "
            "its key is not the one the file records. Nothing has been changed.")
    if keys.read_salt(path) != kf.store_salt:
        if probe_page_one(path, master.sqlcipher_key(kf.store_salt)):
            raise StoreDamaged(
                f"The first 16 bytes of {path.name} are damaged (they no longer match the salt "
                f"recorded in {side}); the key is right and the rest of the file can still be "
                "read. Nothing has been changed. Restore it from a backup copy.")
        raise StoreDamaged(
            f"The start of {path.name} does not match its key file ({side}): either the first "
            "16 bytes of the store file are damaged, or the key file belongs to another store. "
            "Nothing has been changed.")
    if probe_page_one(path, master.sqlcipher_key()):
        return master, None
    if kf.legacy is not None and passphrase is not None:
        for form in keys.passphrase_forms(passphrase):
            old = keys.derive(form, kf.store_salt, kf.legacy)
            if probe_page_one(path, old.sqlcipher_key()):
                return master, old
            old.wipe()
    # The key is right (its slot opened and matches the file's check): page 1 is damaged, unless
    # the WAL still holds a good copy of it. The real open says which.
    return master, None


def _rekey(engine: Engine, new_key: keys.DerivedKey) -> None:
    raw = engine.raw_connection()
    try:
        dbapi: Any = raw.dbapi_connection
        dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dbapi.reset_key(new_key.sqlcipher_key())  # sqlite3_rekey, from a bytearray
        dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
        engine.dispose()


def _reseal(path: Path, old_key: keys.DerivedKey | None, new_key: keys.DerivedKey) -> None:
    """The seal's MAC key comes from the store key: re-MAC it under the new one. A seal that
    verifies under neither is left as it is (opening reports it)."""
    new_seal_key = seal.derive_seal_key(new_key.raw)
    old_seal_key = seal.derive_seal_key(old_key.raw) if old_key is not None else None
    try:
        for k in (new_seal_key, old_seal_key):
            if k is None:
                continue
            try:
                sealed = seal.read_seal(seal.seal_path(path), k)
            except seal.SealInvalid:
                continue
            if sealed is not None and k is not new_seal_key:
                atomic_write_bytes(seal.seal_path(path), seal.encode(sealed, new_seal_key))
            return
    finally:
        for k in (new_seal_key, old_seal_key):
            if k is not None:
                k[:] = bytes(len(k))


def _move_to_slots(path: Path, engine: Engine, old_key: keys.DerivedKey, passphrase: str,
                   info: keys.Sidecar | None, current: str | None, taken: Path | None = None
                   ) -> tuple[keys.DerivedKey, Engine, Path]:
    """Upgrade a format 1/2 store (keyed from the passphrase) to key slots, after a backup copy:
    a random master key, a passphrase slot (calibrated cost), the organisation's escrow slot if
    there is one, and then `PRAGMA rekey` to the master key. No recovery slot: a recovery key
    must be shown to be of any use, so the app and `safetymap recovery-key` offer one.

    Crash-safe in three atomic steps: (1) the key file is written with the new slots and a
    `migrating_from` record of the old settings; (2) the rekey (one SQLite transaction);
    (3) the seal is re-MACed and `migrating_from` dropped. Opening after a crash finds the file
    keyed with the old key or the new, tells which by reading page 1, and finishes."""
    salt = keys.read_salt(path)
    old_params = info.params if info else keys.KdfParams()
    master = new_master_key()
    try:
        escrow = _organisation_escrow()
        slots = [keyslots.passphrase_slot(master, salt, passphrase, keyslots.creation_params())]
        if escrow is not None:
            slots.append(keyslots.escrow_slot(master, salt, *escrow))
        kf = keyslots.KeyFile(salt, keyslots.master_check(master, salt), tuple(slots),
                              legacy=old_params)
        if taken is None:
            backup = take_backup(path, engine, current)  # also checkpoints, closes connections
        else:  # the schema upgrade's copy, taken moments ago, is the store as it was
            with engine.connect() as conn:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            engine.dispose()
            backup = taken
        keyslots.write(path, kf)
        return master, _rekey_to_master(path, engine, old_key, master, kf, current), backup
    except BaseException:
        master.wipe()
        raise


def _rekey_to_master(path: Path, engine: Engine, old_key: keys.DerivedKey,
                     master: keys.DerivedKey, kf: keyslots.KeyFile, current: str | None
                     ) -> Engine:
    """Steps 2 and 3 of `_move_to_slots` (also run when a crash cut it short before step 2)."""
    try:
        engine.dispose()
        _rekey(engine, master)
        _reseal(path, old_key, master)
        keyslots.write(path, keyslots.KeyFile(kf.store_salt, kf.master_check, kf.slots))
    finally:
        old_key.wipe()
    new_engine = _make_engine(path, master, None)
    _check_store(path, new_engine)
    return new_engine


def _finish_move(path: Path, master: keys.DerivedKey, kf: keyslots.KeyFile,
                 passphrase: str) -> None:
    """Step 3 of `_move_to_slots`, when a crash came after the rekey."""
    assert kf.legacy is not None
    new_seal_key = seal.derive_seal_key(master.raw)
    try:
        try:
            current_ok = seal.read_seal(seal.seal_path(path), new_seal_key) is not None
        except seal.SealInvalid:
            current_ok = False
    finally:
        new_seal_key[:] = bytes(len(new_seal_key))
    # the old key may have come from any form of the passphrase (an old store made with NFD)
    for form in [] if current_ok else keys.passphrase_forms(passphrase):
        old = keys.derive(form, kf.store_salt, kf.legacy)
        old_seal_key = seal.derive_seal_key(old.raw)
        try:
            try:
                seal.read_seal(seal.seal_path(path), old_seal_key)
            except seal.SealInvalid:
                continue
            _reseal(path, old, master)
            break
        finally:
            old_seal_key[:] = bytes(len(old_seal_key))
            old.wipe()
    keyslots.write(path, keyslots.KeyFile(kf.store_salt, kf.master_check, kf.slots))


def _organisation_escrow() -> tuple[bytes, str] | None:
    try:
        return keyslots.escrow_from_organisation()
    except StoreError:
        return None  # said by _add_escrow_slot, which the open runs next


def _add_escrow_slot(path: Path, master: keys.DerivedKey) -> list[str]:
    """Give the store a slot for the organisation's escrow key when it has none for it (a key set
    after the store was made). Returns sentences for the user when that could not be done."""
    try:
        escrow = keyslots.escrow_from_organisation()
    except StoreError as exc:
        return [f"{exc} This store's key has not been given to your organisation's recovery."]
    if escrow is None:
        return []
    try:
        kf = keyslots.read_slots(path)
        if any(s.kind == "escrow" and s.kdf.get("recipient") == escrow[0].hex()
               for s in kf.slots) or not kf.checks_out(master):
            return []
        keyslots.write(path, kf.with_slot(keyslots.escrow_slot(master, kf.store_salt, *escrow)))
    except (StoreError, OSError):
        return ["The organisation's recovery key could not be added to this store's key file; "
                "it will be tried again next time."]
    return []


def change_passphrase(path: Path | str, old: str, new: str,
                      params: keys.KdfParams | None = None) -> list[Path]:
    """Rewrap the master key under a new passphrase (or the same one at a new cost): one atomic
    write of the key file; the database is not touched. Refused while the store is open
    elsewhere. A store from before key slots is upgraded first (opening it does that). Copies
    beside the store get the new key file too; returns any the old passphrase may still open."""
    path = Path(path)
    _precheck_file(path)
    info = keyslots.read(path)
    if not isinstance(info, keyslots.KeyFile) or info.legacy is not None:
        # a store from before key slots, or one whose move to them was cut short: opening it
        # moves it (or finishes the move) with the passphrase it has now
        Store.open(path, old).close()
    lock = StoreLock(path)
    lock.acquire()
    try:
        return _rewrap(path, old, new, params, None)
    finally:
        lock.release()


def _rewrap(path: Path, old: str, new: str, params: keys.KdfParams | None,
            expect: keys.DerivedKey | None) -> list[Path]:
    import concurrent.futures

    kf = keyslots.read_slots(path)
    if kf.legacy is not None:
        raise _move_unfinished(path)
    slot = kf.slot("passphrase")
    params = params or (slot.params() if slot else keyslots.creation_params())
    keys.check_params(params)
    # The old passphrase's key and the new one's are derived at once, on two cores: Argon2id
    # runs in C without the GIL, so the change takes about one unlock, not two.
    salt = os.urandom(keys.SALT_BYTES)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        new_kek = pool.submit(keys.derive, keys.normalise(new), salt, params)
        master = keyslots.unwrap_with_passphrase(kf, old)
        kek = new_kek.result()
    try:
        if master is None:
            raise WrongPassphrase("That is not the current passphrase; nothing has been changed.")
        if expect is not None and not master.same_as(expect):
            raise KeySettingsDamaged("The key file no longer matches the open store; nothing has "
                                     "been changed.")
        _check_master(path, master, kf, None)
        keyslots.write(path, kf.with_slot(keyslots.passphrase_slot_from_kek(
            master, kf.store_salt, salt, params, kek)))
        try:
            return refresh_local_copies(path, master, old)
        except (StoreError, OSError):
            return _local_copies(path)
    finally:
        kek.wipe()
        if master is not None:
            master.wipe()


def _local_copies(path: Path) -> list[Path]:
    """The copies taken beside the store before upgrades (`<store>.backup-<rev>-<time>[-n]`)."""
    return sorted(p for p in path.parent.glob(glob.escape(path.name) + ".backup-*")
                  if p.is_file() and not p.is_symlink()
                  and not p.name.endswith((keys.SIDECAR_SUFFIX, seal.SEAL_SUFFIX, ".partial")))


def refresh_local_copies(path: Path, master: keys.DerivedKey,
                         passphrase: str | None = None) -> list[Path]:
    """After a passphrase change or a new recovery key: give every copy beside the store the
    store's key file now, so an old passphrase (or recovery key) no longer opens them — nor,
    through them, the master key that opens the live store. A copy from before key slots (keyed
    from the passphrase itself) is rekeyed to the master key first, when `passphrase` opens it,
    with the same three crash-safe steps as a store's own move. Returns the copies the old
    passphrase may still open (none were left in the normal case)."""
    raw = keys.sidecar_path(path).read_bytes()
    kf = keyslots.read_slots(path)
    left: list[Path] = []
    for copy in _local_copies(path):
        try:
            info = keyslots.read(copy)
            if isinstance(info, keyslots.KeyFile):
                if info.master_check == kf.master_check and info.store_salt == kf.store_salt:
                    if keys.sidecar_path(copy).read_bytes() != raw:
                        atomic_write_bytes(keys.sidecar_path(copy), raw)
                continue
            if passphrase is None or keys.read_salt(copy) != kf.store_salt \
                    or not _rekey_copy(copy, master, kf, info, passphrase):
                left.append(copy)
        except (StoreError, OSError):
            left.append(copy)
    return left


def _rekey_copy(copy: Path, master: keys.DerivedKey, kf: keyslots.KeyFile,
                info: keys.Sidecar | None, passphrase: str) -> bool:
    params = info.params if info else keys.KdfParams()
    old: keys.DerivedKey | None = None
    for form in keys.passphrase_forms(passphrase):
        k = keys.derive(form, kf.store_salt, params)
        if probe_page_one(copy, k.sqlcipher_key()):
            old = k
            break
        k.wipe()
    if old is None:
        return False
    try:
        keyslots.write(copy, keyslots.KeyFile(kf.store_salt, kf.master_check, kf.slots,
                                              legacy=params))
        conn = _keyed_connection(str(copy), old.sqlcipher_key())
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.reset_key(master.sqlcipher_key())
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        _reseal(copy, old, master)
        keyslots.write(copy, kf)
    finally:
        old.wipe()
    return True


def unlock_master(path: Path | str, *, passphrase: str | None = None,
                  recovery_key: str | None = None, escrow_key: Any = None) -> keys.DerivedKey:
    """The master key of the format-3 store (or backup) at `path`, from one of its slots, after
    checking that it reads the file's page 1. The caller wipes it. Nothing is written."""
    path = Path(path)
    _precheck_file(path)
    kf = keyslots.read_slots(path)
    if escrow_key is not None:
        master = keyslots.unwrap_with_escrow(kf, escrow_key)
        if master is None:
            raise keyslots.RecoveryKeyInvalid(
                "That escrow key does not open this store (it was made before the key was "
                "set, or for another organisation); nothing has been changed.")
    elif recovery_key is not None:
        master = keyslots.unwrap_with_recovery(kf, recovery_key)
    else:
        master = keyslots.unwrap_with_passphrase(kf, passphrase or "")
        if master is None:
            _salt_mismatch_without_key(path, kf)
            raise WrongPassphrase(WRONG_PASSPHRASE)
    try:
        _check_master(path, master, kf, None)
        if not probe_page_one(path, master.sqlcipher_key()):
            if passphrase is None:  # a recovery or escrow key: no passphrase was given
                raise StoreDamaged(
                    f"{path.name} is damaged and cannot be read, although the key is right; "
                    "nothing has been changed. Restore it from a backup copy.")
            raise _damaged_right_passphrase(path)
    except BaseException:
        master.wipe()
        raise
    return master


def connect_with_master(path: Path | str, master: keys.DerivedKey, *,
                        create_with_salt: bytes | None = None, readonly: bool = False) -> Any:
    """A sqlcipher3 connection to another file (a backup, a restored copy) keyed with `master`.
    `create_with_salt`: a new file whose header salt is that (a store's own, so the copy's key
    file can be the store's byte for byte). `readonly`: `immutable=1`, which writes nothing."""
    if readonly:
        uri = "file:" + urllib.parse.quote(str(path)) + "?immutable=1"
        return _keyed_connection(uri, master.sqlcipher_key(), uri=True)
    return _keyed_connection(str(path), master.sqlcipher_key(create_with_salt))


def _move_unfinished(path: Path) -> StoreError:
    return StoreError(
        f"{path.name} was being upgraded to this version when Safety Map stopped, so its key "
        "cannot be changed yet; nothing has been changed. Open it once with its passphrase to "
        "finish the upgrade, then try again.")


def recover(path: Path | str, new_passphrase: str, *, recovery_key: str | None = None,
            escrow_key: Any = None, params: keys.KdfParams | None = None) -> None:
    """Open the key file with the recovery key (or the organisation's escrow private key) and
    give the store a new passphrase. Only the key file changes."""
    path = Path(path)
    _precheck_file(path)  # before the lock: a mistyped path leaves no lock file behind
    if keyslots.read_slots(path).legacy is not None:
        raise _move_unfinished(path)
    lock = StoreLock(path)
    lock.acquire()
    master: keys.DerivedKey | None = None
    try:
        master = unlock_master(path, recovery_key=None if escrow_key is not None else
                               (recovery_key or ""), escrow_key=escrow_key)
        kf = keyslots.read_slots(path)
        params = params or kf.passphrase_params() or keyslots.creation_params()
        keyslots.write(path, kf.with_slot(
            keyslots.passphrase_slot(master, kf.store_salt, new_passphrase, params)))
    finally:
        if master is not None:
            master.wipe()
        lock.release()


def backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.backup-{revision or 'none'}-{stamp}")


def _same_file_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                ca, cb = fa.read(1 << 20), fb.read(1 << 20)
                if ca != cb:
                    return False
                if not ca:
                    return True
    except OSError:
        return False


def _existing_backup(path: Path, revision: str | None) -> Path | None:
    """A backup of this store at this revision that is byte-for-byte the store as it is now."""
    pattern = re.compile(re.escape(f"{path.name}.backup-{revision or 'none'}-")
                         + r"\d{8}T\d{6}Z")
    found = [p for p in path.parent.glob(glob.escape(path.name) + ".backup-*")
             if pattern.fullmatch(p.name) and p.is_file()]
    for candidate in sorted(found, reverse=True):
        if _same_file_bytes(candidate, path):
            return candidate
    return None


def _full_on_backup(path: Path) -> DiskFull:
    return DiskFull(f"The disk is full, so the backup copy that must be made before {path.name} "
                    "is upgraded could not be made; nothing has been lost and the store is as it "
                    "was. Free some space on the disk, then open it again.")


def take_backup(path: Path, engine: Engine, current: str | None) -> Path:
    """Checkpoint and close every connection, then copy the still-encrypted file aside
    (atomically), with its key settings. A backup already there for this revision that is
    byte-for-byte the same file is reused, so failed upgrades do not pile up full copies."""
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    side = keys.sidecar_path(path)
    reuse = _existing_backup(path, current)
    target = reuse or backup_path(path, current)
    n = 1
    while reuse is None and (target.exists() or keys.sidecar_path(target).exists()):
        n += 1  # a second backup in the same second (a key move, then a schema upgrade)
        target = backup_path(path, current).with_name(backup_path(path, current).name + f"-{n}")
    partial = target.with_name(target.name + ".partial")
    try:
        if reuse is None:
            shutil.copyfile(path, partial)
            with open(partial, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(partial, target)
            _fsync_dir(path.parent)
        if side.exists() and not _same_file_bytes(side, keys.sidecar_path(target)):
            atomic_write_bytes(keys.sidecar_path(target), side.read_bytes())
        sealed = seal.seal_path(path)  # the seal matches this copy: it opens with no warning
        if sealed.exists() and not _same_file_bytes(sealed, seal.seal_path(target)):
            atomic_write_bytes(seal.seal_path(target), sealed.read_bytes())
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        if is_disk_full(exc, path.parent):
            raise _full_on_backup(path) from None
        raise
    return target


def _backup_then_migrate(path: Path, engine: Engine, current: str | None) -> Path:
    """Copy the still-encrypted file aside (atomically, or reuse an identical copy), then
    upgrade the schema."""
    target = take_backup(path, engine, current)
    try:
        with engine.begin() as conn:
            _upgrade(conn)
    except Exception as exc:
        engine.dispose()
        if is_disk_full(exc, path.parent):
            raise DiskFull(
                f"The disk is full, so {path.name} could not be upgraded to this version; it has "
                f"been left as it was and nothing has been lost (a backup copy is at "
                f"{target.name}). Free some space on the disk, then open it again.") from None
        raise StoreError(
            f"Upgrading {path.name} to this version failed, so it has been left as it was; "
            f"a backup copy is at {target.name}."
        ) from None
    return target
