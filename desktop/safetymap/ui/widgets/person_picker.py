"""Pick one of the family's people by typing part of their name.

"Tom" and Enter picks Tomasz; "Dad" picks the person whose relationship is Dad; "Gw" and Tab
picks Gwen. While typing, a list under the box shows who matches, best first, with the first
one highlighted, so what Enter will pick is always in view; the arrow keys choose another.
A text that matches nobody is never kept as a half name: leaving the box puts back the person
chosen before. The matching rule is `services.people.find_people` (Qt-free, tested on its own).

The button beside the box (or Down in an empty box) lists everyone offered, for the mouse.
`picked` is emitted only when the person changes, with their key (the uid by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPointF, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from ...services.people import find_people
from ..tr import translate

Person = dict[str, Any]


def describe(p: Person) -> str:
    """How a person is listed under the box: "Gwen Hughes (Nan (Sarah's mum))"."""
    name = shown_name(p)
    rel = str(p.get("relationship") or "").strip()
    return f"{name} ({rel})" if rel else name


def shown_name(p: Person) -> str:
    """A person's name as the box shows it ("(no name yet)" for none)."""
    return str(p.get("name") or "") or translate("widgets.person_picker", "(no name yet)")


class _NameLine(QLineEdit):
    """The box itself: Enter is the picker's (taken here, so the same happens whether the list
    is open or not)."""

    def __init__(self, picker: PersonPicker) -> None:
        super().__init__(picker)
        self._picker = picker

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._picker.commit()
            e.accept()
            return
        if e.key() == Qt.Key.Key_Down and not self._picker.popup_open():
            self._picker.show_everyone()
            e.accept()
            return
        super().keyPressEvent(e)


class _ListButton(QToolButton):
    """The button beside the box: a plain chevron (the theme's tool buttons draw no arrow)."""

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(e)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        col = self.palette().text().color() if self.isEnabled() else self.palette().mid().color()
        p.setPen(QPen(col, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        cx, cy, r = self.width() / 2, self.height() / 2, 4.5
        p.drawPolyline([QPointF(cx - r, cy - r / 2), QPointF(cx, cy + r / 2),
                        QPointF(cx + r, cy - r / 2)])
        p.end()


class PersonPicker(QWidget):
    """A box for one person of the family. `set_people` gives who is offered (family-document
    dicts, in the order to offer them); `set_current` shows the stored choice quietly."""

    picked = Signal(object)

    def __init__(self, name: str, parent: QWidget | None = None, *, key: str = "uid",
                 placeholder: str | None = None,
                 describe_person: Callable[[Person], str] = describe) -> None:
        super().__init__(parent)
        self._key = key
        self._describe = describe_person
        self._people: list[Person] = []
        self._shown: list[Person] = []  # the rows of the list under the box
        self._current: Person | None = None
        self._stale: Any = None  # a stored key no longer among the people offered
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.edit = _NameLine(self)
        self.edit.setAccessibleName(name)
        self.edit.setAccessibleDescription(translate(
            "widgets.person_picker",
            "Type part of a name, or a relationship such as Dad, and press Enter to pick the "
            "person listed first. Down or the button beside lists everyone."))
        self.edit.setPlaceholderText(translate("widgets.person_picker", "Type part of a name…")
                                     if placeholder is None else placeholder)
        self.setFocusProxy(self.edit)
        self.list_button = _ListButton(self)
        self.list_button.setAccessibleName(
            translate("widgets.person_picker", "{name}: list everyone").format(name=name))
        self.list_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Down does it from the box
        self.list_button.clicked.connect(self.show_everyone)
        self.list_button.setFixedWidth(max(28, self.list_button.fontMetrics().height() + 8))
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.list_button)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setWidget(self.edit)  # driven here, not by the line edit's own rules
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(8)
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]  # the overload
            self._row_chosen)
        self.edit.textEdited.connect(self._typed)
        # leaving the box picks too; the line edit's own focus-out does not come while its
        # list is open (Tab from the list), so the application's focus change is watched
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- filling -------------------------------------------------------------------------------
    def set_people(self, people: list[Person]) -> None:
        self._people = list(people)
        if self._current is not None:
            cur = self._current.get(self._key)
            self._current = next((p for p in self._people if p.get(self._key) == cur), None)
            if self._current is None:
                self._stale = cur
        self._show_current()

    def set_current(self, key: Any) -> None:
        """Show the stored choice without emitting. A key that is not among the people offered
        (someone no longer listed) is kept as it is and shown as such."""
        self._current = next((p for p in self._people if p.get(self._key) == key), None)
        self._stale = key if self._current is None and key else None
        self._show_current()

    def current_key(self) -> Any:
        return self._current.get(self._key) if self._current is not None else self._stale

    currentData = current_key  # noqa: N815 - reads like the combo box it replaced

    def current_person(self) -> Person | None:
        return self._current

    def _show_current(self) -> None:
        if self._current is not None:
            text = shown_name(self._current)
        else:
            text = translate("widgets.person_picker",
                             "(someone no longer listed)") if self._stale else ""
        self.edit.setText(text)
        self.edit.setCursorPosition(0)
        self.edit.setToolTip("")

    # -- the list under the box -----------------------------------------------------------------
    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always has its list
        return popup

    def popup_open(self) -> bool:
        return self._popup().isVisible()

    def _fill(self, people: list[Person]) -> None:
        self._shown = list(people)
        self._model.setStringList([self._describe(p) for p in people])

    def _open(self) -> None:
        if not self._shown:
            self._popup().hide()
            return
        self.completer.complete(self.edit.rect())
        self._popup().setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _typed(self, text: str) -> None:
        self._fill(find_people(self._people, text))
        self._open()

    def show_everyone(self) -> None:
        self._fill(self._people)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._open()

    def _row_chosen(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self._shown):
            self._choose(self._shown[index.row()])

    # -- choosing ------------------------------------------------------------------------------
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        mine = (self, self.edit, self.list_button, self.completer.popup())
        if old in mine and new is not None and new not in mine:
            self.commit()

    def commit(self) -> None:
        """Enter or leaving the box: the row highlighted in the list, else the best match for
        what was typed; a text matching nobody puts back the person chosen before."""
        if self.popup_open():
            row = self._popup().currentIndex().row()
            self._popup().hide()
            if 0 <= row < len(self._shown):
                self._choose(self._shown[row])
                return
        text = self.edit.text().strip()
        shown = self._current
        if shown is not None and text == shown_name(shown):
            return
        found = find_people(self._people, text) if text else []
        if found:
            self._choose(found[0])
        else:
            self._show_current()

    def choose_text(self, text: str) -> None:
        """Type `text` and press Enter (for code and tests)."""
        self.edit.setText(text)
        self._typed(text)
        self.commit()

    def _choose(self, person: Person) -> None:
        changed = self._current is None or (self._current.get(self._key)
                                            != person.get(self._key))
        self._current, self._stale = person, None
        self._show_current()
        if changed:
            self.picked.emit(person.get(self._key))
