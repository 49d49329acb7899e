"""The documents' catalogue (safetymap/i18n.py): gather the marked texts, keep the .po current
and compile the .mo that ships.

    python tools/i18n.py update    # resources/i18n/cy.po: new texts added (untranslated),
                                   # texts no longer in the code dropped, translations kept
    python tools/i18n.py compile   # resources/i18n/cy.mo from cy.po
    python tools/i18n.py review    # resources/i18n/REVIEW-cy.md: every Welsh text not yet
                                   # checked by a Welsh-speaking social worker (both catalogues)
    python tools/i18n.py qt        # the screens: pyside6-lupdate over ui/ into
                                   # resources/i18n/safetymap_cy.ts, pyside6-lrelease into .qm
    python tools/i18n.py untranslated [FILE…]
                                   # the texts in ui/ a person would read that are not
                                   # in the catalogue (tests/unit/test_qt_i18n.py)
    python tools/i18n.py check-part FILE.json UI_FILE…
                                   # does FILE translate every text of those ui/ files,
                                   # keeping {placeholders} and %n?
    python tools/i18n.py po-fill FILE.json   # {English: Welsh} into cy.po, then compile
    python tools/i18n.py qt-fill FILE.json
                                   # put translations into the .ts, then `qt`: FILE maps
                                   # {context: {English: Welsh}} ("*" for every context; a
                                   # count's Welsh is a list of Qt's five forms: 0, 1, 2-5, 6,
                                   # the rest)

A Welsh-speaking social worker who has checked a translation adds a translator comment
`# reviewed: NAME, DATE` above it in cy.po; the review list then leaves it out.

Texts are marked with _(), N_() and ngettext() in the Qt-free packages (domain/, export/,
practice/, services/); ui/ uses Qt Linguist instead. tests/unit/test_i18n.py fails when the .po misses a
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
SOURCES = [ROOT / "desktop" / "safetymap" / d for d in (
    "domain", "export", "practice", "services")] + [
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
    screens = qt_unreviewed(lang) if ts_path(lang).exists() else []
    lines += ["", f"# Welsh texts of the screens not yet checked ({len(screens)})", "",
              f"From resources/i18n/safetymap_{lang}.ts (Qt Linguist), by screen. When one is",
              f"checked, add its line `context<TAB>English` to REVIEWED-qt-{lang}.txt and run",
              "the command again.", ""]
    lines += [f"- {m}" for m in screens]
    lines += ["", "# The practice templates' Welsh", "",
              "Each shipped template's `languages.cy` block in resources/practice/ (labels,",
              "prompts, scale wordings, section names, help-number labels): none checked yet.", ""]
    for path in sorted((ROOT / "resources" / "practice").glob("*.json")):
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "cy" in (data.get("languages") or {}):
            lines.append(f"- {path.name}: {_count_texts(data['languages']['cy'])} texts")
    return "\n".join(lines) + "\n"


def _count_texts(value: object) -> int:
    if isinstance(value, str):
        return 1
    if isinstance(value, dict):
        return sum(_count_texts(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_texts(v) for v in value)
    return 0


def compile_mo(lang: str) -> None:
    (I18N / f"{lang}.mo").write_bytes(compiled(read(lang)))


# --- the screens (Qt Linguist) ------------------------------------------------------------------

UI = ROOT / "desktop" / "safetymap" / "ui"


def ts_path(lang: str) -> Path:
    return I18N / f"safetymap_{lang}.ts"


def qm_path(lang: str) -> Path:
    return I18N / f"safetymap_{lang}.qm"


def _qt_tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the venv's PySide6)."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    return str(here) if here.exists() else f"pyside6-{name}"


def lupdate(ts: Path, lang: str = "cy") -> str:
    """Bring `ts` up to ui/'s texts: new ones added unfinished, gone ones dropped, kept ones
    keep their translation. No locations: a moved line must not change the catalogue."""
    import subprocess

    sources = sorted(str(p) for p in UI.rglob("*.py"))
    out = subprocess.run([_qt_tool("lupdate"), *sources, "-ts", str(ts), "-no-obsolete",
                          "-locations", "none", "-target-language", f"{lang}_GB"],
                         capture_output=True, text=True, check=True)
    return out.stdout


def lrelease(ts: Path, qm: Path) -> None:
    import subprocess

    subprocess.run([_qt_tool("lrelease"), str(ts), "-qm", str(qm), "-nounfinished"],
                   capture_output=True, text=True, check=True)


def qt_messages(ts: Path) -> list[tuple[str, str, bool, str | list[str], str]]:
    """(context, English, is a count, Welsh, type) of every entry in `ts`."""
    import xml.etree.ElementTree as ET

    found = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            numerus = msg.get("numerus") == "yes"
            value: str | list[str] = ([f.text or "" for f in tr.iter("numerusform")]
                                      if numerus and tr is not None
                                      else (tr.text or "") if tr is not None else "")
            kind = tr.get("type", "") if tr is not None else "unfinished"
            found.append((name, msg.findtext("source") or "", numerus, value, kind))
    return found


def qt_fill(ts: Path, table: dict[str, dict[str, str | list[str]]]) -> int:
    """Put the table's translations into `ts`; returns how many entries it filled."""
    import xml.etree.ElementTree as ET

    tree = ET.parse(ts)
    filled = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            src = msg.findtext("source") or ""
            welsh = table.get(name, {}).get(src, table.get("*", {}).get(src))
            if welsh is None:
                continue
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            tr.attrib.pop("type", None)
            for f in list(tr):
                tr.remove(f)
            if msg.get("numerus") == "yes":
                forms = welsh if isinstance(welsh, list) else [welsh] * 5
                tr.text = None
                for form in forms:
                    ET.SubElement(tr, "numerusform").text = form
            else:
                tr.text = welsh if isinstance(welsh, str) else welsh[-1]
            filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def qt(lang: str) -> None:
    ts = ts_path(lang)
    if not ts.exists():
        ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                      f'<TS version="2.1" language="{lang}_GB"></TS>\n', encoding="utf-8")
    print(lupdate(ts, lang).strip())
    lrelease(ts, qm_path(lang))


