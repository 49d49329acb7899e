"""Backups for the screens and the command line: plain data and sentences.

The settings live inside the encrypted store, in store_meta (never in QSettings, so a restored
store brings its own): `backup.folder` (the folder chosen), `backup.last_ok` (UTC ISO time of
the last backup that was verified), `backup.asked` ("1" once the app has asked for a folder)
and `backup.first_use` (UTC ISO time, set on the first status() call).

The work itself is store/backups.py: verified copies under the store's own key slots, daily
rotation (7 daily, 4 weekly) and a restore that never overwrites silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..domain import model as m
from ..i18n import _
from ..store import backups as store_backups
from ..store.engine import Store
from ..store.errors import StoreError

KEY_FOLDER = "backup.folder"
KEY_LAST_OK = "backup.last_ok"
KEY_ASKED = "backup.asked"
KEY_FIRST_USE = "backup.first_use"
DUE_AFTER = timedelta(hours=24)
ASK_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    taken_at: datetime  # UTC, aware
    families: int | None
    ok: bool
    problem: str  # one sentence when not ok
    size_bytes: int


@dataclass(frozen=True)
class BackupStatus:
    folder: Path | None
    last_ok: datetime | None  # UTC, aware
    due: bool  # a folder is set and the last good backup is over 24 hours old (or none)
    should_ask: bool  # no folder, first used a week ago or more, and not asked yet


# -- settings in store_meta -----------------------------------------------------------------------

def _get(store: Store, *names: str) -> dict[str, str]:
    with store.session() as s:
        rows = s.query(m.StoreMeta).filter(m.StoreMeta.key.in_(names)).all()
        return {r.key: r.value for r in rows}


def _set(store: Store, values: dict[str, str | None]) -> None:
    with store.session(command="backup.settings") as s:
        for key, value in values.items():
            row = s.get(m.StoreMeta, key)
            if value is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(m.StoreMeta(key=key, value=value))
            else:
                row.value = value


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def refresh_after_key_change(store: Store) -> str:
    """After a new passphrase or recovery key: give every backup of this store in the backup
    folder the store's key file now, so the old passphrase (or recovery key) no longer opens
    them. Returns a sentence for the user ("" when there is nothing to say)."""
    from ..store import backups as store_backups
    from ..store import keys as store_keys
    from ..store import keyslots

    raw = _get(store, KEY_FOLDER).get(KEY_FOLDER)
    if not raw:
        return ""
    folder = Path(raw)
    if not folder.is_dir():
        return ("The backup folder cannot be reached now, so its backups still open with the old "
                "passphrase or recovery key; they get the new ones at the next backup.")
    kf = keyslots.read_slots(store.path)
    data = store_keys.sidecar_path(store.path).read_bytes()
    failed = store_backups.refresh_key_files(folder, store_backups.id8_of(kf), kf, data)
    if failed:
        return (f"{len(failed)} backup(s) in the backup folder could not be given the new key "
                "file, so the old passphrase or recovery key may still open them.")
    return ""


def status(store: Store, now: datetime | None = None) -> BackupStatus:
    """Where backups go, when the last good one was made, whether one is due, and whether the
    app should ask (once) for a folder."""
    now = _utc(now)
    got = _get(store, KEY_FOLDER, KEY_LAST_OK, KEY_ASKED, KEY_FIRST_USE)
    first_use = _parse_time(got.get(KEY_FIRST_USE))
    if first_use is None:
        first_use = now
        _set(store, {KEY_FIRST_USE: now.isoformat()})
    folder = Path(got[KEY_FOLDER]) if got.get(KEY_FOLDER) else None
    last_ok = _parse_time(got.get(KEY_LAST_OK))
    due = folder is not None and (last_ok is None or now - last_ok >= DUE_AFTER)
    should_ask = folder is None and now - first_use >= ASK_AFTER and got.get(KEY_ASKED) != "1"
    return BackupStatus(folder=folder, last_ok=last_ok, due=due, should_ask=should_ask)


def set_folder(store: Store, folder: Path | None) -> None:
    """Choose the backup folder (None: no backups). It must be there and writable."""
    if folder is None:
        _set(store, {KEY_FOLDER: None})
        return
    folder = Path(folder).expanduser()
    store_backups.check_folder(folder)
    _check_not_the_store_folder(store, folder)
    _set(store, {KEY_FOLDER: str(folder.resolve())})


def _check_not_the_store_folder(store: Store, folder: Path) -> None:
    try:
        same = folder.resolve() == store.path.parent.resolve()
    except OSError:
        same = False
    if same:
        raise StoreError(_("That is the folder the store itself is in: a backup there is lost "
                           "with the store if the disk fails or the laptop is lost. Choose "
                           "another disk, a USB stick or a network share."))


def mark_asked(store: Store) -> None:
    _set(store, {KEY_ASKED: "1"})


def _entry(info: store_backups.BackupInfo) -> BackupEntry:
    return BackupEntry(path=info.path, taken_at=info.taken_at, families=info.families,
                       ok=bool(info.ok), problem=info.problem, size_bytes=info.size_bytes)


def _folder_or_set(store: Store, folder: Path | None) -> Path:
    if folder is not None:
        return Path(folder).expanduser()
    chosen = status(store).folder
    if chosen is None:
        raise StoreError(_("No backup folder has been chosen yet, so no backup was made; choose "
                           "one in Settings ▸ Backups."))
    return chosen


def back_up_now(store: Store, folder: Path | None = None,
                now: datetime | None = None) -> BackupEntry:
    """Back up into `folder` (the chosen folder when None), then rotate this store's backups
    there (7 daily, 4 weekly) and record the time of this good backup."""
    target = _folder_or_set(store, folder)
    when = _utc(now)
    info = store_backups.back_up(store, target, when)
    store_backups.prune(target, info.id8, when, keep=info.path)
    _set(store, {KEY_LAST_OK: info.taken_at.isoformat()})
    return _entry(info)


def run_if_due(store: Store, now: datetime | None = None) -> BackupEntry | None:
    """The daily backup, when one is due (a folder is set and the last good one is over a day
    old); None when none was due. A failure is a StoreError sentence to show quietly."""
    if not status(store, now).due:
        return None
    return back_up_now(store, None, now)


def list_backups(store: Store, folder: Path | None = None) -> list[BackupEntry]:
    """The backups in `folder` (the chosen folder when None), newest first, each checked with
    the open store's key: its date, families and whether it is sound. Backups of another store
    in the same folder are listed as such, not opened."""
    target = _folder_or_set(store, folder)
    return [_entry(i) for i in store_backups.list_backups(target, store.master_key())]


def list_backups_in(folder: Path, passphrase: str | None = None, *,
                    recovery_key: str | None = None) -> list[BackupEntry]:
    """The backups in `folder`, newest first, with no store open: each is checked with the key
    its own key file gives for the passphrase (or the recovery key)."""
    return [_entry(i) for i in store_backups.list_backups_unlocked(
        Path(folder), passphrase=passphrase, recovery_key=recovery_key)]


def restore(backup: Path, to: Path, *, passphrase: str | None = None,
            recovery_key: str | None = None, store: Store | None = None,
            replace: bool = False) -> tuple[Path, int]:
    """Restore `backup` as a store at `to` (a new file; with replace=True, whatever store is
    there is moved aside to `<to>.replaced-<time>` and kept). The backup is unlocked with the
    passphrase or the recovery key, or with the open `store`'s own key. The store at `to` must
    not be open (to restore over the open store, close it and give the passphrase). Returns
    (where the restored store is, how many families it holds)."""
    master = store.master_key() if store is not None and passphrase is None \
        and recovery_key is None else None
    info = store_backups.restore(Path(backup), Path(to), passphrase=passphrase,
                                 recovery_key=recovery_key, master=master, replace=replace)
    return info.path, info.families


def has_store_at(path: Path) -> bool:
    """Whether any file of a store (database, -wal, key file, seal) is at `path`."""
    return bool(store_backups.store_files_at(Path(path)))


# -- words ----------------------------------------------------------------------------------------

def date_words(d: date | datetime) -> str:
    """'1 December 2026' (Babel, en_GB); a datetime is shown in local time."""
    if isinstance(d, datetime):
        d = d.astimezone().date()
    try:
        from babel.dates import format_date
    except ImportError:  # Babel missing: the ISO date, never a hand-written month name
        return d.isoformat()
    return str(format_date(d, format="long", locale="en_GB"))


def time_words(t: datetime) -> str:
    """'1 December 2026, 14:05' in local time (Babel, en_GB)."""
    local = t.astimezone()
    try:
        from babel.dates import format_datetime
    except ImportError:
        return local.strftime("%Y-%m-%d %H:%M")
    return str(format_datetime(local, "d MMMM y, HH:mm", locale="en_GB"))


def _shown(path: Path) -> str:
    return f"…/{path.parent.name}/{path.name}" if path.parent.name else path.name


def describe_store_at(path: Path, store: Store | None = None, *,
                      passphrase: str | None = None) -> str:
    """One phrase naming what is at `path`, for a confirmation before it is replaced: "the
    store at …/data/safetymap.db (12 families, last changed 1 December 2026)". The families are
    counted with the open `store`'s key (when `path` is that store, or a copy of it) or with
    `passphrase`; otherwise the phrase says they could not be counted."""
    path = Path(path)
    files = store_backups.store_files_at(path)
    if not files:
        return f"nothing (there is no store at {_shown(path)})"
    families: int | None = None
    if store is not None and not store.closed:
        if path.resolve() == store.path.resolve():
            with store.session() as s:
                families = s.query(m.Family).count()
        else:
            families = store_backups.count_families(path, store.master_key())
    if families is None and passphrase is not None:
        families = _count_with_passphrase(path, passphrase)
    # the database and its -wal: a passphrase change touches only the key file
    data = [f for f in files if f.name in (path.name, path.name + "-wal") and f.exists()]
    changed = max(f.stat().st_mtime for f in (data or [f for f in files if f.exists()]))
    when = date_words(datetime.fromtimestamp(changed, UTC))
    if families is None:
        return (f"the store at {_shown(path)} (last changed {when}; its families could not be "
                "counted without its passphrase)")
    n = f"{families} famil{'y' if families == 1 else 'ies'}"
    return f"the store at {_shown(path)} ({n}, last changed {when})"


def _count_with_passphrase(path: Path, passphrase: str) -> int | None:
    from ..store import engine

    try:
        master = engine.unlock_master(path, passphrase=passphrase)
    except (StoreError, OSError):
        return None
    try:
        return store_backups.count_families(path, master)
    finally:
        master.wipe()


def size_words(n: int) -> str:
    """'1.2 MB', '640 KB'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{max(1, round(n / 1000))} KB"


__all__ = ["BackupEntry", "BackupStatus", "back_up_now", "date_words", "describe_store_at",
           "has_store_at", "list_backups", "list_backups_in", "mark_asked", "restore", "run_if_due", "set_folder",
           "size_words", "status", "time_words"]
