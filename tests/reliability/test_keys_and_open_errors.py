"""The promises hold at the edges: opening a store says what is really wrong.

Each attack below damages a store or its key file (`<store>.kdf.json`) the way a bad disk, a
copy from elsewhere or a hostile edit would, and asserts the exact sentence a person is shown,
that a refused open changed nothing, and (where the file itself is at fault) that nothing was
derived first. Each has a control showing that the condition it detects is real (the raw fact
the code acts on, or the older format giving the older answer).

Two kinds of store are attacked:

* a new store (format 3, key slots: a random master key wrapped by the passphrase, with the
  store salt, a master-key check and a checksum in the key file);
* a store as the previous versions left it (format 1 or 2: the key is Argon2id of the
  passphrase; tests/legacy_store.py builds one). Its settings file is still read and checked in
  the same way, with the same sentences, before anything is derived; a successful open moves it
  to format 3 after a backup copy (with the old settings file beside it).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from safetymap.services import families
from safetymap.store import engine as engine_mod
from safetymap.store import keys, keyslots, seal
from safetymap.store.engine import Store, head_revision, probe_page_one
from safetymap.store.errors import (
    DISK_FULL_SENTENCE,
    DiskFull,
    KeySettingsDamaged,
    NotAStore,
    StoreDamaged,
    StoreError,
    WrongPassphrase,
)

from ..conftest import PASSPHRASE
from ..legacy_store import format_1_document, legacy_key, make_legacy_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_PASSPHRASE = "fixture store passphrase one two three"
OTHER_PASSPHRASE = "a quite different passphrase for store b"
WRONG = "That passphrase does not unlock this store; nothing has been changed."
SIDE = "safetymap.db.kdf.json"
DAMAGED_RIGHT_PASSPHRASE = ("safetymap.db is damaged and cannot be read, although the passphrase "
                            "is right; nothing has been changed. Restore it from a backup copy.")
# format 3: the key file's salt and the store file's first 16 bytes
SALT_DAMAGED_KEY_RIGHT = (
    "The first 16 bytes of safetymap.db are damaged (they no longer match the salt recorded in "
    f"{SIDE}); the key is right and the rest of the file can still be read. Nothing has been "
    "changed. Restore it from a backup copy.")
START_DOES_NOT_MATCH_KEY_FILE = (
    f"The start of safetymap.db does not match its key file ({SIDE}): either the first 16 "
    "bytes of the store file are damaged, or the key file belongs to another store. Nothing has "
    "been changed.")
# formats 1 and 2: the settings file's recorded salt
SALT_DAMAGED_PASSPHRASE_RIGHT = (
    "The first 16 bytes of safetymap.db are damaged (they no longer match the salt recorded in "
    f"{SIDE}); the passphrase is right and the rest of the file can still be read. Nothing has "
    "been changed. Restore it from a backup copy.")
START_DOES_NOT_MATCH_SETTINGS = (
    f"The start of safetymap.db does not match its key settings file ({SIDE}): either the first "
    "16 bytes of the store file are damaged, or the settings file belongs to another store. "
    "Nothing has been changed.")
CHECKSUM = "it does not match its checksum, so it has been edited or damaged"
KEY_FILE_MISSING = (
    f"safetymap.db cannot be opened: its key file ({SIDE}) is missing, and a store cannot be "
    "opened without it, even with the right passphrase or the recovery key. Put the key file "
    "back beside the store (from wherever the store was copied from, or from a backup, which "
    "carries its own copy); nothing has been changed. (If this is a very old store, the "
    "passphrase may be wrong.)")


def _settings_damaged(reason: str) -> str:
    return (f"The key settings file next to the store ({SIDE}) is damaged: {reason}. "
            "The store cannot be unlocked with it; nothing has been changed.")


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


def _add_families(n: int):
    def fill(s: Store) -> None:
        for i in range(n):
            families.create_family(s, f"Family {i}")
    return fill


def _closed_store(store_path: Path, n_families: int = 3,
                  passphrase: str = PASSPHRASE) -> Path:
    """A new store (format 3)."""
    with Store.create(store_path, passphrase) as s:
        _add_families(n_families)(s)
    return store_path


def _legacy(store_path: Path, fmt: int = 2, n_families: int = 3, **kw: Any) -> Path:
    """A store as the format-`fmt` version left it (tests/legacy_store.py)."""
    return make_legacy_store(store_path, kw.pop("passphrase", PASSPHRASE), fmt=fmt,
                             fill=_add_families(n_families), **kw)


@pytest.fixture
def derived(monkeypatch) -> list[tuple]:
    """Every Argon2id derivation from here on (the real one still runs)."""
    calls: list[tuple] = []
    real = keys.derive

    def recording(*a):
        calls.append(a[1:])  # salt and settings; never the passphrase
        return real(*a)
    monkeypatch.setattr(keys, "derive", recording)
    return calls


def _refused(store_path: Path, passphrase: str, exc_type: type[BaseException], sentence: str):
    before = _fingerprint(store_path.parent)
    with pytest.raises(exc_type) as err:
        Store.open(store_path, passphrase)
    assert str(err.value) == sentence
    assert _fingerprint(store_path.parent) == before
    return err.value


def _refused_before_deriving(store_path: Path, derived: list, exc_type: type[BaseException],
                             sentence: str, passphrase: str = PASSPHRASE):
    start = len(derived)
    err = _refused(store_path, passphrase, exc_type, sentence)
    assert derived[start:] == []  # nothing paid for, nothing tried
    return err


def _flip(path: Path, offset: int, bit: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= bit
    path.write_bytes(bytes(data))


def _key_file(store_path: Path) -> dict:
    return json.loads(keys.sidecar_path(store_path).read_text())


def _write_key_file(store_path: Path, doc: dict, *, rechecksum: bool) -> None:
    """A format-3 key file; `rechecksum`: with its checksum recomputed, as a deliberate editor
    would (the checksum has no key: it catches damage, not an edit)."""
    doc = dict(doc)
    if rechecksum:
        body = {k: v for k, v in doc.items() if k != "checksum"}
        doc["checksum"] = hashlib.sha256(keyslots.canonical(body)).hexdigest()
    keys.sidecar_path(store_path).write_text(json.dumps(doc, indent=2))


def _passphrase_slot(doc: dict) -> dict:
    (slot,) = [s for s in doc["slots"] if s["kind"] == "passphrase"]
    return slot


def _write_sidecar_doc(store_path: Path, doc: dict, *, rehash: bool) -> None:
    """A format-2 settings file; `rehash`: with its kdf_sha256 recomputed."""
    if rehash:
        doc["kdf_sha256"] = hashlib.sha256(json.dumps(
            doc["kdf"], sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    keys.sidecar_path(store_path).write_text(json.dumps(doc))


def _legacy_key_opens(store_path: Path, passphrase: str,
                      params: keys.KdfParams | None = None) -> bool:
    """Whether Argon2id(passphrase as given, the file's salt) reads page 1: the key of formats
    1 and 2."""
    key = keys.derive(passphrase, keys.read_salt(store_path),
                      params or keys.KdfParams.fast_for_tests())
    try:
        return probe_page_one(store_path, key.sqlcipher_key())
    finally:
        key.wipe()


def _master(store_path: Path, passphrase: str = PASSPHRASE) -> keys.DerivedKey:
    """The master key from the passphrase slot, without the open's checks (the caller wipes)."""
    master = keyslots.unwrap_with_passphrase(keyslots.read_slots(store_path), passphrase)
    assert master is not None
    return master


def _backups(store_path: Path) -> list[Path]:
    return sorted(p for p in store_path.parent.iterdir()
                  if ".backup-" in p.name
                  and not p.name.endswith((".kdf.json", ".seal", ".partial")))


def _assert_moved_to_key_slots(store_path: Path, before: dict[str, bytes]) -> None:
    """After the first successful open of a format 1/2 store: its key file is format 3 with the
    move finished (no `migrating_from`), one passphrase slot and no recovery slot (one must be
    shown to be of use, so it is offered, not made), the same salt; and a backup copy of the
    store exactly as it was, with its old settings file beside it."""
    doc = _key_file(store_path)
    assert doc["format_version"] == 3 and "migrating_from" not in doc
    assert [s["kind"] for s in doc["slots"]] == ["passphrase"]
    kf = keyslots.read_slots(store_path)
    assert kf.legacy is None and not kf.has("recovery")
    assert kf.store_salt == before["db"][:16] == store_path.read_bytes()[:16]
    copies = [b for b in _backups(store_path) if b.read_bytes() == before["db"]]
    assert len(copies) == 1, _backups(store_path)
    assert keys.sidecar_path(copies[0]).read_bytes() == before["side"]


def _before(store_path: Path) -> dict[str, bytes]:
    return {"db": store_path.read_bytes(), "side": keys.sidecar_path(store_path).read_bytes()}


# -- 0. the legacy stores these tests build ---------------------------------------------------

@pytest.mark.parametrize("fmt", [1, 2])
def test_a_legacy_store_is_what_the_previous_version_made(store_path, fmt):
    _legacy(store_path, fmt)
    info = keys.read_sidecar_info(store_path)
    assert isinstance(keyslots.read(store_path), keys.Sidecar)  # no key slots
    assert info is not None and info.format_version == fmt
    assert info.params == keys.KdfParams.fast_for_tests()
    # the same document as the committed fixtures that those versions wrote (salt and key check
    # aside)
    ours = _key_file(store_path)
    theirs = json.loads(keys.sidecar_path(FIXTURES / f"store-000{2 * fmt - 1}.db").read_text())
    assert ours.keys() == theirs.keys() and ours["kdf"].keys() == theirs["kdf"].keys()
    if fmt == 1:
        assert ours == theirs == json.loads(format_1_document(info.params))
    salt = keys.read_salt(store_path)
    key = legacy_key(PASSPHRASE, salt, info.params)
    seal_key = seal.derive_seal_key(key)
    try:
        assert probe_page_one(store_path, key.sqlcipher_key())  # keyed from the passphrase
        if fmt == 2:
            assert info.salt == salt and info.key_checks_out(key)
        else:
            assert info.salt is None and info.key_checks_out(key) is None
        sealed = seal.read_seal(seal.seal_path(store_path), seal_key)  # MACed under that key
        assert sealed is not None and sealed.commits > 0
    finally:
        key.wipe()
        seal_key[:] = bytes(len(seal_key))
    before = _before(store_path)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
        assert s.integrity_warnings == []
    _assert_moved_to_key_slots(store_path, before)
    assert not _legacy_key_opens(store_path, PASSPHRASE)  # rekeyed to the master key


def test_control_a_legacy_store_is_not_a_new_one(store_path):
    _legacy(store_path, 2)
    with pytest.raises(KeySettingsDamaged, match="from an older version of Safety Map"):
        keyslots.read_slots(store_path)
    with pytest.raises(KeySettingsDamaged, match="from an older version of Safety Map"):
        engine_mod.unlock_master(store_path, passphrase=PASSPHRASE)


# -- the control everything else leans on -----------------------------------------------------

@pytest.mark.parametrize("fmt", [3, 2, 1])
def test_a_wrong_passphrase_still_says_wrong_passphrase(store_path, fmt):
    if fmt == 3:
        _closed_store(store_path)
    else:
        _legacy(store_path, fmt)
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3


def test_the_key_file_has_the_salt_a_master_check_slots_and_a_checksum(store_path):
    with Store.create(store_path, PASSPHRASE) as s:
        master_hex = bytes(s.master_key().raw).hex()
        recovery = s.recovery_key
    doc = _key_file(store_path)
    assert doc["format"] == "safetymap-store" and doc["format_version"] == 3
    assert bytes.fromhex(doc["store_salt"]) == store_path.read_bytes()[:16]
    assert len(bytes.fromhex(doc["master_check"])) == 32
    assert [s["kind"] for s in doc["slots"]] == ["passphrase", "recovery"]
    slot = _passphrase_slot(doc)
    assert slot["kdf"]["name"] == "argon2id" and len(bytes.fromhex(slot["kdf"]["salt"])) == 16
    assert slot["kdf"]["salt"] != doc["store_salt"]  # the slot has a salt of its own
    assert len(bytes.fromhex(slot["wrap"]["ciphertext"])) == 48
    body = {k: v for k, v in doc.items() if k != "checksum"}
    assert doc["checksum"] == hashlib.sha256(keyslots.canonical(body)).hexdigest()
    assert "migrating_from" not in doc
    raw = keys.sidecar_path(store_path).read_text()
    assert PASSPHRASE not in raw and master_hex not in raw
    assert recovery and recovery not in raw and recovery.replace("-", "") not in raw


# -- 1. damaged file vs wrong passphrase ------------------------------------------------------

def test_a_flipped_bit_in_the_salt_says_the_start_of_the_file_is_damaged(store_path):
    _closed_store(store_path)
    _flip(store_path, 5)
    _refused(store_path, PASSPHRASE, StoreDamaged, SALT_DAMAGED_KEY_RIGHT)


def test_a_flipped_salt_with_a_wrong_passphrase_is_not_called_a_wrong_passphrase(store_path):
    """The key file's salt does not match the store file, and the passphrase slot does not open:
    a wrong passphrase on a damaged file, or the right one with another store's key file (see
    test_a_key_file_from_another_store_is_told_apart). The open cannot tell which, so it must
    not say the passphrase is wrong (the format 1/2 code said what is known; see the legacy
    test below)."""
    _closed_store(store_path)
    _flip(store_path, 5)
    _refused(store_path, "not the passphrase at all", StoreDamaged,
             START_DOES_NOT_MATCH_KEY_FILE)


def test_control_a_flipped_salt_is_seen_only_by_comparing_with_the_key_file(store_path):
    _closed_store(store_path)
    _flip(store_path, 5)
    kf = keyslots.read_slots(store_path)
    master = _master(store_path)
    try:
        assert kf.checks_out(master)  # the key is right
        assert not probe_page_one(store_path, master.sqlcipher_key())  # page 1 alone cannot tell
        assert probe_page_one(store_path, master.sqlcipher_key(kf.store_salt))  # the salt can
    finally:
        master.wipe()


def test_a_flipped_bit_in_the_salt_of_a_format_2_store(store_path, derived):
    _legacy(store_path, 2)
    recorded = keys.read_sidecar_info(store_path).salt
    _flip(store_path, 5)
    derived.clear()
    _refused(store_path, PASSPHRASE, StoreDamaged, SALT_DAMAGED_PASSPHRASE_RIGHT)
    # and a wrong passphrase on the same file is not called right
    _refused(store_path, "not the passphrase at all", StoreDamaged, START_DOES_NOT_MATCH_SETTINGS)
    assert keys.read_sidecar_info(store_path).format_version == 2  # not moved
    assert derived and all(salt == recorded for salt, _p in derived)  # not the damaged one


def test_control_a_flipped_salt_looks_like_a_wrong_passphrase_without_the_recorded_salt(
        store_path):
    _legacy(store_path, 1)  # what the format-1 sidecar held: no salt
    _flip(store_path, 5)
    assert not _legacy_key_opens(store_path, PASSPHRASE)  # page 1 alone cannot tell
    _refused(store_path, PASSPHRASE, WrongPassphrase, WRONG)


def test_a_flipped_bit_in_page_one_says_damaged_and_the_passphrase_is_right(store_path):
    _closed_store(store_path)
    _flip(store_path, 100)  # beyond the salt, inside page 1's encrypted bytes
    _refused(store_path, PASSPHRASE, StoreDamaged, DAMAGED_RIGHT_PASSPHRASE)
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)


