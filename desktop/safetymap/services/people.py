"""Commands on the family's people: add, rename and change a person, remove them (saying first
what goes with them), their addresses and phone numbers, and how each child knows each person.

Every command is one unit of work (`store.session(command="people.<name>")`), so the store
records it as one changeset and undo puts it back whole. Text fields typed into a box
(rename, the relationship, how they help, the organisation, a contact's label and value)
coalesce, so a burst of typing is one changeset. A broken rule is refused with a sentence
(ValueError) and changes nothing; the rules themselves are in domain/rules.py.
"""

from __future__ import annotations

import enum
import unicodedata
from datetime import date
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain import rules
from ..domain.language import check_language
from ..domain.names import initials
from ..domain.names import short_name as first_name
from ..i18n import N_, _
from ..store.engine import Store
from .rows import get, next_position

#: the longest wording kept for what a child calls someone
KNOWN_AS_MAX = 200


class _Keep(enum.Enum):
    KEEP = "keep"


#: "leave this as it is" for a keyword argument of `update` whose value may itself be None
KEEP: Final = _Keep.KEEP


def _role(role: m.PersonRole | str) -> m.PersonRole:
    return rules.one_of(m.PersonRole, role, N_("That is not one of the roles: child, parent or "
                        "carer, safety network, or professional."))


def _kind(kind: m.ContactKind | str) -> m.ContactKind:
    return rules.one_of(m.ContactKind, kind, N_("A contact detail is a phone number, an address, "
                        "an email or another kind."))


def _closeness(value: int | None) -> int | None:
    if value is not None and value not in (1, 2, 3):
        raise ValueError(_("The circles are 1 (closest), 2 and 3 (outer)."))
    return value


def _age(value: int | None) -> int | None:
    if value is not None and not 0 <= int(value) <= 120:
        raise ValueError(_("An age is a whole number of years from 0 to 120."))
    return None if value is None else int(value)


# --- people -----------------------------------------------------------------------------------


def add(store: Store, family_id: int, name: str, role: m.PersonRole | str,
        relationship: str = "", *, age_years: int | None = None,
        date_of_birth: date | None = None, in_household: bool | None = None,
        closeness: int | None = None, network_role: str = "", organisation: str = "",
        confidential: bool = False, details_confidential: bool = False) -> int:
    """Add a person to the family. A child lives at home unless `in_household=False` says
    otherwise (domain/rules.lives_at_home). Returns the new person's id."""
    name = name.strip()
    if not name:
        raise ValueError(_("A person needs a name to be added. Type their name first."))
    the_role = _role(role)
    with store.session(command="people.add") as s:
        get(s, m.Family, family_id)
        p = m.Person(
            family_id=family_id,
            name=name,
            role=the_role,
            relationship_label=relationship.strip(),
            age_years=_age(age_years),
            date_of_birth=date_of_birth,
            in_household=rules.lives_at_home(the_role.value, in_household),
            closeness=_closeness(closeness),
            network_role=network_role,
            organisation=organisation,
            confidential=bool(confidential),
            details_confidential=bool(details_confidential),
            position=next_position(s, m.Person, family_id=family_id),
            author=store.actor,
        )
        s.add(p)
        s.flush()
        return p.id


def rename(store: Store, person_id: int, name: str) -> None:
    """The person's name as typed (autosaved: a burst of typing is one changeset), kept as
    typed so the box is never rewritten under the cursor. An empty name is kept while the
    worker types; the screens show "(no name yet)"."""
    with store.session(command="people.rename", coalesce=True) as s:
        get(s, m.Person, person_id).name = name


def set_language(store: Store, person_id: int, language: str, note: str = "") -> None:
    """The language this person prefers, as `families.set_language` (a parent may prefer
    Welsh in an English-speaking household; a grandparent may need an interpreter)."""
    code, note = check_language(language, note)
    with store.session(command="people.set_language", coalesce=True) as s:
        p = get(s, m.Person, person_id)
        p.language, p.language_note = code, note


#: typed into a box (an age is typed digit by digit): a burst of them is one changeset
_TEXT_FIELDS = ("relationship", "network_role", "organisation", "age_years")


