"""EXIF orientation (1-8) applied to pixel arrays, as ``ImageOps.exif_transpose`` does to images.

Used by the reader (16-bit files OpenCV decodes) and the RAW reader (embedded previews).
"""
from __future__ import annotations

import numpy as np

_OPS = {2: lambda a: a[:, ::-1], 3: lambda a: a[::-1, ::-1], 4: lambda a: a[::-1],
        5: lambda a: np.swapaxes(a, 0, 1), 6: lambda a: np.rot90(a, -1),
        7: lambda a: np.swapaxes(a, 0, 1)[::-1, ::-1], 8: lambda a: np.rot90(a, 1)}


def orient(arr: np.ndarray, orientation: int) -> np.ndarray:
    """``arr`` turned upright for an EXIF ``orientation`` (other values leave it as it is)."""
    return np.ascontiguousarray(_OPS[orientation](arr)) if orientation in _OPS else arr
