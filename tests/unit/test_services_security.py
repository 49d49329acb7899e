"""services/security.py: the key status in plain data, and the passphrase, recovery-key and
unlock-cost commands, against a real store file (format 3 key slots)."""

from __future__ import annotations

import pytest

from safetymap.services import security
from safetymap.store import keys, keyslots
from safetymap.store.engine import Store, recover
from safetymap.store.errors import StoreError, WeakPassphrase, WrongPassphrase

NEW = "yellow bicycle under the old bridge"


def _key_file_bytes(store_path):
    return keys.sidecar_path(store_path).read_bytes()


def test_status_of_a_new_store(store):
    st = security.key_status(store)
    assert st.has_recovery_key is True
    assert st.escrow_labels == ()
    fast = keys.KdfParams.fast_for_tests()
    assert (st.passes, st.memory_mib) == (fast.time_cost, fast.memory_kib // 1024)
    assert st.unlock_cost_text == "1 pass over 8 MiB of memory"
    assert security.describe_cost(keys.KdfParams(3, 131072, 1)) == \
        "3 passes over 128 MiB of memory"


def test_escrow_labels_are_listed(store, store_path):
    _pem, public = keyslots.new_escrow_keypair()
    kf = store.key_file()
    slot = keyslots.escrow_slot(store.master_key(), kf.store_salt, public, "Council IT")
    keyslots.write(store_path, kf.with_slot(slot))
    assert security.key_status(store).escrow_labels == ("Council IT",)


def test_change_passphrase_then_only_the_new_one_opens(store, store_path, passphrase):
    security.change_passphrase(store, passphrase, NEW)
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, passphrase)
    Store.open(store_path, NEW).close()


@pytest.mark.parametrize("old, new, error, words", [
    ("not my passphrase at all really", NEW, WrongPassphrase, "not the current passphrase"),
    (None, None, StoreError, "same as the current one"),
    (None, "password1", WeakPassphrase, "too easy to guess"),
])
def test_a_refused_change_writes_nothing(store, store_path, passphrase, old, new, error, words):
    before = _key_file_bytes(store_path)
    with pytest.raises(error, match=words):
        security.change_passphrase(store, old or passphrase, new or passphrase)
    assert _key_file_bytes(store_path) == before
    store.close()
    Store.open(store_path, passphrase).close()


def test_new_recovery_key_replaces_the_old_one(store, store_path, passphrase):
    first = store.recovery_key
    assert first and len(first.split("-")) == 8
    with pytest.raises(WrongPassphrase):
        security.new_recovery_key(store, "wrong wrong wrong wrong")
    assert store.key_file().slot("recovery") is not None
    second = security.new_recovery_key(store, passphrase)
    assert second != first and len(second.split("-")) == 8
    assert all(len(g) == 4 for g in second.split("-"))
    store.close()
    with pytest.raises(keyslots.RecoveryKeyInvalid):
        recover(store_path, NEW, recovery_key=first)
    recover(store_path, NEW, recovery_key=second)
    Store.open(store_path, NEW).close()


def test_raise_cost_raises_and_never_lowers(store, store_path, passphrase):
    before = store.key_file().passphrase_params()
    assert before == keys.KdfParams.fast_for_tests()
    with pytest.raises(WrongPassphrase):
        security.raise_cost(store, "wrong wrong wrong wrong", seconds=0.05)
    assert store.key_file().passphrase_params() == before
    raised = security.raise_cost(store, passphrase, seconds=0.05)
    assert raised.memory_kib >= keyslots.MIN_CALIBRATED_MEMORY_KIB > before.memory_kib
    assert store.key_file().passphrase_params() == raised
    assert security.key_status(store).memory_mib == raised.memory_kib // 1024
    # the same aim again is not higher: refused, nothing written
    written = _key_file_bytes(store_path)
    with pytest.raises(StoreError, match="already takes at least that long"):
        security.raise_cost(store, passphrase, seconds=0.01)
    assert _key_file_bytes(store_path) == written
    store.close()
    Store.open(store_path, passphrase).close()  # the same passphrase, at the new cost
