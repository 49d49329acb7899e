"""Reflective supervision: what changed since the last sign-off, appreciative prompts, the
supervisor's own score, reflections, decision and rationale (recorded at the time), the sign-off,
and group supervision with initials instead of names (see PRACTICE.md, "Reflective supervision").

A signed-off record is read-only: store/history.py refuses any later change and writes the
sign-off into the hash-chained audit log (action "sign_off"). Everything returned is plain data.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import model as m
from ..domain.labels import OTHER_KINDS, describe_other  # noqa: F401 - re-exported
from ..domain.names import PARTICLES, initials, name_words
from ..i18n import N_
from ..store.engine import Store
from ..store.errors import NotFound
from ..store.history import ReadOnlyRecord
from .changes import EntryChange, _aware, entity_changes_since, scorer_key

APPRECIATIVE_PROMPTS: tuple[str, ...] = (
    # English, marked for the catalogue: the PDF prints them in its language (_() there)
    # The questions in PRACTICE.md, "Reflective supervision":
    N_("What has gone well in your work with this family?"),
    N_("What are you most worried about?"),
    N_("What would one step up the scale look like?"),
    N_("What don't we know yet?"),
    # More in the same appreciative, curious spirit:
    N_("What are you most proud of in how you have worked with this family?"),
    N_("What has the family done, even once, that kept the children safe?"),
    N_("Whose voice have we heard least, and how could we hear more from them?"),
    N_("What do the children say about what is happening? What would they say is working?"),
    N_("Where do you and the family see things differently, and what might explain that?"),
    N_("What would the family say has helped most?"),
    N_("What would make you more confident that the children are safe enough?"),
    N_("Who else could be part of the safety network?"),
    N_("How are you doing with this work, and what support would help?"),
)

SUPERVISOR_LABEL = "Supervisor"
_EDITABLE = {"reflections", "supervisor_score", "score_reasons", "decision", "rationale",
             "group_summary", "is_group"}


# --- what changed since the last sign-off -------------------------------------------------------


@dataclass(frozen=True)
class SignOff:
    record_id: int
    by: str
    role: str
    at: datetime


@dataclass(frozen=True)
class ScoreMove:
    """How one person's score moved in the period.

    `previous` is their latest score as it stood at the last sign-off (None: no score then, or
    no sign-off yet). `new_scores` are the scores recorded since, oldest first."""

    who: str
    key: str  # stable: "person:<id>" or "label:<label>"
    previous: int | None
    previous_at: datetime | None
    new_scores: tuple[tuple[datetime, int, str], ...]  # (scored_at, value, reasons)

    @property
    def latest(self) -> int | None:
        return self.new_scores[-1][1] if self.new_scores else self.previous

    @property
    def changed(self) -> bool:
        return bool(self.new_scores)

    @property
    def movement(self) -> int | None:
        """Latest minus previous (None when there is nothing to compare with)."""
        if not self.new_scores:
            return 0 if self.previous is not None else None
        start = self.previous if self.previous is not None else (
            self.new_scores[0][1] if len(self.new_scores) > 1 else None)
        return None if start is None else self.new_scores[-1][1] - start

    def describe(self) -> str:
        """"4 → 6 (up 2)", "new: 6", "5 (no new score)"."""
        if not self.new_scores:
            return f"{self.previous} (no new score)"
        values = [v for _, v, _ in self.new_scores]
        chain = ([str(self.previous)] if self.previous is not None else []) + [str(v) for v in values]
        if len(chain) == 1:
            return f"new: {chain[0]}"
        mv = self.movement or 0
        word = f"up {mv}" if mv > 0 else f"down {-mv}" if mv < 0 else "no change"
        return f"{' → '.join(chain)} ({word})"


@dataclass(frozen=True)
class ChangeReport:
    family_id: int
    since: datetime  # the last sign-off, or when the family was created
    last_sign_off: SignOff | None
    added: tuple[EntryChange, ...]
    edited: tuple[EntryChange, ...]
    resolved: tuple[EntryChange, ...]
    deleted: tuple[EntryChange, ...]
    scores: tuple[ScoreMove, ...]  # everyone who has ever scored; see ScoreMove.changed
    other: dict[str, int] = field(default_factory=dict)  # other records changed, by kind

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.edited or self.resolved or self.deleted
                    or any(s.changed for s in self.scores))


def last_sign_off(store: Store, family_id: int) -> SignOff | None:
    with store.session() as s:
        return _last_sign_off(s, family_id)


def _last_sign_off(s: Any, family_id: int) -> SignOff | None:
    rec = s.scalars(
        select(m.SupervisionRecord)
        .where(m.SupervisionRecord.family_id == family_id,
               m.SupervisionRecord.signed_off_at.is_not(None))
        .order_by(m.SupervisionRecord.signed_off_at.desc(), m.SupervisionRecord.id.desc())
    ).first()
    if rec is None or rec.signed_off_at is None:
        return None
    return SignOff(rec.id, rec.signed_off_by, rec.signed_off_role, _aware(rec.signed_off_at))


def changes_since_last_signoff(store: Store, family_id: int) -> ChangeReport:
    """What has changed since we last looked: entries added, edited, resolved and deleted since
    the last signed-off supervision record (or since the family was created), and how each
    person's score moved. A score counts as new when it was *recorded* after the sign-off,
    whatever date it carries."""
    with store.session() as s:
        if s.get(m.Family, family_id) is None:
            raise NotFound("That family no longer exists.")
        return _report(s, family_id, _last_sign_off(s, family_id), None)


def changes_for_record(store: Store, record_id: int) -> ChangeReport:
    """The changes a given supervision record looked at: from the sign-off before it up to its
    own sign-off (or up to now, for a record not yet signed off)."""
    with store.session() as s:
        rec = _get(s, record_id)
        until = _aware(rec.signed_off_at) if rec.signed_off_at else None
        q = (select(m.SupervisionRecord)
             .where(m.SupervisionRecord.family_id == rec.family_id,
                    m.SupervisionRecord.signed_off_at.is_not(None),
                    m.SupervisionRecord.id != rec.id)
             .order_by(m.SupervisionRecord.signed_off_at.desc()))
        if until is not None:
            q = q.where(m.SupervisionRecord.signed_off_at < rec.signed_off_at)
        prev = s.scalars(q).first()
        so = None if prev is None or prev.signed_off_at is None else SignOff(
            prev.id, prev.signed_off_by, prev.signed_off_role, _aware(prev.signed_off_at))
        return _report(s, rec.family_id, so, until)


def _report(s: Any, family_id: int, so: SignOff | None, until: datetime | None) -> ChangeReport:
    fam = s.get(m.Family, family_id)
    since = so.at if so is not None else _aware(fam.created_at)
    ch = entity_changes_since(s, family_id, so.at if so is not None else None, until)
    rows = s.execute(
        select(m.Score, m.Person.name)
        .outerjoin(m.Person, m.Person.id == m.Score.person_id)
        .where(m.Score.family_id == family_id)
        .order_by(m.Score.scored_at, m.Score.id)
    ).all()
    before: dict[str, tuple[datetime, int]] = {}
    new: dict[str, list[tuple[datetime, int, str]]] = {}
    names: dict[str, str] = {}
    for sc, name in rows:
        created = _aware(sc.created_at)
        if until is not None and created > until:
            continue
        key = scorer_key(sc.person_id, sc.scorer_label)
        names.setdefault(key, name if name is not None else (sc.scorer_label or "Unnamed"))
        at = _aware(sc.scored_at)
        if so is not None and created <= so.at:
            before[key] = (at, sc.value)
        else:
            new.setdefault(key, []).append((at, sc.value, sc.reasons))
    moves = []
    for key in names:
        prev = before.get(key)
        moves.append(ScoreMove(names[key], key, prev[1] if prev else None,
                               prev[0] if prev else None, tuple(new.get(key, []))))
    moves.sort(key=lambda mv: (not mv.changed, mv.who.casefold()))
    # Supervision records themselves are not "changes to the case".
    other = {k: v for k, v in ch.other.items() if k != "SupervisionRecord"}
    return ChangeReport(family_id, since, so, tuple(ch.added), tuple(ch.edited),
                        tuple(ch.resolved), tuple(ch.deleted), tuple(moves), other)


# --- supervision records ---------------------------------------------------------------------


@dataclass(frozen=True)
class SupervisionView:
    id: int
    uid: str
    family_id: int
    is_group: bool
    reflections: str
    supervisor_score: int | None
    score_reasons: str
    decision: str
    rationale: str
    group_summary: str
    signed_off_by: str
    signed_off_role: str
    signed_off_at: datetime | None
    created_at: datetime
    updated_at: datetime
    author: str

    @property
    def read_only(self) -> bool:
        return self.signed_off_at is not None


def _view(r: m.SupervisionRecord) -> SupervisionView:
    return SupervisionView(
        r.id, r.uid, r.family_id, bool(r.is_group), r.reflections, r.supervisor_score,
        r.score_reasons, r.decision, r.rationale, r.group_summary, r.signed_off_by,
        r.signed_off_role, _aware(r.signed_off_at) if r.signed_off_at else None,
        _aware(r.created_at), _aware(r.updated_at), r.author)


def _get(s: Session, record_id: int) -> m.SupervisionRecord:
    rec = s.get(m.SupervisionRecord, record_id)
    if rec is None:
        raise NotFound("That supervision record no longer exists.")
    return rec


def list_records(store: Store, family_id: int) -> list[SupervisionView]:
    """Every supervision record for the family, oldest first. Signed-off ones are read-only."""
    with store.session() as s:
        return [_view(r) for r in s.scalars(
            select(m.SupervisionRecord).where(m.SupervisionRecord.family_id == family_id)
            .order_by(m.SupervisionRecord.created_at, m.SupervisionRecord.id))]


def get_record(store: Store, record_id: int) -> SupervisionView:
    with store.session() as s:
        return _view(_get(s, record_id))


def open_draft(store: Store, family_id: int, *, is_group: bool | None = None) -> int | None:
    """The newest record not yet signed off (to resume after a crash or a closed lid)."""
    with store.session() as s:
        q = select(m.SupervisionRecord.id).where(
            m.SupervisionRecord.family_id == family_id,
            m.SupervisionRecord.signed_off_at.is_(None))
        if is_group is not None:
            q = q.where(m.SupervisionRecord.is_group == is_group)
        return s.scalar(q.order_by(m.SupervisionRecord.id.desc()).limit(1))


def start_record(store: Store, family_id: int, *, is_group: bool = False,
                 resume: bool = True) -> int:
    """Begin a supervision record (or, with resume=True, carry on with an unsigned draft of
    the same kind). Returns its id."""
    if resume:
        draft = open_draft(store, family_id, is_group=is_group)
        if draft is not None:
            return draft
    with store.session(command="supervision.start") as s:
        if s.get(m.Family, family_id) is None:
            raise NotFound("That family no longer exists.")
        rec = m.SupervisionRecord(family_id=family_id, is_group=is_group, author=store.actor)
        s.add(rec)
        s.flush()
        return rec.id


class _Keep:
    """The default of update_record's parts: leave this one as it is."""


