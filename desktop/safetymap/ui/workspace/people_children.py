"""The People page's "For the children" block: how each child knows a person ("Nan", "my
teacher Mrs Evans") and whether that person is on the child's own "who helps keep me safe"
list. Each (child, person) pair is recorded once (services.people.set_child_relation); for
an adult the block has a line per child, for a child a line per person they know.

Edits go through the page (`PeoplePage.relation_edit`): autosaved, with undo, like the page's
other fields. A ticked helper who is named in a worry as the person whose behaviour it is gets
a calm note (services.children); nothing is blocked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.names import child_name_for, short_name
from ...domain.worry_people import named_in_worry_behaviour
from ...services.children import MAX_HELPERS, helper_warning
from ..tr import translate
from ..widgets.plain import Label
from .common import hint_label, section_label, set_text_quietly

if TYPE_CHECKING:
    from .people import PeoplePage


def _plain(text: str) -> QLabel:
    lab = Label(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)  # names are case text
    lab.setWordWrap(True)
    return lab


class LinkRow:
    """One (child, person) pair: what the child calls them, and the helper box."""

    def __init__(self, block: ChildLinks, child: dict[str, Any], person: dict[str, Any],
                 from_child: bool) -> None:
        self.block = block
        self.child_id, self.person_id = int(child["id"]), int(person["id"])
        kid = short_name(child["name"]) or translate("workspace.people_children", "the child")
        who = short_name(person["name"]) or translate("workspace.people_children", "them")
        calls = translate("workspace.people_children", "What {kid} calls {who}").format(
            kid=kid, who=who)
        self.label = _plain(calls if from_child else translate(
            "workspace.people_children", "What {kid} calls them").format(kid=kid))
        self.known_as = QLineEdit()
        self.known_as.setObjectName(f"knownAs_{self.child_id}_{self.person_id}")
        self.known_as.setPlaceholderText(
            translate("workspace.people_children", "Nan, my teacher…") if not from_child
            else translate("workspace.people_children", "Mum, Nan…"))
        self.known_as.setMaxLength(200)
        self.known_as.setAccessibleName(calls)
        self.label.setBuddy(self.known_as)
        self.helper = QCheckBox(
            translate("workspace.people_children", "On {kid}'s list").format(kid=kid)
            if from_child else translate(
                "workspace.people_children",
                "On {kid}'s “who helps keep me safe” list").format(kid=kid))
        self.helper.setObjectName(f"helper_{self.child_id}_{self.person_id}")
        self.helper.setAccessibleName(translate(
            "workspace.people_children",
            "{who} is on {kid}'s “who helps keep me safe” list").format(who=who, kid=kid))
        self.helper.setToolTip(translate(
            "workspace.people_children",
            "Chosen with the child. Only the children's copy uses this list."))
        self.warning = _plain("")
        self.warning.setObjectName("helperWarning")
        # calm, not an error: a soft warm note beside the box, never blocking
        self.warning.setStyleSheet("QLabel#helperWarning { background: #FBF1E6; color: #6B3410;"
                                   " border-radius: 6px; padding: 4px 8px; }")
        self.warning.setVisible(False)
        self.note = _plain("")  # more than the children's copy shows
        self.note.setObjectName("muted")
        self.note.setVisible(False)
        self.known = ""
        self.is_helper = False
        page = block.page
        self.known_as.textChanged.connect(
            lambda t: page.relation_edit(self, "known_as", t))
        self.helper.toggled.connect(lambda on: page.relation_edit(self, "helper", on))
        if page.ctx.initials_only:  # group supervision: shown, never written
            self.known_as.setReadOnly(True)
            self.known_as.setProperty("groupLocked", "ro")
            self.helper.setEnabled(False)
            self.helper.setProperty("groupLocked", "off")

    def add_to(self, grid: QGridLayout) -> None:
        # a grid, not a form: its rows take the height a wrapped note needs at any width
        r = grid.rowCount()
        grid.addWidget(self.label, r, 0)
        grid.addWidget(self.known_as, r, 1)
        grid.addWidget(self.helper, r + 1, 1)
        grid.addWidget(self.warning, r + 2, 1)
        grid.addWidget(self.note, r + 3, 1)

    def show(self, known: str, helper: bool) -> None:
        self.known, self.is_helper = known, helper
        set_text_quietly(self.known_as, known)
        self.helper.blockSignals(True)
        self.helper.setChecked(helper)
        self.helper.blockSignals(False)

    def offer(self, default: str, words: list[str]) -> None:
        """What is already known is offered, never typed again: left empty, the children's
        copy uses `default` (from the relationship, "Nan (Sarah's mum)" gives "Nan"), and the
        placeholder says so; what another child calls this person is offered as the box is
        typed in (or with Down)."""
        self.known_as.setPlaceholderText(
            translate("workspace.people_children", "{name}, if left empty").format(name=default)
            if default else self.known_as.placeholderText())
        offered = list(dict.fromkeys(w for w in [*words, default] if w))
        completer = QCompleter(offered, self.known_as)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.known_as.setCompleter(completer)


class ChildLinks(QWidget):
    """The block itself; `show_person` (re)fills it for the person chosen in the editor."""

    def __init__(self, page: PeoplePage) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("childLinks")
        self.setAccessibleName(translate("workspace.people_children", "For the children"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(section_label(translate("workspace.people_children", "For the children")))
        self.hint = hint_label("")
        lay.addWidget(self.hint)
        self.list_note = _plain("")
        self.list_note.setObjectName("muted")
        self.list_note.setVisible(False)
        lay.addWidget(self.list_note)
        self.lay = lay
        self.host = self._new_host()
        self.rows: dict[tuple[int, int], LinkRow] = {}
        self.from_child = False

    # -- showing --------------------------------------------------------------------------
    def show_person(self, p: dict[str, Any] | None) -> None:
        people = self.page.people
        kids = [c for c in people.values() if c["role"] == "child"]
        if p is None or not kids or (p["role"] == "child" and len(people) < 2):
            self.setVisible(False)
            self._rebuild([], False)
            return
        self.setVisible(True)
        from_child = p["role"] == "child"
        if from_child:
            pairs = [(p, o) for o in people.values() if o["id"] != p["id"]]
            kid = short_name(p["name"])
            self.hint.setText(translate(
                "workspace.people_children",
                "How {kid} knows each person, in {kid}'s words, and who is on {kid}'s "
                "“who helps keep me safe” list (chosen with {kid}). Only the children's copy "
                "uses these.").format(kid=kid))
        else:
            pairs = [(c, p) for c in kids]
            self.hint.setText(translate(
                "workspace.people_children",
                "What each child calls this person, and whether they are on the child's own "
                "“who helps keep me safe” list (chosen with the child). Only the children's "
                "copy uses these."))
        keys = [(int(c["id"]), int(o["id"])) for c, o in pairs]
        if keys != list(self.rows) or from_child != self.from_child:
            self._rebuild(pairs, from_child)
        doc = self.page.doc
        for c, o in pairs:
            row = self.rows[(int(c["id"]), int(o["id"]))]
            known = o.get("known_as") or {}
            row.show(known.get(c["uid"], ""), o["uid"] in (c.get("helpers") or []))
            others = [w for uid, w in known.items() if uid != c["uid"] and w]
            row.offer(child_name_for({**o, "known_as": {}}, c["uid"], doc), others)
        self.update_notes()

    def _new_host(self) -> QWidget:
        host = QWidget()
        host.setAccessibleName(translate("workspace.people_children", "For the children"))
        self.grid = QGridLayout(host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.lay.addWidget(host)
        host.show()  # at once, not when the layout gets round to it
        return host

    def _rebuild(self, pairs: list[tuple[dict[str, Any], dict[str, Any]]],
                 from_child: bool) -> None:
        self.host.setParent(None)  # its rows go with it
        self.host.deleteLater()
        self.host = self._new_host()
        self.rows = {}
        self.from_child = from_child
        for c, o in pairs:
            row = LinkRow(self, c, o, from_child)
            row.add_to(self.grid)
            self.rows[(row.child_id, row.person_id)] = row

    def update_notes(self) -> None:
        """The calm notes: a helper named in a worry's behaviour; a list longer than the
        children's copy shows."""
        people, doc = self.page.people, self.page.doc
        long_lists: list[str] = []
        for row in self.rows.values():
            person, child = people.get(row.person_id), people.get(row.child_id)
            if person is None or child is None:
                continue
            warn = row.is_helper and named_in_worry_behaviour(person, doc)
            row.warning.setText(helper_warning(person) if warn else "")
            row.warning.setVisible(bool(warn))
            chosen = [u for u in child.get("helpers") or [] if u != child["uid"]]
            too_many = len(chosen) > MAX_HELPERS
            kid = short_name(child["name"])
            text = translate(
                "workspace.people_children",
                "%n people are on {kid}'s list; the children's copy shows the first {most}.",
                None, len(chosen)).format(kid=kid, most=MAX_HELPERS) if too_many else ""
            if self.from_child:
                if too_many:
                    long_lists = [text]
                row.note.setVisible(False)
            else:
                row.note.setText(text)
                row.note.setVisible(too_many and row.is_helper)
        self.list_note.setText(long_lists[0] if long_lists else "")
        self.list_note.setVisible(bool(long_lists))
