"""One band solver for every trimap-driven alpha in the project: crop, shrink, solve, paste back.

``solve_band(rgb, trimap, max_unknown, method)`` solves only the trimap's unknown pixels:

1. crop to the unknown band's box (plus a small margin of known pixels);
2. when the crop holds more than ``max_unknown`` unknown pixels, shrink it (photo by area averaging, trimap with
   ``resize_trimap``, which keeps thin unknown bands: a shrunk pixel is unknown if any source pixel was);
3. solve: closed-form matting (Levin et al.) with pymatting's Laplacian, solved by conjugate gradients with a
   *shifted* incomplete-Cholesky preconditioner (a tiny diagonal shift makes the factor exist on real photos at
   once, so pymatting prints no warning) and a CG tolerance that 8-bit alpha needs and no tighter; KNN and
   large-kernel matting call pymatting's own solvers on the same (shrunk) crop;
4. enlarge the solution back to the crop and paste it into the unknown pixels alone: known pixels stay exactly
   0 or 1.

Used by the Auto backends (``backends.auto``), the classical trimap backends (``backends.classical``), the app's
refine brush and the local hair re-solve (``backends.refine``). Nothing here imports pymatting until it solves.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse

BACKGROUND, UNKNOWN, FOREGROUND = 0, 128, 255
METHODS = ("cf", "knn", "lkm")
#: closed-form matting: the Laplacian's regularisation, the CG tolerance (8-bit alpha needs no more) and the
#: preconditioner's diagonal shifts (the first that gives a positive-definite factor is used)
CF_EPSILON = 1e-7
CG_RTOL = 1e-5
ICHOL_SHIFTS = (1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0)
#: how much a confident prior pulls the unknown pixels (see ``solve_band``)
PRIOR_WEIGHT = 1e-3
#: the closed-form Laplacian is built in strips of about this many pixels (``laplacian_rows``)
LAPLACIAN_STRIP_PIXELS = 65_536
#: known pixels kept around the unknown band's box
CROP_MARGIN = 4
#: the shrunk crop keeps at least this many pixels a side
MIN_SIDE = 4


def solve_band(rgb: np.ndarray, trimap: np.ndarray, max_unknown: int, method: str = "cf",
               prior: np.ndarray | None = None, prior_weight: float = PRIOR_WEIGHT) -> np.ndarray:
    """Alpha (H, W) float32 for the unknown band of a 0/128/255 ``trimap``; ``rgb`` is (H, W, 3) uint8 or float in
    [0, 1]. At most ``max_unknown`` unknown pixels are solved: the band's box is shrunk further when it holds more.
    Known pixels come out exactly 0 or 1.

    ``prior`` (closed-form only): a soft map (H, W) in [0, 1], e.g. the person map, that the unknown pixels lean on
    where it is confident: the energy gains ``prior_weight * |2 prior - 1| ** 3 * (alpha - prior) ** 2`` per pixel.
    The weight is small against the matting Laplacian, so colour edges still decide; it only settles the wide, flat
    stretches of the band where the Laplacian alone leaves a grey haze."""
    import cv2

    if method not in METHODS:
        raise ValueError(f"unknown solver {method!r}; choose from {', '.join(METHODS)}")
    trimap = np.asarray(trimap)
    alpha = (trimap == FOREGROUND).astype(np.float32)
    unknown = trimap == UNKNOWN
    if not unknown.any():
        return alpha
    y0, y1, x0, x1 = band_box(unknown, CROP_MARGIN)
    img = _unit_rgb(rgb[y0:y1, x0:x1])
    tri = trimap[y0:y1, x0:x1]
    pri = None if prior is None or method != "cf" else np.asarray(prior, np.float32)[y0:y1, x0:x1]
    scale = min(1.0, float(np.sqrt(max(1, max_unknown) / max(1, int(unknown[y0:y1, x0:x1].sum())))))
    if scale < 1.0:
        size = (max(MIN_SIDE, round((x1 - x0) * scale)), max(MIN_SIDE, round((y1 - y0) * scale)))
        # area averaging can round white to a hair above 1, which pymatting's solvers warn about
        img = np.clip(cv2.resize(img, size, interpolation=cv2.INTER_AREA), 0.0, 1.0)
        tri = resize_trimap(tri, size)
        if pri is not None:
            pri = cv2.resize(pri, size, interpolation=cv2.INTER_AREA)
    solved = _solve(method, img, tri, pri, prior_weight)
    if scale < 1.0:
        solved = cv2.resize(solved, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    band = unknown[y0:y1, x0:x1]
    alpha[y0:y1, x0:x1][band] = np.clip(solved, 0, 1)[band]
    return alpha


def _solve(method: str, img: np.ndarray, tri: np.ndarray, prior: np.ndarray | None = None,
           prior_weight: float = 0.0) -> np.ndarray:
    """Alpha (float32) of a crop: the trimap's known values, the unknown ones solved by ``method``."""
    is_fg, is_bg, is_unknown = tri == FOREGROUND, tri == BACKGROUND, tri == UNKNOWN
    if not is_unknown.any():
        return is_fg.astype(np.float32)
    if not (is_fg.any() and is_bg.any()):
        # the crop sees only one kind of known pixel (or none): nothing to interpolate between
        return np.full(tri.shape, 1.0 if is_fg.any() else 0.0, np.float32)
    if method == "cf":
        return _closed_form(img, is_fg, ~is_unknown, is_unknown, prior, prior_weight)
    from pymatting import estimate_alpha_knn, estimate_alpha_lkm

    solver = {"knn": estimate_alpha_knn, "lkm": estimate_alpha_lkm}[method]
    return np.asarray(solver(img, tri.astype(np.float64) / 255.0), np.float32)


