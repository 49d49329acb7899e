"""Failures the command line must turn into one sentence, with no traceback: a traceback of a
database error carries the SQL and its bound parameters, which can be case text."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from safetymap.store.engine import PAGE_SIZE, Store

from .test_cli import GOOD, one_sentence_error, run


def _damage_people_table(path: Path) -> None:
    with Store.open(path, GOOD) as store, store.engine.connect() as conn:
        root = conn.execute(text("SELECT rootpage FROM sqlite_master WHERE name = 'people'")
                            ).scalar_one()
    data = bytearray(path.read_bytes())
    data[(root - 1) * PAGE_SIZE + 1000] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_page_while_exporting_is_one_sentence(tmp_path):
    p = tmp_path / "s.db"
    assert run("--store", str(p), "demo").returncode == 0
    _damage_people_table(p)
    r = run("--store", str(p), "export", "json", "1", "--out", str(tmp_path / "o.json"))
    line = one_sentence_error(r)
    assert "SQL" not in r.stderr and "parameters" not in r.stderr
    assert "damaged" in line
    assert not (tmp_path / "o.json").exists()


def test_output_inside_a_file_is_one_sentence(tmp_path):
    p = tmp_path / "s.db"
    assert run("--store", str(p), "demo").returncode == 0
    (tmp_path / "afile").write_text("")
    r = run("--store", str(p), "export", "json", "1", "--out", str(tmp_path / "afile" / "o.json"))
    one_sentence_error(r)
    r = run("--store", str(tmp_path / "afile" / "s.db"), "init")
    one_sentence_error(r)