def qt_unreviewed(lang: str) -> list[str]:
    """The screens' texts not yet checked: every finished entry (Qt's .ts has no "checked
    by" mark of its own; a checked text is listed in resources/i18n/REVIEWED-qt-cy.txt as
    `context<TAB>English`)."""
    done_file = I18N / f"REVIEWED-qt-{lang}.txt"
    done = set(done_file.read_text(encoding="utf-8").splitlines()) if done_file.exists() \
        else set()
    return [f"{c}: {s}" for c, s, _n, _w, _k in qt_messages(ts_path(lang))
            if f"{c}\t{s}" not in done and c not in ("QPlatformTheme",)]


# --- texts in ui/ that miss the catalogue -------------------------------------------------------

#: calls whose string arguments are never shown (names, keys, style, the log)
TECHNICAL_CALLS = {
    "setObjectName", "setProperty", "property", "setStyleSheet", "findChild", "findChildren",
    "objectName", "getattr", "setattr", "hasattr", "get", "getenv", "value", "setValue", "QColor",
    "setDisplayFormat", "startswith", "endswith", "split", "rsplit", "strip", "rstrip",
    "lstrip", "join", "replace", "compile", "search", "match", "fullmatch", "sub", "isinstance",
    "open", "Path", "encode", "decode", "strftime", "strptime", "debug", "info", "warning",
    "error", "exception", "critical", "log", "import_module", "Signal", "Slot", "connect",
    "setDefaultSuffix", "setApplicationName", "setOrganizationName", "setCreator", "pop",
    "setdefault", "index", "count", "find", "rfind", "format_date", "format_datetime",
    "QKeySequence", "fromString", "setShortcut", "setShortcuts", "emit", "setData", "data",
    "cast", "TypeVar", "NewType", "QStandardPaths", "fromisoformat", "singleShot", "getLogger",
    "setdefaultencoding", "environ", "translate", "QT_TRANSLATE_NOOP", "setFamily",
    "addApplicationFont", "QFont", "setFontFamily", "setApplicationDisplayName",
    "setWindowRole", "ngettext", "_", "N_", "run", "Popen", "check_output", "removeprefix",
    "removesuffix", "str", "repr", "ValueError", "TypeError", "KeyError", "RuntimeError",
    "AssertionError", "NotImplementedError",
}
#: ui/ files that hold no screen's words: the screenshots' made-up demo content
NOT_SCREENS = {"screenshots.py"}
#: a line (of the text or its statement) with one of these is left alone, on purpose
MARKS = ("# tr: not shown", "# tr: both languages")


