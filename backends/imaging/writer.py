"""Encodes outputs (PNG, TIFF, JPEG, WebP; 8 or 16 bit) keeping the ICC profile, and names this app as Software.

Files are written with ``atomic_write`` (``backends.imaging.atomic``): complete or not at all, never replacing a
file unless asked.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from .atomic import FILE_MODE, ImageWriteError, OutputExistsError, TEMP_SUFFIX, atomic_write  # noqa: F401

FORMATS = {"png": ".png", "tiff": ".tif", "jpeg": ".jpg", "webp": ".webp", "alpha": ".png",
           "psd": ".psd"}  # psd: layered, written by imaging/psd.py


#: every output names this app in its ``Software`` tag, as photo editors do (and so a scan can tell our outputs)
SOFTWARE = "Matting Studio"
#: the suffixes our outputs can have
OUTPUT_SUFFIXES = frozenset(FORMATS.values())


def is_own_output(path: Path) -> bool:
    """Whether ``path`` is an image this app wrote (its Software tag names us); reads the header only."""
    try:
        with Image.open(path) as im:
            software = im.info.get("Software") or im.getexif().get(0x0131) or ""
    except Exception:  # noqa: BLE001 - not an image Pillow reads: not ours
        return False
    return isinstance(software, str) and software.startswith(SOFTWARE)


def _exif_software() -> bytes:
    exif = Image.Exif()
    exif[0x0131] = SOFTWARE
    return exif.tobytes()


def encode(pixels: np.ndarray, fmt: str, icc_profile: bytes | None = None, quality: int = 95) -> bytes:
    """Encode (H, W), (H, W, 3) or (H, W, 4) uint8/uint16 pixels as ``fmt`` (png, tiff, jpeg, webp)."""
    if fmt == "alpha":
        fmt = "png"
    if pixels.dtype == np.uint16:
        if fmt == "png":
            return _png16(pixels, icc_profile)
        if fmt == "tiff":
            return _tiff16(pixels, icc_profile)
        pixels = (pixels >> 8).astype(np.uint8)  # JPEG / WebP are 8-bit formats
    if fmt == "jpeg" and pixels.ndim == 3 and pixels.shape[2] == 4:
        raise ValueError("JPEG has no alpha channel: compose on a background first")
    im = Image.fromarray(pixels)
    buf = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Software", SOFTWARE)
        im.save(buf, "PNG", compress_level=6, pnginfo=info, **extra)
    elif fmt == "jpeg":
        im.save(buf, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, exif=_exif_software(), **extra)
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=quality, lossless=pixels.ndim == 3 and pixels.shape[2] == 4,
                exif=_exif_software(), **extra)
    elif fmt == "tiff":
        im.save(buf, "TIFF", compression="tiff_deflate", software=SOFTWARE, **extra)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return buf.getvalue()


def _png16(pixels: np.ndarray, icc_profile: bytes | None) -> bytes:
    import cv2

    bgr = pixels if pixels.ndim == 2 else pixels[..., [2, 1, 0, 3][: pixels.shape[2]]]
    ok, buf = cv2.imencode(".png", np.ascontiguousarray(bgr))
    if not ok:
        raise ImageWriteError("cannot encode the 16-bit PNG")
    data = _insert_png_chunk(buf.tobytes(), b"tEXt", b"Software\x00" + SOFTWARE.encode("latin-1"))
    return _insert_png_chunk(data, b"iCCP", b"ICC profile\x00\x00" + zlib.compress(icc_profile)) \
        if icc_profile else data


def _insert_png_chunk(png: bytes, kind: bytes, body: bytes) -> bytes:
    """Insert a chunk right after IHDR (where iCCP must go)."""
    ihdr_end = 8 + 8 + 13 + 4
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def _tiff16(pixels: np.ndarray, icc_profile: bytes | None) -> bytes:
    import tifffile

    buf = io.BytesIO()
    extratags = [(34675, "B", len(icc_profile), icc_profile, True)] if icc_profile else []
    photometric = "minisblack" if pixels.ndim == 2 else "rgb"
    extrasamples = ("unassalpha",) if pixels.ndim == 3 and pixels.shape[2] == 4 else None
    tifffile.imwrite(buf, pixels, photometric=photometric, compression="zlib", extratags=extratags,
                     extrasamples=extrasamples, software=SOFTWARE)
    return buf.getvalue()
