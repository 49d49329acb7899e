"""Every store a user ever created must open in every later version.

Opens each committed fixture store (one per schema version) with the current code, and proves a
migration runs only after an exact backup copy has been taken.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from safetymap.services import families
from safetymap.services.integrity import check_store
from safetymap.store import engine as engine_mod
from safetymap.store import keys
from safetymap.store.engine import Store, head_revision
from safetymap.store.errors import StoreError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSPHRASE = "fixture store passphrase one two three"


def _copy_fixture(src: Path, dest_dir: Path) -> Path:
    """The store with its key settings, and its seal when the release that wrote it had one
    (0003 on)."""
    dest = dest_dir / src.name
    shutil.copyfile(src, dest)
    shutil.copyfile(keys.sidecar_path(src), keys.sidecar_path(dest))
    seal = src.with_name(src.name + ".seal")
    if seal.exists():
        shutil.copyfile(seal, dest.with_name(dest.name + ".seal"))
    return dest


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("store-*.db")), ids=lambda p: p.name)
def test_each_fixture_store_opens_at_head(fixture, tmp_path):
    path = _copy_fixture(fixture, tmp_path)
    with Store.open(path, PASSPHRASE) as s:
        assert s.revision() == head_revision()
        names = [f.display_name for f in families.list_families(s)]
        assert "Hughes-Kowalski family" in names
        fid = families.resolve_family(s, "Hughes-Kowalski family")
        doc = families.load_family(s, fid)
        assert any(p["name"] == "Lena Kowalska" for p in doc["people"])
        assert check_store(s).ok


def _first_schema_only(tmp_path: Path) -> Path:
    """The migrations as the first release had them, to open a 0001 store without upgrading."""
    old = tmp_path / "migrations-0001"
    shutil.copytree(engine_mod.Path(engine_mod.__file__).with_name("migrations"), old)
    for f in (old / "versions").glob("*.py"):
        if not f.name.startswith("0001_"):
            f.unlink()
    return old


def _revisions_without_a_fixture(fixtures: Path) -> list[str]:
    """Every Alembic revision (in engine_mod.MIGRATIONS_DIR) with no store-<revision>.db and
    .kdf.json in `fixtures`: a store some release wrote that no test opens."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(engine_mod._alembic_config())
    revisions = [r.revision for r in script.walk_revisions()]
    assert revisions and head_revision() in revisions
    return sorted(r for r in revisions
                  if not (fixtures / f"store-{r}.db").is_file()
                  or not keys.sidecar_path(fixtures / f"store-{r}.db").is_file())


def test_there_is_a_fixture_for_every_revision():
    """A new migration needs a fixture store written at its revision (tests/fixtures/README.md)."""
    assert (FIXTURES / "store-0001.db").exists()
    missing = _revisions_without_a_fixture(FIXTURES)
    assert missing == [], f"no fixture store for revision(s) {missing}: run make_fixture.py"


def test_a_new_revision_without_a_fixture_is_caught(tmp_path, monkeypatch):
    mig = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, mig)
    (mig / "versions" / "0003_new.py").write_text(
        f"revision = 'test9'\ndown_revision = '{head_revision()}'\nbranch_labels = None\n"
        "depends_on = None\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n")
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", mig)
    assert _revisions_without_a_fixture(FIXTURES) == ["test9"]
    fixtures = tmp_path / "fixtures"  # a fixture without its key settings file does not count
    shutil.copytree(FIXTURES, fixtures)
    keys.sidecar_path(fixtures / "store-0001.db").unlink()
    assert _revisions_without_a_fixture(fixtures) == ["0001", "test9"]


def test_migration_runs_only_after_a_backup(tmp_path, monkeypatch):
    """Add one more revision in a copy of the migrations and open the 0001 fixture with it (every
real migration runs too, after one backup)."""
    mig = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, mig)
    (mig / "versions" / "0002_test_column.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = 'test9'\ndown_revision = '{head_revision()}'\nbranch_labels = None\n"
        "depends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('families') as b:\n"
        "        b.add_column(sa.Column('test_col', sa.Text(), nullable=True))\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", mig)
    path = _copy_fixture(FIXTURES / "store-0001.db", tmp_path)
    original = path.read_bytes()
    with Store.open(path, PASSPHRASE) as s:
        assert s.revision() == "test9"
        with s.engine.connect() as c:
            cols = [r[1] for r in c.execute(text("PRAGMA table_info(families)"))]
        assert "test_col" in cols
        assert len(families.list_families(s)) == 3
    backups = list(tmp_path.glob("store-0001.db.backup-0001-*"))
    backups = [b for b in backups if not b.name.endswith(".kdf.json")]
    assert len(backups) == 1
    assert backups[0].read_bytes() == original
    # the backup is itself a working store at the old revision
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", _first_schema_only(tmp_path))
    with Store.open(backups[0], PASSPHRASE) as b:
        assert b.revision() == "0001"


