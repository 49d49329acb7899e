"""Key slots (store format 3): the promises of issue 12, attacked.

* A passphrase change rewraps the master key: the old passphrase fails, the new one works, and
  the database file is not touched (its bytes are the same).
* A crash (SIGKILL) at any moment of a change leaves a store that opens with one of the two.
* The recovery key opens the store; a typo is caught and located, a wrong key is called wrong.
* The organisation's escrow private key opens the store.
* A format-1 store (the committed fixture) moves to key slots after a backup, families intact,
  and a crash at any step of the move still opens.
* An independent reader can derive the master key from ARCHITECTURE.md alone (see
  test_an_independent_reader_derives_the_master_key).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest

from safetymap.services import families
from safetymap.store import keys, keyslots
from safetymap.store.engine import Store, change_passphrase, recover, unlock_master
from safetymap.store.errors import StoreError, WrongPassphrase

OLD = "orchard lantern bicycle seventy"
NEW = "harbour violet kettle ninety two"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_PASSPHRASE = "fixture store passphrase one two three"
ROOT = Path(__file__).resolve().parents[2]


def _new_store(path: Path, passphrase: str = OLD) -> tuple[str, int]:
    with Store.create(path, passphrase) as s:
        fid = families.create_family(s, "Slot family")
        return s.recovery_key or "", fid


def _opens(path: Path, passphrase: str) -> bool:
    try:
        Store.open(path, passphrase).close()
        return True
    except WrongPassphrase:
        return False


def _db_bytes(path: Path) -> bytes:
    return path.read_bytes()


# -- 1. passphrase change -------------------------------------------------------------------------

def test_a_passphrase_change_rewraps_and_leaves_the_database_file_as_it_was(tmp_path):
    path = tmp_path / "s.db"
    _new_store(path)
    before = _db_bytes(path)
    master_before = unlock_master(path, passphrase=OLD)
    change_passphrase(path, OLD, NEW)
    assert _db_bytes(path) == before  # every page as it was: the master key did not change
    master_after = unlock_master(path, passphrase=NEW)
    assert master_after.same_as(master_before)
    master_before.wipe()
    master_after.wipe()
    assert not _opens(path, OLD)
    assert _opens(path, NEW)


def test_a_wrong_current_passphrase_changes_nothing(tmp_path):
    path = tmp_path / "s.db"
    _new_store(path)
    side = keys.sidecar_path(path).read_bytes()
    with pytest.raises(WrongPassphrase, match="not the current passphrase"):
        change_passphrase(path, "not it at all, sorry", NEW)
    assert keys.sidecar_path(path).read_bytes() == side
    assert _opens(path, OLD)


def test_an_open_store_changes_its_passphrase_and_keeps_working(tmp_path):
    path = tmp_path / "s.db"
    _new_store(path)
    with Store.open(path, OLD) as s:
        s.change_passphrase(OLD, NEW)
        families.create_family(s, "Added after the change")  # the open store is unaffected
    with Store.open(path, NEW) as s:
        assert len(families.list_families(s)) == 2


def test_the_change_is_refused_while_the_store_is_open_elsewhere(tmp_path):
    path = tmp_path / "s.db"
    _new_store(path)
    with Store.open(path, OLD):
        with pytest.raises(StoreError):
            change_passphrase(path, OLD, NEW)
    assert _opens(path, OLD)


_KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    os.environ["SAFETYMAP_TEST_FAST_KDF"] = "1"
    from safetymap.store import atomic, engine, keyslots
    where = sys.argv[2]
    real_replace = os.replace
    def replace(src, dst):
        if where == "before-rename":
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)
        if where == "after-rename":
            os.kill(os.getpid(), signal.SIGKILL)
    if where != "torn":
        atomic.os.replace = replace
    else:  # the control: the key file written in place, killed half way
        def torn(path, data):
            with open(path, "r+b") as fh:
                fh.truncate(0)
                fh.write(data[: len(data) // 2])
                fh.flush()
                os.fsync(fh.fileno())
            os.kill(os.getpid(), signal.SIGKILL)
        keyslots.atomic_write_bytes = torn
    engine.change_passphrase(Path(sys.argv[1]), sys.argv[3], sys.argv[4])
""")


