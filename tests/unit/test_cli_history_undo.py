"""`safetymap history FAMILY` and `safetymap undo CHANGE`: an administrator brings back a
removed child's records without the GUI, and the family is as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path

from safetymap.services import families, people
from safetymap.store.engine import Store

from .test_cli import GOOD, one_sentence_error, run
from .test_cli import demo_path as demo_path  # the fixture

_STAMPS = ("updated_at", "exported_at", "last_change")


def _export(store_path: Path, out: Path) -> object:
    r = run("--store", str(store_path), "export", "json", "Hughes-Kowalski family",
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    def strip(x: object) -> object:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in _STAMPS}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return strip(json.loads(out.read_text(encoding="utf-8")))


def test_a_removed_child_comes_back_through_the_command_line(demo_path, tmp_path):
    before = _export(demo_path, tmp_path / "before.json")
    with Store.open(demo_path, GOOD) as s:
        fid = families.resolve_family(s, "Hughes-Kowalski family")
        lena = next(p for p in families.load_family(s, fid)["people"]
                    if p["name"].startswith("Lena"))
        people.remove(s, lena["id"])
        removed = s.last_changeset_id
    assert _export(demo_path, tmp_path / "gone.json") != before

    r = run("--store", str(demo_path), "history", "Hughes-Kowalski family", "--limit", "3")
    assert r.returncode == 0, r.stderr
    top = r.stdout.splitlines()[1]
    assert re.match(rf"\s*{removed}\s", top) and "removed a person" in top
    assert "Three Houses entries removed" in top

    r = run("--store", str(demo_path), "undo", str(removed))
    assert r.returncode == 0, r.stderr
    assert f"Change {removed} is undone" in r.stdout
    assert _export(demo_path, tmp_path / "after.json") == before

    r = run("--store", str(demo_path), "history", "Hughes-Kowalski family", "--limit", "2")
    assert f"undo of change {removed}" in r.stdout.splitlines()[1]
    assert "(undone by change" in r.stdout.splitlines()[2]


def test_undo_refuses_with_one_sentence_while_a_later_change_depends_on_it(demo_path):
    with Store.open(demo_path, GOOD) as s:
        fid = families.resolve_family(s, "Hughes-Kowalski family")
        pid = people.add(s, fid, "Dana Price", "adult")
        added = s.last_changeset_id
        people.rename(s, pid, "Dana Pryce")
    r = run("--store", str(demo_path), "undo", str(added))
    line = one_sentence_error(r)
    assert "later change" in line and "Undo that one first" in line
    with Store.open(demo_path, GOOD) as s:
        names = [p["name"] for p in families.load_family(s, fid)["people"]]
    assert "Dana Pryce" in names  # nothing changed

    r = run("--store", str(demo_path), "undo", "999999")
    assert "no change numbered 999999" in one_sentence_error(r)