def test_failed_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    mig = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, mig)
    (mig / "versions" / "0002_broken.py").write_text(
        f"from alembic import op\nrevision = 'test9'\ndown_revision = '{head_revision()}'\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    op.execute('CREATE TABLE t_half(x)')\n"
        "    op.execute('THIS IS NOT SQL')\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", mig)
    path = _copy_fixture(FIXTURES / "store-0001.db", tmp_path)
    with pytest.raises(StoreError, match="left as it was"):
        Store.open(path, PASSPHRASE)
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", _first_schema_only(tmp_path))
    with Store.open(path, PASSPHRASE) as s:
        assert s.revision() == "0001"
        with s.engine.connect() as c:
            assert not c.execute(text(
                "SELECT name FROM sqlite_master WHERE name='t_half'")).first()


def test_migrations_build_exactly_the_models(tmp_path):
    """The schema the migrations make is the schema the ORM models describe (no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from safetymap.domain.model import Base

    path = _copy_fixture(FIXTURES / "store-0001.db", tmp_path)
    with Store.open(path, PASSPHRASE) as s, s.engine.connect() as c:
        diffs = compare_metadata(MigrationContext.configure(c), Base.metadata)
    # server defaults and type spellings differ harmlessly on SQLite; tables and columns must not
    # (the FTS5 search tables are made by raw SQL and have no model)
    real = [d for d in diffs if d[0] in ("add_table", "remove_table", "add_column",
                                          "remove_column")
            and not str(getattr(d[1], "name", d[-1])).startswith("search_index")]
    assert real == []


def test_a_first_release_store_prints_after_the_upgrade(tmp_path):
    """A 0001 store has no child relations, child lines or safety decisions: after the upgrade
    every family document still prints, and the children's copy still never copies an adult
    worry statement."""
    import io

    from pypdf import PdfReader

    from safetymap.services.documents import build_document

    path = _copy_fixture(FIXTURES / "store-0001.db", tmp_path)
    with Store.open(path, PASSPHRASE) as s:
        for f in families.list_families(s):
            doc = families.load_family(s, f.id)
            for kind in ("plan", "children", "assessment"):
                pdf = build_document(doc, kind)
                assert pdf.startswith(b"%PDF")
            text = " ".join((p.extract_text() or "") for p in
                            PdfReader(io.BytesIO(build_document(doc, "children"))).pages)
            for e in doc["map"]:
                if e["area"] == "worry":
                    assert e["text"][:60] not in " ".join(text.split())


def _schema_up_to(tmp_path: Path, last: str) -> Path:
    """The migrations up to and including revision `last`, to open an old store unchanged."""
    old = tmp_path / f"migrations-{last}"
    shutil.copytree(engine_mod.Path(engine_mod.__file__).with_name("migrations"), old)
    for f in (old / "versions").glob("*.py"):
        if f.name[:4].isdigit() and f.name[:4] > last:
            f.unlink()
    return old


def test_the_edit_history_survives_the_move_to_changesets(tmp_path, monkeypatch):
    """0003 turns every entity_versions snapshot into a changeset: as many versions as before,
    each reader still gets whole snapshots, and the old table is gone."""
    from safetymap.services import changes
    from safetymap.store import changesets

    path = _copy_fixture(FIXTURES / "store-0002.db", tmp_path)
    with monkeypatch.context() as mp:
        mp.setattr(engine_mod, "MIGRATIONS_DIR", _schema_up_to(tmp_path, "0002"))
        with Store.open(path, PASSPHRASE) as s, s.engine.connect() as c:
            assert s.revision() == "0002"
            old = [tuple(r) for r in c.execute(text(
                "SELECT entity_type, entity_uid, operation FROM entity_versions ORDER BY id"))]
            entry_uid = c.execute(text(
                "SELECT entity_uid FROM entity_versions WHERE entity_type = 'MapEntry' "
                "ORDER BY id LIMIT 1")).scalar_one()
    assert len(old) > 100
    with Store.open(path, PASSPHRASE) as s:
        assert s.revision() == head_revision()
        with s.session() as sess:
            conn = sess.connection()
            assert not conn.execute(text(
                "SELECT name FROM sqlite_master WHERE name = 'entity_versions'")).first()
            migrated = [(v.entity_type, v.entity_uid, v.operation)
                        for v in changesets.versions(conn) if v.change_id <= len(old)]
        assert sorted(migrated) == sorted(old)
        hist = changes.entry_history(s, "MapEntry", entity_uid=entry_uid)
        assert hist and hist[0].operation == "insert"
        assert all(v.data.get("text") is not None and v.data.get("area") for v in hist)
        assert check_store(s).ok