def test_control_a_damaged_page_one_is_told_by_the_master_check(store_path):
    _closed_store(store_path)
    _flip(store_path, 100)
    kf = keyslots.read_slots(store_path)
    master = _master(store_path)
    try:
        assert not probe_page_one(store_path, master.sqlcipher_key())
        assert kf.checks_out(master)  # what says the key (so the passphrase) is right
    finally:
        master.wipe()


def test_a_flipped_bit_in_page_one_of_a_format_2_store(store_path):
    _legacy(store_path, 2)
    _flip(store_path, 100)
    _refused(store_path, PASSPHRASE, StoreDamaged, DAMAGED_RIGHT_PASSPHRASE)
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)
    assert keys.read_sidecar_info(store_path).format_version == 2


def test_control_a_damaged_page_one_said_wrong_passphrase_without_a_key_check(store_path):
    _legacy(store_path, 1)
    _flip(store_path, 100)
    assert not _legacy_key_opens(store_path, PASSPHRASE)
    _refused(store_path, PASSPHRASE, WrongPassphrase, WRONG)


def test_a_format_1_store_moves_to_key_slots_on_the_next_open(store_path, tmp_path):
    _legacy(store_path, 1)
    before = _before(store_path)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
    _assert_moved_to_key_slots(store_path, before)
    # the copy from before the move is a whole format-1 store: it opens on its own
    (backup,) = _backups(store_path)
    elsewhere = tmp_path / "restored" / "safetymap.db"
    elsewhere.parent.mkdir()
    shutil.copyfile(backup, elsewhere)
    shutil.copyfile(keys.sidecar_path(backup), keys.sidecar_path(elsewhere))
    assert keys.read_sidecar_info(elsewhere).format_version == 1
    assert _legacy_key_opens(elsewhere, PASSPHRASE)
    with Store.open(elsewhere, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
    # and the moved store now tells a damaged page 1 from a wrong passphrase
    _flip(store_path, 100)
    _refused(store_path, PASSPHRASE, StoreDamaged, DAMAGED_RIGHT_PASSPHRASE)


def test_the_copy_from_before_the_move_opens_with_no_warning(store_path, tmp_path):
    """The backup copy taken before the move is the store as it was: put back in its place
    (with the settings file copied beside it), it opens as the store did, with no "seal
    missing" warning (the seal is MACed under the old key, which the copy still has)."""
    _legacy(store_path, 2)
    with Store.open(store_path, PASSPHRASE) as s:
        assert s.integrity_warnings == []  # control: the store itself had a sound seal
    (backup,) = _backups(store_path)
    elsewhere = tmp_path / "restored" / "safetymap.db"
    elsewhere.parent.mkdir()
    for src, dst in ((backup, elsewhere), (keys.sidecar_path(backup), keys.sidecar_path(elsewhere)),
                     (seal.seal_path(backup), seal.seal_path(elsewhere))):
        if src.exists():
            shutil.copyfile(src, dst)
    with Store.open(elsewhere, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
        assert s.integrity_warnings == []


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("store-*.db")), ids=lambda p: p.name)
def test_committed_fixtures_open_and_move_to_key_slots(fixture, tmp_path):
    files = [f for f in (fixture, keys.sidecar_path(fixture), seal.seal_path(fixture))
             if f.exists()]  # the seal too, where that release wrote one
    original = {p.name: p.read_bytes() for p in files}
    dest = tmp_path / fixture.name
    for f in files:
        shutil.copyfile(f, tmp_path / f.name)
    before = _before(dest)
    legacy = isinstance(keyslots.read(dest), keys.Sidecar)  # made before key slots (format 3)
    slots_before = None if legacy else [x["kind"] for x in _key_file(dest)["slots"]]
    with Store.open(dest, FIXTURE_PASSPHRASE) as s:
        assert s.revision() == head_revision()
    if legacy:
        _assert_moved_to_key_slots(dest, before)
    else:  # already format 3 (store-0005 on): its slots are kept as they were
        assert [x["kind"] for x in _key_file(dest)["slots"]] == slots_before
    assert {p.name: p.read_bytes() for p in files} == original
    with Store.open(dest, FIXTURE_PASSPHRASE) as s:  # and again, as format 3
        assert s.integrity_warnings == []


