"""The append-only, hash-chained audit log.

Each row's hash is SHA-256 over the previous row's hash and this row's fields. The id and hash of
the newest row are also kept in store_meta, so removing the newest row is detected too, and so
is removing those store_meta rows. Because store_meta rows can be deleted along with the tail,
the head is also anchored outside the database, in the seal file (store/seal.py): append() marks
its connection so that the seal's copy of the head moves on with this transaction, and only from
a head that is still there. This makes edits and deletions evident to `safetymap check`; someone
holding the key could still rewrite the whole chain and the seal, which is why bundles and
backups keep their own copies.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..domain.model import utcnow

HEAD_ID = "audit_head_id"
HEAD_HASH = "audit_head_hash"
#: Set on a connection's info by append(), so the seal (store/seal.py) knows this transaction
#: moved the audit head; the seal's copy of the head only moves when this is set.
APPENDED_INFO = "safetymap.audit_appended"


def _stamp(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(
    prev_hash: str,
    row_id: int,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_uid: str,
    family_id: int | None,
    summary: str,
) -> str:
    payload = json.dumps(
        [prev_hash, row_id, _stamp(at), actor, action, entity_type, entity_uid, family_id, summary],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _meta_get(conn: Connection, key: str) -> str | None:
    row = conn.execute(text("SELECT value FROM store_meta WHERE key = :k"), {"k": key}).first()
    return None if row is None else str(row[0])


def _meta_set(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO store_meta(key, value) VALUES (:k, :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"k": key, "v": value},
    )


def append(
    conn: Connection,
    *,
    actor: str,
    action: str,
    entity_type: str = "",
    entity_uid: str = "",
    family_id: int | None = None,
    summary: str = "",
) -> None:
    last = conn.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    prev_hash = "" if last is None else str(last[1])
    row_id = 1 if last is None else int(last[0]) + 1
    at = utcnow()
    h = row_hash(prev_hash, row_id, at, actor, action, entity_type, entity_uid, family_id, summary)
    conn.execute(
        text(
            "INSERT INTO audit_log(id, at, actor, action, entity_type, entity_uid, family_id, "
            "summary, prev_hash, hash) VALUES (:id, :at, :actor, :action, :et, :eu, :fid, :s, "
            ":ph, :h)"
        ),
        {
            "id": row_id,
            "at": at.astimezone(UTC).replace(tzinfo=None),
            "actor": actor,
            "action": action,
            "et": entity_type,
            "eu": entity_uid,
            "fid": family_id,
            "s": summary,
            "ph": prev_hash,
            "h": h,
        },
    )
    _meta_set(conn, HEAD_ID, str(row_id))
    _meta_set(conn, HEAD_HASH, h)
    conn.info[APPENDED_INFO] = True


def append_many(conn: Connection, entries: list[dict[str, object]]) -> None:
    """append() for several rows at once (a flush that touched many records): the same chain,
    one read of the head and one insert, instead of four statements a row."""
    if not entries:
        return
    last = conn.execute(text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    prev_hash = "" if last is None else str(last[1])
    row_id = 0 if last is None else int(last[0])
    at = utcnow()
    rows = []
    for e in entries:
        row_id += 1
        actor, action = str(e.get("actor", "")), str(e["action"])
        et, eu = str(e.get("entity_type", "")), str(e.get("entity_uid", ""))
        fid = e.get("family_id")
        fam = int(fid) if isinstance(fid, int) else None
        summary = str(e.get("summary", ""))
        h = row_hash(prev_hash, row_id, at, actor, action, et, eu, fam, summary)
        rows.append({"id": row_id, "at": at.astimezone(UTC).replace(tzinfo=None),
                     "actor": actor, "action": action, "et": et, "eu": eu, "fid": fam,
                     "s": summary, "ph": prev_hash, "h": h})
        prev_hash = h
    conn.execute(
        text(
            "INSERT INTO audit_log(id, at, actor, action, entity_type, entity_uid, family_id, "
            "summary, prev_hash, hash) VALUES (:id, :at, :actor, :action, :et, :eu, :fid, :s, "
            ":ph, :h)"
        ),
        rows,
    )
    _meta_set(conn, HEAD_ID, str(row_id))
    _meta_set(conn, HEAD_HASH, prev_hash)
    conn.info[APPENDED_INFO] = True


@dataclass(frozen=True)
class AuditProblem:
    entry_id: int | None
    message: str


def verify(conn: Connection) -> list[AuditProblem]:
    """Walk the chain; return every break found (empty list = sound)."""
    problems: list[AuditProblem] = []
    prev_hash = ""
    prev_id = 0
    rows = conn.execute(
        text(
            "SELECT id, at, actor, action, entity_type, entity_uid, family_id, summary, "
            "prev_hash, hash FROM audit_log ORDER BY id"
        )
    )
    for r in rows:
        rid = int(r[0])
        at = r[1] if isinstance(r[1], datetime) else datetime.fromisoformat(str(r[1]))
        if r[8] != prev_hash or rid != prev_id + 1:
            problems.append(
                AuditProblem(
                    rid,
                    f"Audit entry #{rid} does not follow entry #{prev_id}: "
                    "one or more entries before it were deleted or altered.",
                )
            )
        expected = row_hash(str(r[8]), rid, at, r[2], r[3], r[4], r[5], r[6], r[7])
        if expected != r[9]:
            problems.append(AuditProblem(rid, f"Audit entry #{rid} has been edited."))
        prev_hash = str(r[9])
        prev_id = rid
    head_id = _meta_get(conn, HEAD_ID)
    head_hash = _meta_get(conn, HEAD_HASH)
    if (head_id is None or head_hash is None) and prev_id:
        problems.append(
            AuditProblem(
                None,
                "The record of the newest audit entry is missing from the store, so deleted "
                "entries at the end of the log could go unnoticed.",
            )
        )
    elif head_id is not None and (not head_id.isdigit() or int(head_id) != prev_id
                                  or head_hash != prev_hash):
        problems.append(
            AuditProblem(
                int(head_id) if head_id.isdigit() else None,
                f"Audit entries after #{prev_id} (up to #{head_id}) have been deleted."
                if head_id.isdigit() and int(head_id) > prev_id
                else "The record of the newest audit entry does not match the log.",
            )
        )
    return problems
