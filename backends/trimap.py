"""Automatic trimaps: turn a soft mask or an alpha matte into 0 (background) / 128 (unknown) / 255 (foreground).

The unknown band has two parts: a fixed-width ring around the mask's 0.5 contour (where every edge needs solving)
and every pixel the mask itself is unsure about (between ``lo`` and ``hi``), so a soft, hesitant prior gets a wide
band exactly where it hesitates and a narrow one where it is confident. The default ring width scales with the
image: 1 % of its long side, so the band means the same thing at any working resolution.

Used by the Auto backend, by the trimap brush's "automatic trimap" and by trimap-based models that need one.
"""
from __future__ import annotations

import numpy as np

BACKGROUND, UNKNOWN, FOREGROUND = 0, 128, 255
#: default ring width around the contour, as a fraction of the image's long side
BAND_FRACTION = 0.01
#: mask values strictly between these are unknown
LO, HI = 0.1, 0.9


def default_band_px(shape: tuple[int, ...], fraction: float = BAND_FRACTION) -> int:
    """Ring width in pixels for an image of ``shape``: ``fraction`` of its long side, at least 1."""
    return max(1, int(round(fraction * max(shape[:2]))))


def as_unit_mask(mask: np.ndarray) -> np.ndarray:
    """(H, W) float32 in [0, 1] from a uint8 (0-255), uint16 or float mask; a colour mask uses its first channel."""
    mask = np.asarray(mask)
    if mask.ndim == 3:
        mask = mask[..., 0]
    if mask.ndim != 2:
        raise ValueError(f"expected a (H, W) mask, got shape {mask.shape}")
    if mask.dtype == np.uint8:
        return mask.astype(np.float32) / 255.0
    if mask.dtype == np.uint16:
        return mask.astype(np.float32) / 65535.0
    if mask.dtype == bool:
        return mask.astype(np.float32)
    return np.clip(np.nan_to_num(mask.astype(np.float32)), 0.0, 1.0)


def disk(radius: int) -> np.ndarray:
    """Elliptic structuring element of the given radius (OpenCV kernel)."""
    import cv2

    radius = max(int(radius), 0)
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def trimap_from_alpha(alpha: np.ndarray, band_px: int | None = None, lo: float = LO, hi: float = HI) -> np.ndarray:
    """A 0/128/255 uint8 trimap from a soft mask or alpha (H, W) in [0, 1] (or uint8 0-255).

    Pixels above 0.5 are foreground, the rest background; then a ring of ``band_px`` pixels either side of the
    0.5 contour (default: 1 % of the long side) and every pixel with ``lo < alpha < hi`` become unknown.
    ``band_px=0`` keeps only the unsure pixels unknown.
    """
    import cv2

    a = as_unit_mask(alpha)
    if band_px is None:
        band_px = default_band_px(a.shape)
    fg = (a > 0.5).astype(np.uint8)
    trimap = np.where(fg > 0, FOREGROUND, BACKGROUND).astype(np.uint8)
    unknown = (a > lo) & (a < hi)
    if band_px > 0 and fg.any() and not fg.all():
        edge = cv2.morphologyEx(fg, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
        unknown |= cv2.dilate(edge, disk(band_px)) > 0
    trimap[unknown] = UNKNOWN
    return trimap


def unknown_fraction(trimap: np.ndarray) -> float:
    """Share of the trimap's pixels that are unknown."""
    return float(np.mean(np.asarray(trimap) == UNKNOWN)) if np.asarray(trimap).size else 0.0
