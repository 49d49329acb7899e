"""A hostile organisation locating-words file never stops an export, and never goes unsaid.

The organisation's `locating-words.json` (beside its templates, SAFETYMAP_TEMPLATES) used to be
read with no cap and no sentence: 100,000 nested brackets crashed the export (RecursionError),
fields of the wrong type ("places": 5, "words" a list) crashed it too (TypeError,
AttributeError), a 5 MB file made each export take most of a minute, and a Latin-1 file, a FIFO
or a link to /dev/zero was silently ignored, so the organisation's words stopped being looked
for with nobody told. Now each gives its own sentence, the shipped words are used alone, the
sentence reaches the worker as a finding (the CLI prints it on stderr, the export dialog's safety
check shows it), and the document is still made.

Controls show each attack is real: the naive reading raises, blocks, or reads a different file
than the one that was meant.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from safetymap.config import practice_dir
from safetymap.export import safety_check as sc
from safetymap.services import families
from safetymap.services.demo import DEMO_NAMES
from safetymap.services.documents import export_document
from safetymap.store.engine import Store

from ..conftest import PASSPHRASE, copy_demo_store

FOLDER = "Zqx org folder"  # the folder's name must never be in a sentence
SCHEMA = sc.WORDS_SCHEMA


@pytest.fixture(autouse=True)
def _fresh_cache():
    sc._word_lists.cache_clear()
    yield
    sc._word_lists.cache_clear()


def _folder(tmp_path: Path) -> Path:
    f = tmp_path / FOLDER
    f.mkdir(exist_ok=True)
    return f


def _write(tmp_path: Path, payload: bytes | str | dict) -> Path:
    path = _folder(tmp_path) / sc.WORDS_FILE
    if isinstance(payload, dict):
        payload = json.dumps(payload)
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    path.write_bytes(payload)
    return path


def deep(tmp_path):
    return _write(tmp_path, "[" * 100_000 + "]" * 100_000)


def places_a_number(tmp_path):
    return _write(tmp_path, {"schema": SCHEMA, "places": 5})


def words_a_list(tmp_path):
    return _write(tmp_path, {"schema": SCHEMA, "words": ["Zqxhaven"]})


def word_a_number(tmp_path):
    return _write(tmp_path, {"schema": SCHEMA, "words": {"en": ["Zqxhaven", 7]}})


def huge(tmp_path):
    words = [f"place{i}" for i in range(400_000)]  # about 5 MB
    return _write(tmp_path, {"schema": SCHEMA, "words": {"en": words}})


def too_many_words(tmp_path):
    return _write(tmp_path, {"schema": SCHEMA, "words": {"en": [f"w{i}" for i in range(2001)]}})


def long_word(tmp_path):
    return _write(tmp_path, {"schema": SCHEMA, "words": {"en": ["a" * 101]}})


def latin1(tmp_path):
    return _write(tmp_path, json.dumps({"schema": SCHEMA, "words": {"en": ["Caf\u00e9 Zqx"]}},
                                       ensure_ascii=False).encode("latin-1"))


def wrong_schema(tmp_path):
    return _write(tmp_path, {"schema": "something else", "words": {"en": ["Zqxhaven"]}})


def fifo(tmp_path):
    path = _folder(tmp_path) / sc.WORDS_FILE
    os.mkfifo(path)
    return path


def dev_zero(tmp_path):
    path = _folder(tmp_path) / sc.WORDS_FILE
    path.symlink_to("/dev/zero")
    return path


def a_folder(tmp_path):
    path = _folder(tmp_path) / sc.WORDS_FILE
    path.mkdir()
    return path


HOSTILE = {
    deep: "its brackets are nested far too deeply",
    places_a_number: "its places must be a list of words",
    words_a_list: "its 'words' must be groups of words by language",
    word_a_number: "one of its words is not a word",
    huge: "it is larger than the 256 KB such a file may be",
    too_many_words: "it has more than the 2,000 words and places such a file may hold",
    long_word: "one of its words is longer than 100 characters",
    latin1: "it is not saved as UTF-8 text",
    wrong_schema: "its 'schema' is not",
    fifo: "it is not an ordinary file",
    dev_zero: "it is not an ordinary file",
    a_folder: "it is not an ordinary file",
}
IDS = [f.__name__ for f in HOSTILE]


def _in_thread(fn, *args):
    """Run fn in a daemon thread; if it blocks (the FIFO), the test fails instead of hanging."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)  # a guard against hanging, not a measurement
    assert not t.is_alive(), "reading the locating words blocked"
    return out


def _shipped() -> sc.WordLists:
    sc._word_lists.cache_clear()
    lists = sc.word_lists(None) if not os.environ.get("SAFETYMAP_TEMPLATES") else None
    assert lists is not None and lists.problem is None and lists.words
    sc._word_lists.cache_clear()
    return lists


def _sentence_ok(problem: str | None) -> str:
    assert problem is not None
    assert problem.startswith("The organisation's own locating words (locating-words.json")
    assert problem.endswith(".") and "\n" not in problem and FOLDER not in problem
    assert "Zqx" not in problem  # never the file's contents
    return problem