KEEP: Any = _Keep()


def update_record(store: Store, record_id: int, *, reflections: str = KEEP,
                  supervisor_score: int | None = KEEP, score_reasons: str = KEEP,
                  decision: str = KEEP, rationale: str = KEEP, group_summary: str = KEEP,
                  is_group: bool = KEEP) -> SupervisionView:
    """Autosave one or more parts of a supervision record (the supervisor's score is 0-10, or
    None to take it away). Empty parts are fine; the parts not given stay as they are. Raises
    ReadOnlyRecord once the record is signed off."""
    given = {"reflections": reflections, "supervisor_score": supervisor_score,
             "score_reasons": score_reasons, "decision": decision, "rationale": rationale,
             "group_summary": group_summary, "is_group": is_group}
    fields = {k: v for k, v in given.items() if v is not KEEP}
    assert set(fields) <= _EDITABLE
    for k, v in fields.items():
        if k not in ("supervisor_score", "is_group") and not isinstance(v, str):
            raise ValueError("A supervision note is text.")
    if "supervisor_score" in fields and fields["supervisor_score"] is not None:
        v = fields["supervisor_score"]
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10:
            raise ValueError("A score is a whole number from 0 to 10.")
    with store.session(command="supervision.edit", coalesce=True) as s:
        rec = _get(s, record_id)
        if rec.signed_off_at is not None:
            raise ReadOnlyRecord("This supervision record was signed off and cannot be changed; "
                                 "add a new record instead.")
        for k, v in fields.items():
            if getattr(rec, k) != v:
                setattr(rec, k, v)
        s.flush()
        return _view(rec)


