"""The app's per-image background tasks as plain functions (no Qt), run by ``workers.WorkerPool``.

``open_image`` is a generator: it yields the picture as soon as it is decoded (the canvas shows it at once),
then any saved edit, then the matte (from the cache, or computed by the backend and cached), so the UI gets
partial results in order. The others return one value.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backends import registry
from backends.contract import BackendError
from backends.cutout import matte
from backends.imaging.compose import Background
from backends.imaging.reader import Picture, read_image

from . import matte_store, previews
from .refine import Refiner, solve_region


@dataclass(frozen=True)
class Partial:
    """One step of ``open_image``: ``kind`` is picture, edit, running or alpha."""

    kind: str
    path: Path
    picture: Picture | None = None
    trimap: np.ndarray | None = None
    alpha: np.ndarray | None = None
    source: str = ""  # for alpha: "edit", "cache" or "computed"


def load_thumbnail(path: Path, side: int = 160) -> np.ndarray:
    """A small RGB uint8 preview; JPEGs are decoded at a reduced scale, so a 24-megapixel file takes milliseconds."""
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as im:
            if im.format == "JPEG":
                im.draft("RGB", (side * 2, side * 2))
            im = ImageOps.exif_transpose(im)
            im.thumbnail((side, side))
            return np.asarray(im.convert("RGB")).copy()
    except Exception:
        return previews.thumbnail(read_image(path).rgb, side)  # raises a readable ImageReadError when unreadable


def open_image(path: Path, backend_id: str, trimap: np.ndarray | None = None, compute: bool = True):
    """Decode ``path``, then find its matte: the saved edit, the cache for ``backend_id``, or the backend itself."""
    path = Path(path)
    picture = read_image(path)
    yield Partial("picture", path, picture=picture)
    saved_trimap, edited = matte_store.load_edit(path)
    if saved_trimap is not None and saved_trimap.shape != picture.rgb.shape[:2]:
        saved_trimap = None
    if edited is not None and edited.shape != picture.rgb.shape[:2]:
        edited = None
    if saved_trimap is not None or edited is not None:
        yield Partial("edit", path, trimap=saved_trimap, alpha=edited, source="edit")
    if edited is not None:
        yield Partial("alpha", path, alpha=edited, source="edit")
        return
    cached = matte_store.load_matte(path, backend_id) if backend_id else None
    if cached is not None and cached.shape == picture.rgb.shape[:2]:
        yield Partial("alpha", path, alpha=cached, source="cache")
        return
    if not compute or not backend_id:
        return
    yield Partial("running", path)
    alpha = compute_matte(picture, backend_id, trimap if trimap is not None else saved_trimap)
    matte_store.save_matte(path, backend_id, alpha, picture.bit_depth)
    yield Partial("alpha", path, alpha=alpha, source="computed")


def compute_matte(picture: Picture, backend_id: str, trimap: np.ndarray | None = None) -> np.ndarray:
    """The backend's alpha for ``picture`` (the backend is loaded on first use, on this worker thread)."""
    backend = registry.get(backend_id)
    if backend.info.needs_trimap and trimap is None:
        raise BackendError(f"{backend.info.name} needs a trimap: paint one with the brush (or pick a backend that "
                           "needs none)")
    return matte(backend, picture, trimap if backend.info.needs_trimap else None)


def refine_region(rgb_crop: np.ndarray, trimap_crop: np.ndarray, refiner: Refiner,
                  max_unknown: int | None = None) -> np.ndarray:
    from .refine import PREVIEW_UNKNOWN

    return solve_region(rgb_crop, trimap_crop, refiner, max_unknown or PREVIEW_UNKNOWN)


def render_view(mode: str, rgb: np.ndarray, alpha: np.ndarray | None, bg: Background):
    """(the view's array, its reduced copy for zoomed-out painting or None)."""
    from .layers import make_mip

    array = np.ascontiguousarray(previews.view_image(mode, rgb, alpha, bg))
    return array, make_mip(array)


def save_edit(path: Path, trimap: np.ndarray | None, alpha: np.ndarray | None, backend_id: str) -> Path | None:
    return matte_store.save_edit(path, trimap, alpha, backend_id)
