"""Refine hair: widen the unknown band inside a region and solve it again (the app's "refine hair" brush).

Pure numpy in, numpy out (no Qt, no model): ``refine_hair(rgb, alpha, region)`` returns a new alpha that differs
from ``alpha`` only inside ``region``, where every pixel within ``band_px`` of the matte's outline, and every
partial pixel, is solved afresh by the band solver with the rest of the matte (thresholded at 0.5) as the known
fore- and background. Flyaway hair that the automatic band clipped comes back; the matte outside the stroke is left
exactly as it was.
"""
from __future__ import annotations

import numpy as np

from .band_solver import BACKGROUND, FOREGROUND, UNKNOWN, band_box, solve_band
from .trimap import HAIR_FRACTION, default_band_px, disk

#: unknown pixels solved at most (the crop is solved at a reduced resolution above this)
MAX_UNKNOWN = 250_000
#: alpha strictly between these counts as partial (always re-solved inside the region)
PARTIAL = (0.02, 0.98)


def refine_hair(rgb: np.ndarray, alpha: np.ndarray, region: np.ndarray, band_px: int | None = None,
                max_unknown: int = MAX_UNKNOWN) -> np.ndarray:
    """New alpha (H, W) float32: ``alpha`` re-solved inside the bool ``region`` with an unknown band ``band_px``
    wide (default: the hair band, 3 % of the long side) around its outline. ``rgb`` is (H, W, 3) uint8 or float."""
    import cv2

    alpha = np.clip(np.array(alpha, np.float32, copy=True), 0, 1)
    region = np.asarray(region, bool)
    if region.shape != alpha.shape:
        raise ValueError(f"region {region.shape} and alpha {alpha.shape} differ in size")
    if not region.any():
        return alpha
    if band_px is None:
        band_px = default_band_px(alpha.shape, HAIR_FRACTION)
    fg = (alpha > 0.5).astype(np.uint8)
    edge = cv2.morphologyEx(fg, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    wide = (cv2.dilate(edge, disk(band_px)) > 0) | ((alpha > PARTIAL[0]) & (alpha < PARTIAL[1]))
    wide &= region
    if not wide.any():
        return alpha
    trimap = np.where(fg > 0, FOREGROUND, BACKGROUND).astype(np.uint8)
    trimap[wide] = UNKNOWN
    # the crop around the band, with known pixels on every side for the solver to lean on
    y0, y1, x0, x1 = band_box(wide, 2 * band_px + 2)
    crop = trimap[y0:y1, x0:x1]
    if not ((crop == FOREGROUND).any() and (crop == BACKGROUND).any()):
        return alpha
    solved = solve_band(rgb[y0:y1, x0:x1], crop, max_unknown)
    band = wide[y0:y1, x0:x1]
    alpha[y0:y1, x0:x1][band] = solved[band]
    return alpha
