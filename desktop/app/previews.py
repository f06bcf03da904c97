"""What the canvas shows, as 8-bit arrays (no Qt): original, alpha, cut-out, composite, trimap overlay, thumbnails,
reduced copies for zooming out.

The preview blends with the photo's own colours (fast integer maths); the export path (``backends.cutout.render``)
adds foreground estimation. Backgrounds come from ``backends.imaging.compose`` so the preview and the export agree.
"""
from __future__ import annotations

import numpy as np

from backends.contract import as_uint8_rgb
from backends.imaging.compose import Background, background_pixels

ORIGINAL, ALPHA, CUTOUT, COMPOSITE, SPLIT = "original", "alpha", "cutout", "composite", "split"
MODES = (ORIGINAL, ALPHA, CUTOUT, COMPOSITE, SPLIT)
#: colours (RGBA) of the trimap overlay: background, unknown, foreground
OVERLAY_COLOURS = {0: (40, 120, 255), 128: (255, 200, 0), 255: (255, 40, 80)}
#: a blur background is computed at most this many pixels on the long side, then scaled up (it is smooth anyway)
BLUR_PREVIEW_SIDE = 1600
#: the long side of the reduced copy ("mip") the canvas paints when zoomed out (``layers.ImageLayer``)
MIP_SIDE = 2048


def alpha8(alpha: np.ndarray | None, shape: tuple[int, int]) -> np.ndarray:
    if alpha is None:
        return np.full(shape, 255, np.uint8)
    return np.round(np.clip(alpha, 0, 1) * 255).astype(np.uint8)


def rgb8(rgb: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(as_uint8_rgb(rgb))


def cutout_rgba(rgb: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """(H, W, 4) uint8 straight-alpha RGBA: the cut-out, shown over a checkerboard."""
    rgb = rgb8(rgb)
    out = np.empty(rgb.shape[:2] + (4,), np.uint8)
    out[..., :3] = rgb
    out[..., 3] = alpha8(alpha, rgb.shape[:2])
    return out


def background_rgb(bg: Background, rgb: np.ndarray, alpha: np.ndarray | None) -> np.ndarray | None:
    """The new background as (H, W, 3) uint8 for the preview, or None when it is transparent."""
    if bg.kind == "transparent":
        return None
    h, w = rgb.shape[:2]
    if bg.kind == "color":
        return np.broadcast_to(np.asarray(bg.rgb, np.uint8), (h, w, 3))
    a = np.ones((h, w), np.float32) if alpha is None else alpha
    if bg.kind == "blur" and max(h, w) > BLUR_PREVIEW_SIDE:
        import cv2

        scale = BLUR_PREVIEW_SIDE / max(h, w)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        small = background_pixels(bg, cv2.resize(rgb8(rgb), size, interpolation=cv2.INTER_AREA),
                                  cv2.resize(a, size, interpolation=cv2.INTER_AREA))
        small8 = np.round(np.clip(small, 0, 1) * 255).astype(np.uint8)
        return cv2.resize(small8, (w, h), interpolation=cv2.INTER_LINEAR)
    back = background_pixels(bg, rgb8(rgb), a)
    return np.round(np.clip(back, 0, 1) * 255).astype(np.uint8)


def composite(rgb: np.ndarray, alpha: np.ndarray | None, back: np.ndarray | None) -> np.ndarray:
    """The photo over ``back`` (uint8 RGB) with ``alpha``; RGBA cut-out when there is no background."""
    if back is None:
        return cutout_rgba(rgb, alpha)
    fg = rgb8(rgb).astype(np.uint16)
    a = alpha8(alpha, fg.shape[:2]).astype(np.uint16)[..., None]
    out = (fg * a + back.astype(np.uint16) * (255 - a) + 127) // 255
    return out.astype(np.uint8)


def alpha_grey(alpha: np.ndarray | None, shape: tuple[int, int]) -> np.ndarray:
    return alpha8(alpha, shape)


def trimap_overlay(trimap: np.ndarray, opacity: float = 0.5) -> np.ndarray:
    """(H, W, 4) uint8 RGBA colouring a 0/128/255 trimap (any other value is transparent)."""
    lut = np.zeros((256, 4), np.uint8)
    a = int(round(np.clip(opacity, 0, 1) * 255))
    for value, colour in OVERLAY_COLOURS.items():
        lut[value] = (*colour, a)
    return lut[np.asarray(trimap, np.uint8)]


def view_image(mode: str, rgb: np.ndarray, alpha: np.ndarray | None, bg: Background,
               back: np.ndarray | None = None) -> np.ndarray:
    """The array for one view mode (the split view's 'after' half is the composite)."""
    if mode == ORIGINAL:
        return rgb8(rgb)
    if mode == ALPHA:
        return alpha_grey(alpha, rgb.shape[:2])
    if mode == CUTOUT:
        return cutout_rgba(rgb, alpha)
    if mode in (COMPOSITE, SPLIT):
        if back is None and bg.kind != "transparent":
            back = background_rgb(bg, rgb, alpha)
        return composite(rgb, alpha, back)
    raise ValueError(f"unknown view mode {mode!r}")


def thumbnail(rgb: np.ndarray, side: int = 160) -> np.ndarray:
    """A uint8 RGB thumbnail whose long side is at most ``side``."""
    import cv2

    rgb = rgb8(rgb)
    h, w = rgb.shape[:2]
    scale = min(1.0, side / max(h, w))
    if scale >= 1.0:
        return rgb.copy()
    return cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)


def mip_factor(shape: tuple[int, ...]) -> int:
    """The power of two that brings the long side of ``shape`` to at most ``MIP_SIDE``."""
    h, w = shape[:2]
    factor = 1
    while max(h, w) / factor > MIP_SIDE:
        factor *= 2
    return factor


def make_mip(array: np.ndarray) -> np.ndarray | None:
    """The reduced copy of ``array`` that ``ImageLayer`` paints when zoomed out (None when it is small already).
    Workers call this too, so a 24-megapixel result reaches the UI thread with its mip made."""
    import cv2

    factor = mip_factor(array.shape)
    if factor == 1:
        return None
    h, w = array.shape[:2]
    size = (max(1, w // factor), max(1, h // factor))
    return np.ascontiguousarray(cv2.resize(array, size, interpolation=cv2.INTER_AREA))
