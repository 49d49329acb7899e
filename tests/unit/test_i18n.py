"""The documents' catalogue (safetymap/i18n.py, resources/i18n/cy.po and .mo; issue 14):
current, complete, with Welsh plural forms and CLDR dates; and the safety plan in Welsh,
English and both, with the family's own words printed as typed in every language."""

from __future__ import annotations

import gettext
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from safetymap import i18n
from safetymap.services import documents, families

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as tool  # noqa: E402 - tools/i18n.py

I18N = ROOT / "resources" / "i18n"


def _mo_messages(data: bytes) -> dict:
    import io

    t = gettext.GNUTranslations(io.BytesIO(data))
    return {k: v for k, v in t._catalog.items() if k != ""}  # type: ignore[attr-defined]


def test_the_shipped_mo_is_the_po_compiled():
    cat = tool.read("cy")
    assert _mo_messages((I18N / "cy.mo").read_bytes()) == _mo_messages(tool.compiled(cat)), \
        "cy.mo is not cy.po compiled: run python tools/i18n.py compile"


def test_every_marked_text_is_in_the_po_translated_and_nothing_else_is():
    wanted = {m.id for m in tool.extracted() if m.id}
    have = {m.id for m in tool.read("cy") if m.id}
    assert wanted - have == set(), "run python tools/i18n.py update, then translate"
    assert have - wanted == set(), "texts the code no longer has: run tools/i18n.py update"
    untranslated = [m.id for m in tool.read("cy") if m.id and not (
        m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == []


def test_every_welsh_text_keeps_its_placeholders():
    for m in tool.read("cy"):
        if m.id and isinstance(m.id, str):
            import re
            assert set(re.findall(r"\{\w+\}", m.id)) == set(re.findall(r"\{\w+\}", m.string)), \
                m.id


@pytest.mark.parametrize("n, form", [(0, 0), (1, 1), (2, 2), (3, 3), (6, 4), (7, 5)])
def test_welsh_has_six_plural_forms(n, form):
    t = i18n.catalogue("cy")
    assert t.plural(n) == form  # type: ignore[attr-defined]


def test_dates_come_from_cldr():
    with i18n.speaking("cy"):
        assert i18n.day(date(2026, 12, 1)) == "1 Rhagfyr 2026"
        assert i18n.short_day(date(2026, 6, 1)) == "1 Meh 2026"
    assert i18n.day(date(2026, 12, 1)) == "1 December 2026"
    with pytest.raises(ValueError, match="Welsh \\(cy\\) or English \\(en\\)"):
        with i18n.speaking("fr"):
            pass


def _text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _davies(store):
    fid = families.resolve_family(store, "Davies family (Teulu Davies)")
    return families.load_family(store, fid)


def test_the_davies_plan_in_welsh_english_and_both(demo_store, tmp_path):
    doc = _davies(demo_store)
    cy = _text(documents.build_document(doc, "plan", language="cy"), tmp_path, "cy")
    en = _text(documents.build_document(doc, "plan", language="en"), tmp_path, "en")
    both = _text(documents.build_document(doc, "plan", language="bilingual"), tmp_path, "both")
    assert "Pam rydyn ni'n gwneud y cynllun hwn" in cy and "Why we are making" not in cy
    assert "Pwy sy'n gwneud yn siŵr" in cy and "Tudalen 1" in cy and "Rhagfyr" in cy
    assert "Ŵyn ac Elin" in cy and "Ŵyn and Elin" in en  # Welsh 'and' before a vowel
    assert "Why we are making this plan" in en and "Pam rydyn" not in en
    # the family's own words, as typed, in every language
    words = "Mae Ceri yn poeni ei bod hi'n aros yn y gwely"
    assert words in cy and words in en and both.count(words) == 2
    # Welsh first
    assert both.index("Pam rydyn ni'n gwneud") < both.index("Why we are making this plan")
    assert "Tudalen 1 / Page 1" in both


def test_the_family_s_preference_chooses_the_language(demo_store, tmp_path):
    davies = _davies(demo_store)
    hk = families.load_family(demo_store, families.resolve_family(demo_store,
                                                                  "Hughes-Kowalski family"))
    assert documents.document_language(davies, "plan") == "cy"
    assert documents.document_language(hk, "plan") == "en"  # nobody has asked: English
    text = _text(documents.build_document(davies, "plan"), tmp_path, "default")
    # the Davies family's template (early help) names its plan in Welsh itself
    assert "Cynllun ein teulu ar gyfer" in text
    # every document takes the family's language; a language there is none for: a sentence
    for kind in ("assessment", "children", "supervision"):
        assert documents.document_language(davies, kind) == "cy"
        assert documents.document_language(hk, kind) == "en"
    with pytest.raises(ValueError, match="Welsh \\(cy\\), English \\(en\\) or both"):
        documents.document_language(davies, "assessment", "fr")


def test_a_welsh_plan_says_so_in_its_pdf(demo_store, tmp_path):
    path = tmp_path / "cy.pdf"
    path.write_bytes(documents.build_document(_davies(demo_store), "plan", language="cy"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "Cynllun ein teulu ar gyfer" in info  # the title (the template's Welsh)
    raw = path.read_bytes()
    assert b"cy-GB" in raw  # the document's language, for screen readers
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in f for f in fonts)  # embedded, subset
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)


def test_the_review_list_names_every_welsh_text_not_yet_checked():
    """REVIEW-cy.md lists every translation a Welsh-speaking social worker has not checked."""
    shipped = (I18N / "REVIEW-cy.md").read_text(encoding="utf-8")
    assert shipped == tool.review_list("cy"), "run python tools/i18n.py review"
    assert all(f"- {m}" in shipped for m in tool.unreviewed("cy"))
    assert len(tool.unreviewed("cy")) == len([m for m in tool.read("cy") if m.id])


def test_the_welsh_glossary_finds_jargon_in_its_mutated_forms():
    """At least 30 Welsh terms with plain words; 'cyswllt' is found as 'gyswllt' and
    'nghyswllt' too (Welsh initial mutations), and a Welsh check gives no English score."""
    import json

    from safetymap.practice import plain_language as pl

    terms = json.loads(pl.glossary_path("cy").read_text("utf-8"))["terms"]
    assert len(terms) >= 30 and all(t["plain"] for t in terms)
    texts = [("plan", "Bydd ei gyswllt gyda'r plant yn digwydd bob dydd Sadwrn."),
             ("goal", "Yn y gynhadledd achos, siaradon ni am fy nghyswllt i.")]
    report = pl.check(texts, language="cy")
    found = {(f.term, f.found) for f in report.flags}
    assert ("cyswllt", "gyswllt") in found and ("cyswllt", "nghyswllt") in found
    assert ("cynhadledd achos", "gynhadledd achos") in found
    assert report.reading_ease is None and report.welsh
    assert "English only" in report.summary()
    # control: the English check finds none of it, and would score the Welsh as English
    english = pl.check(texts)
    assert english.flags == [] and english.reading_ease is not None


def test_a_welsh_plan_is_checked_in_welsh(demo_store):
    doc = _davies(demo_store)
    assert documents.check_plain_language(doc, "plan", language="cy").welsh
    assert documents.check_plain_language(doc, "plan").welsh  # the family prefers Welsh
    assert not documents.check_plain_language(doc, "plan", language="en").welsh


def test_no_welsh_heading_is_broken_across_lines(demo_store, tmp_path):
    """Welsh words are often longer: the signature table's 'Dyddiad' was split 'Dyddi / ad'."""
    text = _text(documents.build_document(_davies(demo_store), "plan", language="cy"),
                 tmp_path, "sig")
    lines = [x.strip() for x in text.splitlines()]
    assert "Dyddiad" in lines and "Dyddi" not in lines


def test_who_agrees_is_said_in_welsh_too(demo_store, tmp_path):
    """Review finding: 'does not agree' and 'agrees with this' stayed English in the Welsh
    plan. The Hughes-Kowalski plan in Welsh, where Tomasz disagrees with two worries."""
    hk = families.load_family(demo_store, families.resolve_family(demo_store,
                                                                  "Hughes-Kowalski family"))
    cy = _text(documents.build_document(hk, "plan", language="cy"), tmp_path, "hk").replace(
        "\n", " ")
    en = _text(documents.build_document(hk, "plan", language="en"), tmp_path, "hk-en").replace(
        "\n", " ")
    assert "does not agree" in en  # control: the English plan says it
    assert "does not agree" not in cy and "Dydy Tomasz ddim yn cytuno." in cy


def test_no_text_is_marked_inside_an_f_string():
    """The extractor cannot see into an f-string, so a _() there is never in the catalogue
    and stays English in a Welsh document (it happened: 'does not agree')."""
    import io
    import tokenize

    found = []
    for src in tool.SOURCES:
        files = [src] if src.is_file() else sorted(src.rglob("*.py"))
        for path in files:
            for tok in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
                if tok.type == tokenize.STRING and tok.string[:2].lower() in ("f'", 'f"', "rf",
                                                                              "fr") \
                        and ("_(" in tok.string or "ngettext(" in tok.string):
                    found.append(f"{path.name}:{tok.start[0]}")
    assert found == []


# --- the practice templates in Welsh --------------------------------------------------------


def test_both_shipped_templates_speak_welsh_whole():
    from safetymap.practice.templates import shipped_templates

    for t in shipped_templates().values():
        assert t.missing_in("cy") == [], t.id
        cy = t.in_language("cy")
        assert cy.language == "cy" and cy.plan_title != t.plan_title
        for area in t.areas:
            assert cy.areas[area].label != t.areas[area].label or area.value == "next_step"
            assert len(cy.areas[area].prompts) == len(t.areas[area].prompts)
        assert set(cy.scale_wordings) == set(t.scale_wordings)
        assert [h.value for h in cy.help_numbers] == [h.value for h in t.help_numbers]
        assert t.in_language("en") is t  # English is the template itself


def test_an_organisation_template_may_give_welsh_and_a_wrong_one_gets_a_sentence():
    import copy
    import json

    from safetymap.config import practice_dir
    from safetymap.practice.templates import TemplateError, parse_template

    raw = json.loads((practice_dir() / "wellbeing.json").read_text(encoding="utf-8"))
    del raw["languages"]
    plain = parse_template(copy.deepcopy(raw), "org.json")
    assert plain.in_language("cy") is plain and "plan_title" in plain.missing_in("cy")
    # half translated: the rest stays English, and missing_in says what is left
    raw["languages"] = {"cy": {"plan_title": "Ein cynllun ni",
                               "areas": {"worry": {"label": "Pryderon"}}}}
    half = parse_template(copy.deepcopy(raw), "org.json").in_language("cy")
    assert half.plan_title == "Ein cynllun ni" and half.label("worry") == "Pryderon"
    assert half.label("strength") == "Good things"
    assert "areas.strength.label" in parse_template(copy.deepcopy(raw),
                                                    "org.json").missing_in("cy")
    for bad, says in ((["x"], "must be a JSON object"),
                      ({"areas": {"nowhere": {}}}, "'areas' must name areas"),
                      ({"colour": "red"}, "unknown key"),
                      ({"sections": {"plan": 3}}, "'sections' must map")):
        raw["languages"] = {"cy": bad}
        with pytest.raises(TemplateError, match=says):
            parse_template(copy.deepcopy(raw), "org.json")
    raw["languages"] = {"fr": {}}
    with pytest.raises(TemplateError, match="can give cy"):
        parse_template(copy.deepcopy(raw), "org.json")


def test_the_welsh_plan_labels_the_help_numbers_in_welsh(demo_store, tmp_path):
    davies = _davies(demo_store)
    cy = _text(documents.build_document(davies, "plan", language="cy"), tmp_path, "cy")
    en = _text(documents.build_document(davies, "plan", language="en"), tmp_path, "en")
    assert "Tîm cymorth cynnar" in cy and "Early help team" not in cy
    assert "Early help team" in en and "Tîm cymorth cynnar" not in en
