"""Handing a case over: one family as an encrypted bundle file, and importing it safely.

Export gathers every row that belongs to the family (all columns, references written as uids),
plus the family's edit history, and seals it with store/bundle.py (Argon2id + AES-256-GCM).

Import runs in two phases so that failure changes nothing:

1. `read_bundle` decrypts, authenticates and validates the whole payload in memory: every record
   type, every column type, every reference. Nothing touches the store.
2. `import_bundle` then writes in ONE transaction. Any error rolls the whole import back.

It never overwrites silently. When the family (same uid) is already in the store, the caller must
choose: `mode="copy"` adds it as a separate family with fresh identities, `mode="merge"` brings in
what differs (records only in the bundle are added; a record in both is updated only when the
bundle's copy is newer; nothing is deleted; signed-off supervision records are never changed).
`preview_import` shows those differences first.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
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
    insert,
    select,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from .. import __version__
from ..domain import model as m
from ..domain.model import new_uid
from ..store import history
from ..store.atomic import atomic_write_bytes
from ..store.bundle import BundleError, BundleInvalid, BundleKdf, open_bundle, seal
from ..store.engine import Store
from ..store.errors import NotFound

PAYLOAD_FORMAT = "safetymap.bundle/1"
MODELS: dict[str, type[m.Tracked]] = {cls.__name__: cls for cls in m.TRACKED_MODELS}
BY_TABLE: dict[str, type[m.Tracked]] = {cls.__tablename__: cls for cls in m.TRACKED_MODELS}
ORDER: tuple[str, ...] = tuple(cls.__name__ for cls in m.TRACKED_MODELS)  # parents first
_UID = re.compile(r"^[0-9a-f]{32}$")
ImportMode = Literal["new", "copy", "merge"]


class BundleConflict(BundleError):
    """The family is already here (or some of its records are): the user has to choose."""


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
    return BundleInvalid(f"The bundle opened but its contents are not a valid family record "
                         f"({what}); nothing has been changed.")


def _decode(col: Any, value: Any, where: str) -> Any:
    t = col.type
    if value is None:
        if not col.nullable:
            raise _bad(f"{where} is missing")
        return None
    try:
        if isinstance(t, m.UTCDateTime):
            if not isinstance(value, str):
                raise ValueError
            dt = datetime.fromisoformat(value)
            return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
        if isinstance(t, Date):
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value)
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
    except (ValueError, TypeError, binascii.Error):
        raise _bad(f"{where} has the wrong kind of value") from None
    raise _bad(f"{where} has an unknown type")


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


def build_payload(store: Store, family_id: int) -> dict[str, Any]:
    """The plain JSON payload of a bundle (before encryption). Useful for tests and previews."""
    with store.session() as s:
        fam = s.get(m.Family, family_id)
        if fam is None:
            raise NotFound(f"There is no family with id {family_id}.")
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
            for v in s.scalars(select(m.EntityVersion)
                               .where(m.EntityVersion.family_id == family_id)
                               .order_by(m.EntityVersion.id))
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
        raise BundleError("A bundle needs a passphrase; nothing has been written.")
    payload = build_payload(store, family_id)
    data = seal(payload, passphrase, kdf)
    out = Path(out)
    atomic_write_bytes(out, data)
    n = sum(len(v) for v in payload["records"].values())
    with store.session() as s:
        history.note(s, "bundle_export", family_id=family_id, entity_type="Family",
                     entity_uid=payload["family_uid"],
                     summary=f"records={n}; history={len(payload['history'])}")
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
        raise _bad(f"a {name} record is not an object")
    uid = raw.get("uid")
    src = raw.get("_id")
    if not isinstance(uid, str) or not _UID.match(uid):
        raise _bad(f"a {name} record has no valid identity")
    if isinstance(src, bool) or not isinstance(src, int):
        raise _bad(f"a {name} record has no valid number")
    if uid in uids:
        raise _bad("two records share one identity")
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
                    raise _bad(f"a {name} record is missing its {col.name}")
            elif not isinstance(v, str) or not _UID.match(v):
                raise _bad(f"a {name} record has a broken reference")
            refs[col.name] = (BY_TABLE[target].__name__, v)
            continue
        if col.name not in raw:
            if col.nullable or col.default is not None:
                continue  # an older exporter without this column: the model's default applies
            raise _bad(f"a {name} record is missing its {col.name}")
        values[col.key] = _decode(col, raw[col.name], f"{name}.{col.name}")
    return Row(name, uid, src, values, refs)


def parse_payload(payload: dict[str, Any]) -> BundleContents:
    """Validate a decrypted payload completely. Raises BundleInvalid with a sentence."""
    if payload.get("format") != PAYLOAD_FORMAT:
        raise _bad("unknown contents format")
    records = payload.get("records")
    if not isinstance(records, dict) or set(records) - set(MODELS):
        raise _bad("unknown kinds of record")
    uids: dict[str, str] = {}
    rows: dict[str, list[Row]] = {}
    for name in ORDER:
        lst = records.get(name, [])
        if not isinstance(lst, list):
            raise _bad(f"the {name} records are not a list")
        rows[name] = [_parse_row(name, r, uids) for r in lst]
    if len(rows["Family"]) != 1:
        raise _bad("it must hold exactly one family")
    fam = rows["Family"][0]
    if payload.get("family_uid") != fam.uid:
        raise _bad("the family's identity does not match")
    for name, lst in rows.items():
        for r in lst:
            for col, (target, uid) in r.refs.items():
                if uid is None:
                    continue
                if uids.get(uid) != target:
                    raise _bad(f"a {name} record points at a record that is not in the bundle")
                if col == "family_id" and uid != fam.uid:
                    raise _bad("a record belongs to another family")
    # The store's own uniqueness rules, checked here so that a bad bundle is refused with a
    # sentence before anything is written (not by a database error half-way through).
    for name in ("SafetyPlan", "Assessment"):
        if len(rows[name]) > 1:
            raise _bad(f"it holds more than one {name}")
    plan_versions = [r.values.get("version") for r in rows["SafetyPlanVersion"]]
    if len(plan_versions) != len(set(plan_versions)):
        raise _bad("two plan versions share one number")
    seen_at = [(r.refs["visit_id"][1], r.refs["person_id"][1]) for r in rows["VisitAttendance"]]
    if len(seen_at) != len(set(seen_at)):
        raise _bad("one person is listed twice at one visit")
    for sc in rows["Score"]:
        if not 0 <= sc.values.get("value", -1) <= 10:
            raise _bad("a score is outside 0 to 10")
    for rec in rows["SupervisionRecord"]:
        v = rec.values.get("supervisor_score")
        if v is not None and not 0 <= v <= 10:
            raise _bad("a supervisor's score is outside 0 to 10")
    hist_raw = payload.get("history", [])
    if not isinstance(hist_raw, list):
        raise _bad("the history is not a list")
    hist: list[HistoryRow] = []
    for h in hist_raw:
        try:
            if not isinstance(h, dict) or h["entity_type"] not in MODELS:
                raise ValueError
            at = datetime.fromisoformat(h["changed_at"])
            hr = HistoryRow(str(h["entity_type"]), int(h["entity_id"]), str(h["entity_uid"]),
                            str(h["operation"]), at if at.tzinfo else at.replace(
                                tzinfo=UTC), str(h.get("actor", "")), h["data"])
            if (hr.operation not in ("insert", "update", "delete")
                    or not isinstance(hr.data, dict) or not _UID.match(hr.entity_uid)):
                raise ValueError
        except (KeyError, ValueError, TypeError):
            raise _bad("an entry in its history is broken") from None
        hist.append(hr)
    exported_at = None
    if isinstance(payload.get("exported_at"), str):
        try:
            exported_at = datetime.fromisoformat(payload["exported_at"])
        except ValueError:
            exported_at = None
    audit = payload.get("source_audit") or {}
    return BundleContents(
        family_uid=fam.uid, display_name=str(fam.values.get("display_name", "")),
        exported_at=exported_at, exported_by=str(payload.get("exported_by", "")),
        app_version=str(payload.get("app_version", "")), rows=rows, history=hist,
        source_audit_head=str(audit.get("head_hash", "")) if isinstance(audit, dict) else "")


def read_bundle(path: Path | str, passphrase: str) -> BundleContents:
    """Open and fully validate a bundle file, in memory. Touches no store."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"There is no file called {path.name}; nothing has been changed.") from None
    except IsADirectoryError:
        raise BundleError(f"{path.name} is a folder, not a bundle file.") from None
    return parse_payload(open_bundle(data, passphrase))


