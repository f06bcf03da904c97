"""Runtimes that run an export of the network, behind a parity check, with dygraph as the fallback.

``ExportedRuntime`` keeps one exported model per fixed input shape (the official pipeline gives arbitrary multiples
of 32; same-size photos reuse the same export, in memory and in the cache). For a shape it has not seen:

1. look up the cache entry (network, weights hash, shape); export it there if it is missing (atomically);
2. load it; if no verdict is recorded yet, run it and the dygraph network on a test input (the first real input of
   that shape, or a synthetic one from ``prepare``) and record ``max |export - dygraph|`` and whether it is within
   ``tolerance`` (1e-3);
3. use the export only when the verdict says it matches; otherwise, or when the export, the load or a later run
   fails, use dygraph for that shape and log why. A cached file that no longer loads is deleted and exported again
   once.

``synthetic_inputs`` is the deterministic test input of a check when no real input is at hand.

``run`` holds the runtime's lock from the cache lookup to the result: an export is made, loaded and checked once
per shape even when several threads ask at once, and the handles (one OpenVINO infer request, one Paddle Inference
predictor) are never used by two threads together.

Subclasses define ``fmt`` (the cache's export format), ``verdict_id`` and ``_build`` / ``_load`` / ``_infer``.
"""
from __future__ import annotations

import logging
import threading
import time
import traceback
from collections import Counter, OrderedDict
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from . import cache
from .base import Device, DygraphRuntime, Runtime, check_inputs, resolve_device

log = logging.getLogger("backends.runtimes")

TOLERANCE = 1e-3

__all__ = ["ExportedRuntime", "TOLERANCE", "synthetic_inputs"]


