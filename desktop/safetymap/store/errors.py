"""Errors a person can read. Each message is one sentence that says what happened and that
nothing was changed; none of them ever contains case data."""

from __future__ import annotations

import errno

# Defined below export/ and store/ (domain/errors.py) and re-exported here.
from ..domain.errors import Ambiguous as Ambiguous
from ..domain.errors import NotFound as NotFound
from ..domain.errors import StoreError as StoreError


class StoreMissing(StoreError):
    pass


class StoreExists(StoreError):
    pass


class WrongPassphrase(StoreError):
    pass


class NotAStore(StoreError):
    pass


class StoreDamaged(StoreError):
    pass


class KeySettingsDamaged(NotAStore, StoreDamaged):
    """The key settings file beside the store (`<store>.kdf.json`) is damaged, unreadable or does
    not belong to the store. A NotAStore (as before) and a StoreDamaged (what it is)."""


class DiskFull(StoreError, OSError):
    """The disk (or the user's quota) is full. Nothing already saved has been lost: the sentence
    says so and asks for space, never for a restore from backup. Also an OSError (errno ENOSPC or
    EDQUOT), so code that handles a failed file write still handles it."""

    def __init__(self, sentence: str, err: int = errno.ENOSPC) -> None:
        super().__init__(sentence)
        self.errno = err

    def __str__(self) -> str:
        return str(self.args[0])


DISK_FULL_SENTENCE = (
    "The disk is full, so Safety Map could not save; nothing that was already saved has been "
    "lost. Free some space on the disk, then try again.")


class StoreLocked(StoreError):
    pass


class WeakPassphrase(StoreError):
    pass


