"""Puts a cut-out on its new background: transparent, a solid colour, another image, or the blurred original.

``Composer`` makes the output a strip of rows at a time (``rows``), straight into uint8 or uint16, so nothing
full-size is ever held in float: the PNG writer takes the strips as they come, other formats get the whole image
from ``compose``. Colours are blended in the image's own encoding (as photo editors do), using the estimated
foreground colours (``EdgeColours``) where alpha is partial. On a transparent background the colour of fully
transparent pixels is set to black: it is invisible, and keeping it would leave the removed background in the
file (and make it about 50 % larger and slower to write).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..contract import as_float_rgb
from .foreground import TILE, EdgeColours, partial_mask

NAMED_COLOURS = {"white": (255, 255, 255), "black": (0, 0, 0), "grey": (128, 128, 128), "gray": (128, 128, 128),
                 "red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "studio-blue": (32, 90, 167),
                 "passport-blue": (67, 142, 219), "passport-red": (200, 16, 46)}


@dataclass(frozen=True)
class Background:
    """kind is ``transparent``, ``color`` (rgb), ``image`` (path) or ``blur`` (strength 0..100).

    An image covers the photo (``cover_fit``), enlarged ``zoom`` times more (1 to 4), and moved by ``offset``
    (x, y, each -1 to 1: -1 shows its left / top edge, 0 its centre, 1 its right / bottom edge).
    """

    kind: str = "transparent"
    rgb: tuple[int, int, int] = (255, 255, 255)
    path: Path | None = None
    strength: float = 30.0
    zoom: float = 1.0
    offset: tuple[float, float] = (0.0, 0.0)

    @property
    def opaque(self) -> bool:
        return self.kind != "transparent"

    @classmethod
    def parse(cls, text: str) -> Background:
        """From the CLI: ``transparent``, ``#RRGGBB``, ``white`` (a colour name), ``blur[:STRENGTH]``,
        or ``image:PATH`` / an existing image path."""
        t = text.strip()
        low = t.lower()
        if low in ("", "transparent", "none"):
            return cls("transparent")
        if low == "blur" or low.startswith("blur:"):
            strength = float(low.split(":", 1)[1]) if ":" in low else 30.0
            if not 0 <= strength <= 100:
                raise ValueError("blur strength must be between 0 and 100")
            return cls("blur", strength=strength)
        if low in NAMED_COLOURS:
            return cls("color", rgb=NAMED_COLOURS[low])
        if low.startswith("#") or low.startswith("color:"):
            return cls("color", rgb=parse_hex(t.split(":", 1)[-1]))
        path = Path(t[6:] if low.startswith("image:") else t)
        if path.exists():
            return cls("image", path=path)
        raise ValueError(f"background {text!r} is neither 'transparent', a colour (#RRGGBB or "
                         f"{', '.join(sorted(NAMED_COLOURS))}), 'blur[:STRENGTH]' nor an existing image")


def parse_hex(text: str) -> tuple[int, int, int]:
    h = text.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6 or any(c not in "0123456789abcdefABCDEF" for c in h):
        raise ValueError(f"{text!r} is not a colour like #1a2b3c")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


#: how far a background image can be enlarged beyond covering the photo
MAX_ZOOM = 4.0


def cover_fit(image: np.ndarray, height: int, width: int, zoom: float = 1.0,
              offset: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """Scale ``image`` to cover (height, width) and crop the centre, like CSS ``object-fit: cover``; ``zoom``
    enlarges it further and ``offset`` (x, y in -1..1) moves the crop from the centre towards an edge."""
    import cv2

    h, w = image.shape[:2]
    scale = max(height / h, width / w) * float(np.clip(zoom, 1.0, MAX_ZOOM))
    nh, nw = max(height, int(np.ceil(h * scale))), max(width, int(np.ceil(w * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (nw, nh), interpolation=interp)
    ox, oy = (float(np.clip(v, -1.0, 1.0)) for v in offset)
    x0 = int(round((nw - width) * (0.5 + ox / 2)))
    y0 = int(round((nh - height) * (0.5 + oy / 2)))
    return resized[y0:y0 + height, x0:x0 + width]


def dragged_offset(bg_size: tuple[int, int], height: int, width: int, zoom: float, offset: tuple[float, float],
                   dx: float, dy: float) -> tuple[float, float]:
    """The ``offset`` of a background image of ``bg_size`` (width, height) placed by ``cover_fit`` on a (height,
    width) photo after it is dragged by (dx, dy) photo pixels: the image follows the pointer until its edge meets
    the photo's; along a side where it just covers the photo (no zoom) it cannot move."""
    bw, bh = bg_size
    scale = max(height / bh, width / bw) * float(np.clip(zoom, 1.0, MAX_ZOOM))
    moved = []
    for value, delta, slack in ((offset[0], dx, bw * scale - width), (offset[1], dy, bh * scale - height)):
        if slack >= 1.0:
            value = value - 2.0 * delta / slack
        moved.append(float(np.clip(value, -1.0, 1.0)))
    return moved[0], moved[1]


