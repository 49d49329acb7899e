"""The children's views: Three Houses in each child's own words, the Words and Pictures story,
whether each child was seen (and seen alone) at each visit, and photos of drawings, whose bytes
live only inside the encrypted store (read from the chosen file, never copied to disk).

Nothing typed or ticked here lives only on screen. "Today's visit" works like a number on the
Judgement page: the first tick, or the first letter of where the visit was, records today's
visit at once (a Visit row); later ticks update it and the place autosaves into it, with undo.
A page built later (after a lock, a crash or a trip to another page) finds today's visit in the
store and shows it again in the same box.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.model import House
from ...services import childs_voice as voice_cmds
from ...services import visits as visit_cmds
from ...store.errors import NotFound, StoreError
from ..tasks import error_sentence
from ..tr import QT_TRANSLATE_NOOP, translate
from ..undo import push_changeset
from ..widgets.common import (
    GrowingTextEdit,
    People,
    TextBinding,
    heading,
    hint,
    pending,
    record_edit,
    set_text_quietly,
)
from ..widgets.flow import held_still
from ..widgets.plain import Label
from ..widgets.scroll_page import ScrollingPage
from ..widgets.tidy import TidyComboBox
from .page import WorkspaceContext

HOUSES = ((House.WORRIES, QT_TRANSLATE_NOOP("workspace.childs_voice", "House of Worries")),
          (House.GOOD_THINGS, QT_TRANSLATE_NOOP("workspace.childs_voice", "House of Good Things")),
          (House.DREAMS, QT_TRANSLATE_NOOP("workspace.childs_voice", "House of Dreams")))
BOX_STYLE = ("QFrame#houseBox, QFrame#drawingBox { border: 1px solid palette(mid);"
             " border-radius: 8px; background: palette(base); }")
THUMB = 180
VISITS_HINT = QT_TRANSLATE_NOOP(
    "workspace.childs_voice", "For each visit, whether each child was seen, and whether they "
    "were seen on their own. Today's visit is saved as you tick.")
#: group supervision: the page is read-only, so nothing here talks about saving
VISITS_HINT_READ_ONLY = QT_TRANSLATE_NOOP(
    "workspace.childs_voice", "For each visit, whether each child was seen, and whether they "
    "were seen on their own.")


def local_day(iso: str) -> date:
    """The day, on this laptop's clock, of a stored moment (stored in UTC)."""
    when = datetime.fromisoformat(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().date()


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.setParent(None)  # gone from the page at once, not at the next event loop
            w.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


def _show_all(layout: Any) -> None:
    """Show rebuilt rows at once (a widget added to a shown layout is otherwise shown only on
    the next event loop, so focus and clicks could not reach it yet)."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            item.widget().show()
        elif item.layout() is not None:
            _show_all(item.layout())


class HouseBox(QFrame):
    """One child's one house: the child's own words, one line each."""

    def __init__(self, page: ChildsVoicePage, child: dict[str, Any], house: House,
                 title: str) -> None:
        super().__init__()
        self.page, self.child, self.house = page, child, house
        name = page.people.name(child, short=True)
        self.setObjectName("houseBox")
        self.setStyleSheet(BOX_STYLE)
        self.setAccessibleName(
            translate("workspace.childs_voice", "{name}'s {house}").format(name=name, house=title))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        lay.setSpacing(8)
        lay.addWidget(heading(title, 2))
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        lay.addLayout(self.rows)
        self.add = QPushButton(translate("workspace.childs_voice", "+ Add"))
        self.add.setObjectName(f"addHouse_{child['id']}_{house.value}")
        self.add.setAccessibleName(translate(
            "workspace.childs_voice", "Add to {name}'s {house}").format(name=name, house=title))
        lay.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        self.add.clicked.connect(self.add_entry)
        self.bindings: dict[str, TextBinding] = {}
        self.edits: dict[str, GrowingTextEdit] = {}
        self.removes: dict[GrowingTextEdit, QPushButton] = {}
        self._sig: tuple[str, ...] = ()
        self.title = title

    def show_entries(self, entries: list[dict[str, Any]]) -> None:
        sig = tuple(e["uid"] for e in entries)
        if sig != self._sig:
            _clear(self.rows)
            self.bindings.clear()
            self.edits.clear()
            self.removes.clear()
            for e in entries:
                self._row(e, int(e["id"]))
            self._sig = sig
        for e in entries:
            self.bindings[e["uid"]].refresh(e["text"])

    def _row(self, e: dict[str, Any], hid: int) -> None:
        ctx, name = self.page.ctx, self.page.people.name(self.child, short=True)
        row = QHBoxLayout()
        le = GrowingTextEdit(min_lines=1)
        le.setObjectName("houseText")
        le.setAccessibleName(translate("workspace.childs_voice", "{name}'s words, {house}").format(
            name=name, house=self.title))
        le.setPlaceholderText(
            translate("workspace.childs_voice", "In {name}'s words").format(name=name))
        rm = QPushButton(translate("workspace.childs_voice", "Remove"))
        rm.setObjectName("removeHouse")
        rm.setAccessibleName(translate(
            "workspace.childs_voice", "Remove from {name}'s {house}").format(
                name=name, house=self.title))
        row.addWidget(le, 1)
        row.addWidget(rm, 0, Qt.AlignmentFlag.AlignTop)
        self.rows.addLayout(row)
        le.show()  # at once, so focus can move into a new line
        rm.show()
        self.edits[e["uid"]] = le
        self.removes[le] = rm
        self.bindings[e["uid"]] = TextBinding(
            ctx, le, ("house_entry", hid, "text"), e["text"],
            lambda v: voice_cmds.edit_house_entry(ctx.store, hid, v),
            self.page.notify,
            translate("workspace.childs_voice", "Edit {name}'s words").format(name=name))
        rm.clicked.connect(lambda: self.remove(hid))

    def add_entry(self) -> None:
        ctx, fid, cid, house = self.page.ctx, self.page.ctx.family_id, self.child["id"], self.house
        ctx.autosaver.flush()
        with held_still(self.add):  # the new line comes in above "+ Add"; the button stays put
            added = self.page.run(
                lambda: voice_cmds.add_house_entry(ctx.store, fid, cid, house, ""),
                translate("workspace.childs_voice", "Add to {house}").format(house=self.title))
        if not added:
            return
        box = self.page.house_boxes.get((cid, house))
        if box is not None and box.edits:
            list(box.edits.values())[-1].setFocus()

    def remove(self, hid: int) -> None:
        ctx, cid, house = self.page.ctx, self.child["id"], self.house
        ctx.autosaver.flush()
        self.page.run(lambda: voice_cmds.remove_house_entry(ctx.store, hid),
                      translate("workspace.childs_voice", "Remove from {house}").format(
                          house=self.title))
        box = self.page.house_boxes.get((cid, house))
        if box is not None:
            box.add.setFocus()


class ChildsVoicePage(ScrollingPage):
    page_key = "childs_voice"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.people = People(None, ctx.initials_only)
        self.house_boxes: dict[tuple[int, House], HouseBox] = {}
        self._children_sig: tuple[Any, ...] = ()
        self._visits_sig: tuple[Any, ...] = ()
        self._drawings_sig: tuple[Any, ...] = ()
        self.visit_boxes: dict[tuple[str, str, str], QCheckBox] = {}
        self.new_visit_boxes: dict[tuple[int, str], QCheckBox] = {}
        self._today_sig: tuple[Any, ...] | None = None
        #: today's visit, once recorded (its id is kept by undo and redo: the store's)
        self.today_id: int | None = None
        self._today_att: dict[str, tuple[bool | None, bool | None]] = {}
        self._place_base = ""
        self.caption_bindings: dict[str, TextBinding] = {}
        self._thumbs: dict[str, QPixmap] = {}

        self.body.addWidget(hint(translate(
            "workspace.childs_voice", "What the children say, in their own words. Their words "
            "stay theirs: write them as the child said them.")))
        self.houses_area = QVBoxLayout()
        self.houses_area.setSpacing(14)
        self.body.addLayout(self.houses_area)

        # Words and Pictures
        self.body.addWidget(heading(translate("workspace.childs_voice", "Words and Pictures"), 2))
        self.body.addWidget(hint(translate(
            "workspace.childs_voice", "A short story for the children, in words they "
            "understand: what happened, what the worries are, and what the grown-ups are doing "
            "about it. Parents can help write it.")))
        self.words = GrowingTextEdit(min_lines=4)
        self.words.setObjectName("wordsAndPictures")
        self.words.setAccessibleName(
            translate("workspace.childs_voice", "Words and Pictures story"))
        self.words.setPlaceholderText(translate("workspace.childs_voice", "Once upon a time..."))
        self.body.addWidget(self.words)
        self.words_binding: TextBinding | None = None

        # visits
        self.body.addWidget(heading(
            translate("workspace.childs_voice", "Visits: were the children seen?"), 2))
        self.visits_hint = hint(translate("workspace.childs_voice", VISITS_HINT))
        self.visits_hint.setObjectName("visitsHint")
        self.body.addWidget(self.visits_hint)
        self.visits_grid = QGridLayout()
        self.visits_grid.setHorizontalSpacing(18)
        self.visits_grid.setVerticalSpacing(8)
        self.body.addLayout(self.visits_grid)
        self.new_visit = QFrame()
        self.new_visit.setObjectName("drawingBox")
        self.new_visit.setStyleSheet(BOX_STYLE)
        self.new_visit.setAccessibleName(translate("workspace.childs_voice", "Today's visit"))
        self.new_visit_lay = QGridLayout(self.new_visit)
        self.new_visit_lay.setContentsMargins(12, 10, 12, 10)
        self.new_visit_lay.setHorizontalSpacing(18)
        self.body.addWidget(self.new_visit)
        self._build_new_visit([])  # the children come with the family document

        # drawings
        self.body.addWidget(heading(translate("workspace.childs_voice", "Drawings and photos"), 2))
        self.body.addWidget(hint(translate(
            "workspace.childs_voice", "A photo of a child's drawing is kept only inside this "
            "locked file, never as a separate copy.")))
        pick_row = QHBoxLayout()
        lab = Label(translate("workspace.childs_voice", "Whose drawing:"))
        self.drawing_child = TidyComboBox()
        self.drawing_child.setObjectName("drawingChild")
        self.drawing_child.setAccessibleName(
            translate("workspace.childs_voice", "Whose drawing is it?"))
        lab.setBuddy(self.drawing_child)
        self.attach = QPushButton(translate("workspace.childs_voice", "Add a photo of a drawing…"))
        self.attach.setObjectName("addDrawing")
        self.attach.setAccessibleName(
            translate("workspace.childs_voice", "Add a photo of a drawing"))
        pick_row.addWidget(lab)
        pick_row.addWidget(self.drawing_child)
        pick_row.addWidget(self.attach)
        pick_row.addStretch(1)
        self.body.addLayout(pick_row)
        self.attach_status = Label("")
        self.attach_status.setObjectName("drawingStatus")
        self.attach_status.setAccessibleName(translate("workspace.childs_voice", "Drawing status"))
        self.attach_status.setWordWrap(True)
        self.body.addWidget(self.attach_status)
        self.drawings = QGridLayout()
        self.drawings.setSpacing(14)
        self.body.addLayout(self.drawings)
        self.attach.clicked.connect(self.pick_drawing)
        self.finish()

    def title(self) -> str:
        return self.ctx.template.sections["childs_voice"]

    # -- showing ------------------------------------------------------------------------------
    def update_document(self, doc: dict[str, Any]) -> None:
        self.people = People(doc, self.ctx.initials_only)
        children = self.people.children()
        voice = doc.get("childs_voice", {})
        self._show_houses(children, voice.get("three_houses", []))
        self._show_words(voice.get("words_and_pictures", []))
        self._show_visits(children, doc.get("visits", []))
        self._show_drawings(children, voice.get("attachments", []))
        self._tab_order()

    def _tab_order(self) -> None:
        """Tab goes down the page as it reads: each child's three houses, the story, the
        earlier visits, today's visit (its ticks, then where), the drawings. Rows rebuilt
        later would otherwise come last in Qt's order, so Tab from "Where?" jumped back up to
        the first House of Worries."""
        chain: list[QWidget] = []
        for box in self.house_boxes.values():
            for edit in box.edits.values():
                chain.append(edit)
                rm = box.removes.get(edit)
                if rm is not None:
                    chain.append(rm)
            chain.append(box.add)
        chain.append(self.words)
        chain += list(self.visit_boxes.values())
        chain += list(self.new_visit_boxes.values())
        chain += [self.place, self.drawing_child, self.attach]
        for i in range(self.drawings.count()):
            item = self.drawings.itemAt(i)
            w = item.widget() if item is not None else None
            if w is not None:
                chain += [c for c in w.findChildren(QWidget)
                          if c.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _show_houses(self, children: list[dict[str, Any]], entries: list[dict[str, Any]]) -> None:
        sig = tuple((c["id"], self.people.name(c)) for c in children)
        if sig != self._children_sig:
            _clear(self.houses_area)
            self.house_boxes.clear()
            if not children:
                self.houses_area.addWidget(hint(translate(
                    "workspace.childs_voice", "No children are on the People page yet. Add them "
                    "there to record their Three Houses.")))
            for c in children:
                name = self.people.name(c, short=True)
                age = f" ({c['age_years']})" if c.get("age_years") is not None \
                    and not self.ctx.initials_only else ""
                self.houses_area.addWidget(heading(translate(
                    "workspace.childs_voice", "{name}'s Three Houses{age}").format(
                        name=name, age=age), 2))
                self.houses_area.addWidget(hint(translate(
                    "workspace.childs_voice", "In {name}'s own words.").format(name=name)))
                row = QHBoxLayout()
                row.setSpacing(12)
                for house, title in HOUSES:
                    box = HouseBox(self, c, house, translate("workspace.childs_voice", title))
                    self.house_boxes[(c["id"], house)] = box
                    row.addWidget(box, 1)
                self.houses_area.addLayout(row)
            _show_all(self.houses_area)
            self._children_sig = sig
        for c in children:
            for house, _ in HOUSES:
                mine = [e for e in entries if e["child_uid"] == c["uid"]
                        and e["house"] == house.value]
                self.house_boxes[(c["id"], house)].show_entries(mine)

    def _show_words(self, rows: list[dict[str, Any]]) -> None:
        text = next((w["text"] for w in rows if not w.get("child_uid")), "")
        if self.words_binding is None:
            ctx = self.ctx

            def save_words(v: str) -> None:
                voice_cmds.set_words_and_pictures(ctx.store, ctx.family_id, v)

            self.words_binding = TextBinding(
                ctx, self.words, ("story", ctx.family_id), text, save_words,
                self.notify,
                translate("workspace.childs_voice", "Edit the Words and Pictures story"))
        else:
            self.words_binding.refresh(text)

    def _show_visits(self, children: list[dict[str, Any]], visits: list[dict[str, Any]]) -> None:
        today = self._find_today(visits)
        earlier = [v for v in visits if today is None or v["uid"] != today["uid"]]
        kids = tuple((c["uid"], self.people.name(c)) for c in children)
        # whether today's visit is recorded is part of it: the line under the heading says
        # "No visits recorded yet" only while none is, not while today's is being recorded
        sig = (kids, tuple(v["uid"] for v in earlier), today is not None)
        if sig != self._visits_sig:
            _clear(self.visits_grid)
            self.visit_boxes.clear()
            if not earlier:
                self.visits_grid.addWidget(hint(
                    translate("workspace.childs_voice", "No earlier visits recorded.") if today
                    else translate("workspace.childs_voice", "No visits recorded yet.")), 0, 0)
            for r, v in enumerate(sorted(earlier, key=lambda v: v["occurred_at"], reverse=True)):
                when = datetime.fromisoformat(v["occurred_at"])
                place = f", {v['place']}" if v.get("place") else ""
                lab = Label(f"{i18n.short_day(when)}{place}")  # "5 Mar 2026", "5 Maw 2026"
                self.visits_grid.addWidget(lab, r, 0)
                for col, c in enumerate(children):
                    self._visit_cell(r, col + 1, v, c)
            self.visits_grid.setColumnStretch(len(children) + 1, 1)
            _show_all(self.visits_grid)
            self._visits_sig = sig
        if kids != self._today_sig:  # only when the children change: never under the typing
            self._build_new_visit(children)
            _show_all(self.new_visit_lay)
            self._today_sig = kids
        for v in earlier:
            att = {a["person_uid"]: a for a in v["attendance"]}
            for c in children:
                a = att.get(c["uid"], {})
                for kind in ("seen", "seen_alone"):
                    box = self.visit_boxes[(v["uid"], c["uid"], kind)]
                    box.blockSignals(True)
                    box.setChecked(bool(a.get(kind)))
                    box.blockSignals(False)
        self._show_today(children, today)

    def _find_today(self, visits: list[dict[str, Any]]) -> dict[str, Any] | None:
        """Today's visit: the one this page recorded, or else the newest visit dated today on
        this laptop's clock (so a page built after a lock or a crash finds it again)."""
        if self.today_id is not None:
            v = next((v for v in visits if v["id"] == self.today_id), None)
            if v is not None:
                return v
            self.today_id = None  # taken away meanwhile (an undo): it may come back by redo
        todays = [v for v in visits if local_day(v["occurred_at"]) == date.today()]
        if not todays:
            return None
        v = max(todays, key=lambda v: v["occurred_at"])
        self.today_id = int(v["id"])
        self._place_base = v.get("place") or ""
        return v

    def _show_today(self, children: list[dict[str, Any]], v: dict[str, Any] | None) -> None:
        att = {a["person_uid"]: a for a in v["attendance"]} if v else {}
        self._today_att = {c["uid"]: (att.get(c["uid"], {}).get("seen"),
                                      att.get(c["uid"], {}).get("seen_alone"))
                           for c in children}
        for c in children:
            for kind, i in (("seen", 0), ("seen_alone", 1)):
                box = self.new_visit_boxes[(c["id"], kind)]
                box.blockSignals(True)
                box.setChecked(bool(self._today_att[c["uid"]][i]))
                box.blockSignals(False)
        if v is None:
            # no visit today yet: anything in the box would be the start of one, so the box
            # is empty (after undo too, even with the cursor in it)
            self._place_base = ""
            set_text_quietly(self.place, "")
        elif not pending(self.ctx, ("visit", int(v["id"]), "place")) and (
                not self.place.hasFocus()
                or (v.get("place") or "").strip() != self._place_base.strip()):
            # under the cursor only when the store now says otherwise (an undo or a redo)
            self._place_base = v.get("place") or ""
            set_text_quietly(self.place, self._place_base)
        if self.ctx.initials_only:  # read-only meanwhile: say what is shown, not how to save
            text = (translate("workspace.childs_voice", "Today's visit, as it was recorded.")
                    if v is not None else
                    translate("workspace.childs_voice", "No visit has been recorded today."))
            place_note = translate("workspace.childs_voice", "Where today's visit was.")
        else:
            text = (translate("workspace.childs_voice",
                              "Saved as you tick and type. Nothing else to press.")
                    if v is not None else
                    translate("workspace.childs_voice", "Today's visit is saved as you tick."))
            place_note = translate("workspace.childs_voice",
                                   "Saved into today's visit as you type.")
        self.today_status.setText(text)
        self.today_status.setAccessibleName(text)
        self.place.setAccessibleDescription(place_note)
        hint_text = (translate("workspace.childs_voice", VISITS_HINT_READ_ONLY)
                     if self.ctx.initials_only
                     else translate("workspace.childs_voice", VISITS_HINT))
        self.visits_hint.setText(hint_text)
        self.visits_hint.setAccessibleName(hint_text)

    def _visit_cell(self, r: int, col: int, v: dict[str, Any], c: dict[str, Any]) -> None:
        name = self.people.name(c, short=True)
        when = datetime.fromisoformat(v["occurred_at"])
        cell = QHBoxLayout()
        day = i18n.day(when)
        for kind, text, described in (
                ("seen", translate("workspace.childs_voice", "{name} seen").format(name=name),
                 translate("workspace.childs_voice", "{day}: {name} seen")),
                ("seen_alone", translate("workspace.childs_voice", "on their own"),
                 translate("workspace.childs_voice", "{day}: {name} seen on their own"))):
            box = QCheckBox(text)
            box.setObjectName(f"visit_{kind}")
            box.setAccessibleName(described.format(day=day, name=name))
            box.toggled.connect(lambda on, k=kind, vid=int(v["id"]), cid=int(c["id"]):
                                self.set_seen(vid, cid, k, on))
            self.visit_boxes[(v["uid"], c["uid"], kind)] = box
            cell.addWidget(box)
        self.visits_grid.addLayout(cell, r, col)

    def _build_new_visit(self, children: list[dict[str, Any]]) -> None:
        _clear(self.new_visit_lay)
        self.new_visit_boxes.clear()
        self.new_visit_lay.addWidget(
            heading(translate("workspace.childs_voice", "Today's visit"), 2), 0, 0, 1, 3)
        for r, c in enumerate(children, start=1):
            name = self.people.name(c, short=True)
            seen = QCheckBox(translate("workspace.childs_voice", "{name} seen").format(name=name))
            alone = QCheckBox(translate(
                "workspace.childs_voice", "{name} seen on their own").format(name=name))
            seen.setObjectName(f"today_seen_{c['id']}")
            alone.setObjectName(f"today_alone_{c['id']}")
            seen.setAccessibleName(
                translate("workspace.childs_voice", "Today: {name} seen").format(name=name))
            alone.setAccessibleName(translate(
                "workspace.childs_voice", "Today: {name} seen on their own").format(name=name))
            seen.toggled.connect(lambda on, cid=c["id"]: self._today_ticked(cid, "seen", on))
            alone.toggled.connect(lambda on, cid=c["id"]:
                                  self._today_ticked(cid, "seen_alone", on))
            self.new_visit_boxes[(c["id"], "seen")] = seen
            self.new_visit_boxes[(c["id"], "seen_alone")] = alone
            self.new_visit_lay.addWidget(seen, r, 0)
            self.new_visit_lay.addWidget(alone, r, 1)
        self.place = QLineEdit()
        self.place.setObjectName("visitPlace")
        self.place.setAccessibleName(translate("workspace.childs_voice", "Where the visit was"))
        self.place.setAccessibleDescription(
            translate("workspace.childs_voice", "Saved into today's visit as you type."))
        self.place.setPlaceholderText(translate("workspace.childs_voice", "Where? e.g. Home"))
        set_text_quietly(self.place, self._place_base)
        self.place.textChanged.connect(self._place_edited)
        self.place.setMinimumWidth(self.place.fontMetrics().horizontalAdvance("x" * 28))
        self.today_status = hint("")
        self.today_status.setObjectName("todayStatus")
        r = len(children) + 1
        where = QHBoxLayout()
        where.setSpacing(10)
        where_label = Label(translate("workspace.childs_voice", "Where was it?"))
        where_label.setBuddy(self.place)
        where.addWidget(where_label)
        where.addWidget(self.place)
        where.addWidget(self.today_status, 1)
        self.new_visit_lay.addLayout(where, r, 0, 1, 3)
        self.new_visit_lay.setColumnStretch(2, 1)

    def _show_drawings(self, children: list[dict[str, Any]], atts: list[dict[str, Any]]) -> None:
        current = self.drawing_child.currentData() if self.drawing_child.count() else -1
        self.drawing_child.blockSignals(True)
        self.drawing_child.clear()
        for c in children:
            self.drawing_child.addItem(self.people.name(c, short=True), c["id"])
        self.drawing_child.addItem(translate("workspace.childs_voice", "Not one child"), None)
        idx = self.drawing_child.findData(current)
        self.drawing_child.setCurrentIndex(idx if idx >= 0 else 0)
        self.drawing_child.blockSignals(False)
        sig = tuple((a["uid"], a.get("child_uid")) for a in atts) + (self.people.initials_only,)
        if sig != self._drawings_sig:
            _clear(self.drawings)
            self.caption_bindings.clear()
            if not atts:
                self.drawings.addWidget(
                    hint(translate("workspace.childs_voice", "No drawings yet.")), 0, 0)
            for i, a in enumerate(atts):
                self.drawings.addWidget(self._drawing_box(a, int(a["id"])), i // 4, i % 4,
                                        Qt.AlignmentFlag.AlignLeft)
            self.drawings.setColumnStretch(4, 1)
            _show_all(self.drawings)
            self._drawings_sig = sig
        for a in atts:
            self.caption_bindings[a["uid"]].refresh(a.get("caption", ""))

    def _drawing_box(self, a: dict[str, Any], aid: int) -> QFrame:
        box = QFrame()
        box.setFixedWidth(THUMB + 60)
        box.setObjectName("drawingBox")
        box.setStyleSheet(BOX_STYLE)
        who = self.people.name_for(a.get("child_uid"), "", short=True)
        drawing = (translate("workspace.childs_voice", "Drawing by {name}").format(name=who)
                   if who else translate("workspace.childs_voice", "Drawing"))
        box.setAccessibleName(drawing)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(10, 10, 10, 10)
        pic = Label()
        pic.setObjectName("drawingThumb")
        pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pm = self._thumbs.get(a["uid"])
        if pm is None:
            img = QImage.fromData(voice_cmds.drawing_data(self.ctx.store, aid))
            pm = QPixmap.fromImage(img).scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation) if not img.isNull() else QPixmap()
            self._thumbs[a["uid"]] = pm
        if pm.isNull():
            pic.setText(translate("workspace.childs_voice", "(This picture can't be shown.)"))
        else:
            pic.setPixmap(pm)
        pic.setAccessibleName(a.get("caption") or drawing)
        lay.addWidget(pic)
        if who:
            lay.addWidget(Label(translate("workspace.childs_voice", "By {name}").format(name=who)))
        cap = QLineEdit()
        cap.setObjectName("drawingCaption")
        cap.setAccessibleName(
            translate("workspace.childs_voice", "Caption for the drawing by {name}").format(
                name=who) if who else
            translate("workspace.childs_voice", "Caption for the drawing"))
        cap.setPlaceholderText(
            translate("workspace.childs_voice", "What is it? In the child's words"))
        lay.addWidget(cap)
        ctx = self.ctx
        self.caption_bindings[a["uid"]] = TextBinding(
            ctx, cap, ("drawing", aid, "caption"), a.get("caption", ""),
            lambda v: voice_cmds.caption_drawing(ctx.store, aid, v),
            self.notify, translate("workspace.childs_voice", "Edit a drawing's caption"))
        rm = QPushButton(translate("workspace.childs_voice", "Remove"))
        rm.setObjectName("removeDrawing")
        rm.setAccessibleName(
            translate("workspace.childs_voice", "Remove the drawing by {name}").format(name=who)
            if who else translate("workspace.childs_voice", "Remove the drawing"))
        rm.clicked.connect(lambda: self.remove_drawing(aid))
        lay.addWidget(rm, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    # -- writing ------------------------------------------------------------------------------
    def run(self, command: Callable[[], Any], text: str) -> bool:
        """Run one command now, put its changeset on the undo stack as `text`, show the family
        again. A refusal or a failure is said in a sentence; nothing changed then."""
        ctx = self.ctx
        try:
            command()
        except ValueError as exc:
            ctx.tell(str(exc))
            self.refresh()
            return False
        except StoreError as exc:
            ctx.tell(error_sentence(exc))
            self.refresh()
            return False
        push_changeset(ctx.undo_stack, text, ctx.store, lambda: ctx.refresh_all(),
                       lambda exc: ctx.tell(error_sentence(exc)))
        self.refresh()
        return True

    def set_seen(self, visit_id: int, child_id: int, kind: str, on: bool) -> None:
        """A tick at an earlier visit (visits.mark_seen: seen on their own means seen; not
        seen clears seen on their own)."""
        store = self.ctx.store
        self.ctx.autosaver.flush()
        if kind == "seen":
            self.run(lambda: visit_cmds.mark_seen(store, visit_id, child_id, seen=on),
                     translate("workspace.childs_voice", "Change who was seen"))
        else:
            self.run(lambda: visit_cmds.mark_seen(store, visit_id, child_id, seen_alone=on),
                     translate("workspace.childs_voice", "Change who was seen"))

    def _today_ticked(self, child_id: int, kind: str, on: bool) -> None:
        """A tick in "Today's visit": the first one records the visit, later ones update it."""
        seen_box = self.new_visit_boxes[(child_id, "seen")]
        alone_box = self.new_visit_boxes[(child_id, "seen_alone")]
        for box, want in ((seen_box, True if kind == "seen_alone" and on else None),
                          (alone_box, False if kind == "seen" and not on else None)):
            if want is not None and box.isChecked() != want:  # shown at once; the rule is
                box.blockSignals(True)                        # visits.mark_seen's
                box.setChecked(want)
                box.blockSignals(False)
        vid = self.today_id
        if vid is None:
            self._start_today()
            return
        store = self.ctx.store
        self.ctx.autosaver.flush()
        if kind == "seen":
            self.run(lambda: visit_cmds.mark_seen(store, vid, child_id, seen=on),
                     translate("workspace.childs_voice", "Change who was seen today"))
        else:
            self.run(lambda: visit_cmds.mark_seen(store, vid, child_id, seen_alone=on),
                     translate("workspace.childs_voice", "Change who was seen today"))

    def _start_today(self) -> int | None:
        """Record today's visit now, with the ticks and the place as they are on screen."""
        attendance = []
        for c in self.people.children():
            seen = self.new_visit_boxes[(c["id"], "seen")].isChecked()
            alone = self.new_visit_boxes[(c["id"], "seen_alone")].isChecked()
            attendance.append(visit_cmds.Attendance(int(c["id"]), present=seen or alone,
                                                    seen=seen or alone, seen_alone=alone))
        store, fid, place = self.ctx.store, self.ctx.family_id, self.place.text().strip()
        self.ctx.autosaver.flush()
        made: list[int] = []

        def record() -> None:
            made.append(visit_cmds.record(store, fid, place=place, attendance=attendance))

        self._place_base = self.place.text()
        if not self.run(record, translate("workspace.childs_voice", "Record today's visit")) \
                or not made:
            return None
        self.today_id = made[0]
        self.refresh()
        return made[0]

    def _place_edited(self, text: str) -> None:
        vid = self.today_id
        if vid is None:
            if text.strip():
                self._start_today()
            return
        store = self.ctx.store

        def save(v: str) -> None:
            try:
                visit_cmds.set_place(store, vid, v)
            except NotFound:  # taken away meanwhile (an undo)
                if self.today_id == vid:
                    self.today_id = None

        def show(v: str) -> None:
            if self.today_id == vid:
                self._place_base = v
                set_text_quietly(self.place, v)
            self.refresh()

        old, self._place_base = self._place_base, text
        record_edit(self.ctx, ("visit", vid, "place"),
                    translate("workspace.childs_voice", "Change where the visit was"),
                    old, text, save, show, self.notify)

    def pick_drawing(self) -> int | None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("workspace.childs_voice", "Choose a photo of a drawing"),
            str(Path.home()),
            translate("workspace.childs_voice", "Pictures (*.png *.jpg *.jpeg *.gif *.bmp *.webp)"))
        if not path:
            return None
        return self.attach_file(Path(path))

    def attach_file(self, path: Path) -> int | None:
        """Read the picture's bytes into the encrypted store. Nothing is written to disk."""
        try:
            data = path.read_bytes()
        except OSError:
            self._say(translate("workspace.childs_voice",
                                "That picture could not be opened. Nothing was added."))
            return None
        buf = QBuffer()
        buf.setData(QByteArray(data))
        reader = QImageReader(buf)
        fmt = bytes(reader.format().data()).decode("ascii", "ignore").lower()
        if QImage.fromData(data).isNull():
            self._say(translate("workspace.childs_voice",
                                "That file doesn't look like a picture. Nothing was added."))
            return None
        jpeg = "image/jpeg"  # tr: not shown
        mime = {"jpg": jpeg, "jpeg": jpeg}.get(fmt, f"image/{fmt or 'png'}")
        child_id = self.drawing_child.currentData()
        store, fid = self.ctx.store, self.ctx.family_id
        made: list[int] = []

        def add() -> None:
            made.append(voice_cmds.add_drawing(store, fid, data, child_id=child_id,
                                               filename=path.name, mime_type=mime))

        self.ctx.autosaver.flush()
        if not self.run(add, translate("workspace.childs_voice", "Add a drawing")) or not made:
            self._say(translate("workspace.childs_voice",
                                "The drawing could not be kept. Nothing was added."))
            return None
        self._say(translate("workspace.childs_voice",
                            "The drawing is kept safely inside this family's locked file."))
        return made[0]

    def remove_drawing(self, aid: int) -> None:
        self.ctx.autosaver.flush()
        self.run(lambda: voice_cmds.remove_drawing(self.ctx.store, aid),
                 translate("workspace.childs_voice", "Remove a drawing"))
        self.attach.setFocus()

    def _say(self, text: str) -> None:
        self.attach_status.setText(text)
        self.attach_status.setAccessibleName(text)


__all__ = ["ChildsVoicePage"]
