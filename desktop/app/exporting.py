"""Export in the UI: runs ``export_task.export_images`` on the pool with a progress bar and a cancel button."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from backends.contract import BackendOptions

from . import theme
from .export_task import Exported, ExportItem, ExportSettings, export_images
from .items import ImageItem, Project
from .workers import Worker, WorkerPool


class Exporter(QObject):
    progressed = Signal(object)  # Exported
    finished = Signal(list)  # every Exported
    message = Signal(str)

    def __init__(self, pool: WorkerPool, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = pool
        self.worker: Worker | None = None
        self.results: list[Exported] = []
        self.bar = ExportBar(self)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, items: list[ImageItem], project: Project, settings: ExportSettings,
              options: BackendOptions | None = None) -> bool:
        if self.running:
            return False
        todo = [ExportItem(item.path, project.backend_for(item)) for item in items]
        self.results = []
        worker = self.pool.prepare(export_images, todo, settings, options)
        worker.signals.progress.connect(self._one)
        worker.signals.errored.connect(lambda exc: self.message.emit(self.tr("Export failed: {0}").format(exc)))
        worker.signals.finished.connect(self._finished)
        self.worker = worker
        self.bar.begin(len(todo))
        self.message.emit(self.tr("Exporting {0} image(s) to {1}...").format(len(todo), settings.folder))
        self.pool.start(worker)
        return True

    def _one(self, result: Exported) -> None:
        self.results.append(result)
        self.bar.step(result.index, result.total)
        self.progressed.emit(result)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _finished(self) -> None:
        self.worker = None
        self.bar.setVisible(False)
        written = [r for r in self.results if r.output is not None]
        failed = [r for r in self.results if r.output is None]
        text = self.tr("Exported {0} file(s)").format(len(written))
        if failed:
            text += self.tr(", {0} failed: {1}").format(len(failed), "; ".join(
                f"{r.path.name}: {r.error}" for r in failed[:3]))
        self.message.emit(text)
        self.finished.emit(self.results)


class ExportBar(QWidget):
    def __init__(self, exporter: Exporter, parent=None):
        super().__init__(parent)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(160)
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(theme.icon("mdi6.stop"))
        self.cancel_button.setToolTip(self.tr("Cancel the export"))
        self.cancel_button.clicked.connect(exporter.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)

    def begin(self, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("export %v / %m"))
        self.setVisible(True)

    def step(self, index: int, total: int) -> None:
        self.progress.setValue(index)