# --- previewing the differences -------------------------------------------------------------


@dataclass(frozen=True)
class RecordDifference:
    entity_type: str
    uid: str
    label: str  # a short description ("Worry: Tomasz drinks...")
    status: Literal["only_in_bundle", "differs", "only_here"]
    fields: tuple[str, ...] = ()
    bundle_newer: bool = False
    action: Literal["add", "update", "keep", "skip"] = "keep"
    reason: str = ""

    def describe(self) -> str:
        what = {"only_in_bundle": "only in the bundle", "differs": "different",
                "only_here": "only in this store"}[self.status]
        act = {"add": "will be added", "update": "will be updated from the bundle",
               "keep": "this store's copy is kept", "skip": "left as it is"}[self.action]
        fields = f" ({', '.join(self.fields)})" if self.fields else ""
        reason = f": {self.reason}" if self.reason else ""
        return f"{self.entity_type} {self.label}: {what}{fields}; {act}{reason}"


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

    @property
    def needs_choice(self) -> bool:
        return self.exists or self.uid_clash


_SKIP_COMPARE = {"id", "uid", "created_at", "updated_at", "author"}


def _label(row_values: dict[str, Any], name: str) -> str:
    for k in ("name", "display_name", "text", "title", "decision", "value", "note",
              "reflections", "group_summary", "signed_off_by", "caption", "filename"):
        v = row_values.get(k)
        if isinstance(v, str) and v.strip():
            return '"' + (v.strip()[:50] + ("…" if len(v.strip()) > 50 else "")) + '"'
    if name == "Score":
        return str(row_values.get("value"))
    return ""


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


