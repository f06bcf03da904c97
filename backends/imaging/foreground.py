"""Foreground colour estimation: recovers the subject's own colours where the alpha is partial.

Without it, hair strands and soft edges keep the old background's colour mixed in (a fringe) once composed on a
new background. pymatting's multi-level estimator solves for F (and B) in the compositing equation
I = alpha F + (1 - alpha) B; it runs only on a crop around the partial pixels, since elsewhere F = I.
"""
from __future__ import annotations

import numpy as np

from ..contract import as_float_rgb

#: pixels with alpha in (EPS, 1 - EPS) are partial
EPS = 1.0 / 255.0


def estimate_foreground(image: np.ndarray, alpha: np.ndarray, return_background: bool = False):
    """Foreground colours (H, W, 3) float64 in [0, 1] (and the background when asked) for ``image`` and ``alpha``."""
    img = as_float_rgb(image)
    a = np.clip(np.asarray(alpha, np.float64), 0, 1)
    fg = img.copy()
    bg = img.copy()
    partial = (a > EPS) & (a < 1 - EPS)
    if partial.any():
        y0, y1, x0, x1 = _bbox(partial, margin=16, shape=a.shape)
        from pymatting import estimate_foreground_ml

        f, b = estimate_foreground_ml(img[y0:y1, x0:x1], a[y0:y1, x0:x1], return_background=True)
        region = partial[y0:y1, x0:x1]
        fg[y0:y1, x0:x1][region] = np.clip(f, 0, 1)[region]
        bg[y0:y1, x0:x1][region] = np.clip(b, 0, 1)[region]
    return (fg, bg) if return_background else fg


def _bbox(mask: np.ndarray, margin: int, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    ys = np.flatnonzero(mask.any(axis=1))
    xs = np.flatnonzero(mask.any(axis=0))
    return (max(ys[0] - margin, 0), min(ys[-1] + margin + 1, shape[0]),
            max(xs[0] - margin, 0), min(xs[-1] + margin + 1, shape[1]))
