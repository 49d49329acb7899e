"""The list of families: search as you type, open, create, archive. Keyboard first.

Type to search (the search box has the focus), Up/Down move through the list, Enter opens,
Ctrl+N starts a new family. Each row shows when the family last changed and who the children are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.language import SHORT
from ..i18n import day
from ..practice.templates import Template
from ..services import families
from ..services.families import FamilySummary
from ..store.engine import Store
from .tasks import error_sentence
from .tr import translate
from .widgets.plain import Label

ID_ROLE = Qt.ItemDataRole.UserRole


def when(dt: datetime) -> str:
    """A calm, human date: 'today', 'yesterday', or the date (its month in the screens'
    language). Never a count of days overdue."""
    local = dt.astimezone()
    today = datetime.now(UTC).astimezone().date()
    d = local.date()
    if d == today:
        return translate("family_list", "today at {time}").format(time=local.strftime("%H:%M"))
    if (today - d).days == 1:
        return translate("family_list", "yesterday")
    return day(d)


def children_text(children: tuple[str, ...]) -> str:
    if not children:
        return translate("family_list", "No children added yet")
    if len(children) == 1:
        return translate("family_list", "Child: {name}").format(name=children[0])
    return translate("family_list", "Children: {names} and {last}").format(
        names=", ".join(children[:-1]), last=children[-1])


class NewFamilyDialog(QDialog):
    def __init__(self, templates: dict[str, Template], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("family_list", "New family"))
        self.setAccessibleName(translate("family_list", "New family"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        intro = Label(translate("family_list", "Give the family a name you will recognise, and "
                                "choose the way of working that fits."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("newFamilyName")
        self.name.setPlaceholderText(translate("family_list",
                                               "For example: Hughes-Kowalski family"))
        self.name.setAccessibleName(translate("family_list", "Family name"))
        form.addRow(translate("family_list", "Family name"), self.name)
        self.template = QComboBox()
        self.template.setObjectName("newFamilyTemplate")
        self.template.setAccessibleName(translate("family_list",
                                                  "Way of working (practice template)"))
        for tid, t in sorted(templates.items(), key=lambda kv: kv[1].name):
            self.template.addItem(t.name, tid)
            self.template.setItemData(self.template.count() - 1, t.description,
                                      Qt.ItemDataRole.ToolTipRole)
        i = self.template.findData("child-protection")
        if i >= 0:
            self.template.setCurrentIndex(i)
        form.addRow(translate("family_list", "Way of working"), self.template)
        lay.addLayout(form)
        self.description = Label()
        self.description.setWordWrap(True)
        self.description.setObjectName("muted")
        lay.addWidget(self.description)
        self.template.currentIndexChanged.connect(self._describe)
        self._describe()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("family_list", "Create family"))
        ok.setObjectName("primary")
        for b in self.buttons.buttons():
            b.setAccessibleName(b.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
        ok.setEnabled(False)

    def _describe(self) -> None:
        self.description.setText(str(self.template.currentData(Qt.ItemDataRole.ToolTipRole) or ""))

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), str(self.template.currentData())


class FamilyListView(QWidget):
    open_family = Signal(int)
    message = Signal(str)

    def __init__(self, template_source: Callable[[], dict[str, Template]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = None
        self._templates = template_source
        self.setAccessibleName(translate("family_list", "Families"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 24, 36, 24)
        lay.setSpacing(12)
        title = Label(translate("family_list", "Families"))
        title.setObjectName("pageTitle")
        lay.addWidget(title)

        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("familySearch")
        self.search.setPlaceholderText(translate(
            "family_list", "Search names, people and what has been written…"))
        self.search.setAccessibleName(translate("family_list", "Search families"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.new_button = QPushButton(translate("family_list", "New family"))
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName(translate("family_list", "New family"))
        self.new_button.setToolTip("Ctrl+N")  # tr: not shown (a key, the same in every language)
        self.new_button.clicked.connect(self.new_family)
        top.addWidget(self.new_button)
        lay.addLayout(top)

        self.list = QListWidget()
        self.list.setObjectName("familyList")
        self.list.setAccessibleName(translate("family_list", "Families found"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._activated)
        lay.addWidget(self.list, 1)

        self.empty = Label()
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        lay.addWidget(self.empty)

        bottom = QHBoxLayout()
        self.open_button = QPushButton(translate("family_list", "Open"))
        self.open_button.setAccessibleName(translate("family_list", "Open the chosen family"))
        self.open_button.clicked.connect(self._open_current)
        self.archive_button = QPushButton(translate("family_list", "Archive"))
        self.archive_button.setAccessibleName(translate("family_list",
                                                        "Archive the chosen family"))
        self.archive_button.setToolTip(translate(
            "family_list", "Archived families are kept, just out of the way."))
        self.archive_button.clicked.connect(self._toggle_archive)
        self.show_archived = QCheckBox(translate("family_list", "Show archived families"))
        self.show_archived.setAccessibleName(translate("family_list", "Show archived families"))
        self.show_archived.toggled.connect(self.refresh)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.archive_button)
        bottom.addStretch(1)
        bottom.addWidget(self.show_archived)
        lay.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._open_current)
        self.search.installEventFilter(self)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())

        # Ctrl+N is the main window's "New family" action (one shortcut, never ambiguous).

    # Up/Down in the search box move through the list, so typing and choosing never need a mouse.
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.search and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):  # a KeyPress always arrives as a QKeyEvent
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
                row = self.list.currentRow()
                row = 0 if row < 0 else row + (1 if key == Qt.Key.Key_Down else -1)
                self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))
                return True
        return super().eventFilter(obj, event)

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.search.clear()
        self.list.clear()
        if store is not None:
            self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()

    def refresh(self) -> None:
        self._debounce.stop()
        if self.store is None:
            return
        keep = self.current_family_id()
        try:
            rows = families.search_families(self.store, self.search.text(),
                                            include_archived=self.show_archived.isChecked())
        except Exception as exc:  # noqa: BLE001 - a sentence, never a traceback
            self.message.emit(error_sentence(exc))
            rows = []
        self.list.clear()
        for r in rows:
            self._add_row(r)
        if self.list.count():
            idx = 0
            for i in range(self.list.count()):
                if self.list.item(i).data(ID_ROLE) == keep:
                    idx = i
            self.list.setCurrentRow(idx)
        if not rows:
            self.empty.setText(
                translate("family_list", "No family matches that search.")
                if self.search.text().strip() else
                translate("family_list", "There are no families yet. Press “New family” "
                          "(Ctrl+N) to start one."))
        else:
            self.empty.setText(translate(
                "family_list", "%n family(s). Up and down arrows choose, Enter opens.", None,
                len(rows)))
        self._update_buttons()

    def _add_row(self, r: FamilySummary) -> None:
        name = (translate("family_list", "{name}   (archived)").format(name=r.display_name)
                if r.archived else r.display_name)
        # the family's language, quietly, at the end (only once someone has asked)
        language = f"  ·  {SHORT[r.language]}" if SHORT.get(r.language) else ""
        changed = translate("family_list", "last change {when}").format(
            when=when(r.last_change))
        text = f"{name}\n{children_text(r.children)}  ·  {changed}{language}"
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, r.id)
        item.setData(Qt.ItemDataRole.UserRole + 1, r.archived)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ". "))
        self.list.addItem(item)

    def current_family_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        self.open_button.setEnabled(item is not None)
        self.archive_button.setEnabled(item is not None)
        archived = bool(item.data(Qt.ItemDataRole.UserRole + 1)) if item else False
        self.archive_button.setText(translate("family_list", "Bring back") if archived
                                    else translate("family_list", "Archive"))
        self.archive_button.setAccessibleName(
            translate("family_list", "Bring back the chosen family") if archived
            else translate("family_list", "Archive the chosen family"))

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_family.emit(int(item.data(ID_ROLE)))

    def _open_current(self) -> None:
        fid = self.current_family_id()
        if fid is not None:
            self.open_family.emit(fid)

    def _toggle_archive(self) -> None:
        item = self.list.currentItem()
        if item is None or self.store is None:
            return
        archived = bool(item.data(Qt.ItemDataRole.UserRole + 1))
        try:
            families.set_archived(self.store, int(item.data(ID_ROLE)), not archived)
        except Exception as exc:  # noqa: BLE001
            self.message.emit(error_sentence(exc))
            return
        self.message.emit(
            translate("family_list", "The family is back in the list.") if archived else
            translate("family_list", "The family has been archived. Tick “Show archived "
                      "families” to see it."))
        self.refresh()

    def new_family(self) -> int | None:
        if self.store is None:
            return None
        dlg = NewFamilyDialog(self._templates(), self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.create_family(*dlg.values())

    def create_family(self, name: str, template_id: str) -> int | None:
        assert self.store is not None
        try:
            fid = families.create_family(self.store, name, template_id)
        except Exception as exc:  # noqa: BLE001
            self.message.emit(error_sentence(exc) if not isinstance(exc, ValueError)
                              else str(exc))
            return None
        self.search.clear()
        self.refresh()
        self.open_family.emit(fid)
        return fid
