"""The app's per-image background tasks as plain functions (no Qt), run by ``workers.WorkerPool``.

``open_image`` is a generator: it yields the picture as soon as it is decoded (the canvas shows it at once),
then any saved edit, then the matte, so the UI gets partial results in order. The others return one value.

``current_matte`` is the one rule for which matte a photo has, used by the preview, "Process all" and the
export alike: the user's saved edit, else the cached matte of its backend, else computed now (and cached).
A trimap backend with no painted trimap gets an automatic one from the Auto pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backends import registry
from backends.contract import BackendOptions
from backends.cutout import AutoTrimapBackend, matte
from backends.edges import EdgeControls
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
    source: str = ""  # for alpha: "edit", "cache", "computed" or "computed, automatic trimap"


def load_thumbnail(path: Path, side: int = 160) -> np.ndarray:
    """A small RGB uint8 preview; JPEGs are decoded at a reduced scale and RAW files give their embedded preview,
    so a 24-megapixel file takes milliseconds."""
    from PIL import Image, ImageOps

    from backends.imaging import heif, raw

    try:
        if raw.looks_like_raw(b"", Path(path).suffix):
            small = raw.thumbnail(Path(path).read_bytes(), side)
            if small is not None:
                return small
            raise ValueError("no embedded preview")
        heif.register()
        with Image.open(path) as im:
            if im.format == "JPEG":
                im.draft("RGB", (side * 2, side * 2))
            im = ImageOps.exif_transpose(im)
            im.thumbnail((side, side))
            return np.asarray(im.convert("RGB")).copy()
    except Exception:  # noqa: BLE001 - the full reader below explains
        return previews.thumbnail(read_image(path).rgb, side)  # raises a readable ImageReadError when unreadable


def saved_edit(path: Path, picture: Picture) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(painted trimap, edited alpha) saved for this photo, each None when absent or of another size."""
    trimap, alpha = matte_store.load_edit(path)
    shape = picture.rgb.shape[:2]
    return (trimap if trimap is not None and trimap.shape == shape else None,
            alpha if alpha is not None and alpha.shape == shape else None)


def current_matte(path: Path, picture: Picture, backend_id: str, options: BackendOptions | None = None,
                  trimap: np.ndarray | None = None, compute: bool = True) -> tuple[np.ndarray | None, str]:
    """(alpha, where it came from) for the photo: its saved edit, else the cached matte of ``backend_id``, else
    computed now with ``trimap`` (default: the painted one) and cached; (None, "") when ``compute`` is False and
    there is nothing saved."""
    saved_trimap, edited = saved_edit(path, picture)
    if edited is not None:
        return edited, "edit"
    cached = matte_store.load_matte(path, backend_id) if backend_id else None
    if cached is not None and cached.shape == picture.rgb.shape[:2]:
        return cached, "cache"
    if not compute or not backend_id:
        return None, ""
    alpha, source = compute_matte(picture, backend_id, trimap if trimap is not None else saved_trimap, options)
    matte_store.save_matte(path, backend_id, alpha, picture.bit_depth)
    return alpha, source


def open_image(path: Path, backend_id: str, trimap: np.ndarray | None = None, compute: bool = True,
               options: BackendOptions | None = None, raw_preview: bool = False):
    """Decode ``path``, then find its matte (``current_matte``), yielding each step as it comes. ``raw_preview``:
    a RAW is shown through its embedded JPEG, at the size of its develop (so the matte fits the export, which
    develops it in full)."""
    path = Path(path)
    picture = read_image(path, raw_preview=raw_preview)
    yield Partial("picture", path, picture=picture)
    saved_trimap, edited = saved_edit(path, picture)
    if saved_trimap is not None or edited is not None:
        yield Partial("edit", path, trimap=saved_trimap, alpha=edited, source="edit")
    alpha, source = current_matte(path, picture, backend_id, options, trimap, compute=False)
    if alpha is None and compute and backend_id:
        yield Partial("running", path)
        alpha, source = current_matte(path, picture, backend_id, options, trimap)
    if alpha is not None:
        yield Partial("alpha", path, alpha=alpha, source=source)


def matting_backend(backend_id: str, options: BackendOptions | None, trimap: np.ndarray | None):
    """The backend that mattes a photo: ``backend_id``'s, fed an automatic trimap (from Auto) when it needs a
    trimap and none was painted. Loaded on first use, on the calling worker thread."""
    backend = registry.get(backend_id, options)
    if backend.info.needs_trimap and trimap is None:
        return AutoTrimapBackend(backend, registry.get(registry.DEFAULT_BACKEND, options))
    return backend


def compute_matte(picture: Picture, backend_id: str, trimap: np.ndarray | None = None,
                  options: BackendOptions | None = None) -> tuple[np.ndarray, str]:
    """(alpha, "computed" or "computed, automatic trimap") for ``picture`` with ``backend_id``."""
    backend = matting_backend(backend_id, options, trimap)
    automatic = isinstance(backend, AutoTrimapBackend)
    alpha = matte(backend, picture, None if automatic or not backend.info.needs_trimap else trimap)
    return alpha, "computed, automatic trimap" if automatic else "computed"


def refine_region(rgb_crop: np.ndarray, trimap_crop: np.ndarray, refiner: Refiner,
                  max_unknown: int | None = None) -> np.ndarray:
    from .refine import PREVIEW_UNKNOWN

    return solve_region(rgb_crop, trimap_crop, refiner, max_unknown or PREVIEW_UNKNOWN)


def render_view(mode: str, rgb: np.ndarray, alpha: np.ndarray | None, bg: Background,
                edges: EdgeControls | None = None):
    """(the view's array, its reduced copy for zoomed-out painting or None); the matte is shown through the edge
    controls ``edges`` (a copy: ``alpha`` is not changed)."""
    if alpha is not None and edges is not None and mode != previews.ORIGINAL:
        alpha = edges.apply(alpha)
    array = np.ascontiguousarray(previews.view_image(mode, rgb, alpha, bg))
    return array, previews.make_mip(array)


def render_draft(mode: str, rgb: np.ndarray, alpha: np.ndarray | None, bg: Background, edges: EdgeControls,
                 factor: int) -> np.ndarray:
    """The view at 1 / ``factor`` of the photo's size (the reduced copy the canvas paints when zoomed out), for a
    quick look while an edge control moves: photo and matte shrunk first, the controls' pixels scaled with them."""
    import cv2

    h, w = rgb.shape[:2]
    size = (max(1, w // factor), max(1, h // factor))  # as previews.make_mip
    small_rgb = cv2.resize(previews.rgb8(rgb), size, interpolation=cv2.INTER_AREA)
    small_alpha = None
    if alpha is not None:
        small_alpha = cv2.resize(np.asarray(alpha, np.float32), size, interpolation=cv2.INTER_AREA)
        small_alpha = scaled_edges(edges, 1.0 / factor).apply(small_alpha)
    return np.ascontiguousarray(previews.view_image(mode, small_rgb, small_alpha, bg))


def scaled_edges(edges: EdgeControls, scale: float) -> EdgeControls:
    """``edges`` for the photo shown ``scale`` times its size (pixel amounts scaled, contrast kept)."""
    return EdgeControls(smooth=edges.smooth * scale, feather=edges.feather * scale, contrast=edges.contrast,
                        shift=edges.shift * scale)


def save_edit(path: Path, trimap: np.ndarray | None, alpha: np.ndarray | None, backend_id: str) -> Path | None:
    return matte_store.save_edit(path, trimap, alpha, backend_id)
