"""Print a family document (plan, assessment, children's version), or save it as a PDF.

Before anything is made, the dialog shows the plain-language check (professional words with plain
alternatives, and the reading-ease score) so the worker can change the wording first.

**Print…** (the main button) leaves no file: the PDF is made in memory by
`services.documents.document_bytes`, each page is rendered from those bytes with QtPdf (a
QPdfDocument reading a QBuffer) on a pool thread, and painted onto the QPrinter on the GUI thread,
one page at a time, fitted to the printable area. Nothing is written to disk by Safety Map. (The
system's print spooler may still hold the job while it prints; the job title is a neutral
"Safety Map document", never a name.)

**Save as PDF…** is the separate, explicit way to keep a file. Its file dialog is Qt's own (not
the system's, which keeps "recent places" of its own), starts in the Documents folder, and is
made to forget the folder before it is destroyed, so nothing chosen there reaches Qt's settings
(see also `app.keep_qt_settings_off_disk`). The saved file is not opened automatically: a PDF
viewer would add it to its recent files.

`_before_output(kind, action)` runs before both: the safety check (`safety_check_dialog.py`:
what in a family-facing document could locate someone, decided one by one; replaceable as
`self.safety_check` in tests). Cancel there stops the print or save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..store.engine import Store
from .tasks import Task, run_in_background
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.plain import Label
from .widgets.tidy import TidyComboBox

log = logging.getLogger(__name__)

# (kind, label, suggested file name, description): translated where shown
KINDS = (
    ("plan", QT_TRANSLATE_NOOP("export_dialog", "The family's plan"), "safety-plan.pdf",
     QT_TRANSLATE_NOOP("export_dialog",
                       "The plan in the family's words, to read, sign and keep.")),
    ("assessment", QT_TRANSLATE_NOOP("export_dialog", "The assessment"), "assessment.pdf",
     QT_TRANSLATE_NOOP("export_dialog", "The map, everyone's views and scores, the chronology, "
                       "the analysis and the decision.")),
    ("children", QT_TRANSLATE_NOOP("export_dialog", "The children's version"),
     "for-the-children.pdf",
     QT_TRANSLATE_NOOP("export_dialog", "Words and pictures a child can understand.")),
)

#: the print job's title, seen in the print queue and the spooler's job history: never a name
PRINT_JOB_NAME = QT_TRANSLATE_NOOP("export_dialog", "Safety Map document")
#: pages are rendered at the printer's resolution, but not above this (an A4 page at 300 dpi is
#: about 35 MB in memory; at a laser printer's 1200 dpi it would be over 500 MB)
MAX_RENDER_DPI = 300
MIN_RENDER_DPI = 150

UNENCRYPTED_NOTE = QT_TRANSLATE_NOOP(
    "export_dialog", "Printing leaves no copy on this computer. A saved PDF is not encrypted: "
    "anyone who finds the file can read it.")


#: the document's language, each named in itself first (Welsh before English)
LANGUAGES = (("cy", QT_TRANSLATE_NOOP("export_dialog", "Cymraeg (Welsh)")),
             ("en", QT_TRANSLATE_NOOP("export_dialog", "English (Saesneg)")),
             ("bilingual", QT_TRANSLATE_NOOP("export_dialog",
                                             "Cymraeg a Saesneg (both, Welsh first)")))


def _family_language(store: Store, family_id: int) -> str:
    """The family's preferred language ("" when nobody has asked, or it cannot be read)."""
    try:
        from ..services.families import list_families

        found = list_families(store, include_archived=True, only_ids=[family_id])
    except Exception:  # noqa: BLE001 - the dialog still opens, in English
        return ""
    return found[0].language if found else ""


def _documents_service() -> Any:
    try:
        from ..services import documents
    except ImportError:  # the export work may not be installed in a trimmed build
        return None
    return documents


# -- pages from memory (QtPdf) ------------------------------------------------------------------
def pdf_available() -> bool:
    try:
        from PySide6 import QtPdf  # noqa: F401  (the PySide6-Pdf wheel)
    except ImportError:
        return False
    return True


