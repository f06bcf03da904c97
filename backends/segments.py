"""What the subject tool's click picks (numpy in, numpy out; no Qt, no model): a region of the matte to take out,
the colour segment under the click (the "similar colour" choice, a magic wand that follows texture), or a
connected region of a soft map given at a reduced size (the person map).

* ``region_to_remove(alpha, x, y)``: a click on a solid part of the cut-out (alpha above 0.5) picks that connected
  part with its soft rim (the partial pixels joined to it or loose near it, like strands of hair, and small solid
  bits near it, all nearer to it than to any other solid part); a click
  on a faint part (a haze the matte left, 0 < alpha <= 0.5) picks just that faint patch, so a haze hanging on to
  the subject goes without the subject (``backends.subject.regions`` / ``region_at``).
* ``colour_segments(rgb)`` over-segments a reduced copy of the photo once (Felzenszwalb's graph-based
  segmentation, from OpenCV's contrib modules, on CIELAB colours; thin seams handed to a neighbour, neighbours of
  nearly one colour joined), so a
  segment holds together what a person sees as one colour area: a sleeve, a bench slat, a plain wall with its
  shading; ``segment_at`` gives the segment under a click.
* ``map_region_at`` gives the connected region of a soft map under a click (``backends.subject.add_region``).

The last two answer ``(rect, soft)``: ``rect`` is (x0, y0, x1, y1) at full size (x1, y1 exclusive) and ``soft``
the float32 mask inside it, scaled up from the reduced size only inside the region's bounding box, so a
24-megapixel photo stays cheap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: a matte value above this is solid (a region's core); a faint pixel is above FAINT and at most SOLID
SOLID, FAINT = 0.5, 0.02
#: a solid part's own soft rim reaches this share of the photo's long side (a faint patch starts beyond it)
RIM_FRACTION = 0.01
#: ... and loose faint bits (strands of hair) within this share of it go with it when it is removed
STRANDS_FRACTION = 0.03
#: a solid bit that small (against the clicked part) and that near goes with it too
FRAGMENT_SHARE = 0.05
#: the long side the photo is segmented at
WORK_SIDE = 768
#: Felzenszwalb's scale (larger: bigger segments), pre-smoothing, and the smallest segment (share of the pixels)
SCALE = 100.0
SIGMA = 0.8
MIN_SHARE = 0.0005
#: neighbouring segments whose mean colours are closer than this (CIELAB, 8-bit units) are one
MERGE_WITHIN = 4.0
#: snapping a scaled-up outline to the photo: the guided filter's regularisation (colours in [0, 1]) and how much
#: the result is steepened around 0.5
SNAP_EPS = 1e-3
SNAP_STEEPEN = 2.0

Rect = tuple[int, int, int, int]


def region_to_remove(alpha: np.ndarray, x: float, y: float, reach: int = 0) -> np.ndarray | None:
    """Bool (H, W): what a click at (x, y) takes out of the matte ``alpha`` (see the module's docstring); None when
    the click (or anything within ``reach`` pixels of it) is on no part of the cut-out."""
    import cv2

    from .subject import region_at, regions

    alpha = np.asarray(alpha, np.float32)
    solid, _ = regions(alpha, SOLID)
    rid = region_at(solid, x, y, reach)
    faint = (alpha > FAINT) & (solid == 0)
    if rid == 0:
        # a faint patch: its pixels farther than a rim from every solid part (a solid part keeps its own soft edge)
        rim_px = max(2, int(round(RIM_FRACTION * max(alpha.shape))))
        far = cv2.distanceTransform((solid == 0).astype(np.uint8), cv2.DIST_L2, 3) > rim_px
        labels, _ = regions((faint & far).astype(np.float32), 0.5)
        fid = region_at(labels, x, y, reach)
        return (labels == fid) if fid else None
    core = solid == rid
    # the soft pixels joined to this part, and loose ones (strands of hair) near it, up to where another solid
    # part is nearer
    soft = (alpha > 0) & (solid == 0)  # the whole soft tail, down to the faintest
    rim, _ = regions((soft | core).astype(np.float32), 0.5)
    to_core = cv2.distanceTransform((~core).astype(np.uint8), cv2.DIST_L2, 3)
    strands_px = max(2, int(round(STRANDS_FRACTION * max(alpha.shape))))
    joined = soft & ((rim == rim[core][0]) | (to_core <= strands_px))
    # small solid bits near it (a lock of hair, a fingertip cut off by a thin gap) belong to it too
    near = np.full(int(solid.max()) + 1, np.inf)
    np.minimum.at(near, solid.ravel(), to_core.ravel())
    sizes = np.bincount(solid.ravel(), minlength=near.size)
    bits = (near <= strands_px) & (sizes < FRAGMENT_SHARE * sizes[rid])
    bits[0] = bits[rid] = False
    core = core | bits[solid]
    others = (solid > 0) & ~core
    if others.any() and joined.any():
        to_others = cv2.distanceTransform((~others).astype(np.uint8), cv2.DIST_L2, 3)
        joined &= to_core <= to_others
    return core | joined


@dataclass(frozen=True)
class Segments:
    """``labels``: (h, w) int32 segment ids at the reduced size; ``shape``: the photo's full (H, W)."""

    labels: np.ndarray
    shape: tuple[int, int]


def colour_segments(rgb: np.ndarray, work_side: int = WORK_SIDE, scale: float = SCALE) -> Segments:
    """Segment ``rgb`` ((H, W, 3) uint8 or uint16) at a long side of at most ``work_side``."""
    import cv2

    from .contract import as_uint8_rgb

    rgb8 = as_uint8_rgb(rgb)
    h, w = rgb8.shape[:2]
    s = min(1.0, work_side / max(h, w))
    size = (max(1, round(w * s)), max(1, round(h * s)))
    small = cv2.resize(rgb8, size, interpolation=cv2.INTER_AREA) if s < 1.0 else rgb8
    lab = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2LAB)
    min_size = max(4, int(MIN_SHARE * size[0] * size[1]))
    graph = cv2.ximgproc.segmentation.createGraphSegmentation(sigma=SIGMA, k=float(scale), min_size=min_size)
    labels = np.asarray(graph.processImage(lab), np.int32)
    return Segments(merge_alike(absorb_thin(labels, lab), lab), (h, w))


