"""The map at a glance: the whole safety map on one screen, as it is drawn on paper.

Three columns (the template's "What are we worried about?", "What's working well?", "What needs
to happen?"), the scale with everyone's latest number under it, and each entry's short text,
whose view it is and any disagreement. The data comes from `services.glance.map_at_a_glance`;
this module only lays it out. It comes in two sizes:

* the **working view**: the worker adds to any part (type, Enter) and edits an entry's words in
  place, through the same commands as the map's own pages (`entries.add`, `entries.edit`, and
  `people.add` for a new person chosen as the view), with autosave and undo. "Open" takes an
  entry to its own page for the full detail (whose view, who agrees, the worry's parts...).
* the **kitchen-table view**: large type, read-only, for turning the laptop to the family. It is
  built from the family's safe copy only (see services/glance.py), so nothing confidential and
  nothing that could locate someone is on screen; no entry can be opened from it.

Keyboard: Tab walks the view top to bottom (view switch, whose view, then each part: its add
box, each entry's words and Open); arrows switch the view and, in an add box, move to the add
box above, below or in the next column; Enter adds, or opens the entry from Open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import MapArea
from ...services import entries, scores
from ...services import people as people_cmds
from ...services.glance import (
    GlanceEntry,
    GlanceGroup,
    MapAtAGlance,
    map_at_a_glance,
    short_text,
)
from ...store.errors import NotFound
from ..theme import MUTED
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.commands import run_command
from ..widgets.common import (
    WORKER,
    GrowingTextEdit,
    People,
    TextBinding,
    heading,
    hint,
    worker_label,
)
from ..widgets.entry_list import EntryCard
from ..widgets.flow import flow_row, settle_layouts
from ..widgets.plain import Label, escape, plain_tooltip
from ..widgets.whose_view import WhoseViewPicker, guess_role
from .page import WorkspaceContext, WorkspacePage

TITLE = QT_TRANSLATE_NOOP("workspace.glance", "The whole map")


@dataclass(frozen=True)
class Density:
    """How much of each entry the map shows, and the kitchen-table view's type against the
    app's own. The page takes the roomiest that puts the whole map on one screen."""

    chars: int
    factor: float


#: roomiest first; a map too big for the densest scrolls
WORKING = (Density(140, 1.0), Density(100, 1.0), Density(72, 1.0), Density(48, 1.0))
#: the kitchen-table view keeps its type large and every word (the family cannot open an
#: entry from it): a big map scrolls there rather than shrink
WHOLE = 100_000
KITCHEN = (Density(WHOLE, 1.45), Density(WHOLE, 1.38), Density(WHOLE, 1.3))
#: below this width the three columns stack (the supervision view beside the map)
NARROW = 760

STYLE = """
QFrame#glanceColumn { background: white; border: 1px solid palette(mid); border-radius: 10px; }
QLineEdit[glanceAdd="true"] { padding: 1px 4px; }
QFrame#glanceEntry { border-top: 1px solid palette(midlight); }
QPushButton#glanceOpen { padding: 2px 6px; min-width: 0; color: palette(link);
                         text-decoration: underline; border: none; background: transparent; }
QPushButton#glanceOpen:focus { border: 2px solid palette(highlight); border-radius: 4px; }
QPushButton#glanceNumber { border: 1px solid palette(mid); border-radius: 6px; padding: 2px 4px;
                           background: white; min-width: 0; }
QPushButton#glanceNumber[scored="true"] { background: palette(highlight);
                                          color: palette(highlighted-text); font-weight: bold; }
QPushButton#glanceNumber:focus { border: 2px solid palette(highlight); }
"""


def _scaled(w: QWidget, factor: float, bold: bool = False) -> None:
    f = QFont(w.font())
    f.setPointSizeF(f.pointSizeF() * factor)
    if bold:
        f.setBold(True)
    w.setFont(f)


def _wrapping(text: str, name: str, *, factor: float = 1.0, bold: bool = False,
              muted: bool = False) -> QLabel:
    lab = Label(text)
    lab.setObjectName(name)
    lab.setWordWrap(True)
    lab.setAccessibleName(text)
    lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if factor != 1.0 or bold:
        _scaled(lab, factor, bold)
    if muted:
        _mute(lab)
    return lab


def _mute(lab: QLabel) -> None:
    """The gentle colour of a hint. A widget's own style sheet takes the font from the
    application's, so the size it was given goes into the sheet too."""
    lab.setStyleSheet(f"color: palette(placeholder-text); "
                      f"font-size: {lab.font().pointSizeF():.1f}pt;")


def _meta(entry: GlanceEntry) -> str:
    """The quiet line under an entry: whose view it is, a step's who and agreed date."""
    view = translate("workspace.glance", "Whose view: {view}").format(
        view=worker_label(entry.view))
    first = [view] if entry.view else []
    if entry.resolved:
        first.insert(0, translate("workspace.glance", "Resolved"))
    lines = [" \u00b7 ".join(first)] if first else []
    if entry.detail:
        lines.append(entry.detail)
    return "\n".join(lines)


