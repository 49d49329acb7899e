"""Use cases that change one family: the calls the screens make on every autosaved edit.

Each call is one short transaction: it commits (so it is durable at once) or changes nothing.
The session hooks in store/history.py add the edit history, the audit row and the search index.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..store.engine import Store
from ..store.errors import NotFound

ENTITIES: dict[str, type[m.Tracked]] = {cls.__name__: cls for cls in m.TRACKED_MODELS}
_NEVER_EDITABLE = {"id", "uid", "created_at", "updated_at", "family_id", "author"}
_T = TypeVar("_T")


def _get(session: Session, cls: type[_T], obj_id: int) -> _T:
    obj = session.get(cls, obj_id)
    if obj is None:
        raise NotFound(f"That {cls.__name__} no longer exists.")
    return obj


def _next_position(session: Any, cls: Any, **where: Any) -> int:
    q = select(func.coalesce(func.max(cls.position), -1))
    for k, v in where.items():
        q = q.where(getattr(cls, k) == v)
    return int(session.scalar(q)) + 1


def update_entity(store: Store, entity: str, obj_id: int, **fields: Any) -> None:
    """Set column values on one entity. Unknown or protected fields are refused whole."""
    cls = ENTITIES.get(entity)
    if cls is None:
        raise ValueError(f"Unknown kind of record: {entity}")
    allowed = {a.key for a in cls.__mapper__.column_attrs}
    bad = set(fields) - (allowed - _NEVER_EDITABLE)
    if bad:
        raise ValueError(f"These fields cannot be changed here: {', '.join(sorted(bad))}")
    with store.session() as s:
        obj = _get(s, cls, obj_id)
        for k, v in fields.items():
            setattr(obj, k, v)


def delete_entity(store: Store, entity: str, obj_id: int) -> None:
    cls = ENTITIES[entity]
    with store.session() as s:
        s.delete(_get(s, cls, obj_id))


# --- moved ---------------------------------------------------------------------------------
# People, contacts, child relations: services/people.py. Visits: services/visits.py. Three
# Houses, Words and Pictures, drawings: services/childs_voice.py.
