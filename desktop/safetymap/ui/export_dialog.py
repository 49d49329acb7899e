"""Print or save a family document (plan, assessment, children's version) as a PDF.

Before anything is made, the dialog shows the plain-language check (professional words with plain
alternatives, and the reading-ease score) so the worker can change the wording first. The PDF is
made on a pool thread with a progress bar; the window never freezes. When it is done the file is
opened with the system's PDF viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..store.engine import Store
from .tasks import run_in_background
from .widgets.common import close_and_save_row

KINDS = (
    ("plan", "The family's plan", "safety-plan.pdf",
     "The plan in the family's words, to read, sign and keep."),
    ("assessment", "The assessment", "assessment.pdf",
     "The map, everyone's views and scores, the chronology, the analysis and the decision."),
    ("children", "The children's version", "for-the-children.pdf",
     "Words and pictures a child can understand."),
)


def _documents_service() -> Any:
    try:
        from ..services import documents
    except ImportError:  # the export work may not be installed in a trimmed build
        return None
    return documents


class ExportDialog(QDialog):
    def __init__(self, store: Store, family_id: int, parent: QWidget | None = None,
                 initial_kind: str = "plan") -> None:
        super().__init__(parent)
        self.store = store
        self.family_id = family_id
        self.setWindowTitle("Print or save a document")
        self.setAccessibleName("Print or save a document")
        self.setMinimumWidth(680)
        self.ask_path: Callable[[str], str] = self._ask_path
        self.open_file: Callable[[Path], None] = lambda p: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(p)))
        self.last_path: Path | None = None
        self.last_warnings: list[str] = []
        self._busy = False
        self._check_task = None
        self._export_task = None

        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = QLabel("Which document?")
        head.setObjectName("sectionTitle")
        lay.addWidget(head)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for kind, label, _file, desc in KINDS:
            r = QRadioButton(label)
            r.setObjectName(f"export_{kind}")
            r.setAccessibleName(label)
            r.setAccessibleDescription(desc)
            self.group.addButton(r)
            self.radios[kind] = r
            lay.addWidget(r)
            d = QLabel(desc)
            d.setObjectName("muted")
            d.setWordWrap(True)
            d.setContentsMargins(28, 0, 0, 4)
            lay.addWidget(d)
        self.safe_copy = QCheckBox("Safe copy: leave out addresses and phone numbers not "
                                   "marked “Safe to share”")
        self.safe_copy.setObjectName("exportSafeCopy")
        self.safe_copy.setAccessibleName("Safe copy: leave out addresses and phone numbers not "
                                         "marked safe to share")
        self.safe_copy.setChecked(True)
        lay.addWidget(self.safe_copy)
        always = QLabel("Anything marked “Not for the family's copy” is never printed.")
        always.setObjectName("muted")
        always.setWordWrap(True)
        lay.addWidget(always)

        check_head = QLabel("Is it easy to read?")
        check_head.setObjectName("sectionTitle")
        lay.addWidget(check_head)
        self.reading = QLabel("Checking the wording…")
        self.reading.setWordWrap(True)
        self.reading.setAccessibleName("Reading ease")
        lay.addWidget(self.reading)
        self.findings = QListWidget()
        self.findings.setObjectName("exportFindings")
        self.findings.setAccessibleName("Words to think about changing")
        self.findings.setWordWrap(True)
        self.findings.setMinimumHeight(110)
        lay.addWidget(self.findings, 1)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress making the document")
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        lay.addWidget(self.status)

        row, self.close_button, self.go = close_and_save_row(
            self, "Choose where to save the document, then make it", self.start)
        lay.addLayout(row)

        self.radios.get(initial_kind, self.radios["plan"]).setChecked(True)
        self.group.buttonToggled.connect(lambda _b, on: on and self.check())
        self.check()

    def kind(self) -> str:
        for k, r in self.radios.items():
            if r.isChecked():
                return k
        return "plan"

    # -- the plain-language check (before export) -------------------------------------------
    def check(self) -> None:
        service = _documents_service()
        self.findings.clear()
        if service is None or not hasattr(service, "check_plain_language"):
            self.reading.setText("The wording check is not available in this version.")
            return
        self.reading.setText("Checking the wording…")
        store, fid, kind = self.store, self.family_id, self.kind()
        self._check_task = run_in_background(
            lambda: service.check_plain_language(store, kind, fid),
            lambda report, k=kind: self._show_report(k, report),
            lambda msg: self.reading.setText(msg), receiver=self)

    def _show_report(self, kind: str, report: Any) -> None:
        if kind != self.kind():
            return
        self.reading.setText(report.summary())
        self.findings.clear()
        for w in report.warnings():
            self.findings.addItem(w)
        if not report.warnings():
            self.findings.addItem("Nothing to change: no professional words found.")

    # -- export -----------------------------------------------------------------------------
    def _ask_path(self, suggested: str) -> str:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(self, "Save the document as", str(
            Path(folder) / suggested), "PDF documents (*.pdf)")
        return path

    def start(self) -> None:
        if self._busy:
            return
        service = _documents_service()
        if service is None:
            self.status.setText("Making documents is not available in this version.")
            return
        kind = self.kind()
        suggested = dict((k, f) for k, _l, f, _d in KINDS)[kind]
        path = self.ask_path(suggested)
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        store, fid, safe = self.store, self.family_id, self.safe_copy.isChecked()
        self._set_busy(True)
        self.status.setText("Making the document…")
        self._export_task = run_in_background(
            lambda progress: service.export_document(store, fid, kind, out, safe_copy=safe,
                                                     progress=progress),
            lambda warnings: self._done(out, warnings),
            self._failed,
            on_progress=lambda f: self.progress.setValue(int(f * 100)),
            receiver=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy or self.progress.value() > 0)
        if busy:
            self.progress.setValue(0)
        for w in (self.go, self.safe_copy, *self.radios.values()):
            w.setEnabled(not busy)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _done(self, out: Path, warnings: list[str]) -> None:
        self._set_busy(False)
        self.progress.setValue(100)
        self.last_path = out
        self.last_warnings = list(warnings)
        self.status.setText(f"Saved as {out.name}. Opening it now.")
        self.findings.clear()
        for w in warnings:
            self.findings.addItem(w)
        if self.isVisible():  # never pop a family's document up after the app has locked
            self.open_file(out)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.status.setText(message)

    def reject(self) -> None:
        if self._busy:
            self.status.setText("Please wait: the document is nearly ready.")
            return
        super().reject()
