"""One family document: every record in it carries its id (the screens pass it to commands;
nothing looks a row up by scanning), and each id is the record's own."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import families, supervision


def _records(x: Any, path: str = "doc") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(x, dict):
        if "uid" in x:
            out.append((path, x))
        for k, v in x.items():
            out += _records(v, f"{path}.{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            out += _records(v, f"{path}[{i}]")
    return out


def test_every_record_in_the_family_document_carries_its_own_id(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    rec = supervision.start_record(demo_store, fid)
    supervision.update_record(demo_store, rec, reflections="We talked about the evenings.")
    doc = families.load_family(demo_store, fid)
    records = _records(doc)
    assert len(records) > 60
    missing = [p for p, r in records if not isinstance(r.get("id"), int)]
    assert missing == []
    with demo_store.session() as s:
        by_uid: dict[str, int] = {}
        for cls in m.TRACKED_MODELS:
            by_uid.update({u: i for u, i in s.execute(select(cls.uid, cls.id))})
    wrong = [p for p, r in records if by_uid.get(r["uid"]) != r["id"]]
    assert wrong == []
    kinds = {re.sub(r"\[\d+\]$", "", p).rsplit(".", 1)[-1] for p, _ in records}
    assert {"people", "contacts", "visits", "map", "stances", "scores", "three_houses",
            "words_and_pictures", "attachments", "versions", "chronology",
            "supervision"} <= kinds, kinds
    assert isinstance(doc["assessment"]["id"], int) and isinstance(doc["safety_plan"]["id"], int)
