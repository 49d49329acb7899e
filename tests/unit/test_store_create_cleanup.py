"""A failed Store.create removes only the files it made itself, never files that were already
there (an empty store file left by a crashed copy, say, with its write-ahead log beside it)."""

from __future__ import annotations

import pytest

from safetymap.store import keys
from safetymap.store.engine import Store


def test_failed_create_leaves_files_it_did_not_make(tmp_path):
    path = tmp_path / "safetymap.db"
    path.write_bytes(b"")
    wal = tmp_path / "safetymap.db-wal"
    wal.write_bytes(b"pages that may be all that is left of someone's work")
    side = keys.sidecar_path(path)
    side.write_text('{"format": "safetymap-store"}')
    with pytest.raises(Exception):  # noqa: B017 - any failure; what matters is what is left
        Store.create(path, "kitchen table blue kettle morning",
                     keys.KdfParams(time_cost=0, memory_kib=8192, parallelism=1))
    assert path.exists() and wal.exists() and side.exists()
    assert wal.read_bytes().startswith(b"pages")


def test_failed_create_keeps_an_existing_key_settings_file(tmp_path):
    path = tmp_path / "safetymap.db"
    path.write_bytes(b"")
    side = keys.sidecar_path(path)
    side.write_text('{"format": "safetymap-store"}')
    with pytest.raises(Exception):  # noqa: B017 - any failure; what matters is what is left
        Store.create(path, "kitchen table blue kettle morning",
                     keys.KdfParams(time_cost=0, memory_kib=8192, parallelism=1))
    assert side.read_text() == '{"format": "safetymap-store"}'
    assert path.exists() and path.stat().st_size == 0
    assert not (tmp_path / "safetymap.db-wal").exists()
