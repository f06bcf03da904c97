""""Process all" in the UI: runs ``batch_task.process_all`` on the pool, with a progress bar, ETA, pause and cancel.

The controller turns the engine's events into item statuses (the thumbnail badges), a progress bar with an ETA,
and a failures list giving each file's reason. ``cancel`` stops the engine cleanly (it finishes the image in
hand); ``finished`` is emitted once its worker has returned.

The ETA is honest: it starts once the first image is finished after the matting engine is ready (loading a model
or compiling the kernels on first use is not a per-image cost), leaves paused time out, and is dropped while the
batch is paused. While the engine is being prepared (``set_preparing``) the bar says so.
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
    preparingChanged = Signal(bool)
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
        self.in_flight: set[Path] = set()  # images the engine is matting now
        self.preparing = False  # the matting engine is being prepared (first use): no ETA yet
        self.paused = False
        self._clock: tuple[float, int] | None = None  # (time, images done) the ETA counts from
        self._paused_at = 0.0
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
        self.in_flight = set()
        self.gate = Gate()
        self.paused = False
        self._clock = None
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
            self.in_flight.add(event.path)
            self.statusChanged.emit(event.path, RUNNING, "")
            return
        self.in_flight.discard(event.path)
        status = {"done": DONE, "failed": FAILED}.get(event.status, self._before.get(event.path, WAITING))
        if status == DONE and self._before.get(event.path) == EDITED:
            status = EDITED
        if status == FAILED:
            self.failures.append((event.path, event.error))
        self.statusChanged.emit(event.path, status, event.error if status == FAILED else "")
        if event.status in ("done", "failed"):
            self.done += 1
            if self._clock is None and not self.preparing and event.seconds > 0:
                self._clock = (time.monotonic(), self.done)  # the ETA counts from here
        self.progressed.emit(self.done, self.total, self.eta())

    def eta(self) -> str:
        """The time left, from the images finished since the clock started ("" when unknown or paused)."""
        if self.paused or self._clock is None or self.done >= self.total:
            return ""
        t0, done0 = self._clock
        if self.done <= done0:
            return ""
        per = (time.monotonic() - t0) / (self.done - done0)
        return format_eta(per * (self.total - self.done))

    def set_preparing(self, preparing: bool) -> None:
        """The matting engine is being prepared (kernels compiled on first use): no image time counts yet."""
        if preparing != self.preparing:
            self.preparing = preparing
            if not preparing:
                self._clock = None  # restart the ETA from the next finished image
            self.preparingChanged.emit(preparing)
            if self.running:
                self.progressed.emit(self.done, self.total, self.eta())

    def pause(self, paused: bool = True) -> None:
        if paused == self.paused:
            return
        self.paused = paused
        if paused:
            self.gate.pause()
            self._paused_at = time.monotonic()
        else:
            self.gate.resume()
            if self._clock is not None:  # paused time is no image's time
                t0, done0 = self._clock
                self._clock = (t0 + time.monotonic() - self._paused_at, done0)
        self.pausedChanged.emit(paused)
        self.progressed.emit(self.done, self.total, self.eta())

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
        self.paused = False
        self.in_flight = set()
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
        theme.set_icon(self.pause_button, "mdi6.pause")
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(self.tr("Pause / resume"))
        self.cancel_button = QToolButton()
        theme.set_icon(self.cancel_button, "mdi6.stop")
        self.cancel_button.setToolTip(self.tr("Cancel the batch"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.bar, self.eta, self.pause_button, self.cancel_button):
            layout.addWidget(w)
        self.eta.setObjectName("batch-eta")
        self.pause_button.toggled.connect(controller.pause)
        self.cancel_button.clicked.connect(controller.cancel)
        controller.started.connect(self._started)
        controller.progressed.connect(self._progressed)
        controller.pausedChanged.connect(self._paused)
        controller.finished.connect(lambda _s: self.setVisible(False))
        self.setVisible(False)

    def _started(self, total: int) -> None:
        self.pause_button.setChecked(False)
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(0)
        self.eta.setText("")
        self.setVisible(True)

    def _paused(self, paused: bool) -> None:
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(paused)
        self.pause_button.blockSignals(False)
        theme.set_icon(self.pause_button, "mdi6.play" if paused else "mdi6.pause")
        self.pause_button.setToolTip(self.tr("Resume") if paused else self.tr("Pause"))

    def _progressed(self, done: int, total: int, eta: str) -> None:
        c = self.controller
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        if c.paused:
            self.bar.setFormat(self.tr("Paused: {0} / {1}").format(done, total))
            self.eta.setText(self.tr("Paused"))
        else:
            self.bar.setFormat(f"{done} / {total}")
            if c.preparing:
                self.eta.setText(self.tr("preparing the matting engine..."))
            elif eta:
                self.eta.setText(self.tr("ETA {0}").format(eta))
            else:
                self.eta.setText(self.tr("estimating time...") if done < total else "")


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
