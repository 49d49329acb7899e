"""The documents' catalogue (safetymap/i18n.py): gather the marked texts, keep the .po current
and compile the .mo that ships.

    python tools/i18n.py update    # resources/i18n/cy.po: new texts added (untranslated),
                                   # texts no longer in the code dropped, translations kept
    python tools/i18n.py compile   # resources/i18n/cy.mo from cy.po
    python tools/i18n.py review    # resources/i18n/REVIEW-cy.md: every Welsh text not yet
                                   # checked by a Welsh-speaking social worker

A Welsh-speaking social worker who has checked a translation adds a translator comment
`# reviewed: NAME, DATE` above it in cy.po; the review list then leaves it out.

Texts are marked with _(), N_() and ngettext() in the Qt-free packages (export/, practice/,
services/); ui/ uses Qt Linguist instead. tests/unit/test_i18n.py fails when the .po misses a
marked text, holds one the code no longer has, leaves one untranslated, or when the .mo is not
the .po compiled.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "desktop" / "safetymap" / d for d in ("export", "practice", "services")] + [
    ROOT / "desktop" / "safetymap" / "i18n.py"]
I18N = ROOT / "resources" / "i18n"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGES = ("cy",)


def extracted() -> Catalog:
    """Every marked text in the sources, with where it is."""
    cat = Catalog(project="Safety Map", domain="safetymap")
    for src in SOURCES:
        if src.is_dir():
            found = extract_from_dir(str(src), method_map=[("**.py", "python")],
                                     keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                                     strip_comment_tags=True)
            for filename, lineno, message, comments, context in found:
                cat.add(message, locations=[(f"{src.name}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return cat


def po_path(lang: str) -> Path:
    return I18N / f"{lang}.po"


def read(lang: str) -> Catalog:
    with open(po_path(lang), "rb") as fh:
        return read_po(fh, locale=lang)


def compiled(cat: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, cat)
    return out.getvalue()


def update(lang: str) -> None:
    path = po_path(lang)
    if path.exists():
        cat = read(lang)
    else:
        cat = Catalog(locale=lang, project="Safety Map", domain="safetymap")
    cat.update(extracted(), no_fuzzy_matching=True)
    cat.fuzzy = False  # the header is ours: a fuzzy header is left out of the .mo
    cat.last_translator = "Safety Map developers (machine-assisted; see REVIEW-cy.md)"
    cat.language_team = "Cymraeg"
    cat.msgid_bugs_address = ""
    cat.obsolete.clear()  # a text the code no longer has is dropped, not kept
    with open(path, "wb") as fh:
        write_po(fh, cat, width=100, sort_by_file=True, ignore_obsolete=True)


def unreviewed(lang: str) -> list[str]:
    return [m.id if isinstance(m.id, str) else " / ".join(m.id) for m in read(lang) if m.id
            and not any(c.strip().startswith("reviewed:") for c in m.user_comments)]


def review_list(lang: str) -> str:
    items = unreviewed(lang)
    lines = [f"# Welsh texts of the documents not yet checked ({len(items)})", "",
             "Made by `python tools/i18n.py review` from resources/i18n/cy.po. Each of these was",
             "translated by the developers, in the plain register a family would use and the",
             "formal \u201cchi\u201d (the familiar \u201cti\u201d only in the children's version), and has",
             "not yet been checked by a Welsh-speaking social worker. When one is checked, add",
             "`# reviewed: NAME, DATE` above it in cy.po and run the command again.", ""]
    lines += [f"- {m}" for m in items]
    return "\n".join(lines) + "\n"


def compile_mo(lang: str) -> None:
    (I18N / f"{lang}.mo").write_bytes(compiled(read(lang)))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    for lang in LANGUAGES:
        if what == "update":
            update(lang)
        elif what == "compile":
            compile_mo(lang)
        elif what == "review":
            (I18N / f"REVIEW-{lang}.md").write_text(review_list(lang), encoding="utf-8")
        else:
            sys.exit(__doc__)