@dataclass
class _Plan:
    """What a merge would do; computed inside a session, used for preview and for writing."""

    differences: list[RecordDifference] = field(default_factory=list)
    local: dict[str, Any] = field(default_factory=dict)  # bundle uid -> local object to update
    matched: dict[str, int] = field(default_factory=dict)  # bundle uid -> local id (same record)
    add: list[Row] = field(default_factory=list)
    update: list[Row] = field(default_factory=list)
    # bundle uids not brought in (deleted here, or skipped): references to them become None
    gone: set[str] = field(default_factory=set)


def _merge_plan(s: Session, contents: BundleContents, family_id: int) -> _Plan:
    plan = _Plan()
    local_rows = _family_rows(s, family_id)
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
    # Records deleted in this store: merge never deletes, and it never brings them back either.
    deleted_here = set(s.scalars(select(m.EntityVersion.entity_uid).where(
        m.EntityVersion.family_id == family_id, m.EntityVersion.operation == "delete")))
    seen: set[str] = set()
    for name in ORDER:
        cls = MODELS[name]
        for row in contents.rows[name]:
            obj = local_by_uid.get(row.uid)
            if obj is None and name in singles:
                obj = singles[name]
            if obj is None and name == "VisitAttendance":
                obj = attendance.get((row.refs["visit_id"][1], row.refs["person_id"][1]))
            label = _label(row.values, name)
            if obj is None:
                clash = s.scalar(select(cls.id).where(cls.uid == row.uid))
                if clash is not None:
                    plan.gone.add(row.uid)
                    plan.differences.append(RecordDifference(
                        name, row.uid, label, "only_in_bundle", action="skip",
                        reason="its identity is used by another family here"))
                    continue
                if row.uid in deleted_here:
                    plan.gone.add(row.uid)
                    plan.differences.append(RecordDifference(
                        name, row.uid, label, "only_in_bundle", action="skip",
                        reason="it was deleted in this store"))
                    continue
                orphan = [col for col, (_t, ref) in row.refs.items()
                          if ref in plan.gone and not cls.__table__.c[col].nullable]
                if orphan:
                    plan.gone.add(row.uid)
                    plan.differences.append(RecordDifference(
                        name, row.uid, label, "only_in_bundle", action="skip",
                        reason="it belongs to a record that is not brought in"))
                    continue
                if name == "SafetyPlanVersion" and row.values.get("version") in versions:
                    plan.gone.add(row.uid)
                    plan.differences.append(RecordDifference(
                        name, row.uid, f"version {row.values.get('version')}", "differs",
                        action="skip", reason="this store has a different plan version with "
                        "that number"))
                    continue
                plan.add.append(row)
                plan.differences.append(RecordDifference(name, row.uid, label, "only_in_bundle",
                                                         action="add"))
                continue
            seen.add(obj.uid)
            plan.matched[row.uid] = obj.id
            fields = tuple(
                col.name for col in _columns(cls)
                if col.name not in _SKIP_COMPARE
                and not _same(_local_value(obj, col, uid_by_id), _bundle_value(row, col)))
            if not fields:
                continue
            b_upd = row.values.get("updated_at")
            newer = b_upd is not None and _utc(b_upd) > _utc(obj.updated_at)
            if name == "SupervisionRecord" and obj.signed_off_at is not None:
                plan.differences.append(RecordDifference(
                    name, row.uid, label, "differs", fields, newer, "skip",
                    "this store's record is signed off and read-only"))
                continue
            if newer:
                plan.local[row.uid] = obj
                plan.update.append(row)
            plan.differences.append(RecordDifference(name, row.uid, label, "differs", fields,
                                                     newer, "update" if newer else "keep"))
    for name in ORDER:
        for o in local_rows[name]:
            if o.uid not in seen and o.uid not in {r.uid for r in contents.rows[name]}:
                vals = {c.key: getattr(o, c.key) for c in _columns(MODELS[name])}
                plan.differences.append(RecordDifference(name, o.uid, _label(vals, name),
                                                         "only_here", action="keep"))
    return plan


