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

Size limits (ARCHITECTURE.md, "Bundle size limits") are checked while the file is read,
decrypted and decompressed, chunk by chunk: nothing is ever decompressed in full before it is
measured, so a bundle that would unpack to gigabytes is stopped at the limit. Reading any
bundle, however hostile, stays well under 300 MB of memory (tests/reliability/
test_bundle_limits.py measures it in a child process).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import stat
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..domain import model as m
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
MB = 1024 * 1024

# Limits that keep a damaged or hostile header from asking for absurd work or memory. Argon2id's
# memory is the largest single allocation while a bundle is opened, so it is bounded well below
# the 300 MB a bundle may cost in all (the default is 128 MiB).
MAX_MEMORY_KIB = 160 * 1024  # 160 MiB
MAX_TIME_COST = 20
MAX_PARALLELISM = 16
# Size limits, each with its own sentence (ARCHITECTURE.md, "Bundle size limits").
MAX_FILE_BYTES = 64 * MB  # the .smbundle file itself
MAX_PAYLOAD_BYTES = 48 * MB  # the JSON contents once decompressed
MAX_DEPTH = 64  # nesting of JSON objects and lists (a real bundle needs about 10)
MAX_VALUES = 1_000_000  # separate JSON values: more than this many commas is refused
MAX_CONTAINERS = 250_000  # JSON objects and lists (a real bundle has about 2 per record)
MAX_INTEGER = 10**15 - 1  # any whole number, at most 15 digits
MAX_ATTACHMENT_BYTES = 25 * MB  # one picture or document (checked in services/bundles.py)
# A str of the whole document costs up to 4 bytes per character when it holds any character
# beyond U+FFFF (an emoji); bundles this version writes are plain ASCII (1 byte).
MAX_TEXT_COST = 96 * MB
# Any one piece of text (a name, a note, a key), in characters. The app's longest real text, a
# chronology note or an assessment's analysis, is a few thousand words; 1,000,000 characters is
# five times a 200,000-character note. A picture's base64 data is not text: it has its own limit.
MAX_TEXT_CHARS = 1_000_000
_CHUNK = 1 * MB


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


class BundleTooLarge(BundleInvalid):
    """Over one of the documented size limits."""


def size_words(n: int) -> str:
    """'900 MB', '25 MB', '875 KB': sizes in the words a person reads on a file."""
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GB"
    if n >= MB:
        return f"{n / MB:.0f} MB" if n % MB == 0 or n >= 10 * MB else f"{n / MB:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


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


