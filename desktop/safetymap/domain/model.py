"""The domain model: one family's case, as the practice describes it (see PRACTICE.md).

Qt-free, SQLAlchemy 2 typed ORM. The shape follows the conversation, not a form:

* Family and its people (children, adults, safety network, professionals), each with contact
  details that carry a confidentiality marking and a "safe to share" marking.
* Visits, with who was present and whether each child was seen and seen alone.
* The map: entries in areas (harm, worry, complicating, strength, existing safety, goal, next step),
  each saying whose view it is, who agrees and who disagrees.
* Scores on the 0-10 scale, one per person per moment, with reasons and the wording used.
* The child's voice: Three Houses, Words and Pictures, attached drawings.
* The safety plan (a working copy plus every agreed version), the one continuous assessment with
  its chronology, supervision records.
* An append-only, hash-chained audit log and an edit history of every entity (see store/history.py).

There are deliberately no deadline or risk-score columns anywhere: see "What the software must
never do" in PRACTICE.md.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from . import names

if TYPE_CHECKING:
    from sqlalchemy.orm import Mapper
    from sqlalchemy.sql import FromClause


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uid() -> str:
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite has no time zones of its own."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


class Tracked:
    """Columns every case entity shares.

    `uid` is a stable identity across stores (bundles, merges); `id` is the fast local key.
    Entities with this mixin get an edit-history row on every insert, update and delete.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    author: Mapped[str] = mapped_column(String(200), default="")

    if TYPE_CHECKING:
        # Every Tracked class is also a mapped Base subclass; say so to the type checker so that
        # code holding a `type[Tracked]` can reach the table, the mapper and the keyword
        # constructor. Nothing here exists at run time (SQLAlchemy never sees it).
        __tablename__: str
        __table__: ClassVar[FromClause]
        __mapper__: ClassVar[Mapper[Any]]

        def __init__(self, **kw: Any) -> None: ...


# --- enumerations -----------------------------------------------------------------------------


class PersonRole(str, enum.Enum):
    CHILD = "child"
    ADULT = "adult"  # a parent or carer in the household or closely involved
    NETWORK = "network"  # safety-network member: the family's own people
    PROFESSIONAL = "professional"


class ContactKind(str, enum.Enum):
    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    OTHER = "other"


class MapArea(str, enum.Enum):
    HARM = "harm"
    WORRY = "worry"  # worry / danger statements
    COMPLICATING = "complicating"
    STRENGTH = "strength"
    EXISTING_SAFETY = "existing_safety"
    GOAL = "goal"  # safety / wellbeing goals, each paired with a worry
    NEXT_STEP = "next_step"


class Stance(str, enum.Enum):
    AGREES = "agrees"
    DISAGREES = "disagrees"
    UNSURE = "unsure"


class House(str, enum.Enum):
    WORRIES = "worries"
    GOOD_THINGS = "good_things"
    DREAMS = "dreams"


# --- family and people ------------------------------------------------------------------------


