"""Hostile bundles at the edges (issue "The promises hold at the edges"): deep JSON, huge
numbers, year-1 dates, a decompression bomb and oversized attachments each give a sentence that
names what is wrong, change nothing, and reading any of them stays under 300 MB of memory.

Every hostile bundle goes through the real writer's encryption (`seal_compressed`, the step
`seal` ends with; `seal` itself refuses to write anything over the limits), so it is read
through key derivation, authentication, decryption and decompression as a real one would be.
Memory is measured in a child process (its own peak resident size, VmHWM), never timed.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import zlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from safetymap.domain import model as m
from safetymap.domain.plan import PlanContent
from safetymap.services import bundles, families
from safetymap.services import childs_voice as voice_cmds
from safetymap.services import chronology as chronology_cmds
from safetymap.services.demo import DEMO_NAMES
from safetymap.store import bundle as fmt
from safetymap.store.engine import Store
from safetymap.store.keys import KdfParams

from .. import rowedit
from ..conftest import PASSPHRASE, copy_demo_store

BUNDLE_PASS = "river stones under a quiet bridge"
FAST = fmt.BundleKdf.fast_for_tests()
MEMORY_LIMIT_MB = 300


@pytest.fixture(scope="module")
def world(tmp_path_factory, demo_template):
    root = tmp_path_factory.mktemp("limits")
    copy_demo_store(root / "a" / "safetymap.db")
    with Store.open(root / "a" / "safetymap.db", PASSPHRASE) as a:
        fid = families.resolve_family(a, DEMO_NAMES[0])
        payload = bundles.build_payload(a, fid)
    return {"root": root, "payload": payload}


@pytest.fixture
def receiver(tmp_path):
    s = Store.create(tmp_path / "b" / "safetymap.db", PASSPHRASE, KdfParams.fast_for_tests())
    yield s
    s.close()


def _seal_json(raw: bytes, kdf: fmt.BundleKdf = FAST) -> bytes:
    return fmt.seal_compressed(zlib.compress(raw, 9), BUNDLE_PASS, kdf)


def _write(tmp_path: Path, data: bytes, name: str = "hostile.smbundle") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _counts(store):
    with store.session() as s:
        return [s.scalar(select(func.count()).select_from(c))
                for c in (m.Family, m.Person, m.Attachment, m.Change, m.Changeset, m.AuditEvent)]


def _refused(store, path: Path) -> str:
    before = _counts(store)
    with pytest.raises(fmt.BundleError) as err:
        bundles.import_bundle_file(store, path, BUNDLE_PASS)
    assert _counts(store) == before
    msg = str(err.value)
    assert msg[0].isupper() and msg.endswith(".") and "\n" not in msg
    assert "nothing has been changed" in msg.lower()
    assert "unexpected" not in msg.lower()
    for secret in ("Hughes", "Sarah", "Tomasz", "Kowalski"):
        assert secret not in msg
    return msg


def _payload_with(world, mutate) -> bytes:
    p = copy.deepcopy(world["payload"])
    mutate(p)
    return json.dumps(p, separators=(",", ":")).encode()


# --- sentences that name what is wrong ------------------------------------------------------


def test_deep_json_gives_a_sentence(world, receiver, tmp_path):
    deep = b'{"format":"safetymap.bundle/1","x":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    # control: the standard parser alone falls over on it (the old "unexpected problem")
    with pytest.raises(RecursionError):
        json.loads(deep)
    msg = _refused(receiver, _write(tmp_path, _seal_json(deep)))
    assert "nested more than 64 levels deep" in msg


def test_a_2_to_the_70_integer_gives_a_sentence(world, receiver, tmp_path):
    def huge(p):
        p["records"]["Score"][0]["value"] = 2**70
        p["records"]["Person"][0]["_id"] = 2**70
    raw = _payload_with(world, huge)
    assert str(2**70).encode() in raw  # control: the bundle carries it
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    assert "a number larger than 999,999,999,999,999" in msg


@pytest.mark.parametrize("field,value,words", [
    ("date_of_birth", "0001-01-01", "a person's date of birth is a date before 1900"),
    ("created_at", "0001-01-01T00:00:00+05:00", "a person's creation time is a date before 1900"),
    ("updated_at", "1899-12-31T23:00:00+00:00", "a person's last change is a date before 1900"),
])
def test_a_year_1_date_gives_a_sentence(world, receiver, tmp_path, field, value, words):
    raw = _payload_with(world, lambda p: p["records"]["Person"][0].update({field: value}))
    assert value.encode() in raw
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    assert words in msg


def test_not_a_number_gives_a_sentence(world, receiver, tmp_path):
    raw = _payload_with(world, lambda p: None).replace(b'"records":', b'"x":NaN,"records":', 1)
    assert json.loads(raw)["x"] != json.loads(raw)["x"]  # control: NaN really is in it
    assert "not a real number" in _refused(receiver, _write(tmp_path, _seal_json(raw)))


def test_too_many_lists_gives_a_sentence(world, receiver, tmp_path):
    raw = (b'{"format":"safetymap.bundle/1","x":[' + b"[]," * fmt.MAX_CONTAINERS + b"0]}")
    assert raw.count(b",") < fmt.MAX_VALUES  # control: under the value count, so this is it
    assert "more than 250,000 lists and groups of values" in _refused(
        receiver, _write(tmp_path, _seal_json(raw)))


def test_too_many_values_gives_a_sentence(world, receiver, tmp_path):
    raw = (b'{"format":"safetymap.bundle/1","x":[' + b"0," * fmt.MAX_VALUES + b"0]}")
    assert len(raw) < fmt.MAX_PAYLOAD_BYTES  # control: under the size limit, so this is the count
    assert "more than 1,000,000 separate values" in _refused(
        receiver, _write(tmp_path, _seal_json(raw)))


def test_a_header_asking_for_absurd_memory_is_refused_before_any_work(tmp_path, receiver):
    data = bytearray(_seal_json(b"{}"))
    data[14:18] = (4 * 1024 * 1024).to_bytes(4, "big")  # 4 GiB of Argon2id memory
    msg = _refused(receiver, _write(tmp_path, bytes(data)))
    assert "key settings are impossible" in msg


# --- size limits ----------------------------------------------------------------------------


def _attachment_payload(world, size: int) -> bytes:
    blob = base64.b64encode(os.urandom(size)).decode()

    def add(p):
        ts = p["exported_at"]
        p["records"]["Attachment"] = [{
            "_id": 1, "uid": "f" * 32, "family_id": p["family_uid"], "child_id": None,
            "filename": "drawing.png", "mime_type": "image/png", "caption": "",
            "data": blob, "created_at": ts, "updated_at": ts, "author": ""}]
    return _payload_with(world, add)


def test_a_30_mb_attachment_is_refused_with_a_sentence(world, receiver, tmp_path):
    raw = _attachment_payload(world, 30 * fmt.MB)
    assert len(raw) < fmt.MAX_PAYLOAD_BYTES  # control: the whole bundle is within its limit
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    assert "a picture's data of 30 MB, more than the 25 MB" in msg


def test_a_20_mb_attachment_is_accepted(world, receiver, tmp_path):
    """Control for the one above: the limit is the attachment's size, not attachments."""
    raw = _attachment_payload(world, 20 * fmt.MB)
    res = bundles.import_bundle_file(receiver, _write(tmp_path, _seal_json(raw)), BUNDLE_PASS)
    with receiver.session() as s:
        assert len(s.scalar(select(m.Attachment.data).where(
            m.Attachment.family_id == res.family_id))) == 20 * fmt.MB


