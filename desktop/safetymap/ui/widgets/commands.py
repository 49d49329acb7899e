"""Running a command from a page: one call, one changeset on the undo stack, a sentence when the
command refuses.

`run_command` runs a services command now (an add, a remove, a toggle), then puts the changeset
the store wrote on the undo stack (ui/undo.py `push_changeset`: undo and redo are the store's)
and lets the page show the family again. A refusal (ValueError: a broken rule, in a sentence the
command wrote) or a store error is told to the person; nothing changed then.

`RecordDraft` is the one record a form is writing into (the number being given on the scale, the
chronology event in the form): only its id and what it started with. Whether it is still there
is read from the family document (after an undo it is not; after a redo it is, with the same
id), so no page keeps a copy of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...store.errors import StoreError
from ..tasks import error_sentence
from ..undo import push_changeset

_T = TypeVar("_T")


def refusal_sentence(exc: BaseException) -> str:
    """What to tell the person: a command's own sentence for a broken rule, else the plain
    sentence for a store or file problem."""
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeError) and str(exc):
        return str(exc)
    return error_sentence(exc)


def run_command(ctx: Any, label: str, action: Callable[[], _T],
                after: Callable[[], None] = lambda: None) -> _T | None:
    """Run `action` (one services command) now and push its changeset as the undo step
    `label`. Returns what the command returned, or None when it refused (then the person is
    told why and nothing changed). `after()` runs in both cases (the page shows the store).

    Typing not yet autosaved is saved first, so it is its own undo step, before this one."""
    ctx.autosaver.flush()
    ctx.store.last_changeset_id = None  # only what this command writes becomes the step
    try:
        result = action()
    except (ValueError, StoreError) as exc:
        ctx.tell(refusal_sentence(exc))
        after()
        return None
    push_changeset(ctx.undo_stack, label, ctx.store, lambda: ctx.refresh_all(),
                   lambda exc: ctx.tell(refusal_sentence(exc)))
    after()
    return result


@dataclass
class RecordDraft:
    """The record a form writes into: its id, and whether the form itself started it (`fresh`:
    such a record is taken away again when every box is emptied)."""

    id: int
    fresh: bool = False
    #: what was last written into it, to refill its row without loading the family again
    values: dict[str, Any] = field(default_factory=dict)

    def present(self, ids: Iterable[int]) -> bool:
        """Is the record still there (its id among the document's)?"""
        return self.id in set(ids)
