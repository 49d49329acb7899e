"""The encrypted store on real SQLCipher files: open, refuse, lock, permissions."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from safetymap.services import families
from safetymap.services import people as people_cmds
from safetymap.store import keys, keyslots
from safetymap.store.engine import Store, store_files
from safetymap.store.errors import (
    NotAStore,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".lock")
    }


def test_create_then_reopen_keeps_data(store_path, passphrase):
    with Store.create(store_path, passphrase) as s:
        fid = families.create_family(s, "Test family")
        people_cmds.add(s, fid, "Siôn Ŵyn", "child")
    with Store.open(store_path, passphrase) as s:
        doc = families.load_family(s, fid)
    assert doc["family"]["display_name"] == "Test family"
    assert [p["name"] for p in doc["people"]] == ["Siôn Ŵyn"]


def test_salt_is_the_sqlcipher_header_and_sidecar_has_no_secret(store, store_path, passphrase):
    salt = store_path.read_bytes()[:16]
    assert salt != b"SQLite format 3\x00"
    sidecar = keys.sidecar_path(store_path).read_text()
    assert passphrase not in sidecar
    assert '"argon2id"' in sidecar


def test_wrong_passphrase_is_refused_and_changes_nothing(store, store_path, passphrase):
    families.create_family(store, "Someone")
    store.close()
    before = _fingerprint(store_path.parent)
    with pytest.raises(WrongPassphrase) as err:
        Store.open(store_path, "not the passphrase")
    assert "passphrase" in str(err.value)
    assert _fingerprint(store_path.parent) == before
    # and the right one still works
    Store.open(store_path, passphrase).close()


def test_missing_store(tmp_path):
    with pytest.raises(StoreMissing):
        Store.open(tmp_path / "nope.db", "x")


def test_create_refuses_to_overwrite(store, store_path, passphrase):
    store.close()
    with pytest.raises(StoreExists):
        Store.create(store_path, passphrase)


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file\n" * 10, os.urandom(8192)])
def test_not_a_store(tmp_path, content):
    p = tmp_path / "thing.db"
    p.write_bytes(content)
    before = p.read_bytes()
    with pytest.raises((NotAStore, StoreDamaged)):
        Store.open(p, "whatever passphrase")
    assert p.read_bytes() == before
    assert not Path(str(p) + "-wal").exists()


def test_plain_sqlite_is_not_a_store(tmp_path):
    p = tmp_path / "plain.db"
    con = sqlite3.connect(p)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    with pytest.raises(NotAStore) as err:
        Store.open(p, "x")
    assert "unencrypted" in str(err.value)


def test_truncated_store_is_damaged(store, store_path, passphrase):
    families.create_family(store, "F")
    store.close()
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) - 1000])
    with pytest.raises(StoreDamaged):
        Store.open(store_path, passphrase)


def test_flipped_page_is_caught(store, store_path, passphrase):
    from safetymap.services.integrity import check_store

    for i in range(30):
        families.create_family(store, f"Family {i}")
    store.close()
    data = bytearray(store_path.read_bytes())
    assert len(data) > 4096 * 3
    data[4096 * 2 + 100] ^= 0xFF  # a byte in the middle of page 3
    store_path.write_bytes(bytes(data))
    try:
        s = Store.open(store_path, passphrase)
    except StoreDamaged:
        return  # refusing to open is a fine answer too
    with s:
        report = check_store(s)
    assert not report.ok


def test_files_are_private_and_wal_is_on(store, store_path):
    families.create_family(store, "F")
    for f in store_files(store_path) + [keys.sidecar_path(store_path)]:
        if f.exists():
            assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA temp_store")).scalar() == 2  # MEMORY


def test_second_process_is_told_the_store_is_in_use(store, store_path, passphrase):
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=passphrase)
    r = subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store_path), "families"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode != 0
    assert "already open" in r.stderr
    assert "Traceback" not in r.stderr


def test_same_process_second_open_is_locked_too(store, store_path, passphrase):
    with pytest.raises(StoreLocked):
        Store.open(store_path, passphrase)


def test_a_lost_key_file_is_named_and_changes_nothing(tmp_path):
    """A format-3 store's key is random: without its key file nothing opens it. The sentence
    says which file is missing and where a copy may be (a backup carries one)."""
    path = tmp_path / "real.db"
    with Store.create(path, "a long enough passphrase here") as s:
        families.create_family(s, "Kept")
    side = keys.sidecar_path(path)
    kept = side.read_bytes()
    side.unlink()
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        Store.open(path, "a long enough passphrase here")
    assert "real.db.kdf.json" in str(exc.value) and "missing" in str(exc.value)
    assert "backup" in str(exc.value)
    assert path.read_bytes() == before and not side.exists()
    side.write_bytes(kept)  # put back, it opens again
    with Store.open(path, "a long enough passphrase here") as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]


def test_a_lost_sidecar_of_a_format_1_store_still_opens_with_default_parameters(tmp_path):
    from tests.legacy_store import make_legacy_store

    path = tmp_path / "real.db"
    make_legacy_store(path, "a long enough passphrase here", keys.KdfParams(), fmt=1)
    keys.sidecar_path(path).unlink()
    with Store.open(path, "a long enough passphrase here") as s:
        assert s.key_file().has("passphrase")


def test_default_kdf_parameters_are_strong(tmp_path, monkeypatch):
    # the settings ARCHITECTURE.md promises ("Defaults: time_cost 3, memory 128 MiB, parallelism
    # 1"), well above the weakest a store may have
    strong = keys.KdfParams(time_cost=3, memory_kib=128 * 1024, parallelism=1)
    assert keys.KdfParams() == strong
    # ... and they are what a new store gets unless a test asks for the cheap ones
    monkeypatch.delenv("SAFETYMAP_TEST_FAST_KDF")
    assert keys.default_params() == strong
    # a new store's cost is calibrated on this machine: at least 64 MiB (timing is for bench)
    path = tmp_path / "strong" / "safetymap.db"
    Store.create(path, "a long enough passphrase here").close()
    made = keyslots.read_slots(path).passphrase_params()
    assert made.memory_kib >= 64 * 1024 and made.time_cost >= 1
    keys.check_params(made)
    monkeypatch.setenv("SAFETYMAP_TEST_FAST_KDF", "1")
    fast = keys.default_params()
    assert fast == keys.KdfParams.fast_for_tests() and fast.memory_kib < strong.memory_kib
