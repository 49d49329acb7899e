"""Edit history, the hash-chained audit log, full-text search, and the read-only sign-off."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from safetymap.domain import model as m
from safetymap.services import entries as entry_cmds
from safetymap.services import families
from safetymap.services import people as people_cmds
from safetymap.services import scores as score_cmds
from safetymap.services.integrity import check_store
from safetymap.store import changesets
from safetymap.store.history import ReadOnlyRecord

from .. import rowedit


def test_every_edit_leaves_a_version_and_an_audit_row(store):
    fid = families.create_family(store, "F")
    eid = entry_cmds.add(store, fid, "strength", "Reads to the children")
    entry_cmds.edit(store, eid, text="Reads a story every night")
    with store.session() as s:
        versions = changesets.versions(s.connection(), entity_type="MapEntry", entity_id=eid)
        assert [v.operation for v in versions] == ["insert", "update"]
        assert versions[0].data["text"] == "Reads to the children"
        assert versions[1].data["text"] == "Reads a story every night"
        actions = s.execute(text("SELECT action, entity_type, summary FROM audit_log "
                                 "WHERE entity_type='MapEntry'")).all()
    assert actions == [("insert", "MapEntry", ""), ("update", "MapEntry", "text")]
    assert check_store(store).ok


def _tamper(store, sql):
    with store.engine.begin() as c:
        c.execute(text(sql))


def test_check_finds_an_edited_audit_entry(store):
    fid = families.create_family(store, "F")
    for i in range(5):
        entry_cmds.add(store, fid, "strength", f"s{i}")
    _tamper(store, "UPDATE audit_log SET actor = 'someone else' WHERE id = 3")
    report = check_store(store)
    assert not report.ok
    assert any("#3 has been edited" in p for p in report.problems)


def test_check_finds_a_deleted_audit_entry(store):
    fid = families.create_family(store, "F")
    for i in range(5):
        entry_cmds.add(store, fid, "strength", f"s{i}")
    _tamper(store, "DELETE FROM audit_log WHERE id = 4")
    problems = check_store(store).problems
    assert any("#5 does not follow entry #3" in p for p in problems), problems


def test_check_finds_the_newest_entry_deleted(store):
    fid = families.create_family(store, "F")
    entry_cmds.add(store, fid, "strength", "s")
    _tamper(store, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    assert any("have been deleted" in p for p in check_store(store).problems)


def test_search_finds_accented_names_without_accents(store):
    fid = families.create_family(store, "Teulu ap Siôn")
    people_cmds.add(store, fid, "Ştefan Ayşe", "child")
    other = families.create_family(store, "Another family")
    entry_cmds.add(store, other, "worry", "Dad shouts when he drinks")
    assert [f.id for f in families.search_families(store, "sion")] == [fid]
    assert [f.id for f in families.search_families(store, "Stef")] == [fid]
    assert [f.id for f in families.search_families(store, "shout")] == [other]
    assert families.search_families(store, '"); DROP TABLE families; --') == []


def test_search_follows_edits_and_deletes(store):
    fid = families.create_family(store, "F")
    eid = entry_cmds.add(store, fid, "worry", "bruises on her arm")
    assert families.search_families(store, "bruises")
    entry_cmds.edit(store, eid, text="a fall in the park")
    assert not families.search_families(store, "bruises")
    entry_cmds.remove(store, eid)
    assert not families.search_families(store, "park")


def test_signed_off_supervision_is_read_only(store):
    fid = families.create_family(store, "F")
    with store.session() as s:
        rec = m.SupervisionRecord(family_id=fid, reflections="ok", supervisor_score=5,
                                  decision="carry on", rationale="why")
        s.add(rec)
        s.flush()
        rid = rec.id
    rowedit.update_row(store, "SupervisionRecord", rid, signed_off_by="Pat",
                       signed_off_role="Team manager", signed_off_at=m.utcnow())
    with pytest.raises(ReadOnlyRecord):
        rowedit.update_row(store, "SupervisionRecord", rid, decision="changed later")
    with pytest.raises(ReadOnlyRecord):
        rowedit.delete_row(store, "SupervisionRecord", rid)
    with store.session() as s:
        assert s.get(m.SupervisionRecord, rid).decision == "carry on"
        actions = [r[0] for r in s.execute(text(
            "SELECT action FROM audit_log WHERE entity_type='SupervisionRecord'"))]
    assert "sign_off" in actions


def test_score_must_be_0_to_10(store):
    fid = families.create_family(store, "F")
    for bad in (11, -1, 100):
        with pytest.raises(ValueError, match="^A score is a whole number from 0 to 10.$"):
            score_cmds.record(store, fid, bad)
    assert families.load_family(store, fid)["scores"] == []  # nothing of a refused score kept
    score_cmds.record(store, fid, 0)
    score_cmds.record(store, fid, 10)
    assert sorted(s["value"] for s in families.load_family(store, fid)["scores"]) == [0, 10]


def test_worry_statement_builder_composes_a_sentence():
    s = entry_cmds.compose_worry("The school", "Dad shouts and pushes Mum",
                              "when he has been drinking", "Lena could be hurt")
    assert s == ("The school is worried that Dad shouts and pushes Mum when he has been "
                 "drinking, and that Lena could be hurt.")
    assert entry_cmds.compose_worry("", "", "", "") == ""
    assert entry_cmds.compose_worry("Mum and Gwen", "", "", "").startswith("Mum and Gwen are worried")


def test_demo_has_the_practice_family_and_confidential_contacts(demo_store):
    names = [f.display_name for f in families.list_families(demo_store)]
    assert "Hughes-Kowalski family" in names and len(names) >= 3
    fid = families.resolve_family(demo_store, "hughes-kowalski family")
    doc = families.load_family(demo_store, fid)
    scores = {(s["who"], s["value"]) for s in doc["scores"]}
    # the worker scores as Alex Morgan, the family's own worker: one line on the chart
    assert {("Alex Morgan", 4), ("Sarah Hughes", 6), ("Tomasz Kowalski", 8), ("School", 3)} <= scores
    all_contacts = [c for f in families.list_families(demo_store)
                    for p in families.load_family(demo_store, f.id)["people"]
                    for c in p["contacts"]]
    kinds = {c["kind"] for c in all_contacts if c["confidential"]}
    assert {"address", "phone"} <= kinds


def test_last_change_follows_any_edit_in_the_family(store):
    import time

    a = families.create_family(store, "A")
    b = families.create_family(store, "B")
    time.sleep(0.01)
    entry_cmds.add(store, a, "strength", "something new")
    listed = families.list_families(store)
    assert [f.id for f in listed] == [a, b]
    assert listed[0].last_change > listed[1].last_change
