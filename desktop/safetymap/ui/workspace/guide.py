"""Guided mode's side panel: the template's prompt questions beside each step.

Prompts are suggestions. Every step can be skipped and nothing here ever blocks saving.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import MapArea
from ...practice.templates import Template
from ..tr import QT_TRANSLATE_NOOP, translate
from ..widgets.plain import Label

# Pages whose prompts come from the template's map areas.
AREAS_FOR_PAGE: dict[str, tuple[MapArea, ...]] = {
    "worried": (MapArea.HARM, MapArea.WORRY, MapArea.COMPLICATING),
    "working_well": (MapArea.STRENGTH, MapArea.EXISTING_SAFETY),
    "needs_to_happen": (MapArea.GOAL, MapArea.NEXT_STEP),
}

# Gentle prompts for the steps that are not map areas. Suggestions only.
OTHER_PROMPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "people": (QT_TRANSLATE_NOOP(
        "workspace.guide", "Start with who is in the children's lives."), (
        QT_TRANSLATE_NOOP("workspace.guide", "Who lives at home with the children?"),
        QT_TRANSLATE_NOOP("workspace.guide", "Who do the children go to when they are upset?"),
        QT_TRANSLATE_NOOP("workspace.guide",
                          "Who does the family turn to when things are hard?"),
        QT_TRANSLATE_NOOP("workspace.guide",
                          "Who else knows the children well: school, nursery, health visitor?"),
        QT_TRANSLATE_NOOP("workspace.guide", "Is there an address or phone number that must "
                          "never be in the family's copy?"),
    )),
    "childs_voice": (QT_TRANSLATE_NOOP(
        "workspace.guide", "Hear from each child, in their own words."), (
        QT_TRANSLATE_NOOP("workspace.guide", "House of Worries: what worries you at home?"),
        QT_TRANSLATE_NOOP("workspace.guide",
                          "House of Good Things: what is good at home? Who helps?"),
        QT_TRANSLATE_NOOP("workspace.guide", "House of Dreams: if the worries were gone, what "
                          "would home be like?"),
        QT_TRANSLATE_NOOP("workspace.guide",
                          "Was each child seen today? Were they seen on their own?"),
    )),
    "plan": (QT_TRANSLATE_NOOP(
        "workspace.guide", "Write the plan with the family, in their words."), (
        QT_TRANSLATE_NOOP("workspace.guide",
                          "What are the rules that will keep the children safe?"),
        QT_TRANSLATE_NOOP("workspace.guide", "Who will make sure each rule is kept?"),
        QT_TRANSLATE_NOOP("workspace.guide",
                          "What signs would tell the network that things are going wrong?"),
        QT_TRANSLATE_NOOP("workspace.guide",
                          "What will happen if the plan isn't working? (That is not failure.)"),
        QT_TRANSLATE_NOOP("workspace.guide", "When will everyone look at the plan again?"),
    )),
    "assessment": (QT_TRANSLATE_NOOP(
        "workspace.guide", "Write down what you have learned and why."), (
        QT_TRANSLATE_NOOP("workspace.guide", "What happened, and what did it tell us?"),
        QT_TRANSLATE_NOOP("workspace.guide", "Do we understand enough to decide? If not, what "
                          "don't we know yet?"),
        QT_TRANSLATE_NOOP("workspace.guide", "What have we decided, and why?"),
        QT_TRANSLATE_NOOP("workspace.guide", "When can the family expect to hear, or why is it "
                          "taking longer?"),
    )),
}


def prompts_for(page_key: str, template: Template) -> list[tuple[str, str, tuple[str, ...]]]:
    """[(heading, help, prompts)] for one step."""
    if page_key in AREAS_FOR_PAGE:
        out = []
        for area in AREAS_FOR_PAGE[page_key]:
            a = template.areas[area]
            out.append((a.label, a.help, a.prompts))
        return out
    if page_key == "judgement":
        return [(template.scale_question, template.wording(), template.scale_follow_ups),
                (translate("workspace.guide", "With a parent"), template.wording("parent"), ()),
                (translate("workspace.guide", "With a child"), template.wording("child"), ())]
    help_text, prompts = OTHER_PROMPTS.get(page_key, ("", ()))
    return [("", translate("workspace.guide", help_text) if help_text else "",
             tuple(translate("workspace.guide", p) for p in prompts))]


class GuidePanel(QFrame):
    back = Signal()
    next = Signal()
    skip = Signal()
    finish = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidePanel")
        self.setAccessibleName(translate("workspace.guide", "Guided conversation"))
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 16)
        self.step = Label()
        self.step.setObjectName("muted")
        self.step.setAccessibleName(translate("workspace.guide", "Step"))
        self.heading = Label()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        lay.addWidget(self.step)
        lay.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName(translate("workspace.guide", "Questions you might ask"))
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 4, 0)
        scroll.setWidget(self.body)
        lay.addWidget(scroll, 1)
        note = Label(translate("workspace.guide", "These are suggestions. Skip anything that "
                               "doesn't fit; everything is saved as you go."))
        note.setWordWrap(True)
        note.setObjectName("muted")
        lay.addWidget(note)
        row = QHBoxLayout()
        self.back_button = QPushButton(translate("workspace.guide", "Back"))
        self.back_button.setAccessibleName(
            translate("workspace.guide", "Back to the previous step"))
        self.skip_button = QPushButton(translate("workspace.guide", "Skip"))
        self.skip_button.setAccessibleName(translate("workspace.guide", "Skip this step"))
        self.next_button = QPushButton(translate("workspace.guide", "Next"))
        self.next_button.setObjectName("primary")
        self.next_button.setAccessibleName(translate("workspace.guide", "Next step"))
        for b in (self.back_button, self.skip_button, self.next_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.finish_button = QPushButton(translate("workspace.guide", "Leave guided mode"))
        self.finish_button.setAccessibleName(translate("workspace.guide", "Leave guided mode"))
        lay.addWidget(self.finish_button)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.skip_button.clicked.connect(self.skip)
        self.finish_button.clicked.connect(self.finish)

    def show_step(self, index: int, total: int, title: str, page_key: str,
                  template: Template) -> None:
        self.step.setText(translate("workspace.guide", "Step {number} of {total}").format(
            number=index + 1, total=total))
        self.heading.setText(title)
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        for heading, help_text, prompts in prompts_for(page_key, template):
            if heading:
                h = Label(heading)
                h.setWordWrap(True)
                h.setStyleSheet("font-weight: bold; margin-top: 8px;")
                self.body_layout.addWidget(h)
            if help_text:
                hl = Label(help_text)
                hl.setWordWrap(True)
                hl.setObjectName("muted")
                self.body_layout.addWidget(hl)
            for p in prompts:
                pl = Label("•  " + p)
                pl.setWordWrap(True)
                pl.setObjectName("guidePrompt")
                pl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.body_layout.addWidget(pl)
        self.body_layout.addStretch(1)
        self.back_button.setEnabled(index > 0)
        last = index >= total - 1
        self.next_button.setText(translate("workspace.guide", "Finish") if last
                                 else translate("workspace.guide", "Next"))
        self.next_button.setAccessibleName(
            translate("workspace.guide", "Finish the guided conversation") if last
            else translate("workspace.guide", "Next step"))
        self.skip_button.setEnabled(not last)
