"""The children's version (export/children.py), read back from real PDFs: one document per child,
people named as that child knows them, the worries only in words written for a child, a short
"who helps" list that never holds the person whose behaviour is the worry, and rules for the
children only. PRACTICE.md, "The children's own copy"."""

from __future__ import annotations

import copy
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from safetymap.domain import names
from safetymap.export import children as ch
from safetymap.services import people as people_cmds
from safetymap.services.documents import build_document, export_document
from safetymap.services.families import load_family, resolve_family

from ..conftest import PASSPHRASE

HK = "Hughes-Kowalski family"
HEADINGS = ("Why the grown-ups are worried", "What to do if you are worried",
            "Who helps keep you safe", "Three Houses", "If you need help")


# --- reading the PDF back -------------------------------------------------------------------------


FOOTER = re.compile(r"For [^·]{1,80} · \d{1,2} \w+ \d{4} Page \d+")


def pages_of(data: bytes, tmp_path: Path, name: str = "c.pdf") -> list[str]:
    """Each page's text, without the footer (title, date, page number)."""
    path = tmp_path / name
    path.write_bytes(data)
    return [flat(FOOTER.sub(" ", flat(p.extract_text() or "")))
            for p in PdfReader(str(path)).pages]


def pdf_file_text(path: Path) -> str:
    return " ".join(flat(FOOTER.sub(" ", flat(p.extract_text() or "")))
                    for p in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    # one space between words; typographic apostrophes as typed ones
    return re.sub(r"\s+", " ", text).replace("\u2019", "'").strip()


def text_of(data: bytes, tmp_path: Path) -> str:
    return " ".join(pages_of(data, tmp_path))


def section(text: str, heading: str) -> str:
    """The text from `heading` to the next known heading (or the end)."""
    start = text.find(heading)
    assert start != -1, f"no section {heading!r}"
    rest = text[start + len(heading):]
    ends = [i for h in HEADINGS if h != heading and (i := rest.find(h)) != -1]
    return rest[:min(ends)] if ends else rest


def documents_by_child(pages: list[str]) -> dict[str, list[str]]:
    """Pages grouped by the child's document they belong to (each starts "For <name>")."""
    out: dict[str, list[str]] = {}
    current = None
    for page in pages:
        m = re.match(r"For (\S+) Some grown-ups", page)
        if m:
            current = m.group(1)
            assert current not in out, f"two documents for {current}"
            out[current] = []
        assert current is not None, "the first page is not a child's title page"
        out[current].append(page)
    return out


# --- the demo family, with the children's keys set here (not left to the demo's data) ------------


@pytest.fixture
def hk(demo_store) -> dict[str, Any]:
    return load_family(demo_store, resolve_family(demo_store, HK))


def person(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in doc["people"] if p["name"] == name)


def setup_hk(doc: dict[str, Any]) -> dict[str, Any]:
    """How Lena and Jakub know everyone, their helper lists, a child line for each worry and the
    rules for the children: set on the loaded document."""
    lena, jakub = person(doc, "Lena Kowalska"), person(doc, "Jakub Kowalski")
    sarah, tomasz = person(doc, "Sarah Hughes"), person(doc, "Tomasz Kowalski")
    gwen, evans = person(doc, "Gwen Hughes"), person(doc, "Mrs Evans")
    for p in doc["people"]:
        p["known_as"] = {}
    sarah["known_as"] = {lena["uid"]: "Mum", jakub["uid"]: "Mummy"}
    tomasz["known_as"] = {lena["uid"]: "Dad", jakub["uid"]: "Daddy"}
    evans["known_as"] = {lena["uid"]: "my teacher Mrs Evans"}
    # Gwen has no word recorded: her label "Nan (Sarah's mum)" gives "Nan"
    lena["helpers"] = [sarah["uid"], gwen["uid"], evans["uid"]]
    jakub["helpers"] = [sarah["uid"], gwen["uid"]]
    for c in gwen["contacts"]:
        c["safe_for_children"] = c["kind"] == "phone"
    for c in sarah["contacts"]:
        c["safe_for_children"] = False
    for e in doc["map"]:
        e["child_text"] = ""
    worries = [e for e in doc["map"] if e["area"] == "worry"]
    worries[0]["child_text"] = "Sometimes Daddy drinks beer and gets loud and cross."
    worries[1]["child_text"] = "Mummy is sorting out money for the house."
    for r in doc["safety_plan"]["current"]["rules"]:
        r["for_children"], r["child_text"] = False, ""
    return doc


def no_story(doc: dict[str, Any]) -> dict[str, Any]:
    doc["childs_voice"]["words_and_pictures"] = []
    return doc


def adult_phrases(doc: dict[str, Any]) -> list[str]:
    """Every adult worry statement and harm entry, and their distinctive parts."""
    out = []
    for e in doc["map"]:
        if e["area"] not in ("worry", "harm"):
            continue
        out.append(flat(e["text"]))
        out += [flat(v) for v in (e.get("worry_parts") or {}).values() if v and len(v) > 12]
    out += ["drinks a lot at weekends", "hurt or very frightened", "bruises on her arm",
            "lose their home", "move school", "are worried.", "is worried."]
    return out


# --- the worries, only in words for a child -------------------------------------------------------


@pytest.mark.parametrize("variant", ["story", "child lines", "neither"])
def test_adult_worry_statements_never_appear(hk, tmp_path, variant):
    doc = setup_hk(hk)
    phrases = adult_phrases(doc)
    assert any("Tomasz drinks" in p for p in phrases)  # the demo really has the statement
    if variant != "story":
        no_story(doc)
    if variant == "neither":
        for e in doc["map"]:
            e["child_text"] = ""
    text = text_of(build_document(doc, "children"), tmp_path)
    for phrase in phrases:
        assert phrase not in text, phrase
    why = section(text, "Why the grown-ups are worried")
    if variant == "story":
        assert "Sometimes when Daddy drinks beer he gets loud and cross." in why
    elif variant == "child lines":
        assert "Sometimes Daddy drinks beer and gets loud and cross." in why
        assert "Mummy is sorting out money for the house." in why
    else:
        assert ("Your grown-ups and Alex will talk with you about why they are helping your "
                "family.") in why
        assert "Tomasz" not in text and "drink" not in text


def test_a_childs_own_story_is_used_and_not_a_siblings(hk, tmp_path):
    doc = setup_hk(no_story(hk))
    lena, jakub = person(doc, "Lena Kowalska"), person(doc, "Jakub Kowalski")
    doc["childs_voice"]["words_and_pictures"] = [
        {"child_uid": lena["uid"], "text": "This story is only for Lena."}]
    texts = documents_by_child(pages_of(build_document(doc, "children"), tmp_path))
    assert "This story is only for Lena." in " ".join(texts["Lena"])
    jakub_text = " ".join(texts["Jakub"])
    assert "This story is only for Lena." not in jakub_text
    # Jakub has no story of his own: the worries' child lines are used instead
    assert "Mummy is sorting out money for the house." in jakub_text
    assert jakub["uid"]  # both children are in the family


def test_missing_for_children_says_what_is_missing(hk):
    doc = setup_hk(no_story(hk))
    for e in doc["map"]:
        e["child_text"] = ""
    person(doc, "Jakub Kowalski")["helpers"] = []
    missing = ch.missing_for_children(doc)
    assert ("Lena's version has no story or child's line for the worries yet; it will say that "
            "a grown-up will explain.") in missing
    assert "Nobody is on Jakub's 'who helps keep me safe' list yet." in missing
    assert not any("Nobody is on Lena's" in m for m in missing)
    # with everything in place there is nothing to say
    assert ch.missing_for_children(setup_hk(hk)) == []


# --- people named as the child knows them ----------------------------------------------------------


def test_people_are_called_by_the_childs_words(hk, tmp_path):
    doc = setup_hk(hk)
    texts = documents_by_child(pages_of(build_document(doc, "children"), tmp_path))
    lena = " ".join(texts["Lena"])
    helpers = section(lena, "Who helps keep you safe")
    for word in ("Mum", "Nan", "My teacher Mrs Evans"):
        assert re.search(rf"\b{word}\b", helpers), (word, helpers)
    jakub_helpers = section(" ".join(texts["Jakub"]), "Who helps keep you safe")
    assert "Mummy" in jakub_helpers and "Nan" in jakub_helpers
    whole = " ".join(" ".join(pages) for pages in texts.values())
    for adult_label in ("Sarah", "Gwen", "Sarah's mum", "Gwen (Sarah", "Lena's teacher"):
        assert adult_label not in whole, adult_label


def test_child_name_for_rules():
    kid = "k1"
    doc: dict[str, Any] = {"people": []}

    def p(name: str, rel: str, known: str = "", uid: str = "") -> dict[str, Any]:
        return {"uid": uid or name, "name": name, "relationship": rel,
                "known_as": {kid: known} if known else {}}

    assert names.child_name_for(p("Sarah Hughes", "Mum", "Mummy"), kid, doc) == "Mummy"
    assert names.child_name_for(p("Gwen Hughes", "Nan (Sarah's mum)"), kid, doc) == "Nan"
    assert names.child_name_for(p("Gwen Hughes", "Sarah's mum"), kid, doc) == "Gwen"
    assert names.child_name_for(p("Ceri Davies", "mam"), kid, doc) == "Mam"
    assert names.child_name_for(p("Dafydd Davies", "TAID (grandad)"), kid, doc) == "TAID"
    assert names.child_name_for(p("Mrs Evans", "Lena's teacher"), kid, doc) == "Mrs Evans"
    assert names.child_name_for(p("Amira Khan", "Mum's friend"), kid, doc) == "Amira"
    # a word recorded for another child is not this child's word
    other = {"uid": "x", "name": "Sarah Hughes", "relationship": "Mum", "known_as": {"k2": "Sal"}}
    assert names.child_name_for(other, kid, doc) == "Mum"
    # two people who would both be "Nan": the first name tells them apart
    gwen, jean = p("Gwen Hughes", "Nan"), p("Jean Kowalska", "Nan (Tomasz's mum)")
    both = {"people": [gwen, jean]}
    assert names.child_name_for(gwen, kid, both) == "Nan Gwen"
    assert names.child_name_for(jean, kid, both) == "Nan Jean"


def test_names_inside_the_childs_own_text_are_not_rewritten(hk, tmp_path):
    doc = setup_hk(no_story(hk))
    lena = person(doc, "Lena Kowalska")
    doc["childs_voice"]["words_and_pictures"] = [
        {"child_uid": lena["uid"], "text": "Sarah and Gwen help every day."}]
    text = text_of(build_document(doc, "children", child_uid=lena["uid"]), tmp_path)
    assert "Sarah and Gwen help every day." in text


# --- who helps keep you safe -----------------------------------------------------------------------


def test_the_person_whose_behaviour_is_the_worry_is_never_a_helper(hk, tmp_path):
    doc = setup_hk(hk)
    lena = person(doc, "Lena Kowalska")
    tomasz, sarah = person(doc, "Tomasz Kowalski"), person(doc, "Sarah Hughes")
    lena["helpers"] = [tomasz["uid"]] + lena["helpers"]
    texts = documents_by_child(pages_of(build_document(doc, "children"), tmp_path))
    helpers = section(" ".join(texts["Lena"]), "Who helps keep you safe")
    assert not re.search(r"\bDad\b", helpers) and "Tomasz" not in helpers, helpers
    assert "Mum" in helpers and "Nan" in helpers
    warnings = ch.helper_warnings(doc)
    assert len(warnings) == 1 and "Tomasz" in warnings[0] and "Lena" in warnings[0]
    assert not any("Sarah" in w for w in warnings)  # Sarah is only the one worried about rent
    assert ch.named_in_worry_behaviour(tomasz, doc)
    assert not ch.named_in_worry_behaviour(sarah, doc)


def test_behaviour_rule_without_worry_parts(hk):
    doc = setup_hk(hk)
    tomasz, sarah = person(doc, "Tomasz Kowalski"), person(doc, "Sarah Hughes")
    alex = person(doc, "Alex Morgan")
    for e in doc["map"]:
        e["worry_parts"] = None  # only the composed sentence is left
    assert ch.named_in_worry_behaviour(tomasz, doc)
    # named only as who is worried ("The school and Alex are worried that ..."): not flagged
    assert not ch.named_in_worry_behaviour(alex, doc)
    assert not ch.named_in_worry_behaviour(sarah, doc)
    # a resolved worry no longer counts
    for e in doc["map"]:
        if e["area"] == "worry":
            e["resolved_at"] = "2026-01-01T00:00:00"
    assert not ch.named_in_worry_behaviour(tomasz, doc)


def add_network(doc: dict[str, Any], n: int) -> list[dict[str, Any]]:
    people = []
    for i in range(n):
        p = {"uid": f"net-{i}", "id": 10_000 + i, "name": f"Helper{i:02d} Person",
             "initials": "HP", "role": "network", "relationship": "Friend", "age_years": None,
             "in_household": False, "closeness": 2, "network_role": "Visits on Sundays.",
             "organisation": "", "confidential": False, "details_confidential": False,
             "known_as": {},
             "contacts": [{"uid": f"c-{i}", "id": 20_000 + i, "kind": "phone", "label": "mobile",
                           "value": f"07700 9{i:05d}", "confidential": False,
                           "safe_to_share": True, "safe_for_children": i in (3, 17)}]}
        doc["people"].append(p)
        people.append(p)
    return people


def test_thirty_network_members_three_chosen(hk, tmp_path):
    doc = setup_hk(hk)
    net = add_network(doc, 30)
    lena = person(doc, "Lena Kowalska")
    lena["helpers"] = [net[3]["uid"], net[9]["uid"], net[17]["uid"]]
    person(doc, "Jakub Kowalski")["helpers"] = []
    text = text_of(build_document(doc, "children", child_uid=lena["uid"]), tmp_path)
    helpers = section(text, "Who helps keep you safe")
    listed = re.findall(r"Helper\d\d", text)
    assert listed == ["Helper03", "Helper09", "Helper17"], listed
    phones = re.findall(r"07700 9\d{5}", helpers)
    assert phones == ["07700 900003", "07700 900017"]  # only the two safe for children
    assert "07700 900009" not in text


def test_at_most_five_helpers_and_the_warning_says_so(hk, tmp_path):
    doc = setup_hk(hk)
    net = add_network(doc, 8)
    lena = person(doc, "Lena Kowalska")
    lena["helpers"] = [p["uid"] for p in net[:7]]
    text = text_of(build_document(doc, "children", child_uid=lena["uid"]), tmp_path)
    assert re.findall(r"Helper\d\d", text) == [f"Helper0{i}" for i in range(5)]
    assert ("Lena's 'who helps keep me safe' list has 7 people; only the first 5 are printed."
            in ch.missing_for_children(doc))


def test_a_phone_for_children_still_obeys_the_safe_copy(hk, tmp_path):
    doc = setup_hk(hk)
    lena, gwen = person(doc, "Lena Kowalska"), person(doc, "Gwen Hughes")
    phone = next(c for c in gwen["contacts"] if c["kind"] == "phone")
    phone["safe_to_share"] = False
    full = text_of(build_document(doc, "children", child_uid=lena["uid"]), tmp_path)
    safe = text_of(build_document(doc, "children", child_uid=lena["uid"], safe_copy=True),
                   tmp_path)
    assert phone["value"] in full
    assert phone["value"] not in safe


def test_helpers_hidden_from_the_family_copy_are_left_out(hk, tmp_path):
    doc = setup_hk(hk)
    lena, evans = person(doc, "Lena Kowalska"), person(doc, "Mrs Evans")
    evans["confidential"] = True
    text = text_of(build_document(doc, "children", child_uid=lena["uid"]), tmp_path)
    assert "Evans" not in text.replace("[name left out]", "")
    assert any("not in the family's copy" in m for m in ch.missing_for_children(doc))


# --- rules for the children --------------------------------------------------------------------------


def test_only_rules_for_the_children_in_their_words(hk, tmp_path):
    doc = setup_hk(hk)
    rules = doc["safety_plan"]["current"]["rules"]
    rules[1].update(for_children=True, child_text="If Daddy shouts, you can go to Nan's.")
    rules[2].update(for_children=True, child_text="")
    texts = documents_by_child(pages_of(build_document(doc, "children"), tmp_path))
    for pages in texts.values():
        rules_text = section(" ".join(pages), "What to do if you are worried")
        assert "If Daddy shouts, you can go to Nan's." in rules_text
        assert flat(rules[2]["text"]) in rules_text  # no child wording: as written
        whole = " ".join(pages)
        assert flat(rules[0]["text"]) not in whole and flat(rules[3]["text"]) not in whole
        assert flat(rules[1]["text"]) not in whole
        assert "brother's flat" not in whole


# --- one document per child, large type, pages ---------------------------------------------------------


def test_one_titled_document_per_child_each_from_a_new_page(hk, tmp_path):
    doc = setup_hk(hk)
    pages = pages_of(build_document(doc, "children"), tmp_path)
    by_child = documents_by_child(pages)
    assert list(by_child) == ["Lena", "Jakub"]
    lena, jakub = " ".join(by_child["Lena"]), " ".join(by_child["Jakub"])
    # each child's Three Houses and drawing only in their own document
    assert "Lena's Three Houses" in lena and "Daddy shouting" in lena
    assert "Lena's House of Dreams" in lena  # the drawing's caption
    assert "Jakub's Three Houses" in jakub and "A big train set." in jakub
    assert "Daddy shouting" not in jakub and "Lena's House of Dreams" not in jakub
    assert "A big train set." not in lena and "Jakub's Three Houses" not in lena
    for text in (lena, jakub):
        assert text.count("If you need help") == 1


def test_one_childs_document_alone(hk, tmp_path):
    doc = setup_hk(hk)
    jakub = person(doc, "Jakub Kowalski")
    data = build_document(doc, "children", child_uid=jakub["uid"])
    path = tmp_path / "jakub.pdf"
    path.write_bytes(data)
    reader = PdfReader(str(path))
    assert reader.metadata is not None and reader.metadata.title == "For Jakub"
    text = pdf_file_text(path)
    assert text.startswith("For Jakub")
    assert "For Lena" not in text and "Lena's Three Houses" not in text
    assert ch.find_child(doc, "jakub") == jakub["uid"]
    assert ch.find_child(doc, str(jakub["id"])) == jakub["uid"]


def test_body_text_is_large(hk, tmp_path):
    assert ch.BODY_SIZE >= 16
    path = tmp_path / "c.pdf"
    path.write_bytes(build_document(setup_hk(hk), "children"))
    sizes: dict[float, int] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            size = round(font_size * tm[0], 1) if tm[0] else font_size
            sizes[size] = sizes.get(size, 0) + len(text)

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    most_used = max(sizes, key=lambda k: sizes[k])
    assert most_used >= 16, sizes


PAGE_H = 841.89
FRAME_TOP, FRAME_H = 56.69, 841.89 - 2 * 56.69 - 11.34


def page_fill(data: bytes, tmp_path: Path) -> list[tuple[float, str]]:
    """(how far down the frame the lowest word is, the page's first words) for each page."""
    path = tmp_path / "fill.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    result = []
    for page in re.findall(r"<page .*?</page>", out, re.DOTALL):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                           r"(.*?)</word>", page)
        body = [(float(y1), w) for y0, y1, w in words if float(y0) < PAGE_H - 56.69]
        low = max((y for y, _ in body), default=FRAME_TOP)
        result.append(((low - FRAME_TOP) / FRAME_H, " ".join(w for _, w in body[:3])))
    return result