def update(store: Store, person_id: int, *,
           relationship: str | _Keep = KEEP,
           role: m.PersonRole | str | _Keep = KEEP,
           age_years: int | None | _Keep = KEEP,
           date_of_birth: date | None | _Keep = KEEP,
           in_household: bool | _Keep = KEEP,
           closeness: int | None | _Keep = KEEP,
           network_role: str | _Keep = KEEP,
           organisation: str | _Keep = KEEP,
           confidential: bool | _Keep = KEEP,
           details_confidential: bool | _Keep = KEEP) -> None:
    """Change what is recorded about a person; arguments left as KEEP are not changed. When
    only typed parts change (relationship, how they help, organisation, age) it coalesces with
    the typing before it (autosave)."""
    given: dict[str, Any] = {k: v for k, v in {
        "relationship": relationship, "role": role, "age_years": age_years,
        "date_of_birth": date_of_birth, "in_household": in_household, "closeness": closeness,
        "network_role": network_role, "organisation": organisation,
        "confidential": confidential, "details_confidential": details_confidential,
    }.items() if not isinstance(v, _Keep)}
    if not given:
        return
    values: dict[str, Any] = {}
    for k, v in given.items():
        if k == "role":
            values["role"] = _role(v)
        elif k == "age_years":
            values["age_years"] = _age(v)
        elif k == "closeness":
            values["closeness"] = _closeness(v)
        elif k == "relationship":
            values["relationship_label"] = str(v)
        elif k in ("in_household", "confidential", "details_confidential"):
            values[k] = bool(v)
        else:
            values[k] = v
    coalesce = set(given) <= set(_TEXT_FIELDS)
    with store.session(command="people.update", coalesce=coalesce) as s:
        p = get(s, m.Person, person_id)
        for k, v in values.items():
            setattr(p, k, v)


def remove(store: Store, person_id: int) -> None:
    """Remove a person. What goes with them (their contact details, a child's Three Houses,
    their ticks at visits, how children know them) goes by the foreign keys' cascade, and the
    store records it in the same changeset, so undo brings it all back. Say
    `removal_summary` to the person first."""
    with store.session(command="people.remove") as s:
        s.delete(get(s, m.Person, person_id))


def _count(s: Session, q: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(q.subquery())) or 0)


def _n(count: int, one: str, many: str) -> str:
    return f"1 {one}" if count == 1 else f"{count} {many}"


def removal_summary(store: Store, person_id: int) -> list[str]:
    """What goes with this person when they are removed, in plain words, one sentence each:
    first what is removed with them, then what stays but will no longer be linked to them.
    Empty when nothing else is recorded about them."""
    with store.session() as s:
        p = get(s, m.Person, person_id)
        who = first_name(p.name.strip()) or "this person"
        whose = f"{who}'s" if who != "this person" else "their"
        gone: list[str] = []
        houses = _count(s, select(m.ThreeHousesEntry.id)
                        .where(m.ThreeHousesEntry.child_id == person_id))
        if houses:
            gone.append(f"{whose} Three Houses ({_n(houses, 'entry', 'entries')})")
        contacts = _count(s, select(m.ContactDetail.id)
                          .where(m.ContactDetail.person_id == person_id))
        if contacts:
            gone.append(_n(contacts, "address or phone number", "addresses and phone numbers"))
        visits = _count(s, select(m.VisitAttendance.id)
                        .where(m.VisitAttendance.person_id == person_id))
        if visits:
            what = "was seen" if p.role == m.PersonRole.CHILD else "was there"
            gone.append(f"whether {who} {what} at {_n(visits, 'visit', 'visits')}")
        rel = m.ChildRelation
        calls = _count(s, select(rel.id).where(rel.child_id == person_id, rel.known_as != ""))
        if calls:
            gone.append(f"what {who} calls {_n(calls, 'person', 'people')}")
        helpers = _count(s, select(rel.id).where(rel.child_id == person_id, rel.helper.is_(True)))
        if helpers:
            gone.append(f"{whose} 'who helps keep me safe' list "
                        f"({_n(helpers, 'person', 'people')})")
        called = _count(s, select(rel.id).where(rel.person_id == person_id, rel.known_as != ""))
        if called:
            gone.append(f"what {_n(called, 'child calls', 'children call')} {who}")
        listed = _count(s, select(rel.id).where(rel.person_id == person_id,
                                                rel.helper.is_(True)))
        if listed:
            gone.append(f"{whose} place on {_n(listed, 'child', 'children')}'s 'who helps "
                        "keep me safe' " + ("list" if listed == 1 else "lists"))
        kept: list[str] = []
        scores = _count(s, select(m.Score.id).where(m.Score.person_id == person_id))
        if scores:
            kept.append(_n(scores, "score", "scores"))
        views = _count(s, select(m.MapEntry.id).where(m.MapEntry.view_person_id == person_id))
        if views:
            kept.append(_n(views, "map entry", "map entries") + f" given as {whose} view")
        stances = _count(s, select(m.EntryStance.id)
                         .where(m.EntryStance.person_id == person_id))
        if stances:
            kept.append(_n(stances, "agreement or disagreement", "agreements and disagreements")
                        + " on the map")
        words = _count(s, select(m.WordsAndPictures.id)
                       .where(m.WordsAndPictures.child_id == person_id))
        if words:
            kept.append(f"{whose} Words and Pictures story")
        drawings = _count(s, select(m.Attachment.id).where(m.Attachment.child_id == person_id))
        if drawings:
            kept.append(_n(drawings, "drawing", "drawings"))
        plan = s.scalars(select(m.SafetyPlan.content)
                         .where(m.SafetyPlan.family_id == p.family_id)).first()
        named = _mentions(plan, p.uid)
    out: list[str] = []
    if gone:
        out.append(f"Removing {who} also removes {_and(gone)}.")
    if kept:
        out.append(f"These stay, but will no longer be linked to {who}: {_and(kept)}.")
    if named:
        out.append(f"The safety plan names {who} in {_n(named, 'place', 'places')}; "
                   "those places will name no one.")
    return out


