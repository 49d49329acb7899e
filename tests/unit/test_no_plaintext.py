"""No readable case data anywhere on disk: not in the store's files, not in the temp dir."""

from __future__ import annotations

import tempfile
from pathlib import Path

from safetymap.services import childs_voice as voice_cmds
from safetymap.services import demo, families
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.store.engine import Store, store_files

SENTINEL = "Zebedee-Quartermaine-7731"


def _all_bytes_under(folder: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in folder.rglob("*") if p.is_file()]


def _needles(s: str) -> list[bytes]:
    return [s.encode("utf-8"), s.encode("utf-16-le"), s.encode("utf-16-be")]


def test_sentinel_never_reaches_disk_in_the_clear(tmp_path, monkeypatch, passphrase):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    path = tmp_path / "store" / "s.db"
    s = Store.create(path, passphrase)
    fid = families.create_family(s, f"{SENTINEL} family")
    pid = people_cmds.add(s, fid, f"{SENTINEL} Person", "child")
    people_cmds.add_contact(s, pid, "address", f"1 {SENTINEL} Road", confidential=True)
    for i in range(200):  # enough writes to spill pages into the WAL and grow the file
        entry_cmds.add(s, fid, "worry", f"{SENTINEL} worry number {i} " + "x" * 200)
    voice_cmds.add_house_entry(s, fid, pid, "dreams", f"{SENTINEL} dreams")
    voice_cmds.add_drawing(s, fid, SENTINEL.encode() * 50, child_id=pid)
    families.search_families(s, SENTINEL)
    demo.add_demo_families(s)
    # Look while the store is open (WAL and SHM present) ...
    assert any(f.exists() for f in store_files(path)[1:]), "expected a -wal/-shm while open"
    for p, data in _all_bytes_under(path.parent) + _all_bytes_under(tmpdir):
        for needle in _needles(SENTINEL) + _needles("Hughes") + _needles("Kowalski"):
            assert needle not in data, f"plaintext found in {p.name}"
    s.close()
    # ... and after it is closed.
    for p, data in _all_bytes_under(path.parent) + _all_bytes_under(tmpdir):
        for needle in _needles(SENTINEL):
            assert needle not in data, f"plaintext found in {p.name}"
