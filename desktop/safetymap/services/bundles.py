"""Handing a case over: one family as an encrypted bundle file, and importing it safely.

Export gathers every row that belongs to the family (all columns, references written as uids),
plus the family's edit history, and seals it with store/bundle.py (Argon2id + AES-256-GCM).

Import runs in two phases so that failure changes nothing:

1. `read_bundle` decrypts, authenticates and validates the whole payload in memory: every record
   type, every column type, every reference. Nothing touches the store.
2. `import_bundle` then writes in ONE transaction. Any error rolls the whole import back.

It never overwrites silently. When the family (same uid) is already in the store, the caller must
choose: `mode="copy"` adds it as a separate family with fresh identities, `mode="merge"` brings in
what differs; `preview_import` shows what it would do first. The merge rules (ARCHITECTURE.md,
"Merging a bundle"):

* A record in both is updated from the bundle only when this store's copy has not changed since
  the version the bundle grew from: this store's current values must appear among the bundle's
  own versions of that record (its history). If instead the bundle's values appear in this
  store's history, the bundle is simply behind and this store's copy is kept. Otherwise both
  laptops changed it: a *conflict*, listed, and this store's copy is kept unless the worker
  chooses the bundle's (`take_bundle`, by key). No clock the sender controls decides anything.
* A change that would make something more visible (a *relaxation*: a marking such as
  "confidential" or "not for the family's copy" taken off, "safe to share" or "safe for
  children" put on, a safety-check finding turned from "leave out" to "fine", or a new record
  arriving unmarked beside a confidential one here) is never made unless the worker confirms
  that exact change by its key (`allow_relax`); without it the local marking is kept. A change
  that marks something more carefully (a tightening) is always applied.
* A signed-off supervision record is never changed, and never added, by a merge; nor is the
  score its sign-off recorded (scorer "Supervisor", scored at the sign-off moment).
* Changing the words that are blanked because of a marking is a relaxation too: renaming a
  person confidential here (or changing their role or organisation, also when only those are
  confidential), changing a contact detail's value or kind, and any change to a safety-check
  decision that is "leave out" here.
* A bundle record with the identity of a different kind of record here is refused.
* Nothing is deleted, and nothing deleted here is brought back.

`read_bundle` refuses any timestamp later than now plus a few minutes of clock skew, and every
date before 1900, with a sentence.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Integer,
    LargeBinary,
    Select,
    String,
    Text,
    func,
    select,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from .. import __version__, i18n
from ..domain import model as m
from ..domain.model import new_uid
from ..i18n import N_, _
from ..store import changesets, history
from ..store.atomic import atomic_write_bytes
from ..store.bundle import (
    KIND_WORDS,
    MAX_ATTACHMENT_BYTES,
    BundleError,
    BundleInvalid,
    BundleKdf,
    BundleTooLarge,
    open_bundle_file,
    seal,
    size_words,
)
from ..store.engine import Store
from ..store.errors import NotFound
from .supervision import SUPERVISOR_LABEL

PAYLOAD_FORMAT = "safetymap.bundle/1"
MODELS: dict[str, type[m.Tracked]] = {cls.__name__: cls for cls in m.TRACKED_MODELS}
BY_TABLE: dict[str, type[m.Tracked]] = {cls.__tablename__: cls for cls in m.TRACKED_MODELS}
ORDER: tuple[str, ...] = tuple(cls.__name__ for cls in m.TRACKED_MODELS)  # parents first
_UID = re.compile(r"^[0-9a-f]{32}$")
ImportMode = Literal["new", "copy", "merge"]


class BundleConflict(BundleError):
    """The family is already here (or some of its records are): the user has to choose."""


class BundleFromTheFuture(BundleInvalid):
    """A timestamp later than this computer's clock allows (beyond CLOCK_SKEW)."""


# A sending laptop's clock may be a little ahead of this one; more than this is refused.
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_DAY = date(2200, 12, 31)  # dates (not timestamps) may be ahead: an agreed review date

TYPE_WORDS = KIND_WORDS  # the kinds of record in words, one table (store/bundle.py)
#: TYPE_WORDS's English, marked here for the catalogue (store/ is not extracted): `_kind()`
#: says them in the screens' language. A word store/bundle.py adds later is said in English.
_KIND_TEXTS = (
    N_("family"), N_("person"), N_("contact detail"), N_("child's relationship"),
    N_("safety check decision"), N_("visit"), N_("visit attendance"), N_("map entry"),
    N_("view on a map entry"), N_("score"), N_("Three Houses entry"),
    N_("Words and Pictures story"), N_("picture"), N_("safety plan"), N_("plan version"),
    N_("assessment"), N_("chronology event"), N_("supervision record"), N_("record"),
)
FIELD_WORDS = {
    "updated_at": N_("last change"), "created_at": N_("creation time"),
    "signed_off_at": N_("sign-off time"), "safe_to_share": N_("safe to share"),
    "safe_for_children": N_("safe for children"),
    "details_confidential": N_("role and organisation not for the family's copy"),
    "confidential": N_("confidential"), "display_name": N_("name"),
    "relationship_label": N_("role"),
}


def _now() -> datetime:
    return datetime.now(UTC)


def day_words(d: date | datetime) -> str:
    """3 March 2099: a date in words (as this computer's calendar has it), no case data; in
    Welsh, "3 Mawrth 2099" (CLDR's month names)."""
    if isinstance(d, datetime):
        d = _utc(d)
    if i18n.current() != i18n.ENGLISH:
        return i18n.day(d)
    return f"{d.day} {d:%B} {d.year}"


def _field_words(name: str) -> str:
    """A column in words, in the screens' language (a column without words of its own is
    named by its English: "scored at")."""
    return _(FIELD_WORDS.get(name, name.replace("_id", "").replace("_", " ")))


def _kind(name: str, default: str | None = None) -> str:
    """A kind of record in words ("person"), in the screens' language."""
    return _(TYPE_WORDS.get(name, name if default is None else default))


def _capital(words: str) -> str:
    """`words` as a sentence starts with them: English as it always was (str.capitalize, so
    "Three houses entry"); another language only gets its first letter made a capital."""
    if i18n.current() == i18n.ENGLISH:
        return words.capitalize()
    return words[:1].upper() + words[1:]


def _kind_capital(name: str) -> str:
    """"Person", "Three houses entry": the kind as a sentence starts with it."""
    return _capital(_kind(name))


def _a(model: str, default: str) -> str:
    """"a person", "an assessment" (Welsh has no "a": "person", "asesiad")."""
    english = TYPE_WORDS.get(model, default)
    words = _("an {kind}") if english[:1] in ("a", "e", "i", "o", "u") else _("a {kind}")
    return words.format(kind=_(english))


def _identity_clash(theirs: str, ours: str) -> BundleInvalid:
    """A bundle record with the identity of a different kind of record here."""
    return BundleInvalid(_(
        "{theirs} in the bundle uses the identity of a different kind of record here ({ours}), "
        "so it cannot be the same record; it was not imported, and nothing has been changed.")
        .format(theirs=_capital(_a(theirs, theirs)), ours=_a(ours, "record")))


def _in_words(model: str, col: str) -> str:
    """"a person's name", "an assessment's last change" (Welsh: "enw person")."""
    english = TYPE_WORDS.get(model, model)
    words = _("an {kind}'s {field}") if english[:1] in "aeiouAEIOU" else _("a {kind}'s {field}")
    return words.format(kind=_kind(model), field=_field_words(col))


def _moment_words(when: datetime, now: datetime) -> tuple[str, str]:
    """Two moments in words, with the time of day when the day alone would read the same
    ("1 December 2026 at 14:37" against "1 December 2026 at 14:32")."""
    a, b = day_words(when), day_words(now)
    if a == b:
        at = _("{day} at {time}")
        a, b = (at.format(day=a, time=f"{_utc(when):%H:%M}"),
                at.format(day=b, time=f"{_utc(now):%H:%M}"))
    return a, b


def _future(when: datetime, what: str) -> BundleFromTheFuture:
    """`what` is said already ("a record in it (a visit's last change) was made")."""
    said, clock = _moment_words(when, _now())
    return BundleFromTheFuture(_(
        "This bundle says {what} on {when}, which is in the future (this computer's clock "
        "says {clock}); it was not imported, and nothing has been changed.").format(
            what=what, when=said, clock=clock))


def _timestamp(value: str, what: Callable[[], str], where: Callable[[], str]) -> datetime:
    """A timestamp from a bundle: a real moment between 1900 and now (plus CLOCK_SKEW).
    `what()` and `where()` say it in the screens' language, only when it is refused (a bundle
    holds many thousands of timestamps)."""
    dt = datetime.fromisoformat(value)
    if dt.year < EARLIEST.year:
        raise _bad(_("{what} is a date before 1900").format(what=where()))
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    try:
        utc = dt.astimezone(UTC)
    except OverflowError:
        raise _bad(_("{what} is not a real date").format(what=where())) from None
    if utc < EARLIEST:
        raise _bad(_("{what} is a date before 1900").format(what=where()))
    if utc > _now() + CLOCK_SKEW:
        raise _future(utc, what())
    return dt