def encode_payload(payload: dict[str, Any]) -> bytes:
    """The payload as the UTF-8 JSON a bundle holds: plain ASCII (other characters escaped),
    so that reading it back costs one byte of memory per character."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def seal(payload: dict[str, Any], passphrase: str, kdf: BundleKdf | None = None) -> bytes:
    """Encrypt a JSON-ready payload into bundle bytes. A payload over the limits a reader
    enforces is refused here too, so every bundle written can be read back."""
    if not passphrase:
        raise BundleError("A bundle needs a passphrase.")
    kdf = kdf or default_kdf()
    _check_kdf(kdf)
    check_payload(payload, writing=True)
    raw = encode_payload(payload)
    try:
        check_document(raw)
    except BundleInvalid:
        raise BundleTooLarge(
            "This family is too large to send as one bundle (a bundle may hold "
            f"{size_words(MAX_PAYLOAD_BYTES)} of contents, {MAX_VALUES:,} values and "
            f"{MAX_CONTAINERS:,} lists and groups; this one comes to {size_words(len(raw))}); "
            "nothing has been written.") from None
    plain = zlib.compress(raw, 9)
    del raw
    return seal_compressed(plain, passphrase, kdf)


def seal_compressed(plain: bytes, passphrase: str, kdf: BundleKdf | None = None) -> bytes:
    """The encryption step of `seal`, for a payload already zlib-compressed. It checks nothing
    inside the payload: tests use it to build hostile bundles exactly as a sender would."""
    kdf = kdf or default_kdf()
    _check_kdf(kdf)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key, check = _derive(passphrase, salt, kdf)
    length = len(plain) + TAG_BYTES
    if HEADER_BYTES + length > MAX_FILE_BYTES:
        raise BundleTooLarge(f"This family would make a bundle file of {size_words(length)}, "
                             f"more than the {size_words(MAX_FILE_BYTES)} a bundle may be; "
                             "nothing has been written.")
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, KDF_ARGON2ID, kdf.time_cost, kdf.memory_kib,
                          kdf.parallelism, COMPRESSION_ZLIB, salt, nonce, check, length)
    enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(header)
    body = enc.update(plain) + enc.finalize()
    return header + body + enc.tag


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


_CUT_SHORT = ("The bundle file is incomplete (it looks cut short); nothing has been changed. "
              "Ask for it to be sent again.")


def _too_big_file(n: int) -> BundleTooLarge:
    return BundleTooLarge(f"This bundle file is {size_words(n)}, more than the "
                          f"{size_words(MAX_FILE_BYTES)} a bundle may be, so it was not "
                          "opened; nothing has been changed.")


def _parse_header(head: bytes, total: int) -> BundleHeader:
    if len(head) < len(MAGIC) or head[: len(MAGIC)] != MAGIC:
        raise NotABundle("This file is not a Safety Map bundle; nothing has been changed.")
    if len(head) < HEADER_BYTES:
        raise BundleDamaged(_CUT_SHORT)
    (_magic, version, kdf_id, t, mem, par, comp, _salt, _nonce, _check,
     length) = _HEADER.unpack_from(head)
    if version > FORMAT_VERSION:
        raise BundleTooNew("This bundle was made by a newer version of Safety Map; update this "
                           "copy to open it. Nothing has been changed.")
    if version != FORMAT_VERSION or kdf_id != KDF_ARGON2ID or comp != COMPRESSION_ZLIB:
        raise BundleDamaged("The bundle's header is damaged; nothing has been changed.")
    kdf = BundleKdf(t, mem, par)
    _check_kdf(kdf)
    actual = total - HEADER_BYTES
    if actual < length:
        raise BundleDamaged(_CUT_SHORT)
    if actual > length:
        raise BundleDamaged("The bundle file has extra data after its end, so it may have been "
                            "tampered with; nothing has been changed.")
    if length < TAG_BYTES:
        raise BundleDamaged("The bundle's header is damaged; nothing has been changed.")
    return BundleHeader(version, kdf, length)


def read_header(data: bytes) -> BundleHeader:
    """Check the clear-text header. Raises a BundleError for anything that is not a sound
    version-1 bundle header, before any key derivation is attempted."""
    return _parse_header(data[:HEADER_BYTES], len(data))


class _Inflater:
    """zlib, fed chunk by chunk, that stops as soon as the output passes MAX_PAYLOAD_BYTES."""

    def __init__(self, limit: int) -> None:
        self.z = zlib.decompressobj()
        self.out = bytearray()
        self.limit = limit
        self.problem: BundleInvalid | None = None

    def feed(self, data: bytes) -> None:
        if self.problem is not None or not data:
            return
        try:
            while data:
                if self.z.eof:
                    raise zlib.error("data after the end")
                piece = self.z.decompress(data, min(_CHUNK, self.limit - len(self.out) + 1))
                self.out += piece
                if len(self.out) > self.limit:
                    self.problem = BundleTooLarge(
                        "This bundle's contents would be larger than "
                        f"{size_words(self.limit)} once unpacked, more than a bundle may hold, "
                        "so it was not imported; nothing has been changed.")
                    self.out = bytearray()
                    return
                data = self.z.unconsumed_tail
        except zlib.error:
            self.problem = _unreadable()
            self.out = bytearray()

    def finish(self) -> bytearray:
        if self.problem is None and (not self.z.eof or self.z.unused_data):
            self.problem = _unreadable()
        if self.problem is not None:
            raise self.problem
        return self.out


def _unreadable() -> BundleInvalid:
    return BundleInvalid("The bundle opened but its contents cannot be read; nothing has been "
                         "changed.")


def open_bundle(data: bytes, passphrase: str) -> dict[str, Any]:
    """Decrypt, authenticate, decompress and parse bundle bytes; returns the JSON payload.

    Raises NotABundle, BundleDamaged, BundleTooNew, BundleWrongPassphrase, BundleTooLarge or
    BundleInvalid with a sentence for the user."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_big_file(len(data))
    return _open_stream(io.BytesIO(data), len(data), passphrase)


