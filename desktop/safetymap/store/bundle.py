"""The `.smbundle` file: one family, encrypted for handing a case over to another laptop.

Format version 1 (documented in ARCHITECTURE.md, "Bundles"). All integers big-endian.

    offset size  field
    0      8     magic b"SMBUNDLE"
    8      1     format version (1)
    9      1     KDF id (1 = Argon2id, version 0x13)
    10     4     Argon2id time cost
    14     4     Argon2id memory, KiB
    18     1     Argon2id parallelism
    19     1     compression id (1 = zlib)
    20     16    Argon2id salt (random)
    36     12    AES-GCM nonce (random)
    48     16    key check: first 16 bytes of SHA-256(derived[32:64])
    64     8     ciphertext length in bytes (including the 16-byte GCM tag)
    72     ...   AES-256-GCM ciphertext of the compressed UTF-8 JSON payload, then the tag

Argon2id derives 64 bytes from the passphrase: the first 32 are the AES-256 key, the last 32 are
only used for the key check, which lets a wrong passphrase be told apart from a damaged file
without weakening anything (an attacker can test a guess against the GCM tag just as well). The
whole 72-byte header is the GCM associated data, so any change to it is detected too.

This module is pure: bytes in, bytes out. Reading never touches a store; services/bundles.py
decides what to do with the payload.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import StoreError

MAGIC = b"SMBUNDLE"
FORMAT_VERSION = 1
KDF_ARGON2ID = 1
COMPRESSION_ZLIB = 1
SALT_BYTES = 16
NONCE_BYTES = 12
CHECK_BYTES = 16
TAG_BYTES = 16
_HEADER = struct.Struct(">8sBBIIBB16s12s16sQ")
HEADER_BYTES = _HEADER.size  # 72
SUFFIX = ".smbundle"

# Limits that keep a damaged or hostile header from asking for absurd work or memory.
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MAX_TIME_COST = 20
MAX_PARALLELISM = 16
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024  # 1 GiB once decompressed


class BundleError(StoreError):
    """Base for every bundle failure. The message is a sentence safe to show a social worker."""


class NotABundle(BundleError):
    pass


class BundleTooNew(BundleError):
    pass


class BundleDamaged(BundleError):
    pass


class BundleWrongPassphrase(BundleError):
    pass


class BundleInvalid(BundleError):
    """Decrypted fine, but the contents are not a family record this version can import."""


@dataclass(frozen=True)
class BundleKdf:
    time_cost: int = 3
    memory_kib: int = 131072  # 128 MiB, as the store's own key
    parallelism: int = 1

    @classmethod
    def fast_for_tests(cls) -> BundleKdf:
        return cls(time_cost=1, memory_kib=8192, parallelism=1)


def default_kdf() -> BundleKdf:
    if os.environ.get("SAFETYMAP_TEST_FAST_KDF") == "1":
        return BundleKdf.fast_for_tests()
    return BundleKdf()


def _derive(passphrase: str, salt: bytes, kdf: BundleKdf) -> tuple[bytes, bytes]:
    raw = hash_secret_raw(
        secret=passphrase.encode("utf-8"), salt=salt, time_cost=kdf.time_cost,
        memory_cost=kdf.memory_kib, parallelism=kdf.parallelism, hash_len=64, type=Type.ID,
    )
    return raw[:32], hashlib.sha256(raw[32:]).digest()[:CHECK_BYTES]


def seal(payload: dict[str, Any], passphrase: str, kdf: BundleKdf | None = None) -> bytes:
    """Encrypt a JSON-ready payload into bundle bytes."""
    if not passphrase:
        raise BundleError("A bundle needs a passphrase.")
    kdf = kdf or default_kdf()
    _check_kdf(kdf)
    plain = zlib.compress(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key, check = _derive(passphrase, salt, kdf)
    length = len(plain) + TAG_BYTES
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, KDF_ARGON2ID, kdf.time_cost, kdf.memory_kib,
                          kdf.parallelism, COMPRESSION_ZLIB, salt, nonce, check, length)
    return header + AESGCM(key).encrypt(nonce, plain, header)


def _check_kdf(kdf: BundleKdf) -> None:
    if not (1 <= kdf.time_cost <= MAX_TIME_COST and 1 <= kdf.parallelism <= MAX_PARALLELISM
            and 8 * kdf.parallelism <= kdf.memory_kib <= MAX_MEMORY_KIB):
        raise BundleDamaged("The bundle's header is damaged (its key settings are impossible); "
                            "nothing has been changed.")


@dataclass(frozen=True)
class BundleHeader:
    version: int
    kdf: BundleKdf
    ciphertext_bytes: int


def read_header(data: bytes) -> BundleHeader:
    """Check the clear-text header. Raises a BundleError for anything that is not a sound
    version-1 bundle header, before any key derivation is attempted."""
    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
        raise NotABundle("This file is not a Safety Map bundle; nothing has been changed.")
    if len(data) < HEADER_BYTES:
        raise BundleDamaged("The bundle file is incomplete (it looks cut short); nothing has "
                            "been changed. Ask for it to be sent again.")
    (_magic, version, kdf_id, t, mem, par, comp, _salt, _nonce, _check,
     length) = _HEADER.unpack_from(data)
    if version > FORMAT_VERSION:
        raise BundleTooNew("This bundle was made by a newer version of Safety Map; update this "
                           "copy to open it. Nothing has been changed.")
    if version != FORMAT_VERSION or kdf_id != KDF_ARGON2ID or comp != COMPRESSION_ZLIB:
        raise BundleDamaged("The bundle's header is damaged; nothing has been changed.")
    kdf = BundleKdf(t, mem, par)
    _check_kdf(kdf)
    actual = len(data) - HEADER_BYTES
    if actual < length:
        raise BundleDamaged("The bundle file is incomplete (it looks cut short); nothing has "
                            "been changed. Ask for it to be sent again.")
    if actual > length:
        raise BundleDamaged("The bundle file has extra data after its end, so it may have been "
                            "tampered with; nothing has been changed.")
    if length < TAG_BYTES:
        raise BundleDamaged("The bundle's header is damaged; nothing has been changed.")
    return BundleHeader(version, kdf, length)


def open_bundle(data: bytes, passphrase: str) -> dict[str, Any]:
    """Decrypt, authenticate, decompress and parse a bundle; returns the JSON payload.

    Everything happens in memory. Raises NotABundle, BundleDamaged, BundleTooNew or
    BundleWrongPassphrase with a sentence for the user."""
    head = read_header(data)
    (_m, _v, _k, _t, _mem, _p, _c, salt, nonce, check, _len) = _HEADER.unpack_from(data)
    key, expect = _derive(passphrase, salt, head.kdf)
    if not hmac.compare_digest(expect, check):
        raise BundleWrongPassphrase(
            "That passphrase does not open this bundle (or the bundle's header is damaged); "
            "nothing has been changed.")
    header = data[:HEADER_BYTES]
    try:
        plain = AESGCM(key).decrypt(nonce, data[HEADER_BYTES:], header)
    except InvalidTag:
        raise BundleDamaged("The bundle is damaged or has been tampered with, so it cannot be "
                            "trusted; nothing has been changed. Ask for it to be sent again.") from None
    try:
        d = zlib.decompressobj()
        raw = d.decompress(plain, MAX_PAYLOAD_BYTES)
        if d.unconsumed_tail or not d.eof:
            raise ValueError("payload too large or incomplete")
        payload = json.loads(raw.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise BundleInvalid("The bundle opened but its contents cannot be read; nothing has been "
                            "changed.") from None
    if not isinstance(payload, dict):
        raise BundleInvalid("The bundle opened but does not hold a family record; nothing has "
                            "been changed.")
    return payload
