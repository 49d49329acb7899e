"""The key settings file is plain text next to the store: anyone can edit it. Impossible or
absurd settings (zero, negative, terabytes of memory, hours of work) must be refused with the
store's own sentence, not crash, hang or exhaust memory while unlocking."""

from __future__ import annotations

import json

import pytest

from safetymap.store import keys
from safetymap.store.engine import Store
from safetymap.store.errors import NotAStore

from ..conftest import PASSPHRASE


@pytest.mark.parametrize("t,mem,par", [
    (0, 8192, 1), (-1, 8192, 1), (10**9, 8192, 1),          # hours of work, or none
    (1, 2**40, 1), (1, 8 * 1024 * 1024 * 1024, 1), (1, 4, 1),  # terabytes, or nothing
    (1, 8192, 0), (1, 8192, 10**6),
])
def test_absurd_kdf_settings_are_refused(store, store_path, t, mem, par):
    store.close()
    side = keys.sidecar_path(store_path)
    doc = json.loads(side.read_text())
    doc["kdf"].update(time_cost=t, memory_kib=mem, parallelism=par)
    side.write_text(json.dumps(doc))
    before = store_path.read_bytes()
    with pytest.raises(NotAStore, match="key settings"):
        Store.open(store_path, PASSPHRASE)
    assert store_path.read_bytes() == before


def test_default_and_test_settings_are_within_bounds():
    for p in (keys.KdfParams(), keys.KdfParams.fast_for_tests()):
        keys.check_params(p)
