"""The errors every layer may raise with a sentence a person can read (store.errors re-exports
them): here, below both export/ and store/, so a document builder can say "no such child"
without importing the store."""

from __future__ import annotations


class StoreError(Exception):
    """Base for every expected failure. `str(err)` is safe to show and to log."""


class NotFound(StoreError):
    """A family (or other record) asked for by id or name does not exist."""


class Ambiguous(StoreError):
    """A name matches more than one family."""
