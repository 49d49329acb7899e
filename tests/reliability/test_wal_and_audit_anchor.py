"""The promises hold at the edges: losing the -wal, and deleting the audit head.

A. Commits that sit only in the write-ahead log (a child process commits and then dies with
   os._exit, so nothing checkpoints them into the main file) are lost when the -wal is deleted,
   cut short or has one bit flipped. SQLite then opens the older, consistent state without a
   word, and every check inside the database passes (the controls show that); the seal
   (store/seal.py) must notice and say how many changes cannot be read.
B. The audit head in store_meta, deleted together with the tail (or with every row), must still
   be named: the seal holds its own copy of the head.

Every attack has a control: `_old_check` and `_old_verify` are the checks as they were before
the seal (copied from services/integrity.py and store/audit.py at 80fca1f), and each control
shows that they call the attacked store sound.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from safetymap.services import families
from safetymap.services.integrity import check_store
from safetymap.store import audit, seal
from safetymap.store.engine import Store, store_files

PASSPHRASE = "kitchen table blue kettle morning"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_PASSPHRASE = "fixture store passphrase one two three"
WAL_HEADER, FRAME_HEADER, PAGE = 32, 24, 4096


# --- the checks as they were before the seal (the controls) -----------------------------------

def _old_verify(conn) -> list[str]:  # type: ignore[no-untyped-def]
    """store/audit.py's verify() before this change."""
    problems: list[str] = []
    prev_hash, prev_id = "", 0
    rows = conn.execute(text("SELECT id, at, actor, action, entity_type, entity_uid, family_id, "
                             "summary, prev_hash, hash FROM audit_log ORDER BY id"))
    for r in rows:
        rid = int(r[0])
        at = r[1] if isinstance(r[1], datetime) else datetime.fromisoformat(str(r[1]))
        if r[8] != prev_hash or rid != prev_id + 1:
            problems.append(f"#{rid} does not follow #{prev_id}")
        if audit.row_hash(str(r[8]), rid, at, r[2], r[3], r[4], r[5], r[6], r[7]) != r[9]:
            problems.append(f"#{rid} edited")
        prev_hash, prev_id = str(r[9]), rid
    head_id = conn.execute(text("SELECT value FROM store_meta WHERE key='audit_head_id'")).scalar()
    head_hash = conn.execute(
        text("SELECT value FROM store_meta WHERE key='audit_head_hash'")).scalar()
    if head_id is not None and (int(head_id) != prev_id or head_hash != prev_hash):
        problems.append("tail deleted")
    return problems


def _old_check(store: Store) -> list[str]:
    """services/integrity.py's checks before this change: page HMACs, structure, foreign keys,
    the search index and the audit chain."""
    with store.engine.connect() as conn:
        problems = [str(m) for (m,) in conn.execute(text("PRAGMA cipher_integrity_check"))]
        rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        if rows != ["ok"]:
            problems += rows
        if conn.execute(text("PRAGMA foreign_key_check")).fetchall():
            problems.append("foreign keys")
        with conn.begin_nested():
            conn.execute(text("INSERT INTO search_index(search_index, rank) "
                              "VALUES ('integrity-check', 1)"))
        return problems + _old_verify(conn)


# --- helpers ------------------------------------------------------------------------------------

def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=PASSPHRASE)
    return subprocess.run([sys.executable, "-m", "safetymap", *args], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)


CHILD = r"""
import json, os, sys
from sqlalchemy import text
from safetymap.services import families
from safetymap.store.engine import Store

path, n, checkpoint_after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = Store.open(path, sys.argv[4])
out = []
for i in range(n):
    families.create_family(s, f"Lost family {i}")
    if i + 1 == checkpoint_after:
        with s.engine.connect() as c:
            c.execute(text("PRAGMA wal_checkpoint(FULL)"))
    with s.engine.connect() as c:
        commits = int(c.execute(text(
            "SELECT value FROM store_meta WHERE key='seal.commits'")).scalar())
    out.append({"commits": commits, "wal": os.path.getsize(path + "-wal")})
print(json.dumps(out), flush=True)
os._exit(0)  # no close(), so no checkpoint: the commits stay in the -wal only
"""


