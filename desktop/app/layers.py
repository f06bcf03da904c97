"""A graphics item that paints a numpy image without copying it, fast at any zoom, and can repaint just a region.

``ImageLayer`` wraps an (H, W), (H, W, 3) or (H, W, 4) uint8 array in a ``QImage`` that shares its memory. When
the view shows the image at less than half its size, it paints a reduced copy (a "mip", ``previews.make_mip``: at
most ``MIP_SIDE`` on the long side) instead, so a 24-megapixel photo pans and zooms smoothly. ``update_region``
refreshes a rectangle of both after the array changed there (the trimap brush does this for every stroke segment);
``set_mip`` shows a draft in place of the reduced copy until the next full array.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

from .previews import make_mip, mip_factor

_FORMATS = {1: QImage.Format.Format_Grayscale8, 3: QImage.Format.Format_RGB888, 4: QImage.Format.Format_RGBA8888}


def to_qimage(array: np.ndarray) -> QImage:
    """A QImage viewing ``array`` (kept alive by the caller); uint8 grey, RGB or straight-alpha RGBA."""
    if array.dtype != np.uint8 or not array.flags.c_contiguous:
        raise ValueError("to_qimage needs a C-contiguous uint8 array")
    channels = 1 if array.ndim == 2 else array.shape[2]
    h, w = array.shape[:2]
    return QImage(array.data, w, h, w * channels, _FORMATS[channels])


class ImageLayer(QGraphicsItem):
    def __init__(self, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self.array: np.ndarray | None = None
        self.image: QImage | None = None
        self.mip: np.ndarray | None = None
        self.mip_image: QImage | None = None
        self.factor = 1
        self.smooth = True
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    # --- content --------------------------------------------------------------------------------------------------

    def set_array(self, array: np.ndarray | None, mip: np.ndarray | None = None) -> None:
        """Show ``array``; ``mip`` is its reduced copy when a worker made it already (else it is made here)."""
        self.prepareGeometryChange()
        if array is None:
            self.array = self.image = self.mip = self.mip_image = None
            self.update()
            return
        self.array = np.ascontiguousarray(array, np.uint8)
        self.image = to_qimage(self.array)
        self.factor = mip_factor(self.array.shape)
        self.mip = (mip if mip is not None else make_mip(self.array)) if self.factor > 1 else None
        self.mip_image = None if self.mip is None else to_qimage(self.mip)
        self.update()

    def set_mip(self, mip: np.ndarray) -> bool:
        """Paint ``mip`` as the reduced copy (a draft of what the full array will show, e.g. while an edge control
        moves); ignored unless it fits the current one. True when taken."""
        if self.mip is None or mip.shape != self.mip.shape or mip.dtype != self.mip.dtype:
            return False
        self.mip = np.ascontiguousarray(mip)
        self.mip_image = to_qimage(self.mip)
        self.update()
        return True

    def update_region(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """The array changed inside (x0, y0)-(x1, y1): refresh the mip there and repaint it."""
        if self.array is None:
            return
        if self.mip is not None:
            import cv2

            f = self.factor
            mh, mw = self.mip.shape[:2]
            mx0, my0 = max(0, x0 // f), max(0, y0 // f)
            mx1, my1 = min(mw, -(-x1 // f)), min(mh, -(-y1 // f))
            if mx1 > mx0 and my1 > my0:
                src = self.array[my0 * f:my1 * f, mx0 * f:mx1 * f]
                self.mip[my0:my1, mx0:mx1] = cv2.resize(src, (mx1 - mx0, my1 - my0), interpolation=cv2.INTER_AREA) \
                    .reshape(self.mip[my0:my1, mx0:mx1].shape)
        self.update(QRectF(x0, y0, x1 - x0, y1 - y0))

    # --- QGraphicsItem -------------------------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        if self.array is None:
            return QRectF()
        h, w = self.array.shape[:2]
        return QRectF(0, 0, w, h)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.image is None:
            return
        exposed = option.exposedRect.intersected(self.boundingRect())
        if exposed.isEmpty():
            return
        scale = painter.worldTransform().m11()
        zoomed_out = scale < 1.0
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.smooth and zoomed_out)
        if self.mip_image is not None and scale * self.factor <= 1.0:
            f = float(self.factor)
            source = QRectF(exposed.x() / f, exposed.y() / f, exposed.width() / f, exposed.height() / f)
            painter.drawImage(exposed, self.mip_image, source)
        else:
            painter.drawImage(exposed, self.image, exposed)