def _kill_run(path: Path, where: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop")}
    p = subprocess.run([sys.executable, "-c", _KILLER, str(path), where, OLD, NEW], env=env,
                       capture_output=True, timeout=120)
    return p.returncode


@pytest.mark.parametrize("where", ["before-rename", "after-rename"])
def test_sigkill_during_a_change_leaves_one_of_the_two_passphrases_working(tmp_path, where):
    path = tmp_path / "s.db"
    _new_store(path)
    assert _kill_run(path, where) == -signal.SIGKILL
    old_ok, new_ok = _opens(path, OLD), _opens(path, NEW)
    assert old_ok != new_ok, (old_ok, new_ok)
    assert new_ok == (where == "after-rename")


def test_control_a_key_file_written_in_place_and_killed_leaves_neither(tmp_path):
    path = tmp_path / "s.db"
    _new_store(path)
    assert _kill_run(path, "torn") == -signal.SIGKILL
    for p in (OLD, NEW):
        with pytest.raises(StoreError):
            Store.open(path, p)


def test_sigkill_at_random_moments_of_a_cli_change(tmp_path):
    path = tmp_path / "s.db"
    _new_store(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "SAFETYMAP_PASSPHRASE": OLD,
           "SAFETYMAP_NEW_PASSPHRASE": NEW, "SAFETYMAP_HOME": str(tmp_path / "home")}
    current = OLD
    for i in range(6):
        env["SAFETYMAP_PASSPHRASE"], env["SAFETYMAP_NEW_PASSPHRASE"] = current, (
            NEW if current == OLD else OLD)
        p = subprocess.Popen([sys.executable, "-m", "safetymap", "--store", str(path),
                              "passphrase", "change"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(0.05 + 0.12 * i)
        p.send_signal(signal.SIGKILL)
        p.wait()
        works = [x for x in (OLD, NEW) if _opens(path, x)]
        assert len(works) == 1, (i, works)
        current = works[0]


# -- 2. recovery ----------------------------------------------------------------------------------

def test_the_recovery_key_opens_the_store_and_sets_a_new_passphrase(tmp_path):
    path = tmp_path / "s.db"
    rk, fid = _new_store(path)
    assert len(rk.split("-")) == 8 and all(len(g) == 4 for g in rk.split("-"))
    recover(path, NEW, recovery_key=rk.lower().replace("-", " "))  # forgiving of case, spaces
    assert not _opens(path, OLD)
    with Store.open(path, NEW) as s:
        assert families.list_families(s)[0].id == fid
    recover(path, "third passphrase for this store", recovery_key=rk)  # still works
    assert _opens(path, "third passphrase for this store")


def test_a_typo_in_the_recovery_key_is_caught_and_located(tmp_path):
    path = tmp_path / "s.db"
    rk, _ = _new_store(path)
    side = keys.sidecar_path(path).read_bytes()
    chars = list(rk)
    i = 10  # the third group
    chars[i] = keyslots.ALPHABET[(keyslots.ALPHABET.index(chars[i]) + 1) % 32]
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="Group 3 .* typing mistake"):
        recover(path, NEW, recovery_key="".join(chars))
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="32 characters in 8 groups"):
        recover(path, NEW, recovery_key=rk[:-2])
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="“U” is not one of them"):
        recover(path, NEW, recovery_key="U" + rk[1:])
    assert keys.sidecar_path(path).read_bytes() == side


def test_every_single_wrong_character_is_a_typo_not_a_wrong_key():
    secret = os.urandom(keyslots.RECOVERY_SECRET_BYTES)
    text = keyslots.format_recovery(secret).replace("-", "")
    assert bytes(keyslots.parse_recovery(text)) == secret
    for i in range(len(text)):
        for c in keyslots.ALPHABET:
            if c == text[i]:
                continue
            bad = text[:i] + c + text[i + 1:]
            with pytest.raises(keyslots.RecoveryKeyInvalid, match="typing mistake"):
                keyslots.parse_recovery(bad)


def test_swapped_groups_are_caught():
    text = keyslots.format_recovery(os.urandom(keyslots.RECOVERY_SECRET_BYTES))
    groups = text.split("-")
    if groups[0] == groups[1]:
        return
    swapped = "-".join([groups[1], groups[0], *groups[2:]])
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="typing mistake"):
        keyslots.parse_recovery(swapped)


def test_another_stores_recovery_key_is_called_what_it_is(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _new_store(a)
    rk_b, _ = _new_store(b)
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="typed correctly but is not this "
                                                          "store's"):
        recover(a, NEW, recovery_key=rk_b)
    assert _opens(a, OLD)


def test_a_new_recovery_key_replaces_the_old_one(tmp_path):
    path = tmp_path / "s.db"
    rk, _ = _new_store(path)
    with Store.open(path, OLD) as s:
        rk2 = s.new_recovery_key()
    assert rk2 != rk
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="not this store's"):
        unlock_master(path, recovery_key=rk)
    unlock_master(path, recovery_key=rk2).wipe()


