"""The image being looked at: its picture, its matte, its trimap edits, and the background work that produces them.

``Document.open`` shows a picture as soon as it is decoded and computes (or loads) its matte on the worker pool;
the last few images stay in memory so going back is instant. Brush strokes are saved (debounced, on the pool)
into the edits folder (``matte_store``), and ``refine`` re-mattes the region around the strokes. The one-click
fixes (``fixes``) change the matte through ``put_patch``: one rectangle of alpha, trimap and the eraser's base at a
time, saved as the edit like a refine; ``alpha_version`` counts every change of the current matte. A failure in any
of this is reported for that image (``statusChanged`` with "failed" and the reason) and the app goes on; a photo
that cannot even be decoded is reported by ``pictureFailed`` too, so the canvas shows the error, not the photo
before it.

Every status set here ends: a preview that stops without its matte (the user went on to another photo) reports
``previewStopped`` with "done" when the matte reached the cache all the same, else "waiting". ``busyChanged``
says when the current photo's cut-out is being computed (or refined), for the busy indicators.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from backends.batch import describe
from backends.contract import BackendOptions
from backends.imaging.reader import Picture

from . import matte_store
from .brush import TrimapEditor
from .items import DONE, EDITED, FAILED, RUNNING, WAITING
from .refine import FINAL_UNKNOWN, Refiner, find_refiner, needs_final_pass, region_for
from .tasks import Partial, open_image, refine_region, save_edit
from .workers import Worker, WorkerPool

MEMORY_ITEMS = 4
SAVE_DELAY_MS = 600


@dataclass
class Entry:
    picture: Picture
    alpha: np.ndarray | None = None
    source: str = ""
    trimap: np.ndarray | None = None
    base: np.ndarray | None = None
    backend_id: str = ""


class Document(QObject):
    pictureShown = Signal(object)  # path
    alphaChanged = Signal()
    alphaPatched = Signal(int, int, int, int)  # the alpha changed inside x0, y0, x1, y1 only
    statusChanged = Signal(object, str, str)  # path, status, error
    previewStopped = Signal(object, str)  # path, status it has now (done or waiting): its preview ended early
    pictureFailed = Signal(object, str)  # path, why it cannot be shown (it is the current image)
    busyChanged = Signal(bool, str)  # whether the current image is being computed, and what is done
    message = Signal(str)
    refineStarted = Signal()
    refined = Signal()
    saved = Signal(object)  # path

    def __init__(self, pool: WorkerPool, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = pool
        self.editor = TrimapEditor(self)
        self.path: Path | None = None
        self.raw_preview = True  # RAW files shown through their embedded JPEG (Preferences.raw_preview)
        self.entry: Entry | None = None
        self.memory: OrderedDict[Path, Entry] = OrderedDict()
        self.options = BackendOptions()  # how backends run (the preferences' device and threads)
        self._opening: Worker | None = None
        self._refining: Worker | None = None
        self._refiner: Refiner | None = None
        self._busy = ""  # what the current image is waiting for ("" when nothing)
        self.alpha_version = 0  # counts the changes of the current matte (a fix computed on an older one is dropped)
        self.fixing = False  # a one-click fix is being computed (a refine waits)
        self._saving: set[Worker] = set()
        self._after_saved: list = []
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self.editor.stack.indexChanged.connect(lambda _i: self._edited())

    # --- opening --------------------------------------------------------------------------------------------------

    @property
    def picture(self) -> Picture | None:
        return self.entry.picture if self.entry else None

    @property
    def alpha(self) -> np.ndarray | None:
        return self.entry.alpha if self.entry else None

    def set_options(self, options: BackendOptions) -> None:
        """Backends run with ``options`` from now on; results computed with others are forgotten."""
        self.options = options
        self.memory.clear()
        self._refiner = None

    def open(self, path: Path, backend_id: str) -> None:
        path = Path(path)
        self._leave_current()
        if self._opening is not None:
            self._opening.cancel()
        self._set_busy("refine" if self._refining is not None and path == self.path else "")
        self.path = path
        cached = self.memory.get(path)
        if cached is not None and (cached.backend_id == backend_id or cached.source == "edit"):
            self.memory.move_to_end(path)
            self._show(cached)
            if cached.alpha is not None:
                return
        else:
            self.entry = None
            self._set_busy("open")  # decoding a large photo takes a moment
        worker = self.pool.prepare(open_image, path, backend_id, options=self.options,
                                   raw_preview=self.raw_preview)
        seen: set[str] = set()  # the kinds of partial results this preview delivered
        worker.signals.progress.connect(lambda part, b=backend_id, k=seen: self._partial(part, b, k))
        worker.signals.errored.connect(lambda exc, p=path, k=seen: self._failed(p, exc, k))
        worker.signals.finished.connect(lambda p=path, b=backend_id, k=seen, w=worker: self._ended(p, b, k, w))
        self._opening = worker
        self.pool.start(worker)

    def close(self) -> None:
        """No current image any more (the folder opened has none)."""
        self._leave_current()
        if self._opening is not None:
            self._opening.cancel()
        self._set_busy("")
        self.path = self.entry = None
        self.editor.set_trimap(None)

    def recompute(self, backend_id: str) -> None:
        """Forget the in-memory result of the current image and compute it again with ``backend_id``."""
        if self.path is not None:
            self.memory.pop(self.path, None)
            self.entry = None
            self.open(self.path, backend_id)

    def _partial(self, part: Partial, backend_id: str, seen: set[str] | None = None) -> None:
        if seen is not None:
            seen.add(part.kind)
        if part.path != self.path:
            if part.kind == "alpha":  # computed for a photo the user left meanwhile: done all the same
                self.statusChanged.emit(part.path, EDITED if part.source == "edit" else DONE, "")
            return
        if part.kind == "picture":
            entry = Entry(part.picture, backend_id=backend_id)
            self._remember(part.path, entry)
            if self._busy == "open":
                self._set_busy("")
            self._show(entry)
        elif self.entry is None:
            return
        elif part.kind == "edit":
            self.entry.trimap = part.trimap
            if part.trimap is not None:
                self.editor.set_trimap(part.trimap, self.entry.base)
        elif part.kind == "running":
            self.statusChanged.emit(part.path, RUNNING, "")
            self._set_busy("cutout")
        elif part.kind == "alpha":
            self.entry.alpha, self.entry.source = part.alpha, part.source
            self.alpha_version += 1
            self.statusChanged.emit(part.path, EDITED if part.source == "edit" else DONE, "")
            self._set_busy("")
            self.alphaChanged.emit()

    def _ended(self, path: Path, backend_id: str, seen: set[str], worker: Worker) -> None:
        """A preview worker returned: a photo it marked "running" without delivering the matte goes back to
        waiting (or to done when the matte reached the cache before the worker was stopped)."""
        if worker is self._opening:
            self._opening = None
            if self._busy in ("open", "cutout"):
                self._set_busy("")
        if path == self.path and self._opening is not None:
            return  # another preview of this photo is under way and will say how it ends
        if "running" in seen and "alpha" not in seen and "failed" not in seen:
            cached = matte_store.matte_path(path, backend_id)
            self.previewStopped.emit(path, DONE if cached is not None and cached.exists() else WAITING)

    @property
    def busy(self) -> str:
        """What the current image waits for: "open" (decoding), "cutout", "refine" or ""."""
        return self._busy

    def set_busy(self, what: str) -> None:
        """Say what the current image waits for (e.g. a one-click fix), for the busy indicators ("" when done)."""
        self._set_busy(what)

    def _set_busy(self, what: str) -> None:
        if what != self._busy:
            self._busy = what
            self.busyChanged.emit(bool(what), what)

    def _show(self, entry: Entry) -> None:
        self.entry = entry
        self.editor.set_trimap(entry.trimap, entry.base)
        self.pictureShown.emit(self.path)
        if entry.alpha is not None:
            self.alphaChanged.emit()

    def _failed(self, path: Path, exc: BaseException, seen: set[str] | None = None) -> None:
        if seen is not None:
            seen.add("failed")
        reason = describe(exc, path)  # the file's name once, in front
        self.statusChanged.emit(path, FAILED, reason)
        if path == self.path:
            self._set_busy("")
            self.message.emit(f"{path.name}: {reason}")
            if seen is not None and "picture" not in seen:
                self.entry = None
                self.editor.set_trimap(None)
                self.pictureFailed.emit(path, reason)

    def _remember(self, path: Path, entry: Entry) -> None:
        self.memory[path] = entry
        self.memory.move_to_end(path)
        while len(self.memory) > MEMORY_ITEMS:
            self.memory.popitem(last=False)

    def _leave_current(self) -> None:
        if self.entry is not None and self.editor.trimap is not None:
            self.entry.trimap, self.entry.base = self.editor.trimap, self.editor.base
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_now()

    # --- trimap editing -------------------------------------------------------------------------------------------

    def ensure_trimap(self) -> bool:
        """Give the editor a trimap to paint on (the automatic one from the current alpha) if it has none."""
        if self.entry is None:
            return False
        if self.editor.trimap is None:
            shape = self.entry.picture.rgb.shape[:2]
            auto = self.editor.automatic(self.entry.alpha, shape)
            self.entry.base = auto
            self.editor.set_trimap(auto, auto)
        return True

    def reset_trimap(self) -> None:
        """Start again from the automatic trimap of the current alpha (undoable edits are dropped)."""
        if self.entry is not None:
            self.editor.set_trimap(None)
            self.entry.trimap = None
            self.ensure_trimap()
            self.editor.dirty_rect = None

    def _edited(self) -> None:
        if self.entry is not None and self.editor.trimap is not None:
            self.entry.trimap = self.editor.trimap
            self._save_timer.start()

    def flush(self) -> None:
        """Save now if a save is waiting (before closing)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_now()

    def save_now(self) -> None:
        """Save the current trimap (and an edited alpha) into the edits folder, on the pool."""
        if self.entry is None or self.path is None:
            return
        trimap = None if self.entry.trimap is None else self.entry.trimap.copy()
        alpha = self.entry.alpha if self.entry.source == "edit" else None
        worker = self.pool.prepare(save_edit, self.path, trimap, alpha, self.entry.backend_id)
        worker.signals.result.connect(lambda _folder, p=self.path: self.saved.emit(p))
        worker.signals.errored.connect(lambda exc: self.message.emit(f"could not save the edit: {exc}"))
        self._start_save(worker)

    def _start_save(self, worker: Worker) -> None:
        self._saving.add(worker)
        worker.signals.finished.connect(lambda w=worker: self._save_finished(w))
        self.pool.start(worker)

    def _save_finished(self, worker: Worker) -> None:
        self._saving.discard(worker)
        if not self._saving and not self._save_timer.isActive():
            callbacks, self._after_saved = self._after_saved, []
            for callback in callbacks:
                callback()

    def when_saved(self, callback) -> None:
        """Call ``callback`` once every edit is on disk (a waiting save is started now): an export or a batch
        reads the edits folder."""
        self.flush()
        if self._saving:
            self._after_saved.append(callback)
        else:
            callback()

    # --- refine ---------------------------------------------------------------------------------------------------

    @property
    def refining(self) -> bool:
        return self._refining is not None

    def refiner(self) -> Refiner:
        if self._refiner is None:
            self._refiner = find_refiner(self.options)
        return self._refiner

    def refine(self) -> bool:
        """Re-matte the region around the strokes since the last refine (all of the image if there are none).

        A quick pass shows its result (``alphaPatched``, then ``refined``); when it had to solve at a lower
        resolution, a final pass at full detail follows and replaces it. The edit is saved after the last pass.
        """
        if self.entry is None or self._refining is not None or self.fixing or not self.ensure_trimap():
            return False
        trimap = self.editor.trimap
        self.entry.trimap = trimap
        rect = self.editor.take_dirty()
        region = region_for(trimap, rect)
        x0, y0, x1, y1 = region
        rgb = np.ascontiguousarray(self.entry.picture.rgb[y0:y1, x0:x1])
        crop = trimap[y0:y1, x0:x1].copy()
        final = needs_final_pass(crop, self.refiner())
        self._refine_pass(self.path, region, rgb, crop, rect, None, final)
        self._set_busy("refine")
        self.refineStarted.emit()
        return True

    def _refine_pass(self, path, region, rgb, crop, rect, max_unknown, final_next: bool, first: bool = True) -> None:
        worker = self.pool.prepare(refine_region, rgb, crop, self.refiner(), max_unknown)
        solved_ok = []
        worker.signals.result.connect(lambda solved: (solved_ok.append(True),
                                                      self._refined(path, region, solved, not final_next)))
        worker.signals.errored.connect(lambda exc: self._refine_failed(path, rect, exc) if first else None)

        def finished():
            if final_next and solved_ok:
                self._refine_pass(path, region, rgb, crop, rect, FINAL_UNKNOWN, False, first=False)
            else:
                self._refining = None
                if self._busy == "refine":
                    self._set_busy("")
            if first:
                self.refined.emit()

        worker.signals.finished.connect(finished)
        self._refining = worker
        self.pool.start(worker)

    def _refined(self, path: Path, region, solved: np.ndarray, last: bool) -> None:
        entry = self.memory.get(path)
        if entry is None:
            return
        x0, y0, x1, y1 = region
        h, w = entry.picture.rgb.shape[:2]
        if entry.source != "edit" or entry.alpha is None:
            alpha = np.zeros((h, w), np.float32) if entry.alpha is None else np.array(entry.alpha, np.float32)
            if entry.alpha is None and entry.trimap is not None:
                alpha[entry.trimap == 255] = 1.0
            entry.alpha = alpha
        entry.alpha[y0:y1, x0:x1] = solved  # the edit's own copy: patched in place
        entry.source = "edit"
        if path == self.path:
            self.alpha_version += 1
            self.statusChanged.emit(path, EDITED, "")
            self.alphaPatched.emit(x0, y0, x1, y1)
        if last:
            if path == self.path:
                self._save_timer.stop()  # the save below holds the trimap too
            self._save_entry(path, entry)

    def _save_entry(self, path: Path, entry: Entry) -> None:
        trimap = None if entry.trimap is None else entry.trimap.copy()
        worker = self.pool.prepare(save_edit, path, trimap, entry.alpha, entry.backend_id)
        worker.signals.result.connect(lambda _f, p=path: self.saved.emit(p))
        worker.signals.errored.connect(lambda exc: self.message.emit(f"could not save the edit: {exc}"))
        self._start_save(worker)

    def _refine_failed(self, path: Path, rect, exc: BaseException) -> None:
        from .brush import union

        if path == self.path:
            self.editor.dirty_rect = union(self.editor.dirty_rect, rect)
        self.message.emit(f"{path.name}: refine failed: {exc}")

    # --- one-click fixes ----------------------------------------------------------------------------------------

    def crops(self, rect) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
        """Copies of the current alpha, trimap and eraser base inside ``rect`` (None where there is none)."""
        x0, y0, x1, y1 = rect
        out = []
        for array in (self.alpha, self.editor.trimap, self.editor.base):
            out.append(None if array is None else np.array(array[y0:y1, x0:x1], copy=True))
        return out[0], out[1], out[2]

    def put_patch(self, rect, alpha: np.ndarray, trimap: np.ndarray | None = None, base: np.ndarray | None = None,
                  path: Path | None = None) -> None:
        """Put ``alpha`` (and the trimap and eraser base, when given) into ``rect`` of the current image, or of
        ``path``'s remembered one (then saved at once): the matte becomes the image's edit."""
        entry = self.entry if path is None or path == self.path else self.memory.get(Path(path))
        if entry is None:
            return
        x0, y0, x1, y1 = rect
        h, w = entry.picture.rgb.shape[:2]
        if entry.source != "edit" or entry.alpha is None:  # the edit's own copy (the cache's array stays as it was)
            entry.alpha = np.zeros((h, w), np.float32) if entry.alpha is None else np.array(entry.alpha, np.float32)
            entry.source = "edit"
        entry.alpha[y0:y1, x0:x1] = alpha
        if entry is not self.entry:
            if trimap is not None and entry.trimap is not None:
                entry.trimap[y0:y1, x0:x1] = trimap
            self._save_entry(Path(path), entry)
            return
        self.editor.put(rect, trimap, base)
        self.alpha_version += 1
        self.statusChanged.emit(self.path, EDITED, "")
        self.alphaPatched.emit(x0, y0, x1, y1)

    def discard_edit(self) -> None:
        """Drop the saved edit of the current image (back to the backend's matte)."""
        if self.path is None:
            return
        matte_store.discard_edit(self.path)
        self.memory.pop(self.path, None)
        self.editor.set_trimap(None)
