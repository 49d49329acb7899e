"""Commands for the assessment's chronology: what happened, when, who told us and what it told
us.

Each command is one unit of work (`store.session(command="chronology.<name>")`), one changeset
that undo can revert. Editing an event is autosaved as typed (coalesce=True).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules_map as rules
from ..i18n import N_, _
from ..store.engine import Store
from ..store.errors import NotFound


def _event(session: Session, event_id: int) -> m.ChronologyEvent:
    ev = session.get(m.ChronologyEvent, event_id)
    if ev is None:
        raise NotFound(_("That event is no longer in the chronology."))
    return ev


def _check(occurred_on: date | None, title: str | None, detail: str | None,
           source: str | None, learned: str | None) -> None:
    if occurred_on is not None and (isinstance(occurred_on, datetime)
                                    or not isinstance(occurred_on, date)):
        raise ValueError(_("When it happened is a day, without a time."))
    if title is not None:
        rules.check_length(title, rules.MAX_EVENT_TITLE, N_("what happened, in a few words,"))
    if source is not None:
        rules.check_length(source, rules.MAX_EVENT_SOURCE, N_("who told us"))
    if detail is not None:
        rules.check_length(detail, rules.MAX_LONG_TEXT, N_("the note of what happened"))
    if learned is not None:
        rules.check_length(learned, rules.MAX_LONG_TEXT, N_("what it told us"))


def add(store: Store, family_id: int, occurred_on: date, title: str = "", *,
        detail: str = "", source: str = "", learned: str = "") -> int:
    """Add an event to the chronology. Returns its id."""
    _check(occurred_on, title, detail, source, learned)
    with store.session(command="chronology.add") as s:
        if s.get(m.Family, family_id) is None:
            raise NotFound(_("That family is no longer there."))
        c = m.ChronologyEvent(family_id=family_id, occurred_on=occurred_on, title=title,
                              detail=detail, source=source, learned=learned,
                              author=store.actor)
        s.add(c)
        s.flush()
        return c.id


def edit(store: Store, event_id: int, *, occurred_on: date | None = None,
         title: str | None = None, detail: str | None = None, source: str | None = None,
         learned: str | None = None) -> None:
    """Autosave an event: only the fields given (not None) change."""
    _check(occurred_on, title, detail, source, learned)
    fields = {"occurred_on": occurred_on, "title": title, "detail": detail, "source": source,
              "learned": learned}
    with store.session(command="chronology.edit", coalesce=True) as s:
        ev = _event(s, event_id)
        for name, value in fields.items():
            if value is not None and getattr(ev, name) != value:
                setattr(ev, name, value)


def remove(store: Store, event_id: int) -> None:
    """Take an event out of the chronology (undo brings it back)."""
    with store.session(command="chronology.remove") as s:
        s.delete(_event(s, event_id))
