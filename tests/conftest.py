"""Shared fixtures: every test gets real SQLCipher stores in its own temp folder.

Stores made here use cheap Argon2id settings (recorded in the store's own sidecar, like any
store) so the suite stays quick; tests of the real settings ask for them explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "kitchen table blue kettle morning"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing a test does may touch a real profile, and temp files must land where we can look.
    monkeypatch.setenv("SAFETYMAP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAFETYMAP_TEST_FAST_KDF", "1")
    monkeypatch.delenv("SAFETYMAP_PASSPHRASE", raising=False)
    monkeypatch.delenv("SAFETYMAP_TEMPLATES", raising=False)


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "safetymap.db"


@pytest.fixture
def store(store_path: Path):
    from safetymap.store.engine import Store

    s = Store.create(store_path, PASSPHRASE)
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    from safetymap.services.demo import add_demo_families

    add_demo_families(store)
    return store
