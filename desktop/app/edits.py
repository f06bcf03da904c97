"""The one-click fixes' work, as plain functions the worker pool runs (no Qt): the subject tool's click and the
refine-hair stroke.

- ``subject_click`` with "remove" takes the region under the click out of the cut-out: the connected part of the
  matte with its soft rim, or the faint patch clicked (``backends.segments.region_to_remove``), or with "similar
  colour" the colour segment under the click (``backends.segments``). With "add" it puts in the region of the
  person map under the click (the map as it was before subject selection, so a person or a part that Auto dropped
  comes back; ``backends.subject.add_region``), or the colour segment where the map has none there (or with
  "similar colour"). ``subject_drag``: every region a drag crosses.
- ``hair_stroke``: inside the stroke, every pixel near the matte's outline becomes unknown and is solved again
  (``backends.hair.refine_hair``), with a band at least as wide as the brush.

``hint`` is the reduced twin of ``subject_click`` that the hover highlight shows before a click. Each fix answers a
``Patch`` (or None when nothing changes): the rectangle that changed, the new alpha there, and the
trimap brush's trimap and the eraser's automatic trimap there, made again from the new alpha around what changed,
so a later trimap refine or eraser stroke agrees with the edit. ``Analysis`` keeps what a photo's clicks share (its
colour segments, its person map), computed on the first click that needs it.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backends.segments import Segments, colour_segments, map_region_at, region_to_remove, segment_at
from backends.trimap import HAIR_FRACTION, default_band_px

REMOVE, ADD = "remove", "add"
#: the refine-hair stroke's kind of work (besides REMOVE and ADD: what the busy indicator says)
HAIR_KIND = "hair"
BY_REGION, BY_COLOUR = "region", "colour"
#: the person map's long side (Auto's analysis size)
ANALYSIS_SIDE = 1024
#: an alpha change smaller than this is no change
EPSILON = 1e-3
#: the refine-hair brush's soft rim, as a share of its diameter (the new matte fades in over it)
SOFT_RIM = 0.12

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive)


@dataclass(frozen=True)
class Patch:
    """What an edit changes: inside ``rect`` the new ``alpha`` (float32), ``trimap`` and ``base`` (uint8, None when
    the editor has none). ``what`` says what was done: "removed", "added-person", "added-colour", "hair"."""

    rect: Rect
    alpha: np.ndarray
    trimap: np.ndarray | None
    base: np.ndarray | None
    what: str


_PRIOR = None
_PRIOR_LOCK = threading.Lock()


def person_map(rgb: np.ndarray) -> np.ndarray:
    """The soft person map of ``rgb`` at a long side of ``ANALYSIS_SIDE``, every person-like region kept (mediapipe's
    segmenters, as Auto sees them before choosing its subject)."""
    global _PRIOR
    import cv2

    from backends.contract import as_uint8_rgb
    from backends.person_prior import PersonPrior

    with _PRIOR_LOCK:
        if _PRIOR is None:
            _PRIOR = PersonPrior()
        prior = _PRIOR
    rgb8 = as_uint8_rgb(rgb)
    h, w = rgb8.shape[:2]
    s = min(1.0, ANALYSIS_SIDE / max(h, w))
    small = cv2.resize(rgb8, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    return prior.probability(np.ascontiguousarray(small))


class Analysis:
    """What the clicks on one photo share, computed once on first use (from any worker thread)."""

    def __init__(self, rgb: np.ndarray, person: Callable[[np.ndarray], np.ndarray] | None = None):
        self.rgb = rgb
        self._person_fn = person  # None: ``person_map`` (looked up when needed)
        self._segments: Segments | None = None
        self._person: np.ndarray | None = None
        self._person_failed = False
        self._lock = threading.Lock()

    def segments(self) -> Segments:
        with self._lock:
            if self._segments is None:
                self._segments = colour_segments(self.rgb)
            return self._segments

    def person(self) -> np.ndarray | None:
        """The person map (reduced size), or None when it cannot be made (then colour segments stand in)."""
        with self._lock:
            if self._person is None and not self._person_failed:
                try:
                    self._person = np.asarray((self._person_fn or person_map)(self.rgb), np.float32)
                except Exception:  # noqa: BLE001 - no person model here: the colour segment does the job
                    self._person_failed = True
            return self._person


def subject_click(rgb: np.ndarray, alpha: np.ndarray, trimap: np.ndarray | None, base: np.ndarray | None,
                  x: float, y: float, action: str, by: str = BY_REGION, reach: int = 0,
                  analysis: Analysis | None = None) -> Patch | None:
    """The subject tool's click at full-size pixel (x, y): ``action`` REMOVE or ADD, the region found ``by``
    BY_REGION (connected region) or BY_COLOUR (colour segment); ``reach``: how far (pixels) a region may be from
    the click. None when the click changes nothing."""
    alpha = np.asarray(alpha, np.float32)
    shape = alpha.shape
    analysis = analysis or Analysis(rgb)
    if action == REMOVE:
        if by == BY_REGION:
            gone = region_to_remove(alpha, x, y, reach)
            if gone is None:
                return None
            return make_patch(alpha, (0, 0, shape[1], shape[0]), np.where(gone, 0.0, alpha), trimap, base,
                              "removed")
        segments = analysis.segments()
        found = segment_at(segments, x, y, rgb, _inside(alpha, segments, REMOVE))
        if found is None:
            return None
        rect, soft = _grown(found, shape, _rim_px(segments))
        x0, y0, x1, y1 = rect
        return make_patch(alpha, rect, _without(alpha[y0:y1, x0:x1], soft, _rim_px(segments)), trimap, base,
                          "removed")
    if action != ADD:
        raise ValueError(f"unknown subject action {action!r}")
    found, what = None, "added-colour"
    if by == BY_REGION:
        person = analysis.person()
        if person is not None:
            found, what = map_region_at(person, shape, x, y, reach), "added-person"
            if found is not None and _adds_nothing(alpha, *found):
                found = None  # that region is in already: the colour segment under the click is meant
    if found is None:
        segments = analysis.segments()
        found, what = segment_at(segments, x, y, rgb, _inside(alpha, segments, ADD)), "added-colour"
    if found is None or _adds_nothing(alpha, *found):
        return None
    (x0, y0, x1, y1), soft = found
    return make_patch(alpha, found[0], np.maximum(alpha[y0:y1, x0:x1], soft), trimap, base, what)


def subject_drag(rgb: np.ndarray, alpha: np.ndarray, trimap: np.ndarray | None, base: np.ndarray | None,
                 points: list[tuple[float, float]], action: str, by: str = BY_REGION, reach: int = 0,
                 analysis: Analysis | None = None) -> Patch | None:
    """The subject tool dragged through ``points``: every region the drag crosses, as one patch (``subject_click``
    at points ``reach`` apart, each on the matte the ones before left; a point on what is done already is skipped)."""
    alpha = np.asarray(alpha, np.float32)
    analysis = analysis or Analysis(rgb)
    work, what, last = alpha, None, None
    for x, y in points:
        if last is not None and np.hypot(x - last[0], y - last[1]) < max(1, reach):
            continue
        last = (x, y)
        xi, yi = int(np.clip(x, 0, alpha.shape[1] - 1)), int(np.clip(y, 0, alpha.shape[0] - 1))
        if (action == REMOVE and work[yi, xi] == 0) or (action == ADD and work is not alpha and work[yi, xi] >= 1):
            continue
        patch = subject_click(rgb, work, None, None, x, y, action, by, reach, analysis)
        if patch is None:
            continue
        if work is alpha:
            work = alpha.copy()
        x0, y0, x1, y1 = patch.rect
        work[y0:y1, x0:x1] = patch.alpha
        what = patch.what
    if what is None:
        return None
    return make_patch(alpha, (0, 0, alpha.shape[1], alpha.shape[0]), work, trimap, base, what)


def _inside(alpha: np.ndarray, segments: Segments, action: str) -> np.ndarray:
    """Where a colour segment can change the matte, at the segments' size: in the cut-out (to remove), or not
    wholly in it (to add)."""
    import cv2

    small = cv2.resize(np.asarray(alpha, np.float32), segments.labels.shape[::-1], interpolation=cv2.INTER_AREA)
    return small > 0.02 if action == REMOVE else small < 0.98


def _rim_px(segments: Segments) -> int:
    """How far a removed segment takes the soft edge around it along: a reduced pixel and a little more."""
    return int(np.ceil(segments.shape[0] / segments.labels.shape[0])) + 2


def _grown(found: tuple[Rect, np.ndarray], shape: tuple[int, ...], by: int) -> tuple[Rect, np.ndarray]:
    """A segment's (rect, soft) with ``by`` pixels of room added on every side (within the photo)."""
    (x0, y0, x1, y1), soft = found
    h, w = shape[:2]
    gx0, gy0, gx1, gy1 = max(0, x0 - by), max(0, y0 - by), min(w, x1 + by), min(h, y1 + by)
    out = np.zeros((gy1 - gy0, gx1 - gx0), np.float32)
    out[y0 - gy0:y1 - gy0, x0 - gx0:x1 - gx0] = soft
    return (gx0, gy0, gx1, gy1), out


