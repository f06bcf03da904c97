"""Encodes outputs (PNG, TIFF, JPEG, WebP; 8 or 16 bit) keeping the ICC profile, and names this app as Software.

PNG goes through the fast strip encoder of ``backends.imaging.png``; TIFF through tifffile (deflate with the
horizontal predictor); JPEG and WebP through Pillow. Files are written with ``atomic_write``
(``backends.imaging.atomic``): complete or not at all, never replacing a file unless asked.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from .atomic import FILE_MODE, ImageWriteError, OutputExistsError, TEMP_SUFFIX, atomic_write  # noqa: F401
from .png import COMPRESSIONS, FAST, SMALL, encode_png  # noqa: F401 - SMALL: for callers

FORMATS = {"png": ".png", "tiff": ".tif", "jpeg": ".jpg", "webp": ".webp", "alpha": ".png",
           "psd": ".psd"}  # psd: layered, written by imaging/psd.py


#: every output names this app in its ``Software`` tag, as photo editors do (and so a scan can tell our outputs)
SOFTWARE = "Matting Studio"
#: the suffixes our outputs can have
OUTPUT_SUFFIXES = frozenset(FORMATS.values())
#: PNG text chunks of every output
PNG_TEXT = {"Software": SOFTWARE}


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


def encode(pixels: np.ndarray, fmt: str, icc_profile: bytes | None = None, quality: int = 95, *,
           compression: str = FAST) -> bytes:
    """Encode (H, W), (H, W, 3) or (H, W, 4) uint8/uint16 pixels as ``fmt`` (png, tiff, jpeg, webp).

    ``compression`` ("fast" or "small") chooses, for PNG and TIFF, between writing fast and smaller files
    (bench/png_encoders.py): PNG "Up" filter + ISA-L level 1 or zlib level 6; TIFF deflate level 1 or 6 with the
    horizontal predictor.
    """
    if fmt == "alpha":
        fmt = "png"
    if fmt == "png":
        return encode_png(pixels, icc_profile, compression, text=PNG_TEXT)
    if fmt == "tiff":
        return _tiff(pixels, icc_profile, compression)
    if pixels.dtype == np.uint16:
        pixels = (pixels >> 8).astype(np.uint8)  # JPEG / WebP are 8-bit formats
    if fmt == "jpeg" and pixels.ndim == 3 and pixels.shape[2] == 4:
        raise ValueError("JPEG has no alpha channel: compose on a background first")
    im = Image.fromarray(pixels)
    buf = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "jpeg":
        im.save(buf, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, exif=_exif_software(), **extra)
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=quality, lossless=pixels.ndim == 3 and pixels.shape[2] == 4,
                exif=_exif_software(), **extra)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return buf.getvalue()


def _insert_png_chunk(png: bytes, kind: bytes, body: bytes) -> bytes:
    """Insert a chunk right after IHDR (where iCCP must go)."""
    ihdr_end = 8 + 8 + 13 + 4
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return png[:ihdr_end] + chunk + png[ihdr_end:]


def _tiff(pixels: np.ndarray, icc_profile: bytes | None, compression: str = FAST) -> bytes:
    """8- or 16-bit TIFF, deflate with the horizontal predictor (smaller and faster than without it)."""
    import tifffile

    if compression not in COMPRESSIONS:
        raise ValueError(f"unknown compression {compression!r}; choose from {', '.join(COMPRESSIONS)}")
    buf = io.BytesIO()
    extratags = [(34675, "B", len(icc_profile), icc_profile, True)] if icc_profile else []
    photometric = "minisblack" if pixels.ndim == 2 else "rgb"
    extrasamples = ("unassalpha",) if pixels.ndim == 3 and pixels.shape[2] == 4 else None
    tifffile.imwrite(buf, pixels, photometric=photometric, compression="zlib", predictor=True,
                     compressionargs={"level": 1 if compression == FAST else 6}, extratags=extratags,
                     extrasamples=extrasamples, software=SOFTWARE)
    return buf.getvalue()