@pytest.mark.parametrize("family", [HK, "Davies family (Teulu Davies)", "Yılmaz family"])
def test_no_page_is_mostly_empty_but_each_childs_last(demo_store, tmp_path, family):
    doc = load_family(demo_store, resolve_family(demo_store, family))
    fills = page_fill(build_document(doc, "children"), tmp_path)
    # the Davies family prefers Welsh: its booklets start "Ar gyfer Ŵyn"
    starts = [i for i, (_, first) in enumerate(fills) if first.startswith(("For ", "Ar gyfer "))]
    assert starts and starts[0] == 0
    lasts = {s - 1 for s in starts[1:]} | {len(fills) - 1}
    for i, (fill, first) in enumerate(fills):
        if i not in lasts:
            assert fill >= 1 / 3, (i + 1, round(fill, 2), first)


def test_a_short_why_section_does_not_leave_a_blank_page(hk, tmp_path):
    doc = setup_hk(no_story(hk))
    for e in doc["map"]:
        e["child_text"] = ""
    lena = person(doc, "Lena Kowalska")
    lena["helpers"] = []
    pdf = build_document(doc, "children", child_uid=lena["uid"])
    pages = pages_of(pdf, tmp_path)
    # title, the kind sentence, no list and the help box: no forced break leaves page 1 nearly
    # blank, and the Three Houses come straight after (on the same page when they fit)
    assert "Why the grown-ups are worried" in pages[0]
    assert "Lena's Three Houses" in pages[0] + pages[1]
    assert page_fill(pdf, tmp_path)[0][0] >= 1 / 3


