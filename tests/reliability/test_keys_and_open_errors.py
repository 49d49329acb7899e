"""The promises hold at the edges: opening a store says what is really wrong.

Each attack below damages a store or its key settings file (`<store>.kdf.json`) the way a bad
disk, a copy from elsewhere or a hostile edit would, and asserts the exact sentence a person is
shown, and that a refused open changed nothing. Each has a control showing that the condition it
detects is real (the raw fact the old code acted on, or the old code path giving the old answer).
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

import pytest
from sqlalchemy import event, text

from safetymap.services import families
from safetymap.store import engine as engine_mod
from safetymap.store import keys
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

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_PASSPHRASE = "fixture store passphrase one two three"
WRONG = "That passphrase does not unlock this store; nothing has been changed."
SIDE = "safetymap.db.kdf.json"


def _settings_damaged(reason: str) -> str:
    return (f"The key settings file next to the store ({SIDE}) is damaged: {reason}. "
            "The store cannot be unlocked with it; nothing has been changed.")


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


def _closed_store(store_path: Path, n_families: int = 3) -> Path:
    with Store.create(store_path, PASSPHRASE) as s:
        for i in range(n_families):
            families.create_family(s, f"Family {i}")
    return store_path


def _refused(store_path: Path, passphrase: str, exc_type: type[BaseException], sentence: str):
    before = _fingerprint(store_path.parent)
    with pytest.raises(exc_type) as err:
        Store.open(store_path, passphrase)
    assert str(err.value) == sentence
    assert _fingerprint(store_path.parent) == before
    return err.value


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _sidecar(store_path: Path) -> dict:
    return json.loads(keys.sidecar_path(store_path).read_text())


def _write_sidecar_doc(store_path: Path, doc: dict, *, rehash: bool) -> None:
    if rehash:
        doc["kdf_sha256"] = hashlib.sha256(json.dumps(
            doc["kdf"], sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    keys.sidecar_path(store_path).write_text(json.dumps(doc))


def _as_format_1(store_path: Path) -> None:
    """Rewrite the sidecar the way the previous version wrote it (no salt, no key check)."""
    doc = _sidecar(store_path)
    kdf = doc["kdf"]
    keys.sidecar_path(store_path).write_text(json.dumps({
        "format": "safetymap-store", "format_version": 1, "cipher": doc["cipher"],
        "kdf": {"name": "argon2id", "argon2_version": 19,
                "salt": "the store file's first 16 bytes (SQLCipher header salt)",
                "key_bytes": 32, "time_cost": kdf["time_cost"], "memory_kib": kdf["memory_kib"],
                "parallelism": kdf["parallelism"]}}, indent=2))


def _key_opens(store_path: Path, passphrase: str, params: keys.KdfParams | None = None) -> bool:
    key = keys.derive(passphrase, keys.read_salt(store_path),
                      params or keys.KdfParams.fast_for_tests())
    try:
        return probe_page_one(store_path, key.sqlcipher_key())
    finally:
        key.wipe()


# -- the control everything else leans on -----------------------------------------------------

def test_a_wrong_passphrase_still_says_wrong_passphrase(store_path):
    _closed_store(store_path)
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)
    with Store.open(store_path, PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3


def test_the_sidecar_has_the_salt_the_settings_hash_and_a_key_check(store_path):
    _closed_store(store_path)
    doc = _sidecar(store_path)
    assert doc["format_version"] == 2
    assert bytes.fromhex(doc["kdf"]["salt"]) == store_path.read_bytes()[:16]
    assert doc["key_check"]["mac"] == "hmac-sha256"
    assert doc["key_check"]["label"] == "safetymap/key-check/v1"
    assert len(bytes.fromhex(doc["key_check"]["value"])) == 32
    assert PASSPHRASE not in json.dumps(doc)


# -- 1. damaged file vs wrong passphrase ------------------------------------------------------

def test_a_flipped_bit_in_the_salt_says_the_start_of_the_file_is_damaged(store_path):
    _closed_store(store_path)
    _flip(store_path, 5)
    _refused(store_path, PASSPHRASE, StoreDamaged,
             "The first 16 bytes of safetymap.db are damaged (they no longer match the salt "
             f"recorded in {SIDE}); the passphrase is right and the rest of the file can still "
             "be read. Nothing has been changed. Restore it from a backup copy.")
    # and a wrong passphrase on the same file is not called right
    _refused(store_path, "not the passphrase at all", StoreDamaged,
             f"The start of safetymap.db does not match its key settings file ({SIDE}): either "
             "the first 16 bytes of the store file are damaged, or the settings file belongs to "
             "another store. Nothing has been changed.")


def test_control_a_flipped_salt_looks_like_a_wrong_passphrase_without_the_recorded_salt(
        store_path):
    _closed_store(store_path)
    _flip(store_path, 5)
    assert not _key_opens(store_path, PASSPHRASE)  # page 1 alone cannot tell
    _as_format_1(store_path)  # what the old sidecar held
    _refused(store_path, PASSPHRASE, WrongPassphrase, WRONG)


def test_a_flipped_bit_in_page_one_says_damaged_and_the_passphrase_is_right(store_path):
    _closed_store(store_path)
    _flip(store_path, 100)  # beyond the salt, inside page 1's encrypted bytes
    _refused(store_path, PASSPHRASE, StoreDamaged,
             "safetymap.db is damaged and cannot be read, although the passphrase is right; "
             "nothing has been changed. Restore it from a backup copy.")
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)


def test_control_a_damaged_page_one_said_wrong_passphrase_without_a_key_check(store_path):
    _closed_store(store_path)
    _flip(store_path, 100)
    assert not _key_opens(store_path, PASSPHRASE)
    _as_format_1(store_path)
    _refused(store_path, PASSPHRASE, WrongPassphrase, WRONG)


def test_a_format_1_sidecar_gets_its_key_check_on_the_next_open(store_path):
    _closed_store(store_path)
    _as_format_1(store_path)
    Store.open(store_path, PASSPHRASE).close()
    doc = _sidecar(store_path)
    assert doc["format_version"] == 2 and "key_check" in doc
    _flip(store_path, 100)
    _refused(store_path, PASSPHRASE, StoreDamaged,
             "safetymap.db is damaged and cannot be read, although the passphrase is right; "
             "nothing has been changed. Restore it from a backup copy.")


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("store-*.db")), ids=lambda p: p.name)
def test_committed_fixtures_open_and_gain_a_key_check(fixture, tmp_path):
    original = {p.name: p.read_bytes() for p in (fixture, keys.sidecar_path(fixture))}
    dest = tmp_path / fixture.name
    shutil.copyfile(fixture, dest)
    shutil.copyfile(keys.sidecar_path(fixture), keys.sidecar_path(dest))
    with Store.open(dest, FIXTURE_PASSPHRASE) as s:
        assert s.revision() == head_revision()
    assert json.loads(keys.sidecar_path(dest).read_text())["format_version"] == 2
    assert {p.name: p.read_bytes() for p in (fixture, keys.sidecar_path(fixture))} == original


# -- 2. valid but wrong settings, and tight bounds ---------------------------------------------

def test_edited_settings_are_caught_by_their_check_value_before_deriving(store_path):
    _closed_store(store_path)
    doc = _sidecar(store_path)
    doc["kdf"]["time_cost"] = 2  # valid, and wrong
    _write_sidecar_doc(store_path, doc, rehash=False)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its settings do not match their check value (kdf_sha256), so they have been edited "
        "or damaged"))


def test_edited_settings_with_a_recomputed_check_value_are_not_called_a_wrong_passphrase(
        store_path):
    _closed_store(store_path)
    doc = _sidecar(store_path)
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
    assert not _key_opens(store_path, PASSPHRASE, info.params)
    # and with a wrong passphrase the same file still says wrong passphrase
    _refused(store_path, "not the passphrase at all", WrongPassphrase, WRONG)


def test_a_sidecar_from_another_store_is_told_apart(tmp_path):
    a = _closed_store(tmp_path / "a" / "safetymap.db", 1)
    b = _closed_store(tmp_path / "b" / "safetymap.db", 1)
    shutil.copyfile(keys.sidecar_path(b), keys.sidecar_path(a))
    _refused(a, PASSPHRASE, StoreDamaged,
             f"The start of safetymap.db does not match its key settings file ({SIDE}): either "
             "the first 16 bytes of the store file are damaged, or the settings file belongs to "
             "another store. Nothing has been changed.")


def test_costly_settings_are_refused_before_any_work(store_path, monkeypatch):
    _closed_store(store_path)
    doc = _sidecar(store_path)
    doc["kdf"].update(time_cost=20, memory_kib=1024 * 1024)  # the issue's 25 s, 1.1 GB attempt
    _write_sidecar_doc(store_path, doc, rehash=True)
    derived: list[object] = []
    monkeypatch.setattr(keys, "derive", lambda *a: derived.append(a))
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is outside the range this version uses (1 to 8)"))
    assert derived == []
    # control: the same file with affordable settings is accepted by the reader
    doc["kdf"].update(time_cost=1, memory_kib=8192)
    _write_sidecar_doc(store_path, doc, rehash=True)
    assert keys.read_sidecar_info(store_path).params == keys.KdfParams.fast_for_tests()


def test_bounds_cover_every_setting_this_version_writes_and_stay_tight():
    for p in (keys.KdfParams(), keys.KdfParams.fast_for_tests(), keys.KdfParams(8, 262144, 4)):
        keys.check_params(p)
    for p in (keys.KdfParams(9, 8192, 1), keys.KdfParams(1, 262145, 1),
              keys.KdfParams(1, 8191, 1), keys.KdfParams(1, 8192, 5), keys.KdfParams(True, 8192, 1)):
        with pytest.raises(ValueError):
            keys.check_params(p)
    assert keys.MAX_MEMORY_KIB == 256 * 1024 and keys.MAX_TIME_COST == 8


# -- 3. NFC and NFD ---------------------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "Siân ŷ café kettle morning")
NFD = unicodedata.normalize("NFD", NFC)


def test_a_store_made_with_nfc_opens_with_nfd(store_path):
    assert NFC != NFD
    with Store.create(store_path, NFC) as s:
        families.create_family(s, "Kept")
    with Store.open(store_path, NFD) as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]


def _old_nfd_store(store_path: Path, monkeypatch) -> None:
    """A store made by the previous version with an NFD passphrase: its key came from the NFD
    bytes as typed, and its sidecar had no key check."""
    with monkeypatch.context() as m:
        m.setattr(keys, "normalise", lambda p: p)
        with Store.create(store_path, NFD) as s:
            families.create_family(s, "Kept")
    _as_format_1(store_path)


def _backups(store_path: Path) -> list[Path]:
    return [p for p in store_path.parent.iterdir()
            if ".backup-" in p.name and not p.name.endswith((".kdf.json", ".partial"))]


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["nfc", "nfd"])
def test_an_old_nfd_store_opens_with_either_form_and_is_rekeyed(store_path, monkeypatch, typed):
    _old_nfd_store(store_path, monkeypatch)
    # control: the old key really is the NFD one, so NFC input used to be refused
    assert _key_opens(store_path, NFD) and not _key_opens(store_path, NFC)
    with Store.open(store_path, typed) as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]
        assert s.integrity_warnings == []  # the seal was re-MACed under the new key
    assert _key_opens(store_path, NFC) and not _key_opens(store_path, NFD)
    assert _sidecar(store_path)["format_version"] == 2
    assert len(_backups(store_path)) == 1  # taken before the rekey
    for form in (NFC, NFD):
        with Store.open(store_path, form) as s:
            assert s.integrity_warnings == []
    assert len(_backups(store_path)) == 1


class _Crash(BaseException):
    pass


def test_a_crash_between_rekey_and_sidecar_still_opens(store_path, monkeypatch):
    _old_nfd_store(store_path, monkeypatch)
    real = keys.write_sidecar
    with monkeypatch.context() as m:
        def crash(*a, **k):
            raise _Crash()
        m.setattr(keys, "write_sidecar", crash)
        with pytest.raises(_Crash):
            Store.open(store_path, NFD)
    assert _key_opens(store_path, NFC)  # the rekey was committed
    assert _sidecar(store_path)["format_version"] == 1  # the sidecar was not
    assert keys.write_sidecar is real
    with Store.open(store_path, NFC) as s:
        assert [f.display_name for f in families.list_families(s)] == ["Kept"]
    assert _sidecar(store_path)["format_version"] == 2
    with Store.open(store_path, NFD):
        pass


# -- 4. hostile sidecars ----------------------------------------------------------------------

def _sidecar_text(store_path: Path, text_: str) -> None:
    keys.sidecar_path(store_path).write_text(text_)


def _kdf_json(**over) -> str:
    kdf = {"name": "argon2id", "time_cost": 1, "memory_kib": 8192, "parallelism": 1}
    kdf.update(over)
    body = ", ".join(f'"{k}": {v if not isinstance(v, str) else json.dumps(v)}'
                     for k, v in kdf.items())
    return '{"format": "safetymap-store", "format_version": 1, "kdf": {' + body + "}}"


def test_infinity_in_the_sidecar(store_path):
    _closed_store(store_path)
    raw = _kdf_json(time_cost="@INF@").replace('"@INF@"', "Infinity")
    assert json.loads(raw)["kdf"]["time_cost"] == float("inf")  # control: json accepts it
    _sidecar_text(store_path, raw)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "it holds Infinity, which is not a number a settings file can hold"))
    _sidecar_text(store_path, raw.replace("Infinity", "NaN"))
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "it holds NaN, which is not a number a settings file can hold"))


def test_deep_json_in_the_sidecar(store_path):
    _closed_store(store_path)
    raw = '{"format": "safetymap-store", "kdf": ' + "[" * 10_000 + "]" * 10_000 + "}"
    with pytest.raises(RecursionError):  # control: what the old reader let escape
        json.loads(raw)
    _sidecar_text(store_path, raw)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "it is nested far too deeply to be a settings file"))


def test_huge_and_boolean_integers_in_the_sidecar(store_path):
    _closed_store(store_path)
    assert int(2**70) > keys.MAX_MEMORY_KIB and isinstance(True, int)  # control
    _sidecar_text(store_path, _kdf_json(memory_kib=2**70))
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its memory_kib setting is outside the range this version uses (8192 to 262144)"))
    _sidecar_text(store_path, _kdf_json(time_cost="@T@").replace('"@T@"', "true"))
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is not a whole number"))
    _sidecar_text(store_path, _kdf_json(parallelism=1.0))
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its parallelism setting is not a whole number"))
    _sidecar_text(store_path, _kdf_json(time_cost="9" * 5000))  # a string of digits
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its time_cost setting is not a whole number"))
    digits = _kdf_json(time_cost="@D@").replace('"@D@"', "9" * 5000)  # past int's digit limit
    with pytest.raises(ValueError, match="digits"):  # control: what json.loads raises
        json.loads(digits)
    _sidecar_text(store_path, digits)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "it holds a number far too long to be a setting"))


@pytest.mark.parametrize("raw,reason", [
    ("[]", "it does not hold a settings object"),
    ('"safetymap-store"', "it does not hold a settings object"),
    ("{", "it is not valid JSON"),
    ('{"format": "something-else"}', "it is not a Safety Map key settings file"),
    ('{"format": "safetymap-store", "format_version": 3}',
     "it was written by a newer version of Safety Map"),
    ('{"format": "safetymap-store", "kdf": []}', "it has no key derivation settings"),
    ('{"format": "safetymap-store", "kdf": {"name": "pbkdf2"}}',
     "its key derivation is not Argon2id"),
    ('{"format": "safetymap-store", "kdf": {"name": "argon2id", "time_cost": 1}}',
     "it has no memory_kib setting"),
])
def test_wrong_shapes_in_the_sidecar(store_path, raw, reason):
    _closed_store(store_path)
    _sidecar_text(store_path, raw)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(reason))


def test_binary_and_oversized_sidecars(store_path):
    _closed_store(store_path)
    keys.sidecar_path(store_path).write_bytes(b"\xff\xfe{}")
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged("it is not text"))
    keys.sidecar_path(store_path).write_bytes(b" " * (keys.SIDECAR_MAX_BYTES + 1))
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "it is far larger than a key settings file can be"))


def test_a_salt_with_spaces_in_its_hex(store_path):
    _closed_store(store_path)
    doc = _sidecar(store_path)
    salt_hex = doc["kdf"]["salt"]
    spaced = salt_hex[:28] + " " + salt_hex[28:30] + " "
    assert len(spaced) == 32 and len(bytes.fromhex(spaced)) == 16 - 1  # control: 15 bytes
    doc["kdf"]["salt"] = spaced
    _write_sidecar_doc(store_path, doc, rehash=True)
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "its salt is not 16 bytes written in hex"))


def test_a_fifo_or_folder_in_place_of_the_sidecar(store_path):
    _closed_store(store_path)
    side = keys.sidecar_path(store_path)
    side.unlink()
    os.mkfifo(side)
    assert side.exists() and not side.is_file()  # control: the old reader opened what exists
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
        "it is not a regular file"))
    side.unlink()
    side.mkdir()
    _refused(store_path, PASSPHRASE, KeySettingsDamaged, _settings_damaged(
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


def test_open_on_a_full_disk_when_the_sidecar_must_be_rewritten(store_path, monkeypatch):
    _closed_store(store_path)
    _as_format_1(store_path)
    monkeypatch.setattr(os, "fsync", _no_space)  # where a full disk shows on delayed allocation
    _refused(store_path, PASSPHRASE, DiskFull, OPEN_FULL)


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


def _no_space(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")


def _old_fixture(tmp_path: Path, monkeypatch) -> Path:
    """The first-schema fixture, with one more (test) revision so opening it must back it up."""
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


def test_the_backup_before_an_upgrade_on_a_full_disk(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    with pytest.raises(StoreError):
        Store.open(path, FIXTURE_PASSPHRASE, migrate=False)  # writes the format-2 sidecar
    before = _fingerprint(path.parent)

    def no_space(src, dst, *a, **k):
        Path(dst).write_bytes(b"half a copy")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(engine_mod.shutil, "copyfile", no_space)
    with pytest.raises(DiskFull) as err:
        Store.open(path, FIXTURE_PASSPHRASE)
    assert str(err.value) == BACKUP_FULL
    assert _fingerprint(path.parent) == before  # no half copy left behind


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
        Store.open(old, FIXTURE_PASSPHRASE, migrate=False)
    _fill(small_disk, leave=128 * 1024)
    before = old.read_bytes()
    with pytest.raises(DiskFull) as err:
        Store.open(old, FIXTURE_PASSPHRASE)
    assert str(err.value) == BACKUP_FULL
    assert old.read_bytes() == before
    assert not [p for p in small_disk.iterdir() if ".backup-" in p.name]


# -- 6. one backup for repeated failed upgrades -----------------------------------------------

def _numbered_backups(monkeypatch) -> None:
    """Distinct backup names on every call, whatever the clock says."""
    count = iter(range(1, 100))
    real = engine_mod.backup_path

    def numbered(path, revision):
        p = real(path, revision)
        return p.with_name(p.name[:-16] + f"2000010{next(count)}T000000Z")
    monkeypatch.setattr(engine_mod, "backup_path", numbered)


def test_repeated_failed_upgrades_keep_one_backup(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    _numbered_backups(monkeypatch)
    original = path.read_bytes()
    for _ in range(3):
        with pytest.raises(StoreError, match="left as it was"):
            Store.open(path, FIXTURE_PASSPHRASE)
    backups = _backups(path)
    assert len(backups) == 1
    assert backups[0].read_bytes() == original


def test_control_without_reuse_every_failed_upgrade_copies_again(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    _numbered_backups(monkeypatch)
    monkeypatch.setattr(engine_mod, "_existing_backup", lambda *a: None)
    for _ in range(3):
        with pytest.raises(StoreError, match="left as it was"):
            Store.open(path, FIXTURE_PASSPHRASE)
    assert len(_backups(path)) == 3


def test_a_backup_of_a_different_file_is_not_reused(tmp_path, monkeypatch):
    path = _old_fixture(tmp_path, monkeypatch)
    _numbered_backups(monkeypatch)
    with pytest.raises(StoreError, match="left as it was"):
        Store.open(path, FIXTURE_PASSPHRASE)
    (backup,) = _backups(path)
    _flip(backup, 4096 * 5 + 7)  # the old copy no longer matches the store
    with pytest.raises(StoreError, match="left as it was"):
        Store.open(path, FIXTURE_PASSPHRASE)
    assert len(_backups(path)) == 2


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
    """Whatever bytes are in the sidecar, reading it gives settings or KeySettingsDamaged."""
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