def _without(alpha: np.ndarray, soft: np.ndarray, rim_px: int) -> np.ndarray:
    """``alpha`` with a segment taken out: its pixels, and the partial pixels of the matte within ``rim_px`` of
    it (the segment's own soft edge, which the segmentation gives to thin neighbours of its own)."""
    import cv2

    from backends.trimap import disk

    near = cv2.dilate((soft > 0.5).astype(np.uint8), disk(rim_px)) > 0
    gone = np.maximum(soft, (near & (alpha < 0.98)).astype(np.float32))
    return alpha * (1.0 - gone)


def _adds_nothing(alpha: np.ndarray, rect: Rect, soft: np.ndarray) -> bool:
    """Whether the region is in the cut-out already (its core mostly opaque): adding it would only harden its
    edge."""
    x0, y0, x1, y1 = rect
    core = soft > 0.5
    return not core.any() or float(alpha[y0:y1, x0:x1][core].mean()) > 0.9


#: the long side of the hover highlight's mask
HINT_SIDE = 768


def shrink(alpha: np.ndarray, side: int = HINT_SIDE) -> np.ndarray:
    """``alpha`` at a long side of at most ``side`` (area averaging), for the hover highlight."""
    import cv2

    alpha = np.asarray(alpha, np.float32)
    h, w = alpha.shape
    s = min(1.0, side / max(h, w))
    if s >= 1.0:
        return alpha
    return cv2.resize(alpha, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)


