"""Small shared pieces: people look-up from the family document, the one autosave-and-undo
helper (`record_edit`) and the text bindings built on it, labels in the calm house style, and a
guard that every control has a name."""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from ...domain.names import short_name
from ..tasks import error_sentence
from ..tr import QT_TRANSLATE_NOOP, translate
from ..undo import push_changeset
from .plain import Label

log = logging.getLogger(__name__)

#: worker-facing wording kept in one place so it stays calm and plain. Also a stored value
#: (the "whose view" label of the worker's own view, kept in English): compare and store it
#: as it is, and show it through `worker_label`
WORKER = QT_TRANSLATE_NOOP("widgets.common", "Worker")


def worker_label(label: str) -> str:
    """A stored "whose view" label as the screen says it: "Worker" in the screens' language,
    any other label as it was typed."""
    return translate("widgets.common", WORKER) if label.casefold() == WORKER.casefold() \
        else label


class People:
    """The family's people from a family document, with the names to show on screen."""

    def __init__(self, doc: dict[str, Any] | None, initials_only: bool = False) -> None:
        self.initials_only = initials_only
        self.list: list[dict[str, Any]] = list((doc or {}).get("people", []))
        self.by_uid = {p["uid"]: p for p in self.list}
        self.by_id = {p["id"]: p for p in self.list}

    def children(self) -> list[dict[str, Any]]:
        return [p for p in self.list if p["role"] == "child"]

    def name(self, p: dict[str, Any] | None, *, short: bool = False, fallback: str = "") -> str:
        if p is None:
            return self.label(fallback)
        if self.initials_only:
            initials: str = p["initials"]
            return initials
        name: str = p["name"]
        return short_name(name) if short else name

    def label(self, text: str) -> str:
        """A free-text "whose view" label; a person's name typed there is shortened in
        group supervision too."""
        if not self.initials_only or not text or text.lower() in {"worker", "school"}:
            return text
        for p in self.list:
            if p["name"].casefold() == text.casefold():
                initials: str = p["initials"]
                return initials
        return text

    def name_for(self, person_uid: str | None, label: str, *, short: bool = False) -> str:
        if person_uid and person_uid in self.by_uid:
            return self.name(self.by_uid[person_uid], short=short)
        return self.label(label)

    def describe(self, p: dict[str, Any]) -> str:
        """Name with relationship, for pickers: "Sarah Hughes (Mum)"."""
        rel = (p.get("relationship") or "").strip()
        return f"{self.name(p)} ({rel})" if rel and not self.initials_only else self.name(p)


def heading(text: str, level: int = 1) -> QLabel:
    lab = Label(text)
    lab.setObjectName("pageHeading" if level == 1 else "sectionHeading")
    f = QFont(lab.font())
    f.setPointSizeF(f.pointSizeF() * (1.6 if level == 1 else 1.25))
    f.setBold(True)
    lab.setFont(f)
    lab.setWordWrap(True)
    lab.setAccessibleName(text)
    return lab


def hint(text: str) -> QLabel:
    """A gentle suggestion: never an error, never a requirement."""
    lab = Label(text)
    lab.setObjectName("hint")
    lab.setWordWrap(True)
    lab.setStyleSheet("color: palette(placeholder-text);")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.setAccessibleName(text)
    lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return lab


class GrowingTextEdit(QPlainTextEdit):
    """A plain text box that grows with its text (no inner scroll bar to fight) and passes Tab
    on to the next control, so the page can be walked by keyboard."""

    def __init__(self, parent: QWidget | None = None, min_lines: int = 2) -> None:
        super().__init__(parent)
        self._min_lines = min_lines
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: Any) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._min_lines, int(self.document().size().height()))
        margins = self.contentsMargins()
        h = lines * line + 2 * int(self.document().documentMargin()) + margins.top() \
            + margins.bottom() + 4
        if self.height() != h:
            self.setFixedHeight(h)

    def resizeEvent(self, e: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        QTimer.singleShot(0, self, self._fit)


def text_of(w: QWidget) -> str:
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QLineEdit):
        return w.text()
    raise TypeError(type(w).__name__)


def set_text_quietly(w: QWidget, value: str) -> None:
    """Show a stored value without triggering a save, keeping the cursor where it was."""
    if text_of(w) == value:
        return
    was_empty = text_of(w) == ""
    w.blockSignals(True)
    try:
        # the cursor stays where it was; in a box that was empty (an undo or redo filled it)
        # it goes to the end, so what is typed next follows the words, not before them
        if isinstance(w, QPlainTextEdit):
            pos = w.textCursor().position()
            w.setPlainText(value)
            c = w.textCursor()
            c.setPosition(len(value) if was_empty else min(pos, len(value)))
            w.setTextCursor(c)
        elif isinstance(w, QLineEdit):  # text_of above has refused any other widget
            pos = w.cursorPosition()
            w.setText(value)
            w.setCursorPosition(len(value) if was_empty else min(pos, len(value)))
    finally:
        w.blockSignals(False)
    if isinstance(w, GrowingTextEdit):
        w._fit()


