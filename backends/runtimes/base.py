"""The runtime interface, device selection and the reference (dygraph) runtime.

A runtime runs one loaded network: ``Runtime.run({'img': (N,3,H,W) float32[, 'trimap': (N,1,H,W)]})`` returns the
alpha as a float32 numpy array (N, 1, H, W). The dygraph runtime is Paddle's eager eval (no_grad): the reference
every faster runtime is checked against.

``run`` is thread-safe in every runtime: one runtime serves the preview, batch and export threads of the app at
once. Dygraph runs concurrently (paddle's gradient switch is per thread); the exported runtimes serialise their
own handles (one OpenVINO infer request, one Paddle Inference predictor per loaded export).

Device strings: ``None`` (auto: the GPU when a CUDA build of paddle sees one, else the CPU), ``'cpu'``, ``'gpu'``,
``'gpu:1'``. The CPU thread count is the number of usable cores unless ``threads=`` says otherwise (backends pass
their ``BackendOptions``).
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import numpy as np

log = logging.getLogger("backends.runtimes")

__all__ = ["Device", "resolve_device", "Runtime", "DygraphRuntime", "as_alpha", "cpu_threads"]


def cpu_threads(threads: int | None = None) -> int:
    """Threads for CPU inference: ``threads``, else the usable cores."""
    if threads:
        return max(1, int(threads))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _cuda_devices() -> int:
    try:
        import paddle

        if not paddle.device.is_compiled_with_cuda():
            return 0
        return int(paddle.device.cuda.device_count())
    except Exception:  # noqa: BLE001 - a CUDA build without a driver, ...
        return 0


@dataclass(frozen=True)
class Device:
    """Where a runtime runs: ``kind`` 'cpu' or 'gpu', the GPU ``index``, and CPU ``threads``."""

    kind: str
    index: int = 0
    threads: int = 1

    @property
    def is_gpu(self) -> bool:
        return self.kind == "gpu"

    def __str__(self) -> str:
        return f"gpu:{self.index}" if self.is_gpu else f"cpu ({self.threads} threads)"


def resolve_device(device: "str | Device | None" = None, threads: int | None = None) -> Device:
    """Turn a device string into a ``Device``. Asking for a GPU that is not there raises ``RuntimeError``."""
    if isinstance(device, Device):
        return device
    spec = (device or "auto").strip().lower()
    n_gpu = None
    if spec == "auto":
        n_gpu = _cuda_devices()
        return Device("gpu", 0, cpu_threads(threads)) if n_gpu else Device("cpu", 0, cpu_threads(threads))
    if spec == "cpu":
        return Device("cpu", 0, cpu_threads(threads))
    if spec.startswith(("gpu", "cuda")):
        kind, _, idx = spec.partition(":")
        index = int(idx) if idx else 0
        n_gpu = _cuda_devices() if n_gpu is None else n_gpu
        if n_gpu == 0:
            raise RuntimeError(f"device {device!r}: this paddle has no CUDA support or sees no GPU")
        if index >= n_gpu:
            raise RuntimeError(f"device {device!r}: only {n_gpu} GPU(s) visible")
        return Device("gpu", index, cpu_threads(threads))
    raise ValueError(f"unknown device {device!r}; use 'cpu', 'gpu' or 'gpu:N'")


def as_alpha(out) -> np.ndarray:
    """The alpha of a network output (tensor, dict with 'alpha', or list) as float32 numpy (N, 1, H, W)."""
    if isinstance(out, dict):
        out = out["alpha"]
    elif isinstance(out, (list, tuple)):
        out = out[0]
    if hasattr(out, "numpy"):
        out = out.numpy()
    return np.asarray(out, dtype=np.float32)


def check_inputs(inputs: dict) -> dict[str, np.ndarray]:
    if "img" not in inputs:
        raise KeyError("inputs need an 'img' array (N, 3, H, W)")
    out = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in inputs.items()}
    if out["img"].ndim != 4:
        raise ValueError(f"'img' must be (N, 3, H, W), got shape {out['img'].shape}")
    return out


class Runtime:
    """Runs a network: ``run(inputs) -> alpha (N, 1, H, W) float32``, safe to call from several threads at once.

    ``kind`` names the implementation ('dygraph', 'paddle-inference', 'openvino', 'onnxruntime'); ``device`` is
    the resolved ``Device``; ``name`` the network's reference name (or None for an inference-model folder).
    """

    kind = "abstract"

    def __init__(self, name: str | None, device: Device):
        self.name = name
        self.device = device

    def run(self, inputs: dict[str, np.ndarray]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def __call__(self, inputs):
        return self.run(inputs)

    def describe(self) -> str:
        return f"{self.kind} on {self.device}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.describe()}>"


_THREADS_SET: list[int] = []


def set_paddle_threads(n: int) -> None:
    """Paddle's CPU math threads (eager kernels)."""
    if _THREADS_SET and _THREADS_SET[-1] == n:
        return
    try:
        import paddle

        paddle.base.core.set_num_threads(int(n))
        _THREADS_SET.append(n)
    except Exception as exc:  # noqa: BLE001  # pragma: no cover - depends on the paddle build
        log.debug("could not set paddle threads: %s", exc)


class DygraphRuntime(Runtime):
    """Paddle eager eval under ``no_grad``: the reference. Concurrent runs are safe: ``no_grad`` and the dygraph
    mode are per thread in paddle (a thread that first touched paddle while it was being imported is put back
    in dygraph mode)."""

    kind = "dygraph"

    def __init__(self, name: str | None, network, device: Device | None = None):
        super().__init__(name, device or resolve_device("cpu"))
        self.network = network
        self._place_set = False

    def _ensure_place(self):
        if self._place_set:
            return
        import paddle

        if self.device.is_gpu:
            paddle.set_device(f"gpu:{self.device.index}")
        else:
            set_paddle_threads(self.device.threads)
        self._place_set = True

    def run(self, inputs):
        import paddle

        inputs = check_inputs(inputs)
        self._ensure_place()
        from ..models import ensure_dynamic_mode

        ensure_dynamic_mode()
        self.network.eval()
        with paddle.no_grad():
            out = self.network({k: paddle.to_tensor(v) for k, v in inputs.items()})
        return as_alpha(out)
