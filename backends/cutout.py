"""The one data flow of the app: image -> backend -> alpha -> foreground estimation -> compose -> export.

``matte`` asks a backend for the alpha; ``render`` turns a picture and its alpha into the bytes of an output file
according to ``ExportOptions``. The CLI, the batch engine and the desktop app all call these two.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .contract import Backend, BackendError
from .imaging.compose import Background, alpha_pixels, compose
from .imaging.foreground import estimate_foreground
from .imaging.reader import Picture
from .imaging.writer import FORMATS, encode


@dataclass(frozen=True)
class ExportOptions:
    """What to write: ``fmt`` is png, tiff, jpeg, webp or alpha (the matte alone, as a grey PNG)."""

    fmt: str = "png"
    background: Background = field(default_factory=Background)
    decontaminate: bool = True  # estimate foreground colours so edges carry no fringe
    quality: int = 95
    keep_16bit: bool = True  # 16-bit input gives 16-bit PNG/TIFF output

    def __post_init__(self):
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {self.fmt!r}; choose from {', '.join(FORMATS)}")

    @property
    def suffix(self) -> str:
        return FORMATS[self.fmt]

    def effective_background(self) -> Background:
        """JPEG cannot be transparent: a transparent background becomes white there."""
        if self.fmt == "jpeg" and not self.background.opaque:
            return Background("color", rgb=(255, 255, 255))
        return self.background


class AutoTrimapBackend(Backend):
    """A trimap backend (DIM, closed-form...) fed with trimaps made from another backend's alpha."""

    def __init__(self, trimap_backend: Backend, source: Backend):
        if source.info.needs_trimap:
            raise BackendError(f"{source.info.name} needs a trimap itself, so it cannot make one")
        self.inner, self.source = trimap_backend, source
        self.info = replace(trimap_backend.info, needs_trimap=False,
                            name=f"{trimap_backend.info.name} on {source.info.name} trimaps")

    def readiness(self):
        return self.inner.readiness()

    def load(self) -> None:
        self.inner.load()
        self.source.load()

    def predict(self, image, trimap=None):
        if trimap is None:
            trimap = self.auto_trimap(image)
        return self.inner.predict(image, trimap)

    def auto_trimap(self, image) -> np.ndarray:
        """The trimap made for ``image`` when none was painted: the source's own automatic trimap when it has one
        (the Auto backends: person map, subject selection, hair zone, enclosed background), else a ring around its
        alpha's outline."""
        from .trimap import trimap_from_alpha

        if hasattr(self.source, "auto_trimap"):
            return self.source.auto_trimap(image).trimap
        return trimap_from_alpha(self.source.predict(image))


def matte(backend: Backend, picture: Picture, trimap: np.ndarray | None = None) -> np.ndarray:
    """Alpha (H, W) float32 in [0, 1] for the picture, checked for shape and range."""
    if backend.info.needs_trimap and trimap is None:
        raise BackendError(f"{backend.info.name} needs a trimap (give --trimap-dir, or paint one in the app)")
    alpha = backend.predict(picture.rgb, trimap)
    alpha = np.asarray(alpha, dtype=np.float32)
    if alpha.shape != picture.rgb.shape[:2]:
        raise BackendError(f"backend {backend.info.id} returned a {alpha.shape} alpha for a "
                           f"{picture.rgb.shape[:2]} image")
    return np.clip(np.nan_to_num(alpha, nan=0.0), 0.0, 1.0)


def render(picture: Picture, alpha: np.ndarray, options: ExportOptions) -> bytes:
    """Bytes of the output file for ``picture`` cut out with ``alpha``."""
    depth = np.uint16 if picture.bit_depth == 16 and options.keep_16bit and options.fmt in ("png", "tiff", "alpha") \
        else np.uint8
    if options.fmt == "alpha":
        return encode(alpha_pixels(alpha, depth), "png")
    bg = options.effective_background()
    fg = back = None
    if options.decontaminate:
        if bg.kind == "blur":
            fg, back = estimate_foreground(picture.rgb, alpha, return_background=True)
        else:
            fg = estimate_foreground(picture.rgb, alpha)
    pixels = compose(picture.rgb, alpha, bg, fg, back, out_dtype=depth)
    return encode(pixels, options.fmt, picture.icc_profile, options.quality)