class Family(Tracked, Base):
    __tablename__ = "families"

    display_name: Mapped[str] = mapped_column(String(300))
    template_id: Mapped[str] = mapped_column(String(100), default="child-protection")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    # The language the family prefers (domain/language.py): "cy", "en", "other" or "" (not
    # asked yet), and a note (which other language; an interpreter). Documents default to it.
    language: Mapped[str] = mapped_column(String(10), default="")
    language_note: Mapped[str] = mapped_column(String(300), default="")

    people: Mapped[list[Person]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Person.position"
    )
    visits: Mapped[list[Visit]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Visit.occurred_at"
    )
    entries: Mapped[list[MapEntry]] = relationship(
        back_populates="family",
        cascade="all, delete-orphan",
        order_by="MapEntry.position",
        foreign_keys="MapEntry.family_id",
    )
    scores: Mapped[list[Score]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Score.scored_at"
    )
    house_entries: Mapped[list[ThreeHousesEntry]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="ThreeHousesEntry.position"
    )
    words_and_pictures: Mapped[list[WordsAndPictures]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )
    safety_plan: Mapped[SafetyPlan | None] = relationship(
        back_populates="family", cascade="all, delete-orphan", uselist=False
    )
    plan_versions: Mapped[list[SafetyPlanVersion]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="SafetyPlanVersion.version"
    )
    assessment: Mapped[Assessment | None] = relationship(
        back_populates="family", cascade="all, delete-orphan", uselist=False
    )
    chronology: Mapped[list[ChronologyEvent]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="ChronologyEvent.occurred_on"
    )
    supervisions: Mapped[list[SupervisionRecord]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="SupervisionRecord.created_at"
    )
    child_relations: Mapped[list[ChildRelation]] = relationship(
        cascade="all, delete-orphan", order_by="ChildRelation.position"
    )
    safety_decisions: Mapped[list[SafetyCheckDecision]] = relationship(
        cascade="all, delete-orphan", order_by="SafetyCheckDecision.id"
    )

    @property
    def children(self) -> list[Person]:
        return [p for p in self.people if p.role == PersonRole.CHILD]


class Person(Tracked, Base):
    __tablename__ = "people"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[PersonRole] = mapped_column(Enum(PersonRole, native_enum=False, length=20))
    relationship_label: Mapped[str] = mapped_column(String(200), default="")  # "Mum", "Nan"
    date_of_birth: Mapped[date | None] = mapped_column(Date, default=None)
    age_years: Mapped[int | None] = mapped_column(Integer, default=None)
    in_household: Mapped[bool] = mapped_column(Boolean, default=False)
    # Safety network drawn as circles around the child: 1 = closest.
    closeness: Mapped[int | None] = mapped_column(Integer, default=None)
    network_role: Mapped[str] = mapped_column(Text, default="")  # "Nan visits every Saturday"
    organisation: Mapped[str] = mapped_column(String(300), default="")  # professionals
    # The person's own name can itself be dangerous to print (a new partner, a refuge worker).
    # A confidential person appears nowhere in the family's documents: not by name, role or
    # organisation.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # "Not for the family's copy" for the organisation and the role (relationship_label) only:
    # "Refuge key worker, Women's refuge" locates a family even when the name may be printed.
    details_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Each person's own preferred language, as the family's (domain/language.py)
    language: Mapped[str] = mapped_column(String(10), default="")
    language_note: Mapped[str] = mapped_column(String(300), default="")

    family: Mapped[Family] = relationship(back_populates="people")
    contacts: Mapped[list[ContactDetail]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="ContactDetail.id"
    )

    @property
    def initials(self) -> str:
        """The one rule (domain/names.py): "Mrs Evans" -> "E"."""
        return names.initials(self.name)


class ContactDetail(Tracked, Base):
    __tablename__ = "contact_details"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ContactKind] = mapped_column(Enum(ContactKind, native_enum=False, length=20))
    label: Mapped[str] = mapped_column(String(200), default="")  # "mobile", "home"
    value: Mapped[str] = mapped_column(Text)
    # True: "not for the family's copy". Never printed in any family-facing document.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # True: may appear even in a --safe-copy document, which otherwise omits contact details.
    safe_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    # True: may be printed in a child's own copy ("who helps keep you safe"). Off by default.
    safe_for_children: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="contacts")


class ChildRelation(Tracked, Base):
    """How one child knows one person ("Mum", "Nan", "my teacher Mrs Evans"), recorded once per
    pair and used in every document and screen, and whether that person is on the child's own
    "who helps keep me safe" list (chosen with the child)."""

    __tablename__ = "child_relations"
    __table_args__ = (UniqueConstraint("child_id", "person_id"),)

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    known_as: Mapped[str] = mapped_column(String(200), default="")
    helper: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    child: Mapped[Person] = relationship(foreign_keys=[child_id])
    person: Mapped[Person] = relationship(foreign_keys=[person_id])


