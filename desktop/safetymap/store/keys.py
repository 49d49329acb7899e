"""Argon2id, wipeable keys, and the key settings files of store formats 1 and 2.

Since format 3 (store/keyslots.py) the store's key is a random master key and Argon2id only
derives the passphrase slot's key-encryption key; this module still reads the format 1 and 2
sidecars (`<store>.kdf.json`), where the store key was Argon2id(passphrase) with the file's own
16-byte header salt, so that such stores open and are moved to key slots (engine.py,
`_move_to_slots`). See ARCHITECTURE.md, "Key slots".

Sidecar format 2 (format 1 had no "salt" value, no "kdf_sha256" and no "key_check"):

    {"format": "safetymap-store", "format_version": 2, "cipher": "...",
     "kdf": {"name": "argon2id", "argon2_version": 19, "key_bytes": 32,
             "salt": "<32 hex: the store file's first 16 bytes>",
             "time_cost": 3, "memory_kib": 131072, "parallelism": 1},
     "kdf_sha256": "<64 hex: SHA-256 of the canonical JSON of "kdf">",
     "key_check": {"mac": "hmac-sha256", "label": "safetymap/key-check/v1",
                   "value": "<64 hex: HMAC-SHA256(key, label NUL canonical kdf)>"}}

Memory: derived keys live in `bytearray`s (`DerivedKey`) that are overwritten with zeros by
`wipe()`; the passphrase's UTF-8 form is built in a bytearray and wiped after Argon2id has run.
The passphrase `str` itself (and its normalised copy) cannot be wiped from Python.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import (  # type: ignore[attr-defined]  # the bindings' ffi and lib
    ARGON2_VERSION,
    Type,
    error_to_str,
    ffi,
    lib,
)

from .atomic import atomic_write_bytes
from .errors import KeySettingsDamaged

SALT_BYTES = 16
KEY_BYTES = 32
SIDECAR_SUFFIX = ".kdf.json"
FORMAT_NAME = "safetymap-store"
FORMAT_VERSION = 2  # the sidecar format this version writes; 1 is still read
STORE_META_FORMAT_VERSION = 1  # store_meta["format"] inside the database (not the sidecar)
READABLE_VERSIONS = (1, 2)
KEY_CHECK_MAC = "hmac-sha256"
KEY_CHECK_LABEL = "safetymap/key-check/v1"  # domain separation: this MAC is for nothing else
SIDECAR_MAX_BYTES = 64 * 1024
CIPHER_TEXT = "sqlcipher4 (defaults: AES-256-CBC, HMAC-SHA512, 4096-byte pages)"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Defaults take about 0.3-0.6 s on a 2-core laptop-class machine
    (measured by `make bench` as unlock_ms)."""

    time_cost: int = 3
    memory_kib: int = 131072  # 128 MiB
    parallelism: int = 1

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        # Only for test suites that create many stores; recorded in the sidecar like any other.
        return cls(time_cost=1, memory_kib=8192, parallelism=1)


# Bounds on settings read from the (plain-text, editable) sidecar, so that a damaged or
# tampered file cannot make unlocking crash, hang or exhaust memory. They cover every setting
# this version writes (the defaults, 3 x 128 MiB, and the test ones, 1 x 8 MiB) and a future
# cost calibrated to about a second (store/keyslots.py: `calibrate`), on a machine up to about 4x
# faster than the 2-core reference one, and a cost raised later to a few seconds. The worst case
# they allow (16 passes over 1 GiB) takes about 25 s and 1 GiB, so a random edit is caught first
# by the key file's checksum, never paid for.
MIN_TIME_COST = 1
MAX_TIME_COST = 16
MIN_MEMORY_KIB = 8192  # 8 MiB, the test setting
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MIN_PARALLELISM = 1
MAX_PARALLELISM = 4


def check_params(params: KdfParams) -> None:
    """Raise ValueError unless the settings are ones this version would ever use."""
    for name, lo, hi in _BOUNDS:
        value = getattr(params, name)
        if type(value) is not int or not lo <= value <= hi:
            raise ValueError("key derivation settings out of bounds")


_BOUNDS = (
    ("time_cost", MIN_TIME_COST, MAX_TIME_COST),
    ("memory_kib", MIN_MEMORY_KIB, MAX_MEMORY_KIB),
    ("parallelism", MIN_PARALLELISM, MAX_PARALLELISM),
)


