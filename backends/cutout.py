"""The one data flow of the app: image -> backend -> alpha -> edge controls -> foreground estimation -> compose
-> export.

``matte`` asks a backend for the alpha; ``render`` turns a picture and its alpha into the bytes of an output file
according to ``ExportOptions`` (whose edge controls adjust the matte first, leaving the computed one as it is).
The CLI, the batch engine and the desktop app all call these two.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .contract import Backend, BackendError, NoSubjectError, Readiness
from .edges import EdgeControls
from .imaging.compose import Background, Composer, alpha_pixels, background_pixels
from .imaging.foreground import EdgeColours, estimate_foreground
from .imaging.metadata import KEEP, POLICIES, embed
from .imaging.png import COMPRESSIONS, STRIP_ROWS, PngStream
from .imaging.reader import Picture
from .imaging.writer import FORMATS, PNG_TEXT, encode


@dataclass(frozen=True)
class ExportOptions:
    """What to write: ``fmt`` is png, tiff, jpeg, webp, psd (layers: the photo with the matte as its layer mask)
    or alpha (the matte alone, as a grey PNG); ``metadata`` is keep, no-gps or strip (the photo's EXIF / IPTC /
    XMP in the output)."""

    fmt: str = "png"
    background: Background = field(default_factory=Background)
    decontaminate: bool = True  # estimate foreground colours so edges carry no fringe
    quality: int = 95
    keep_16bit: bool = True  # 16-bit input gives 16-bit PNG/TIFF/PSD output
    edges: EdgeControls = field(default_factory=EdgeControls)  # smooth, feather, contrast, shift edge
    metadata: str = KEEP
    compression: str = "fast"  # PNG/TIFF: "fast" to write, or "small" files (about 10 % smaller, 10x slower)

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {self.fmt!r}; choose from {', '.join(FORMATS)}")
        if self.compression not in COMPRESSIONS:
            raise ValueError(f"unknown compression {self.compression!r}; choose from {', '.join(COMPRESSIONS)}")
        if self.metadata not in POLICIES:
            raise ValueError(f"unknown metadata choice {self.metadata!r}; choose from {', '.join(POLICIES)}")

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

    def __init__(self, trimap_backend: Backend, source: Backend) -> None:
        if source.info.needs_trimap:
            raise BackendError(f"{source.info.name} needs a trimap itself, so it cannot make one")
        super().__init__(trimap_backend.options)
        self.inner, self.source = trimap_backend, source
        self.info = replace(trimap_backend.info, needs_trimap=False,
                            name=f"{trimap_backend.info.name} on {source.info.name} trimaps")

    def readiness(self) -> Readiness:
        return self.inner.readiness()

    def load(self) -> None:
        self.inner.load()
        self.source.load()

    def predict(self, image: np.ndarray, trimap: np.ndarray | None = None) -> np.ndarray:
        if trimap is None:
            try:
                trimap = self.auto_trimap(image)
            except NoSubjectError:
                raise NoSubjectError(f"{self.source.info.name} found no person to make an automatic trimap from: "
                                     "paint a trimap for this photo (or give it one with --trimap-dir)") from None
        return self.inner.predict(image, trimap)

    def auto_trimap(self, image: np.ndarray) -> np.ndarray:
        """The trimap made for ``image`` when none was painted: the source's own automatic trimap when it has one
        (the Auto backends: person map, subject selection, hair zone, enclosed background), else a ring around its
        alpha's outline."""
        from .trimap import trimap_from_alpha

        make = getattr(self.source, "auto_trimap", None)
        if make is not None:
            trimap: np.ndarray = make(image).trimap
            return trimap
        return trimap_from_alpha(self.source.predict(image))


