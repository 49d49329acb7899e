"""The safety check before a family-facing document leaves the app.

Each test puts something that could locate a family where a worker could plausibly type it, then
reads the real PDF back. Controls show the same text *is* printed when the check is switched off,
so a pass means the check did the work, not that the words never reached the page.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.export import safety_check as engine
from safetymap.export.family_copy import family_copy
from safetymap.services import demo, families
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import plan as plan_cmds
from safetymap.services import safety_check as sc
from safetymap.services import scores as score_cmds
from safetymap.services.documents import build_document, export_document
from safetymap.services.families import load_family
from safetymap.store.engine import Store

from .. import rowedit


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in
                    PdfReader(io.BytesIO(pdf)).pages)


def _norm(s: str) -> str:
    return " ".join(s.replace("\u2019", "'").casefold().split())


LOCATING = ["refuge", "women's refuge", "safe house", "lloches", "Bluebell House",
            "CF10 9ZZ", "029 2000 0999", "22 Cedar Lane", "Ysgol y Dderwen", "Cardiff",
            "Mihai", "Hafan Project", "Newport", "NP20 1AA"]


@pytest.fixture
def hiding_family(store):
    """A family of our own: a mother and child in hiding, the refuge typed in many forms."""
    fid = families.create_family(store, "Okafor family", "child-protection")
    mum = people_cmds.add(store, fid, "Grace Okafor", "adult", "Mum", in_household=True)
    kid = people_cmds.add(store, fid, "Tobi Okafor", "child", "Son", age_years=6,
                        in_household=True)
    people_cmds.add(store, fid, "Mihai Stan", "adult", "Tobi's dad (no contact)",
                  organisation="Hafan Project", confidential=True)
    worker = people_cmds.add(store, fid, "Rhian Pugh", "professional", "Refuge support worker",
                           organisation="Hafan Project women’s refuge", closeness=2)
    people_cmds.add_contact(store, mum, "address", "Flat 3, 22 Cedar Lane, Cardiff CF10 9ZZ",
                   confidential=True)
    people_cmds.add_contact(store, worker, "phone", "029 2000 0999", label="office")
    people_cmds.add_contact(store, worker, "address", "Hafan office, 1 High Street, Newport NP20 1AA")
    entry_cmds.add(store, fid, "existing_safety",
                   "Grace took Tobi to the Refuge the same night. Mihai does not know.",
                   view_person_id=mum)
    entry_cmds.add(store, fid, "strength",
                   "Tobi has settled at Ysgol y Dderwen and likes the Women’s Refuge playroom.",
                   view_label="School")
    entry_cmds.add(store, fid, "worry", "Grace is worried that Mihai will find the safe house "
                   "near CF10 9ZZ and hurt her in front of Tobi.", view_person_id=mum,
                   child_text="Mummy wants you to feel safe.")
    entry_cmds.add(store, fid, "goal", "Grace and Tobi will stay at the lloches until they have "
                   "a new home in Cardiff, or near Newport NP20 1AA.", view_person_id=mum)
    plan_cmds.save(store, fid, PlanContent(
        rules=[PlanRule("If anyone asks, Grace will ring the office on 029 2000 0999 or go to "
                          "Bluebell House.", for_children=True,
                          child_text="If you are scared, tell Mummy or Rhian.")],
        warning_signs=["A car outside 22 Cedar Lane"],
        if_not_working="Call the refuge.", review="In the spring, at 5 Oak Road."))
    people_cmds.set_child_relation(store, kid, mum, known_as="Mummy", helper=True)
    return fid


@pytest.fixture
def org_words(tmp_path, monkeypatch):
    """The organisation's own list adds its local refuge's name."""
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "locating-words.json").write_text(
        '{"schema": "safetymap.locating-words/1", "words": {"en": ["Bluebell House"]}}',
        "utf-8")
    monkeypatch.setenv("SAFETYMAP_TEMPLATES", str(folder))
    return folder


@pytest.mark.parametrize("kind", ["plan", "children"])
def test_safe_copy_leaves_out_everything_that_locates(store, hiding_family, org_words, kind):
    doc = load_family(store, hiding_family)
    text = _norm(_text(build_document(doc, kind, safe_copy=True)))
    for word in LOCATING:
        assert _norm(word) not in text, word
    assert "tobi" in text  # the document is still there


def test_control_without_the_check_the_words_are_printed(store, hiding_family, org_words,
                                                         monkeypatch):
    """The attack succeeds without the fix: switch apply() off and the refuge prints."""
    doc = load_family(store, hiding_family)
    monkeypatch.setattr(engine, "apply", lambda *a, **k: 0)
    text = _norm(_text(build_document(doc, "plan", safe_copy=True)))
    leaked = [w for w in LOCATING if _norm(w) in text]
    # (the confidential address itself, typed anywhere, is blanked by the confidentiality
    # filter even without the check: test_confidential_address_parts_never_print)
    assert {"refuge", "safe house", "lloches", "bluebell house"} <= set(
        map(_norm, leaked))


def test_every_kind_is_found_where_it_stands(store, hiding_family, org_words):
    found = sc.safety_check(store, hiding_family, "plan")
    kinds = {f.kind for f in found}
    assert {"locating_word", "postcode", "phone", "school", "place", "role", "organisation",
            "confidential_person", "address"} <= kinds
    for f in found:
        assert f.context[f.start:f.end] == f.text  # highlighted where it stands
        assert f.where and f.reason.endswith(".")
    refuge = [f for f in found if f.key == "locating_word:refuge"]
    assert len(refuge) >= 2  # "Refuge" and "refuge" are one finding in several places


def test_decisions_are_remembered_and_the_record_is_not_rewritten(store, hiding_family,
                                                                  org_words, tmp_path):
    out = tmp_path / "plan.pdf"
    # ordinary copy, nothing decided: the family's words print as they are
    export_document(store, hiding_family, "plan", out)
    assert "lloches" in _norm(_text(out.read_bytes()))
    sc.decide(store, hiding_family, "locating_word:lloches", "locating_word", "omit")
    export_document(store, hiding_family, "plan", out)
    assert "lloches" not in _norm(_text(out.read_bytes()))
    # a new version of the plan remembers it
    plan_cmds.agree_version(store, hiding_family, "after the meeting")
    export_document(store, hiding_family, "plan", out)
    assert "lloches" not in _norm(_text(out.read_bytes()))
    # the record keeps the family's words
    goal = [e for e in load_family(store, hiding_family)["map"] if e["area"] == "goal"][0]
    assert "lloches" in goal["text"]
    # "this is fine" prints it again, even in a safe copy
    sc.decide(store, hiding_family, "locating_word:lloches", "locating_word", "fine")
    export_document(store, hiding_family, "plan", out, safe_copy=True)
    assert "lloches" in _norm(_text(out.read_bytes()))
    assert sc.decisions(store, hiding_family) == {"locating_word:lloches": "fine"}


def test_a_confidential_person_cannot_be_marked_fine(store, hiding_family):
    with pytest.raises(ValueError, match="always left out"):
        sc.decide(store, hiding_family, "confidential_person:mihai", "confidential_person",
                  "fine")
    with pytest.raises(ValueError):
        sc.decide(store, hiding_family, "x", "place", "maybe")


def test_confidential_person_appears_nowhere_not_by_role_or_organisation(store, hiding_family):
    doc = load_family(store, hiding_family)
    for kind in ("plan", "children"):
        text = _norm(_text(build_document(doc, kind)))
        assert "mihai" not in text and "stan" not in text
        assert "tobi's dad" not in text


def test_organisation_and_role_marked_not_for_the_family(store):
    fid = families.create_family(store, "Lee family", "child-protection")
    people_cmds.add(store, fid, "Ann Lee", "adult", "Mum", in_household=True)
    people_cmds.add(store, fid, "Kit Ray", "child", "Son", in_household=True)
    helper = people_cmds.add(store, fid, "Sam Field", "professional", "Outreach key worker",
                           organisation="Northgate Project", closeness=2)
    entry_cmds.add(store, fid, "strength", "Sam from Northgate Project visits each week.",
                   view_label="Worker")
    doc = load_family(store, fid)
    assert "northgate" in _norm(_text(build_document(doc, "plan")))  # control
    rowedit.update_row(store, "Person", helper, details_confidential=True)
    text = _norm(_text(build_document(load_family(store, fid), "plan")))
    assert "northgate" not in text and "outreach key worker" not in text
    assert "sam" in text  # the name itself may be printed


def test_safe_to_share_contact_counts_as_fine(demo_store):
    fid = families.resolve_family(demo_store, "Yılmaz family")
    doc = load_family(demo_store, fid)
    text = _text(build_document(doc, "plan", safe_copy=True))
    assert "07700 900555" in text  # Zofia's number, marked safe to share
    assert "refuge" not in _norm(text)


def test_yilmaz_demo_plan_and_childrens_copy_never_say_refuge(demo_store):
    fid = families.resolve_family(demo_store, "Yılmaz family")
    doc = load_family(demo_store, fid)
    for kind in ("plan", "children"):
        for safe in (False, True):
            text = _norm(_text(build_document(doc, kind, safe_copy=safe)))
            assert "refuge" not in text, (kind, safe)
            assert "women's" not in text


def test_hostile_text_never_breaks_the_check():
    """Regex-looking, huge and odd text: the check finishes and finds what it should."""
    doc = {"people": [], "map": [{"uid": "e", "area": "worry", "text": text, "stances": [],
                                  "view": {}} for text in (
        "(((( [[[ *** refuge? \\d+ $$", "x" * 20000 + " refuge", "\u202erefuge\u202c",
        "REFUGES and Refuge's", "0" * 40)],
        "safety_plan": {"current": {}}, "visits": []}
    found = engine.find(doc, {})
    assert sum(f.kind == "locating_word" for f in found) >= 4
    copy = dict(doc)
    n = engine.apply(copy, found, safe_copy=True)
    assert n >= 4 and all("refuge" not in e["text"].casefold() for e in copy["map"])


def test_family_copy_report_warns_about_undecided(store, hiding_family):
    _fc, report = family_copy(load_family(store, hiding_family))
    assert report.undecided()
    assert any("safety check" in w for w in report.warnings())


def test_cli_lists_findings_on_stderr_and_safe_copy_leaves_them_out(tmp_path):
    store = tmp_path / "s.db"
    env = dict(os.environ, SAFETYMAP_PASSPHRASE="kitchen table blue kettle morning")
    run = lambda *a: subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store),
                                     *a], capture_output=True, text=True, env=env, timeout=120,
                                    stdin=subprocess.DEVNULL)
    assert run("demo").returncode == 0
    out = tmp_path / "y.pdf"
    r = run("export", "plan", "Yılmaz family", "--out", str(out), "--safe-copy")
    assert r.returncode == 0, r.stderr
    assert "Safety check" in r.stderr and "refuge" in r.stderr
    assert "refuge" not in _norm(_text(out.read_bytes()))
    assert "Women" not in r.stdout  # findings go to stderr only
    r = run("safety-check", "plan", "Yılmaz family", "--fine", "locating_word:refuge")
    assert r.returncode == 0, r.stderr
    assert "marked fine" in r.stderr
    r = run("safety-check", "plan", "Yılmaz family", "--omit", "no-such-key")
    assert r.returncode == 2 and "no finding" in r.stderr


def test_bundle_carries_decisions_and_child_relations(demo_store, tmp_path):
    from safetymap.services.bundles import build_payload

    fid = families.resolve_family(demo_store, "Yılmaz family")
    payload = build_payload(demo_store, fid)
    rows = payload["records"] if "records" in payload else payload
    text = str(rows)
    assert "SafetyCheckDecision" in text and "ChildRelation" in text


def test_demo_worker_scores_as_one_person(demo_store):
    fid = families.resolve_family(demo_store, "Hughes-Kowalski family")
    from safetymap.export.common import score_series

    series = score_series(load_family(demo_store, fid))
    assert "Alex" in series and not any(k.lower() in ("worker", "the worker") for k in series)


def test_words_file_of_the_organisation_is_read(org_words):
    assert "Bluebell House" in engine.word_lists().words
    assert "refuge" in engine.word_lists().words


def test_shipped_words_file_is_valid():
    from safetymap.config import practice_dir

    assert (Path(practice_dir()) / engine.WORDS_FILE).is_file()
    words = engine.word_lists().words
    assert "lloches" in words and "women's aid" in words
    _ = demo  # the demo module is imported so the Yılmaz decision path is exercised above


def test_bundle_round_trip_keeps_child_relations_and_decisions(demo_store, tmp_path):
    """Handing a case over keeps the safety-check decisions and how each child knows people,
    in a new store and as a copy (fresh uids, references remapped)."""
    from safetymap.services.bundles import export_bundle, import_bundle, read_bundle
    from safetymap.store.bundle import BundleKdf

    fid = families.resolve_family(demo_store, "Yılmaz family")
    path = tmp_path / "case.smbundle"
    kdf = BundleKdf.fast_for_tests()
    export_bundle(demo_store, fid, path, "orange river quiet lantern", kdf=kdf)
    other = Store.create(tmp_path / "other" / "s.db", "kitchen table blue kettle morning")
    try:
        contents = read_bundle(path, "orange river quiet lantern")
        new_id = import_bundle(other, contents).family_id
        doc = load_family(other, new_id)
        assert doc["safety_check"] == {"locating_word:refuge": "omit"}
        kid = next(p for p in doc["people"] if p["role"] == "child")
        names = {p["uid"]: p for p in doc["people"]}
        assert [names[u]["name"] for u in kid["helpers"]] == ["Ayşe Yılmaz", "Zofia Nowak"]
        assert "refuge" not in _norm(_text(build_document(doc, "plan")))
        # and as a second copy in the same store
        copy_id = import_bundle(other, contents, mode="copy").family_id
        doc2 = load_family(other, copy_id)
        kid2 = next(p for p in doc2["people"] if p["role"] == "child")
        uids2 = {p["uid"] for p in doc2["people"]}
        assert len(kid2["helpers"]) == 2 and set(kid2["helpers"]) <= uids2
    finally:
        other.close()


def test_confidential_address_parts_never_print(store):
    """The street without its number, the town, and the postcode in any case or spacing of a
    confidential address, and a hidden person's name without accents or in lower case."""
    fid = families.create_family(store, "Rees family", "child-protection")
    mum = people_cmds.add(store, fid, "Mari Rees", "adult", "Mum", in_household=True)
    people_cmds.add(store, fid, "Ștefan Moldovan", "adult", "Ex-partner", confidential=True)
    people_cmds.add_contact(store, mum, "address", "Flat 2, 14 Heol y Felin, Splott, Cardiff CF24 2AA",
                   confidential=True)
    entry_cmds.add(store, fid, "strength", "Mari now lives on Heol-y-Felin in Splott (cf242aa). "
                   "Stefan and ŞTEFAN and stefan do not know; nor does moldovan.",
                   view_person_id=mum)
    text = _norm(_text(build_document(load_family(store, fid), "plan")))
    for leak in ("heol", "felin", "splott", "cf24", "2aa", "stefan", "moldovan"):
        assert leak not in text, leak
    assert "mari now lives on" in text