def hint(small_alpha: np.ndarray, shape: tuple[int, int], x: float, y: float, action: str, by: str = BY_REGION,
         reach: int = 0, analysis: Analysis | None = None) -> np.ndarray | None:
    """Bool mask, at some reduced size of the photo (``shape`` at full size), of what a click at full-size pixel
    (x, y) would take out or put in: the hover highlight of the subject tool (a reduced ``subject_click``);
    ``small_alpha`` is the matte shrunk by ``shrink``. None when the click would pick nothing."""
    def at(small_shape: tuple[int, ...]) -> tuple[int, int]:
        return (min(small_shape[1] - 1, int(x * small_shape[1] / shape[1])),
                min(small_shape[0] - 1, int(y * small_shape[0] / shape[0])))

    if not (0 <= x < shape[1] and 0 <= y < shape[0]):
        return None
    if by == BY_REGION and action == REMOVE:
        sx, sy = at(small_alpha.shape)
        return region_to_remove(small_alpha, sx, sy, max(1, int(reach * small_alpha.shape[0] / shape[0])))
    if by == BY_REGION and analysis is not None:
        person = analysis.person()
        if person is not None:
            from backends.subject import add_region

            sx, sy = at(person.shape)
            region = add_region(np.zeros_like(person), person, sx, sy,
                                max(1, int(reach * person.shape[0] / shape[0]))) > 0.5
            if region.any():
                return region
    if analysis is None:
        return None
    import cv2

    labels = analysis.segments().labels
    sx, sy = at(labels.shape)
    # only what would change, joined to the pointer: a removed segment's part of the cut-out, an added one's outside
    a = cv2.resize(small_alpha, labels.shape[::-1], interpolation=cv2.INTER_LINEAR)
    segment = (labels == labels[sy, sx]) & ((a > 0.02) if action == REMOVE else (a < 0.98))
    if not segment[sy, sx]:
        return None
    _count, parts = cv2.connectedComponents(segment.astype(np.uint8), connectivity=8)
    return parts == parts[sy, sx]


