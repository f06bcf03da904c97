"""The left panel: the backend picker (per folder or per image) and the trimap brush controls with "Refine".

The backend list comes from ``backends.registry.list_backends()``; what the UI shows follows each backend's
``BackendInfo`` (a trimap backend says that it works from an automatic trimap until one is painted; one whose
weights are missing offers "Download..."). A plugin that failed to load is listed, disabled, with the reason as
its tooltip. The panel is a column of group boxes: ``add_box`` puts another tool's box in it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSlider, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from backends import registry

from . import theme
from .brush import BG, ERASER, FG, MAX_SIZE, MIN_SIZE, UNK

BRUSHES = ((FG, "mdi6.account", "Foreground (F)"), (BG, "mdi6.image-filter-hdr", "Background (B)"),
           (UNK, "mdi6.help-circle-outline", "Unknown (U)"), (ERASER, "mdi6.eraser", "Eraser (E)"))


class ToolPanel(QWidget):
    backendChosen = Signal(str, bool)  # backend id, for the current image only
    downloadRequested = Signal(str)  # weights id
    toolChosen = Signal(str)  # "" = pan / no brush
    sizeChosen = Signal(int)
    opacityChosen = Signal(float)
    autoTrimapRequested = Signal()
    refineRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumWidth(210)
        self.column = QVBoxLayout(self)
        self.column.addWidget(self._backend_box())
        self.column.addWidget(self._brush_box())
        self.column.addStretch(1)
        self.set_image_open(False)
        theme.notifier().changed.connect(self._theme_changed)  # a bound slot: dropped with the panel

    def _theme_changed(self, _theme: str) -> None:
        """The list's icons in the new tint (a failed plugin keeps its red one)."""
        combo = self.backend_combo
        for index in range(combo.count()):
            meta = combo.itemData(index, Qt.ItemDataRole.UserRole + 1)
            if meta:
                combo.setItemIcon(index, theme.icon("mdi6.check-circle" if meta.get("ready") else "mdi6.download"))

    def add_box(self, box: QWidget, index: int | None = None) -> QWidget:
        """Add a tool's group box to the column (at ``index``, default: last, above the free space)."""
        last = self.column.count() - 1  # the stretch
        self.column.insertWidget(last if index is None else min(index, last), box)
        return box

    def set_image_open(self, open_: bool) -> None:
        """Tools that work on the current image are greyed, saying why, until one is open."""
        self.refine_button.setEnabled(open_)
        self.auto_button.setEnabled(open_)
        for button in self.tool_buttons.values():
            button.setEnabled(open_)
        why = "" if open_ else self.tr("Open a folder of photos first (Ctrl+O)")
        self.refine_button.setToolTip(why or self.tr("Re-matte the region around the strokes (Ctrl+R)"))
        self.auto_button.setToolTip(why or self.tr("Start again from a trimap made from the current alpha"))

    # --- backend --------------------------------------------------------------------------------------------------

    def _backend_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Backend"))
        form = QVBoxLayout(box)
        self.backend_combo = QComboBox()
        self.backend_combo.setObjectName("backend")
        self.backend_note = QLabel()
        self.backend_note.setWordWrap(True)
        self.backend_note.setObjectName("backendNote")
        self.only_this = QCheckBox(self.tr("For this image only"))
        self.download_button = theme.set_icon(QPushButton(self.tr("Download...")), "mdi6.download")
        self.download_button.setVisible(False)
        for w in (self.backend_combo, self.backend_note, self.only_this, self.download_button):
            form.addWidget(w)
        self.backend_combo.activated.connect(self._backend_activated)
        self.download_button.clicked.connect(self._download)
        self.fill_backends()
        return box

    def fill_backends(self, current: str = "") -> None:
        combo = self.backend_combo
        combo.blockSignals(True)
        combo.clear()
        for entry in registry.list_backends():
            if entry.info is None:
                combo.addItem(theme.icon("mdi6.alert-circle", "#eb4646"), entry.id, entry.id)
                index = combo.count() - 1
                combo.setItemData(index, entry.error, Qt.ItemDataRole.ToolTipRole)
                combo.model().item(index).setEnabled(False)
                continue
            try:
                ready = entry.readiness()
            except Exception as exc:  # noqa: BLE001 - readiness must be cheap and safe: failing it is not ready
                ready, reason = None, str(exc)
            else:
                reason = ready.reason
            ok = ready is not None and ready.ready
            label = entry.info.name + ("" if ok else "  " + self.tr("(not installed)"))
            combo.addItem(theme.icon("mdi6.check-circle" if ok else "mdi6.download"), label, entry.id)
            index = combo.count() - 1
            combo.setItemData(index, {"ready": ok, "reason": reason, "trimap": entry.info.needs_trimap,
                                      "weights": entry.info.weights_id, "description": entry.info.description,
                                      "name": entry.info.name}, Qt.ItemDataRole.UserRole + 1)
            combo.setItemData(index, entry.info.description or entry.info.name, Qt.ItemDataRole.ToolTipRole)
        self.set_backend(current)
        combo.blockSignals(False)

    def set_backend(self, backend_id: str) -> None:
        index = self.backend_combo.findData(backend_id)
        if index >= 0:
            self.backend_combo.setCurrentIndex(index)
        self._describe()

    def backend_id(self) -> str:
        return self.backend_combo.currentData() or ""

    def backend_meta(self, backend_id: str) -> dict:
        """What the list knows of a backend: name, ready, reason, trimap (needs one), weights, description."""
        index = self.backend_combo.findData(backend_id)
        return (self.backend_combo.itemData(index, Qt.ItemDataRole.UserRole + 1) or {}) if index >= 0 else {}

    def _backend_activated(self, _index: int) -> None:
        self._describe()
        self.backendChosen.emit(self.backend_id(), self.only_this.isChecked())

    def _describe(self) -> None:
        meta = self.backend_combo.currentData(Qt.ItemDataRole.UserRole + 1) or {}
        notes = []
        if meta.get("trimap"):
            notes.append(self.tr("Works from an automatic trimap (made by Auto) until you paint one with the "
                                 "trimap brush."))
        if meta and not meta.get("ready"):
            notes.append(meta.get("reason") or self.tr("Not installed."))
        self.backend_note.setText(" ".join(notes))
        self.download_button.setVisible(bool(meta) and not meta.get("ready") and bool(meta.get("weights")))

    def _download(self) -> None:
        meta = self.backend_combo.currentData(Qt.ItemDataRole.UserRole + 1) or {}
        self.downloadRequested.emit(meta.get("weights") or "")

    # --- brush ----------------------------------------------------------------------------------------------------

    def _brush_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Trimap brush"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.tool_group = QButtonGroup(self)
        self.tool_group.setExclusive(False)
        self.tool_buttons: dict[str, QToolButton] = {}
        labels = {FG: self.tr("Foreground (F)"), BG: self.tr("Background (B)"), UNK: self.tr("Unknown (U)"),
                  ERASER: self.tr("Eraser (E)")}
        for tool, icon_name, _text in BRUSHES:
            button = QToolButton()
            button.setObjectName(f"brush-{tool}")
            theme.set_icon(button, icon_name)
            button.setToolTip(labels[tool])
            button.setCheckable(True)
            button.clicked.connect(lambda checked, t=tool: self._tool_clicked(t, checked))
            self.tool_buttons[tool] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.size_spin = QSpinBox()
        self.size_spin.setRange(MIN_SIZE, MAX_SIZE)
        self.size_spin.setSuffix(" px")
        self.size_spin.setToolTip(self.tr("Brush size ([ and ] change it)"))
        self.size_spin.valueChanged.connect(self.sizeChosen.emit)
        form.addRow(self.tr("Size"), self.size_spin)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.opacity.valueChanged.connect(lambda v: self.opacityChosen.emit(v / 100.0))
        form.addRow(self.tr("Overlay"), self.opacity)
        layout.addLayout(form)
        self.auto_button = theme.set_icon(QPushButton(self.tr("Automatic trimap")), "mdi6.auto-fix")
        self.auto_button.setToolTip(self.tr("Start again from a trimap made from the current alpha"))
        self.auto_button.clicked.connect(self.autoTrimapRequested.emit)
        self.refine_button = theme.set_icon(QPushButton(self.tr("Refine")), "mdi6.magic-staff")
        self.refine_button.setObjectName("primary")
        self.refine_button.setToolTip(self.tr("Re-matte the region around the strokes (Ctrl+R)"))
        self.refine_button.clicked.connect(self.refineRequested.emit)
        self.refiner_label = QLabel()
        self.refiner_label.setWordWrap(True)
        for w in (self.auto_button, self.refine_button, self.refiner_label):
            layout.addWidget(w)
        return box

    def _tool_clicked(self, tool: str, checked: bool) -> None:
        self.show_tool(tool if checked else "")
        self.toolChosen.emit(tool if checked else "")

    def show_tool(self, tool: str) -> None:
        for name, button in self.tool_buttons.items():
            button.setChecked(name == tool)

    def show_size(self, size: int) -> None:
        self.size_spin.blockSignals(True)
        self.size_spin.setValue(size)
        self.size_spin.blockSignals(False)