def preview_import(store: Store, contents: BundleContents) -> ImportPreview:
    """What importing would do. Reads the store; changes nothing."""
    with store.session() as s:
        fid = s.scalar(select(m.Family.id).where(m.Family.uid == contents.family_uid))
        diffs: tuple[RecordDifference, ...] = ()
        clash = False
        if fid is not None:
            diffs = tuple(_merge_plan(s, contents, fid).differences)
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
                         clash, diffs)


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


def import_bundle(store: Store, contents: BundleContents, mode: ImportMode | None = None
                  ) -> ImportResult:
    """Write a validated bundle into the store, in one transaction.

    mode None or "new": only when the family is not here yet (else BundleConflict, nothing
    changed). "copy": a separate family with fresh identities and "(copy)" after its name.
    "merge": into the existing family with the same uid (see the module docstring)."""
    with store.session() as s:
        fid = s.scalar(select(m.Family.id).where(m.Family.uid == contents.family_uid))
        if mode in (None, "new"):
            if fid is not None:
                raise BundleConflict(
                    "This family is already in the store; nothing has been changed. Choose "
                    "to import it as a new copy or to merge it.")
            clash = any(
                s.scalar(select(MODELS[n].id).where(MODELS[n].uid == r.uid)) is not None
                for n in ORDER for r in contents.rows[n])
            if clash:
                raise BundleConflict(
                    "Some of this family's records are already in the store (it was imported "
                    "before as a copy?); nothing has been changed. Import it as a new copy.")
            return _write_all(s, contents, "new", {})
        if mode == "copy":
            uid_map = {r.uid: new_uid() for lst in contents.rows.values() for r in lst}
            for h in contents.history:
                uid_map.setdefault(h.entity_uid, new_uid())
            return _write_all(s, contents, "copy", uid_map)
        if mode == "merge":
            if fid is None:
                raise BundleConflict("There is no copy of this family in the store to merge "
                                     "with; nothing has been changed. Import it normally.")
            return _merge(s, contents, fid)
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
            raise _bad("some records point at each other in a circle, or at missing records")
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
    n_hist = _write_history(s, contents, fid, uid_map, src_map, set())
    history.note(s, "bundle_import", family_id=fid, entity_type="Family", entity_uid=fam_uid,
                 summary=_note(contents, mode, added, 0, n_hist))
    return ImportResult(fid, mode, added, 0, 0, 0, n_hist)


