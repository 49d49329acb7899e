"""Hostile merges (issue "The promises hold at the edges"): a bundle that tries to un-hide a
refuge address, overwrite records through future timestamps, or slip in a signed-off
supervision record.

Every hostile bundle is made with the real writer (`store.bundle.seal`, encrypted, read back
through `read_bundle`), from the payload the real exporter builds, so the attack goes through
decryption and validation as a real one would. Every attack test has a control: the crafted
bundle really carries the change, the dry run lists it, and the same change *is* made once the
worker confirms it (so the only thing that stopped it was the fix).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Boolean, func, select

from safetymap.domain import model as m
from safetymap.export.family_copy import family_copy
from safetymap.services import bundles, families
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import supervision as sv
from safetymap.services.demo import DEMO_NAMES
from safetymap.store import bundle as fmt
from safetymap.store.engine import Store
from safetymap.store.keys import KdfParams

from .. import rowedit
from ..conftest import PASSPHRASE, copy_demo_store

BUNDLE_PASS = "river stones under a quiet bridge"
FAST = fmt.BundleKdf.fast_for_tests()
REFUGE = "22 Cedar Lane"


@pytest.fixture(scope="module")
def world(tmp_path_factory, demo_template):
    """Laptop A holds the demo families; laptop B received the Yılmaz family (whose refuge
    address is marked "not for the family's copy") from A's bundle. Both stores closed."""
    root = tmp_path_factory.mktemp("attacks")
    copy_demo_store(root / "a" / "safetymap.db")
    with Store.open(root / "a" / "safetymap.db", PASSPHRASE) as a:
        fid = families.resolve_family(a, DEMO_NAMES[2])
        for i in range(12):  # enough records for the "15 records overwritten" attack
            entry_cmds.add(a, fid, "strength", f"Ayşe did something kind, number {i}")
        bundles.export_bundle(a, fid, root / "good.smbundle", BUNDLE_PASS, kdf=FAST)
        payload = bundles.build_payload(a, fid)
    b = Store.create(root / "b" / "safetymap.db", PASSPHRASE, KdfParams.fast_for_tests())
    with b:
        fid_b = bundles.import_bundle_file(b, root / "good.smbundle", BUNDLE_PASS).family_id
    return {"root": root, "payload": payload, "b": root / "b" / "safetymap.db", "fid": fid_b}


@pytest.fixture
def laptop_b(world, tmp_path):
    """A fresh copy of laptop B for one test, open."""
    d = tmp_path / "b"
    shutil.copytree(world["b"].parent, d)
    (d / (world["b"].name + ".lock")).unlink(missing_ok=True)
    store = Store.open(d / world["b"].name, PASSPHRASE)
    yield store
    store.close()


def _now_iso(delta: timedelta = timedelta()) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def craft(world, tmp_path: Path, mutate, name: str = "hostile.smbundle") -> Path:
    """A hostile bundle: the real payload, changed by `mutate`, sealed by the real writer."""
    payload = copy.deepcopy(world["payload"])
    mutate(payload)
    out = tmp_path / name
    out.write_bytes(fmt.seal(payload, BUNDLE_PASS, FAST))
    return out


def _refuge_row(payload):
    return next(r for r in payload["records"]["ContactDetail"] if REFUGE in r["value"])


def _prints(store, fid, text: str, safe_copy: bool = False) -> bool:
    """Whether `text` is anywhere in the family's copy (what every plan is built from)."""
    doc, _report = family_copy(families.load_family(store, fid), safe_copy)
    return text in json.dumps(doc, ensure_ascii=False)


def _counts(store):
    with store.session() as s:
        return {c.__name__: s.scalar(select(func.count()).select_from(c))
                for c in (m.Family, m.Person, m.ContactDetail, m.SupervisionRecord,
                          m.MapEntry, m.Change, m.Changeset, m.AuditEvent)}


