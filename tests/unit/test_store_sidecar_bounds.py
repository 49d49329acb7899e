"""The key file is plain text next to the store: anyone can edit it. Impossible or absurd
settings (zero, negative, terabytes of memory, hours of work) must be refused with the store's
own sentence, before any Argon2id is run, not crash, hang or exhaust memory while unlocking.

In a new store (format 3) the settings are a key slot's, and an unfinished move's record of the
old ones (`migrating_from`); in a store from before key slots (formats 1 and 2) they are the
settings file's `kdf`. Each is edited the way a deliberate editor would (the key file's checksum
or the format-2 `kdf_sha256` recomputed), so the bounds, not the checksum, are what refuse it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest

from safetymap.store import keys, keyslots
from safetymap.store.engine import Store
from safetymap.store.errors import KeySettingsDamaged, NotAStore

from ..conftest import PASSPHRASE
from ..legacy_store import make_legacy_store

ABSURD = [
    (0, 8192, 1), (-1, 8192, 1), (10**9, 8192, 1),          # hours of work, or none
    (1, 2**40, 1), (1, 8 * 1024 * 1024 * 1024, 1), (1, 4, 1),  # terabytes, or nothing
    (1, 8192, 0), (1, 8192, 10**6),
    (keys.MAX_TIME_COST + 1, 8192, 1), (1, keys.MAX_MEMORY_KIB + 1, 1),  # one step past
]

BOUNDS = {"time_cost": (keys.MIN_TIME_COST, keys.MAX_TIME_COST),
          "memory_kib": (keys.MIN_MEMORY_KIB, keys.MAX_MEMORY_KIB),
          "parallelism": (keys.MIN_PARALLELISM, keys.MAX_PARALLELISM)}


def _sentence(t: int, mem: int, par: int) -> str:
    """The store's sentence for the first setting out of bounds (they are read in this order)."""
    for name, value in (("time_cost", t), ("memory_kib", mem), ("parallelism", par)):
        lo, hi = BOUNDS[name]
        if not lo <= value <= hi:
            return ("The key settings file next to the store (safetymap.db.kdf.json) is damaged: "
                    f"its {name} setting is outside the range this version uses ({lo} to {hi}). "
                    "The store cannot be unlocked with it; nothing has been changed.")
    raise AssertionError("within bounds")


def _refused_before_deriving(store_path, monkeypatch, sentence: str) -> None:
    derived: list[object] = []
    real = keys.derive
    monkeypatch.setattr(keys, "derive", lambda *a: derived.append(a[1:]) or real(*a))
    before = {p.name: p.read_bytes() for p in store_path.parent.iterdir()
              if p.is_file() and not p.name.endswith(".lock")}
    with pytest.raises(NotAStore, match="key settings") as err:  # KeySettingsDamaged is one
        Store.open(store_path, PASSPHRASE)
    assert isinstance(err.value, KeySettingsDamaged) and str(err.value) == sentence
    assert derived == []
    assert {p.name: p.read_bytes() for p in store_path.parent.iterdir()
            if p.is_file() and not p.name.endswith(".lock")} == before


def _write_key_file(store_path, doc: dict) -> None:
    body = {k: v for k, v in doc.items() if k != "checksum"}
    body["checksum"] = hashlib.sha256(keyslots.canonical(body)).hexdigest()
    keys.sidecar_path(store_path).write_text(json.dumps(body))


@pytest.mark.parametrize("t,mem,par", ABSURD)
def test_absurd_slot_settings_are_refused(store, store_path, monkeypatch, t, mem, par):
    store.close()
    side = keys.sidecar_path(store_path)
    doc = json.loads(side.read_text())
    (slot,) = [s for s in doc["slots"] if s["kind"] == "passphrase"]
    slot["kdf"].update(time_cost=t, memory_kib=mem, parallelism=par)
    _write_key_file(store_path, doc)
    _refused_before_deriving(store_path, monkeypatch, _sentence(t, mem, par))