def _short_meta(entry: GlanceEntry) -> str:
    """The working view's few words after an entry: "Sarah’s view", a step's who and date."""
    parts = [translate("workspace.glance", "Resolved")] if entry.resolved else []
    if entry.view:
        parts.append(translate("workspace.glance", "{name}’s view").format(
            name=worker_label(entry.view)))
    if entry.detail:
        parts.append(entry.detail)
    return " · ".join(parts)


def _disagreement_label(entry: GlanceEntry, factor: float) -> QLabel:
    """Any disagreement, in full colour: it is recorded honestly, never tucked away."""
    lab = _wrapping(entry.disagreement, "glanceDisagreement", factor=factor)
    f = QFont(lab.font())
    f.setItalic(True)
    lab.setFont(f)
    if not entry.disagreement:
        # hide() only: setVisible(True) on a label that has no parent yet shows it as a window
        # of its own for a moment, and that took the keyboard from the main window
        lab.hide()
    return lab


class OpenButton(QPushButton):
    """Open: Enter and Return press it too (outside a dialog a push button takes only
    Space), so the keyboard route is Tab to it, then Enter."""

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(e)


class EntryPreview(QLabel):
    """An entry's short words, with whose view it is in a quieter colour, as one wrapping
    label: the map stays on one screen. A click, Enter, or Tab arriving on it opens the full
    words for editing in place (`activated`)."""

    activated = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("glancePreview")
        self.setTextFormat(Qt.TextFormat.RichText)  # built from escape()d pieces only
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def show_entry(self, short: str, meta: str) -> None:
        colour = MUTED  # readable (about 5:1), but quieter than the words
        empty = translate("workspace.glance", "(nothing written yet)")
        words = escape(short) if short else f"<i>{escape(empty)}</i>"
        dot = f' <span style="color:{colour}">\u00b7 {escape(meta)}</span>'  # tr: not shown
        tail = dot if meta else ""
        self.setText(words + tail)

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if e.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
            return
        super().mousePressEvent(e)

    def focusInEvent(self, e: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(e)
        if e.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.activated.emit()

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.activated.emit()
            return
        super().keyPressEvent(e)


class WorkingRow(QFrame):
    """One entry in the working view: its short words and whose view (one label), and Open.
    A click or Tab on the words opens them in full, editable in place (autosaved, with undo);
    leaving the box shows the short words again."""

    def __init__(self, page: GlancePage, column: ColumnView, group: GlanceGroup,
                 entry: GlanceEntry) -> None:
        super().__init__()
        self.setObjectName("glanceEntry")
        self.entry_id = entry.id
        self.column = column
        self.entry = entry
        self.setAccessibleName(
            translate("workspace.glance", "{part} entry").format(part=group.label))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 3, 0, 2)
        lay.setSpacing(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.preview = EntryPreview()
        self.preview.activated.connect(self.begin_edit)
        row.addWidget(self.preview, 1)
        self.text = GrowingTextEdit(min_lines=1)
        self.text.setObjectName("glanceText")
        self.text.setAccessibleName(
            translate("workspace.glance", "{part}: what is written").format(part=group.label))
        self.text.hide()
        self.text.installEventFilter(self)
        # a box that grows as words are typed asks the page for its new height
        self.text.document().documentLayout().documentSizeChanged.connect(
            lambda *_: column.page.refit_soon())
        row.addWidget(self.text, 1)
        ctx, eid = page.ctx, entry.id

        def save(v: str) -> None:
            entries.edit(ctx.store, eid, text=v)
            # what the row shows again (a refit, a reshowing) is what was just saved, not
            # the words it was made with: the page is not reloaded after its own autosave
            self.entry = replace(self.entry, text=v, short=short_text(v))

        self.binding = TextBinding(ctx, self.text, ("entry", eid, "text"), entry.text, save,
                                   page.notify, translate("workspace.glance", "Edit {part}")
                                   .format(part=group.label.lower()))
        # an undo writes the words back with the box's signals blocked; the document still says
        self.text.document().contentsChanged.connect(self._show_preview)
        self.open = OpenButton(translate("workspace.glance", "Open"))
        self.open.setObjectName("glanceOpen")
        self.open.setFlat(True)  # quiet and narrow: the words get the width
        self.open.setAccessibleName(translate(
            "workspace.glance", "{part}: open this entry on its page").format(part=group.label))
        self.open.setAccessibleDescription(translate(
            "workspace.glance",
            "Whose view, who agrees and every detail of this entry, on its own page"))
        self.open.setToolTip(translate(
            "workspace.glance", "Open this entry on its page, with all its detail (Enter)"))
        self.open.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.open.clicked.connect(lambda: page.open_entry.emit(entry.page, eid))
        row.addWidget(self.open, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(row)
        self.disagreement = _disagreement_label(entry, 0.95)
        lay.addWidget(self.disagreement)
        QWidget.setTabOrder(self.preview, self.text)
        QWidget.setTabOrder(self.text, self.open)
        self.update_from(entry)

    @property
    def meta(self) -> str:
        """Whose view it is, and a step's who and date, as the row says them."""
        return _short_meta(self.entry)

    def update_from(self, entry: GlanceEntry) -> None:
        self.entry = entry
        self.binding.refresh(entry.text)
        self._show_preview()
        self.disagreement.setText(entry.disagreement)
        self.disagreement.setAccessibleName(
            entry.disagreement or translate("workspace.glance", "Nobody disagrees"))
        self.disagreement.setVisible(bool(entry.disagreement))

    def _show_preview(self) -> None:
        words = self.text.toPlainText()
        self.preview.show_entry(short_text(words, self.column.density.chars), self.meta)
        said = words or translate("workspace.glance", "nothing written yet")
        self.preview.setAccessibleName(f"{said}. {self.meta}".strip(" ."))
        self.preview.setAccessibleDescription(
            translate("workspace.glance", "Press Enter to change the words here"))
        self.preview.setToolTip(
            translate("workspace.glance", "Click to change the words here")
            if words == short_text(words, self.column.density.chars)
            else translate("workspace.glance", "Click to read and change all the words"))

    def editing(self) -> bool:
        return self.text.isVisible()

    def begin_edit(self) -> None:
        """The full words in place of the short ones, the cursor at their end."""
        if self.editing():
            return
        self.preview.hide()
        self.text.show()
        self.column.page.refit_soon()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        c = self.text.textCursor()
        c.movePosition(c.MoveOperation.End)
        self.text.setTextCursor(c)

    def end_edit(self) -> None:
        if not self.editing():
            return
        self.text.hide()
        self._show_preview()
        self.preview.show()
        self.column.page.refit_soon()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.text:
            if event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent) \
                    and event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                               Qt.FocusReason.ActiveWindowFocusReason):
                QTimer.singleShot(0, self, self.end_edit)
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                    and event.key() == Qt.Key.Key_Escape:
                self.end_edit()  # the keyboard stays on the words, which stay shown short
                self.preview.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(obj, event)


