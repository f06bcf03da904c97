"""HEIC / HEIF photos (what phones write) through pillow-heif (libheif); AVIF through Pillow's own plugin.

``register`` makes Pillow open HEIF files, so the reader, thumbnails and background images all take them. libheif
turns the pixels upright itself (the file's rotation and mirror boxes) and pillow-heif sets the EXIF orientation
it hands over to 1, so nothing is turned twice; the ICC profile comes with the image. ``decode_deep`` keeps the
10 or 12 bits of an HDR HEIF as 16-bit pixels instead of Pillow's 8.
"""
from __future__ import annotations

import io
import threading

import numpy as np

HEIF_SUFFIXES = (".heic", ".heif", ".hif", ".avif")

_lock = threading.Lock()
_registered: bool | None = None


def register() -> bool:
    """Register pillow-heif's opener with Pillow once; False when pillow-heif is not installed."""
    global _registered
    if _registered is None:
        with _lock:
            if _registered is None:
                try:
                    import pillow_heif

                    pillow_heif.register_heif_opener()
                    _registered = True
                except ImportError:  # pragma: no cover - a broken install
                    _registered = False
    return _registered


def decode_deep(data: bytes) -> tuple[np.ndarray, np.ndarray | None] | None:
    """(RGB uint16, alpha uint16 or None) of a HEIF whose primary image has more than 8 bits, upright; None for
    an 8-bit one (Pillow reads those)."""
    import pillow_heif

    heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=False)
    if int(heif.info.get("bit_depth", 8) or 8) <= 8:
        return None
    pixels = np.asarray(heif)
    if pixels.dtype != np.uint16 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        return None
    alpha = np.ascontiguousarray(pixels[..., 3]) if pixels.shape[2] == 4 else None
    return np.ascontiguousarray(pixels[..., :3]), alpha