def test_a_200_mb_attachment_is_refused_with_a_sentence(world, receiver, tmp_path):
    """200 MB of picture: over the bundle's size limit, found while decompressing."""
    head = _payload_with(world, lambda p: p["records"].update(Attachment=[{
        "_id": 1, "uid": "f" * 32, "family_id": p["family_uid"], "child_id": None,
        "filename": "x.png", "mime_type": "image/png", "caption": "", "data": "@@",
        "created_at": p["exported_at"], "updated_at": p["exported_at"], "author": ""}]))
    before, after = head.split(b'"@@"')
    z = zlib.compressobj(9)
    parts = [z.compress(before + b'"')]
    # a picture of one flat colour: 200 MB of it compresses to a small file
    chunk = base64.b64encode(bytes(3 * 1024 * 256))  # 1 MiB of base64
    for _ in range(200):
        parts.append(z.compress(chunk))
    parts.append(z.compress(b'"' + after) + z.flush())
    compressed = b"".join(parts)
    d, n, left = zlib.decompressobj(), 0, compressed
    while left:  # control: it really holds 200 MB of picture
        n += len(d.decompress(left, 64 * fmt.MB))
        left = d.unconsumed_tail
    assert n > 200 * fmt.MB
    data = fmt.seal_compressed(compressed, BUNDLE_PASS, FAST)
    msg = _refused(receiver, _write(tmp_path, data))
    assert "larger than 48 MB once unpacked" in msg