def open_bundle_file(path: Path | str, passphrase: str) -> dict[str, Any]:
    """As open_bundle, reading the file in chunks: the file is never held whole in memory.

    Only an ordinary file is opened: a folder, a pipe (FIFO), a socket or a device is refused
    from its stat before it is opened (a pipe would wait for ever in open()), and the file is
    opened non-blocking and checked again, since it could be swapped in between."""
    path = Path(path)
    name = path.name or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BundleError(f"There is no file called {name}; nothing has been changed.") from None
    except PermissionError:
        raise BundleError(f"This computer does not allow {name} to be read; nothing has "
                          "been changed.") from None
    except (OSError, ValueError):  # a name too long, a loop of links, a NUL in the name
        raise BundleError(f"{name} could not be read; nothing has been changed.") from None

    def check(mode: int) -> None:
        if stat.S_ISDIR(mode):
            raise BundleError(f"{name} is a folder, not a bundle file.")
        if not stat.S_ISREG(mode):
            raise NotABundle(f"{name} is not an ordinary file (it may be a pipe or a device), "
                             "so it cannot be a bundle; nothing has been changed.")

    check(st.st_mode)
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BundleError(f"There is no file called {name}; nothing has been changed.") from None
    except PermissionError:
        raise BundleError(f"This computer does not allow {name} to be read; nothing has "
                          "been changed.") from None
    except OSError:
        raise BundleError(f"{name} could not be opened; nothing has been changed.") from None
    try:
        fst = os.fstat(fd)
        check(fst.st_mode)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        total = fst.st_size
        if total > MAX_FILE_BYTES:
            head = f.read(HEADER_BYTES)
            if head[: len(MAGIC)] != MAGIC:
                raise NotABundle("This file is not a Safety Map bundle; nothing has been "
                                 "changed.")
            raise _too_big_file(total)
        return _open_stream(f, total, passphrase)


def _open_stream(f: IO[bytes], total: int, passphrase: str) -> dict[str, Any]:
    head = f.read(HEADER_BYTES)
    info = _parse_header(head, total)
    (_m, _v, _k, _t, _mem, _p, _c, salt, nonce, check, _len) = _HEADER.unpack_from(head)
    key, expect = _derive(passphrase, salt, info.kdf)  # Argon2id's memory is freed here
    if not hmac.compare_digest(expect, check):
        raise BundleWrongPassphrase(
            "That passphrase does not open this bundle (or the bundle's header is damaged); "
            "nothing has been changed.")
    body = info.ciphertext_bytes - TAG_BYTES
    f.seek(HEADER_BYTES + body)
    tag = f.read(TAG_BYTES)
    f.seek(HEADER_BYTES)
    dec = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(head)
    inflater = _Inflater(MAX_PAYLOAD_BYTES)
    left = body
    # Decrypt and decompress chunk by chunk. Nothing decrypted is trusted until the tag is
    # checked at the end; a limit reached early stops the decompressing, not the reading, so
    # a tampered file is still named as tampered.
    while left > 0:
        chunk = f.read(min(_CHUNK, left))
        if not chunk:
            raise BundleDamaged(_CUT_SHORT)
        left -= len(chunk)
        inflater.feed(dec.update(chunk))
    try:
        dec.finalize()
    except InvalidTag:
        raise BundleDamaged("The bundle is damaged or has been tampered with, so it cannot be "
                            "trusted; nothing has been changed. Ask for it to be sent again.") from None
    box: list[bytes | bytearray] = [inflater.finish()]
    del inflater
    payload = _parse_owned(box)  # the only reference to the text, so it is freed early
    if not isinstance(payload, dict):
        raise BundleInvalid("The bundle opened but does not hold a family record; nothing has "
                            "been changed.")
    check_payload(payload)
    return payload


# --- the JSON document ------------------------------------------------------------------------

# A string (with its escapes) or one structural character. Strings are skipped whole, so a
# bracket inside text is not counted.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]')


def _refuse(what: str) -> BundleInvalid:
    return BundleInvalid(f"The bundle was decrypted, but {what}, so it was not imported; "
                         "nothing has been changed.")