def test_invisible_characters_do_not_hide_a_locating_word(store):
    fid = families.create_family(store, "Rees family", "child-protection")
    people_cmds.add(store, fid, "Mari Rees", "adult", "Mum", in_household=True)
    entry_cmds.add(store, fid, "strength", "We went to the re\u200bfuge.", view_label="Worker")
    text = _norm(_text(build_document(load_family(store, fid), "plan", safe_copy=True)))
    assert "refuge" not in text.replace("\u200b", "")


def test_red_team_variants_are_left_out_of_a_safe_copy(store):
    """Found by a red-team run: locating words in fields the check did not read, and spellings
    it did not match."""
    fid = families.create_family(store, "Rees family", "child-protection")
    mum = people_cmds.add(store, fid, "Mari Rees", "adult", "Mum", in_household=True)
    kid = people_cmds.add(store, fid, "Cai Rees", "child", "Son", in_household=True)
    jo = people_cmds.add(store, fid, "Jo from Lloches", "network", "Friend", closeness=1)
    people_cmds.set_child_relation(store, kid, mum, known_as="Mam", helper=True)
    people_cmds.set_child_relation(store, kid, jo, known_as="Nan at the refuge", helper=True)
    entry_cmds.add(store, fid, "strength", "Mari works at Tesco Extra and Cai goes to ysgol y "
                   "dderwen, then St. Mary's C of E Primary. Womens Aid found the safe-house "
                   "near CF23-5BQ.", view_label="Key worker at the refuge")
    score_cmds.record(store, fid, 6, scorer_label="Women's Aid worker", reasons="Going well.")
    doc = load_family(store, fid)
    for kind in ("plan", "children"):
        text = _norm(_text(build_document(doc, kind, safe_copy=True)))
        for leak in ("refuge", "lloches", "womens aid", "women's aid", "safe-house", "tesco",
                     "dderwen", "mary's", "cf23"):
            assert leak not in text, (kind, leak)
