"""What's working well? Existing strengths and existing safety, each saying whose view it is."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ...domain.model import MapArea
from ..tr import translate
from ..widgets.common import hint
from ..widgets.entry_list import EntryListEditor
from ..widgets.scroll_page import ScrollingPage
from .page import WorkspaceContext


class WorkingWellPage(ScrollingPage):
    page_key = "working_well"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.body.addWidget(hint(translate(
            "workspace.working_well", "Good things that happen, and what people have already "
            "done to keep the children safe. Who saw it? When did it happen?")))
        self.strengths = EntryListEditor(ctx, MapArea.STRENGTH, refresh=self.refresh,
                                         notify=self.notify,
                                         placeholder=translate(
                                             "workspace.working_well",
                                             "What is going well, and who has seen it?"))
        self.safety = EntryListEditor(ctx, MapArea.EXISTING_SAFETY, refresh=self.refresh,
                                      notify=self.notify,
                                      placeholder=translate(
                                          "workspace.working_well", "A time the danger was "
                                          "there and someone kept the children safe. What did "
                                          "they do?"))
        self.body.addWidget(self.strengths)
        self.body.addWidget(self.safety)
        self.finish()

    def title(self) -> str:
        return self.ctx.template.sections["working_well"]

    def update_document(self, doc: dict[str, Any]) -> None:
        self.strengths.set_document(doc)
        self.safety.set_document(doc)