def test_a_missing_key_file_is_named(store_path):
    _closed_store(store_path)
    kept = keys.sidecar_path(store_path).read_bytes()
    keys.sidecar_path(store_path).unlink()
    err = _refused(store_path, PASSPHRASE, NotAStore, KEY_FILE_MISSING)
    assert SIDE in str(err) and "cannot be opened without it" in str(err)
    # control: the key file is what was missing
    keys.sidecar_path(store_path).write_bytes(kept)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3


def test_a_format_1_store_with_the_default_settings_opens_without_its_settings_file(store_path):
    """Format 1 wrote the defaults for every store, so a lost settings file cost nothing: the
    defaults are tried (what the missing key file's sentence leaves open for a very old
    store)."""
    _legacy(store_path, 1, 1, params=keys.KdfParams())
    keys.sidecar_path(store_path).unlink()
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 1
    doc = _key_file(store_path)
    assert doc["format_version"] == 3 and "migrating_from" not in doc


# -- 2. valid but wrong settings, and tight bounds ---------------------------------------------

def test_edited_settings_are_caught_by_their_check_value_before_deriving(store_path, derived):
    _legacy(store_path, 2)
    doc = _key_file(store_path)
    doc["kdf"]["time_cost"] = 2  # valid, and wrong
    _write_sidecar_doc(store_path, doc, rehash=False)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its settings do not match their check value (kdf_sha256), so they have been edited "
        "or damaged"))


def test_edited_slot_settings_are_caught_by_the_checksum_before_deriving(store_path, derived):
    _closed_store(store_path)
    doc = _key_file(store_path)
    _passphrase_slot(doc)["kdf"]["time_cost"] = 2  # valid, and wrong
    _write_key_file(store_path, doc, rechecksum=False)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(CHECKSUM))


OTHER_REASONS = {  # what a bit flip in the "format" or "format_version" fields, or the JSON, is
    "it is not valid JSON", "it is not text", "it is not a Safety Map key settings file",
    "it has no key derivation settings",  # format_version 3 -> 2 or 1: read as a sidecar
    "it was written by a newer version of Safety Map",  # 3 -> 7
}


def test_a_flipped_bit_anywhere_in_the_key_file_is_caught_before_deriving(store_path,
                                                                           derived):
    _closed_store(store_path)
    side = keys.sidecar_path(store_path)
    good = side.read_bytes()
    doc = json.loads(good)
    checksum_at = good.index(doc["checksum"].encode())
    db_before = store_path.read_bytes()
    names_before = sorted(p.name for p in store_path.parent.iterdir())
    prefix, suffix = _settings_damaged("\0").split("\0")
    accepted, reasons = [], set()
    derived.clear()  # the store's creation derived its slot
    for offset in range(len(good)):
        for bit in (1, 2, 4, 8, 16, 32, 64, 128):
            flipped = bytearray(good)
            flipped[offset] ^= bit
            side.write_bytes(bytes(flipped))
            try:
                Store.open(store_path, PASSPHRASE).close()
            except KeySettingsDamaged as exc:
                msg = str(exc)
                assert msg.startswith(prefix) and msg.endswith(suffix), msg
                reason = msg[len(prefix):-len(suffix)]
                reasons.add(reason)
                try:
                    still = json.loads(bytes(flipped).decode("utf-8"))
                except ValueError:
                    still = None
                if isinstance(still, dict) and still.get("format") == "safetymap-store" \
                        and still.get("format_version") == 3:
                    assert reason == CHECKSUM, (offset, bit, reason)
                else:
                    assert reason in OTHER_REASONS, (offset, bit, reason)
            else:
                accepted.append((offset, bit))
            assert sorted(p.name for p in store_path.parent.iterdir()) == names_before
    # Only a letter of the checksum's own hex changed to capital opens (the same value,
    # compared without case): every other flip, anywhere, is refused before any Argon2id.
    hex_letters = [checksum_at + i for i, c in enumerate(doc["checksum"]) if c in "abcdef"]
    assert accepted == [(i, 32) for i in hex_letters]
    assert len(derived) == len(accepted)  # one passphrase slot derived per accepted open
    assert CHECKSUM in reasons and reasons <= OTHER_REASONS | {CHECKSUM}
    assert store_path.read_bytes() == db_before


def test_edited_settings_with_a_recomputed_check_value_are_not_called_a_wrong_passphrase(
        store_path):
    _legacy(store_path, 2)
    doc = _key_file(store_path)
    doc["kdf"]["time_cost"] = 2
    doc["kdf"]["memory_kib"] = 16384
    _write_sidecar_doc(store_path, doc, rehash=True)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged,
             f"The key settings file next to the store ({SIDE}) does not belong to it: its "
             "settings do not unlock the store, although the passphrase is right. Nothing has "
             "been changed.")
    # control: the forged settings really do parse and really do not derive the store's key
    info = keys.read_sidecar_info(store_path)
    assert info is not None and info.params == keys.KdfParams(2, 16384, 1)
    assert not _legacy_key_opens(store_path, PASSPHRASE, info.params)
    # and with a wrong passphrase the same file still says wrong passphrase
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)


def test_slot_settings_edited_with_a_recomputed_checksum_open_nothing(store_path):
    """Format 3 binds a slot's settings into its wrapped key (AES-GCM additional data), so
    settings edited with the (unkeyed) checksum recomputed unwrap nothing. The open cannot tell
    this from a wrong passphrase: the calibrated settings are not known anywhere else (format 2
    could try the two settings every version had written). Asserted as it is: refused, nothing
    written, and the file put back opens."""
    _closed_store(store_path)
    good = keys.sidecar_path(store_path).read_bytes()
    doc = _key_file(store_path)
    _passphrase_slot(doc)["kdf"].update(time_cost=2, memory_kib=16384)
    _write_key_file(store_path, doc, rechecksum=True)
    kf = keyslots.read_slots(store_path)  # control: the forged file parses
    assert kf.passphrase_params() == keys.KdfParams(2, 16384, 1)
    assert keyslots.unwrap_with_passphrase(kf, PASSPHRASE) is None  # and unwraps nothing
    _refused(store_path, PASSPHRASE, WrongPassphrase, WRONG)
    keys.sidecar_path(store_path).write_bytes(good)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3


def test_a_key_file_from_another_store_is_told_apart(tmp_path):
    a = _closed_store(tmp_path / "a" / "safetymap.db", 1)
    b = _closed_store(tmp_path / "b" / "safetymap.db", 1)
    shutil.copyfile(keys.sidecar_path(b), keys.sidecar_path(a))
    # the same passphrase for both: b's slot opens, and its salt is not a's
    _refused(a, PASSPHRASE, StoreDamaged, START_DOES_NOT_MATCH_KEY_FILE)


def test_a_key_file_from_a_store_with_another_passphrase_is_told_apart(tmp_path):
    """a's own passphrase, typed right, with b's key file beside a: b's slot cannot open, and
    b's salt is not a's first 16 bytes. "That passphrase does not unlock this store" would send
    the person to retype a passphrase that is right."""
    a = _closed_store(tmp_path / "a" / "safetymap.db", 1)
    b = _closed_store(tmp_path / "b" / "safetymap.db", 1, passphrase=OTHER_PASSPHRASE)
    shutil.copyfile(keys.sidecar_path(b), keys.sidecar_path(a))
    assert keyslots.read_slots(a).store_salt != keys.read_salt(a)  # control: what tells them
    _refused(a, PASSPHRASE, StoreDamaged, START_DOES_NOT_MATCH_KEY_FILE)