def matte(backend: Backend, picture: Picture, trimap: np.ndarray | None = None) -> np.ndarray:
    """Alpha (H, W) float32 in [0, 1] for the picture, checked for shape and range.

    Where the photo itself is transparent (a PNG with alpha), the cut-out is too: its own alpha multiplies ours.
    """
    if backend.info.needs_trimap and trimap is None:
        raise BackendError(f"{backend.info.name} needs a trimap (give --trimap-dir, or paint one in the app)")
    alpha: np.ndarray = np.asarray(backend.predict(picture.rgb, trimap), dtype=np.float32)
    if alpha.shape != picture.rgb.shape[:2]:
        raise BackendError(f"backend {backend.info.id} returned a {alpha.shape} alpha for a "
                           f"{picture.rgb.shape[:2]} image")
    if not (alpha.size and alpha.min() >= 0.0 and alpha.max() <= 1.0):  # NaN fails both tests
        alpha = np.clip(np.nan_to_num(alpha, nan=0.0), 0.0, 1.0)
    # (otherwise the usual case: no full-size copy of the backend's alpha)
    if picture.alpha is not None:
        own, top = picture.alpha, np.float32(65535.0 if picture.alpha.dtype == np.uint16 else 255.0)
        out = np.empty_like(alpha)
        for r0 in range(0, out.shape[0], STRIP_ROWS):  # in strips: no full-size float copy of the photo's alpha
            out[r0:r0 + STRIP_ROWS] = alpha[r0:r0 + STRIP_ROWS] * (own[r0:r0 + STRIP_ROWS] / top)
        alpha = out
    return alpha


#: a cut-out with fewer pixels than this share of the photo on one side of 0.5 is suspicious
EMPTY_SHARE = 1e-4


def matte_warnings(alpha: np.ndarray) -> list[str]:
    """What is suspicious about a finished matte (written all the same): nothing kept, or nothing cut away."""
    kept = float(np.count_nonzero(alpha > 0.5)) / max(1, alpha.size)
    if kept < EMPTY_SHARE:
        return ["the cut-out is empty (fully transparent): nothing was taken for the subject"]
    if kept > 1 - EMPTY_SHARE and float(alpha.min()) > 0.5:
        return ["nothing was cut away (the whole photo was taken for the subject)"]
    return []


def render(picture: Picture, alpha: np.ndarray, options: ExportOptions) -> bytes:
    """Bytes of the output file for ``picture`` cut out with ``alpha``.

    PNG (and the matte alone) are composed and encoded a strip of rows at a time, so besides the photo and its
    alpha only the encoded file is held in full; other formats are composed whole, then encoded.
    """
    alpha = options.edges.apply(alpha)
    depth = np.uint16 if picture.bit_depth == 16 and options.keep_16bit and options.fmt in (
        "png", "tiff", "alpha", "psd") else np.uint8
    h, w = alpha.shape
    if options.fmt == "alpha":
        matte_png = PngStream(w, h, 1, depth, compression=options.compression, text=PNG_TEXT)
        for r0 in range(0, h, STRIP_ROWS):
            matte_png.add(alpha_pixels(alpha[r0:r0 + STRIP_ROWS], depth))
        return matte_png.finish()
    if options.fmt == "psd":
        return embed(_layered(picture, alpha, options, 16 if depth == np.uint16 else 8), picture.metadata,
                     options.metadata, picture.size)
    colours = EdgeColours(picture.rgb, alpha) if options.decontaminate else None
    composer = Composer(picture.rgb, alpha, options.effective_background(), colours, depth)
    if options.fmt == "png":
        stream = PngStream(w, h, composer.channels, depth, picture.icc_profile, options.compression, PNG_TEXT)
        for _, rows in composer.strips():
            stream.add(rows)
        data = stream.finish()
    else:
        pixels = composer.whole()
        del composer, colours
        data = encode(pixels, options.fmt, picture.icc_profile, options.quality, compression=options.compression)
    return embed(data, picture.metadata, options.metadata, picture.size)


def _layered(picture: Picture, alpha: np.ndarray, options: ExportOptions, depth: int) -> bytes:
    """The PSD: the photo with the matte as its layer mask, over the chosen background as a layer of its own."""
    from .imaging.psd import encode_psd

    bg = options.background
    background = None
    if bg.opaque:
        back = None
        if bg.kind == "blur" and options.decontaminate:
            _fg, back = estimate_foreground(picture.rgb, alpha, return_background=True)
        background = background_pixels(bg, picture.rgb, alpha, back)
    return encode_psd(picture.rgb, alpha, background, depth, picture.icc_profile)
