"""Key slots (store format 3): one random master key, wrapped once per way of unlocking.

The SQLCipher key of a format-3 store is a random 256-bit master key, never derived from anything.
The key file beside the store (`<store>.kdf.json`, the same name as the earlier settings file)
keeps that master key wrapped with AES-256-GCM, once for each of:

* the passphrase, through Argon2id (cost calibrated on this machine at creation);
* the recovery key (shown once, 8 groups of 4 characters), through HKDF-SHA256;
* optionally, an organisation's escrow public key (X25519), through X25519 + HKDF-SHA256.

So changing the passphrase rewrites only the passphrase slot (one atomic file write; the database
is not re-encrypted), and any one slot opens the store. ARCHITECTURE.md ("Key slots") gives the
format in enough detail to derive the master key without this code.

Memory: the master key lives in a `keys.DerivedKey` (a bytearray wiped on close). It is
unwrapped with `update_into` into a bytearray, so it never exists as an immutable `bytes`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import keys
from .atomic import atomic_write_bytes
from .errors import KeySettingsDamaged, StoreError

FORMAT_VERSION = 3
MASTER_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SLOT_LABEL = b"safetymap/slot/v1"
MASTER_CHECK_LABEL = b"safetymap/master-check/v1"
RECOVERY_INFO = "safetymap/recovery/v1"
ESCROW_INFO = "safetymap/escrow/v1"
KINDS = ("passphrase", "recovery", "escrow")
MAX_SLOTS = 8

#: Crockford's base32: no I, L, O or U, so nothing reads as another letter
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
DATA_PER_GROUP = 3  # and one check character: 8 x 3 x 5 = 120 random bits
RECOVERY_SECRET_BYTES = 15

CALIBRATION_TARGET_S = 0.75  # the middle of the 0.5-1 s
MIN_CALIBRATED_MEMORY_KIB = 64 * 1024
CALIBRATION_MEMORY_KIB = 128 * 1024


class RecoveryKeyInvalid(StoreError):
    """A recovery key that is mistyped (the sentence says where) or not this store's."""


class NoSuchSlot(StoreError):
    """The key file has no slot of the kind asked for (e.g. no recovery key yet)."""


# -- canonical forms ----------------------------------------------------------------------------

def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _aad(kind: str, kdf: dict[str, Any], store_salt: bytes) -> bytes:
    return SLOT_LABEL + b"\x00" + canonical({"kind": kind, "kdf": kdf}) + b"\x00" + store_salt


def master_check(master: keys.DerivedKey, store_salt: bytes) -> str:
    return hmac.new(master.raw, MASTER_CHECK_LABEL + b"\x00" + store_salt,
                    hashlib.sha256).hexdigest()


# -- slots --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    kind: str
    kdf: dict[str, Any]
    nonce: bytes
    ciphertext: bytes  # 32 bytes of wrapped key, then the 16-byte GCM tag
    label: str = ""  # escrow: whose key it is ("Council IT"); shown, never secret

    def doc(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "kdf": self.kdf,
                             "wrap": {"alg": "aes-256-gcm", "nonce": self.nonce.hex(),
                                      "ciphertext": self.ciphertext.hex()}}
        if self.label:
            d["label"] = self.label
        return d

    def params(self) -> keys.KdfParams:
        """A passphrase slot's Argon2id cost."""
        return keys.KdfParams(time_cost=self.kdf["time_cost"], memory_kib=self.kdf["memory_kib"],
                              parallelism=self.kdf["parallelism"])


