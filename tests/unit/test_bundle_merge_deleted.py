"""Merging an older bundle must not bring back a record deleted on this laptop (a wrongly
recorded refuge address, say): it is listed, and left out, with the reason."""

from __future__ import annotations

from sqlalchemy import select

from safetymap.domain import model as m
from safetymap.services import bundles, families
from safetymap.services import people as people_cmds
from safetymap.services.demo import DEMO_NAMES
from safetymap.store import bundle as fmt
from safetymap.store.engine import Store

from ..conftest import PASSPHRASE

BUNDLE_PASS = "river stones under a quiet bridge"
FAST = fmt.BundleKdf.fast_for_tests()


def test_merge_does_not_bring_back_what_was_deleted_here(demo_store, tmp_path):
    other = Store.create(tmp_path / "b" / "safetymap.db", PASSPHRASE)
    try:
        fid = families.resolve_family(demo_store, DEMO_NAMES[0])
        out = tmp_path / "f.smbundle"
        bundles.export_bundle(demo_store, fid, out, BUNDLE_PASS, kdf=FAST)
        fid_b = bundles.import_bundle_file(other, out, BUNDLE_PASS).family_id
        with other.session() as s:
            cid, value = s.execute(
                select(m.ContactDetail.id, m.ContactDetail.value).join(m.Person)
                .where(m.Person.family_id == fid_b).limit(1)).one()
        people_cmds.remove_contact(other, cid)

        contents = bundles.read_bundle(out, BUNDLE_PASS)
        preview = bundles.preview_import(other, contents)
        gone = [d for d in preview.differences if d.entity_type == "ContactDetail"]
        assert len(gone) == 1 and gone[0].action == "skip" and "deleted" in gone[0].reason
        res = bundles.import_bundle(other, contents, "merge")
        assert res.added == 0
        doc = families.load_family(other, fid_b)
        assert value not in [c["value"] for p in doc["people"] for c in p["contacts"]]
    finally:
        other.close()


def test_merge_after_a_person_was_deleted_here_skips_their_records(demo_store, tmp_path):
    other = Store.create(tmp_path / "b" / "safetymap.db", PASSPHRASE)
    try:
        fid = families.resolve_family(demo_store, DEMO_NAMES[0])
        out = tmp_path / "f.smbundle"
        bundles.export_bundle(demo_store, fid, out, BUNDLE_PASS, kdf=FAST)
        fid_b = bundles.import_bundle_file(other, out, BUNDLE_PASS).family_id
        with other.session() as s:
            pid, name = s.execute(
                select(m.Person.id, m.Person.name).join(m.ContactDetail)
                .where(m.Person.family_id == fid_b).limit(1)).one()
        people_cmds.remove(other, pid)
        res = bundles.import_bundle_file(other, out, BUNDLE_PASS, "merge")
        assert res.added == 0
        assert name not in [p["name"] for p in families.load_family(other, fid_b)["people"]]
    finally:
        other.close()


def test_merge_pairs_attendance_recorded_on_both_laptops(demo_store, tmp_path):
    """Both laptops record that a child was seen at the same (handed-over) visit: two rows with
    different identities for one (visit, person). Merge pairs them instead of failing on the
    store's one-row-per-person-per-visit rule."""
    from safetymap.services import visits as visit_cmds

    def mark(store, family_id, *, alone):
        d = families.load_family(store, family_id)
        v = next(x for x in d["visits"] if x["uid"] == visit["uid"])
        kid = next(x for x in d["people"] if x["uid"] == child)
        visit_cmds.mark_seen(store, v["id"], kid["id"], seen=True, seen_alone=alone)

    other = Store.create(tmp_path / "b" / "safetymap.db", PASSPHRASE)
    try:
        fid = families.resolve_family(demo_store, DEMO_NAMES[0])
        doc = families.load_family(demo_store, fid)
        visit = doc["visits"][0]
        present = {a["person_uid"] for a in visit["attendance"]}
        child = next(p["uid"] for p in doc["people"] if p["uid"] not in present)
        out = tmp_path / "f.smbundle"
        bundles.export_bundle(demo_store, fid, out, BUNDLE_PASS, kdf=FAST)
        fid_b = bundles.import_bundle_file(other, out, BUNDLE_PASS).family_id
        mark(other, fid_b, alone=False)
        mark(demo_store, fid, alone=True)
        bundles.export_bundle(demo_store, fid, out, BUNDLE_PASS, kdf=FAST)
        # Both laptops changed the pair since they last shared it: a conflict, this laptop's
        # answer kept until the worker chooses the bundle's (no clock decides).
        contents = bundles.read_bundle(out, BUNDLE_PASS)
        [conflict] = bundles.preview_import(other, contents).conflicts
        assert conflict.entity_type == "VisitAttendance" and conflict.fields == ("seen_alone",)
        res = bundles.import_bundle(other, contents, "merge")
        assert res.updated == 0 and res.kept == 1
        after = families.load_family(other, fid_b)["visits"][0]["attendance"]
        assert [a["seen_alone"] for a in after if a["person_uid"] == child] == [False]
        res = bundles.import_bundle(other, contents, "merge", take_bundle={conflict.key})
        assert res.updated == 1
        after = families.load_family(other, fid_b)["visits"][0]["attendance"]
        assert len(after) == len(present) + 1
        assert [a["seen_alone"] for a in after if a["person_uid"] == child] == [True]
    finally:
        other.close()
