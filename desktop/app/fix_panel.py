"""The "One-click fixes" box of the tools panel: the subject tool (remove a region from the cut-out, or add one,
with a click), what a region is (a connected region, or a segment of similar colour), and the refine-hair brush.

It only says what the user chose (``toolChosen``, ``byChosen``); ``fixes.Fixer`` does the work. A line under the
buttons says what the chosen tool does and how.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout

from . import theme
from .edits import BY_COLOUR, BY_REGION
from .fixes import HAIR, SUBJECT_ADD, SUBJECT_REMOVE

ICONS = {SUBJECT_REMOVE: "mdi6.selection-remove", SUBJECT_ADD: "mdi6.shape-plus-outline", HAIR: "mdi6.brush-variant"}


class FixPanel(QGroupBox):
    toolChosen = Signal(str)  # "" = none
    byChosen = Signal(str)  # edits.BY_REGION or edits.BY_COLOUR

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("One-click fixes"))
        self.setObjectName("fix-panel")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        names = {SUBJECT_REMOVE: self.tr("Remove"), SUBJECT_ADD: self.tr("Add"), HAIR: self.tr("Hair")}
        tips = self._tips()
        self.buttons: dict[str, QToolButton] = {}
        for tool in (SUBJECT_REMOVE, SUBJECT_ADD, HAIR):
            button = QToolButton()
            button.setObjectName(f"fix-{tool}")
            theme.set_icon(button, ICONS[tool])
            button.setText(names[tool])
            button.setToolTip(tips[tool])
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.clicked.connect(lambda checked, t=tool: self._clicked(t, checked))
            self.buttons[tool] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        form = QFormLayout()
        self.by = QComboBox()
        self.by.setObjectName("fix-by")
        self.by.addItem(self.tr("Connected region"), BY_REGION)
        self.by.addItem(self.tr("Similar colour"), BY_COLOUR)
        self.by.setToolTip(self.tr("What a click picks: a whole connected part of the cut-out (or of the person "
                                   "map), or the area of similar colour around the click"))
        self.by.currentIndexChanged.connect(lambda _i: self.byChosen.emit(self.by.currentData()))
        form.addRow(self.tr("Region"), self.by)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setObjectName("fix-hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.show_tool("")
        self.set_image_open(False)

    def _tips(self) -> dict[str, str]:
        return {SUBJECT_REMOVE: self.tr("Subject: click a region to take it out of the cut-out (S)"),
                SUBJECT_ADD: self.tr("Subject: click a region to put it into the cut-out (A)"),
                HAIR: self.tr("Refine hair: paint over hair or a soft edge to solve it again (H)")}

    def _clicked(self, tool: str, checked: bool) -> None:
        self.show_tool(tool if checked else "")
        self.toolChosen.emit(tool if checked else "")

    def show_tool(self, tool: str) -> None:
        """Check the button of ``tool`` (any other tool, or "": none) and say how it is used."""
        for name, button in self.buttons.items():
            button.setChecked(name == tool)
        hints = {SUBJECT_REMOVE: self.tr("Click what should not be in the cut-out, or drag across several parts. "
                                         "Shift+click adds instead."),
                 SUBJECT_ADD: self.tr("Click what is missing from the cut-out, or drag across several parts. "
                                      "Shift+click removes instead."),
                 HAIR: self.tr("Paint along hair or a soft edge; the brush size is the trimap brush's ([ and ]).")}
        self.hint.setText(hints.get(tool, ""))
        self.hint.setVisible(tool in hints)

    def set_by(self, by: str) -> None:
        index = self.by.findData(by)
        if index >= 0:
            self.by.setCurrentIndex(index)

    def set_image_open(self, open_: bool) -> None:
        """The tools work on the current image: greyed, saying why, until one is open."""
        why = self.tr("Open a folder of photos first (Ctrl+O)")
        for tool, tip in self._tips().items():
            self.buttons[tool].setEnabled(open_)
            self.buttons[tool].setToolTip(tip if open_ else why)