class SafetyCheckDecision(Tracked, Base):
    """The worker's choice for one finding of the safety check (export/safety_check.py): leave
    it out of the family's copy, or "this is fine". Keyed by the finding's normalised text, so
    later prints and new plan versions remember it. The map itself is never rewritten."""

    __tablename__ = "safety_check_decisions"
    __table_args__ = (UniqueConstraint("family_id", "key"),)

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40), default="")
    decision: Mapped[str] = mapped_column(String(10))  # "omit" or "fine"


# --- visits ----------------------------------------------------------------------------------


class Visit(Tracked, Base):
    __tablename__ = "visits"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    place: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    family: Mapped[Family] = relationship(back_populates="visits")
    attendance: Mapped[list[VisitAttendance]] = relationship(
        back_populates="visit", cascade="all, delete-orphan"
    )


class VisitAttendance(Tracked, Base):
    """Who was present at a visit; for children, whether they were seen and seen alone."""

    __tablename__ = "visit_attendance"
    __table_args__ = (UniqueConstraint("visit_id", "person_id"),)

    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    seen: Mapped[bool | None] = mapped_column(Boolean, default=None)
    seen_alone: Mapped[bool | None] = mapped_column(Boolean, default=None)

    visit: Mapped[Visit] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship()


# --- the map ---------------------------------------------------------------------------------


class MapEntry(Tracked, Base):
    """One entry on the safety map.

    `view_person` is whose view it is when that is one of the family's people; `view_label`
    carries the wording ("worker", "school", or a name not yet added as a person).
    """

    __tablename__ = "map_entries"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    area: Mapped[MapArea] = mapped_column(Enum(MapArea, native_enum=False, length=30), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    view_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    view_label: Mapped[str] = mapped_column(String(200), default="")
    # A worry explained in words written for a child: the children's copy uses this (or the
    # Words and Pictures story), never the adults' worry statement.
    child_text: Mapped[str] = mapped_column(Text, default="")
    # Worry-statement builder parts, kept so the sentence can be recomposed.
    worry_who: Mapped[str] = mapped_column(Text, default="")
    worry_behaviour: Mapped[str] = mapped_column(Text, default="")
    worry_situation: Mapped[str] = mapped_column(Text, default="")
    worry_impact: Mapped[str] = mapped_column(Text, default="")
    # A safety goal is paired with the worry statement it answers.
    paired_worry_id: Mapped[int | None] = mapped_column(
        ForeignKey("map_entries.id", ondelete="SET NULL"), default=None
    )
    # Next steps: who does what, and a date agreed with the family (a promise, not a deadline).
    step_who: Mapped[str] = mapped_column(String(300), default="")
    agreed_date: Mapped[date | None] = mapped_column(Date, default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)

    family: Mapped[Family] = relationship(back_populates="entries", foreign_keys=[family_id])
    view_person: Mapped[Person | None] = relationship(foreign_keys=[view_person_id])
    paired_worry: Mapped[MapEntry | None] = relationship(
        remote_side="MapEntry.id", foreign_keys=[paired_worry_id]
    )
    stances: Mapped[list[EntryStance]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )

    @property
    def whose_view(self) -> str:
        if self.view_person is not None:
            return self.view_person.name
        return self.view_label


class EntryStance(Tracked, Base):
    """Who agrees or disagrees with an entry. Disagreement is recorded, not resolved away."""

    __tablename__ = "entry_stances"

    entry_id: Mapped[int] = mapped_column(ForeignKey("map_entries.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    label: Mapped[str] = mapped_column(String(200), default="")
    stance: Mapped[Stance] = mapped_column(Enum(Stance, native_enum=False, length=20))
    note: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[MapEntry] = relationship(back_populates="stances")
    person: Mapped[Person | None] = relationship()

    @property
    def who(self) -> str:
        return self.person.name if self.person is not None else self.label


# --- judgement -------------------------------------------------------------------------------


class Score(Tracked, Base):
    """One person's place on the 0-10 scale at one moment, with their reasons."""

    __tablename__ = "scores"
    __table_args__ = (CheckConstraint("value >= 0 AND value <= 10", name="range"),)

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    scorer_label: Mapped[str] = mapped_column(String(200), default="")  # "worker", "school"
    value: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[str] = mapped_column(Text, default="")
    scale_wording: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    family: Mapped[Family] = relationship(back_populates="scores")
    person: Mapped[Person | None] = relationship()

    @property
    def scorer(self) -> str:
        return self.person.name if self.person is not None else self.scorer_label


# --- the child's voice -----------------------------------------------------------------------


class ThreeHousesEntry(Tracked, Base):
    __tablename__ = "three_houses"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    house: Mapped[House] = mapped_column(Enum(House, native_enum=False, length=20))
    text: Mapped[str] = mapped_column(Text, default="")  # the child's own words
    position: Mapped[int] = mapped_column(Integer, default=0)

    family: Mapped[Family] = relationship(back_populates="house_entries")
    child: Mapped[Person] = relationship()


class WordsAndPictures(Tracked, Base):
    """A short story that explains to a child what happened and what the grown-ups are doing."""

    __tablename__ = "words_and_pictures"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    text: Mapped[str] = mapped_column(Text, default="")

    family: Mapped[Family] = relationship(back_populates="words_and_pictures")
    child: Mapped[Person | None] = relationship()


class Attachment(Tracked, Base):
    """An image (a photo of a child's drawing), held inside the encrypted store, never on disk."""

    __tablename__ = "attachments"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    filename: Mapped[str] = mapped_column(String(300), default="")
    mime_type: Mapped[str] = mapped_column(String(100), default="image/png")
    caption: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)

    family: Mapped[Family] = relationship(back_populates="attachments")
    child: Mapped[Person | None] = relationship()


# --- safety plan -----------------------------------------------------------------------------


class SafetyPlan(Tracked, Base):
    """The family's working plan. Autosaved as it is edited; `SafetyPlanVersion` keeps each
    agreed version. `content` is plain JSON (see domain/plan.py for its shape)."""

    __tablename__ = "safety_plans"

    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), unique=True
    )
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    family: Mapped[Family] = relationship(back_populates="safety_plan")


