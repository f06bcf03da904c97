"""Camera RAW files (DNG, CR2, CR3, NEF, ARW, RAF, ORF, RW2 and the others LibRaw knows) developed through LibRaw.

``develop`` is the full develop, used for every export: the camera's white balance, sRGB primaries and tone curve,
16 bits per channel, turned upright by the RAW's own orientation. ``preview`` is the fast way for the app's
previews: the JPEG the camera embedded, turned the same way and scaled to the size ``develop`` gives, so a matte
made on it fits the developed photo; a RAW without a usable preview gets a half-size develop instead.
``looks_like_raw`` tells a RAW by its extension or by its content (a renamed file is still found).
"""
from __future__ import annotations

import io

import numpy as np

from .orientation import orient

#: what LibRaw reads, by extension (the content is checked too: see ``looks_like_raw``)
RAW_SUFFIXES = (".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf", ".rw2",
                ".rwl", ".pef", ".srw", ".3fr", ".fff", ".iiq", ".erf", ".kdc", ".dcr", ".mos", ".mef", ".mrw",
                ".x3f", ".raw")
#: LibRaw's flip codes as EXIF orientations (0: none, 3: 180, 5: 90 counter-clockwise, 6: 90 clockwise)
FLIP_TO_ORIENTATION = {0: 1, 3: 3, 5: 8, 6: 6}
#: how far the embedded preview's shape may be from the develop's (after turning) and still stand for it
ASPECT_TOLERANCE = 0.02


class RawReadError(ValueError):
    """A RAW file LibRaw cannot develop; the message is for the user."""


def looks_like_raw(data: bytes, suffix: str = "") -> bool:
    """A RAW by extension, or by content: Canon CR2 / CR3, Fujifilm RAF, Olympus ORF, Panasonic RW2, or a TIFF
    that is a DNG or a camera's raw container (its first image a reduced-size preview standing for sub-images)."""
    if suffix.lower() in RAW_SUFFIXES:
        return True
    head = data[:16]
    if head.startswith(b"FUJIFILMCCD-RAW") or data[4:12] in (b"ftypcrx ",) or head[:4] in (b"IIRO", b"IIRS",
                                                                                            b"MMOR", b"IIU\x00"):
        return True
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        if data[8:10] == b"CR":  # Canon CR2
            return True
        return _tiff_is_raw(data)
    return False


def _tiff_is_raw(data: bytes) -> bool:
    """A DNG (DNGVersion tag), or a camera's TIFF-based RAW (NEF, ARW, PEF...: a reduced-size first image, with the
    camera's make, pointing at sub-images). tifffile reads the tags (Pillow refuses the sensor's CFA images)."""
    import tifffile

    try:
        with tifffile.TiffFile(io.BytesIO(data)) as tif:
            tags = tif.pages.first.tags
            if 50706 in tags:
                return True
            subfile = tags.get(254)
            return subfile is not None and subfile.value == 1 and 330 in tags and 271 in tags
    except Exception:  # noqa: BLE001 - any parse error: not a TIFF-based RAW
        return False


def _rawpy():
    try:
        import rawpy
    except ImportError:  # pragma: no cover - a broken install
        raise RawReadError("camera RAW support is not installed (the rawpy package)") from None
    return rawpy


