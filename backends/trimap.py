"""Automatic trimaps: turn a soft mask or an alpha matte into 0 (background) / 128 (unknown) / 255 (foreground).

The unknown band has two parts: a fixed-width ring around the mask's 0.5 contour (where every edge needs solving)
and every pixel the mask itself is unsure about (between ``lo`` and ``hi``), so a soft, hesitant prior gets a wide
band exactly where it hesitates and a narrow one where it is confident. The default ring width scales with the
image: 1 % of its long side, so the band means the same thing at any working resolution.

``person_trimap`` is the Auto backend's: the same ring, wider in the hair zone around faces, and background enclosed
by the subject (arm–body gaps, holes in loose hair) opened up by a colour test.

Used by the Auto backend, by the trimap brush's "automatic trimap" and by trimap-based models that need one.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

BACKGROUND, UNKNOWN, FOREGROUND = 0, 128, 255
#: default ring width around the contour, as a fraction of the image's long side
BAND_FRACTION = 0.01
#: mask values strictly between these are unknown
LO, HI = 0.1, 0.9


def default_band_px(shape: tuple[int, ...], fraction: float = BAND_FRACTION) -> int:
    """Ring width in pixels for an image of ``shape``: ``fraction`` of its long side, at least 1."""
    return max(1, int(round(fraction * max(shape[:2]))))


def as_unit_mask(mask: np.ndarray) -> np.ndarray:
    """(H, W) float32 in [0, 1] from a uint8 (0-255), uint16 or float mask; a colour mask uses its first channel."""
    mask = np.asarray(mask)
    if mask.ndim == 3:
        mask = mask[..., 0]
    if mask.ndim != 2:
        raise ValueError(f"expected a (H, W) mask, got shape {mask.shape}")
    if mask.dtype == np.uint8:
        return mask.astype(np.float32) / 255.0
    if mask.dtype == np.uint16:
        return mask.astype(np.float32) / 65535.0
    if mask.dtype == bool:
        return mask.astype(np.float32)
    return np.clip(np.nan_to_num(mask.astype(np.float32)), 0.0, 1.0)


def disk(radius: int) -> np.ndarray:
    """Elliptic structuring element of the given radius (OpenCV kernel)."""
    import cv2

    radius = max(int(radius), 0)
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def trimap_from_alpha(alpha: np.ndarray, band_px: int | None = None, lo: float = LO, hi: float = HI) -> np.ndarray:
    """A 0/128/255 uint8 trimap from a soft mask or alpha (H, W) in [0, 1] (or uint8 0-255).

    Pixels above 0.5 are foreground, the rest background; then a ring of ``band_px`` pixels either side of the
    0.5 contour (default: 1 % of the long side) and every pixel with ``lo < alpha < hi`` become unknown.
    ``band_px=0`` keeps only the unsure pixels unknown.
    """
    import cv2

    a = as_unit_mask(alpha)
    if band_px is None:
        band_px = default_band_px(a.shape)
    fg = (a > 0.5).astype(np.uint8)
    trimap = np.where(fg > 0, FOREGROUND, BACKGROUND).astype(np.uint8)
    unknown = (a > lo) & (a < hi)
    if band_px > 0 and fg.any() and not fg.all():
        edge = cv2.morphologyEx(fg, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
        unknown |= cv2.dilate(edge, disk(band_px)) > 0
    trimap[unknown] = UNKNOWN
    return trimap


def unknown_fraction(trimap: np.ndarray) -> float:
    """Share of the trimap's pixels that are unknown."""
    return float(np.mean(np.asarray(trimap) == UNKNOWN)) if np.asarray(trimap).size else 0.0


# -- the Auto backend's trimap: person map + faces + colours -----------------------------------------------------
#: hair: around each face the ring is this share of the long side wide (clothing edges get BAND_FRACTION) ...
HAIR_FRACTION = 0.03
#: ... within this many face sizes of the face's centre (the zone reaches above the head, where hair is)
HAIR_REACH = 1.5
#: the map's unsure pixels count as unknown only within this share of the long side of the person (0: anywhere)
UNSURE_REACH = 0.02
#: enclosed background: a sure-foreground pixel is background-like when its colour is this many times likelier
#: under the nearby background's colours than under the nearby foreground's (log of it)
ENCLOSED_LOG_RATIO = 3.0
#: ... and lies deeper than this many band widths inside the sure foreground (the colour samples come from there)
ENCLOSED_DEPTH = 2.0
#: local colour statistics: clusters, the grid they are counted on, and their reach (share of the long side)
COLOUR_CLUSTERS = 16
COLOUR_GRID = 160
COLOUR_REACH = 0.06
#: the photo-wide colour histogram counts like this share of a full local window of samples
GLOBAL_WEIGHT = 0.05