def _hashes(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


# --- the marking fields are all known --------------------------------------------------------


def test_every_boolean_column_is_classified_as_a_marking_or_not():
    """A new Boolean column (a new way to hide something) must be put in MARKINGS or
    NOT_MARKINGS before a merge can handle it: this fails until it is."""
    found = {(cls.__name__, c.name) for cls in m.TRACKED_MODELS
             for c in cls.__table__.columns if isinstance(c.type, Boolean)}
    known = set(bundles.MARKINGS) | set(bundles.NOT_MARKINGS)
    assert found - known == set(), "classify these columns in services/bundles.py"
    assert not set(bundles.MARKINGS) & set(bundles.NOT_MARKINGS)
    for model, col in known:  # and nothing listed has gone from the model
        assert col in bundles.MODELS[model].__table__.columns, (model, col)
    # the list, each covered
    for must in [("Person", "confidential"), ("Person", "details_confidential"),
                 ("ContactDetail", "confidential"), ("ContactDetail", "safe_to_share"),
                 ("ContactDetail", "safe_for_children")]:
        assert must in bundles.MARKINGS


def test_the_classification_check_can_fail():
    """Control: a Boolean column missing from both lists is found."""
    found = {(cls.__name__, c.name) for cls in m.TRACKED_MODELS
             for c in cls.__table__.columns if isinstance(c.type, Boolean)}
    fewer = set(bundles.MARKINGS) - {("ContactDetail", "safe_to_share")}
    assert found - (fewer | set(bundles.NOT_MARKINGS)) == {("ContactDetail", "safe_to_share")}


# --- attack 1: un-hiding the refuge address ---------------------------------------------------


def _unhide(payload, when: str | None = None):
    row = _refuge_row(payload)
    row["confidential"] = False
    row["safe_to_share"] = True
    row["updated_at"] = when or _now_iso()


def test_a_merge_never_unhides_the_refuge_address_without_confirmation(world, laptop_b, tmp_path):
    fid = world["fid"]
    assert not _prints(laptop_b, fid, REFUGE)  # as received: kept out
    hostile = craft(world, tmp_path, _unhide)
    contents = bundles.read_bundle(hostile, BUNDLE_PASS)
    # control: the crafted bundle really carries the relaxing change
    row = next(r for r in contents.rows["ContactDetail"] if REFUGE in r.values["value"])
    assert row.values["confidential"] is False and row.values["safe_to_share"] is True

    preview = bundles.preview_import(laptop_b, contents)
    keys = {r.key for r in preview.relaxations}
    assert keys == {f"{row.uid}.confidential", f"{row.uid}.safe_to_share"}
    for r in preview.relaxations:  # plain words naming the record and what would show
        assert REFUGE in r.sentence and "Ayşe" in r.sentence
    assert any("not for the family's copy" in r.sentence for r in preview.relaxations)
    assert any("safe copy" in r.sentence for r in preview.relaxations)

    result = bundles.import_bundle(laptop_b, contents, "merge")
    assert result.relaxations_kept_back == 2
    assert not _prints(laptop_b, fid, REFUGE)
    assert not _prints(laptop_b, fid, REFUGE, safe_copy=True)
    doc = families.load_family(laptop_b, fid)
    c = next(c for p in doc["people"] for c in p["contacts"] if REFUGE in c["value"])
    assert c["confidential"] is True and c["safe_to_share"] is False

    # confirming only one of the two relaxes only that one
    bundles.import_bundle(laptop_b, contents, "merge",
                          allow_relax={f"{row.uid}.safe_to_share"})
    doc = families.load_family(laptop_b, fid)
    c = next(c for p in doc["people"] for c in p["contacts"] if REFUGE in c["value"])
    assert c["confidential"] is True and c["safe_to_share"] is True
    assert not _prints(laptop_b, fid, REFUGE)


def test_control_confirmed_the_same_bundle_does_print_the_address(world, laptop_b, tmp_path):
    """Without the fix, the merge made the change by itself; here it is made only because the
    worker confirmed both exact keys, and then the plan would print the address."""
    hostile = craft(world, tmp_path, _unhide)
    contents = bundles.read_bundle(hostile, BUNDLE_PASS)
    keys = {r.key for r in bundles.preview_import(laptop_b, contents).relaxations}
    bundles.import_bundle(laptop_b, contents, "merge", allow_relax=keys)
    assert _prints(laptop_b, world["fid"], REFUGE)


def test_the_local_marking_is_kept_even_when_the_record_also_changed_here(world, laptop_b,
                                                                          tmp_path):
    """Both laptops changed the address record: a conflict, and the relaxation is listed too;
    taking the bundle's version still does not relax the marking unless confirmed."""
    with laptop_b.session() as s:
        cid = s.scalar(select(m.ContactDetail.id).where(m.ContactDetail.value.contains(REFUGE)))
    people_cmds.update_contact(laptop_b, cid, label="refuge (moved in May)")
    contents = bundles.read_bundle(craft(world, tmp_path, _unhide), BUNDLE_PASS)
    preview = bundles.preview_import(laptop_b, contents)
    [conflict] = [c for c in preview.conflicts if c.entity_type == "ContactDetail"]
    assert len(preview.relaxations) == 2
    bundles.import_bundle(laptop_b, contents, "merge", take_bundle={conflict.key})
    assert not _prints(laptop_b, world["fid"], REFUGE)


def test_unknown_confirmation_keys_are_refused_and_change_nothing(world, laptop_b, tmp_path):
    contents = bundles.read_bundle(craft(world, tmp_path, _unhide), BUNDLE_PASS)
    before = _counts(laptop_b)
    with pytest.raises(fmt.BundleError, match="nothing has been changed"):
        bundles.import_bundle(laptop_b, contents, "merge", allow_relax={"0" * 32 + ".x"})
    with pytest.raises(fmt.BundleError, match="nothing has been changed"):
        bundles.import_bundle(laptop_b, contents, "merge", take_bundle={"0" * 32})
    assert _counts(laptop_b) == before


def test_tightening_is_always_applied(world, laptop_b, tmp_path):
    """The bundle marks a friend's phone confidential while this laptop changed its label:
    a conflict, kept here, but the more careful marking is applied anyway."""
    with laptop_b.session() as s:
        cid = s.scalar(select(m.ContactDetail.id).where(m.ContactDetail.value == "07700 900555"))
    people_cmds.update_contact(laptop_b, cid, label="evenings only")

    def tighten(payload):
        row = next(r for r in payload["records"]["ContactDetail"] if r["value"] == "07700 900555")
        row["confidential"] = True
        row["label"] = "changed on A"

    contents = bundles.read_bundle(craft(world, tmp_path, tighten), BUNDLE_PASS)
    preview = bundles.preview_import(laptop_b, contents)
    assert [t.field for t in preview.tightenings] == ["confidential"]
    assert any(c.entity_type == "ContactDetail" for c in preview.conflicts)
    assert _prints(laptop_b, world["fid"], "07700 900555")  # control: it printed before
    bundles.import_bundle(laptop_b, contents, "merge")
    assert not _prints(laptop_b, world["fid"], "07700 900555")
    doc = families.load_family(laptop_b, world["fid"])
    c = next(c for p in doc["people"] for c in p["contacts"] if c["value"] == "07700 900555")
    assert c["label"] == "evenings only"  # the conflict kept this laptop's label


# --- new records arriving unmarked -----------------------------------------------------------


def test_new_records_beside_confidential_ones_arrive_marked(world, laptop_b, tmp_path):
    """A new contact for a person confidential here, a new copy of the refuge address unmarked,
    a new person with a confidential person's name, and a "fine" for a safety-check finding:
    each listed as a relaxation, and without confirmation brought in marked (or left out)."""
    payload = world["payload"]
    people = {p["name"]: p["uid"] for p in payload["records"]["Person"]}
    fam = payload["family_uid"]

    def add_new(payload):
        base = dict(_refuge_row(payload))
        ts = _now_iso()
        recs = payload["records"]
        recs["ContactDetail"].append(dict(
            base, uid="a" * 32, _id=9001, person_id=people["Mihai Popescu"],
            value="07700 900111", label="new", confidential=False, created_at=ts, updated_at=ts))
        recs["ContactDetail"].append(dict(
            base, uid="b" * 32, _id=9002, value="Refuge, 22 Cedar Lane, Cardiff CF10 9ZZ",
            label="home", confidential=False, created_at=ts, updated_at=ts))
        mihai = next(p for p in recs["Person"] if p["name"] == "Mihai Popescu")
        recs["Person"].append(dict(mihai, uid="c" * 32, _id=9003, confidential=False,
                                   created_at=ts, updated_at=ts))
        recs["SafetyCheckDecision"].append(
            {"_id": 9004, "uid": "d" * 32, "family_id": fam, "key": "address:22 cedar lane",
             "kind": "address", "decision": "fine", "created_at": ts, "updated_at": ts,
             "author": ""})

    contents = bundles.read_bundle(craft(world, tmp_path, add_new), BUNDLE_PASS)
    preview = bundles.preview_import(laptop_b, contents)
    relax = {r.key: r.sentence for r in preview.relaxations}
    assert set(relax) == {"a" * 32 + ".new", "b" * 32 + ".new", "c" * 32 + ".new",
                          "d" * 32 + ".new"}
    assert "Mihai Popescu" in relax["a" * 32 + ".new"] and "confidential here" in \
        relax["a" * 32 + ".new"]

    bundles.import_bundle(laptop_b, contents, "merge")
    fid = world["fid"]
    for text in ("07700 900111", REFUGE, "Mihai"):
        assert not _prints(laptop_b, fid, text), text
    doc = families.load_family(laptop_b, fid)
    new = {c["uid"]: c for p in doc["people"] for c in p["contacts"]}
    assert new["a" * 32]["confidential"] and new["b" * 32]["confidential"]
    assert next(p for p in doc["people"] if p["uid"] == "c" * 32)["confidential"]
    with laptop_b.session() as s:
        assert s.scalar(select(m.SafetyCheckDecision).where(
            m.SafetyCheckDecision.uid == "d" * 32)) is None


def test_control_new_records_confirmed_arrive_as_the_bundle_has_them(world, laptop_b, tmp_path):
    people = {p["name"]: p["uid"] for p in world["payload"]["records"]["Person"]}

    def add_new(payload):
        base = dict(_refuge_row(payload))
        ts = _now_iso()
        payload["records"]["ContactDetail"].append(dict(
            base, uid="b" * 32, _id=9002, person_id=people["Zofia Nowak"],
            value="Refuge, 22 Cedar Lane, Cardiff CF10 9ZZ", label="home",
            confidential=False, created_at=ts, updated_at=ts))

    contents = bundles.read_bundle(craft(world, tmp_path, add_new), BUNDLE_PASS)
    assert [r.key for r in bundles.preview_import(laptop_b, contents).relaxations] == \
        ["b" * 32 + ".new"]
    bundles.import_bundle(laptop_b, contents, "merge", allow_relax={"b" * 32 + ".new"})
    doc = families.load_family(laptop_b, world["fid"])
    new = next(c for p in doc["people"] for c in p["contacts"] if c["uid"] == "b" * 32)
    assert new["confidential"] is False  # as the bundle had it, because it was confirmed


# --- attack 2: overwriting records through the sender's clock --------------------------------


TEXT_FIELDS = ("text", "network_role", "label", "note", "title", "summary", "decision",
               "relationship_label")
OVER = "Overwritten by the bundle"


def _targets(payload, n: int = 15) -> list[tuple[str, str, str]]:
    """(model, uid, text field) of the first n records of any kind with a text field."""
    out = []
    for name in ("MapEntry", "Person", "ContactDetail", "ChronologyEvent", "Visit",
                 "ThreeHousesEntry", "Score"):
        for row in payload["records"].get(name, []):
            f = next((f for f in TEXT_FIELDS if isinstance(row.get(f), str)), None)
            if f and len(out) < n:
                out.append((name, row["uid"], f))
    assert len(out) == n, "the demo family has fewer records than the attack needs"
    return out


def _overwrite(n: int, when: str):
    def mutate(payload):
        wanted = {(m_, u): f for m_, u, f in _targets(payload, n)}
        for name, rows in payload["records"].items():
            for row in rows:
                f = wanted.get((name, row["uid"]))
                if f:
                    row[f] = OVER
                    row["updated_at"] = when
    return mutate


def _overwritten(store, payload, n: int = 15) -> int:
    with store.session() as s:
        return sum(getattr(s.scalar(select(bundles.MODELS[name]).where(
            bundles.MODELS[name].uid == uid)), f) == OVER for name, uid, f in _targets(payload, n))


def test_future_timestamps_are_refused_with_a_sentence(world, laptop_b, tmp_path):
    hostile = craft(world, tmp_path, lambda p: (_unhide(p, "2099-03-03T10:00:00+00:00"),
                                                _overwrite(15, "2099-03-03T10:00:00+00:00")(p)))
    # control: the bundle carries them, and the crafted payload decrypts fine
    raw = fmt.open_bundle(hostile.read_bytes(), BUNDLE_PASS)
    assert sum(r["updated_at"].startswith("2099") for rows in raw["records"].values()
               for r in rows) >= 15
    before = _counts(laptop_b)
    with pytest.raises(bundles.BundleFromTheFuture) as err:
        bundles.read_bundle(hostile, BUNDLE_PASS)
    msg = str(err.value)
    assert "3 March 2099, which is in the future" in msg and "it was not imported" in msg
    assert "nothing has been changed" in msg
    for secret in ("Ayşe", "Cedar", "Yılmaz", "Overwritten"):
        assert secret not in msg
    assert _counts(laptop_b) == before


def test_control_the_future_bundle_is_whole_apart_from_its_dates(world, laptop_b, tmp_path,
                                                                 monkeypatch):
    """With this computer's clock put past 2099 the same bundle reads, so the refusal is the
    date check and nothing else."""
    hostile = craft(world, tmp_path, _overwrite(15, "2099-03-03T10:00:00+00:00"))
    monkeypatch.setattr(bundles, "_now", lambda: datetime(2100, 1, 1, tzinfo=UTC))
    contents = bundles.read_bundle(hostile, BUNDLE_PASS)
    assert sum(OVER in r.values.values() for rows in contents.rows.values() for r in rows) == 15


def test_a_few_minutes_of_clock_skew_are_allowed(world, tmp_path):
    ok = craft(world, tmp_path, lambda p: p.update(exported_at=_now_iso(timedelta(minutes=3))))
    assert bundles.read_bundle(ok, BUNDLE_PASS).exported_at is not None
    bad = craft(world, tmp_path, lambda p: p.update(exported_at=_now_iso(timedelta(minutes=10))),
                "late.smbundle")
    with pytest.raises(bundles.BundleFromTheFuture, match="This bundle says it was made on"):
        bundles.read_bundle(bad, BUNDLE_PASS)


def test_newest_clock_does_not_win_over_a_change_made_here(world, laptop_b, tmp_path):
    """15 records edited here after the handover; a bundle claiming a later time for all of
    them (the latest moment the check allows) overwrites none: they are conflicts."""
    targets = _targets(world["payload"])
    with laptop_b.session() as s:
        ids = [(name, s.scalar(select(bundles.MODELS[name].id).where(
            bundles.MODELS[name].uid == uid)), f) for name, uid, f in targets]
    for name, i, f in ids:
        rowedit.update_row(laptop_b, name, i, **{f: "Written on laptop B"})
    hostile = craft(world, tmp_path, _overwrite(15, _now_iso(timedelta(minutes=4))))
    contents = bundles.read_bundle(hostile, BUNDLE_PASS)
    # control: by the old rule every one of them was "newer" than this laptop's copy
    with laptop_b.session() as s:
        local = {(name, uid): s.scalar(select(bundles.MODELS[name].updated_at).where(
            bundles.MODELS[name].uid == uid)) for name, uid, _f in targets}
    newer = [r for rows in contents.rows.values() for r in rows
             if (r.model, r.uid) in local and r.values.get("updated_at")
             and bundles._utc(r.values["updated_at"]) > bundles._utc(local[(r.model, r.uid)])]
    assert len(newer) == 15
    preview = bundles.preview_import(laptop_b, contents)
    assert {(c.entity_type, c.uid) for c in preview.conflicts} >= set(local)
    res = bundles.import_bundle(laptop_b, contents, "merge")
    assert _overwritten(laptop_b, world["payload"]) == 0 and res.kept >= 15
    # the worker can still choose the bundle's version of one
    one = next(c.key for c in preview.conflicts if (c.entity_type, c.uid) in local)
    bundles.import_bundle(laptop_b, contents, "merge", take_bundle={one})
    assert _overwritten(laptop_b, world["payload"]) == 1


def test_an_old_clock_does_not_lose_a_change_that_grew_from_here(world, laptop_b, tmp_path):
    """The other half of "no sender clock": a real change on A whose clock says 2001 still
    updates B, because B has not changed the entry since the version A started from."""
    hostile = craft(world, tmp_path, _overwrite(1, "2001-01-01T00:00:00+00:00"))
    contents = bundles.read_bundle(hostile, BUNDLE_PASS)
    preview = bundles.preview_import(laptop_b, contents)
    assert [d.action for d in preview.differences if d.status == "differs"] == ["update"]
    bundles.import_bundle(laptop_b, contents, "merge")
    assert _overwritten(laptop_b, world["payload"], 1) == 1


# --- attack 3: a forged, signed-off supervision record ----------------------------------------


def _forged_record(payload, uid="e" * 32):
    ts = _now_iso(-timedelta(hours=1))
    payload["records"]["SupervisionRecord"].append({
        "_id": 9100, "uid": uid, "family_id": payload["family_uid"], "is_group": False,
        "supervisor_score": 9, "score_reasons": "", "reflections": "All safe now.",
        "decision": "Close the case", "rationale": "", "group_summary": "",
        "signed_off_by": "A. Manager", "signed_off_role": "Team manager",
        "signed_off_at": ts, "created_at": ts, "updated_at": ts, "author": ""})
    payload["records"]["Score"].append({  # the score its sign-off would have recorded
        "_id": 9101, "uid": "e" * 31 + "1", "family_id": payload["family_uid"],
        "person_id": None, "scorer_label": "Supervisor", "value": 9, "reasons": "",
        "scale_wording": "", "scored_at": ts, "created_at": ts, "updated_at": ts,
        "author": "A. Manager"})


def test_a_forged_signed_off_supervision_record_is_never_added(world, laptop_b, tmp_path):
    hostile = craft(world, tmp_path, _forged_record)
    contents = bundles.read_bundle(hostile, BUNDLE_PASS)
    # control: the bundle carries it, valid and signed off
    [rec] = [r for r in contents.rows["SupervisionRecord"] if r.uid == "e" * 32]
    assert rec.values["signed_off_at"] is not None and rec.values["decision"] == "Close the case"
    preview = bundles.preview_import(laptop_b, contents)
    [d] = [d for d in preview.differences if d.uid == "e" * 32]
    assert d.action == "skip" and "never adds a signed-off" in d.reason
    bundles.import_bundle(laptop_b, contents, "merge")
    assert sv.last_sign_off(laptop_b, world["fid"]) is None
    with laptop_b.session() as s:
        assert s.scalar(select(m.SupervisionRecord).where(
            m.SupervisionRecord.uid == "e" * 32)) is None
        assert s.scalar(select(m.Change).where(m.Change.entity_uid == "e" * 32)) is None
        assert s.scalar(select(m.Score).where(m.Score.uid == "e" * 31 + "1")) is None


def test_control_the_forged_record_is_written_by_a_plain_import(world, tmp_path):
    """The same forged record goes into a store that never had the family: it is a
    well-formed record, so only the merge rule keeps it out of a merge."""
    hostile = craft(world, tmp_path, _forged_record)
    fresh = Store.create(tmp_path / "c" / "safetymap.db", PASSPHRASE, KdfParams.fast_for_tests())
    with fresh:
        bundles.import_bundle_file(fresh, hostile, BUNDLE_PASS)
        with fresh.session() as s:
            assert s.scalar(select(m.SupervisionRecord.signed_off_by).where(
                m.SupervisionRecord.uid == "e" * 32)) == "A. Manager"
            assert s.scalar(select(m.Score.value).where(m.Score.uid == "e" * 31 + "1")) == 9


def test_a_signed_off_record_here_is_never_changed_and_a_draft_never_signed(world, laptop_b,
                                                                           tmp_path):
    fid = world["fid"]
    signed = sv.start_record(laptop_b, fid)
    sv.update_record(laptop_b, signed, decision="Keep the plan")
    sv.sign_off(laptop_b, signed, "Jo Bloggs", "Team manager")
    draft = sv.start_record(laptop_b, fid)
    with laptop_b.session() as s:
        signed_uid = s.get(m.SupervisionRecord, signed).uid
        draft_uid = s.get(m.SupervisionRecord, draft).uid
        rows = [bundles.build_payload(laptop_b, fid)["records"]["SupervisionRecord"]]

    def forge(payload):
        for r in rows[0]:
            r = dict(r, decision="Close the case", updated_at=_now_iso())
            if r["uid"] == draft_uid:
                r.update(signed_off_by="A. Manager", signed_off_role="Team manager",
                         signed_off_at=_now_iso())
            payload["records"]["SupervisionRecord"].append(r)

    contents = bundles.read_bundle(craft(world, tmp_path, forge), BUNDLE_PASS)
    preview = bundles.preview_import(laptop_b, contents)
    acts = {d.uid: (d.action, d.reason) for d in preview.differences
            if d.entity_type == "SupervisionRecord"}
    assert acts[signed_uid][0] == "skip" and "signed off and read-only" in acts[signed_uid][1]
    assert acts[draft_uid][0] == "skip" and "never signs a record off" in acts[draft_uid][1]
    bundles.import_bundle(laptop_b, contents, "merge")
    with laptop_b.session() as s:
        assert s.get(m.SupervisionRecord, draft).signed_off_at is None
        assert s.get(m.SupervisionRecord, signed).decision != "Close the case"
        assert s.get(m.SupervisionRecord, draft).decision != "Close the case"


# --- the command line ------------------------------------------------------------------------


def _cli(store: Path, *args: str):
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=PASSPHRASE,
               SAFETYMAP_BUNDLE_PASSPHRASE=BUNDLE_PASS)
    return subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store), *args],
                          capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_cli_lists_relaxations_first_and_needs_allow_relax(world, tmp_path):
    d = tmp_path / "cli"
    shutil.copytree(world["b"].parent, d)
    (d / (world["b"].name + ".lock")).unlink(missing_ok=True)
    store = d / world["b"].name
    hostile = craft(world, tmp_path, _unhide)
    before = _hashes(store)
    r = _cli(store, "bundle", "import", str(hostile), "--dry-run")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("MORE VISIBLE:")
    relax = [ln for ln in lines[1:3]]
    assert all(REFUGE in ln and "not confirmed" in ln for ln in relax)
    key = relax[0].split("[", 1)[1].split("]", 1)[0]
    assert _hashes(store) == before
    r = _cli(store, "bundle", "import", str(hostile), "--merge")
    assert r.returncode == 0, r.stderr
    assert "2 change(s) that would have made something more visible were not made" in r.stdout
    r = _cli(store, "bundle", "import", str(hostile), "--as-copy", "--allow-relax", key)
    assert r.returncode == 1 and "only mean something with --merge" in r.stderr
    r = _cli(store, "bundle", "import", str(hostile), "--merge", "--allow-relax", key)
    assert r.returncode == 0, r.stderr
    assert "1 change(s)" in r.stdout


