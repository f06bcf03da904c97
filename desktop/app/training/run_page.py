"""Wizard page 4: the training run, in its own process, with live curves, evaluation metrics, ETA, cancel and resume.

Entering the page writes ``RUN/config.json`` and starts ``follower.TrainingProcess``; its JSON events drive the
loss and learning-rate curves (``curves.CurveWidget``), the progress bar and ETA, and a table with SAD / MSE / Grad /
Conn per evaluation. Cancel stops cleanly (a checkpoint is written); Resume continues from the newest checkpoint.
The page is complete once the process has stopped and the run has weights to export.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QProgressBar,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QWizardPage)

from .. import theme
from . import tasks
from .curves import CurveWidget
from .follower import TrainingProcess

METRIC_COLUMNS = (QT_TRANSLATE_NOOP("RunPage", "Iteration"), "SAD", "MSE", "Grad", "Conn",
                  QT_TRANSLATE_NOOP("RunPage", "Best"))


def format_duration(seconds) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h} h {m:02d} min" if h else (f"{m} min {s:02d} s" if m else f"{s} s")


def metric_text(name: str, value: float) -> str:
    return f"{value:.5f}" if name == "mse" else f"{value:.3f}"


class RunPage(QWizardPage):
    runFinished = Signal(str)  # the end status  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Training"))
        self.setSubTitle(self.tr("Training runs in its own process; you can cancel and resume it."))
        self.process: TrainingProcess | None = None
        self.config = None
        self.status: str | None = None
        self.evals: list[dict] = []
        layout = QVBoxLayout(self)
        self.headline = QLabel(self.tr("Starting..."))
        self.headline.setObjectName("run-headline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("run-progress")
        self.progress.setFormat("%v / %m")
        row.addWidget(self.progress, 1)
        self.eta = QLabel()
        self.eta.setObjectName("run-eta")
        row.addWidget(self.eta)
        self.cancel_button = theme.set_icon(QPushButton(self.tr("Cancel")), "mdi6.stop")
        self.cancel_button.setObjectName("run-cancel")
        self.resume_button = theme.set_icon(QPushButton(self.tr("Resume")), "mdi6.play")
        self.resume_button.setObjectName("run-resume")
        self.settings_button = theme.set_icon(QPushButton(self.tr("Change settings")), "mdi6.tune")
        self.settings_button.setObjectName("run-settings")
        self.settings_button.setToolTip(self.tr("Back to the settings, to start a new run"))
        self.cancel_button.clicked.connect(self.cancel)
        self.resume_button.clicked.connect(self.resume)
        self.settings_button.clicked.connect(self.change_settings)
        row.addWidget(self.cancel_button)
        row.addWidget(self.resume_button)
        row.addWidget(self.settings_button)
        layout.addLayout(row)
        curves = QWidget()
        curves_row = QHBoxLayout(curves)
        curves_row.setContentsMargins(0, 0, 0, 0)
        self.loss_curve = CurveWidget(self.tr("Training loss"), log_y=True, smooth=0.6)
        self.loss_curve.setObjectName("loss-curve")
        self.lr_curve = CurveWidget(self.tr("Learning rate"), log_y=True)
        self.lr_curve.setObjectName("lr-curve")
        curves_row.addWidget(self.loss_curve, 3)
        curves_row.addWidget(self.lr_curve, 2)
        self.table = QTableWidget(0, len(METRIC_COLUMNS))
        self.table.setObjectName("eval-table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in METRIC_COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.log = QPlainTextEdit()
        self.log.setObjectName("run-log")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(500)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.table)
        bottom.addWidget(self.log)
        bottom.setSizes([3, 2])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(curves)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._update_buttons()

    # --- starting -------------------------------------------------------------------------------------------------

    @property
    def run_dir(self) -> Path | None:
        return Path(self.config.run_dir) if self.config is not None else None

    def initializePage(self) -> None:  # noqa: N802
        self.start(self.wizard().settings_page.config())

    def start(self, config) -> TrainingProcess:
        """Write ``RUN/config.json`` (resolved) and start training it in a new process."""
        if self.process is not None and self.process.is_running():
            raise RuntimeError("a training run is already going on")
        self.config = config.resolved()
        run = Path(self.config.run_dir)
        run.mkdir(parents=True, exist_ok=True)
        (run / "config.json").write_text(self.config.to_json(), "utf-8")
        self.loss_curve.clear()
        self.lr_curve.clear()
        self.table.setRowCount(0)
        self.evals.clear()
        self.log.clear()
        self._replay_history(run)
        self.log.appendPlainText(self.tr("run folder: {0}").format(run))
        return self._launch()

    def _replay_history(self, run: Path) -> None:
        """Curves and metrics of earlier parts of this run (a run folder being continued)."""
        path = run / "progress.jsonl"
        if not path.is_file():
            return
        for line in path.read_text("utf-8").splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") in ("train", "eval"):
                self.on_event(event)

    def _launch(self) -> TrainingProcess:
        if self.process is not None:
            self.process.deleteLater()
        self.status = None
        self.process = TrainingProcess(self.config.run_dir, self.config.gpus, parent=self)
        self.process.event.connect(self.on_event)
        self.process.output.connect(self._output)
        self.process.finished.connect(self._finished)
        self.progress.setRange(0, self.config.iters)
        self.loss_curve.set_x_range(0, self.config.iters)
        self.lr_curve.set_x_range(0, self.config.iters)
        self.headline.setText(self.tr("Starting {0}...").format(self.config.network))
        self.process.start()
        self._update_buttons()
        self.completeChanged.emit()
        return self.process

    def resume(self):
        """Continue the run from its newest checkpoint, in a new process."""
        if self.config is None or self.is_running():
            return None
        self.log.appendPlainText(self.tr("resuming..."))
        return self._launch()

    def cancel(self) -> None:
        if self.is_running():
            self.headline.setText(self.tr("Cancelling: writing a checkpoint..."))
            self.cancel_button.setEnabled(False)
            self.process.cancel()

    def is_running(self) -> bool:
        return self.process is not None and self.process.is_running()

    def change_settings(self) -> None:
        """Back to the settings page (past the commit), e.g. after an error or to try other settings."""
        if not self.is_running():
            self.wizard().back()

    def cleanupPage(self) -> None:  # noqa: N802 (going back to the settings)
        self.stop()

    # --- following ------------------------------------------------------------------------------------------------

    def on_event(self, e: dict) -> None:
        kind = e.get("event")
        if kind == "start":
            self.headline.setText(self.tr("Training {0} on {1}: {2} training / {3} validation samples, batch {4}, "
                                          "{5} px").format(e["network"], e["device"], e["train_samples"],
                                                           e["val_samples"], e["batch_size"], e["size"]))
            self.progress.setRange(0, e["iters"])
            self.progress.setValue(e["start_iter"])
            if e["start_iter"]:
                self.log.appendPlainText(self.tr("continuing from iteration {0}").format(e["start_iter"]))
            for warning in e.get("warnings", []):
                self.log.appendPlainText(self.tr("warning: {0}").format(warning))
        elif kind == "train":
            self.loss_curve.add_point(self.tr("loss"), e["iter"], e["losses"]["all"])
            self.lr_curve.add_point(self.tr("lr"), e["iter"], e["lr"])
            self.progress.setMaximum(e["iters"])
            self.progress.setValue(e["iter"])
            speed = e.get("speed", {})
            self.eta.setText(self.tr("ETA {0}  ({1:.2f} it/s)").format(format_duration(e.get("eta_s")),
                                                                       speed.get("iters_per_s", 0.0)))
        elif kind == "eval":
            self._add_eval(e)
        elif kind == "checkpoint":
            self.log.appendPlainText(self.tr("checkpoint at iteration {0}").format(e["iter"]))
        elif kind == "nan":
            self.log.appendPlainText(e.get("message", ""))
        elif kind == "end":
            self.status = e.get("status")
            if e.get("message"):
                self.headline.setText(e["message"])
                self.log.appendPlainText(e["message"])

    def _add_eval(self, e: dict) -> None:
        self.evals.append(e)
        row = self.table.rowCount()
        self.table.insertRow(row)
        m = e["metrics"]
        cells = [str(e["iter"])] + [metric_text(k, m[k]) for k in tasks.METRICS] + ["\u2605" if e.get("improved")
                                                                                    else ""]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, c, item)
        self.table.scrollToBottom()

    def _output(self, line: str) -> None:
        if "Traceback" in line or "Error" in line:
            self.log.appendPlainText(line)

    def _finished(self, status: str, code: int) -> None:
        self.status = status
        if status == "crashed":
            self.headline.setText(self.tr("The training process stopped unexpectedly (exit code {0}).").format(code))
            self.log.appendPlainText(self.process.tail())
        elif status == "cancelled":
            self.headline.setText(self.tr("Cancelled. Resume continues from the last checkpoint."))
        self.eta.setText("")
        self._update_buttons()
        self.completeChanged.emit()
        self.runFinished.emit(status)

    def _update_buttons(self) -> None:
        running = self.is_running()
        self.cancel_button.setEnabled(running and not self.process.cancelling)
        from training import checkpoints as C

        can_resume = (not running and self.config is not None and self.status not in (None, "done")
                      and C.latest(self.run_dir) is not None)
        self.resume_button.setEnabled(can_resume)
        self.settings_button.setEnabled(not running and self.status is not None)

    def isComplete(self) -> bool:  # noqa: N802
        return (self.config is not None and not self.is_running()
                and tasks.run_weights(self.config.run_dir) is not None)

    def validatePage(self) -> bool:  # noqa: N802 (also guards QWizard.next() called from code)
        return self.isComplete()

    def stop(self, wait_ms: int = 60_000) -> bool:
        """Cancel a running job and wait for it (closing the wizard); True when no process is left."""
        if self.process is None:
            return True
        if self.is_running():
            self.process.cancel()
            if not self.process.wait(wait_ms):
                self.process.kill()
                self.process.wait(5_000)
        return not self.is_running()
