"""Use cases about families as a whole: list, find, create, archive, load, search.

Everything returned is plain data (dataclasses and dicts), never an ORM object bound to a session,
so the UI and the exporters never hold a database session.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import model as m
from ..domain.language import check_language
from ..i18n import _
from ..store import search as fts
from ..store.engine import Store
from ..store.errors import Ambiguous, NotFound


@dataclass(frozen=True)
class FamilySummary:
    id: int
    uid: str
    display_name: str
    last_change: datetime
    children: tuple[str, ...]
    template_id: str
    archived: bool
    #: the family's preferred language (domain/language.py), "" when nobody has asked yet
    language: str = ""


def list_families(store: Store, *, include_archived: bool = False,
                  only_ids: Collection[int] | None = None) -> list[FamilySummary]:
    """Families, most recently changed first."""
    with store.session() as s:
        q = select(m.Family)
        if not include_archived:
            q = q.where(m.Family.archived_at.is_(None))
        if only_ids is not None:
            q = q.where(m.Family.id.in_(only_ids))
        families = s.scalars(q).all()
        kids: dict[int, list[str]] = {}
        kid_q = (
            select(m.Person.family_id, m.Person.name)
            .where(m.Person.role == m.PersonRole.CHILD)
            .order_by(m.Person.position, m.Person.id)
        )
        if only_ids is not None:
            kid_q = kid_q.where(m.Person.family_id.in_(only_ids))
        for fid, name in s.execute(kid_q):
            kids.setdefault(int(fid), []).append(name)
        out = [
            FamilySummary(
                id=f.id,
                uid=f.uid,
                display_name=f.display_name,
                last_change=f.updated_at,
                children=tuple(kids.get(f.id, [])),
                template_id=f.template_id,
                archived=f.archived_at is not None,
                language=f.language,
            )
            for f in families
        ]
    out.sort(key=lambda f: f.last_change, reverse=True)
    return out


def search_families(store: Store, text: str, *, include_archived: bool = False) -> list[FamilySummary]:
    """Families whose names, people or map text match, most recently changed first."""
    if not text.strip():
        return list_families(store, include_archived=include_archived)
    with store.engine.connect() as conn:
        ids = fts.search_family_ids(conn, text)
    return list_families(store, include_archived=include_archived, only_ids=ids)


def resolve_family(store: Store, ref: str) -> int:
    """FAMILY on the command line: an id, or a name that matches exactly one family."""
    with store.session() as s:
        if ref.strip().isdigit():
            fam = s.get(m.Family, int(ref))
            if fam is None:
                raise NotFound(f"There is no family with id {ref}; 'safetymap families' lists them.")
            return fam.id
        wanted = ref.strip().casefold()
        matches = [
            f.id for f in s.scalars(select(m.Family)) if f.display_name.strip().casefold() == wanted
        ]
    if not matches:
        raise NotFound("No family has that name; 'safetymap families' lists them.")
    if len(matches) > 1:
        raise Ambiguous("More than one family has that name; use the id from 'safetymap families'.")
    return matches[0]


def create_family(store: Store, display_name: str, template_id: str = "child-protection") -> int:
    name = display_name.strip()
    if not name:
        raise ValueError(_("A family needs a name."))
    with store.session(command="families.create") as s:
        fam = m.Family(display_name=name, template_id=template_id, author=store.actor)
        fam.assessment = m.Assessment(author=store.actor)
        fam.safety_plan = m.SafetyPlan(content={}, author=store.actor)
        s.add(fam)
        s.flush()
        return fam.id


def set_language(store: Store, family_id: int, language: str, note: str = "") -> None:
    """The language the family prefers: "cy", "en", "other" (say which in `note`, and any
    interpreter) or "" (not asked yet). Documents for the family default to it."""
    code, note = check_language(language, note)
    with store.session(command="families.set_language", coalesce=True) as s:
        fam = s.get(m.Family, family_id)
        if fam is None:
            raise NotFound(_("That family no longer exists."))
        fam.language, fam.language_note = code, note


def set_archived(store: Store, family_id: int, archived: bool) -> None:
    with store.session(command="families.set_archived") as s:
        fam = s.get(m.Family, family_id)
        if fam is None:
            raise NotFound(_("That family no longer exists."))
        fam.archived_at = m.utcnow() if archived else None


def family_query(family_id: int) -> Any:
    """One query that loads a whole family with every related row (no lazy loads later)."""
    return (
        select(m.Family)
        .where(m.Family.id == family_id)
        .options(
            selectinload(m.Family.people).selectinload(m.Person.contacts),
            selectinload(m.Family.visits).selectinload(m.Visit.attendance),
            selectinload(m.Family.entries).selectinload(m.MapEntry.stances),
            selectinload(m.Family.scores),
            selectinload(m.Family.house_entries),
            selectinload(m.Family.words_and_pictures),
            selectinload(m.Family.attachments),
            selectinload(m.Family.safety_plan),
            selectinload(m.Family.plan_versions),
            selectinload(m.Family.assessment),
            selectinload(m.Family.child_relations),
            selectinload(m.Family.safety_decisions),
            selectinload(m.Family.chronology),
            selectinload(m.Family.supervisions),
        )
    )


def load_family(store: Store, family_id: int) -> dict[str, Any]:
    """Everything held about one family, as the documented export document (schema v1)."""
    from ..export.common import worker as case_worker
    from ..practice.templates import get_template
    from .document import family_document
    from .profile import get_profile, help_block

    with store.session() as s:
        fam = s.scalars(family_query(family_id)).first()
        if fam is None:
            raise NotFound(_("There is no family with id {id}.").format(id=family_id))
        doc = family_document(fam)
    profile = get_profile(store)
    doc["worker_profile"] = profile.to_json() if profile.is_set else None
    doc["help"] = help_block(profile, get_template(doc["family"]["template_id"]),
                             case_worker(doc))
    return doc