def removal_question(store: Store, person_id: int) -> str:
    """The whole text of the "remove this person?" question, in plain words."""
    with store.session() as s:
        name = get(s, m.Person, person_id).name.strip() or "this person"
    summary = removal_summary(store, person_id) or ["Nothing else is recorded about them."]
    # one thought per paragraph: the question, what goes, what stays, that undo brings it back
    return "\n\n".join([f"Remove {name} from this family?", *summary,
                        "Undo brings it all back."])


def _mentions(value: Any, uid: str) -> int:
    """How many times the plan's JSON names this person (by uid: network roles, who makes
    sure of a rule)."""
    if isinstance(value, str):
        return int(value == uid)
    if isinstance(value, dict):
        return sum(_mentions(v, uid) for v in value.values())
    if isinstance(value, list):
        return sum(_mentions(v, uid) for v in value)
    return 0


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- addresses and phone numbers --------------------------------------------------------------


def add_contact(store: Store, person_id: int, kind: m.ContactKind | str, value: str = "", *,
                label: str = "", confidential: bool = False, safe_to_share: bool = False,
                safe_for_children: bool = False) -> int:
    """An address or phone number for a person. "Not for the family's copy" cannot go with
    either safe marking (refused with a sentence)."""
    rules.check_contact_markings(confidential, safe_to_share, safe_for_children)
    the_kind = _kind(kind)
    with store.session(command="people.add_contact") as s:
        get(s, m.Person, person_id)
        c = m.ContactDetail(person_id=person_id, kind=the_kind, value=value, label=label,
                            confidential=bool(confidential), safe_to_share=bool(safe_to_share),
                            safe_for_children=bool(safe_for_children), author=store.actor)
        s.add(c)
        s.flush()
        return c.id


def update_contact(store: Store, contact_id: int, *, kind: m.ContactKind | str | None = None,
                   label: str | None = None, value: str | None = None,
                   confidential: bool | None = None, safe_to_share: bool | None = None,
                   safe_for_children: bool | None = None) -> None:
    """Change a contact detail; arguments left as None are not changed. The markings as they
    would be afterwards must not contradict each other (refused with a sentence, nothing
    changes): tick "not for the family's copy" together with safe_to_share=False and
    safe_for_children=False. Only the label and the value changed: coalesces (typing)."""
    the_kind = _kind(kind) if kind is not None else None
    typing = the_kind is None and confidential is None and safe_to_share is None \
        and safe_for_children is None
    with store.session(command="people.update_contact", coalesce=typing) as s:
        c = get(s, m.ContactDetail, contact_id)
        after = (c.confidential if confidential is None else bool(confidential),
                 c.safe_to_share if safe_to_share is None else bool(safe_to_share),
                 c.safe_for_children if safe_for_children is None else bool(safe_for_children))
        rules.check_contact_markings(*after)  # raises before anything is written
        if the_kind is not None:
            c.kind = the_kind
        if label is not None:
            c.label = label
        if value is not None:
            c.value = value
        c.confidential, c.safe_to_share, c.safe_for_children = after


def remove_contact(store: Store, contact_id: int) -> None:
    with store.session(command="people.remove_contact") as s:
        s.delete(get(s, m.ContactDetail, contact_id))


# --- how each child knows each person ---------------------------------------------------------


