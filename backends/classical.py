"""Classical trimap solvers (closed-form, KNN, large-kernel) from pymatting, bounded in time and memory.

Given a trimap, only the unknown pixels are solved, by the project's one band solver (``backends.band_solver``):
on the crop around the unknown band, at a reduced resolution when the band holds more pixels than ``max_unknown``,
pasted back into the unknown band alone, so a 24-megapixel photo with a painted band stays fast.
"""
from __future__ import annotations

import numpy as np

from .band_solver import METHODS, solve_band
from .contract import Backend, BackendError, BackendInfo, as_float_rgb, check_trimap

#: unknown pixels solved at most; above this the crop is solved at a lower resolution
MAX_UNKNOWN = 400_000


def solve_alpha(image: np.ndarray, trimap: np.ndarray, method: str = "cf",
                max_unknown: int = MAX_UNKNOWN) -> np.ndarray:
    """Alpha (H, W) float32 for an RGB image and a 0/128/255 trimap of the same size (``backends.band_solver``)."""
    if method not in METHODS:
        raise BackendError(f"unknown solver {method!r}; choose from {', '.join(METHODS)}")
    trimap = check_trimap(trimap, image.shape[:2], method)
    if (trimap == 128).any():
        if not (trimap == 255).any():
            raise BackendError("the trimap marks no foreground: paint some definite foreground first")
        if not (trimap == 0).any():
            raise BackendError("the trimap marks no background: paint some definite background first")
    return solve_band(as_float_rgb(image), trimap, max_unknown, method)


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
