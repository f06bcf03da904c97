"""Subject regions: which parts of a person map (or of an alpha matte) belong to a real person.

Pure numpy / OpenCV functions, no Qt, no model: the Auto backend calls ``select_subject`` to keep only the regions
that touch a detected face or body landmark (a poster, a painted figure or a mannequin far from anyone is dropped;
several people are all kept), and the app's subject tool calls ``regions`` / ``region_at`` / ``remove_region`` /
``add_region`` to take a clicked region out of the cut-out or put one back.

A *region* is a connected component of ``map > threshold`` after closing gaps narrower than ``join_px`` (so a hand
separated from its arm by a thin prop, or a lock of hair, stays with its person).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

#: a map value above this is "in" a region
THRESHOLD = 0.5


@dataclass
class Selection:
    """``probability``: the map with unselected regions zeroed; ``labels``: (H, W) int32 region ids (0 = none);
    ``kept``: the ids kept; ``anchored``: whether any anchor fell on a region (False: everything was kept)."""

    probability: np.ndarray
    labels: np.ndarray
    kept: tuple[int, ...]
    anchored: bool


def regions(mask: np.ndarray, threshold: float = THRESHOLD, join_px: int = 0) -> tuple[np.ndarray, int]:
    """(labels (H, W) int32, count) of the connected regions of ``mask > threshold`` (8-connected), regions closer
    than about ``2 * join_px`` pixels merged. Label 0 is outside every region; pixels of the joining margin carry
    their region's label too, so a click just beside a region finds it."""
    import cv2

    from .trimap import as_unit_mask, disk

    inside = (as_unit_mask(mask) > threshold).astype(np.uint8)
    grown = cv2.dilate(inside, disk(join_px)) if join_px > 0 else inside
    count, labels = cv2.connectedComponents(grown, connectivity=8)
    return labels.astype(np.int32), int(count - 1)


def region_at(labels: np.ndarray, x: float, y: float, reach: int = 0) -> int:
    """The region id at pixel (x, y), or the nearest one within ``reach`` pixels; 0 when there is none."""
    h, w = labels.shape
    xi, yi = int(np.clip(round(x), 0, w - 1)), int(np.clip(round(y), 0, h - 1))
    if labels[yi, xi] or reach <= 0:
        return int(labels[yi, xi])
    y0, y1, x0, x1 = max(0, yi - reach), min(h, yi + reach + 1), max(0, xi - reach), min(w, xi + reach + 1)
    window = labels[y0:y1, x0:x1]
    ys, xs = np.nonzero(window)
    if ys.size == 0:
        return 0
    d2 = (ys + y0 - yi) ** 2 + (xs + x0 - xi) ** 2
    best = int(np.argmin(d2))
    return int(window[ys[best], xs[best]]) if d2[best] <= reach * reach else 0


def anchored_regions(labels: np.ndarray, points: ArrayLike = (), boxes: ArrayLike = ()) -> set[int]:
    """Region ids that an anchor touches: a point (x, y) lying on the region, or a face box (x0, y0, x1, y1) whose
    middle half the region covers most."""
    h, w = labels.shape
    kept: set[int] = set()
    for x, y in np.asarray(points, np.float32).reshape(-1, 2):
        xi, yi = int(x), int(y)
        if 0 <= xi < w and 0 <= yi < h and labels[yi, xi]:
            kept.add(int(labels[yi, xi]))
    for x0, y0, x1, y1 in np.asarray(boxes, np.float32).reshape(-1, 4):
        cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 4, (y1 - y0) / 4
        sub = labels[max(0, int(cy - hh)):min(h, int(np.ceil(cy + hh)) + 1),
                     max(0, int(cx - hw)):min(w, int(np.ceil(cx + hw)) + 1)]
        ids, counts = np.unique(sub[sub > 0], return_counts=True)
        if ids.size:
            kept.add(int(ids[np.argmax(counts)]))
    return kept


def select_subject(prob: np.ndarray, points: ArrayLike = (), boxes: ArrayLike = (), join_px: int = 0,
                   threshold: float = THRESHOLD) -> Selection:
    """Keep the regions of a soft person map that a face box or body landmark touches, zero the others.

    With no anchor on any region (no face found, the pose model lost) everything is kept: the map alone decides,
    as it did before anchors existed. A dropped region takes its soft rim (unsure pixels within ``join_px`` of it
    and not near a kept region) along; every other pixel keeps its value, unsure ones included.
    """
    import cv2

    from .trimap import disk

    labels, count = regions(prob, threshold, join_px)
    kept = anchored_regions(labels, points, boxes)
    prob = np.asarray(prob, np.float32)
    if not kept:
        return Selection(prob, labels, tuple(range(1, count + 1)), False)
    # what a kept region encloses (the inside of a bottle held in front, a gap under the arm) stays its own
    enclosed = fill_holes(np.isin(labels, sorted(kept)))
    dropped = (labels > 0) & ~enclosed
    if dropped.any():
        # the dropped regions' own soft rim goes with them, not what lies between them and a kept region
        reach = cv2.dilate(dropped.astype(np.uint8), disk(max(1, join_px))) > 0
        dropped |= reach & ~enclosed & _nearest_is_dropped(labels, kept, join_px)
        prob = np.where(dropped, 0, prob).astype(np.float32)
    return Selection(prob, labels, tuple(sorted(kept)), True)


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """Bool mask with every hole (background not connected to the image border) filled."""
    import cv2

    outside = np.pad(~np.asarray(mask, bool), 1, constant_values=True).astype(np.uint8)
    ff = np.zeros((outside.shape[0] + 2, outside.shape[1] + 2), np.uint8)
    cv2.floodFill(outside, ff, (0, 0), 2)
    return (outside != 2)[1:-1, 1:-1]


def _nearest_is_dropped(labels: np.ndarray, kept: set[int], join_px: int) -> np.ndarray:
    """Bool (H, W): pixels not within ``2 * join_px`` of a kept region."""
    import cv2

    from .trimap import disk

    keep = np.isin(labels, sorted(kept)).astype(np.uint8)
    return cv2.dilate(keep, disk(max(1, 2 * join_px))) == 0


def remove_region(alpha: np.ndarray, x: float, y: float, reach: int = 0, threshold: float = 0.05) -> np.ndarray:
    """A copy of ``alpha`` with the region clicked at (x, y) made transparent. Regions here are the connected parts
    of ``alpha > threshold`` (so a region's soft edge goes with it). Unchanged when the click hits no region."""
    alpha = np.array(alpha, np.float32, copy=True)
    labels, _ = regions(alpha, threshold)
    rid = region_at(labels, x, y, reach)
    if rid:
        alpha[labels == rid] = 0.0
    return alpha


def add_region(alpha: np.ndarray, source: np.ndarray, x: float, y: float, reach: int = 0,
               threshold: float = THRESHOLD) -> np.ndarray:
    """A copy of ``alpha`` with the region of ``source`` (e.g. the person map, or another backend's alpha, at the
    same size) clicked at (x, y) added: alpha = max(alpha, source) over that region, soft edge included."""
    import cv2

    alpha = np.array(alpha, np.float32, copy=True)
    source = np.asarray(source, np.float32)
    labels, _ = regions(source, threshold)
    rid = region_at(labels, x, y, reach)
    if rid:
        # the region and its soft rim: the source's partial pixels touching it
        core = (labels == rid).astype(np.uint8)
        rim = cv2.dilate(core, np.ones((3, 3), np.uint8), iterations=3) > 0
        region = rim & (source > 0)
        alpha[region] = np.maximum(alpha[region], source[region])
    return alpha