def test_export_refuses_an_attachment_over_the_limit(tmp_path):
    s = Store.create(tmp_path / "a" / "safetymap.db", PASSPHRASE, KdfParams.fast_for_tests())
    with s:
        fid = families.create_family(s, "Test family")
        aid = voice_cmds.add_drawing(s, fid, b"\0" * (26 * fmt.MB))
        out = tmp_path / "x.smbundle"
        with pytest.raises(fmt.BundleTooLarge, match="26 MB, more than the 25 MB") as err:
            bundles.export_bundle(s, fid, out, BUNDLE_PASS, kdf=FAST)
        assert "nothing has been written" in str(err.value) and not out.exists()
        # control: at 24 MB it is written
        rowedit.update_row(s, "Attachment", aid, data=b"\0" * (24 * fmt.MB))
        bundles.export_bundle(s, fid, out, BUNDLE_PASS, kdf=FAST)
        assert out.exists()


def test_a_file_over_the_file_limit_is_refused_unread(tmp_path, receiver):
    big = tmp_path / "big.smbundle"
    with big.open("wb") as f:
        f.write(_seal_json(b"{}")[:72])
        f.truncate(fmt.MAX_FILE_BYTES + 1)  # sparse: takes no disk
    assert "more than the 64 MB a bundle may be" in _refused(receiver, big)


# --- memory, measured in a child process -----------------------------------------------------

CHILD = textwrap.dedent("""
    import json, sys
    from safetymap.services import bundles
    from safetymap.store.bundle import BundleError
    try:
        bundles.read_bundle(sys.argv[1], sys.argv[2])
        outcome = "read"
    except BundleError as exc:
        outcome = str(exc)
    peak = next(int(line.split()[1]) for line in open("/proc/self/status")
                if line.startswith("VmHWM:"))
    print(json.dumps({"outcome": outcome, "peak_kib": peak}))
""")