def test_cli_forgotten_passphrase_then_recovery(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "SAFETYMAP_HOME":
           str(tmp_path / "home"), "SAFETYMAP_PASSPHRASE": OLD}
    env.pop("SAFETYMAP_NEW_PASSPHRASE", None)
    path = tmp_path / "cli.db"

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "safetymap", "--store", str(path), *args],
                              env={**env, **extra}, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)

    made = run("init")
    assert made.returncode == 0, made.stderr
    keys_printed = [w for w in made.stdout.split() if w.count("-") == 7 and len(w) == 39]
    assert len(keys_printed) == 1, made.stdout
    assert "apart from this laptop" in made.stdout
    rk = keys_printed[0]
    assert rk not in made.stderr
    forgot = run("families", SAFETYMAP_PASSPHRASE="I forgot what it was")
    assert forgot.returncode == 1 and "does not unlock" in forgot.stderr
    typo = run("recover", SAFETYMAP_RECOVERY_KEY=rk[:-1] + ("0" if rk[-1] != "0" else "1"),
               SAFETYMAP_NEW_PASSPHRASE=NEW)
    assert typo.returncode == 1 and "Group 8" in typo.stderr, typo.stderr
    ok = run("recover", SAFETYMAP_RECOVERY_KEY=rk, SAFETYMAP_NEW_PASSPHRASE=NEW)
    assert ok.returncode == 0, ok.stderr
    assert run("families", SAFETYMAP_PASSPHRASE=NEW).returncode == 0
    changed = run("passphrase", "change", SAFETYMAP_PASSPHRASE=NEW,
                  SAFETYMAP_NEW_PASSPHRASE=OLD)
    assert changed.returncode == 0, changed.stderr
    assert run("families", SAFETYMAP_PASSPHRASE=OLD).returncode == 0
    no_tty = run("recover", SAFETYMAP_NEW_PASSPHRASE=NEW)  # no key given and nobody to ask
    assert no_tty.returncode == 1 and "SAFETYMAP_RECOVERY_KEY" in no_tty.stderr


# -- 3. escrow ------------------------------------------------------------------------------------

def _organisation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pem, public = keyslots.new_escrow_keypair()
    key_file = tmp_path / "escrow.pem"
    key_file.write_bytes(pem)
    org = tmp_path / "organisation.json"
    org.write_text(json.dumps({"format": "safetymap.organisation/1",
                               "escrow": {"name": "Test Council IT", "public_key": public.hex()}}))
    monkeypatch.setenv("SAFETYMAP_ORGANISATION", str(org))
    return key_file


def test_the_escrow_private_key_opens_the_store(tmp_path, monkeypatch):
    key_file = _organisation(tmp_path, monkeypatch)
    path = tmp_path / "s.db"
    _new_store(path)
    kf = keyslots.read_slots(path)
    assert [s.label for s in kf.slots if s.kind == "escrow"] == ["Test Council IT"]
    recover(path, NEW, escrow_key=keyslots.load_escrow_private_key(key_file))
    assert _opens(path, NEW) and not _opens(path, OLD)
    # control: another organisation's private key does not
    other, _ = keyslots.new_escrow_keypair()
    (tmp_path / "other.pem").write_bytes(other)
    with pytest.raises(keyslots.RecoveryKeyInvalid, match="escrow key does not open"):
        recover(path, OLD, escrow_key=keyslots.load_escrow_private_key(tmp_path / "other.pem"))


def test_a_store_made_before_the_escrow_key_gets_its_slot_on_the_next_open(tmp_path,
                                                                           monkeypatch):
    path = tmp_path / "s.db"
    _new_store(path)
    assert not keyslots.read_slots(path).has("escrow")
    key_file = _organisation(tmp_path, monkeypatch)
    Store.open(path, OLD).close()
    assert keyslots.read_slots(path).has("escrow")
    unlock_master(path, escrow_key=keyslots.load_escrow_private_key(key_file)).wipe()


def test_a_broken_organisation_file_is_a_sentence_not_a_silent_skip(tmp_path, monkeypatch):
    org = tmp_path / "organisation.json"
    org.write_text('{"escrow": {"public_key": "not hex"}}')
    monkeypatch.setenv("SAFETYMAP_ORGANISATION", str(org))
    with pytest.raises(StoreError, match="organisation file .* escrow public key"):
        Store.create(tmp_path / "s.db", OLD)
    assert not (tmp_path / "s.db").exists() or (tmp_path / "s.db").stat().st_size == 0