def _note(contents: BundleContents, mode: str, added: int, updated: int, n_hist: int) -> str:
    when = contents.exported_at.isoformat() if contents.exported_at else "unknown"
    return (f"mode={mode}; added={added}; updated={updated}; history={n_hist}; "
            f"exported_at={when}; source_audit_head={contents.source_audit_head[:16]}")


def _write_history(s: Session, contents: BundleContents, fid: int, uid_map: dict[str, str],
                   src_map: dict[tuple[str, int], int],
                   existing: set[tuple[str, str, str]]) -> int:
    """Bring the family's edit history along, remapped to this store's ids (so "what changed
    since the last sign-off" works on the receiving laptop). Versions of records that were
    deleted before export keep entity_id 0."""
    rows = []
    for h in contents.history:
        cls = MODELS[h.entity_type]
        table = cls.__tablename__
        uid = uid_map.get(h.entity_uid, h.entity_uid)
        key = (uid, h.changed_at.isoformat(), h.operation)
        if key in existing:
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
    if rows:
        s.execute(insert(m.EntityVersion), rows)
    return len(rows)


def _merge(s: Session, contents: BundleContents, fid: int) -> ImportResult:
    plan = _merge_plan(s, contents, fid)
    local_id: dict[str, int] = {}
    for lst in _family_rows(s, fid).values():
        for o in lst:
            local_id[o.uid] = o.id
    src_map: dict[tuple[str, int], int] = {}
    adding = {r.uid for r in plan.add}
    updating = {r.uid for r in plan.update}
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
                raise _bad("a record points at a record that is not here or in the bundle")
        return values

    for name in ORDER:
        table = MODELS[name].__tablename__
        rows = contents.rows[name]
        for row in rows:
            if row.uid in plan.matched:
                src_map[(table, row.src_id)] = plan.matched[row.uid]
        to_add = [r for r in rows if r.uid in adding]
        next_id = _next_id(s, MODELS[name])
        chosen = {r.uid: next_id + i for i, r in enumerate(to_add)}
        for wave in _waves(to_add, lambda ref: ref in local_id, lambda ref: ref):
            objs = []
            for row in wave:
                obj = _new_obj(row, row.uid, resolve(row))
                obj.id = chosen[row.uid]
                s.add(obj)
                objs.append((obj, row))
                added += 1
            s.flush()
            for obj, row in objs:
                local_id[obj.uid] = obj.id
                src_map[(table, row.src_id)] = obj.id
        for row in rows:
            if row.uid not in updating:
                continue
            obj = plan.local[row.uid]
            for k, v in resolve(row).items():
                if k not in ("uid", "id", "family_id", "created_at"):
                    setattr(obj, k, v)
            updated += 1
        s.flush()
    existing = {(v.entity_uid, _utc(v.changed_at).isoformat(), v.operation)
                for v in s.scalars(select(m.EntityVersion)
                                   .where(m.EntityVersion.family_id == fid))}
    n_hist = _write_history(s, contents, fid, {}, src_map, existing)
    kept = sum(1 for d in plan.differences if d.action == "keep" and d.status == "differs")
    skipped = sum(1 for d in plan.differences if d.action == "skip")
    history.note(s, "bundle_import", family_id=fid, entity_type="Family",
                 entity_uid=contents.family_uid,
                 summary=_note(contents, "merge", added, updated, n_hist))
    return ImportResult(fid, "merge", added, updated, kept, skipped, n_hist,
                        tuple(plan.differences))


def import_bundle_file(store: Store, path: Path | str, passphrase: str,
                       mode: ImportMode | None = None) -> ImportResult:
    """Read, check and import a bundle file in one call. The file is fully decrypted and
    validated before the store is touched; the write is one transaction."""
    return import_bundle(store, read_bundle(path, passphrase), mode)
