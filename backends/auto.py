"""The Auto backends: cut people out with no trimap and no download.

Pipeline (``AutoBackend``; ``AutoFastBackend`` is the same at a smaller working size, for live previews):

1. the photo is shrunk to ``analysis_side`` and ``PersonPrior`` gives a soft person map (mediapipe's selfie and
   pose segmenters) and its anchors: the faces found and the body's landmarks;
2. subject selection (``backends.subject``): only the map's regions that touch a face or a body landmark are kept
   (a poster or painted figure beside the subject is dropped; several people are kept), and what runs into the
   frame's bottom edge beyond the tracked body's reach and outside the pose model's own mask (a bench, a rock, a
   table) is dropped too (``drop_bottom_leaks``); no person left raises ``NoSubjectError``;
3. at the working size (long side ``work_side``) ``backends.trimap.person_trimap`` marks a ring of 1 % of the long
   side around the outline, 3 % in the hair zone around each face, plus where the map is unsure within 2 % of the
   long side of the person (farther out such hesitation is background: no grey ghost); sure
   foreground whose colour belongs to the nearby background (a gap between arm and body) is opened up;
4. closed-form matting solves the unknown band at the working size (``backends.band_solver``, shared with the
   classical backends), leaning weakly on the person map where the map is confident;
5. the alpha goes back to full size with a fast guided filter guided by the full-resolution photo, in strips,
   so a 24-megapixel photo keeps sharp edges and bounded memory.

A trimap passed to ``predict`` replaces the automatic one (its unknown band is solved the same way).
``auto_trimap(image)`` gives the automatic trimap and subject map at full size, for the trimap backends.
Importing this module imports neither mediapipe nor pymatting; ``load()`` does.
"""
from __future__ import annotations

import threading
from typing import NamedTuple

import numpy as np

from .band_solver import resize_trimap, solve_band
from .contract import Backend, BackendInfo, BackendOptions, NoSubjectError, Readiness, as_uint8_rgb, check_trimap
from .person_prior import PersonAnalysis, PersonPrior
from .subject import Selection, drop_bottom_leaks, select_subject
from .trimap import BACKGROUND, FOREGROUND, UNKNOWN, default_band_px, person_trimap

NO_PERSON = "no person found in this photo; try a trimap backend or paint a trimap"
#: a person must cover at least this share of the photo
MIN_PERSON_AREA = 0.002
#: guided upsampling: window radius at the working size, and regularisation (image in [0, 1])
GUIDE_RADIUS = 2
GUIDE_EPS = 1e-4
#: full-resolution rows processed at a time while upsampling
STRIP_ROWS = 256


class AutoTrimap(NamedTuple):
    """``AutoBackend.auto_trimap``'s answer, at the image's full size."""

    trimap: np.ndarray  #: uint8 0 / 128 / 255
    subject: np.ndarray  #: float32 [0, 1] person map of the selected subject