class KitchenRow(QFrame):
    """One entry in the kitchen-table view: its short text in large type, whose view it is
    and any disagreement. Read-only."""

    def __init__(self, group: GlanceGroup, entry: GlanceEntry, density: Density) -> None:
        super().__init__()
        self.setObjectName("glanceEntry")
        self.entry_id = entry.id
        self.setAccessibleName(
            translate("workspace.glance", "{part} entry").format(part=group.label))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 3)
        lay.setSpacing(1)
        big = density.factor
        self.text = _wrapping(short_text(entry.text, density.chars)
                              or translate("workspace.glance", "(nothing written yet)"),
                              "glanceShort", factor=big)
        lay.addWidget(self.text)
        meta = _meta(entry)
        self.meta = _wrapping(meta, "glanceMeta", factor=big * 0.8, muted=True)
        self.meta.setVisible(bool(meta))
        lay.addWidget(self.meta)
        self.disagreement = _disagreement_label(entry, big * 0.85)
        lay.addWidget(self.disagreement)


class GroupView(QWidget):
    """One part of a column (Harm, Danger statements...): its label, in the working view an
    add box (at the top, so adding never moves it), then its entries."""

    def __init__(self, page: GlancePage, column: ColumnView, area: str, label: str) -> None:
        super().__init__()
        self.page, self.column, self.area, self.label = page, column, area, label
        self.setObjectName(f"glance_{area}")
        self.setAccessibleName(label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        # the part's name and its add box share a line, so the whole map fits one screen
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(8)
        self.heading = _wrapping(label, "glanceGroup", bold=True)
        head.addWidget(self.heading, 0)
        self.add = QLineEdit()
        self.add.setObjectName(f"glanceAdd_{area}")
        self.add.setAccessibleName(
            translate("workspace.glance", "Add to {part}").format(part=label))
        self.add.setAccessibleDescription(
            translate("workspace.glance", "Type it, then press Enter. It is saved at once."))
        self.add.setPlaceholderText(translate("workspace.glance", "+ Add, then Enter"))
        self.add.setToolTip(translate(
            "workspace.glance",
            "Type, then Enter: adds to {part} in the view chosen above").format(part=label))
        self.add.setMinimumWidth(110)
        self.add.setProperty("glanceAdd", True)
        self.add.returnPressed.connect(self._add)
        self.add.installEventFilter(page)
        head.addWidget(self.add, 1)
        lay.addLayout(head)
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        self.rows_box.setSpacing(0)
        lay.addLayout(self.rows_box)
        self.empty = _wrapping(translate("workspace.glance", "Nothing here yet."), "glanceEmpty",
                               muted=True)
        lay.addWidget(self.empty)
        self.rows: dict[int, QFrame] = {}
        self.kitchen = False

    def set_kitchen(self, on: bool, big: float) -> None:
        """The kitchen-table view at type `big` (rows made again), or the working view."""
        if on != self.kitchen or on:
            self.kitchen = on
            self._clear()
        self.add.setVisible(not on)
        f = QFont(self.font())
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * (big * 1.1 if on else 1.0))
        self.heading.setFont(f)

    def _clear(self) -> None:
        for row in self.rows.values():
            self.rows_box.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = {}

    def show_group(self, group: GlanceGroup) -> None:
        self.label = group.label
        self.heading.setText(group.label)
        wanted = [e.id for e in group.entries]
        for eid in [i for i in self.rows if i not in wanted]:
            gone = self.rows.pop(eid)
            self.rows_box.removeWidget(gone)
            gone.hide()
            gone.setParent(None)
            gone.deleteLater()
        for e in group.entries:
            row = self.rows.get(e.id)
            if row is None:
                row = KitchenRow(group, e, self.page.density) if self.kitchen \
                    else WorkingRow(self.page, self.column, group, e)
                self.rows[e.id] = row
            elif isinstance(row, WorkingRow):
                row.update_from(e)
            elif isinstance(row, KitchenRow):  # read-only: made again with the new words
                self.rows_box.removeWidget(row)
                row.hide()
                row.setParent(None)
                row.deleteLater()
                row = self.rows[e.id] = KitchenRow(group, e, self.page.density)
        for i in range(self.rows_box.count() - 1, -1, -1):
            item = self.rows_box.takeAt(i)
            del item
        for eid in wanted:
            self.rows_box.addWidget(self.rows[eid])
            self.rows[eid].show()
        self.empty.setVisible(not wanted)

    def working_rows(self) -> list[WorkingRow]:
        return [r for r in (self.rows[i] for i in self.rows) if isinstance(r, WorkingRow)]

    def _add(self) -> None:
        text = self.add.text().strip()
        if not text:
            return
        if self.page.add_entry(self.area, self.label, text) is not None:
            self.add.clear()
        self.add.setFocus(Qt.FocusReason.OtherFocusReason)