# --- through the services and the command line -------------------------------------------------------


def test_export_warns_and_leaves_the_person_out(demo_store, tmp_path):
    fid = resolve_family(demo_store, HK)
    doc = load_family(demo_store, fid)
    lena, tomasz = person(doc, "Lena Kowalska"), person(doc, "Tomasz Kowalski")
    people_cmds.set_child_relation(demo_store, lena["id"], tomasz["id"], known_as="Dad", helper=True)
    out = tmp_path / "lena.pdf"
    warnings = export_document(demo_store, fid, "children", out, child_uid="Lena")
    assert any("Tomasz" in w and "left out" in w for w in warnings), warnings
    text = pdf_file_text(out)
    assert text.startswith("For Lena") and "For Jakub" not in text
    helpers = section(text, "Who helps keep you safe")
    assert not re.search(r"\bDad\b", helpers) and "Tomasz" not in helpers


def test_yilmaz_childs_version_cannot_locate_them(demo_store, tmp_path):
    doc = load_family(demo_store, resolve_family(demo_store, "Yılmaz family"))
    doc = copy.deepcopy(doc)
    stefan, lukasz = person(doc, "Ștefan Popescu"), person(doc, "Łukasz Wiśniewski")
    stefan["helpers"] = list(stefan.get("helpers") or []) + [lukasz["uid"]]
    for c in lukasz["contacts"]:
        c["safe_for_children"] = True  # but confidential: never printed
    for safe in (False, True):
        text = text_of(build_document(doc, "children", safe_copy=safe), tmp_path)
        assert text.startswith("For Ștefan")
        low = text.casefold()
        for secret in ("refuge", "cedar lane", "cf10", "cardiff", "029 2000", "key worker",
                       "women's", "07700 900999", "mihai"):
            assert secret not in low, secret