def _closed_form(img: np.ndarray, is_fg: np.ndarray, is_known: np.ndarray, is_unknown: np.ndarray,
                 prior: np.ndarray | None = None, prior_weight: float = 0.0) -> np.ndarray:
    from pymatting import cg, ichol

    lap_rows = laplacian_rows(img, is_known, is_unknown)  # the unknown pixels' rows: all the solve reads
    known, unknown = is_known.ravel(), is_unknown.ravel()
    lap_u = lap_rows[:, unknown]
    rhs = -lap_rows[:, known].dot(is_fg.ravel()[known].astype(np.float64))
    del lap_rows
    if prior is not None and prior_weight > 0:
        import scipy.sparse

        p = np.clip(prior.astype(np.float64).ravel()[unknown], 0, 1)
        weight = prior_weight * np.abs(2 * p - 1) ** 3
        lap_u = scipy.sparse.csr_matrix(lap_u)
        lap_u.setdiag(lap_u.diagonal() + weight)  # in place: the Laplacian already stores its whole diagonal
        rhs = rhs + weight * p
    solved = is_fg.astype(np.float64).ravel()
    if not rhs.any():  # no foreground reaches the unknown pixels: they are background (CG would divide 0 by 0)
        return np.clip(solved.reshape(is_fg.shape), 0, 1).astype(np.float32)
    # the unshifted factor rarely exists on photos; start at a tiny shift
    solved[unknown] = cg(lap_u, rhs, M=ichol(lap_u, shifts=ICHOL_SHIFTS), rtol=CG_RTOL)
    return np.clip(solved.reshape(is_fg.shape), 0, 1).astype(np.float32)


def laplacian_rows(img: np.ndarray, is_known: np.ndarray, rows: np.ndarray) -> scipy.sparse.csr_matrix:
    """The rows of the closed-form matting Laplacian (pymatting's ``cf_laplacian``, window radius 1) for the pixels
    where ``rows`` is true, in raster order: a CSR matrix (rows.sum(), H * W), the same numbers as
    ``cf_laplacian(img, CF_EPSILON, is_known=is_known)[rows.ravel()]``.

    pymatting allocates 25 entries for every pixel of the image it is given (400 bytes a pixel: 280 MB for the band's
    box on a 1024-pixel photo), though the solve reads only the unknown pixels' rows. So it is given strips of
    ``LAPLACIAN_STRIP_PIXELS``, each with the two rows above and below that the strip's own rows depend on (a row
    sums the 3 x 3 windows around its pixel, which reach two pixels away), and only the wanted rows are kept."""
    import scipy.sparse
    from pymatting import cf_laplacian

    h, w = rows.shape
    reach = 2  # two window radii
    step = max(1, LAPLACIAN_STRIP_PIXELS // max(1, w))
    pieces = []
    for r0 in range(0, h, step):
        r1 = min(h, r0 + step)
        wanted = rows[r0:r1].ravel()
        if not wanted.any():
            continue
        a0, a1 = max(0, r0 - reach), min(h, r1 + reach)
        strip = cf_laplacian(img[a0:a1], epsilon=CF_EPSILON, is_known=is_known[a0:a1])
        local = np.flatnonzero(wanted) + (r0 - a0) * w
        part = strip[local]
        del strip
        # a strip's column j is the image's pixel a0 * w + j: the strip holds whole rows
        pieces.append(scipy.sparse.csr_matrix((part.data, part.indices + a0 * w, part.indptr),
                                              shape=(len(local), h * w)))
    if not pieces:
        return scipy.sparse.csr_matrix((0, h * w))
    return scipy.sparse.vstack(pieces, format="csr")


def _unit_rgb(rgb: np.ndarray) -> np.ndarray:
    """float64 RGB in [0, 1] from uint8, uint16 or float input."""
    rgb = np.asarray(rgb)
    if rgb.dtype == np.uint8:
        return rgb.astype(np.float64) / 255.0
    if rgb.dtype == np.uint16:
        return rgb.astype(np.float64) / 65535.0
    return np.clip(rgb.astype(np.float64), 0.0, 1.0)


def band_box(mask: np.ndarray, margin: int) -> tuple[int, int, int, int]:
    """(y0, y1, x0, x1) around the true pixels of a non-empty ``mask``, grown by ``margin`` and clipped."""
    ys, xs = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    h, w = mask.shape
    return max(ys[0] - margin, 0), min(ys[-1] + margin + 1, h), max(xs[0] - margin, 0), min(xs[-1] + margin + 1, w)


def resize_trimap(trimap: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A trimap at ``size`` (width, height). Shrinking keeps the unknown band (a pixel is unknown if any source pixel
    was); enlarging keeps known pixels known only where the whole neighbourhood agreed, so the band never thins."""
    import cv2

    if (trimap.shape[1], trimap.shape[0]) == size:
        return trimap
    unknown = cv2.resize((trimap == UNKNOWN).astype(np.float32), size, interpolation=cv2.INTER_AREA
                         if size[0] <= trimap.shape[1] else cv2.INTER_LINEAR) > 0
    fg = cv2.resize((trimap == FOREGROUND).astype(np.float32), size, interpolation=cv2.INTER_AREA
                    if size[0] <= trimap.shape[1] else cv2.INTER_LINEAR) > 0.5
    out = np.where(fg, FOREGROUND, BACKGROUND).astype(np.uint8)
    out[unknown] = UNKNOWN
    return out
