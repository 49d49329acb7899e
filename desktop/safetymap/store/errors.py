"""Errors a person can read. Each message is one sentence that says what happened and that
nothing was changed; none of them ever contains case data."""

from __future__ import annotations


class StoreError(Exception):
    """Base for every expected store failure. `str(err)` is safe to show and to log."""


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


class StoreLocked(StoreError):
    pass


class WeakPassphrase(StoreError):
    pass


class NotFound(StoreError):
    """A family (or other record) asked for by id or name does not exist."""


class Ambiguous(StoreError):
    """A name matches more than one family."""
