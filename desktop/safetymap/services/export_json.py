"""`export json`: everything held about one family, as a documented JSON file (docs/export-json.md)."""

from __future__ import annotations

import json
from pathlib import Path

from ..store import history
from ..store.atomic import atomic_write_bytes
from ..store.engine import Store
from .families import load_family


def export_family_json(store: Store, family_id: int, out: Path) -> None:
    doc = load_family(store, family_id)
    data = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")

    def audit() -> None:  # before the file takes its name: no file without its audit row
        with store.session() as s:
            history.note(s, "export_json", family_id=family_id)

    atomic_write_bytes(out, data, before_replace=audit)
