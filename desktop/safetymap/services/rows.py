"""Two small helpers every command module shares: fetch one row by id (refused with a sentence
when it is gone) and the next free position in an ordered list."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.errors import NotFound

_T = TypeVar("_T")

#: what each kind of record is called in a sentence ("That person no longer exists.")
WORDS = {
    "Family": "family",
    "Person": "person",
    "ContactDetail": "contact detail",
    "ChildRelation": "link between a child and a person",
    "Visit": "visit",
    "VisitAttendance": "record of who was at a visit",
    "ThreeHousesEntry": "Three Houses entry",
    "WordsAndPictures": "Words and Pictures story",
    "Attachment": "drawing",
}


def get(session: Session, cls: type[_T], obj_id: int) -> _T:
    """The row, or NotFound with a sentence ("That drawing no longer exists.")."""
    obj = session.get(cls, obj_id)
    if obj is None:
        what = WORDS.get(cls.__name__, "record")
        raise NotFound(f"That {what} no longer exists. It may have been removed meanwhile.")
    return obj


def next_position(session: Session, cls: Any, **where: Any) -> int:
    q = select(func.coalesce(func.max(cls.position), -1))
    for k, v in where.items():
        q = q.where(getattr(cls, k) == v)
    return int(session.scalar(q)) + 1