def check_document(raw: bytes | bytearray) -> None:
    """The limits a JSON document must keep before it is parsed: size, nesting depth, number
    of values, and the memory its text will take. Raises BundleInvalid with a sentence."""
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise BundleTooLarge(f"This bundle's contents would be {size_words(len(raw))} once "
                             f"unpacked, more than the {size_words(MAX_PAYLOAD_BYTES)} a "
                             "bundle may hold, so it was not imported; nothing has been changed.")
    width = 1
    if re.search(rb"[\x80-\xff]", raw):
        width = 4 if re.search(rb"[\xf0-\xf4]", raw) else 2
    if len(raw) * width > MAX_TEXT_COST:
        raise BundleTooLarge(
            f"This bundle's contents ({size_words(len(raw))} of text with characters that need "
            "more memory, such as emoji) are more than a bundle may hold, so it was not "
            "imported; nothing has been changed.")
    depth = 0
    values = 1  # every comma separates one more value from the last: a true lower bound
    containers = 0
    for tok in _TOKENS.finditer(raw):
        c = tok.group()
        if c == b"[" or c == b"{":
            depth += 1
            containers += 1
            if containers > MAX_CONTAINERS:
                raise _refuse(f"it holds more than {MAX_CONTAINERS:,} lists and groups of "
                              "values, more than a bundle may")
            if depth > MAX_DEPTH:
                raise _refuse(f"its contents are nested more than {MAX_DEPTH} levels deep, "
                              "which no Safety Map bundle is")
        elif c == b"]" or c == b"}":
            depth -= 1
        elif c == b",":
            values += 1
            if values > MAX_VALUES:
                raise _refuse(f"it holds more than {MAX_VALUES:,} separate values, more than "
                              "a bundle may")


class _NumberProblem(Exception):
    pass


def _int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > len(str(MAX_INTEGER)) or int(digits) > MAX_INTEGER:
        raise _NumberProblem("big")
    return int(text)


def _float(text: str) -> float:
    v = float(text)
    if v != v or v in (float("inf"), float("-inf")) or abs(v) > MAX_INTEGER:
        raise _NumberProblem("big")
    return v


def _constant(text: str) -> Any:
    raise _NumberProblem("constant")


def parse_document(raw: bytes | bytearray) -> Any:
    """Parse the payload's JSON within the limits. Raises BundleInvalid with a sentence."""
    return _parse_owned([raw])


def _parse_owned(box: list[bytes | bytearray]) -> Any:
    check_document(box[0])
    try:
        text = box[0].decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse("its contents are not readable text") from None
    box.clear()  # the bytes go before the parsing starts
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except _NumberProblem as exc:
        if str(exc) == "constant":
            raise _refuse("it holds a number that is not a real number (NaN or infinity)") from None
        raise _refuse(f"it holds a number larger than {MAX_INTEGER:,}, too large to be real") from None
    except RecursionError:
        raise _refuse("its contents are nested too deeply") from None
    except ValueError:
        raise _unreadable() from None


# --- the payload's texts and shapes -----------------------------------------------------------
#
# Checked on every payload read (after parsing, before services/bundles.py sees it) and on every
# payload `seal` writes, so every bundle written can be read back:
#
# * every text (and every key) at most MAX_TEXT_CHARS characters, except a picture's base64
#   data, which has its own limit (MAX_ATTACHMENT_BYTES, checked in services/bundles.py);
# * no lone surrogate ("\ud800": not a character, it cannot be stored or printed) and no NUL
#   character (refused, not stripped: the record is never rewritten on the way in);
# * every JSON column in the shape the app itself writes (JSON_SHAPES), in the records and in
#   the versions of them the history holds (an undo could bring one back).

