"""Foreground colour estimation: recovers the subject's own colours where the alpha is partial.

Without it, hair strands and soft edges keep the old background's colour mixed in (a fringe) once composed on a
new background. Colours F (and the background's, B) are solved from the compositing equation
I = alpha F + (1 - alpha) B in two stages, so the cost follows the length of the edge, not the photo's area:

1. coarse, at a working size (long side ``WORK_SIDE``) over the box of the partial pixels: the multi-level
   estimator (Germer et al. 2020; ``multilevel.py``), then two blur-fusion passes (Forte & Pitie 2021);
2. fine, at full size and only in small tiles that hold partial pixels: the coarse F and B, enlarged, go through
   two more blur-fusion passes with small windows and an exact residual, which bring back full-size detail.

A blur-fusion pass with a box window replaces F and B by their alpha-weighted local means and adds back what
those miss of the pixel's colour: F = mean_F + alpha r, B = mean_B + (1 - alpha) r with
r = I - alpha mean_F - (1 - alpha) mean_B. On composites with a known answer (``bench/foreground_quality.py``)
this is on average more accurate than the multi-level estimator run at full size (per photo: docs/benchmarks.md),
at a fraction of its time and memory.
Everything is float32; nothing full-size is allocated here.
"""
from __future__ import annotations

import numpy as np

#: pixels with alpha in (EPS, 1 - EPS) are partial (0 < alpha < 255 once stored in 8 bits)
EPS = 0.5 / 255.0
#: the coarse stage's working size: the photo divided by the smallest whole factor that brings its long side to
#: at most WORK_SIDE; window widths are given for a long side of WORK_SIDE
WORK_SIDE = 1200
#: box window widths of the coarse blur-fusion passes (working pixels) and of the fine ones (pixels at a long
#: side of WORK_SIDE, then full-size pixels); chosen on bench/foreground_quality.py
COARSE_WINDOWS = (30, 10)
FINE_WINDOW_WORK, FINE_WINDOW_FULL = 3, 3
#: sweeps of the multi-level estimator at each of its larger levels (2, as pymatting's)
ML_BIG_ITERATIONS = 2
#: full-size tile edge of the fine stage
TILE = 128


def _top(image: np.ndarray) -> float:
    return 65535.0 if image.dtype == np.uint16 else 255.0 if image.dtype == np.uint8 else 1.0


def blur_fusion(image: np.ndarray, fg: np.ndarray, bg: np.ndarray, alpha: np.ndarray, window: int,
                alpha3: np.ndarray | None = None, exact: bool = False):
    """One blur-fusion pass (float32 arrays, image/fg/bg (h, w, 3), alpha (h, w)); returns the new (fg, bg).

    ``fg`` and ``bg`` are overwritten. ``alpha3`` is alpha repeated on 3 channels, when the caller has it. With
    ``exact`` the residual is divided by alpha^2 + (1 - alpha)^2, the least change of F and B that makes
    alpha F + (1 - alpha) B equal I (as the multi-level estimator's per-pixel update does); the fine passes use
    it, which brings back texture of the foreground finer than the windows.
    """
    import cv2

    k = (window, window)
    a = np.repeat(alpha[..., None], 3, axis=2) if alpha3 is None else alpha3
    mean_a = cv2.blur(a, k)
    np.multiply(fg, a, out=fg)
    mean_f = cv2.blur(fg, k)
    mean_f /= mean_a + 1e-5
    np.multiply(bg, a, out=fg)  # fg's memory is free now: it holds alpha * bg
    np.subtract(bg, fg, out=bg)  # (1 - alpha) * bg
    mean_b = cv2.blur(bg, k)
    np.subtract(1 + 1e-5, mean_a, out=mean_a)
    mean_b /= mean_a
    # r = I - alpha mean_f - (1 - alpha) mean_b = (I - mean_b) - alpha (mean_f - mean_b)
    r = np.subtract(image, mean_b, out=bg)
    np.subtract(mean_f, mean_b, out=fg)
    fg *= a
    r -= fg
    if exact:  # the least change that makes alpha F + (1 - alpha) B equal I
        r /= a * a + (1 - a) * (1 - a)
    np.multiply(a, r, out=fg)
    mean_f += fg
    mean_b += r
    mean_b -= fg
    return np.clip(mean_f, 0, 1, out=mean_f), np.clip(mean_b, 0, 1, out=mean_b)


def partial_mask(alpha: np.ndarray) -> np.ndarray:
    return (alpha > EPS) & (alpha < 1 - EPS)


