""""Process all" in the UI: runs ``batch_task.process_all`` on the pool, with a progress bar, ETA, pause and cancel.

The controller turns the engine's events into item statuses (the thumbnail badges), a progress bar with an ETA
(from the mean time per finished image), and a failures list giving each file's reason. ``cancel`` stops the
engine cleanly (it finishes the image in hand); ``finished`` is emitted once its worker has returned.
"""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QProgressBar, QToolButton, QWidget

from . import theme
from backends.contract import BackendOptions

from .batch_task import BatchEvent, BatchSummary, Gate, process_all
from .items import DONE, EDITED, FAILED, RUNNING, WAITING, Project
from .workers import Worker, WorkerPool


def format_eta(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


class BatchController(QObject):
    started = Signal(int)  # number of images
    statusChanged = Signal(object, str, str)  # path, status, error
    progressed = Signal(int, int, str)  # done, total, eta text
    pausedChanged = Signal(bool)
    finished = Signal(object)  # BatchSummary, or None when it was cancelled or failed
    problem = Signal(str)  # a backend could not be loaded: its images were left as they were

    def __init__(self, pool: WorkerPool, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = pool
        self.worker: Worker | None = None
        self.gate = Gate()
        self.total = 0
        self.done = 0
        self.failures: list[tuple[Path, str]] = []
        self._t0 = 0.0
        self._before: dict[Path, str] = {}

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, project: Project, workers: int = 1, paths: list[Path] | None = None,
              options: BackendOptions | None = None) -> bool:
        """Compute the matte of every image (or of ``paths``) that has no edit; False if a batch is running."""
        if self.running:
            return False
        wanted = None if paths is None else {Path(p) for p in paths}
        groups: dict[str, list[Path]] = {}
        self._before = {}
        for item in project.items:
            if item.status == EDITED or (wanted is not None and item.path not in wanted):
                continue
            groups.setdefault(project.backend_for(item), []).append(item.path)
            self._before[item.path] = item.status
            if item.status != DONE:
                item.status, item.error = WAITING, ""
                self.statusChanged.emit(item.path, WAITING, "")
        self.total = sum(len(v) for v in groups.values())
        self.done = 0
        self.failures = []
        self.gate = Gate()
        self._t0 = time.monotonic()
        worker = self.pool.prepare(process_all, list(groups.items()), workers, self.gate, options=options)
        worker.signals.progress.connect(self._event)
        worker.signals.result.connect(self._result)
        worker.signals.errored.connect(self._errored)
        worker.signals.finished.connect(self._finished)
        self.worker = worker
        self._summary = None
        self.started.emit(self.total)
        self.progressed.emit(0, self.total, "")
        self.pool.start(worker)
        return True

    def _event(self, event: BatchEvent) -> None:
        if event.kind == "group-failed":  # a setting, not the photos: they keep the status they had
            for path in event.paths:
                self.statusChanged.emit(path, self._before.get(path, WAITING), "")
            self.total -= len(event.paths)
            self.problem.emit(event.error)
            self.progressed.emit(self.done, self.total, self.eta())
            return
        if event.kind == "start":
            self.statusChanged.emit(event.path, RUNNING, "")
            return
        status = {"done": DONE, "failed": FAILED}.get(event.status, WAITING)
        if status == FAILED:
            self.failures.append((event.path, event.error))
        self.statusChanged.emit(event.path, status, event.error if status == FAILED else "")
        if event.status in ("done", "failed"):
            self.done += 1
        self.progressed.emit(self.done, self.total, self.eta())

    def eta(self) -> str:
        if not self.done or self.done >= self.total:
            return ""
        per = (time.monotonic() - self._t0) / self.done
        return format_eta(per * (self.total - self.done))

    def pause(self, paused: bool = True) -> None:
        if paused:
            self.gate.pause()
        else:
            self.gate.resume()
        self.pausedChanged.emit(paused)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.gate.resume()

    def _result(self, summary: BatchSummary) -> None:
        self._summary = summary

    def _errored(self, exc: BaseException) -> None:
        self.failures.append((Path("-"), f"the batch stopped: {exc}"))

    def _finished(self) -> None:
        self.worker = None
        self.finished.emit(self._summary)


class BatchBar(QWidget):
    """Progress bar, ETA, pause and cancel for the status bar; hidden when no batch runs."""

    def __init__(self, controller: BatchController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.bar = QProgressBar()
        self.bar.setMinimumWidth(220)
        self.eta = QLabel()
        self.pause_button = QToolButton()
        self.pause_button.setIcon(theme.icon("mdi6.pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(self.tr("Pause / resume"))
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(theme.icon("mdi6.stop"))
        self.cancel_button.setToolTip(self.tr("Cancel the batch"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.bar, self.eta, self.pause_button, self.cancel_button):
            layout.addWidget(w)
        self.pause_button.toggled.connect(controller.pause)
        self.cancel_button.clicked.connect(controller.cancel)
        controller.started.connect(self._started)
        controller.progressed.connect(self._progressed)
        controller.finished.connect(lambda _s: self.setVisible(False))
        self.setVisible(False)

    def _started(self, total: int) -> None:
        self.pause_button.setChecked(False)
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self.eta.setText("")
        self.setVisible(True)

    def _progressed(self, done: int, total: int, eta: str) -> None:
        self.bar.setValue(done)
        self.bar.setFormat(f"{done} / {total}")
        self.eta.setText(self.tr("ETA {0}").format(eta) if eta else "")


class FailuresList(QListWidget):
    """Each failed file and why; double-clicking one selects it."""

    def add_failure(self, path: Path, reason: str) -> None:
        item = QListWidgetItem(theme.icon("mdi6.alert-circle", "#eb4646"), f"{Path(path).name}: {reason}")
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(f"{path}\n{reason}")
        self.addItem(item)

    def add_problem(self, text: str) -> None:
        """A line about no file in particular (e.g. a backend that cannot be loaded)."""
        item = QListWidgetItem(theme.icon("mdi6.alert-circle", "#eb4646"), text)
        item.setToolTip(text)
        self.addItem(item)

    def remove_path(self, path: Path) -> None:
        for row in reversed(range(self.count())):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == str(path):
                self.takeItem(row)