class SafetyPlanVersion(Tracked, Base):
    __tablename__ = "safety_plan_versions"
    __table_args__ = (UniqueConstraint("family_id", "version"),)

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")  # "agreed at family meeting"

    family: Mapped[Family] = relationship(back_populates="plan_versions")


# --- assessment ------------------------------------------------------------------------------


class Assessment(Tracked, Base):
    """One continuous assessment per family. It has no deadline fields, by design."""

    __tablename__ = "assessments"

    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), unique=True
    )
    analysis: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    # Family-facing: when they can expect a decision, or why it is taking longer.
    family_note: Mapped[str] = mapped_column(Text, default="")
    concluded_at: Mapped[datetime | None] = mapped_column(default=None)

    family: Mapped[Family] = relationship(back_populates="assessment")


class ChronologyEvent(Tracked, Base):
    __tablename__ = "chronology_events"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    learned: Mapped[str] = mapped_column(Text, default="")  # what this told us

    family: Mapped[Family] = relationship(back_populates="chronology")


# --- supervision -----------------------------------------------------------------------------


class SupervisionRecord(Tracked, Base):
    """A supervisor's view at the time. Once signed off it is read-only (enforced in
    store/history.py), which guards against hindsight rewriting."""

    __tablename__ = "supervision_records"
    __table_args__ = (
        CheckConstraint(
            "supervisor_score IS NULL OR (supervisor_score >= 0 AND supervisor_score <= 10)",
            name="score_range",
        ),
    )

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    reflections: Mapped[str] = mapped_column(Text, default="")
    supervisor_score: Mapped[int | None] = mapped_column(Integer, default=None)
    score_reasons: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    group_summary: Mapped[str] = mapped_column(Text, default="")
    signed_off_by: Mapped[str] = mapped_column(String(300), default="")
    signed_off_role: Mapped[str] = mapped_column(String(300), default="")
    signed_off_at: Mapped[datetime | None] = mapped_column(default=None)

    family: Mapped[Family] = relationship(back_populates="supervisions")


