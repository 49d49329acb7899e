"""Use cases for the family-readable PDF documents: check the wording, then export.

Qt-free and safe to call from a GUI worker thread:

    report = check_plain_language(store, family_id, "plan")   # show before export
    warnings = export_document(store, family_id, "plan", path, safe_copy=True,
                               progress=lambda f: signal.emit(f))

The store is read once (one short session), the PDF is laid out in memory from the plain family
document, written atomically (temp file beside the target, fsync, rename) and an audit event is
recorded. Export never rewrites anyone's words: plain-language findings come back as warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..export import assessment as assessment_pdf
from ..export import children as children_pdf
from ..export import plan as plan_pdf
from ..export.family_copy import family_copy
from ..practice import plain_language
from ..practice.templates import Template, get_template
from ..store import history
from ..store.atomic import atomic_write_bytes
from ..store.engine import Store
from .families import load_family

KINDS = ("plan", "assessment", "children")

_BUILDERS: dict[str, Callable[..., bytes]] = {
    "plan": plan_pdf.build_plan,
    "assessment": assessment_pdf.build_assessment,
    "children": children_pdf.build_children,
}
_TEXTS: dict[str, Callable[[dict[str, Any]], list[tuple[str, str]]]] = {
    "plan": plan_pdf.family_facing_texts,
    "assessment": assessment_pdf.family_facing_texts,
    "children": children_pdf.family_facing_texts,
}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"There is no '{kind}' document; choose one of {', '.join(KINDS)}.")
    return kind


def template_for(doc: dict[str, Any]) -> Template:
    return get_template(doc.get("family", {}).get("template_id") or "child-protection")


#: the documents that can be printed in Welsh (and bilingual): all of them
IN_WELSH = ("plan", "assessment", "children", "supervision")
LANGUAGE_CHOICES = ("cy", "en", "bilingual")


def document_language(doc: dict[str, Any], kind: str, asked: str | None = None) -> str:
    """The language a document is printed in: the one asked for, else the family's own
    preference (Welsh for a family that prefers it; English otherwise, and while nobody has
    asked). A sentence, changing nothing, for a language the document cannot be printed in."""
    if asked is None:
        prefers = (doc.get("family") or {}).get("language") or ""
        return "cy" if prefers == "cy" and kind in IN_WELSH else "en"
    if asked not in LANGUAGE_CHOICES:
        raise ValueError(f"A document is printed in Welsh (cy), English (en) or both "
                         f"(bilingual), not {asked!r}.")
    if asked != "en" and kind not in IN_WELSH:
        raise ValueError(f"The {kind} cannot be printed in Welsh; print it in English (en).")
    return asked


def build_document(doc: dict[str, Any], kind: str, *, safe_copy: bool = False,
                   progress: Callable[[float], None] | None = None,
                   child_uid: str | None = None, language: str | None = None) -> bytes:
    """PDF bytes for one family document dict (pure: no store, no files). For "children",
    `child_uid` makes only that child's document (else every child's, one after another).
    `language`: "cy", "en" or "bilingual"; None takes the family's preference."""
    lang = document_language(doc, _kind(kind), language)
    if child_uid is not None:
        if kind != "children":
            raise ValueError("Only the children's version is made for one child.")
        return children_pdf.build_children(doc, template_for(doc), safe_copy, progress,
                                           child_uid=child_uid, language=lang)
    return _BUILDERS[kind](doc, template_for(doc), safe_copy, progress, language=lang)


def children_warnings(doc: dict[str, Any], child_uid: str | None = None) -> list[str]:
    """What the children's version lacks or leaves out, in plain sentences for the worker, to
    show before export (never blocking): no story or child line, an empty or long "who helps
    keep me safe" list, a chosen helper named in a worry (who is then left out)."""
    return (children_pdf.missing_for_children(doc, child_uid)
            + children_pdf.helper_warnings(doc, child_uid))


def children_check(store: Store, family_id: int) -> list[str]:
    """`children_warnings` for a family in the store, for the export window to show first."""
    return children_warnings(load_family(store, family_id))


