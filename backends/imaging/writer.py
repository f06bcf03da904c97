"""Writes outputs atomically (temporary file, then rename), keeping the ICC profile and the bit depth.

A file appears under its final name only once it is complete, so an interrupted batch never leaves half an
image behind, and an existing file is replaced only when the caller asks for it.
"""
from __future__ import annotations

import io
import os
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

FORMATS = {"png": ".png", "tiff": ".tif", "jpeg": ".jpg", "webp": ".webp", "alpha": ".png"}


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0o666 less the umask); read once, at import."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


#: temporary files are created private (0600); the final file gets the usual permissions
FILE_MODE = _file_mode()


class ImageWriteError(OSError):
    """An output could not be written; the message is for the user."""


def atomic_write(path: Path, data: bytes, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists (use --overwrite to replace it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise ImageWriteError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), FILE_MODE)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ImageWriteError(f"cannot write {path.name}: {exc.strerror or exc}") from None


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
        im.save(buf, "PNG", compress_level=6, **extra)
    elif fmt == "jpeg":
        im.save(buf, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, **extra)
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=quality, lossless=pixels.ndim == 3 and pixels.shape[2] == 4, **extra)
    elif fmt == "tiff":
        im.save(buf, "TIFF", compression="tiff_deflate", **extra)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return buf.getvalue()


def _png16(pixels: np.ndarray, icc_profile: bytes | None) -> bytes:
    import cv2

    bgr = pixels if pixels.ndim == 2 else pixels[..., [2, 1, 0, 3][: pixels.shape[2]]]
    ok, buf = cv2.imencode(".png", np.ascontiguousarray(bgr))
    if not ok:
        raise ImageWriteError("cannot encode the 16-bit PNG")
    data = buf.tobytes()
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
                     extrasamples=extrasamples)
    return buf.getvalue()
