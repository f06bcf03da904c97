"""The one-click fixes in the window: the subject tool and the refine-hair brush.

The subject tool takes the region under a click out of the cut-out ("remove"), or puts one in ("add"); Shift+click
does the other, and a drag picks every region it crosses (several colour segments at once). Regions are connected
regions of the matte or the person map, or colour segments (``by``). The refine-hair brush paints a stroke (shown
as it is painted) and, when the button is released, the matte inside it is solved again with a wide unknown band.
The work is ``edits.subject_click`` / ``subject_drag`` / ``hair_stroke`` on the pool, one at a time (clicks made
meanwhile wait their turn), with the busy indicator; each result lands as one ``AlphaCommand`` on the trimap
brush's undo stack, so Ctrl+Z takes back one click, drag or stroke, and the document saves the matte as the
image's edit. A result computed on a matte that changed meanwhile (an undo) is dropped, and the user is told to
click again. Before a click, the subject tool highlights what it would pick under the pointer (``edits.hover_hint``
on the pool, the newest position only): magenta for what would go, cyan for what would come.
"""
from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QUndoCommand

from . import edits
from .document import Document
from .workers import Worker, WorkerPool

SUBJECT_REMOVE, SUBJECT_ADD, HAIR = "subject-remove", "subject-add", "hair"
TOOLS = (SUBJECT_REMOVE, SUBJECT_ADD, HAIR)
#: a click finds a region this many screen pixels away
CLICK_REACH = 6
#: how often (ms) a waiting fix checks whether a refine has finished
RETRY_MS = 100
#: a subject drag is drawn this many screen pixels wide
DRAG_LINE_PX = 3


class AlphaCommand(QUndoCommand):
    """One fix: the alpha, trimap and eraser base inside ``rect`` before and after it."""

    def __init__(self, document: Document, rect, before: tuple, after: tuple, text: str):
        super().__init__(text)
        self.document, self.rect, self.before, self.after = document, rect, before, after

    def redo(self) -> None:
        self.document.put_patch(self.rect, *self.after)

    def undo(self) -> None:
        self.document.put_patch(self.rect, *self.before)