def save_group_summary(store: Store, record_id: int, summary: str) -> SupervisionView:
    """Group supervision: the short summary kept on the family's record."""
    return update_record(store, record_id, group_summary=summary, is_group=True)


def sign_off(store: Store, record_id: int, name: str, role: str, *,
             at: datetime | None = None, record_score: bool = True) -> SupervisionView:
    """Sign the record off: stamps name, role and time, after which it is read-only.

    The sign-off is an audit event (action "sign_off" in the hash-chained log). When the
    supervisor gave a score, it is also added to the family's scores (labelled "Supervisor"),
    dated at the sign-off, so it shows in the trajectory."""
    name, role = name.strip(), role.strip()
    if not name:
        raise ValueError("Signing off needs the supervisor's name.")
    if not role:
        raise ValueError("Signing off needs the supervisor's role.")
    with store.session(command="supervision.sign_off") as s:
        rec = _get(s, record_id)
        if rec.signed_off_at is not None:
            raise ReadOnlyRecord("This supervision record was already signed off.")
        when = at or m.utcnow()
        s.info["at"] = when  # history rows of this sign-off carry the sign-off moment
        rec.signed_off_by = name
        rec.signed_off_role = role
        rec.signed_off_at = when
        if record_score and rec.supervisor_score is not None:
            # created_at = the sign-off, so the next review shows it as "before", not "new".
            s.add(m.Score(family_id=rec.family_id, scorer_label=SUPERVISOR_LABEL,
                          value=rec.supervisor_score, reasons=rec.score_reasons,
                          scale_wording="", scored_at=when, created_at=when,
                          updated_at=when, author=name))
        s.flush()
        return _view(rec)


