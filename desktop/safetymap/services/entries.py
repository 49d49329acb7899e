"""Commands for the safety map: its entries (harm, worries, what's working well, goals, next
steps...), whose view each one is, who agrees or disagrees, and which worry a goal answers.

Every command is one unit of work (`store.session(command="entries.<name>")`), recorded by the
store as one changeset that undo can revert. Text edits are autosaved: they run with
coalesce=True, so a burst of typing into one field is one changeset. A broken rule
(domain/rules_map.py) is refused with a sentence (ValueError) and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules as people_rules
from ..domain import rules_map as rules
from ..domain.names import initials, kinship_word, name_words, short_name
from ..i18n import N_, _
from ..store.engine import Store
from ..store.errors import NotFound

_T = TypeVar("_T")

#: the sentence when a kind of record is gone (its English; said in the screens' language)
_GONE = {"Family": N_("That family is no longer there."),
         "MapEntry": N_("That entry is no longer there."),
         "Person": N_("That person is no longer there."),
         "EntryStance": N_("That stance is no longer there.")}
_GONE_RECORD = N_("That record is no longer there.")


def _get(session: Session, cls: type[_T], obj_id: int) -> _T:
    obj = session.get(cls, obj_id)
    if obj is None:
        raise NotFound(_(_GONE.get(cls.__name__, _GONE_RECORD)))
    return obj


def _next_position(session: Session, family_id: int, area: m.MapArea) -> int:
    q = select(func.coalesce(func.max(m.MapEntry.position), -1)).where(
        m.MapEntry.family_id == family_id, m.MapEntry.area == area)
    top = session.scalar(q)
    return int(top if top is not None else -1) + 1


def _area(area: m.MapArea | str) -> m.MapArea:
    try:
        return m.MapArea(area)
    except ValueError:
        raise ValueError(_("That is not one of the parts of the map.")) from None


def _check_person(session: Session, family_id: int, person_id: int | None) -> None:
    if person_id is not None:
        rules.check_same_family(family_id, _get(session, m.Person, person_id).family_id,
                                N_("that person"))


# --- the worry statement ---------------------------------------------------------------------


def compose_worry(who: str, behaviour: str, situation: str, impact: str) -> str:
    """The worry-statement shape from PRACTICE.md: who is worried, about what behaviour, in what
    situation, and what could happen to the child. Returns a sentence the worker then edits;
    empty parts are simply left out (prompts are never mandatory)."""
    who, behaviour, situation, impact = (
        x.strip().rstrip(".") for x in (who, behaviour, situation, impact)
    )
    body = " ".join(x for x in (behaviour, situation) if x)
    # Composed in the screens' language (the sentence becomes the worker's own words, as they
    # would write it): Welsh "Mae Ceri yn poeni bod ..., a bod ..." (domain/worry_people.py
    # reads both languages' lead-ins). The worker's answers are never translated.
    if who:
        plural = " and " in who or who.lower() in {"we", "they", "you"}
        if body:
            sentence = (_("{who} are worried that {what}") if plural
                        else _("{who} is worried that {what}")).format(who=who, what=body)
        else:
            sentence = (_("{who} are worried") if plural
                        else _("{who} is worried")).format(who=who)
    else:
        sentence = body
    if impact:
        sentence = _("{worry}, and that {impact}").format(worry=sentence, impact=impact) \
            if sentence else impact
    sentence = sentence.strip()
    return sentence[:1].upper() + sentence[1:] + "." if sentence else ""


# --- who an entry names ------------------------------------------------------------------------

Person = Mapping[str, Any]  # a person of the family document (services/document.py)


def ways_to_name(person: Person) -> list[str]:
    """What someone may be called when typed: "Sarah Hughes", "Sarah", "Hughes", "SH", and a
    kinship word from the relationship ("Mum", "Nan"). Nothing else is guessed."""
    name = " ".join(str(person.get("name") or "").split())
    marks = initials(name)
    out = [name, short_name(name), *name_words(name), marks if len(marks) > 1 else "",
           kinship_word(str(person.get("relationship") or ""))]
    return list(dict.fromkeys(x for x in out if x))


def match_person(people: Sequence[Person], text: str, *, partial: bool = False) -> Person | None:
    """The one person `text` names: a whole name, first name, surname, initials or kinship word
    (any case). With `partial`, also the start of one of those ("Tom" is Tomasz) when it fits
    one person only. None when it names nobody, or more than one person."""
    typed = " ".join(text.split()).casefold()
    if not typed:
        return None
    whole = [p for p in people if typed in {w.casefold() for w in ways_to_name(p)}]
    if whole or not partial:
        return whole[0] if len(whole) == 1 else None
    starts = [p for p in people if any(w.casefold().startswith(typed) for w in ways_to_name(p))]
    return starts[0] if len(starts) == 1 else None


_JOINER = re.compile(r"\s*(?:,\s*(?:(?:and|with)\s+)?|\s+(?:and|with|&|\+)\s+)", re.IGNORECASE)


def leading_people(text: str, people: Sequence[Person]) -> list[Person]:
    """The people a sentence starts by naming: "Tomasz will go to the group" -> [Tomasz],
    "Sarah and Gwen will..." -> [Sarah, Gwen]. A sentence that starts otherwise ("Book a meeting
    with Gwen") names nobody as the one who does it: []."""
    rest = text.lstrip()
    found: list[Person] = []
    while True:
        best: tuple[int, Person] | None = None
        for p in people:
            for w in ways_to_name(p):
                n = len(w)
                same = rest[:n] == w if w.isupper() else rest[:n].casefold() == w.casefold()
                if same and (len(rest) == n or not (
                        rest[n].isalnum() or rest[n] in "-'\u2019")) \
                        and (best is None or n > best[0]):
                    best = (n, p)
        if best is None:
            return found
        if all(f is not best[1] for f in found):
            found.append(best[1])
        rest = rest[best[0]:]
        joined = _JOINER.match(rest)
        if joined is None:
            return found
        rest = rest[joined.end():]


# --- adding, removing, moving ----------------------------------------------------------------


def add(store: Store, family_id: int, area: m.MapArea | str, text: str = "", *,
        view_person_id: int | None = None, view_label: str = "", child_text: str = "",
        worry_who: str = "", worry_behaviour: str = "", worry_situation: str = "",
        worry_impact: str = "", paired_worry_id: int | None = None, step_who: str = "",
        agreed_date: date | None = None, resolved_at: datetime | None = None) -> int:
    """Add an entry at the end of its part of the map. Returns its id."""
    a = _area(area)
    rules.check_entry_text(text)
    rules.check_length(child_text, rules.MAX_ENTRY_TEXT, N_("the line for the children"))
    for part in (worry_who, worry_behaviour, worry_situation, worry_impact):
        rules.check_length(part, rules.MAX_WORRY_PART, N_("one part of the worry statement"))
    rules.check_length(step_who, rules.MAX_STEP_WHO, N_("who will do it"))
    rules.check_length(view_label, 200, N_("whose view it is"))
    with store.session(command="entries.add") as s:
        _get(s, m.Family, family_id)
        _check_person(s, family_id, view_person_id)
        e = m.MapEntry(
            family_id=family_id, area=a, text=text, view_person_id=view_person_id,
            view_label=view_label, child_text=child_text, worry_who=worry_who,
            worry_behaviour=worry_behaviour, worry_situation=worry_situation,
            worry_impact=worry_impact, step_who=step_who, agreed_date=agreed_date,
            resolved_at=resolved_at, position=_next_position(s, family_id, a),
            author=store.actor,
        )
        s.add(e)
        s.flush()
        if paired_worry_id is not None:
            _pair(s, e, paired_worry_id)
        return e.id


def remove(store: Store, entry_id: int) -> None:
    """Take an entry off the map (its stances go with it; undo brings both back)."""
    with store.session(command="entries.remove") as s:
        s.delete(_get(s, m.MapEntry, entry_id))


def move(store: Store, entry_id: int, index: int) -> None:
    """Put an entry at place `index` (0 = first) among the entries of its own part of the map."""
    with store.session(command="entries.move") as s:
        e = _get(s, m.MapEntry, entry_id)
        rows = list(s.scalars(select(m.MapEntry).where(
            m.MapEntry.family_id == e.family_id, m.MapEntry.area == e.area)
            .order_by(m.MapEntry.position, m.MapEntry.id)))
        rows.remove(e)
        rows.insert(max(0, min(int(index), len(rows))), e)
        for i, row in enumerate(rows):
            if row.position != i:
                row.position = i


# --- editing ---------------------------------------------------------------------------------


def edit(store: Store, entry_id: int, *, text: str | None = None,
         child_text: str | None = None, worry_who: str | None = None,
         worry_behaviour: str | None = None, worry_situation: str | None = None,
         worry_impact: str | None = None, step_who: str | None = None) -> None:
    """Autosave the words of an entry: only the fields given (not None) change. A burst of
    typing into one field is one changeset (coalesce)."""
    if text is not None:
        rules.check_entry_text(text)
    if child_text is not None:
        rules.check_length(child_text, rules.MAX_ENTRY_TEXT, N_("the line for the children"))
    for part in (worry_who, worry_behaviour, worry_situation, worry_impact):
        if part is not None:
            rules.check_length(part, rules.MAX_WORRY_PART, N_("one part of the worry statement"))
    if step_who is not None:
        rules.check_length(step_who, rules.MAX_STEP_WHO, N_("who will do it"))
    fields = {"text": text, "child_text": child_text, "worry_who": worry_who,
              "worry_behaviour": worry_behaviour, "worry_situation": worry_situation,
              "worry_impact": worry_impact, "step_who": step_who}
    with store.session(command="entries.edit", coalesce=True) as s:
        e = _get(s, m.MapEntry, entry_id)
        for name, value in fields.items():
            if value is not None and getattr(e, name) != value:
                setattr(e, name, value)


def set_view(store: Store, entry_id: int, *, person_id: int | None = None, label: str = "",
             new_person_name: str | None = None,
             new_person_role: m.PersonRole | str = m.PersonRole.NETWORK,
             join: int | None = None) -> int | None:
    """Whose view the entry is: one of the family's people (`person_id`), a label ("Worker",
    "school"), or a person added now (`new_person_name`, in the same changeset, so one undo
    takes both away). `join`: the changeset of the typing that named them (the worry's "Who
    is worried"), to go into while it is still the newest (store.session). Returns the view's
    person id (None for a label)."""
    rules.check_length(label, 200, N_("whose view it is"))
    with store.session(command="entries.set_view", join=join) as s:
        e = _get(s, m.MapEntry, entry_id)
        if new_person_name is not None:
            name = new_person_name.strip()
            if not name:
                raise ValueError(_("Write the new person's name first."))
            rules.check_length(name, 300, N_("the person's name"))
            position = s.scalar(select(func.coalesce(func.max(m.Person.position), -1)).where(
                m.Person.family_id == e.family_id))
            role = m.PersonRole(new_person_role)
            p = m.Person(family_id=e.family_id, name=name, role=role,
                         in_household=people_rules.lives_at_home(role.value, None),
                         position=int(position if position is not None else -1) + 1,
                         author=store.actor)
            s.add(p)
            s.flush()
            person_id, label = p.id, ""
        _check_person(s, e.family_id, person_id)
        e.view_person_id = person_id
        e.view_label = "" if person_id is not None else label
        return person_id


def set_resolved(store: Store, entry_id: int, resolved: bool) -> None:
    """Mark an entry resolved (now) or not resolved."""
    with store.session(command="entries.set_resolved") as s:
        e = _get(s, m.MapEntry, entry_id)
        if resolved and e.resolved_at is None:
            e.resolved_at = m.utcnow()
        elif not resolved and e.resolved_at is not None:
            e.resolved_at = None


def set_agreed_date(store: Store, entry_id: int, agreed: date | None) -> None:
    """The date agreed with the family for a next step (a promise, never a deadline), or none.
    Autosaved as the date is changed (coalesced: stepping through the days is one step)."""
    if agreed is not None and (isinstance(agreed, datetime) or not isinstance(agreed, date)):
        raise ValueError(_("An agreed date is a day, without a time."))
    with store.session(command="entries.set_agreed_date", coalesce=True) as s:
        e = _get(s, m.MapEntry, entry_id)
        if e.agreed_date != agreed:
            e.agreed_date = agreed


def _pair(s: Session, goal: m.MapEntry, worry_id: int | None) -> None:
    if worry_id is None:
        goal.paired_worry_id = None
        return
    worry = s.get(m.MapEntry, worry_id)
    if worry is None:
        raise NotFound(_("That worry is no longer there."))
    rules.check_pairing(goal.id, goal.area.value, goal.family_id, worry.id, worry.area.value,
                        worry.family_id)
    goal.paired_worry_id = worry.id


def pair_with_worry(store: Store, goal_id: int, worry_id: int | None) -> None:
    """Say which worry statement a safety goal answers (None: not paired yet)."""
    with store.session(command="entries.pair_with_worry") as s:
        _pair(s, _get(s, m.MapEntry, goal_id), worry_id)


# --- who agrees ------------------------------------------------------------------------------


def _find_stance(entry: m.MapEntry, person_id: int | None, label: str) -> m.EntryStance | None:
    for st in entry.stances:
        if person_id is not None and st.person_id == person_id:
            return st
        if person_id is None and st.person_id is None and label and st.label == label:
            return st
    return None


def set_stance(store: Store, entry_id: int, stance: m.Stance | str, *,
               person_id: int | None = None, label: str = "", note: str | None = None) -> int:
    """Record that someone agrees, disagrees or is unsure about an entry (one stance per person
    or label). `note` None keeps what they said. Returns the stance's id."""
    try:
        value = m.Stance(stance)
    except ValueError:
        raise ValueError(_("A stance is 'agrees', 'disagrees' or 'unsure'.")) from None
    rules.check_stance_holder(person_id, label)
    if note is not None:
        rules.check_length(note, rules.MAX_ENTRY_TEXT, N_("what they said"))
    with store.session(command="entries.set_stance") as s:
        entry = _get(s, m.MapEntry, entry_id)
        _check_person(s, entry.family_id, person_id)
        st = _find_stance(entry, person_id, label)
        if st is None:
            st = m.EntryStance(entry_id=entry_id, person_id=person_id,
                               label="" if person_id is not None else label, stance=value,
                               note=note or "", author=store.actor)
            s.add(st)
        else:
            st.stance = value
            if note is not None:
                st.note = note
        s.flush()
        return st.id


def set_stance_note(store: Store, entry_id: int, note: str, *, person_id: int | None = None,
                    label: str = "") -> None:
    """Autosave what someone said about an entry into their stance (coalesced like typing).
    Refused when they have no stance on it yet."""
    rules.check_length(note, rules.MAX_ENTRY_TEXT, N_("what they said"))
    with store.session(command="entries.set_stance_note", coalesce=True) as s:
        entry = _get(s, m.MapEntry, entry_id)
        st = _find_stance(entry, person_id, label)
        if st is None:
            raise ValueError(_("Choose whether they agree first; then what they said is kept "
                               "with it."))
        if st.note != note:
            st.note = note


def remove_stance(store: Store, entry_id: int, *, person_id: int | None = None,
                  label: str = "") -> bool:
    """Take away someone's stance on an entry. Returns False when they had none."""
    with store.session(command="entries.remove_stance") as s:
        st = _find_stance(_get(s, m.MapEntry, entry_id), person_id, label)
        if st is None:
            return False
        s.delete(st)
        return True


__all__ = ["add", "compose_worry", "edit", "leading_people", "match_person", "move",
           "pair_with_worry", "remove", "remove_stance", "set_agreed_date", "set_resolved",
           "set_stance", "set_stance_note", "set_view", "ways_to_name"]