def _open(data: bytes):
    rawpy = _rawpy()
    try:
        return rawpy.imread(io.BytesIO(data))
    except rawpy.LibRawFileUnsupportedError:
        raise RawReadError("not a camera RAW file that LibRaw can read (an unsupported camera, or not a RAW "
                           "file)") from None
    except rawpy.LibRawError as exc:
        raise RawReadError(f"the RAW file is damaged or truncated ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    text = exc.args[0] if exc.args else str(exc)
    return (text.decode(errors="replace") if isinstance(text, bytes) else str(text)) or type(exc).__name__


def _check_size(raw, max_pixels: int) -> tuple[int, int]:
    """(height, width) of the upright develop, refused when over ``max_pixels``."""
    s = raw.sizes
    h, w = int(s.height), int(s.width)
    aspect = float(s.pixel_aspect or 1.0)
    if aspect < 1:  # LibRaw stretches non-square pixels (as dcraw does)
        h = int(h / aspect + 0.5)
    elif aspect > 1:
        w = int(w * aspect + 0.5)
    if h * w > max_pixels:
        raise RawReadError(f"refused: {w}x{h} is {w * h / 1e6:.0f} megapixels, more than the "
                           f"{max_pixels / 1e6:.0f} allowed")
    if h == 0 or w == 0:
        raise RawReadError("the RAW file has no pixels")
    return (w, h) if s.flip in (5, 6) else (h, w)


def probe_size(path) -> tuple[int, int]:
    """(height, width) of the RAW's upright develop, from its header (LibRaw opens the file without decoding it)."""
    rawpy = _rawpy()
    try:
        with rawpy.imread(str(path)) as raw:
            return _check_size(raw, 1 << 62)
    except rawpy.LibRawError:
        raise RawReadError("not a camera RAW file that LibRaw can read") from None


def develop(data: bytes, max_pixels: int, half_size: bool = False) -> np.ndarray:
    """The RAW developed: (H, W, 3) uint16 sRGB, upright. Camera white balance, LibRaw's default demosaic (AHD),
    the sRGB tone curve, highlights clipped, brightness scaled so that at most 0.1 % of the pixels are white."""
    rawpy = _rawpy()
    with _open(data) as raw:
        _check_size(raw, max_pixels)
        try:
            rgb = raw.postprocess(use_camera_wb=True, output_color=rawpy.ColorSpace.sRGB, output_bps=16,
                                  gamma=(2.4, 12.92), auto_bright_thr=0.001, half_size=half_size)
        except rawpy.LibRawError as exc:
            raise RawReadError(f"the RAW file is damaged or truncated ({_reason(exc)})") from None
    return np.ascontiguousarray(rgb)


def preview(data: bytes, max_pixels: int) -> np.ndarray:
    """A fast stand-in for ``develop`` at the same (H, W): the camera's embedded JPEG (8-bit), or a half-size
    develop when there is none or its shape does not match the photo's."""
    import cv2

    with _open(data) as raw:
        shape = _check_size(raw, max_pixels)
        embedded = _embedded_rgb(raw)
        orientation = FLIP_TO_ORIENTATION.get(int(raw.sizes.flip), 1)
    if embedded is not None:

        embedded = orient(embedded, orientation)
        h, w = embedded.shape[:2]
        if abs(w / h - shape[1] / shape[0]) <= ASPECT_TOLERANCE * shape[1] / shape[0]:
            if (h, w) != shape:
                interp = cv2.INTER_AREA if h > shape[0] else cv2.INTER_LINEAR
                embedded = cv2.resize(embedded, (shape[1], shape[0]), interpolation=interp)
            return np.ascontiguousarray(embedded)
    rgb = develop(data, max_pixels, half_size=True)
    if rgb.shape[:2] != shape:
        rgb = cv2.resize(rgb, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)
    return rgb


def _embedded_rgb(raw) -> np.ndarray | None:
    """The embedded preview as (H, W, 3) uint8 as stored (not turned), or None."""
    rawpy = _rawpy()
    try:
        thumb = raw.extract_thumb()
    except (rawpy.LibRawError, rawpy.NotSupportedError):  # no preview, or one LibRaw cannot hand over
        return None
    if thumb.format == rawpy.ThumbFormat.BITMAP:
        rgb = np.asarray(thumb.data)
        return rgb if rgb.ndim == 3 and rgb.shape[2] == 3 else None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(thumb.data)) as im:
            return np.asarray(im.convert("RGB"))
    except Exception:  # noqa: BLE001 - an embedded preview Pillow cannot read: none
        return None


def thumbnail(data: bytes, side: int) -> np.ndarray | None:
    """A small upright RGB uint8 picture of the RAW from its embedded preview (milliseconds), or None."""
    from PIL import Image

    with _open(data) as raw:
        embedded = _embedded_rgb(raw)
        orientation = FLIP_TO_ORIENTATION.get(int(raw.sizes.flip), 1)
    if embedded is None:
        return None

    im = Image.fromarray(orient(embedded, orientation))
    im.thumbnail((side, side))
    return np.asarray(im)