# -- 4. the move from format 1 --------------------------------------------------------------------

def _copy_fixture(name: str, dest: Path) -> Path:
    for suffix in ("", keys.SIDECAR_SUFFIX, ".seal"):
        src = FIXTURES / (name + suffix)
        if src.exists():
            shutil.copyfile(src, dest / (name + suffix))
    return dest / name


def _legacy_rows(path: Path) -> list[tuple[int, str]]:
    """The fixture's families read with the old key, by hand, before anything moved."""
    import sqlcipher3

    info = keys.read_sidecar_info(path)
    assert info is not None and info.format_version == 1
    key = keys.derive(FIXTURE_PASSPHRASE, keys.read_salt(path), info.params)
    conn = sqlcipher3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        conn.set_key(key.sqlcipher_key())
        return sorted(conn.execute("SELECT id, display_name FROM families").fetchall())
    finally:
        conn.close()
        key.wipe()


def test_the_format_1_fixture_moves_to_key_slots_after_a_backup(tmp_path):
    path = _copy_fixture("store-0001.db", tmp_path)
    original = path.read_bytes()
    rows = _legacy_rows(path)
    assert len(rows) == 3
    with Store.open(path, FIXTURE_PASSPHRASE) as s:
        assert [(f.id, f.display_name) for f in
                sorted(families.list_families(s), key=lambda f: f.id)] == rows
        exported = {fid: families.load_family(s, fid) for fid, _ in rows}
        assert not s.has_recovery_key  # one is offered: it must be shown to be of use
    kf = keyslots.read_slots(path)
    assert kf.legacy is None and kf.has("passphrase") and kf.store_salt == original[:16]
    backups = [p for p in tmp_path.glob("store-0001.db.backup-*")
               if not p.name.endswith(keys.SIDECAR_SUFFIX)]
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert json.loads(keys.sidecar_path(backups[0]).read_text())["format_version"] == 1
    with Store.open(path, FIXTURE_PASSPHRASE) as s:  # and again, as format 3
        assert {fid: families.load_family(s, fid) for fid, _ in rows} == exported
        s.new_recovery_key()
        assert s.has_recovery_key


