"""The "Edges" panel: global edge controls as in Select and Mask (smooth, feather, contrast, shift edge), applied to
every matte when it is shown and when it is exported, never to the matte that is stored.

Each control is a slider with a spin box that shows (and takes) its value; the pixel controls move in finer steps
near zero (the slider follows the square of its travel). While a slider is dragged, ``changed`` comes at most every
``THROTTLE_MS`` with ``final`` False (the canvas shows a quick draft of a big photo); when it is released, or a
value is typed, ``changed`` comes with ``final`` True (the full view; the window remembers the values). "Reset"
sets them all to zero. The values are ``backends.edges.EdgeControls``, what the CLI's ``--smooth``,
``--feather``, ``--contrast`` and ``--shift-edge`` make.
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDoubleSpinBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSlider,
                               QVBoxLayout, QWidget)

from backends.edges import FEATHER_MAX, SHIFT_MAX, SMOOTH_MAX, EdgeControls

from . import theme

#: how often (ms) a dragged slider updates the preview
THROTTLE_MS = 60
#: slider travel (each way)
STEPS = 1000
#: name, lowest, highest, decimals, unit, curve (the value follows the travel to this power)
CONTROLS = (("smooth", 0.0, SMOOTH_MAX, 0, "px", 2.0), ("feather", 0.0, FEATHER_MAX, 1, "px", 2.0),
            ("contrast", 0.0, 100.0, 0, "%", 1.0), ("shift", -SHIFT_MAX, SHIFT_MAX, 1, "px", 2.0))


def to_value(position: int, hi: float, curve: float, decimals: int) -> float:
    """The value at slider ``position`` (-STEPS..STEPS) for a control reaching ``hi``."""
    t = abs(position) / STEPS
    return math.copysign(round(hi * t ** curve, decimals), position) if position else 0.0


def to_position(value: float, hi: float, curve: float) -> int:
    """The slider position showing ``value`` (inverse of ``to_value``)."""
    t = min(1.0, abs(value) / hi) ** (1.0 / curve) if hi else 0.0
    return int(math.copysign(round(t * STEPS), value)) if value else 0


class EdgePanel(QWidget):
    changed = Signal(object, bool)  # EdgeControls, final

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(200)
        self.setObjectName("edge-panel")
        outer = QVBoxLayout(self)
        box = QGroupBox(self.tr("Edges"))
        outer.addWidget(box)
        outer.addStretch(1)
        layout = QVBoxLayout(box)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        labels = {"smooth": self.tr("Smooth"), "feather": self.tr("Feather"), "contrast": self.tr("Contrast"),
                  "shift": self.tr("Shift edge")}
        tips = {"smooth": self.tr("Even out a jagged outline (hair stays soft)"),
                "feather": self.tr("Soften the edge (blur radius)"),
                "contrast": self.tr("Sharpen the edge's transition (100 % is a hard edge)"),
                "shift": self.tr("Move the edge: negative chokes (drops a fringe), positive spreads")}
        self.sliders: dict[str, QSlider] = {}
        self.spins: dict[str, QDoubleSpinBox] = {}
        for row, (name, lo, hi, decimals, unit, _curve) in enumerate(CONTROLS):
            label = QLabel(labels[name])
            label.setToolTip(tips[name])
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"edge-{name}")
            slider.setRange(-STEPS if lo < 0 else 0, STEPS)
            slider.setToolTip(tips[name])
            spin = QDoubleSpinBox()
            spin.setObjectName(f"edge-{name}-value")
            spin.setRange(lo, hi)
            spin.setDecimals(decimals)
            spin.setSingleStep(1.0 if decimals == 0 else 0.5)
            spin.setSuffix(f" {unit}")
            spin.setKeyboardTracking(False)  # a typed value counts when it is complete
            spin.setToolTip(tips[name])
            slider.valueChanged.connect(lambda pos, n=name: self._slider_moved(n, pos))
            slider.sliderReleased.connect(self._emit_final)
            spin.valueChanged.connect(lambda value, n=name: self._spin_changed(n, value))
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(spin, row, 2)
            self.sliders[name], self.spins[name] = slider, spin
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        bottom = QHBoxLayout()
        self.note = QLabel(self.tr("Shown and exported; the cut-out itself is kept."))
        self.note.setWordWrap(True)
        self.note.setObjectName("edge-note")
        bottom.addWidget(self.note, 1)
        self.reset_button = theme.set_icon(QPushButton(self.tr("Reset")), "mdi6.restore")
        self.reset_button.setObjectName("edge-reset")
        self.reset_button.setToolTip(self.tr("No edge controls (the cut-out as it is)"))
        self.reset_button.clicked.connect(lambda: self.set_controls(EdgeControls()))
        bottom.addWidget(self.reset_button)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(THROTTLE_MS)
        self._timer.timeout.connect(lambda: self.changed.emit(self.controls(), False))

    def controls(self) -> EdgeControls:
        """The controls as the spin boxes show them."""
        values = {name: float(spin.value()) for name, spin in self.spins.items()}
        return EdgeControls(**values)

    def set_controls(self, controls: EdgeControls) -> None:
        """Show ``controls`` and apply them (``changed`` with ``final`` True)."""
        for name, lo, hi, _d, _u, curve in CONTROLS:
            value = float(min(hi, max(lo, getattr(controls, name))))
            for widget, shown in ((self.spins[name], value), (self.sliders[name], to_position(value, hi, curve))):
                widget.blockSignals(True)
                widget.setValue(shown)
                widget.blockSignals(False)
        self._emit_final()

    def _slider_moved(self, name: str, position: int) -> None:
        _n, _lo, hi, decimals, _u, curve = next(c for c in CONTROLS if c[0] == name)
        spin = self.spins[name]
        spin.blockSignals(True)
        spin.setValue(to_value(position, hi, curve, decimals))
        spin.blockSignals(False)
        if self.sliders[name].isSliderDown():
            if not self._timer.isActive():  # at most one draft every THROTTLE_MS while it is dragged
                self._timer.start()
        else:  # a click on the groove or a key: the value is set
            self._emit_final()

    def _spin_changed(self, name: str, value: float) -> None:
        _n, _lo, hi, _d, _u, curve = next(c for c in CONTROLS if c[0] == name)
        slider = self.sliders[name]
        slider.blockSignals(True)
        slider.setValue(to_position(value, hi, curve))
        slider.blockSignals(False)
        self._emit_final()

    def _emit_final(self) -> None:
        self._timer.stop()
        self.changed.emit(self.controls(), True)
