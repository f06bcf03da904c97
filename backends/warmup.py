"""Just-in-time compiled kernels: where their cache lives, and compiling them ahead of the user's first click.

pymatting's solvers and foreground estimator are numba functions compiled on first use (about 30 s on a 2-core
CPU), then cached. The cache normally sits beside the package's sources, which an installed or frozen app may
not be able to write; ``jit_cache_environment`` names the app's cache folder instead, and the start-up code
(``desktop.cli.main``, ``desktop.app.main``) puts it in the environment before numba is imported. ``warm_up``
compiles the kernels on a tiny image (the app runs it in a background worker).
"""
from __future__ import annotations

import os

import numpy as np

from . import paths


def jit_cache_environment() -> dict[str, str]:
    """``{"NUMBA_CACHE_DIR": the app's cache folder}`` for the process environment; empty when the user chose a
    folder already, or the cache folder cannot be made (numba then compiles in memory each run)."""
    if "NUMBA_CACHE_DIR" in os.environ:
        return {}
    folder = paths.cache_dir() / "numba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return {}
    return {"NUMBA_CACHE_DIR": str(folder)}


def warm_up() -> None:
    """Compile the closed-form solver and the foreground estimator on a 32x32 image."""
    from .classical import solve_alpha
    from .imaging.foreground import estimate_foreground

    yy, xx = np.mgrid[0:32, 0:32]
    image = np.dstack([xx / 31.0, yy / 31.0, np.full((32, 32), 0.5)])
    trimap = np.zeros((32, 32), np.uint8)
    trimap[:, 12:20] = 128
    trimap[:, 20:] = 255
    alpha = solve_alpha(image, trimap, "cf")
    estimate_foreground(image, alpha)


def jit_cache_is_warm() -> bool:
    """Whether the kernels were compiled and cached before (so ``warm_up`` takes a moment, not a minute)."""
    folder = os.environ.get("NUMBA_CACHE_DIR")
    if not folder or not os.path.isdir(folder):
        return False
    for _root, _dirs, files in os.walk(folder):
        if any(name.endswith(".nbi") for name in files):
            return True
    return False