def hair_zone(shape: tuple[int, ...], faces: ArrayLike, reach: float = HAIR_REACH) -> np.ndarray:
    """Bool (H, W): where hair may be, an ellipse around each face box (x0, y0, x1, y1) reaching ``reach`` face
    sizes from a centre raised by a quarter of the face (hair grows above and beside a face, rarely below)."""
    import cv2

    zone = np.zeros(shape[:2], np.uint8)
    for x0, y0, x1, y1 in np.asarray(faces, np.float32).reshape(-1, 4):
        size = max(x1 - x0, y1 - y0)
        centre = (int(round((x0 + x1) / 2)), int(round((y0 + y1) / 2 - 0.25 * size)))
        axes = (max(1, int(round(reach * size))), max(1, int(round(1.1 * reach * size))))
        cv2.ellipse(zone, centre, axes, 0, 0, 360, 1, -1)
    return zone > 0


def person_trimap(prob: np.ndarray, faces: ArrayLike = (), rgb: np.ndarray | None = None,
                  band_fraction: float = BAND_FRACTION, hair_fraction: float = HAIR_FRACTION,
                  lo: float = LO, hi: float = HI, unsure_reach: float | None = None) -> np.ndarray:
    """The Auto backend's trimap from a soft person map (H, W), the face boxes and (optionally) the photo.

    ``trimap_from_alpha`` with a ring of ``band_fraction`` of the long side; the map's unsure pixels farther than
    ``unsure_reach`` of the long side from the person (map > 0.5) are background, not band: a map that hesitates
    over the background far from the body leaves a grey ghost there when solved. The ring is widened to
    ``hair_fraction`` in the hair zone around each face (flyaway hair reaches farther than a sleeve); then, given
    ``rgb``, sure-foreground pixels whose colour belongs to the background (``enclosed_background``) become unknown
    or background, so the solver decides the gaps between arm and body, in loose hair or behind glasses.
    """
    import cv2

    if unsure_reach is None:
        unsure_reach = UNSURE_REACH
    a = as_unit_mask(prob)
    trimap = trimap_from_alpha(a, default_band_px(a.shape, band_fraction), lo, hi)
    faces = np.asarray(faces, np.float32).reshape(-1, 4)
    fg = (a > 0.5).astype(np.uint8)
    if unsure_reach > 0 and fg.any():
        # the map hesitating far from the person (a ghost of the background) is background, not band
        near = cv2.dilate(fg, disk(default_band_px(a.shape, unsure_reach))) > 0
        trimap[(trimap == UNKNOWN) & ~near] = BACKGROUND
    if len(faces) and fg.any() and not fg.all() and hair_fraction > band_fraction:
        edge = cv2.morphologyEx(fg, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
        wide = cv2.dilate(edge, disk(default_band_px(a.shape, hair_fraction))) > 0
        trimap[wide & hair_zone(a.shape, faces)] = UNKNOWN
    if rgb is not None:
        trimap = enclosed_background(rgb, trimap)
    return trimap


def enclosed_background(rgb: np.ndarray, trimap: np.ndarray, log_ratio: float = ENCLOSED_LOG_RATIO) -> np.ndarray:
    """Trimap with the background enclosed by the subject opened up: sure-foreground pixels that look like the
    background become unknown, and the solid middle of each such patch background.

    Colours are learnt where they are certain, near the unknown band: background just outside it, foreground just
    inside it (``local_colour_log_ratio``). A sure-foreground pixel deeper inside is background-like when its colour
    is ``exp(log_ratio)`` times likelier under the nearby background's colours. Patches thinner than the band are
    ignored (texture, highlights); the rest turns unknown with a band-wide rim, its eroded core background.
    """
    import cv2

    trimap = np.array(trimap, np.uint8, copy=True)
    unknown = trimap == UNKNOWN
    fg, bg = trimap == FOREGROUND, trimap == BACKGROUND
    if not (unknown.any() and fg.any() and bg.any()):
        return trimap
    band = default_band_px(trimap.shape)
    inner = cv2.dilate(unknown.astype(np.uint8), disk(max(1, round(ENCLOSED_DEPTH * band)))) > 0
    deep = fg & ~inner
    if not deep.any():
        return trimap
    ratio = local_colour_log_ratio(rgb, fg & inner, bg)
    hits = (deep & (ratio < -log_ratio)).astype(np.uint8)
    hits = cv2.morphologyEx(hits, cv2.MORPH_OPEN, disk(max(1, band // 2)))
    if not hits.any():
        return trimap
    core = cv2.erode(hits, disk(band)) > 0
    trimap[(cv2.dilate(hits, disk(band)) > 0) & (trimap == FOREGROUND)] = UNKNOWN
    trimap[core] = BACKGROUND
    return trimap


def local_colour_log_ratio(rgb: np.ndarray, fg: np.ndarray, bg: np.ndarray, clusters: int = COLOUR_CLUSTERS,
                           reach: float = COLOUR_REACH, grid: int = COLOUR_GRID) -> np.ndarray:
    """log p(colour | foreground) - log p(colour | background) per pixel (H, W) float32, from *local* colour
    histograms: the photo's colours are grouped into ``clusters`` (k-means in CIELAB, soft assignment), and each
    cluster's share among the ``fg`` and ``bg`` sample pixels is averaged with a Gaussian window ``reach`` of the long
    side wide, so a colour is judged against the subject and background around it, not the whole photo's."""
    import cv2

    h, w = rgb.shape[:2]
    s = min(1.0, grid / max(h, w))
    size = (max(1, round(w * s)), max(1, round(h * s)))
    lab = cv2.resize(cv2.cvtColor(np.ascontiguousarray(rgb, np.uint8), cv2.COLOR_RGB2LAB), size,
                     interpolation=cv2.INTER_AREA).astype(np.float32)
    fgs = cv2.resize(fg.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    bgs = cv2.resize(bg.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    x = lab.reshape(-1, 3)
    k = int(min(clusters, len(x)))
    cv2.setRNGSeed(0)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    _, _, centres = cv2.kmeans(x, k, None, criteria, 1, cv2.KMEANS_PP_CENTERS)
    d2 = ((x[:, None, :] - centres[None]) ** 2).sum(-1)
    nearest = d2.min(axis=1, keepdims=True)
    # soft assignment over a colour scale of the clusters' own spread plus camera noise (5 units)
    spread = float(np.median(nearest)) + 25.0
    resp = np.exp(-(d2 - nearest) / (2 * spread))
    resp = (resp / resp.sum(axis=1, keepdims=True)).reshape(size[1], size[0], k).astype(np.float32)
    sigma = max(1.0, reach * max(size))
    eps = 1e-3

    def local(weight):
        return cv2.GaussianBlur(weight, (0, 0), sigma)

    # local counts, plus the whole photo's histogram as a weak prior (worth GLOBAL_WEIGHT of a full local window),
    # so a pixel far from every sample (the middle of a large hole) is judged by the photo's colours
    norm_f, norm_b = local(fgs) + GLOBAL_WEIGHT, local(bgs) + GLOBAL_WEIGHT
    tot_f, tot_b = float(fgs.sum()) + eps, float(bgs.sum()) + eps
    p_f = np.zeros(resp.shape[:2], np.float32)
    p_b = np.zeros(resp.shape[:2], np.float32)
    for j in range(k):
        r = resp[..., j]
        g_f, g_b = (float((r * fgs).sum()) + eps) / tot_f, (float((r * bgs).sum()) + eps) / tot_b
        p_f += r * (local(r * fgs) + GLOBAL_WEIGHT * g_f) / norm_f
        p_b += r * (local(r * bgs) + GLOBAL_WEIGHT * g_b) / norm_b
    ratio = np.log(p_f) - np.log(p_b)
    return cv2.resize(ratio, (w, h), interpolation=cv2.INTER_LINEAR)
