"""The key settings file is plain text next to the store: anyone can edit it. Impossible or
absurd settings (zero, negative, terabytes of memory, hours of work) must be refused with the
store's own sentence, not crash, hang or exhaust memory while unlocking."""

from __future__ import annotations

import dataclasses
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


BOUNDS = {"time_cost": (keys.MIN_TIME_COST, keys.MAX_TIME_COST),
          "memory_kib": (keys.MIN_MEMORY_KIB, keys.MAX_MEMORY_KIB),
          "parallelism": (keys.MIN_PARALLELISM, keys.MAX_PARALLELISM)}


def test_default_and_test_settings_are_within_bounds():
    for p in (keys.KdfParams(), keys.KdfParams.fast_for_tests()):
        for name, (lo, hi) in BOUNDS.items():
            assert lo <= getattr(p, name) <= hi, (p, name)
        keys.check_params(p)  # the reader accepts what this version writes
        # ... and the reader's bounds are those: one step past either end of each is refused
        for name, (lo, hi) in BOUNDS.items():
            for bad in (lo - 1, hi + 1):
                with pytest.raises(ValueError, match="^key derivation settings out of bounds$"):
                    keys.check_params(dataclasses.replace(p, **{name: bad}))
