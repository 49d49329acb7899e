"""Shared fixtures: every test gets real SQLCipher stores in its own temp folder.

Stores made here use cheap Argon2id settings (recorded in the store's own sidecar, like any
store) so the suite stays quick; tests of the real settings ask for them explicitly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "kitchen table blue kettle morning"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing a test does may touch a real profile, and temp files must land where we can look.
    monkeypatch.setenv("SAFETYMAP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAFETYMAP_TEST_FAST_KDF", "1")
    # the app in a child process starts in English without the first start's language
    # question (tests/ui/test_language_screens.py asks it)
    monkeypatch.setenv("SAFETYMAP_LANGUAGE", "en")
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


# -- the demo store: built once per test run, copied byte for byte for each test -------------------
#
# Building the three demo families costs about a second; about 110 tests want them. So the
# session builds one template store (fast KDF, the same passphrase, no profile, a home of its own)
# in its temp folder the first time a test wants it, closes it (checkpointed), and every test gets
# a copy of every file in that folder except the lock: the database, `<name>.kdf.json` (it records
# the salt, which is also the file's first 16 bytes), `<name>.seal` (MACed under the store key,
# not bound to the path), and -wal/-shm if any are left. A copy is the same store as a fresh build: the same
# ids, rows, audit chain and seal counter. tests/unit/test_demo_template.py proves it against a
# build from scratch.

TEMPLATE_NAME = "safetymap.db"
_templates: dict[str, tuple[Path, list[int]]] = {}  # by passphrase: the folder, the family ids


def build_demo_store(path: Path, passphrase: str = PASSPHRASE) -> list[int]:
    """Build the demo families from scratch in a new store at `path`, with the settings every
    test store has (fast KDF, the test passphrase, an empty home, no actor set). Returns the demo
    family ids. Slow (about a second): tests copy the template instead."""
    from safetymap.services.demo import add_demo_families
    from safetymap.store.engine import Store

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAFETYMAP_HOME", str(path.parent.with_name(path.parent.name + "-home")))
        mp.setenv("SAFETYMAP_TEST_FAST_KDF", "1")
        for var in ("SAFETYMAP_PASSPHRASE", "SAFETYMAP_TEMPLATES", "SAFETYMAP_ACTOR"):
            mp.delenv(var, raising=False)
        store = Store.create(path, passphrase)
        try:
            return add_demo_families(store)
        finally:
            store.close()


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory):
    """demo_templates(passphrase): the session's template demo store under that passphrase (its
    folder and family ids), built the first time it is asked for. Ask in a fixture, before the
    test starts, so nothing a test patches can leak into it."""
    from safetymap.store import keys, keyslots

    def template(passphrase: str = PASSPHRASE) -> tuple[Path, list[int]]:
        if passphrase not in _templates:
            folder = tmp_path_factory.mktemp("demo-template")
            ids = build_demo_store(folder / TEMPLATE_NAME, passphrase)
            params = keyslots.read_slots(folder / TEMPLATE_NAME).passphrase_params()
            assert params == keys.KdfParams.fast_for_tests(), params  # the fast settings
            _templates[passphrase] = (folder, ids)
        folder, ids = _templates[passphrase]
        return folder, list(ids)

    yield template
    _templates.clear()


@pytest.fixture(scope="session")
def demo_template(demo_templates):
    """The template demo store under the test passphrase: its folder and family ids."""
    return demo_templates(PASSPHRASE)


@pytest.fixture(autouse=True)
def _demo_template_for_helpers(request: pytest.FixtureRequest) -> None:
    # make_store() and copy_demo_store() are plain functions called inside tests: build the
    # template before the test starts for every test whose module or body names them.
    names = set(vars(request.module)) if request.module is not None else set()
    code = getattr(getattr(request, "function", None), "__code__", None)
    if code is not None:
        names |= {*code.co_names, *code.co_varnames}
    if names & {"make_store", "copy_demo_store"}:
        request.getfixturevalue("demo_template")


def copy_demo_store(path: Path, passphrase: str = PASSPHRASE) -> list[int]:
    """Put a byte copy of the template demo store at `path` (its folder made if need be; nothing
    of a store may be there yet). Returns the demo family ids, as add_demo_families would."""
    if passphrase not in _templates:
        raise RuntimeError("copy_demo_store needs the demo_template fixture, or demo_templates "
                           "asked for this passphrase first (tests/conftest.py)")
    folder, ids = _templates[passphrase]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = sorted(f for f in folder.iterdir() if not f.name.endswith(".lock"))
    assert files and all(f.name.startswith(TEMPLATE_NAME) for f in files), files
    targets = [(f, path.with_name(path.name + f.name[len(TEMPLATE_NAME):])) for f in files]
    for _, dest in targets:
        if dest.exists():
            raise FileExistsError(f"{dest} is already there; a demo store is copied only once")
    for src, dest in targets:
        shutil.copy2(src, dest)  # with the mode (0600) and times
    return list(ids)


@pytest.fixture
def demo_store(store_path: Path, demo_template):
    """An open copy of the demo store at store_path (the demo families, nothing else)."""
    from safetymap.store.engine import Store

    copy_demo_store(store_path)
    s = Store.open(store_path, PASSPHRASE)
    yield s
    s.close()