def hover_hint(alpha: np.ndarray, small_alpha: np.ndarray | None, x: float, y: float, action: str, by: str,
               reach: int, analysis: Analysis | None) -> tuple[np.ndarray, np.ndarray | None]:
    """(the shrunk matte, for the next hover of the same matte; ``hint``'s mask) for the pool."""
    small = shrink(alpha) if small_alpha is None else small_alpha
    return small, hint(small, np.asarray(alpha).shape[:2], x, y, action, by, reach, analysis)


def stroke_mask(shape: tuple[int, int], points: list[tuple[float, float]], size: float) -> tuple[Rect, np.ndarray]:
    """(rect, bool mask inside it) of a brush stroke of diameter ``size`` through ``points`` (full-size pixels)."""
    import cv2

    h, w = shape
    r = max(0.5, size / 2.0)
    pts = np.asarray(points, np.float64).reshape(-1, 2)
    x0 = max(0, int(np.floor(pts[:, 0].min() - r)) - 1)
    y0 = max(0, int(np.floor(pts[:, 1].min() - r)) - 1)
    x1 = min(w, int(np.ceil(pts[:, 0].max() + r)) + 2)
    y1 = min(h, int(np.ceil(pts[:, 1].max() + r)) + 2)
    if x1 <= x0 or y1 <= y0:
        return (0, 0, 0, 0), np.zeros((0, 0), bool)
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    fixed = [(int(round((px - x0) * 16)), int(round((py - y0) * 16))) for px, py in pts]  # 4 bits of sub-pixel
    thickness = max(1, int(round(2 * r)))
    for a, b in zip(fixed, fixed[1:]):
        cv2.line(mask, a, b, 1, thickness, cv2.LINE_8, 4)
    for p in fixed:
        cv2.circle(mask, p, int(round(r * 16)), 1, -1, cv2.LINE_8, 4)
    return (x0, y0, x1, y1), mask > 0


def hair_band_px(shape: tuple[int, int], size: float) -> int:
    """The unknown band of a hair stroke: the hair band of the photo (3 % of its long side), at least the brush."""
    return max(default_band_px(shape, HAIR_FRACTION), int(round(size)))


