"""One definition of initials, short names and relationship words (domain/names.py), and proof
that the screens, the PDFs and group supervision all go through it.

A review found "ME" for Mrs Evans on one screen and "E" in the group supervision view, and three
short-name helpers that disagreed ("Mrs Sarah Evans" was "Mrs Sarah" on screen and "Mrs Sarah
Evans" in the PDF). These tests pin the one answer and compare every call path against it."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

import safetymap
from safetymap.domain import model as m
from safetymap.domain import names, worry_people
from safetymap.domain.names import child_name_for, initials, kinship_word, name_words, short_name
from safetymap.export import children as export_children
from safetymap.export import common as export_common
from safetymap.export import safety_check
from safetymap.services import children as services_children
from safetymap.services import supervision as sv
from safetymap.ui.widgets import common as widgets_common
from safetymap.ui.widgets.common import People
from safetymap.ui.workspace.circles import NetworkCircles

PACKAGE = Path(safetymap.__file__).resolve().parent


# --- initials --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Sarah Hughes", "SH"),
    ("Tomasz Kowalski", "TK"),
    # a title is not an initial: "ME" would read as someone called M. Evans
    ("Mrs Evans", "E"),
    ("mrs. evans", "E"),
    ("Dr Sian Lloyd", "SL"),
    ("Prof. Dr. Anna Schmidt", "AS"),
    ("Parch Huw Jones", "HJ"),
    # hyphenated names: each part counts
    ("Lena Hughes-Kowalski", "LHK"),
    ("Mary-Jane Smith", "MJS"),
    ("Anna Nowak–Lewis", "ANL"),  # an en dash typed instead of a hyphen
    # apostrophes: the first letter counts
    ("Sean O'Brien", "SO"),
    ("Sean O’Brien", "SO"),
    ("D'Arcy Jones", "DJ"),
    # Welsh: "ap"/"ab"/"ferch" are not names of their own; digraphs give their first letter
    ("Siôn ap Rhys", "SR"),
    ("Dafydd ab Owain", "DO"),
    ("Llinos ferch Dafydd", "LD"),
    ("Llinos Rhys", "LR"),
    ("Ab Williams", "AW"),  # "Ab" as a first name stays
    # other particles, only in lower case
    ("Anna van der Berg", "AB"),
    ("Omar al-Hassan", "OH"),
    ("Rosa De Luca", "RDL"),
    # Unicode letters stay themselves, upper case, composed
    ("Ŵyn Jones", "ŴJ"),
    ("ŵyn jones", "ŴJ"),
    ("Łukasz Nowak", "ŁN"),
    ("Ștefan Popescu", "ȘP"),
    ("S\u0326tefan Popescu", "ȘP"),  # the comma below typed as a separate mark
    ("Ayşe Demir", "AD"),
    ("İpek Yılmaz", "İY"),
    ("李小龍", "李"),
    # punctuation around a name is not a letter
    ("(Jo) Smith", "JS"),
    # a name that is only a title, or nothing at all
    ("Dr", "D"),
    ("", "?"),
    ("   ", "?"),
    ("123", "?"),
])
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_initials_are_single_capitals_so_a_shorter_pattern_cannot_match_inside() -> None:
    for name in ("Siôn ap Rhys", "Ștefan Popescu", "Ayşe Demir", "Lena Hughes-Kowalski"):
        got = initials(name)
        assert got == got.upper() and all(len(ch) == 1 for ch in got)


def test_name_words_leave_out_titles_and_particles() -> None:
    assert name_words("Mrs Evans") == ["Evans"]
    assert name_words("Mr Tomas ap Rhys") == ["Tomas", "Rhys"]
    assert name_words("Dr") == []
    assert name_words("") == []
    assert name_words("Lena Hughes-Kowalski") == ["Lena", "Hughes-Kowalski"]


# --- short names -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Sarah Hughes", "Sarah"),
    ("  Jakub   Kowalski ", "Jakub"),
    ("Mrs Evans", "Mrs Evans"),
    ("mrs. evans", "mrs. evans"),
    # a title goes with the surname, as people say it (was "Mrs Sarah" on screen before)
    ("Mrs Sarah Evans", "Mrs Evans"),
    ("Dr Sian Lloyd", "Dr Lloyd"),
    ("Mr Tomas ap Rhys", "Mr ap Rhys"),
    ("Prof Dr Anna Schmidt", "Prof Dr Schmidt"),
    # a kinship word alone does not say which Nan (was "Nan" in the PDF before)
    ("Nan Gwen Hughes", "Nan Gwen"),
    ("Auntie Zofia", "Auntie Zofia"),
    ("Mary-Jane O'Brien", "Mary-Jane"),
    ("Siôn ap Rhys", "Siôn"),
    ("Ŵyn", "Ŵyn"),
    ("Lena", "Lena"),
    ("Mrs", "Mrs"),
    ("Dr Mrs", "Dr Mrs"),
    ("", ""),
    ("   ", ""),
])
def test_short_name(name: str, expected: str) -> None:
    assert short_name(name) == expected


# --- relationship words ----------------------------------------------------------------------

@pytest.mark.parametrize(("label", "expected"), [
    ("Nan (Sarah's mum)", "Nan"),
    ("mam", "Mam"),
    ("TAID (grandad)", "TAID"),
    ("mam-gu", "Mam-gu"),
    ("Sarah's mum", ""),
    ("Lena's teacher", ""),
    ("Friend", ""),
    ("", ""),
])
def test_kinship_word(label: str, expected: str) -> None:
    assert kinship_word(label) == expected


def test_child_name_for_uses_the_short_name() -> None:
    kid = "k1"
    doc: dict[str, Any] = {"people": []}
    teacher = {"uid": "t", "name": "Mrs Sarah Evans", "relationship": "Lena's teacher"}
    assert child_name_for(teacher, kid, doc) == "Mrs Evans"
    nan1 = {"uid": "a", "name": "Gwen Hughes", "relationship": "Nan"}
    nan2 = {"uid": "b", "name": "Jean Kowalska", "relationship": "Nan (Tomasz's mum)"}
    both = {"people": [nan1, nan2]}
    assert child_name_for(nan1, kid, both) == "Nan Gwen"
    assert child_name_for(nan2, kid, both) == "Nan Jean"


# --- one function, every call path -----------------------------------------------------------

TRICKY = ["Sarah Hughes", "Mrs Evans", "Mrs Sarah Evans", "Dr Sian Lloyd", "Siôn ap Rhys",
          "Ŵyn Jones", "Łukasz Nowak", "Ștefan Popescu", "Ayşe Demir", "Mary-Jane O'Brien",
          "Nan Gwen Hughes", "Auntie Zofia", "Llinos ferch Dafydd", "mrs. evans", "Lena",
          "Lena Hughes-Kowalski", "Omar al-Hassan", "Mr Tomas ap Rhys"]


def _doc(names_: list[str]) -> dict[str, Any]:
    people = [{"id": i, "uid": f"u{i}", "name": n, "role": "network", "relationship": "",
               "initials": m.Person(name=n).initials, "contacts": [], "known_as": {}}
              for i, n in enumerate(names_)]
    return {"people": people, "map": [], "scores": []}


def test_screen_and_pdf_give_the_same_short_name() -> None:
    doc = _doc(TRICKY)
    screen = People(doc)
    for p in doc["people"]:
        expected = short_name(p["name"])
        # the screens: the People look-up every page uses, and the network circles' labels
        assert screen.name(p, short=True) == expected, p["name"]
        assert screen.name_for(p["uid"], "", short=True) == expected, p["name"]
        assert NetworkCircles.short(p) == expected, p["name"]
        # the PDFs: whose view an entry is, a stance, a score, the children's copy
        assert export_common.who_label({"person_uid": p["uid"]}, doc) == expected, p["name"]
        assert export_common.stance_name({"person_uid": p["uid"]}, doc) == expected
        assert export_common.score_who({"person_uid": p["uid"]}, doc) == expected
        assert export_children._first(p) == expected
        # the screens' warning about a child's list (services) says the same name
        assert services_children.helper_warning(p).startswith(f"{expected} is named in a worry")


def test_screen_pdf_and_group_supervision_give_the_same_initials() -> None:
    doc = _doc(TRICKY)
    view = sv.initials_view(doc)
    on_screen = People(view, initials_only=True)
    for before, after in zip(doc["people"], view["people"], strict=True):
        expected = initials(before["name"])
        assert before["initials"] == expected, before["name"]  # the document's field (model)
        assert after["name"] == after["initials"] == expected, before["name"]
        assert on_screen.name(after) == expected
        assert on_screen.name(after, short=True) == expected


def test_group_supervision_text_uses_the_same_initials() -> None:
    doc = {"people": [{"name": "Mrs Evans"}, {"name": "Siôn ap Rhys"}, {"name": "Dr"}],
           "map": [{"text": "Mrs Evans rang. Siôn ap Rhys came. The Dr was away."}]}
    text = sv.initials_view(doc)["map"][0]["text"]
    # "ap" is nobody's name and "Dr" alone is not replaced in text; the names are
    assert text == "E rang. SR came. The Dr was away."


def test_the_old_helpers_are_the_one_function() -> None:
    assert vars(widgets_common)["short_name"] is names.short_name
    assert vars(worry_people)["short_name"] is names.short_name
    assert not hasattr(worry_people, "first_name")  # its own copy is gone
    assert vars(safety_check)["short_name"] is names.short_name
    assert vars(export_common)["short_name"] is names.short_name
    assert vars(export_children)["child_name_for"] is names.child_name_for
    assert vars(export_children)["short_name"] is names.short_name
    assert vars(services_children)["short_name"] is names.short_name
    assert vars(sv)["initials"] is names.initials


_RULE_FUNCTIONS = {"initials", "_initials", "first_name", "short_name", "_short_name",
                   "kinship_word", "child_name_for", "given_name", "display_name"}


def test_no_other_module_defines_a_name_rule() -> None:
    """No function of these names outside domain/names.py (the Person.initials property in
    domain/model.py only calls it), and no other list of titles ("mrs" next to "miss")."""
    found = []
    titles = re.compile(r"""["']mrs["'].{0,80}["']miss["']|["']miss["'].{0,80}["']mrs["']""",
                        re.IGNORECASE | re.DOTALL)
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "domain/names.py":
            continue
        source = path.read_text("utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name in _RULE_FUNCTIONS:
                body = ast.unparse(node)
                if not (rel == "domain/model.py" and "names.initials(" in body):
                    found.append(f"{rel}:{node.lineno} def {node.name}")
        if titles.search(source):
            found.append(f"{rel}: a list of titles")
    assert found == []


def test_the_checker_would_catch_a_copy() -> None:
    """The control for the test above: a planted copy is found by the same patterns."""
    planted = 'def first_name(name):\n    return name\nT = {"Mr", "Mrs", "Miss"}\n'
    tree = ast.parse(planted)
    assert any(isinstance(n, ast.FunctionDef) and n.name in _RULE_FUNCTIONS
               for n in ast.walk(tree))
    assert re.search(r"""["']mrs["'].{0,80}["']miss["']""", planted, re.IGNORECASE)
