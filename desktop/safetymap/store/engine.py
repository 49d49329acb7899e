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
import shutil
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from . import history, keys, seal
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
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal", seal.SEAL_SUFFIX)


def restrict_umask() -> None:
    """Files this process creates are readable by the user alone (umask 077)."""
    os.umask(0o077)


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


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

def _sqlcipher():  # type: ignore[no-untyped-def]
    import sqlcipher3

    return sqlcipher3


def _keyed_connection(database: str, key_text: bytearray, *, uri: bool = False):  # type: ignore[no-untyped-def]
    """A sqlcipher3 connection keyed from a bytearray: logging off and memory security on
    before the key is given."""
    sqlcipher3 = _sqlcipher()
    if not any(key_text):
        raise StoreError("This store has been closed; open it again to go on.")
    conn = sqlcipher3.connect(database, uri=uri, check_same_thread=False)
    try:
        # SQLCipher would otherwise log decryption failures (a wrong passphrase) to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Zero SQLCipher's own freed memory (keys, decrypted pages); process-wide once on.
        conn.execute("PRAGMA cipher_memory_security = ON")
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
        engine = create_engine(f"sqlite:///{path}", **pool)  # type: ignore[arg-type]
    else:
        key_text = key.sqlcipher_key(salt)  # wiped with the key, by Store.close()
        engine = create_engine(  # type: ignore[call-overload]
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
        params = params or keys.default_params()
        lock = StoreLock(path)
        lock.acquire()
        try:
            salt = os.urandom(keys.SALT_BYTES)
            key = keys.derive_key(passphrase, salt, params)
            keys.write_sidecar(path, params)
            engine = _make_engine(path, key, salt)
            with engine.begin() as conn:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.execute(
                    text("INSERT INTO store_meta(key, value) VALUES ('format', :v)"),
                    {"v": f"{keys.FORMAT_NAME}/{keys.FORMAT_VERSION}"},
                )
            sealer = seal.Sealer.attach(path, engine, key)  # store/seal.py: seals the new store
            for f in store_files(path):
                if f.exists():
                    os.chmod(f, 0o600)
            return sealer.bind(cls(path, engine, lock))
        except BaseException:
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
            raise

    @classmethod
    def open(cls, path: Path | str, passphrase: str, *, migrate: bool = True) -> Store:
        path = Path(path)
        restrict_umask()
        _precheck_file(path)
        params = keys.read_sidecar(path)
        has_sidecar = params is not None
        params = params or keys.KdfParams()
        lock = StoreLock(path)
        lock.acquire()
        try:
            key = keys.derive_key(passphrase, keys.read_salt(path), params)
            engine = _make_engine(path, key, None)
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
                    current = MigrationContext.configure(conn).get_current_revision()
                    fmt = conn.execute(
                        text("SELECT value FROM store_meta WHERE key = 'format'")
                    ).scalar()
            except (DatabaseError, OperationalError) as exc:
                engine.dispose()
                msg = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
                if "not a database" in msg:
                    if has_sidecar:
                        raise WrongPassphrase(
                            "That passphrase does not unlock this store; nothing has been changed."
                        ) from None
                    raise NotAStore(
                        f"{path.name} is not a Safety Map store, or the passphrase is wrong; "
                        "nothing has been changed."
                    ) from None
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
            # Compares the store with its seal, then counts every later commit (migrations too).
            sealer = seal.Sealer.attach(path, engine, key)
            head = head_revision()
            if current != head:
                if not migrate:
                    engine.dispose()
                    raise StoreDamaged(f"{path.name} needs upgrading before it can be opened.")
                _backup_then_migrate(path, engine, current)
            return sealer.bind(cls(path, engine, lock))
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        self.engine.dispose()
        seal.release(self)  # zeroes the seal key
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self, actor: str | None = None) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back (changing nothing) on any error."""
        session = self.session_factory()
        session.info["actor"] = actor or self.actor
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()


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


def backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.backup-{revision or 'none'}-{stamp}")


def _backup_then_migrate(path: Path, engine: Engine, current: str | None) -> Path:
    """Copy the still-encrypted file aside (atomically), then upgrade the schema."""
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    target = backup_path(path, current)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(path, partial)
    with open(partial, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    _fsync_dir(path.parent)
    keys_sidecar = keys.sidecar_path(path)
    if keys_sidecar.exists():
        shutil.copyfile(keys_sidecar, keys.sidecar_path(target))
    try:
        with engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception:
        engine.dispose()
        raise StoreError(
            f"Upgrading {path.name} to this version failed, so it has been left as it was; "
            f"a backup copy is at {target.name}."
        ) from None
    return target
