"""keyslots.EarlyUnlock: the CLI opens the passphrase slot on a thread while the program loads.

Promises, each attacked with a control that shows the attack would work without the check:
* its key is used only for the passphrase it was started with (started with the right one, an
  open with a wrong one is still refused);
* only for the key file it read (a passphrase changed in between: the old passphrase no longer
  opens the store, although the master key it unwrapped is the same);
* a key it made and nobody took is wiped;
* used, it saves the second Argon2id (the point of it).
"""

from __future__ import annotations

import pytest

from safetymap.store import keyslots
from safetymap.store.engine import Store
from safetymap.store.errors import WrongPassphrase
from tests.conftest import PASSPHRASE

NEW = "another long kitchen passphrase"


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.db"
    Store.create(path, PASSPHRASE).close()
    return path


def _counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = keyslots.unwrap_with_passphrase

    def counted(kf, passphrase):
        calls.append(1)
        return real(kf, passphrase)
    monkeypatch.setattr(keyslots, "unwrap_with_passphrase", counted)
    return calls


def test_its_key_opens_the_store_without_a_second_argon2(store_path, monkeypatch):
    calls = _counting(monkeypatch)
    early = keyslots.EarlyUnlock(store_path, PASSPHRASE)
    Store.open(store_path, PASSPHRASE, early=early).close()
    assert len(calls) == 1
    early.discard()
    Store.open(store_path, PASSPHRASE).close()  # and without it, as always
    assert len(calls) == 2


def test_a_wrong_passphrase_is_refused_after_one_argon2_not_two(store_path, monkeypatch):
    calls = _counting(monkeypatch)
    early = keyslots.EarlyUnlock(store_path, "a wrong passphrase here")
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, "a wrong passphrase here", early=early)
    assert len(calls) == 1
    early.discard()


def test_started_with_the_right_passphrase_a_wrong_one_is_still_refused(store_path):
    early = keyslots.EarlyUnlock(store_path, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, "a wrong passphrase here", early=early)
    early.discard()


def test_control_without_the_passphrase_check_the_wrong_one_would_open(store_path,
                                                                       monkeypatch):
    monkeypatch.setattr(keyslots.hmac, "compare_digest", lambda a, b: True)
    early = keyslots.EarlyUnlock(store_path, PASSPHRASE)
    Store.open(store_path, "a wrong passphrase here", early=early).close()  # the attack
    early.discard()


def test_started_with_a_wrong_passphrase_the_right_one_opens(store_path):
    early = keyslots.EarlyUnlock(store_path, "a wrong passphrase here")
    Store.open(store_path, PASSPHRASE, early=early).close()
    early.discard()


def _changed_meanwhile(store_path):
    early = keyslots.EarlyUnlock(store_path, PASSPHRASE)
    early._thread.join()  # it has read the old key file and unwrapped the master key
    with Store.open(store_path, PASSPHRASE) as store:
        store.change_passphrase(PASSPHRASE, NEW)
    return early


def test_a_passphrase_changed_meanwhile_the_old_one_no_longer_opens(store_path):
    early = _changed_meanwhile(store_path)
    with pytest.raises(WrongPassphrase):
        Store.open(store_path, PASSPHRASE, early=early)
    early.discard()
    Store.open(store_path, NEW).close()


def test_control_without_the_key_file_check_the_old_passphrase_would_open(store_path,
                                                                          monkeypatch):
    early = _changed_meanwhile(store_path)
    monkeypatch.setattr(keyslots.KeyFile, "__eq__", lambda a, b: True)
    Store.open(store_path, PASSPHRASE, early=early).close()  # the attack
    early.discard()


def test_a_key_nobody_took_is_wiped(store_path, monkeypatch):
    made = []
    real = keyslots.unwrap_with_passphrase

    def keep(kf, passphrase):
        key = real(kf, passphrase)
        made.append(key)
        return key
    monkeypatch.setattr(keyslots, "unwrap_with_passphrase", keep)
    early = keyslots.EarlyUnlock(store_path, PASSPHRASE)
    early._thread.join()
    assert made and not made[0].wiped
    early.discard()
    assert made[0].wiped
    # discarded before its Argon2id ends: the thread wipes what it makes
    made.clear()
    early = keyslots.EarlyUnlock(store_path, PASSPHRASE)
    early.discard()
    early._thread.join()
    assert not made or made[0] is None or made[0].wiped  # None: it never read the passphrase