@dataclass(frozen=True)
class KeyFile:
    store_salt: bytes
    master_check: str
    slots: tuple[Slot, ...]
    #: A move from format 1/2 in flight: until it ends, the database may still be keyed directly
    #: from the passphrase with these settings and the file's salt.
    legacy: keys.KdfParams | None = None

    def slot(self, kind: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    def has(self, kind: str) -> bool:
        return self.slot(kind) is not None

    def passphrase_params(self) -> keys.KdfParams | None:
        s = self.slot("passphrase")
        return s.params() if s else None

    def with_slot(self, slot: Slot) -> KeyFile:
        """This key file with `slot` in place of any slot of its kind (escrow: of its key)."""
        def same(s: Slot) -> bool:
            if s.kind != slot.kind:
                return False
            return s.kind != "escrow" or s.kdf.get("recipient") == slot.kdf.get("recipient")
        return replace(self, slots=tuple([s for s in self.slots if not same(s)] + [slot]))

    def checks_out(self, master: keys.DerivedKey) -> bool:
        return hmac.compare_digest(master_check(master, self.store_salt), self.master_check)

    def document(self) -> bytes:
        body: dict[str, Any] = {
            "format": keys.FORMAT_NAME, "format_version": FORMAT_VERSION,
            "cipher": "sqlcipher4 defaults; raw key x'<master key hex>'",
            "store_salt": self.store_salt.hex(),
            "master_check": self.master_check,
            "slots": [s.doc() for s in self.slots],
        }
        if self.legacy is not None:
            body["migrating_from"] = {"name": "argon2id", "argon2_version": 19, "key_bytes": 32,
                                      "salt": self.store_salt.hex(),
                                      **_params_doc(self.legacy)}
        body["checksum"] = hashlib.sha256(canonical(body)).hexdigest()
        return json.dumps(body, indent=2).encode("utf-8")


def _params_doc(p: keys.KdfParams) -> dict[str, int]:
    return {"time_cost": p.time_cost, "memory_kib": p.memory_kib, "parallelism": p.parallelism}


def _wrap(kek: bytes | bytearray, master: keys.DerivedKey, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.AES(kek), modes.GCM(nonce)).encryptor()  # no bytes copy of the key
    enc.authenticate_additional_data(aad)
    out = bytearray(MASTER_BYTES + 15)
    n = enc.update_into(master.raw, out)
    enc.finalize()
    ct = bytes(out[:n]) + enc.tag  # the wrapped key is ciphertext: not secret
    out[:] = bytes(len(out))
    return nonce, ct


def _unwrap(kek: bytes | bytearray, slot: Slot, store_salt: bytes) -> keys.DerivedKey | None:
    """The master key, or None when the tag does not verify (wrong secret, or another store)."""
    if len(slot.ciphertext) != MASTER_BYTES + TAG_BYTES:
        return None
    body, tag = slot.ciphertext[:MASTER_BYTES], slot.ciphertext[MASTER_BYTES:]
    dec = Cipher(algorithms.AES(kek), modes.GCM(slot.nonce, tag)).decryptor()
    dec.authenticate_additional_data(_aad(slot.kind, slot.kdf, store_salt))
    buf = bytearray(MASTER_BYTES + 15)
    try:
        n = dec.update_into(body, buf)
        dec.finalize()
    except InvalidTag:
        buf[:] = bytes(len(buf))
        return None
    master = bytearray(MASTER_BYTES)
    master[:] = buf[:n]
    buf[:] = bytes(len(buf))
    return keys.DerivedKey(master)


def _hkdf(ikm: bytes | bytearray, salt: bytes, info: str) -> bytearray:
    out = bytearray(32)
    h = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info.encode("ascii"))
    if hasattr(h, "derive_into"):
        h.derive_into(ikm, out)
    else:  # cryptography < 46: the key exists briefly as bytes
        out[:] = h.derive(bytes(ikm))
    return out


def _argon2_kdf(salt: bytes, params: keys.KdfParams) -> dict[str, Any]:
    return {"name": "argon2id", "argon2_version": 19, "key_bytes": 32, "salt": salt.hex(),
            **_params_doc(params)}


def passphrase_slot(master: keys.DerivedKey, store_salt: bytes, passphrase: str,
                    params: keys.KdfParams) -> Slot:
    keys.check_params(params)
    salt = os.urandom(keys.SALT_BYTES)
    kek = keys.derive(keys.normalise(passphrase), salt, params)
    try:
        return passphrase_slot_from_kek(master, store_salt, salt, params, kek)
    finally:
        kek.wipe()


