""""Refine": re-matte the region around the user's trimap strokes (no Qt).

Only a rectangle around the strokes is solved: the strokes' bounding box plus a margin, grown until it holds
definite foreground and background to interpolate between. Inside it, painted foreground and background become
1 and 0 and the unknown pixels are solved by DIM when its weights are installed (any ready registry backend that
needs a trimap and is tagged or named ``dim``), else by closed-form matting (the Auto backend's tuned solver
``backends.auto.solve_band``, or ``backends.classical.solve_alpha``). The classical solve is bounded: a quick pass
solves at most ``PREVIEW_UNKNOWN`` pixels (at a lower resolution when the band holds more), so a stroke on a
24-megapixel photo shows its result in about a second, and a second pass (``FINAL_UNKNOWN``) refines it further.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backends.classical import solve_alpha
from backends.contract import BackendError, BackendOptions
from backends.trimap import BACKGROUND, FOREGROUND, UNKNOWN

#: pixels added around the strokes' bounding box
MARGIN = 48
#: unknown pixels solved in the quick pass of a refine (above that, the crop is solved at a lower resolution)
PREVIEW_UNKNOWN = 20_000
#: unknown pixels solved in the final pass (run only when the quick pass had to work at a lower resolution)
FINAL_UNKNOWN = 200_000

Rect = tuple[int, int, int, int]  # (x0, y0, x1, y1), x1 / y1 exclusive


@dataclass(frozen=True)
class Refiner:
    """How the unknown band is solved: a backend id (e.g. DIM), or the classical solver when ``backend_id`` is ''."""

    label: str
    backend_id: str = ""
    method: str = "cf"
    options: BackendOptions = field(default_factory=BackendOptions)


def find_refiner(options: BackendOptions | None = None) -> Refiner:
    """DIM when a DIM backend is registered and ready, else closed-form. Cheap: loads no weights."""
    try:
        from backends import registry

        for entry in registry.list_backends():
            info = entry.info
            if info is None or not info.needs_trimap:
                continue
            if "dim" in info.id.lower() or "dim" in info.tags or (info.weights_id or "").lower().startswith("dim"):
                if entry.readiness().ready:
                    return Refiner(info.name, info.id, options=options or BackendOptions())
    except Exception:  # noqa: BLE001 - a broken plugin never blocks the classical refine
        pass
    return Refiner("Closed-form", "", "cf")


def clip_rect(rect: Rect, shape: tuple[int, int]) -> Rect:
    x0, y0, x1, y1 = rect
    h, w = shape
    return max(0, x0), max(0, y0), min(w, x1), min(h, y1)


def grow(rect: Rect, by: int, shape: tuple[int, int]) -> Rect:
    x0, y0, x1, y1 = rect
    return clip_rect((x0 - by, y0 - by, x1 + by, y1 + by), shape)


def region_for(trimap: np.ndarray, rect: Rect | None, margin: int = MARGIN) -> Rect:
    """The rectangle to re-matte for strokes inside ``rect`` (None: the whole image)."""
    shape = trimap.shape[:2]
    full = (0, 0, shape[1], shape[0])
    if rect is None:
        return full
    region = grow(rect, margin, shape)
    while region != full:
        x0, y0, x1, y1 = region
        crop = trimap[y0:y1, x0:x1]
        unknown = crop == UNKNOWN
        if not unknown.any() or ((crop == FOREGROUND).any() and (crop == BACKGROUND).any()):
            break
        region = grow(region, max(margin, (x1 - x0 + y1 - y0) // 2), shape)
    return region


def solve_region(rgb: np.ndarray, trimap: np.ndarray, refiner: Refiner = Refiner("Closed-form"),
                 max_unknown: int = PREVIEW_UNKNOWN) -> np.ndarray:
    """Alpha (float32) for a crop and its trimap: 1 / 0 where painted, solved where unknown."""
    trimap = np.ascontiguousarray(trimap, np.uint8)
    if not (trimap == UNKNOWN).any():
        return (trimap >= FOREGROUND).astype(np.float32)
    if refiner.backend_id:
        from backends import registry
        from backends.cutout import matte
        from backends.imaging.reader import Picture

        alpha = matte(registry.get(refiner.backend_id, refiner.options), Picture(np.ascontiguousarray(rgb)), trimap)
    else:
        if not (trimap == FOREGROUND).any():
            raise BackendError("no definite foreground near the strokes: paint some foreground, then refine")
        if not (trimap == BACKGROUND).any():
            raise BackendError("no definite background near the strokes: paint some background, then refine")
        alpha = _closed_form(rgb, trimap, refiner.method, max_unknown)
    alpha = np.asarray(alpha, np.float32).copy()
    alpha[trimap == FOREGROUND] = 1.0
    alpha[trimap == BACKGROUND] = 0.0
    return alpha


def needs_final_pass(trimap_crop: np.ndarray, refiner: Refiner, max_unknown: int = PREVIEW_UNKNOWN) -> bool:
    """Whether the quick pass solved this crop at a reduced resolution (so a final pass would add detail)."""
    return not refiner.backend_id and int((np.asarray(trimap_crop) == UNKNOWN).sum()) > max_unknown


def _closed_form(rgb: np.ndarray, trimap: np.ndarray, method: str, max_unknown: int) -> np.ndarray:
    if method == "cf":
        try:
            from backends.auto import solve_band
        except ImportError:
            solve_band = None
        if solve_band is not None:
            from backends.contract import as_uint8_rgb

            return solve_band(as_uint8_rgb(rgb), trimap, max_unknown)
    return solve_alpha(rgb, trimap, method, max_unknown=max_unknown)


def refine(rgb: np.ndarray, trimap: np.ndarray, rect: Rect | None, refiner: Refiner | None = None,
           max_unknown: int = PREVIEW_UNKNOWN) -> tuple[Rect, np.ndarray]:
    """(region, its new alpha) for full-size ``rgb`` and ``trimap`` and the strokes' bounding ``rect``."""
    region = region_for(trimap, rect)
    x0, y0, x1, y1 = region
    solved = solve_region(rgb[y0:y1, x0:x1], trimap[y0:y1, x0:x1], refiner or Refiner("Closed-form"), max_unknown)
    return region, solved
