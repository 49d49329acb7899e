"""Writing a row directly, for tests only: what a bug or someone with the passphrase and their
own SQLite tools could do. The app never writes this way (ARCHITECTURE.md, "One write path");
tests use it to prove the store refuses or records such a write (a signed-off record, a forged
picture), never to stand in for a command."""

from __future__ import annotations

from typing import Any

from safetymap.domain import model as m

_BY_NAME = {c.__name__: c for c in m.TRACKED_MODELS}


def update_row(store: Any, kind: str, row_id: int, **fields: Any) -> None:
    with store.session(command="test.update_row") as s:
        row = s.get(_BY_NAME[kind], row_id)
        assert row is not None, f"no {kind} {row_id}"
        for k, v in fields.items():
            setattr(row, k, v)


def delete_row(store: Any, kind: str, row_id: int) -> None:
    with store.session(command="test.delete_row") as s:
        row = s.get(_BY_NAME[kind], row_id)
        assert row is not None, f"no {kind} {row_id}"
        s.delete(row)