def test_moving_a_contact_or_copying_the_refuge_address_into_one_is_a_relaxation(
        world, laptop_b, tmp_path):
    """Un-hiding through content: Mihai's (confidential) phone moved to Zofia, and Zofia's own
    phone rewritten as the refuge address. Both listed; without confirmation neither is made."""
    people = {p["name"]: p["uid"] for p in world["payload"]["records"]["Person"]}
    contacts = world["payload"]["records"]["ContactDetail"]
    # the demo gives Mihai no phone: laptop B adds one, and A's bundle "moves" it
    with laptop_b.session() as s:
        mihai = s.scalar(select(m.Person.id).where(m.Person.uid == people["Mihai Popescu"]))
    people_cmds.add_contact(laptop_b, mihai, "phone", "07700 900123")
    moved = dict(bundles.build_payload(laptop_b, world["fid"])["records"]["ContactDetail"][-1])
    assert moved["value"] == "07700 900123"
    friend = next(r["uid"] for r in contacts if r["value"] == "07700 900555")

    def mutate(payload):
        payload["history"] = payload["history"] + [
            h for h in bundles.build_payload(laptop_b, world["fid"])["history"]
            if h["entity_uid"] == moved["uid"]]  # A "had" B's version: a plain update
        payload["records"]["ContactDetail"].append(
            dict(moved, person_id=people["Zofia Nowak"], updated_at=_now_iso()))
        row = next(r for r in payload["records"]["ContactDetail"] if r["uid"] == friend)
        row["value"] = "Refuge, 22 Cedar Lane, Cardiff CF10 9ZZ"

    contents = bundles.read_bundle(craft(world, tmp_path, mutate), BUNDLE_PASS)
    keys = {r.key for r in bundles.preview_import(laptop_b, contents).relaxations}
    assert keys == {f"{moved['uid']}.person_id", f"{friend}.value"}
    bundles.import_bundle(laptop_b, contents, "merge")
    doc = families.load_family(laptop_b, world["fid"])
    by_uid = {c["uid"]: (p["name"], c["value"]) for p in doc["people"] for c in p["contacts"]}
    assert by_uid[moved["uid"]][0] == "Mihai Popescu"
    assert by_uid[friend][1] == "07700 900555"
    # control: confirmed, both are made
    bundles.import_bundle(laptop_b, contents, "merge", allow_relax=keys)
    doc = families.load_family(laptop_b, world["fid"])
    by_uid = {c["uid"]: (p["name"], c["value"]) for p in doc["people"] for c in p["contacts"]}
    assert by_uid[moved["uid"]][0] == "Zofia Nowak"
    assert REFUGE in by_uid[friend][1]