def _prose(text: str) -> bool:
    """Words a person reads: two words, or one capitalised word ("Save")."""
    import re

    t = text.strip()
    if not re.search(r"[A-Za-z]", t):
        return False
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", t):  # an identifier, a key, a dotted name
        return bool(re.fullmatch(r"[A-Z][a-z]+", t)) and len(t) > 1
    if "{" in t and ":" in t and ";" in t:  # a style sheet
        return False
    return bool(re.search(r"[A-Za-z]{2,}[^A-Za-z]+[A-Za-z]{2,}", t)) or bool(
        re.match(r"[A-Z][a-z]", t))


def untranslated(paths: list[Path] | None = None) -> list[str]:
    """`file:line: text` for every text in ui/ a person would read that goes round the
    catalogue: not in translate() or QT_TRANSLATE_NOOP(), not a docstring, not marked. An
    f-string is one too, wherever it holds words: translate("…{name}…").format(name=…)."""
    import ast

    found: list[str] = []
    for path in paths or sorted(UI.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        lines = src.splitlines()
        tree = ast.parse(src)
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and node.body:
                first = node.body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    skip.add(id(first.value))
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if name in TECHNICAL_CALLS:
                    for arg in [*node.args, *(k.value for k in node.keywords)]:
                        for sub in ast.walk(arg):
                            if name in ("translate", "QT_TRANSLATE_NOOP") and \
                                    isinstance(sub, ast.JoinedStr):
                                continue  # an f-string inside translate: reported below
                            skip.add(id(sub))
            if isinstance(node, ast.Subscript):
                for sub in ast.walk(node.slice):
                    skip.add(id(sub))
            if isinstance(node, ast.Compare):
                for sub in [node.left, *node.comparators]:
                    for inner in ast.walk(sub):
                        skip.add(id(inner))
            if isinstance(node, ast.Dict):
                for k in node.keys:
                    if k is not None:
                        skip.add(id(k))
            if isinstance(node, ast.JoinedStr):
                for v in node.values:
                    skip.add(id(v))
        rel = path.relative_to(ROOT).as_posix()
        if path.name in NOT_SCREENS:
            continue
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values
                               if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if not text.strip(" .,:;·()-'\"…"):
                    continue
                text = "f" + repr(text)
            else:
                continue
            if not _prose(text.lstrip("f")):
                continue
            span = lines[node.lineno - 1:(node.end_lineno or node.lineno)]
            if any(mark in line for mark in MARKS for line in span):
                continue
            found.append(f"{rel}:{node.lineno}: {text[:70]!r}")
    return found


def placeholder_problems(source: str, welsh: str | list[str], numerus: bool) -> list[str]:
    """What a translation breaks: a {name} lost or added, %n missing from a count's form, or
    the wrong number of forms (Qt's Welsh rules have five)."""
    import re

    out = []
    forms = welsh if isinstance(welsh, list) else [welsh]
    if numerus and len(forms) != 5:
        out.append(f"{len(forms)} forms, not Qt's 5 (0; 1; 2-5; 6; the rest)")
    want = sorted(re.findall(r"\{[a-z_0-9]*\}", source))
    for form in forms:
        if not form:
            out.append("an empty translation")
            continue
        if sorted(re.findall(r"\{[a-z_0-9]*\}", form)) != want:
            out.append(f"placeholders {want} not kept in {form!r}")
        if numerus and "%n" not in form and "%n" in source:
            out.append(f"%n missing in {form!r}")
    return out


def check_part(part: Path, files: list[Path]) -> list[str]:
    """For a helper's table: every text of `files` (as lupdate finds them) translated, each
    translation keeping its placeholders."""
    import json
    import subprocess
    import tempfile

    table = json.loads(part.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "part.ts"
        ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                      '<TS version="2.1" language="cy_GB"></TS>\n', encoding="utf-8")
        subprocess.run([_qt_tool("lupdate"), *map(str, files), "-ts", str(ts), "-locations",
                        "none"], capture_output=True, check=True)
        problems = []
        for ctx, src, numerus, _w, _k in qt_messages(ts):
            welsh = table.get(ctx, {}).get(src, table.get("*", {}).get(src))
            if welsh is None:
                problems.append(f"[{ctx}] not translated: {src!r}")
                continue
            problems += [f"[{ctx}] {src!r}: {p}" for p in placeholder_problems(src, welsh,
                                                                               numerus)]
    return problems


# English needs a catalogue too, for its counts only: without one Qt shows "3 change(s)". Its
# two forms (one; the rest) are made from the source by rule, so it never needs editing.
_ONE = (("family(s)", "family"), ("conflict(s) need", "conflict needs"), ("(s)", ""),
        ("%n records", "%n record"), ("%n people are", "%n person is"),
        ("%n places", "%n place"), ("There are %n", "There is %n"))
_MANY = (("family(s)", "families"), ("(s)", "s"))


def english_forms(source: str) -> list[str]:
    one, many = source, source
    for a, b in _ONE:
        one = one.replace(a, b)
    for a, b in _MANY:
        many = many.replace(a, b)
    return [one, many]


def qt_english() -> None:
    import subprocess
    import xml.etree.ElementTree as ET

    ts = ts_path("en")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                  '<TS version="2.1" language="en_GB"></TS>\n', encoding="utf-8")
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run([_qt_tool("lupdate"), *sources, "-ts", str(ts), "-no-obsolete",
                    "-locations", "none", "-pluralonly", "-target-language", "en_GB"],
                   capture_output=True, text=True, check=True)
    tree = ET.parse(ts)
    for msg in tree.getroot().iter("message"):
        tr = msg.find("translation")
        if tr is None:
            continue
        tr.attrib.pop("type", None)
        for f in list(tr):
            tr.remove(f)
        tr.text = None
        for form in english_forms(msg.findtext("source") or ""):
            ET.SubElement(tr, "numerusform").text = form
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    lrelease(ts, qm_path("en"))


