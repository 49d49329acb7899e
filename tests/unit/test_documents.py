"""The family-readable PDFs, read back the way a checker would: pypdf text, `qpdf --check`,
`pdffonts`, metadata. Confidentiality is proven on text extracted from real PDFs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetymap.domain.plan import PlanContent, PlanRule
from safetymap.export.family_copy import NAME_LEFT_OUT, family_copy
from safetymap.practice.plain_language import reading_ease
from safetymap.services import assessment as assessment_cmds
from safetymap.services import childs_voice as voice_cmds
from safetymap.services import chronology as chronology_cmds
from safetymap.services import entries as entry_cmds
from safetymap.services import people as people_cmds
from safetymap.services import plan as plan_cmds
from safetymap.services import scores as score_cmds
from safetymap.services.documents import check_plain_language, export_document
from safetymap.services.families import create_family, load_family, resolve_family

from ..conftest import PASSPHRASE

KINDS = ("plan", "assessment", "children")
ACCENTED = ("Siôn", "Ŵyn", "Łukasz", "Ștefan", "Ayşe")
FORBIDDEN = re.compile(
    r"\b(deadlines?|due|overdue|days? left|working days?|countdown|target dates?|timescales?|"
    r"days? (?:ago|since|open|remaining|overdue)|time limits?|\d+ days?)\b", re.IGNORECASE)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def fonts_table(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.strip().splitlines()[2:]
    return [r.split() for r in rows]


def assert_quality(path: Path) -> None:
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    rows = fonts_table(path)
    assert rows, "no fonts at all"
    for r in rows:
        # columns: name type [type2] encoding emb sub uni object ID; emb is 5th from the end
        assert r[-5] == "yes", f"font not embedded: {r}"
        assert "AtkinsonHyperlegibleNext" in r[0], r
    reader = PdfReader(str(path))
    meta = reader.metadata
    assert meta is not None and meta.title and meta.author
    assert str(reader.trailer["/Root"].get("/Lang")) == "en-GB"


def _export(store, fid, kind, out, **kw) -> list[str]:
    return export_document(store, fid, kind, out, **kw)


@pytest.fixture
def ids(demo_store):
    return {
        "hk": resolve_family(demo_store, "Hughes-Kowalski family"),
        "davies": resolve_family(demo_store, "Davies family (Teulu Davies)"),
        "yilmaz": resolve_family(demo_store, "Yılmaz family"),
    }


@pytest.fixture
def long_family(store) -> int:
    return make_long_family(store)


def make_long_family(store) -> int:
    """Long, accented and Welsh text: the document must flow over pages, nothing clipped."""
    fid = create_family(store, "Teulu ap Gwilym-Wiśniewski", "wellbeing")
    sion = people_cmds.add(store, fid, "Siôn ap Gwilym", "adult", "Tad", in_household=True)
    ayse = people_cmds.add(store, fid, "Ayşe Wiśniewska", "adult", "Mam", in_household=True)
    wyn = people_cmds.add(store, fid, "Ŵyn ap Gwilym", "child", "Mab", age_years=8,
                        in_household=True)
    stefan = people_cmds.add(store, fid, "Ștefan Wiśniewski", "child", "Son", age_years=5,
                           in_household=True)
    lukasz = people_cmds.add(store, fid, "Łukasz Wiśniewski", "network", "Ewythr (uncle)",
                           closeness=1, network_role="Mae'n galw bob nos Wener.")
    people_cmds.add_contact(store, lukasz, "phone", "07700 900777", safe_to_share=True)
    people_cmds.add_contact(store, sion, "phone", "07700 900888")
    words = ("Mae Ŵyn yn hoffi pêl-droed gyda Łukasz ar ddydd Sadwrn, a Ștefan hefyd. "
             "Ayşe says the mornings are calmer now and Siôn walks the boys to school. ")
    long_text = " ".join(f"{words}Rhan{i}." for i in range(1, 151)) + " DIWEDD-END-MARK."
    assert len(long_text.split()) > 3000
    entry_cmds.add(store, fid, "worry", long_text, view_person_id=ayse)
    entry_cmds.add(store, fid, "strength", "Mae'r plant yn chwerthin llawer. " * 40,
                   view_person_id=sion)
    for i in range(12):
        entry_cmds.add(store, fid, "goal", f"Nod {i + 1}: Ŵyn a Ștefan will feel safe. " * 6,
                       view_person_id=ayse)
        chronology_cmds.add(store, fid, date(2026, 1, 1) + timedelta(days=9 * i),
                            f"Ymweliad {i + 1} with Siôn and Ayşe", detail=words * 3)
    for i, v in enumerate((3, 4, 5, 5, 6, 7)):
        for who, delta in ((sion, 0), (ayse, 1)):
            score_cmds.record(store, fid, min(10, v + delta), person_id=who,
                              reasons="Mae pethau'n well. " * 5,
                              scored_at=datetime(2026, 1, 1, tzinfo=UTC)
                              + timedelta(days=30 * i))
    score_cmds.record(store, fid, 6, scorer_label="worker", reasons="Same as Ayşe.",
                      scored_at=datetime(2026, 6, 1, tzinfo=UTC))
    for h, t in (("worries", "Pan mae Dad yn drist."), ("good_things", "Pêl-droed gyda Łukasz."),
                 ("dreams", "Mynd i'r traeth gyda Mam a Dad. " * 8)):
        voice_cmds.add_house_entry(store, fid, wyn, h, t)
    voice_cmds.add_house_entry(store, fid, stefan, "good_things", "Ayşe's pancakes.")
    voice_cmds.set_words_and_pictures(store, fid, ("Weithiau mae Mam a Dad yn ffraeo. " * 30).strip())
    plan_cmds.save(store, fid, PlanContent(
        rules=[PlanRule(f"Rheol{i}: Siôn and Ayşe will talk calmly after tea. " * 4,
                          [], "Łukasz", "Ayşe") for i in range(1, 16)],
        warning_signs=[f"Arwydd {i}: shouting in the evening" for i in range(1, 12)],
        if_not_working="Ffoniwch Łukasz. " * 20,
        review="Byddwn yn edrych eto ar ôl hanner tymor."))
    assessment_cmds.edit(store, fid, analysis=long_text, decision="Cefnogaeth gynnar.",
                         rationale=words * 20, family_note="Byddwn yn dweud wrthych yn fuan.")
    return fid


# --- quality bars ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_demo_documents_pass_the_quality_bars(demo_store, ids, tmp_path, kind):
    out = tmp_path / "out" / f"{kind}.pdf"
    ticks: list[float] = []
    warnings = _export(demo_store, ids["hk"], kind, out, progress=ticks.append)
    assert isinstance(warnings, list)
    assert_quality(out)
    text = pdf_text(out)
    assert "Lena" in text and "Jakub" in text
    assert ticks[0] == 0.0 and ticks[-1] == 1.0 and ticks == sorted(ticks)
    # written atomically: no temp file left beside it
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_plan_title_and_sections_in_reading_order(demo_store, ids, tmp_path):
    out = tmp_path / "plan.pdf"
    _export(demo_store, ids["hk"], "plan", out)
    text = flat(pdf_text(out))
    assert PdfReader(str(out)).metadata.title == "Our safety plan for Lena and Jakub"
    headings = ["Our safety plan for Lena and Jakub", "Why we are making this plan",
                "What's going well", "Our rules, and who makes sure", "Our safety network",
                "Warning signs", "What to do if the plan isn't working",
                "How we'll know it's working", "Where everyone is on the scale today",
                "When we'll look at the plan again", "Signatures"]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, list(zip(headings, positions, strict=True))
    assert positions == sorted(positions)
    # the family's own words, shown as theirs; disagreement recorded honestly
    assert "Sarah says:" in text
    assert "Tomasz does not agree." in text
    assert "I'd never hurt my kids." in text
    # who makes sure of each rule, with a phone number
    assert "Gwen 07700 900456" in text
    # everyone's mark on the scale
    for who in ("Alex: 4", "Sarah: 6", "Tomasz: 8", "The school: 3"):
        assert who in text


def test_wellbeing_template_labels(demo_store, ids, tmp_path):
    out = tmp_path / "plan.pdf"
    _export(demo_store, ids["davies"], "plan", out, language="en")  # the family prefers Welsh
    text = pdf_text(out)
    assert "Our family plan for Ŵyn and Elin" in flat(text)
    assert "bydd Ŵyn yn ffonio Taid" in flat(text)  # the family's words, as typed (Welsh)


def test_body_text_is_at_least_13pt(demo_store, ids, tmp_path):
    out = tmp_path / "plan.pdf"
    _export(demo_store, ids["hk"], "plan", out)
    sizes: dict[float, int] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            size = round(font_size * tm[0], 1) if tm[0] else font_size
            sizes[size] = sizes.get(size, 0) + len(text)

    for page in PdfReader(str(out)).pages:
        page.extract_text(visitor_text=visit)
    most_used = max(sizes, key=lambda k: sizes[k])
    assert most_used >= 13, sizes


def test_accented_welsh_and_long_text_flow_over_pages(store, long_family, tmp_path):
    for kind in KINDS:
        out = tmp_path / f"{kind}.pdf"
        export_document(store, long_family, kind, out)
        assert_quality(out)
        text = pdf_text(out)
        # The children's version names people as the children know them: Siôn is "Tad".
        for name in ACCENTED if kind != "children" else [n for n in ACCENTED if n != "Siôn"]:
            assert name in text, (kind, name)
        pages = len(PdfReader(str(out)).pages)
        assert pages >= 3, (kind, pages)
    # the 3000-word worry reaches its last word: nothing clipped
    plan_text = flat(pdf_text(tmp_path / "plan.pdf"))
    assert "DIWEDD-END-MARK" in plan_text
    assert sorted(set(int(n) for n in re.findall(r"Rhan(\d+)\.", plan_text))) == list(
        range(1, 151))
    assert len(re.findall(r"Rheol\d+:", plan_text)) == 15 * 4
    assert "DIWEDD-END-MARK" in flat(pdf_text(tmp_path / "assessment.pdf"))


# --- confidentiality ---------------------------------------------------------------------------

YILMAZ_SECRETS = ("Cedar Lane", "CF10 9ZZ", "07700 900999", "029 2000 0999", "Mihai")
HK_SECRETS = ("Stryd y Popty", "SY23 1BB")


def test_the_demo_really_holds_the_secrets(demo_store, ids):
    """So the leak tests below can fail: the confidential data is in the store."""
    import json

    y = json.dumps(load_family(demo_store, ids["yilmaz"]), ensure_ascii=False)
    h = json.dumps(load_family(demo_store, ids["hk"]), ensure_ascii=False)
    assert all(s in y for s in YILMAZ_SECRETS)
    assert all(s in h for s in HK_SECRETS)


@pytest.mark.parametrize("kind", ["plan", "children"])
@pytest.mark.parametrize("safe", [False, True])
def test_no_confidential_field_leaks(demo_store, ids, tmp_path, kind, safe):
    for fam, secrets in (("yilmaz", YILMAZ_SECRETS), ("hk", HK_SECRETS)):
        out = tmp_path / f"{fam}-{kind}.pdf"
        _export(demo_store, ids[fam], kind, out, safe_copy=safe)
        text = flat(pdf_text(out))
        digits = re.sub(r"\D", "", text)
        for secret in secrets:
            assert secret not in text, (fam, kind, secret)
            if re.fullmatch(r"[\d ]+", secret):
                assert re.sub(r"\D", "", secret) not in digits, (fam, kind, secret)


def test_yilmaz_plan_marks_the_left_out_name_and_warns(demo_store, ids, tmp_path):
    out = tmp_path / "plan.pdf"
    warnings = _export(demo_store, ids["yilmaz"], "plan", out)
    text = flat(pdf_text(out))
    assert NAME_LEFT_OUT in text
    assert "Ayşe" in text and "Ștefan" in text and "Zofia" in text
    assert any("not for the family's copy" in w for w in warnings)


def test_safe_copy_leaves_out_unshared_addresses_and_phones(demo_store, ids, tmp_path):
    full, safe = tmp_path / "full.pdf", tmp_path / "safe.pdf"
    _export(demo_store, ids["hk"], "plan", full)
    _export(demo_store, ids["hk"], "plan", safe, safe_copy=True)
    full_text, safe_text = flat(pdf_text(full)), flat(pdf_text(safe))
    # Sarah's phone and home address are not marked safe to share
    for detail in ("07700 900123", "14 Heol y Mynydd"):
        assert detail in full_text
        assert detail not in safe_text
    # Gwen's, the school's and the worker's phones are marked safe to share
    for detail in ("07700 900456", "01970 000111", "01970 000222"):
        assert detail in safe_text
    child = tmp_path / "child.pdf"
    _export(demo_store, ids["hk"], "children", child, safe_copy=True)
    assert "07700 900123" not in pdf_text(child)


def test_family_copy_unit():
    doc = {
        "family": {"uid": "f", "display_name": "Test", "template_id": "wellbeing"},
        "people": [
            {"uid": "a", "name": "Ann Lee", "role": "adult", "confidential": False,
             "contacts": [
                 {"kind": "phone", "value": "07700 111111", "confidential": False,
                  "safe_to_share": False},
                 {"kind": "phone", "value": "07700 222222", "confidential": False,
                  "safe_to_share": True},
                 {"kind": "address", "value": "Refuge, 9 Oak Road, Leeds LS1 1AA",
                  "confidential": True, "safe_to_share": False}]},
            {"uid": "b", "name": "Bob Stone", "role": "adult", "confidential": True,
             "contacts": [{"kind": "phone", "value": "07700 333333", "confidential": False,
                           "safe_to_share": True}]},
        ],
        "map": [{"uid": "e1", "area": "worry", "text": "Ann fears Bob Stone finds 9 Oak Road. "
                 "Call 07700333333.", "view": {"person_uid": "b", "label": "Bob Stone"},
                 "stances": [{"person_uid": "b", "who": "Bob Stone", "stance": "agrees"}]}],
        "scores": [{"person_uid": "b", "who": "Bob Stone", "value": 9}],
        "childs_voice": {"three_houses": [], "words_and_pictures": [], "attachments": []},
        "safety_plan": {"current": {"rules": [{"text": "Stay in", "who_makes_sure": ["a", "b"]}],
                                    "network_roles": [{"person_uid": "b", "role": "x"}]},
                        "versions": []},
        "supervision": [{"reflections": "private"}],
    }
    fc, report = family_copy(doc)
    flat_fc = repr(fc)
    assert "Bob" not in flat_fc and "Stone" not in flat_fc
    assert "9 Oak Road" not in flat_fc and "LS1 1AA" not in flat_fc
    assert "333333" not in flat_fc
    assert "07700 111111" in flat_fc and "07700 222222" in flat_fc
    assert "supervision" not in fc
    assert fc["safety_plan"]["current"]["rules"][0]["who_makes_sure"] == ["a"]
    assert fc["scores"] == [] and fc["map"][0]["stances"] == []
    assert report.people_left_out == 1 and report.redactions >= 3
    safe, _ = family_copy(doc, safe_copy=True)
    assert "07700 111111" not in repr(safe) and "07700 222222" in repr(safe)
    # the input is not changed
    assert doc["people"][1]["name"] == "Bob Stone"


# --- assessment without timescales -------------------------------------------------------------


def test_forbidden_pattern_would_catch_timescale_words():
    for bad in ("Deadline: Friday", "due on 3 May", "3 days overdue", "10 working days",
                "Target date", "35 days", "2 days left"):
        assert FORBIDDEN.search(bad), bad
    assert not FORBIDDEN.search("agreed with the family for 27 November 2026")


def test_assessment_has_no_timescale_words(demo_store, ids, tmp_path):
    for fam in ids:
        out = tmp_path / f"{fam}.pdf"
        _export(demo_store, ids[fam], "assessment", out)
        text = flat(pdf_text(out))
        hit = FORBIDDEN.search(text)
        assert hit is None, (fam, hit and text[max(0, hit.start() - 60):hit.end() + 60])
    hk = flat(pdf_text(tmp_path / "hk.pdf"))
    assert "agreed with the family for 27 November 2026" in hk
    for part in ("Where people disagree", "The children's views", "What has happened, in order",
                 "The decision", "when you can expect a decision", "Gwen and Mrs Evans"):
        assert part in hk, part


# --- plain language ----------------------------------------------------------------------------


def test_demo_plan_reading_ease_is_60_or_more(demo_store, ids, tmp_path):
    report = check_plain_language(demo_store, "plan", ids["hk"])
    assert report.reading_ease is not None and report.reading_ease >= 60, report.summary()
    out = tmp_path / "plan.pdf"
    _export(demo_store, ids["hk"], "plan", out)
    ease, words, _ = reading_ease(pdf_text(out))
    assert words > 300 and ease is not None and ease >= 60, ease


def test_jargon_is_flagged_not_rewritten(demo_store, ids, tmp_path):
    entry_cmds.add(demo_store, ids["hk"], "strength",
                   "Sarah has been non-compliant about safeguarding but contact went well.",
                   view_label="Worker")
    out = tmp_path / "plan.pdf"
    warnings = _export(demo_store, ids["hk"], "plan", out)
    joined = " ".join(warnings)
    for word in ("non-compliant", "safeguarding", "contact"):
        assert word in joined
    assert "family time" in joined
    assert "non-compliant about safeguarding but contact went well" in flat(pdf_text(out))


def test_audit_event_recorded(demo_store, ids, tmp_path):
    from sqlalchemy import select

    from safetymap.domain import model as m

    _export(demo_store, ids["hk"], "children", tmp_path / "c.pdf")
    with demo_store.session() as s:
        events = s.scalars(select(m.AuditEvent).where(m.AuditEvent.action == "export_pdf")).all()
        assert [(e.family_id, e.summary) for e in events] == [(ids["hk"], "children")]


def test_unknown_kind_is_a_sentence(demo_store, ids, tmp_path):
    with pytest.raises(ValueError, match="choose one of"):
        export_document(demo_store, ids["hk"], "letter", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


# --- command line ------------------------------------------------------------------------------


def test_cli_export_plan_prints_warnings_on_stderr(demo_store, store_path, tmp_path):
    fid = resolve_family(demo_store, "Hughes-Kowalski family")
    entry_cmds.add(demo_store, fid, "strength", "Contact with Nan is good for safeguarding.",
                   view_label="Worker")
    demo_store.close()
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=PASSPHRASE)
    out = tmp_path / "out" / "plan.pdf"
    r = subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store_path), "export",
                        "plan", str(fid), "--out", str(out), "--safe-copy"],
                       capture_output=True, text=True, env=env, timeout=180,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    assert "warning:" in r.stderr and "safeguarding" in r.stderr
    assert "Traceback" not in r.stderr
    assert out.exists()
    assert_quality(out)
    assert "07700 900123" not in pdf_text(out)