def test_a_sidecar_from_another_format_2_store_is_told_apart(tmp_path):
    a = _legacy(tmp_path / "a" / "safetymap.db", 2, 1)
    b = _legacy(tmp_path / "b" / "safetymap.db", 2, 1)
    shutil.copyfile(keys.sidecar_path(b), keys.sidecar_path(a))
    _refused(a, PASSPHRASE, StoreDamaged, START_DOES_NOT_MATCH_SETTINGS)


def test_costly_settings_are_refused_before_any_work(store_path, derived):
    _legacy(store_path, 2)
    doc = _key_file(store_path)
    doc["kdf"].update(time_cost=20, memory_kib=1024 * 1024)  # the issue's 25 s, 1.1 GB attempt
    _write_sidecar_doc(store_path, doc, rehash=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is outside the range this version uses (1 to 16)"))
    doc["kdf"].update(time_cost=1, memory_kib=1024 * 1024 + 1024)
    _write_sidecar_doc(store_path, doc, rehash=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its memory_kib setting is outside the range this version uses (8192 to 1048576)"))
    # control: the same file with affordable settings is accepted by the reader
    doc["kdf"].update(time_cost=1, memory_kib=8192)
    _write_sidecar_doc(store_path, doc, rehash=True)
    assert keys.read_sidecar_info(store_path).params == keys.KdfParams.fast_for_tests()


@pytest.mark.parametrize("where", ["slot", "migrating_from"])
def test_costly_slot_settings_are_refused_before_any_work(store_path, derived, where):
    _closed_store(store_path)
    doc = _key_file(store_path)
    costly = {"time_cost": 20, "memory_kib": 1024 * 1024, "parallelism": 1}
    if where == "slot":
        target = _passphrase_slot(doc)["kdf"]
    else:  # an unfinished move's record: its settings are derived too (the old key)
        target = doc["migrating_from"] = {"name": "argon2id", "argon2_version": 19,
                                          "key_bytes": 32, "salt": doc["store_salt"]}
    original = dict(target)
    target.update(costly)
    _write_key_file(store_path, doc, rechecksum=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is outside the range this version uses (1 to 16)"))
    target.update(time_cost=1, memory_kib=1024 * 1024 + 1024)
    _write_key_file(store_path, doc, rechecksum=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its memory_kib setting is outside the range this version uses (8192 to 1048576)"))
    # control: the same file with affordable settings (checksum recomputed) is read and opens;
    # an unfinished move's record is acted on (the seal checked under the old key) and dropped
    if where == "slot":
        target.clear()
        target.update(original)
    else:
        target.update(time_cost=1, memory_kib=8192, parallelism=1)
    _write_key_file(store_path, doc, rechecksum=True)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
    assert "migrating_from" not in _key_file(store_path)


def test_bounds_cover_every_setting_this_version_writes_and_stay_tight():
    for p in (keys.KdfParams(), keys.KdfParams.fast_for_tests(), keys.KdfParams(1, 64 * 1024, 1),
              keys.KdfParams(16, 1024 * 1024, 4)):
        keys.check_params(p)
    for p in (keys.KdfParams(17, 8192, 1), keys.KdfParams(1, 1024 * 1024 + 1, 1),
              keys.KdfParams(1, 8191, 1), keys.KdfParams(1, 8192, 5), keys.KdfParams(True, 8192, 1),
              keys.KdfParams(0, 8192, 1), keys.KdfParams(1, 8192, 0)):
        with pytest.raises(ValueError):
            keys.check_params(p)
    assert keys.MAX_MEMORY_KIB == 1024 * 1024 and keys.MAX_TIME_COST == 16
    # calibration (tests/reliability/test_key_slots.py) stays inside them on any machine
    for per_pass in (1e-4, 0.05, 0.3, 5.0):
        keys.check_params(keyslots.calibrate(0.75, lambda p, s=per_pass: s * p.time_cost
                                             * p.memory_kib / (128 * 1024)))


def test_creating_with_settings_out_of_bounds_is_refused_and_leaves_nothing(store_path):
    with pytest.raises(ValueError):
        Store.create(store_path, PASSPHRASE, params=keys.KdfParams(17, 8192, 1))
    assert not store_path.parent.exists() or [
        p for p in store_path.parent.iterdir() if not p.name.endswith(".lock")] == []


# -- 3. NFC and NFD ---------------------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "Siân ŷ café kettle morning")
NFD = unicodedata.normalize("NFD", NFC)


def test_a_store_made_with_nfc_opens_with_nfd(store_path):
    assert NFC != NFD
    with Store.create(store_path, NFC) as s:
        families.create_family(s, "Kept")
    with Store.open(store_path, NFD) as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]


def _kept(s: Store) -> None:
    families.create_family(s, "Kept")


def _old_nfd_store(store_path: Path) -> None:
    """A store made by a format-1 version with an NFD passphrase: its key came from the NFD
    bytes as typed, and its sidecar had no key check."""
    make_legacy_store(store_path, NFD, fmt=1, normalise=False, fill=_kept)


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["nfc", "nfd"])
def test_an_old_nfd_store_opens_with_either_form_and_moves_to_key_slots(store_path, typed):
    _old_nfd_store(store_path)
    # control: the old key really is the NFD one, so NFC input used to be refused
    assert _legacy_key_opens(store_path, NFD) and not _legacy_key_opens(store_path, NFC)
    before = _before(store_path)
    with Store.open(store_path, typed) as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]
        assert s.integrity_warnings == []  # the seal was re-MACed under the new key
    _assert_moved_to_key_slots(store_path, before)
    assert not _legacy_key_opens(store_path, NFD) and not _legacy_key_opens(store_path, NFC)
    for form in (NFC, NFD):
        master = engine_mod.unlock_master(store_path, passphrase=form)  # checks page 1
        master.wipe()
        with Store.open(store_path, form) as s:
            assert s.integrity_warnings == []
    assert len(_backups(store_path)) == 1


class _Crash(BaseException):
    pass


def _crash(*a, **k):
    raise _Crash()


@pytest.mark.parametrize("where", ["before-rekey", "after-rekey", "before-the-last-write"])
def test_a_crash_during_the_move_of_an_old_nfd_store_still_opens(store_path, monkeypatch,
                                                                  where):
    """The move is three atomic steps (key file with `migrating_from`; rekey; seal re-MACed and
    `migrating_from` dropped). A crash between any two leaves a store that opens with the
    passphrase in either form, with no warning, and finishes the move."""
    _old_nfd_store(store_path)
    with monkeypatch.context() as m:
        if where == "before-rekey":
            m.setattr(engine_mod, "_rekey", _crash)
        elif where == "after-rekey":
            m.setattr(engine_mod, "_reseal", _crash)  # the step right after the rekey
        else:
            real_write, writes = keyslots.write, []

            def second_write_crashes(*a, **k):
                writes.append(1)
                if len(writes) == 2:
                    raise _Crash()
                return real_write(*a, **k)
            m.setattr(keyslots, "write", second_write_crashes)
        with pytest.raises(_Crash):
            Store.open(store_path, NFD)
    assert _key_file(store_path).get("migrating_from") is not None  # cut short mid-move
    assert _legacy_key_opens(store_path, NFD) == (where == "before-rekey")
    with Store.open(store_path, NFC) as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]
        assert s.integrity_warnings == []
    doc = _key_file(store_path)
    assert doc["format_version"] == 3 and "migrating_from" not in doc
    for form in (NFC, NFD):
        with Store.open(store_path, form) as s:
            assert s.integrity_warnings == []
    assert len(_backups(store_path)) == 1


# -- 4. hostile key files ---------------------------------------------------------------------

def _sidecar_text(store_path: Path, text_: str) -> None:
    keys.sidecar_path(store_path).write_text(text_)


def _kdf_json(**over) -> str:
    kdf = {"name": "argon2id", "time_cost": 1, "memory_kib": 8192, "parallelism": 1}
    kdf.update(over)
    body = ", ".join(f'"{k}": {v if not isinstance(v, str) else json.dumps(v)}'
                     for k, v in kdf.items())
    return '{"format": "safetymap-store", "format_version": 1, "kdf": {' + body + "}}"


