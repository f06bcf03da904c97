"""Puts a cut-out on its new background: transparent, a solid colour, another image, or the blurred original.

Works in float [0, 1] and returns uint8 or uint16 pixels matching the source's bit depth. Colours are blended in
the image's own encoding (as photo editors do), using the estimated foreground colours when given.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..contract import as_float_rgb

NAMED_COLOURS = {"white": (255, 255, 255), "black": (0, 0, 0), "grey": (128, 128, 128), "gray": (128, 128, 128),
                 "red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "studio-blue": (32, 90, 167),
                 "passport-blue": (67, 142, 219), "passport-red": (200, 16, 46)}


@dataclass(frozen=True)
class Background:
    """kind is ``transparent``, ``color`` (rgb), ``image`` (path) or ``blur`` (strength 0..100)."""

    kind: str = "transparent"
    rgb: tuple[int, int, int] = (255, 255, 255)
    path: Path | None = None
    strength: float = 30.0

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


def cover_fit(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Scale ``image`` to cover (height, width) and crop the centre, like CSS ``object-fit: cover``."""
    import cv2

    h, w = image.shape[:2]
    scale = max(height / h, width / w)
    nh, nw = max(height, int(np.ceil(h * scale))), max(width, int(np.ceil(w * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (nw, nh), interpolation=interp)
    y0, x0 = (nh - height) // 2, (nw - width) // 2
    return resized[y0:y0 + height, x0:x0 + width]


def background_pixels(bg: Background, image: np.ndarray, alpha: np.ndarray,
                      background_estimate: np.ndarray | None = None) -> np.ndarray:
    """The new background as (H, W, 3) float in [0, 1] for an image of this size."""
    h, w = alpha.shape
    if bg.kind == "color":
        return np.broadcast_to(np.asarray(bg.rgb, np.float32) / np.float32(255.0), (h, w, 3))
    if bg.kind == "image":
        from .reader import read_image

        if bg.path is None:
            raise ValueError("an image background needs the image's path")

        other = as_float_rgb(read_image(bg.path).rgb, np.float32)
        return cover_fit(other, h, w)
    if bg.kind == "blur":
        return _blurred_background(image, alpha, bg.strength, background_estimate)
    raise ValueError(f"background {bg.kind!r} has no pixels")


def _blurred_background(image, alpha, strength, background_estimate):
    """Blur the scene behind the subject without smearing the subject into it (alpha-weighted blur)."""
    import cv2

    img = as_float_rgb(image, np.float32) if background_estimate is None else background_estimate
    sigma = max(strength, 0.0) / 100.0 * 0.02 * max(alpha.shape)
    if sigma < 0.3:
        return img
    weight = (1.0 - np.clip(alpha, 0, 1)).astype(np.float32)
    num = cv2.GaussianBlur((img * weight[..., None]).astype(np.float32), (0, 0), sigma)
    den = cv2.GaussianBlur(weight, (0, 0), sigma)[..., None]
    plain = cv2.GaussianBlur(img.astype(np.float32), (0, 0), sigma)
    out = np.where(den > 1e-3, num / np.maximum(den, 1e-6), plain)
    return out.astype(np.float32)


def compose(image: np.ndarray, alpha: np.ndarray, bg: Background, foreground: np.ndarray | None = None,
            background_estimate: np.ndarray | None = None, out_dtype=np.uint8) -> np.ndarray:
    """Final pixels: RGBA (straight alpha) for a transparent background, else RGB on the new background."""
    a = np.clip(np.asarray(alpha, np.float32), 0, 1)
    fg = as_float_rgb(image, np.float32) if foreground is None else foreground
    top = 65535.0 if out_dtype == np.uint16 else 255.0
    if bg.kind == "transparent":
        out = np.dstack([fg, a])
    else:
        back = background_pixels(bg, image, a, background_estimate)
        out = fg * a[..., None] + back * (1.0 - a[..., None])
    return np.round(np.clip(out, 0, 1) * top).astype(out_dtype)


def alpha_pixels(alpha: np.ndarray, out_dtype=np.uint8) -> np.ndarray:
    top = 65535.0 if out_dtype == np.uint16 else 255.0
    return np.round(np.clip(alpha, 0, 1) * top).astype(out_dtype)