def record_edit(ctx: Any, key: tuple[Any, ...], label: str, old: Any, new: Any,
                save: Callable[[Any], None], show: Callable[[Any], None],
                after: Callable[[], None], save_key: Hashable | None = None) -> None:
    """The one way an edit is kept: autosave `new` through `save` (a command in services/ that
    runs with coalesce=True, so a burst of typing is one changeset), then put that changeset on
    the undo stack (merged into the step on top when the store extended it). Undo and redo are
    the store's (ui/undo.py ChangesetCommand); afterwards the workspace reloads the family.
    `after()` runs after every write (a page tells the others).

    `key` and `old`/`show` are kept for the callers' sake; `save_key` is the autosave slot
    (defaults to `key`; the plan uses one slot for the whole plan)."""
    slot = key if save_key is None else save_key

    def do_save() -> None:
        ctx.store.last_changeset_id = None  # only what this save writes becomes the step
        save(new)
        push_changeset(ctx.undo_stack, label, ctx.store, lambda: ctx.refresh_all(),
                       lambda exc: ctx.tell(error_sentence(exc)))
        after()

    ctx.autosaver.schedule(slot, do_save)


class TextBinding:
    """Ties one text widget to one stored field: typing schedules an autosave (debounced) and
    pushes a merging undo step (`record_edit`); undo writes the old value back through the
    same save.

    `save(value)` writes through a service. `after_write()` lets the page tell others."""

    def __init__(self, ctx: Any, widget: QWidget, key: Hashable, stored: str,
                 save: Callable[[str], None], after_write: Callable[[], None],
                 undo_text: str | None = None) -> None:
        self.ctx, self.widget, self.key = ctx, widget, key
        self._save, self._after = save, after_write
        self._undo_text = translate("widgets.common", "Edit text") if undo_text is None \
            else undo_text
        self._base = stored  # the value the last undo command ends at
        set_text_quietly(widget, stored)
        if not isinstance(widget, (QPlainTextEdit, QLineEdit)):
            raise TypeError(type(widget).__name__)  # not reached: text_of has refused it
        widget.textChanged.connect(self._edited)

    def _edited(self, *_: Any) -> None:
        value = text_of(self.widget)
        old, self._base = self._base, value
        record_edit(self.ctx, (self.key,), self._undo_text, old, value, self._save, self._show,
                    self._after, save_key=self.key)

    def _show(self, value: str) -> None:
        self._base = value
        try:
            set_text_quietly(self.widget, value)
        except RuntimeError:  # the widget was rebuilt; the page refresh shows the value
            pass

    def refresh(self, stored: str) -> None:
        """Show a value from a reloaded document, unless the person is typing here (an
        autosave not yet run). A field with the focus shows it too: after an undo the stored
        value is the one to see; what was typed and saved is what is stored."""
        if pending(self.ctx, self.key):
            return
        if text_of(self.widget) != stored:
            self._base = stored
            set_text_quietly(self.widget, stored)


def pending(ctx: Any, key: Hashable) -> bool:
    return key in getattr(ctx.autosaver, "_pending", {})


_INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QTextEdit,
                QAbstractSpinBox, QAbstractSlider, QAbstractScrollArea)


def name_unnamed_controls(root: QWidget) -> None:
    """Give any control still without an accessible name one derived from its owner (the inner
    line edit of a combo box, a scroll bar). Controls we build are named where they are made."""
    for w in root.findChildren(QWidget):
        if w.accessibleName():
            continue
        owner = w.parentWidget()
        while owner is not None and not owner.accessibleName():
            owner = owner.parentWidget()
        base = owner.accessibleName() if owner is not None \
            else translate("widgets.common", "Page")
        if isinstance(w, QAbstractSlider):
            w.setAccessibleName(translate("widgets.common", "{name}: scroll").format(name=base))
        elif isinstance(w, _INTERACTIVE) or w.focusPolicy() != Qt.FocusPolicy.NoFocus:
            w.setAccessibleName(base)


def close_and_save_row(dialog: QDialog, accessible: str,
                       on_go: Callable[[], None]) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """The "Close | Choose where to save it…" row the save-a-file dialogs share."""
    row = QHBoxLayout()
    row.addStretch(1)
    close = QPushButton(translate("widgets.common", "Close"))
    close.setAccessibleName(translate("widgets.common", "Close"))
    close.clicked.connect(dialog.reject)
    go = QPushButton(translate("widgets.common", "Choose where to save it…"))
    go.setObjectName("primary")
    go.setAccessibleName(accessible)
    go.clicked.connect(on_go)
    row.addWidget(close)
    row.addWidget(go)
    return row, close, go
