"""Where the app keeps what it computed and what the user painted, keyed by each image's path and modification time.

- Computed mattes: ``cache_dir()/mattes/<backend>/<key>.png`` (grey PNG, written by the batch engine with
  ``ExportOptions(fmt="alpha")``). They can be rebuilt, so they live in the cache folder.
- Edits: ``data_dir()/edits/<key>/`` holding ``trimap.png`` (the painted trimap), ``alpha.png`` (the refined
  matte, 16-bit) and ``edit.json`` (which file, which backend, when). They are the user's work, so they live in the
  data folder and are written atomically: nothing is lost on a crash or when switching images.

The key changes when the file changes (another mtime or size), so a stale matte or edit is never applied to a
photo that was retouched in the meantime.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import numpy as np

from backends import paths
from backends.imaging.compose import alpha_pixels
from backends.imaging.reader import read_image
from backends.imaging.writer import atomic_write, encode

TRIMAP = "trimap.png"
ALPHA = "alpha.png"
META = "edit.json"


def image_key(path: Path) -> str:
    """A stable key for this version of the file: its absolute path, modification time and size."""
    path = Path(path).resolve()
    st = path.stat()
    text = f"{path}|{st.st_mtime_ns}|{st.st_size}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


def _safe_key(path: Path) -> str | None:
    try:
        return image_key(path)
    except OSError:
        return None


# --- computed mattes ------------------------------------------------------------------------------------------

def mattes_dir(backend_id: str) -> Path:
    return paths.cache_dir() / "mattes" / backend_id


def matte_path(path: Path, backend_id: str) -> Path | None:
    key = _safe_key(path)
    return None if key is None else mattes_dir(backend_id) / f"{key}.png"


def load_matte(path: Path, backend_id: str) -> np.ndarray | None:
    """The cached matte (float32 in [0, 1]) of ``path`` by ``backend_id``, or None."""
    target = matte_path(path, backend_id)
    if target is None or not target.exists():
        return None
    return _read_alpha(target)


def save_matte(path: Path, backend_id: str, alpha: np.ndarray, bit_depth: int = 8) -> Path | None:
    """Cache a computed matte: 8-bit like the batch engine writes for 8-bit photos, 16-bit for 16-bit ones."""
    target = matte_path(path, backend_id)
    if target is not None:
        depth = np.uint16 if bit_depth == 16 else np.uint8
        atomic_write(target, encode(alpha_pixels(alpha, depth), "png"), overwrite=True)
    return target


# --- edits ----------------------------------------------------------------------------------------------------

def edits_root() -> Path:
    return paths.data_dir() / "edits"


def edit_dir(path: Path) -> Path | None:
    key = _safe_key(path)
    return None if key is None else edits_root() / key


def has_edit(path: Path) -> bool:
    folder = edit_dir(path)
    return folder is not None and (folder / META).exists()


def load_edit(path: Path) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(trimap uint8 or None, edited alpha float32 or None) saved for this version of ``path``."""
    folder = edit_dir(path)
    if folder is None or not (folder / META).exists():
        return None, None
    trimap = alpha = None
    if (folder / TRIMAP).exists():
        rgb = read_image(folder / TRIMAP).rgb
        trimap = np.ascontiguousarray(rgb[..., 0] if rgb.dtype == np.uint8 else (rgb[..., 0] >> 8).astype(np.uint8))
    if (folder / ALPHA).exists():
        alpha = _read_alpha(folder / ALPHA)
    return trimap, alpha


def save_edit(path: Path, trimap: np.ndarray | None = None, alpha: np.ndarray | None = None,
              backend_id: str = "") -> Path | None:
    """Save the painted trimap and / or the edited alpha of ``path`` (each written atomically)."""
    folder = edit_dir(path)
    if folder is None:
        return None
    if trimap is not None:
        atomic_write(folder / TRIMAP, encode(np.ascontiguousarray(trimap, np.uint8), "png"), overwrite=True)
    if alpha is not None:
        atomic_write(folder / ALPHA, encode(alpha_pixels(alpha, np.uint16), "png"), overwrite=True)
    meta = {"path": str(Path(path).resolve()), "backend": backend_id, "saved": time.time(),
            "trimap": (folder / TRIMAP).exists(), "alpha": (folder / ALPHA).exists()}
    atomic_write(folder / META, json.dumps(meta, indent=1).encode("utf-8"), overwrite=True)
    return folder


def discard_edit(path: Path) -> None:
    folder = edit_dir(path)
    if folder is not None and folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


def _read_alpha(file: Path) -> np.ndarray:
    rgb = read_image(file).rgb
    top = 65535.0 if rgb.dtype == np.uint16 else 255.0
    return (rgb[..., 0].astype(np.float32) / top).astype(np.float32)