#: The kinds of record in words, for sentences (services/bundles.py uses the same table).
KIND_WORDS = {
    "Family": "family", "Person": "person", "ContactDetail": "contact detail",
    "ChildRelation": "child's relationship", "SafetyCheckDecision": "safety check decision",
    "Visit": "visit", "VisitAttendance": "visit attendance", "MapEntry": "map entry",
    "EntryStance": "view on a map entry", "Score": "score",
    "ThreeHousesEntry": "Three Houses entry", "WordsAndPictures": "Words and Pictures story",
    "Attachment": "picture", "SafetyPlan": "safety plan", "SafetyPlanVersion": "plan version",
    "Assessment": "assessment", "ChronologyEvent": "chronology event",
    "SupervisionRecord": "supervision record",
}
_FIELD_WORDS = {"display_name": "name", "relationship_label": "role", "uid": "identity",
                "_id": "number"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _field_words(name: str) -> str:
    return _FIELD_WORDS.get(name, name.replace("_id", "").replace("_", " ").strip())


def _what(kind: str | None, field: str | None, earlier: bool = False) -> str:
    """'a chronology event's note', 'an earlier version of a safety plan's content'."""
    if kind is None:
        return "a piece of text in it" if field is None else f"its {_field_words(field)}"
    what = KIND_WORDS.get(kind, "record")
    owner = f"a{'n' if what[0] in 'aeiouAEIOU' else ''} {what}"
    if earlier:
        owner = f"an earlier version of {owner}"
    return f"{owner}'s {_field_words(field)}" if field else f"{owner}"


def _payload_problem(what: str, writing: bool, too_large: bool = False) -> BundleInvalid:
    cls = BundleTooLarge if too_large else BundleInvalid
    if writing:
        return cls(f"This family cannot be sent as a bundle: {what}; nothing has been written.")
    return cls(f"The bundle was decrypted, but {what}, so it was not imported; nothing has "
               "been changed.")


class _Shape(Exception):
    """A JSON column's value is not in the shape the app writes; the message names the part
    (by its key, never its contents)."""


def _plan_text(v: Any, part: str) -> None:
    if not isinstance(v, str):
        raise _Shape(f"its {part} must be text")


def _plan_rule(r: Any) -> None:
    if not isinstance(r, dict):
        raise _Shape("each of its rules must be a rule")
    unknown = set(r) - {"text", "who_makes_sure", "who_text", "words_of", "for_children",
                        "child_text"}
    if unknown or "text" not in r:
        raise _Shape("one of its rules has parts a rule does not have" if unknown
                     else "one of its rules has no words")
    for k in ("text", "who_text", "words_of", "child_text"):
        if k in r:
            _plan_text(r[k], f"rules' {k.replace('_', ' ')}")
    if "for_children" in r and not isinstance(r["for_children"], bool):
        raise _Shape("its rules' 'for the children too' must be yes or no")
    who = r.get("who_makes_sure", [])
    if not isinstance(who, list) or not all(isinstance(u, str) for u in who):
        raise _Shape("its rules' 'who makes sure' must be a list of people")


def plan_content_shape(value: Any) -> None:
    """The shape domain/plan.py's PlanContent.to_json writes (parts may be missing: the model's
    defaults apply). Raises _Shape naming the part that is wrong."""
    if not isinstance(value, dict):
        raise _Shape("it must be a group of named parts")
    unknown = set(value) - {"rules", "network_roles", "warning_signs", "if_not_working",
                            "review"}
    if unknown:
        raise _Shape("it has parts a safety plan does not have")
    rules = value.get("rules", [])
    if not isinstance(rules, list):
        raise _Shape("its rules must be a list of rules")
    for r in rules:
        _plan_rule(r)
    roles = value.get("network_roles", [])
    if not isinstance(roles, list):
        raise _Shape("its network roles must be a list")
    for n in roles:
        if (not isinstance(n, dict) or set(n) != {"person_uid", "role"}
                or not all(isinstance(x, str) for x in n.values())):
            raise _Shape("each of its network roles must name one person and their role")
    signs = value.get("warning_signs", [])
    if not isinstance(signs, list) or not all(isinstance(w, str) for w in signs):
        raise _Shape("its warning signs must be a list of texts")
    for k in ("if_not_working", "review"):
        if k in value:
            _plan_text(value[k], k.replace("_", " "))


#: Every JSON column of a record a bundle carries, with the check of its shape
#: (tests/reliability/test_bundle_limits.py fails if a JSON column is added without one).
JSON_SHAPES: dict[tuple[str, str], Callable[[Any], None]] = {
    ("SafetyPlan", "content"): plan_content_shape,
    ("SafetyPlanVersion", "content"): plan_content_shape,
}


def json_columns() -> set[tuple[str, str]]:
    from sqlalchemy import JSON

    return {(cls.__name__, col.name) for cls in m.TRACKED_MODELS
            for col in cls.__table__.columns if isinstance(col.type, JSON)}


def _binary_columns() -> set[tuple[str, str]]:
    from sqlalchemy import LargeBinary

    return {(cls.__name__, col.name) for cls in m.TRACKED_MODELS
            for col in cls.__table__.columns if isinstance(col.type, LargeBinary)}


_BINARY = _binary_columns()  # a picture's base64 data: not text, its own limit


def _text(s: str, kind: str | None, field: str | None, writing: bool, earlier: bool) -> None:
    if len(s) > MAX_TEXT_CHARS:
        raise _payload_problem(
            f"{_what(kind, field, earlier)} is {len(s):,} characters long, more than the "
            f"{MAX_TEXT_CHARS:,} any one piece of text in a bundle may be", writing,
            too_large=True)
    if s.isascii():
        if "\x00" in s:
            raise _payload_problem(f"{_what(kind, field, earlier)} holds a NUL character, which "
                                   "is not part of any text", writing)
        return
    if "\x00" in s:
        raise _payload_problem(f"{_what(kind, field, earlier)} holds a NUL character, which "
                               "is not part of any text", writing)
    if _SURROGATE.search(s):
        raise _payload_problem(f"{_what(kind, field, earlier)} holds a broken character (half "
                               "of an emoji or other character on its own), which cannot be "
                               "stored", writing)


def _texts(node: Any, kind: str | None, field: str | None, writing: bool,
           earlier: bool = False) -> None:
    """Every text and key under `node` (depth is bounded by MAX_DEPTH already)."""
    if isinstance(node, str):
        _text(node, kind, field, writing, earlier)
    elif isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, str):
                _text(k, kind, field, writing, earlier)
            _texts(v, kind, field, writing, earlier)
    elif isinstance(node, list):
        for v in node:
            _texts(v, kind, field, writing, earlier)


