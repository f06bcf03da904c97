"""The bar above the canvas: view mode buttons, the before/after split slider, zoom read-out, fit and 100 %."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from . import previews, theme

MODE_ICONS = {previews.ORIGINAL: "mdi6.image-outline", previews.ALPHA: "mdi6.alpha-a-box",
              previews.CUTOUT: "mdi6.checkerboard", previews.COMPOSITE: "mdi6.layers",
              previews.SPLIT: "mdi6.compare-horizontal"}


class ViewBar(QWidget):
    modeChosen = Signal(str)
    splitChosen = Signal(float)
    fitRequested = Signal()
    actualSizeRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        names = {previews.ORIGINAL: self.tr("Original"), previews.ALPHA: self.tr("Alpha"),
                 previews.CUTOUT: self.tr("Cut-out"), previews.COMPOSITE: self.tr("Composite"),
                 previews.SPLIT: self.tr("Before/after")}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QToolButton] = {}
        for key, mode in enumerate(previews.MODES, 1):
            button = QToolButton()
            button.setObjectName(f"mode-{mode}")
            theme.set_icon(button, MODE_ICONS[mode])
            button.setText(names[mode])
            button.setToolTip(f"{names[mode]} ({key})")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.clicked.connect(lambda _c=False, m=mode: self.modeChosen.emit(m))
            self.group.addButton(button)
            self.buttons[mode] = button
            layout.addWidget(button)
        self.split = QSlider(Qt.Orientation.Horizontal)
        self.split.setObjectName("split")
        self.split.setRange(0, 1000)
        self.split.setValue(500)
        self.split.setFixedWidth(100)
        self.split.setToolTip(self.tr("Before / after split"))
        self.split.valueChanged.connect(lambda v: self.splitChosen.emit(v / 1000.0))
        self.split.setVisible(False)
        layout.addWidget(self.split)
        layout.addStretch(1)
        self.zoom = QLabel("100 %")
        self.zoom.setMinimumWidth(60)
        self.zoom.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.zoom)
        for icon_name, tip, signal in (("mdi6.fit-to-screen-outline", self.tr("Fit (Ctrl+0)"), self.fitRequested),
                                       ("mdi6.numeric-1-box-outline", self.tr("100 % (Ctrl+1)"),
                                        self.actualSizeRequested)):
            button = QToolButton()
            theme.set_icon(button, icon_name)
            button.setToolTip(tip)
            button.clicked.connect(signal.emit)
            layout.addWidget(button)

    def show_mode(self, mode: str) -> None:
        self.buttons[mode].setChecked(True)
        self.split.setVisible(mode == previews.SPLIT)

    def show_zoom(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f} %")