def _commit_in_child(path: Path, n: int = 10, checkpoint_after: int = 0) -> list[dict[str, int]]:
    r = subprocess.run([sys.executable, "-c", CHILD, str(path), str(n), str(checkpoint_after),
                        PASSPHRASE], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _families(store: Store) -> int:
    with store.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM families")).scalar())


def _sealed_commits(path: Path) -> int:
    return int(json.loads(seal.seal_path(path).read_text())["commits"])


@pytest.fixture
def wal_store(tmp_path: Path) -> tuple[Path, int, list[dict[str, int]]]:
    """A store whose last 10 commits (one family each) are in the -wal only."""
    path = tmp_path / "store" / "safetymap.db"
    Store.create(path, PASSPHRASE).close()  # closed: checkpointed, the -wal is empty
    with Store.open(path, PASSPHRASE) as s:
        with s.engine.connect() as c:
            before = int(c.execute(text(
                "SELECT value FROM store_meta WHERE key='seal.commits'")).scalar())
    log = _commit_in_child(path)
    assert [e["commits"] for e in log] == list(range(before + 1, before + 11))
    assert _sealed_commits(path) == before + 10
    wal = Path(str(path) + "-wal")
    assert wal.stat().st_size == log[-1]["wal"] > WAL_HEADER
    return path, before, log


def _assert_loss_said(path: Path, n: int, families_left: int) -> None:
    sentence = seal.lost_sentence(n)
    assert sentence.startswith("The store's recent changes file is missing or damaged; the last "
                               f"{n} changes cannot be read.")
    s = Store.open(path, PASSPHRASE)  # SQLite opens it without complaint ...
    try:
        assert _families(s) == families_left
        # Control: every check that existed before the seal calls this store sound.
        assert _old_check(s) == []
        # The fix: opening says it, and check says it.
        assert sentence in s.integrity_warnings
        report = check_store(s)
        assert not report.ok and sentence in report.problems, report.problems
    finally:
        s.close()
    r = _run_cli("--store", str(path), "check")
    assert r.returncode == 1
    assert "sound." not in r.stdout and "are sound" not in r.stderr
    assert r.stderr.count(sentence) == 1, r.stderr
    assert "Lost family" not in r.stderr + r.stdout
    # Another command says it too, on stderr, once.
    r = _run_cli("--store", str(path), "families")
    assert r.returncode == 0 and r.stderr.count(sentence) == 1, r.stderr


# --- A. the write-ahead log ---------------------------------------------------------------------

def test_control_wal_intact_is_sound(wal_store):
    path, _before, _log = wal_store
    with Store.open(path, PASSPHRASE) as s:
        assert _families(s) == 10
        assert s.integrity_warnings == []
        assert check_store(s).ok
    r = _run_cli("--store", str(path), "check")
    assert r.returncode == 0 and "sound" in r.stdout and r.stderr == "", r.stderr


def test_deleted_wal_is_said_with_the_number_of_changes(wal_store):
    path, _before, _log = wal_store
    Path(str(path) + "-wal").unlink()
    _assert_loss_said(path, 10, families_left=0)


def test_truncated_wal_is_said_with_the_number_of_changes(wal_store):
    path, before, log = wal_store
    # Cut inside the first frame of the 5th commit: commits 1-4 stay readable, 5-10 do not.
    cut = log[3]["wal"] + FRAME_HEADER + 1000
    assert cut < log[4]["wal"]
    os.truncate(Path(str(path) + "-wal"), cut)
    _assert_loss_said(path, 6, families_left=4)


def test_one_bit_flipped_in_a_wal_frame_is_said(wal_store):
    path, before, log = wal_store
    wal = Path(str(path) + "-wal")
    data = bytearray(wal.read_bytes())
    # One bit in the page of the first frame of the 3rd commit: its checksum fails, and SQLite
    # ignores that frame and every one after it, so commits 3-10 are lost.
    at = log[1]["wal"] + FRAME_HEADER + 100
    assert at < log[2]["wal"]
    data[at] ^= 0x01
    wal.write_bytes(bytes(data))
    _assert_loss_said(path, 8, families_left=2)


def test_a_checkpoint_moves_commits_out_of_the_wal_and_the_counter_agrees(tmp_path):
    path = tmp_path / "store" / "safetymap.db"
    Store.create(path, PASSPHRASE).close()
    log = _commit_in_child(path, 10, checkpoint_after=5)
    assert log[5]["wal"] <= log[4]["wal"]  # the WAL restarted after the checkpoint
    Path(str(path) + "-wal").unlink()
    # Only the 5 commits after the checkpoint were lost, and the sentence says 5.
    _assert_loss_said(path, 5, families_left=5)


def test_carrying_on_keeps_the_warning_until_it_is_accepted(wal_store):
    path, before, _log = wal_store
    sentence = seal.lost_sentence(10)
    Path(str(path) + "-wal").unlink()
    with Store.open(path, PASSPHRASE) as s:
        assert sentence in s.integrity_warnings
        families.create_family(s, "Carried on")  # the worker carries on
    # The seal now agrees with the store's counter (before + 1) ...
    assert _sealed_commits(path) == before + 1
    with Store.open(path, PASSPHRASE) as s:
        with s.engine.connect() as c:
            a = s.seal.assess(c)
        # ... so a fresh comparison alone would find nothing (the control) ...
        assert a.new == []
        # ... but the loss was recorded with that commit, and is still said.
        assert sentence in a.recorded
        assert sentence in s.integrity_warnings
        assert sentence in check_store(s).problems
    r = _run_cli("--store", str(path), "check")
    assert r.returncode == 1 and sentence in r.stderr and "--accept-loss" in r.stderr
    r = _run_cli("--store", str(path), "check", "--accept-loss")
    assert r.returncode == 0, r.stderr
    assert "Recorded in the audit log" in r.stdout and "sound" in r.stdout
    with Store.open(path, PASSPHRASE) as s:
        assert s.integrity_warnings == []
        assert check_store(s).ok
        with s.engine.connect() as c:
            row = c.execute(text("SELECT summary FROM audit_log WHERE action='accept_loss'")).one()
        assert sentence in row[0]
    r = _run_cli("--store", str(path), "check", "--accept-loss")
    assert r.returncode == 0 and "no loss to accept" in r.stdout


def test_an_older_copy_put_back_is_said(tmp_path):
    path = tmp_path / "store" / "safetymap.db"
    with Store.create(path, PASSPHRASE) as s:
        families.create_family(s, "A")
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    with Store.open(path, PASSPHRASE) as s:
        for i in range(3):
            families.create_family(s, f"B{i}")
    shutil.copyfile(copy, path)  # the older copy put back; the seal stays
    _assert_loss_said(path, 3, families_left=1)


def test_seal_missing_is_said(wal_store):
    path, _before, _log = wal_store
    seal.seal_path(path).unlink()
    sentence = seal.missing_sentence(seal.seal_path(path))
    with Store.open(path, PASSPHRASE) as s:
        assert _old_check(s) == []  # control
        assert sentence in s.integrity_warnings
        assert sentence in check_store(s).problems
    r = _run_cli("--store", str(path), "check")
    assert r.returncode == 1 and sentence in r.stderr


@pytest.mark.parametrize("how", ["one byte changed", "another store's seal", "not json"])
def test_damaged_or_foreign_seal_is_said(tmp_path, how):
    path = tmp_path / "a" / "safetymap.db"
    with Store.create(path, PASSPHRASE) as s:
        families.create_family(s, "A")
    file = seal.seal_path(path)
    if how == "one byte changed":
        data = bytearray(file.read_bytes())
        i = data.index(b'"commits": ') + len(b'"commits": ')
        data[i] = ord("9") if data[i] != ord("9") else ord("8")
        file.write_bytes(bytes(data))
    elif how == "another store's seal":
        other = tmp_path / "b" / "safetymap.db"
        with Store.create(other, PASSPHRASE) as s:  # same passphrase, another store
            families.create_family(s, "B")
        shutil.copyfile(seal.seal_path(other), file)
    else:
        file.write_bytes(b"\x00garbage")
    sentence = seal.damaged_sentence(file)
    with Store.open(path, PASSPHRASE) as s:
        assert _old_check(s) == []  # control
        assert sentence in s.integrity_warnings
        assert sentence in check_store(s).problems


def test_crash_between_commit_and_seal_write_is_not_a_loss(tmp_path):
    path = tmp_path / "store" / "safetymap.db"
    with Store.create(path, PASSPHRASE) as s:
        families.create_family(s, "A")
    older = seal.seal_path(path).read_bytes()
    with Store.open(path, PASSPHRASE) as s:
        families.create_family(s, "B")
    seal.seal_path(path).write_bytes(older)  # as if the process died before writing the seal
    before = _sealed_commits(path)
    with Store.open(path, PASSPHRASE) as s:
        assert s.integrity_warnings == []
        assert check_store(s).ok
    assert _sealed_commits(path) == before + 1  # resealed on opening


def test_every_write_path_is_counted(store, store_path):
    def commits() -> int:
        with store.engine.connect() as c:
            return int(c.execute(text(
                "SELECT value FROM store_meta WHERE key='seal.commits'")).scalar())

    n = commits()
    families.create_family(store, "A")                     # a session
    assert commits() == n + 1
    with store.engine.begin() as c:                         # a bare engine transaction
        c.execute(text("INSERT INTO store_meta(key, value) VALUES ('x', 'y')"))
    assert commits() == n + 2 == _sealed_commits(store_path)
    with store.engine.connect() as c:                       # a read: not counted
        c.execute(text("SELECT count(*) FROM families")).scalar()
        c.commit()
    assert commits() == n + 2


def test_an_old_store_without_a_seal_gets_one(tmp_path):
    src = FIXTURES / "store-0001.db"
    path = tmp_path / src.name
    shutil.copyfile(src, path)
    shutil.copyfile(str(src) + ".kdf.json", str(path) + ".kdf.json")
    assert not seal.seal_path(path).exists()
    with Store.open(path, FIXTURE_PASSPHRASE) as s:  # migrates 0001 -> head, counted
        assert s.integrity_warnings == []
        assert check_store(s).ok
    assert _sealed_commits(path) >= 1
    assert seal.seal_path(path) in store_files(path)
    assert os.stat(seal.seal_path(path)).st_mode & 0o077 == 0
    with Store.open(path, FIXTURE_PASSPHRASE) as s:
        assert check_store(s).ok


def test_the_seal_key_is_wiped_on_close(store):
    key = store.seal._key
    assert any(key)
    store.close()
    assert not any(key)


# --- B. the audit head --------------------------------------------------------------------------

@pytest.fixture
def audited(store: Store) -> Store:
    for i in range(10):
        families.create_family(store, f"F{i}")  # 3 audit entries each
    with store.engine.connect() as c:
        assert c.execute(text("SELECT max(id) FROM audit_log")).scalar() == 30
    return store


def _tamper(store: Store, how: str, *sql: str) -> None:
    if how == "engine":  # through Safety Map's own engine: counted, and the seal rewritten
        with store.engine.begin() as c:
            for q in sql:
                c.execute(text(q))
    else:  # a connection that bypasses Safety Map's hooks: not counted
        raw = store.engine.raw_connection()
        try:
            cur = raw.cursor()
            for q in sql:
                cur.execute(q)
            raw.commit()
        finally:
            raw.close()


DELETE_HEAD = "DELETE FROM store_meta WHERE key IN ('audit_head_id', 'audit_head_hash')"


def _problems(store: Store) -> list[str]:
    report = check_store(store)
    assert not report.ok
    return report.problems


def _old_verify_of(store: Store) -> list[str]:
    with store.engine.connect() as c:
        return _old_verify(c)


@pytest.mark.parametrize("how", ["engine", "outside"])
def test_head_rows_and_tail_deleted_are_named(audited, how):
    _tamper(audited, how, DELETE_HEAD, "DELETE FROM audit_log WHERE id > 27")
    assert _old_verify_of(audited) == []  # control: the old check passed this
    problems = _problems(audited)
    assert any("Audit entries after #27 (up to #30" in p for p in problems), problems
    assert any("record of the newest audit entry is missing" in p for p in problems)


def test_head_rows_and_tail_deleted_stay_named_after_more_work(audited, store_path):
    _tamper(audited, "engine", DELETE_HEAD, "DELETE FROM audit_log WHERE id > 27")
    for i in range(3):  # new entries #28-#36 put a fresh, self-consistent head in store_meta
        families.create_family(audited, f"Later {i}")
    assert _old_verify_of(audited) == []  # control: the chain and store_meta look whole
    audited.close()
    with Store.open(store_path, PASSPHRASE) as s:
        problems = _problems(s)
        assert any("Audit entry #30, the newest one the seal recorded, has been changed or "
                   "replaced" in p for p in problems), problems
        assert any("#30" in w for w in s.integrity_warnings)


@pytest.mark.parametrize("how", ["engine", "outside"])
def test_every_audit_row_and_the_head_deleted_are_named(audited, how):
    _tamper(audited, how, DELETE_HEAD, "DELETE FROM audit_log")
    assert _old_verify_of(audited) == []  # control
    problems = _problems(audited)
    assert any("All audit entries (#1 to #30" in p for p in problems), problems


def test_head_rows_alone_deleted_are_named(audited):
    _tamper(audited, "engine", DELETE_HEAD)
    assert _old_verify_of(audited) == []  # control
    assert any("record of the newest audit entry is missing" in p for p in _problems(audited))


def test_an_edited_row_is_named(audited):
    _tamper(audited, "engine", "UPDATE audit_log SET actor = 'someone else' WHERE id = 3")
    assert any("Audit entry #3 has been edited" in p for p in _problems(audited))


def test_an_edited_newest_row_is_named_twice(audited):
    _tamper(audited, "outside", "UPDATE audit_log SET hash = 'x' WHERE id = 30",
            "UPDATE store_meta SET value = 'x' WHERE key = 'audit_head_hash'")
    problems = _problems(audited)
    assert any("Audit entry #30 has been edited" in p for p in problems)
    assert any("#30, the newest one the seal recorded, has been changed" in p for p in problems)


def test_a_deleted_middle_row_is_named(audited):
    _tamper(audited, "engine", "DELETE FROM audit_log WHERE id = 15")
    assert any("#16 does not follow entry #14" in p for p in _problems(audited))


def test_a_truncated_tail_alone_is_named(audited):
    _tamper(audited, "engine", "DELETE FROM audit_log WHERE id > 25")
    problems = _problems(audited)
    assert any("Audit entries after #25 (up to #30) have been deleted" in p for p in problems)
    assert any("Audit entries after #25 (up to #30, as the seal records)" in p for p in problems)


def test_the_cli_names_a_deleted_head_and_tail(audited, store_path):
    _tamper(audited, "engine", DELETE_HEAD, "DELETE FROM audit_log WHERE id > 27")
    audited.close()
    r = _run_cli("--store", str(store_path), "check")
    assert r.returncode == 1
    assert "Audit entries after #27 (up to #30" in r.stderr
    assert "are sound" not in r.stdout


def test_the_damaged_files_are_kept_as_found(wal_store):
    """A red-team run: opening (any command) let SQLite checkpoint and delete the damaged -wal,
    and sometimes rewrote the main file, so the evidence was gone. The files as found are kept."""
    path, _before, log = wal_store
    wal = Path(str(path) + "-wal")
    data = bytearray(wal.read_bytes())
    data[log[1]["wal"] + FRAME_HEADER + 100] ^= 0x01
    wal.write_bytes(bytes(data))
    main_before = path.read_bytes()
    s = Store.open(path, PASSPHRASE)
    s.close()
    # Control: SQLite's own close really does destroy the evidence.
    assert not wal.exists() or wal.read_bytes() != bytes(data)
    kept = sorted(path.parent.glob(path.name + ".as-found-*"))
    assert len(kept) == 1 and kept[0].is_dir()
    assert (kept[0] / wal.name).read_bytes() == bytes(data)
    assert (kept[0] / path.name).read_bytes() == main_before
    assert oct(kept[0].stat().st_mode & 0o777) == "0o700"
    assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in kept[0].iterdir())
    assert any(seal.kept_sentence(kept[0]) == w for w in s.integrity_warnings)
    # The same state found again is not copied twice.
    with Store.open(path, PASSPHRASE):
        pass
    assert len(sorted(path.parent.glob(path.name + ".as-found-*"))) <= 2
