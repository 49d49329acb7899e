"""The demo store every test copies (tests/conftest.py) is the store a fresh build makes.

The demo builder runs from scratch here, and the copy is compared with it: the same family ids,
the same family documents (uids and clock times aside, which differ between any two builds), the
same rows in every table, the same audit history and seal counter. The copy opens under another
name, passes the integrity check, and copies do not share anything once made.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from safetymap.services import entries as entry_cmds
from safetymap.services import families
from safetymap.services.demo import DEMO_NAMES
from safetymap.services.integrity import check_store
from safetymap.store import keys, keyslots
from safetymap.store.engine import Store

from ..conftest import PASSPHRASE, build_demo_store, copy_demo_store

UID = re.compile(r"\b[0-9a-f]{32}\b")
CLOCK_FIELDS = {"created_at", "updated_at"}  # the time the row was written, not case data


def _stable(doc: Any) -> Any:
    """The document with clock times dropped and each uid renamed by its first appearance."""
    def drop(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: drop(v) for k, v in x.items() if k not in CLOCK_FIELDS}
        if isinstance(x, list):
            return [drop(v) for v in x]
        return x

    raw = json.dumps(drop(doc), sort_keys=False, default=str)
    names: dict[str, str] = {}
    return json.loads(UID.sub(lambda m: names.setdefault(m.group(0), f"uid-{len(names)}"), raw))


def _tables(store: Store) -> dict[str, list[Any]]:
    """Every table's rows (ids and the columns that do not hold uids or clock times)."""
    out: dict[str, list[Any]] = {}
    with store.engine.connect() as c:
        names = [r[0] for r in c.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"))]
        for name in names:
            out[name] = [len(c.execute(text(f'SELECT * FROM "{name}"')).all())]
        out["audit_log"] = [tuple(r) for r in c.execute(text(
            "SELECT id, action, entity_type, family_id, summary, actor FROM audit_log "
            "ORDER BY id"))]
        out["changes"] = [tuple(r) for r in c.execute(text(
            "SELECT c.id, c.entity_type, c.entity_id, c.family_id, c.operation, s.command "
            "FROM changes c JOIN changesets s ON s.id = c.changeset_id ORDER BY c.id"))]
        out["seal.commits"] = [r[0] for r in c.execute(text(
            "SELECT value FROM store_meta WHERE key = 'seal.commits'"))]
    return out


def test_a_copy_of_the_demo_store_is_a_fresh_build(tmp_path: Path, demo_template):
    fresh_path = tmp_path / "fresh" / "safetymap.db"
    fresh_ids = build_demo_store(fresh_path)  # the demo builder itself, from scratch
    copy_path = tmp_path / "copy" / "another-name.db"
    copy_ids = copy_demo_store(copy_path)
    assert copy_ids == fresh_ids and len(fresh_ids) == len(DEMO_NAMES)

    on_disk = sorted(f.name for f in copy_path.parent.iterdir())
    assert "another-name.db.kdf.json" in on_disk and "another-name.db.seal" in on_disk, on_disk
    assert not any(n.endswith(".lock") for n in on_disk), on_disk
    salt = bytes.fromhex(json.loads(keys.sidecar_path(copy_path).read_text())["store_salt"])
    assert copy_path.read_bytes()[:16] == salt
    assert keyslots.read_slots(copy_path).passphrase_params() == keys.KdfParams.fast_for_tests()

    seal = copy_path.with_name(copy_path.name + ".seal").read_bytes()
    with Store.open(fresh_path, PASSPHRASE) as fresh, Store.open(copy_path, PASSPHRASE) as copy:
        # the seal's MAC checks out under another name and it matches the database: nothing to
        # report and nothing resealed (a missing or unreadable seal would be, silently or not)
        assert copy.integrity_warnings == [] and fresh.integrity_warnings == []
        assert copy_path.with_name(copy_path.name + ".seal").read_bytes() == seal
        assert [(f.id, f.display_name) for f in families.list_families(copy)] == \
            [(f.id, f.display_name) for f in families.list_families(fresh)]
        for fid in fresh_ids:
            assert _stable(families.load_family(copy, fid)) == \
                _stable(families.load_family(fresh, fid)), fid
        assert _tables(copy) == _tables(fresh)
        report = check_store(copy)
        assert report.ok, report.problems


def test_each_copy_is_its_own_store(tmp_path: Path, demo_template):
    a, b = tmp_path / "a" / "safetymap.db", tmp_path / "b" / "safetymap.db"
    ids = copy_demo_store(a)
    copy_demo_store(b)
    with Store.open(a, PASSPHRASE) as s:
        entry_cmds.add(s, ids[0], "strength", "Only in store a")
        assert families.search_families(s, "Only in store a")
    with Store.open(b, PASSPHRASE) as s:
        assert not families.search_families(s, "Only in store a")
    c = tmp_path / "c" / "safetymap.db"  # the template itself is untouched by the edit in a
    copy_demo_store(c)
    with Store.open(c, PASSPHRASE) as s:
        assert not families.search_families(s, "Only in store a")
    folder, _ = demo_template
    assert not any(f.name.endswith(("-wal", "-shm")) for f in folder.iterdir())  # checkpointed
    with pytest.raises(FileExistsError):
        copy_demo_store(a)  # never over a store that is already there
