"""The export dialog: output folder, naming pattern, what to write, quality, photo metadata, decontamination.

What to write is one list whose names are true: a "transparent" file is RGBA with the background left out, whatever
the Background panel shows; a composite is its own choice, named with the background it is put on ("PNG on the
background: colour #0000ff"); JPEG cannot be transparent, so it is always a composite (on white when no background
is chosen); a layered PSD holds the photo with the matte as its layer mask, and the background as a layer of its
own when it is the composite choice. The edge controls of the Edges panel are applied to every matte written, and
the dialog says which. It returns an ``export_task.ExportSettings``; the pattern is checked as it is typed, with an
example of the first file's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QWidget)

from backends.cutout import ExportOptions
from backends.edges import EdgeControls
from backends.imaging.compose import Background
from backends.imaging.writer import FORMATS

from .export_task import DEFAULT_PATTERN, ExportSettings, check_pattern, output_name
from .preferences_dialog import metadata_combo


@dataclass(frozen=True)
class Choice:
    """One entry of the list: ``key`` (kept in the settings), the file format, and whether the background is in."""

    key: str
    fmt: str
    on_background: bool


CHOICES = (Choice("png", "png", False), Choice("tiff", "tiff", False), Choice("webp", "webp", False),
           Choice("psd", "psd", False), Choice("png+bg", "png", True), Choice("jpeg", "jpeg", True),
           Choice("tiff+bg", "tiff", True), Choice("webp+bg", "webp", True), Choice("psd+bg", "psd", True),
           Choice("alpha", "alpha", False))
BY_KEY = {c.key: c for c in CHOICES}
FORMAT_NAMES = {"png": "PNG", "tiff": "TIFF", "jpeg": "JPEG", "webp": "WebP", "psd": "PSD"}


def tr(text: str) -> str:
    """Translate ``text`` (module-level ``tr("...")`` calls are filed under the empty context, as in actions)."""
    return QCoreApplication.translate("", text)


def describe(bg: Background) -> str:
    if bg.kind == "color":
        return tr("colour {0}").format("#%02x%02x%02x" % tuple(bg.rgb))
    if bg.kind == "image":
        return tr("image {0}").format(Path(bg.path).name) if bg.path else tr("image")
    if bg.kind == "blur":
        return tr("blurred original ({0})").format(f"{bg.strength:g}")
    return tr("transparent")


def describe_edges(edges: EdgeControls) -> str:
    """The edge controls in words ("none" when there are none)."""
    if edges.identity:
        return tr("none")
    parts = []
    if edges.smooth:
        parts.append(tr("smooth {0} px").format(f"{edges.smooth:g}"))
    if edges.feather:
        parts.append(tr("feather {0} px").format(f"{edges.feather:g}"))
    if edges.contrast:
        parts.append(tr("contrast {0} %").format(f"{edges.contrast:g}"))
    if edges.shift:
        parts.append(tr("shift edge {0} px").format(f"{edges.shift:+g}"))
    return ", ".join(parts)


def choice_label(choice: Choice, bg: Background) -> str:
    if choice.fmt == "alpha":
        return tr("Alpha matte (grey PNG)")
    if choice.fmt == "psd":
        if not choice.on_background:
            return tr("PSD, layers: the photo with the matte as its layer mask (transparent)")
        return tr("PSD, layers: the photo with its layer mask over the background: {0}").format(describe(bg))
    name = FORMAT_NAMES[choice.fmt]
    if not choice.on_background:
        return tr("{0}, transparent (RGBA, no background)").format(name)
    if not bg.opaque:
        return tr("{0} on white ({0} has no transparency)").format(name)
    return tr("{0} on the background: {1}").format(name, describe(bg))


def choices_for(bg: Background) -> list[Choice]:
    """What the list offers: composites on a background only when one is chosen (JPEG always: on white then)."""
    return [c for c in CHOICES if not c.on_background or bg.opaque or c.fmt == "jpeg"]


def default_choice(bg: Background, remembered: str = "", preferred_format: str = "png") -> str:
    """The remembered choice when it is on offer; else the preferred format, on the background when one is chosen."""
    offered = {c.key for c in choices_for(bg)}
    if remembered in offered:
        return remembered
    composite = f"{preferred_format}+bg"
    if bg.opaque and composite in offered:
        return composite
    return preferred_format if preferred_format in offered else "png"


class ExportDialog(QDialog):
    def __init__(self, background: Background, folder: str = "", choice: str = "png", count: int = 1,
                 example: Path | None = None, parent: QWidget | None = None, metadata: str = "keep",
                 edges: EdgeControls | None = None):
        super().__init__(parent)
        self.edges = edges or EdgeControls()
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(620)
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
        self.format.setObjectName("format")
        for c in choices_for(background):
            self.format.addItem(choice_label(c, background), c.key)
        self.format.setCurrentIndex(max(0, self.format.findData(choice if choice in BY_KEY else "png")))
        form.addRow(self.tr("Write"), self.format)
        self.quality = QSpinBox()
        self.quality.setRange(1, 100)
        self.quality.setValue(95)
        form.addRow(self.tr("Quality (JPEG / WebP)"), self.quality)
        self.metadata = metadata_combo(self, metadata)
        form.addRow(self.tr("Photo metadata"), self.metadata)
        self.bg_label = QLabel(self.tr("{0} (change it in the Background panel)").format(describe(background)))
        self.bg_label.setObjectName("background")
        form.addRow(self.tr("Background"), self.bg_label)
        self.edges_label = QLabel(self.tr("{0} (change them in the Edges panel)").format(describe_edges(self.edges)))
        self.edges_label.setObjectName("edges")
        form.addRow(self.tr("Edge controls"), self.edges_label)
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

    def choice(self) -> Choice:
        return BY_KEY[self.format.currentData()]

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _validate(self, *_args) -> None:
        ok = bool(self.folder.text().strip())
        fmt = self.choice().fmt
        self.quality.setEnabled(fmt in ("jpeg", "webp"))
        try:
            check_pattern(self.pattern.text())
            name = output_name(self.pattern.text(), self.example, 1, "auto", fmt) + FORMATS[fmt]
            self.preview.setText(self.tr("e.g. {0}").format(name))
        except (ValueError, KeyError, IndexError) as exc:
            ok = False
            self.preview.setText(str(exc))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def settings(self) -> ExportSettings:
        choice = self.choice()
        bg = self.background if choice.on_background else Background()
        options = ExportOptions(fmt=choice.fmt, background=bg, decontaminate=self.decontaminate.isChecked(),
                                quality=self.quality.value(), metadata=self.metadata.currentData(),
                                edges=self.edges)
        return ExportSettings(Path(self.folder.text().strip()), options, self.pattern.text(),
                              overwrite=self.overwrite.isChecked())