def check_plain_language(store_or_doc: Store | dict[str, Any], kind: str,
                         family_id: int | None = None,
                         language: str | None = None) -> plain_language.PlainLanguageReport:
    """Jargon (with plain alternatives) and reading ease for the family-facing text of a
    document. Pass a family document dict, or a store and `family_id`. A document printed in
    Welsh (or both) is checked against the Welsh glossary too, and gets no English score."""
    if isinstance(store_or_doc, dict):
        doc = store_or_doc
    else:
        if family_id is None:
            raise ValueError("Say which family to check.")
        doc = load_family(store_or_doc, family_id)
    lang = document_language(doc, _kind(kind), language)
    return plain_language.check(_TEXTS[kind](doc), language="en" if lang == "en" else "cy")


def _make(store: Store, family_id: int, kind: str, safe_copy: bool,
          progress: Callable[[float], None] | None, child_uid: str | None,
          on_findings: Callable[[list[Any]], None] | None,
          language: str | None = None) -> tuple[bytes, list[str]]:
    """The one path behind saving and printing: read the family once, check the wording, the
    family's copy and (children) what is missing, and lay the PDF out in memory."""
    _kind(kind)

    def tick(f: float) -> None:
        if progress is not None:
            progress(max(0.0, min(1.0, f)))

    tick(0.0)
    doc = load_family(store, family_id)
    document_language(doc, kind, language)  # a language it cannot be printed in: said first
    if child_uid is not None:
        if kind != "children":
            raise ValueError("Only the children's version is made for one child.")
        child_uid = children_pdf.find_child(doc, child_uid)
    tick(0.1)
    if kind in ("plan", "children") or safe_copy:
        copy_doc, copy_report = family_copy(doc, safe_copy)
        # The wording is checked in the copy that will print (what was left out is not read).
        checked = copy_doc if kind != "assessment" else doc
        warnings = check_plain_language(checked, kind, language=language).warnings() \
            + copy_report.warnings()
        if on_findings is not None:
            on_findings(copy_report.findings)
    else:
        warnings = check_plain_language(doc, kind, language=language).warnings()
    if kind == "children":
        warnings += children_warnings(doc, child_uid)
    tick(0.15)
    data = build_document(doc, kind, safe_copy=safe_copy,
                          progress=lambda f: tick(0.15 + 0.75 * f), child_uid=child_uid,
                          language=language)
    tick(0.9)
    return data, warnings


def _audit(store: Store, action: str, family_id: int, kind: str, safe_copy: bool) -> None:
    """Recorded only once the document has really been written or handed to the printer."""
    with store.session() as s:
        history.note(s, action, family_id=family_id,
                     summary=kind + (" (safe copy)" if safe_copy else ""))


def export_document(store: Store, family_id: int, kind: str, out_path: Path | str,
                    safe_copy: bool = False,
                    progress: Callable[[float], None] | None = None,
                    child_uid: str | None = None,
                    on_findings: Callable[[list[Any]], None] | None = None,
                    language: str | None = None) -> list[str]:
    """Write one family's plan, assessment or children's document as a PDF (atomically).

    `on_findings`, if given, receives the safety check's findings (export/safety_check.py) for
    a family-facing document or a safe copy, from the same read of the store as the document.

    Returns warnings in plain sentences (jargon found, hard-to-read text, names left out of the
    family's copy). `progress`, if given, is called with a fraction from 0 to 1. `child_uid`
    (children only): that child's document alone; a person id or unique first name also works.
    """
    data, warnings = _make(store, family_id, kind, safe_copy, progress, child_uid, on_findings,
                           language)
    atomic_write_bytes(Path(out_path), data, before_replace=lambda: _audit(
        store, "export_pdf", family_id, kind, safe_copy))
    if progress is not None:
        progress(1.0)
    return warnings


def document_bytes(store: Store, family_id: int, kind: str, safe_copy: bool = False,
                   progress: Callable[[float], None] | None = None,
                   child_uid: str | None = None,
                   language: str | None = None) -> tuple[bytes, list[str]]:
    """One family's document as PDF bytes, for printing straight from memory (nothing written).

    Records a "print_pdf" audit event, and returns the bytes with the same plain-sentence
    warnings as `export_document`. The caller must not write the bytes to disk.
    """
    data, warnings = _make(store, family_id, kind, safe_copy, progress, child_uid, None,
                           language)
    _audit(store, "print_pdf", family_id, kind, safe_copy)
    if progress is not None:
        progress(1.0)
    return data, warnings
