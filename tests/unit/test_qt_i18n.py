"""The screens' Welsh (ui/tr.py, resources/i18n/safetymap_cy.ts and .qm): the catalogue holds
every text ui/ shows, each translated and keeping its placeholders, the committed .qm is the
.ts compiled, Welsh plurals take Qt's forms, and the language reaches QLocale and the Qt-free
sentences."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as tool  # noqa: E402

TS = tool.ts_path("cy")
QM = tool.qm_path("cy")
#: Qt's Welsh forms by n: 0; 1; 2 to 5; 6; the rest
FORM = {0: 0, 1: 1, 2: 2, 3: 2, 6: 3, 7: 4}


def test_the_catalogue_is_current(tmp_path):
    """lupdate over ui/ now changes nothing in the committed .ts: no text of ui/ is missing
    from it and none it holds has gone from ui/."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    tool.lupdate(copy)
    assert copy.read_bytes() == TS.read_bytes(), "run python tools/i18n.py qt"


def test_a_new_text_in_ui_makes_the_catalogue_out_of_date(tmp_path):
    """The control: a screen file with a text the catalogue lacks changes what lupdate
    writes."""
    ui = tmp_path / "ui"
    shutil.copytree(tool.UI, ui)
    (ui / "extra.py").write_text('from .tr import translate\n\n\ndef f() -> str:\n'
                                 '    return translate("extra", "A brand new button")\n')
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    old = tool.UI
    try:
        tool.UI = ui
        tool.lupdate(copy)
    finally:
        tool.UI = old
    assert copy.read_bytes() != TS.read_bytes()
    assert ("extra", "A brand new button", False, "", "unfinished") in tool.qt_messages(copy)


def test_nothing_unfinished_or_obsolete_and_every_placeholder_kept():
    messages = tool.qt_messages(TS)
    assert len(messages) > 500  # the whole app, not a sample
    bad = [(c, s, k) for c, s, _n, _w, k in messages if k in ("unfinished", "obsolete",
                                                              "vanished")]
    assert bad == []
    problems = [(c, s, p) for c, s, n, w, _k in messages
                for p in tool.placeholder_problems(s, w, n)]
    assert problems == []


def test_the_committed_qm_is_the_ts_compiled(tmp_path):
    out = tmp_path / "again.qm"
    tool.lrelease(TS, out)
    assert out.read_bytes() == QM.read_bytes(), "run python tools/i18n.py qt"
    en = tool.ts_path("en")
    before = (en.read_bytes(), tool.qm_path("en").read_bytes())
    tool.qt_english()  # English's counts, made by rule from ui/ again: the same
    assert (en.read_bytes(), tool.qm_path("en").read_bytes()) == before


def test_every_text_in_ui_goes_through_the_catalogue():
    """A text a person reads, written in ui/ outside translate() (or as an f-string), fails
    here with its file and line."""
    assert tool.untranslated() == []


def test_the_check_finds_a_text_that_goes_round_the_catalogue(tmp_path):
    """The control: the same check on a file with a bare label, a tooltip in an f-string and
    a marked text finds the first two only."""
    f = tmp_path / "screen.py"
    f.write_text(
        'from .tr import translate\n\n\n'
        'def f(w, name):\n'
        '    w.setText("Add someone")\n'
        '    w.setToolTip(f"Saved for {name}")\n'
        '    w.setAccessibleName(translate("screen", "Add someone"))\n'
        '    w.setObjectName("sectionTitle")\n'
        '    w.setText("Cymraeg (Welsh)")  # tr: both languages\n')
    old_ui, old_root = tool.UI, tool.ROOT
    try:
        tool.UI, tool.ROOT = tmp_path, tmp_path
        found = tool.untranslated([f])
    finally:
        tool.UI, tool.ROOT = old_ui, old_root
    assert [re.sub(r": .*", "", x) for x in found] == ["screen.py:5", "screen.py:6"]


@pytest.fixture
def welsh(qapp):
    from safetymap import i18n
    from safetymap.ui import tr

    assert tr.use("cy")
    yield
    tr.use("en")
    assert i18n.current() == "en"


def test_the_screens_speak_welsh_with_qts_plurals(welsh):
    from safetymap.ui.tr import translate

    counts = [(c, s, w) for c, s, n, w, _k in tool.qt_messages(TS) if n]
    assert counts, "no count in the catalogue"
    for ctx, src, forms in counts:
        assert isinstance(forms, list) and len(forms) == 5
        for n in (0, 1, 2, 3, 6, 7):
            assert translate(ctx, src, None, n) == forms[FORM[n]].replace("%n", str(n)), \
                (ctx, src, n)
    ctx, src, _w, = next((c, s, w) for c, s, n, w, _k in tool.qt_messages(TS) if not n
                         and s == "OK" and c == "QPlatformTheme")
    assert translate(ctx, src) == "Iawn"


def test_english_screens_show_the_source(qapp):
    from safetymap.ui import tr

    tr.use("en")
    ctx, src = next((c, s) for c, s, n, _w, _k in tool.qt_messages(TS) if n)
    one, many = tool.english_forms(src)
    assert tr.translate(ctx, src, None, 3) == many.replace("%n", "3")
    assert tr.translate(ctx, src, None, 1) == one.replace("%n", "1")
    assert tr.translate("team", "%n change(s) waiting", None, 1) == "1 change waiting"
    assert tr.translate("backup_dialogs", "%n family(s)", None, 3) == "3 families"


def test_welsh_reaches_dates_and_the_sentences_below_ui(welsh):
    from PySide6.QtCore import QDate, QLocale

    from safetymap import i18n

    assert QLocale().toString(QDate(2026, 12, 1), "d MMMM yyyy") == "1 Rhagfyr 2026"
    assert i18n.current() == "cy"
    from datetime import date

    assert i18n.day(date(2026, 12, 1)) == "1 Rhagfyr 2026"
    # a document in English stays English whatever the screens speak
    with i18n.speaking("en"):
        assert i18n.day(date(2026, 12, 1)) == "1 December 2026"


def test_the_welsh_letters_survive_the_catalogue():
    """ŵ, ŷ, â, ê, î, ô, û and ï are stored as themselves in the .ts and the .qm."""
    text = TS.read_text(encoding="utf-8")
    for letter in "ŵŷâîô":  # the ones its words use (ê, û, ï: the PDFs test them)
        assert letter in text, letter
    assert "&#" not in text  # no character written as an entity