def passphrase_slot_from_kek(master: keys.DerivedKey, store_salt: bytes, salt: bytes,
                             params: keys.KdfParams, kek: keys.DerivedKey) -> Slot:
    """A passphrase slot from a key already derived (with `salt` and `params`)."""
    kdf = _argon2_kdf(salt, params)
    nonce, ct = _wrap(kek.raw, master, _aad("passphrase", kdf, store_salt))
    return Slot("passphrase", kdf, nonce, ct)


def passphrase_kek(passphrase: str, slot: Slot) -> keys.DerivedKey:
    return keys.derive(keys.normalise(passphrase), bytes.fromhex(slot.kdf["salt"]), slot.params())


def unwrap_with_passphrase(kf: KeyFile, passphrase: str) -> keys.DerivedKey | None:
    slot = kf.slot("passphrase")
    if slot is None:
        return None
    kek = passphrase_kek(passphrase, slot)
    try:
        return _unwrap(kek.raw, slot, kf.store_salt)
    finally:
        kek.wipe()


class EarlyUnlock:
    """The passphrase slot opened on a thread as soon as the passphrase is known, so Argon2id
    (about 0.75 s, in C without the GIL) runs while the rest of the program is still loading
    (a cold command otherwise waits for the one, then the other). Store.open takes the master
    key from it only when the key file it finds is the one this read and the passphrase is the
    same; anything else (a changed file, another passphrase, an error) and it unlocks as
    always. What is not taken is wiped: by discard(), or by the thread itself when it ends
    after discard() (which never waits, so a missing store says so at once)."""

    def __init__(self, store_path: Path, passphrase: str) -> None:
        self._passphrase = passphrase
        self._kf: KeyFile | None = None
        self._master: keys.DerivedKey | None = None
        self._lock = threading.Lock()
        self._discarded = False
        self._thread = threading.Thread(target=self._run, args=(Path(store_path),),
                                        name="safetymap-unlock", daemon=True)
        self._thread.start()

    def _run(self, store_path: Path) -> None:
        kf: KeyFile | None = None
        master: keys.DerivedKey | None = None
        try:
            found = read(store_path)
            if isinstance(found, KeyFile):
                kf = found
                master = unwrap_with_passphrase(found, self._passphrase)
        except Exception:  # noqa: BLE001 - Store.open reads the file again and says what is wrong
            kf, master = None, None
        with self._lock:
            if self._discarded:
                if master is not None:
                    master.wipe()
                return
            self._kf, self._master = kf, master

    def take(self, kf: KeyFile, passphrase: str) -> tuple[bool, keys.DerivedKey | None]:
        """(whether it answered for exactly `kf` and `passphrase`, and then the master key,
        once, or None: that passphrase does not open this file). Not answered: open as
        always. Answered with None: the passphrase is wrong, with no second Argon2id."""
        self._thread.join()
        with self._lock:
            master, self._master = self._master, None
            opened_from, used = self._kf, self._passphrase
        try:
            same = opened_from is not None and opened_from == kf and hmac.compare_digest(
                passphrase.encode(), used.encode())
        except BaseException:
            if master is not None:
                master.wipe()
            raise
        if not same:
            if master is not None:
                master.wipe()
            return False, None
        return True, master

    def discard(self) -> None:
        with self._lock:
            self._discarded = True
            master, self._master = self._master, None
            self._passphrase = ""
        if master is not None:
            master.wipe()


# -- the recovery key -----------------------------------------------------------------------------

def _luhn_check(codes: list[int]) -> int:
    """Luhn mod 32: catches every single wrong character and almost every swap of neighbours."""
    factor, total, n = 2, 0, len(ALPHABET)
    for code in reversed(codes):
        addend = factor * code
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return (n - total % n) % n


def format_recovery(secret: bytes) -> str:
    """ABCD-EFGH-... : 8 groups, each 3 characters of the key then 1 check character (which also
    covers the group's place, so two groups swapped are caught)."""
    if len(secret) != RECOVERY_SECRET_BYTES:
        raise ValueError("a recovery key is 15 bytes")
    value = int.from_bytes(secret, "big")
    symbols = [(value >> (5 * (GROUPS * DATA_PER_GROUP - 1 - i))) & 31
               for i in range(GROUPS * DATA_PER_GROUP)]
    groups = []
    for g in range(GROUPS):
        data = symbols[g * DATA_PER_GROUP:(g + 1) * DATA_PER_GROUP]
        check = _luhn_check([g, *data])
        groups.append("".join(ALPHABET[c] for c in [*data, check]))
    return "-".join(groups)