# --- column helpers --------------------------------------------------------------------------


def _columns(cls: type[m.Tracked]) -> list[Any]:
    return list(cls.__table__.columns)


def _fk_target(col: Any) -> str | None:
    for fk in col.foreign_keys:
        return str(fk.column.table.name)
    return None


def _encode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _bad(what: str) -> BundleInvalid:
    """`what` is said already, in the screens' language."""
    return BundleInvalid(_("The bundle opened but its contents are not a valid family record "
                           "({what}); nothing has been changed.").format(what=what))


def _decode(col: Any, value: Any, where: str) -> Any:
    t = col.type
    model, _dot, colname = where.partition(".")

    def words() -> str:  # said only when the value is refused
        return _in_words(model, colname or col.name)

    if value is None:
        if not col.nullable:
            raise _bad(_("{what} is missing").format(what=_in_words(*where.partition('.')[::2])))
        return None
    try:
        if isinstance(t, m.UTCDateTime):
            if not isinstance(value, str):
                raise ValueError
            return _timestamp(
                value, lambda: _("a record in it ({what}) was made").format(what=words()), words)
        if isinstance(t, Date):
            if not isinstance(value, str):
                raise ValueError
            d = date.fromisoformat(value)
            if d.year < 1900:
                raise _bad(_("{what} is a date before 1900").format(what=words()))
            if d > LATEST_DAY:
                raise _bad(_("{what} is a date after {year}").format(what=words(),
                                                                      year=LATEST_DAY.year))
            return d
        if isinstance(t, SAEnum):
            assert t.enum_class is not None
            return t.enum_class(value)
        if isinstance(t, Boolean):
            if not isinstance(value, bool):
                raise ValueError
            return value
        if isinstance(t, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError
            return value
        if isinstance(t, LargeBinary):
            if not isinstance(value, str):
                raise ValueError
            if len(value) // 4 * 3 > MAX_ATTACHMENT_BYTES:
                raise BundleTooLarge(_(
                    "The bundle holds {what} of {size}, more than the {limit} one picture or "
                    "document in a bundle may be; nothing has been changed.").format(
                        what=words(), size=size_words(len(value) // 4 * 3),
                        limit=size_words(MAX_ATTACHMENT_BYTES)))
            return base64.b64decode(value, validate=True)
        if isinstance(t, JSON):
            if not isinstance(value, (dict, list)):
                raise ValueError
            return value
        if isinstance(t, (String, Text)):
            if not isinstance(value, str):
                raise ValueError
            if t.length and len(value) > t.length:
                raise ValueError
            return value
    except (ValueError, TypeError, OverflowError, binascii.Error):
        raise _bad(_("{what} has the wrong kind of value").format(what=words())) from None
    raise _bad(_("{what} has an unknown type").format(what=where))


# --- export ----------------------------------------------------------------------------------


def _family_rows(s: Session, family_id: int) -> dict[str, list[Any]]:
    rows: dict[str, list[Any]] = {}
    for name in ORDER:
        cls: Any = MODELS[name]
        q: Select[Any]
        if cls is m.Family:
            q = select(cls).where(cls.id == family_id)
        elif cls is m.ContactDetail:
            q = select(cls).join(m.Person).where(m.Person.family_id == family_id)
        elif cls is m.VisitAttendance:
            q = select(cls).join(m.Visit).where(m.Visit.family_id == family_id)
        elif cls is m.EntryStance:
            q = select(cls).join(m.MapEntry).where(m.MapEntry.family_id == family_id)
        else:
            q = select(cls).where(cls.family_id == family_id)
        rows[name] = list(s.scalars(q.order_by(cls.id)))
    return rows


#: the command a bundle import runs as (its changesets are copies of what the bundle brought)
IMPORT_COMMAND = "bundles.import"


def _family_versions(s: Session, family_id: int, uids: set[str]) -> list[Any]:
    """The family's edit history, read from the changesets. The session hooks cannot always
    tell which family a contact detail, an attendance or a view on an entry belongs to
    (family_id is then empty), so those versions are found by the identities of the family's
    records too."""
    return [v for v in changesets.versions(s.connection(), family_id=family_id,
                                           include_unowned=True)
            if v.family_id == family_id or v.entity_uid in uids]


def build_payload(store: Store, family_id: int) -> dict[str, Any]:
    """The plain JSON payload of a bundle (before encryption). Useful for tests and previews."""
    with store.session() as s:
        fam = s.get(m.Family, family_id)
        if fam is None:
            raise NotFound(_("There is no family with id {id}.").format(id=family_id))
        objs = _family_rows(s, family_id)
        uid_of: dict[tuple[str, int], str] = {}
        for name, lst in objs.items():
            table = MODELS[name].__tablename__
            for o in lst:
                uid_of[(table, o.id)] = o.uid
        records: dict[str, list[dict[str, Any]]] = {}
        for name, lst in objs.items():
            out = []
            for o in lst:
                if name == "Attachment" and len(o.data or b"") > MAX_ATTACHMENT_BYTES:
                    raise BundleTooLarge(_(
                        "A picture in this family is {size}, more than the {limit} one picture "
                        "may be in a bundle; nothing has been written.").format(
                            size=size_words(len(o.data)),
                            limit=size_words(MAX_ATTACHMENT_BYTES)))
                row: dict[str, Any] = {"_id": o.id}
                for col in _columns(MODELS[name]):
                    if col.name == "id":
                        continue
                    value = getattr(o, col.key)
                    target = _fk_target(col)
                    if target is not None:
                        row[col.name] = None if value is None else uid_of.get((target, value))
                    else:
                        row[col.name] = _encode(value)
                out.append(row)
            records[name] = out
        hist = [
            {"entity_type": v.entity_type, "entity_id": v.entity_id,
             "entity_uid": v.entity_uid, "operation": v.operation,
             "changed_at": _encode(v.changed_at), "actor": v.actor, "data": v.data}
            for v in _family_versions(s, family_id, set(uid_of.values()))
            # what an import wrote is a copy of what its bundle brought (that history is
            # here too, with its own times): sending it on would look like a new version
            if v.command != IMPORT_COMMAND
        ]
        audit_rows = s.execute(select(m.AuditEvent.id, m.AuditEvent.hash)
                               .order_by(m.AuditEvent.id.desc()).limit(1)).first()
        return {
            "format": PAYLOAD_FORMAT,
            "app_version": __version__,
            "schema_revision": None,
            "exported_at": _encode(m.utcnow()),
            "exported_by": store.actor,
            "family_uid": fam.uid,
            "display_name": fam.display_name,
            "records": records,
            "history": hist,
            "source_audit": {"head_id": audit_rows[0] if audit_rows else 0,
                             "head_hash": audit_rows[1] if audit_rows else ""},
        }


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bytes: int
    records: int


def export_bundle(store: Store, family_id: int, out: Path | str, passphrase: str, *,
                  kdf: BundleKdf | None = None) -> ExportResult:
    """Write one family to an encrypted bundle file, atomically. The export is audited."""
    if not passphrase:
        raise BundleError(_("A bundle needs a passphrase; nothing has been written."))
    payload = build_payload(store, family_id)
    data = seal(payload, passphrase, kdf)
    out = Path(out)
    n = sum(len(v) for v in payload["records"].values())

    def audit() -> None:  # before the file takes its name: no file without its audit row
        with store.session() as s:
            history.note(s, "bundle_export", family_id=family_id, entity_type="Family",
                         entity_uid=payload["family_uid"],
                         summary=f"records={n}; history={len(payload['history'])}")

    atomic_write_bytes(out, data, before_replace=audit)
    return ExportResult(out, len(data), n)


# --- reading and validating ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    model: str
    uid: str
    src_id: int
    values: dict[str, Any]  # plain columns, decoded (no id, no references)
    refs: dict[str, tuple[str, str | None]]  # column -> (target model, uid or None)


@dataclass(frozen=True)
class HistoryRow:
    entity_type: str
    entity_id: int
    entity_uid: str
    operation: str
    changed_at: datetime
    actor: str
    data: dict[str, Any]


@dataclass(frozen=True)
class BundleContents:
    family_uid: str
    display_name: str
    exported_at: datetime | None
    exported_by: str
    app_version: str
    rows: dict[str, list[Row]]
    history: list[HistoryRow]
    source_audit_head: str

    @property
    def record_count(self) -> int:
        return sum(len(v) for v in self.rows.values())


def _parse_row(name: str, raw: Any, uids: dict[str, str]) -> Row:
    cls = MODELS[name]
    if not isinstance(raw, dict):
        raise _bad(_("a {kind} record is not an object").format(kind=name))
    uid = raw.get("uid")
    src = raw.get("_id")
    if not isinstance(uid, str) or not _UID.match(uid):
        raise _bad(_("a {kind} record has no valid identity").format(kind=name))
    if isinstance(src, bool) or not isinstance(src, int):
        raise _bad(_("a {kind} record has no valid number").format(kind=name))
    if uid in uids:
        raise _bad(_("two records share one identity"))
    uids[uid] = name
    values: dict[str, Any] = {}
    refs: dict[str, tuple[str, str | None]] = {}
    for col in _columns(cls):
        if col.name in ("id", "uid"):
            continue
        target = _fk_target(col)
        if target is not None:
            v = raw.get(col.name)
            if v is None:
                if not col.nullable:
                    raise _bad(_("a {kind} record is missing its {column}").format(
                        kind=name, column=col.name))
            elif not isinstance(v, str) or not _UID.match(v):
                raise _bad(_("a {kind} record has a broken reference").format(kind=name))
            refs[col.name] = (BY_TABLE[target].__name__, v)
            continue
        if col.name not in raw:
            if col.nullable or col.default is not None:
                continue  # an older exporter without this column: the model's default applies
            raise _bad(_("a {kind} record is missing its {column}").format(kind=name,
                                                                            column=col.name))
        values[col.key] = _decode(col, raw[col.name], f"{name}.{col.name}")
    return Row(name, uid, src, values, refs)


def parse_payload(payload: dict[str, Any]) -> BundleContents:
    """Validate a decrypted payload completely. Raises BundleInvalid with a sentence."""
    if payload.get("format") != PAYLOAD_FORMAT:
        raise _bad(_("unknown contents format"))
    exported_at = None
    if isinstance(payload.get("exported_at"), str):
        try:
            exported_at = _timestamp(payload["exported_at"], lambda: _("it was made"),
                                     lambda: _("the day it was made"))
        except ValueError:
            raise _bad(_("the day it was made is not a date")) from None
    records = payload.get("records")
    if not isinstance(records, dict) or set(records) - set(MODELS):
        raise _bad(_("unknown kinds of record"))
    uids: dict[str, str] = {}
    rows: dict[str, list[Row]] = {}
    for name in ORDER:
        lst = records.get(name, [])
        if not isinstance(lst, list):
            raise _bad(_("the {kind} records are not a list").format(kind=name))
        rows[name] = [_parse_row(name, r, uids) for r in lst]
    if len(rows["Family"]) != 1:
        raise _bad(_("it must hold exactly one family"))
    fam = rows["Family"][0]
    if payload.get("family_uid") != fam.uid:
        raise _bad(_("the family's identity does not match"))
    for name, lst in rows.items():
        for r in lst:
            for col, (target, uid) in r.refs.items():
                if uid is None:
                    continue
                if uids.get(uid) != target:
                    raise _bad(_("a {kind} record points at a record that is not in the "
                                 "bundle").format(kind=name))
                if col == "family_id" and uid != fam.uid:
                    raise _bad(_("a record belongs to another family"))
    # The store's own uniqueness rules, checked here so that a bad bundle is refused with a
    # sentence before anything is written (not by a database error half-way through).
    for name in ("SafetyPlan", "Assessment"):
        if len(rows[name]) > 1:
            raise _bad(_("it holds more than one {kind}").format(kind=name))
    plan_versions = [r.values.get("version") for r in rows["SafetyPlanVersion"]]
    if len(plan_versions) != len(set(plan_versions)):
        raise _bad(_("two plan versions share one number"))
    seen_at = [(r.refs["visit_id"][1], r.refs["person_id"][1]) for r in rows["VisitAttendance"]]
    if len(seen_at) != len(set(seen_at)):
        raise _bad(_("one person is listed twice at one visit"))
    for sc in rows["Score"]:
        if not 0 <= sc.values.get("value", -1) <= 10:
            raise _bad(_("a score is outside 0 to 10"))
    for rec in rows["SupervisionRecord"]:
        v = rec.values.get("supervisor_score")
        if v is not None and not 0 <= v <= 10:
            raise _bad(_("a supervisor's score is outside 0 to 10"))
    hist_raw = payload.get("history", [])
    if not isinstance(hist_raw, list):
        raise _bad(_("the history is not a list"))
    hist: list[HistoryRow] = []
    for h in hist_raw:
        try:
            if not isinstance(h, dict) or h["entity_type"] not in MODELS:
                raise ValueError
            if isinstance(h["entity_id"], bool) or not isinstance(h["entity_id"], int) \
                    or not isinstance(h["changed_at"], str):
                raise ValueError
            at = _timestamp(h["changed_at"], lambda: _("a change in its history was made"),
                            lambda: _("a change in its history"))
            hr = HistoryRow(str(h["entity_type"]), h["entity_id"], str(h["entity_uid"]),
                            str(h["operation"]), at, str(h.get("actor", "")), h["data"])
            if (hr.operation not in ("insert", "update", "delete")
                    or not isinstance(hr.data, dict) or not _UID.match(hr.entity_uid)):
                raise ValueError
        except (KeyError, ValueError, TypeError):
            raise _bad(_("an entry in its history is broken")) from None
        hist.append(hr)
    audit = payload.get("source_audit") or {}
    return BundleContents(
        family_uid=fam.uid, display_name=str(fam.values.get("display_name", "")),
        exported_at=exported_at, exported_by=str(payload.get("exported_by", "")),
        app_version=str(payload.get("app_version", "")), rows=rows, history=hist,
        source_audit_head=str(audit.get("head_hash", "")) if isinstance(audit, dict) else "")


def read_bundle(path: Path | str, passphrase: str) -> BundleContents:
    """Open and fully validate a bundle file, in memory. Touches no store."""
    return parse_payload(open_bundle_file(Path(path), passphrase))


# --- previewing the differences -------------------------------------------------------------


_STATUS_WORDS = {"only_in_bundle": N_("only in the bundle"), "differs": N_("different"),
                 "only_here": N_("only in this store")}
_ACTION_WORDS = {"add": N_("will be added"), "update": N_("will be updated from the bundle"),
                 "keep": N_("this store's copy is kept"), "skip": N_("left as it is"),
                 "conflict": N_("changed on both laptops, so this store's copy is kept unless "
                                "you choose the bundle's")}


@dataclass(frozen=True)
class RecordDifference:
    entity_type: str
    uid: str
    label: str  # a short description ("Worry: Tomasz drinks...")
    status: Literal["only_in_bundle", "differs", "only_here"]
    fields: tuple[str, ...] = ()
    # True when the bundle's copy grew from this store's copy (so the merge updates it). The
    # name is older than the rule: no clock is compared any more.
    bundle_newer: bool = False
    action: Literal["add", "update", "keep", "skip", "conflict"] = "keep"
    reason: str = ""  # its English (marked N_() where made): describe() says it translated

    def describe(self) -> str:
        """One line for the import window, in the screens' language (the label is the
        family's words: never translated)."""
        what = _(_STATUS_WORDS[self.status])
        act = _(_ACTION_WORDS[self.action])
        fields = f" ({', '.join(_field_words(f) for f in self.fields)})" if self.fields else ""
        reason = ": " + _(self.reason) if self.reason else ""
        return f"{_kind_capital(self.entity_type)} {self.label}: {what}{fields}; {act}{reason}"


@dataclass(frozen=True)
class Relaxation:
    """A change in the bundle that would make something more visible than it is here. Never
    made unless the worker confirms this exact key."""

    key: str  # "<uid>.<field>", or "<uid>.new" for a record arriving unmarked
    entity_type: str
    uid: str
    field: str
    sentence: str  # plain words, naming the record and what would become visible

    def describe(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class MergeConflict:
    """A record changed on both laptops since the version they share."""

    key: str  # the bundle record's uid
    entity_type: str
    uid: str
    label: str
    fields: tuple[str, ...]

    def describe(self) -> str:
        return _("{kind} {label}: changed on both laptops ({fields}); this store's version is "
                 "kept unless you choose the bundle's.").format(
                     kind=_kind_capital(self.entity_type), label=self.label,
                     fields=", ".join(_field_words(f) for f in self.fields))


@dataclass(frozen=True)
class Tightening:
    """A marking the bundle makes more careful: always applied."""

    entity_type: str
    uid: str
    field: str
    sentence: str

    def describe(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class ImportPreview:
    family_uid: str
    display_name: str
    exported_at: datetime | None
    exported_by: str
    records: int
    exists: bool  # the family (same uid) is already in this store
    local_family_id: int | None
    uid_clash: bool  # some of its records' identities are already used elsewhere here
    differences: tuple[RecordDifference, ...]
    relaxations: tuple[Relaxation, ...] = ()  # listed first, in red, each to confirm
    conflicts: tuple[MergeConflict, ...] = ()
    tightenings: tuple[Tightening, ...] = ()

    @property
    def needs_choice(self) -> bool:
        return self.exists or self.uid_clash


_SKIP_COMPARE = {"id", "uid", "created_at", "updated_at", "author"}

# Every marking that keeps something out of a family-facing document, with the value that keeps
# it out. A change away from that value makes something more visible (a relaxation); a change
# to it is a tightening. tests/reliability/test_merge_attacks.py fails when a Boolean column is
# added to the model without being put here or in NOT_MARKINGS.
MARKINGS: dict[tuple[str, str], Any] = {
    ("Person", "confidential"): True,
    ("Person", "details_confidential"): True,
    ("ContactDetail", "confidential"): True,
    ("ContactDetail", "safe_to_share"): False,
    ("ContactDetail", "safe_for_children"): False,
    ("ChildRelation", "helper"): False,  # a helper is named in the child's own copy
    ("SafetyCheckDecision", "decision"): "omit",  # "fine" prints what the check found
}
# Boolean columns that are facts, not markings: changing them hides or shows nothing.
NOT_MARKINGS: frozenset[tuple[str, str]] = frozenset({
    ("Person", "in_household"),
    ("VisitAttendance", "present"),
    ("VisitAttendance", "seen"),
    ("VisitAttendance", "seen_alone"),
    ("SupervisionRecord", "is_group"),
})
_CONTACT_MARKS = ("confidential", "safe_to_share", "safe_for_children")


def _label(row_values: dict[str, Any], name: str) -> str:
    for k in ("name", "display_name", "text", "title", "decision", "value", "note",
              "reflections", "group_summary", "signed_off_by", "caption", "filename"):
        v = row_values.get(k)
        if isinstance(v, str) and v.strip():
            return _quote(v)
    if name == "Score":
        return str(row_values.get("value"))
    return ""


def _quote(v: str, n: int = 50) -> str:
    v = " ".join(v.split())
    return '"' + v[:n] + ("…" if len(v) > n else "") + '"'


def _local_value(obj: Any, col: Any, uid_by_id: dict[tuple[str, int], str]) -> Any:
    v = getattr(obj, col.key)
    target = _fk_target(col)
    if target is not None:
        return None if v is None else uid_by_id.get((target, v))
    return v


def _bundle_value(row: Row, col: Any) -> Any:
    if col.name in row.refs:
        return row.refs[col.name][1]
    return row.values.get(col.key)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return _utc(a) == _utc(b)
    if isinstance(a, enum.Enum):
        a = a.value
    if isinstance(b, enum.Enum):
        b = b.value
    return bool(a == b)


def _utc(v: datetime) -> datetime:
    return v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)


# --- "has this store's copy changed since the version the bundle grew from?" -----------------

_MISSING = "\0missing"


def _content_columns(cls: type[m.Tracked]) -> list[Any]:
    return [c for c in _columns(cls) if c.name not in _SKIP_COMPARE and _fk_target(c) is None]


def _norm(col: Any, v: Any) -> Any:
    """One column's value in one comparable form, whether it comes from a live record, a
    bundle row or an edit-history snapshot (store/history.py's JSON)."""
    if v is None or v == _MISSING:
        return v
    if isinstance(v, enum.Enum):
        return v.value
    t = col.type
    if isinstance(t, m.UTCDateTime):
        if isinstance(v, str):
            try:
                v = datetime.fromisoformat(v)
            except ValueError:
                return v
        return _utc(v).isoformat() if isinstance(v, datetime) else v
    if isinstance(t, Date) and isinstance(v, date):
        return v.isoformat()
    if isinstance(t, LargeBinary):
        if isinstance(v, dict):
            return v.get("sha256")
        if isinstance(v, (bytes, bytearray, memoryview)):
            return hashlib.sha256(bytes(v)).hexdigest()
    if isinstance(t, JSON):
        return json.dumps(v, sort_keys=True, default=str)
    return v


def _fingerprint(cls: type[m.Tracked], get: Any) -> tuple[Any, ...]:
    return tuple(_norm(c, get(c)) for c in _content_columns(cls))


def _history_prints(versions: Any) -> dict[str, set[tuple[Any, ...]]]:
    """uid -> the fingerprints of every version of that record in a history."""
    out: dict[str, set[tuple[Any, ...]]] = {}
    for entity_type, uid, op, data in versions:
        cls = MODELS.get(entity_type)
        if cls is None or op == "delete" or not isinstance(data, dict):
            continue
        out.setdefault(uid, set()).add(
            _fingerprint(cls, lambda c, d=data: d.get(c.key, _MISSING)))
    return out


def _key_text(v: Any) -> str:
    return "".join(ch for ch in str(v or "").casefold() if ch.isalnum())


@dataclass
class _Match:
    row: Row
    obj: Any
    status: Literal["update", "keep", "conflict"]
    fields: tuple[str, ...]  # column keys that differ
    relax: dict[str, str] = field(default_factory=dict)  # column key -> relaxation key
    tighten: tuple[str, ...] = ()


@dataclass
class _Plan:
    """What a merge would do; computed inside a session, used for preview and for writing."""

    differences: list[RecordDifference] = field(default_factory=list)
    matched: dict[str, int] = field(default_factory=dict)  # bundle uid -> local id (same record)
    add: list[Row] = field(default_factory=list)
    changes: list[_Match] = field(default_factory=list)
    # bundle uids not brought in (deleted here, or skipped): references to them become None
    gone: set[str] = field(default_factory=set)
    relaxations: list[Relaxation] = field(default_factory=list)
    conflicts: list[MergeConflict] = field(default_factory=list)
    tightenings: list[Tightening] = field(default_factory=list)
    # new rows arriving unmarked beside something marked here: uid -> (key, fields to keep
    # strict when not confirmed, or None to leave the record out)
    add_relax: dict[str, tuple[str, tuple[str, ...] | None]] = field(default_factory=dict)


class _Describer:
    """Plain-words names for the records a relaxation is about (this store's names first), in
    the screens' language; the names and values are the family's, never translated."""

    def __init__(self, contents: BundleContents, local_rows: dict[str, list[Any]]) -> None:
        self.person: dict[str, str] = {}
        for o in local_rows["Person"]:
            self.person[o.uid] = o.name
        for r in contents.rows["Person"]:
            self.person.setdefault(r.uid, str(r.values.get("name", "")))

    def who(self, uid: str | None) -> str:
        return _quote(self.person.get(uid or "", "") or _("someone"), 40)

    def contact(self, values: dict[str, Any], person_uid: str | None) -> str:
        kind = values.get("kind")
        kind = kind.value if isinstance(kind, enum.Enum) else str(kind or "contact")
        words = _CONTACT_OF.get(kind, _CONTACT_OF["contact"])
        return _(words).format(value=_quote(str(values.get("value", "")), 40),
                               who=self.who(person_uid))


#: "Address "1 High Street" of "Sarah Hughes"" (the English; said in the screens' language)
_CONTACT_OF = {"address": N_("Address {value} of {who}"),
               "phone": N_("Phone number {value} of {who}"),
               "email": N_("Email address {value} of {who}"),
               "contact": N_("Contact detail {value} of {who}")}


def _person_words(values: dict[str, Any]) -> str:
    """The person's name, quoted, or "someone"."""
    return _quote(str(values.get("name", "")) or _("someone"), 40)


def _relax_sentence(d: _Describer, name: str, col: str, values: dict[str, Any],
                    refs: dict[str, str | None]) -> str:
    if name == "Person":
        who = _person_words(values)
        if col == "confidential":
            return _("Person {who} is confidential here. The bundle would take that off, so "
                     "their name could print in the family's documents.").format(who=who)
        return _("Person {who}: their role and organisation are not for the family's copy "
                 "here. The bundle would let them print.").format(who=who)
    if name == "ContactDetail":
        c = d.contact(values, refs.get("person_id"))
        return {
            "confidential": _("{contact} is marked \"not for the family's copy\" here. The "
                              "bundle would take that off, so it would print on the family's "
                              "documents."),
            "safe_to_share": _("{contact}: the bundle would mark it safe to share, so it would "
                               "print even on a safe copy."),
            "safe_for_children": _("{contact}: the bundle would mark it safe for children, so "
                                   "it could print in a child's own copy."),
        }[col].format(contact=c)
    if name == "ChildRelation":
        return _("{who}: the bundle would put them on {child}'s \"who helps keep me safe\" "
                 "list, which prints in the child's copy.").format(
                     who=d.who(refs.get("person_id")), child=d.who(refs.get("child_id")))
    if name == "SafetyCheckDecision":
        return _("Safety check finding {finding} is marked \"leave out\" here. The bundle "
                 "would mark it fine to print.").format(
                     finding=_quote(str(values.get("key", "")), 60))
    return _("{kind}: the bundle would take off a marking.").format(kind=_kind_capital(name))


def _tighten_sentence(d: _Describer, name: str, col: str, values: dict[str, Any],
                      refs: dict[str, str | None]) -> str:
    if name == "ContactDetail":
        what = d.contact(values, refs.get("person_id"))
    elif name == "Person":
        what = _("Person {who}").format(who=_quote(str(values.get("name", "")), 40))
    elif name == "ChildRelation":
        what = _("{who} on {child}'s list").format(who=d.who(refs.get("person_id")),
                                                    child=d.who(refs.get("child_id")))
    else:
        what = _("Safety check finding {finding}").format(
            finding=_quote(str(values.get("key", "")), 60))
    return _("{what}: marked more carefully from the bundle ({field}).").format(
        what=what, field=_field_words(col))


def _merge_plan(s: Session, contents: BundleContents, family_id: int) -> _Plan:
    plan = _Plan()
    local_rows = _family_rows(s, family_id)
    describer = _Describer(contents, local_rows)
    uid_by_id: dict[tuple[str, int], str] = {}
    for name, lst in local_rows.items():
        table = MODELS[name].__tablename__
        for o in lst:
            uid_by_id[(table, o.id)] = o.uid
    local_by_uid = {o.uid: o for lst in local_rows.values() for o in lst}
    # One-per-family records created independently on each side pair up by family, not uid.
    singles = {n: (local_rows[n][0] if local_rows[n] else None)
               for n in ("SafetyPlan", "Assessment", "Family")}
    versions = {o.version: o for o in local_rows["SafetyPlanVersion"]}
    # One attendance row per (visit, person): rows made on each laptop pair up by those two.
    attendance = {(uid_by_id.get(("visits", o.visit_id)), uid_by_id.get(("people", o.person_id))): o
                  for o in local_rows["VisitAttendance"]}
    # One safety-check decision per finding: decisions made on each laptop pair up by key.
    decisions = {o.key: o for o in local_rows["SafetyCheckDecision"]}
    local_history = _family_versions(s, family_id, set(local_by_uid) | {
        r.uid for lst in contents.rows.values() for r in lst})
    local_versions = [(v.entity_type, v.entity_uid, v.operation, v.data) for v in local_history]
    # Versions this store has (their identity: record, time, operation), and the fingerprints
    # of the versions the bundle brings that this store never had: a bundle that brings no
    # new version of a record cannot take it back to one this store had and moved on from
    # (an undo here, or an edit put back by hand).
    local_keys = {(v.entity_uid, _utc(v.changed_at).isoformat(), v.operation)
                  for v in local_history}
    bundle_new_prints = _history_prints(
        (h.entity_type, h.entity_uid, h.operation, h.data) for h in contents.history
        if (h.entity_uid, _utc(h.changed_at).isoformat(), h.operation) not in local_keys)
    # Records deleted in this store: merge never deletes, and it never brings them back either.
    deleted_here = {v[1] for v in local_versions if v[2] == "delete"}
    local_prints = _history_prints(local_versions)
    bundle_prints = _history_prints(
        (h.entity_type, h.entity_uid, h.operation, h.data) for h in contents.history)
    # What is marked here, for records arriving new beside it.
    confidential_people = {o.uid for o in local_rows["Person"] if o.confidential}
    marked_names = {_key_text(o.name): o for o in local_rows["Person"]
                    if o.confidential or o.details_confidential}
    marked_values = {_key_text(o.value): o for o in local_rows["ContactDetail"]
                     if o.confidential or not (o.safe_to_share and o.safe_for_children)}
    # A score the sign-off of a supervision record made here is part of that signed record.
    signed_moments = {_utc(r.signed_off_at) for r in local_rows["SupervisionRecord"]
                      if r.signed_off_at is not None}
    # ... and one made by a sign-off in the bundle goes with that record (never added).
    bundle_signed = {_utc(r.values["signed_off_at"]) for r in contents.rows["SupervisionRecord"]
                     if r.values.get("signed_off_at") is not None}
    seen: set[str] = set()
    for name in ORDER:
        cls = MODELS[name]
        for row in contents.rows[name]:
            obj = local_by_uid.get(row.uid)
            if obj is not None and type(obj).__name__ != name:
                # Same identity, different kind of record: never compared column by column.
                raise _identity_clash(name, type(obj).__name__)
            if obj is None and name in singles:
                obj = singles[name]
            if obj is None and name == "VisitAttendance":
                obj = attendance.get((row.refs["visit_id"][1], row.refs["person_id"][1]))
            if obj is None and name == "SafetyCheckDecision":
                obj = decisions.get(row.values.get("key"))
            label = _label(row.values, name)
            refs = {c: u for c, (_t, u) in row.refs.items()}
            signed_in_bundle = (name == "SupervisionRecord"
                                and row.values.get("signed_off_at") is not None)
            if obj is None:
                clash = s.scalar(select(cls.id).where(cls.uid == row.uid))
                reason = ""
                if clash is not None:
                    reason = N_("its identity is used by another family here")
                elif row.uid in deleted_here:
                    reason = N_("it was deleted in this store")
                elif any(ref in plan.gone and not cls.__table__.c[col].nullable
                         for col, (_t, ref) in row.refs.items()):
                    reason = N_("it belongs to a record that is not brought in")
                elif name == "SafetyPlanVersion" and row.values.get("version") in versions:
                    label = _("version {number}").format(number=row.values.get("version"))
                    reason = N_("this store has a different plan version with that number")
                elif signed_in_bundle:
                    reason = N_("it is signed off, and a merge never adds a signed-off "
                                "supervision record (who signed it cannot be checked here)")
                elif name == "Score" and row.values.get("scorer_label") == SUPERVISOR_LABEL \
                        and row.values.get("scored_at") is not None \
                        and _utc(row.values["scored_at"]) in bundle_signed | signed_moments:
                    reason = N_("it was recorded by the sign-off of a supervision record, and a "
                                "merge never adds to a signed-off record")
                if reason:
                    plan.gone.add(row.uid)
                    plan.differences.append(RecordDifference(
                        name, row.uid, label, "only_in_bundle", action="skip", reason=reason))
                    continue
                _new_record_relaxation(plan, describer, name, row, refs, confidential_people,
                                       marked_names, marked_values)
                plan.add.append(row)
                plan.differences.append(RecordDifference(name, row.uid, label, "only_in_bundle",
                                                         action="add"))
                continue
            seen.add(obj.uid)
            plan.matched[row.uid] = obj.id
            cols = [col for col in _columns(cls) if col.name not in _SKIP_COMPARE
                    and not _same(_local_value(obj, col, uid_by_id), _bundle_value(row, col))]
            if not cols:
                continue
            fields = tuple(col.name for col in cols)
            if name == "SupervisionRecord" and (obj.signed_off_at is not None
                                                or signed_in_bundle):
                why = (N_("this store's record is signed off and read-only")
                       if obj.signed_off_at is not None else
                       N_("the bundle's copy is signed off, and a merge never signs a record "
                          "off"))
                plan.differences.append(RecordDifference(
                    name, row.uid, label, "differs", fields, False, "skip", why))
                continue
            scored_at = getattr(obj, "scored_at", None) if name == "Score" else None
            if scored_at is not None and getattr(obj, "scorer_label", "") == SUPERVISOR_LABEL \
                    and _utc(scored_at) in signed_moments:
                plan.differences.append(RecordDifference(
                    name, row.uid, label, "differs", fields, False, "skip",
                    N_("it was recorded by the sign-off of a supervision record, which is "
                       "read-only")))
                continue
            # The rule that replaces "newer wins": never the sender's clock, only ancestry.
            here = _fingerprint(cls, lambda c, o=obj: getattr(o, c.key))
            there = _fingerprint(cls, lambda c, r=row: _bundle_value(r, c))
            status: Literal["update", "keep", "conflict"]
            if there in local_prints.get(obj.uid, set()) \
                    and there not in bundle_new_prints.get(row.uid, set()) \
                    and here != there:
                status = "keep"  # this store had the bundle's version and moved on from it
            elif here in bundle_prints.get(row.uid, set()) | {there}:
                status = "update"  # the bundle's copy grew from exactly what is here
            elif there in local_prints.get(obj.uid, set()):
                status = "keep"  # this store already had the bundle's version, and moved on
            else:
                status = "conflict"  # both changed it since the version they share
            match = _Match(row, obj, status, tuple(c.key for c in cols))
            local_vals = {c.key: getattr(obj, c.key) for c in _columns(cls)}
            local_refs = {c.name: _local_value(obj, c, uid_by_id) for c in _columns(cls)
                          if _fk_target(c) is not None}
            tighten = []
            for col in cols:
                strict = MARKINGS.get((name, col.name), _MISSING)
                if strict is _MISSING:
                    continue
                mine, theirs = _norm(col, getattr(obj, col.key)), _norm(col, _bundle_value(row, col))
                if mine == strict and theirs != strict and status != "keep":
                    key = f"{row.uid}.{col.name}"
                    match.relax[col.key] = key
                    plan.relaxations.append(Relaxation(
                        key, name, row.uid, col.name,
                        _relax_sentence(describer, name, col.name, local_vals, local_refs)))
                elif mine != strict and theirs == strict:
                    tighten.append(col.key)
                    plan.tightenings.append(Tightening(
                        name, row.uid, col.name,
                        _tighten_sentence(describer, name, col.name, local_vals, local_refs)))
            match.tighten = tuple(tighten)
            if name == "ContactDetail" and status != "keep":
                _moved_contact_relaxation(plan, describer, match, local_vals, local_refs,
                                          refs, confidential_people, marked_values)
            if status != "keep":
                _content_relaxations(plan, describer, match, local_vals, local_refs,
                                     confidential_people)
            plan.changes.append(match)
            if status == "conflict":
                plan.conflicts.append(MergeConflict(row.uid, name, row.uid, label, fields))
            held = ""
            if match.relax:
                held = N_("the changes listed first, as making something more visible, are "
                          "made only if confirmed")
            plan.differences.append(RecordDifference(
                name, row.uid, label, "differs", fields, status == "update",
                "update" if status == "update" else status, held))
    for name in ORDER:
        bundle_uids = {r.uid for r in contents.rows[name]}
        for o in local_rows[name]:
            if o.uid not in seen and o.uid not in bundle_uids:
                vals = {c.key: getattr(o, c.key) for c in _columns(MODELS[name])}
                plan.differences.append(RecordDifference(name, o.uid, _label(vals, name),
                                                         "only_here", action="keep"))
    return plan


def _new_record_relaxation(plan: _Plan, d: _Describer, name: str, row: Row,
                           refs: dict[str, str | None], confidential_people: set[str],
                           marked_names: dict[str, Any], marked_values: dict[str, Any]) -> None:
    """A record only in the bundle that would print something marked here: a contact detail
    of a person confidential here, or one with the same value as a contact marked here; a
    person with the name of someone confidential here; a "fine" for a finding; a confidential
    person put on a child's helper list."""
    v = row.values
    key = f"{row.uid}.new"
    sentence = ""
    keep: tuple[str, ...] | None = ()
    if name == "ContactDetail":
        c = d.contact(v, refs.get("person_id"))
        same = marked_values.get(_key_text(v.get("value")))
        if refs.get("person_id") in confidential_people and not v.get("confidential"):
            sentence = _("New: {contact}. {who} is confidential here, but the bundle's new "
                         "contact detail is not marked \"not for the family's copy\".").format(
                             contact=c, who=d.who(refs.get("person_id")))
        elif same is not None and any(
                _norm_bool(v.get(f)) != getattr(same, f) and getattr(same, f) == MARKINGS[
                    ("ContactDetail", f)] for f in _CONTACT_MARKS):
            sentence = _("New: {contact}. The same contact detail is marked more carefully "
                         "here (not for the family's copy, or not safe to share), but the "
                         "bundle's new one is not.").format(contact=c)
        keep = _CONTACT_MARKS
    elif name == "Person":
        same = marked_names.get(_key_text(v.get("name")))
        if same is not None:
            lost = tuple(f for f in ("confidential", "details_confidential")
                         if getattr(same, f) and not v.get(f))
            if lost:
                sentence = _("New person {who} has the same name as someone marked "
                             "confidential here, but arrives without that marking.").format(
                                 who=_quote(str(v.get("name", "")), 40))
                keep = lost
    elif name == "SafetyCheckDecision" and v.get("decision") != MARKINGS[(name, "decision")]:
        sentence = _("Safety check finding {finding}: the bundle would mark it fine to print "
                     "(there is no decision about it here yet).").format(
                         finding=_quote(str(v.get("key", "")), 60))
        keep = None
    elif name == "ChildRelation" and v.get("helper") and refs.get("person_id") in \
            confidential_people:
        sentence = _("{who} is confidential here, but the bundle would put them on {child}'s "
                     "\"who helps keep me safe\" list, which prints in the child's copy.").format(
                         who=d.who(refs.get("person_id")), child=d.who(refs.get("child_id")))
        keep = ("helper",)
    if sentence:
        plan.relaxations.append(Relaxation(key, name, row.uid, "new", sentence))
        plan.add_relax[row.uid] = (key, keep)


def _moved_contact_relaxation(plan: _Plan, d: _Describer, match: _Match,
                              local_vals: dict[str, Any], local_refs: dict[str, Any],
                              refs: dict[str, str | None], confidential_people: set[str],
                              marked_values: dict[str, Any]) -> None:
    """Two ways a contact detail's *content* can un-hide something: moved from a person
    confidential here to one who is not, or its value changed (to one marked here, such as the
    refuge address typed into a contact that prints, or away from the value marked here). Each
    is a relaxation of that field."""
    row = match.row
    if ("person_id" in match.fields and local_refs.get("person_id") in confidential_people
            and refs.get("person_id") not in confidential_people):
        key = f"{row.uid}.person_id"
        match.relax["person_id"] = key
        plan.relaxations.append(Relaxation(
            key, "ContactDetail", row.uid, "person_id",
            _("{contact}: the bundle would move it to {who}, who is not confidential, so it could "
              "print.").format(contact=d.contact(local_vals, local_refs.get("person_id")),
                               who=d.who(refs.get("person_id")))))
    if "value" in match.fields:
        _value_relaxation(plan, d, match, local_vals, local_refs, confidential_people,
                          marked_values)


def _value_relaxation(plan: _Plan, d: _Describer, match: _Match, local_vals: dict[str, Any],
                      local_refs: dict[str, Any], confidential_people: set[str],
                      marked_values: dict[str, Any]) -> None:
    """A contact detail's value changed. Every contact detail is marked one way or another
    (not for the family's copy, left out of the safe copy or the child's copy, or "fine" to
    print there), and the marking belongs to the value: once the marked value is gone it is
    no longer blanked where it is written elsewhere, and a new value would print as checked
    when nobody checked it. So the value is kept unless this change is confirmed."""
    row, obj = match.row, match.obj
    c = d.contact(local_vals, local_refs.get("person_id"))
    new = _quote(str(row.values.get("value", "")), 40)
    same = marked_values.get(_key_text(row.values.get("value")))
    which = ""
    if same is not None and same is not obj and same.confidential \
            and not row.values.get("confidential"):
        sentence = _("{contact}: the bundle would change it to {new}, which is marked \"not "
                     "for the family's copy\" elsewhere here, and this one is not marked.")
    elif obj.confidential:
        sentence = _("{contact} is marked \"not for the family's copy\" here. The bundle would "
                     "change it to {new}, and then the value here would no longer be blanked "
                     "where it is written elsewhere in the family's documents.")
    elif local_refs.get("person_id") in confidential_people:
        sentence = _("{contact}: {who} is confidential here. The bundle would change it to "
                     "{new}, and then the value here would no longer be blanked where it is "
                     "written elsewhere in the family's documents.")
    elif obj.safe_to_share or obj.safe_for_children:
        which = _(N_("safe to share and safe for children")
                  if obj.safe_to_share and obj.safe_for_children else
                  N_("safe to share") if obj.safe_to_share else N_("safe for children"))
        sentence = _("{contact} is marked {which} here. The bundle would change it to {new}, "
                     "which would then print as {which} although nobody here checked "
                     "it.")
    else:
        sentence = _("{contact} is left out of the safe copy here. The bundle would change it "
                     "to {new}, and then the value here would no longer be blanked where it "
                     "is written elsewhere in the safe copy.")
    sentence = sentence.format(contact=c, new=new, who=d.who(local_refs.get("person_id")),
                               which=which)
    key = f"{row.uid}.value"
    match.relax["value"] = key
    plan.relaxations.append(Relaxation(key, "ContactDetail", row.uid, "value", sentence))


# Columns of a person that are blanked in free text when the person (or their role and
# organisation) is confidential here: changing them stops the old words being blanked.
_PERSON_HIDDEN_WORDS = ("name", "relationship_label", "organisation")


def _content_relaxations(plan: _Plan, d: _Describer, match: _Match, local_vals: dict[str, Any],
                         local_refs: dict[str, Any], confidential_people: set[str]) -> None:
    """Changes of content (not of a marking) that un-hide something: renaming a person who is
    confidential here, or whose role and organisation are (the old words stop being blanked
    in free text); a contact detail's kind changed; any change to a safety-check decision
    that is "leave out" here (a changed key leaves the finding without its decision)."""
    row, obj, name = match.row, match.obj, match.row.model

    def add(col: str, sentence: str) -> None:
        if col in match.relax:
            return
        key = f"{row.uid}.{col}"
        match.relax[col] = key
        plan.relaxations.append(Relaxation(key, name, row.uid, col, sentence))

    if name == "Person" and (obj.confidential or obj.details_confidential):
        who = _quote(str(obj.name or "") or _("someone"), 40)
        marked = (_("Person {who} is confidential here.") if obj.confidential else
                  _("Person {who} has their role and organisation marked not for the family's "
                    "copy here.")).format(who=who)
        for col in _PERSON_HIDDEN_WORDS:
            if col not in match.fields:
                continue
            old = getattr(obj, col) or ""
            change = {
                "name": N_("The bundle would rename them {new}, and then {old} would no longer "
                           "be blanked where it is written in the family's documents."),
                "relationship_label": N_("The bundle would change their role from {old} to "
                                         "{new}, and then {old} would no longer be blanked "
                                         "where it is written in the family's documents."),
                "organisation": N_("The bundle would change their organisation from {old} to "
                                   "{new}, and then {old} would no longer be blanked where it "
                                   "is written in the family's documents."),
            }[col]
            add(col, f"{marked} " + _(change).format(
                old=_quote(old, 40), new=_quote(str(row.values.get(col) or ""), 40)))
    elif name == "ContactDetail" and "kind" in match.fields:
        c = d.contact(local_vals, local_refs.get("person_id"))
        add("kind", _("{contact}: the bundle would change what kind of contact detail it is, "
                      "which changes how it is looked for where it is written in the family's "
                      "documents.").format(contact=c))
    elif name == "SafetyCheckDecision" and _norm_enum(obj.decision) == MARKINGS[
            ("SafetyCheckDecision", "decision")]:
        finding = _quote(str(obj.key or ""), 60)
        for col in match.fields:
            if col in ("decision", "family_id"):
                continue  # a marking (listed above), or not content
            add(col, _("Safety check finding {finding} is marked \"leave out\" here. The "
                       "bundle would change its {field} to {value}, and then what it found "
                       "would no longer be left out.").format(
                           finding=finding, field=_field_words(col),
                           value=_quote(str(_norm_enum(row.values.get(col)) or ""), 60)))


def _norm_enum(v: Any) -> Any:
    return v.value if isinstance(v, enum.Enum) else v


def _norm_bool(v: Any) -> bool:
    return bool(v)


def preview_import(store: Store, contents: BundleContents) -> ImportPreview:
    """What importing would do. Reads the store; changes nothing."""
    with store.session() as s:
        fid = s.scalar(select(m.Family.id).where(m.Family.uid == contents.family_uid))
        plan = _Plan()
        clash = False
        if fid is not None:
            plan = _merge_plan(s, contents, fid)
        else:
            for name in ORDER:
                cls = MODELS[name]
                mine = [r.uid for r in contents.rows[name]]
                for i in range(0, len(mine), 500):
                    if s.scalar(select(cls.id).where(cls.uid.in_(mine[i:i + 500])).limit(1)):
                        clash = True
        s.rollback()
    return ImportPreview(contents.family_uid, contents.display_name, contents.exported_at,
                         contents.exported_by, contents.record_count, fid is not None, fid,
                         clash, tuple(plan.differences), tuple(plan.relaxations),
                         tuple(plan.conflicts), tuple(plan.tightenings))


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    family_id: int
    mode: ImportMode
    added: int
    updated: int
    kept: int
    skipped: int
    history_rows: int
    differences: tuple[RecordDifference, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    confirmed: frozenset[str] = frozenset()

    @property
    def relaxations_kept_back(self) -> int:
        """How many changes that would have made something more visible were not made."""
        return sum(1 for r in self.relaxations if r.key not in self.confirmed)


def _remap_plan_content(content: Any, uid_map: dict[str, str]) -> Any:
    if not isinstance(content, dict):
        return content
    out = dict(content)
    rules = []
    for r in out.get("rules", []) or []:
        if isinstance(r, dict):
            r = dict(r)
            r["who_makes_sure"] = [uid_map.get(u, u) for u in r.get("who_makes_sure", []) or []]
        rules.append(r)
    if "rules" in out:
        out["rules"] = rules
    roles = []
    for n in out.get("network_roles", []) or []:
        if isinstance(n, dict):
            n = dict(n)
            n["person_uid"] = uid_map.get(n.get("person_uid", ""), n.get("person_uid"))
        roles.append(n)
    if "network_roles" in out:
        out["network_roles"] = roles
    return out


def import_bundle(store: Store, contents: BundleContents, mode: ImportMode | None = None, *,
                  allow_relax: Collection[str] = (), take_bundle: Collection[str] = ()
                  ) -> ImportResult:
    """Write a validated bundle into the store, in one transaction.

    mode None or "new": only when the family is not here yet (else BundleConflict, nothing
    changed). "copy": a separate family with fresh identities and "(copy)" after its name.
    "merge": into the existing family with the same uid (see the module docstring):
    `allow_relax` holds the keys of the relaxations the worker confirmed (Relaxation.key),
    `take_bundle` the keys of the conflicts they settled with the bundle's version
    (MergeConflict.key). A key that is not in this merge is refused, changing nothing."""
    with store.session(command=IMPORT_COMMAND) as s:
        fid = s.scalar(select(m.Family.id).where(m.Family.uid == contents.family_uid))
        if mode in (None, "new"):
            if fid is not None:
                raise BundleConflict(_(
                    "This family is already in the store; nothing has been changed. Choose "
                    "to import it as a new copy or to merge it."))
            clash = any(
                s.scalar(select(MODELS[n].id).where(MODELS[n].uid == r.uid)) is not None
                for n in ORDER for r in contents.rows[n])
            if clash:
                raise BundleConflict(_(
                    "Some of this family's records are already in the store (it was imported "
                    "before as a copy?); nothing has been changed. Import it as a new copy."))
            return _write_all(s, contents, "new", {})
        if mode == "copy":
            uid_map = {r.uid: new_uid() for lst in contents.rows.values() for r in lst}
            for h in contents.history:
                uid_map.setdefault(h.entity_uid, new_uid())
            return _write_all(s, contents, "copy", uid_map)
        if mode == "merge":
            if fid is None:
                raise BundleConflict(_("There is no copy of this family in the store to merge "
                                       "with; nothing has been changed. Import it normally."))
            return _merge(s, contents, fid, frozenset(allow_relax), frozenset(take_bundle))
    raise ValueError(f"Unknown import mode: {mode}")


def _waves(rows: list[Row], known: Any, mapped: Any) -> list[list[Row]]:
    """Split rows into groups whose references are all resolvable once earlier groups exist."""
    remaining = list(rows)
    ours = {mapped(r.uid) for r in rows}
    done: set[str] = set()
    waves: list[list[Row]] = []
    while remaining:
        ready = [r for r in remaining if all(
            ref is None or (mapped(ref) in done if mapped(ref) in ours else known(ref))
            for _t, ref in r.refs.values())]
        if not ready:
            raise _bad(_("some records point at each other in a circle, or at missing records"))
        waves.append(ready)
        done |= {mapped(r.uid) for r in ready}
        ids = {id(r) for r in ready}
        remaining = [r for r in remaining if id(r) not in ids]
    return waves


def _next_id(s: Session, cls: Any) -> int:
    return int(s.scalar(select(func.coalesce(func.max(cls.id), 0)))) + 1


def _new_obj(row: Row, uid: str, values: dict[str, Any]) -> Any:
    return MODELS[row.model](uid=uid, **values)


def _write_all(s: Session, contents: BundleContents, mode: ImportMode,
               uid_map: dict[str, str]) -> ImportResult:
    local_id: dict[str, int] = {}  # local uid -> local id
    src_map: dict[tuple[str, int], int] = {}  # (table, source id) -> local id
    added = 0
    for name in ORDER:
        table = MODELS[name].__tablename__
        # A record may point at another of the same kind (a goal at its worry): write them in
        # waves so every reference is known when a row is inserted (no later UPDATE, which would
        # change its updated_at).
        # Ids are chosen up front, in the bundle's order, so lists that fall back on id order
        # (map entries of different areas) come out in the same order as on the sending laptop.
        next_id = _next_id(s, MODELS[name])
        chosen = {uid_map.get(r.uid, r.uid): next_id + i for i, r in enumerate(contents.rows[name])}
        for wave in _waves(contents.rows[name], lambda ref: uid_map.get(ref, ref) in local_id,
                           lambda ref: uid_map.get(ref, ref)):
            objs: list[tuple[Any, Row]] = []
            for row in wave:
                values = dict(row.values)
                for col, (_target, ref) in row.refs.items():
                    values[col] = None if ref is None else local_id[uid_map.get(ref, ref)]
                if name in ("SafetyPlan", "SafetyPlanVersion"):
                    values["content"] = _remap_plan_content(values.get("content"), uid_map)
                if name == "Family" and mode == "copy":
                    values["display_name"] = f"{values.get('display_name', '')} (copy)"
                uid = uid_map.get(row.uid, row.uid)
                obj = _new_obj(row, uid, values)
                obj.id = chosen[uid]
                s.add(obj)
                objs.append((obj, row))
                added += 1
            s.flush()
            for obj, row in objs:
                local_id[obj.uid] = obj.id
                src_map[(table, row.src_id)] = obj.id
    fam_uid = uid_map.get(contents.family_uid, contents.family_uid)
    fid = local_id[fam_uid]
    # history already here (an import undone and made again): written once
    uids = sorted({uid_map.get(h.entity_uid, h.entity_uid) for h in contents.history})
    existing = {(v.entity_uid, _utc(v.changed_at).isoformat(), v.operation)
                for v in changesets.versions(s.connection(), entity_uids=uids)}
    n_hist = _write_history(s, contents, fid, uid_map, src_map, existing)
    history.note(s, "bundle_import", family_id=fid, entity_type="Family", entity_uid=fam_uid,
                 summary=_note(contents, mode, added, 0, n_hist))
    return ImportResult(fid, mode, added, 0, 0, 0, n_hist)


def _note(contents: BundleContents, mode: str, added: int, updated: int, n_hist: int) -> str:
    when = contents.exported_at.isoformat() if contents.exported_at else "unknown"
    return (f"mode={mode}; added={added}; updated={updated}; history={n_hist}; "
            f"exported_at={when}; source_audit_head={contents.source_audit_head[:16]}")


def _write_history(s: Session, contents: BundleContents, fid: int, uid_map: dict[str, str],
                   src_map: dict[tuple[str, int], int],
                   existing: set[tuple[str, str, str]], only: set[str] | None = None) -> int:
    """Bring the family's edit history along, remapped to this store's ids (so "what changed
    since the last sign-off" works on the receiving laptop). Versions of records that were
    deleted before export keep entity_id 0."""
    rows = []
    for h in contents.history:
        cls = MODELS[h.entity_type]
        table = cls.__tablename__
        uid = uid_map.get(h.entity_uid, h.entity_uid)
        key = (uid, h.changed_at.isoformat(), h.operation)
        if key in existing or (only is not None and h.entity_uid not in only):
            continue
        data = dict(h.data)
        for col in _columns(cls):
            if col.name not in data:
                continue
            if col.name == "id":
                data["id"] = src_map.get((table, h.entity_id), 0)
            elif col.name == "uid":
                data["uid"] = uid
            else:
                target = _fk_target(col)
                if target is not None and isinstance(data[col.name], int):
                    data[col.name] = src_map.get((target, data[col.name]))
        rows.append({"entity_type": h.entity_type,
                     "entity_id": src_map.get((table, h.entity_id), 0),
                     "entity_uid": uid, "family_id": fid, "operation": h.operation,
                     "changed_at": h.changed_at, "actor": h.actor, "data": data})
    changesets.receive_history(s.connection(), rows)
    return len(rows)


def _merge(s: Session, contents: BundleContents, fid: int, allow_relax: frozenset[str],
           take_bundle: frozenset[str]) -> ImportResult:
    plan = _merge_plan(s, contents, fid)
    unknown = sorted(allow_relax - {r.key for r in plan.relaxations})
    if unknown:
        raise BundleError(_("The change {key} that was confirmed is not one this bundle would "
                            "make here; nothing has been changed. Look at the dry run again.")
                          .format(key=unknown[0]))
    unknown = sorted(take_bundle - {c.key for c in plan.conflicts})
    if unknown:
        raise BundleError(_("The record {key} chosen from the bundle is not one changed on both "
                            "laptops; nothing has been changed. Look at the dry run again.")
                          .format(key=unknown[0]))
    local_id: dict[str, int] = {}
    for lst in _family_rows(s, fid).values():
        for o in lst:
            local_id[o.uid] = o.id
    src_map: dict[tuple[str, int], int] = {}
    adding = {r.uid for r in plan.add}
    changes = {c.row.uid: c for c in plan.changes}
    whole: set[str] = set()  # bundle records taken as they are: their history comes along
    added = updated = 0

    def resolve(row: Row) -> dict[str, Any]:
        values = dict(row.values)
        for col, (_t, ref) in row.refs.items():
            if col == "family_id":
                values[col] = fid
            elif ref is None or (ref in plan.gone and ref not in local_id):
                values[col] = None  # as ON DELETE SET NULL would have left it here
            elif ref in local_id:
                values[col] = local_id[ref]
            else:
                raise _bad(_("a record points at a record that is not here or in the bundle"))
        return values

    def new_values(row: Row) -> dict[str, Any] | None:
        values = resolve(row)
        key, keep = plan.add_relax.get(row.uid, ("", ()))
        if key and key not in allow_relax:
            if keep is None:
                return None  # e.g. a "fine" for a finding: left out unless confirmed
            for f in keep:  # arrives marked as carefully as what it sits beside here
                values[f] = MARKINGS[(row.model, f)]
        return values

    for name in ORDER:
        table = MODELS[name].__tablename__
        rows = contents.rows[name]
        for row in rows:
            if row.uid in plan.matched:
                src_map[(table, row.src_id)] = plan.matched[row.uid]
        to_add = []
        for r in rows:
            if r.uid in adding:
                vals = new_values(r)
                if vals is None:
                    plan.gone.add(r.uid)
                else:
                    to_add.append((r, vals))
        next_id = _next_id(s, MODELS[name])
        chosen = {r.uid: next_id + i for i, (r, _v) in enumerate(to_add)}
        values_of = {r.uid: v for r, v in to_add}
        for wave in _waves([r for r, _v in to_add], lambda ref: ref in local_id,
                           lambda ref: ref):
            objs = []
            for row in wave:
                obj = _new_obj(row, row.uid, values_of[row.uid])
                obj.id = chosen[row.uid]
                s.add(obj)
                objs.append((obj, row))
                added += 1
                whole.add(row.uid)
            s.flush()
            for obj, row in objs:
                local_id[obj.uid] = obj.id
                src_map[(table, row.src_id)] = obj.id
        for row in rows:
            match = changes.get(row.uid)
            if match is None:
                continue
            values = resolve(row)
            take_all = match.status == "update" or (
                match.status == "conflict" and row.uid in take_bundle)
            if take_all:
                keys = [k for k in match.fields
                        if k not in match.relax or match.relax[k] in allow_relax]
            else:
                keys = list(match.tighten) + [k for k, rk in match.relax.items()
                                              if rk in allow_relax]
            keys = [k for k in keys if k not in ("uid", "id", "family_id", "created_at")]
            for k in keys:
                setattr(match.obj, k, values[k])
            if keys:
                updated += 1
            if take_all and len(keys) == len(match.fields):
                whole.add(row.uid)
        s.flush()
    existing = {(v.entity_uid, _utc(v.changed_at).isoformat(), v.operation)
                for v in changesets.versions(s.connection(), family_id=fid)}
    # Only the history of records brought in as the bundle has them: the history of a record
    # kept as it is here (or kept marked) must not claim versions this store never had.
    n_hist = _write_history(s, contents, fid, {}, src_map, existing, whole)
    kept = sum(1 for d in plan.differences if d.action in ("keep", "conflict")
               and d.status == "differs" and not (d.action == "conflict" and d.uid in take_bundle))
    skipped = sum(1 for d in plan.differences if d.action == "skip") + sum(
        1 for r in plan.add if r.uid in plan.gone)
    history.note(s, "bundle_import", family_id=fid, entity_type="Family",
                 entity_uid=contents.family_uid,
                 summary=_note(contents, "merge", added, updated, n_hist)
                 + f"; relaxations={len(plan.relaxations)}; confirmed={len(allow_relax)}; "
                   f"conflicts={len(plan.conflicts)}; took_bundle={len(take_bundle)}")
    return ImportResult(fid, "merge", added, updated, kept, skipped, n_hist,
                        tuple(plan.differences), tuple(plan.relaxations),
                        frozenset(allow_relax))


def import_bundle_file(store: Store, path: Path | str, passphrase: str,
                       mode: ImportMode | None = None, *, allow_relax: Collection[str] = (),
                       take_bundle: Collection[str] = ()) -> ImportResult:
    """Read, check and import a bundle file in one call. The file is fully decrypted and
    validated before the store is touched; the write is one transaction."""
    return import_bundle(store, read_bundle(path, passphrase), mode, allow_relax=allow_relax,
                         take_bundle=take_bundle)
