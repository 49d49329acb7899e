"""EntryListEditor: one area of the safety map (harm, worries, strengths...) as a list of cards.

Each card holds the entry's words, whose view it is, who agrees or doesn't, "resolved" (not on
strengths and existing safety: they are not resolved), and a delete button; pages add
area-specific parts (the worry builder, the paired worry, who and when for a next step) through
`extra_factory`. Keyboard-first: Tab walks every control, the text box passes Tab on, and Add
puts the cursor straight into the new entry.

Nothing moves under the pointer: the sentence saying who agrees sits below the rows where that
is recorded (a first "Doesn't agree" would otherwise push every row down a line), and a new
entry appears above "+ Add" while the page scrolls by as much, so the button stays put.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.model import MapArea
from ...services import entries
from ..tr import QT_TRANSLATE_NOOP, translate
from .commands import run_command
from .common import WORKER, GrowingTextEdit, People, TextBinding, heading, hint
from .flow import bring_into_view, flow_row, held_still
from .plain import Label
from .stances import Key, StancePanel, stance_summary
from .whose_view import WhoseViewPicker, guess_role

ExtraFactory = Callable[["EntryCard"], QWidget]

#: parts of the map that are never "resolved": a strength, or safety someone showed, stays so
NOT_RESOLVED = frozenset({MapArea.STRENGTH, MapArea.EXISTING_SAFETY})

#: the words' box hint when a page gives none of its own
PLACEHOLDER = QT_TRANSLATE_NOOP("widgets.entry_list", "Write it in everyday words.")

CARD_STYLE = """
QFrame#entryCard { border: 1px solid palette(mid); border-radius: 8px;
                   background: palette(base); }
