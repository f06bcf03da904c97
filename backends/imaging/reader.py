"""Reads a photo into an RGB array the way a photographer expects: upright, full bit depth, colour profile kept.

JPEG, PNG (8/16-bit, grey, palette, with alpha), TIFF (8/16-bit), WebP, BMP, HEIC/HEIF/AVIF (``heif.py``) and
camera RAW files (``raw.py``, developed through LibRaw) are read; EXIF orientation is applied; CMYK is converted to
RGB (through its ICC profile when it has one); the photo's EXIF / IPTC / XMP come along in ``Picture.metadata``
(``metadata.py``) for the outputs; decompression bombs, truncated and unreadable files are refused with an
``ImageReadError`` whose message names the file and the problem.
"""
from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from . import heif, raw
from .orientation import orient
from .metadata import Metadata, read_metadata

#: Largest image accepted, in pixels (a 150-megapixel medium-format file passes; a bomb does not).
MAX_PIXELS = 300_000_000
SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp") + heif.HEIF_SUFFIXES + raw.RAW_SUFFIXES
# Pillow's own global bomb check is replaced by ``max_pixels``, checked on the header before any decoding.
Image.MAX_IMAGE_PIXELS = None


class ImageReadError(ValueError):
    """A file cannot be read as a photo; the message is for the user."""


