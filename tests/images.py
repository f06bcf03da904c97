"""Generated test images: a soft-edged disc 'subject' on a textured background, and its true alpha."""
from __future__ import annotations

import numpy as np


def disc_scene(h: int = 120, w: int = 160, seed: int = 0):
    """(rgb uint8, alpha float) of a red soft disc on a blue-green gradient with noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    r = np.hypot(yy - h / 2, xx - w / 2)
    radius = min(h, w) * 0.3
    alpha = np.clip((radius - r) / 3.0 + 0.5, 0, 1)
    fg = np.dstack([np.full((h, w), 0.85), 0.2 + 0.1 * yy / h, np.full((h, w), 0.15)])
    bg = np.dstack([0.1 + 0.1 * xx / w, 0.5 + 0.3 * yy / h, 0.6 - 0.2 * xx / w])
    bg += rng.normal(0, 0.02, bg.shape)
    img = alpha[..., None] * fg + (1 - alpha[..., None]) * bg
    return np.round(np.clip(img, 0, 1) * 255).astype(np.uint8), alpha


def trimap_for(alpha: np.ndarray, band: int = 4) -> np.ndarray:
    """A 0/128/255 trimap with an unknown band around the true edge."""
    import cv2

    fg = (alpha > 0.99).astype(np.uint8)
    bg = (alpha < 0.01).astype(np.uint8)
    k = np.ones((2 * band + 1, 2 * band + 1), np.uint8)
    tri = np.full(alpha.shape, 128, np.uint8)
    tri[cv2.erode(fg, k) > 0] = 255
    tri[cv2.erode(bg, k) > 0] = 0
    return tri
