"""The main window: thumbnail strip, canvas, brush and background panels, batch progress; wires the parts together.

The parts own their behaviour (``Document`` the current image, ``BatchController`` "Process all", ``Canvas`` the
view, ``TrimapEditor`` the brush); this module connects their signals and holds the project. Closing while work
runs asks first, then cancels it and closes once the pool is idle, so no thread outlives the window.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QThread
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget)

from backends import registry
from backends.imaging.compose import Background

from . import actions, matte_store, previews, settings
from .background_panel import BackgroundPanel
from .batch_controller import BatchBar, BatchController, FailuresList
from .canvas import Canvas
from .document import Document
from .exporting import Exporter
from .items import DONE, EDITED, FAILED, Project
from .thumbnails import ThumbnailModel, ThumbnailStrip
from .tool_panel import ToolPanel
from .view_bar import ViewBar
from .workers import WorkerPool


def default_backend(preferred: str = "") -> str:
    """The preferred backend if it loads, else the registry's default, else the first trimap-free, else any."""
    entries = [e for e in registry.list_backends() if e.info is not None]
    ids = [e.id for e in entries]
    for candidate in (preferred, registry.DEFAULT_BACKEND):
        if candidate and candidate in ids:
            return candidate
    free = [e.id for e in entries if not e.info.needs_trimap]
    return (free or ids or [""])[0]