@dataclass
class Picture:
    """A decoded photo: RGB pixels (uint8 or uint16), any alpha it carried, and what must survive to the output."""

    rgb: np.ndarray
    path: Path | None = None
    alpha: np.ndarray | None = None
    icc_profile: bytes | None = None
    metadata: Metadata | None = None  # EXIF / IPTC / XMP to write into the outputs

    @property
    def bit_depth(self) -> int:
        return 16 if self.rgb.dtype == np.uint16 else 8

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)."""
        return self.rgb.shape[1], self.rgb.shape[0]


def is_image_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


#: what ``probe_pixels`` assumes when a header cannot be read (the read itself will then say what is wrong)
DEFAULT_PIXELS = 24_000_000


def probe_size(path: str | os.PathLike) -> tuple[int, int] | None:
    """(width, height) of the photo as ``read_image`` gives it (EXIF orientation applied), from its header alone
    (cheap); None when that cannot be read. A camera RAW is asked of LibRaw (Pillow would see the small preview
    some RAWs start with)."""
    try:
        if Path(path).suffix.lower() in raw.RAW_SUFFIXES:
            h, w = raw.probe_size(path)
            return w, h
        heif.register()
        with Image.open(path) as im:
            w, h = im.size
            if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # a quarter turn, as read_image applies it
                w, h = h, w
        return w, h
    except Exception:  # noqa: BLE001 - unreadable header
        return None


def probe_pixels(path: str | os.PathLike) -> int:
    """The photo's pixel count from its header alone (cheap, ``probe_size``); ``DEFAULT_PIXELS`` when that cannot
    be read."""
    size = probe_size(path)
    return DEFAULT_PIXELS if size is None else max(1, size[0] * size[1])


def read_image(source: str | os.PathLike | bytes, max_pixels: int = MAX_PIXELS, raw_preview: bool = False,
               metadata: bool = True) -> Picture:
    """Decode ``source`` (a path, or the file's bytes) into a ``Picture``.

    A camera RAW is developed in full, or with ``raw_preview`` stood in for by its embedded JPEG at the same size
    (fast, for the app's previews). ``metadata`` False skips reading the EXIF / IPTC / XMP."""
    path = None if isinstance(source, bytes) else Path(source)
    label = path.name if path else "image"
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except IsADirectoryError:
        raise ImageReadError(f"{label}: is a folder, not an image") from None
    except OSError as exc:
        raise ImageReadError(f"{label}: cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise ImageReadError(f"{label}: the file is empty")
    try:
        if raw.looks_like_raw(data, path.suffix if path else ""):
            picture = _decode_raw(data, max_pixels, raw_preview)
        else:
            picture = _decode(data, max_pixels)
    except (ImageReadError, raw.RawReadError) as exc:
        raise ImageReadError(f"{label}: {exc}") from None
    except UnidentifiedImageError:
        raise ImageReadError(f"{label}: not an image, or a format that is not supported "
                             f"(supported: {', '.join(SUFFIXES)})") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        reason = str(exc)
        if "truncated" in reason or "broken data stream" in reason or "image file is" in reason:
            reason = "the file is truncated or corrupt"
        raise ImageReadError(f"{label}: cannot decode the image ({reason})") from None
    picture.path = path
    if metadata:
        picture.metadata = read_metadata(data)
    return picture


def _decode_raw(data: bytes, max_pixels: int, preview: bool) -> Picture:
    """A camera RAW; a file only named like one (a JPEG saved as .dng) is read as what it is."""
    try:
        rgb = raw.preview(data, max_pixels) if preview else raw.develop(data, max_pixels)
    except raw.RawReadError:
        if raw.looks_like_raw(data):  # a RAW by its content: its own error is the one to give
            raise
        try:
            return _decode(data, max_pixels)
        except Exception:  # noqa: BLE001 - the RAW guess was wrong: re-raise the RAW reader's error below
            pass
        raise
    return Picture(rgb, icc_profile=_srgb_profile())


@functools.lru_cache(maxsize=1)
def _srgb_profile() -> bytes:
    """The sRGB profile the RAW develop is in, so that the outputs say so (made once: its header holds the time)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _decode(data: bytes, max_pixels: int) -> Picture:
    heif.register()
    im = Image.open(io.BytesIO(data))
    w, h = im.size
    if w * h > max_pixels:
        raise ImageReadError(f"refused: {w}x{h} is {w * h / 1e6:.0f} megapixels, more than the "
                             f"{max_pixels / 1e6:.0f} allowed (a decompression bomb, or too large to cut out)")
    if w == 0 or h == 0:
        raise ImageReadError("the image has no pixels")
    icc = im.info.get("icc_profile")
    deep = heif.decode_deep(data) if im.format == "HEIF" else None
    if deep is not None:
        rgb, alpha = deep
    elif _is_16bit_colour(im):
        rgb, alpha = _decode_16bit(data, im)
    else:
        rgb, alpha, icc = _decode_pillow(im, icc)
    return Picture(np.ascontiguousarray(rgb), None, alpha, icc)


def _is_16bit_colour(im: Image.Image) -> bool:
    """16-bit RGB(A) PNG/TIFF: Pillow would reduce them to 8 bits, so OpenCV decodes those."""
    if im.format not in ("PNG", "TIFF") or im.mode.startswith("I;16"):
        return False
    rawmodes = [t[3] if len(t) > 3 else None for t in getattr(im, "tile", [])]
    return any(isinstance(r, str) and "16" in r for r in rawmodes) or (
        im.format == "TIFF" and im.tag_v2.get(258, (8,))[0] == 16 if hasattr(im, "tag_v2") else False)


def _decode_16bit(data: bytes, im: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    import cv2

    orientation = im.getexif().get(0x0112, 1)
    if im.format == "TIFF" and orientation != 1:
        data = _tiff_without_orientation(data)
    arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED | cv2.IMREAD_IGNORE_ORIENTATION)
    if arr is None:
        raise ImageReadError("cannot decode the 16-bit image")
    arr = arr.astype(np.uint16) if arr.dtype != np.uint16 else arr
    alpha = None
    if arr.ndim == 2:
        arr = np.repeat(arr[..., None], 3, axis=2)
    elif arr.shape[2] == 4:
        alpha = arr[..., 3]
        arr = arr[..., 2::-1]
    else:
        arr = arr[..., 2::-1]
    return orient(arr, orientation), None if alpha is None else orient(alpha, orientation)


def _tiff_without_orientation(data: bytes) -> bytes:
    """The TIFF with its Orientation tag set to 1: OpenCV's TIFF decoder turns the pixels itself even when told to
    ignore the orientation, and does not for PNG, so the reader turns every format the same way itself."""
    import tifffile

    buf = io.BytesIO(data)
    try:
        with tifffile.TiffFile(buf) as tif:
            tag = tif.pages[0].tags.get(0x0112)
            if tag is not None:
                tag.overwrite(1)
    except Exception as exc:  # noqa: BLE001 - tifffile cannot parse what Pillow could: a damaged file
        raise ImageReadError(f"cannot decode the 16-bit TIFF ({exc})") from None
    return buf.getvalue()


def _decode_pillow(im: Image.Image, icc: bytes | None):
    im.load()
    if im.getexif().get(0x0112, 1) != 1:  # exif_transpose copies even an upright image: 4 bytes a pixel more
        im = ImageOps.exif_transpose(im)
    alpha = None
    if im.mode == "CMYK":
        im, icc = _cmyk_to_rgb(im, icc), None
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        grey = np.asarray(im).astype(np.uint16)
        return np.repeat(grey[..., None], 3, axis=2), None, icc
    if im.mode in ("I", "F"):
        grey = np.asarray(im, dtype=np.float64)
        top = 65535.0 if grey.max() > 255 else 255.0
        grey = np.clip(grey / top, 0, 1)
        return np.repeat(np.round(grey * 65535).astype(np.uint16)[..., None], 3, axis=2), None, icc
    has_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (im.mode == "P" and "transparency" in im.info)
    if has_alpha:
        im = im.convert("RGBA")
        arr = np.asarray(im)
        return arr[..., :3], arr[..., 3], icc
    if im.mode != "RGB":
        im = im.convert("RGB")
    return np.asarray(im), alpha, icc


def _cmyk_to_rgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        try:
            from PIL import ImageCms

            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"),  # type: ignore[return-value]
                                             outputMode="RGB")  # an image unless inPlace=True
        except Exception:  # noqa: BLE001 - a broken profile: fall back to the plain conversion
            pass
    return im.convert("RGB")
