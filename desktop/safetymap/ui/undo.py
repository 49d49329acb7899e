"""Undo and redo for the workspace, on a QUndoStack.

Edits are committed first (autosave), then recorded as commands that know how to put the old
value back through the same services. Typing into one field merges into one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

_MERGE_ID = 1001


class SetFieldCommand(QUndoCommand):
    """entity/obj_id/field changed from old to new. `apply(value)` writes a value through a
    service and refreshes the screen; the first redo() is skipped because the edit is already
    saved when the command is pushed."""

    def __init__(self, text: str, key: tuple[Any, ...], old: Any, new: Any,
                 apply: Callable[[Any], None]) -> None:
        super().__init__(text)
        self.key = key
        self.old = old
        self.new = new
        self._apply = apply
        self._first = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if isinstance(other, SetFieldCommand) and other.key == self.key:
            self.new = other.new
            return True
        return False

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class CallbackCommand(QUndoCommand):
    """A structural edit (add/delete an entry) with explicit do/undo functions. The first redo()
    is skipped when `already_done` is true."""

    def __init__(self, text: str, do: Callable[[], None], undo: Callable[[], None],
                 already_done: bool = True) -> None:
        super().__init__(text)
        self._do, self._undo = do, undo
        self._skip = already_done

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._do()

    def undo(self) -> None:
        self._undo()