def set_child_relation(store: Store, child_id: int, person_id: int, *,
                       known_as: str | None = None, helper: bool | None = None) -> None:
    """How one child knows one person ("Mum", "Nan", "my teacher Mrs Evans"), and whether that
    person is on the child's own "who helps keep me safe" list. Recorded once per pair; a value
    left as None is not changed. What a child calls someone is typed: it coalesces."""
    if child_id == person_id:
        raise ValueError(_("A child is not on their own list."))
    if known_as is not None and len(known_as) > KNOWN_AS_MAX:
        raise ValueError(_("That is too long for what a child calls someone."))
    with store.session(command="people.set_child_relation", coalesce=helper is None) as s:
        child = get(s, m.Person, child_id)
        person = get(s, m.Person, person_id)
        if child.role != m.PersonRole.CHILD:
            first = first_name(child.name)
            raise ValueError(_("{name} is not one of the children.").format(name=first) if first
                             else _("That person is not one of the children."))
        if person.family_id != child.family_id:
            raise ValueError(_("They are not in the same family."))
        row = s.scalars(select(m.ChildRelation).where(
            m.ChildRelation.child_id == child_id,
            m.ChildRelation.person_id == person_id)).first()
        if row is None:
            row = m.ChildRelation(family_id=child.family_id, child_id=child_id,
                                  person_id=person_id, known_as="", helper=False,
                                  position=next_position(s, m.ChildRelation, child_id=child_id),
                                  author=store.actor)
            s.add(row)
        if known_as is not None:
            row.known_as = known_as.strip()
        if helper is not None:
            row.helper = bool(helper)


def child_relations(store: Store, family_id: int) -> list[dict[str, Any]]:
    """Plain data: every recorded (child, person) pair of the family."""
    with store.session() as s:
        rows = s.scalars(select(m.ChildRelation).where(m.ChildRelation.family_id == family_id)
                         .order_by(m.ChildRelation.child_id, m.ChildRelation.position))
        return [{"child_id": r.child_id, "person_id": r.person_id, "known_as": r.known_as,
                 "helper": r.helper} for r in rows]


# --- queries on the family document's people (plain dicts; no store needed) ------------------

#: the circles: 0 is the children in the middle, then 1 (closest), 2 and 3 (outer)
CIRCLE_WORDS: Final = {0: "In the middle, with the children", 1: "Closest circle",
                       2: "Middle circle", 3: "Outer circle"}


def circle_of(person: dict[str, Any]) -> int:
    """Where a person is drawn in the circles around the children (0 = in the middle).

    A child is in the middle. Otherwise the circle chosen on the People page; with none chosen,
    where their role puts them: a parent or carer at home closest, the safety network in the
    middle circle, a professional in the outer one (anyone else in the middle circle). The
    drawing and the People page's Circle field both read this, so they can never disagree."""
    if person.get("role") == "child":
        return 0
    if person.get("closeness") in (1, 2, 3):
        return int(person["closeness"])
    if person.get("role") == "adult" and person.get("in_household"):
        return 1
    if person.get("role") == "professional":
        return 3
    return 2


def _fold(text: str) -> str:
    """Case and accents left out, spaces collapsed: "  Łukasz  Ŵyn" -> "łukasz wyn"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def find_people(people: list[dict[str, Any]], typed: str) -> list[dict[str, Any]]:
    """The people whose name, relationship or initials match what was typed, best first.

    "Tom" finds Tomasz Kowalski, "kow" Tomasz and Lena Kowalska, "Dad" the person whose
    relationship is Dad, "TK" by initials. Case and accents do not matter ("sion" finds Siôn;
    "Ł" is a letter of its own, not an accented L). Best first: the whole name, initials or relationship typed exactly; then a word
    of the name that starts with it; then a word of the relationship; then a part of the name
    anywhere. Within one kind, the family's own order. An empty text finds nobody."""
    key = _fold(typed)
    if not key:
        return []
    ranked: list[tuple[int, int, dict[str, Any]]] = []
    for i, p in enumerate(people):
        name = _fold(str(p.get("name") or ""))
        rel = _fold(str(p.get("relationship") or ""))
        rel_words = rel.replace("(", " ").replace(")", " ").split()
        inits = _fold(initials(str(p.get("name") or ""))) if name else ""
        words = name.replace("-", " ").split()
        if key in (name, rel) or (len(key) > 1 and key == inits) or (
                rel_words and key == rel_words[0]):
            rank = 0
        elif name.startswith(key) or any(w.startswith(key) for w in words):
            rank = 1
        elif any(w.startswith(key) for w in rel_words):
            rank = 2
        elif key in name:
            rank = 3
        else:
            continue
        ranked.append((rank, i, p))
    return [p for _r, _i, p in sorted(ranked, key=lambda t: (t[0], t[1]))]