if __name__ == "__main__":
    import json

    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "untranslated":
        got = untranslated([Path(a).resolve() for a in sys.argv[2:]] or None)
        print("\n".join(got) or "none")
        sys.exit(1 if got else 0)
    if what == "check-part":
        got = check_part(Path(sys.argv[2]), [Path(a) for a in sys.argv[3:]])
        print("\n".join(got) or "every text translated")
        sys.exit(1 if got else 0)
    if what == "po-fill":  # {English: Welsh} (a count: a list of the .po's six forms)
        table = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        for lang in LANGUAGES:
            update(lang)
            cat = read(lang)
            n = 0
            for msg in cat:
                key = msg.id if isinstance(msg.id, str) else msg.id[0]
                if key in table:
                    msg.string = tuple(table[key]) if isinstance(msg.id, tuple) else table[key]
                    n += 1
            with open(po_path(lang), "wb") as fh:
                write_po(fh, cat, width=100, sort_by_file=True, ignore_obsolete=True)
            compile_mo(lang)
            print(f"filled {n} texts")
        sys.exit(0)
    if what == "qt-fill":
        for lang in LANGUAGES:
            table = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
            print(f"filled {qt_fill(ts_path(lang), table)} entries")
            qt(lang)
        sys.exit(0)
    if what == "qt":
        qt_english()
    for lang in LANGUAGES:
        if what == "qt":
            qt(lang)
            continue
        if what == "update":
            update(lang)
        elif what == "compile":
            compile_mo(lang)
        elif what == "review":
            (I18N / f"REVIEW-{lang}.md").write_text(review_list(lang), encoding="utf-8")
        else:
            sys.exit(__doc__)