class _MemoryPdf:
    """A QPdfDocument reading PDF bytes from a QBuffer: nothing touches the disk. Make, use and
    close it on one thread."""

    def __init__(self, data: bytes) -> None:
        from PySide6.QtPdf import QPdfDocument

        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.doc = QPdfDocument()
        self.doc.load(self._buffer)
        if self.doc.status() != QPdfDocument.Status.Ready or self.doc.pageCount() < 1:
            self.close()
            raise ValueError("the document could not be read back for printing")

    def page_count(self) -> int:
        return int(self.doc.pageCount())

    def render(self, index: int, dpi: int) -> QImage:
        points = self.doc.pagePointSize(index)
        size = QSize(max(1, round(points.width() * dpi / 72)),
                     max(1, round(points.height() * dpi / 72)))
        page = self.doc.render(index, size)  # transparent where the page is blank
        paper = QImage(size, QImage.Format.Format_RGB32)
        paper.fill(QColor("white"))
        p = QPainter(paper)
        p.drawImage(0, 0, page)
        p.end()
        return paper

    def close(self) -> None:
        self.doc.close()
        self._buffer.close()
        self._buffer.setData(QByteArray())


def pdf_page_count(data: bytes) -> int:
    pdf = _MemoryPdf(data)
    try:
        return pdf.page_count()
    finally:
        pdf.close()


def render_pdf_page(data: bytes, index: int, dpi: int) -> QImage:
    """One page of a PDF held in memory, as an image on white paper (any thread)."""
    pdf = _MemoryPdf(data)
    try:
        return pdf.render(index, dpi)
    finally:
        pdf.close()


def render_dpi(printer: QPrinter) -> int:
    return max(MIN_RENDER_DPI, min(int(printer.resolution()), MAX_RENDER_DPI))


def fit_rect(image: QSize, area: QRectF) -> QRectF:
    """The largest rectangle of the image's shape that fits the area, centred in it."""
    scaled = QSize(image).scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
    x = area.x() + (area.width() - scaled.width()) / 2
    y = area.y() + (area.height() - scaled.height()) / 2
    return QRectF(x, y, scaled.width(), scaled.height())


# -- a save dialog that forgets ----------------------------------------------------------------
def documents_folder() -> Path:
    """The user's Documents folder (made if it is missing), else their home folder. Never the
    folder the app was started from."""
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(loc) if loc else Path.home()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path.home()
    return folder


def _sidebar(folder: Path) -> list[QUrl]:
    return [QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(Path.home()))]


def make_save_dialog(parent: QWidget | None, folder: Path, suggested: str) -> QFileDialog:
    """Qt's own file dialog (the system's keeps its own "recent places"), in `folder`."""
    dlg = QFileDialog(parent, translate("export_dialog", "Save the document as a PDF"),
                      str(folder), translate("export_dialog", "PDF documents (*.pdf)"))
    dlg.setObjectName("savePdfFileDialog")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dlg.setFileMode(QFileDialog.FileMode.AnyFile)
    dlg.setDefaultSuffix("pdf")
    dlg.setHistory([])
    dlg.setSidebarUrls(_sidebar(folder))
    dlg.setDirectory(str(folder))
    dlg.selectFile(suggested)
    return dlg


def forget_file_dialog(dlg: QFileDialog, folder: Path) -> None:
    """QFileDialog's destructor writes its history, its sidebar and the last folder visited into
    Qt's own settings (QSettings(UserScope, "QtProject"): QtProject.conf, or the registry on
    Windows, or a plist on macOS, where that path cannot be moved). Point all three back at the
    harmless starting folder first, so the folder that was chosen is never written."""
    dlg.setDirectory(str(folder))  # also Qt's process-wide "last visited" folder
    dlg.setSidebarUrls(_sidebar(folder))
    dlg.setHistory([])


def ask_save_path(parent: QWidget | None, suggested: str) -> str:
    folder = documents_folder()
    dlg = make_save_dialog(parent, folder, suggested)
    try:
        accepted = dlg.exec() == QDialog.DialogCode.Accepted
        files = dlg.selectedFiles() if accepted else []
    finally:
        forget_file_dialog(dlg, folder)
        shiboken6.delete(dlg)  # the destructor (and its settings write) runs now, scrubbed
    return files[0] if files else ""


