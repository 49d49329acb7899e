"""No unencrypted copy without its audit row: a red-team run on a nearly full disk got the plan
PDF written and then "The disk is full" from the audit commit, so the worker believed nothing
was made while an unencrypted plan sat on disk with no record of it. The audit row is now
committed while the finished bytes wait in their temp file; if it fails, the file never takes
its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetymap.services import bundles, documents, export_json
from safetymap.services.demo import add_demo_families
from safetymap.store import history
from safetymap.store.atomic import atomic_write_bytes
from safetymap.store.bundle import BundleKdf
from safetymap.store.errors import DISK_FULL_SENTENCE, DiskFull


def _full(*_a, **_k):
    raise DiskFull(DISK_FULL_SENTENCE, 28)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_failed_audit_leaves_no_pdf(store, tmp_path, monkeypatch):
    fid = add_demo_families(store)[0]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(documents, "_audit", _full)
    with pytest.raises(DiskFull, match="disk is full"):
        documents.export_document(store, fid, "plan", out_dir / "plan.pdf")
    assert _leftovers(out_dir) == []  # neither the PDF nor its temp file


def test_a_failed_audit_leaves_no_json_and_no_bundle(store, tmp_path, monkeypatch):
    fid = add_demo_families(store)[0]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(history, "note", _full)
    with pytest.raises(DiskFull):
        export_json.export_family_json(store, fid, out_dir / "family.json")
    with pytest.raises(DiskFull):
        bundles.export_bundle(store, fid, out_dir / "family.smbundle", "a bundle passphrase",
                              kdf=BundleKdf.fast_for_tests())
    assert _leftovers(out_dir) == []


def test_the_export_still_writes_and_audits_when_all_is_well(store, tmp_path):
    fid = add_demo_families(store)[0]
    out = tmp_path / "plan.pdf"
    documents.export_document(store, fid, "plan", out)
    assert out.read_bytes().startswith(b"%PDF")
    assert any(e.get("action") == "export_pdf" for e in _audit_rows(store))


def test_control_the_old_order_left_an_unaudited_pdf(store, tmp_path):
    """Write first, audit after: the audit fails and the PDF is already there."""
    fid = add_demo_families(store)[0]
    out = tmp_path / "plan.pdf"
    data, _ = documents.document_bytes(store, fid, "plan")
    atomic_write_bytes(out, data)
    with pytest.raises(DiskFull):
        _full()
    assert out.exists()


def _audit_rows(store) -> list[dict]:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT action FROM audit_log"))]