def _top(dtype) -> float:
    return 65535.0 if dtype == np.uint16 else 255.0


def blurred_background(image: np.ndarray, alpha: np.ndarray, strength: float):
    """The scene blurred without smearing the subject into it (alpha-weighted blur), as (field, factor): the blur
    computed at 1/factor of the size (float32 in [0, 1]), or (None, 1) when the blur is too weak to matter."""
    import cv2

    h, w = alpha.shape
    sigma = max(strength, 0.0) / 100.0 * 0.02 * max(h, w)
    if sigma < 0.3:
        return None, 1
    factor = max(1, int(sigma // 4))  # a Gaussian of 4+ pixels survives shrinking and bilinear enlarging
    size = (max(1, -(-w // factor)), max(1, -(-h // factor)))
    img = as_float_rgb(image, np.float32) if image.dtype.kind == "f" else image
    small = cv2.resize(img, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    small *= np.float32(1.0 / _top(image.dtype)) if image.dtype.kind != "f" else np.float32(1.0)
    weight = 1.0 - np.clip(cv2.resize(np.asarray(alpha, np.float32), size, interpolation=cv2.INTER_AREA), 0, 1)
    s = sigma / factor
    num = cv2.GaussianBlur(small * weight[..., None], (0, 0), s)
    den = cv2.GaussianBlur(weight, (0, 0), s)[..., None]
    plain = cv2.GaussianBlur(small, (0, 0), s)
    return np.where(den > 1e-3, num / np.maximum(den, 1e-6), plain).astype(np.float32), factor


def _enlarge(field: np.ndarray, factor: int, r0: int, r1: int, width: int) -> np.ndarray:
    """Rows r0:r1 of ``field`` enlarged ``factor`` times (bilinear, pixel centres aligned)."""
    import cv2

    if factor == 1:
        return field[r0:r1, :width]
    m = np.array([[1 / factor, 0, 0.5 / factor - 0.5], [0, 1 / factor, (r0 + 0.5) / factor - 0.5]], np.float64)
    return cv2.warpAffine(field, m, (width, r1 - r0), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REPLICATE)


def background_pixels(bg: Background, image: np.ndarray, alpha: np.ndarray,
                      background_estimate: np.ndarray | None = None) -> np.ndarray:
    """The new background as (H, W, 3) float32 in [0, 1] for an image of this size (previews)."""
    h, w = alpha.shape
    if bg.kind == "color":
        return np.broadcast_to(np.asarray(bg.rgb, np.float32) / np.float32(255.0), (h, w, 3))
    if bg.kind == "image":
        from .reader import read_image

        if bg.path is None:
            raise ValueError("an image background needs the image's path")
        other = read_image(bg.path).rgb
        fitted = cover_fit(other, h, w, bg.zoom, bg.offset)
        return fitted.astype(np.float32) / np.float32(_top(other.dtype))
    if bg.kind == "blur":
        source = image if background_estimate is None else background_estimate
        field, factor = blurred_background(source, alpha, bg.strength)
        if field is None:
            return as_float_rgb(source, np.float32)
        return _enlarge(field, factor, 0, h, w)
    raise ValueError(f"background {bg.kind!r} has no pixels")


class Composer:
    """The output of ``image`` cut out with ``alpha`` on ``bg``, strip by strip: ``rows(r0, r1)``.

    RGBA (straight alpha) on a transparent background, else RGB; ``out_dtype`` uint8 or uint16. ``edges`` gives
    the foreground colours where alpha is partial (None: the photo's own colours, i.e. no decontamination).
    """

    def __init__(self, image: np.ndarray, alpha: np.ndarray, bg: Background, edges: EdgeColours | None = None,
                 out_dtype=np.uint8):
        self.image, self.alpha, self.bg, self.edges = image, alpha, bg, edges
        self.out_dtype = np.dtype(out_dtype)
        self.top = _top(self.out_dtype)
        self.height, self.width = alpha.shape
        self.channels = 3 if bg.opaque else 4
        self.back: np.ndarray | None = None
        self.factor = 1
        self.back_top = 255.0
        if bg.kind == "color":
            self.back = np.asarray(bg.rgb, np.float32) / np.float32(255.0)
        elif bg.kind == "image":
            from .reader import read_image

            if bg.path is None:
                raise ValueError("an image background needs the image's path")
            other = read_image(bg.path).rgb
            self.back = cover_fit(other, self.height, self.width, bg.zoom, bg.offset)
            self.back_top = _top(other.dtype)
        elif bg.kind == "blur":
            self.back, self.factor = blurred_background(image, alpha, bg.strength)
        elif bg.kind != "transparent":
            raise ValueError(f"background {bg.kind!r} has no pixels")

    def _colours(self, r0: int, r1: int) -> np.ndarray:
        """The photo's rows r0:r1 in the output's dtype (uint8/uint16), or float32 in [0, 1] for a float photo."""
        rows = self.image[r0:r1]
        if rows.dtype == self.out_dtype:
            return rows
        if rows.dtype.kind == "f":
            return np.clip(rows, 0, 1).astype(np.float32)
        if rows.dtype == np.uint16:  # to 8 bits
            return ((rows.astype(np.uint32) * 255 + 32767) // 65535).astype(np.uint8)
        return rows.astype(np.uint16) * np.uint16(257)  # 8 -> 16 bits

    def _edge_tiles(self, r0: int, r1: int) -> Iterator[tuple[int, int, np.ndarray, np.ndarray]]:
        """(x0, x1, partial mask, F) for each tile of rows r0:r1 holding partial pixels."""
        if self.edges is None:
            return
        for x0 in range(0, self.width, TILE):
            x1 = min(self.width, x0 + TILE)
            got = self.edges.tile(r0, r1, x0, x1)
            if got is not None:
                yield x0, x1, partial_mask(self.alpha[r0:r1, x0:x1]), got[0]

    def rows(self, r0: int, r1: int) -> np.ndarray:
        a = np.clip(self.alpha[r0:r1], 0, 1).astype(np.float32, copy=False)  # a new array: ours to change
        top = np.float32(self.top)
        if self.channels == 4:
            import cv2

            a *= top
            a += np.float32(0.5)
            stored = a.astype(self.out_dtype)  # truncation of x + 0.5: rounded
            colours = self._colours(r0, r1)
            if colours.dtype.kind == "f":
                colours = (colours * top + np.float32(0.5)).astype(self.out_dtype)
            # black where fully transparent (a new array: the photo is never written to)
            colours = cv2.bitwise_and(colours, colours, mask=cv2.compare(stored, 0, cv2.CMP_NE))
            for x0, x1, part, fg in self._edge_tiles(r0, r1):
                block = colours[:, x0:x1]
                block[part] = fg[part] * top + np.float32(0.5)
            return cv2.merge([colours, stored])
        out = np.empty((r1 - r0, self.width, self.channels), self.out_dtype)
        colours = self._colours(r0, r1)
        fg = colours.astype(np.float32) * np.float32(1.0 / self.top) if colours.dtype.kind != "f" else colours
        for x0, x1, part, f in self._edge_tiles(r0, r1):
            fg[:, x0:x1][part] = f[part]
        back = self._back(r0, r1)
        a3 = a[..., None]
        fg -= back
        fg *= a3
        fg += back
        out[...] = np.clip(fg, 0, 1) * top + np.float32(0.5)
        return out

    def _back(self, r0: int, r1: int) -> np.ndarray:
        if self.back is None:  # a blur too weak to matter: the photo itself
            colours = self._colours(r0, r1)
            return colours.astype(np.float32) * np.float32(1.0 / self.top) if colours.dtype.kind != "f" else colours
        if self.bg.kind == "color":
            return self.back
        if self.bg.kind == "image":
            return self.back[r0:r1].astype(np.float32) * np.float32(1.0 / self.back_top)
        return _enlarge(self.back, self.factor, r0, r1, self.width)

    def strips(self) -> Iterator[tuple[int, np.ndarray]]:
        """(r0, rows) for every strip of the output, top to bottom."""
        for r0 in range(0, self.height, TILE):
            r1 = min(self.height, r0 + TILE)
            yield r0, self.rows(r0, r1)

    def whole(self) -> np.ndarray:
        out = np.empty((self.height, self.width, self.channels), self.out_dtype)
        for r0, rows in self.strips():
            out[r0:r0 + rows.shape[0]] = rows
        return out


def compose(image: np.ndarray, alpha: np.ndarray, bg: Background, edges: EdgeColours | None = None,
            out_dtype=np.uint8) -> np.ndarray:
    """Final pixels: RGBA (straight alpha) for a transparent background, else RGB on the new background."""
    return Composer(image, alpha, bg, edges, out_dtype).whole()


def alpha_pixels(alpha: np.ndarray, out_dtype=np.uint8) -> np.ndarray:
    """The matte as grey uint8/uint16 pixels."""
    top = np.float32(_top(np.dtype(out_dtype)))
    out = np.empty(alpha.shape, out_dtype)
    for r0 in range(0, alpha.shape[0], TILE):
        rows = np.clip(alpha[r0:r0 + TILE], 0, 1).astype(np.float32, copy=False)
        out[r0:r0 + TILE] = rows * top + np.float32(0.5)
    return out
