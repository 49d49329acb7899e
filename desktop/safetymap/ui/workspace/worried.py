"""What are we worried about? Harm, worry statements (with the four-part builder) and
complicating factors, each entry saying whose view it is and who disagrees."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import MapArea
from ...services import entries
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.common import WORKER, GrowingTextEdit, TextBinding, hint
from ..widgets.entry_list import EntryCard, EntryListEditor
from ..widgets.plain import Label
from ..widgets.scroll_page import ScrollingPage
from .page import WorkspaceContext

#: (key, label, example): the label and example are translated where shown
PARTS = (
    ("who", QT_TRANSLATE_NOOP("workspace.worried", "Who is worried"),
     QT_TRANSLATE_NOOP("workspace.worried", "e.g. The school and Alex")),
    ("behaviour", QT_TRANSLATE_NOOP("workspace.worried", "About what behaviour"),
     QT_TRANSLATE_NOOP("workspace.worried", "e.g. Dad drinks and shouts")),
    ("situation", QT_TRANSLATE_NOOP("workspace.worried", "In what situation"),
     QT_TRANSLATE_NOOP("workspace.worried", "e.g. at weekends, when the children are at home")),
    ("impact", QT_TRANSLATE_NOOP("workspace.worried", "What could happen to the child"),
     QT_TRANSLATE_NOOP("workspace.worried", "e.g. Lena could be hurt or frightened")),
)
SUGGESTED_MAX_WORRIES = 3


def _save_worry_part(store: Any, entry_id: int, part: str, value: str) -> None:
    """One of the four parts, through the typed command (no column names here)."""
    if part not in ("who", "behaviour", "situation", "impact"):
        raise ValueError(f"A worry statement has no part called {part!r}.")
    entries.edit(store, entry_id, **{f"worry_{part}": value})


class WorryBuilder(QWidget):
    """The four parts of a worry statement. "Put the sentence together" writes the composed
    sentence into the entry, where the worker can then change the words.

    "Who is worried" and the card's "Whose view" are one thing, asked once: the box offers the
    family's people, and what is typed there (a name, "Mum", the start of a name) becomes the
    entry's view; left empty, it is whoever the view is, and the sentence says so."""

    def __init__(self, card: EntryCard) -> None:
        super().__init__()
        self.card = card
        self.setObjectName("worryBuilder")
        self.setAccessibleName(translate("workspace.worried", "Worry statement builder"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton(
            translate("workspace.worried", "Build the sentence from four parts"))
        self.toggle.setObjectName("builderToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(
            translate("workspace.worried", "Show the worry statement builder"))
        row = QHBoxLayout()
        row.addWidget(self.toggle)
        row.addStretch(1)
        lay.addLayout(row)
        self.form_box = QWidget()
        self.form_box.setAccessibleName(
            translate("workspace.worried", "Four parts of the worry statement"))
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 4, 0, 0)
        form.setVerticalSpacing(8)
        parts = (card.entry.get("worry_parts") or {})
        self.fields: dict[str, QLineEdit] = {}
        self.bindings: dict[str, TextBinding] = {}
        #: the changeset of the typing in "Who is worried" not yet followed by its view
        self._who_changeset: int | None = None
        ctx, eid = card.ctx, card.entry_id
        for key, label_source, example in PARTS:
            label = translate("workspace.worried", label_source)
            le = QLineEdit()
            le.setObjectName(f"worry_{key}")
            le.setAccessibleName(label)
            le.setPlaceholderText(translate("workspace.worried", example))
            form.addRow(label + ":", le)
            self.fields[key] = le
            def save_part(v: str, k: str = key) -> None:
                _save_worry_part(ctx.store, eid, k, v)
                if k == "who":  # whose view follows from it, in the same undo step
                    self._who_changeset = ctx.store.last_changeset_id

            self.bindings[key] = TextBinding(
                ctx, le, ("entry", eid, f"worry_{key}"), parts.get(key, ""), save_part,
                card.editor.notify,
                translate("workspace.worried", "Edit worry: {part}").format(part=label.lower()))
        self.who_names = QStringListModel(self)
        who_completer = QCompleter(self.who_names, self)
        who_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        who_completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.fields["who"].setCompleter(who_completer)
        self.fields["who"].setAccessibleDescription(translate(
            "workspace.worried", "Who is worried is also whose view this is: choose one of the "
            "family's people or type who. Left empty, it is whoever the view says."))
        self.fields["who"].editingFinished.connect(self._who_finished)
        self.compose = QPushButton(translate("workspace.worried", "Put the sentence together"))
        self.compose.setObjectName("composeWorry")
        self.compose.setAccessibleName(
            translate("workspace.worried", "Put the worry sentence together from the four parts"))
        self.compose.setAccessibleDescription(translate(
            "workspace.worried", "Writes the sentence into the entry; "
            "you can change the words afterwards"))
        crow = QHBoxLayout()
        crow.addWidget(self.compose)
        crow.addWidget(hint(translate("workspace.worried", "You can change the words afterwards.")))
        crow.addStretch(1)
        form.addRow(crow)
        lay.addWidget(self.form_box)
        self.toggle.toggled.connect(self.form_box.setVisible)
        self.compose.clicked.connect(self.put_together)
        empty = not card.entry["text"].strip() and not any(parts.values())
        self.toggle.setChecked(empty)
        self.form_box.setVisible(empty)

        # The children's copy never copies the adults' worry statement: it uses this line
        # (or the Words and Pictures story). Optional; an empty box asks for nothing.
        child_label = Label(
            translate("workspace.worried", "For the children: say it in words a child understands"))
        child_label.setObjectName("childLineLabel")
        self.child_text = GrowingTextEdit(min_lines=1)
        self.child_text.setObjectName("worryChildText")
        self.child_text.setAccessibleName(translate(
            "workspace.worried", "For the children: this worry in words a child understands"))
        self.child_text.setPlaceholderText(
            translate("workspace.worried", "Sometimes Daddy drinks beer and gets loud."))
        self.child_text.setToolTip(translate(
            "workspace.worried", "Optional. The children's copy uses this line (or the Words "
            "and Pictures story), never the worry as written here."))
        child_label.setBuddy(self.child_text)
        lay.addWidget(child_label)
        lay.addWidget(self.child_text)
        self.child_binding = TextBinding(
            ctx, self.child_text, ("entry", eid, "child_text"),
            card.entry.get("child_text") or "",
            lambda v: entries.edit(ctx.store, eid, child_text=v),
            card.editor.notify, translate("workspace.worried", "Edit the children's line"))

    # -- who is worried is whose view it is -----------------------------------------------------
    def view_name(self) -> str:
        """Whose view the entry is, as the sentence would say it ("Sarah", "School"); "" for
        the worker's own view."""
        card = self.card
        view = card.entry["view"]
        person = card.editor.people.by_uid.get(view.get("person_uid") or "")
        if person is not None:
            return card.editor.people.name(person, short=True)
        label = (view.get("label") or "").strip()
        return "" if label.casefold() == WORKER.casefold() else card.editor.people.label(label)

    def _who_finished(self) -> None:
        """What was typed as who is worried becomes whose view it is: one of the family's people
        when it names one ("Tom" is Tomasz, then written whole), else the words as written. An
        empty box leaves the view as it is."""
        box = self.fields["who"]
        typed = " ".join(box.text().split())
        if not typed:
            return
        people = self.card.editor.people
        person = entries.match_person(people.list, typed, partial=True)
        if person is not None:
            whole = people.name(dict(person), short=True)
            if whole != typed and entries.match_person(people.list, typed) is None:
                box.setText(whole)  # a part of a name: the name, saved like typing
                self.card.ctx.autosaver.flush()  # into the typing's changeset, before the view
            if person["id"] != self.card.view_person_id():
                self.card.choose_view({"person_id": person["id"]}, join=self._joined())
            return
        view = self.card.entry["view"]
        if view.get("person_uid") or (view.get("label") or "").casefold() != typed.casefold():
            known = next((lab for lab in [WORKER, *self.card.editor.labels]
                          if lab.casefold() == typed.casefold()), typed)
            self.card.choose_view({"label": known}, join=self._joined())

    def _joined(self) -> int | None:
        """The typing's changeset, for the view it names to go into (one undo takes both
        back); the store adds to it only while it is still the newest change."""
        self.card.ctx.autosaver.flush()
        cs, self._who_changeset = self._who_changeset, None
        return cs

    def sentence(self) -> str:
        who = self.fields["who"].text().strip() or self.view_name()
        return entries.compose_worry(who, *(self.fields[k].text() for k, _, _ in PARTS[1:]))

    def put_together(self) -> None:
        s = self.sentence()
        if s:
            self.card.text.setPlainText(s)  # autosaves and can be undone like typing
            self.card.text.setFocus()

    def refresh(self, entry: dict[str, Any], doc: dict[str, Any]) -> None:
        parts = entry.get("worry_parts") or {}
        for key, b in self.bindings.items():
            b.refresh(parts.get(key, ""))
        self.child_binding.refresh(entry.get("child_text") or "")
        people = self.card.editor.people
        names = [people.name(p, short=True) for p in people.list]
        self.who_names.setStringList(list(dict.fromkeys(
            [*names, *self.card.editor.labels])))
        view = self.view_name()
        self.fields["who"].setPlaceholderText(
            translate("workspace.worried", "{view} (whose view this is)").format(view=view)
            if view else translate("workspace.worried", PARTS[0][2]))


class WorriedPage(ScrollingPage):
    page_key = "worried"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.body.addWidget(hint(translate(
            "workspace.worried", "What has happened, what people fear could happen if nothing "
            "changes, and what makes life harder. Say whose view each one is. People can "
            "disagree.")))
        self.harm = EntryListEditor(
            ctx, MapArea.HARM, refresh=self.refresh, notify=self.notify,
            placeholder=translate("workspace.worried", "What happened, to which child, and when?"))
        self.worries = EntryListEditor(ctx, MapArea.WORRY, refresh=self.refresh,
                                       notify=self.notify, extra_factory=WorryBuilder,
                                       placeholder=translate(
                                           "workspace.worried", "Who is worried, about what, "
                                           "when, and what could happen to the child?"))
        self.complicating = EntryListEditor(ctx, MapArea.COMPLICATING, refresh=self.refresh,
                                            notify=self.notify,
                                            placeholder=translate(
                                                "workspace.worried",
                                                "What makes things harder right now?"))
        for ed in (self.harm, self.worries, self.complicating):
            self.body.addWidget(ed)
        self.finish()

    def title(self) -> str:
        return self.ctx.template.sections["worried"]

    def update_document(self, doc: dict[str, Any]) -> None:
        for ed in (self.harm, self.worries, self.complicating):
            ed.set_document(doc)
        open_worries = [e for e in self.worries.entries(doc) if not e.get("resolved_at")]
        many = len(open_worries) > SUGGESTED_MAX_WORRIES
        self.worries.note.setText(translate(
            "workspace.worried", "There are %n open {label}. Many people keep to about {most}, "
            "so each one gets real attention. It's only a suggestion.", None,
            len(open_worries)).format(label=self.worries.label.lower(),
                                      most=SUGGESTED_MAX_WORRIES) if many else "")
        self.worries.note.setAccessibleName(
            self.worries.note.text() or translate("workspace.worried", "No note"))
        self.worries.note.setVisible(many)
