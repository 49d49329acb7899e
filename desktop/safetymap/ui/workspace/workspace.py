"""The family workspace: one family at a time, a left navigation of its pages, and guided mode.

The shell composes the WorkspacePage classes listed in registry.py. It loads the family document
once, hands it to the page on show, and reloads it when a page says it changed (other pages are
refreshed when they are next shown). It never writes anything itself: pages write through
services, the autosaver makes every edit durable within a second, and the undo stack is shared.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...practice.templates import Template
from ...services.supervision import initials_view
from ...store.engine import Store
from ..autosave import Autosaver
from ..tasks import error_sentence
from ..tr import translate
from ..widgets.entry_list import EntryCard
from ..widgets.plain import Label
from ..widgets.tidy import TidyComboBox
from . import registry
from .guide import GuidePanel
from .page import WorkspaceContext, WorkspacePage, clipped_texts, reading_order

log = logging.getLogger(__name__)

#: while group supervision is on, the current page is checked again this often, so a control
#: that a page re-enables (or a card it rebuilds) cannot be used to write initials over names
GROUP_RELOCK_MS = 250
#: the page list's width (wider by a scroll bar when it needs one)
NAV_WIDTH = 230
#: the narrowest the map is given beside supervision before supervision covers it instead
MAP_LEAST = 400


class _Context(WorkspaceContext):
    """The workspace's context: in group supervision `reload()` gives the initials view of the
    family document (services.supervision.initials_view), so every page that shows the document
    shows initials, free text included. The real document is kept in real_doc for
    the supervision view's name replacements; it is never shown while initials_only is on."""

    def reload(self) -> dict[str, Any]:
        doc = super().reload()
        self.real_doc = doc
        return initials_view(doc) if self.initials_only else doc