def _slot_json(doc: dict, marker: str, raw_value: str) -> str:
    """The key file `doc` (checksum recomputed) with `"<marker>"` replaced by raw JSON text:
    values json.dumps cannot write (Infinity is only written by it as a bare word, and a
    5000-digit number not at all)."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    text_ = json.dumps({**body, "checksum": hashlib.sha256(
        keyslots.canonical(body)).hexdigest()}, indent=2)
    assert f'"{marker}"' in text_
    return text_.replace(f'"{marker}"', raw_value)


def test_infinity_in_the_sidecar(store_path, derived):
    _legacy(store_path, 1)
    raw = _kdf_json(time_cost="@INF@").replace('"@INF@"', "Infinity")
    assert json.loads(raw)["kdf"]["time_cost"] == float("inf")  # control: json accepts it
    _sidecar_text(store_path, raw)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it holds Infinity, which is not a number a settings file can hold"))
    _sidecar_text(store_path, raw.replace("Infinity", "NaN"))
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it holds NaN, which is not a number a settings file can hold"))


def test_infinity_in_a_key_slot(store_path, derived):
    _closed_store(store_path)
    doc = _key_file(store_path)
    _passphrase_slot(doc)["kdf"]["time_cost"] = "@INF@"
    for word in ("Infinity", "-Infinity", "NaN"):
        raw = _slot_json(doc, "@INF@", word)
        json.loads(raw)  # control: json accepts it
        _sidecar_text(store_path, raw)
        _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
            f"it holds {word}, which is not a number a settings file can hold"))


def test_deep_json_in_the_sidecar(store_path, derived):
    _legacy(store_path, 2)
    raw = '{"format": "safetymap-store", "kdf": ' + "[" * 10_000 + "]" * 10_000 + "}"
    with pytest.raises(RecursionError):  # control: what the old reader let escape
        json.loads(raw)
    _sidecar_text(store_path, raw)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it is nested far too deeply to be a settings file"))


def test_deep_json_in_the_key_file(store_path, derived):
    _closed_store(store_path)
    doc = _key_file(store_path)
    doc["slots"] = "@DEEP@"
    raw = _slot_json(doc, "@DEEP@", "[" * 10_000 + "]" * 10_000)
    with pytest.raises(RecursionError):  # control
        json.loads(raw)
    _sidecar_text(store_path, raw)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it is nested far too deeply to be a settings file"))


def test_huge_and_boolean_integers_in_the_sidecar(store_path, derived):
    _legacy(store_path, 1)
    assert int(2**70) > keys.MAX_MEMORY_KIB and isinstance(True, int)  # control
    _sidecar_text(store_path, _kdf_json(memory_kib=2**70))
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its memory_kib setting is outside the range this version uses (8192 to 1048576)"))
    _sidecar_text(store_path, _kdf_json(time_cost="@T@").replace('"@T@"', "true"))
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is not a whole number"))
    _sidecar_text(store_path, _kdf_json(parallelism=1.0))
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its parallelism setting is not a whole number"))
    _sidecar_text(store_path, _kdf_json(time_cost="9" * 5000))  # a string of digits
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is not a whole number"))
    digits = _kdf_json(time_cost="@D@").replace('"@D@"', "9" * 5000)  # past int's digit limit
    with pytest.raises(ValueError, match="digits"):  # control: what json.loads raises
        json.loads(digits)
    _sidecar_text(store_path, digits)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it holds a number far too long to be a setting"))


@pytest.mark.parametrize("field,value,reason", [
    ("memory_kib", 2**70,
     "its memory_kib setting is outside the range this version uses (8192 to 1048576)"),
    ("time_cost", True, "its time_cost setting is not a whole number"),
    ("time_cost", False, "its time_cost setting is not a whole number"),
    ("parallelism", 1.0, "its parallelism setting is not a whole number"),
    ("time_cost", "9" * 5000, "its time_cost setting is not a whole number"),
    ("time_cost", -1, "its time_cost setting is outside the range this version uses (1 to 16)"),
    ("time_cost", None, "its time_cost setting is not a whole number"),
])
def test_huge_and_boolean_integers_in_a_key_slot(store_path, derived, field, value, reason):
    _closed_store(store_path)
    assert isinstance(True, int) and True == 1  # control: a bool would pass as 1  # noqa: E712
    doc = _key_file(store_path)
    _passphrase_slot(doc)["kdf"][field] = value
    _write_key_file(store_path, doc, rechecksum=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(reason))


def test_a_number_past_the_digit_limit_in_a_key_slot(store_path, derived):
    _closed_store(store_path)
    doc = _key_file(store_path)
    _passphrase_slot(doc)["kdf"]["memory_kib"] = "@D@"
    raw = _slot_json(doc, "@D@", "9" * 5000)
    with pytest.raises(ValueError, match="digits"):  # control
        json.loads(raw)
    _sidecar_text(store_path, raw)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it holds a number far too long to be a setting"))


def test_a_boolean_format_version_is_not_read_as_format_1(store_path, derived):
    _closed_store(store_path)
    doc = _key_file(store_path)
    doc["format_version"] = True  # == 1 in Python
    _write_key_file(store_path, doc, rechecksum=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its format_version is not a whole number"))


@pytest.mark.parametrize("raw,reason", [
    ("[]", "it does not hold a settings object"),
    ('"safetymap-store"', "it does not hold a settings object"),
    ("{", "it is not valid JSON"),
    ('{"format": "something-else"}', "it is not a Safety Map key settings file"),
    ('{"format": "safetymap-store", "format_version": 4}',
     "it was written by a newer version of Safety Map"),
    ('{"format": "safetymap-store", "format_version": 0}',
     "its format_version 0 is not one Safety Map ever wrote"),
    ('{"format": "safetymap-store", "format_version": 3}', CHECKSUM),
    ('{"format": "safetymap-store", "kdf": []}', "it has no key derivation settings"),
    ('{"format": "safetymap-store", "kdf": {"name": "pbkdf2"}}',
     "its key derivation is not Argon2id"),
    ('{"format": "safetymap-store", "kdf": {"name": "argon2id", "time_cost": 1}}',
     "it has no memory_kib setting"),
])
def test_wrong_shapes_in_the_sidecar(store_path, derived, raw, reason):
    _closed_store(store_path)
    _sidecar_text(store_path, raw)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(reason))


def _no_slots(doc):
    doc["slots"] = []


def _nine_slots(doc):
    doc["slots"] = doc["slots"] * 5


def _unknown_kind(doc):
    doc["slots"][0]["kind"] = "fingerprint"


def _no_wrap(doc):
    del doc["slots"][0]["wrap"]


def _other_cipher(doc):
    doc["slots"][0]["wrap"]["alg"] = "aes-128-cbc"


def _short_ciphertext(doc):
    doc["slots"][0]["wrap"]["ciphertext"] = doc["slots"][0]["wrap"]["ciphertext"][:-2]


def _pbkdf2(doc):
    doc["slots"][0]["kdf"]["name"] = "pbkdf2"


def _extra_setting(doc):
    doc["slots"][0]["kdf"]["secret"] = 1


def _migrating_from_text(doc):
    doc["migrating_from"] = "format 2"


def _salt_with_spaces(doc):
    doc["store_salt"] = doc["store_salt"][:28] + " " + doc["store_salt"][28:30] + " "


def _slot_salt_with_spaces(doc):
    salt = doc["slots"][0]["kdf"]["salt"]
    doc["slots"][0]["kdf"]["salt"] = salt[:28] + " " + salt[28:30] + " "


def _label_not_text(doc):
    doc["slots"][0]["label"] = ["Council IT"]


@pytest.mark.parametrize("edit,reason", [
    (_no_slots, "it holds no key slots"),
    (_unknown_kind, "its key slot 1 is not one this version knows"),
    (_no_wrap, "its key slot 1 has no key derivation or no wrapped key"),
    (_other_cipher, "its key slot 1 has no key derivation or no wrapped key"),
    (_short_ciphertext, "its key slot 1's wrapped key is not 48 bytes written in hex"),
    (_pbkdf2, "its key slot 1's key derivation is not Argon2id"),
    (_extra_setting, "its key slot 1's key derivation has settings this version does not know"),
    (_migrating_from_text, "its record of an unfinished upgrade is damaged"),
    (_salt_with_spaces, "its store salt is not 16 bytes written in hex"),
    (_slot_salt_with_spaces, "its key slot 1's salt is not 16 bytes written in hex"),
    (_label_not_text, "its key slot 1's label is not text"),
], ids=lambda v: v.__name__.strip("_") if callable(v) else "sentence")
def test_wrong_shapes_in_the_key_file(store_path, derived, edit, reason):
    _closed_store(store_path)
    doc = _key_file(store_path)
    edit(doc)
    _write_key_file(store_path, doc, rechecksum=True)  # a deliberate edit, not damage
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(reason))


def test_too_many_key_slots_are_refused_with_a_true_sentence(store_path, derived):
    _closed_store(store_path)
    doc = _key_file(store_path)
    _nine_slots(doc)
    assert len(doc["slots"]) > keyslots.MAX_SLOTS
    _write_key_file(store_path, doc, rechecksum=True)
    before = _fingerprint(store_path.parent)
    derived.clear()  # the store's creation derived its slot
    with pytest.raises(KeySettingsDamaged) as err:
        Store.open(store_path, PASSPHRASE)
    assert derived == [] and _fingerprint(store_path.parent) == before
    prefix, suffix = _settings_damaged("\0").split("\0")
    assert str(err.value).startswith(prefix) and str(err.value).endswith(suffix)
    assert "no key slots" not in str(err.value)  # it holds ten


def test_binary_and_oversized_sidecars(store_path, derived):
    _closed_store(store_path)
    keys.sidecar_path(store_path).write_bytes(b"\xff\xfe{}")
    _refused_before_deriving(store_path, derived, KeySettingsDamaged,
                             _settings_damaged("it is not text"))
    keys.sidecar_path(store_path).write_bytes(b" " * (keys.SIDECAR_MAX_BYTES + 1))
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it is far larger than a key settings file can be"))


def test_a_salt_with_spaces_in_its_hex(store_path, derived):
    _legacy(store_path, 2)
    doc = _key_file(store_path)
    salt_hex = doc["kdf"]["salt"]
    spaced = salt_hex[:28] + " " + salt_hex[28:30] + " "
    assert len(spaced) == 32 and len(bytes.fromhex(spaced)) == 16 - 1  # control: 15 bytes
    doc["kdf"]["salt"] = spaced
    _write_sidecar_doc(store_path, doc, rehash=True)
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "its salt is not 16 bytes written in hex"))


def test_a_fifo_or_folder_in_place_of_the_sidecar(store_path, derived):
    _closed_store(store_path)
    side = keys.sidecar_path(store_path)
    side.unlink()
    os.mkfifo(side)
    assert side.exists() and not side.is_file()  # control: the old reader opened what exists
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it is not a regular file"))
    side.unlink()
    side.mkdir()
    _refused_before_deriving(store_path, derived, KeySettingsDamaged, _settings_damaged(
        "it is a folder, not a file"))


def test_a_damaged_sidecar_is_also_a_not_a_store_and_a_damaged_error():
    assert issubclass(KeySettingsDamaged, NotAStore) and issubclass(KeySettingsDamaged,
                                                                    StoreDamaged)


# -- 5. full disks ----------------------------------------------------------------------------

OPEN_FULL = ("The disk is full, so safetymap.db could not be opened; nothing has been lost. "
             "Free some space on the disk, then open it again.")
BACKUP_FULL = ("The disk is full, so the backup copy that must be made before store-0001.db is "
               "upgraded could not be made; nothing has been lost and the store is as it was. "
               "Free some space on the disk, then open it again.")
MOVE_BACKUP_FULL = BACKUP_FULL.replace("store-0001.db", "safetymap.db")


def _limit_pages(store: Store) -> None:
    """A real SQLITE_FULL from SQLite itself: no page may be added to the file."""
    with store.engine.connect() as c:
        pages = c.execute(text("PRAGMA page_count")).scalar()
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")


def test_an_autosave_on_a_full_disk_says_so(store):
    families.create_family(store, "Kept")
    store.engine.connect().close()
    _limit_pages(store)
    with pytest.raises(DiskFull) as err:
        for i in range(200):
            families.create_family(store, "x" * 3000 + str(i))
    assert str(err.value) == DISK_FULL_SENTENCE
    assert "Kept" in [f.display_name for f in families.list_families(store)]


def test_control_without_the_mapping_a_full_disk_is_a_raw_database_error(store, monkeypatch):
    from sqlalchemy.exc import OperationalError

    monkeypatch.setattr(engine_mod, "is_disk_full", lambda *a, **k: False)
    _limit_pages(store)
    with pytest.raises(OperationalError, match="database or disk is full"):
        for i in range(200):
            families.create_family(store, "x" * 3000 + str(i))


def _no_space(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")


def _key_file_writes_fail(monkeypatch, which: set[int] | None = None) -> list[int]:
    """The key file's atomic writes (the real ones) hit a full disk when they sync: all of
    them, or the `which`-th (1-based). Returns the count of writes tried."""
    from safetymap.store.atomic import atomic_write_bytes as real

    count: list[int] = []

    def write(target, data, *a, **k):
        count.append(1)
        if which is None or len(count) in which:
            with pytest.MonkeyPatch.context() as m:
                m.setattr(os, "fsync", _no_space)
                return real(target, data, *a, **k)
        return real(target, data, *a, **k)
    monkeypatch.setattr(keyslots, "atomic_write_bytes", write)
    return count


def test_open_on_a_full_disk_when_the_backup_before_the_move_must_be_made(store_path,
                                                                          monkeypatch):
    _legacy(store_path, 1)
    monkeypatch.setattr(os, "fsync", _no_space)  # where a full disk shows on delayed allocation
    _refused(store_path, PASSPHRASE, DiskFull, MOVE_BACKUP_FULL)
    assert keys.read_sidecar_info(store_path).format_version == 1  # the store is as it was


def test_open_on_a_full_disk_when_the_key_file_must_be_written(store_path, monkeypatch):
    _legacy(store_path, 1)
    before = _fingerprint(store_path.parent)
    with monkeypatch.context() as m:
        _key_file_writes_fail(m, {1})  # the key file with the new slots
        with pytest.raises(DiskFull) as err:
            Store.open(store_path, PASSPHRASE)
    assert str(err.value) == OPEN_FULL
    after = _fingerprint(store_path.parent)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing lost or changed
    (backup,) = _backups(store_path)  # only the backup copy was added (with its seal)
    assert set(after) - set(before) == {backup.name, keys.sidecar_path(backup).name,
                                        backup.name + ".seal"}
    assert not [p for p in store_path.parent.iterdir() if p.name.endswith(".partial")]
    # with room again it opens, moves, and uses the same backup
    original = {"db": store_path.read_bytes(), "side": keys.sidecar_path(store_path).read_bytes()}
    with Store.open(store_path, PASSPHRASE) as s:
        assert s.integrity_warnings == []
    _assert_moved_to_key_slots(store_path, original)
    assert _backups(store_path) == [backup]


def test_open_on_a_full_disk_when_the_move_must_be_finished(store_path, monkeypatch):
    _legacy(store_path, 2)
    with monkeypatch.context() as m:
        _key_file_writes_fail(m, {2})  # the last step: migrating_from dropped
        with pytest.raises(DiskFull) as err:
            Store.open(store_path, PASSPHRASE)
    assert str(err.value) == OPEN_FULL
    assert _key_file(store_path).get("migrating_from") is not None
    with Store.open(store_path, PASSPHRASE) as s:  # nothing was lost: it opens and finishes
        assert len(families.list_families(s)) == 3 and s.integrity_warnings == []
    assert "migrating_from" not in _key_file(store_path)


@pytest.mark.parametrize("how", ["closed", "open"])
def test_a_passphrase_change_on_a_full_disk_keeps_the_old_passphrase(store_path, monkeypatch,
                                                                     how):
    _closed_store(store_path)
    new = "a brand new passphrase for the full disk"
    before = _fingerprint(store_path.parent)
    with monkeypatch.context() as m:
        tried = _key_file_writes_fail(m)
        with pytest.raises(DiskFull) as err:
            if how == "closed":
                engine_mod.change_passphrase(store_path, PASSPHRASE, new)
            else:
                with Store.open(store_path, PASSPHRASE) as s:
                    s.change_passphrase(PASSPHRASE, new)
        assert tried == [1]  # control: the key file write is what failed
    assert str(err.value) == DISK_FULL_SENTENCE  # "could not save; nothing ... lost": true
    assert isinstance(err.value, OSError) and err.value.errno == errno.ENOSPC
    if how == "closed":
        assert _fingerprint(store_path.parent) == before
    assert _fingerprint(store_path.parent)[SIDE] == before[SIDE]  # the key file as it was
    assert not [p for p in store_path.parent.iterdir() if p.name.endswith(".partial")]
    _refused(store_path, new, WrongPassphrase, WRONG)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3


def test_an_atomic_write_on_a_full_disk_is_disk_full_and_still_an_oserror(tmp_path, monkeypatch):
    from safetymap.store.atomic import atomic_write_bytes

    target = tmp_path / "export.pdf"
    target.write_bytes(b"yesterday's copy")
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(OSError) as err:  # callers that handle a failed write still do
        atomic_write_bytes(target, b"today's copy")
    assert isinstance(err.value, DiskFull) and str(err.value) == DISK_FULL_SENTENCE
    assert err.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"yesterday's copy"
    assert [p.name for p in tmp_path.iterdir()] == ["export.pdf"]
    # control: any other failure is passed on as it was
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "EIO")))
    with pytest.raises(OSError) as err:
        atomic_write_bytes(target, b"today's copy")
    assert not isinstance(err.value, DiskFull) and err.value.errno == errno.EIO


def _old_fixture(tmp_path: Path, monkeypatch) -> Path:
    """The first-schema fixture (format 1), with one more (test) revision that fails, so opening
    it must back it up, move it to key slots and then fail to upgrade it."""
    mig = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, mig)
    (mig / "versions" / "0099_broken.py").write_text(
        f"from alembic import op\nrevision = 'test9'\ndown_revision = '{head_revision()}'\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    op.execute('CREATE TABLE t_half(x)')\n"
        "    op.execute('THIS IS NOT SQL')\n"
        "def downgrade():\n    pass\n")
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", mig)
    dest_dir = tmp_path / "s"
    dest_dir.mkdir()
    dest = dest_dir / "store-0001.db"
    shutil.copyfile(FIXTURES / "store-0001.db", dest)
    shutil.copyfile(keys.sidecar_path(FIXTURES / "store-0001.db"), keys.sidecar_path(dest))
    return dest


def _copy_fails_for_lack_of_space(monkeypatch) -> None:
    def no_space(src, dst, *a, **k):
        Path(dst).write_bytes(b"half a copy")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(engine_mod.shutil, "copyfile", no_space)


def test_the_backup_before_a_move_on_a_full_disk(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    before = _fingerprint(path.parent)
    _copy_fails_for_lack_of_space(monkeypatch)
    with pytest.raises(DiskFull) as err:
        Store.open(path, FIXTURE_PASSPHRASE)
    assert str(err.value) == BACKUP_FULL
    assert _fingerprint(path.parent) == before  # no half copy left behind, nothing moved


def test_the_backup_before_an_upgrade_on_a_full_disk(tmp_path, monkeypatch):
    """A store behind in schema is upgraded first and moved to key slots after, both after one
    backup: a full disk at that backup leaves it as it was (still format 1, so the previous
    version still opens it)."""
    path = _old_fixture(tmp_path, monkeypatch)
    with pytest.raises(StoreError, match="needs upgrading"):
        Store.open(path, FIXTURE_PASSPHRASE, migrate=False)  # neither upgraded nor moved
    assert _key_file(path)["format_version"] == 1
    before = _fingerprint(path.parent)
    _copy_fails_for_lack_of_space(monkeypatch)
    with pytest.raises(DiskFull) as err:
        Store.open(path, FIXTURE_PASSPHRASE)
    assert str(err.value) == BACKUP_FULL
    assert _fingerprint(path.parent) == before  # no half copy left behind, nothing moved


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                        str(where)], capture_output=True)
    return r.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "fulldisk"
    if not _mount_tmpfs(where, "8m"):
        if os.environ.get("CI") == "true":
            pytest.fail("could not mount a small tmpfs, and CI=true requires this test to run")
        pytest.skip("mounting a tmpfs needs root (set CI=true to make this a failure)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int = 0) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        room = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize - leave
        block = b"\0" * 65536
        while room > 0:
            try:
                room -= os.write(fd, block[:min(len(block), room)])
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
        if leave == 0:
            with pytest.raises(OSError):
                while True:
                    os.write(fd, b"\0")
    finally:
        os.close(fd)
    return filler


def test_real_full_disk_on_open_commit_and_backup(small_disk, tmp_path, monkeypatch):
    path = small_disk / "safetymap.db"
    with Store.create(path, PASSPHRASE) as s:
        for i in range(20):
            families.create_family(s, f"Family {i}")
    filler = _fill(small_disk)
    before = path.read_bytes()
    with pytest.raises(DiskFull) as err:
        Store.open(path, PASSPHRASE)
    assert str(err.value) == OPEN_FULL
    assert path.read_bytes() == before
    filler.unlink()

    with Store.open(path, PASSPHRASE) as s:
        filler = _fill(small_disk)
        with pytest.raises(DiskFull) as err:
            for i in range(50):
                families.create_family(s, "x" * 4000 + str(i))
        assert str(err.value) == DISK_FULL_SENTENCE
        filler.unlink()
        assert len(families.list_families(s)) >= 20
    with Store.open(path, PASSPHRASE) as s:
        assert len(families.list_families(s)) >= 20

    # the backup before an upgrade: room to open, not to copy the store
    for f in list(small_disk.iterdir()):
        f.unlink()
    fixture = _old_fixture(tmp_path, monkeypatch)
    old = small_disk / fixture.name
    shutil.copyfile(fixture, old)
    shutil.copyfile(keys.sidecar_path(fixture), keys.sidecar_path(old))
    with pytest.raises(StoreError):
        Store.open(old, FIXTURE_PASSPHRASE, migrate=False)  # neither upgraded nor moved
    moved_backups = _backups(old)
    assert moved_backups == []  # no copy yet: the upgrade's is the first
    _fill(small_disk, leave=128 * 1024)
    before = old.read_bytes()
    with pytest.raises(DiskFull) as err:
        Store.open(old, FIXTURE_PASSPHRASE)
    assert str(err.value) == BACKUP_FULL
    assert old.read_bytes() == before
    assert _backups(old) == moved_backups
    assert not [p for p in small_disk.iterdir() if p.name.endswith(".partial")]


# -- 6. one backup for repeated failed upgrades -----------------------------------------------

def _numbered_backups(monkeypatch) -> None:
    """Distinct backup names on every call, whatever the clock says."""
    count = iter(range(1, 100))
    real = engine_mod.backup_path

    def numbered(path, revision):
        p = real(path, revision)
        return p.with_name(p.name[:-16] + f"2000010{next(count)}T000000Z")
    monkeypatch.setattr(engine_mod, "backup_path", numbered)


def _failed_upgrade(path: Path) -> str:
    with pytest.raises(StoreError, match="left as it was") as err:
        Store.open(path, FIXTURE_PASSPHRASE)
    return str(err.value)


def test_repeated_failed_upgrades_keep_one_backup(tmp_path, monkeypatch):
    """Failed upgrades do not pile up full copies. The first failed upgrade of a format-1 store
    leaves one copy: the one from before the move to key slots, which is also the upgrade's.
    Today the store itself is a format-3 file after that (its bytes changed with the rekey), so
    the next attempt copies it once more; from then on every attempt reuses a copy. No two
    copies are the same bytes."""
    path = _old_fixture(tmp_path, monkeypatch)
    _numbered_backups(monkeypatch)
    original = _before(path)
    counts = []
    for _ in range(4):
        _failed_upgrade(path)
        counts.append(len(_backups(path)))
    assert counts[0] == 1 and counts[1] <= 2 and counts[1:] == [counts[1]] * 3
    copies = _backups(path)
    assert copies[0].read_bytes() == original["db"]
    assert keys.sidecar_path(copies[0]).read_bytes() == original["side"]
    assert copies[-1].read_bytes() == path.read_bytes()  # the one the attempts reuse
    assert keys.sidecar_path(copies[-1]).read_bytes() == keys.sidecar_path(path).read_bytes()
    assert len({c.read_bytes() for c in copies}) == len(copies)


def test_control_without_reuse_every_failed_upgrade_copies_again(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    _numbered_backups(monkeypatch)
    monkeypatch.setattr(engine_mod, "_existing_backup", lambda *a: None)
    counts = []
    for _ in range(3):
        _failed_upgrade(path)
        counts.append(len(_backups(path)))
    assert counts == [1, 2, 3]


def test_a_backup_of_a_different_file_is_not_reused(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    _numbered_backups(monkeypatch)
    _failed_upgrade(path)
    _failed_upgrade(path)
    copies = _backups(path)
    assert copies[-1].read_bytes() == path.read_bytes()  # control: the copy that is reused
    _flip(copies[-1], 4096 * 5 + 7)  # ... no longer matches the store
    _failed_upgrade(path)
    assert len(_backups(path)) == len(copies) + 1


def test_a_failed_upgrade_names_a_copy_of_the_store_as_it_was(tmp_path, monkeypatch):
    """"Upgrading ... failed, so it has been left as it was; a backup copy is at X." The copy
    named is the store from before this version touched it (with its old settings file), and
    the store is as it was: its settings file is the old one and its key is still the old key,
    so the previous version, which the person may go back to after a failed upgrade, still
    opens it."""
    path = _old_fixture(tmp_path, monkeypatch)
    original = _before(path)
    sentence = _failed_upgrade(path)
    (backup,) = _backups(path)
    assert sentence == (f"Upgrading store-0001.db to this version failed, so it has been left as "
                        f"it was; a backup copy is at {backup.name}.")
    assert backup.read_bytes() == original["db"]
    assert keys.sidecar_path(backup).read_bytes() == original["side"]
    # "left as it was"
    assert keys.sidecar_path(path).read_bytes() == original["side"]
    assert _legacy_key_opens(path, FIXTURE_PASSPHRASE)


# -- 7. the key in memory -----------------------------------------------------------------------

def test_the_key_is_not_in_the_url_and_is_wiped_on_close(store_path):
    s = Store.create(store_path, PASSPHRASE)
    key = s._key
    hex_key = bytes(key.raw).hex()
    assert hex_key not in str(s.engine.url) and s.engine.url.password is None
    # control: the old URL held it
    assert hex_key in "sqlite+pysqlcipher://:" + "x%27" + hex_key + "%27@/" + str(store_path)
    with s.engine.connect() as c:
        assert c.execute(text("PRAGMA cipher_memory_security")).scalar() == "1"
    assert not s.closed
    copies = list(key._copies)  # the x'...' text each connection was keyed with
    assert copies and all(hex_key.encode() in bytes(c) for c in copies)
    s.close()
    assert s.closed and key.wiped
    assert not any(key._raw) and all(not any(c) for c in copies)
    assert s.engine.pool.checkedout() == 0
    with pytest.raises(StoreError, match="This store has been closed"):
        s.engine.connect()
    s.close()  # twice is harmless
    with Store.open(store_path, PASSPHRASE):
        pass


@pytest.fixture
def made_keys(monkeypatch) -> list[keys.DerivedKey]:
    """Every key made from here on: Argon2id outputs, unwrapped master keys, new master keys."""
    made: list[keys.DerivedKey] = []

    class Recorded(keys.DerivedKey):
        __slots__ = ()

        def __init__(self, raw: bytearray) -> None:
            super().__init__(raw)
            made.append(self)
    monkeypatch.setattr(keys, "DerivedKey", Recorded)
    return made


def _flip_salt(p: Path) -> None:
    _flip(p, 5)


def _flip_page_one(p: Path) -> None:
    _flip(p, 100)


def _others_key_file(p: Path) -> None:
    other = _closed_store(p.parent.with_name("other") / p.name, 1)
    shutil.copyfile(keys.sidecar_path(other), keys.sidecar_path(p))


def _nothing(p: Path) -> None:
    pass


@pytest.mark.parametrize("fmt,damage,passphrase,exc", [
    (3, _nothing, "not the passphrase at all", WrongPassphrase),
    (3, _flip_salt, PASSPHRASE, StoreDamaged),
    (3, _flip_page_one, PASSPHRASE, StoreDamaged),
    (3, _others_key_file, PASSPHRASE, StoreDamaged),
    (2, _nothing, "not the passphrase at all", WrongPassphrase),
    (2, _flip_salt, PASSPHRASE, StoreDamaged),
    (2, _flip_salt, "not the passphrase at all", StoreDamaged),
    (2, _flip_page_one, PASSPHRASE, StoreDamaged),
    (1, _nothing, "not the passphrase at all", WrongPassphrase),
    (1, _flip_page_one, PASSPHRASE, WrongPassphrase),
], ids=lambda v: getattr(v, "__name__", str(v)).strip("_")[:12])
def test_a_refused_open_wipes_every_key_it_made(store_path, made_keys, fmt, damage, passphrase,
                                                exc):
    if fmt == 3:
        _closed_store(store_path)
    else:
        _legacy(store_path, fmt)
    damage(store_path)
    made_keys.clear()
    with pytest.raises(exc):
        Store.open(store_path, passphrase)
    assert made_keys  # control: the open did derive or unwrap keys
    assert [k for k in made_keys if not k.wiped] == []


@pytest.mark.parametrize("fmt", [3, 2, 1])
def test_an_open_and_close_wipe_every_key_made(store_path, made_keys, fmt):
    if fmt == 3:
        _closed_store(store_path)
    else:
        _legacy(store_path, fmt)
    made_keys.clear()
    s = Store.open(store_path, PASSPHRASE)
    assert [k for k in made_keys if not k.wiped] == [s.master_key()]  # only the store's own
    s.close()
    assert [k for k in made_keys if not k.wiped] == []


def test_a_failure_while_finishing_a_move_wipes_the_old_key(store_path, monkeypatch, made_keys):
    """A move cut short before its rekey: the next open derives the old passphrase key to read
    the file. If that open then fails (here a full disk while the store is opened for real),
    the old key must be wiped like the master key."""
    _legacy(store_path, 2)
    with monkeypatch.context() as m:
        m.setattr(engine_mod, "_rekey", _crash)
        with pytest.raises(_Crash):
            Store.open(store_path, PASSPHRASE)
    assert _key_file(store_path).get("migrating_from") is not None

    def full_on_open(path, engine):
        engine.dispose()
        raise engine_mod._full_on_open(path)  # what _check_store raises on a full disk
    made_keys.clear()
    with monkeypatch.context() as m:
        m.setattr(engine_mod, "_check_store", full_on_open)
        with pytest.raises(DiskFull, match="could not be opened"):
            Store.open(store_path, PASSPHRASE)
    assert len(made_keys) >= 2  # control: the master key and the old key were both made
    assert [k for k in made_keys if not k.wiped] == []
    with Store.open(store_path, PASSPHRASE) as s:  # and the move still finishes
        assert s.integrity_warnings == []


def test_connect_dbapi_gives_a_keyed_connection_until_close(store):
    import sqlcipher3
    from sqlalchemy import create_engine
    from sqlalchemy.pool import SingletonThreadPool

    other = create_engine(store.engine.url, module=sqlcipher3, creator=store.connect_dbapi,
                          poolclass=SingletonThreadPool, pool_size=5)
    try:
        with other.connect() as c:
            assert c.execute(text("SELECT count(*) FROM store_meta")).scalar() > 0
    finally:
        other.dispose()
    # control: the URL alone no longer unlocks anything
    bare = create_engine(store.engine.url)
    try:
        with pytest.raises(Exception, match="not a database"), bare.connect() as c:
            c.execute(text("SELECT count(*) FROM store_meta"))
    finally:
        bare.dispose()
    store.close()
    with pytest.raises(StoreError, match="This store has been closed"):
        store.connect_dbapi()


def test_create_on_a_full_disk_says_so_and_leaves_nothing(store_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(DiskFull) as err:
        Store.create(store_path, PASSPHRASE)
    assert str(err.value) == ("The disk is full, so the new store could not be made; nothing has "
                              "been changed. Free some space on the disk, then try again.")
    assert [p.name for p in store_path.parent.iterdir() if not p.name.endswith(".lock")] == []


def test_strength_is_judged_on_the_nfc_form():
    from safetymap.services.passphrase import assess

    assert assess(NFC) == assess(NFD)


def test_the_sidecar_reader_only_ever_says_damaged(tmp_path):
    """Whatever bytes are in a format 1/2 settings file, reading it gives settings or
    KeySettingsDamaged."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    store = tmp_path / "safetymap.db"
    good = json.loads(keys.sidecar_document(
        b"\x01" * 16, keys.KdfParams.fast_for_tests(),
        keys.DerivedKey(bytearray(32))).decode())
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                    max_size=3), max_leaves=8)
    field = st.sampled_from(["format", "format_version", "kdf", "kdf_sha256", "key_check"])
    kdf_field = st.sampled_from(["name", "salt", "time_cost", "memory_kib", "parallelism",
                                 "argon2_version", "key_bytes", "extra"])

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.one_of(
        st.binary(max_size=200),
        st.tuples(field, values).map(lambda fv: {**good, fv[0]: fv[1]}),
        st.tuples(kdf_field, values).map(
            lambda fv: {**good, "kdf": {**good["kdf"], fv[0]: fv[1]}}),
    ))
    def check(doc):
        raw = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
        keys.sidecar_path(store).write_bytes(raw)
        try:
            info = keys.read_sidecar_info(store)
        except KeySettingsDamaged as exc:
            assert str(exc).startswith(f"The key settings file next to the store ({SIDE}) ")
        else:
            assert info is not None
            keys.check_params(info.params)

    check()


