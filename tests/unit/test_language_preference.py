"""The family's language, and each person's (issue 14; Welsh Language Standard 2): recorded
through services, refused with a sentence that changes nothing, in the family document and the
family list, migrated onto an older store as "not asked yet" (never taken to mean English)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from safetymap.domain.language import describe
from safetymap.services import changesets, families, people
from safetymap.store.engine import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_PASSPHRASE = "fixture store passphrase one two three"


def _hk(store):
    return families.resolve_family(store, "Hughes-Kowalski family")


def _person(store, fid, name):
    return next(p for p in families.load_family(store, fid)["people"] if p["name"] == name)


def test_a_familys_and_a_persons_language_are_kept_and_undone(demo_store):
    fid = _hk(demo_store)
    assert families.load_family(demo_store, fid)["family"]["language"] == ""  # not asked
    families.set_language(demo_store, fid, "en")
    step = demo_store.last_changeset_id
    tomasz = _person(demo_store, fid, "Tomasz Kowalski")["id"]
    people.set_language(demo_store, tomasz, "other", "Polish; an interpreter for meetings")
    doc = families.load_family(demo_store, fid)
    assert (doc["family"]["language"], doc["family"]["language_note"]) == ("en", "")
    t = _person(demo_store, fid, "Tomasz Kowalski")
    assert (t["language"], t["language_note"]) == ("other", "Polish; an interpreter for meetings")
    assert describe(t["language"], t["language_note"]) == \
        "Other language: Polish; an interpreter for meetings"
    summary = next(f for f in families.list_families(demo_store) if f.id == fid)
    assert summary.language == "en"
    changesets.undo(demo_store, step)
    assert families.load_family(demo_store, fid)["family"]["language"] == ""


@pytest.mark.parametrize("code, note, words", [
    ("fr", "", "Welsh (cy), English (en) or another language"),
    ("cy", "x" * 301, "longer than 300 characters"),
])
def test_a_wrong_language_is_refused_and_changes_nothing(demo_store, code, note, words):
    fid = _hk(demo_store)
    families.set_language(demo_store, fid, "cy")
    with pytest.raises(ValueError, match=re.escape(words)) as e:
        families.set_language(demo_store, fid, code, note)
    assert "nothing was changed" in str(e.value)
    sarah = _person(demo_store, fid, "Sarah Hughes")["id"]
    with pytest.raises(ValueError, match=re.escape(words)):
        people.set_language(demo_store, sarah, code, note)
    doc = families.load_family(demo_store, fid)
    assert doc["family"]["language"] == "cy" and _person(demo_store, fid, "Sarah Hughes")[
        "language"] == ""


def test_the_davies_demo_family_prefers_welsh(demo_store):
    fid = families.resolve_family(demo_store, "Davies family (Teulu Davies)")
    doc = families.load_family(demo_store, fid)
    assert doc["family"]["language"] == "cy"
    assert {p["name"]: p["language"] for p in doc["people"]}["Ŵyn Davies"] == "cy"


def test_an_older_store_gets_the_columns_as_not_asked_yet(tmp_path):
    """Migration 0005 on a store made at 0004 (a backup is taken first, as for every
    migration): every family and person is 'not asked yet', never English."""
    for suffix in ("", ".kdf.json", ".seal"):
        src = FIXTURES / ("store-0004.db" + suffix)
        if src.exists():
            shutil.copyfile(src, tmp_path / ("store-0004.db" + suffix))
    with Store.open(tmp_path / "store-0004.db", FIXTURE_PASSPHRASE) as s:
        assert s.revision() == "0005"
        for f in families.list_families(s):
            doc = families.load_family(s, f.id)
            assert doc["family"]["language"] == "" and f.language == ""
            assert all(p["language"] == "" and p["language_note"] == "" for p in doc["people"])
    assert list(tmp_path.glob("*backup*")) or list(tmp_path.glob("*.bak*")) or \
        list(tmp_path.rglob("*0004*before*")), sorted(p.name for p in tmp_path.iterdir())
