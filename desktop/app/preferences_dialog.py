"""The preferences dialog: device, threads, batch workers, default output folder, format and metadata, RAW
previews, theme, language.

Values are ``settings.Preferences`` (saved with ``QSettings``). The theme applies at once; the language applies
at the next start (Qt translations are installed before the windows are built).
"""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QWidget)

from backends.imaging.writer import FORMATS

from .i18n import LANGUAGES
from .settings import Preferences


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.prefs = prefs
        form = QFormLayout(self)
        self.device = QComboBox()
        for key, text in (("auto", self.tr("Automatic (GPU when available)")), ("cpu", self.tr("CPU")),
                          ("gpu", self.tr("GPU"))):
            self.device.addItem(text, key)
        self.device.setCurrentIndex(max(0, self.device.findData(prefs.device)))
        form.addRow(self.tr("Device"), self.device)
        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setValue(prefs.threads)
        form.addRow(self.tr("CPU threads"), self.threads)
        self.workers = QSpinBox()
        self.workers.setRange(1, 16)
        self.workers.setValue(prefs.workers)
        form.addRow(self.tr("Images at once (batch)"), self.workers)
        row = QHBoxLayout()
        self.output = QLineEdit(prefs.output_folder)
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Default output folder"), row)
        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem(key, key)
        self.format.setCurrentIndex(max(0, self.format.findData(prefs.output_format)))
        form.addRow(self.tr("Default format"), self.format)
        self.metadata = metadata_combo(self, prefs.metadata)
        form.addRow(self.tr("Photo metadata"), self.metadata)
        self.raw_preview = QCheckBox(self.tr("Show RAW files through the camera's embedded JPEG (faster; exports "
                                             "always develop the RAW)"))
        self.raw_preview.setChecked(prefs.raw_preview)
        form.addRow(self.tr("RAW files"), self.raw_preview)
        self.theme = QComboBox()
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.setCurrentIndex(max(0, self.theme.findData(prefs.theme)))
        form.addRow(self.tr("Theme"), self.theme)
        self.language = QComboBox()
        for key, name in LANGUAGES.items():
            self.language.addItem(name, key)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", QLabel(self.tr("A new language applies when the app starts again.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Default output folder"), self.output.text())
        if folder:
            self.output.setText(folder)

    def result_preferences(self) -> Preferences:
        p = self.prefs
        return Preferences(device=self.device.currentData(), threads=self.threads.value(),
                           workers=self.workers.value(), output_folder=self.output.text().strip(),
                           output_format=self.format.currentData(), theme=self.theme.currentData(),
                           language=self.language.currentData(), backend=p.backend, mirror=p.mirror, proxy=p.proxy,
                           raw_preview=self.raw_preview.isChecked(), metadata=self.metadata.currentData())


def metadata_combo(parent: QWidget, current: str = "keep") -> QComboBox:
    """What the exports keep of the photo's EXIF / IPTC / XMP (``ExportOptions.metadata``)."""
    combo = QComboBox(parent)
    for key, text in (("keep", parent.tr("Keep (camera, lens, date, GPS, caption, copyright, keywords)")),
                      ("no-gps", parent.tr("Keep, without the GPS position")),
                      ("strip", parent.tr("Remove all"))):
        combo.addItem(text, key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
