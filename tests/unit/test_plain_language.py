"""The plain-language checker: glossary as data, jargon found (never rewritten), reading ease
computed offline."""

from __future__ import annotations

import json
import socket

import pytest

from safetymap import config
from safetymap.practice import plain_language as pl


def test_glossary_has_at_least_40_terms_each_with_a_plain_alternative():
    terms = pl.load_glossary()
    assert len(terms) >= 40
    assert all(t.term.strip() and t.plain.strip() for t in terms)
    names = {t.term.lower() for t in terms} | {v.lower() for t in terms for v in t.variants}
    # PRACTICE.md's table
    for word in ("contact", "looked-after child", "lac", "cp plan", "s47", "section 47",
                 "neglect", "domestic abuse", "substance misuse", "placement", "non-compliant",
                 "hard to reach", "difficult", "safeguarding", "ensure"):
        assert word in names, word


def test_glossary_file_is_not_taken_for_a_template():
    from safetymap.practice.templates import available_templates

    assert (config.practice_dir() / "glossary.json").exists()
    assert set(available_templates()) >= {"child-protection", "wellbeing"}


def test_flags_jargon_with_plain_alternatives():
    text = "Supervised contact went well. Safeguarding is everyone's job. Dad was non-compliant."
    flags = pl.find_jargon([("the rules", text)])
    found = {f.term: f for f in flags}
    assert "supervised contact" in found and "contact" not in found  # longest term wins
    assert found["safeguarding"].plain == "keeping children safe"
    assert found["non-compliant"].describe
    assert all(f.where == "the rules" for f in flags)


def test_word_boundaries_and_case():
    assert pl.find_jargon([("x", "The lace on her black dress; she contacted Nan.")]) == []
    assert [f.term for f in pl.find_jargon([("x", "She is LAC.")])] == ["LAC"]
    assert pl.find_jargon([("x", "She is lac.")]) == []


def test_report_warns_and_never_changes_text():
    texts = [("plan", "We will ensure the children are safe at all times through multi-agency "
                      "safeguarding interventions and monitoring of parental capacity.")]
    before = json.dumps(texts)
    report = pl.check(texts)
    assert json.dumps(texts) == before
    assert report.reading_ease is not None and report.reading_ease < 60
    assert not report.easy_enough
    joined = " ".join(report.warnings())
    assert "ensure" in joined and "help make sure" in joined and "hard to read" in joined


def test_plain_text_scores_easy():
    ease, words, sentences = pl.reading_ease(
        "Nan will come on Saturday. She will check the kids had breakfast. Dad will go to "
        "his brother's flat if he has had a drink.")
    assert ease is not None and ease > 80 and words == 25 and sentences == 3


def test_reading_ease_never_touches_the_network(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the plain-language checker tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert pl.reading_ease("Sarah reads Jakub a story every night.")[0] is not None


def test_empty_text():
    report = pl.check([("x", "  ")])
    assert report.reading_ease is None and report.easy_enough and report.warnings() == []


def test_bad_glossary_is_a_sentence(tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text('{"schema": "nope"}', "utf-8")
    with pytest.raises(pl.GlossaryError, match="schema"):
        pl.load_glossary(bad)