def default_params() -> KdfParams:
    if os.environ.get("SAFETYMAP_TEST_FAST_KDF") == "1":
        return KdfParams.fast_for_tests()
    return KdfParams()


# -- passphrases and keys ---------------------------------------------------------------------

def normalise(passphrase: str) -> str:
    """The form every key is derived from since format 2: Unicode NFC, so 'â' typed as one code
    point or as 'a' + combining circumflex gives the same key."""
    return unicodedata.normalize("NFC", passphrase)


def passphrase_forms(passphrase: str) -> list[str]:
    """The forms to try, in order: NFC (what this version uses), then the forms an earlier
    version may have derived from without normalising (NFD, and the text exactly as typed)."""
    forms: list[str] = []
    for form in (normalise(passphrase), unicodedata.normalize("NFD", passphrase), passphrase):
        if form not in forms:
            forms.append(form)
    return forms


class DerivedKey:
    """A 32-byte key in a bytearray that `wipe()` overwrites with zeros. Copies handed to
    SQLCipher (`sqlcipher_key`) are bytearrays too, and are wiped with it."""

    __slots__ = ("_raw", "_copies", "_wiped")

    def __init__(self, raw: bytearray) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a key is 32 bytes")
        self._raw = raw
        self._copies: list[bytearray] = []
        self._wiped = False

    @property
    def raw(self) -> bytearray:
        if self._wiped:
            raise ValueError("the key has been wiped")
        return self._raw

    @property
    def wiped(self) -> bool:
        return self._wiped

    def sqlcipher_key(self, salt: bytes | None = None) -> bytearray:
        """`x'<64 hex key>'` (or with 32 hex of salt after the key), for sqlite3_key, built in
        a bytearray (no str copy). Wiped by `wipe()`."""
        # Sized once and filled in place: growing a bytearray may move it and leave the old
        # bytes behind in freed memory.
        raw = self.raw
        extra = bytes(salt) if salt is not None else b""
        out = bytearray(3 + 2 * (len(raw) + len(extra)))
        out[0:2] = b"x'"
        _hex_into(raw, out, 2)
        _hex_into(extra, out, 2 + 2 * len(raw))
        out[-1] = ord("'")
        self._copies.append(out)
        return out

    def same_as(self, other: DerivedKey) -> bool:
        return hmac.compare_digest(self.raw, other.raw)

    def wipe(self) -> None:
        for buf in [self._raw, *self._copies]:
            buf[:] = bytes(len(buf))  # in place: the same buffer, now zeros
        self._copies.clear()
        self._wiped = True

    def __repr__(self) -> str:  # never show key bytes
        return "<DerivedKey wiped>" if self._wiped else "<DerivedKey>"


_HEX = b"0123456789abcdef"


def _hex_into(data: bytes | bytearray, out: bytearray, at: int) -> None:
    for i, b in enumerate(data):
        out[at + 2 * i] = _HEX[b >> 4]
        out[at + 2 * i + 1] = _HEX[b & 15]


