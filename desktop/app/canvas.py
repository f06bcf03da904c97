"""The image canvas (``QGraphicsView``): zoom about the cursor, pan, fit / 100 %, view modes and the brush's input.

View modes: original, alpha, cut-out on a checkerboard, composite on the chosen background, and a before/after
split (the original left of a movable line, the composite right of it, on a checkerboard when the background is
transparent, so the cut-out is compared with the photo, not laid over it). Every view but the original shows the
matte through the global edge controls (``set_edges``; the matte itself never changes): while a control moves on a
big photo, a draft at the size the zoomed-out view paints is computed first, the full size once it rests. With no
picture the canvas shows a
message in its place (e.g. why a photo cannot be opened); ``busy`` shows a spinner over it while work runs.
Anything slower than showing an array (compositing, blurring a background) is computed on the worker pool, one
render per layer at a time; a newer request supersedes an older one, and ``rendered`` is emitted once what is on
screen matches the latest request. With a brush tool active the left button paints (``strokeStarted`` /
``strokeMoved`` / ``strokeEnded`` in image coordinates); the middle button, the space bar or the pan tool pans;
the wheel zooms about the cursor. The refine-hair brush's stroke is drawn over the photo as it is painted
(``show_stroke``), and what the subject tool would pick under the pointer is tinted (``show_hint``).
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (QFrame, QGraphicsEllipseItem, QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem,
                               QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView)

from backends.edges import EdgeControls
from backends.imaging.compose import Background

from . import previews, theme
from .busy import BusyBadge
from .layers import ImageLayer, to_qimage
from .tasks import render_draft, render_view
from .workers import WorkerPool

MIN_ZOOM, MAX_ZOOM = 0.01, 32.0
#: a changed region up to this size is recomposed on the UI thread (a few milliseconds)
PATCH_PIXELS = 2_000_000
#: the refine-hair stroke as it is painted (the trimap overlay's colour for "unknown", see-through)
STROKE_COLOUR = QColor(255, 200, 0, 110)
#: the subject tool's highlight: what a click would take out (magenta), or put in (cyan), with a white outline
HINT_COLOURS = {"remove": (255, 0, 160, 120), "add": (0, 200, 255, 120)}
HINT_OUTLINE = (255, 255, 255, 230)


def inner_pixels(rect: QRectF) -> QRect:
    """The device pixels wholly inside ``rect`` (a checkerboard filled there never peeks out beside the photo)."""
    left, top = math.ceil(rect.left()), math.ceil(rect.top())
    return QRect(left, top, max(0, math.floor(rect.right()) - left), max(0, math.floor(rect.bottom()) - top))


def checker_brush(cell: int = 10) -> QBrush:
    pix = QPixmap(2 * cell, 2 * cell)
    pix.fill(QColor(204, 204, 204))
    p = QPainter(pix)
    p.fillRect(0, 0, cell, cell, QColor(153, 153, 153))
    p.fillRect(cell, cell, cell, cell, QColor(153, 153, 153))
    p.end()
    return QBrush(pix)


class CheckerLayer(QGraphicsItem):
    """A checkerboard under the split view's "after" half, in screen-sized cells at any zoom."""

    def __init__(self, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self.rect = QRectF()
        self.brush = checker_brush()

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        target = inner_pixels(painter.worldTransform().mapRect(self.rect))
        painter.save()
        painter.resetTransform()  # cells in device pixels (the clip of the parent stays where it is)
        painter.fillRect(target, self.brush)
        painter.restore()


class Canvas(QGraphicsView):
    zoomChanged = Signal(float)
    rendered = Signal()
    strokeStarted = Signal(QPointF)
    strokeMoved = Signal(QPointF)
    strokeEnded = Signal()
    hovered = Signal(QPointF)
    left = Signal()  # the pointer left the canvas
    backgroundDragged = Signal(float, float)  # Ctrl+drag on a background image: dx, dy in photo pixels

    def __init__(self, pool: WorkerPool, parent=None):
        super().__init__(parent)
        self.pool = pool
        self.setScene(QGraphicsScene(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.base = ImageLayer()
        self.clip = QGraphicsRectItem()
        self.clip.setPen(QPen(Qt.PenStyle.NoPen))
        self.clip.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)
        self.after_checker = CheckerLayer(self.clip)
        self.after = ImageLayer(self.clip)
        self.overlay = ImageLayer()
        self.overlay.smooth = False
        self.split_line = QGraphicsLineItem()
        self.split_line.setPen(QPen(QColor(255, 255, 255), 0))
        self.cursor_ring = QGraphicsEllipseItem()
        self.cursor_ring.setPen(QPen(QColor(255, 255, 255), 0))
        self.stroke = QGraphicsPathItem()
        self.stroke.setVisible(False)
        self.hint = QGraphicsPixmapItem()
        self.hint.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.hint.setVisible(False)
        for z, item in enumerate((self.base, self.clip, self.overlay, self.hint, self.stroke, self.split_line,
                                  self.cursor_ring)):
            item.setZValue(z)
            self.scene().addItem(item)
        self.clip.setVisible(False)
        self.split_line.setVisible(False)
        self.cursor_ring.setVisible(False)
        self.checker = checker_brush()
        self.rgb: np.ndarray | None = None
        self.alpha: np.ndarray | None = None
        self.background = Background()
        self.mode = previews.COMPOSITE
        self.split = 0.5
        self.brush_active = False
        self.brush_size = 20
        self.ring = True  # the brush's size shown around the cursor (not for the subject tool's clicks)
        self.edges = EdgeControls()
        self._generation = 0
        self._pending: set[str] = set()
        self._rendering: set[str] = set()  # layers with a render on the pool
        self._next_render: dict[str, tuple] = {}  # layer -> the newest request waiting for it
        self._painting = False
        self._pan_from: QPointF | None = None
        self._space = False
        self._drag_split = False
        self._bg_from: QPointF | None = None
        self._fitted = True
        self.message = ""  # shown in place of a picture
        self.message_is_error = False
        self.busy = BusyBadge(self.viewport())

    # --- content ------------------------------------------------------------------------------------------------

    def has_image(self) -> bool:
        return self.rgb is not None

    def image_rect(self) -> QRectF:
        if self.rgb is None:
            return QRectF()
        return QRectF(0, 0, self.rgb.shape[1], self.rgb.shape[0])

    def set_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` where the picture would be (when there is none), e.g. what to do first."""
        self.message, self.message_is_error = text, error
        self.viewport().update()

    def show_error(self, text: str) -> None:
        """Take the picture off and show ``text`` (an error, in red) in its place."""
        self.set_picture(None)
        self.set_message(text, error=True)

    def set_busy(self, text: str) -> None:
        """A spinner with ``text`` over the canvas ("" hides it)."""
        self.busy.set_text(text)

    def set_picture(self, rgb: np.ndarray | None, alpha: np.ndarray | None = None, fit: bool = True) -> None:
        if rgb is not None:
            self.message = ""
        self.rgb = None if rgb is None else previews.rgb8(rgb)
        self.alpha = alpha
        rect = self.image_rect()
        margin = max(rect.width(), rect.height(), 100) * 4
        self.setSceneRect(rect.adjusted(-margin, -margin, margin, margin))
        self.overlay.set_array(None)
        self.refresh()
        if fit:
            self.fit()

    def set_alpha(self, alpha: np.ndarray | None) -> None:
        self.alpha = alpha
        if self.mode != previews.ORIGINAL:
            self.refresh()
        elif not self._pending:
            self.rendered.emit()

    def patch_alpha(self, alpha: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
        """The alpha changed inside a rectangle only (a refine): recompose just that part of what is shown.

        A small region with a colour or no background is recomposed at once on this thread (milliseconds); an
        image or blurred background, or a large region, is recomputed on the pool as usual.
        """
        self.alpha = alpha
        if self.rgb is None or self.mode == previews.ORIGINAL:
            if not self._pending:
                self.rendered.emit()
            return
        split = self.mode == previews.SPLIT
        layer = self.after if split else self.base
        mode = previews.COMPOSITE if split else self.mode
        small = (x1 - x0) * (y1 - y0) <= PATCH_PIXELS
        plain = self.background.kind in ("transparent", "color") or mode in (previews.ALPHA, previews.CUTOUT)
        if self._pending or not small or not plain or layer.array is None or not self.edges.identity \
                or layer.array.shape[:2] != self.rgb.shape[:2]:
            self.refresh()
            return
        crop = previews.view_image(mode, self.rgb[y0:y1, x0:x1], alpha[y0:y1, x0:x1], self.background)
        if crop.shape[2:] != layer.array.shape[2:]:
            self.refresh()
            return
        layer.array[y0:y1, x0:x1] = crop
        layer.update_region(x0, y0, x1, y1)
        self.rendered.emit()

    def set_background(self, bg: Background) -> None:
        self.background = bg
        self._place_split()
        self.viewport().update()
        if self.mode in (previews.COMPOSITE, previews.SPLIT):
            self.refresh()
        elif not self._pending:
            self.rendered.emit()

    def set_mode(self, mode: str) -> None:
        if mode not in previews.MODES:
            raise ValueError(f"unknown view mode {mode!r}")
        self.mode = mode
        self.refresh()

    def set_edges(self, edges: EdgeControls, final: bool = True) -> None:
        """Show the matte through ``edges``. While a control moves (``final`` False) a big photo seen zoomed out
        gets a quick draft at the size the view paints; the full-size view follows when ``final``."""
        self.edges = edges
        if self.rgb is None or self.mode == previews.ORIGINAL:
            return
        layer = self.after if self.mode == previews.SPLIT else self.base
        factor = previews.mip_factor(self.rgb.shape)
        if final or factor == 1 or layer.mip is None or self.zoom() * factor > 1.0:
            self.refresh()
            return
        name = "after" if self.mode == previews.SPLIT else "base"
        mode = previews.COMPOSITE if self.mode == previews.SPLIT else self.mode
        job = (self._generation, mode, self.rgb, self.alpha, self.background, edges, factor)
        if name + "-draft" in self._rendering:
            self._next_render[name + "-draft"] = job
        else:
            self._start_draft(name, job)

    def _start_draft(self, layer: str, job: tuple) -> None:
        generation, mode, rgb, alpha, background, edges, factor = job
        worker = self.pool.prepare(render_draft, mode, rgb, alpha, background, edges, factor)
        worker.signals.result.connect(lambda out, g=generation, name=layer: self._show_draft(g, name, out))
        worker.signals.finished.connect(lambda name=layer: self._draft_finished(name))
        self._rendering.add(layer + "-draft")
        self.pool.start(worker)

    def _draft_finished(self, layer: str) -> None:
        self._rendering.discard(layer + "-draft")
        job = self._next_render.pop(layer + "-draft", None)
        if job is not None and job[0] == self._generation:
            self._start_draft(layer, job)

    def _show_draft(self, generation: int, layer: str, mip) -> None:
        if generation == self._generation and not self._pending:
            (self.after if layer == "after" else self.base).set_mip(mip)
            self.viewport().update()

    def set_split(self, fraction: float) -> None:
        self.split = float(np.clip(fraction, 0.0, 1.0))
        self._place_split()

    def refresh(self) -> None:
        """Show the current mode; slow images are computed on the pool and shown when ready."""
        self._generation += 1
        self._pending.clear()
        split = self.mode == previews.SPLIT
        self.clip.setVisible(split)
        self.split_line.setVisible(split)
        if self.rgb is None:
            self.base.set_array(None)
            self.after.set_array(None)
            self.rendered.emit()
            return
        if self.mode in (previews.ORIGINAL, previews.SPLIT):
            self.base.set_array(self.rgb)
        if split:
            self._request("after", previews.COMPOSITE)
        elif self.mode != previews.ORIGINAL:
            self._request("base", self.mode)
        self._place_split()
        self.viewport().update()
        if not self._pending:
            self.rendered.emit()

    def _request(self, layer: str, mode: str) -> None:
        """Render ``mode`` for ``layer`` on the pool: one render per layer at a time, and only the newest request
        waits behind it (a render that is superseded before it starts is never run, so a busy machine does not
        pile up stale renders that slow the wanted one down)."""
        self._pending.add(layer)
        job = (self._generation, mode, self.rgb, self.alpha, self.background, self.edges)
        if layer in self._rendering:
            self._next_render[layer] = job
        else:
            self._start_render(layer, job)

    def _start_render(self, layer: str, job: tuple) -> None:
        generation, mode, rgb, alpha, background, edges = job
        worker = self.pool.prepare(render_view, mode, rgb, alpha, background, edges)
        worker.signals.result.connect(lambda out, g=generation, name=layer: self._show(g, name, out))
        worker.signals.errored.connect(lambda exc, g=generation, name=layer: self._show(g, name, None))
        worker.signals.finished.connect(lambda name=layer: self._render_finished(name))
        self._rendering.add(layer)
        self.pool.start(worker)

    def _render_finished(self, layer: str) -> None:
        self._rendering.discard(layer)
        job = self._next_render.pop(layer, None)
        if job is not None and job[0] == self._generation:
            self._start_render(layer, job)

    def _show(self, generation: int, layer: str, out: tuple | None) -> None:
        if generation != self._generation:
            return
        if out is not None:
            (self.after if layer == "after" else self.base).set_array(*out)
        self._pending.discard(layer)
        self.viewport().update()
        if not self._pending:
            self.rendered.emit()

    def shows_transparency(self) -> bool:
        return self.mode == previews.CUTOUT or (
            self.mode in (previews.COMPOSITE, previews.SPLIT) and self.background.kind == "transparent")

    def _place_split(self) -> None:
        rect = self.image_rect()
        x = rect.width() * self.split
        self.clip.setRect(QRectF(x, 0, rect.width() - x, rect.height()))
        self.split_line.setLine(x, 0, x, rect.height())
        self.after_checker.set_rect(rect)
        self.after_checker.setVisible(self.mode == previews.SPLIT and self.background.kind == "transparent")

    # --- trimap overlay ---------------------------------------------------------------------------------------------

    def set_overlay(self, rgba: np.ndarray | None, opacity: float = 0.5) -> None:
        self.overlay.set_array(rgba)
        self.overlay.setOpacity(opacity)

    def update_overlay(self, rgba_crop: np.ndarray, x0: int, y0: int) -> None:
        if self.overlay.array is None:
            return
        h, w = rgba_crop.shape[:2]
        self.overlay.array[y0:y0 + h, x0:x0 + w] = rgba_crop
        self.overlay.update_region(x0, y0, x0 + w, y0 + h)

    # --- the refine-hair stroke -----------------------------------------------------------------------------------

    def show_stroke(self, points: list, size: float) -> None:
        """Draw a stroke through ``points`` (image pixels), ``size`` pixels wide, over the photo."""
        if not points:
            self.clear_stroke()
            return
        path = QPainterPath(QPointF(*points[0]))
        for x, y in points[1:]:
            path.lineTo(x, y)
        if len(points) == 1:
            path.lineTo(points[0][0] + 0.01, points[0][1])  # a dab: a round cap shows it
        pen = QPen(STROKE_COLOUR, max(1.0, float(size)))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.stroke.setPen(pen)
        self.stroke.setPath(path)
        self.stroke.setVisible(True)

    def clear_stroke(self) -> None:
        self.stroke.setVisible(False)
        self.stroke.setPath(QPainterPath())

    def show_hint(self, mask: np.ndarray, action: str) -> None:
        """Tint ``mask`` (bool, any reduced size of the photo) over the photo: what a click would pick."""
        if self.rgb is None:
            return
        import cv2

        rgba = np.zeros(mask.shape + (4,), np.uint8)
        rgba[mask] = HINT_COLOURS.get(action, HINT_COLOURS["remove"])
        inner = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        rgba[mask & ~inner] = HINT_OUTLINE
        self.hint.setPixmap(QPixmap.fromImage(to_qimage(rgba)))  # (the pixmap holds its own copy)
        h, w = self.rgb.shape[:2]
        self.hint.setTransform(QTransform.fromScale(w / mask.shape[1], h / mask.shape[0]))
        self.hint.setVisible(True)

    def clear_hint(self) -> None:
        self.hint.setVisible(False)

    # --- zoom and pan ---------------------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Scale by ``factor`` keeping the scene point under ``anchor`` (viewport coordinates) where it is."""
        target = float(np.clip(self.zoom() * factor, MIN_ZOOM, MAX_ZOOM))
        factor = target / self.zoom()
        anchor = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        before = self.mapToScene(anchor.toPoint())
        self.scale(factor, factor)
        after = self.mapFromScene(before)
        delta = after - anchor.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        self._fitted = False
        self._update_ring()
        self.zoomChanged.emit(self.zoom())

    def fit(self) -> None:
        if self.rgb is None:
            return
        self.fitInView(self.image_rect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.centerOn(self.image_rect().center())
        self._fitted = True
        self._update_ring()
        self.zoomChanged.emit(self.zoom())

    def actual_size(self) -> None:
        centre = self.mapToScene(self.viewport().rect().center())
        self.resetTransform()
        self._fitted = False
        self.centerOn(centre if self.image_rect().contains(centre) else self.image_rect().center())
        self._update_ring()
        self.zoomChanged.emit(1.0)

    def pan_by(self, dx: float, dy: float) -> None:
        self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - dx))
        self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - dy))

    # --- painting the background ----------------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, theme.canvas_colour())
        if self.rgb is not None and self.shows_transparency() and self.mode != previews.SPLIT:
            painter.save()
            painter.resetTransform()
            painter.fillRect(inner_pixels(self.viewportTransform().mapRect(self.image_rect())), self.checker)
            painter.restore()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self.rgb is not None or not self.message:
            return
        painter.save()
        painter.resetTransform()
        area = self.viewport().rect().adjusted(40, 40, -40, -40)
        if self.message_is_error:
            colour = QColor(235, 110, 110) if theme.current() == "dark" else QColor(170, 30, 30)
        else:
            colour = QColor(150, 151, 156) if theme.current() == "dark" else QColor(90, 90, 95)
        painter.setPen(colour)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(font)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.message)
        painter.restore()

    # --- input ----------------------------------------------------------------------------------------------------

    def set_brush(self, active: bool, size: int | None = None, ring: bool | None = None) -> None:
        """Whether the left button paints (or clicks, for the subject tool); ``ring``: show the brush's size."""
        self.brush_active = active
        if size is not None:
            self.brush_size = size
        if ring is not None:
            self.ring = ring
        if not active or not self.ring:
            self.cursor_ring.setVisible(False)  # shown again by the next mouse move
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if active else Qt.CursorShape.ArrowCursor)
        self._update_ring()

    def _update_ring(self, pos: QPointF | None = None) -> None:
        if pos is None:
            pos = self.cursor_ring.rect().center() if not self.cursor_ring.rect().isEmpty() else QPointF()
        r = self.brush_size / 2.0
        self.cursor_ring.setRect(QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r))

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps, event.position())
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.set_brush(self.brush_active)
            return
        super().keyReleaseEvent(event)

    def moves_background(self) -> bool:
        """Whether Ctrl+drag moves the background: a background image is shown behind the cut-out."""
        return (self.rgb is not None and self.background.kind == "image"
                and self.mode in (previews.COMPOSITE, previews.SPLIT))

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        scene = self.mapToScene(pos.toPoint())
        left = event.button() == Qt.MouseButton.LeftButton
        if left and event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.moves_background():
            self._bg_from = scene
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.MiddleButton or (left and (self._space or not self.brush_active)):
            if left and self.mode == previews.SPLIT and not self._space and self._near_split(scene):
                self._drag_split = True
            else:
                self._pan_from = pos
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if left and self.brush_active and self.rgb is not None:
            self._painting = True
            self.strokeStarted.emit(scene)
            event.accept()
            return
        super().mousePressEvent(event)

    def _near_split(self, scene: QPointF) -> bool:
        x = self.image_rect().width() * self.split
        return abs(scene.x() - x) * self.zoom() < 12 or self.image_rect().contains(scene)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        scene = self.mapToScene(pos.toPoint())
        self.hovered.emit(scene)
        if self.brush_active and self.ring:
            self.cursor_ring.setVisible(True)
            self._update_ring(scene)
        if self._bg_from is not None:
            delta = scene - self._bg_from
            self._bg_from = scene
            if delta.x() or delta.y():
                self.backgroundDragged.emit(delta.x(), delta.y())
        elif self._drag_split and self.rgb is not None:
            self.set_split(scene.x() / max(1.0, self.image_rect().width()))
        elif self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.pan_by(delta.x(), delta.y())
        elif self._painting:
            self.strokeMoved.emit(scene)
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self._painting and event.button() == Qt.MouseButton.LeftButton:
            self._painting = False
            self.strokeEnded.emit()
        self._pan_from = None
        self._drag_split = False
        self._bg_from = None
        self.set_brush(self.brush_active)
        event.accept()

    def leaveEvent(self, event) -> None:
        self.cursor_ring.setVisible(False)
        self.left.emit()
        super().leaveEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.rgb is not None and self._fitted and not self._painting:
            self.fit()