def _shape(kind: str, field: str, value: Any, writing: bool, earlier: bool) -> None:
    check = JSON_SHAPES.get((kind, field))
    if check is None or value is None:
        return  # a missing value is services/bundles.py's to refuse (or default)
    try:
        check(value)
    except _Shape as exc:
        raise _payload_problem(f"{_what(kind, field, earlier)} is not in the shape Safety Map "
                               f"writes ({exc})", writing) from None


def check_payload(payload: Any, writing: bool = False) -> None:
    """The payload's texts and JSON columns (see above). Raises BundleInvalid (BundleTooLarge
    for a text over MAX_TEXT_CHARS) with a sentence naming the kind of record and the field,
    never its contents. `writing` words it for `seal`: nothing has been written."""
    if not isinstance(payload, dict):
        return
    for key, value in payload.items():
        if isinstance(key, str):
            _text(key, None, None, writing, False)
        if key == "records" and isinstance(value, dict):
            for kind, rows in value.items():
                if isinstance(kind, str):
                    _text(kind, None, None, writing, False)
                if not isinstance(rows, list):
                    _texts(rows, None, None, writing)
                    continue
                k = kind if kind in KIND_WORDS else None
                for row in rows:
                    if not isinstance(row, dict):
                        _texts(row, k, None, writing)
                        continue
                    for field, v in row.items():
                        f = field if isinstance(field, str) else None
                        if f is not None:
                            _text(f, k, None, writing, False)
                        if k is not None and f is not None and (k, f) in _BINARY:
                            continue  # base64, not text: services/bundles.py checks it
                        _texts(v, k, f, writing)
                        if k is not None and f is not None:
                            _shape(k, f, v, writing, False)
        elif key == "history" and isinstance(value, list):
            for h in value:
                if not isinstance(h, dict) or not isinstance(h.get("data"), dict):
                    _texts(h, None, None, writing)
                    continue
                kind = h.get("entity_type")
                k = kind if isinstance(kind, str) and kind in KIND_WORDS else None
                for hk, hv in h.items():
                    if hk != "data":
                        _texts(hk, None, None, writing)
                        _texts(hv, None, None, writing)
                for field, v in h["data"].items():
                    f = field if isinstance(field, str) else None
                    if f is not None:
                        _text(f, k, None, writing, True)
                    _texts(v, k, f, writing, earlier=True)
                    if k is not None and f is not None:
                        _shape(k, f, v, writing, True)
        else:
            _texts(value, None, key if isinstance(key, str) else None, writing)