class ExportedRuntime(Runtime):
    name: str  # always given: the export and its cache entry are named after the network
    fmt = "abstract"
    max_loaded = 4  # compiled models kept in memory (LRU)

    def __init__(self, name: str, network, device: "Device | str | None" = None, *, weights_id: str | None = None,
                 tolerance: float = TOLERANCE):
        device = resolve_device(device)
        super().__init__(name, device)
        if name is None:
            raise ValueError("an exported runtime needs the network's reference name")
        self.network = network
        self.reference = DygraphRuntime(name, network, device)
        self.tolerance = float(tolerance)
        self.weights_id = weights_id or cache.weights_hash(network)
        self._loaded: OrderedDict[str, object] = OrderedDict()  # shape key -> handle, or None for dygraph
        self.verdicts: dict[str, dict] = {}
        self.stats: Counter = Counter()
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- to implement

    @property
    def verdict_id(self) -> str:
        return self.kind

    def _build(self, tmp: Path, shapes: dict[str, tuple[int, ...]]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _load(self, entry: Path, shapes: dict[str, tuple[int, ...]]):  # pragma: no cover
        raise NotImplementedError

    def _infer(self, handle, inputs: dict[str, np.ndarray]) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    # ---------------------------------------------------------------- public

    def entry(self, shapes) -> Path:
        return cache.entry_dir(self.fmt, self.name, self.weights_id, shapes)

    def prepare(self, shapes: dict[str, tuple[int, ...]]) -> bool:
        """Export, load and check the model for these input shapes now (synthetic test input).

        Returns whether the export will be used (False: dygraph for this shape).
        """
        shapes = {k: (1,) + tuple(int(d) for d in v[1:]) for k, v in shapes.items()}
        with self._lock:
            handle, _ = self._handle(shapes, None)
        return handle is not None

    def uses_export(self, shapes) -> bool | None:
        """True / False once decided for these shapes, None when not yet seen."""
        shapes = {k: (1,) + tuple(int(d) for d in v[1:]) for k, v in shapes.items()}
        v = self.verdicts.get(cache.shape_key(shapes))
        return None if v is None else bool(v.get("ok"))

    def run(self, inputs):
        inputs = check_inputs(inputs)
        n = inputs["img"].shape[0]
        if n != 1:
            return np.concatenate([self.run({k: v[i:i + 1] for k, v in inputs.items()}) for i in range(n)])
        shapes = {k: tuple(v.shape) for k, v in inputs.items()}
        with self._lock:
            handle, ref_out = self._handle(shapes, inputs)
            if ref_out is not None:
                return ref_out
            if handle is None:
                self.stats["dygraph_runs"] += 1
                return self.reference.run(inputs)
            try:
                out = self._infer(handle, inputs)
                self.stats["runs"] += 1
                return out
            except Exception as exc:  # noqa: BLE001 - logged; dygraph from now on
                key = cache.shape_key(shapes)
                log.warning("%s: %s failed to run %s (%s); using dygraph from now on for this shape",
                            self.name, self.kind, key, exc)
                self._loaded[key] = None
                self.verdicts[key] = {"ok": False, "reason": f"run failed: {exc}"}
                return self.reference.run(inputs)

    def describe(self) -> str:
        return f"{self.kind} on {self.device} (parity-checked, dygraph fallback)"

    # ---------------------------------------------------------------- internals

    def _remember(self, key, handle):
        self._loaded[key] = handle
        self._loaded.move_to_end(key)
        while len(self._loaded) > self.max_loaded:
            self._loaded.popitem(last=False)

    def _export(self, entry: Path, shapes) -> None:
        """Create the cache entry; an export that raises leaves an entry holding ``error.txt`` instead."""
        def build(tmp: Path):
            try:
                self._build(tmp, shapes)
            except Exception as exc:  # noqa: BLE001 - recorded; the verdict says why
                (tmp / "error.txt").write_text(f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}")

        t0 = time.perf_counter()
        cache.build_atomically(entry, build)
        self.stats["exports"] += 1
        log.info("%s: exported %s for %s in %.1f s -> %s", self.name, self.fmt, cache.shape_key(shapes),
                 time.perf_counter() - t0, entry)

    def _handle(self, shapes, inputs):
        """(handle or None, reference output computed on the way or None)."""
        key = cache.shape_key(shapes)
        if key in self._loaded:
            self._loaded.move_to_end(key)
            return self._loaded[key], None
        entry = self.entry(shapes)
        for attempt in (0, 1):
            fresh = not cache.is_complete(entry)
            if fresh:
                self._export(entry, shapes)
            verdict = cache.read_verdict(entry, self.verdict_id)
            if verdict is not None and not verdict.get("ok"):
                log.warning("%s: the %s export for %s was found not to match dygraph (%s); using dygraph",
                            self.name, self.kind, key, verdict.get("reason"))
                self.verdicts[key] = verdict
                self._remember(key, None)
                return None, None
            error = entry / "error.txt"
            if error.exists():
                reason = "export failed: " + error.read_text().splitlines()[0]
                return self._reject(entry, key, reason), None
            try:
                handle = self._load(entry, shapes)
                self.stats["loads"] += 1
            except Exception as exc:  # noqa: BLE001 - exported again once, else dygraph (logged)
                if not fresh and attempt == 0:
                    log.warning("%s: cached %s export %s does not load (%s); exporting it again",
                                self.name, self.kind, entry, exc)
                    cache.remove(entry)
                    continue
                return self._reject(entry, key, f"load failed: {type(exc).__name__}: {exc}"), None
            if verdict is not None:  # checked before
                self.verdicts[key] = verdict
                self._remember(key, handle)
                return handle, None
            return self._check(entry, key, shapes, handle, inputs)
        return None, None  # pragma: no cover

    def _reject(self, entry: Path, key: str, reason: str):
        log.warning("%s: %s unusable for %s (%s); falling back to dygraph", self.name, self.kind, key, reason)
        verdict = {"ok": False, "reason": reason, "runtime": self.verdict_id, "time": time.time()}
        try:
            cache.write_verdict(entry, self.verdict_id, verdict)
        except OSError:
            pass
        self.verdicts[key] = verdict
        self._remember(key, None)
        return None

    def _check(self, entry, key, shapes, handle, inputs):
        test = inputs if inputs is not None else synthetic_inputs(shapes)
        t0 = time.perf_counter()
        ref = self.reference.run(test)
        t_ref = time.perf_counter() - t0
        try:
            t0 = time.perf_counter()
            got = self._infer(handle, test)
            t_got = time.perf_counter() - t0
        except Exception as exc:  # noqa: BLE001 - recorded in the verdict; dygraph
            return self._reject(entry, key, f"run failed: {type(exc).__name__}: {exc}"), ref
        self.stats["checks"] += 1
        if got.shape != ref.shape:
            diff, ok = float("inf"), False
            reason = f"output shape {got.shape} != dygraph {ref.shape}"
        else:
            diff = float(np.max(np.abs(got.astype(np.float64) - ref))) if ref.size else 0.0
            ok = bool(np.isfinite(got).all() and diff <= self.tolerance)
            reason = f"max |{self.kind} - dygraph| = {diff:.3g} (tolerance {self.tolerance:g})"
        verdict = {"ok": ok, "max_abs_diff": diff, "tolerance": self.tolerance, "reason": reason,
                   "runtime": self.verdict_id, "shapes": {k: list(v) for k, v in shapes.items()},
                   "checked_on": "first input" if inputs is not None else "synthetic input",
                   "seconds": {"dygraph": round(t_ref, 4), self.kind: round(t_got, 4)},
                   "versions": cache.tool_versions(), "time": time.time()}
        try:
            cache.write_verdict(entry, self.verdict_id, verdict)
        except OSError as exc:
            log.warning("%s: could not record the parity verdict in %s: %s", self.name, entry, exc)
        self.verdicts[key] = verdict
        if ok:
            log.info("%s: %s export for %s matches dygraph (%s)", self.name, self.kind, key, reason)
            self._remember(key, handle)
        else:
            log.warning("%s: %s export for %s does not match dygraph (%s); using dygraph for this shape",
                        self.name, self.kind, key, reason)
            self._remember(key, None)
        return (handle if ok else None), ref


def synthetic_inputs(shapes: Mapping[str, tuple[int, ...]], seed: int = 0) -> dict[str, np.ndarray]:
    """A deterministic photo-like test input: smooth shapes plus noise (normalised), and a 0/128/255 trimap."""
    rng = np.random.default_rng(seed)
    n, c, h, w = shapes["img"]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack([np.sin(xx / max(w, 1) * (3 + k) + k) * np.cos(yy / max(h, 1) * (2 + k)) for k in range(c)])
    blob = ((yy - h / 2) ** 2 / (0.3 * h + 1) ** 2 + (xx - w / 2) ** 2 / (0.25 * w + 1) ** 2 < 1).astype(np.float32)
    img = 0.6 * base + 0.5 * blob - 0.25 + 0.15 * rng.standard_normal((n, c, h, w)).astype(np.float32)
    out = {"img": np.clip(img, -1, 1).astype(np.float32)}
    if "trimap" in shapes:
        inner = ((yy - h / 2) ** 2 / (0.22 * h + 1) ** 2 + (xx - w / 2) ** 2 / (0.18 * w + 1) ** 2 < 1)
        tri = np.where(inner, 255.0, np.where(blob > 0, 128.0, 0.0)).astype(np.float32)
        out["trimap"] = np.broadcast_to(tri, shapes["trimap"]).astype(np.float32).copy()
    return out
