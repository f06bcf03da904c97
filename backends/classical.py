"""Classical trimap solvers (closed-form, KNN, large-kernel) from pymatting, bounded in time and memory.

Given a trimap, only the unknown pixels are solved. The solver runs on the crop around the unknown band, at a
reduced resolution when the band holds more pixels than ``max_unknown``, and the result is upsampled and pasted
back into the unknown band alone, so a 24-megapixel photo with a painted band stays fast.
"""
from __future__ import annotations

import numpy as np

from .contract import Backend, BackendError, BackendInfo, as_float_rgb, check_trimap

METHODS = ("cf", "knn", "lkm")
#: unknown pixels solved at most; above this the crop is solved at a lower resolution
MAX_UNKNOWN = 400_000


def _solver(method: str):
    from pymatting import estimate_alpha_cf, estimate_alpha_knn, estimate_alpha_lkm

    return {"cf": estimate_alpha_cf, "knn": estimate_alpha_knn, "lkm": estimate_alpha_lkm}[method]


def solve_alpha(image: np.ndarray, trimap: np.ndarray, method: str = "cf",
                max_unknown: int = MAX_UNKNOWN) -> np.ndarray:
    """Alpha (H, W) float32 for an RGB image and a 0/128/255 trimap of the same size."""
    import cv2

    if method not in METHODS:
        raise BackendError(f"unknown solver {method!r}; choose from {', '.join(METHODS)}")
    trimap = check_trimap(trimap, image.shape[:2], method)
    alpha = (trimap == 255).astype(np.float32)
    unknown = trimap == 128
    if not unknown.any():
        return alpha
    if not (trimap == 255).any():
        raise BackendError("the trimap marks no foreground: paint some definite foreground first")
    if not (trimap == 0).any():
        raise BackendError("the trimap marks no background: paint some definite background first")
    y0, y1, x0, x1 = _crop(unknown, margin=8)
    crop_img = as_float_rgb(image[y0:y1, x0:x1])
    crop_tri = trimap[y0:y1, x0:x1]
    n_unknown = int(unknown[y0:y1, x0:x1].sum())
    scale = min(1.0, float(np.sqrt(max_unknown / n_unknown)))
    if scale < 1.0:
        size = (max(8, round((x1 - x0) * scale)), max(8, round((y1 - y0) * scale)))
        # OpenCV's area resize sums in float32: white can come out as 1.00000003, which pymatting warns about
        small_img = np.clip(cv2.resize(crop_img, size, interpolation=cv2.INTER_AREA), 0.0, 1.0)
        small_tri = cv2.resize(crop_tri, size, interpolation=cv2.INTER_NEAREST)
        small = _run(method, small_img, small_tri)
        solved = cv2.resize(small.astype(np.float32), (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    else:
        solved = _run(method, crop_img, crop_tri)
    band = unknown[y0:y1, x0:x1]
    alpha[y0:y1, x0:x1][band] = np.clip(solved, 0, 1)[band]
    return alpha


def _run(method: str, image: np.ndarray, trimap: np.ndarray) -> np.ndarray:
    tri = trimap.astype(np.float64) / 255.0
    if not ((tri == 1).any() and (tri == 0).any()):
        # the crop sees only one kind of known pixel: nothing to interpolate between
        return np.full(tri.shape, 1.0 if (tri == 1).any() else 0.0)
    return _solver(method)(image, tri)


def _crop(mask: np.ndarray, margin: int) -> tuple[int, int, int, int]:
    ys = np.flatnonzero(mask.any(axis=1))
    xs = np.flatnonzero(mask.any(axis=0))
    h, w = mask.shape
    return max(ys[0] - margin, 0), min(ys[-1] + margin + 1, h), max(xs[0] - margin, 0), min(xs[-1] + margin + 1, w)


class _SolverBackend(Backend):
    method = "cf"

    def predict(self, image, trimap=None):
        trimap = check_trimap(trimap, np.asarray(image).shape[:2], self.info.id)
        return solve_alpha(image, trimap, self.method)


def _info(backend_id: str, name: str, description: str) -> BackendInfo:
    return BackendInfo(id=backend_id, name=name, description=description, needs_trimap=True,
                       working_size=f"full resolution up to {MAX_UNKNOWN:,} unknown pixels",
                       tags=("classical", "trimap"))


class ClosedFormBackend(_SolverBackend):
    info = _info("closed-form", "Closed-form (trimap)",
                 "Levin et al.'s closed-form matting on the trimap's unknown band. Smooth, reliable edges.")
    method = "cf"


class KnnBackend(_SolverBackend):
    info = _info("knn", "KNN matting (trimap)", "KNN matting: good for hair and fur with non-local colour matches.")
    method = "knn"


class LkmBackend(_SolverBackend):
    info = _info("lkm", "Large-kernel matting (trimap)", "Large-kernel matting: fast on wide unknown bands.")
    method = "lkm"