class ColumnView(QFrame):
    def __init__(self, page: GlancePage, key: str, title: str,
                 groups: tuple[GlanceGroup, ...]) -> None:
        super().__init__()
        self.key = key
        self.page = page
        self.setObjectName("glanceColumn")
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 8)
        lay.setSpacing(6)
        self.title = _wrapping(title, "glanceColumnTitle", factor=1.15, bold=True)
        lay.addWidget(self.title)
        #: how much of each entry this column shows (the working view fits column by column)
        self.density = WORKING[0]
        self.groups = [GroupView(page, self, g.area, g.label) for g in groups]
        for g in self.groups:
            lay.addWidget(g)

    def use(self, d: Density) -> None:
        """Show each entry's words at `d` (the working view's rows; the kitchen-table view
        makes its rows again)."""
        if d != self.density:
            self.density = d
            for gv in self.groups:
                for row in gv.working_rows():
                    row.update_from(row.entry)

    def set_kitchen(self, on: bool, big: float) -> None:
        f = QFont(self.font())
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * (big * 1.25 if on else 1.15))
        self.title.setFont(f)
        for g in self.groups:
            g.set_kitchen(on, big)


class ScaleNumber(QPushButton):
    """One number of the scale. In the working view a click (or Enter or Space) puts the
    number for whoever "New entries in the view of" names; Left and Right move along."""

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        strip = self.parentWidget()
        if isinstance(strip, ScaleStrip):
            i = strip.numbers.index(self)
            if e.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                j = i + (1 if e.key() == Qt.Key.Key_Right else -1)
                if 0 <= j < len(strip.numbers):
                    strip.numbers[j].setFocus(Qt.FocusReason.TabFocusReason)
                return
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.click()
                return
        super().keyPressEvent(e)


