"""The export cache: one folder per (network, weights hash, export format, input shape), written atomically.

Layout under ``backends.paths.cache_dir()/runtimes``::

    <format>/<network>/<weights hash>/<shape key>-<tools hash>/   model files (model.onnx, model.json ...)
                                                               verdict-<runtime>.json  parity check result

A folder appears complete or not at all (built in a temporary sibling, then renamed); a verdict is written to a
temporary file and renamed. The tools hash covers the export code's version and the versions of paddle and
paddle2onnx, so an upgrade re-exports instead of reusing a stale file.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from ..folders import remove_dir, write_dir

EXPORT_VERSION = 3  # bump when the export code changes what it writes

__all__ = ["EXPORT_VERSION", "weights_hash", "shape_key", "root", "entry_dir", "build_atomically",
           "read_verdict", "write_verdict", "tool_versions"]


def root() -> Path:
    from backends.paths import cache_dir

    return cache_dir() / "runtimes"


def weights_hash(network) -> str:
    """A hash of the network's state dict (keys, dtypes, shapes, values): identifies the loaded checkpoint."""
    h = hashlib.blake2b(digest_size=16)
    for key, value in network.state_dict().items():
        arr = np.ascontiguousarray(value.numpy())
        h.update(f"{key}|{arr.dtype}|{arr.shape}|".encode())
        h.update(arr.data.cast("B"))
    return h.hexdigest()


def shape_key(shapes: dict[str, tuple[int, ...]]) -> str:
    """'img1x3x512x512' (+ '_trimap1x1x512x512'): the fixed input shapes of one export."""
    return "_".join(k + "x".join(str(int(d)) for d in shapes[k]) for k in sorted(shapes))


def tool_versions() -> dict[str, str]:
    versions = {"export": str(EXPORT_VERSION)}
    for mod in ("paddle", "paddle2onnx", "openvino", "onnxruntime"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a package that cannot say its version
            versions[mod] = "absent"
    return versions


def _tools_hash(fmt: str) -> str:
    v = tool_versions()
    used = {"export": v["export"], "paddle": v["paddle"]}
    if fmt == "onnx":
        used["paddle2onnx"] = v["paddle2onnx"]
    return hashlib.sha1(json.dumps(used, sort_keys=True).encode()).hexdigest()[:8]


def entry_dir(fmt: str, name: str, whash: str, shapes: dict[str, tuple[int, ...]]) -> Path:
    return root() / fmt / name / whash[:20] / f"{shape_key(shapes)}-{_tools_hash(fmt)}"


def build_atomically(final: Path, build) -> Path:
    """Run ``build(tmp_dir)`` in a temporary sibling of ``final`` and put it in place (``backends.folders``).

    If another process finished the same entry first, its folder is kept and ours is discarded.
    """
    def write(tmp: Path) -> None:
        build(tmp)
        (tmp / "complete").write_text(json.dumps({"time": time.time(), "versions": tool_versions()}))

    return write_dir(final, write, keep=is_complete)


def is_complete(path: Path) -> bool:
    return (path / "complete").is_file()


def remove(path: Path) -> None:
    """Delete a cache entry (renamed away first, so a reader never sees a half-deleted folder)."""
    remove_dir(path)


def _verdict_path(entry: Path, runtime: str) -> Path:
    return entry / f"verdict-{runtime}.json"


def read_verdict(entry: Path, runtime: str) -> dict | None:
    try:
        return json.loads(_verdict_path(entry, runtime).read_text())
    except (OSError, ValueError):
        return None


def write_verdict(entry: Path, runtime: str, verdict: dict) -> None:
    path = _verdict_path(entry, runtime)
    fd, tmp = tempfile.mkstemp(prefix=".verdict.", dir=entry)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(verdict, f, indent=1, sort_keys=True)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