def hair_stroke(rgb: np.ndarray, alpha: np.ndarray, trimap: np.ndarray | None, base: np.ndarray | None,
                points: list[tuple[float, float]], size: float) -> Patch | None:
    """The refine-hair brush: the matte re-solved inside the stroke through ``points`` (diameter ``size``), with
    an unknown band ``hair_band_px`` wide around its outline, faded into the old matte over the stroke's rim (a
    soft brush). None when nothing changes."""
    import cv2

    from backends.hair import refine_hair
    from backends.trimap import disk

    alpha = np.asarray(alpha, np.float32)
    shape = alpha.shape
    (sx0, sy0, sx1, sy1), mask = stroke_mask(shape, points, size)
    if not mask.any():
        return None
    band = hair_band_px(shape, size)
    # enough context around the stroke that the solve sees what it would on the whole photo (refine_hair crops
    # the band's box grown by 2 bands)
    margin = 3 * band + 8
    x0, y0 = max(0, sx0 - margin), max(0, sy0 - margin)
    x1, y1 = min(shape[1], sx1 + margin), min(shape[0], sy1 + margin)
    region = np.zeros((y1 - y0, x1 - x0), bool)
    region[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = mask
    # only near the subject: a stroke over open background (faint strands far from any solid hair) has no
    # foreground to solve against and would wipe them out
    solid = (alpha[y0:y1, x0:x1] > 0.5).astype(np.uint8)
    region &= cv2.dilate(solid, disk(band)) > 0
    if not region.any():
        return None
    old = alpha[y0:y1, x0:x1]
    solved = refine_hair(np.ascontiguousarray(rgb[y0:y1, x0:x1]), old, region, band_px=band)
    # a soft brush: the new matte fades into the old one over the stroke's rim, so no seam shows where it ends
    depth = cv2.distanceTransform(region.astype(np.uint8), cv2.DIST_L2, 3)  # 1 on the stroke's outermost pixels
    weight = np.clip((depth - 0.5) / max(1.0, 2 * SOFT_RIM * size), 0.0, 1.0)
    return make_patch(alpha, (x0, y0, x1, y1), old + weight * (solved - old), trimap, base, "hair")


def make_patch(alpha: np.ndarray, rect: Rect, new: np.ndarray, trimap: np.ndarray | None,
               base: np.ndarray | None, what: str) -> Patch | None:
    """The ``Patch`` that puts ``new`` (the new alpha inside ``rect``) into ``alpha``: the rectangle shrunk to what
    changes (plus the trimap's band), the trimap and base there made again from the new alpha near the change."""
    import cv2

    from backends.trimap import disk, trimap_from_alpha

    rx0, ry0, rx1, ry1 = rect
    new = np.asarray(new, np.float32)
    changed = np.abs(new - alpha[ry0:ry1, rx0:rx1]) > EPSILON
    if not changed.any():
        return None
    h, w = alpha.shape
    band = default_band_px((h, w))  # the automatic trimap's band (the trimap brush's)
    ys, xs = np.nonzero(changed)
    cx0, cy0, cx1, cy1 = rx0 + int(xs.min()), ry0 + int(ys.min()), rx0 + int(xs.max()) + 1, ry0 + int(ys.max()) + 1

    def grown(by: int) -> Rect:
        return max(0, cx0 - by), max(0, cy0 - by), min(w, cx1 + by), min(h, cy1 + by)

    reach = band + 1  # the old alpha's trimap band lies within this of what changed
    ox0, oy0, ox1, oy1 = out = grown(reach + 1)  # what the patch holds: the change and its band
    kx0, ky0, kx1, ky1 = grown(reach + band + 2)  # the context the trimap is made in
    context = np.array(alpha[ky0:ky1, kx0:kx1], np.float32)
    ix0, iy0, ix1, iy1 = max(rx0, kx0), max(ry0, ky0), min(rx1, kx1), min(ry1, ky1)
    context[iy0 - ky0:iy1 - ky0, ix0 - kx0:ix1 - kx0] = new[iy0 - ry0:iy1 - ry0, ix0 - rx0:ix1 - rx0]
    inner = (slice(oy0 - ky0, oy1 - ky0), slice(ox0 - kx0, ox1 - kx0))
    new_alpha = context[inner].copy()
    new_trimap = new_base = None
    if trimap is not None or base is not None:
        moved = np.abs(context - alpha[ky0:ky1, kx0:kx1]) > EPSILON
        touched = (cv2.dilate(moved.astype(np.uint8), disk(reach)) > 0)[inner]
        auto = trimap_from_alpha(context, band)[inner]
        if trimap is not None:
            new_trimap = np.where(touched, auto, trimap[oy0:oy1, ox0:ox1]).astype(np.uint8)
        if base is not None:
            new_base = np.where(touched, auto, base[oy0:oy1, ox0:ox1]).astype(np.uint8)
    return Patch(out, new_alpha, new_trimap, new_base, what)
