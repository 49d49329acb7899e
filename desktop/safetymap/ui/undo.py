"""Undo and redo for the workspace, on a QUndoStack.

Edits are committed first (autosave, or a command run now), and each step on the stack is the
id of the changeset the store recorded for it (ARCHITECTURE.md, "One write path"): undo asks
the store to revert it. Typing into one field is one changeset, so one step.

A step holds no case text but its words ("Remove Lena"): on lock `keep_over_lock` gives every
step neutral words and drops its callbacks, and `rebind` ties the steps to the reopened store;
`forget_all(stack)` empties the stack (when another family opens).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from .tr import QT_TRANSLATE_NOOP, translate

_CHANGESET_ID = 1002


class ChangesetCommand(QUndoCommand):
    """One step on the undo stack: a changeset id, nothing else (no case text). Undo asks the
    store to revert the changeset; redo reverts that undo. `refresh()` runs after either so the
    workspace shows the store as it now is. An autosave that extended the same changeset (a
    burst of typing) merges into the step already on top."""

    def __init__(self, text: str, store: Any, changeset_id: int,
                 refresh: Callable[[], None], on_error: Callable[[Exception], None]) -> None:
        super().__init__(text)
        self.store = store
        self.changeset_id = changeset_id
        self.undo_id: int | None = None
        #: pushed only to say that the step on top changed nothing after all
        self.emptied = False
        self._refresh = refresh
        self._on_error = on_error
        self._first = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _CHANGESET_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not (isinstance(other, ChangesetCommand) and other.changeset_id == self.changeset_id):
            return False
        if other.emptied:
            self.setObsolete(True)  # the store dropped the changeset: Qt drops this step
        return True

    def forget(self) -> None:
        self._refresh = _nothing
        self._on_error = _nothing

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self.undo_id is None:
            return
        from ..services import changesets

        try:
            self.changeset_id = changesets.redo(self.store, self.undo_id)
            self.undo_id = None
        except Exception as exc:  # noqa: BLE001 - said to the person, never logged with text
            self._on_error(exc)
            self.setObsolete(True)
        self._refresh()

    def undo(self) -> None:
        from ..services import changesets

        try:
            self.undo_id = changesets.undo(self.store, self.changeset_id)
        except Exception as exc:  # noqa: BLE001
            self._on_error(exc)
            self.setObsolete(True)
        self._refresh()


#: what an undo step is called after a lock: the step's own words may name someone
LOCKED_LABEL = QT_TRANSLATE_NOOP("undo", "change")


def keep_over_lock(stack: QUndoStack) -> bool:
    """On lock: keep the steps if every one is a changeset id, with neutral words and no
    callbacks (they hold no case text then); otherwise empty the stack. True when kept."""
    cmds = [stack.command(i) for i in range(stack.count())]
    if not cmds or not all(isinstance(c, ChangesetCommand) for c in cmds):
        forget_all(stack)
        return False
    for c in cmds:
        assert isinstance(c, ChangesetCommand)
        c.setText(translate("undo", LOCKED_LABEL))
        c.forget()
        c.store = None
    return True


def rebind(stack: QUndoStack, store: Any, refresh: Callable[[], None],
           on_error: Callable[[Exception], None]) -> None:
    """After unlock: the kept steps work on the reopened store and the new workspace."""
    for i in range(stack.count()):
        c = stack.command(i)
        if isinstance(c, ChangesetCommand):
            c.store = store
            c._refresh = refresh
            c._on_error = on_error


def push_changeset(stack: QUndoStack, text: str, store: Any, refresh: Callable[[], None],
                   on_error: Callable[[Exception], None]) -> None:
    """Put the changeset the store's last session wrote on the undo stack (nothing when that
    session changed nothing; merged when it extended the step already on top)."""
    cs_id = store.last_changeset_id
    # taken, so a later command that writes nothing cannot push this one again
    store.last_changeset_id = None
    top = stack.command(stack.index() - 1) if stack.index() > 0 else None
    emptied = getattr(store, "last_emptied_changeset_id", None)
    if cs_id is None and emptied is not None and isinstance(top, ChangesetCommand) \
            and top.changeset_id == emptied:
        # typed back to what it was: the step on top is gone with its changeset
        gone = ChangesetCommand(text, store, emptied, refresh, on_error)
        gone.emptied = True
        stack.push(gone)
        return
    if cs_id is None:
        return
    if isinstance(top, ChangesetCommand) and top.changeset_id == cs_id:
        return  # an autosave that extended the step on top
    for i in range(stack.count()):
        c = stack.command(i)
        if isinstance(c, ChangesetCommand) and cs_id in (c.changeset_id, c.undo_id):
            return  # already a step (never two steps for one changeset)
    stack.push(ChangesetCommand(text, store, cs_id, refresh, on_error))


def _nothing(*_args: Any) -> None:
    return None


def forget_all(stack: QUndoStack) -> None:
    """Empty every command on the stack of the case text it holds, then clear the stack."""
    for i in range(stack.count()):
        cmd = stack.command(i)
        forget = getattr(cmd, "forget", None)
        if callable(forget):
            forget()
    stack.clear()