def _child(path: Path) -> tuple[str, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    r = subprocess.run([sys.executable, "-c", CHILD, str(path), BUNDLE_PASS], capture_output=True,
                       text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    return out["outcome"], out["peak_kib"] / 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """875 KB that decompresses to 900 MB of JSON, sealed with the real writer."""
    z = zlib.compressobj(9)
    parts = [z.compress(b'{"format":"safetymap.bundle/1","records":{},"pad":"')]
    block = b"A" * fmt.MB
    for _ in range(900):
        parts.append(z.compress(block))
    parts.append(z.compress(b'"}') + z.flush())
    compressed = b"".join(parts)
    # control: it really unpacks to 900 MB (counted in chunks, never held whole)
    d, n, left = zlib.decompressobj(), 0, compressed
    while left:
        n += len(d.decompress(left, 64 * fmt.MB))
        left = d.unconsumed_tail
    assert n > 900 * fmt.MB and len(compressed) < fmt.MB
    path = tmp_path_factory.mktemp("bomb") / "bomb.smbundle"
    path.write_bytes(fmt.seal_compressed(compressed, BUNDLE_PASS, FAST))
    return path


def test_a_900_mb_bomb_is_refused_in_bounded_memory(bomb):
    outcome, peak_mb = _child(bomb)
    assert "larger than 48 MB once unpacked" in outcome and "nothing has been changed" in outcome
    assert peak_mb < MEMORY_LIMIT_MB, peak_mb


def test_memory_control_a_normal_bundle_in_the_same_child(world, tmp_path):
    """Control: the measurement sees a real read (it is not a dead process reporting 0)."""
    good = _write(tmp_path, fmt.seal(world["payload"], BUNDLE_PASS, FAST), "good.smbundle")
    outcome, peak_mb = _child(good)
    assert outcome == "read" and 20 < peak_mb < MEMORY_LIMIT_MB


def test_the_largest_allowed_bundle_stays_under_the_memory_limit(world, tmp_path):
    """47 MB of text (just under the limit, as 47 texts of the longest a text may be), and
    separately the most small values allowed, and the most Argon2id memory a header may ask
    for: each is read within 300 MB."""
    n_texts = 47 * fmt.MB // fmt.MAX_TEXT_CHARS
    text = b",".join(b'"' + base64.b64encode(os.urandom(fmt.MAX_TEXT_CHARS))[:fmt.MAX_TEXT_CHARS]
                     + b'"' for _ in range(n_texts))
    raw = _payload_with(world, lambda p: p.update(pad="@@")).replace(b'"@@"',
                                                                     b"[" + text + b"]")
    assert fmt.MAX_PAYLOAD_BYTES - 2 * fmt.MB < len(raw) <= fmt.MAX_PAYLOAD_BYTES
    outcome, peak_mb = _child(_write(tmp_path, _seal_json(raw), "text.smbundle"))
    assert outcome == "read" and peak_mb < MEMORY_LIMIT_MB, (outcome, peak_mb)

    n, c = fmt.MAX_VALUES - 10, fmt.MAX_CONTAINERS - 10
    for shape in (b"{}," * c + b"1," * (n - c) + b"1",  # the most objects, then numbers
                  b"".join(b'{"k%d":"v%d"},' % (i, i) for i in range(c))  # distinct keys
                  + b"".join(b'"s%d",' % i for i in range(n - 2 * c)) + b'""',  # and strings
                  b"1.5," * n + b"1.5"):  # a million floats
        many = b'{"format":"safetymap.bundle/1","records":{},"x":[' + shape + b"]}"
        outcome, peak_mb = _child(_write(tmp_path, _seal_json(many), "many.smbundle"))
        assert "exactly one family" in outcome and peak_mb < MEMORY_LIMIT_MB, (outcome, peak_mb)

    kdf = fmt.BundleKdf(time_cost=1, memory_kib=fmt.MAX_MEMORY_KIB, parallelism=1)
    outcome, peak_mb = _child(_write(tmp_path, fmt.seal(world["payload"], BUNDLE_PASS, kdf),
                                     "kdf.smbundle"))
    assert outcome == "read" and peak_mb < MEMORY_LIMIT_MB, (outcome, peak_mb)
    assert peak_mb > fmt.MAX_MEMORY_KIB / 1024  # control: Argon2id's memory was really used


def test_the_writer_refuses_what_a_reader_would_refuse():
    """Every bundle written can be read back: over a limit, seal says so and writes nothing."""
    with pytest.raises(fmt.BundleTooLarge, match="too large to send as one bundle") as err:
        fmt.seal({"x": [[]] * (fmt.MAX_CONTAINERS + 1)}, BUNDLE_PASS, FAST)
    assert "nothing has been written" in str(err.value)
    ok = fmt.seal({"x": [[]] * (fmt.MAX_CONTAINERS - 5)}, BUNDLE_PASS, FAST)  # control
    assert len(fmt.open_bundle(ok, BUNDLE_PASS)["x"]) == fmt.MAX_CONTAINERS - 5


# --- one text at most 1,000,000 characters ---------------------------------------------------


def _chronology_note(world, n: int) -> bytes:
    """The demo family with one chronology event whose detail is n characters of text."""
    def add(p):
        ts = p["exported_at"]
        p["records"]["ChronologyEvent"] = [*p["records"].get("ChronologyEvent", []), {
            "_id": 99_999, "uid": "e" * 32, "family_id": p["family_uid"],
            "occurred_on": "2024-05-01", "title": "Note", "detail": "@@", "source": "",
            "learned": "", "created_at": ts, "updated_at": ts, "author": ""}]
    raw = _payload_with(world, add)
    return raw.replace(b'"@@"', b'"' + b"word " * (n // 5) + b"x" * (n % 5) + b'"')


def test_a_40_mb_text_is_refused_in_bounded_memory(world, tmp_path):
    raw = _chronology_note(world, 40 * fmt.MB)
    # control: the old limits (size, nesting, values) and the record checks all let it in: the
    # 40 MB note reached the store (import then peaked at 474 MB, and printing it at 1.3 GB)
    fmt.check_document(raw)
    old = bundles.parse_payload(json.loads(raw))
    (note,) = [r for r in old.rows["ChronologyEvent"] if r.uid == "e" * 32]
    assert len(note.values["detail"]) == 40 * fmt.MB
    del old, note
    outcome, peak_mb = _child(_write(tmp_path, _seal_json(raw), "long.smbundle"))
    assert ("a chronology event's detail is 41,943,040 characters long, more than the "
            "1,000,000 any one piece of text in a bundle may be") in outcome, outcome
    assert "nothing has been changed" in outcome and peak_mb < MEMORY_LIMIT_MB, peak_mb


def test_a_text_over_the_limit_is_refused_and_nothing_changes(world, receiver, tmp_path):
    raw = _chronology_note(world, fmt.MAX_TEXT_CHARS + 1)
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    assert "1,000,001 characters long, more than the 1,000,000" in msg


def test_the_longest_real_text_passes(world, receiver, tmp_path):
    """Control for the two above: a 200,000-character chronology note, written by the app's
    own exporter and imported, and a text of exactly the limit."""
    s = Store.create(tmp_path / "a" / "safetymap.db", PASSPHRASE, KdfParams.fast_for_tests())
    with s:
        fid = families.create_family(s, "Test family")
        chronology_cmds.add(s, fid, date(2024, 5, 1), "Long note", detail="word " * 40_000)
        out = tmp_path / "long.smbundle"
        bundles.export_bundle(s, fid, out, BUNDLE_PASS, kdf=FAST)
    res = bundles.import_bundle_file(receiver, out, BUNDLE_PASS)
    with receiver.session() as ss:
        assert len(ss.scalar(select(m.ChronologyEvent.detail).where(
            m.ChronologyEvent.family_id == res.family_id))) == 200_000
    raw = _chronology_note(world, fmt.MAX_TEXT_CHARS)
    assert bundles.read_bundle(_write(tmp_path, _seal_json(raw), "edge.smbundle"), BUNDLE_PASS)


def test_the_writer_refuses_a_text_over_the_limit():
    with pytest.raises(fmt.BundleTooLarge, match="1,000,001 characters long") as err:
        fmt.seal({"display_name": "x" * (fmt.MAX_TEXT_CHARS + 1)}, BUNDLE_PASS, FAST)
    assert "nothing has been written" in str(err.value)
    ok = fmt.seal({"display_name": "x" * fmt.MAX_TEXT_CHARS}, BUNDLE_PASS, FAST)  # control
    assert len(fmt.open_bundle(ok, BUNDLE_PASS)["display_name"]) == fmt.MAX_TEXT_CHARS


# --- JSON columns in the shape the app writes --------------------------------------------------


def test_every_json_column_has_its_shape_checked():
    assert fmt.json_columns() == set(fmt.JSON_SHAPES)
    assert fmt.json_columns() >= {("SafetyPlan", "content"), ("SafetyPlanVersion", "content")}


def _set_content(kind: str, value):
    def mutate(p):
        rows = p["records"][kind]
        assert rows, kind  # the demo family has one
        rows[0]["content"] = value
    return mutate


BAD_CONTENT = [
    ("SafetyPlan", {"rules": "abc"}, "its rules must be a list of rules"),
    ("SafetyPlan", {"rules": [1, 2, None]}, "each of its rules must be a rule"),
    ("SafetyPlan", [1, 2], "it must be a group of named parts"),
    ("SafetyPlan", {"rules": [{"who_makes_sure": []}]}, "one of its rules has no words"),
    ("SafetyPlan", {"rules": [{"text": 5}]}, "its rules' text must be text"),
    ("SafetyPlan", {"rules": [{"text": "x", "who_makes_sure": "abc"}]}, "'who makes sure'"),
    ("SafetyPlan", {"network_roles": [{"person_uid": "a"}]}, "one person and their role"),
    ("SafetyPlan", {"warning_signs": [{"x": 1}]}, "a list of texts"),
    ("SafetyPlan", {"review": ["x"]}, "its review must be text"),
    ("SafetyPlanVersion", {"rules": [[]]}, "each of its rules must be a rule"),
    ("SafetyPlanVersion", {"if_not_working": {}}, "its if not working must be text"),
]


@pytest.mark.parametrize("kind,value,words", BAD_CONTENT,
                         ids=[f"{k}-{i}" for i, (k, _v, _w) in enumerate(BAD_CONTENT)])
def test_a_badly_shaped_plan_is_refused_with_a_sentence(world, receiver, tmp_path, kind, value,
                                                         words):
    raw = _payload_with(world, _set_content(kind, value))
    # control: the record checks let it in, and the documents then fail on it
    old = bundles.parse_payload(json.loads(raw))
    assert old.rows[kind][0].values["content"] == value
    try:  # the documents read the plan through PlanContent: most of these break it there
        plan = PlanContent.from_json(value)
    except (AttributeError, TypeError):
        pass
    else:  # the rest get past it with a value of the wrong type, for the PDF to trip on
        assert any(not isinstance(r.text, str) or not isinstance(r.who_makes_sure, list)
                   for r in plan.rules) or plan.to_json() != value, value
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    what = "a safety plan's content" if kind == "SafetyPlan" else "a plan version's content"
    assert f"{what} is not in the shape Safety Map writes" in msg and words in msg, msg


def test_a_badly_shaped_plan_in_the_history_is_refused(world, receiver, tmp_path):
    """An undo could bring an earlier version back, so the history's copies are checked too."""
    def mutate(p):
        h = next(h for h in p["history"] if h["entity_type"] == "SafetyPlan"
                 and "content" in h["data"])
        h["data"]["content"] = {"rules": "abc"}
    raw = _payload_with(world, mutate)
    bundles.parse_payload(json.loads(raw))  # control: the record checks let it in
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    assert "an earlier version of a safety plan's content is not in the shape" in msg


def test_the_plans_the_app_writes_pass(world):
    """Control: every plan and plan version in the demo family, and its history, pass."""
    p = world["payload"]
    assert p["records"]["SafetyPlan"] and p["records"]["SafetyPlanVersion"]
    for kind in ("SafetyPlan", "SafetyPlanVersion"):
        for r in p["records"][kind]:
            fmt.plan_content_shape(r["content"])
            PlanContent.from_json(r["content"])
    fmt.check_payload(p)
    fmt.plan_content_shape({})  # a new family's empty plan
    fmt.plan_content_shape(PlanContent().to_json())


# --- characters that are not text ------------------------------------------------------------


@pytest.mark.parametrize("value,words", [
    ("\ud800", "holds a broken character"),
    ("Sarah \udfff Hughes", "holds a broken character"),
    ("Sa\x00rah", "holds a NUL character"),
])
def test_a_character_that_is_not_text_is_refused(world, receiver, tmp_path, value, words):
    raw = _payload_with(world, lambda p: p["records"]["Person"][0].update(name=value))
    old = bundles.parse_payload(json.loads(raw))  # control: the record checks let it in
    assert old.rows["Person"][0].values["name"] == value
    if "\x00" not in value:
        with pytest.raises(UnicodeEncodeError):  # what the store then failed on
            value.encode("utf-8")
    msg = _refused(receiver, _write(tmp_path, _seal_json(raw)))
    assert f"a person's name {words}" in msg


def test_a_lone_surrogate_in_a_plan_or_a_key_is_refused(world, receiver, tmp_path):
    raw = _payload_with(world, _set_content("SafetyPlan", {"review": "\ud83d"}))
    assert "a safety plan's content holds a broken character" in _refused(
        receiver, _write(tmp_path, _seal_json(raw)))
    raw = _payload_with(world, lambda p: p["records"]["Person"][0].update({"\ud800": 1}))
    assert "holds a broken character" in _refused(receiver, _write(tmp_path, _seal_json(raw),
                                                                    "key.smbundle"))


def test_the_writer_refuses_a_character_that_is_not_text():
    with pytest.raises(fmt.BundleInvalid, match="NUL character") as err:
        fmt.seal({"display_name": "a\x00b"}, BUNDLE_PASS, FAST)
    assert "nothing has been written" in str(err.value)
    ok = fmt.seal({"display_name": "Łukasz \U0001f600"}, BUNDLE_PASS, FAST)  # control: real text
    assert fmt.open_bundle(ok, BUNDLE_PASS)["display_name"] == "Łukasz \U0001f600"


# --- only an ordinary file is opened ---------------------------------------------------------


def _in_thread(fn, *args):
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)  # a guard against hanging, not a measurement
    assert not t.is_alive(), "opening the bundle blocked"
    return out


def test_a_fifo_as_the_bundle_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "family.smbundle"
    os.mkfifo(pipe)
    out = _in_thread(bundles.read_bundle, pipe, BUNDLE_PASS)
    err = out.get("error")
    assert isinstance(err, fmt.NotABundle), out
    assert str(err) == ("family.smbundle is not an ordinary file (it may be a pipe or a "
                        "device), so it cannot be a bundle; nothing has been changed.")
    # control: a plain open() of it waits for a writer (here the test is the writer)
    got: dict = {}
    reader = threading.Thread(target=lambda: got.setdefault("b", pipe.read_bytes()), daemon=True)
    reader.start()
    with open(pipe, "wb") as w:  # blocks until the reader has opened its end
        w.write(b"SMBUNDLE")
    reader.join(60)
    assert got == {"b": b"SMBUNDLE"} and stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.smbundle"
    link.symlink_to("/dev/zero")
    with pytest.raises(fmt.NotABundle, match="is not an ordinary file"):
        bundles.read_bundle(link, BUNDLE_PASS)
    with pytest.raises(fmt.BundleError, match="is a folder, not a bundle file"):
        bundles.read_bundle(tmp_path, BUNDLE_PASS)
    with pytest.raises(fmt.BundleError, match="There is no file called gone.smbundle"):
        bundles.read_bundle(tmp_path / "gone.smbundle", BUNDLE_PASS)
