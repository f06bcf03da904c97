"""The export dialog: output folder, naming pattern, format (the CLI's choices), metadata, background,
decontamination.

It returns an ``export_task.ExportSettings``; the background is the one chosen in the background panel unless
changed here. The pattern is checked as it is typed, with an example of the first file's name.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QWidget)

from backends.cutout import ExportOptions
from backends.imaging.compose import Background
from backends.imaging.writer import FORMATS

from .export_task import DEFAULT_PATTERN, ExportSettings, check_pattern, output_name
from .preferences_dialog import metadata_combo

FORMAT_NAMES = {"png": "PNG (transparent)", "tiff": "TIFF", "jpeg": "JPEG", "webp": "WebP",
                "alpha": "Alpha matte (grey PNG)", "psd": "PSD (layers: photo + layer mask)"}


def describe(bg: Background) -> str:
    if bg.kind == "color":
        return "#%02x%02x%02x" % tuple(bg.rgb)
    if bg.kind == "image":
        return f"image: {Path(bg.path).name}" if bg.path else "image"
    if bg.kind == "blur":
        return f"blur {bg.strength:g}"
    return "transparent"


class ExportDialog(QDialog):
    def __init__(self, background: Background, folder: str = "", fmt: str = "png", count: int = 1,
                 example: Path | None = None, parent: QWidget | None = None, metadata: str = "keep"):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.background = background
        self.example = example or Path("photo.jpg")
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("folder")
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Folder"), row)
        self.pattern = QLineEdit(DEFAULT_PATTERN)
        self.pattern.setObjectName("pattern")
        self.pattern.setToolTip(self.tr("Fields: {stem}, {index}, {index:03d}, {backend}, {format}"))
        form.addRow(self.tr("Naming pattern"), self.pattern)
        self.preview = QLabel()
        form.addRow("", self.preview)
        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem(FORMAT_NAMES.get(key, key), key)
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        form.addRow(self.tr("Format"), self.format)
        self.quality = QSpinBox()
        self.quality.setRange(1, 100)
        self.quality.setValue(95)
        form.addRow(self.tr("Quality (JPEG / WebP)"), self.quality)
        self.metadata = metadata_combo(self, metadata)
        form.addRow(self.tr("Photo metadata"), self.metadata)
        self.bg_label = QLabel(describe(background))
        self.bg_label.setObjectName("background")
        self.use_transparent = QCheckBox(self.tr("Ignore the chosen background (transparent)"))
        form.addRow(self.tr("Background"), self.bg_label)
        form.addRow("", self.use_transparent)
        self.decontaminate = QCheckBox(self.tr("Foreground decontamination (no colour fringe on edges)"))
        self.decontaminate.setChecked(True)
        form.addRow("", self.decontaminate)
        self.overwrite = QCheckBox(self.tr("Replace files that exist"))
        self.overwrite.setChecked(True)
        form.addRow("", self.overwrite)
        self.summary = QLabel(self.tr("{0} image(s) will be exported.").format(count))
        form.addRow("", self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for signal in (self.folder.textChanged, self.pattern.textChanged, self.format.currentIndexChanged):
            signal.connect(self._validate)
        self._validate()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _validate(self, *_args) -> None:
        ok = bool(self.folder.text().strip())
        try:
            check_pattern(self.pattern.text())
            fmt = self.format.currentData()
            name = output_name(self.pattern.text(), self.example, 1, "auto", fmt) + FORMATS[fmt]
            self.preview.setText(self.tr("e.g. {0}").format(name))
        except (ValueError, KeyError, IndexError) as exc:
            ok = False
            self.preview.setText(str(exc))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def settings(self) -> ExportSettings:
        bg = Background() if self.use_transparent.isChecked() else self.background
        options = ExportOptions(fmt=self.format.currentData(), background=bg,
                                decontaminate=self.decontaminate.isChecked(), quality=self.quality.value(),
                                metadata=self.metadata.currentData())
        return ExportSettings(Path(self.folder.text().strip()), options, self.pattern.text(),
                              overwrite=self.overwrite.isChecked())
