"""One gettext catalogue for the Qt-free packages: the documents (export/), the practice
templates' fixed words and the sentences services/ say. ui/ uses Qt's own tools instead.

The catalogue is resources/i18n/<language>.po, compiled by Babel into <language>.mo beside it
(committed; tests/unit/test_i18n.py fails when the .mo is not the .po's, or when a marked text
is missing from the .po). English is the source language: its texts are the msgids.

A document is written in one language at a time: `with speaking("cy"): build_plan(...)`. The
language is a context variable, so a document built on a worker thread sees its own. The
family's own words are never translated: only the software's words go through `_()`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
from collections.abc import Iterator
from datetime import date, datetime

from . import config

WELSH, ENGLISH = "cy", "en"
LANGUAGES = (WELSH, ENGLISH)
#: a document in both: Welsh first, as Welsh public bodies print them
BILINGUAL = "bilingual"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("safetymap_language",
                                                                       default=None)
#: the language outside any `speaking` block: the screens' language (ui/tr.py sets it), so a
#: sentence from services/ reaches a Welsh screen in Welsh
_default = ENGLISH


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language` (English: the texts as written)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    path = config.resource_path("i18n") / f"{language}.mo"
    with open(path, "rb") as fh:
        return gettext.GNUTranslations(fh)


def current() -> str:
    return _current.get() or _default


def set_default(language: str) -> None:
    """The language outside `speaking` blocks (the screens' language)."""
    global _default
    _default = language if language in LANGUAGES else ENGLISH


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write in `language` ("cy" or "en") inside the block."""
    if language not in LANGUAGES:
        raise ValueError(f"Documents are written in Welsh (cy) or English (en), not "
                         f"{language!r}.")
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def _(text: str) -> str:
    """`text` in the current language."""
    return catalogue(current()).gettext(text)


def ngettext(one: str, many: str, n: int) -> str:
    """The form for `n` (Welsh has six: 0, 1, 2, 3, 6 and the rest, from the .po header)."""
    return catalogue(current()).ngettext(one, many, n)


def N_(text: str) -> str:  # noqa: N802 - gettext's name
    """Marks `text` for the catalogue where it is defined; `_()` translates it where used."""
    return text


def day(value: date | datetime) -> str:
    """'1 December 2026' or '1 Rhagfyr 2026': the month's name from CLDR (Babel)."""
    from babel.dates import format_date  # not before the first screen: the screens import us

    d = value.date() if isinstance(value, datetime) else value
    return format_date(d, "d MMMM y", locale=current())


def short_day(value: date | datetime) -> str:
    """'1 Dec 2026' or '1 Rhag 2026'."""
    from babel.dates import format_date

    d = value.date() if isinstance(value, datetime) else value
    return format_date(d, "d MMM y", locale=current())
