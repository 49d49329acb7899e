"""The safety check, on screen: before a family-facing document is printed or saved, the worker
looks at everything in it that could tell someone where the family is, or who they are, and
chooses for each one.

The engine (`services/safety_check.py`, over `export/safety_check.py`) finds; this window shows
each distinct finding once (grouped by its decision key, with how many places it stands in), its
words highlighted where they stand, and two one-click choices: "Leave it out of the family's
copy" and "This is fine". A person marked confidential is always left out, with no choice.

Each click is saved at once through `safety_check.decide` (one transaction), so Cancel keeps
what was chosen, and later prints and new plan versions remember it. The family's record is
never changed. With nothing found the window is not shown at all (`run_safety_check`).

Case text is never given to Qt to guess at: the labels are plain text, and the one rich-text
label (the words in their place) is built from `html.escape`d pieces.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .tasks import error_sentence
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.plain import Label, rich_label

if TYPE_CHECKING:
    from ..export.safety_check import Finding
    from ..store.engine import Store

OMIT, FINE = "omit", "fine"

INTRO = QT_TRANSLATE_NOOP(
    "safety_check_dialog", "These could tell someone where the family is, or who they are. "
    "Choose for each one. The family's record is not changed.")
SAFE_COPY_NOTE = QT_TRANSLATE_NOOP(
    "safety_check_dialog", "This is a safe copy: anything not marked “This is fine” is left out.")
ORDINARY_NOTE = QT_TRANSLATE_NOOP(
    "safety_check_dialog", "Anything you do not choose for is printed as it is. Your choices "
    "are kept for this family's next print.")
LEAVE_OUT = QT_TRANSLATE_NOOP("safety_check_dialog", "Leave it out of the family's copy")
IS_FINE = QT_TRANSLATE_NOOP("safety_check_dialog", "This is fine")
ALWAYS = QT_TRANSLATE_NOOP("safety_check_dialog", "Always left out")

#: how much of a long text is shown either side of the words found
CONTEXT_CHARS = 140
#: at most this many of a finding's places are quoted; the rest are counted
MAX_QUOTES = 3

_KIND_WORDS = {
    "address": QT_TRANSLATE_NOOP("safety_check_dialog", "An address"),
    "postcode": QT_TRANSLATE_NOOP("safety_check_dialog", "A postcode"),
    "phone": QT_TRANSLATE_NOOP("safety_check_dialog", "A phone number"),
    "email": QT_TRANSLATE_NOOP("safety_check_dialog", "An email address"),
    "place": QT_TRANSLATE_NOOP("safety_check_dialog", "A place name"),
    "school": QT_TRANSLATE_NOOP("safety_check_dialog", "A school's name"),
    "workplace": QT_TRANSLATE_NOOP("safety_check_dialog", "A workplace"),
    "organisation": QT_TRANSLATE_NOOP("safety_check_dialog", "An organisation"),
    "role": QT_TRANSLATE_NOOP("safety_check_dialog", "A role that says where someone is"),
    "locating_word": QT_TRANSLATE_NOOP("safety_check_dialog",
                                       "A word that can say where someone is"),
    "confidential_person": QT_TRANSLATE_NOOP("safety_check_dialog",
                                             "A person marked confidential"),
    "word_list": QT_TRANSLATE_NOOP("safety_check_dialog",
                                   "Your organisation's own locating words could not be used"),
}


# -- grouping (plain data) ------------------------------------------------------------------
@dataclass
class FindingGroup:
    """Every place one decision key stands: one row on screen, one decision."""

    key: str
    kind: str
    text: str
    places: list[Finding] = field(default_factory=list)
    decision: str | None = None
    locked: bool = False

    @property
    def count(self) -> int:
        return len(self.places)

    def wheres(self) -> list[str]:
        return list(dict.fromkeys(f.where for f in self.places))

    def left_out(self, safe_copy: bool) -> bool:
        if self.locked or self.decision == OMIT:
            return True
        return safe_copy and self.decision != FINE


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """One group per decision key, in the order the document first shows them."""
    groups: dict[str, FindingGroup] = {}
    for f in findings:
        g = groups.get(f.key)
        if g is None:
            g = groups[f.key] = FindingGroup(f.key, f.kind, f.text, decision=f.decision,
                                             locked=f.locked)
        g.places.append(f)
        g.locked = g.locked or f.locked
    return list(groups.values())


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return translate("safety_check_dialog", "{first} and {last}").format(
        first=", ".join(items[:-1]), last=items[-1])


def where_sentence(group: FindingGroup) -> str:
    where = join_words(group.wheres())
    if group.count == 1:  # English says "1 place", "2 places": not Qt's "place(s)"
        return translate("safety_check_dialog", "In {where} (1 place).").format(where=where)
    return translate("safety_check_dialog", "In {where} (%n places).", None,
                     group.count).format(where=where)


def state_sentence(group: FindingGroup, safe_copy: bool) -> str:
    if group.kind == "word_list":
        return translate("safety_check_dialog", "Everything else below was still looked for.")
    if group.locked:
        return translate("safety_check_dialog", "This person is marked confidential, so they "
                         "are never in the family's copy.")
    if group.decision == OMIT:
        return translate("safety_check_dialog", "It will be left out of the family's copy.")
    if group.decision == FINE:
        return translate("safety_check_dialog", "It will be printed as it is.")
    if safe_copy:
        return translate("safety_check_dialog", "Not chosen yet: this safe copy leaves it out.")
    return translate("safety_check_dialog", "Not chosen yet: it will be printed as it is.")


def context_html(f: Finding, limit: int = CONTEXT_CHARS) -> str:
    """The text the finding stands in, escaped, with the words found marked (bold, on a tint)
    where they stand. A long text is cut around them, with "…" where it was cut."""
    text = f.context
    start, end = max(0, min(f.start, len(text))), max(0, min(f.end, len(text)))
    if text[start:end] != f.text:  # the span does not fit: find the words instead
        at = text.find(f.text)
        start, end = (at, at + len(f.text)) if at >= 0 else (0, 0)
    before, found, after = text[:start], text[start:end], text[end:]
    if len(before) > limit:
        cut = before[-limit:]
        space = cut.find(" ")
        before = "…" + (cut[space + 1:] if 0 <= space < limit // 2 else cut)
    if len(after) > limit:
        cut = after[:limit]
        space = cut.rfind(" ")
        after = (cut[:space] if space > limit // 2 else cut) + "…"

    def esc(s: str) -> str:
        return html.escape(s, quote=True).replace("\n", "<br>")

    style = f"background-color:{theme.ACCENT_SOFT}; font-weight:bold;"  # tr: not shown
    mark = f'<span style="{style}">{esc(found)}</span>' if found else ""  # tr: not shown
    return f"{esc(before)}{mark}{esc(after)}"


# -- the window -------------------------------------------------------------------------------
def _plain(text: str, name: str = "", obj: str = "") -> QLabel:
    label = Label(text)  # plain text: never let Qt guess rich text from case text
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    if obj:
        label.setObjectName(obj)
    return label


class FindingRow(QFrame):
    """One distinct finding: what it is, where, its words in place, and the two choices."""

    def __init__(self, group: FindingGroup, safe_copy: bool,
                 choose: Callable[[FindingRow, str], None]) -> None:
        super().__init__()
        self.group = group
        self.safe_copy = safe_copy
        self.setObjectName("card")
        self.setAccessibleName(translate("safety_check_dialog",
                                         "Something that could locate someone"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.setSpacing(4)
        kind = translate("safety_check_dialog", _KIND_WORDS[group.kind]) \
            if group.kind in _KIND_WORDS \
            else translate("safety_check_dialog", "Something that can locate someone")
        notice = group.kind == "word_list"  # a problem to say, not words in the document
        title = kind if notice else translate("safety_check_dialog", "{kind}: “{text}”").format(
            kind=kind, text=group.text)
        self.title = _plain(title, translate("safety_check_dialog", "What was found"))
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.where = _plain(group.text if notice else where_sentence(group),
                            translate("safety_check_dialog", "What is wrong") if notice
                            else translate("safety_check_dialog", "Where it stands"), "muted")
        self.where.setWordWrap(True)
        lay.addWidget(self.where)
        self.quotes: list[QLabel] = []
        shown: set[str] = set()
        for f in [] if notice else group.places:
            if f.context in shown:
                continue
            shown.add(f.context)
            if len(self.quotes) == MAX_QUOTES:
                break
            q = rich_label(context_html(f))  # built from escaped pieces only
            q.setWordWrap(True)
            q.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            q.setAccessibleName(translate("safety_check_dialog", "The words in {where}")
                                .format(where=f.where))
            q.setAccessibleDescription(f.context)
            q.setContentsMargins(12, 2, 0, 2)
            self.quotes.append(q)
            lay.addWidget(q)
        contexts = 0 if notice else len({f.context for f in group.places})
        if contexts > len(self.quotes):
            n = contexts - len(self.quotes)
            lay.addWidget(_plain(translate("safety_check_dialog", "…and %n more place(s).",
                                           None, n),
                                 translate("safety_check_dialog", "More places"), "muted"))

        row = QHBoxLayout()
        row.setSpacing(8)
        self.state = _plain("", translate("safety_check_dialog", "What will happen"), "hint")
        self.leave_out: QPushButton | None = None
        self.fine: QPushButton | None = None
        if group.kind == "word_list":
            row.addStretch(1)  # a notice: nothing to choose
        elif group.locked:
            self.always = _plain(translate("safety_check_dialog", ALWAYS),
                                 translate("safety_check_dialog", "Always left out"),
                                 "confidentialBadge")
            row.addWidget(self.always)
            row.addStretch(1)
        else:
            self.leave_out = QPushButton(translate("safety_check_dialog", LEAVE_OUT))
            self.leave_out.setObjectName("safetyLeaveOut")
            self.leave_out.setAccessibleName(translate(
                "safety_check_dialog", "Leave “{text}” out of the family's copy").format(
                    text=group.text))
            self.fine = QPushButton(translate("safety_check_dialog", IS_FINE))
            self.fine.setObjectName("safetyFine")
            self.fine.setAccessibleName(translate(
                "safety_check_dialog", "“{text}” is fine to print").format(text=group.text))
            for b, decision in ((self.leave_out, OMIT), (self.fine, FINE)):
                b.setCheckable(True)
                b.setAutoDefault(False)
                # a click sets the choice; clicking the chosen one again keeps it chosen
                b.clicked.connect(lambda _c=False, d=decision: choose(self, d))
                row.addWidget(b)
            row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.state)
        self.show_decision()

    def show_decision(self) -> None:
        g = self.group
        if self.leave_out is not None and self.fine is not None:
            self.leave_out.setChecked(g.decision == OMIT)
            self.fine.setChecked(g.decision == FINE)
            for b in (self.leave_out, self.fine):
                b.setAccessibleDescription(translate("safety_check_dialog", "Chosen")
                                           if b.isChecked() else "")
        self.state.setText(state_sentence(g, self.safe_copy))


class SafetyCheckDialog(QDialog):
    """Window-modal. Accepted (Print / Save) or rejected (Cancel); choices are saved as clicked."""

    def __init__(self, store: Store, family_id: int, kind: str, safe_copy: bool,
                 findings: list[Finding], action: str = "print",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.family_id = family_id
        self.kind = kind
        self.safe_copy = safe_copy
        # a word-list problem first (it changes what was looked for), then the ones to choose
        # for; people always left out (no choice) after them
        self.groups = sorted(group_findings(findings),
                             key=lambda g: (g.kind != "word_list", g.locked))
        self.setObjectName("safetyCheckDialog")
        self.setWindowTitle(translate("safety_check_dialog", "Before it goes to the family"))
        self.setAccessibleName(translate("safety_check_dialog",
                                         "Safety check before it goes to the family"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(620)

        lay = QVBoxLayout(self)
        lay.setSpacing(8)
        head = _plain(translate("safety_check_dialog", "Could this locate the family?"),
                      obj="sectionTitle")
        lay.addWidget(head)
        self.intro = _plain(translate("safety_check_dialog", INTRO),
                            translate("safety_check_dialog", "What this is"))
        lay.addWidget(self.intro)
        if safe_copy:
            self.note = _plain(translate("safety_check_dialog", SAFE_COPY_NOTE),
                               translate("safety_check_dialog", "Safe copy"), "hint")
        else:
            self.note = _plain(translate("safety_check_dialog", ORDINARY_NOTE),
                               translate("safety_check_dialog", "Ordinary copy"), "hint")
        lay.addWidget(self.note)

        self.rows: list[FindingRow] = []
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 6, 0)
        col.setSpacing(8)
        for g in self.groups:
            r = FindingRow(g, safe_copy, self._choose)
            self.rows.append(r)
            col.addWidget(r)
        col.addStretch(1)
        self.findings_area = QScrollArea()
        self.findings_area.setObjectName("safetyFindings")
        self.findings_area.setAccessibleName(translate("safety_check_dialog",
                                                       "What could locate someone"))
        self.findings_area.setWidgetResizable(True)
        self.findings_area.setWidget(body)
        self.findings_area.setFrameShape(QFrame.Shape.NoFrame)
        lay.addWidget(self.findings_area, 1)

        self.message = _plain("", translate("safety_check_dialog", "Problem"),
                              "confidentialBadge")
        self.message.hide()
        lay.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(translate("safety_check_dialog", "Cancel"))
        self.cancel_button.setObjectName("safetyCancel")
        self.cancel_button.setAccessibleName(translate(
            "safety_check_dialog", "Cancel: nothing is printed or saved; your choices are kept"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        saving = action == "save"
        self.continue_button = QPushButton(translate("safety_check_dialog", "Save") if saving
                                           else translate("safety_check_dialog", "Print"))
        self.continue_button.setObjectName("primary")
        self.continue_button.setAccessibleName(
            translate("safety_check_dialog", "Save: carry on to choose where to save") if saving
            else translate("safety_check_dialog", "Print: carry on to choose a printer"))
        self.continue_button.setAutoDefault(False)
        self.continue_button.clicked.connect(self.accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.continue_button)
        lay.addLayout(buttons)

        # keep the focused choice in view as Tab moves through a long list
        for r in self.rows:
            for b in (r.leave_out, r.fine):
                if b is not None:
                    b.installEventFilter(self)
        self._size_to(parent)
        first = next((b for r in self.rows for b in (r.leave_out, r.fine) if b is not None),
                     self.continue_button)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _size_to(self, parent: QWidget | None) -> None:
        top = parent.window() if parent is not None else None
        height = top.height() if top is not None else 768
        width = top.width() if top is not None else 1366
        self.resize(min(780, max(620, width - 120)), min(max(420, height - 80), 720))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and isinstance(obj, QWidget):
            self.findings_area.ensureWidgetVisible(obj, 20, 20)
        return super().eventFilter(obj, event)

    # -- choosing ----------------------------------------------------------------------------
    def _choose(self, row: FindingRow, decision: str) -> None:
        from ..services import safety_check as sc

        g = row.group
        if g.locked:
            return
        if g.decision != decision:
            try:
                sc.decide(self.store, self.family_id, g.key, g.kind, decision)
            except ValueError as exc:  # the service's own sentence
                self._say(str(exc))
            except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
                self._say(error_sentence(exc))
            else:
                g.decision = decision
                self.message.hide()
        row.show_decision()  # a click on the chosen one leaves it chosen

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def decisions(self) -> dict[str, str | None]:
        return {g.key: g.decision for g in self.groups}


def run_safety_check(store: Store, family_id: int, kind: str, safe_copy: bool, *,
                     action: str = "print", parent: QWidget | None = None,
                     say: Callable[[str], None] | None = None) -> bool:
    """Show the safety check for this document, window-modal, and wait. True to carry on
    (nothing found, or the worker chose Print / Save), False on Cancel or if the check could
    not run (nothing unchecked leaves the app)."""
    from ..services import safety_check as sc

    if not sc.applies_to(kind, safe_copy):
        return True
    try:
        findings = sc.safety_check(store, family_id, kind, safe_copy=safe_copy)
    except Exception as exc:  # noqa: BLE001
        if say is not None:
            say(translate("safety_check_dialog", "The safety check could not be made, so "
                          "nothing was printed or saved. {why}").format(why=error_sentence(exc)))
        return False
    if not findings:
        return True
    dlg = SafetyCheckDialog(store, family_id, kind, safe_copy, findings, action, parent)
    if isinstance(parent, QDialog):
        # locking closes the parent (done(0)): this window goes with it, and nothing is made
        parent.finished.connect(dlg.reject)
    try:
        return dlg.exec() == QDialog.DialogCode.Accepted
    finally:
        if isinstance(parent, QDialog):
            try:
                parent.finished.disconnect(dlg.reject)
            except (RuntimeError, TypeError):
                pass
        dlg.deleteLater()