@pytest.mark.parametrize("make", HOSTILE, ids=IDS)
def test_each_hostile_file_gives_its_sentence_and_the_shipped_words(tmp_path, make, monkeypatch):
    monkeypatch.delenv("SAFETYMAP_TEMPLATES", raising=False)
    shipped = _shipped()
    make(tmp_path)
    out = _in_thread(sc.word_lists, str(_folder(tmp_path)))
    assert "error" not in out, out
    lists = out["value"]
    assert HOSTILE[make] in _sentence_ok(lists.problem), lists.problem
    assert lists.words == shipped.words and lists.places == shipped.places
    # the sentence is a finding, and the command line's lines say it as it is
    found = sc.find({"people": [], "map": []}, {}, lists)
    (f,) = [f for f in found if f.kind == sc.WORD_LIST]
    assert f.text == lists.problem and f.context == lists.problem
    assert sc.summary_lines(found, False) == [lists.problem]


def test_controls_the_naive_reading_fails_on_each(tmp_path):
    """What the old `json.loads(path.read_text("utf-8"))` and its loops did with these."""
    p = deep(tmp_path)
    with pytest.raises(RecursionError):
        json.loads(p.read_text("utf-8"))
    data = json.loads(places_a_number(tmp_path).read_text("utf-8"))
    with pytest.raises(TypeError):
        [x for x in data.get("places", [])]
    data = json.loads(words_a_list(tmp_path).read_text("utf-8"))
    with pytest.raises(AttributeError):
        (data.get("words") or {}).values()
    with pytest.raises(UnicodeDecodeError):  # the old loader swallowed this: nobody was told
        latin1(tmp_path).read_text("utf-8")
    assert huge(tmp_path).stat().st_size > 5_000_000
    p.unlink()
    assert stat.S_ISCHR(os.stat(dev_zero(tmp_path)).st_mode)  # Path.is_file() is False
    (tmp_path / FOLDER / sc.WORDS_FILE).unlink()
    path = fifo(tmp_path)
    got: dict = {}
    reader = threading.Thread(target=lambda: got.setdefault("text", path.read_text()),
                              daemon=True)
    reader.start()
    with open(path, "w") as w:  # blocks until the reader has opened its end
        w.write("{}")
    reader.join(60)
    assert got == {"text": "{}"}


def test_control_a_good_file_adds_its_words_and_says_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("SAFETYMAP_TEMPLATES", raising=False)
    shipped = _shipped()
    _write(tmp_path, {"schema": SCHEMA, "about": "ours", "words": {"en": ["Zqxhaven"]},
                      "places": ["Zqxtown"]})
    lists = sc.word_lists(str(_folder(tmp_path)))
    assert lists.problem is None
    assert "Zqxhaven" in lists.words and "Zqxtown" in lists.places
    assert set(shipped.words) <= set(lists.words)
    found = sc.find({"people": [], "map": []}, {}, lists)
    assert not [f for f in found if f.kind == sc.WORD_LIST]
    # and no file there at all is no problem either
    (tmp_path / FOLDER / sc.WORDS_FILE).unlink()
    sc._word_lists.cache_clear()
    assert sc.word_lists(str(_folder(tmp_path))).problem is None
    # the shipped file itself passes the same checks
    sc.read_words_file(practice_dir() / sc.WORDS_FILE)


def test_the_largest_file_allowed_is_used(tmp_path):
    """2,000 words of the longest allowed are used (a plan export took 0.7 s with them, 0.2 s
    without, on the test machine; a 5 MB file took 47 s)."""
    words = [f"zq{i:04d} " + "x" * 90 for i in range(sc.MAX_WORDS)]
    _write(tmp_path, {"schema": SCHEMA, "words": {"en": words}})
    lists = sc.word_lists(str(_folder(tmp_path)))
    assert lists.problem is None and len(lists.words) >= sc.MAX_WORDS


@pytest.mark.parametrize("make", [deep, places_a_number, words_a_list, latin1, fifo, dev_zero],
                         ids=["deep", "places_a_number", "words_a_list", "latin1", "fifo",
                              "dev_zero"])
def test_an_export_is_still_made_and_the_worker_is_told(tmp_path, make, monkeypatch):
    copy_demo_store(tmp_path / "store" / "safetymap.db")
    make(tmp_path)
    monkeypatch.setenv("SAFETYMAP_TEMPLATES", str(_folder(tmp_path)))
    told: list[str] = []

    def on_findings(found):
        told.extend(sc.summary_lines(found, False))

    out = tmp_path / "plan.pdf"
    with Store.open(tmp_path / "store" / "safetymap.db", PASSPHRASE) as store:
        fid = families.resolve_family(store, DEMO_NAMES[0])
        out_box = _in_thread(export_document, store, fid, "plan", out, False, None, None,
                             on_findings)
    assert "error" not in out_box, out_box
    assert out.read_bytes().startswith(b"%PDF")
    problems = [t for t in told if t.startswith("The organisation's own locating words")]
    assert len(problems) == 1 and HOSTILE[make] in problems[0]
