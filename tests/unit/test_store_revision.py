"""Opening a store reads the schema revisions without Alembic (store/engine.py,
head_revision and current_revision); these hold that shortcut to Alembic's own answers."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from safetymap.store import engine as engine_mod
from safetymap.store.engine import Store, current_revision, head_revision
from tests.conftest import PASSPHRASE


def _alembic_head() -> str:
    return str(ScriptDirectory.from_config(engine_mod._alembic_config()).get_current_head())


def test_the_head_is_alembics_head():
    assert head_revision() == _alembic_head()


def test_a_newer_release_s_scripts_give_its_head(tmp_path, monkeypatch):
    mig = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, mig)
    (mig / "versions" / "9999_next.py").write_text(
        f"revision = \"test9\"\ndown_revision = '{head_revision()}'\n"
        "def upgrade():\n    pass\n")
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", mig)
    assert head_revision() == "test9" == _alembic_head()


def test_two_heads_are_left_to_alembic(tmp_path, monkeypatch):
    mig = tmp_path / "migrations"
    shutil.copytree(engine_mod.MIGRATIONS_DIR, mig)
    for name in ("a", "b"):
        (mig / "versions" / f"9999_{name}.py").write_text(
            f"revision = 'x{name}'\ndown_revision = '0004'\nbranch_labels = None\n"
            "depends_on = None\ndef upgrade():\n    pass\n")
    monkeypatch.setattr(engine_mod, "MIGRATIONS_DIR", mig)
    with pytest.raises(Exception, match="(?i)multiple heads|head"):
        head_revision()


def test_the_store_revision_is_alembics(tmp_path):
    store = Store.create(tmp_path / "s.db", PASSPHRASE)
    try:
        with store.engine.connect() as conn:
            assert current_revision(conn) == MigrationContext.configure(
                conn).get_current_revision() == head_revision()
    finally:
        store.close()


def test_opening_a_store_does_not_import_alembic(tmp_path):
    """The point of the shortcut; the control is the same process after a real upgrade."""
    Store.create(tmp_path / "s.db", PASSPHRASE).close()
    code = (
        "import sys; from pathlib import Path\n"
        "from safetymap.store.engine import Store\n"
        f"s = Store.open(Path({str(tmp_path / 's.db')!r}), {PASSPHRASE!r}); s.close()\n"
        "print('alembic' in sys.modules)\n"
        "from safetymap.store import engine\n"
        "engine._alembic_config(); import alembic.command\n"
        "print('alembic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**__import__("os").environ})
    assert out.stdout.split() == ["False", "True"], out.stderr[-2000:]