# --- group supervision: initials instead of names -------------------------------------------

# Keys whose values are identifiers or fixed vocabulary, never free text.
_NOT_TEXT = {"uid", "id", "schema", "person_uid", "child_uid", "paired_worry_uid",
             "kind", "area", "house", "stance", "mime_type", "data_base64", "template_id",
             "created_at", "updated_at", "archived_at", "occurred_at", "scored_at",
             "signed_off_at", "concluded_at", "resolved_at", "agreed_date", "date_of_birth",
             "occurred_on", "who_makes_sure"}
HIDDEN = "(hidden in group supervision)"


def name_replacements(names: list[str]) -> list[tuple[re.Pattern[str], str]]:
    """Patterns that turn full names, first names and surnames into initials (longest first).

    A first name shared by two people becomes its first letter; a surname becomes its initial
    with a full stop ("Hughes-Kowalski" -> "H.-K."). Initials and a name's own words (without
    titles or "ap"/"van"-like particles) are domain/names.py's, as on every screen and PDF."""
    full: dict[str, str] = {}
    first: dict[str, set[str]] = {}
    surnames: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        words = name_words(name)
        if not words:  # only a title ("Dr"): the word "Dr" in free text is nobody's name
            continue
        ini = initials(name)
        full[name] = ini
        first.setdefault(words[0], set()).add(ini)
        for w in words[1:]:
            for piece in w.split("-"):
                if len(piece) > 1 and piece not in PARTICLES:  # "al-Hassan": "al" is no name
                    surnames.add(piece)
    table: dict[str, str] = {}
    for piece in surnames:
        table[piece] = piece[0].upper() + "."
    for word, inis in first.items():
        if len(word) > 1:
            table[word] = next(iter(inis)) if len(inis) == 1 else word[0].upper() + "."
    table.update(full)
    out = []
    for text in sorted(table, key=len, reverse=True):
        pat = re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")
        out.append((pat, table[text]))
    return out


def _apply(text: str, reps: list[tuple[re.Pattern[str], str]]) -> str:
    # One pass per pattern, longest first, over a text that is progressively replaced. Initials
    # are short and upper-case so a later, shorter pattern cannot match inside them.
    for pat, ini in reps:
        text = pat.sub(ini, text)
    return text


_FAMILY_WORDS = {"family", "teulu", "the", "and", "a", "ac", "y", "yr"}


def _family_initials(text: str) -> str:
    """Whatever capitalised words are left in a family's name become initials."""
    def one(mt: re.Match[str]) -> str:
        w = mt.group(0)
        if w.casefold() in _FAMILY_WORDS or not w[0].isupper() or (len(w) <= 3 and w.isupper()):
            return w
        return w[0] + "."
    return re.sub(r"[^\W\d_]+", one, text)


