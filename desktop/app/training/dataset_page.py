"""Wizard page 1: pick the dataset folder (and optional backgrounds), validate it, show a few sample pairs.

The check (``tasks.check_dataset``, i.e. ``training.validation.validate``) runs on the worker pool whenever the
folder changes; errors and warnings are listed with the files they name. The page is complete once the current
folder was checked without errors.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QScrollArea, QVBoxLayout, QWidget,
                               QWizardPage)

from .. import theme
from . import tasks

HELP = QT_TRANSLATE_NOOP(
    "DatasetPage",
    "Two layouts work: PaddleSeg's Matting layout (train.txt / val.txt listing foregrounds, alphas under "
    "alpha/ beside fg/, optional backgrounds), or image/ + alpha/ folders matched by file name (optionally "
    "inside train/ and val/).")


def to_pixmap(array: np.ndarray) -> QPixmap:
    """A QPixmap of an RGB (H, W, 3) or grey (H, W) uint8 array."""
    a = np.ascontiguousarray(array)
    h, w = a.shape[:2]
    if a.ndim == 2:
        image = QImage(a.data, w, h, a.strides[0], QImage.Format.Format_Grayscale8)
    else:
        image = QImage(a.data, w, h, a.strides[0], QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


def folder_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class DatasetPage(QWizardPage):
    checked = Signal(object)  # the DatasetCheck, or the exception when the check failed

    def __init__(self, pool, parent: QWidget | None = None):
        super().__init__(parent)
        self.pool = pool
        self.setTitle(self.tr("Dataset"))
        self.setSubTitle(self.tr("Your photos with their mattes (alphas). They are checked before training."))
        self.check: tasks.DatasetCheck | None = None
        self.worker = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("dataset-folder")
        self.folder.setPlaceholderText(self.tr("a folder with train.txt, or image/ and alpha/ folders"))
        browse = theme.set_icon(QPushButton(self.tr("Browse...")), "mdi6.folder-open")
        browse.clicked.connect(lambda: self._browse(self.folder, self.tr("Dataset folder")))
        form.addRow(self.tr("Dataset folder"), folder_row(self.folder, browse))
        self.backgrounds = QLineEdit()
        self.backgrounds.setPlaceholderText(self.tr("optional: backgrounds for foregrounds that have none"))
        browse_bg = theme.set_icon(QPushButton(self.tr("Browse...")), "mdi6.folder-open")
        browse_bg.clicked.connect(lambda: self._browse(self.backgrounds, self.tr("Backgrounds folder")))
        form.addRow(self.tr("Backgrounds"), folder_row(self.backgrounds, browse_bg))
        layout.addLayout(form)
        hint = QLabel(self.tr(HELP))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        status_row = QHBoxLayout()
        self.summary = QLabel(self.tr("Choose a folder."))
        self.summary.setObjectName("dataset-summary")
        self.summary.setWordWrap(True)
        status_row.addWidget(self.summary, 1)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        status_row.addWidget(self.progress)
        self.recheck = theme.set_icon(QPushButton(self.tr("Check again")), "mdi6.refresh")
        self.recheck.clicked.connect(self.start_check)
        status_row.addWidget(self.recheck)
        layout.addLayout(status_row)
        self.issues = QListWidget()
        self.issues.setObjectName("dataset-issues")
        self.issues.setMaximumHeight(130)
        layout.addWidget(self.issues)
        self.samples_box = QWidget()
        self.samples_grid = QGridLayout(self.samples_box)
        self.samples_grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.samples_box)
        scroll.setMinimumHeight(190)
        layout.addWidget(scroll, 1)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(400)
        self.debounce.timeout.connect(self.start_check)
        self.folder.textChanged.connect(self._changed)
        self.backgrounds.textChanged.connect(self._changed)

    # --- values ---------------------------------------------------------------------------------------------------

    def dataset(self) -> str:
        return self.folder.text().strip()

    def background_folder(self) -> str:
        return self.backgrounds.text().strip()

    def set_dataset(self, folder, backgrounds: str = "") -> None:
        self.backgrounds.setText(str(backgrounds))
        self.folder.setText(str(folder))

    def validatePage(self) -> bool:  # noqa: N802
        return self.isComplete()

    def isComplete(self) -> bool:  # noqa: N802
        return (self.check is not None and self.worker is None and self.check.folder == self.dataset()
                and self.check.report.ok)

    # --- checking -------------------------------------------------------------------------------------------------

    def _browse(self, edit: QLineEdit, caption: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, caption, edit.text())
        if folder:
            edit.setText(folder)

    def _changed(self) -> None:
        self.check = None
        self.completeChanged.emit()
        if self.dataset():
            self.debounce.start()
        else:
            self.summary.setText(self.tr("Choose a folder."))

    def start_check(self):
        """Check the current folder on the worker pool; returns the worker (None without a folder)."""
        self.debounce.stop()
        if not self.dataset():
            return None
        if self.worker is not None:
            self.worker.cancel()
        worker = self.pool.prepare(tasks.check_dataset, self.dataset(), self.background_folder())
        worker.signals.progress.connect(lambda p, w=worker: self._progress(w, *p))
        worker.signals.result.connect(lambda r, w=worker: self._checked(w, r))
        worker.signals.errored.connect(lambda exc, w=worker: self._failed(w, exc))
        self.worker = worker
        self.summary.setText(self.tr("Checking {0}...").format(self.dataset()))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.issues.clear()
        self._clear_samples()
        self.completeChanged.emit()
        self.pool.start(worker)
        return worker

    def _progress(self, worker, done: int, total: int) -> None:
        if worker is self.worker:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _failed(self, worker, exc) -> None:
        if worker is not self.worker:
            return
        self.worker = None
        self.progress.hide()
        self.summary.setText(self.tr("The check failed: {0}").format(exc))
        self.completeChanged.emit()
        self.checked.emit(exc)

    def _checked(self, worker, check: tasks.DatasetCheck) -> None:
        if worker is not self.worker:
            return
        self.worker = None
        self.progress.hide()
        if check.folder != self.dataset():
            return
        self.check = check
        report = check.report
        kind = {"paddleseg": self.tr("PaddleSeg layout"), "paired": self.tr("image / alpha folders")}.get(check.kind)
        text = self.tr("{0} training and {1} validation samples; {2} error(s), {3} warning(s).").format(
            report.train_count, report.val_count, len(report.errors), len(report.warnings))
        if kind:
            text = f"{kind}: {text}"
        if not report.ok:
            text += " " + self.tr("Fix the errors to go on.")
        self.summary.setText(text)
        error_icon, warning_icon = theme.icon("mdi6.close-circle", "#eb4646"), theme.icon("mdi6.alert", "#e0a030")
        for issues, icon, label in ((report.errors, error_icon, self.tr("error")),
                                    (report.warnings, warning_icon, self.tr("warning"))):
            for issue in issues[:200]:
                item = QListWidgetItem(icon, f"{label}: {issue.path}: {issue.message}")
                item.setToolTip(issue.path)
                self.issues.addItem(item)
        self.issues.setVisible(self.issues.count() > 0)
        self._show_samples(check.samples)
        self.completeChanged.emit()
        self.checked.emit(check)

    def _clear_samples(self) -> None:
        while self.samples_grid.count():
            widget = self.samples_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def _show_samples(self, samples) -> None:
        self._clear_samples()
        for col, (name, image, alpha) in enumerate(samples):
            for row, array in enumerate((image, alpha)):
                label = QLabel()
                label.setPixmap(to_pixmap(array))
                label.setToolTip(name)
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.samples_grid.addWidget(label, row, col)
            caption = QLabel(name)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setEnabled(False)
            self.samples_grid.addWidget(caption, 2, col)

    def sample_count(self) -> int:
        return len(self.check.samples) if self.check else 0

    def cleanup(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