class ExportDialog(QDialog):
    def __init__(self, store: Store, family_id: int, parent: QWidget | None = None,
                 initial_kind: str = "plan") -> None:
        super().__init__(parent)
        self.store = store
        self.family_id = family_id
        self.setWindowTitle(translate("export_dialog", "Print or save a document"))
        self.setAccessibleName(translate("export_dialog", "Print or save a document"))
        self.setMinimumWidth(680)
        #: replaced in tests: the path to save to ("" to cancel)
        self.ask_path: Callable[[str], str] = self._ask_path
        #: replaced in tests: the printer to print on (None to cancel)
        self.choose_printer: Callable[[], QPrinter | None] = self._choose_printer
        #: replaced in tests: the safety check before printing or saving, given the kind and
        #: whether "safe copy" is ticked; False stops (see _before_output)
        self.safety_check: Callable[[str, bool], bool] = self._safety_check
        self._output_action = "print"
        self.last_path: Path | None = None
        self.last_warnings: list[str] = []
        self.pages_printed = 0
        self._busy = False
        self._check_task: Task | None = None
        self._export_task: Task | None = None
        self._print_task: Task | None = None
        self._print: dict[str, Any] | None = None  # the print run in progress
        self._pending: Callable[[], None] | None = None  # waits for the wording check

        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        head = Label(translate("export_dialog", "Which document?"))
        head.setObjectName("sectionTitle")
        lay.addWidget(head)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for kind, label_en, _file, desc_en in KINDS:
            label = translate("export_dialog", label_en)
            desc = translate("export_dialog", desc_en)
            r = QRadioButton(label)
            r.setObjectName(f"export_{kind}")
            r.setAccessibleName(label)
            r.setAccessibleDescription(desc)
            self.group.addButton(r)
            self.radios[kind] = r
            lay.addWidget(r)
            d = Label(desc)
            d.setObjectName("muted")
            d.setWordWrap(True)
            d.setContentsMargins(28, 0, 0, 4)
            lay.addWidget(d)
        self.safe_copy = QCheckBox(translate(
            "export_dialog", "Safe copy: leave out addresses and phone numbers not "
            "marked “Safe to share”"))
        self.safe_copy.setObjectName("exportSafeCopy")
        self.safe_copy.setAccessibleName(translate(
            "export_dialog", "Safe copy: leave out addresses and phone numbers not "
            "marked safe to share"))
        self.safe_copy.setChecked(True)
        lay.addWidget(self.safe_copy)
        always = Label(translate("export_dialog",
                                 "Anything marked “Not for the family's copy” is never printed."))
        always.setObjectName("muted")
        always.setWordWrap(True)
        lay.addWidget(always)

        # the document's language: the family's own choice first (Welsh Language Standards)
        lang_row = QHBoxLayout()
        lang_label = Label(translate("export_dialog", "Language:"))
        self.language = TidyComboBox()
        self.language.setObjectName("exportLanguage")
        self.language.setAccessibleName(translate("export_dialog", "The document's language"))
        for code, label in LANGUAGES:
            self.language.addItem(translate("export_dialog", label), code)
        lang_label.setBuddy(self.language)
        self.language_note = Label("")
        self.language_note.setObjectName("muted")
        self.language_note.setWordWrap(True)
        lang_row.addWidget(lang_label)
        lang_row.addWidget(self.language)
        lang_row.addWidget(self.language_note, 1)
        lay.addLayout(lang_row)
        self._prefers = _family_language(store, family_id)
        # a Welsh document is checked against the Welsh words too, with no English score
        self.language.activated.connect(lambda _i: self.check())

        check_head = Label(translate("export_dialog", "Is it easy to read?"))
        check_head.setObjectName("sectionTitle")
        lay.addWidget(check_head)
        self.reading = Label(translate("export_dialog", "Checking the wording…"))
        self.reading.setWordWrap(True)
        self.reading.setAccessibleName(translate("export_dialog", "Reading ease"))
        lay.addWidget(self.reading)
        self.findings = QListWidget()
        self.findings.setObjectName("exportFindings")
        self.findings.setAccessibleName(translate("export_dialog",
                                                   "Words to think about changing"))
        self.findings.setWordWrap(True)
        self.findings.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.findings.setResizeMode(QListView.ResizeMode.Adjust)
        self.findings.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.findings.setMinimumHeight(110)
        lay.addWidget(self.findings, 1)

        #: the place for a safety check shown before printing or saving (see _before_output)
        self.before_output_area = QVBoxLayout()
        self.before_output_area.setSpacing(6)
        lay.addLayout(self.before_output_area)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(translate("export_dialog",
                                                   "Progress making the document"))
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = Label("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(translate("export_dialog", "Export status"))
        lay.addWidget(self.status)

        self.note = Label(translate("export_dialog", UNENCRYPTED_NOTE))
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(translate("export_dialog", "About printing and saving"))
        lay.addWidget(self.note)

        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(translate("export_dialog", "Close"))
        self.close_button.setAccessibleName(translate("export_dialog", "Close"))
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton(translate("export_dialog", "Save as PDF…"))
        self.save_button.setObjectName("exportSave")
        self.save_button.setAccessibleName(translate(
            "export_dialog", "Save as PDF: choose where to keep an unencrypted file"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(translate("export_dialog", "Print…"))
        self.print_button.setObjectName("primary")
        self.print_button.setAccessibleName(translate(
            "export_dialog", "Print: choose a printer; no file is kept"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        for b in (self.close_button, self.save_button, self.print_button):
            row.addWidget(b)
        lay.addLayout(row)

        self.radios.get(initial_kind, self.radios["plan"]).setChecked(True)
        def toggled(_button: QAbstractButton, on: bool) -> None:
            if on:
                self._show_language()
                self.check()

        self.group.buttonToggled.connect(toggled)
        self._show_language()
        self.check()

    def _show_language(self) -> None:
        """Welsh, English or both (every document is in both); the family's own language
        chosen first."""
        service = _documents_service()
        in_welsh = getattr(service, "IN_WELSH", ())
        welsh_here = self.kind() in in_welsh
        want = ("cy" if self._prefers == "cy" else "en") if welsh_here else "en"
        self.language.setCurrentIndex(max(0, self.language.findData(want)))
        self.language.setEnabled(welsh_here)

    def chosen_language(self) -> str:
        return str(self.language.currentData() or "en")

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
            self.reading.setText(translate(
                "export_dialog", "The wording check is not available in this version."))
            return
        self.reading.setText(translate("export_dialog", "Checking the wording…"))
        store, fid, kind = self.store, self.family_id, self.kind()
        lang = self.chosen_language()

        def work() -> tuple[Any, list[str]]:
            report = service.check_plain_language(store, kind, fid, language=lang)
            extra: list[str] = []
            if kind == "children" and hasattr(service, "children_check"):
                # what the children's version lacks, told before it is made (never blocking)
                extra = service.children_check(store, fid)
            return report, extra

        def checked(result: tuple[Any, list[str]]) -> None:
            self._show_report(kind, result[0], result[1])
            self._run_pending()

        def failed(msg: str) -> None:
            self.reading.setText(msg)
            self._run_pending()

        self._check_task = run_in_background(work, checked, failed, receiver=self)

    def _after_check(self, start: Callable[[], None]) -> None:
        """Start store work once the wording check has finished: one background task at a time
        reads the store (connections are per thread, and a pool thread may get a new one)."""
        task = self._check_task
        if task is not None and not task.finished:
            self._pending = start
        else:
            start()

    def _run_pending(self) -> None:
        start, self._pending = self._pending, None
        if start is not None:
            start()

    def _show_report(self, kind: str, report: Any, extra: list[str] | None = None) -> None:
        if kind != self.kind():
            return
        self.reading.setText(report.summary())
        self.findings.clear()
        for w in extra or []:
            self.findings.addItem(w)
        for w in report.warnings():
            self.findings.addItem(w)
        if not report.warnings():
            self.findings.addItem(translate(
                "export_dialog", "Nothing to change: no professional words found."))

    def _before_output(self, kind: str, action: str) -> bool:
        """Called before printing (action "print") or saving ("save") document `kind`: the
        safety check (ui/safety_check_dialog.py) lists what in a family-facing document could
        locate someone, and False (Cancel) stops. Not shown when nothing is found."""
        self._output_action = action
        return self.safety_check(kind, self.safe_copy.isChecked())

    def _safety_check(self, kind: str, safe_copy: bool) -> bool:
        from .safety_check_dialog import run_safety_check

        return run_safety_check(self.store, self.family_id, kind, safe_copy,
                                action=self._output_action, parent=self,
                                say=self.status.setText)

    # -- print (nothing written) ------------------------------------------------------------
    def _choose_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        dlg.setWindowTitle(translate("export_dialog", "Print the document"))
        # "Print to file" would leave a file behind: saving is the separate, explicit button
        dlg.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
        finally:
            shiboken6.delete(dlg)
        if printer.outputFileName():
            self.status.setText(translate(
                "export_dialog", "That would save a file. To keep a copy, use Save as PDF…."))
            return None
        return printer

    def print_document(self) -> None:
        if self._busy:
            return
        service = _documents_service()
        if service is None or not hasattr(service, "document_bytes"):
            self.status.setText(translate("export_dialog",
                                          "Printing is not available in this version."))
            return
        if not pdf_available():
            self.status.setText(translate(
                "export_dialog", "Printing needs a part of Qt that is not installed "
                "(PySide6-Pdf). Save as PDF… still works."))
            return
        kind = self.kind()
        if not self._before_output(kind, "print"):
            return
        printer = self.choose_printer()
        if printer is None:
            return
        printer.setDocName(translate("export_dialog", PRINT_JOB_NAME))
        printer.setCreator("Safety Map")
        store, fid, safe = self.store, self.family_id, self.safe_copy.isChecked()
        lang = self.chosen_language()
        dpi = render_dpi(printer)
        self._print = {"printer": printer, "painter": None, "data": b"", "pages": [],
                       "next": 0, "dpi": dpi, "warnings": []}
        self.pages_printed = 0
        self._set_busy(True)
        self.status.setText(translate("export_dialog", "Getting the pages ready…"))

        def prepare(progress: Callable[[float], None]) -> tuple[bytes, list[str], int]:
            data, warnings = service.document_bytes(store, fid, kind, safe_copy=safe,
                                                    progress=lambda f: progress(0.4 * f),
                                                    language=lang)
            return data, warnings, pdf_page_count(data)

        def start() -> None:
            if self._print is None:  # closed while waiting
                return
            def progress(f: float) -> None:
                if self._print is not None:
                    self.progress.setValue(int(f * 100))

            self._print_task = run_in_background(
                prepare, self._print_prepared, self._print_failed, on_progress=progress,
                receiver=self)

        self._after_check(start)

    def _print_prepared(self, result: tuple[bytes, list[str], int]) -> None:
        job = self._print
        if job is None:  # closed (locked) while the pages were being made
            return
        data, warnings, count = result
        printer: QPrinter = job["printer"]
        first, last = printer.fromPage(), printer.toPage()  # 1-based; 0 means every page
        first = min(max(first, 1), count) if first else 1
        last = min(max(last, first), count) if last else count
        job.update(data=data, warnings=list(warnings), pages=list(range(first - 1, last)))
        self.status.setText(translate("export_dialog", "Printing page {page} of {total}…")
                            .format(page=1, total=len(job["pages"])))
        self._render_next()

    def _render_next(self) -> None:
        job = self._print
        assert job is not None
        index = job["pages"][job["next"]]
        data, dpi = job["data"], job["dpi"]
        self._print_task = run_in_background(
            lambda: render_pdf_page(data, index, dpi), self._paint_page, self._print_failed,
            receiver=self)

    def _paint_page(self, image: QImage) -> None:
        job = self._print
        if job is None:
            return
        printer: QPrinter = job["printer"]
        if job["painter"] is None:
            painter = QPainter()
            if not painter.begin(printer):
                self._print_failed(translate(
                    "export_dialog", "The printer could not be started. Check it is switched "
                    "on and try again."))
                return
            job["painter"] = painter
        elif not printer.newPage():
            self._print_failed(translate(
                "export_dialog", "The printer stopped before the last page. Check it and try "
                "again."))
            return
        painter = job["painter"]
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        # the painter's origin is the top left of the printable area
        painter.drawImage(fit_rect(image.size(), QRectF(0, 0, area.width(), area.height())),
                          image)
        job["next"] += 1
        self.pages_printed = job["next"]
        total = len(job["pages"])
        self.progress.setValue(40 + int(60 * job["next"] / total))
        if job["next"] < total:
            self.status.setText(translate("export_dialog", "Printing page {page} of {total}…")
                                .format(page=job["next"] + 1, total=total))
            self._render_next()
            return
        painter.end()
        warnings = job["warnings"]
        self._print = None
        self._set_busy(False)
        self.progress.setValue(100)
        self.last_warnings = list(warnings)
        self.status.setText(translate(
            "export_dialog", "Sent %n page(s) to the printer. Safety Map kept no copy.", None,
            total))
        self._show_warnings(warnings)

    def _print_failed(self, message: str) -> None:
        self._stop_printing()
        self._failed(message)

    def _stop_printing(self) -> None:
        job, self._print = self._print, None
        if job is None:
            return
        painter = job["painter"]
        if painter is not None and painter.isActive():
            job["printer"].abort()
            painter.end()

    # -- save as PDF (an explicit, unencrypted file) ----------------------------------------
    def _ask_path(self, suggested: str) -> str:
        return ask_save_path(self, suggested)

    def save(self) -> None:
        if self._busy:
            return
        service = _documents_service()
        if service is None:
            self.status.setText(translate(
                "export_dialog", "Making documents is not available in this version."))
            return
        kind = self.kind()
        if not self._before_output(kind, "save"):
            return
        suggested = dict((k, f) for k, _l, f, _d in KINDS)[kind]
        path = self.ask_path(suggested)
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        store, fid, safe = self.store, self.family_id, self.safe_copy.isChecked()
        lang = self.chosen_language()
        self._set_busy(True)
        self.status.setText(translate("export_dialog", "Making the document…"))
        self._after_check(lambda: setattr(self, "_export_task", run_in_background(
            lambda progress: service.export_document(store, fid, kind, out, safe_copy=safe,
                                                     progress=progress, language=lang),
            lambda warnings: self._saved(out, warnings),
            self._failed,
            on_progress=lambda f: self.progress.setValue(int(f * 100)),
            receiver=self)))

    def _saved(self, out: Path, warnings: list[str]) -> None:
        self._set_busy(False)
        self.progress.setValue(100)
        self.last_path = out
        self.last_warnings = list(warnings)
        # not opened: a PDF viewer would put the file in its list of recent documents
        self.status.setText(translate("export_dialog", "Saved as {file} in the folder “{folder}”.")
                            .format(file=out.name, folder=out.parent.name))
        self._show_warnings(warnings)

    # -- shared -----------------------------------------------------------------------------
    def _show_warnings(self, warnings: list[str]) -> None:
        self.findings.clear()
        for w in warnings:
            self.findings.addItem(w)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)  # when done, the status sentence says what happened
        if busy:
            self.progress.setValue(0)
        for w in (self.print_button, self.save_button, self.safe_copy, *self.radios.values()):
            w.setEnabled(not busy)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.status.setText(message)

    def reject(self) -> None:
        if self._busy:
            self.status.setText(translate("export_dialog",
                                          "Please wait: the document is nearly ready."))
            return
        super().reject()

    def done(self, result: int) -> None:
        # locking closes the dialog with done(0): a print run stops, and its pages are dropped
        pending, self._pending = self._pending, None
        if self._print is not None or pending is not None:
            self._stop_printing()
            self._set_busy(False)
        super().done(result)