_LOOKALIKES = {"O": "0", "I": "1", "L": "1",
               # Cyrillic and Greek capitals that look like Latin ones (a phone keyboard, a
               # copy from a document): read as the letter they look like; the check characters
               # still catch a wrong guess
               "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "0", "Р": "P",
               "С": "C", "Т": "T", "Х": "X", "У": "Y", "З": "3",
               "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "1", "Κ": "K", "Μ": "M",
               "Ν": "N", "Ο": "0", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X"}
_SEPARATORS = set(" -\u2010\u2011\u2012\u2013\u2014\u2212_.\t\n\r")


def parse_recovery(text: str) -> bytearray:
    """The 15 secret bytes of a typed recovery key. Forgiving of case, spaces, hyphens and the
    look-alikes O/0 and I/L/1; a mistake gets a sentence that says which group to check."""
    cleaned = [_LOOKALIKES.get(c, c) for c in unicodedata.normalize("NFKC", text).upper()
               if c not in _SEPARATORS]
    if not cleaned:
        raise RecoveryKeyInvalid("No recovery key was given; nothing has been changed.")
    for c in cleaned:
        if c not in ALPHABET:
            shown = c if c.isprintable() else "?"
            raise RecoveryKeyInvalid(
                f"A recovery key has only the digits 0-9 and the letters A-Z without U; "
                f"“{shown}” is not one of them. Check it against your copy; nothing has been "
                "changed.")
    need = GROUPS * (DATA_PER_GROUP + 1)
    if len(cleaned) != need:
        raise RecoveryKeyInvalid(
            f"A recovery key is {need} characters in {GROUPS} groups of 4; that one has "
            f"{len(cleaned)}. Check it against your copy; nothing has been changed.")
    codes = [ALPHABET.index(c) for c in cleaned]
    value = 0
    for g in range(GROUPS):
        group = codes[g * 4:(g + 1) * 4]
        if _luhn_check([g, *group[:3]]) != group[3]:
            raise RecoveryKeyInvalid(
                f"Group {g + 1} of the recovery key (“{''.join(cleaned[g * 4:(g + 1) * 4])}”) "
                "has a typing mistake. Check it against your copy; nothing has been changed.")
        for code in group[:3]:
            value = (value << 5) | code
    out = bytearray(value.to_bytes(RECOVERY_SECRET_BYTES, "big"))
    return out


def recovery_slot(master: keys.DerivedKey, store_salt: bytes) -> tuple[Slot, str]:
    """A new recovery slot and its key, formatted to be shown once."""
    secret = bytearray(os.urandom(RECOVERY_SECRET_BYTES))
    salt = os.urandom(16)
    kdf = {"name": "hkdf-sha256", "salt": salt.hex(), "info": RECOVERY_INFO}
    kek = _hkdf(secret, salt, RECOVERY_INFO)
    try:
        nonce, ct = _wrap(kek, master, _aad("recovery", kdf, store_salt))
        text = format_recovery(bytes(secret))
    finally:
        kek[:] = bytes(32)
        secret[:] = bytes(len(secret))
    return Slot("recovery", kdf, nonce, ct), text


def unwrap_with_recovery(kf: KeyFile, text: str) -> keys.DerivedKey:
    secret = parse_recovery(text)  # a typo: RecoveryKeyInvalid, saying where
    slot = kf.slot("recovery")
    if slot is None:
        secret[:] = bytes(len(secret))
        raise NoSuchSlot("This store has no recovery key yet, so it cannot be opened with one; "
                         "nothing has been changed.")
    kek = _hkdf(secret, bytes.fromhex(slot.kdf["salt"]), RECOVERY_INFO)
    secret[:] = bytes(len(secret))
    try:
        master = _unwrap(kek, slot, kf.store_salt)
    finally:
        kek[:] = bytes(32)
    if master is None:
        raise RecoveryKeyInvalid(
            "That recovery key is typed correctly but is not this store's (it may belong to "
            "another store, or be from before a new one was made); nothing has been changed.")
    return master


# -- escrow -------------------------------------------------------------------------------------

def escrow_slot(master: keys.DerivedKey, store_salt: bytes, public_key: bytes,
                label: str = "") -> Slot:
    recipient = X25519PublicKey.from_public_bytes(public_key)
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes_raw()
    shared = bytearray(eph.exchange(recipient))
    kdf = {"name": "x25519-hkdf-sha256", "recipient": public_key.hex(),
           "ephemeral": eph_pub.hex(), "info": ESCROW_INFO}
    kek = _hkdf(shared, eph_pub + public_key, ESCROW_INFO)
    shared[:] = bytes(len(shared))
    try:
        nonce, ct = _wrap(kek, master, _aad("escrow", kdf, store_salt))
    finally:
        kek[:] = bytes(32)
    return Slot("escrow", kdf, nonce, ct, label[:200])


def unwrap_with_escrow(kf: KeyFile, private_key: X25519PrivateKey) -> keys.DerivedKey | None:
    public = private_key.public_key().public_bytes_raw()
    for slot in kf.slots:
        if slot.kind != "escrow" or slot.kdf.get("recipient") != public.hex():
            continue
        eph = bytes.fromhex(slot.kdf["ephemeral"])
        shared = bytearray(private_key.exchange(X25519PublicKey.from_public_bytes(eph)))
        kek = _hkdf(shared, eph + public, ESCROW_INFO)
        shared[:] = bytes(len(shared))
        try:
            master = _unwrap(kek, slot, kf.store_salt)
        finally:
            kek[:] = bytes(32)
        if master is not None:
            return master
    return None


# -- reading the key file -----------------------------------------------------------------------

def _hex(obj: dict[str, Any], name: str, nbytes: int, what: str) -> bytes:
    return keys._hex_field(obj, name, nbytes, what)


def _parse_slot(d: Any, i: int) -> Slot:
    where = f"key slot {i + 1}"
    if type(d) is not dict or d.get("kind") not in KINDS:
        raise keys._Reason(f"its {where} is not one this version knows")
    kind, kdf, wrap = d["kind"], d.get("kdf"), d.get("wrap")
    if type(kdf) is not dict or type(wrap) is not dict or wrap.get("alg") != "aes-256-gcm":
        raise keys._Reason(f"its {where} has no key derivation or no wrapped key")
    nonce = _hex(wrap, "nonce", NONCE_BYTES, f"{where}'s nonce")
    ct = _hex(wrap, "ciphertext", MASTER_BYTES + TAG_BYTES, f"{where}'s wrapped key")
    if kind == "passphrase":
        if kdf.get("name") != "argon2id" or kdf.get("argon2_version") != 19 \
                or kdf.get("key_bytes") != 32:
            raise keys._Reason(f"its {where}'s key derivation is not Argon2id")
        p = keys.KdfParams(
            time_cost=keys._int_field(kdf, "time_cost", keys.MIN_TIME_COST, keys.MAX_TIME_COST),
            memory_kib=keys._int_field(kdf, "memory_kib", keys.MIN_MEMORY_KIB,
                                       keys.MAX_MEMORY_KIB),
            parallelism=keys._int_field(kdf, "parallelism", keys.MIN_PARALLELISM,
                                        keys.MAX_PARALLELISM))
        want = _argon2_kdf(_hex(kdf, "salt", keys.SALT_BYTES, f"{where}'s salt"), p)
    elif kind == "recovery":
        want = {"name": "hkdf-sha256", "salt": _hex(kdf, "salt", 16, f"{where}'s salt").hex(),
                "info": RECOVERY_INFO}
    else:
        want = {"name": "x25519-hkdf-sha256",
                "recipient": _hex(kdf, "recipient", 32, f"{where}'s recipient").hex(),
                "ephemeral": _hex(kdf, "ephemeral", 32, f"{where}'s ephemeral key").hex(),
                "info": ESCROW_INFO}
    if {k: (v.lower() if isinstance(v, str) else v) for k, v in kdf.items()} != want:
        raise keys._Reason(f"its {where}'s key derivation has settings this version does not "
                           "know")
    label = d.get("label", "")
    if type(label) is not str:
        raise keys._Reason(f"its {where}'s label is not text")
    return Slot(kind, want, nonce, ct, label[:200])


def parse(doc: dict[str, Any]) -> KeyFile:
    """A format-3 key file (already JSON-decoded, format checked). Raises keys._Reason."""
    checksum = doc.get("checksum")
    body = {k: v for k, v in doc.items() if k != "checksum"}
    if type(checksum) is not str or not hmac.compare_digest(
            hashlib.sha256(canonical(body)).hexdigest(), checksum.lower()):
        raise keys._Reason("it does not match its checksum, so it has been edited or damaged")
    salt = _hex(doc, "store_salt", keys.SALT_BYTES, "store salt")
    check = _hex(doc, "master_check", 32, "master key check").hex()
    raw_slots = doc.get("slots")
    if type(raw_slots) is not list or not raw_slots:
        raise keys._Reason("it holds no key slots")
    if len(raw_slots) > MAX_SLOTS:
        raise keys._Reason(f"it holds more key slots than this version allows ({MAX_SLOTS})")
    slots = tuple(_parse_slot(d, i) for i, d in enumerate(raw_slots))
    legacy = None
    mig = doc.get("migrating_from")
    if mig is not None:
        if type(mig) is not dict:
            raise keys._Reason("its record of an unfinished upgrade is damaged")
        legacy = keys.KdfParams(
            time_cost=keys._int_field(mig, "time_cost", keys.MIN_TIME_COST, keys.MAX_TIME_COST),
            memory_kib=keys._int_field(mig, "memory_kib", keys.MIN_MEMORY_KIB,
                                       keys.MAX_MEMORY_KIB),
            parallelism=keys._int_field(mig, "parallelism", keys.MIN_PARALLELISM,
                                        keys.MAX_PARALLELISM))
    return KeyFile(salt, check, slots, legacy)


def read(store_path: Path) -> KeyFile | keys.Sidecar | None:
    """The key file: a KeyFile (format 3), a keys.Sidecar (formats 1 and 2, to be upgraded), or
    None when there is none. Anything wrong with it raises KeySettingsDamaged, saying what."""
    path = keys.sidecar_path(store_path)
    try:
        data = keys._read_capped(path)
        if data is None:
            return None
        doc = keys._decode(data)
        if doc.get("format") == keys.FORMAT_NAME and doc.get("format_version") == FORMAT_VERSION:
            return parse(doc)
        return keys._parse_doc(doc)
    except keys._Reason as r:
        raise keys._damaged(path, store_path, str(r)) from None


def write(store_path: Path, kf: KeyFile) -> None:
    """Atomically (a crash leaves the old file or the new one, never a mix or neither)."""
    atomic_write_bytes(keys.sidecar_path(store_path), kf.document())


def read_slots(store_path: Path) -> KeyFile:
    kf = read(store_path)
    if not isinstance(kf, KeyFile):
        name = keys.sidecar_path(store_path).name
        if kf is None:
            raise KeySettingsDamaged(
                f"The key file next to the store ({name}) is missing, and a store cannot be "
                "opened without it. Put it back beside the store (from wherever the store was "
                "copied from, or from a backup); nothing has been changed.")
        raise KeySettingsDamaged(
            f"The key file next to the store ({name}) is from an older version of Safety Map; "
            "open the store with its passphrase once, which upgrades it. Nothing has been "
            "changed.")
    return kf


# -- organisation escrow key ----------------------------------------------------------------------

def escrow_from_organisation() -> tuple[bytes, str] | None:
    """The organisation's escrow public key and its label, from the organisation file, or None.
    A file that cannot be used is a StoreError with a sentence (never silently skipped: a
    council that set escrow expects every new store to have it)."""
    from .. import config

    path = config.organisation_file()
    if path is None:
        return None
    try:
        data = keys._read_capped(path)
        if data is None:
            return None
        doc = keys._decode(data)
    except keys._Reason as r:
        raise StoreError(f"The organisation file ({path.name}) cannot be used: {r}.") from None
    esc = doc.get("escrow")
    if esc is None:
        return None
    if type(esc) is not dict:
        raise StoreError(f"The organisation file ({path.name}) has an escrow entry that is not "
                         "an object.")
    try:
        pub = _hex(esc, "public_key", 32, "escrow public key")
        X25519PublicKey.from_public_bytes(pub)
    except (keys._Reason, ValueError):
        raise StoreError(f"The organisation file ({path.name}) has an escrow public key that is "
                         "not 32 bytes of X25519 key written in hex.") from None
    label = esc.get("name", "")
    return pub, (label if isinstance(label, str) else "")[:200]


def load_escrow_private_key(path: Path) -> X25519PrivateKey:
    """An escrow private key file: PEM (PKCS#8, as `safetymap escrow keygen` writes), or 64 hex
    characters of raw key."""
    from cryptography.hazmat.primitives import serialization

    try:
        data = keys._read_capped(path)
    except keys._Reason as r:
        raise StoreError(f"The escrow key file ({path.name}) cannot be read: {r}.") from None
    if data is None:
        raise StoreError(f"There is no escrow key file at {path.name}.")
    try:
        if b"BEGIN" in data:
            key = serialization.load_pem_private_key(data, password=None)
            if not isinstance(key, X25519PrivateKey):
                raise ValueError
            return key
        return X25519PrivateKey.from_private_bytes(bytes.fromhex(data.decode("ascii").strip()))
    except (ValueError, UnicodeDecodeError, TypeError):
        raise StoreError(f"{path.name} is not an X25519 escrow private key.") from None


def new_escrow_keypair() -> tuple[bytes, bytes]:
    """(PEM private key, raw public key) for an organisation's IT to keep and to publish."""
    from cryptography.hazmat.primitives import serialization

    key = X25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return pem, key.public_key().public_bytes_raw()


# -- calibration ----------------------------------------------------------------------------------

def _time_argon2(params: keys.KdfParams) -> float:
    salt = os.urandom(keys.SALT_BYTES)
    start = time.perf_counter()
    keys.derive("calibration", salt, params).wipe()
    return time.perf_counter() - start


def calibrate(target_s: float = CALIBRATION_TARGET_S,
              measure: Callable[[keys.KdfParams], float] = _time_argon2) -> keys.KdfParams:
    """Argon2id settings that take about `target_s` here (0.5-1 s by default), with at least
    64 MiB. A run costs a fixed part (allocating and first touching the memory) plus a part per
    pass, so one pass and three passes at 128 MiB are timed and the passes that reach the
    target are worked out from both (one pass alone overstated the cost of each pass: the
    bench's unlock came out at 0.4 s). A machine too fast for the pass limit gets more memory;
    one too slow gets 64 MiB."""
    mem = CALIBRATION_MEMORY_KIB
    one = min(measure(keys.KdfParams(1, mem, 1)) for _ in range(2))
    if one > target_s * 1.3:  # a slow machine: a single pass at 128 MiB is already too long
        mem = MIN_CALIBRATED_MEMORY_KIB
        one = measure(keys.KdfParams(1, mem, 1))
        per, fixed = one, 0.0
    else:
        three = measure(keys.KdfParams(3, mem, 1))
        per = max((three - one) / 2, one / 10, 1e-6)
        fixed = max(one - per, 0.0)
    passes = max(keys.MIN_TIME_COST,
                 min(keys.MAX_TIME_COST, round((target_s - fixed) / per)))
    took = fixed + passes * per
    if passes == keys.MAX_TIME_COST and took < target_s * 0.7:
        factor = target_s / took
        mem = min(keys.MAX_MEMORY_KIB, int(mem * factor) // 1024 * 1024)
    return keys.KdfParams(time_cost=passes, memory_kib=mem, parallelism=1)


def creation_params() -> keys.KdfParams:
    """What a new passphrase slot costs: the test setting under SAFETYMAP_TEST_FAST_KDF=1,
    otherwise calibrated on this machine."""
    if os.environ.get("SAFETYMAP_TEST_FAST_KDF") == "1":
        return keys.KdfParams.fast_for_tests()
    return calibrate()
