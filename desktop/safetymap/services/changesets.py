"""Undo, redo and history, read from the store's changesets (store/changesets.py).

Every command in services/ runs in one `store.session(command=...)`; the store records what it
inserted, updated and deleted as one changeset. Undo reverts a changeset as a new changeset
that names it; redo reverts that undo. The UI keeps only a stack of changeset ids, so undo
holds no case text and works the same after a lock and unlock.
"""

from __future__ import annotations

from typing import Any

from ..store import changesets as cs
from ..store.engine import Store

CannotUndo = cs.CannotUndo
command_words = cs.command_words


def undo(store: Store, changeset_id: int) -> int:
    """Revert one changeset: rows it inserted go, rows it deleted come back with their ids and
    links, values it changed are put back. Returns the new changeset's id. Refused with a
    sentence (CannotUndo) when a later change depends on it; then nothing changes."""
    return cs.revert(store, changeset_id)


def redo(store: Store, undo_changeset_id: int) -> int:
    """Put back what an undo took away (the undo is itself reverted)."""
    return cs.revert(store, undo_changeset_id)


def close_burst(store: Store) -> None:
    """The person left the field: the next autosave starts a new version."""
    store.burst = None


def history(store: Store, family_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """The family's changesets, newest first: id, when, who, command, what (plain words)."""
    return cs.family_history(store, family_id, limit=limit)


def describe(store: Store, changeset_id: int) -> str:
    """What one changeset did, in plain words: '1 person added, 6 Three Houses entries added'."""
    return cs.describe(store, changeset_id)