def test_the_key_file_reader_only_ever_says_damaged(tmp_path):
    """Whatever a format-3 key file holds (each field replaced by anything, with its checksum
    recomputed, as a deliberate editor would), reading it gives a key file whose every setting
    is within bounds, or KeySettingsDamaged; never another exception."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    store = tmp_path / "safetymap.db"
    s = Store.create(store, PASSPHRASE)
    s.close()
    good = _key_file(store)
    slot = _passphrase_slot(good)
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                    max_size=3), max_leaves=8)
    top = st.sampled_from(["format", "format_version", "store_salt", "master_check", "slots",
                           "migrating_from", "extra"])
    in_slot = st.sampled_from(["kind", "kdf", "wrap", "label"])
    in_kdf = st.sampled_from(["name", "salt", "time_cost", "memory_kib", "parallelism",
                              "argon2_version", "key_bytes", "extra"])

    def rechecked(doc: dict) -> dict:
        body = {k: v for k, v in doc.items() if k != "checksum"}
        try:
            return {**body, "checksum": hashlib.sha256(keyslots.canonical(body)).hexdigest()}
        except ValueError:  # a float json cannot write exactly (nan): the old checksum
            return doc

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.one_of(
        st.tuples(top, values).map(lambda fv: rechecked({**good, fv[0]: fv[1]})),
        st.tuples(in_slot, values).map(lambda fv: rechecked(
            {**good, "slots": [{**slot, fv[0]: fv[1]}]})),
        st.tuples(in_kdf, values).map(lambda fv: rechecked(
            {**good, "slots": [{**slot, "kdf": {**slot["kdf"], fv[0]: fv[1]}}]})),
        st.tuples(in_kdf, values).map(lambda fv: rechecked(
            {**good, "migrating_from": {**slot["kdf"], fv[0]: fv[1]}})),
    ))
    def check(doc):
        keys.sidecar_path(store).write_text(json.dumps(doc))
        try:
            kf = keyslots.read(store)
        except KeySettingsDamaged as exc:
            assert str(exc).startswith(f"The key settings file next to the store ({SIDE}) ")
        else:
            if isinstance(kf, keyslots.KeyFile):
                for p in [kf.legacy, *(x.params() for x in kf.slots if x.kind == "passphrase")]:
                    if p is not None:
                        keys.check_params(p)
            else:
                assert kf is not None
                keys.check_params(kf.params)

    check()
