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


# -- the body's extent from pose landmarks (mediapipe's 33-point order) ---------------------------------------------
L_SHOULDER, R_SHOULDER, L_HIP, R_HIP = 11, 12, 23, 24
#: the limbs as chains of landmarks, from the trunk outwards: arms (shoulder, elbow, wrist), legs (hip, knee,
#: ankle, heel)
LIMBS = ((11, 13, 15), (12, 14, 16), (23, 25, 27, 29), (24, 26, 28, 30))
#: a landmark counts when the pose model deems it at least this visible
VISIBLE = 0.5
#: the body reaches this many shoulder widths beyond its skeleton (clothes, hands, hair on the shoulders)
BODY_MARGIN = 0.5
#: a leak must cover at least this share of the image to be dropped ...
LEAK_MIN_AREA = 0.002
#: ... and the pose model's body mask may cover at most this share of it
LEAK_BODY_SHARE = 0.25


def body_extent(shape: tuple[int, ...], landmarks: ArrayLike) -> np.ndarray | None:
    """Bool (H, W): where the tracked body can reach, from its pose landmarks ((33, 3) x, y, visibility in pixels):
    the trunk between shoulders and hips, each limb along its visible joints, a disc around a limb's last visible
    joint as big as the bone before it (the rest of the limb may point anywhere), and, where the hips (or a leg's
    end) are not seen, the trunk (or that leg) continued straight down out of the frame. Everything grown by
    ``BODY_MARGIN`` shoulder widths. None when the shoulders are not both seen (too little to go on)."""
    import cv2

    lm = np.asarray(landmarks, np.float32).reshape(-1, 3)
    if len(lm) < 33 or lm[L_SHOULDER, 2] < VISIBLE or lm[R_SHOULDER, 2] < VISIBLE:
        return None
    h, w = shape[:2]
    seen = lm[:, 2] >= VISIBLE
    xy = lm[:, :2]
    width = float(np.hypot(*(xy[L_SHOULDER] - xy[R_SHOULDER])))
    if width < 2:
        return None
    reach = width * (0.5 + BODY_MARGIN)
    bottom = float(h + reach)
    body = np.zeros((h, w), np.uint8)

    def pt(p):
        return int(round(float(p[0]))), int(round(float(p[1])))

    thick = max(1, int(round(2 * reach)))
    # the trunk: shoulders to hips, or straight down out of the frame when the hips are not seen
    hips = [xy[i] if seen[i] else np.array([xy[s][0], bottom], np.float32)
            for s, i in ((L_SHOULDER, L_HIP), (R_SHOULDER, R_HIP))]
    trunk = np.array([pt(xy[L_SHOULDER]), pt(xy[R_SHOULDER]), pt(hips[1]), pt(hips[0])], np.int32)
    cv2.fillConvexPoly(body, trunk, 1)
    cv2.polylines(body, [trunk], True, 1, thick)
    for chain in LIMBS:
        start = chain[0]
        root = xy[start] if seen[start] else hips[0 if start == L_HIP else 1] if start in (L_HIP, R_HIP) else None
        if root is None:
            continue
        last, bone = root, width
        for joint in chain[1:]:
            if not seen[joint]:
                break
            cv2.line(body, pt(last), pt(xy[joint]), 1, thick)
            bone = max(bone * 0.5, float(np.hypot(*(xy[joint] - last))))
            last = xy[joint]
        # what follows the last seen joint may point anywhere within a bone's length
        cv2.circle(body, pt(last), int(round(bone + reach)), 1, -1)
        if chain[0] in (L_HIP, R_HIP):
            # a leg whose end is not seen may go on down out of the frame
            cv2.line(body, pt(last), (pt(last)[0], int(bottom)), 1, thick)
    return body > 0


def drop_bottom_leaks(prob: np.ndarray, landmarks: ArrayLike, body_mask: np.ndarray | None = None,
                      threshold: float = THRESHOLD, min_area: float = LEAK_MIN_AREA) -> tuple[np.ndarray, np.ndarray]:
    """(map, dropped): the person map with the parts removed that run into the frame's bottom edge outside the
    tracked body's reach (``body_extent``) and that the pose model's own body mask (``body_mask``, when given)
    mostly disowns: a bench, a rock or a table the person sits or leans on, which the selfie segmenter takes for
    more of the person. Only pieces that touch the bottom edge are dropped, with their soft rim; anything else
    (raised arms, hair, a held object up in the frame) is left to subject selection. Unchanged when the shoulders
    are not seen."""
    import cv2

    from .trimap import disk

    prob = np.asarray(prob, np.float32)
    dropped = np.zeros(prob.shape, bool)
    body = body_extent(prob.shape, landmarks)
    if body is None:
        return prob, dropped
    h, w = prob.shape
    outside = ((prob > threshold) & ~body).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(outside, connectivity=8)
    for rid in range(1, count):
        x, y, bw, bh, area = stats[rid]
        piece = labels == rid
        if y + bh >= h and area >= min_area * h * w and (body_mask is None or
                                                          float(np.mean(body_mask[piece] > 0.5)) < LEAK_BODY_SHARE):
            dropped |= piece
    if dropped.any():
        # the piece's own soft rim goes with it (not the body's)
        rim = (cv2.dilate(dropped.astype(np.uint8), disk(max(1, round(0.01 * max(h, w))))) > 0) & ~body
        dropped |= rim & (prob > 0)
        prob = np.where(dropped, 0, prob).astype(np.float32)
    return prob, dropped


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