def initials_view(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of a family document (services/document.py shape) for group supervision:
    every person's name becomes their initials, names inside free text too, the family name
    is reduced to initials, and contact details and attachment file names are hidden."""
    out = copy.deepcopy(doc)
    people = out.get("people", [])
    reps = name_replacements([p.get("name", "") for p in people])
    for p in people:
        p["name"] = initials(p.get("name", ""))
        p["initials"] = p["name"]
        for c in p.get("contacts", []):
            c["value"] = HIDDEN
            c["label"] = ""
    for a in out.get("childs_voice", {}).get("attachments", []):
        a["filename"] = f"attachment-{a.get('uid', '')[:6]}"

    fam = out.get("family", {})
    if isinstance(fam.get("display_name"), str):
        fam["display_name"] = _family_initials(_apply(fam["display_name"], reps))

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: (v if k in _NOT_TEXT else walk(v, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and key not in ("display_name",):
            return _apply(node, reps)
        return node

    walked: dict[str, Any] = walk(out)
    walked["group_supervision"] = True
    return walked


# --- the supervision record PDF --------------------------------------------------------------


def supervision_document(store: Store, family_id: int, record_id: int | None = None) -> Any:
    """Gather what the supervision PDF shows (export/supervision.py). Without a record id, the
    newest record is used; a family with no record yet gets a preparation copy (changes since
    the start, prompts, empty fields to fill in)."""
    from ..export.supervision import SupervisionDocument
    from .changes import score_trajectory

    records = list_records(store, family_id)
    if record_id is not None:
        rec = next((r for r in records if r.id == record_id), None)
        if rec is None:
            raise NotFound("That supervision record does not belong to this family.")
    elif records:
        rec = records[-1]
    else:
        rec = None
    with store.session() as s:
        fam = s.get(m.Family, family_id)
        if fam is None:
            raise NotFound("That family no longer exists.")
        family_name = fam.display_name
        people = list(s.scalars(select(m.Person.name).where(m.Person.family_id == family_id)))
    if rec is None:
        now = m.utcnow()
        rec = SupervisionView(0, "", family_id, False, "", None, "", "", "", "", "", "", None,
                              now, now, store.actor)
        report = changes_since_last_signoff(store, family_id)
    else:
        report = changes_for_record(store, rec.id)
    earlier = [r for r in records if r.id != rec.id and r.signed_off_at is not None
               and (rec.signed_off_at is None or r.signed_off_at < rec.signed_off_at)]
    traj = {who: [(at.date(), v) for at, v in pts]
            for who, pts in score_trajectory(store, family_id).items()}

    def rename(text: str) -> str:
        return text

    if rec.is_group:
        reps = name_replacements(people)

        def rename(text: str) -> str:
            return _apply(text, reps)

        family_name = _family_initials(_apply(family_name, reps))
    return SupervisionDocument(family_name=family_name, record=rec, report=report,
                               earlier=earlier, trajectory=traj,
                               prompts=APPRECIATIVE_PROMPTS[:4] if rec.signed_off_at
                               else APPRECIATIVE_PROMPTS,
                               generated_at=m.utcnow(), initials_only=rec.is_group,
                               rename=rename)


def export_supervision_pdf(store: Store, family_id: int, out: Any,
                           record_id: int | None = None, *,
                           language: str | None = None) -> None:
    """`safetymap export supervision FAMILY --out F.pdf`: the supervision record as a PDF,
    written atomically, with an audit event. `language`: "cy", "en" or "bilingual" (Welsh
    first); None takes the family's preference, as every document does."""
    from pathlib import Path

    from ..export.supervision import build_supervision_pdf
    from ..store import history
    from ..store.atomic import atomic_write_bytes

    doc = supervision_document(store, family_id, record_id)
    from .documents import document_language
    from .families import list_families

    found = list_families(store, only_ids=[family_id])
    prefers = found[0].language if found else ""
    lang = document_language({"family": {"language": prefers}}, "supervision", language)
    data = build_supervision_pdf(doc, language=lang)
    def audit() -> None:  # before the file takes its name: no file without its audit row
        with store.session() as s:
            history.note(s, "export_pdf", family_id=family_id, summary="supervision",
                         entity_type="SupervisionRecord", entity_uid=doc.record.uid)

    atomic_write_bytes(Path(out), data, before_replace=audit)
