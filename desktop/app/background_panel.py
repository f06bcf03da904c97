"""The right panel: one click to a new background (transparent, a colour, an image, the blurred original).

It edits a ``backends.imaging.compose.Background`` (the same one export uses) and emits ``changed`` with it, so the
preview and the files written agree. Colours come from presets or a colour picker; images from a file or from a
folder of backgrounds (each shown cover-fitted); the blur has a strength slider.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QButtonGroup, QColorDialog, QComboBox, QFileDialog, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QPushButton, QSlider, QToolButton, QVBoxLayout, QWidget)

from backends.imaging.compose import Background
from backends.imaging.reader import is_image_file

from . import theme

PRESETS = ((255, 255, 255), (0, 0, 0), (128, 128, 128), (32, 90, 167), (67, 142, 219), (200, 16, 46),
           (0, 128, 0), (245, 222, 179))
KINDS = (("transparent", "mdi6.checkerboard"), ("color", "mdi6.palette"), ("image", "mdi6.image"),
         ("blur", "mdi6.blur"))


class BackgroundPanel(QWidget):
    changed = Signal(object)  # Background

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(200)
        self.background = Background()
        self.rgb = (255, 255, 255)
        self.image_path: Path | None = None
        self.strength = 30.0
        box = QGroupBox(self.tr("New background"))
        outer = QVBoxLayout(self)
        outer.addWidget(box)
        outer.addStretch(1)
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QToolButton] = {}
        names = {"transparent": self.tr("Transparent"), "color": self.tr("Colour"), "image": self.tr("Image"),
                 "blur": self.tr("Blurred original")}
        for kind, icon_name in KINDS:
            button = QToolButton()
            button.setObjectName(f"bg-{kind}")
            button.setIcon(theme.icon(icon_name))
            button.setToolTip(names[kind])
            button.setCheckable(True)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            button.clicked.connect(lambda _c=False, k=kind: self.set_kind(k))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.kind_buttons["transparent"].setChecked(True)

        layout.addWidget(QLabel(self.tr("Colour")))
        grid = QGridLayout()
        for i, rgb in enumerate(PRESETS):
            swatch = QToolButton()
            swatch.setObjectName(f"swatch-{i}")
            swatch.setFixedSize(26, 26)
            swatch.setStyleSheet(f"background: rgb{rgb}; border: 1px solid #555; border-radius: 4px;")
            swatch.clicked.connect(lambda _c=False, c=rgb: self.set_colour(c))
            grid.addWidget(swatch, i // 4, i % 4)
        layout.addLayout(grid)
        self.pick_button = QPushButton(theme.icon("mdi6.eyedropper"), self.tr("Pick a colour..."))
        self.pick_button.clicked.connect(self._pick_colour)
        layout.addWidget(self.pick_button)

        layout.addWidget(QLabel(self.tr("Image")))
        files = QHBoxLayout()
        self.file_button = QPushButton(self.tr("File..."))
        self.folder_button = QPushButton(self.tr("Folder..."))
        self.file_button.clicked.connect(self._choose_file)
        self.folder_button.clicked.connect(self._choose_folder)
        files.addWidget(self.file_button)
        files.addWidget(self.folder_button)
        layout.addLayout(files)
        self.images_combo = QComboBox()
        self.images_combo.setVisible(False)
        self.images_combo.activated.connect(lambda _i: self.set_image(Path(self.images_combo.currentData())))
        layout.addWidget(self.images_combo)

        layout.addWidget(QLabel(self.tr("Blur strength")))
        self.blur_slider = QSlider(Qt.Orientation.Horizontal)
        self.blur_slider.setRange(0, 100)
        self.blur_slider.setValue(int(self.strength))
        self.blur_slider.sliderReleased.connect(lambda: self.set_blur(self.blur_slider.value()))
        self.blur_slider.valueChanged.connect(lambda v: None if self.blur_slider.isSliderDown() else self.set_blur(v))
        layout.addWidget(self.blur_slider)

    # --- API ------------------------------------------------------------------------------------------------------

    def set_background(self, bg: Background) -> None:
        self.background = bg
        if bg.kind == "color":
            self.rgb = tuple(bg.rgb)
        elif bg.kind == "image" and bg.path:
            self.image_path = Path(bg.path)
        elif bg.kind == "blur":
            self.strength = bg.strength
        self.kind_buttons[bg.kind].setChecked(True)
        self.changed.emit(bg)

    def set_kind(self, kind: str) -> None:
        if kind == "image" and self.image_path is None:
            if not self._choose_file():
                self.kind_buttons[self.background.kind].setChecked(True)
            return
        self.set_background({"transparent": Background("transparent"), "color": Background("color", rgb=self.rgb),
                             "image": Background("image", path=self.image_path),
                             "blur": Background("blur", strength=self.strength)}[kind])

    def set_colour(self, rgb) -> None:
        self.set_background(Background("color", rgb=tuple(int(c) for c in rgb)))

    def set_image(self, path: Path) -> None:
        self.set_background(Background("image", path=Path(path)))

    def set_blur(self, strength: float) -> None:
        self.set_background(Background("blur", strength=float(strength)))

    def set_folder(self, folder: Path) -> int:
        """List a folder of backgrounds; the first becomes the background. Returns how many were found."""
        images = sorted(p for p in Path(folder).iterdir() if p.is_file() and is_image_file(p))
        self.images_combo.clear()
        for p in images:
            self.images_combo.addItem(p.name, str(p))
        self.images_combo.setVisible(bool(images))
        if images:
            self.set_image(images[0])
        return len(images)

    # --- dialogs --------------------------------------------------------------------------------------------------

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(*self.rgb), self, self.tr("Background colour"))
        if colour.isValid():
            self.set_colour((colour.red(), colour.green(), colour.blue()))

    def _choose_file(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Background image"), "",
                                              self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)"))
        if name:
            self.set_image(Path(name))
        return bool(name)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of backgrounds"))
        if folder:
            self.set_folder(Path(folder))
