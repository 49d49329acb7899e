"""Stores as the previous versions made them (formats 1 and 2), for tests of the upgrade to key
slots (format 3) and of the older key settings files that are still read.

Before key slots, a store's SQLCipher key was Argon2id of the passphrase itself, with the store
file's own first 16 bytes (its SQLCipher header salt) as the Argon2id salt; the settings file
beside it (`<store>.kdf.json`) held the Argon2id cost: format 1 only that, format 2 also a copy
of the salt, a hash of the settings and a key-check value (store/keys.py). Format 2 keys came
from the passphrase in Unicode NFC; format 1 keys came from the text as typed, so an NFD
passphrase gave an NFD key.

`make_legacy_store` builds such a store with today's code: a format-3 store is created (same
schema, same `store_meta` format row, same seal), then re-encrypted (`PRAGMA rekey`, which keeps
the file's salt) with the key the previous version would have derived, its seal re-MACed under
that key, and its key file replaced by the old settings file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safetymap.store import engine, keys, seal
from safetymap.store.atomic import atomic_write_bytes

FORMAT_1_SALT_TEXT = "the store file's first 16 bytes (SQLCipher header salt)"


def legacy_key(passphrase: str, salt: bytes, params: keys.KdfParams, *,
               normalise: bool = True) -> keys.DerivedKey:
    """The key the previous versions derived: Argon2id of the passphrase (NFC since format 2; as
    typed before) with the file's own salt. The caller wipes it."""
    return keys.derive(keys.normalise(passphrase) if normalise else passphrase, salt, params)


def format_1_document(params: keys.KdfParams) -> bytes:
    """A format-1 settings file, as the first version wrote it (no salt, no key check)."""
    return json.dumps({
        "format": "safetymap-store", "format_version": 1, "cipher": keys.CIPHER_TEXT,
        "kdf": {"name": "argon2id", "argon2_version": 19, "salt": FORMAT_1_SALT_TEXT,
                "key_bytes": 32, "time_cost": params.time_cost,
                "memory_kib": params.memory_kib, "parallelism": params.parallelism}},
        indent=2).encode("utf-8")


def make_legacy_store(path: Path | str, passphrase: str,
                      params: keys.KdfParams | None = None, fmt: int = 2, *,
                      normalise: bool = True,
                      fill: Callable[[engine.Store], Any] | None = None) -> Path:
    """A closed store at `path` as a format-`fmt` version (1 or 2) left it: keyed directly with
    Argon2id(passphrase, the file's salt, `params`), its seal MACed under that key, and the
    format-1 or format-2 settings file beside it. `normalise=False`: the key comes from the
    passphrase as given (a format-1 store made with an NFD passphrase). `fill(store)` runs on the
    store before it is converted (to add families)."""
    if fmt not in (1, 2):
        raise ValueError("legacy stores are format 1 or 2")
    path = Path(path)
    params = params or keys.KdfParams.fast_for_tests()
    with engine.Store.create(path, passphrase, params=params) as s:
        if fill is not None:
            fill(s)
    salt = keys.read_salt(path)
    master = engine.unlock_master(path, passphrase=passphrase)
    legacy = legacy_key(passphrase, salt, params, normalise=normalise)
    master_seal = seal.derive_seal_key(master)
    legacy_seal = seal.derive_seal_key(legacy)
    try:
        sealed = seal.read_seal(seal.seal_path(path), master_seal)
        conn = engine.connect_with_master(path, master)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.reset_key(legacy.sqlcipher_key())  # sqlite3_rekey: same salt, new key
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        if sealed is not None:
            atomic_write_bytes(seal.seal_path(path), seal.encode(sealed, legacy_seal))
        if fmt == 2:
            keys.write_sidecar(path, params, salt, legacy)
        else:
            atomic_write_bytes(keys.sidecar_path(path), format_1_document(params))
    finally:
        master_seal[:] = bytes(len(master_seal))
        legacy_seal[:] = bytes(len(legacy_seal))
        master.wipe()
        legacy.wipe()
    for f in engine.store_files(path)[1:3]:  # -wal, -shm: the last connection removed them
        if f.exists():
            raise AssertionError(f"{f.name} was left behind")
    return path
