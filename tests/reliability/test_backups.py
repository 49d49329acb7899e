"""Backups and restore (store/backups.py, services/backups.py, `safetymap backup|backups|restore`).

The promises: a backup is a whole, verified copy that opens with the passphrase and with the
recovery key; a damaged backup (a flipped byte, cut short, no key file) is detected and refused
before anything at the restore's target changes; a restore never overwrites a store silently; a
full backup disk leaves nothing behind and says so truly; a backup killed at any moment never
leaves a file with a backup's final name that fails to verify. Each attack has a control that
shows the condition is real (the same backup undamaged passes; the file was there to clean up).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pty
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from safetymap.services import backups as svc
from safetymap.services import childs_voice, families
from safetymap.services.export_json import export_family_json
from safetymap.services.integrity import check_store
from safetymap.store import backups, engine, keys
from safetymap.store.engine import Store
from safetymap.store.errors import DiskFull, StoreDamaged, StoreError, StoreExists, StoreLocked

from ..conftest import PASSPHRASE, copy_demo_store

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _exports(store: Store, out: Path) -> dict[str, object]:
    """Every family (archived too) as the JSON export writes it, by uid."""
    out.mkdir(parents=True, exist_ok=True)
    docs: dict[str, object] = {}
    for f in families.list_families(store, include_archived=True):
        target = out / f"{f.id}.json"
        export_family_json(store, f.id, target)
        docs[f.uid] = json.loads(target.read_text("utf-8"))
    return docs


@pytest.fixture
def demo_path(tmp_path: Path, demo_template) -> Path:
    p = tmp_path / "store" / "safetymap.db"
    copy_demo_store(p)
    return p


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    f = tmp_path / "usb"
    f.mkdir()
    return f


def _backup(store_path: Path, folder: Path, now: datetime = NOW) -> backups.BackupInfo:
    with Store.open(store_path, PASSPHRASE) as s:
        return backups.back_up(s, folder, now)


# -- the round trip -------------------------------------------------------------------------------

def test_restored_families_equal_the_originals_by_json_export(demo_path, folder, tmp_path):
    with Store.open(demo_path, PASSPHRASE) as s:
        families.set_archived(s, families.list_families(s)[0].id, True)  # archived ones too
        info = backups.back_up(s, folder, NOW)
        before = _exports(s, tmp_path / "json-before")
    assert len(before) == 3 and info.families == 3 and info.ok
    to = tmp_path / "restored" / "safetymap.db"
    result = backups.restore(info.path, to, passphrase=PASSPHRASE)
    assert result.path == to and result.families == 3 and result.replaced_kept_as is None
    with Store.open(to, PASSPHRASE) as r:
        assert r.integrity_warnings == []  # no "seal missing": the copy carries its own seal
        after = _exports(r, tmp_path / "json-after")
        report = check_store(r)
    assert after == before
    assert report.ok, report.problems


def test_backup_key_file_is_the_stores_and_opens_with_passphrase_and_recovery_key(
        store_path, folder, tmp_path):
    with Store.create(store_path, PASSPHRASE) as s:
        recovery = s.recovery_key
        assert recovery
        families.create_family(s, "Evans family")
        info = backups.back_up(s, folder, NOW)
    live = keys.sidecar_path(store_path).read_bytes()
    assert keys.sidecar_path(info.path).read_bytes() == live  # byte for byte
    assert info.path.read_bytes()[:16] == store_path.read_bytes()[:16]  # the store's salt
    for how in ({"passphrase": PASSPHRASE}, {"recovery_key": recovery}):
        master = engine.unlock_master(info.path, **how)
        try:
            assert backups.verify(info.path, master).families == 1
        finally:
            master.wipe()
    to = tmp_path / "by-recovery" / "safetymap.db"
    assert backups.restore(info.path, to, recovery_key=recovery).families == 1
    with Store.open(to, PASSPHRASE) as r:  # the restored store keeps the passphrase slot
        assert [f.display_name for f in families.list_families(r)] == ["Evans family"]
        assert r.integrity_warnings == []


def test_backup_name_says_nothing_of_the_store_or_its_families(tmp_path, folder):
    path = tmp_path / "Jones family caseload" / "jones.db"
    with Store.create(path, PASSPHRASE) as s:
        families.create_family(s, "Jones family")
        info = backups.back_up(s, folder, NOW)
        id8 = s.key_file().master_check[:8]
    assert info.path.name == f"safetymap-backup-20261201T093000Z-{id8}.db"
    assert "jones" not in " ".join(p.name.lower() for p in folder.iterdir())


def test_backup_writes_nothing_in_the_stores_folder(demo_path, folder):
    with Store.open(demo_path, PASSPHRASE) as s:
        before = _fingerprint(demo_path.parent)
        backups.back_up(s, folder, NOW)
        assert _fingerprint(demo_path.parent) == before


# -- damaged backups ------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["salt", "page one", "middle", "last page"])
def test_a_flipped_byte_is_detected_and_restore_refuses(demo_path, folder, tmp_path, where):
    info = _backup(demo_path, folder)
    master = engine.unlock_master(info.path, passphrase=PASSPHRASE)
    try:
        assert backups.verify(info.path, master).ok  # control: the same backup, undamaged
        size = info.path.stat().st_size
        offset = {"salt": 3, "page one": 2000, "middle": (size // 2) + 100,
                  "last page": size - 100}[where]
        _flip(info.path, offset)
        with pytest.raises(StoreDamaged) as err:
            backups.verify(info.path, master)
        assert info.path.name in str(err.value) and "damaged" in str(err.value)
    finally:
        master.wipe()
    to = tmp_path / "restored" / "safetymap.db"
    with pytest.raises(StoreDamaged):
        backups.restore(info.path, to, passphrase=PASSPHRASE)
    assert not to.parent.exists()  # nothing at all was made for the restore


@pytest.mark.parametrize("cut", ["mid-page", "whole pages"])
def test_a_truncated_backup_is_detected(demo_path, folder, tmp_path, cut):
    info = _backup(demo_path, folder)
    master = engine.unlock_master(info.path, passphrase=PASSPHRASE)
    try:
        assert backups.verify(info.path, master).ok  # control
        size = info.path.stat().st_size
        keep = size - 1000 if cut == "mid-page" else size - 2 * engine.PAGE_SIZE
        with open(info.path, "rb+") as fh:
            fh.truncate(keep)
        with pytest.raises(StoreDamaged) as err:
            backups.verify(info.path, master)
        assert "cut short" in str(err.value) or "does not check out" in str(err.value)
    finally:
        master.wipe()
    with pytest.raises(StoreDamaged):
        backups.restore(info.path, tmp_path / "r" / "s.db", passphrase=PASSPHRASE)
    assert not (tmp_path / "r").exists()


def test_a_missing_key_file_is_detected_and_restore_refuses(demo_path, folder, tmp_path):
    info = _backup(demo_path, folder)
    master = engine.unlock_master(info.path, passphrase=PASSPHRASE)
    try:
        assert backups.verify(info.path, master).ok  # control
        keys.sidecar_path(info.path).unlink()
        with pytest.raises(StoreDamaged) as err:
            backups.verify(info.path, master)
        assert "key file" in str(err.value) and "missing" in str(err.value)
    finally:
        master.wipe()
    with pytest.raises(StoreDamaged) as err:
        backups.restore(info.path, tmp_path / "r" / "s.db", passphrase=PASSPHRASE)
    assert "missing" in str(err.value)
    assert not (tmp_path / "r").exists()


def test_a_missing_seal_does_not_stop_a_restore_and_is_reported(demo_path, folder, tmp_path):
    info = _backup(demo_path, folder)
    (info.path.with_name(info.path.name + ".seal")).unlink()
    to = tmp_path / "r" / "safetymap.db"
    assert backups.restore(info.path, to, passphrase=PASSPHRASE).families == 3
    with Store.open(to, PASSPHRASE) as r:
        assert any("no seal file" in w for w in r.integrity_warnings)


# -- restore never overwrites silently ------------------------------------------------------------

def test_restore_refuses_a_store_already_there_and_changes_nothing(demo_path, folder):
    info = _backup(demo_path, folder)
    with Store.open(demo_path, PASSPHRASE) as s:  # the live store moves on after the backup
        families.create_family(s, "Added after the backup")
    before = _fingerprint(demo_path.parent)
    with pytest.raises(StoreExists) as err:
        backups.restore(info.path, demo_path, passphrase=PASSPHRASE)
    assert "safetymap.db" in str(err.value) and "nothing has been changed" in str(err.value)
    assert _fingerprint(demo_path.parent) == before
    # each file of a store alone counts as a store being there
    for suffix in ("-wal", ".kdf.json", ".seal"):
        lone = demo_path.parent / "lone" / "x.db"
        lone.parent.mkdir(exist_ok=True)
        Path(str(lone) + suffix).write_bytes(b"something")
        with pytest.raises(StoreExists) as err:
            backups.restore(info.path, lone, passphrase=PASSPHRASE)
        assert "x.db" + suffix in str(err.value)
        assert not lone.exists()
        Path(str(lone) + suffix).unlink()


def test_replace_keeps_the_old_store_aside(demo_path, folder):
    info = _backup(demo_path, folder)
    with Store.open(demo_path, PASSPHRASE) as s:
        families.create_family(s, "Added after the backup")
    old = _fingerprint(demo_path.parent)
    assert old["safetymap.db"] != hashlib.sha256(info.path.read_bytes()).hexdigest()
    result = backups.restore(info.path, demo_path, passphrase=PASSPHRASE, replace=True)
    kept = result.replaced_kept_as
    assert kept is not None and kept.name.startswith("safetymap.db.replaced-")
    # the old store's files, byte for byte, under the kept name (db, key file, seal, any -wal)
    moved = {n.replace(kept.name, "safetymap.db"): h for n, h in _fingerprint(
        demo_path.parent).items() if n.startswith(kept.name)}
    assert moved == old
    with Store.open(kept, PASSPHRASE) as s:  # still a store that opens, with its own changes
        assert len(families.list_families(s)) == 4
    with Store.open(demo_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
        assert s.integrity_warnings == []


def test_replace_is_refused_while_the_store_is_open(demo_path, folder):
    info = _backup(demo_path, folder)
    with Store.open(demo_path, PASSPHRASE):
        before = _fingerprint(demo_path.parent)
        with pytest.raises(StoreLocked):
            backups.restore(info.path, demo_path, passphrase=PASSPHRASE, replace=True)
        assert _fingerprint(demo_path.parent) == before


# -- a full or missing backup folder --------------------------------------------------------------

def _enospc(*_a, **_k):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("stage", ["copy", "fsync", "key file"])
def test_a_full_disk_leaves_no_partial_and_says_so(demo_path, folder, monkeypatch, stage):
    seen: list[list[str]] = []
    real_copy = backups._copy_database

    def copy_then_full(src, dest, master, salt):
        real_copy(src, dest, master, salt)
        seen.append(sorted(p.name for p in folder.iterdir()))
        raise OSError(errno.ENOSPC, "No space left on device")

    def full_after_looking(*a, **k):
        seen.append(sorted(p.name for p in folder.iterdir()))
        _enospc()

    target = {"copy": ("_copy_database", copy_then_full),
              "fsync": ("_fsync_file", full_after_looking),
              "key file": ("atomic_write_bytes", full_after_looking)}[stage]
    monkeypatch.setattr(backups, *target)
    with Store.open(demo_path, PASSPHRASE) as s:
        with pytest.raises(DiskFull) as err:
            backups.back_up(s, folder, NOW)
    assert str(err.value) == (
        "The backup folder “usb” is full, so no backup was made; the store itself is fine and "
        "nothing in it has changed. Free some space there (or choose another folder), then back "
        "up again.")
    # control: when the disk filled up, the partial copy was there to be cleaned up
    assert any(n.endswith(".db.partial") for n in seen[0]), seen
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    with Store.open(demo_path, PASSPHRASE) as s:  # the store is fine, and the next one works
        assert backups.back_up(s, folder, NOW).families == 3


def test_a_missing_folder_is_a_sentence(demo_path, tmp_path):
    with Store.open(demo_path, PASSPHRASE) as s:
        with pytest.raises(StoreError) as err:
            backups.back_up(s, tmp_path / "stick", NOW)
    assert str(err.value).startswith("The backup folder “stick” is not there")
    assert not (tmp_path / "stick").exists()  # not made: a stick that is not plugged in


# -- SIGKILL at random moments --------------------------------------------------------------------

def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SAFETYMAP_RECOVERY_KEY", None)
    env.update({"SAFETYMAP_PASSPHRASE": PASSPHRASE, "SAFETYMAP_HOME": str(tmp_path / "home"),
                "SAFETYMAP_TEST_FAST_KDF": "1", **extra})
    return env


def test_sigkill_never_leaves_a_final_backup_that_fails_verify(demo_path, folder, tmp_path):
    with Store.open(demo_path, PASSPHRASE) as s:  # big enough that a kill can land mid-copy
        fid = families.list_families(s)[0].id
        childs_voice.add_drawing(s, fid, random.Random(5).randbytes(16 * 1024 * 1024))
    cmd = [sys.executable, "-m", "safetymap", "--store", str(demo_path), "backup", "--to",
           str(folder)]
    env = _env(tmp_path)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
    whole = time.perf_counter() - t0
    rng = random.Random(12)
    mid_copy = 0
    for trial in range(10):
        partials = {p.name for p in folder.iterdir() if ".partial" in p.name}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if trial % 2:  # a random moment of the whole run
            time.sleep(rng.uniform(0.3, 1.0) * whole)
        else:  # a random moment once the copy has begun
            deadline = time.perf_counter() + whole * 3
            while time.perf_counter() < deadline and proc.poll() is None \
                    and not any(p.name.endswith(".partial") for p in folder.iterdir()):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.4))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if {p.name for p in folder.iterdir() if ".partial" in p.name} - partials:
            mid_copy += 1  # the kill landed while this run's copy was being written
        master = engine.unlock_master(demo_path, passphrase=PASSPHRASE)
        try:
            for p in folder.iterdir():
                if backups.parse_name(p.name):
                    assert backups.verify(p, master).families == 3, (trial, p.name)
        finally:
            master.wipe()
    assert mid_copy >= 1  # control: some kills really cut a copy short
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    # the next run cleared what the killed ones left (a partial copy, a key file alone)
    names = [p.name for p in folder.iterdir()]
    assert not [n for n in names if ".partial" in n], names
    assert all(backups.parse_name(n.removesuffix(".kdf.json").removesuffix(".seal"))
               for n in names), names


def test_the_next_backup_clears_only_this_stores_leftovers(demo_path, folder):
    with Store.open(demo_path, PASSPHRASE) as s:
        id8 = s.key_file().master_check[:8]
    old = backups.backup_name(NOW - timedelta(days=1), id8)
    ours = [old + ".partial", old + ".partial-journal", old + ".kdf.json", old + ".seal",
            f".{old}.kdf.json.k2x9a1b7.partial"]
    theirs = [old.replace(id8, "ffffffff") + ".partial", "notes.partial", old + ".partial.txt",
              f".{old}.kdf.json.k2x9a1b7.partial.keep"]
    for n in ours + theirs:
        (folder / n).write_bytes(b"left")
    assert all((folder / n).exists() for n in ours)  # control: they were there to clear
    info = _backup(demo_path, folder)
    names = {p.name for p in folder.iterdir()}
    assert not names & set(ours)
    assert set(theirs) <= names
    assert {info.path.name, info.path.name + ".kdf.json", info.path.name + ".seal"} <= names


# -- listing, other stores, key files brought up to date ------------------------------------------

def test_list_marks_another_stores_backups_and_does_not_open_them(demo_path, folder, tmp_path):
    other_path = tmp_path / "other" / "safetymap.db"
    with Store.create(other_path, PASSPHRASE) as o:
        other = backups.back_up(o, folder, NOW - timedelta(days=1))
    mine = _backup(demo_path, folder)
    with Store.open(demo_path, PASSPHRASE) as s:
        listed = backups.list_backups(folder, s.master_key())
    assert [i.path for i in listed] == [mine.path, other.path]  # newest first
    assert listed[0].ok and listed[0].families == 3
    assert listed[1].other_store and listed[1].ok is False and listed[1].families is None
    assert "another store" in listed[1].problem


def test_a_changed_passphrase_opens_older_backups_too(demo_path, folder):
    first = _backup(demo_path, folder, NOW - timedelta(days=2))
    with Store.open(demo_path, PASSPHRASE) as s:
        s.change_passphrase(PASSPHRASE, "a new passphrase for the kitchen table")
    # control: the older backup's key file still has the old passphrase only
    master = engine.unlock_master(first.path, passphrase=PASSPHRASE)
    master.wipe()
    with Store.open(demo_path, "a new passphrase for the kitchen table") as s:
        backups.back_up(s, folder, NOW)
    assert keys.sidecar_path(first.path).read_bytes() == keys.sidecar_path(demo_path).read_bytes()
    master = engine.unlock_master(first.path, passphrase="a new passphrase for the kitchen table")
    master.wipe()
    with pytest.raises(StoreError):
        engine.unlock_master(first.path, passphrase=PASSPHRASE)


# -- the services layer ---------------------------------------------------------------------------

def test_status_due_and_asking_once(demo_path, folder):
    with Store.open(demo_path, PASSPHRASE) as s:
        st = svc.status(s, NOW)
        assert st == svc.BackupStatus(folder=None, last_ok=None, due=False, should_ask=False)
        assert svc.status(s, NOW + timedelta(days=6, hours=23)).should_ask is False
        assert svc.status(s, NOW + timedelta(days=7)).should_ask is True
        svc.mark_asked(s)
        assert svc.status(s, NOW + timedelta(days=8)).should_ask is False
        with pytest.raises(StoreError):
            svc.back_up_now(s, None, NOW)  # no folder: a sentence, nothing made
        svc.set_folder(s, folder)
        assert svc.status(s, NOW).due is True
        assert svc.run_if_due(s, NOW) is not None
        st = svc.status(s, NOW + timedelta(hours=23))
        assert st.last_ok == NOW and st.due is False and st.folder == folder.resolve()
        assert svc.run_if_due(s, NOW + timedelta(hours=23)) is None
        entry = svc.run_if_due(s, NOW + timedelta(hours=24))
        assert entry is not None and entry.ok and entry.families == 3
        listed = svc.list_backups(s)
        assert [e.taken_at for e in listed] == [NOW + timedelta(hours=24), NOW]
    with Store.open(demo_path, PASSPHRASE) as s:  # kept inside the store
        assert svc.status(s, NOW + timedelta(hours=25)).folder == folder.resolve()


def test_set_folder_refuses_what_cannot_be_used(demo_path, tmp_path):
    with Store.open(demo_path, PASSPHRASE) as s:
        with pytest.raises(StoreError, match="is not there"):
            svc.set_folder(s, tmp_path / "nowhere")
        (tmp_path / "afile").write_text("x")
        with pytest.raises(StoreError, match="is a file"):
            svc.set_folder(s, tmp_path / "afile")
        with pytest.raises(StoreError, match="the store itself is in"):
            svc.set_folder(s, demo_path.parent)
        assert svc.status(s, NOW).folder is None


def test_describe_store_at_names_families_and_last_change(demo_path, tmp_path):
    with Store.open(demo_path, PASSPHRASE) as s:
        said = svc.describe_store_at(demo_path, s)
    today = svc.date_words(datetime.now(UTC))
    assert said == f"the store at …/store/safetymap.db (3 families, last changed {today})"
    assert svc.describe_store_at(demo_path, passphrase=PASSPHRASE) == said
    assert "could not be counted" in svc.describe_store_at(demo_path)
    assert svc.describe_store_at(tmp_path / "none.db").startswith("nothing")


def test_services_restore_with_the_open_stores_key(demo_path, folder, tmp_path):
    with Store.open(demo_path, PASSPHRASE) as s:
        entry = svc.back_up_now(s, folder, NOW)
        path, n = svc.restore(entry.path, tmp_path / "copy" / "s.db", store=s)
    assert n == 3 and path == tmp_path / "copy" / "s.db"
    with Store.open(path, PASSPHRASE) as r:
        assert r.integrity_warnings == []


# -- the command line -----------------------------------------------------------------------------

def _run(tmp_path: Path, *args: str, stdin=subprocess.DEVNULL, **extra: str):
    return subprocess.run([sys.executable, "-m", "safetymap", *args], capture_output=True,
                          text=True, env=_env(tmp_path, **extra), stdin=stdin, timeout=120)


def _one_sentence(r) -> str:
    assert r.returncode != 0 and "Traceback" not in r.stderr
    lines = [x for x in r.stderr.strip().splitlines() if x.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_cli_backup_remembers_the_folder_and_lists(demo_path, folder, tmp_path):
    store = ("--store", str(demo_path))
    r = _run(tmp_path, *store, "backup")
    assert "No backup folder has been chosen yet" in _one_sentence(r)
    r = _run(tmp_path, *store, "backup", "--to", str(folder))
    assert r.returncode == 0, r.stderr
    assert "Backed up 3 families to" in r.stdout and "is now the backup folder" in r.stdout
    r = _run(tmp_path, *store, "backup")  # no --to: the remembered folder
    assert r.returncode == 0, r.stderr
    assert "is now the backup folder" not in r.stdout
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".db"))
    assert len(names) == 1  # the same day: the newer one is kept (7 daily, 4 weekly)
    r = _run(tmp_path, *store, "backups")
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if names[0] in x)
    assert "3 families" in line and " ok " in line and "KB" in line
    r = _run(tmp_path, "backups", "--in", str(folder))  # no store at all
    assert r.returncode == 0, r.stderr
    assert names[0] in r.stdout and "3 families" in r.stdout
    r = _run(tmp_path, "backups", "--in", str(folder), SAFETYMAP_PASSPHRASE="wrong one here")
    assert r.returncode == 0 and "does not open with that passphrase" in r.stdout


def test_cli_restore_to_a_new_path(demo_path, folder, tmp_path):
    info = _backup(demo_path, folder)
    to = tmp_path / "new" / "safetymap.db"
    r = _run(tmp_path, "restore", str(info.path), "--to", str(to))
    assert r.returncode == 0, r.stderr
    assert f"Restored 3 families into {to}" in r.stdout
    r = _run(tmp_path, "--store", str(to), "check")
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_cli_restore_with_the_recovery_key(store_path, folder, tmp_path):
    with Store.create(store_path, PASSPHRASE) as s:
        recovery = s.recovery_key or ""
        families.create_family(s, "Evans family")
        info = backups.back_up(s, folder, NOW)
    to = tmp_path / "new" / "s.db"
    r = _run(tmp_path, "restore", str(info.path), "--to", str(to), "--recovery",
             SAFETYMAP_PASSPHRASE="not the passphrase", SAFETYMAP_RECOVERY_KEY=recovery)
    assert r.returncode == 0, r.stderr
    assert "Restored 1 family into" in r.stdout


def test_cli_restore_onto_a_store_without_a_terminal_is_refused(demo_path, folder, tmp_path):
    info = _backup(demo_path, folder)
    before = _fingerprint(demo_path.parent)
    r = _run(tmp_path, "restore", str(info.path), "--to", str(demo_path))
    assert "There is already a store at" in _one_sentence(r)
    assert _fingerprint(demo_path.parent) == before


def _run_on_terminal(tmp_path: Path, args: list[str], answer: str):
    """Run with a pseudo-terminal as stdin (so the command may ask) and type `answer`."""
    master_fd, slave_fd = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "safetymap", *args], stdin=slave_fd,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=_env(tmp_path))
        os.write(master_fd, (answer + "\n").encode())
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master_fd)
        os.close(slave_fd)
    return proc.returncode, out, err


def test_cli_restore_onto_a_store_asks_and_names_what_is_replaced(demo_path, folder, tmp_path):
    info = _backup(demo_path, folder)
    with Store.open(demo_path, PASSPHRASE) as s:
        families.create_family(s, "Added after the backup")
    before = _fingerprint(demo_path.parent)
    args = ["restore", str(info.path), "--to", str(demo_path)]
    code, out, err = _run_on_terminal(tmp_path, args, "no")
    assert code != 0 and "Nothing has been replaced" in err
    assert "This replaces the store at …/store/safetymap.db (4 families, last changed" in out
    assert _fingerprint(demo_path.parent) == before  # control: a "no" changes nothing
    code, out, err = _run_on_terminal(tmp_path, args, "replace")
    assert code == 0, err
    assert "Restored 3 families" in out and "is kept as" in out
    kept = [p for p in demo_path.parent.iterdir() if p.name.startswith("safetymap.db.replaced-")
            and p.name.count(".") == 2]
    assert len(kept) == 1
    with Store.open(kept[0], PASSPHRASE) as s:
        assert len(families.list_families(s)) == 4


def test_replacing_with_a_backup_made_before_a_passphrase_change_keeps_todays_passphrase(
        demo_path, folder, tmp_path):
    """The backup's own key file still holds the old passphrase (no backup ran since the change).
    Replacing the store with it must work with today's passphrase, and the restored store must
    open with it (the key file in use is kept)."""
    info = _backup(demo_path, folder)
    new = "a passphrase changed after the backup"
    engine.change_passphrase(demo_path, PASSPHRASE, new)
    # control: the backup's own key file does not know the new passphrase
    with pytest.raises(StoreError, match="does not open the backup"):
        backups.restore(info.path, tmp_path / "elsewhere.db", passphrase=new)
    result = backups.restore(info.path, demo_path, passphrase=new, replace=True)
    assert result.families == info.families
    with Store.open(demo_path, new) as s:
        assert len(families.list_families(s)) == info.families
    with pytest.raises(StoreError):
        Store.open(demo_path, PASSPHRASE)


def test_a_passphrase_change_gives_the_backups_in_the_folder_the_new_passphrase_at_once(
        demo_path, folder):
    from safetymap.services import security

    with Store.open(demo_path, PASSPHRASE) as s:
        svc.set_folder(s, folder)
        info = svc.back_up_now(s)
    new = "a passphrase changed after the backup"
    # control: a change made without the services (no folder known) leaves the backup as it was
    engine.change_passphrase(demo_path, PASSPHRASE, new)
    engine.unlock_master(info.path, passphrase=PASSPHRASE).wipe()
    engine.change_passphrase(demo_path, new, PASSPHRASE)
    with Store.open(demo_path, PASSPHRASE) as s:
        security.change_passphrase(s, PASSPHRASE, new)
    # the backup opens with the new passphrase only, with no backup run in between
    engine.unlock_master(info.path, passphrase=new).wipe()
    with pytest.raises(StoreError):
        engine.unlock_master(info.path, passphrase=PASSPHRASE)
