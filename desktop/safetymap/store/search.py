"""Full-text search over the whole store with SQLite FTS5 (inside the encrypted file).

One FTS row per searchable entity. Its rowid encodes (entity type, id) so that an update is a
delete-by-rowid plus an insert: constant time, no scan. The index is kept current by the flush
hook in store/history.py, so no caller has to remember to reindex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..domain import model as m

FTS_TABLE = "search_index"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "family_id UNINDEXED, kind UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2', "
    "prefix = '2 3')"
)

# Stable codes: never renumber, they are stored in rowids.
TYPE_CODES: dict[type[Any], int] = {
    m.Family: 1,
    m.Person: 2,
    m.MapEntry: 3,
    m.ThreeHousesEntry: 4,
    m.ChronologyEvent: 5,
}
_SHIFT = 40


def rowid_for(obj: Any) -> int:
    return (TYPE_CODES[type(obj)] << _SHIFT) | int(obj.id)


def body_for(obj: Any) -> str:
    if isinstance(obj, m.Family):
        return " ".join([obj.display_name, obj.notes])
    if isinstance(obj, m.Person):
        return " ".join([obj.name, obj.relationship_label, obj.organisation, obj.network_role])
    if isinstance(obj, m.MapEntry):
        return " ".join([obj.text, obj.view_label, obj.step_who])
    if isinstance(obj, m.ThreeHousesEntry):
        return obj.text
    if isinstance(obj, m.ChronologyEvent):
        return " ".join([obj.title, obj.detail, obj.learned])
    raise TypeError(type(obj))


def family_id_for(obj: Any) -> int:
    return int(obj.id) if isinstance(obj, m.Family) else int(obj.family_id)


def index(conn: Connection, obj: Any) -> None:
    index_many(conn, [obj], [])


def unindex(conn: Connection, obj: Any) -> None:
    index_many(conn, [], [obj])


def index_many(conn: Connection, objs: list[Any], gone: list[Any]) -> None:
    """Bring the index up to date for `objs` and drop `gone`, in two statements whatever their
    number (a team pull of a caseload writes thousands of rows in one flush)."""
    drop = [{"r": rowid_for(o)} for o in [*objs, *gone]]
    if drop:
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :r"), drop)
    if objs:
        conn.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, family_id, kind, body) "
                 "VALUES (:r, :f, :k, :b)"),
            [{"r": rowid_for(o), "f": family_id_for(o), "k": type(o).__name__,
              "b": body_for(o)} for o in objs],
        )


@dataclass(frozen=True)
class Hit:
    family_id: int
    kind: str
    snippet: str


_WORD = re.compile(r"\w+", re.UNICODE)


def to_match_query(user_text: str) -> str | None:
    """Turn what someone typed into a safe FTS5 query: every word must appear, the last one as a
    prefix (so results come while typing). Operators and quotes typed by the user are ignored."""
    words = _WORD.findall(user_text)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(conn: Connection, user_text: str, limit: int = 50) -> list[Hit]:
    q = to_match_query(user_text)
    if q is None:
        return []
    rows = conn.execute(
        text(
            f"SELECT family_id, kind, snippet({FTS_TABLE}, 2, '[', ']', '…', 8) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": q, "n": limit},
    )
    return [Hit(int(f), str(k), str(s)) for f, k, s in rows]


def search_family_ids(conn: Connection, user_text: str, limit: int = 200) -> list[int]:
    """Families matching the text, best first, each once."""
    q = to_match_query(user_text)
    if q is None:
        return []
    rows = conn.execute(
        text(
            f"SELECT family_id, min(rank) AS best FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "
            "GROUP BY family_id ORDER BY best LIMIT :n"
        ),
        {"q": q, "n": limit},
    )
    return [int(r[0]) for r in rows]


def rebuild(conn: Connection, session_objects: list[Any]) -> None:
    conn.execute(text(f"DELETE FROM {FTS_TABLE}"))
    for obj in session_objects:
        index(conn, obj)