def derive(passphrase: str, salt: bytes, params: KdfParams) -> DerivedKey:
    """Argon2id(passphrase as given, UTF-8) into a wipeable buffer. Callers normalise first
    (`normalise`); `passphrase_forms` lists the forms older stores may need."""
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    secret = bytearray(passphrase, "utf-8")
    out = bytearray(KEY_BYTES)
    try:
        # argon2_hash is the reference library's one-call API (what argon2-cffi's
        # hash_secret_raw calls); calling it here lets it write into our bytearray, not an
        # immutable bytes object.
        rv = lib.argon2_hash(
            params.time_cost, params.memory_kib, params.parallelism,
            ffi.from_buffer("uint8_t[]", secret) if secret else ffi.new("uint8_t[]", 1),
            len(secret),
            ffi.from_buffer("uint8_t[]", bytearray(salt)), len(salt),
            ffi.from_buffer("uint8_t[]", out, require_writable=True), KEY_BYTES,
            ffi.NULL, 0, Type.ID.value, ARGON2_VERSION,
        )
    finally:
        secret[:] = bytes(len(secret))
    if rv != lib.ARGON2_OK:
        raise ValueError(f"key derivation failed: {error_to_str(rv)}")
    return DerivedKey(out)


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The key as immutable bytes (cannot be wiped). Kept for callers outside the store; the
    store itself uses `derive`."""
    key = derive(passphrase, salt, params)
    try:
        return bytes(key.raw)
    finally:
        key.wipe()


# -- the sidecar ------------------------------------------------------------------------------

def sidecar_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SIDECAR_SUFFIX)


def _kdf_doc(salt: bytes, params: KdfParams) -> dict[str, Any]:
    return {"name": "argon2id", "argon2_version": 19, "key_bytes": KEY_BYTES,
            "salt": salt.hex(), **asdict(params)}


def _canonical(kdf: dict[str, Any]) -> bytes:
    return json.dumps(kdf, sort_keys=True, separators=(",", ":")).encode("ascii")


def key_check_value(key: DerivedKey, salt: bytes, params: KdfParams) -> str:
    """HMAC-SHA256 under the derived key of a fixed label and the settings (salt included), so a
    key that passes it was derived from this passphrase with exactly these settings."""
    msg = KEY_CHECK_LABEL.encode("ascii") + b"\x00" + _canonical(_kdf_doc(salt, params))
    return hmac.new(key.raw, msg, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sidecar:
    """What a sidecar says. `salt` and `key_check` are None in a format-1 sidecar."""

    params: KdfParams
    format_version: int
    salt: bytes | None = None
    key_check: str | None = None

    def key_checks_out(self, key: DerivedKey) -> bool | None:
        """True/False when there is a key-check value to compare (constant time), else None."""
        if self.key_check is None or self.salt is None:
            return None
        return hmac.compare_digest(key_check_value(key, self.salt, self.params), self.key_check)


def sidecar_document(salt: bytes, params: KdfParams, key: DerivedKey) -> bytes:
    kdf = _kdf_doc(salt, params)
    doc = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "cipher": CIPHER_TEXT,
        "kdf": kdf,
        "kdf_sha256": hashlib.sha256(_canonical(kdf)).hexdigest(),
        "key_check": {"mac": KEY_CHECK_MAC, "label": KEY_CHECK_LABEL,
                      "value": key_check_value(key, salt, params)},
    }
    return json.dumps(doc, indent=2).encode("utf-8")


def write_sidecar(store_path: Path, params: KdfParams, salt: bytes, key: DerivedKey) -> None:
    """Write a format-2 sidecar atomically (OSError, e.g. a full disk, leaves the old one)."""
    atomic_write_bytes(sidecar_path(store_path), sidecar_document(salt, params, key))


def _damaged(path: Path, store_path: Path, reason: str) -> KeySettingsDamaged:
    return KeySettingsDamaged(
        f"The key settings file next to the store ({path.name}) is damaged: {reason}. "
        "The store cannot be unlocked with it; nothing has been changed.")


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


class _BadConstant(ValueError):
    pass


def _read_capped(path: Path) -> bytes | None:
    """The file's bytes, refusing anything but a regular file and anything over the cap. Opened
    non-blocking, so a FIFO put in its place cannot hang the app. None if it does not exist."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _Reason("it is a folder, not a file") from None
    except OSError:
        raise _Reason("it cannot be read") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _Reason("it is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise _Reason("it is not a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, SIDECAR_MAX_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > SIDECAR_MAX_BYTES:
                raise _Reason("it is far larger than a key settings file can be")
        return b"".join(chunks)
    except OSError:
        raise _Reason("it cannot be read") from None
    finally:
        os.close(fd)


class _Reason(Exception):
    pass


def _int_field(kdf: dict[str, Any], name: str, lo: int, hi: int) -> int:
    if name not in kdf:
        raise _Reason(f"it has no {name} setting")
    value = kdf[name]
    if type(value) is not int:  # bool is a subclass of int, and is not a setting
        raise _Reason(f"its {name} setting is not a whole number")
    if not lo <= value <= hi:
        raise _Reason(f"its {name} setting is outside the range this version uses ({lo} to {hi})")
    return value


def _hex_field(obj: dict[str, Any], name: str, nbytes: int, what: str) -> bytes:
    value = obj.get(name)
    # bytes.fromhex alone would skip spaces, giving fewer bytes than asked for
    if type(value) is not str or len(value) != 2 * nbytes \
            or any(c not in "0123456789abcdefABCDEF" for c in value):
        raise _Reason(f"its {what} is not {nbytes} bytes written in hex")
    return bytes.fromhex(value)


def read_sidecar_info(store_path: Path) -> Sidecar | None:
    """What the sidecar says, or None when it is missing. Anything else wrong with it raises
    KeySettingsDamaged with a sentence naming what is wrong."""
    path = sidecar_path(store_path)
    try:
        return _parse(_read_capped(path))
    except _Reason as r:
        raise _damaged(path, store_path, str(r)) from None


def _parse(data: bytes | None) -> Sidecar | None:
    if data is None:
        return None
    return _parse_doc(_decode(data))


def _decode(data: bytes) -> dict[str, Any]:
    """A settings file's JSON object, or _Reason saying what is wrong with it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Reason("it is not text") from None
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except _BadConstant as c:
        raise _Reason(f"it holds {c}, which is not a number a settings file can hold") from None
    except RecursionError:
        raise _Reason("it is nested far too deeply to be a settings file") from None
    except json.JSONDecodeError:
        raise _Reason("it is not valid JSON") from None
    except ValueError:  # an integer past Python's digit limit for conversion
        raise _Reason("it holds a number far too long to be a setting") from None
    if type(doc) is not dict:
        raise _Reason("it does not hold a settings object")
    return doc


#: format 3 (key slots) is read by store/keyslots.py; this module reads formats 1 and 2
NEWEST_KNOWN_VERSION = 3


def _parse_doc(doc: dict[str, Any]) -> Sidecar:
    if doc.get("format") != FORMAT_NAME:
        raise _Reason("it is not a Safety Map key settings file")
    version = doc.get("format_version", 1)
    if type(version) is not int:
        raise _Reason("its format_version is not a whole number")
    if version not in READABLE_VERSIONS:
        if version > NEWEST_KNOWN_VERSION:
            raise _Reason("it was written by a newer version of Safety Map")
        raise _Reason(f"its format_version {version} is not one Safety Map ever wrote")
    kdf = doc.get("kdf")
    if type(kdf) is not dict:
        raise _Reason("it has no key derivation settings")
    if kdf.get("name") != "argon2id":
        raise _Reason("its key derivation is not Argon2id")
    params = KdfParams(
        time_cost=_int_field(kdf, "time_cost", MIN_TIME_COST, MAX_TIME_COST),
        memory_kib=_int_field(kdf, "memory_kib", MIN_MEMORY_KIB, MAX_MEMORY_KIB),
        parallelism=_int_field(kdf, "parallelism", MIN_PARALLELISM, MAX_PARALLELISM),
    )
    if version == 1:
        return Sidecar(params=params, format_version=1)
    for name, expected in (("argon2_version", 19), ("key_bytes", KEY_BYTES)):
        if type(kdf.get(name)) is not int or kdf.get(name) != expected:
            raise _Reason(f"its {name} setting is not {expected}")
    salt = _hex_field(kdf, "salt", SALT_BYTES, "salt")
    digest = _hex_field(doc, "kdf_sha256", 32, "settings check value (kdf_sha256)")
    canonical = _canonical(_kdf_doc(salt, params))
    extra = set(kdf) - {"name", "argon2_version", "key_bytes", "salt",
                        "time_cost", "memory_kib", "parallelism"}
    if extra or not hmac.compare_digest(hashlib.sha256(canonical).digest(), digest):
        raise _Reason("its settings do not match their check value (kdf_sha256), so they have "
                      "been edited or damaged")
    kc = doc.get("key_check")
    if type(kc) is not dict or kc.get("mac") != KEY_CHECK_MAC or kc.get("label") != KEY_CHECK_LABEL:
        raise _Reason("its key check is missing or of a kind this version does not know")
    _hex_field(kc, "value", 32, "key check value")
    return Sidecar(params=params, format_version=2, salt=salt, key_check=kc["value"].lower())


def read_sidecar(store_path: Path) -> KdfParams | None:
    """Parameters recorded for this store, or None when the sidecar is missing."""
    info = read_sidecar_info(store_path)
    return info.params if info else None


def read_salt(store_path: Path) -> bytes:
    with open(store_path, "rb") as fh:
        return fh.read(SALT_BYTES)
