"""The right panel: one click to a new background (transparent, a colour, an image, the blurred original).

It edits a ``backends.imaging.compose.Background`` (the same one export uses) and emits ``changed`` with it, so the
preview and the files written agree. Colours come from presets or a colour picker; images from a file or from a
folder of backgrounds (each shown cover-fitted), with the file's name shown and sliders to enlarge the image and
move it behind the subject; the blur has a strength slider that shows its value.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QButtonGroup, QColorDialog, QComboBox, QFileDialog, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QPushButton, QSlider, QToolButton, QVBoxLayout,
                               QWidget)

from backends.imaging.compose import MAX_ZOOM, Background
from backends.imaging.reader import is_image_file

from . import theme

PRESETS = ((255, 255, 255), (0, 0, 0), (128, 128, 128), (32, 90, 167), (67, 142, 219), (200, 16, 46),
           (0, 128, 0), (245, 222, 179))
KINDS = (("transparent", "mdi6.checkerboard"), ("color", "mdi6.palette"), ("image", "mdi6.image"),
         ("blur", "mdi6.blur"))


def slider(lo: int, hi: int, value: int, name: str) -> QSlider:
    s = QSlider(Qt.Orientation.Horizontal)
    s.setObjectName(name)
    s.setRange(lo, hi)
    s.setValue(value)
    return s


class BackgroundPanel(QWidget):
    changed = Signal(object)  # Background

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(200)
        self.background = Background()
        self.rgb = (255, 255, 255)
        self.image_path: Path | None = None
        self.zoom, self.offset = 1.0, (0.0, 0.0)
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
            theme.set_icon(button, icon_name)
            button.setToolTip(names[kind])
            button.setCheckable(True)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            button.clicked.connect(lambda _c=False, k=kind: self.set_kind(k))
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.kind_buttons["transparent"].setChecked(True)
        self.kind_label = QLabel()
        self.kind_label.setObjectName("bg-description")
        self.kind_label.setWordWrap(True)
        layout.addWidget(self.kind_label)

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
        self.pick_button = theme.set_icon(QPushButton(self.tr("Pick a colour...")), "mdi6.eyedropper")
        self.pick_button.clicked.connect(self._pick_colour)
        layout.addWidget(self.pick_button)

        layout.addWidget(self._image_box())

        blur_row = QHBoxLayout()
        blur_row.addWidget(QLabel(self.tr("Blur strength")))
        blur_row.addStretch(1)
        self.blur_value = QLabel()
        self.blur_value.setObjectName("blur-value")
        blur_row.addWidget(self.blur_value)
        layout.addLayout(blur_row)
        self.blur_slider = slider(0, 100, int(self.strength), "blur")
        self.blur_slider.sliderReleased.connect(lambda: self.set_blur(self.blur_slider.value()))
        self.blur_slider.valueChanged.connect(self._blur_moved)
        layout.addWidget(self.blur_slider)
        self._show_values()

    def _image_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
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
        self.image_name = QLabel()
        self.image_name.setObjectName("bg-image-name")
        self.image_name.setWordWrap(True)
        layout.addWidget(self.image_name)
        self.placement = QWidget()
        form = QFormLayout(self.placement)
        form.setContentsMargins(0, 0, 0, 0)
        self.zoom_slider = slider(100, int(MAX_ZOOM * 100), 100, "bg-zoom")
        self.zoom_slider.setToolTip(self.tr("Enlarge the background image"))
        self.x_slider = slider(-100, 100, 0, "bg-x")
        self.x_slider.setToolTip(self.tr("Move the background image left or right (or Ctrl+drag the picture)"))
        self.y_slider = slider(-100, 100, 0, "bg-y")
        self.y_slider.setToolTip(self.tr("Move the background image up or down (or Ctrl+drag the picture)"))
        form.addRow(self.tr("Zoom"), self.zoom_slider)
        form.addRow(self.tr("Left / right"), self.x_slider)
        form.addRow(self.tr("Up / down"), self.y_slider)
        for s in (self.zoom_slider, self.x_slider, self.y_slider):
            s.sliderReleased.connect(self._placement_moved)
            s.valueChanged.connect(lambda _v, s=s: None if s.isSliderDown() else self._placement_moved())
        layout.addWidget(self.placement)
        return box

    # --- API ------------------------------------------------------------------------------------------------------

    def set_background(self, bg: Background) -> None:
        self.background = bg
        if bg.kind == "color":
            self.rgb = tuple(bg.rgb)
        elif bg.kind == "image" and bg.path:
            self.image_path = Path(bg.path)
            self.zoom, self.offset = bg.zoom, tuple(bg.offset)
        elif bg.kind == "blur":
            self.strength = bg.strength
        self.kind_buttons[bg.kind].setChecked(True)
        self._show_values()
        self.changed.emit(bg)

    def set_kind(self, kind: str) -> None:
        if kind == "image" and self.image_path is None:
            if not self._choose_file():
                self.kind_buttons[self.background.kind].setChecked(True)
            return
        self.set_background({"transparent": Background("transparent"), "color": Background("color", rgb=self.rgb),
                             "image": self._image_background(self.image_path),
                             "blur": Background("blur", strength=self.strength)}[kind])

    def set_colour(self, rgb) -> None:
        self.set_background(Background("color", rgb=tuple(int(c) for c in rgb)))

    def set_image(self, path: Path) -> None:
        """A new background image (centred, not enlarged)."""
        self.zoom, self.offset = 1.0, (0.0, 0.0)
        self.set_background(self._image_background(Path(path)))

    def set_placement(self, zoom: float, offset: tuple[float, float]) -> None:
        """Enlarge (1 to 4) and move (x, y in -1..1) the background image."""
        if self.image_path is None:
            return
        self.zoom, self.offset = float(zoom), (float(offset[0]), float(offset[1]))
        self.set_background(self._image_background(self.image_path))

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

    def _image_background(self, path: Path | None) -> Background:
        return Background("image", path=path, zoom=self.zoom, offset=self.offset)

    # --- showing the values ---------------------------------------------------------------------------------------

    def _show_values(self) -> None:
        bg = self.background
        self.blur_value.setText(f"{int(round(self.strength))}")
        for s, value in ((self.blur_slider, int(round(self.strength))), (self.zoom_slider, int(round(self.zoom * 100))),
                         (self.x_slider, int(round(self.offset[0] * 100))),
                         (self.y_slider, int(round(self.offset[1] * 100)))):
            if not s.isSliderDown():
                s.blockSignals(True)
                s.setValue(value)
                s.blockSignals(False)
        self.image_name.setText(self.image_path.name if self.image_path else self.tr("No image chosen"))
        self.image_name.setToolTip(str(self.image_path) if self.image_path else "")
        self.placement.setEnabled(self.image_path is not None and bg.kind == "image")
        self.kind_label.setText(self.describe(bg))

    def describe(self, bg: Background) -> str:
        """The background in words, as the panel and the export dialog show it."""
        if bg.kind == "color":
            return self.tr("Colour {0}").format("#%02x%02x%02x" % tuple(bg.rgb))
        if bg.kind == "image":
            name = Path(bg.path).name if bg.path else "?"
            return self.tr("Image {0}").format(name)
        if bg.kind == "blur":
            return self.tr("Blurred original, strength {0}").format(f"{bg.strength:g}")
        return self.tr("Transparent")

    def _blur_moved(self, value: int) -> None:
        self.blur_value.setText(str(value))  # the number follows the handle while it is dragged
        if not self.blur_slider.isSliderDown():
            self.set_blur(value)

    def _placement_moved(self) -> None:
        self.set_placement(self.zoom_slider.value() / 100.0,
                           (self.x_slider.value() / 100.0, self.y_slider.value() / 100.0))

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
