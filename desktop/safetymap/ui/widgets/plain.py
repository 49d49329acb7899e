"""Labels that never guess rich text.

A QLabel made the Qt default way has `textFormat() == AutoText`: if its text looks like HTML
(`Qt.mightBeRichText`), Qt renders it. A family named "Markup <b>family</b> & co" would then be
shown in bold with its tags gone, and a name holding `<a href=…>` would become a link. Every
label in ui/ is made with `Label` (plain text, always); a label that deliberately shows rich text
is made with `rich_label` from pieces passed through `escape` (tests/reliability/
test_nothing_leaks.py walks every page for a label that breaks this, and the architecture test
there refuses a bare `QLabel(` in ui/).

Only PySide6 is imported here: settings.py uses it before the unlock screen is shown.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiQt
from PySide6.QtWidgets import QLabel, QWidget


class Label(QLabel):
    """A QLabel whose text is always shown as typed (Qt.TextFormat.PlainText)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if text:
            self.setText(text)


def escape(text: str) -> str:
    """Case text made safe to put inside rich text: every <, >, & and quote escaped, and line
    breaks kept as <br>."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def rich_label(markup: str, parent: QWidget | None = None) -> QLabel:
    """A label that is rich text on purpose. `markup` must be built from the app's own tags and
    `escape`d pieces only."""
    lab = Label("", parent)  # a Label too, so findChildren(Label) finds every label
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setText(markup)
    return lab


def looks_rich(text: str) -> bool:
    """What Qt's AutoText would do with `text`: True if it would be rendered as rich text."""
    return bool(text) and QtGuiQt.mightBeRichText(text)


def plain_tooltip(text: str) -> str:
    """A tool tip for case text. Qt shows a tool tip as rich text when it looks like HTML (there
    is no plain-text switch), so such text goes in escaped, inside <qt> (always taken as rich
    text, so the escapes are shown as the characters they stand for). Text Qt would show as
    typed anyway is returned unchanged."""
    return f"<qt>{escape(text)}</qt>" if looks_rich(text) else text  # tr: not shown (markup)