QFrame#entryCard[resolved="true"] { background: palette(window); }
"""


def _parse_dt(v: str | None) -> datetime | None:
    return datetime.fromisoformat(v) if v else None


class EntryCard(QFrame):
    """One map entry. `entry` is the entry dict from the family document."""

    def __init__(self, editor: EntryListEditor, entry: dict[str, Any]) -> None:
        super().__init__()
        self.editor = editor
        self.ctx = editor.ctx
        self.entry = entry
        self.entry_id: int = entry["id"]
        self.setObjectName("entryCard")
        self.setStyleSheet(CARD_STYLE)
        self.setAccessibleName(
            translate("widgets.entry_list", "{part} entry").format(part=editor.label))
        area_label = editor.label

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 12)
        outer.setSpacing(8)

        self.text = GrowingTextEdit()
        self.text.setObjectName("entryText")
        self.text.setAccessibleName(
            translate("widgets.entry_list", "{part}: what is written").format(part=area_label))
        self.text.setPlaceholderText(editor.placeholder)
        outer.addWidget(self.text)
        entry_id = self.entry_id

        def save_text(v: str) -> None:
            entries.edit(self.ctx.store, entry_id, text=v)

        self.binding = TextBinding(
            self.ctx, self.text, ("entry", self.entry_id, "text"), entry["text"],
            save_text, editor.notify,
            translate("widgets.entry_list", "Edit {part}").format(part=area_label.lower()))

        # whose view, then the card's buttons: side by side when there is room, the buttons on
        # a line of their own when the page is narrow (beside the supervision view)
        who = QWidget()
        who_row = QHBoxLayout(who)
        who_row.setContentsMargins(0, 0, 0, 0)
        who_row.setSpacing(8)
        who_label = Label(translate("widgets.entry_list", "Whose view:"))
        self.view = WhoseViewPicker(name=translate(
            "widgets.entry_list", "{part}: whose view is this?").format(part=area_label))
        self.view.setObjectName("whoseView")
        who_label.setBuddy(self.view)
        who_row.addWidget(who_label)
        who_row.addWidget(self.view)
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.agree_toggle = QPushButton(translate("widgets.entry_list", "Who agrees?"))
        self.agree_toggle.setObjectName("agreeToggle")
        self.agree_toggle.setCheckable(True)
        self.agree_toggle.setAccessibleName(translate(
            "widgets.entry_list",
            "{part}: show who agrees and who doesn't").format(part=area_label))
        self.resolve = QPushButton(translate("widgets.entry_list", "Mark resolved"))
        self.resolve.setObjectName("resolveButton")
        self.resolve.setCheckable(True)
        self.resolve.setAccessibleName(
            translate("widgets.entry_list", "{part}: mark resolved").format(part=area_label))
        self.delete = QPushButton(translate("widgets.entry_list", "Delete"))
        self.delete.setObjectName("deleteButton")
        self.delete.setAccessibleName(
            translate("widgets.entry_list", "{part}: delete this entry").format(part=area_label))
        self.resolvable = editor.area not in NOT_RESOLVED
        for b in (self.agree_toggle, self.resolve, self.delete):
            if b is not self.resolve or self.resolvable:
                row.addWidget(b)
        if not self.resolvable:  # kept (hidden) so the card reads the same for every area
            self.resolve.setParent(self)
            self.resolve.hide()
        outer.addWidget(flow_row(who, buttons, spacing=16))

        # who agrees: the rows first, then the sentence they make, so the first stance
        # recorded adds its line below the rows, never above them
        self.stances = StancePanel()
        self.stances.setObjectName("stancePanel")
        self.stances.setVisible(False)
        outer.addWidget(self.stances)
        self.summary = Label()
        self.summary.setObjectName("stanceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.summary)

        self.extra: QWidget | None = editor.extra_factory(self) if editor.extra_factory else None
        if self.extra is not None:
            outer.addWidget(self.extra)

        self.view.picked.connect(self._view_picked)
        self.agree_toggle.toggled.connect(self.stances.setVisible)
        self.stances.stance_set.connect(self._stance_set)
        self.stances.stance_removed.connect(self._stance_removed)
        self.note_bindings: dict[Key, TextBinding] = {}
        self.resolve.clicked.connect(self._resolve_clicked)
        self.delete.clicked.connect(lambda: editor.delete_entry(self))
        self.update_from(entry, editor.people, editor.labels)

    # -- showing ------------------------------------------------------------------------------
    def update_from(self, entry: dict[str, Any], people: People, labels: list[str]) -> None:
        self.entry = entry
        self.binding.refresh(entry["text"])
        self.view.set_people(people, labels)
        pid = people.by_uid[entry["view"]["person_uid"]]["id"] \
            if entry["view"]["person_uid"] in people.by_uid else None
        self.view.set_current(pid, entry["view"]["label"])
        summary = stance_summary(entry["stances"], people)
        self.summary.setText(summary)
        self.summary.setAccessibleName(
            summary or translate("widgets.entry_list", "Nobody has said whether they agree yet"))
        self.summary.setVisible(bool(summary))
        self.stances.set_data(people, entry["stances"], labels)
        self._bind_notes(entry)
        resolved = bool(entry.get("resolved_at"))
        self.resolve.blockSignals(True)
        self.resolve.setChecked(resolved)
        self.resolve.blockSignals(False)
        if resolved:
            when = _parse_dt(entry["resolved_at"])
            self.resolve.setText(
                translate("widgets.entry_list", "Resolved {date}").format(
                    date=i18n.short_day(when)) if when
                else translate("widgets.entry_list", "Resolved"))
        else:
            self.resolve.setText(translate("widgets.entry_list", "Mark resolved"))
        self.setProperty("resolved", "true" if resolved else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        if self.extra is not None and hasattr(self.extra, "refresh"):
            self.extra.refresh(entry, self.editor.doc)
        self._tab_order()

    def _tab_order(self) -> None:
        """Tab walks the card top to bottom: words, whose view, the buttons, then who agrees
        (each row: the three choices, what they said, Remove), then the area's own parts.
        Rows rebuilt later would otherwise come last."""
        chain: list[QWidget] = [self.text, self.view, self.agree_toggle,
                                *([self.resolve] if self.resolvable else []), self.delete]
        for row in self.stances.rows.values():
            chain += [*row.group.buttons(), row.note, row.remove]
        chain.append(self.stances.someone)
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- writing ------------------------------------------------------------------------------
    def _view_picked(self, choice: dict[str, Any], join: int | None = None) -> None:
        """Whose view it is. "Add 'X' as a new person..." adds the person and makes it their
        view in one command, so one undo takes both away and leaves no stray person."""
        store, eid = self.ctx.store, self.entry_id
        if "new_name" in choice:
            name = str(choice["new_name"]).strip()
            pid = run_command(
                self.ctx, translate("widgets.entry_list",
                                    "Add {name} and make it their view").format(name=name),
                lambda: entries.set_view(store, eid, new_person_name=name,
                                         new_person_role=guess_role(name)),
                self.editor.refresh)
            if pid is not None:
                self.editor.remember_view(pid, "")
            return
        person_id = int(choice["person_id"]) if "person_id" in choice else None
        label = "" if person_id is not None else str(choice.get("label") or "")
        self.editor.remember_view(person_id, label)
        run_command(self.ctx, translate("widgets.entry_list", "Change whose view"),
                    lambda: entries.set_view(store, eid, person_id=person_id, label=label,
                                             join=join),
                    self.editor.refresh)

    def choose_view(self, choice: dict[str, Any], join: int | None = None) -> None:
        """Make the entry someone's view, as if chosen in "Whose view" (the worry builder's
        "Who is worried" says the same thing, so it sets it through here, with `join` the
        changeset of that typing: one undo step for both)."""
        self._view_picked(choice, join)

    def view_person_id(self) -> int | None:
        uid = self.entry["view"]["person_uid"]
        p = self.editor.people.by_uid.get(uid) if uid else None
        return p["id"] if p else None

    # -- who agrees ----------------------------------------------------------------------------
    @staticmethod
    def _who(key: Key) -> dict[str, Any]:
        return {"person_id": key[1]} if key[0] == "person" else {"label": key[1]}

    def _stance_now(self, key: Key) -> dict[str, Any] | None:
        stances: list[dict[str, Any]] = self.entry["stances"]
        for st in stances:
            uid = st.get("person_uid")
            if key[0] == "person":
                p = self.editor.people.by_id.get(key[1])
                if p is not None and uid == p["uid"]:
                    return st
            elif not uid and st.get("who", "") == key[1]:
                return st
        return None

    def _stance_set(self, key: Key, stance: str) -> None:
        self.ctx.autosaver.flush()
        store, eid, who = self.ctx.store, self.entry_id, self._who(key)
        run_command(self.ctx, translate("widgets.entry_list", "Record who agrees"),
                    lambda: entries.set_stance(store, eid, stance, **who), self.editor.refresh)

    def _stance_removed(self, key: Key) -> None:
        self.ctx.autosaver.flush()
        if self._stance_now(key) is None:
            return
        store, eid, who = self.ctx.store, self.entry_id, self._who(key)
        self.ctx.autosaver.cancel(("stance", eid, key))
        run_command(self.ctx, translate("widgets.entry_list", "Remove who agrees"),
                    lambda: entries.remove_stance(store, eid, **who), self.editor.refresh)
        row = self.stances.rows.get(key)
        if row is not None:
            row.group.buttons()[0].setFocus()

    def _bind_notes(self, entry: dict[str, Any]) -> None:
        """Each stance's note autosaves into that stance, with undo, like any other text."""
        for key, row in self.stances.rows.items():
            st = self._stance_now(key)
            stored = st["note"] if st else ""
            b = self.note_bindings.get(key)
            if b is None or b.widget is not row.note:
                def save(v: str, k: Key = key) -> None:
                    now = self.stances.rows[k].stance() if k in self.stances.rows else None
                    if now is not None:
                        entries.set_stance_note(self.ctx.store, self.entry_id, v,
                                                **self._who(k))
                self.note_bindings[key] = TextBinding(
                    self.ctx, row.note, ("stance", self.entry_id, key), stored, save,
                    self.editor.notify, translate("widgets.entry_list", "Edit what they said"))
            else:
                b.refresh(stored)

    def _resolve_clicked(self, checked: bool) -> None:
        store, eid = self.ctx.store, self.entry_id
        run_command(self.ctx, translate("widgets.entry_list", "Mark resolved") if checked
                    else translate("widgets.entry_list", "Mark not resolved"),
                    lambda: entries.set_resolved(store, eid, checked), self.editor.refresh)


