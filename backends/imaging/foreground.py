"""Foreground colour estimation: recovers the subject's own colours where the alpha is partial.

Without it, hair strands and soft edges keep the old background's colour mixed in (a fringe) once composed on a
new background. pymatting's multi-level estimator solves for F (and B) in the compositing equation
I = alpha F + (1 - alpha) B. It runs only where alpha is partial (elsewhere F = I), tile by tile with a margin, so
memory stays bounded (a few hundred MB) on a 24-megapixel photo and time follows the length of the edge.
"""
from __future__ import annotations

import numpy as np

from ..contract import as_float_rgb

#: pixels with alpha in (EPS, 1 - EPS) are partial
EPS = 1.0 / 255.0
#: tile core size and the context margin around it, in pixels
TILE, MARGIN = 768, 128


def estimate_foreground(image: np.ndarray, alpha: np.ndarray, return_background: bool = False):
    """Foreground colours (H, W, 3) float32 in [0, 1] (and the background when asked) for ``image`` and ``alpha``.

    Full-size arrays are float32 (a 24-megapixel photo stays under 300 MB each); only the crop around the partial
    pixels goes to the solver in float64.
    """
    img = as_float_rgb(image, np.float32)
    a = np.clip(np.asarray(alpha, np.float32), 0, 1)
    fg = img.copy()
    bg = img.copy()
    partial = (a > EPS) & (a < 1 - EPS)
    if partial.any():
        from pymatting import estimate_foreground_ml

        h, w = a.shape
        for ty in range(0, h, TILE):
            for tx in range(0, w, TILE):
                core = partial[ty:ty + TILE, tx:tx + TILE]
                if not core.any():
                    continue
                y0, y1 = max(ty - MARGIN, 0), min(ty + TILE + MARGIN, h)
                x0, x1 = max(tx - MARGIN, 0), min(tx + TILE + MARGIN, w)
                f, b = estimate_foreground_ml(img[y0:y1, x0:x1].astype(np.float64),
                                              a[y0:y1, x0:x1].astype(np.float64), return_background=True)
                cy, cx = ty - y0, tx - x0
                ch, cw = core.shape
                fg[ty:ty + ch, tx:tx + cw][core] = np.clip(f[cy:cy + ch, cx:cx + cw], 0, 1)[core]
                bg[ty:ty + ch, tx:tx + cw][core] = np.clip(b[cy:cy + ch, cx:cx + cw], 0, 1)[core]
    return (fg, bg) if return_background else fg

