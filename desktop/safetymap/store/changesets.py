"""Changesets: every unit of work recorded once, with the values before and after (being built)."""

from __future__ import annotations

from typing import Any

from .errors import StoreError


class CannotUndo(StoreError):
    """Undo refused: a later change depends on this one. The message is the sentence."""


def revert(store: Any, changeset_id: int) -> int:
    raise NotImplementedError


def family_history(store: Any, family_id: int, limit: int = 200) -> list[dict[str, Any]]:
    raise NotImplementedError
