"""Passphrase and recovery: what the screens ask about the store's key slots, and the commands
that change them (store format 3, `store/keyslots.py`).

Plain data only. Nothing here measures anything when it is asked for the status: the unlock cost
is described from the passphrase slot's recorded Argon2id settings (passes and memory). The
commands that take a passphrase check it against the open store before anything is written, so
an unlocked laptop left alone is not enough to change how the store is opened. None of them
writes a changeset: only the key file beside the store changes (one atomic write), never the
database.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from ..i18n import N_, _, ngettext
from ..store import keys, keyslots
from ..store.engine import Store
from ..store.errors import KeySettingsDamaged, StoreError, WeakPassphrase, WrongPassphrase
from .passphrase import assess

#: the cost "Make unlocking slower" aims for, in seconds on this laptop
RAISED_COST_S = 1.5

#: the refusals' English (the error is raised in the screens' language: `_()` where raised)
NOT_CURRENT = N_("That is not the current passphrase; nothing has been changed.")
SAME_AS_BEFORE = N_("The new passphrase is the same as the current one; nothing has been "
                    "changed. Choose a different one.")
NOT_HIGHER = N_("Unlocking already takes at least that long on this laptop, so nothing has been "
                "changed.")


@dataclass(frozen=True)
class KeyStatus:
    """How the open store can be unlocked, for Settings ▸ Passphrase and recovery."""

    has_recovery_key: bool
    #: whose organisation escrow keys can also recover it ("Council IT"); never secret
    escrow_labels: tuple[str, ...]
    #: "3 passes over 128 MiB of memory": the passphrase slot's Argon2id cost, in words
    unlock_cost_text: str
    passes: int
    memory_mib: int


def describe_cost(params: keys.KdfParams | None) -> str:
    """The Argon2id cost in words: "3 passes over 128 MiB of memory"."""
    if params is None:
        return _("not known")
    mib = params.memory_kib // 1024
    return ngettext("{n} pass over {mib} MiB of memory", "{n} passes over {mib} MiB of memory",
                    params.time_cost).format(n=params.time_cost, mib=mib)


def key_status(store: Store) -> KeyStatus:
    kf = store.key_file()
    params = kf.passphrase_params()
    labels = tuple(s.label or _("your organisation") for s in kf.slots if s.kind == "escrow")
    return KeyStatus(has_recovery_key=kf.has("recovery"), escrow_labels=labels,
                     unlock_cost_text=describe_cost(params),
                     passes=params.time_cost if params else 0,
                     memory_mib=params.memory_kib // 1024 if params else 0)


def check_passphrase(store: Store, passphrase: str) -> None:
    """Raise WrongPassphrase unless `passphrase` opens the open store's passphrase slot. Costs
    one Argon2id derivation (run it off the GUI thread). Writes nothing."""
    master = keyslots.unwrap_with_passphrase(store.key_file(), passphrase)
    if master is None:
        raise WrongPassphrase(_(NOT_CURRENT))
    try:
        if not master.same_as(store.master_key()):
            raise KeySettingsDamaged(_("The key file no longer matches the open store; "
                                       "nothing has been changed."))
    finally:
        master.wipe()


def change_passphrase(store: Store, old: str, new: str) -> None:
    """Give the store a new passphrase. The new one must differ from the old one and be strong
    enough (the same judgement as the first screen's); the old one must be the current one.
    Keeps the unlock cost. Only the key file's passphrase slot is rewritten."""
    if keys.normalise(new) == keys.normalise(old):
        raise StoreError(_(SAME_AS_BEFORE))
    strength = assess(new)
    if not strength.acceptable:
        advice = strength.message()
        raise WeakPassphrase(_("That new passphrase would be too easy to guess; nothing has "
                               "been changed.") + (" " + advice if advice else ""))
    store.change_passphrase(old, new)
    _refresh_backups(store)


def _refresh_backups(store: Store) -> None:
    """Backups in the folder get the new key file now, not only at the next backup (best effort:
    an unreachable folder is brought up to date by the next backup run)."""
    from . import backups

    with contextlib.suppress(StoreError, OSError):
        backups.refresh_after_key_change(store)


def new_recovery_key(store: Store, passphrase: str) -> str:
    """Make a new recovery key (any earlier one stops working) and return it, formatted in its 8
    groups, to be shown once. The current passphrase is asked for first."""
    check_passphrase(store, passphrase)
    key = store.new_recovery_key()
    _refresh_backups(store)
    return key


def _work(p: keys.KdfParams) -> int:
    return p.time_cost * p.memory_kib


def raise_cost(store: Store, passphrase: str, seconds: float = RAISED_COST_S) -> keys.KdfParams:
    """Make unlocking take about `seconds` on this laptop (Argon2id calibrated here, now), and
    rewrap the master key under the same passphrase at that cost. Never lowers it: the memory is
    never less than it was (more passes instead), and a cost that is not higher is refused with
    a sentence. Returns the new settings. Takes a calibration and two derivations: run it off
    the GUI thread."""
    current = store.key_file().passphrase_params()
    check_passphrase(store, passphrase)  # before the calibration: a typo is said at once
    new = keyslots.calibrate(seconds)
    if current is not None and new.memory_kib < current.memory_kib:
        passes = round(new.time_cost * new.memory_kib / current.memory_kib)
        new = keys.KdfParams(time_cost=max(keys.MIN_TIME_COST, min(keys.MAX_TIME_COST, passes)),
                             memory_kib=current.memory_kib, parallelism=new.parallelism)
    if current is not None and _work(new) <= _work(current):
        raise StoreError(_(NOT_HIGHER))
    store.change_passphrase(passphrase, passphrase, params=new)
    return new