class ScaleStrip(QWidget):
    """0 to 10, with the names of everyone whose latest number it is under each number. In
    the working view a number is put from here too, and their reasons written under it."""

    chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("glanceScale")
        self.kitchen = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        self.title = _wrapping("", "glanceScaleTitle", factor=1.15, bold=True)
        # whose number a click puts: said before the click, not found out after it
        self.for_whom = _wrapping("", "glanceForWhom", muted=True)
        # each on one line; the row puts the second under the first when both do not fit
        self.title.setWordWrap(False)
        self.for_whom.setWordWrap(False)
        self.title_row = flow_row(self.title, self.for_whom, spacing=16)
        lay.addWidget(self.title_row)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.numbers: list[ScaleNumber] = []
        self.names: list[QLabel] = []
        for n in range(11):
            num = ScaleNumber(str(n), self)
            num.setObjectName("glanceNumber")
            # one Tab stop for the scale (its 0); the arrows go along it
            num.setFocusPolicy(Qt.FocusPolicy.StrongFocus if n == 0
                               else Qt.FocusPolicy.ClickFocus)
            num.clicked.connect(lambda _c=False, n=n: self._clicked(n))
            names = Label("")
            names.setObjectName("glanceNames")
            names.setWordWrap(True)
            names.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(num, 0, n)
            self.grid.addWidget(names, 1, n)
            self.grid.setColumnStretch(n, 1)
            self.numbers.append(num)
            self.names.append(names)
        lay.addLayout(self.grid)
        self.wording = _wrapping("", "glanceWording", muted=True)
        lay.addWidget(self.wording)
        # their reasons, under the scale, once a number has been put here
        self.why_box = QWidget()
        self.why_box.setObjectName("glanceWhyBox")
        why = QHBoxLayout(self.why_box)
        why.setContentsMargins(0, 2, 0, 0)
        why.setSpacing(8)
        self.why_label = _wrapping("", "glanceWhyLabel")
        why.addWidget(self.why_label, 0)
        self.why_row = why
        self.why: GrowingTextEdit | None = None
        self.done = QPushButton(translate("workspace.glance", "Done"))
        self.done.setObjectName("glanceWhyDone")
        self.done.setAccessibleName(translate("workspace.glance", "Done with their reasons"))
        self.done.setToolTip(translate(
            "workspace.glance", "Their reasons are saved as you type (Escape does this too)"))
        why.addWidget(self.done, 0, Qt.AlignmentFlag.AlignTop)
        self.why_box.hide()
        lay.addWidget(self.why_box)

    def say_for_whom(self, who: str) -> None:
        text = translate("workspace.glance", "A click puts a number for {name}").format(name=who)
        self.for_whom.setText(text)
        self.for_whom.setAccessibleName(text)

    def _clicked(self, n: int) -> None:
        if not self.kitchen:
            self.chosen.emit(n)

    def new_why(self, label: str) -> GrowingTextEdit:
        """A fresh box for the reasons of the number just put (each number its own box, so a
        box is only ever bound to one number's reasons)."""
        if self.why is not None:
            self.why_row.removeWidget(self.why)
            self.why.hide()
            self.why.setParent(None)
            self.why.deleteLater()
        box = GrowingTextEdit(min_lines=1)
        box.setObjectName("glanceWhy")
        box.setAccessibleName(label)
        box.setPlaceholderText(
            translate("workspace.glance", "Their reasons, in their words (Enter when done)"))
        self.why_row.insertWidget(1, box, 1)
        self.why = box
        self.why_label.setText(label)
        self.why_label.setAccessibleName(label)
        self.why_label.setBuddy(box)
        self.why_box.show()
        return box

    def close_why(self) -> None:
        self.why_box.hide()

    def show_scale(self, g: MapAtAGlance, kitchen: bool, big: float) -> None:
        self.kitchen = kitchen
        self.for_whom.setVisible(not kitchen)
        if kitchen:
            self.close_why()
        self.title.setText(g.scale_title)
        self.title.setAccessibleName(g.scale_title)
        factor = big if kitchen else 1.0
        for n, (num, names) in enumerate(zip(self.numbers, self.names, strict=True)):
            who = g.at(n)
            num.setProperty("scored", "true" if who else "false")
            num.style().unpolish(num)
            num.style().polish(num)
            names.setText("\n".join(who))
            # their reasons, a hover away (the scale's own page lists them all)
            names.setToolTip(plain_tooltip(g.reasons_at(n)) if who else "")
            said = ", ".join(who) if who else translate("workspace.glance", "nobody")
            num.setAccessibleName(f"{n}: {said}")
            if n == 0:
                num.setFocusPolicy(Qt.FocusPolicy.NoFocus if kitchen
                                   else Qt.FocusPolicy.StrongFocus)
            num.setCursor(Qt.CursorShape.ArrowCursor if kitchen
                          else Qt.CursorShape.PointingHandCursor)
            num.setToolTip("" if kitchen else translate(
                "workspace.glance",
                "Put {number} for the person named in \u201cNew entries in the view of\u201d")
                .format(number=n))
            names.setAccessibleName(
                translate("workspace.glance", "At {number}: {names}").format(number=n, names=said))
            for w, k in ((num, factor * 1.2), (names, factor)):
                f = QFont(self.font())
                f.setPointSizeF(f.pointSizeF() * k)
                w.setFont(f)
        self.wording.setText(g.scale_wording)
        self.wording.setAccessibleName(g.scale_wording)
        # the worker knows what the ends mean; the family is shown them (room for the map)
        self.wording.setVisible(kitchen)
        self.setToolTip("" if kitchen else g.scale_wording)
        f = QFont(self.font())
        f.setPointSizeF(f.pointSizeF() * (big * 0.85 if kitchen else 1.0))
        self.wording.setFont(f)
        tf = QFont(self.font())
        tf.setBold(True)
        tf.setPointSizeF(tf.pointSizeF() * (big * 1.25 if kitchen else 1.15))
        self.title.setFont(tf)