class HeaderBar(QWidget):
    """The workspace header: "← Families", the family's name and template on the left, the
    buttons on the right, in one row while they fit. Narrower (150% scaling on a 1366 px
    screen leaves 911 px) the buttons go to a second row, so the header never makes the window
    wider than the screen and no button or name is cut off (issue 13, item 12)."""

    def __init__(self, left: list[QWidget], buttons: list[QWidget]) -> None:
        super().__init__()
        self.setObjectName("workspaceHeader")
        self.setAccessibleName(translate("workspace.workspace", "Family header"))
        self._left = left
        col = self._col = QVBoxLayout(self)
        col.setContentsMargins(16, 10, 16, 10)
        col.setSpacing(8)
        self.top = QHBoxLayout()
        self.top.setSpacing(12)
        for w in left:
            self.top.addWidget(w)
        self.top.addStretch(1)
        self.buttons = QWidget()
        self.buttons.setObjectName("headerButtons")
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for b in buttons:
            row.addWidget(b)
        self.top.addWidget(self.buttons)
        self.second = QHBoxLayout()
        self.second.addStretch(1)
        col.addLayout(self.top)
        col.addLayout(self.second)
        self.two_rows = False

    def _needs(self) -> tuple[int, int]:
        """(the left part's width, the buttons' width), as their texts need them."""
        shown = [w for w in self._left if not w.isHidden()]
        left = sum(w.sizeHint().width() for w in shown) + self.top.spacing() * (len(shown) - 1)
        return left, self.buttons.sizeHint().width()

    def one_row_width(self) -> int:
        left, buttons = self._needs()
        m = self._col.contentsMargins()
        return left + self.top.spacing() + buttons + m.left() + m.right()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        left, buttons = self._needs()
        m = self._col.contentsMargins()
        return QSize(max(left, buttons) + m.left() + m.right(),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def arrange(self, width: int | None = None) -> None:
        """One row when everything fits in `width`, else the buttons on a second row."""
        two = (self.width() if width is None else width) < self.one_row_width()
        if two == self.two_rows:
            return
        self.two_rows = two
        (self.top if two else self.second).removeWidget(self.buttons)
        (self.second if two else self.top).addWidget(self.buttons)


class WorkspaceView(QWidget):
    back_to_families = Signal()
    export_requested = Signal()
    page_changed = Signal(str)
    message = Signal(str)
    supervision_changed = Signal(bool)
    group_changed = Signal(bool)
    history_requested = Signal(str)  # which part: entries, plan, scores

    def __init__(self, store: Store, family_id: int, template: Template, autosaver: Autosaver,
                 undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.setAccessibleName(translate("workspace.workspace", "Family workspace"))
        self.ctx = _Context(store=store, family_id=family_id, template=template,
                            autosaver=autosaver, undo_stack=undo_stack)
        self.doc: dict[str, Any] = self.ctx.reload()
        self.ctx.doc = self.doc
        self.ctx.refresh_all = self.reload
        self.ctx.tell = self.message.emit
        self.guided = False
        self._stale: set[str] = set()
        self._last_in: dict[int, QWidget] = {}  # F6: where the keyboard was in each region
        #: group supervision: (widget, which text, what it said, its initials) to put back
        self._scrubbed: list[tuple[QWidget, str, str, str]] = []
        self.pages: dict[str, WorkspacePage] = {}
        self._order: list[str] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.back_button = QPushButton(translate("workspace.workspace", "← Families"))
        self.back_button.setAccessibleName(
            translate("workspace.workspace", "Back to the list of families"))
        self.back_button.clicked.connect(self.back_to_families)
        self.family_title = Label(self.doc["family"]["display_name"])
        self.family_title.setObjectName("pageTitle")
        self.family_title.setAccessibleName(translate("workspace.workspace", "Family"))
        self.template_label = Label(template.name)
        self.template_label.setObjectName("muted")
        self.guided_button = QPushButton(translate("workspace.workspace", "Guided conversation"))
        self.guided_button.setCheckable(True)
        self.guided_button.setAccessibleName(
            translate("workspace.workspace", "Guided conversation, step by step"))
        self.guided_button.setToolTip(
            translate("workspace.workspace", "Ctrl+G: walk through the conversation step by step"))
        self.guided_button.toggled.connect(self.set_guided)
        self.export_button = QPushButton(
            translate("workspace.workspace", "Print or save a document…"))
        self.export_button.setAccessibleName(
            translate("workspace.workspace", "Print or save a document for this family"))
        self.export_button.setToolTip(
            QKeySequence("Ctrl+E").toString(QKeySequence.SequenceFormat.NativeText))
        self.export_button.clicked.connect(self.export_requested)
        self.history_button = QPushButton(translate("workspace.workspace", "History…"))
        self.history_button.setObjectName("historyButton")
        self.history_button.setAccessibleName(translate(
            "workspace.workspace",
            "History: every version of entries and of the plan, and the numbers over time"))
        self.history_button.setToolTip(
            QKeySequence("Ctrl+Shift+H").toString(QKeySequence.SequenceFormat.NativeText))
        self.history_button.clicked.connect(lambda: self.history_requested.emit("entries"))
        self.supervision_button = QPushButton(translate("workspace.workspace", "Supervision"))
        self.supervision_button.setObjectName("supervisionButton")
        self.supervision_button.setCheckable(True)
        self.supervision_button.setAccessibleName(translate(
            "workspace.workspace", "Supervision: what has changed since the last "
            "sign-off, and the supervisor's record"))
        self.supervision_button.setToolTip(
            QKeySequence("Ctrl+Shift+S").toString(QKeySequence.SequenceFormat.NativeText))
        self.supervision_button.toggled.connect(self.set_supervision)
        self.header = HeaderBar([self.back_button, self.family_title, self.template_label],
                                [self.history_button, self.supervision_button,
                                 self.guided_button, self.export_button])
        outer.addWidget(self.header)
        self.group_banner = Label(translate(
            "workspace.workspace", "Group supervision: names are shown as initials, and the "
            "map cannot be changed until it is turned off."))
        self.group_banner.setObjectName("groupBanner")
        self.group_banner.setWordWrap(True)
        self.group_banner.setAccessibleName(
            translate("workspace.workspace", "Group supervision is on"))
        self.group_banner.setContentsMargins(16, 6, 16, 6)
        self.group_banner.hide()
        outer.addWidget(self.group_banner)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("workspaceNav")
        self.nav.setAccessibleName(translate("workspace.workspace", "Parts of the map"))
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setWordWrap(True)
        # a title wraps onto a second line instead (150% scaling): never a sideways scroll bar
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setResizeMode(QListWidget.ResizeMode.Adjust)
        # a scroll bar (a short window, 150% scaling) widens the list rather than cutting
        # the titles short ("What are we worried …")
        self.nav.verticalScrollBar().rangeChanged.connect(self._fit_nav)
        body.addWidget(self.nav)
        self.stack = QStackedWidget()
        self.stack.setObjectName("workspacePages")
        # On a narrow window (150% on a laptop) supervision beside the map takes the page
        # list's room: the list gives way to this drop-down of the same pages, above the map.
        self.map_side = QWidget()
        self.map_side.setObjectName("mapSide")
        side = QVBoxLayout(self.map_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        self.page_picker = TidyComboBox()
        self.page_picker.setObjectName("pagePicker")
        self.page_picker.setAccessibleName(
            translate("workspace.workspace", "Part of the map to show"))
        # sized by the room it is given, never by its longest title (that widened the window)
        self.page_picker.setSizeAdjustPolicy(
            TidyComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.page_picker.setMinimumContentsLength(12)
        self.page_picker.hide()
        picker_row = QHBoxLayout()
        picker_row.setContentsMargins(12, 6, 12, 4)
        picker_row.addWidget(self.page_picker, 1)
        side.addLayout(picker_row)
        side.addWidget(self.stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("supervisionSplitter")
        self.splitter.setChildrenCollapsible(True)
        self.splitter.addWidget(self.map_side)
        from ..supervision.panel import SupervisionPanel

        self.supervision = SupervisionPanel(self.ctx)
        self.supervision.hide()
        self.supervision.close_requested.connect(lambda: self.set_supervision(False))
        self.supervision.group_requested.connect(self.set_group)
        self.supervision.message.connect(self.message)
        self.splitter.addWidget(self.supervision)
        self.splitter.setCollapsible(1, False)
        body.addWidget(self.splitter, 1)
        self._relock = QTimer(self)
        self._relock.setInterval(GROUP_RELOCK_MS)
        self._relock.timeout.connect(self._lock_current)
        self.guide = GuidePanel()
        self.guide.hide()
        body.addWidget(self.guide)
        outer.addLayout(body, 1)

        for key, cls in registry.page_classes(skip_missing=True):
            try:
                page = cls(self.ctx)
            except Exception as exc:  # noqa: BLE001 - one broken page must not stop the rest
                log.error("page %s could not be built: %s", key, type(exc).__name__)
                continue
            page.changed.connect(lambda k=key: self._page_changed(k))
            page.history_requested.connect(self.history_requested)
            self.pages[key] = page
            self._order.append(key)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            scroll.setAccessibleName(self._title(key, page))
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page's controls are the stops
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
            item = QListWidgetItem(self._title(key, page))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.page_picker.addItem(self._title(key, page), key)
            self._stale.add(key)

        # Ctrl+1 … Ctrl+9 jump straight to a page (the window's Go menu lists these actions);
        # the page list itself works with the arrows.
        self.page_actions: list[QAction] = []
        for i, key in enumerate(self._order):
            act = QAction(self._title(key, self.pages[key]), self)
            act.setObjectName(f"goTo_{key}")
            if i < 9:
                act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
                self.nav.item(i).setToolTip(f"Ctrl+{i + 1}")
            act.triggered.connect(lambda _c=False, row=i: self.go_to_row(row))
            self.addAction(act)
            self.page_actions.append(act)
        if "glance" in self.pages:  # its Open shows an entry on that entry's own page
            from .glance import connect_glance
            connect_glance(self, self.pages["glance"])
        self.nav.currentRowChanged.connect(self._row_changed)
        self.nav.currentRowChanged.connect(self._picker_follows)
        self.page_picker.activated.connect(self._picked_page)
        self.guide.back.connect(lambda: self.step(-1))
        self.guide.next.connect(self._next_or_finish)
        self.guide.skip.connect(lambda: self.step(+1))
        self.guide.finish.connect(lambda: self.guided_button.setChecked(False))
        if self._order:
            self.nav.setCurrentRow(self._order.index(registry.first_page(self._order, self.doc)))

    # -- the keyboard route (issue 13, item 13) ---------------------------------------------
    def go_to_row(self, row: int) -> None:
        """Ctrl+1 … Ctrl+9 (Go menu): show that page; the keyboard goes to the page list, so
        arrows go on from there and Tab goes into the page."""
        if 0 <= row < len(self._order):
            self.nav.setCurrentRow(row)
            self.pages_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _picker_follows(self, row: int) -> None:
        if self.page_picker.currentIndex() != row:
            self.page_picker.blockSignals(True)
            self.page_picker.setCurrentIndex(row)
            self.page_picker.blockSignals(False)

    def _picked_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    @property
    def pages_list(self) -> QWidget:
        """What lists the pages now: the page list, or its drop-down on a narrow window."""
        return self.page_picker if self.nav.isHidden() else self.nav

    def regions(self) -> list[QWidget]:
        """The parts of the workspace, in the order Tab and F6 go round them: the header, the
        page list, the page, then the supervision view and the guide when they are open."""
        out: list[QWidget] = [self.header, self.pages_list]
        page = self.stack.currentWidget()
        if page is not None and self.splitter.sizes()[0] > 0:
            out.append(page)
        if self.supervising:
            out.append(self.supervision)
        if self.guided:
            out.append(self.guide)
        return [r for r in out if r.isVisible()]

    def region_stops(self, region: QWidget) -> list[QWidget]:
        if region is self.nav or region is self.page_picker:
            return [region] if region.isEnabled() else []
        page = self.current_page()
        if page is not None and region is self.stack.currentWidget():
            try:
                return page.tab_chain()
            except Exception as exc:  # noqa: BLE001 - fall back to reading order
                log.error("page tab chain failed: %s", type(exc).__name__)
        return reading_order(region)

    def tab_chain(self) -> list[QWidget]:
        """Every Tab stop of the workspace, region after region."""
        return [w for r in self.regions() for w in self.region_stops(r)]

    def _region_of(self, w: QWidget | None) -> QWidget | None:
        for r in self.regions():
            if w is not None and (w is r or r.isAncestorOf(w)):
                return r
        return None

    def move_focus(self, forward: bool) -> bool:
        """Tab and Shift+Tab: the next stop in reading order, round the regions. False when
        the focus is not on a stop of the workspace (Qt's own order then)."""
        chain = self.tab_chain()
        focus = QApplication.focusWidget()
        if not chain or focus is None:
            return False
        index = _index_in(chain, focus)
        if index is None:
            return False
        nxt = chain[(index + (1 if forward else -1)) % len(chain)]
        _focus_and_show(nxt, Qt.FocusReason.TabFocusReason if forward
                        else Qt.FocusReason.BacktabFocusReason)
        return True

    def next_region(self, forward: bool = True) -> None:
        """F6 and Shift+F6: the page list, the page, the supervision view and the guide when
        open, the header, and round again. Coming back to a region puts the keyboard where it
        was there."""
        regions = [r for r in self.regions() if self.region_stops(r)]
        if not regions:
            return
        focus = QApplication.focusWidget()
        here = self._region_of(focus)
        if here is not None and focus is not None:
            self._last_in[id(here)] = focus
        i = regions.index(here) if here in regions else (-1 if forward else 0)
        target = regions[(i + (1 if forward else -1)) % len(regions)]
        stops = self.region_stops(target)
        last = self._last_in.get(id(target))
        w = last if last is not None and any(last is s for s in stops) else stops[0]
        _focus_and_show(w, Qt.FocusReason.OtherFocusReason)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Keys the workspace answers itself (MainWindow's event filter asks): Tab and
        Shift+Tab in reading order, and Enter on a focused button presses it."""
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier \
            & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            if isinstance(focus, (QTextEdit, QPlainTextEdit)) and not focus.tabChangesFocus():
                return False  # a box that takes Tab as text
            forward = key == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return self.move_focus(forward)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focus, QPushButton) \
                and focus.isEnabled() and focus.isVisible():
            focus.animateClick()
            return True
        return False

    def _fit_nav(self, _low: int = 0, high: int = 0) -> None:
        bar = self.nav.style().pixelMetric(self.nav.style().PixelMetric.PM_ScrollBarExtent)
        self.nav.setFixedWidth(NAV_WIDTH + (bar if high > 0 else 0))

    # -- letting go (lock, another family) --------------------------------------------------
    def release(self) -> list[Any]:
        """Drop the cached family document (and the context's copies of it), and return the
        Python side of every widget of this workspace. The caller deletes the workspace; once
        Qt has, `scrub_released` empties what is left of those Python objects, since a page's
        Python half can outlive its widget (a connection or a cycle keeps it) and with it the
        case text it held."""
        self._relock.stop()
        wrappers: list[Any] = [self, *self.findChildren(QObject)]
        self.doc = {}
        self.ctx.doc = self.ctx.real_doc = None
        self._stale = set(self._order)
        self._last_in.clear()
        self._scrubbed = []
        return wrappers

    # -- pages ------------------------------------------------------------------------------
    def _title(self, key: str, page: WorkspacePage) -> str:
        try:
            return page.title()
        except Exception:  # noqa: BLE001
            return self.ctx.template.sections.get(key, key)

    @property
    def page_keys(self) -> list[str]:
        return list(self._order)

    def current_page_key(self) -> str | None:
        row = self.nav.currentRow()
        return self._order[row] if 0 <= row < len(self._order) else None

    def current_page(self) -> WorkspacePage | None:
        key = self.current_page_key()
        return self.pages.get(key) if key else None

    def set_page(self, key: str | None) -> bool:
        if key in self._order:
            self.nav.setCurrentRow(self._order.index(key))
            return True
        return False

    def _row_changed(self, row: int) -> None:
        if not 0 <= row < len(self._order):
            return
        self.ctx.autosaver.flush()
        key = self._order[row]
        self._show_fresh(key)
        self.stack.setCurrentIndex(row)
        if self.supervising and self.splitter.sizes()[0] > 0:
            self._widen_map()
            QTimer.singleShot(0, self, self._unclip_map)  # once the page is laid out
        if self.guided:
            self._update_guide()
        self.page_changed.emit(key)

    def _show_fresh(self, key: str) -> None:
        if key not in self._stale:
            return
        try:
            self.pages[key].show_document(self.doc)
        except Exception as exc:  # noqa: BLE001
            log.error("page %s could not show the family: %s", key, type(exc).__name__)
            self.message.emit(translate(
                "workspace.workspace",
                "Part of this page could not be shown. Nothing saved has been lost."))
        self._stale.discard(key)
        if self.ctx.initials_only:
            self._lock_page(self.pages[key])
            self.scrub_names(self.pages[key])

    def _page_changed(self, key: str) -> None:
        """A page wrote something: reload once, other pages refresh when next shown."""
        self.reload(except_key=key)

    def reload(self, except_key: str | None = None) -> None:
        try:
            self.doc = self.ctx.reload()
        except Exception as exc:  # noqa: BLE001
            self.message.emit(error_sentence(exc))
            return
        self.ctx.doc = self.doc
        self.family_title.setText(self.doc["family"]["display_name"])
        self.header.arrange()  # initials are shorter, a renamed family may be longer
        self.header.updateGeometry()
        self._stale = {k for k in self._order if k != except_key}
        if except_key is None:
            current = self.current_page_key()
            if current:
                self._show_fresh(current)
        if self.supervising:
            self.supervision.reload()

    # -- supervision and group supervision --------------------------------------------------
    @property
    def supervising(self) -> bool:
        return not self.supervision.isHidden()

    @property
    def group(self) -> bool:
        return bool(self.ctx.initials_only)

    def set_supervision(self, on: bool) -> None:
        """Show the supervision view beside the map (over it when the window is narrow)."""
        on = bool(on)
        if self.supervision_button.isChecked() != on:
            self.supervision_button.setChecked(on)  # comes back here through toggled
            return
        if on == self.supervising:
            return
        self.ctx.autosaver.flush()
        if on:
            self.supervision.show()
            self.supervision.open()
            self._share_splitter()
            self.supervision.changes.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            if self.group:
                self.set_group(False)
            self.supervision.hide()
            self.splitter.setSizes([max(1, self.splitter.width()), 0])
            self._narrow_list(False)
            self.nav.setFocus()
        self.supervision_changed.emit(on)

    def _map_needs(self) -> int:
        """The width the current map page needs so nothing on it is cut off."""
        scroll = self.stack.currentWidget()
        page = self.current_page()
        if page is None or not isinstance(scroll, QScrollArea):  # the stack holds only these
            return 0
        inner = page.inner_scroll()
        body = (inner.widget() if inner is not None else None) or page
        bar = scroll.verticalScrollBar().sizeHint().width()
        return body.minimumSizeHint().width() + bar + 2

    def _supervision_needs(self) -> int:
        """The width the supervision view needs: its header, or its scrolling body."""
        return self.supervision.needed_width()

    def _share_splitter(self) -> None:
        """Map and supervision side by side: the map gets 9/20 of the width, or more if its
        page needs it, as long as the supervision view keeps its own minimum. Too narrow for
        both: the view covers the map (drag to see it)."""
        total = max(1, self.splitter.width())
        sup_min = self._supervision_needs()
        if total < 1000:
            if not self.nav.isHidden() and total + self.nav.width() >= sup_min + MAP_LEAST:
                # a narrow window: the page list gives way to its drop-down, and the map and
                # supervision share the whole width (laid out again once the list has gone)
                self._narrow_list(True)
                QTimer.singleShot(0, self, self._share_again)
                return
            if not self.nav.isHidden() or total < sup_min + MAP_LEAST:
                self.splitter.setSizes([0, total])
                return
        left = max(total * 9 // 20, min(self._map_needs(), total - sup_min))
        self.splitter.setSizes([left, total - left])
        self._unclip_map()

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        if self.supervising and self.nav.isHidden() \
                and self.splitter.width() - self.nav.width() >= 1000:
            self._narrow_list(False)  # wide again: the page list comes back
            QTimer.singleShot(0, self, self._share_again)

    def _share_again(self) -> None:
        if self.supervising:
            self._share_splitter()

    def _narrow_list(self, on: bool) -> None:
        """The page list, or (`on`) its drop-down above the map, keeping the keyboard on
        whichever lists the pages."""
        had = self.pages_list.hasFocus()
        self.nav.setVisible(not on)
        self.page_picker.setVisible(on)
        if had:
            self.pages_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _widen_map(self, retries: int = 2) -> None:
        """A page that needs more room than the map has: widen the map (never past the
        supervision view's minimum), so the page is not cut off on the right."""
        left, right = self.splitter.sizes()
        total = left + right
        want = min(self._map_needs(), total - self._supervision_needs())
        if want > left:
            self.splitter.setSizes([want, total - want])
            if retries:
                # narrower, the supervision view lays itself out again (wrapping) and may
                # then need less: ask again once that has happened
                QTimer.singleShot(0, self, lambda: self._retry_widen(retries - 1))

    def _retry_widen(self, retries: int) -> None:
        if self.supervising and self.splitter.sizes()[0] > 0:
            self._widen_map(retries)
        self._unclip_map()

    def _unclip_map(self, step: int = 32) -> None:
        """A page can fit its minimum width and still cut words short: a box's hint ("What
        h…"), a short choice, a button. Widen the map a step at a time until nothing on it is
        cut, as long as the supervision view keeps what it needs (issue 13, item 15)."""
        scroll = self.stack.currentWidget()
        if not self.supervising or scroll is None:
            return
        left, right = self.splitter.sizes()
        if left <= 0:
            return
        total, most = left + right, left + right - self._supervision_needs()
        while left < most and clipped_texts(scroll):
            left = min(left + step, most)
            self.splitter.setSizes([left, total - left])
            for _ in range(3):  # the page lays itself out again at its new width
                QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def set_group(self, on: bool) -> None:
        """Group supervision: initials instead of names on every page, the header and the
        supervision view; the map is read-only meanwhile (an edit would save initials over the
        names). Turning it on opens supervision too, since a group record is kept there."""
        on = bool(on)
        if on == self.group:
            self.supervision.group_button.setChecked(on)
            return
        self.ctx.autosaver.flush()
        # No text box may keep the focus: a focused box is not refreshed, and would keep
        # showing what it showed before.
        self.supervision_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if not on:
            self._relock.stop()
            for page in self.pages.values():
                self._unlock_page(page)
        self.ctx.initials_only = on
        self.group_banner.setVisible(on)
        self.reload()
        if not on:
            self._unscrub_names()
        if on:
            for page in self.pages.values():
                self.scrub_names(page)
            self._relock.start()
            if not self.supervising:
                self.set_supervision(True)
        if self.supervising:
            self.supervision.open()
        self.group_changed.emit(on)

    def _lock_current(self) -> None:
        page = self.current_page()
        if page is not None and self.group:
            self._lock_page(page)
            self.scrub_names(page)

    def rename(self, text: str) -> str:
        """`text` with every name of the family as its initials while group supervision is on
        (the supervision view's replacements); as it is otherwise."""
        return self.supervision._make_rename()(text) if self.group else text  # noqa: SLF001

    def scrub_names(self, root: QWidget) -> None:
        """Group supervision's net under every page's own initials view (issue 13, item 14):
        a sentence a page said before group mode began ("Saved 7 for Tomasz") is not part of
        the family document and would keep the name. Every label's and button's text, and
        every tool tip and accessible name and description under `root`, goes through the
        name replacements. Text boxes are left alone: they show the initials view already, and
        writing into one would save it. Turning group mode off puts back what was replaced."""
        if not self.group:
            return
        rename = self.supervision._make_rename()  # noqa: SLF001 - the view's own replacer
        for w in [root, *root.findChildren(QWidget)]:
            pairs: list[tuple[str, Any, Any]] = [
                ("tip", w.toolTip, w.setToolTip),
                ("name", w.accessibleName, w.setAccessibleName),
                ("desc", w.accessibleDescription, w.setAccessibleDescription)]
            if isinstance(w, (QLabel, QAbstractButton)):
                pairs.append(("text", w.text, w.setText))
            for what, get, put in pairs:
                old = get()
                if not old:
                    continue
                new = rename(old)
                if new != old:
                    put(new)
                    self._scrubbed.append((w, what, old, new))

    def _unscrub_names(self) -> None:
        import shiboken6

        done, self._scrubbed = self._scrubbed, []
        for w, what, old, new in reversed(done):
            if not shiboken6.isValid(w):
                continue
            get, put = {"tip": (w.toolTip, w.setToolTip),
                        "name": (w.accessibleName, w.setAccessibleName),
                        "desc": (w.accessibleDescription, w.setAccessibleDescription),
                        "text": (getattr(w, "text", None), getattr(w, "setText", None))}[what]
            if get is not None and put is not None and get() == new:
                put(old)

    @staticmethod
    def _lock_page(page: QWidget) -> None:
        from ..widgets.chart import TrajectoryChart

        for w in page.findChildren(QWidget):
            if w.property("groupLocked"):
                continue
            if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
                if isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)):
                    continue
                if not w.isReadOnly():
                    w.setReadOnly(True)
                    w.setProperty("groupLocked", "ro")
            elif isinstance(w, (QAbstractScrollArea, QScrollBar, TrajectoryChart)):
                continue  # lists, trees and charts are for reading and moving about
            elif isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox)) \
                    or w.focusPolicy() != Qt.FocusPolicy.NoFocus:
                if w.isEnabled():
                    w.setEnabled(False)
                    w.setProperty("groupLocked", "off")

    @staticmethod
    def _unlock_page(page: QWidget) -> None:
        for w in page.findChildren(QWidget):
            state = w.property("groupLocked")
            if state == "ro":
                if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):  # as _lock_page
                    w.setReadOnly(False)
            elif state == "off":
                w.setEnabled(True)
            if state:
                w.setProperty("groupLocked", None)

    def focused_entry_id(self) -> int | None:
        """The map entry whose card holds the keyboard focus (for "History of this entry")."""
        w: QWidget | None = self.focusWidget()
        while w is not None and w is not self:
            if isinstance(w, EntryCard):
                return w.entry_id
            w = w.parentWidget()
        return None

    # -- guided mode ------------------------------------------------------------------------
    def set_guided(self, on: bool) -> None:
        """Guided mode: the side panel shows the template's prompts for each step, and every
        page that has inline copies of them (WorkspacePage.set_guided) hides them, so
        each prompt appears once. This is the only place pages are told."""
        self.guided = bool(on)
        if self.guided_button.isChecked() != self.guided:
            self.guided_button.setChecked(self.guided)  # comes back here through toggled
            return
        self.guide.setVisible(self.guided)
        for page in self.pages.values():
            page.set_guided(self.guided)
        steps = registry.guided_steps(self._order)
        if self.guided and self.current_page_key() not in steps and steps:
            self.set_page(steps[0])  # from the map at a glance to the first step
        if self.guided:
            self._update_guide()

    def _update_guide(self) -> None:
        key = self.current_page_key()
        steps = registry.guided_steps(self._order)
        if key not in steps:
            return
        self.guide.show_step(steps.index(key), len(steps), self._title(key, self.pages[key]),
                             key, self.ctx.template)

    def step(self, delta: int) -> None:
        row = self.nav.currentRow() + delta
        if 0 <= row < len(self._order) and self._order[row] in registry.guided_steps(self._order):
            self.nav.setCurrentRow(row)
            page = self.current_page()
            if page is not None:
                page.setFocus(Qt.FocusReason.OtherFocusReason)
                nxt = page.nextInFocusChain()
                if nxt is not None and page.isAncestorOf(nxt):
                    nxt.setFocus(Qt.FocusReason.TabFocusReason)

    def _next_or_finish(self) -> None:
        if self.nav.currentRow() >= len(self._order) - 1:
            self.set_guided(False)
            self.message.emit(translate(
                "workspace.workspace",
                "That is the whole conversation. Everything has been saved."))
        else:
            self.step(+1)


def _index_in(chain: list[QWidget], focus: QWidget) -> int | None:
    """Where the focused widget is in the chain (or the stop it is part of: the line edit
    inside a combo box, the box a picker hands its focus to)."""
    w: QWidget | None = focus
    while w is not None:
        for i, stop in enumerate(chain):
            if stop is w:
                return i
        w = w.parentWidget()
    return None


def _focus_and_show(w: QWidget, reason: Qt.FocusReason) -> None:
    """Give `w` the keyboard and scroll every scroll area it is in so it can be seen."""
    w.setFocus(reason)
    parent = w.parentWidget()
    while parent is not None:
        inner = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and inner is not None and inner.isAncestorOf(w):
            parent.ensureWidgetVisible(w, 24, 24)
        parent = parent.parentWidget()


def scrub_released(wrappers: list[Any]) -> list[Any]:
    """Empty the Python attributes of each released object whose widget Qt has deleted; returns
    those still alive (to try again later)."""
    import shiboken6

    alive = []
    for w in wrappers:
        if shiboken6.isValid(w):
            alive.append(w)
            continue
        attrs = getattr(w, "__dict__", None)
        if isinstance(attrs, dict):
            attrs.clear()
    return alive