class EdgeColours:
    """Foreground and background colours of a photo where its alpha is partial, computed tile by tile on demand.

    ``tile(y0, y1, x0, x1)`` gives (F, B) float32 (h, w, 3) in [0, 1] for that block of the photo, or None when
    it holds no partial pixel (there F = I where alpha is 1, and B = I where alpha is 0).
    """

    def __init__(self, image: np.ndarray, alpha: np.ndarray):
        import cv2

        self.image, self.alpha = image, alpha
        self.top = _top(image)
        h, w = alpha.shape
        self.shape = (h, w)
        # which TILE x TILE blocks hold partial pixels (a small map, built strip by strip)
        ny, nx = -(-h // TILE), -(-w // TILE)
        self.busy = np.zeros((ny, nx), bool)
        for ty in range(ny):
            rows = partial_mask(alpha[ty * TILE:(ty + 1) * TILE])
            cols = rows.any(axis=0)
            if cols.any():
                pad = (-cols.size) % TILE
                self.busy[ty] = np.pad(cols, (0, pad)).reshape(nx, TILE).any(axis=1)
        self.empty = not self.busy.any()
        # the working size divides the photo by a whole factor (the fast path of area averaging)
        self.factor = -(-max(h, w) // WORK_SIDE)
        s = max(h, w) / WORK_SIDE  # full-size pixels per working pixel at WORK_SIDE
        self.windows = (max(1, round(FINE_WINDOW_WORK * s)), FINE_WINDOW_FULL)
        self.margin = sum(k // 2 + 1 for k in self.windows)
        if self.empty:
            return
        # the coarse stage's box: the busy tiles' box grown by the fine margin and by 5 % of the long side, its
        # sides cut to whole multiples of the factor
        ys, xs = np.flatnonzero(self.busy.any(axis=1)), np.flatnonzero(self.busy.any(axis=0))
        grow = self.margin + int(0.05 * max(h, w))
        f = self.factor
        y0, y1 = max(0, ys[0] * TILE - grow), min(h, (ys[-1] + 1) * TILE + grow)
        x0, x1 = max(0, xs[0] * TILE - grow), min(w, (xs[-1] + 1) * TILE + grow)
        y1, x1 = y0 + max(f, (y1 - y0) // f * f), x0 + max(f, (x1 - x0) // f * f)
        y1, x1 = min(y1, h), min(x1, w)
        size = (max(1, (x1 - x0) // f), max(1, (y1 - y0) // f))
        small = cv2.resize(image[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA).astype(np.float32)
        small *= np.float32(1.0 / self.top)
        small_a = cv2.resize(np.asarray(alpha[y0:y1, x0:x1], np.float32), size, interpolation=cv2.INTER_AREA)
        np.clip(small_a, 0, 1, out=small_a)
        from .multilevel import estimate_multilevel

        fg, bg = estimate_multilevel(small, small_a, big_iterations=ML_BIG_ITERATIONS)
        small_a3 = np.repeat(small_a[..., None], 3, axis=2)
        for window in COARSE_WINDOWS:
            fg, bg = blur_fusion(small, fg, bg, small_a, window, small_a3)
        self.box = (y0, y1, x0, x1)
        self.coarse = (fg, bg)  # at the working size, over the box
        # full-size pixel (x, y) sits at working pixel ((x - x0 + .5) * sx - .5, (y - y0 + .5) * sy - .5)
        self.step = (size[0] / (x1 - x0), size[1] / (y1 - y0))

    def _coarse_at(self, y0: int, y1: int, x0: int, x1: int) -> tuple[np.ndarray, np.ndarray]:
        import cv2

        by0, _, bx0, _ = self.box
        sx, sy = self.step
        m = np.array([[sx, 0, (x0 - bx0 + 0.5) * sx - 0.5], [0, sy, (y0 - by0 + 0.5) * sy - 0.5]], np.float64)
        return tuple(cv2.warpAffine(c, m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                    borderMode=cv2.BORDER_REPLICATE) for c in self.coarse)

    def tile(self, y0: int, y1: int, x0: int, x1: int):
        """(F, B) for rows y0:y1 and columns x0:x1, or None when no partial pixel is there."""
        if self.empty:
            return None
        busy = self.busy[y0 // TILE:-(-y1 // TILE), x0 // TILE:-(-x1 // TILE)]
        if not busy.any():
            return None
        h, w = self.shape
        m = self.margin
        ry0, ry1, rx0, rx1 = max(0, y0 - m), min(h, y1 + m), max(0, x0 - m), min(w, x1 + m)
        img = self.image[ry0:ry1, rx0:rx1].astype(np.float32)
        img *= np.float32(1.0 / self.top)
        a = np.clip(self.alpha[ry0:ry1, rx0:rx1], 0, 1).astype(np.float32, copy=False)
        a3 = np.repeat(a[..., None], 3, axis=2)
        f, b = self._coarse_at(ry0, ry1, rx0, rx1)
        for window in self.windows:
            f, b = blur_fusion(img, f, b, a, window, a3, exact=True)
        cy, cx = y0 - ry0, x0 - rx0
        return f[cy:cy + y1 - y0, cx:cx + x1 - x0], b[cy:cy + y1 - y0, cx:cx + x1 - x0]


def estimate_foreground(image: np.ndarray, alpha: np.ndarray, return_background: bool = False):
    """Full-size foreground colours (H, W, 3) float32 in [0, 1] (and the background when asked).

    A convenience for small images and tests: export (``backends.cutout.render``) never builds these full-size
    arrays and asks ``EdgeColours`` for the edge's tiles instead.
    """
    from ..contract import as_float_rgb

    img = as_float_rgb(image, np.float32)
    a = np.clip(np.asarray(alpha, np.float32), 0, 1)
    fg, bg = img.copy(), img.copy()
    if np.issubdtype(np.asarray(image).dtype, np.floating):
        image = img
    edges = EdgeColours(image, a)
    h, w = a.shape
    for y0 in range(0, h, TILE):
        for x0 in range(0, w, TILE):
            got = edges.tile(y0, min(h, y0 + TILE), x0, min(w, x0 + TILE))
            if got is None:
                continue
            part = partial_mask(a[y0:y0 + TILE, x0:x0 + TILE])
            fg[y0:y0 + TILE, x0:x0 + TILE][part] = got[0][part]
            bg[y0:y0 + TILE, x0:x0 + TILE][part] = got[1][part]
    return (fg, bg) if return_background else fg
