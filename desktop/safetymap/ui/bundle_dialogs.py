"""Handing a case over: export one family to an encrypted bundle file, and import one.

Export asks for a file and a bundle passphrase typed twice (judged by zxcvbn like the store's);
the sealing (Argon2id + AES-GCM) runs on a pool thread. Import asks for a file and the
passphrase, then decrypts and checks the whole bundle on a pool thread (services.bundles
read_bundle, then preview_import: nothing in the store is touched). If the family is already
here the person must choose: a new copy, or a merge whose differences are listed first. Nothing
is ever overwritten silently; every error is a sentence, and a failed import changes nothing.

A merge's plan comes from the service as plain data: first, in red, every change that would make
something more visible (a relaxation), each with its own checkbox, unticked; then the records
changed on both laptops, each with a checkbox to take the bundle's version, unticked; then the
rest. Importing passes exactly the ticked keys to `import_bundle`. Every label showing case
text is plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..services import bundles
from ..services.passphrase import assess
from ..store.engine import Store
from .supervision.report import day
from .tasks import error_sentence, run_in_background
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.common import close_and_save_row
from .widgets.plain import Label

log = logging.getLogger(__name__)
SUFFIX = ".smbundle"
FILTER = QT_TRANSLATE_NOOP("bundle_dialogs", "Safety Map bundles (*.smbundle)")
RED = "#a4161a"  # 7:1 on white
KEY_ROLE = Qt.ItemDataRole.UserRole


def _documents() -> str:
    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def _label(text: str, name: str = "", muted: bool = False) -> QLabel:
    lab = Label(text)
    lab.setWordWrap(True)
    if muted:
        lab.setObjectName("muted")
    if name:
        lab.setAccessibleName(name)
    return lab


def _check_list(name: str, accessible: str) -> QListWidget:
    box = QListWidget()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setWordWrap(True)
    box.setResizeMode(QListWidget.ResizeMode.Adjust)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    box.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
    box.hide()
    return box


def _busy_bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)  # busy: Argon2id has no progress to report
    bar.setAccessibleName(name)
    bar.hide()
    return bar


def _passphrase_box(name: str, placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    return box


class BundleExportDialog(QDialog):
    """Save one family as a bundle to hand the case over."""

    def __init__(self, store: Store, family_id: int, family_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.family_id = store, family_id
        self.setWindowTitle(translate("bundle_dialogs", "Hand a family over"))
        self.setAccessibleName(translate("bundle_dialogs",
                                         "Hand a family over: save a bundle file"))
        self.setMinimumWidth(600)
        self.ask_path: Callable[[str], str] = self._ask_path
        self.last_path: Path | None = None
        self._task: Any = None

        lay = QVBoxLayout(self)
        head = Label(translate("bundle_dialogs", "Save {name} as a bundle file")
                     .format(name=family_name))
        head.setObjectName("sectionTitle")
        head.setWordWrap(True)
        lay.addWidget(head)
        lay.addWidget(_label(translate(
            "bundle_dialogs",
            "The bundle holds everything about this family, with its history, locked with a "
            "passphrase of its own. Give the passphrase to the person receiving the case "
            "separately: by phone or in person, never with the file."), muted=True))
        form = QFormLayout()
        self.passphrase = _passphrase_box(translate("bundle_dialogs", "Bundle passphrase"),
                                          translate("bundle_dialogs",
                                                    "A short sentence works well"))
        self.passphrase.setObjectName("bundlePassphrase")
        self.again = _passphrase_box(translate("bundle_dialogs", "The bundle passphrase again"),
                                     translate("bundle_dialogs", "Type it again"))
        self.again.setObjectName("bundlePassphraseAgain")
        form.addRow(translate("bundle_dialogs", "Bundle passphrase"), self.passphrase)
        form.addRow(translate("bundle_dialogs", "Again"), self.again)
        lay.addLayout(form)
        self.feedback = _label("", translate("bundle_dialogs", "Passphrase feedback"),
                               muted=True)
        lay.addWidget(self.feedback)
        self.progress = _busy_bar(translate("bundle_dialogs", "Saving the bundle"))
        lay.addWidget(self.progress)
        self.status = _label("", translate("bundle_dialogs", "Bundle status"))
        self.status.setObjectName("bundleStatus")
        lay.addWidget(self.status)
        row, self.close_button, self.go = close_and_save_row(
            self, translate("bundle_dialogs", "Choose where to save the bundle, then save it"),
            self.start)
        lay.addLayout(row)
        self.passphrase.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self.passphrase.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(self.start)
        self._update()

    def _problem(self) -> str:
        p, a = self.passphrase.text(), self.again.text()
        if not p:
            return translate("bundle_dialogs", "Choose a passphrase for the bundle.")
        strength = assess(p)
        if not strength.acceptable:
            return translate("bundle_dialogs", "This passphrase would be easy to guess. {why}")\
                .format(why=strength.message())
        if a != p:
            return translate("bundle_dialogs", "Type the same passphrase twice.") if a \
                else translate("bundle_dialogs", "Type the passphrase again.")
        return ""

    def _update(self) -> None:
        problem = self._problem()
        self.feedback.setText(problem or translate("bundle_dialogs",
                                                   "That passphrase is strong enough."))
        self.go.setEnabled(not problem and self._task is None)

    def _ask_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, translate("bundle_dialogs", "Save the bundle as"),
            str(Path(_documents()) / suggested), translate("bundle_dialogs", FILTER))
        return path

    def start(self) -> None:
        problem = self._problem()
        if problem or self._task is not None:
            self.status.setText(problem)
            return
        path = self.ask_path("handover" + SUFFIX)
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != SUFFIX:
            out = out.with_name(out.name + SUFFIX)
        store, fid, secret = self.store, self.family_id, self.passphrase.text()
        self._set_busy(True)
        self.status.setText(translate("bundle_dialogs",
                                      "Locking the bundle with its passphrase…"))
        self._task = run_in_background(
            lambda: bundles.export_bundle(store, fid, out, secret),
            self._done, self._failed, receiver=self)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for w in (self.passphrase, self.again):
            w.setEnabled(not busy)
        self.go.setEnabled(not busy)

    @property
    def is_busy(self) -> bool:
        return self._task is not None

    def _done(self, result: Any) -> None:
        self._task = None
        self._set_busy(False)
        self.last_path = Path(result.path)
        self.passphrase.clear()
        self.again.clear()
        self.status.setText(translate(
            "bundle_dialogs", "Saved as {file} (%n records). Send the passphrase separately "
            "from the file.", None, result.records).format(file=self.last_path.name))

    def _failed(self, message: str) -> None:
        self._task = None
        self._set_busy(False)
        self._update()
        self.status.setText(message)

    def reject(self) -> None:
        if self._task is not None:
            self.status.setText(translate("bundle_dialogs",
                                          "Please wait: the bundle is nearly saved."))
            return
        super().reject()


class BundleImportDialog(QDialog):
    """Receive a family from a bundle file."""

    imported = Signal(int)  # the family id in this store

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(translate("bundle_dialogs", "Receive a family from a bundle"))
        self.setAccessibleName(translate("bundle_dialogs",
                                         "Receive a family from a bundle file"))
        self.setMinimumWidth(680)
        self.ask_path: Callable[[], str] = self._ask_path
        self.path: Path | None = None
        self.contents: bundles.BundleContents | None = None
        self.preview: bundles.ImportPreview | None = None
        self.import_result: bundles.ImportResult | None = None
        self._task: Any = None

        lay = QVBoxLayout(self)
        head = Label(translate("bundle_dialogs", "Receive a family from a bundle"))
        head.setObjectName("sectionTitle")
        lay.addWidget(head)
        lay.addWidget(_label(translate(
            "bundle_dialogs", "Choose the bundle file and type the passphrase you were given. "
            "The bundle is checked completely before anything is added."), muted=True))
        frow = QHBoxLayout()
        self.file_label = _label(translate("bundle_dialogs", "No file chosen yet."),
                                 translate("bundle_dialogs", "Bundle file"))
        self.file_label.setObjectName("bundleFile")
        self.choose = QPushButton(translate("bundle_dialogs", "Choose the file…"))
        self.choose.setObjectName("chooseBundle")
        self.choose.setAccessibleName(translate("bundle_dialogs", "Choose the bundle file"))
        self.choose.clicked.connect(self.choose_file)
        frow.addWidget(self.file_label, 1)
        frow.addWidget(self.choose)
        lay.addLayout(frow)
        prow = QHBoxLayout()
        self.passphrase = _passphrase_box(translate("bundle_dialogs", "Bundle passphrase"),
                                          translate("bundle_dialogs", "The bundle's passphrase"))
        self.passphrase.setObjectName("bundleImportPassphrase")
        self.open_button = QPushButton(translate("bundle_dialogs", "Open the bundle"))
        self.open_button.setObjectName("openBundle")
        self.open_button.setAccessibleName(translate("bundle_dialogs",
                                                     "Open and check the bundle"))
        self.open_button.clicked.connect(self.open_bundle)
        self.passphrase.returnPressed.connect(self.open_button.click)
        prow.addWidget(self.passphrase, 1)
        prow.addWidget(self.open_button)
        lay.addLayout(prow)
        self.progress = _busy_bar(translate("bundle_dialogs", "Opening the bundle"))
        lay.addWidget(self.progress)

        self.summary = _label("", translate("bundle_dialogs", "What is in the bundle"))
        self.summary.setObjectName("bundleSummary")
        lay.addWidget(self.summary)
        self.choice_box = QWidget()
        cl = QVBoxLayout(self.choice_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(_label(translate(
            "bundle_dialogs", "This family is already in this store. Choose what to do; "
            "nothing is replaced without your choice.")))
        self.as_copy = QRadioButton(translate(
            "bundle_dialogs", "Add it as a new copy (a separate family, marked “(copy)”)"))
        self.as_copy.setObjectName("importAsCopy")
        self.as_copy.setAccessibleName(translate("bundle_dialogs",
                                                 "Add it as a new copy, a separate family"))
        self.merge = QRadioButton(translate("bundle_dialogs",
                                            "Merge it into the family already here"))
        self.merge.setObjectName("importMerge")
        self.merge.setAccessibleName(translate("bundle_dialogs",
                                               "Merge it into the family already here"))
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.as_copy)
        self.choice.addButton(self.merge)
        cl.addWidget(self.as_copy)
        cl.addWidget(self.merge)
        # 1. In red, first: what would become visible. Nothing ticked, nothing relaxed.
        self.relax_label = _label(
            translate("bundle_dialogs",
                      "Careful: these changes in the bundle would let something be printed "
                      "that is kept out of the family's copy here. None of them is made unless "
                      "you tick it:"),
            translate("bundle_dialogs", "Changes that would make something more visible"))
        self.relax_label.setObjectName("relaxHeading")
        self.relax_label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        cl.addWidget(self.relax_label)
        self.relaxations = _check_list("relaxations", translate(
            "bundle_dialogs", "Changes that would make something more visible: tick only "
            "those you are sure of"))
        self.relaxations.setStyleSheet(f"QListWidget {{ border: 2px solid {RED}; }}")
        cl.addWidget(self.relaxations)
        # 2. Changed on both laptops: this store's version stays unless ticked.
        self.conflict_label = _label(
            translate("bundle_dialogs",
                      "Changed on both laptops since they last matched. This store's version "
                      "is kept unless you tick “use the bundle's version”:"),
            translate("bundle_dialogs", "Records changed on both laptops"))
        cl.addWidget(self.conflict_label)
        self.conflicts = _check_list("mergeConflicts", translate(
            "bundle_dialogs", "Records changed on both laptops: tick to use the bundle's "
            "version"))
        cl.addWidget(self.conflicts)
        self.diff_label = _label(translate(
            "bundle_dialogs", "Everything else a merge would do (a record changes only if it "
            "has not been changed here since; nothing here is deleted; signed-off supervision "
            "records are never changed or added):"), muted=True)
        cl.addWidget(self.diff_label)
        self.differences = QListWidget()
        self.differences.setObjectName("bundleDifferences")
        self.differences.setAccessibleName(translate(
            "bundle_dialogs", "What differs between the bundle and this store"))
        self.differences.setWordWrap(True)
        self.differences.setMinimumHeight(150)
        cl.addWidget(self.differences, 1)
        self.choice_box.hide()
        lay.addWidget(self.choice_box, 1)
        self.choice.buttonToggled.connect(lambda _b, _on: self._update())

        self.status = _label("", translate("bundle_dialogs", "Import status"))
        self.status.setObjectName("bundleImportStatus")
        lay.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(translate("bundle_dialogs", "Close"))
        self.close_button.setAccessibleName(translate("bundle_dialogs", "Close"))
        self.close_button.clicked.connect(self.reject)
        self.open_family = QPushButton(translate("bundle_dialogs", "Open the family"))
        self.open_family.setObjectName("openImported")
        self.open_family.setAccessibleName(translate("bundle_dialogs",
                                                     "Open the family that was received"))
        self.open_family.hide()
        self.open_family.clicked.connect(self._open_family)
        self.import_button = QPushButton(translate("bundle_dialogs", "Add it to this store"))
        self.import_button.setObjectName("primary")
        self.import_button.setAccessibleName(translate("bundle_dialogs",
                                                       "Add the family to this store"))
        self.import_button.clicked.connect(self.do_import)
        row.addWidget(self.close_button)
        row.addWidget(self.open_family)
        row.addWidget(self.import_button)
        lay.addLayout(row)
        self._update()

    # -- choosing and opening ---------------------------------------------------------------
    def _ask_path(self) -> str:
        filters = ";;".join((translate("bundle_dialogs", FILTER),
                             translate("bundle_dialogs", "All files (*)")))
        path, _ = QFileDialog.getOpenFileName(
            self, translate("bundle_dialogs", "Choose the bundle file"), _documents(), filters)
        return path

    def choose_file(self) -> None:
        path = self.ask_path()
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(path.name)
        self._forget()
        self.passphrase.setFocus()
        self._update()

    def _forget(self) -> None:
        self.contents = self.preview = self.import_result = None
        self.summary.setText("")
        self.choice_box.hide()
        self.open_family.hide()
        for box in (self.relaxations, self.conflicts):
            box.clear()

    def _fill_checks(self, box: QListWidget, label: QLabel, items: list[tuple[str, str]],
                     red: bool) -> None:
        box.clear()
        for key, text in items:
            item = QListWidgetItem(text)  # list items are always plain text
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(KEY_ROLE, key)
            if red:
                item.setForeground(QColor(RED))
            box.addItem(item)
        box.setEnabled(True)
        box.setVisible(bool(items))
        label.setVisible(bool(items))
        # tall enough to show about three items whole; more scroll
        box.setFixedHeight(min(3, max(1, len(items))) * 64 + 8)

    @staticmethod
    def _ticked(box: QListWidget) -> set[str]:
        return {str(box.item(i).data(KEY_ROLE)) for i in range(box.count())
                if box.item(i).checkState() == Qt.CheckState.Checked}

    def ticked_relaxations(self) -> set[str]:
        """The keys of the relaxations the worker ticked: exactly what is passed on."""
        return self._ticked(self.relaxations)

    def ticked_conflicts(self) -> set[str]:
        return self._ticked(self.conflicts)

    def _update(self) -> None:
        busy = self._task is not None
        self.open_button.setEnabled(not busy and self.path is not None)
        self.choose.setEnabled(not busy)
        ready = self.preview is not None and self.import_result is None and not busy
        if ready and self.preview is not None and self.preview.needs_choice:
            ready = self.as_copy.isChecked() or (self.merge.isChecked() and self.preview.exists)
        self.import_button.setEnabled(ready)

    def open_bundle(self) -> None:
        if self.path is None or self._task is not None:
            return
        secret = self.passphrase.text()
        if not secret:
            self.status.setText(translate("bundle_dialogs",
                                          "Type the bundle's passphrase first."))
            self.passphrase.setFocus()
            return
        self._forget()
        path, store = self.path, self.store

        def work() -> tuple[bundles.BundleContents, bundles.ImportPreview]:
            contents = bundles.read_bundle(path, secret)  # slow: Argon2id
            return contents, bundles.preview_import(store, contents)

        self.progress.show()
        self.status.setText(translate("bundle_dialogs", "Opening and checking the bundle…"))
        self._task = run_in_background(work, self._opened, self._failed, receiver=self)
        self._update()

    def _opened(self, result: tuple[bundles.BundleContents, bundles.ImportPreview]) -> None:
        self._task = None
        self.progress.hide()
        self.contents, self.preview = result
        p = self.preview
        if p.exported_by and p.exported_at:
            summary = translate("bundle_dialogs", "{name}: %n records, saved by {who} on {when}.",
                                None, p.records)
        elif p.exported_by:
            summary = translate("bundle_dialogs", "{name}: %n records, saved by {who}.", None,
                                p.records)
        elif p.exported_at:
            summary = translate("bundle_dialogs", "{name}: %n records, saved on {when}.", None,
                                p.records)
        else:
            summary = translate("bundle_dialogs", "{name}: %n records, saved.", None, p.records)
        self.summary.setText(summary.format(name=p.display_name, who=p.exported_by,
                                            when=day(p.exported_at) if p.exported_at else ""))
        self.passphrase.clear()
        if p.needs_choice:
            self.choice_box.show()
            self.merge.setEnabled(p.exists)
            self.differences.clear()
            if not p.exists:
                self.differences.addItem(translate(
                    "bundle_dialogs", "Some of its records were received before as a copy, so "
                    "it can only be added as a new copy."))
            self._fill_checks(self.relaxations, self.relax_label,
                              [(r.key, r.describe()) for r in p.relaxations], red=True)
            self._fill_checks(self.conflicts, self.conflict_label,
                              [(c.key, translate("bundle_dialogs",
                                                 "Use the bundle's version. {what}")
                                .format(what=c.describe())) for c in p.conflicts], red=False)
            for t in p.tightenings:
                self.differences.addItem(t.describe())
            for d in p.differences:
                if d.action != "conflict":
                    self.differences.addItem(d.describe())
            if p.exists and not p.differences:
                self.differences.addItem(translate(
                    "bundle_dialogs", "Nothing differs: this store already has the same."))
            more = (" " + translate(
                "bundle_dialogs", "%n change(s) would make something more visible. Changes "
                "like this are listed first, in red, and none is made unless ticked.", None,
                len(p.relaxations)) if p.relaxations else "")
            self.status.setText(translate("bundle_dialogs", "Choose a new copy or a merge.")
                                + more)
        else:
            self.status.setText(translate(
                "bundle_dialogs", "This family is not in this store yet. Adding it changes "
                "nothing else."))
        self._update()

    def _failed(self, message: str) -> None:
        self._task = None
        self.progress.hide()
        self.status.setText(message)
        self._update()

    # -- importing --------------------------------------------------------------------------
    def mode(self) -> bundles.ImportMode | None:
        if self.preview is None or not self.preview.needs_choice:
            return None
        return "copy" if self.as_copy.isChecked() else "merge" if self.merge.isChecked() else None

    def do_import(self) -> None:
        if self.contents is None or self.preview is None or self.import_result is not None:
            return
        mode = self.mode()
        if self.preview.needs_choice and mode is None:
            self.status.setText(translate("bundle_dialogs",
                                          "Choose a new copy or a merge first."))
            return
        # One short transaction on this thread (the slow decryption is already done), so it
        # never competes with an autosave for the store.
        allow, take = (self.ticked_relaxations(), self.ticked_conflicts()) \
            if mode == "merge" else (set(), set())
        try:
            self.import_result = bundles.import_bundle(self.store, self.contents, mode,
                                                       allow_relax=allow, take_bundle=take)
        except Exception as exc:  # noqa: BLE001
            log.error("bundle import failed: %s", type(exc).__name__)
            self.status.setText(error_sentence(exc))
            return
        self.contents = None  # drop the decrypted case from memory
        r = self.import_result
        if r.mode == "merge":
            done = translate("bundle_dialogs",
                             "Merged: %n records added, {updated} updated. Nothing was deleted.",
                             None, r.added).format(updated=r.updated)
        elif r.mode == "copy":
            done = translate("bundle_dialogs",
                             "Added as a new copy: %n records added. Nothing was deleted.", None,
                             r.added)
        else:
            done = translate("bundle_dialogs", "Added: %n records added. Nothing was deleted.",
                             None, r.added)
        if r.relaxations_kept_back:
            done += " " + translate(
                "bundle_dialogs", "Left out %n change(s) that would have made something "
                "more visible; this store's markings were kept.", None,
                r.relaxations_kept_back)
        self.status.setText(done)
        for box in (self.relaxations, self.conflicts):
            box.setEnabled(False)
        self.open_family.show()
        self.open_family.setFocus()
        self._update()

    def _open_family(self) -> None:
        if self.import_result is not None:
            self.imported.emit(self.import_result.family_id)
            self.accept()

    @property
    def is_busy(self) -> bool:
        return self._task is not None

    def reject(self) -> None:
        if self._task is not None:
            self.status.setText(translate("bundle_dialogs",
                                          "Please wait: the bundle is still being checked."))
            return
        self.contents = None
        super().reject()