class AutoBackend(Backend):
    info = BackendInfo(
        id="auto", name="Auto (built-in)",
        description="Finds the people in the photo with the segmentation models built into mediapipe, then solves "
                    "hair and edges with closed-form matting. No trimap, no download, CPU only.",
        needs_trimap=False, needs_weights=False,
        working_size="person map at long side 1024; matting at long side 1024; edges upsampled to full size",
        tags=("builtin", "person", "default"))
    analysis_side = 1024
    work_side = 1024
    drop_leaks = True  # drop what runs into the frame's bottom edge beyond the body's reach (backends.subject)
    max_unknown = 75_000  # about 11 % of a 1024 x 683 working image; a wider band is solved a little smaller

    def __init__(self, options: BackendOptions | None = None) -> None:
        super().__init__(options)
        self._prior = PersonPrior()
        self._lock = threading.Lock()

    def readiness(self) -> Readiness:
        from importlib.util import find_spec

        missing = [m for m in ("mediapipe", "pymatting", "cv2") if find_spec(m) is None]
        if missing:
            return Readiness(False, f"missing Python packages: {', '.join(missing)} (reinstall matting-studio)")
        return Readiness(True)

    def load(self) -> None:
        with self._lock:
            import pymatting  # noqa: F401 - the solver's import (and numba set-up) is slow; do it here

            self._prior.load()

    def predict(self, image: np.ndarray, trimap: np.ndarray | None = None) -> np.ndarray:
        rgb = as_uint8_rgb(image)
        h, w = rgb.shape[:2]
        if trimap is not None:
            trimap = check_trimap(trimap, (h, w), self.info.id)
        work_size = _fit(w, h, self.work_side)
        work_rgb = _resize(rgb, work_size)
        if trimap is None:
            work_tri, prob = self._work_trimap(rgb, work_rgb)
        else:
            work_tri = _resize_trimap(trimap, work_size)
            prob = (work_tri == FOREGROUND).astype(np.float32)
        alpha = upsample_alpha(self._solve(work_rgb, work_tri, prob, automatic=trimap is None), work_tri, rgb,
                               small_rgb=work_rgb)
        if trimap is not None:  # what the user marked as known stays exactly so at full size
            alpha[trimap == FOREGROUND] = 1.0
            alpha[trimap == BACKGROUND] = 0.0
        return alpha

    def auto_trimap(self, image: np.ndarray) -> AutoTrimap:
        """The automatic trimap (uint8 0/128/255) and the selected subject's person map (float32), both at the
        image's full size: what ``predict`` solves, for trimap backends (closed-form, KNN, LKM, DIM) and the app's
        trimap brush. Raises NoSubjectError when there is nobody."""
        import cv2

        rgb = as_uint8_rgb(image)
        h, w = rgb.shape[:2]
        work_tri, prob = self._work_trimap(rgb, _resize(rgb, _fit(w, h, self.work_side)))
        return AutoTrimap(resize_trimap(work_tri, (w, h)),
                          np.clip(cv2.resize(prob, (w, h), interpolation=cv2.INTER_LINEAR), 0, 1))

    def analyse(self, rgb: np.ndarray) -> tuple[Selection, np.ndarray]:
        """(subject selection, face boxes) at the analysis size: the person map with only the regions that touch a
        face or body landmark kept (``backends.subject``). Raises NoSubjectError when there is nobody."""
        selection, found = self._analyse(rgb)
        return selection, found.faces

    def _analyse(self, rgb: np.ndarray, work_rgb: np.ndarray | None = None) -> tuple[Selection, PersonAnalysis]:
        rgb = as_uint8_rgb(rgb)
        h, w = rgb.shape[:2]
        size = _fit(w, h, self.analysis_side)
        # the working image is the analysis image when both sizes agree: shrink a 24 MP photo once, not twice
        small = work_rgb if work_rgb is not None and work_rgb.shape[1::-1] == size else _resize(rgb, size)
        found = self._prior.analyse(small)
        return self.select(found), found

    def select(self, found: PersonAnalysis) -> Selection:
        """The subject's regions of an analysis (``backends.subject``); NoSubjectError when there is nobody."""
        selection = select_subject(found.probability, found.points, found.faces,
                                   join_px=default_band_px(found.probability.shape))
        if self.drop_leaks and len(found.landmarks):
            selection.probability = drop_bottom_leaks(selection.probability, found.landmarks, found.body)[0]
        if float(np.mean(selection.probability > 0.5)) < MIN_PERSON_AREA:
            raise NoSubjectError(NO_PERSON)
        return selection

    def person_map(self, rgb: np.ndarray) -> np.ndarray:
        """Soft person probability of the selected subject at the analysis size; raises NoSubjectError when there
        is nobody."""
        return self.analyse(rgb)[0].probability

    def _work_trimap(self, rgb: np.ndarray, work_rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(trimap, subject map) at the working size of ``work_rgb``."""
        selection, found = self._analyse(rgb, work_rgb)
        return self.trimap_from(work_rgb, selection, found)

    def trimap_from(self, work_rgb: np.ndarray, selection: Selection,
                    found: PersonAnalysis) -> tuple[np.ndarray, np.ndarray]:
        """(trimap, subject map) at the size of ``work_rgb`` from an analysis made at any size."""
        import cv2

        small = selection.probability
        work_size = (work_rgb.shape[1], work_rgb.shape[0])
        prob = cv2.resize(small, work_size, interpolation=cv2.INTER_LINEAR)
        scale = np.array([work_size[0] / small.shape[1], work_size[1] / small.shape[0]] * 2, np.float32)
        return person_trimap(prob, found.faces * scale, work_rgb), prob

    def _solve(self, rgb: np.ndarray, trimap: np.ndarray, prob: np.ndarray, automatic: bool = True) -> np.ndarray:
        has_fg, has_bg = (trimap == FOREGROUND).any(), (trimap == BACKGROUND).any()
        if not (trimap == UNKNOWN).any():
            return (trimap == FOREGROUND).astype(np.float32)
        if not (has_fg and has_bg):
            # nothing to interpolate between (the person fills the frame, or is all edge): keep the soft map
            return np.clip(prob, 0, 1).astype(np.float32)
        # the person map settles the band's flat stretches (a painted trimap comes with no map)
        return solve_band(rgb, trimap, self.max_unknown, prior=prob if automatic else None)


class AutoFastBackend(AutoBackend):
    info = BackendInfo(
        id="auto-fast", name="Auto (fast preview)",
        description="The built-in Auto cut-out at a smaller working size: a quick preview, softer hair.",
        needs_trimap=False, needs_weights=False,
        working_size="person map at long side 512; matting at long side 512; edges upsampled to full size",
        tags=("builtin", "person", "preview"))
    analysis_side = 512
    work_side = 512
    max_unknown = 60_000


# -- resizing helpers -----------------------------------------------------------------------------------------
def _fit(w: int, h: int, side: int) -> tuple[int, int]:
    """(width, height) with the long side at most ``side`` (never enlarged), each at least 1."""
    s = min(1.0, side / max(w, h))
    return max(1, round(w * s)), max(1, round(h * s))


def _resize(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    import cv2

    if (rgb.shape[1], rgb.shape[0]) == size:
        return np.ascontiguousarray(rgb)
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


_resize_trimap = resize_trimap


def upsample_alpha(alpha: np.ndarray, trimap: np.ndarray, rgb: np.ndarray, radius: int = GUIDE_RADIUS,
                   eps: float = GUIDE_EPS, small_rgb: np.ndarray | None = None) -> np.ndarray:
    """Full-size alpha from a working-size ``alpha`` with a fast guided filter (He & Sun 2015).

    The filter's linear coefficients are fitted at the working size against the shrunk photo, bilinearly
    enlarged and applied to the full-resolution photo, strip by strip, only in the unknown band's box; the rest
    is the working alpha enlarged (it is 0 or 1 there). ``small_rgb``: the photo already shrunk to the alpha's size
    (area averaging), when the caller has it.
    """
    import cv2

    h, w = rgb.shape[:2]
    hs, ws = alpha.shape
    if (hs, ws) == (h, w):
        return np.clip(alpha, 0, 1).astype(np.float32)
    out = cv2.resize(alpha.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    unknown = trimap == UNKNOWN
    if not unknown.any():
        return np.clip(out, 0, 1, out=out)  # in place: the full-size alpha is the only full-size array here
    if small_rgb is None or small_rgb.shape[:2] != (hs, ws):
        small_rgb = _resize(rgb, (ws, hs))
    # the filter's coefficients only where the strips below read them: the band's box at the working size, grown
    # by the two box filters' reach and the strips' own margin (so the values there are the whole image's)
    ys, xs = np.flatnonzero(unknown.any(axis=1)), np.flatnonzero(unknown.any(axis=0))
    margin = 3 * (2 * radius + 1) + 4
    cy0, cy1 = max(0, ys[0] - margin), min(hs, ys[-1] + 1 + margin)
    cx0, cx1 = max(0, xs[0] - margin), min(ws, xs[-1] + 1 + margin)
    a_crop, b_crop = _guided_coefficients(small_rgb[cy0:cy1, cx0:cx1].astype(np.float32) / 255.0,
                                          alpha[cy0:cy1, cx0:cx1].astype(np.float32), radius, eps)
    a_coef = np.zeros((hs, ws, 3), np.float32)
    b_coef = np.zeros((hs, ws), np.float32)
    a_coef[cy0:cy1, cx0:cx1], b_coef[cy0:cy1, cx0:cx1] = a_crop, b_crop
    # the box (in full-size rows/cols) of the unknown band, grown by the filter's reach
    sy, sx = h / hs, w / ws
    grow = 2 * radius + 2
    y0, y1 = max(0, int((ys[0] - grow) * sy)), min(h, int(np.ceil((ys[-1] + 1 + grow) * sy)))
    x0, x1 = max(0, int((xs[0] - grow) * sx)), min(w, int(np.ceil((xs[-1] + 1 + grow) * sx)))
    coef = np.ascontiguousarray(np.dstack([a_coef, b_coef]))  # (hs, ws, 4): A_r, A_g, A_b, b
    band = unknown.astype(np.uint8)
    for r0 in range(y0, y1, STRIP_ROWS):
        r1 = min(y1, r0 + STRIP_ROWS)
        # full-size pixel (x, y) of this strip sits at ((x + x0 + .5) / sx - .5, (y + r0 + .5) / sy - .5) below
        m = np.array([[1 / sx, 0, (x0 + 0.5) / sx - 0.5], [0, 1 / sy, (r0 + 0.5) / sy - 0.5]], np.float64)
        size = (x1 - x0, r1 - r0)
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        c = cv2.warpAffine(coef, m, size, flags=flags, borderMode=cv2.BORDER_REPLICATE)
        guide = rgb[r0:r1, x0:x1].astype(np.float32) * (1 / 255.0)
        q = np.einsum("hwc,hwc->hw", c[..., :3], guide) + c[..., 3]
        # only inside the (enlarged) unknown band; known pixels keep their 0/1
        inside = cv2.warpAffine(band, m, size, flags=flags, borderMode=cv2.BORDER_REPLICATE) > 0
        strip = out[r0:r1, x0:x1]
        strip[inside] = q[inside]
    return np.clip(out, 0, 1, out=out)


def _guided_coefficients(guide: np.ndarray, src: np.ndarray, radius: int, eps: float):
    """Colour guided filter coefficients (A: H x W x 3, b: H x W), already box-averaged."""
    import cv2

    k = (2 * radius + 1, 2 * radius + 1)

    def box(x):
        return cv2.boxFilter(x, -1, k, borderType=cv2.BORDER_REFLECT)

    mean_i = box(guide)
    mean_p = box(src)
    cov_ip = box(guide * src[..., None]) - mean_i * mean_p[..., None]
    var = np.empty(guide.shape[:2] + (3, 3), np.float32)
    for i in range(3):
        for j in range(i, 3):
            v = box(guide[..., i] * guide[..., j]) - mean_i[..., i] * mean_i[..., j]
            var[..., i, j] = var[..., j, i] = v
    var += eps * np.eye(3, dtype=np.float32)
    a = np.linalg.solve(var, cov_ip[..., None])[..., 0].astype(np.float32)
    b = mean_p - np.einsum("hwc,hwc->hw", a, mean_i)
    return np.ascontiguousarray(box(a)), np.ascontiguousarray(box(b.astype(np.float32)))