class GlancePage(WorkspacePage):
    """The map at a glance (the family's first page). `open_entry(page key, entry id)` asks the
    workspace to show an entry on its own page."""

    page_key = "glance"
    open_entry = Signal(str, int)

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.doc: dict[str, Any] = {}
        self.glance: MapAtAGlance | None = None
        self.kitchen = False
        self.density = WORKING[0]
        self._fitting = False
        self._refit_queued = False
        self.people = People(None, ctx.initials_only)
        self._view: tuple[int | None, str] = (None, WORKER)
        self.setAccessibleName(translate("workspace.glance", TITLE))
        self.setStyleSheet(STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setAccessibleName(translate("workspace.glance", TITLE))
        outer.addWidget(self.scroll_area)
        self.inner = inner = QWidget()
        inner.setObjectName("pageBody")
        inner.setAccessibleName(translate("workspace.glance", TITLE))
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(20, 8, 20, 8)
        self.body.setSpacing(8)
        self.scroll_area.setWidget(inner)

        self.heading = heading(translate("workspace.glance", TITLE), 1)
        self.heading.setWordWrap(False)
        mode_box = QWidget()
        mode_box.setAccessibleName(translate("workspace.glance", "Which view"))
        modes = QHBoxLayout(mode_box)
        modes.setContentsMargins(0, 0, 0, 0)
        modes.setSpacing(12)
        self.working_button = QRadioButton(translate("workspace.glance", "Working view"))
        self.working_button.setObjectName("glanceWorking")
        self.working_button.setAccessibleName(
            translate("workspace.glance", "Working view: add and change entries here"))
        self.kitchen_button = QRadioButton(translate("workspace.glance", "Kitchen-table view"))
        self.kitchen_button.setObjectName("glanceKitchen")
        self.kitchen_button.setAccessibleName(translate(
            "workspace.glance",
            "Kitchen-table view: large type for the family, nothing confidential"))
        self.kitchen_button.setToolTip(translate(
            "workspace.glance", "Large type, for turning the laptop to the family. "
            "Nothing marked confidential is shown."))
        self.modes = QButtonGroup(self)
        self.modes.setExclusive(True)
        for b in (self.working_button, self.kitchen_button):
            self.modes.addButton(b)
            modes.addWidget(b)
        self.working_button.setChecked(True)
        self.kitchen_button.toggled.connect(self.set_kitchen)

        self.safe_note = hint(translate(
            "workspace.glance", "This is the family's view: nothing marked confidential is "
            "shown, and words that could say where someone is are left out."))
        self.safe_note.setObjectName("glanceSafeNote")
        self.safe_note.hide()
        self.body.addWidget(self.safe_note)

        self.view_row = QWidget()
        self.view_row.setAccessibleName(
            translate("workspace.glance", "Whose view new entries are in"))
        vr = QHBoxLayout(self.view_row)
        vr.setContentsMargins(0, 0, 0, 0)
        view_label = Label(translate("workspace.glance", "New entries in the view of:"))
        self.view_picker = WhoseViewPicker(
            name=translate("workspace.glance", "Whose view the entries added here are in"))
        self.view_picker.setObjectName("glanceView")
        view_label.setBuddy(self.view_picker)
        vr.addWidget(view_label)
        vr.addWidget(self.view_picker)
        self.view_picker.picked.connect(self._view_picked)
        # side by side while they fit, wrapping when narrow (150%, or supervision beside)
        # the view switch before whose view: hidden in the kitchen-table view, whose view
        # then moves nothing under the pointer
        self.top = flow_row(self.heading, mode_box, self.view_row, spacing=24)
        self.body.insertWidget(0, self.top)  # above the kitchen-table view's note

        self.scale = ScaleStrip()
        self.scale.chosen.connect(self.put_number)
        self.scale.done.clicked.connect(self._why_done)
        self.body.addWidget(self.scale)
        #: the number put from here whose reasons are being written: (score id, whose view)
        self._number: tuple[int, tuple[int | None, str]] | None = None
        self._why_binding: TextBinding | None = None

        self.columns_box = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns_box.setSpacing(14)
        self.body.addLayout(self.columns_box)
        self.body.addStretch(1)
        self.columns: list[ColumnView] = []

    # -- the page contract ------------------------------------------------------------------
    def title(self) -> str:
        return translate("workspace.glance", TITLE)

    def inner_scroll(self) -> QScrollArea | None:
        return self.scroll_area

    def show_document(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.people = People(doc, self.ctx.initials_only)
        self.view_picker.set_people(self.people, self._labels(doc))
        pid, label = self._view
        if pid is not None and pid not in self.people.by_id:
            pid, label = self._view = (None, WORKER)
        self.view_picker.set_current(pid, label)
        g = map_at_a_glance(doc, self.ctx.template, family_safe=self.kitchen)
        self.glance = g
        self.scale.say_for_whom(self._whose_number())
        if self._number is not None and self._number[0] not in \
                {int(sc["id"]) for sc in doc.get("scores") or []}:
            self._number = None  # taken away (an undo): nothing to write reasons for
            self.scale.close_why()
        if not self.columns:
            for col in g.columns:
                cv = ColumnView(self, col.key, col.title, col.groups)
                self.columns.append(cv)
                self.columns_box.addWidget(cv, 1, Qt.AlignmentFlag.AlignTop)
            for cv in self.columns:
                cv.set_kitchen(self.kitchen, self.density.factor)
        self._show_glance()
        self.fit()

    def _show_glance(self) -> None:
        g = self.glance
        if g is None:
            return
        for cv, col in zip(self.columns, g.columns, strict=True):
            cv.title.setText(col.title)
            for gv, group in zip(cv.groups, col.groups, strict=True):
                gv.show_group(group)
        self.scale.show_scale(g, self.kitchen, self.density.factor)
        self._tab_order()

    # -- one screen -------------------------------------------------------------------------
    def _use(self, d: Density) -> None:
        """The kitchen-table view's one level for the whole map (its type is the same size in
        every column)."""
        if d == self.density:
            return
        self.density = d
        for cv in self.columns:
            cv.density = d
            cv.set_kitchen(True, d.factor)
        self._show_glance()

    def _needed_height(self) -> int:
        """The body's height at the page's width, as laid out with the words now set. Qt
        passes a new size up the layouts later, by events; every cached size is dropped here
        so the answer is today's."""
        inner = self.inner
        settle_layouts()
        # each layout item keeps its widget's last height-for-width until the widget says it
        # changed; a row whose box grew has not said so yet
        for child in inner.findChildren(QWidget):
            child.updateGeometry()
        for lay in inner.findChildren(QLayout):
            lay.invalidate()
        self.body.invalidate()
        w = self.scroll_area.width()  # as it would be with no scroll bar
        return inner.heightForWidth(w) if inner.hasHeightForWidth() \
            else inner.sizeHint().height()

    def refit_soon(self) -> None:
        """Fit again once the event loop has laid out what just changed (a box opened, grew,
        or closed), keeping the densities: nothing moves unless the map no longer fits."""
        if not self._refit_queued:
            self._refit_queued = True
            QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        self._refit_queued = False
        self.fit()

    def fit(self, roomiest: bool = False) -> None:
        """The roomiest density at which the whole map is on one screen (the densest when none
        is): the working view shortens each entry's words; the kitchen-table view also makes
        its large type a little smaller. Nothing is cut: every word is a click away.

        After an edit the map only gets denser, and only when it would no longer fit, so what
        is under the pointer stays put while entries come in; a new size of window, or the
        other view, starts again from the roomiest."""
        if self._fitting or not self.columns:
            return
        self._fitting = True
        try:
            room = self.scroll_area.height()
            inner = self.inner
            inner.setMinimumHeight(0)
            if self.kitchen:
                start = 0 if roomiest or self.density not in KITCHEN \
                    else KITCHEN.index(self.density)
                for d in KITCHEN[start:]:
                    self._use(d)
                    need = self._needed_height()
                    if need <= room:
                        break
            else:
                # column by column: the tallest is shortened first, so a column with room
                # keeps its words whole
                if roomiest:
                    for cv in self.columns:
                        cv.use(WORKING[0])
                side_by_side = self.columns_box.direction() == QBoxLayout.Direction.LeftToRight
                while (need := self._needed_height()) > room:
                    # side by side the tallest column is the map's height; stacked, any helps
                    can = self.columns if side_by_side else \
                        [cv for cv in self.columns if cv.density != WORKING[-1]]
                    if not can:
                        break
                    tallest = max(can, key=lambda cv: cv.heightForWidth(cv.width()))
                    if tallest.density == WORKING[-1]:
                        break
                    tallest.use(WORKING[WORKING.index(tallest.density) + 1])
            # a scroll area gives a wrapping body only its minimum height, which cuts the
            # words short; asked for all of it, it scrolls instead when the map is too big
            inner.setMinimumHeight(need)
        finally:
            self._fitting = False

    @staticmethod
    def _labels(doc: dict[str, Any]) -> list[str]:
        names = {p["name"].casefold() for p in doc.get("people", [])}
        out: list[str] = []
        for e in doc.get("map", []):
            lab = e["view"]["label"]
            if not e["view"]["person_uid"] and lab and lab.casefold() not in names \
                    and lab not in out and lab.casefold() != WORKER.casefold():
                out.append(lab)
        return out

    # -- the two sizes ----------------------------------------------------------------------
    def set_kitchen(self, on: bool) -> None:
        """The kitchen-table view (large type, the family's safe copy, read-only) or the
        working view."""
        on = bool(on)
        if self.kitchen_button.isChecked() != on:
            (self.kitchen_button if on else self.working_button).setChecked(True)
            return
        if on == self.kitchen:
            return
        self.ctx.autosaver.flush()
        self.kitchen = on
        self.density = (KITCHEN if on else WORKING)[0]
        self._number = None  # a number put before the switch is not changed after it
        self.safe_note.setVisible(on)
        self.view_row.setVisible(not on)
        for cv in self.columns:
            cv.density = self.density
            cv.set_kitchen(on, self.density.factor)
        self.show_document(self.ctx.reload())  # as stored: this page's own edits included

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        want = (QBoxLayout.Direction.TopToBottom if e.size().width() < NARROW
                else QBoxLayout.Direction.LeftToRight)
        if self.columns_box.direction() != want:
            self.columns_box.setDirection(want)
        if e.size().height() != e.oldSize().height() or \
                e.size().width() != e.oldSize().width():
            QTimer.singleShot(0, self, lambda: self.fit(roomiest=True))

    # -- writing ----------------------------------------------------------------------------
    def notify(self) -> None:
        """An autosaved text edit: the words are already on screen."""
        self.changed.emit()

    def refresh(self) -> None:
        self.ctx.autosaver.flush()
        self.show_document(self.ctx.reload())
        self.changed.emit()

    def _view_picked(self, choice: dict[str, Any]) -> None:
        """Whose view the next entries are in. "Add ‘X’ as a new person…" adds them now
        (people.add, one undo step)."""
        if "new_name" in choice:
            name = str(choice["new_name"]).strip()
            store, fid = self.ctx.store, self.ctx.family_id
            pid = run_command(self.ctx,
                              translate("workspace.glance", "Add {name}").format(name=name),
                              lambda: people_cmds.add(store, fid, name, guess_role(name)),
                              self.refresh)
            if pid is not None:
                self._view = (pid, "")
                self.view_picker.set_current(pid, "")
            return
        if "person_id" in choice:
            self._view = (int(choice["person_id"]), "")
        else:
            self._view = (None, str(choice.get("label") or WORKER))
        self._number = None
        self.scale.close_why()
        self.scale.say_for_whom(self._whose_number())

    def put_number(self, value: int) -> None:
        """A number on the scale for whoever "New entries in the view of" names (scores.record:
        a new record, so it never overwrites anyone's). Another number straight after, for the
        same person, changes the one just put, as on the scale's own page. Their reasons are
        written in the box that opens under the scale, autosaved."""
        store, fid = self.ctx.store, self.ctx.family_id
        pid, label = self._view
        current = self._number
        if current is not None and current[1] == (pid, label):
            sid = current[0]
            run_command(self.ctx, translate("workspace.glance", "Change the number"),
                        lambda: scores.set_value(store, sid, value), self.refresh)
            self._ask_why(sid, value)
            return
        new_id = run_command(
            self.ctx, translate("workspace.glance", "Record a number on the scale"),
            lambda: scores.record(store, fid, value, person_id=pid,
                                  scorer_label="" if pid is not None else label,
                                  scale_wording=self.ctx.template.wording()),
            self.refresh)
        if new_id is None:  # refused; the person has been told why
            return
        self._number = (new_id, (pid, label))
        box = self.scale.new_why(self._why_question(value))
        # kept: the binding's slot lives as long as it does
        self._why_binding = TextBinding(self.ctx, box, ("score", new_id, "reasons"), "",
                                        self._reasons_saver(new_id), self.notify,
                                        translate("workspace.glance", "Edit their reasons"))
        box.installEventFilter(self)
        box.document().documentLayout().documentSizeChanged.connect(lambda *_: self.refit_soon())
        box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refit_soon()

    def _whose_number(self) -> str:
        pid, label = self._view
        return self.people.name(self.people.by_id.get(pid), short=True, fallback=label) \
            if pid is not None else worker_label(label or WORKER)

    def _why_question(self, value: int) -> str:
        return translate("workspace.glance", "Why {number} for {name}?").format(
            number=value, name=self._whose_number())

    def _ask_why(self, sid: int, value: int) -> None:
        self.scale.why_label.setText(self._why_question(value))
        if self.scale.why is not None:
            self.scale.why.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reasons_saver(self, sid: int) -> Callable[[str], None]:
        store = self.ctx.store

        def save(v: str) -> None:
            try:
                scores.set_reasons(store, sid, v.strip())
            except NotFound:
                return  # taken away meanwhile (an undo): the next showing closes the box
        return save

    def _why_done(self) -> None:
        self.ctx.autosaver.flush()
        self._number = None
        self.scale.close_why()
        self.show_document(self.ctx.reload())  # their reasons, now under the number's names
        self.scale.numbers[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self.fit(roomiest=True)

    def add_entry(self, area: str, label: str, text: str) -> int | None:
        """Add an entry to one part of the map, in the view chosen above (entries.add)."""
        pid, view_label = self._view
        store, fid = self.ctx.store, self.ctx.family_id
        return run_command(
            self.ctx, translate("workspace.glance", "Add to {part}").format(part=label),
            lambda: entries.add(store, fid, MapArea(area), text, view_person_id=pid,
                                view_label="" if pid is not None else view_label),
            self.refresh)

    # -- the keyboard -----------------------------------------------------------------------
    def _groups(self) -> list[list[GroupView]]:
        return [cv.groups for cv in self.columns]

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.working_button, self.kitchen_button, self.view_picker,
                                self.scale.numbers[0]]  # in the order they are laid out
        if self.scale.why is not None:
            chain += [self.scale.why, self.scale.done]
        for col in self._groups():
            for g in col:
                chain.append(g.add)
                for row in g.working_rows():
                    chain += [row.preview, row.text, row.open]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Arrows in an add box: Up and Down to the add box above or below (down the column
        and on into the next one), Left and Right, when the box is empty, to the next
        column's."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and obj is self.scale.why and (
                    event.key() == Qt.Key.Key_Escape
                    or (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                        and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)):
            # Enter finishes, as in every add box here; Shift+Enter starts a new line
            self._why_done()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and isinstance(obj, QLineEdit):
            flat = [g for col in self._groups() for g in col]
            here = next((g for g in flat if g.add is obj), None)
            if here is not None:
                key = event.key()
                target: GroupView | None = None
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                    i = flat.index(here) + (1 if key == Qt.Key.Key_Down else -1)
                    target = flat[i] if 0 <= i < len(flat) else None
                elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not obj.text():
                    cols = self._groups()
                    c = next(n for n, col in enumerate(cols) if here in col)
                    c += 1 if key == Qt.Key.Key_Right else -1
                    target = cols[c][0] if 0 <= c < len(cols) else None
                if target is not None:
                    target.add.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
        return super().eventFilter(obj, event)


def show_entry(ws: Any, page_key: str, entry_id: int) -> None:
    """Show one entry on its own page: that page, its card in view, the cursor in its words.
    `ws` is the WorkspaceView (given by the workspace itself)."""
    if not ws.set_page(page_key):
        return
    page = ws.pages.get(page_key)
    card = next((c for c in page.findChildren(EntryCard) if c.entry_id == entry_id), None) \
        if page is not None else None
    if card is None:
        return
    card.text.setFocus(Qt.FocusReason.OtherFocusReason)
    scroll = page.inner_scroll()
    if scroll is not None:
        # once the page is laid out at its size
        QTimer.singleShot(0, scroll, lambda: scroll.ensureWidgetVisible(card, 0, 40))


def connect_glance(ws: Any, page: WorkspacePage) -> None:
    """Called by the workspace for its glance page: Open shows the entry on its page."""
    if isinstance(page, GlancePage):
        page.open_entry.connect(lambda key, eid: show_entry(ws, key, eid))
