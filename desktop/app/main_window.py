"""The main window: thumbnail strip, canvas, brush and background panels, batch progress; wires the parts together.

The parts own their behaviour (``Document`` the current image, ``BatchController`` "Process all", ``Canvas`` the
view, ``TrimapEditor`` the brush, ``Fixer`` the one-click fixes of the ``FixPanel``, ``EdgePanel`` the edge
controls that the canvas and the export apply); this module connects their signals and holds the project. Closing
while work runs asks first, then cancels it and closes once the pool is idle, so no thread outlives the window.

What the status line says about the current image (where its cut-out came from, why it failed, "nothing to refine
yet") is cleared when another image is selected; the busy indicators (a spinner over the canvas and a bar in the
status bar) show while its cut-out or a refine is computed. Actions that need photos are greyed, with a tooltip
saying why, until a folder is open. ``window_state`` keeps layout, background, brush size, view mode and the
export folder between sessions.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QFrame, QLabel, QMainWindow, QMessageBox,
                               QScrollArea, QVBoxLayout, QWidget)

from backends import registry
from backends.imaging.compose import Background, dragged_offset
from backends.imaging.reader import probe_size

from . import actions, matte_store, previews, settings, theme, window_state
from .background_panel import BackgroundPanel
from .batch_controller import BatchBar, BatchController, FailuresList
from .busy import BusyStatus
from .brush import TOOLS as BRUSHES
from .canvas import Canvas
from .document import Document
from .edge_panel import EdgePanel
from .engine import EngineWarmup
from .exporting import Exporter
from .fix_panel import FixPanel
from .fixes import HAIR, Fixer
from .fixes import TOOLS as FIXES
from .items import DONE, EDITED, FAILED, Project
from .thumbnails import ThumbnailModel, ThumbnailStrip, status_names
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


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a vertical scroll area: a tall panel scrolls instead of making the window taller than a
    laptop's screen."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area


class MainWindow(QMainWindow):
    modeChanged = Signal(str)

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
        self.fixer = Fixer(self.document, self.pool, self)
        self.batch = BatchController(self.pool, self)
        self.exporter = Exporter(self.pool, self)
        self.engine = EngineWarmup(self.pool, self)
        self.background = Background()
        self.closing = False
        self._image_message = False  # the status line speaks of the current image (cleared when it changes)
        self._problems: list[str] = []  # what kept the last batch from processing some images
        self._build()
        self.actions = actions.build(self)
        self._fill_view_menu()
        self._connect()
        window_state.restore(self)
        window_state.watch(self)
        self.refresh_recent()
        self.update_actions()

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
        self.fix_panel = self.tools.add_box(FixPanel())
        self.backgrounds = BackgroundPanel()
        self.edge_panel = EdgePanel()
        self.failures = FailuresList()
        for title, widget, area, name in (
                (self.tr("Tools"), self.tools, Qt.DockWidgetArea.LeftDockWidgetArea, "tools-dock"),
                (self.tr("Background"), self.backgrounds, Qt.DockWidgetArea.RightDockWidgetArea, "background-dock"),
                (self.tr("Edges"), self.edge_panel, Qt.DockWidgetArea.RightDockWidgetArea, "edges-dock"),
                (self.tr("Failures"), self.failures, Qt.DockWidgetArea.BottomDockWidgetArea, "failures-dock")):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget if widget is self.failures else scrolling(widget))
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                             QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(area, dock)
            setattr(self, name.replace("-", "_"), dock)
        self.failures_dock.setVisible(False)
        self.message = QLabel(self.tr("Open a folder of photos (Ctrl+O) or drop it here."))
        self.message.setObjectName("status-message")
        self.canvas.set_message(self.message.text())
        self.statusBar().addWidget(self.message, 1)
        self.busy_status = BusyStatus()
        self.statusBar().addPermanentWidget(self.busy_status)
        self.batch_bar = BatchBar(self.batch)
        self.statusBar().addPermanentWidget(self.batch_bar)
        self.statusBar().addPermanentWidget(self.exporter.bar)
        self.set_mode(previews.COMPOSITE)

    def _connect(self) -> None:
        doc, editor, canvas = self.document, self.document.editor, self.canvas
        self.strip.activated_item.connect(self.select)
        doc.pictureShown.connect(lambda _p: (canvas.set_picture(doc.picture.rgb, doc.alpha), self.update_actions()))
        doc.alphaChanged.connect(lambda: canvas.set_alpha(doc.alpha))
        doc.alphaPatched.connect(lambda *rect: canvas.patch_alpha(doc.alpha, *rect))
        doc.alphaChanged.connect(self._alpha_arrived)
        doc.statusChanged.connect(self._status)
        doc.previewStopped.connect(self._preview_stopped)
        doc.pictureFailed.connect(lambda path, reason: self.canvas.show_error(
            self.tr("{0} cannot be opened:\n{1}").format(Path(path).name, reason)))
        doc.busyChanged.connect(lambda _b, _w: self._show_busy())
        doc.message.connect(self.show_image_message)
        doc.refineStarted.connect(lambda: self.show_image_message(self.tr("Refining with {0}...").format(
            doc.refiner().label)))
        doc.refined.connect(lambda: self.show_image_message(self.tr("Refined.")))
        editor.reset.connect(self._overlay_reset)
        editor.changed.connect(self._overlay_changed)
        editor.sizeChanged.connect(lambda s: (self.tools.show_size(s), canvas.set_brush(canvas.brush_active, s)))
        canvas.strokeStarted.connect(editor.begin)
        canvas.strokeMoved.connect(editor.move)
        canvas.strokeEnded.connect(editor.end)
        fixer = self.fixer
        canvas.strokeStarted.connect(lambda p: fixer.press(p, canvas.zoom()))
        canvas.strokeMoved.connect(fixer.move)
        canvas.strokeEnded.connect(fixer.release)
        canvas.hovered.connect(lambda p: fixer.hover(p, canvas.zoom()))
        canvas.left.connect(fixer.clear_hint)
        fixer.hintShown.connect(canvas.show_hint)
        fixer.hintCleared.connect(canvas.clear_hint)
        fixer.strokeShown.connect(canvas.show_stroke)
        fixer.strokeCleared.connect(canvas.clear_stroke)
        fixer.message.connect(self.show_image_message)
        fixer.applied.connect(self._fixed)
        self.fix_panel.toolChosen.connect(self.choose_tool)
        self.fix_panel.byChosen.connect(fixer.set_by)
        self.edge_panel.changed.connect(canvas.set_edges)
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
        self.canvas.backgroundDragged.connect(self.drag_background)
        self.batch.statusChanged.connect(self._status)
        self.batch.finished.connect(self._batch_finished)
        self.batch.problem.connect(self._batch_problem)
        self.batch.pausedChanged.connect(self._batch_paused)
        self.batch.started.connect(lambda _n: (self.update_actions(), self._show_busy()))
        self.engine.changed.connect(self._engine_changed)
        self.exporter.message.connect(self.show_message)
        self.exporter.finished.connect(lambda _r: self.update_actions())
        theme.notifier().changed.connect(self._theme_changed)  # a bound slot: dropped with the window

    def _theme_changed(self, _theme: str) -> None:
        self.canvas.viewport().update()
        self.strip.viewport().update()
        self._fill_legend()

    def _fill_view_menu(self) -> None:
        """View > Panels (show a closed panel again) and View > Badge colours (the legend)."""
        for dock in (self.tools_dock, self.background_dock, self.edges_dock, self.failures_dock):
            self.panels_menu.addAction(dock.toggleViewAction())
        self.panels_menu.addAction(self.toolbar.toggleViewAction())
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend_menu.clear()
        for status, text in status_names().items():
            action = self.legend_menu.addAction(theme.icon("mdi6.circle", theme.STATUS_COLOURS[status].name()), text)
            action.setObjectName(f"legend-{status}")
        self.strip.setToolTip("\n".join(status_names().values()))

    def warm_up(self, task=None, cold: bool | None = None) -> None:
        """Prepare the matting engine in the background (``engine.EngineWarmup``); ``main`` calls it at start."""
        self.engine.start(task, cold)

    def update_actions(self) -> None:
        """Grey what cannot be used yet, with a tooltip saying why."""
        have_photos = len(self.project) > 0
        have_image = self.document.entry is not None
        why_photos = self.tr("Open a folder of photos first (Ctrl+O)")
        for name, ok, why, tip in (
                ("process_all", have_photos and not self.batch.running,
                 why_photos if not have_photos else self.tr("A batch is running"),
                 self.tr("Cut out every photo of the folder (Ctrl+Return)")),
                ("export", have_photos and not self.exporter.running,
                 why_photos if not have_photos else self.tr("An export is running"),
                 self.tr("Write the cut-outs into a folder (Ctrl+E)")),
                ("refine", have_image, why_photos if not have_photos else self.tr("Select a photo that opens first"),
                 self.tr("Re-matte the region around the strokes (Ctrl+R)")),
                ("auto_trimap", have_image, why_photos, self.tr("Start again from the automatic trimap")),
                ("discard_edit", have_image, why_photos, self.tr("Go back to the computed cut-out"))):
            action = self.actions[name]
            action.setEnabled(ok)
            action.setToolTip(tip if ok else why)
        self.tools.set_image_open(have_image)
        self.fix_panel.set_image_open(have_image)

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
        if len(project):
            self.strip.select_row(0)
        else:
            self.document.close()
            self.canvas.set_picture(None)
            self.canvas.set_message(self.tr("No images found there."))
        self.show_message(self.tr("{0} image(s) found.").format(len(project)) if len(project) else
                          self.tr("No images found there."))
        self.update_actions()
        return len(project)

    def select(self, row: int) -> None:
        if not 0 <= row < len(self.project):
            return
        item = self.project.items[row]
        if self._image_message:  # what was said of the previous image is stale now
            self.show_message("")
        self.canvas.set_message("")
        self.tools.set_backend(self.project.backend_for(item))
        self.document.open(item.path, self.project.backend_for(item))
        self.setWindowTitle(f"{item.name} - Matting Studio")
        self.update_actions()

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
            self.show_failures()
        if status == DONE and path == self.document.path and self.document.alpha is None:
            self.document.recompute(self.project.backend_for(self.project.items[self.project.index_of(path)]))

    def _preview_stopped(self, path: Path, status: str) -> None:
        """A preview ended without its cut-out (the user moved on): its badge must not stay "running"."""
        if path not in self.batch.in_flight:
            self.model.set_status(path, status)

    def _alpha_arrived(self) -> None:
        """Say where the current image's cut-out came from (and that a trimap backend guessed its trimap)."""
        doc = self.document
        self.update_actions()
        if doc.entry is None or doc.alpha is None or doc.path is None or self.batch.running:
            return  # (while a batch runs, the status line speaks of the batch)
        row = self.current_row()
        backend = self.project.backend_for(self.project.items[row]) if row >= 0 else self.project.backend_id
        meta = self.tools.backend_meta(backend)
        name = meta.get("name") or backend
        if doc.entry.source == "edit":
            text = self.tr("Your edit of this photo (Discard the edit to go back to {0}).").format(name)
        elif meta.get("trimap") and doc.entry.trimap is None:
            text = self.tr("{0} with an automatic trimap (paint one to guide it).").format(name)
        else:
            text = self.tr("Cut out with {0}.").format(name)
        self.show_image_message(text)

    def _show_busy(self) -> None:
        what = self.document.busy
        if what == "open":
            text = self.tr("Opening {0}...").format(self.document.path.name if self.document.path else "")
        elif what == "cutout":
            text = self.tr("Preparing the matting engine (once)...") if self.engine.preparing else \
                self.tr("Cutting out...")
        elif what == "refine":
            text = self.tr("Refining...")
        elif what == "remove":
            text = self.tr("Removing the region...")
        elif what == "add":
            text = self.tr("Adding the region...")
        elif what == "hair":
            text = self.tr("Refining hair...")
        else:
            text = ""
        self.canvas.set_busy(text)
        self.busy_status.set_text("" if self.batch.running else text)  # the batch bar speaks for the work then

    def show_message(self, text: str) -> None:
        """A message about the app or the folder (kept until the next message)."""
        self._image_message = False
        self.message.setText(text)

    def tell_crash(self, report) -> None:
        """Say (here and on standard error) that the last run ended in a crash, and where its report is."""
        text = self.tr("Matting Studio stopped unexpectedly last time. The report is in {0}").format(str(report))
        print(text, file=sys.stderr)
        self.show_message(text)

    def show_image_message(self, text: str) -> None:
        """A message about the current image (cleared when another one is selected)."""
        self.show_message(text)
        self._image_message = True

    # --- brush and view -------------------------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.view_bar.show_mode(mode)
        self.canvas.set_mode(mode)
        action = self.__dict__.get("actions", {}).get(f"mode_{mode}")  # (not QWidget.actions(): ours, once built)
        if action is not None:
            action.setChecked(True)
        self.modeChanged.emit(mode)

    def choose_tool(self, tool: str) -> None:
        """A trimap brush, a one-click fix (subject remove / add, refine hair), or "" (none: the canvas pans)."""
        if tool in BRUSHES and not self.document.ensure_trimap():
            tool = ""
        if tool in FIXES and self.document.entry is None:
            tool = ""
        self.document.editor.set_tool(tool if tool in BRUSHES else "")
        self.fixer.set_tool(tool if tool in FIXES else "")
        self.tools.show_tool(tool)
        self.fix_panel.show_tool(tool)
        self.canvas.set_brush(bool(tool), self.document.editor.size, ring=tool in BRUSHES or tool == HAIR)
        self._overlay_reset()

    def _fixed(self, what: str) -> None:
        """A one-click fix is on the matte: say what it did."""
        text = {"removed": self.tr("Removed the region from the cut-out (Ctrl+Z undoes it)."),
                "added-person": self.tr("Added the person's region to the cut-out (Ctrl+Z undoes it)."),
                "added-colour": self.tr("Added the area of similar colour to the cut-out (Ctrl+Z undoes it)."),
                "hair": self.tr("Refined the edge under the stroke (Ctrl+Z undoes it).")}.get(what, "")
        if text:
            self.show_image_message(text)

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
            if self.document.entry is None:
                self.show_image_message(self.tr("Nothing to refine yet: open an image first."))
            elif self.document.fixing:
                self.show_image_message(self.tr("A fix is being computed: refine once it is done."))
            else:
                self.show_image_message(self.tr("A refine is running already."))

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

    def drag_background(self, dx: float, dy: float) -> None:
        """Ctrl+drag on the picture: move the background image with the pointer (the panel's sliders follow)."""
        bg = self.background
        if bg.kind != "image" or bg.path is None or self.canvas.rgb is None:
            return
        size = _probe_size(str(bg.path))
        if size is None:
            return
        h, w = self.canvas.rgb.shape[:2]
        self.backgrounds.set_placement(bg.zoom, dragged_offset(size, h, w, bg.zoom, bg.offset, dx, dy))

    # --- batch, export, dialogs -----------------------------------------------------------------------------------

    def process_all(self) -> bool:
        if not len(self.project):
            self.show_message(self.tr("Open a folder first."))
            return False
        self.failures.clear()
        self._problems = []
        self.batch.set_preparing(self.engine.preparing)
        started = self.batch.start(self.project, self.prefs.workers, options=self.backend_options)
        if started:
            self._say_processing()
        self.update_actions()
        return started

    def _say_processing(self) -> None:
        if self.batch.preparing:
            text = self.tr("Preparing the matting engine, once (about a minute the first time), then processing {0} "
                           "image(s)...").format(self.batch.total)
        else:
            text = self.tr("Processing {0} image(s)...").format(self.batch.total)
        meta = self.tools.backend_meta(self.project.backend_id)
        if meta.get("trimap"):
            text += " " + self.tr("{0} uses an automatic trimap where none is painted.").format(meta.get("name"))
        self.show_message(text)

    def _engine_changed(self, preparing: bool) -> None:
        self.batch.set_preparing(preparing)
        self._show_busy()
        if self.batch.running and not self.batch.paused:
            self._say_processing()

    def _batch_paused(self, paused: bool) -> None:
        if paused:
            self.show_message(self.tr("Paused: {0} of {1} done (the image in hand is finished first).").format(
                self.batch.done, self.batch.total))
        elif self.batch.running:
            self._say_processing()

    def show_failures(self) -> None:
        """Show the failures panel (a few lines high when it appears, so the canvas keeps its room)."""
        if self.failures_dock.isHidden():
            self.failures_dock.setVisible(True)
            if not self.failures_dock.isFloating():
                self.resizeDocks([self.failures_dock], [110], Qt.Orientation.Vertical)

    def _batch_problem(self, text: str) -> None:
        self._problems.append(text)
        self.failures.add_problem(text)
        self.show_failures()
        self.show_message(text)

    def _batch_finished(self, summary) -> None:
        self.update_actions()
        self._show_busy()
        if summary is None:
            text = self.tr("The batch stopped: {0} of {1} done.").format(self.batch.done, self.batch.total)
        else:
            text = self.tr("Batch finished: {0} done, {1} failed, {2} cancelled ({3:.1f} s).").format(
                summary.done, summary.failed, summary.cancelled, summary.seconds)
        if self._problems:  # images left as they were because of a setting: say which and why
            text += " " + self.tr("Not processed: {0}").format("; ".join(self._problems))
        self.show_message(text)

    def export(self) -> None:
        rows = self.strip.selected_rows()
        items = [self.project.items[r] for r in rows] if len(rows) > 1 else list(self.project.items)
        if not items:
            self.show_message(self.tr("Open a folder first."))
            return
        dialog = self.export_dialog(items)
        if dialog.exec():
            chosen = dialog.settings()
            settings.remember("export_folder", str(chosen.folder))
            settings.remember("export_choice", dialog.choice().key)
            # the export reads the edits folder: the edit being saved goes first
            self.document.when_saved(lambda: (self.exporter.start(items, self.project, chosen, self.backend_options),
                                              self.update_actions()))

    def export_dialog(self, items):
        """The export dialog for ``items``, opening on the last export folder and choice."""
        from .export_dialog import ExportDialog, default_choice

        folder = settings.recall("export_folder", "") or self.prefs.output_folder or \
            str(items[0].path.parent / "cutouts")
        choice = default_choice(self.background, settings.recall("export_choice", ""), self.prefs.output_format)
        return ExportDialog(self.background, folder, choice, len(items), items[0].path, self,
                            metadata=self.prefs.metadata, edges=self.edge_panel.controls())

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

    def show_about(self) -> None:
        from .help_dialogs import AboutDialog

        AboutDialog(self).exec()

    def show_shortcuts(self) -> None:
        from .help_dialogs import ShortcutsDialog

        ShortcutsDialog(actions.shortcut_table(self.actions), self).exec()

    def show_data_folders(self) -> None:
        from .help_dialogs import DataFoldersDialog

        DataFoldersDialog(self).exec()

    def show_preferences(self) -> None:
        from .preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self)
        if dialog.exec():
            self.prefs = dialog.result_preferences()
            self.prefs.save()
            self.set_backend_options(self.prefs.backend_options())
            self.document.raw_preview = self.prefs.raw_preview
            theme.apply(QApplication.instance(), self.prefs.theme)  # re-tints every icon, live

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
        window_state.save_layout(self)
        self.pool.cancel_all()
        self.pool.wait(30_000)
        event.accept()


# a background image's (width, height) from its header, read once per image while it is dragged
_probe_size = functools.lru_cache(maxsize=8)(probe_size)