@pytest.mark.parametrize("t,mem,par", ABSURD)
def test_absurd_settings_in_an_unfinished_move_are_refused(store, store_path, monkeypatch,
                                                           t, mem, par):
    store.close()
    doc = json.loads(keys.sidecar_path(store_path).read_text())
    doc["migrating_from"] = {"name": "argon2id", "argon2_version": 19, "key_bytes": 32,
                             "salt": doc["store_salt"], "time_cost": t, "memory_kib": mem,
                             "parallelism": par}
    _write_key_file(store_path, doc)
    _refused_before_deriving(store_path, monkeypatch, _sentence(t, mem, par))


@pytest.mark.parametrize("fmt", [1, 2])
@pytest.mark.parametrize("t,mem,par", ABSURD)
def test_absurd_kdf_settings_of_an_older_store_are_refused(store_path, monkeypatch, fmt,
                                                           t, mem, par):
    make_legacy_store(store_path, PASSPHRASE, fmt=fmt)
    side = keys.sidecar_path(store_path)
    doc = json.loads(side.read_text())
    doc["kdf"].update(time_cost=t, memory_kib=mem, parallelism=par)
    if fmt == 2:  # the settings check value recomputed: the bounds must refuse it
        doc["kdf_sha256"] = hashlib.sha256(json.dumps(
            doc["kdf"], sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    side.write_text(json.dumps(doc))
    _refused_before_deriving(store_path, monkeypatch, _sentence(t, mem, par))


def test_control_the_same_edits_within_bounds_are_read(store, store_path):
    """The files above are refused for their settings alone: the same edit with settings in
    bounds is read (and, the slot's settings being bound into its wrapped key, opens nothing
    rather than opening with other settings)."""
    store.close()
    doc = json.loads(keys.sidecar_path(store_path).read_text())
    (slot,) = [s for s in doc["slots"] if s["kind"] == "passphrase"]
    slot["kdf"].update(time_cost=keys.MAX_TIME_COST, memory_kib=keys.MIN_MEMORY_KIB,
                       parallelism=keys.MAX_PARALLELISM)
    _write_key_file(store_path, doc)
    kf = keyslots.read_slots(store_path)
    assert kf.passphrase_params() == keys.KdfParams(keys.MAX_TIME_COST, keys.MIN_MEMORY_KIB,
                                                    keys.MAX_PARALLELISM)
    assert keyslots.unwrap_with_passphrase(kf, PASSPHRASE) is None


def test_default_and_test_settings_are_within_bounds():
    for p in (keys.KdfParams(), keys.KdfParams.fast_for_tests(), keyslots.creation_params(),
              keys.KdfParams(1, keyslots.MIN_CALIBRATED_MEMORY_KIB, 1)):
        for name, (lo, hi) in BOUNDS.items():
            assert lo <= getattr(p, name) <= hi, (p, name)
        keys.check_params(p)  # the reader accepts what this version writes
        # ... and the reader's bounds are those: one step past either end of each is refused
        for name, (lo, hi) in BOUNDS.items():
            for bad in (lo - 1, hi + 1):
                with pytest.raises(ValueError, match="^key derivation settings out of bounds$"):
                    keys.check_params(dataclasses.replace(p, **{name: bad}))


def test_a_slot_is_never_written_with_settings_out_of_bounds(store):
    """What the reader would refuse is never written: a new slot checks its settings first."""
    master = store.master_key()
    kf = store.key_file()
    for bad in (keys.KdfParams(keys.MAX_TIME_COST + 1, 8192, 1),
                keys.KdfParams(1, keys.MAX_MEMORY_KIB + 1, 1), keys.KdfParams(1, 8192, 0)):
        with pytest.raises(ValueError, match="out of bounds"):
            keyslots.passphrase_slot(master, kf.store_salt, PASSPHRASE, bad)
        with pytest.raises(ValueError, match="out of bounds"):
            store.change_passphrase(PASSPHRASE, "another passphrase, never written", bad)
    assert store.key_file() == kf
