"""Multi-level foreground estimation (Germer, Uelwer, Conrad, Harmeling 2020), compiled, on one thread.

F and B are solved from I = alpha F + (1 - alpha) B on a pyramid of sizes from 1x1 up to the image's, each level
starting from the one below (nearest-neighbour enlarged) and refined by Gauss-Seidel sweeps: every pixel's F and
B minimise (alpha F + (1 - alpha) B - I)^2 plus, for each of its 4 neighbours, w (F - F_n)^2 + w (B - B_n)^2 with
w = regularization + gradient_weight |alpha - alpha_n|. Our own implementation (the paper's algorithm, the
parameters pymatting uses by default), with no parallel regions: export runs it on worker threads, and numba's
parallel thread pools do not survive being entered from several threads or abandoned at exit. Compiled on first
use and cached (the cache folder is set by ``backends.warmup``).
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit("void(f4[:, :, :], f4[:, :, :])", cache=True, nogil=True)
def _nearest3(dst, src):
    h, w = dst.shape[:2]
    hs, ws = src.shape[:2]
    for y in range(h):
        ys = min(hs - 1, y * hs // h)
        for x in range(w):
            xs = min(ws - 1, x * ws // w)
            for c in range(dst.shape[2]):
                dst[y, x, c] = src[ys, xs, c]


@njit("void(f4[:, :], f4[:, :])", cache=True, nogil=True)
def _nearest1(dst, src):
    h, w = dst.shape
    hs, ws = src.shape
    for y in range(h):
        ys = min(hs - 1, y * hs // h)
        for x in range(w):
            dst[y, x] = src[ys, min(ws - 1, x * ws // w)]


@njit("Tuple((f4[:, :, :], f4[:, :, :]))(f4[:, :, :], f4[:, :], f4, i8, i8, i8, f4)", cache=True, nogil=True)
def _solve(image, alpha, regularization, small_iterations, big_iterations, small_size, gradient_weight):
    h0, w0, depth = image.shape
    # start from the mean colours of the (nearly) opaque and (nearly) transparent pixels
    f_mean = np.zeros(depth, np.float32)
    b_mean = np.zeros(depth, np.float32)
    nf = nb = 0
    for y in range(h0):
        for x in range(w0):
            if alpha[y, x] > 0.9:
                f_mean += image[y, x]
                nf += 1
            if alpha[y, x] < 0.1:
                b_mean += image[y, x]
                nb += 1
    f_mean /= nf + 1e-5
    b_mean /= nb + 1e-5
    fg = np.empty((1, 1, depth), np.float32)
    bg = np.empty((1, 1, depth), np.float32)
    fg[0, 0] = f_mean
    bg[0, 0] = b_mean
    levels = int(np.ceil(np.log2(max(h0, w0))))
    dy = (-1, 1, 0, 0)
    dx = (0, 0, -1, 1)
    bf = np.empty(depth, np.float32)
    bb = np.empty(depth, np.float32)
    for level in range(levels + 1):
        h = int(round(h0 ** (level / max(levels, 1))))
        w = int(round(w0 ** (level / max(levels, 1))))
        img = np.empty((h, w, depth), np.float32)
        a = np.empty((h, w), np.float32)
        _nearest3(img, image)
        _nearest1(a, alpha)
        f = np.empty((h, w, depth), np.float32)
        b = np.empty((h, w, depth), np.float32)
        _nearest3(f, fg)
        _nearest3(b, bg)
        sweeps = small_iterations if (w <= small_size and h <= small_size) else big_iterations
        for _ in range(sweeps):
            for y in range(h):
                for x in range(w):
                    a0 = a[y, x]
                    a1 = 1.0 - a0
                    m00 = a0 * a0
                    m11 = a1 * a1
                    m01 = a0 * a1
                    for c in range(depth):
                        bf[c] = a0 * img[y, x, c]
                        bb[c] = a1 * img[y, x, c]
                    for d in range(4):
                        y2 = max(0, min(h - 1, y + dy[d]))
                        x2 = max(0, min(w - 1, x + dx[d]))
                        wn = regularization + gradient_weight * abs(a0 - a[y2, x2])
                        m00 += wn
                        m11 += wn
                        for c in range(depth):
                            bf[c] += wn * f[y2, x2, c]
                            bb[c] += wn * b[y2, x2, c]
                    inv = 1.0 / (m00 * m11 - m01 * m01)
                    for c in range(depth):
                        fc = inv * (m11 * bf[c] - m01 * bb[c])
                        bc = inv * (m00 * bb[c] - m01 * bf[c])
                        f[y, x, c] = min(1.0, max(0.0, fc))
                        b[y, x, c] = min(1.0, max(0.0, bc))
        fg, bg = f, b
    return fg, bg


def estimate_multilevel(image: np.ndarray, alpha: np.ndarray, regularization: float = 1e-5,
                        small_iterations: int = 10, big_iterations: int = 2, small_size: int = 32,
                        gradient_weight: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(F, B) float32 (h, w, 3) in [0, 1] for ``image`` (h, w, 3) in [0, 1] and ``alpha`` (h, w)."""
    return _solve(np.ascontiguousarray(image, np.float32), np.ascontiguousarray(alpha, np.float32),
                  np.float32(regularization), small_iterations, big_iterations, small_size,
                  np.float32(gradient_weight))
