"""What are we worried about? Harm, worry statements (with the four-part builder) and
complicating factors, each entry saying whose view it is and who disagrees."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import MapArea
from ...services import entries
from ..widgets.common import GrowingTextEdit, TextBinding, hint
from ..widgets.entry_list import EntryCard, EntryListEditor
from ..widgets.plain import Label
from ..widgets.scroll_page import ScrollingPage
from .page import WorkspaceContext

PARTS = (
    ("who", "Who is worried", "e.g. The school and Alex"),
    ("behaviour", "About what behaviour", "e.g. Dad drinks and shouts"),
    ("situation", "In what situation", "e.g. at weekends, when the children are at home"),
    ("impact", "What could happen to the child", "e.g. Lena could be hurt or frightened"),
)
SUGGESTED_MAX_WORRIES = 3


def _save_worry_part(store: Any, entry_id: int, part: str, value: str) -> None:
    """One of the four parts, through the typed command (no column names here)."""
    if part not in ("who", "behaviour", "situation", "impact"):
        raise ValueError(f"A worry statement has no part called {part!r}.")
    entries.edit(store, entry_id, **{f"worry_{part}": value})


class WorryBuilder(QWidget):
    """The four parts of a worry statement. "Put the sentence together" writes the composed
    sentence into the entry, where the worker can then change the words."""

    def __init__(self, card: EntryCard) -> None:
        super().__init__()
        self.card = card
        self.setObjectName("worryBuilder")
        self.setAccessibleName("Worry statement builder")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.toggle = QPushButton("Build the sentence from four parts")
        self.toggle.setObjectName("builderToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show the worry statement builder")
        row = QHBoxLayout()
        row.addWidget(self.toggle)
        row.addStretch(1)
        lay.addLayout(row)
        self.form_box = QWidget()
        self.form_box.setAccessibleName("Four parts of the worry statement")
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 4, 0, 0)
        form.setVerticalSpacing(8)
        parts = (card.entry.get("worry_parts") or {})
        self.fields: dict[str, QLineEdit] = {}
        self.bindings: dict[str, TextBinding] = {}
        ctx, eid = card.ctx, card.entry_id
        for key, label, example in PARTS:
            le = QLineEdit()
            le.setObjectName(f"worry_{key}")
            le.setAccessibleName(label)
            le.setPlaceholderText(example)
            form.addRow(label + ":", le)
            self.fields[key] = le
            def save_part(v: str, k: str = key) -> None:
                _save_worry_part(ctx.store, eid, k, v)

            self.bindings[key] = TextBinding(
                ctx, le, ("entry", eid, f"worry_{key}"), parts.get(key, ""), save_part,
                card.editor.notify, f"Edit worry: {label.lower()}")
        self.compose = QPushButton("Put the sentence together")
        self.compose.setObjectName("composeWorry")
        self.compose.setAccessibleName("Put the worry sentence together from the four parts")
        self.compose.setAccessibleDescription("Writes the sentence into the entry; "
                                              "you can change the words afterwards")
        crow = QHBoxLayout()
        crow.addWidget(self.compose)
        crow.addWidget(hint("You can change the words afterwards."))
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
        child_label = Label("For the children: say it in words a child understands")
        child_label.setObjectName("childLineLabel")
        self.child_text = GrowingTextEdit(min_lines=1)
        self.child_text.setObjectName("worryChildText")
        self.child_text.setAccessibleName("For the children: this worry in words a child "
                                          "understands")
        self.child_text.setPlaceholderText("Sometimes Daddy drinks beer and gets loud.")
        self.child_text.setToolTip("Optional. The children's copy uses this line (or the Words "
                                   "and Pictures story), never the worry as written here.")
        child_label.setBuddy(self.child_text)
        lay.addWidget(child_label)
        lay.addWidget(self.child_text)
        self.child_binding = TextBinding(
            ctx, self.child_text, ("entry", eid, "child_text"),
            card.entry.get("child_text") or "",
            lambda v: entries.edit(ctx.store, eid, child_text=v),
            card.editor.notify, "Edit the children's line")

    def sentence(self) -> str:
        return entries.compose_worry(*(self.fields[k].text() for k, _, _ in PARTS))

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


class WorriedPage(ScrollingPage):
    page_key = "worried"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.body.addWidget(hint(
            "What has happened, what people fear could happen if nothing changes, and what "
            "makes life harder. Say whose view each one is. People can disagree."))
        self.harm = EntryListEditor(ctx, MapArea.HARM, refresh=self.refresh, notify=self.notify,
                                    placeholder="What happened, to which child, and when?")
        self.worries = EntryListEditor(ctx, MapArea.WORRY, refresh=self.refresh,
                                       notify=self.notify, extra_factory=WorryBuilder,
                                       placeholder="Who is worried, about what, when, and what "
                                                   "could happen to the child?")
        self.complicating = EntryListEditor(ctx, MapArea.COMPLICATING, refresh=self.refresh,
                                            notify=self.notify,
                                            placeholder="What makes things harder right now?")
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
        self.worries.note.setText(
            f"There are {len(open_worries)} open {self.worries.label.lower()}. Many people keep "
            f"to about {SUGGESTED_MAX_WORRIES}, so each one gets real attention. It's only a "
            "suggestion." if many else "")
        self.worries.note.setAccessibleName(self.worries.note.text() or "No note")
        self.worries.note.setVisible(many)
