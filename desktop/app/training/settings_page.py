"""Wizard page 3: iterations, batch size, learning rate and input size, with the device found and a memory estimate.

The fields start at the trainer's defaults for the chosen network and start weights (``TrainConfig.resolved()``:
the official recipe from scratch, the fine-tuning defaults from weights), sized for the device found
(``tasks.fit_to_device``: a CPU fine-tunes with fewer iterations and a small batch), with an estimate of how long
the run will take (``tasks.time_estimate``) before it starts. Advanced settings: validation size,
evaluation and checkpoint intervals, device, GPUs, mixed precision and the run folder. Leaving this page (its
button reads "Start training") commits: training starts on the next page.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget, QWizard,
                               QWizardPage)

from backends.paths import data_dir
from training.config import TrainConfig  # no paddle import until resolved() (which runs on a worker)

from .. import theme
from . import tasks
from .dataset_page import folder_row


def runs_dir() -> Path:
    return data_dir() / "training-runs"


def log_every(iters: int) -> int:
    """Progress events often enough for a smooth curve (about 100-200 points), at most every 10 iterations."""
    return max(1, min(10, iters // 100))


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n:.0f} B"
        n /= 1024
    return f"{n:.1f} GiB"


class SettingsPage(QWizardPage):
    deviceFound = Signal(dict)  # noqa: N815 (Qt naming)
    memoryEstimated = Signal(object)  # bytes (a Python int: above 2 GiB, a Qt int would overflow)  # noqa: N815
    defaultsReady = Signal(dict)  # noqa: N815

    def __init__(self, pool, parent: QWidget | None = None):
        super().__init__(parent)
        self.pool = pool
        self.setTitle(self.tr("Settings"))
        self.setSubTitle(self.tr("The defaults are the official recipe, adapted for fine-tuning."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Start training"))
        self._defaults_for: tuple | None = None
        self._auto_run_dir = True
        self.memory_worker = None
        self.defaults_worker = None
        self.device_info: dict | None = None
        self._defaults: dict | None = None  # the trainer's defaults last received
        self._filled: tuple[int, int] | None = None  # (iterations, batch) put in the fields from them
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.iters = QSpinBox()
        self.iters.setRange(1, 10_000_000)
        self.iters.setObjectName("iters")
        self.batch = QSpinBox()
        self.batch.setRange(1, 512)
        self.lr = QLineEdit()
        self.lr.setObjectName("learning-rate")
        self.size = QSpinBox()
        self.size.setRange(32, 4096)
        self.size.setSuffix(" px")
        form.addRow(self.tr("Iterations"), self.iters)
        form.addRow(self.tr("Batch size"), self.batch)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("Input (crop) size"), self.size)
        reset = theme.set_icon(QPushButton(self.tr("Recommended settings")), "mdi6.restore")
        reset.clicked.connect(lambda: self.fill_defaults(force=True))
        form.addRow("", reset)
        layout.addLayout(form)
        advanced = QGroupBox(self.tr("Advanced"))
        adv = QFormLayout(advanced)
        self.val_size = QSpinBox()
        self.val_size.setRange(0, 4096)
        self.val_size.setSpecialValueText(self.tr("official"))
        self.val_size.setSuffix(" px")
        self.eval_every = QSpinBox()
        self.eval_every.setRange(1, 1_000_000)
        self.save_every = QSpinBox()
        self.save_every.setRange(1, 1_000_000)
        self.device = QComboBox()
        for label, value in ((self.tr("automatic (GPU when there is one)"), "auto"), (self.tr("CPU"), "cpu"),
                             (self.tr("GPU"), "gpu")):
            self.device.addItem(label, value)
        self.gpus = QSpinBox()
        self.gpus.setRange(1, 1)
        self.amp = QCheckBox(self.tr("Mixed precision on the GPU"))
        self.amp.setChecked(True)
        self.run_dir = QLineEdit()
        self.run_dir.setObjectName("run-folder")
        browse = theme.set_icon(QPushButton(self.tr("Browse...")), "mdi6.folder-open")
        browse.clicked.connect(self._browse)
        adv.addRow(self.tr("Validation size"), self.val_size)
        adv.addRow(self.tr("Evaluate every"), self.eval_every)
        adv.addRow(self.tr("Checkpoint every"), self.save_every)
        adv.addRow(self.tr("Device"), self.device)
        adv.addRow(self.tr("GPUs"), self.gpus)
        adv.addRow("", self.amp)
        adv.addRow(self.tr("Run folder"), folder_row(self.run_dir, browse))
        layout.addWidget(advanced)
        self.device_label = QLabel(self.tr("Device: looking..."))
        self.device_label.setObjectName("device-label")
        self.memory_label = QLabel()
        self.memory_label.setObjectName("memory-label")
        info = QHBoxLayout()
        info.addWidget(self.device_label)
        info.addStretch(1)
        info.addWidget(self.memory_label)
        layout.addLayout(info)
        self.time_label = QLabel()
        self.time_label.setObjectName("time-label")
        self.time_label.setWordWrap(True)
        layout.addWidget(self.time_label)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #eb4646;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.memory_timer = QTimer(self)
        self.memory_timer.setSingleShot(True)
        self.memory_timer.setInterval(300)
        self.memory_timer.timeout.connect(self.update_memory)
        for w in (self.batch, self.size):
            w.valueChanged.connect(lambda _: self.memory_timer.start())
        for w in (self.iters, self.batch, self.size):
            w.valueChanged.connect(lambda _: self.update_time())
        self.amp.toggled.connect(lambda _: self.memory_timer.start())
        self.device.currentIndexChanged.connect(lambda _: self.update_device())
        self.lr.textChanged.connect(lambda _: self.completeChanged.emit())
        self.run_dir.textEdited.connect(lambda _: setattr(self, "_auto_run_dir", False))
        self.run_dir.textChanged.connect(lambda _: self.completeChanged.emit())

    # --- values ---------------------------------------------------------------------------------------------------

    def _choice(self) -> tuple[str, str, str]:
        wizard = self.wizard()
        return wizard.model_page.network(), wizard.model_page.start_weights(), wizard.dataset_page.dataset()

    def learning_rate(self) -> float | None:
        try:
            value = float(self.lr.text())
        except ValueError:
            return None
        return value if 0 < value < 10 else None

    def fill_defaults(self, force: bool = False):
        """Put the trainer's defaults for the chosen network and weights in the fields (computed on a worker)."""
        network, weights, dataset = self._choice()
        if not network or (not force and self._defaults_for == (network, weights)):
            return None
        self._defaults_for = (network, weights)
        worker = self.pool.prepare(tasks.defaults, network, weights, dataset)
        worker.signals.result.connect(lambda d, w=worker: self._apply_defaults(w, d))
        worker.signals.errored.connect(lambda exc, w=worker: self._defaults_failed(w, exc))
        self.defaults_worker = worker
        self.completeChanged.emit()
        self.pool.start(worker)
        return worker

    def _apply_defaults(self, worker, d: dict) -> None:
        if worker is not self.defaults_worker:
            return
        self.defaults_worker = None
        self._defaults = d
        self._fill_for_device()
        self.lr.setText(f"{d['lr']:g}")
        self.size.setSingleStep(d["multiple"])
        self.size.setValue(d["size"])
        self.val_size.setValue(0)
        if self._auto_run_dir:
            self.run_dir.setText(str(self.fresh_run_dir(self._choice()[0])))
        self.completeChanged.emit()
        self.defaultsReady.emit(d)

    def _defaults_failed(self, worker, exc) -> None:
        if worker is self.defaults_worker:
            self.defaults_worker = None
            self._defaults_for = None
            self.problem.setText(self.tr("No defaults for this model: {0}").format(exc))
            self.completeChanged.emit()

    def _fill_for_device(self) -> None:
        """Iterations, batch and intervals from the defaults, sized for the device once it is known."""
        d = self._defaults
        if d is None:
            return
        kind = self.device_info["kind"] if self.device_info else "gpu"  # unsized until the device is known
        fitted = tasks.fit_to_device(d, kind, finetune=self._choice()[1] not in ("", "scratch"))
        self.iters.setValue(fitted["iters"])
        self.batch.setValue(fitted["batch_size"])
        self.eval_every.setValue(fitted["eval_every"])
        self.save_every.setValue(fitted["save_every"])
        self._filled = (fitted["iters"], fitted["batch_size"])
        self.update_time()

    def update_time(self) -> None:
        """How long the run would take, roughly, on this device."""
        network = self._choice()[0] if self.wizard() is not None else ""
        seconds = tasks.time_estimate(network, self.iters.value(), self.batch.value(), self.size.value(),
                                      self.device_info) if network else None
        if seconds is None:
            self.time_label.setText("")
            return
        where = self.tr("this GPU") if self.device_info.get("kind") == "gpu" else self.tr("this CPU")
        self.time_label.setText(self.tr("Training takes roughly {0} on {1} (an estimate; once it runs, the next page "
                                        "shows the real time left).").format(tasks.human_duration(seconds), where))

    @staticmethod
    def fresh_run_dir(network: str) -> Path:
        base = runs_dir() / f"{network}-{time.strftime('%Y%m%d-%H%M%S')}"
        path, n = base, 2
        while path.exists():
            path, n = Path(f"{base}-{n}"), n + 1
        return path

    def config(self) -> TrainConfig:
        """The run's settings from the wizard's pages (the trainer fills nothing else in)."""
        network, weights, dataset = self._choice()
        model = self.wizard().model_page
        iters = self.iters.value()
        return TrainConfig(
            network=network, dataset=dataset, run_dir=self.run_dir.text().strip(), weights=weights,
            iters=iters, batch_size=self.batch.value(), lr=self.learning_rate(), size=self.size.value(),
            val_size=self.val_size.value() or None, freeze_backbone=model.freeze_backbone.isChecked(),
            freeze_bn=model.freeze_bn.isChecked(), device=self.device.currentData(),
            gpus=self.gpus.value(), amp=self.amp.isChecked(), save_every=self.save_every.value(),
            eval_every=self.eval_every.value(), log_every=log_every(iters),
            backgrounds=self.wizard().dataset_page.background_folder() or None)

    # --- page -----------------------------------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802
        if self.fill_defaults() is None and self._auto_run_dir and Path(self.run_dir.text()).exists():
            self.run_dir.setText(str(self.fresh_run_dir(self._choice()[0])))
        self.update_device()
        self.memory_timer.start()

    def isComplete(self) -> bool:  # noqa: N802
        return (self.defaults_worker is None and self.learning_rate() is not None
                and bool(self.run_dir.text().strip()))

    def validatePage(self) -> bool:  # noqa: N802
        if not self.isComplete():  # QWizard.next() called from code skips the button's check
            return False
        if self._auto_run_dir and Path(self.run_dir.text()).exists():  # back from a run: a new run, a new folder
            self.run_dir.setText(str(self.fresh_run_dir(self._choice()[0])))
        problem = self.run_dir_problem()
        self.problem.setText(problem)
        if problem:
            return False
        from training import checkpoints as C

        run = Path(self.run_dir.text().strip())
        if C.latest(run) is not None:
            answer = QMessageBox.question(self, self.tr("Run folder"), self.tr(
                "{0} holds a run with checkpoints. Continue that run from its newest checkpoint?").format(run))
            return answer == QMessageBox.StandardButton.Yes
        return True

    def run_dir_problem(self) -> str:
        run = Path(self.run_dir.text().strip())
        if run.exists() and not run.is_dir():
            return self.tr("{0} is a file, not a folder").format(run)
        saved = run / "config.json"
        if saved.is_file():
            try:
                old = TrainConfig.load(saved)
            except (OSError, ValueError, TypeError):
                return self.tr("{0} holds an unreadable config.json; choose another folder").format(run)
            if old.network != self._choice()[0]:
                return self.tr("{0} holds a run of {1}; choose another folder").format(run, old.network)
        return ""

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Run folder"), self.run_dir.text())
        if folder:
            self._auto_run_dir = False
            self.run_dir.setText(folder)

    def stop(self) -> None:
        """Forget the estimates in flight (the wizard is closing: their answers must not reach deleted widgets)."""
        self.memory_timer.stop()
        self.memory_worker = self.defaults_worker = None

    # --- device and memory ----------------------------------------------------------------------------------------

    def update_device(self):
        worker = self.pool.prepare(tasks.device_summary, self.device.currentData())
        worker.signals.result.connect(self._device_found)
        worker.signals.errored.connect(lambda exc: self.device_label.setText(self.tr("Device: {0}").format(exc)))
        self.pool.start(worker)
        return worker

    def _device_found(self, info: dict) -> None:
        self.device_info = info
        self.device_label.setText(self.tr("Device: {0}").format(info["text"]))
        self.gpus.setRange(1, max(1, info.get("gpus", 0)))
        self.gpus.setEnabled(info.get("gpus", 0) > 1)
        self.amp.setEnabled(info["kind"] == "gpu")
        if self._filled is not None and (self.iters.value(), self.batch.value()) == self._filled:
            self._fill_for_device()  # not edited yet: size the defaults for this device
        self.update_time()
        self.memory_timer.start()
        self.deviceFound.emit(info)

    def update_memory(self):
        network = self._choice()[0]
        if not network:
            return None
        gpu = bool(self.device_info and self.device_info["kind"] == "gpu")
        amp = gpu and self.amp.isChecked()
        per_device = max(1, self.batch.value() // max(1, self.gpus.value()))
        worker = self.pool.prepare(tasks.memory_figure, network, per_device, self.size.value(), amp)
        worker.signals.result.connect(lambda n, w=worker: self._memory(w, n, gpu))
        worker.signals.errored.connect(lambda exc, w=worker: self._memory_failed(w, exc))
        self.memory_worker = worker
        self.memory_label.setText(self.tr("Memory: estimating..."))
        self.pool.start(worker)
        return worker

    def _memory_failed(self, worker, exc) -> None:
        if worker is self.memory_worker:
            self.memory_label.setText(self.tr("Memory: no estimate ({0})").format(str(exc).splitlines()[0][:80]))

    def _memory(self, worker, n: int, gpu: bool) -> None:
        if worker is not self.memory_worker:
            return
        where = self.tr("GPU memory") if gpu else self.tr("RAM")
        self.memory_label.setText(self.tr("Needs about {0} of {1}").format(human_bytes(n), where))
        self.memoryEstimated.emit(n)