_MOVE_KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    os.environ["SAFETYMAP_TEST_FAST_KDF"] = "1"
    from safetymap.store import engine
    where = sys.argv[2]
    if where == "before-rekey":
        def rekey(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        engine._rekey = rekey
    else:
        real = engine._rekey
        def rekey(*a, **k):
            real(*a, **k)
            os.kill(os.getpid(), signal.SIGKILL)
        engine._rekey = rekey
    engine.Store.open(Path(sys.argv[1]), sys.argv[3])
""")


@pytest.mark.parametrize("where", ["before-rekey", "after-rekey"])
def test_a_crash_during_the_move_still_opens_and_finishes(tmp_path, where):
    path = _copy_fixture("store-0004.db", tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop")}
    p = subprocess.run([sys.executable, "-c", _MOVE_KILLER, str(path), where,
                        FIXTURE_PASSPHRASE], env=env, capture_output=True, timeout=120)
    assert p.returncode == -signal.SIGKILL, p.stderr
    assert keyslots.read_slots(path).legacy is not None  # it was cut short mid-move
    with Store.open(path, FIXTURE_PASSPHRASE) as s:
        assert len(families.list_families(s)) == 3
        assert s.integrity_warnings == []  # the seal was carried over to the new key
    assert keyslots.read_slots(path).legacy is None
    with Store.open(path, FIXTURE_PASSPHRASE) as s:
        assert s.integrity_warnings == []


# -- 5. calibration -------------------------------------------------------------------------------

@pytest.mark.parametrize("per_pass_128", [0.02, 0.12, 0.3, 0.7, 2.0])
def test_calibration_aims_at_under_a_second_with_at_least_64_mib(per_pass_128):
    def measure(p: keys.KdfParams) -> float:  # a linear model of Argon2id on some machine
        return per_pass_128 * p.time_cost * p.memory_kib / (128 * 1024)

    p = keyslots.calibrate(0.75, measure)
    keys.check_params(p)
    assert p.memory_kib >= 64 * 1024
    took = measure(p)
    if 0.05 <= per_pass_128 <= 0.7:
        assert 0.5 <= took <= 1.0, (p, took)
    elif per_pass_128 < 0.05:  # a fast machine: more memory too, still within bounds
        assert p.memory_kib > 128 * 1024 and took >= 0.5, (p, took)
    else:  # a very slow machine: the cheapest allowed, one pass over 64 MiB
        assert p == keys.KdfParams(1, 64 * 1024, 1)


@pytest.mark.parametrize("fixed,per_pass", [(0.1, 0.06), (0.15, 0.1), (0.05, 0.2)])
def test_calibration_counts_the_fixed_cost_of_a_run(fixed, per_pass):
    """A run costs a fixed part (allocating the memory) and a part per pass. Scaling one timed
    pass alone took the fixed part for a pass's, chose too few passes, and the bench's unlock
    came out at 0.4 s (under the issue's 0.5-1 s)."""
    def measure(p: keys.KdfParams) -> float:
        scale = p.memory_kib / (128 * 1024)
        return (fixed + per_pass * p.time_cost) * scale

    p = keyslots.calibrate(0.75, measure)
    assert 0.5 <= measure(p) <= 1.0, (p, measure(p))
    # control: the old way (one pass scaled) lands under 0.5 s for the first case
    old_passes = round(0.75 / measure(keys.KdfParams(1, 128 * 1024, 1)))
    if (fixed, per_pass) == (0.1, 0.06):
        assert measure(keys.KdfParams(old_passes, 128 * 1024, 1)) < 0.5


def test_real_calibration_gives_settings_this_version_accepts():
    p = keyslots.calibrate(0.3)
    keys.check_params(p)
    assert p.memory_kib >= 64 * 1024


# -- 6. the format, read by someone else -------------------------------------------------------

def _independent_master_from_passphrase(key_file: dict, passphrase: str) -> bytes:
    """ARCHITECTURE.md, "Key slots", step by step, with nothing from safetymap."""
    from argon2.low_level import Type, hash_secret_raw

    slot = next(s for s in key_file["slots"] if s["kind"] == "passphrase")
    kdf = slot["kdf"]
    kek = hash_secret_raw(unicodedata.normalize("NFC", passphrase).encode("utf-8"),
                          bytes.fromhex(kdf["salt"]), time_cost=kdf["time_cost"],
                          memory_cost=kdf["memory_kib"], parallelism=kdf["parallelism"],
                          hash_len=32, type=Type.ID, version=19)
    return _independent_unwrap(key_file, slot, kek)


def _independent_unwrap(key_file: dict, slot: dict, kek: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    canonical = json.dumps({"kind": slot["kind"], "kdf": slot["kdf"]}, sort_keys=True,
                           separators=(",", ":"), ensure_ascii=True).encode()
    aad = b"safetymap/slot/v1\x00" + canonical + b"\x00" + bytes.fromhex(key_file["store_salt"])
    return AESGCM(kek).decrypt(bytes.fromhex(slot["wrap"]["nonce"]),
                               bytes.fromhex(slot["wrap"]["ciphertext"]), aad)


def _independent_master_from_recovery(key_file: dict, recovery: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    chars = recovery.replace("-", "")
    data = [c for i, c in enumerate(chars) if i % 4 != 3]  # every 4th is a check character
    value = 0
    for c in data:
        value = value * 32 + alphabet.index(c)
    secret = value.to_bytes(15, "big")
    slot = next(s for s in key_file["slots"] if s["kind"] == "recovery")
    kek = HKDF(algorithm=hashes.SHA256(), length=32, salt=bytes.fromhex(slot["kdf"]["salt"]),
               info=b"safetymap/recovery/v1").derive(secret)
    return _independent_unwrap(key_file, slot, kek)


def test_an_independent_reader_derives_the_master_key(tmp_path):
    import sqlcipher3

    path = tmp_path / "s.db"
    rk, _ = _new_store(path)
    doc = json.loads(keys.sidecar_path(path).read_text())
    body = {k: v for k, v in doc.items() if k != "checksum"}
    assert hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=True).encode()).hexdigest() == doc["checksum"]
    m1 = _independent_master_from_passphrase(doc, OLD)
    m2 = _independent_master_from_recovery(doc, rk)
    assert m1 == m2 and len(m1) == 32
    import hmac
    assert hmac.new(m1, b"safetymap/master-check/v1\x00" + bytes.fromhex(doc["store_salt"]),
                    hashlib.sha256).hexdigest() == doc["master_check"]
    # opened with the key given as SQL text (PRAGMA key), not through the app's set_key path
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{m1.hex()}'\"")
        assert conn.execute("SELECT display_name FROM families").fetchall() == [("Slot family",)]
    finally:
        conn.close()