class MainWindow(QMainWindow):
    def __init__(self, prefs: settings.Preferences | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.prefs = prefs or settings.Preferences.load()
        self.backend_options = self.prefs.backend_options()
        self.setWindowTitle("Matting Studio")
        self.setObjectName("main-window")
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.pool = WorkerPool(max(4, QThread.idealThreadCount()), self)
        self.project = Project(backend_id=default_backend(self.prefs.backend))
        self.document = Document(self.pool, self)
        self.document.set_options(self.backend_options)
        self.document.raw_preview = self.prefs.raw_preview
        self.batch = BatchController(self.pool, self)
        self.exporter = Exporter(self.pool, self)
        self.background = Background()
        self.closing = False
        self._build()
        self.actions = actions.build(self)
        self._connect()
        self._restore()

    # --- layout ---------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.canvas = Canvas(self.pool)
        self.canvas.setObjectName("canvas")
        self.view_bar = ViewBar()
        self.model = ThumbnailModel(self.pool, self)
        self.strip = ThumbnailStrip(self.model)
        self.strip.setObjectName("thumbnails")
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view_bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.strip)
        self.setCentralWidget(central)
        self.tools = ToolPanel()
        self.tools.set_backend(self.project.backend_id)
        self.tools.show_size(self.document.editor.size)
        self.backgrounds = BackgroundPanel()
        self.failures = FailuresList()
        for title, widget, area, name in (
                (self.tr("Tools"), self.tools, Qt.DockWidgetArea.LeftDockWidgetArea, "tools-dock"),
                (self.tr("Background"), self.backgrounds, Qt.DockWidgetArea.RightDockWidgetArea, "background-dock"),
                (self.tr("Failures"), self.failures, Qt.DockWidgetArea.BottomDockWidgetArea, "failures-dock")):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                             QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(area, dock)
            setattr(self, name.replace("-", "_"), dock)
        self.failures_dock.setVisible(False)
        self.message = QLabel(self.tr("Open a folder of photos (Ctrl+O) or drop it here."))
        self.statusBar().addWidget(self.message, 1)
        self.batch_bar = BatchBar(self.batch)
        self.statusBar().addPermanentWidget(self.batch_bar)
        self.statusBar().addPermanentWidget(self.exporter.bar)
        self.set_mode(previews.COMPOSITE)

    def _connect(self) -> None:
        doc, editor, canvas = self.document, self.document.editor, self.canvas
        self.strip.activated_item.connect(self.select)
        doc.pictureShown.connect(lambda _p: canvas.set_picture(doc.picture.rgb, doc.alpha))
        doc.alphaChanged.connect(lambda: canvas.set_alpha(doc.alpha))
        doc.alphaPatched.connect(lambda *rect: canvas.patch_alpha(doc.alpha, *rect))
        doc.statusChanged.connect(self._status)
        doc.message.connect(self.show_message)
        doc.refineStarted.connect(lambda: self.show_message(self.tr("Refining with {0}...").format(
            doc.refiner().label)))
        doc.refined.connect(lambda: self.show_message(self.tr("Refined.")))
        editor.reset.connect(self._overlay_reset)
        editor.changed.connect(self._overlay_changed)
        editor.sizeChanged.connect(lambda s: (self.tools.show_size(s), canvas.set_brush(canvas.brush_active, s)))
        canvas.strokeStarted.connect(editor.begin)
        canvas.strokeMoved.connect(editor.move)
        canvas.strokeEnded.connect(editor.end)
        canvas.zoomChanged.connect(self.view_bar.show_zoom)
        self.view_bar.modeChosen.connect(self.set_mode)
        self.view_bar.splitChosen.connect(canvas.set_split)
        self.view_bar.fitRequested.connect(canvas.fit)
        self.view_bar.actualSizeRequested.connect(canvas.actual_size)
        self.tools.toolChosen.connect(self.choose_tool)
        self.tools.sizeChosen.connect(editor.set_size)
        self.tools.opacityChosen.connect(canvas.overlay.setOpacity)
        self.tools.refineRequested.connect(self.refine)
        self.tools.autoTrimapRequested.connect(self.auto_trimap)
        self.tools.backendChosen.connect(self.choose_backend)
        self.tools.downloadRequested.connect(self.show_models)
        self.backgrounds.changed.connect(self._background)
        self.batch.statusChanged.connect(self._status)
        self.batch.finished.connect(self._batch_finished)
        self.batch.problem.connect(self._batch_problem)
        self.exporter.message.connect(self.show_message)

    def _restore(self) -> None:
        qs = settings.store()
        geometry = qs.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = qs.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.failures_dock.setVisible(False)
        self.refresh_recent()

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        for folder in settings.recent_folders():
            self.recent_menu.addAction(folder, lambda f=folder: self.open_paths([Path(f)]))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    # --- opening and selecting ------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of photos"))
        if folder:
            self.open_paths([Path(folder)])

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Open photos"), "",
                                                self.tr("Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)"))
        if names:
            self.open_paths([Path(n) for n in names])

    def open_paths(self, paths: list[Path]) -> int:
        """Open files and folders (searched recursively); returns how many images were found."""
        if self.batch.running:
            self.show_message(self.tr("A batch is running: cancel it before opening other photos."))
            return 0
        project = Project.from_paths(paths, self.project.backend_id)
        for item in project.items:
            if matte_store.has_edit(item.path):
                item.status = EDITED
            elif matte_store.matte_path(item.path, project.backend_id) and \
                    matte_store.matte_path(item.path, project.backend_id).exists():
                item.status = DONE
        self.project = project
        self.failures.clear()
        self.failures_dock.setVisible(False)
        self.model.set_project(project)
        for p in paths:
            if Path(p).is_dir():
                settings.add_recent_folder(Path(p).resolve())
        self.refresh_recent()
        self.show_message(self.tr("{0} image(s) found.").format(len(project)) if len(project) else
                          self.tr("No images found there."))
        if len(project):
            self.strip.select_row(0)
        return len(project)

    def select(self, row: int) -> None:
        if not 0 <= row < len(self.project):
            return
        item = self.project.items[row]
        self.tools.set_backend(self.project.backend_for(item))
        self.document.open(item.path, self.project.backend_for(item))
        self.setWindowTitle(f"{item.name} - Matting Studio")

    def current_row(self) -> int:
        return self.project.index_of(self.document.path) if self.document.path else -1

    def step(self, delta: int) -> None:
        if len(self.project):
            self.strip.select_row((max(self.current_row(), 0) + delta) % len(self.project))

    def choose_backend(self, backend_id: str, only_this: bool = False) -> None:
        row = self.current_row()
        if only_this and row >= 0:
            self.project.items[row].backend_id = backend_id
        else:
            self.project.backend_id = backend_id
            self.prefs.backend = backend_id
            self.prefs.save()
        self.tools.set_backend(backend_id)
        if row >= 0:
            self.document.recompute(self.project.backend_for(self.project.items[row]))

    # --- statuses, messages ---------------------------------------------------------------------------------------

    def _status(self, path: Path, status: str, error: str) -> None:
        self.model.set_status(path, status, error)
        self.failures.remove_path(path)
        if status == FAILED:
            self.failures.add_failure(path, error)
            self.failures_dock.setVisible(True)
        if status == DONE and path == self.document.path and self.document.alpha is None:
            self.document.recompute(self.project.backend_for(self.project.items[self.project.index_of(path)]))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    # --- brush and view -------------------------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.view_bar.show_mode(mode)
        self.canvas.set_mode(mode)

    def choose_tool(self, tool: str) -> None:
        if tool and not self.document.ensure_trimap():
            tool = ""
        self.document.editor.set_tool(tool)
        self.tools.show_tool(tool)
        self.canvas.set_brush(bool(tool), self.document.editor.size)
        self._overlay_reset()

    def _overlay_reset(self) -> None:
        editor = self.document.editor
        if editor.trimap is None or not editor.tool:
            self.canvas.set_overlay(None)
            return
        self.canvas.set_overlay(previews.trimap_overlay(editor.trimap, 1.0), self.tools.opacity.value() / 100.0)

    def _overlay_changed(self, x0: int, y0: int, x1: int, y1: int) -> None:
        editor = self.document.editor
        if editor.tool and self.canvas.overlay.array is not None:
            self.canvas.update_overlay(previews.trimap_overlay(editor.trimap[y0:y1, x0:x1], 1.0), x0, y0)

    def refine(self) -> None:
        if not self.document.refine():
            self.show_message(self.tr("Nothing to refine yet: open an image first."))

    def auto_trimap(self) -> None:
        self.document.reset_trimap()
        self._overlay_reset()

    def discard_edit(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.document.discard_edit()
            self.project.items[row].status = DONE
            self.select(row)

    def _background(self, bg: Background) -> None:
        self.background = bg
        self.canvas.set_background(bg)
        if bg.kind != "transparent" and self.canvas.mode not in (previews.COMPOSITE, previews.SPLIT):
            self.set_mode(previews.COMPOSITE)

    # --- batch, export, dialogs -----------------------------------------------------------------------------------

    def process_all(self) -> bool:
        if not len(self.project):
            self.show_message(self.tr("Open a folder first."))
            return False
        self.failures.clear()
        started = self.batch.start(self.project, self.prefs.workers, options=self.backend_options)
        if started:
            self.show_message(self.tr("Processing {0} image(s)...").format(self.batch.total))
        return started

    def _batch_problem(self, text: str) -> None:
        self.failures.add_problem(text)
        self.failures_dock.setVisible(True)
        self.show_message(text)

    def _batch_finished(self, summary) -> None:
        if summary is None:
            self.show_message(self.tr("The batch stopped."))
        else:
            self.show_message(self.tr("Batch finished: {0} done, {1} failed, {2} cancelled ({3:.1f} s).").format(
                summary.done, summary.failed, summary.cancelled, summary.seconds))

    def export(self) -> None:
        from .export_dialog import ExportDialog

        rows = self.strip.selected_rows()
        items = [self.project.items[r] for r in rows] if len(rows) > 1 else list(self.project.items)
        if not items:
            self.show_message(self.tr("Open a folder first."))
            return
        folder = self.prefs.output_folder or str(items[0].path.parent / "cutouts")
        dialog = ExportDialog(self.background, folder, self.prefs.output_format, len(items), items[0].path, self,
                              metadata=self.prefs.metadata)
        if dialog.exec():
            self.exporter.start(items, self.project, dialog.settings(), self.backend_options)

    def show_models(self, model_id: str = "") -> None:
        from .models_dialog import ModelsDialog

        dialog = ModelsDialog(self.pool, self.prefs.mirror, self.prefs.proxy, self)
        if model_id:
            dialog.select(model_id)
        dialog.changed.connect(lambda: self.tools.fill_backends(self.project.backend_id))
        dialog.exec()
        self.prefs.mirror, self.prefs.proxy = dialog.mirror.text().strip(), dialog.proxy.text().strip()
        self.prefs.save()

    def show_training(self) -> None:
        """The training wizard (``desktop.app.training``); a model it exports shows up in the backend list."""
        from .training.wizard import open_training_wizard

        wizard = open_training_wizard(self)
        wizard.finished.connect(lambda _r=0: self.tools.fill_backends(self.project.backend_id))
        wizard.modelRegistered.connect(self.tools.fill_backends)  # list and select the new model

    def show_preferences(self) -> None:
        from PySide6.QtWidgets import QApplication

        from . import theme
        from .preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self)
        if dialog.exec():
            self.prefs = dialog.result_preferences()
            self.prefs.save()
            self.set_backend_options(self.prefs.backend_options())
            self.document.raw_preview = self.prefs.raw_preview
            theme.apply(QApplication.instance(), self.prefs.theme)
            self.canvas.viewport().update()

    def set_backend_options(self, options) -> None:
        """Run backends with other options from now on (loaded ones are dropped: the next use loads them anew)."""
        if options == self.backend_options:
            return
        self.backend_options = options
        registry.forget(keep=options)
        self.document.set_options(options)

    # --- drag and drop, closing -----------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.open_paths(paths)
            event.acceptProposedAction()

    def ask(self, title: str, text: str) -> bool:
        """A yes / no question (tests replace this)."""
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event) -> None:
        busy = self.batch.running or self.exporter.running
        if busy and not self.closing:
            if not self.ask(self.tr("Quit"), self.tr("A batch is running. Cancel it and quit?")):
                event.ignore()
                return
            self.closing = True
            self.show_message(self.tr("Cancelling..."))
            self.batch.cancel()
            self.exporter.cancel()
            self.pool.cancel_all()
            self.pool.idle.connect(self.close)
            event.ignore()
            return
        self.document.flush()
        qs = settings.store()
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/state", self.saveState())
        qs.sync()
        self.pool.cancel_all()
        self.pool.wait(30_000)
        event.accept()