# --- history and audit (not Tracked: they are the tracking) -----------------------------------


class Changeset(Base):
    """One unit of work: a named command run by one person (store/changesets.py). A burst of
    autosaves of one field extends its changeset (ended_at moves on) instead of adding one."""

    __tablename__ = "changesets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    family_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    command: Mapped[str] = mapped_column(String(80), default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: the changeset this one undoes (an undo) or puts back (a redo)
    reverts_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)


class Change(Base):
    """One row a changeset inserted, updated or deleted. `before` holds the values the row had
    (every column for a delete, the changed ones for an update; none for an insert), `after`
    the values it got (every column for an insert, the changed ones for an update). Binary
    values are kept whole in `before` (undo needs them) and as a digest in `after`."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    changeset_id: Mapped[int] = mapped_column(
        ForeignKey("changesets.id", ondelete="CASCADE"), index=True)
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int] = mapped_column(Integer)
    entity_uid: Mapped[str] = mapped_column(String(32), index=True)
    family_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    operation: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class AuditEvent(Base):
    """Append-only log: who did what and when. Each row's hash covers the previous row's hash,
    so an edited or deleted row breaks the chain (checked by `safetymap check`)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60), default="")
    entity_uid: Mapped[str] = mapped_column(String(32), default="")
    family_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    summary: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class StoreMeta(Base):
    """Key/value facts about the store itself (created-with version, owner name)."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


# --- the team store (team/sync.py): what this laptop knows of the team server ---------------


class SyncRecord(Base):
    """A record as last synced with the team server: the server revision of each field (the
    base the next push is compared against). Not Tracked: it is bookkeeping, not case data."""

    __tablename__ = "sync_records"

    uid: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(60))
    family_uid: Mapped[str] = mapped_column(String(32), index=True)
    revs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncConflict(Base):
    """Something a person must decide: two laptops changed one field, one edited what another
    deleted, a signed-off record, or a marking the team relaxed that this laptop has not shown
    yet (kind "relax", held here and never applied without confirmation)."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_id: Mapped[int | None] = mapped_column(Integer, unique=True, default=None)
    family_uid: Mapped[str] = mapped_column(String(32), index=True)
    record_uid: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(60))
    field: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    server_value: Mapped[Any] = mapped_column(JSON, default=None)
    server_name: Mapped[str] = mapped_column(String(200), default="")
    server_at: Mapped[str] = mapped_column(String(40), default="")
    client_value: Mapped[Any] = mapped_column(JSON, default=None)
    client_name: Mapped[str] = mapped_column(String(200), default="")
    client_at: Mapped[str] = mapped_column(String(40), default="")
    mine: Mapped[bool] = mapped_column(Boolean, default=False)
    #: for a held relaxation: the server revision of the relaxed value
    server_rev: Mapped[int | None] = mapped_column(Integer, default=None)
    resolution: Mapped[str | None] = mapped_column(String(20), default=None)
    resolved_by: Mapped[str] = mapped_column(String(200), default="")


TRACKED_MODELS: tuple[type[Tracked], ...] = (
    Family,
    Person,
    ContactDetail,
    ChildRelation,
    SafetyCheckDecision,
    Visit,
    VisitAttendance,
    MapEntry,
    EntryStance,
    Score,
    ThreeHousesEntry,
    WordsAndPictures,
    Attachment,
    SafetyPlan,
    SafetyPlanVersion,
    Assessment,
    ChronologyEvent,
    SupervisionRecord,
)
