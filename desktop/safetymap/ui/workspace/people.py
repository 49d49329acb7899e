"""People and network: the household, the safety network (drawn in circles) and professionals.

Add a person with a name and who they are (four buttons that never move); then everything
about them is edited in place and autosaved. Every address and phone number says who may see it,
one choice of three, each explained: "Not for the family's copy" (never printed in anything the
family gets), the family's copy but not a safe copy, or "Safe to share" (even in a safe copy).
The Circle field and the drawing read one rule (services.people.circle_of).
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.names import short_name
from ...services import families as families_cmds
from ...services import people as people_cmds
from ...store.errors import StoreError
from ..tasks import error_sentence
from ..tr import QT_TRANSLATE_NOOP, translate
from ..undo import push_changeset
from ..widgets.commands import run_command
from ..widgets.common import record_edit
from ..widgets.flow import FlowLayout
from ..widgets.language import LanguageChoice
from ..widgets.plain import Label
from .circles import NetworkCircles
from .common import hint_label, push_field_edit, section_label, set_text_quietly, title_label
from .page import WorkspaceContext, WorkspacePage, reading_order
from .people_children import ChildLinks, LinkRow

_ticks = itertools.count()

ROLES = (("child", QT_TRANSLATE_NOOP("workspace.people", "Child")),
         ("adult", QT_TRANSLATE_NOOP("workspace.people", "Parent or carer")),
         ("network", QT_TRANSLATE_NOOP("workspace.people", "Safety network (family, friends)")),
         ("professional", QT_TRANSLATE_NOOP("workspace.people", "Professional")))
#: the same roles on the "Add someone" line, short enough to sit side by side
ADD_ROLES = (("child", QT_TRANSLATE_NOOP("workspace.people", "Child")),
             ("adult", QT_TRANSLATE_NOOP("workspace.people", "Parent or carer")),
             ("network", QT_TRANSLATE_NOOP("workspace.people", "Safety network")),
             ("professional", QT_TRANSLATE_NOOP("workspace.people", "Professional")))
#: the Circle field: None follows the person's role (its words say which circle that is)
CLOSENESS = ((None, QT_TRANSLATE_NOOP("workspace.people", "From their role")),
             (1, QT_TRANSLATE_NOOP("workspace.people", "Closest circle")),
             (2, QT_TRANSLATE_NOOP("workspace.people", "Middle circle")),
             (3, QT_TRANSLATE_NOOP("workspace.people", "Outer circle")))
#: services.people.CIRCLE_WORDS (its English), marked here for the screens
CIRCLE_SHOWN = {0: QT_TRANSLATE_NOOP("workspace.people", "In the middle, with the children"),
                1: QT_TRANSLATE_NOOP("workspace.people", "Closest circle"),
                2: QT_TRANSLATE_NOOP("workspace.people", "Middle circle"),
                3: QT_TRANSLATE_NOOP("workspace.people", "Outer circle")}
KINDS = (("phone", QT_TRANSLATE_NOOP("workspace.people", "Phone")),
         ("address", QT_TRANSLATE_NOOP("workspace.people", "Address")),
         ("email", QT_TRANSLATE_NOOP("workspace.people", "Email")),
         ("other", QT_TRANSLATE_NOOP("workspace.people", "Other")))
GROUPS = (("household", QT_TRANSLATE_NOOP("workspace.people", "Living at home")),
          ("network", QT_TRANSLATE_NOOP("workspace.people", "Safety network")),
          ("professional", QT_TRANSLATE_NOOP("workspace.people", "Professionals")),
          ("other", QT_TRANSLATE_NOOP("workspace.people", "Others in the children's lives")))
#: the people list's group rows keep their key here (their text is in the screens' language)
GROUP_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class RoleChoice(QWidget):
    """Who a new person is, as four buttons always in view (arrow keys move between them).

    A drop-down here opened at a different place each time (over its current item) and the
    suggestion changed by itself after each person, so "Professional" was chosen for Nan by
    mistake (issue 13, item 2). The buttons never move, and the choice stays as the worker left
    it. It reads like the combo box it replaced (`currentData`, `findData`, `setCurrentIndex`)."""

    activated = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPersonRole")
        self.setAccessibleName(name)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        flow = FlowLayout(self, spacing=10)
        self.buttons: list[QRadioButton] = []
        for i, (key, english) in enumerate(ADD_ROLES):
            label = translate("workspace.people", english)
            b = QRadioButton(label)
            b.setObjectName(f"newPersonRole_{key}")
            b.setAccessibleName(f"{name}: {label}")
            b.setProperty("role_key", key)
            if key == "network":
                b.setToolTip(translate("workspace.people",
                                       "Family and friends who will help keep the children safe"))
            self.group.addButton(b, i)
            flow.addWidget(b)
            self.buttons.append(b)
        self.buttons[0].setChecked(True)
        self.group.idClicked.connect(self.activated.emit)

    def count(self) -> int:
        return len(self.buttons)

    def findData(self, key: Any) -> int:  # noqa: N802 - the combo box's name
        return next((i for i, (k, _l) in enumerate(ADD_ROLES) if k == key), -1)

    def currentIndex(self) -> int:  # noqa: N802
        return max(0, self.group.checkedId())

    def currentData(self) -> str:  # noqa: N802
        return ADD_ROLES[self.currentIndex()][0]

    def setCurrentIndex(self, i: int) -> None:  # noqa: N802
        if 0 <= i < len(self.buttons):
            self.buttons[i].setChecked(True)


def group_of(p: dict[str, Any]) -> str:
    if p.get("in_household"):
        return "household"
    if p["role"] == "network":
        return "network"
    if p["role"] == "professional":
        return "professional"
    return "other"


#: what each of a contact's three markings means, said under the choice (the two boxes
#: "Not for the family's copy" and "Safe to share" sat side by side with no explanation)
MARKING_WORDS = {
    "confidential": QT_TRANSLATE_NOOP(
        "workspace.people",
        "Kept out of the family's copy: never printed in anything the family gets."),
    "family": QT_TRANSLATE_NOOP(
        "workspace.people",
        "Printed in the family's copy, but left out of a safe copy (the copy to make "
        "when a plan could be found by the wrong person)."),
    "safe": QT_TRANSLATE_NOOP("workspace.people", "Can be shared: printed even in a safe copy."),
}
#: the widest phone number the value box shows whole, whatever the editor's width
WIDE_NUMBER = "+44 (0)7700 900123"


class ContactRow(QFrame):
    """One address or phone number. The number has a line of its own, as wide as the card
    (it showed "00 900123"), and who may see it is one choice of three, each explained."""

    def __init__(self, page: PeoplePage, contact: dict[str, Any]) -> None:
        super().__init__()
        self.page = page
        self.cid = int(contact["id"])
        self.contact = dict(contact)
        self.setObjectName("card")
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(4)
        self.kind = QComboBox()
        for k, label in KINDS:
            self.kind.addItem(translate("workspace.people", label), k)
        self.kind.setAccessibleName(translate("workspace.people", "Kind of contact detail"))
        self.label = QLineEdit()
        self.label.setPlaceholderText(translate("workspace.people", "mobile, home…"))
        self.label.setAccessibleName(translate("workspace.people",
                                               "Contact label, for example mobile or home"))
        self.label.setMaximumWidth(150)
        self.value = QLineEdit()
        self.value.setObjectName(f"contactValue{self.cid}")
        self.value.setPlaceholderText(translate("workspace.people", "The number or address"))
        self.value.setAccessibleName(translate("workspace.people", "Phone number or address"))
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance(WIDE_NUMBER) + 24)
        shown = Label(translate("workspace.people", "Who may see it:"))
        shown.setObjectName("muted")
        self.marks = QButtonGroup(self)
        self.confidential = QRadioButton(translate("workspace.people",
                                                   "Not for the family's copy"))
        self.confidential.setObjectName(f"contactConfidential{self.cid}")
        self.confidential.setAccessibleName(translate(
            "workspace.people", "Not for the family's copy: never printed for the family"))
        self.confidential.setToolTip(translate("workspace.people",
                                               MARKING_WORDS["confidential"]))
        self.family_only = QRadioButton(translate("workspace.people",
                                                  "In the family's copy, not a safe copy"))
        self.family_only.setObjectName(f"contactFamilyOnly{self.cid}")
        self.family_only.setAccessibleName(translate(
            "workspace.people", "In the family's copy, left out of a safe copy"))
        self.family_only.setToolTip(translate("workspace.people", MARKING_WORDS["family"]))
        self.safe = QRadioButton(translate("workspace.people",
                                           "Safe to share, even in a safe copy"))
        self.safe.setObjectName(f"contactSafe{self.cid}")
        self.safe.setAccessibleName(translate("workspace.people",
                                              "Safe to share, even in a safe copy"))
        self.safe.setToolTip(translate("workspace.people", MARKING_WORDS["safe"]))
        for i, b in enumerate((self.confidential, self.family_only, self.safe)):
            self.marks.addButton(b, i)
        shown.setBuddy(self.confidential)
        self.children_ok = QCheckBox(translate("workspace.people", "OK for the children's copy"))
        self.children_ok.setObjectName(f"contactChildren{self.cid}")
        self.children_ok.setAccessibleName(translate(
            "workspace.people",
            "OK for the children's copy: may be printed in a child's own document"))
        self.children_ok.setToolTip(translate("workspace.people",
                                              "A phone number a child may keep, such as Nan's"))
        self.badge = Label()  # what the choice means, in a sentence
        self.badge.setWordWrap(True)
        self.remove = QPushButton(translate("workspace.people", "Remove"))
        self.remove.setAccessibleName(translate("workspace.people", "Remove this contact detail"))
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.label, 0, 1)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.value, 1, 0, 1, 4)
        grid.addWidget(shown, 2, 0, 1, 4)
        grid.addWidget(self.confidential, 3, 0, 1, 4)
        grid.addWidget(self.family_only, 4, 0, 1, 4)
        grid.addWidget(self.safe, 5, 0, 1, 4)
        grid.addWidget(self.children_ok, 6, 0, 1, 4)
        grid.addWidget(self.badge, 7, 0, 1, 4)
        grid.setColumnStretch(2, 1)
        self.show_contact(contact)
        self.kind.currentIndexChanged.connect(lambda _i: self._edit("kind",
                                                                    self.kind.currentData()))
        self.label.textChanged.connect(lambda t: self._edit("label", t))
        self.value.textChanged.connect(lambda t: self._edit("value", t))
        self.marks.idToggled.connect(self._marking_toggled)
        self.children_ok.toggled.connect(self._children_toggled)
        self.remove.clicked.connect(lambda: page.remove_contact(self.contact))
        if page.ctx.initials_only:  # group supervision: shown, never written
            for w in (self.label, self.value):
                w.setReadOnly(True)
                w.setProperty("groupLocked", "ro")
            for c in (self.kind, self.confidential, self.family_only, self.safe,
                      self.children_ok, self.remove):
                c.setEnabled(False)
                c.setProperty("groupLocked", "off")

    def _quiet(self, on: bool) -> None:
        for w in (self.kind, self.confidential, self.family_only, self.safe, self.children_ok,
                  self.marks):
            w.blockSignals(on)

    def show_contact(self, c: dict[str, Any]) -> None:
        self.contact = dict(c)
        self._quiet(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(c["kind"])))
        (self.confidential if c["confidential"] else self.safe if c["safe_to_share"]
         else self.family_only).setChecked(True)
        self.children_ok.setChecked(bool(c.get("safe_for_children")))
        self._quiet(False)
        set_text_quietly(self.label, c.get("label") or "")
        set_text_quietly(self.value, c.get("value") or "")
        self._badge()

    def _badge(self) -> None:
        c = self.contact
        key = "confidential" if c["confidential"] else "safe" if c["safe_to_share"] else "family"
        text = translate("workspace.people", MARKING_WORDS[key])
        if c.get("safe_for_children") and not c["confidential"]:
            text += " " + translate("workspace.people", "It is in the children's copy too.")
        self.badge.setText(text)
        self.badge.setObjectName({"confidential": "confidentialBadge", "safe": "shareBadge"}
                                 .get(key, "muted"))
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)

    def _marking_toggled(self, _id: int, on: bool) -> None:
        if not on:
            return  # the button left: the one chosen says it
        # "not for the family's copy" contradicts "OK for the children's copy"
        # (people.update_contact refuses both at once): choosing it unticks that, in one change
        if self.confidential.isChecked():
            self.children_ok.blockSignals(True)
            self.children_ok.setChecked(False)
            self.children_ok.blockSignals(False)
        self._markings()

    def _children_toggled(self, on: bool) -> None:
        if on and self.confidential.isChecked():
            self.marks.blockSignals(True)
            self.family_only.setChecked(True)
            self.marks.blockSignals(False)
        self._markings()

    def _markings(self) -> None:
        """The three markings as chosen now, kept in one command (one undo step)."""
        marks = {"confidential": self.confidential.isChecked(),
                 "safe_to_share": self.safe.isChecked(),
                 "safe_for_children": self.children_ok.isChecked()}
        if all(self.contact.get(k) == v for k, v in marks.items()):
            return
        self.contact.update(marks)
        self._badge()
        self.page.contact_markings(self.cid, **marks)

    def _edit(self, field: str, value: Any) -> None:
        old = self.contact.get(field)
        if old == value:
            return
        self.contact[field] = value
        self._badge()
        self.page.contact_edit(self.cid, field, old, value)


class _EditorScroll(QScrollArea):
    """The person editor scrolls on its own beside the circles, so a long list of addresses
    never pushes the circles out of view. Stacked under them (`grow`), it is as tall as its
    content and the page scrolls instead: one scroll bar, never two."""

    def __init__(self, inner: QWidget) -> None:
        super().__init__()
        self.setObjectName("personEditorScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(inner)
        self.grow = False
        inner.installEventFilter(self)

    def _inner(self) -> QWidget:
        inner = self.widget()
        assert inner is not None  # set in __init__
        return inner

    def set_grow(self, on: bool) -> None:
        self.grow = on
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff if on
                                        else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.updateGeometry()

    def _content_height(self) -> int:
        inner = self._inner()
        width = max(self.viewport().width(), inner.minimumSizeHint().width())
        lay = inner.layout()
        if lay is not None and lay.hasHeightForWidth():
            return max(lay.heightForWidth(width), inner.minimumSizeHint().height())
        return inner.sizeHint().height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        inner = self._inner()
        bar = self.verticalScrollBar().sizeHint().width()
        width = inner.minimumSizeHint().width() + (0 if self.grow else bar)
        return QSize(width, self._content_height() if self.grow else 120)

    def sizeHint(self) -> QSize:  # noqa: N802
        # beside the circles it asks for little height (it scrolls), so the page fits the
        # window; stacked, it asks for all of itself
        return QSize(self.minimumSizeHint().width(),
                     self._content_height() if self.grow else 200)

    def eventFilter(self, obj: Any, e: Any) -> bool:  # noqa: N802
        if e.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a contact row came or went: the page makes room
        return super().eventFilter(obj, e)


#: the most rows the people list shows before it scrolls (the circles get the rest)
TREE_ROWS = 7


class PeoplePage(WorkspacePage):
    page_key = "people"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(translate("workspace.people", "People and network"))
        self.doc: dict[str, Any] = {}
        self.people: dict[int, dict[str, Any]] = {}
        self.selected: int | None = None
        self.contact_rows: dict[int, ContactRow] = {}
        self._removal_box: QMessageBox | None = None
        #: the person last removed: chosen again when an undo brings them back
        self._reselect: int | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        # the family's language on the title's line, so the circles keep their room
        head = QHBoxLayout()
        head.addWidget(title_label(self.title()))
        head.addStretch(1)
        lang_label = Label(translate("workspace.people", "The family's language:"))
        self.family_language = LanguageChoice(translate("workspace.people", "The family"))
        self.family_language.setObjectName("familyLanguage")
        self.family_language.setToolTip(translate(
            "workspace.people", "Documents for the family are offered in it first"))
        self.family_language.chosen.connect(self._family_language)
        self.family_language.note_typed.connect(self._family_language_typed)
        lang_label.setBuddy(self.family_language.combo)
        head.addWidget(lang_label)
        head.addWidget(self.family_language)
        outer.addLayout(head)
        outer.addWidget(hint_label(translate(
            "workspace.people", "Who is in the children's lives? Add people as the family "
            "names them; everything is saved as you type.")))
        # Two columns side by side (the list and the circles; the person editor, which scrolls
        # on its own so the circles stay in view), stacked when the page is narrower than both
        # need (group supervision beside it at 1366 px): see resizeEvent.
        self.cols = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.cols.setSpacing(16)
        outer.addLayout(self.cols, 1)
        # the page may be narrower than the two columns side by side: it then stacks them
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.stacked = False

        self.left_panel = QWidget()
        self.left_panel.setObjectName("peopleLeft")
        left = QVBoxLayout(self.left_panel)
        left.setContentsMargins(0, 0, 0, 0)
        self.cols.addWidget(self.left_panel, 9)
        add_row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newPersonName")
        self.new_name.setPlaceholderText(translate("workspace.people",
                                                   "Add someone: type their name…"))
        self.new_name.setAccessibleName(translate("workspace.people", "Name of a person to add"))
        # Who they are: four buttons that never move, kept as the worker last chose (a new
        # family starts on Child; a family shown again on what it still lacks, once)
        self.new_role = RoleChoice(translate("workspace.people", "Who they are"))
        self._role_suggested = False
        self.add_button = QPushButton(translate("workspace.people", "Add"))
        self.add_button.setObjectName("addPerson")
        self.add_button.setAccessibleName(translate("workspace.people", "Add this person"))
        self.add_button.clicked.connect(self._add_clicked)
        self.new_name.returnPressed.connect(self._add_clicked)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        left.addLayout(add_row)
        left.addWidget(self.new_role)
        QWidget.setTabOrder(self.new_name, self.new_role.buttons[0])
        QWidget.setTabOrder(self.new_role.buttons[0], self.add_button)
        self.tree = QTreeWidget()
        self.tree.setObjectName("peopleList")
        self.tree.setAccessibleName(translate("workspace.people",
                                              "People in the children's lives"))
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._selection_changed)
        left.addWidget(self.tree)
        self.circles = NetworkCircles()
        left.addWidget(self.circles, 1)

        # -- the person editor ----------------------------------------------------------------
        self.editor = QFrame()
        self.editor.setObjectName("card")
        self.editor_scroll = _EditorScroll(self.editor)
        self.editor_scroll.setAccessibleName(translate("workspace.people", "The person chosen"))
        self.cols.addWidget(self.editor_scroll, 10)
        ed = QVBoxLayout(self.editor)
        ed.setContentsMargins(18, 14, 18, 14)
        self.editor_title = section_label("")
        ed.addWidget(self.editor_title)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit()
        self.name.setObjectName("personName")
        self.name.setAccessibleName(translate("workspace.people", "Name"))
        self.relationship = QLineEdit()
        self.relationship.setObjectName("personRelationship")
        self.relationship.setPlaceholderText(translate("workspace.people",
                                                       "Mum, Nan, the children's teacher…"))
        self.relationship.setAccessibleName(translate("workspace.people",
                                                      "Relationship to the children"))
        self.role = QComboBox()
        self.role.setObjectName("personRole")
        self.role.setAccessibleName(translate("workspace.people", "Role"))
        for k, label in ROLES:
            self.role.addItem(translate("workspace.people", label), k)
        self.age = QSpinBox()
        self.age.setObjectName("personAge")
        self.age.setRange(-1, 120)
        self.age.setSpecialValueText(translate("workspace.people", "Not known"))
        self.age.setAccessibleName(translate("workspace.people", "Age in years"))
        self.household = QCheckBox(translate("workspace.people",
                                             "Lives at home with the children"))
        self.household.setObjectName("personHousehold")
        self.household.setAccessibleName(translate("workspace.people",
                                                   "Lives at home with the children"))
        self.closeness = QComboBox()
        self.closeness.setObjectName("personCloseness")
        self.closeness.setAccessibleName(translate("workspace.people",
                                                   "Circle of closeness to the children"))
        for v, label in CLOSENESS:
            self.closeness.addItem(translate("workspace.people", label), v)
        self.network_role = QLineEdit()
        self.network_role.setObjectName("personNetworkRole")
        self.network_role.setPlaceholderText(translate("workspace.people",
                                                       "Nan will visit every Saturday morning…"))
        self.network_role.setAccessibleName(translate("workspace.people", "What they do to help"))
        self.organisation = QLineEdit()
        self.organisation.setObjectName("personOrganisation")
        self.organisation.setAccessibleName(translate("workspace.people", "Organisation"))
        self.details_confidential = QCheckBox(translate(
            "workspace.people", "Organisation and role: not for the family's copy"))
        self.details_confidential.setObjectName("personDetailsConfidential")
        why = translate("workspace.people",
                        "A role like 'Refuge key worker' can tell someone where the family is.")
        self.details_confidential.setToolTip(
            why + " " + translate("workspace.people", "The family's copy leaves out the "
                                  "Relationship and Organisation boxes; the name can still be "
                                  "printed."))
        self.details_confidential.setAccessibleName(translate(
            "workspace.people", "Organisation and role: not for the family's copy"))
        self.details_confidential.setAccessibleDescription(why)
        self.details_note = hint_label("")
        self.details_note.setObjectName("muted")
        self.person_confidential = QCheckBox(translate(
            "workspace.people", "Keep this person's name out of the family's copy"))
        self.person_confidential.setObjectName("personConfidential")
        self.person_confidential.setAccessibleName(translate(
            "workspace.people", "Keep this person's name out of the family's copy"))
        form.addRow(translate("workspace.people", "Name"), self.name)
        form.addRow(translate("workspace.people", "Relationship"), self.relationship)
        form.addRow(translate("workspace.people", "Role"), self.role)
        form.addRow(translate("workspace.people", "Age"), self.age)
        form.addRow("", self.household)
        form.addRow(translate("workspace.people", "Circle"), self.closeness)
        form.addRow(translate("workspace.people", "How they help"), self.network_role)
        form.addRow(translate("workspace.people", "Organisation"), self.organisation)
        form.addRow("", self.details_confidential)
        form.addRow("", self.details_note)
        form.addRow("", self.person_confidential)
        # Welsh Language Standard 2: each person's language is asked and kept
        self.person_language = LanguageChoice(translate("workspace.people", "This person"))
        self.person_language.setObjectName("personLanguage")
        self.person_language.chosen.connect(self._person_language)
        self.person_language.note_typed.connect(self._person_language_typed)
        form.addRow(translate("workspace.people", "Language"), self.person_language)
        ed.addLayout(form)

        ed.addWidget(section_label(translate("workspace.people", "Addresses and phone numbers")))
        ed.addWidget(hint_label(translate(
            "workspace.people", "Choose “Not for the family's copy” for anything that could "
            "put someone at risk if the plan were found.")))
        self.contacts_box = QVBoxLayout()
        ed.addLayout(self.contacts_box)
        crow = QHBoxLayout()
        self.add_phone = QPushButton(translate("workspace.people", "Add a phone number"))
        self.add_phone.setObjectName("addPhone")
        self.add_phone.setAccessibleName(translate("workspace.people", "Add a phone number"))
        self.add_address = QPushButton(translate("workspace.people", "Add an address"))
        self.add_address.setObjectName("addAddress")
        self.add_address.setAccessibleName(translate("workspace.people", "Add an address"))
        self.add_phone.clicked.connect(lambda: self.add_contact("phone"))
        self.add_address.clicked.connect(lambda: self.add_contact("address"))
        crow.addWidget(self.add_phone)
        crow.addWidget(self.add_address)
        crow.addStretch(1)
        ed.addLayout(crow)
        self.child_links = ChildLinks(self)
        ed.addWidget(self.child_links)
        ed.addStretch(1)
        self.remove_person = QPushButton(translate("workspace.people", "Remove this person"))
        self.remove_person.setAccessibleName(translate("workspace.people",
                                                       "Remove this person from the family"))
        self.remove_person.clicked.connect(self._remove_person)
        ed.addWidget(self.remove_person, alignment=Qt.AlignmentFlag.AlignRight)
        self.empty_editor = hint_label(translate("workspace.people",
                                                 "Choose someone in the list, or add a person."))
        ed.addWidget(self.empty_editor)

        self.name.textChanged.connect(lambda t: self._person_edit("name", t))
        self.relationship.textChanged.connect(lambda t: self._person_edit("relationship", t))
        self.role.currentIndexChanged.connect(
            lambda _i: self._person_edit("role", self.role.currentData()))
        self.age.valueChanged.connect(
            lambda v: self._person_edit("age_years", None if v < 0 else int(v)))
        self.household.toggled.connect(lambda on: self._person_edit("in_household", on))
        self.closeness.currentIndexChanged.connect(
            lambda _i: self._person_edit("closeness", self.closeness.currentData()))
        self.network_role.textChanged.connect(lambda t: self._person_edit("network_role", t))
        self.organisation.textChanged.connect(lambda t: self._person_edit("organisation", t))
        self.person_confidential.toggled.connect(
            lambda on: self._person_edit("confidential", on))
        self.details_confidential.toggled.connect(
            lambda on: self._person_edit("details_confidential", on))
        self._set_editor_enabled(False)

    def title(self) -> str:
        return self.ctx.template.sections.get(
            "people", translate("workspace.people", "People and network"))

    # -- side by side, or stacked ---------------------------------------------------------
    def _outer(self) -> QLayout:
        lay = self.layout()
        assert lay is not None  # set in __init__
        return lay

    def _side_by_side_width(self) -> int:
        m = self._outer().contentsMargins()
        return (self.left_panel.minimumSizeHint().width()
                + self.editor_scroll.minimumSizeHint().width() + self.cols.spacing()
                + m.left() + m.right())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As narrow as the widest column (the columns then stack), as tall as the layout
        needs in its present arrangement."""
        m = self._outer().contentsMargins()
        width = max(self.left_panel.minimumSizeHint().width(),
                    self.editor_scroll.minimumSizeHint().width()) + m.left() + m.right()
        return QSize(width, self._outer().totalMinimumSize().height())

    def set_stacked(self, on: bool) -> None:
        if on == self.stacked:
            return
        self.stacked = on
        self.cols.setDirection(QBoxLayout.Direction.TopToBottom if on
                               else QBoxLayout.Direction.LeftToRight)
        self.editor_scroll.set_grow(on)
        # stacked: the circles keep a useful size, the editor shows all of itself below them
        self.circles.setMinimumHeight(340 if on else 240)
        self.cols.setStretch(0, 0 if on else 9)
        self.cols.setStretch(1, 0 if on else 10)
        self.updateGeometry()

    def resizeEvent(self, e: Any) -> None:  # noqa: N802 - Qt's name
        self.set_stacked(e.size().width() < self._side_by_side_width())
        super().resizeEvent(e)

    # -- showing ----------------------------------------------------------------------------
    def first_focus(self) -> QWidget | None:
        """A family with nobody in it yet starts at the name box."""
        return None if self.people else self.new_name

    def show_document(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.people = {int(p["id"]): p for p in doc.get("people", [])}
        fam = doc.get("family") or {}
        self.family_language.show_language(fam.get("language") or "",
                                           fam.get("language_note") or "")
        if not self._role_suggested:  # once, when the family is first shown; never after
            self._role_suggested = True
            roles = {p["role"] for p in self.people.values()}
            wanted = "child" if "child" not in roles else "adult" if "adult" not in roles else "network"
            self.new_role.setCurrentIndex(self.new_role.findData(wanted))
        if self.selected is None and self._reselect in self.people:
            self.selected = self._reselect  # an undo brought them back
        if self._reselect is not None and self._reselect in self.people:
            self._reselect = None
        if self.selected not in self.people:
            self.selected = None
        self._fill_tree()
        self.circles.set_people(list(self.people.values()))
        self._show_person()

    def _fill_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        current_item = None
        for gkey, glabel in GROUPS:
            members = [p for p in self.people.values() if group_of(p) == gkey]
            if not members:
                continue
            top = QTreeWidgetItem([translate("workspace.people", glabel)])
            top.setData(0, GROUP_KEY_ROLE, gkey)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            self.tree.addTopLevelItem(top)
            for p in members:
                item = QTreeWidgetItem([self._row_text(p)])
                item.setData(0, Qt.ItemDataRole.UserRole, int(p["id"]))
                top.addChild(item)
                if int(p["id"]) == self.selected:
                    current_item = item
            top.setExpanded(True)
        if current_item is not None:
            self.tree.setCurrentItem(current_item)
        self.tree.blockSignals(False)
        self._fit_tree()

    def _fit_tree(self) -> None:
        """Tall enough for every row up to TREE_ROWS, and always whole rows: a list cut
        through its last name (a new-user run) looks like the end of it."""
        tops = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        rows = sum(1 + t.childCount() for t in tops if t is not None)
        first = self.tree.topLevelItem(0) if rows else None
        line = self.tree.visualItemRect(first).height() if first is not None else 0
        if line <= 0:  # not laid out yet: the row's own hint
            line = max(self.tree.sizeHintForRow(0), self.tree.fontMetrics().height() + 2)
        frame = 2 * self.tree.frameWidth() + 2
        shown = max(5, min(rows, TREE_ROWS))
        self.tree.setFixedHeight(shown * line + frame)

    @staticmethod
    def _row_text(p: dict[str, Any]) -> str:
        bits = [p["name"] or translate("workspace.people", "(no name yet)")]
        if p.get("relationship"):
            bits.append(p["relationship"])
        if p.get("age_years") is not None:
            bits.append(f"{p['age_years']}")
        text = ", ".join(bits)
        if p.get("confidential"):
            text += "  · " + translate("workspace.people", "name kept out of the family's copy")
        return text

    def _selection_changed(self, item: QTreeWidgetItem | None, _prev: Any = None) -> None:
        self.ctx.autosaver.flush()
        pid = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if pid is None:
            return
        self.selected = int(pid)
        self._reselect = None
        self._show_person()

    def select_person(self, pid: int) -> None:
        self.selected = pid
        self._fill_tree()
        self._show_person()

    def _family_language(self, code: str, note: str) -> None:
        store, fid = self.ctx.store, self.ctx.family_id
        run_command(self.ctx, translate("workspace.people", "Record the family's language"),
                    lambda: families_cmds.set_language(store, fid, code, note),
                    self._after_structural)

    def _family_language_typed(self, code: str, note: str) -> None:
        """The language note autosaves as it is typed (one undo step for the burst)."""
        store, fid = self.ctx.store, self.ctx.family_id
        def save(v: str) -> None:
            families_cmds.set_language(store, fid, code, v)
            # the page's copy follows, so coming back shows (and later writes) what is stored
            self.doc.setdefault("family", {}).update(language=code, language_note=v)

        record_edit(self.ctx, ("family_language_note", fid),
                    translate("workspace.people", "Record the family's language"), None, note,
                    save, lambda _v: None, self._language_saved)

    def _person_language_typed(self, code: str, note: str) -> None:
        if self.selected is None:
            return
        store, pid = self.ctx.store, self.selected
        def save(v: str) -> None:
            people_cmds.set_language(store, pid, code, v)
            if pid in self.people:  # the page's copy follows (see the family's note above)
                self.people[pid].update(language=code, language_note=v)

        record_edit(self.ctx, ("language_note", pid),
                    translate("workspace.people", "Record a person's language"), None, note,
                    save, lambda _v: None, self._language_saved)

    def _language_saved(self) -> None:
        """What was typed is stored: the widgets' "last shown" follows, so leaving the box
        writes nothing more."""
        for w in (self.family_language, self.person_language):
            if w.note.hasFocus():
                w.mark_saved()

    def _person_language(self, code: str, note: str) -> None:
        if self.selected is None:
            return
        store, pid = self.ctx.store, self.selected
        run_command(self.ctx, translate("workspace.people", "Record a person's language"),
                    lambda: people_cmds.set_language(store, pid, code, note),
                    self._after_structural)

    def _set_editor_enabled(self, on: bool) -> None:
        # In group supervision the names shown are initials: the text boxes stay readable
        # (the workspace makes them read-only) and nothing that writes can be used.
        writable = on and not self.ctx.initials_only
        for w in (self.name, self.relationship, self.network_role, self.organisation):
            w.setEnabled(on)
        for c in (self.role, self.age, self.household, self.closeness,
                  self.person_confidential, self.details_confidential, self.add_phone,
                  self.add_address, self.remove_person, self.person_language):
            c.setEnabled(writable)
        self.family_language.setEnabled(not self.ctx.initials_only)
        self.empty_editor.setVisible(not on)

    def _show_person(self) -> None:
        p = self.people.get(self.selected) if self.selected is not None else None
        self._set_editor_enabled(p is not None)
        quiet = (self.role, self.age, self.household, self.closeness, self.person_confidential,
                 self.details_confidential)
        for q in quiet:
            q.blockSignals(True)
        try:
            if p is None:
                self.editor_title.setText(translate("workspace.people", "Nobody chosen"))
                for w in (self.name, self.relationship, self.network_role, self.organisation):
                    set_text_quietly(w, "")
                self._show_contacts([])
                self.person_language.show_language("", "")
                self.child_links.show_person(None)
                self._details_note()
                return
            self.editor_title.setText(p["name"] or translate("workspace.people",
                                                             "(no name yet)"))
            set_text_quietly(self.name, p["name"])
            set_text_quietly(self.relationship, p.get("relationship") or "")
            set_text_quietly(self.network_role, p.get("network_role") or "")
            set_text_quietly(self.organisation, p.get("organisation") or "")
            self.role.setCurrentIndex(max(0, self.role.findData(p["role"])))
            self.age.setValue(-1 if p.get("age_years") is None else int(p["age_years"]))
            self.household.setChecked(bool(p.get("in_household")))
            self._show_circle(p)
            self.person_confidential.setChecked(bool(p.get("confidential")))
            self.details_confidential.setChecked(bool(p.get("details_confidential")))
            self.person_language.show_language(p.get("language") or "",
                                               p.get("language_note") or "")
            self._details_note()
            self._show_contacts(p.get("contacts", []))
            self.child_links.show_person(p)
        finally:
            for q in quiet:
                q.blockSignals(False)

    def _show_circle(self, p: dict[str, Any]) -> None:
        """The Circle field says where the circles draw them (`people_cmds.circle_of`): with
        none chosen, the first choice names the circle their role puts them in. A child is
        always in the middle. (It said "Not in the circles" while Nan was drawn in one.)"""
        by_role = people_cmds.circle_of({**p, "closeness": None})
        words = people_cmds.CIRCLE_WORDS[by_role]
        if CIRCLE_SHOWN.get(by_role) == words:  # the services' words, as marked here
            words = translate("workspace.people", CIRCLE_SHOWN[by_role])
        child = by_role == 0
        was = self.closeness.blockSignals(True)
        self.closeness.setItemText(0, words if child else translate(
            "workspace.people", "{circle} (from their role)").format(circle=words))
        i = 0 if child else self.closeness.findData(p.get("closeness"))
        self.closeness.setCurrentIndex(i if i >= 0 else 0)
        self.closeness.blockSignals(was)
        self.closeness.setEnabled(not child and not self.ctx.initials_only)
        self.closeness.setToolTip(
            translate("workspace.people", "Children are in the middle of the circles") if child
            else translate("workspace.people",
                           "Where they are drawn in the circles around the children"))

    def _show_contacts(self, contacts: list[dict[str, Any]]) -> None:
        wanted = {int(c["id"]): c for c in contacts}
        for cid in list(self.contact_rows):
            if cid not in wanted:
                row = self.contact_rows.pop(cid)
                row.setParent(None)
                row.deleteLater()
        for i, (cid, c) in enumerate(wanted.items()):
            shown = self.contact_rows.get(cid)
            if shown is None:
                shown = ContactRow(self, c)
                self.contact_rows[cid] = shown
                self.contacts_box.insertWidget(i, shown)
            else:
                shown.show_contact(c)

    # -- editing ----------------------------------------------------------------------------
    def _person_edit(self, field: str, value: Any) -> None:
        if self.selected is None:
            return
        p = self.people[self.selected]
        old = p.get(field)
        if old == value:
            return
        p[field] = value
        if field in ("name", "relationship", "in_household", "role", "closeness", "confidential",
                     "age_years"):
            if field == "name":
                self.editor_title.setText(value or translate("workspace.people",
                                                             "(no name yet)"))
            self._relabel()
        if field in ("confidential", "details_confidential"):
            self._details_note()
        if field in ("role", "in_household"):
            self._show_circle(p)  # "from their role" may now be another circle
        if field == "name":
            self.child_links.update_notes()  # a renamed person may now match a worry
        elif field == "role":
            self.child_links.show_person(p)  # a child has the block from the child's side
        self.person_field_edit(self.selected, field, old, value)

    def _details_note(self) -> None:
        p = self.people.get(self.selected) if self.selected is not None else None
        if p is not None and p.get("confidential"):
            text = translate("workspace.people",
                             "This person is kept out of the family's copy completely, so their "
                             "organisation and role are left out already.")
        elif p is not None and p.get("details_confidential"):
            text = translate("workspace.people", "The family's copy leaves out the "
                             "Relationship and Organisation boxes; the name can still be "
                             "printed.")
        else:
            text = ""
        self.details_note.setText(text)
        self.details_note.setVisible(bool(text))

    def relation_edit(self, row: LinkRow, field: str, value: Any) -> None:
        """What a child calls someone, or whether they are on the child's list: one pair, kept
        once (people.set_child_relation), autosaved with undo like the other fields."""
        child, person = self.people.get(row.child_id), self.people.get(row.person_id)
        if child is None or person is None:
            return
        old: Any
        if field == "known_as":
            old, row.known = row.known, value
            known = person.setdefault("known_as", {})
            known[child["uid"]] = value.strip()
        else:
            old, row.is_helper = row.is_helper, bool(value)
            helpers = child.setdefault("helpers", [])
            if value and person["uid"] not in helpers:
                helpers.append(person["uid"])
            elif not value and person["uid"] in helpers:
                helpers.remove(person["uid"])
            self.child_links.update_notes()
        if old == value:
            return
        store, cid, pid = self.ctx.store, row.child_id, row.person_id

        def save(v: Any) -> None:
            people_cmds.set_child_relation(store, cid, pid, **{field: v})

        def show(_v: Any) -> None:
            self.show_document(self.ctx.reload())

        label = (translate("workspace.people", "Change what a child calls someone")
                 if field == "known_as" else
                 translate("workspace.people", "Change a child's 'who helps keep me safe' list"))
        slot = ("child_relation", cid, pid, field)
        # typing merges into one undo step; each tick of the box is a step of its own
        key = slot if field == "known_as" else (*slot, next(_ticks))
        push_field_edit(self, key, label, old, value, save, show, save_key=slot)

    def _relabel(self) -> None:
        if self.selected is None:
            return
        p = self.people[self.selected]
        it = self.tree.currentItem()
        group = it.parent() if it is not None else None
        needs_regroup = group is None or group.data(0, GROUP_KEY_ROLE) != group_of(p)
        if needs_regroup:
            self._fill_tree()
        elif it is not None:
            it.setText(0, self._row_text(p))
        self.circles.set_people(list(self.people.values()))

    #: the People page's fields, each with what it is called in an undo step
    _LABELS = {"name": QT_TRANSLATE_NOOP("workspace.people", "Change a name"),
               "relationship": QT_TRANSLATE_NOOP("workspace.people", "Change a relationship"),
               "role": QT_TRANSLATE_NOOP("workspace.people", "Change a role"),
               "age_years": QT_TRANSLATE_NOOP("workspace.people", "Change an age"),
               "in_household": QT_TRANSLATE_NOOP("workspace.people",
                                                 "Change who lives at home"),
               "closeness": QT_TRANSLATE_NOOP("workspace.people", "Change a circle"),
               "network_role": QT_TRANSLATE_NOOP("workspace.people", "Change how someone helps"),
               "organisation": QT_TRANSLATE_NOOP("workspace.people", "Change an organisation"),
               "confidential": QT_TRANSLATE_NOOP(
                   "workspace.people", "Change whether a name is in the family's copy"),
               "details_confidential": QT_TRANSLATE_NOOP(
                   "workspace.people", "Change whether a role is in the family's copy")}

    def person_field_edit(self, person_id: int, field: str, old: Any, new: Any) -> None:
        """One of a person's fields changed on screen: autosaved through people.rename or
        people.update (text coalesces), then its changeset goes on the undo stack."""
        store = self.ctx.store

        def save(value: Any) -> None:
            if field == "name":
                people_cmds.rename(store, person_id, value)
            else:
                people_cmds.update(store, person_id, **{field: value})

        def show(_value: Any) -> None:
            self.show_document(self.ctx.reload())

        label = (translate("workspace.people", self._LABELS[field]) if field in self._LABELS
                 else translate("workspace.people", "Change a person"))
        push_field_edit(self, ("person", person_id, field), label, old, new, save, show)

    def contact_edit(self, contact_id: int, field: str, old: Any, new: Any) -> None:
        """The kind, label or value of an address or phone number (autosaved)."""
        store = self.ctx.store

        def save(value: Any) -> None:
            people_cmds.update_contact(store, contact_id, **{field: value})

        def show(_value: Any) -> None:
            self.show_document(self.ctx.reload())

        label = (translate("workspace.people", "Change a contact's kind") if field == "kind"
                 else translate("workspace.people", "Change a contact detail"))
        push_field_edit(self, ("contact", contact_id, field), label, old, new, save, show)

    def contact_markings(self, contact_id: int, *, confidential: bool, safe_to_share: bool,
                         safe_for_children: bool) -> None:
        """The markings of an address or phone number, kept at once as one undo step."""
        self.ctx.autosaver.flush()
        try:
            people_cmds.update_contact(self.ctx.store, contact_id, confidential=confidential,
                                       safe_to_share=safe_to_share,
                                       safe_for_children=safe_for_children)
        except (ValueError, StoreError) as exc:
            self.ctx.tell(str(exc) if isinstance(exc, ValueError) else error_sentence(exc))
            self._after_structural()
            return
        self._push(translate("workspace.people", "Change how a contact detail is shared"))
        self._after_structural()

    def _push(self, text: str) -> None:
        """Put the changeset the last command wrote on the undo stack."""
        ctx = self.ctx
        push_changeset(ctx.undo_stack, text, ctx.store, lambda: ctx.refresh_all(),
                       lambda exc: ctx.tell(error_sentence(exc)))

    def tab_chain(self) -> list[QWidget]:
        """Reading order, except that Tab goes name -> who they are -> Add: the role is chosen
        before the person is added, although its buttons sit on the line below."""
        chain = reading_order(self)
        role = next((b for b in self.new_role.buttons if b.isChecked()), self.new_role.buttons[0])
        if role in chain and self.add_button in chain:
            chain.remove(role)
            chain.insert(chain.index(self.add_button), role)
        return chain

    def _add_clicked(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            self.new_name.setFocus()
            return
        self.add_person(name, str(self.new_role.currentData()))
        self.new_name.clear()
        self.name.setFocus()
        self.name.selectAll()

    def add_person(self, name: str, role: str, relationship: str = "", **fields: Any) -> int:
        """Add a person (people.add: a child lives at home unless said otherwise)."""
        store, fid = self.ctx.store, self.ctx.family_id
        self.ctx.autosaver.flush()
        pid = people_cmds.add(store, fid, name, role, relationship, **fields)
        self._push(translate("workspace.people", "Add {name}").format(
            name=short_name(name.strip())))
        self.selected = pid
        self._after_structural()
        return pid

    def _after_structural(self) -> None:
        self.changed.emit()
        self.show_document(self.ctx.reload())

    def confirm_removal(self, name: str, question: str) -> bool:
        """Ask before removing a person, saying what goes with them. Plain buttons, and the
        safe one ("Keep") is the default."""
        box = QMessageBox(self)
        box.setWindowTitle(translate("workspace.people", "Remove {name}?").format(name=name))
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(question)
        box.setTextFormat(Qt.TextFormat.PlainText)  # names are case text
        remove_words = translate("workspace.people", "Remove {name}").format(name=name)
        keep_words = translate("workspace.people", "Keep {name}").format(name=name)
        remove = box.addButton(remove_words, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(keep_words, QMessageBox.ButtonRole.RejectRole)
        remove.setAccessibleName(remove_words)
        keep.setAccessibleName(keep_words)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        chosen: list[bool] = []
        box.buttonClicked.connect(lambda b: chosen.append(
            box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole))
        self._removal_box = box  # tests answer it
        try:
            box.exec()
        finally:
            self._removal_box = None
            box.deleteLater()
        return bool(chosen) and chosen[-1]

    def _remove_person(self) -> None:
        if self.selected is None:
            return
        self.ctx.autosaver.flush()
        store, pid = self.ctx.store, self.selected
        name = (short_name((self.people[pid].get("name") or "").strip())
                or translate("workspace.people", "this person"))
        try:
            question = people_cmds.removal_question(store, pid)
        except StoreError as exc:
            self.ctx.tell(error_sentence(exc))
            self._after_structural()
            return
        if not self.confirm_removal(name, question):
            return
        try:
            people_cmds.remove(store, pid)
        except StoreError as exc:
            self.ctx.tell(error_sentence(exc))
            self._after_structural()
            return
        # everything that went with them is in the same changeset: undo brings it all back
        self._push(translate("workspace.people", "Remove {name}").format(name=name))
        self._reselect = pid
        self._after_structural()

    def add_contact(self, kind: str, value: str = "", **flags: Any) -> int | None:
        if self.selected is None:
            return None
        self.ctx.autosaver.flush()
        try:
            cid = people_cmds.add_contact(self.ctx.store, self.selected, kind, value, **flags)
        except (ValueError, StoreError) as exc:
            self.ctx.tell(str(exc) if isinstance(exc, ValueError) else error_sentence(exc))
            return None
        self._push(translate("workspace.people", "Add an address") if kind == "address"
                   else translate("workspace.people", "Add a phone number") if kind == "phone"
                   else translate("workspace.people", "Add a contact detail"))
        self._after_structural()
        row = self.contact_rows.get(cid)
        if row is not None:
            row.value.setFocus()
        return cid

    def remove_contact(self, contact: dict[str, Any]) -> None:
        if self.selected is None:  # a contact row belongs to the person chosen
            return
        self.ctx.autosaver.flush()
        try:
            people_cmds.remove_contact(self.ctx.store, int(contact["id"]))
        except StoreError as exc:
            self.ctx.tell(error_sentence(exc))
        else:
            self._push(translate("workspace.people", "Remove a contact detail"))
        self._after_structural()
