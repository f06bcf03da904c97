"""The trimap brush: foreground, background and unknown brushes and an eraser, with undo through ``QUndoStack``.

The editor paints into a uint8 trimap (0 background, 128 unknown, 255 foreground) as the mouse moves; the eraser
puts back the automatic trimap (made from the current alpha by ``backends.trimap.trimap_from_alpha``). When the
drag ends, one ``StrokeCommand`` is pushed holding the before / after crops of the stroke's bounding rectangle
(the idea of Cura's paint strokes), so a whole drag is one undo step and undoing repaints only that rectangle.
``changed(x0, y0, x1, y1)`` says which rectangle changed; ``dirty_rect`` gathers the strokes since the last refine.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from backends.trimap import BACKGROUND, FOREGROUND, UNKNOWN, trimap_from_alpha

FG, BG, UNK, ERASER = "foreground", "background", "unknown", "eraser"
TOOLS = (FG, BG, UNK, ERASER)
VALUES = {FG: FOREGROUND, BG: BACKGROUND, UNK: UNKNOWN}
MIN_SIZE, MAX_SIZE = 1, 2000
#: how much [ and ] change the brush size (10 %), and with Shift (50 %)
SMALL_STEP, BIG_STEP = 1.10, 1.50

Rect = tuple[int, int, int, int]


def union(a: Rect | None, b: Rect | None) -> Rect | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


class StrokeCommand(QUndoCommand):
    """One whole drag: the trimap inside ``rect`` before and after it."""

    def __init__(self, editor: TrimapEditor, rect: Rect, before: np.ndarray, after: np.ndarray, text: str):
        super().__init__(text)
        self.editor, self.rect, self.before, self.after = editor, rect, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # the stroke is on the trimap already (painted live)
            self._first = False
            return
        self.editor._put(self.rect, self.after)

    def undo(self) -> None:
        self.editor._put(self.rect, self.before)


class TrimapEditor(QObject):
    changed = Signal(int, int, int, int)  # x0, y0, x1, y1 (exclusive) of what changed
    reset = Signal()  # a new trimap (or none)
    sizeChanged = Signal(int)
    toolChanged = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self.trimap: np.ndarray | None = None
        self.base: np.ndarray | None = None  # what the eraser restores
        self.tool = ""  # "" = no brush (the canvas pans)
        self.size = 40
        self.dirty_rect: Rect | None = None
        self._snapshot: np.ndarray | None = None
        self._stroke_rect: Rect | None = None
        self._last: tuple[float, float] | None = None

    # --- state ----------------------------------------------------------------------------------------------------

    def set_trimap(self, trimap: np.ndarray | None, base: np.ndarray | None = None) -> None:
        """Start editing ``trimap`` (a copy is kept); clears the undo history."""
        self.stack.clear()
        self.trimap = None if trimap is None else np.array(trimap, np.uint8, copy=True)
        self.base = None if base is None else np.asarray(base, np.uint8)
        if self.trimap is not None and self.base is None:
            self.base = self.trimap.copy()
        self.dirty_rect = None
        self._snapshot = None
        self.reset.emit()

    def automatic(self, alpha: np.ndarray | None, shape: tuple[int, int]) -> np.ndarray:
        """The automatic trimap for ``alpha`` (all unknown when there is no alpha yet)."""
        if alpha is None:
            return np.full(shape, UNKNOWN, np.uint8)
        return trimap_from_alpha(alpha)

    def start_from_alpha(self, alpha: np.ndarray | None, shape: tuple[int, int]) -> None:
        auto = self.automatic(alpha, shape)
        self.set_trimap(auto, auto)

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS and tool != "":
            raise ValueError(f"unknown brush {tool!r}")
        self.tool = tool
        self.toolChanged.emit(tool)

    def set_size(self, size: int) -> None:
        self.size = int(np.clip(size, MIN_SIZE, MAX_SIZE))
        self.sizeChanged.emit(self.size)

    def grow(self, factor: float = SMALL_STEP) -> None:
        """A bigger brush: ``factor`` times the size, at least one pixel more."""
        self.set_size(max(self.size + 1, round(self.size * factor)))

    def shrink(self, factor: float = SMALL_STEP) -> None:
        """A smaller brush: the size divided by ``factor``, at least one pixel less."""
        self.set_size(min(self.size - 1, round(self.size / factor)))

    @property
    def painting(self) -> bool:
        return self._snapshot is not None

    # --- strokes --------------------------------------------------------------------------------------------------

    def begin(self, point: QPointF | tuple[float, float]) -> None:
        if self.trimap is None or not self.tool:
            return
        self._snapshot = self.trimap.copy()
        self._stroke_rect = None
        p = _xy(point)
        self._last = p
        self._segment(p, p)

    def move(self, point: QPointF | tuple[float, float]) -> None:
        if self._snapshot is None:
            return
        p = _xy(point)
        self._segment(self._last, p)
        self._last = p

    def end(self) -> None:
        if self._snapshot is None:
            return
        rect = self._stroke_rect
        snapshot, self._snapshot = self._snapshot, None
        if rect is None:
            return
        x0, y0, x1, y1 = rect
        before = snapshot[y0:y1, x0:x1].copy()
        after = self.trimap[y0:y1, x0:x1].copy()
        if np.array_equal(before, after):
            return
        self.dirty_rect = union(self.dirty_rect, rect)
        self.stack.push(StrokeCommand(self, rect, before, after, f"{self.tool} stroke"))

    def stroke(self, points: list[tuple[float, float]]) -> None:
        """Paint a whole drag at once (scripts and tests)."""
        if not points:
            return
        self.begin(points[0])
        for p in points[1:]:
            self.move(p)
        self.end()

    def _segment(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        import cv2

        h, w = self.trimap.shape
        r = max(0.5, self.size / 2.0)
        x0 = max(0, int(np.floor(min(a[0], b[0]) - r)) - 1)
        y0 = max(0, int(np.floor(min(a[1], b[1]) - r)) - 1)
        x1 = min(w, int(np.ceil(max(a[0], b[0]) + r)) + 2)
        y1 = min(h, int(np.ceil(max(a[1], b[1]) + r)) + 2)
        if x1 <= x0 or y1 <= y0:
            return
        mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
        shift = 4  # sub-pixel precision for cv2
        pa = (int(round((a[0] - x0) * 16)), int(round((a[1] - y0) * 16)))
        pb = (int(round((b[0] - x0) * 16)), int(round((b[1] - y0) * 16)))
        thickness = max(1, int(round(2 * r)))
        cv2.line(mask, pa, pb, 1, thickness, cv2.LINE_8, shift)
        cv2.circle(mask, pa, int(round(r * 16)), 1, -1, cv2.LINE_8, shift)
        cv2.circle(mask, pb, int(round(r * 16)), 1, -1, cv2.LINE_8, shift)
        region = self.trimap[y0:y1, x0:x1]
        painted = mask.astype(bool)
        if self.tool == ERASER:
            region[painted] = self.base[y0:y1, x0:x1][painted]
        else:
            region[painted] = VALUES[self.tool]
        rect = (x0, y0, x1, y1)
        self._stroke_rect = union(self._stroke_rect, rect)
        self.changed.emit(*rect)

    def _put(self, rect: Rect, pixels: np.ndarray) -> None:
        x0, y0, x1, y1 = rect
        self.trimap[y0:y1, x0:x1] = pixels
        self.dirty_rect = union(self.dirty_rect, rect)
        self.changed.emit(*rect)

    def put(self, rect: Rect, trimap: np.ndarray | None, base: np.ndarray | None = None) -> None:
        """Replace the trimap (and the eraser's base) inside ``rect`` with a fix's, not as a stroke: no undo step
        of its own (the fix's command holds it) and nothing for the next refine."""
        if self.trimap is None or (trimap is None and base is None):
            return
        x0, y0, x1, y1 = rect
        if trimap is not None:
            self.trimap[y0:y1, x0:x1] = trimap
        if base is not None and self.base is not None:
            self.base[y0:y1, x0:x1] = base
        self.changed.emit(*rect)

    def take_dirty(self) -> Rect | None:
        rect, self.dirty_rect = self.dirty_rect, None
        return rect


def _xy(point) -> tuple[float, float]:
    if isinstance(point, QPointF):
        return point.x(), point.y()
    return float(point[0]), float(point[1])
