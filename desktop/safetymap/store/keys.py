"""Key derivation: passphrase -> raw 256-bit SQLCipher key, with Argon2id.

The Argon2id salt is the SQLCipher file's own 16-byte header salt (stored in the clear by
SQLCipher 4), so the salt never lives anywhere else. The Argon2id cost parameters live in a small
plaintext sidecar, `<store>.kdf.json`, which holds nothing secret. If the sidecar is lost, the
format-1 defaults below are what every store created by this version used, so the key can still be
derived. See ARCHITECTURE.md, "Store file format".
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from .atomic import atomic_write_bytes
from .errors import NotAStore

SALT_BYTES = 16
KEY_BYTES = 32
SIDECAR_SUFFIX = ".kdf.json"
FORMAT_NAME = "safetymap-store"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Defaults take about 0.4-0.6 s on a 2-core laptop-class machine
    (measured by `make bench` as unlock_ms)."""

    time_cost: int = 3
    memory_kib: int = 131072  # 128 MiB
    parallelism: int = 1

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        # Only for test suites that create many stores; recorded in the sidecar like any other.
        return cls(time_cost=1, memory_kib=8192, parallelism=1)


# Bounds on settings read from the (plain-text, editable) sidecar, so that a damaged or
# tampered file cannot make unlocking crash, hang for hours or exhaust memory. The same limits
# as a bundle header's (store/bundle.py).
MAX_TIME_COST = 20
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MAX_PARALLELISM = 16


def check_params(params: KdfParams) -> None:
    """Raise ValueError unless the settings are ones this version would ever use."""
    if not (1 <= params.time_cost <= MAX_TIME_COST
            and 1 <= params.parallelism <= MAX_PARALLELISM
            and 8 * params.parallelism <= params.memory_kib <= MAX_MEMORY_KIB):
        raise ValueError("key derivation settings out of bounds")


def default_params() -> KdfParams:
    if os.environ.get("SAFETYMAP_TEST_FAST_KDF") == "1":
        return KdfParams.fast_for_tests()
    return KdfParams()


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def sidecar_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + SIDECAR_SUFFIX)


def write_sidecar(store_path: Path, params: KdfParams) -> None:
    doc = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "cipher": "sqlcipher4 (defaults: AES-256-CBC, HMAC-SHA512, 4096-byte pages)",
        "kdf": {
            "name": "argon2id",
            "argon2_version": 19,
            "salt": "the store file's first 16 bytes (SQLCipher header salt)",
            "key_bytes": KEY_BYTES,
            **asdict(params),
        },
    }
    atomic_write_bytes(sidecar_path(store_path), json.dumps(doc, indent=2).encode("utf-8"))


def read_sidecar(store_path: Path) -> KdfParams | None:
    """Parameters recorded for this store, or None when the sidecar is missing."""
    path = sidecar_path(store_path)
    if not path.exists():
        return None
    try:
        doc = json.loads(path.read_text("utf-8"))
        if doc.get("format") != FORMAT_NAME:
            raise ValueError
        kdf = doc["kdf"]
        if kdf.get("name") != "argon2id":
            raise ValueError
        params = KdfParams(
            time_cost=int(kdf["time_cost"]),
            memory_kib=int(kdf["memory_kib"]),
            parallelism=int(kdf["parallelism"]),
        )
        check_params(params)
        return params
    except (ValueError, KeyError, TypeError, AttributeError):
        raise NotAStore(
            f"The key settings file next to the store ({path.name}) is damaged, so the store "
            "cannot be unlocked; nothing has been changed."
        ) from None


def read_salt(store_path: Path) -> bytes:
    with open(store_path, "rb") as fh:
        return fh.read(SALT_BYTES)