# --- red team, round two: content changes that un-hide a marked thing ------------------------
#
# Each attack made the plan print something confidential with 0 relaxations listed. Each test
# prints the plan and its safe copy (the PDF bytes, read back as text) after a merge without
# confirmation, and again (the control) after the worker confirms the listed key.


def _pdf_texts(store, fid) -> tuple[str, str]:
    """The plan's and the safe copy's text, as printed."""
    from pypdf import PdfReader

    from safetymap.services import documents

    out = []
    for safe in (False, True):
        data, _warnings = documents.document_bytes(store, fid, "plan", safe_copy=safe)
        out.append(" ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                            .split()))
    return out[0], out[1]


def _person_id(store, name: str) -> int:
    with store.session() as s:
        return s.scalar(select(m.Person.id).where(m.Person.name == name))


def _seal_from(store, fid, tmp_path: Path, mutate, name: str = "hostile.smbundle"):
    """A hostile bundle made from this store's own export (so its history holds this store's
    versions, and a changed record is a plain update), changed by `mutate`."""
    payload = bundles.build_payload(store, fid)
    mutate(payload)
    out = tmp_path / name
    out.write_bytes(fmt.seal(payload, BUNDLE_PASS, FAST))
    return bundles.read_bundle(out, BUNDLE_PASS)


def _row(payload, model: str, pred):
    return next(r for r in payload["records"][model] if pred(r))


def _local_org(store, fid):
    people_cmds.update(store, _person_id(store, "Łukasz Wiśniewski"),
                       organisation="Harbour House Trust")
    entry_cmds.add(store, fid, "strength", "Łukasz from Harbour House Trust helps every week")


def _local_address_in_text(store, fid):
    entry_cmds.add(store, fid, "strength", "Ayşe is settled at 22 Cedar Lane and sleeps well")


# (what is done here first, the bundle's change, the field's key, what must not print)
CONTENT_ATTACKS = {
    # 1. renaming a confidential person: "Mihai" in a worry stops being blanked
    "rename-confidential-person": (
        None, lambda p: _row(p, "Person", lambda r: r["name"] == "Mihai Popescu").update(
            name="M. P."), "name", "Mihai"),
    # 1. changing the organisation of a person whose details are confidential
    "organisation-of-details-confidential": (
        _local_org, lambda p: _row(p, "Person", lambda r: r["name"] == "Łukasz Wiśniewski")
        .update(organisation="Cardiff Aid"), "organisation", "Harbour House"),
    # 2. changing the value of the refuge address (confidential here)
    "value-of-confidential-contact": (
        _local_address_in_text, lambda p: _row(p, "ContactDetail", lambda r: REFUGE in r["value"])
        .update(value="Refuge, Cardiff"), "value", "Cedar"),
    # 3. rewriting a "safe to share" phone as the refuge address
    "value-of-safe-to-share-contact": (
        None, lambda p: _row(p, "ContactDetail", lambda r: r["value"] == "07700 900555")
        .update(value="22 Cedar Ln, Cardiff"), "value", "Cedar Ln"),
    # 4. changing the key of a "leave out" safety-check decision
    "key-of-an-omit-decision": (
        None, lambda p: _row(p, "SafetyCheckDecision", lambda r: r["key"] ==
                             "locating_word:refuge").update(key="locating_word:refuges"),
        "key", "to the refuge the same night"),
}


def _content_attack(laptop_b, tmp_path, which):
    setup, mutate, col, secret = CONTENT_ATTACKS[which]
    fid = laptop_b_fid(laptop_b)
    if setup is not None:
        setup(laptop_b, fid)
    plan, safe = _pdf_texts(laptop_b, fid)
    assert secret not in plan and secret not in safe  # blanked as things stand
    contents = _seal_from(laptop_b, fid, tmp_path, mutate)
    preview = bundles.preview_import(laptop_b, contents)
    [d] = [d for d in preview.differences if d.status == "differs"]
    assert d.action == "update" and col in d.fields  # control: the bundle carries the change
    [relax] = preview.relaxations
    assert relax.key == f"{d.uid}.{col}"
    return fid, contents, relax, secret


def laptop_b_fid(store) -> int:
    return families.resolve_family(store, DEMO_NAMES[2])


@pytest.mark.parametrize("which", sorted(CONTENT_ATTACKS))
def test_a_content_change_that_unhides_is_a_relaxation(laptop_b, tmp_path, which):
    fid, contents, relax, secret = _content_attack(laptop_b, tmp_path, which)
    result = bundles.import_bundle(laptop_b, contents, "merge")
    assert result.relaxations_kept_back == 1
    plan, safe = _pdf_texts(laptop_b, fid)
    assert secret not in plan, which
    assert secret not in safe, which


@pytest.mark.parametrize("which", sorted(CONTENT_ATTACKS))
def test_control_the_content_change_confirmed_does_print(laptop_b, tmp_path, which):
    """The same bundle with the listed key confirmed makes the change, and then the secret
    prints: only the relaxation rule stopped it."""
    fid, contents, relax, secret = _content_attack(laptop_b, tmp_path, which)
    bundles.import_bundle(laptop_b, contents, "merge", allow_relax={relax.key})
    plan, _safe = _pdf_texts(laptop_b, fid)
    assert secret in plan, which


def test_a_contact_value_change_is_kept_back_for_every_marking(laptop_b, tmp_path):
    """Every contact detail is marked one way or another (here: confidential, safe to share,
    or left out of the safe copy), so every change of a value waits for confirmation."""
    fid = laptop_b_fid(laptop_b)

    def mutate(payload):
        for r in payload["records"]["ContactDetail"]:
            r["value"] = r["value"] + " (changed)"

    contents = _seal_from(laptop_b, fid, tmp_path, mutate)
    relax = bundles.preview_import(laptop_b, contents).relaxations
    n = len(contents.rows["ContactDetail"])
    assert sorted(r.field for r in relax) == ["value"] * n
    bundles.import_bundle(laptop_b, contents, "merge")
    doc = families.load_family(laptop_b, fid)
    assert not any("(changed)" in c["value"] for p in doc["people"] for c in p["contacts"])
    # control: a contact's label is not a marking's content and changes as before
    contents = _seal_from(laptop_b, fid, tmp_path, lambda p: _row(
        p, "ContactDetail", lambda r: r["value"] == "07700 900555").update(label="evenings"),
        "label.smbundle")
    assert bundles.preview_import(laptop_b, contents).relaxations == ()
    bundles.import_bundle(laptop_b, contents, "merge")
    doc = families.load_family(laptop_b, fid)
    assert any(c["label"] == "evenings" for p in doc["people"] for c in p["contacts"])


def test_renaming_someone_not_marked_is_no_relaxation(laptop_b, tmp_path):
    """Control for the rename rule: Zofia is not confidential, so her new name is simply
    taken."""
    fid = laptop_b_fid(laptop_b)
    contents = _seal_from(laptop_b, fid, tmp_path, lambda p: _row(
        p, "Person", lambda r: r["name"] == "Zofia Nowak").update(name="Zofia Nowak-Evans"))
    assert bundles.preview_import(laptop_b, contents).relaxations == ()
    bundles.import_bundle(laptop_b, contents, "merge")
    assert "Zofia Nowak-Evans" in _pdf_texts(laptop_b, fid)[0]


def test_a_change_to_an_omit_decision_keeps_its_decision_too(laptop_b, tmp_path):
    """Key and decision changed together: both listed, neither made unless confirmed."""
    fid = laptop_b_fid(laptop_b)
    contents = _seal_from(laptop_b, fid, tmp_path, lambda p: _row(
        p, "SafetyCheckDecision", lambda r: r["key"] == "locating_word:refuge").update(
            key="locating_word:refuges", decision="fine"))
    relax = bundles.preview_import(laptop_b, contents).relaxations
    assert sorted(r.field for r in relax) == ["decision", "key"]
    bundles.import_bundle(laptop_b, contents, "merge")
    with laptop_b.session() as s:
        d = s.scalar(select(m.SafetyCheckDecision).where(
            m.SafetyCheckDecision.family_id == fid))
        assert (d.key, d.decision) == ("locating_word:refuge", "omit")
    assert "refuge the same night" not in _pdf_texts(laptop_b, fid)[0]


# --- a record using the identity of a different kind of record here ---------------------------


def _impostor(payload, target: str):
    """Take the refuge address out of the bundle and give its identity to a new person."""
    refuge = _refuge_row(payload)
    payload["records"]["ContactDetail"].remove(refuge)
    mihai = _row(payload, "Person", lambda r: r["name"] == "Mihai Popescu")
    payload["records"]["Person"].append(dict(mihai, uid=target, _id=9300, name="Someone New",
                                             confidential=False))


def test_a_record_with_the_identity_of_another_kind_is_refused(world, laptop_b, tmp_path):
    refuge_uid = _refuge_row(world["payload"])["uid"]
    contents = bundles.read_bundle(craft(world, tmp_path, lambda p: _impostor(p, refuge_uid)),
                                   BUNDLE_PASS)
    before = _counts(laptop_b)
    for attempt in (lambda: bundles.preview_import(laptop_b, contents),
                    lambda: bundles.import_bundle(laptop_b, contents, "merge")):
        with pytest.raises(fmt.BundleInvalid) as err:
            attempt()
        msg = str(err.value)
        assert "uses the identity of a different kind of record here" in msg
        assert "person" in msg and "contact detail" in msg and "nothing has been changed" in msg
        for secret in ("Cedar", "Someone", "Mihai", refuge_uid):
            assert secret not in msg
    assert _counts(laptop_b) == before
    assert not _prints(laptop_b, world["fid"], REFUGE)


def test_control_the_same_impostor_with_its_own_identity_is_added(world, laptop_b, tmp_path):
    contents = bundles.read_bundle(craft(world, tmp_path, lambda p: _impostor(p, "f" * 32)),
                                   BUNDLE_PASS)
    bundles.import_bundle(laptop_b, contents, "merge")
    with laptop_b.session() as s:
        assert s.scalar(select(m.Person.name).where(m.Person.uid == "f" * 32)) == "Someone New"


# --- the future-date sentence on the same day --------------------------------------------------


def test_a_future_time_on_the_same_day_names_the_time(world, tmp_path, monkeypatch):
    now = datetime(2026, 12, 1, 14, 32, 5, tzinfo=UTC)
    monkeypatch.setattr(bundles, "_now", lambda: now)
    late = craft(world, tmp_path, lambda p: p.update(
        exported_at=(now + timedelta(minutes=15)).isoformat()))
    with pytest.raises(bundles.BundleFromTheFuture) as err:
        bundles.read_bundle(late, BUNDLE_PASS)
    assert ("made on 1 December 2026 at 14:47, which is in the future (this computer's clock "
            "says 1 December 2026 at 14:32)") in str(err.value)
    # control: on different days the day alone says it
    much_later = craft(world, tmp_path, lambda p: p.update(
        exported_at=(now + timedelta(days=2)).isoformat()), "later.smbundle")
    with pytest.raises(bundles.BundleFromTheFuture) as err:
        bundles.read_bundle(much_later, BUNDLE_PASS)
    assert ("made on 3 December 2026, which is in the future (this computer's clock says "
            "1 December 2026)") in str(err.value)


# --- the score a sign-off made ----------------------------------------------------------------


def _signed_with_score(store, fid) -> str:
    rec = sv.start_record(store, fid)
    sv.update_record(store, rec, supervisor_score=7, score_reasons="Plan is holding.")
    sv.sign_off(store, rec, "Jo Bloggs", "Team manager")
    with store.session() as s:
        return s.scalar(select(m.Score.uid).where(m.Score.family_id == fid,
                                                  m.Score.scorer_label == sv.SUPERVISOR_LABEL))


def test_a_score_made_by_a_sign_off_is_never_changed(laptop_b, tmp_path):
    fid = laptop_b_fid(laptop_b)
    uid = _signed_with_score(laptop_b, fid)
    contents = _seal_from(laptop_b, fid, tmp_path, lambda p: _row(
        p, "Score", lambda r: r["uid"] == uid).update(value=10, reasons="All safe now."))
    # control: the bundle carries the change, and it grew from this store's copy
    [row] = [r for r in contents.rows["Score"] if r.uid == uid]
    assert row.values["value"] == 10
    [d] = [d for d in bundles.preview_import(laptop_b, contents).differences
           if d.uid == uid]
    assert d.action == "skip" and "sign-off of a supervision record" in d.reason
    bundles.import_bundle(laptop_b, contents, "merge")
    with laptop_b.session() as s:
        sc = s.scalar(select(m.Score).where(m.Score.uid == uid))
        assert (sc.value, sc.reasons) == (7, "Plan is holding.")


def test_control_an_ordinary_score_is_changed_by_the_same_merge(laptop_b, tmp_path):
    fid = laptop_b_fid(laptop_b)
    signed = _signed_with_score(laptop_b, fid)
    with laptop_b.session() as s:
        other = s.scalar(select(m.Score.uid).where(m.Score.family_id == fid,
                                                   m.Score.uid != signed))
    contents = _seal_from(laptop_b, fid, tmp_path, lambda p: _row(
        p, "Score", lambda r: r["uid"] == other).update(value=10))
    bundles.import_bundle(laptop_b, contents, "merge")
    with laptop_b.session() as s:
        assert s.scalar(select(m.Score.value).where(m.Score.uid == other)) == 10