class EntryListEditor(QWidget):
    """All entries of one map area, with a heading, the template's help and prompts, and Add.

    `refresh()` (given by the page) reloads the family and shows it; `notify()` tells the
    workspace that something was saved."""

    def __init__(self, ctx: Any, area: MapArea, *, refresh: Callable[[], None],
                 notify: Callable[[], None], extra_factory: ExtraFactory | None = None,
                 placeholder: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.area = ctx, MapArea(area)
        self.refresh, self.notify = refresh, notify
        self.extra_factory = extra_factory
        self.placeholder = translate("widgets.entry_list", PLACEHOLDER) if placeholder is None \
            else placeholder
        area_text = ctx.template.areas[self.area]
        self.label = area_text.label
        self.setObjectName(f"entries_{self.area.value}")
        self.setAccessibleName(self.label)
        self.people = People(None, ctx.initials_only)
        self.labels: list[str] = []
        self.doc: dict[str, Any] = {}
        self.cards: dict[int, EntryCard] = {}
        self._last_view: tuple[int | None, str] = (None, WORKER)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        lay.addWidget(heading(self.label, 2))
        # The template's help and prompts. Guided mode shows them once, in its side panel,
        # so `set_guided(True)` hides these inline copies.
        self.prompt_lines: list[QLabel] = []
        if area_text.help:
            self.prompt_lines.append(hint(area_text.help))
        if area_text.prompts:
            self.prompt_lines.append(hint(
                translate("widgets.entry_list", "You could ask: {questions}")
                .format(questions="  \u00b7  ".join(area_text.prompts))))
        for lab in self.prompt_lines:
            lab.setProperty("inlinePrompt", True)
            lay.addWidget(lab)
        self.note = hint("")
        self.note.setObjectName("areaNote")
        self.note.setVisible(False)
        lay.addWidget(self.note)
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(10)
        lay.addLayout(self.cards_box)
        self.empty = hint(translate(
            "widgets.entry_list", "Nothing here yet. That's fine: add something when it comes up."))
        lay.addWidget(self.empty)
        add_row = QHBoxLayout()
        self.add_button = QPushButton(
            translate("widgets.entry_list", "+ Add to {part}").format(part=self.label))
        self.add_button.setObjectName(f"add_{self.area.value}")
        self.add_button.setAccessibleName(
            translate("widgets.entry_list", "Add to {part}").format(part=self.label))
        self.add_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.add_button.setToolTip(translate(
            "widgets.entry_list",
            "Add to {part} (Ctrl+Enter from anywhere in {part})").format(part=self.label))
        self.add_button.setAccessibleDescription(translate(
            "widgets.entry_list", "Adds a new entry and puts the cursor in it. Shortcut: "
            "Control+Enter while anywhere in {part}.").format(part=self.label))
        self.add_button.clicked.connect(lambda: self.add_entry())
        # Ctrl+Enter adds to the list the keyboard is in, so nobody has to Tab to the button.
        self.shortcuts = []
        for seq in ("Ctrl+Return", "Ctrl+Enter"):  # tr: not shown (key sequences)
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda: self.add_entry())
            self.shortcuts.append(sc)
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        lay.addLayout(add_row)

    # -- showing ------------------------------------------------------------------------------
    def entries(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        return [e for e in doc.get("map", []) if e["area"] == self.area.value]

    def set_document(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.people = People(doc, self.ctx.initials_only)
        names = {p["name"].casefold() for p in self.people.list}
        labels: list[str] = []
        for e in doc.get("map", []):
            lab = e["view"]["label"]
            if not e["view"]["person_uid"] and lab and lab.casefold() not in names \
                    and lab not in labels and lab.casefold() != WORKER.casefold():
                labels.append(lab)
        self.labels = labels
        entries = self.entries(doc)
        wanted = [e["id"] for e in entries]
        for eid in list(self.cards):
            if eid not in wanted:
                card = self.cards.pop(eid)
                self.cards_box.removeWidget(card)
                card.hide()
                card.setParent(None)
                card.deleteLater()
        for e in entries:
            shown = self.cards.get(e["id"])
            if shown is None:
                self.cards[e["id"]] = EntryCard(self, e)
            else:
                shown.update_from(e, self.people, labels)
        order: list[QWidget] = []  # the cards as laid out (the box holds only cards)
        for i in range(self.cards_box.count()):
            item = self.cards_box.itemAt(i)
            w = item.widget() if item is not None else None
            if w is not None:
                order.append(w)
        if order != [self.cards[i] for i in wanted]:
            for w in order:
                self.cards_box.removeWidget(w)
            for i in wanted:
                self.cards_box.addWidget(self.cards[i])
                self.cards[i].show()  # at once, so focus can move into a new card
        self.empty.setVisible(not entries)

    def card(self, entry_id: int) -> EntryCard:
        return self.cards[entry_id]

    def remember_view(self, person_id: int | None, label: str) -> None:
        self._last_view = (person_id, label)

    # -- adding and deleting -------------------------------------------------------------------
    def add_entry(self, text: str = "", **fields: Any) -> int | None:
        """Add an empty entry (whose view: the last one chosen here, else Worker) and put the
        cursor in it. Returns its id (None when it was refused; the person is told why)."""
        pid, label = self._last_view
        if pid is not None and pid not in self.people.by_id:
            pid, label = None, WORKER
        store, fid, area = self.ctx.store, self.ctx.family_id, self.area
        with held_still(self.add_button):  # the new card comes in above it; it stays put
            new_id = run_command(
                self.ctx, translate("widgets.entry_list", "Add to {part}").format(part=self.label),
                lambda: entries.add(store, fid, area, text, view_person_id=pid,
                                    view_label=label, **fields),
                self.refresh)
        card = self.cards.get(new_id) if new_id is not None else None
        if card is not None:
            bring_into_view(card.text)  # already in view when "+ Add" was (held still above)
            card.text.setFocus(Qt.FocusReason.OtherFocusReason)
        return new_id

    def delete_entry(self, card: EntryCard) -> None:
        """Take the entry off the map (with its stances); undo brings it all back."""
        self.ctx.autosaver.flush()
        nxt = self._neighbour(card)
        store, eid = self.ctx.store, card.entry_id
        run_command(self.ctx,
                    translate("widgets.entry_list", "Delete from {part}").format(part=self.label),
                    lambda: entries.remove(store, eid), self.refresh)
        if eid in self.cards:
            return  # refused: the card is still there
        if nxt is not None:
            nxt.text.setFocus()
        else:
            self.add_button.setFocus()

    def _neighbour(self, card: EntryCard) -> EntryCard | None:
        ids = list(self.cards)
        i = ids.index(card.entry_id)
        rest = ids[i + 1:] + ids[:i][::-1]
        return self.cards[rest[0]] if rest else None
