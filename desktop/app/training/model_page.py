"""Wizard page 2: which network to train (from the zoo catalog), the start weights and the freeze options.

Start weights: the official checkpoint when it is installed, one of the user's models of the same network, a
``.pdparams`` file, or random weights ("from scratch"). Freezing the backbone trains the decoder only; freezing
BatchNorm keeps every BatchNorm layer as it is, which helps when hair detail degrades with small batches.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QHeaderView,
                               QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QWizardPage)

from backends.zoo import catalog, store

from .. import tables

COLUMNS = (QT_TRANSLATE_NOOP("ModelPage", "Model"), QT_TRANSLATE_NOOP("ModelPage", "Parameters"),
           QT_TRANSLATE_NOOP("ModelPage", "Published SAD"), QT_TRANSLATE_NOOP("ModelPage", "Official weights"))
SCRATCH, OFFICIAL, FILE = "scratch", "official", "\0file"


class ModelPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Model"))
        self.setSubTitle(self.tr("The network to fine-tune and the weights it starts from."))
        self.weights_file = ""
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("model-table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        form = QFormLayout()
        self.weights = QComboBox()
        self.weights.setObjectName("start-weights")
        form.addRow(self.tr("Start from"), self.weights)
        self.freeze_backbone = QCheckBox(self.tr("Freeze the backbone (train the decoder only)"))
        self.freeze_bn = QCheckBox(self.tr("Freeze BatchNorm (keeps fine hair detail with small batches)"))
        form.addRow("", self.freeze_backbone)
        form.addRow("", self.freeze_bn)
        layout.addLayout(form)
        self.table.itemSelectionChanged.connect(self._selected)
        self.weights.activated.connect(self._weights_activated)
        self.weights.currentIndexChanged.connect(lambda _: self.completeChanged.emit())
        self.refresh()

    # --- catalog --------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.model_id()
        entries = catalog.entries()
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            have = store.weights_path(e.id) is not None
            cells = (e.name + (f"  ({self.tr('for')} {e.recommended})" if e.recommended else ""),
                     f"{e.params_m:.1f} M", f"{e.sad:.1f}", self.tr("installed") if have else self.tr("not installed"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                item.setToolTip(f"{e.network}: {e.note}" if e.note else e.network)
                self.table.setItem(r, c, item)
        self.select(selected or self._default_id())

    def _default_id(self) -> str:
        installed = [e.id for e in catalog.entries() if store.weights_path(e.id) is not None]
        return (installed or [catalog.recommended("speed").id])[0]

    def select(self, model_id: str) -> bool:
        return tables.select_id(self.table, model_id)

    def model_id(self) -> str:
        return tables.selected_id(self.table)

    def network(self) -> str:
        entry = catalog.find(self.model_id())
        return entry.network if entry else ""

    # --- start weights --------------------------------------------------------------------------------------------

    def _selected(self) -> None:
        entry = catalog.find(self.model_id())
        self.weights.blockSignals(True)
        self.weights.clear()
        if entry is not None:
            official = store.weights_path(entry.id) is not None
            self.weights.addItem(self.tr("The official {0} weights").format(entry.name) if official else
                                 self.tr("The official weights (not installed: download them in Models)"), OFFICIAL)
            if not official:
                self.weights.model().item(0).setEnabled(False)
            for m in store.user_models():
                if m.network == entry.network and m.checkpoint is not None:
                    self.weights.addItem(self.tr("Your model {0}").format(m.id), m.id)
            if self.weights_file:
                self.weights.addItem(self.weights_file, self.weights_file)
            self.weights.addItem(self.tr("A weights file (.pdparams)..."), FILE)
            self.weights.addItem(self.tr("From scratch (random weights)"), SCRATCH)
            self.weights.setCurrentIndex(0 if official else (1 if self.weights.count() > 3 else
                                                             self.weights.findData(SCRATCH)))
            notes = [entry.note] if entry.note else []
            if entry.needs_trimap:
                notes.append(self.tr("DIM trains and evaluates with trimaps made from the alphas."))
            if not official:
                notes.append(self.tr("Its official weights are not installed: download them in Models... to "
                                     "fine-tune them on your photos (recommended). From scratch needs thousands of "
                                     "photos and days on a GPU."))
            self.note.setText(f"<b>{entry.name}</b> ({entry.network}). " + " ".join(notes))
        self.weights.blockSignals(False)
        self.completeChanged.emit()

    def _weights_activated(self, index: int) -> None:
        if self.weights.itemData(index) != FILE:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Start weights"), "",
                                              self.tr("Paddle weights (*.pdparams);;All files (*)"))
        if path:
            self.set_weights(path)
        else:
            self.weights.setCurrentIndex(self.weights.findData(SCRATCH))

    def set_weights(self, value: str) -> None:
        """Choose the start weights: 'official', 'scratch', a user model id or a .pdparams path."""
        index = self.weights.findData(value)
        if index < 0:
            self.weights_file = str(value)
            self._selected()
            index = self.weights.findData(value)
        self.weights.setCurrentIndex(index)

    def start_weights(self) -> str:
        value = self.weights.currentData()
        return "" if value in (None, FILE) else value

    def weight_choices(self) -> list[str]:
        return [self.weights.itemData(i) for i in range(self.weights.count())]

    def validatePage(self) -> bool:  # noqa: N802
        return self.isComplete()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.network()) and bool(self.start_weights())