def absorb_thin(labels: np.ndarray, lab: np.ndarray, passes: int = 3) -> np.ndarray:
    """Segments no wider than two pixels (the blurred seam between two colour areas, which the graph segmentation
    keeps apart when the areas are very even) handed, pixel by pixel, to the neighbouring segment whose mean colour
    is closest to the pixel's."""
    labels = labels.copy()
    n = int(labels.max()) + 1
    padded = np.pad(labels, 1, mode="edge")
    h, w = labels.shape
    core = np.ones((h, w), bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            core &= padded[dy:dy + h, dx:dx + w] == labels
    thin = np.bincount(labels[core], minlength=n)[labels] == 0
    if not thin.any():
        return labels
    means = _means(labels, lab, n)
    colours = lab.astype(np.float64)
    for _ in range(passes):
        best = np.full((h, w), np.inf)
        chosen = labels.copy()
        lp, tp = np.pad(labels, 1, mode="edge"), np.pad(thin, 1, constant_values=True)
        for dy, dx in ((0, 1), (2, 1), (1, 0), (1, 2)):
            other, other_thin = lp[dy:dy + h, dx:dx + w], tp[dy:dy + h, dx:dx + w]
            d = np.linalg.norm(colours - means[other], axis=2)
            take = thin & ~other_thin & (d < best)
            best[take], chosen[take] = d[take], other[take]
        moved = np.isfinite(best)
        labels[moved], thin[moved] = chosen[moved], False
        if not thin.any():
            break
    return labels


def _means(labels: np.ndarray, lab: np.ndarray, n: int) -> np.ndarray:
    """(n, 3) mean colour of each segment."""
    flat = labels.ravel()
    counts = np.maximum(np.bincount(flat, minlength=n), 1).astype(np.float64)
    sums = np.stack([np.bincount(flat, lab[..., c].ravel().astype(np.float64), n) for c in range(3)], 1)
    return sums.astype(np.float64) / counts[:, None]


def merge_alike(labels: np.ndarray, lab: np.ndarray, within: float = MERGE_WITHIN) -> np.ndarray:
    """Neighbouring segments whose mean colours lie within ``within`` (CIELAB, 8-bit units) of each other joined:
    the graph segmentation leaves a flat area's blurred rim as a segment of its own when the area is very even."""
    n = int(labels.max()) + 1
    means = _means(labels, lab, n)
    pairs = np.concatenate([np.stack([labels[:, :-1].ravel(), labels[:, 1:].ravel()], 1),
                            np.stack([labels[:-1, :].ravel(), labels[1:, :].ravel()], 1)])
    pairs = np.unique(np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1), axis=0)
    if pairs.size == 0:
        return labels
    close = np.linalg.norm(means[pairs[:, 0]] - means[pairs[:, 1]], axis=1) <= within
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    for a, b in pairs[close]:
        ra, rb = root(int(a)), root(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([root(i) for i in range(n)], np.int32)
    return roots[labels]


def segment_at(segments: Segments, x: float, y: float, rgb: np.ndarray | None = None,
               within: np.ndarray | None = None) -> tuple[Rect, np.ndarray] | None:
    """(rect, soft mask) of the segment under the full-size pixel (x, y); None outside the photo (or outside
    ``within``). ``within`` (bool, at the segments' reduced size) keeps only the segment's part inside it that is
    joined to the click (a wall seen through glasses and through a bottle is one colour area, but a click on the
    bottle means the bottle). Given the photo ``rgb``, the scaled-up outline is snapped to its edges (``snap``)."""
    import cv2

    labels = segments.labels
    sx, sy = _small_xy(labels.shape, segments.shape, x, y)
    if sx is None:
        return None
    segment = labels == labels[sy, sx]
    if within is not None:
        segment &= within
        if not segment[sy, sx]:
            return None
        _count, parts = cv2.connectedComponents(segment.astype(np.uint8), connectivity=8)
        segment = parts == parts[sy, sx]
    found = _upsample(segment, segments.shape)
    if found is None or rgb is None:
        return found
    factor = segments.shape[0] / labels.shape[0]
    return found[0], snap(rgb, found[0], found[1], factor)


def snap(rgb: np.ndarray, rect: Rect, soft: np.ndarray, factor: float) -> np.ndarray:
    """A mask scaled up ``factor`` times, its outline snapped to the edges of the photo ``rgb`` inside ``rect``
    (a guided filter with the photo as the guide, then steepened): no staircase of the reduced size's pixels."""
    import cv2

    from .contract import as_uint8_rgb

    if factor < 1.5:
        return soft
    x0, y0, x1, y1 = rect
    guide = as_uint8_rgb(rgb[y0:y1, x0:x1]).astype(np.float32) / np.float32(255.0)
    radius = int(np.ceil(2 * factor))
    filtered = cv2.ximgproc.guidedFilter(guide, np.ascontiguousarray(soft, np.float32), radius, SNAP_EPS)
    return np.clip((filtered - 0.5) * SNAP_STEEPEN + 0.5, 0.0, 1.0).astype(np.float32)


def map_region_at(small_map: np.ndarray, shape: tuple[int, int], x: float, y: float, reach: float = 0.0,
                  threshold: float = 0.5) -> tuple[Rect, np.ndarray] | None:
    """(rect, soft values) at full size ``shape`` of the connected region of ``small_map > threshold`` (a soft map at
    a reduced size, e.g. the person map) at or within ``reach`` full-size pixels of (x, y), its soft rim included
    (``backends.subject.add_region``); None when no region is there."""
    from .subject import add_region

    small_map = np.asarray(small_map, np.float32)
    sx, sy = _small_xy(small_map.shape, shape, x, y)
    if sx is None:
        return None
    factor = small_map.shape[0] / shape[0]
    region = add_region(np.zeros_like(small_map), small_map, sx, sy, int(np.ceil(reach * factor)), threshold)
    if not (region > threshold).any():
        return None
    return _upsample(region, shape)


def _small_xy(small_shape: tuple[int, ...], shape: tuple[int, int], x: float, y: float):
    h, w = shape
    if not (0 <= x < w and 0 <= y < h):
        return None, None
    sh, sw = small_shape[:2]
    return min(sw - 1, int(x * sw / w)), min(sh - 1, int(y * sh / h))


def _upsample(small: np.ndarray, shape: tuple[int, int]) -> tuple[Rect, np.ndarray] | None:
    """The bounding box of the non-zero part of ``small`` (a bool or soft mask at a reduced size), scaled up to
    ``shape``: (rect at full size, float32 soft values in it)."""
    import cv2

    small = np.asarray(small, np.float32)
    ys, xs = np.nonzero(small > 0)
    if ys.size == 0:
        return None
    sh, sw = small.shape
    h, w = shape
    # one reduced pixel of margin, so the upsampled edge fades out inside the rectangle
    sx0, sy0 = max(0, int(xs.min()) - 1), max(0, int(ys.min()) - 1)
    sx1, sy1 = min(sw, int(xs.max()) + 2), min(sh, int(ys.max()) + 2)
    fx, fy = w / sw, h / sh
    x0, y0 = int(np.floor(sx0 * fx)), int(np.floor(sy0 * fy))
    x1, y1 = min(w, int(np.ceil(sx1 * fx))), min(h, int(np.ceil(sy1 * fy)))
    crop = small[sy0:sy1, sx0:sx1]
    if (x1 - x0, y1 - y0) == crop.shape[::-1]:
        soft = crop.copy()
    else:
        soft = cv2.resize(crop, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    return (x0, y0, x1, y1), np.clip(soft, 0.0, 1.0).astype(np.float32)
