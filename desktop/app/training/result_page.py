"""Wizard page 5: metrics before vs after on the validation set, then export and "use the new model".

"Before" is the start weights evaluated on the validation set (``tasks.start_metrics``, on the worker pool);
"after" is the run's best evaluation (``RUN/best/metrics.json``). Export writes the inference model into
``RUN/export`` and registers the weights as a user model (``training.export.register``), so it is listed among the
backends; the wizard then emits ``modelRegistered(id)`` for the main window to select it.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl, Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QWizardPage)

from backends.zoo import store

from .. import theme
from . import tasks
from .run_page import metric_text

ROWS = (("sad", "SAD"), ("mse", "MSE"), ("grad", "Grad"), ("conn", "Conn"))


# the fixed answers of ``tasks.model_id_problem`` (shown through ``self.tr``), declared for the translation tools
ID_PROBLEMS = (QT_TRANSLATE_NOOP("ResultPage", "give the model a name"),
               QT_TRANSLATE_NOOP("ResultPage", "use letters, digits, '.', '_' and '-' (up to 64), starting with a "
                                               "letter or digit"))


class ResultPage(QWizardPage):
    exported = Signal(str)  # the registered model id
    exportFinished = Signal(bool, str)  # ok, the model id or the error  # noqa: N815
    beforeReady = Signal(dict)  # the start weights' metrics (or {'error': ...})  # noqa: N815

    def __init__(self, pool, parent: QWidget | None = None):
        super().__init__(parent)
        self.pool = pool
        self.setTitle(self.tr("Result"))
        self.setSubTitle(self.tr("Lower is better for every metric. Export the model to use it in the app."))
        self.before: dict | None = None
        self.after: dict | None = None
        self.model_id_done = ""
        self.before_worker = None
        self.export_worker = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("result-summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(ROWS), 3)
        self.table.setObjectName("result-table")
        self.table.setHorizontalHeaderLabels([self.tr("Before (start weights)"), self.tr("After (best)"),
                                              self.tr("Change")])
        self.table.setVerticalHeaderLabels([label for _, label in ROWS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        row_height = self.fontMetrics().height() + 10
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + len(ROWS) * row_height)
        layout.addWidget(self.table)
        form = QFormLayout()
        self.model_id = QLineEdit()
        self.model_id.setObjectName("model-id")
        self.model_id.textChanged.connect(self._id_changed)
        form.addRow(self.tr("Name of the new model"), self.model_id)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.export_button = theme.set_icon(QPushButton(self.tr("Export and use the new model")), "mdi6.export")
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.export)
        self.folder_button = theme.set_icon(QPushButton(self.tr("Open the run folder")), "mdi6.folder")
        self.folder_button.clicked.connect(self._open_folder)
        row.addWidget(self.export_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("export-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

    @property
    def config(self):
        return self.wizard().run_page.config

    # --- metrics --------------------------------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802
        cfg = self.config
        self.after = tasks.best_metrics(cfg.run_dir)
        if not self.model_id.text() or self.model_id_done:
            self.model_id.setText(tasks.suggest_model_id(cfg.network))
        self.model_id_done = ""
        self.status.setText("")
        weights = {"official": self.tr("the official weights"), "scratch": self.tr("random weights")}.get(
            cfg.weights, cfg.weights)
        if self.after and "iter" in self.after:
            text = self.tr("{0}, trained from {1} for {2} iterations; the best evaluation (by SAD) was at iteration "
                           "{3}: these weights are the ones exported.").format(cfg.network, weights, cfg.iters,
                                                                                self.after["iter"])
        else:
            text = self.tr("{0}, trained from {1}; the run has no evaluation, its newest checkpoint is "
                           "exported.").format(cfg.network, weights)
        self.summary.setText(text)
        self.before = None
        self._fill()
        self.compute_before()

    def compute_before(self):
        worker = self.pool.prepare(tasks.start_metrics, self.config)
        worker.signals.result.connect(lambda m, w=worker: self._before(w, m))
        worker.signals.errored.connect(lambda exc, w=worker: self._before(w, {"error": str(exc)}))
        self.before_worker = worker
        self.pool.start(worker)
        return worker

    def _before(self, worker, metrics: dict) -> None:
        if worker is not self.before_worker:
            return
        self.before_worker = None
        self.before = metrics
        self._fill()
        self.completeChanged.emit()
        self.beforeReady.emit(metrics)

    def _fill(self) -> None:
        for r, (key, _) in enumerate(ROWS):
            before = self._value(self.before, key, self.tr("computing...") if self.before is None else "")
            after = self._value(self.after, key, self.tr("no evaluation"))
            change = ""
            if isinstance(before, float) and isinstance(after, float) and before > 0:
                change = f"{(after - before) / before * 100:+.1f} %"
            for c, value in enumerate((before, after, change)):
                text = metric_text(key, value) if isinstance(value, float) else value
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 2 and change:
                    item.setForeground(theme.STATUS_COLOURS["done" if after <= before else "failed"])
                self.table.setItem(r, c, item)
        if self.before and "error" in self.before:
            self.status.setText(self.tr("The start weights could not be evaluated: {0}").format(self.before["error"]))
        elif self.before is not None and not self.before.get("count", 1):
            self.status.setText(self.tr("The dataset has no validation set: no metrics to compare."))

    @staticmethod
    def _value(metrics: dict | None, key: str, missing: str):
        if metrics and key in metrics:
            return float(metrics[key])
        return missing

    def before_ready(self) -> bool:
        return self.before is not None

    # --- export ---------------------------------------------------------------------------------------------------

    def _id_changed(self, text: str) -> None:
        problem = tasks.model_id_problem(text.strip())
        existing = store.get(text.strip()) if not problem else None
        if problem:
            self.status.setText(self.tr(problem))
        elif existing is not None:
            self.status.setText(self.tr("{0} exists ({1}); exporting replaces it.").format(text.strip(),
                                                                                         existing.network))
        else:
            self.status.setText("")
        self.export_button.setEnabled(not problem and self.export_worker is None)

    def export(self):
        model_id = self.model_id.text().strip()
        if tasks.model_id_problem(model_id) or self.export_worker is not None:
            return None
        cfg = self.config
        worker = self.pool.prepare(tasks.export_model, cfg.network, cfg.run_dir, model_id)
        worker.signals.result.connect(self._exported)
        worker.signals.errored.connect(self._export_failed)
        self.export_worker = worker
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting {0}...").format(model_id))
        self.pool.start(worker)
        return worker

    def _exported(self, model) -> None:
        self.export_worker = None
        self.model_id_done = model.id
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("Registered as {0}: it is in the list of models (and `matting-studio cutout "
                                    "--backend {0}`).").format(model.id))
        self.exported.emit(model.id)
        self.exportFinished.emit(True, model.id)

    def _export_failed(self, exc) -> None:
        self.export_worker = None
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("Export failed: {0}").format(exc))
        self.exportFinished.emit(False, str(exc))

    def _open_folder(self) -> None:
        if self.config is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.config.run_dir)))