class Fixer(QObject):
    toolChanged = Signal(str)
    message = Signal(str)
    applied = Signal(str)  # what a fix did (edits.Patch.what), once it is on the matte
    strokeShown = Signal(list, float)  # the hair stroke being painted: points, diameter (image pixels)
    strokeCleared = Signal()
    hintShown = Signal(object, str)  # what a click would pick (bool mask at a reduced size), edits.REMOVE / ADD
    hintCleared = Signal()

    def __init__(self, document: Document, pool: WorkerPool, parent: QObject | None = None):
        super().__init__(parent)
        self.document, self.pool = document, pool
        self.tool = ""
        self.by = edits.BY_REGION
        self._queue: deque[tuple] = deque()
        self._running: Worker | None = None
        self._points: list[tuple[float, float]] = []  # the stroke or drag being made
        self._zoom = 1.0
        self._press_action = edits.REMOVE
        self._analysis: tuple[int, edits.Analysis] | None = None
        self._hinting: Worker | None = None
        self._hover: tuple | None = None  # the newest pointer position waiting for its highlight
        self._small: tuple | None = None  # ((path, alpha version), the matte shrunk for highlights)
        document.pictureShown.connect(lambda _p: (self._forget_stroke(), self.clear_hint()))

    # --- choices --------------------------------------------------------------------------------------------------

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS and tool != "":
            raise ValueError(f"unknown fix tool {tool!r}")
        self.tool = tool
        self._forget_stroke()
        self.clear_hint()
        self.toolChanged.emit(tool)

    def set_by(self, by: str) -> None:
        if by not in (edits.BY_REGION, edits.BY_COLOUR):
            raise ValueError(f"unknown region kind {by!r}")
        self.by = by

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    # --- input from the canvas ------------------------------------------------------------------------------------

    def _action(self, modifiers=None) -> str:
        """What a click does now: the tool's action, the other one with Shift held."""
        if modifiers is None:
            modifiers = QGuiApplication.keyboardModifiers()
        action = edits.REMOVE if self.tool == SUBJECT_REMOVE else edits.ADD
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            action = edits.ADD if action == edits.REMOVE else edits.REMOVE
        return action

    def press(self, point: QPointF, zoom: float = 1.0, modifiers=None) -> None:
        """The left button went down at ``point`` (image pixels) with the view at ``zoom``."""
        self._points = [(point.x(), point.y())]
        self._zoom = max(zoom, 1e-3)
        if self.tool in (SUBJECT_REMOVE, SUBJECT_ADD):
            self.clear_hint()
            self._press_action = self._action(modifiers)
        elif self.tool == HAIR:
            self.strokeShown.emit(list(self._points), float(self.document.editor.size))
        else:
            self._points = []

    def move(self, point: QPointF) -> None:
        if self._points:
            self._points.append((point.x(), point.y()))
            # the hair brush's stroke as wide as the brush; a subject drag as a thin line (every region it crosses)
            size = float(self.document.editor.size) if self.tool == HAIR else DRAG_LINE_PX / self._zoom
            self.strokeShown.emit(list(self._points), size)

    def release(self) -> None:
        points, self._points = self._points, []
        if not points:
            return
        if self.tool == HAIR:
            self.hair(points, float(self.document.editor.size))
        elif self.tool in (SUBJECT_REMOVE, SUBJECT_ADD):
            reach = max(1, round(CLICK_REACH / self._zoom))
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            if max(max(xs) - min(xs), max(ys) - min(ys)) <= reach:  # a click
                self.click(points[0][0], points[0][1], self._press_action, reach)
            else:  # a drag: every region it crosses
                self._enqueue(self._press_action, (points, self._press_action, self.by, reach))

    def hover(self, point: QPointF, zoom: float = 1.0) -> None:
        """The pointer is over ``point`` (image pixels): highlight what a click there would pick."""
        if self.tool not in (SUBJECT_REMOVE, SUBJECT_ADD) or self.document.alpha is None or self._points:
            return
        self._hover = (point.x(), point.y(), self._action(), self.by, max(1, round(CLICK_REACH / max(zoom, 1e-3))))
        if self._hinting is None:
            self._start_hint()

    def clear_hint(self) -> None:
        self._hover = None
        self.hintCleared.emit()

    def _start_hint(self) -> None:
        doc, job = self.document, self._hover
        self._hover = None
        if job is None or doc.entry is None or doc.alpha is None or self.tool not in (SUBJECT_REMOVE, SUBJECT_ADD):
            return
        key = (doc.path, doc.alpha_version)
        small = self._small[1] if self._small is not None and self._small[0] == key else None
        worker = self.pool.prepare(edits.hover_hint, doc.alpha, small, *job,
                                   self._analysis_for(doc.entry.picture.rgb))
        worker.signals.result.connect(lambda out, k=key, a=job[2]: self._hinted(k, a, out))
        worker.signals.finished.connect(self._hint_finished)
        self._hinting = worker
        self.pool.start(worker)

    def _hinted(self, key: tuple, action: str, out: tuple) -> None:
        small, mask = out
        self._small = (key, small)
        doc = self.document
        if self._hover is not None or key != (doc.path, doc.alpha_version) or self.busy \
                or self.tool not in (SUBJECT_REMOVE, SUBJECT_ADD):
            return  # the pointer moved on (its own highlight follows), or the matte changed meanwhile
        if mask is None or not mask.any():
            self.hintCleared.emit()
        else:
            self.hintShown.emit(mask, action)

    def _hint_finished(self) -> None:
        self._hinting = None
        if self._hover is not None:
            self._start_hint()

    def _forget_stroke(self) -> None:
        self._points = []
        self.strokeCleared.emit()

    # --- the fixes ------------------------------------------------------------------------------------------------

    def click(self, x: float, y: float, action: str, reach: int = 1) -> None:
        """The subject tool's click at image pixel (x, y): ``action`` is edits.REMOVE or edits.ADD."""
        self._enqueue(action, (x, y, action, self.by, reach))

    def hair(self, points: list[tuple[float, float]], size: float) -> None:
        """A refine-hair stroke through ``points`` (image pixels), ``size`` pixels wide."""
        self._enqueue(edits.HAIR_KIND, (points, size))

    def _enqueue(self, kind: str, args: tuple) -> None:
        if self.document.entry is None or self.document.path is None:
            return
        self._queue.append((kind, args, self.document.path))
        self._next()

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        doc = self.document
        if doc.refining:  # a refine patches the matte: wait until it is done
            QTimer.singleShot(RETRY_MS, self._next)
            return
        kind, args, path = self._queue.popleft()
        if path != doc.path or doc.entry is None:
            self._next()  # the user went on to another photo before this one's turn
            return
        if doc.alpha is None:
            self.message.emit(self.tr("Wait for the cut-out first, then click again."))
            self._forget_queue()
            return
        doc.ensure_trimap()
        editor, entry = doc.editor, doc.entry
        if kind == edits.HAIR_KIND:
            points, size = args
            worker = self.pool.prepare(edits.hair_stroke, entry.picture.rgb, entry.alpha, editor.trimap,
                                       editor.base, points, size)
        elif len(args) == 4:  # a drag
            points, action, by, reach = args
            worker = self.pool.prepare(edits.subject_drag, entry.picture.rgb, entry.alpha, editor.trimap,
                                       editor.base, points, action, by, reach, self._analysis_for(entry.picture.rgb))
        else:
            x, y, action, by, reach = args
            worker = self.pool.prepare(edits.subject_click, entry.picture.rgb, entry.alpha, editor.trimap,
                                       editor.base, x, y, action, by, reach, self._analysis_for(entry.picture.rgb))
        version = doc.alpha_version
        worker.signals.result.connect(lambda patch, p=path, v=version, k=kind: self._done(p, v, k, patch))
        worker.signals.errored.connect(lambda exc, p=path: self._failed(p, exc))
        worker.signals.finished.connect(self._finished)
        self._running = worker
        doc.fixing = True
        doc.set_busy(kind)
        self.pool.start(worker)

    def _analysis_for(self, rgb) -> edits.Analysis:
        """The photo's shared click analysis (colour segments, person map), kept for the photo on screen."""
        if self._analysis is None or self._analysis[0] != id(rgb) or self._analysis[1].rgb is not rgb:
            self._analysis = (id(rgb), edits.Analysis(rgb))
        return self._analysis[1]

    def _done(self, path: Path, version: int, kind: str, patch: edits.Patch | None) -> None:
        doc = self.document
        if patch is None:
            self.message.emit(self.tr("Nothing to change there.") if kind != edits.HAIR_KIND else
                              self.tr("Nothing changed under the stroke: the edge there is solved already, or too "
                                      "far from the subject."))
            return
        if path != doc.path:  # the user went on: the fix still lands on that photo's edit (without an undo step)
            doc.put_patch(patch.rect, patch.alpha, patch.trimap, patch.base, path=path)
            return
        if version != doc.alpha_version:
            self.message.emit(self.tr("The cut-out changed while the fix was computed: click again."))
            return
        before = doc.crops(patch.rect)
        doc.editor.stack.push(AlphaCommand(doc, patch.rect, before, (patch.alpha, patch.trimap, patch.base),
                                           self._step_name(patch.what)))
        self.applied.emit(patch.what)

    def _step_name(self, what: str) -> str:
        """The undo step's name (Edit > Undo says it)."""
        return {"removed": self.tr("remove a region"), "added-person": self.tr("add a region"),
                "added-colour": self.tr("add a colour segment"), "hair": self.tr("refine hair")}.get(what, what)

    def _failed(self, path: Path, exc: BaseException) -> None:
        self.message.emit(self.tr("{0}: the fix failed: {1}").format(Path(path).name, exc))

    def _finished(self) -> None:
        self._running = None
        doc = self.document
        doc.fixing = False
        if not self._queue:
            if doc.busy in (edits.REMOVE, edits.ADD, edits.HAIR_KIND):
                doc.set_busy("")
            self.strokeCleared.emit()
        self._next()

    def _forget_queue(self) -> None:
        self._queue.clear()
        self.strokeCleared.emit()