def test_cli_export_children_for_one_child(demo_store, store_path, tmp_path):
    out = tmp_path / "lena.pdf"
    env = dict(os.environ, SAFETYMAP_PASSPHRASE=PASSPHRASE)
    demo_store.close()
    r = subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store_path), "export",
                        "children", HK, "--out", str(out), "--child", "Lena"],
                       capture_output=True, text=True, env=env, timeout=180,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    text = pdf_file_text(out)
    assert text.startswith("For Lena") and "For Jakub" not in text
    bad = subprocess.run([sys.executable, "-m", "safetymap", "--store", str(store_path),
                          "export", "children", HK, "--out", str(out), "--child", "Nobody"],
                         capture_output=True, text=True, env=env, timeout=180,
                         stdin=subprocess.DEVNULL)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines()[-1] == "This family has no child with that id or name."


def test_red_team_adult_words_pasted_as_a_child_line_and_a_pronoun_behaviour(hk):
    """An adult worry pasted into the child's line is not printed; a helper named in the worry
    sentence (while its behaviour part says "he") is still kept off the list."""
    doc = setup_hk(no_story(hk))
    worry = next(e for e in doc["map"] if e["area"] == "worry")
    worry["child_text"] = worry["text"]
    worry["worry_parts"] = {"who": "", "behaviour": "he drinks and shouts", "situation": "",
                            "impact": ""}
    lena = person(doc, "Lena Kowalska")
    tomasz = person(doc, "Tomasz Kowalski")
    lena["helpers"] = [tomasz["uid"]]
    pdf_text = " ".join(" ".join((p.extract_text() or "").split())
                        for p in PdfReader(io.BytesIO(
                            build_document(doc, "children", child_uid=lena["uid"]))).pages)
    assert worry["text"][:40] not in pdf_text
    assert "Dad" not in pdf_text.split("Who helps keep you safe")[-1] or \
        "Who helps keep you safe" not in pdf_text
