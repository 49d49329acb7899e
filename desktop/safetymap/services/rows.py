"""Two small helpers every command module shares: fetch one row by id (refused with a sentence
when it is gone) and the next free position in an ordered list."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..i18n import N_, _
from ..store.errors import NotFound

_T = TypeVar("_T")

#: the sentence when a kind of record is gone (its English; said in the screens' language)
GONE = {
    "Family": N_("That family no longer exists. It may have been removed meanwhile."),
    "Person": N_("That person no longer exists. It may have been removed meanwhile."),
    "ContactDetail": N_("That contact detail no longer exists. It may have been removed "
                        "meanwhile."),
    "ChildRelation": N_("That link between a child and a person no longer exists. It may have "
                        "been removed meanwhile."),
    "Visit": N_("That visit no longer exists. It may have been removed meanwhile."),
    "VisitAttendance": N_("That record of who was at a visit no longer exists. It may have been "
                          "removed meanwhile."),
    "ThreeHousesEntry": N_("That Three Houses entry no longer exists. It may have been removed "
                           "meanwhile."),
    "WordsAndPictures": N_("That Words and Pictures story no longer exists. It may have been "
                           "removed meanwhile."),
    "Attachment": N_("That drawing no longer exists. It may have been removed meanwhile."),
}
_GONE_RECORD = N_("That record no longer exists. It may have been removed meanwhile.")


def get(session: Session, cls: type[_T], obj_id: int) -> _T:
    """The row, or NotFound with a sentence ("That drawing no longer exists.")."""
    obj = session.get(cls, obj_id)
    if obj is None:
        raise NotFound(_(GONE.get(cls.__name__, _GONE_RECORD)))
    return obj


def next_position(session: Session, cls: Any, **where: Any) -> int:
    q = select(func.coalesce(func.max(cls.position), -1))
    for k, v in where.items():
        q = q.where(getattr(cls, k) == v)
    return int(session.scalar(q)) + 1
