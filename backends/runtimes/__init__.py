"""Runtimes: run a loaded network as fast as is correct on the device.

    from backends.runtimes import select_runtime
    rt = select_runtime(name, network)              # device: None (auto) | 'cpu' | 'gpu' | 'gpu:1'
    alpha = rt.run({"img": img})                      # (N,1,H,W) float32; DIM also takes 'trimap'

Implementations (``RUNTIMES``):

- ``dygraph``: Paddle eager eval, no_grad: the reference, and everyone's fallback;
- ``openvino``: a fixed-shape ONNX export run by OpenVINO in f32 (the fastest correct CPU path);
- ``onnxruntime``: the same ONNX run by ONNX Runtime;
- ``paddle-inference``: a fixed-shape ``paddle.jit.save`` export run by Paddle Inference (plain executor on the
  CPU; GPU, with TensorRT when compiled in, on a CUDA build). ``InferenceModelRuntime.from_path`` runs the official
  inference-model zips and folders (legacy ``model.pdmodel`` and PIR ``model.json``).

Every exported runtime is checked against dygraph (max abs diff <= 1e-3) once per (network, weights, shape)
before it is used; the verdict is cached with the export (``backends.paths.cache_dir()/runtimes``) and a failed
check, export or load means dygraph for that shape, with a log message saying why.
"""
from __future__ import annotations

import logging

from .base import Device, DygraphRuntime, Runtime, cpu_threads, resolve_device

log = logging.getLogger("backends.runtimes")

__all__ = ["Device", "Runtime", "DygraphRuntime", "RUNTIMES", "available_runtimes", "create_runtime",
           "select_runtime", "resolve_device", "cpu_threads", "InferenceModelRuntime", "load_inference_model",
           "predict"]

RUNTIMES = ("dygraph", "openvino", "onnxruntime", "paddle-inference")

# The order to try on each device. Measured on a 2-core AVX-512 CPU at 512x512 (bench/model_speed.py): OpenVINO f32
# beats ONNX Runtime on every network of the zoo; Paddle Inference's plain CPU executor is no faster than dygraph.
CPU_ORDER = ("openvino", "onnxruntime", "dygraph")
GPU_ORDER = ("paddle-inference", "dygraph")
CPU_ORDER_BY_NETWORK: dict[str, tuple[str, ...]] = {}


def available_runtimes(device: "str | Device | None" = None) -> list[str]:
    """The runtimes that can be created here for ``device`` (importable packages, a GPU for GPU ones)."""
    from .onnx_runtimes import onnxruntime_available, openvino_available

    dev = resolve_device(device)
    out = ["dygraph"]
    if not dev.is_gpu:
        if openvino_available():
            out.append("openvino")
        if onnxruntime_available():
            out.append("onnxruntime")
    out.append("paddle-inference")
    return out


def create_runtime(kind: str, name: str, network, device: "str | Device | None" = None, **kwargs) -> Runtime:
    """A runtime of the given kind for a loaded network (``kwargs``: ``weights_id``, ``tolerance``, ...)."""
    dev = resolve_device(device, kwargs.pop("threads", None))
    if kind == "dygraph":
        return DygraphRuntime(name, network, dev)
    if kind == "openvino":
        from .onnx_runtimes import OpenVINORuntime

        return OpenVINORuntime(name, network, dev, **kwargs)
    if kind == "onnxruntime":
        from .onnx_runtimes import OnnxRuntimeRuntime

        return OnnxRuntimeRuntime(name, network, dev, **kwargs)
    if kind == "paddle-inference":
        from .paddle_inference import PaddleInferenceRuntime

        return PaddleInferenceRuntime(name, network, dev, **kwargs)
    raise ValueError(f"unknown runtime {kind!r}; known: {', '.join(RUNTIMES)}")


def select_runtime(name: str, network, device: "str | Device | None" = None,
                   prefer: "str | list[str] | tuple[str, ...] | None" = None, threads: int | None = None,
                   **kwargs) -> Runtime:
    """The fastest runtime that is correct for ``network`` on ``device``.

    GPU: Paddle Inference (TensorRT when available). CPU: OpenVINO when importable (then ONNX Runtime), else
    dygraph. ``prefer`` (a kind or a list of kinds, tried in order) overrides the order; kinds that cannot be made
    here are skipped. Exported runtimes check their export against dygraph before using it and fall back to
    dygraph per input shape, so the result is always correct; it is fast when the check passes.
    """
    dev = resolve_device(device, threads)
    if prefer is not None:
        order = (prefer,) if isinstance(prefer, str) else tuple(prefer)
        unknown = [k for k in order if k not in RUNTIMES]
        if unknown:
            raise ValueError(f"unknown runtime(s) {unknown}; known: {', '.join(RUNTIMES)}")
    elif dev.is_gpu:
        order = GPU_ORDER
    else:
        order = CPU_ORDER_BY_NETWORK.get(name, CPU_ORDER)
    available = set(available_runtimes(dev))
    for kind in order:
        if kind not in available:
            log.info("%s: runtime %s is not available here; trying the next", name, kind)
            continue
        try:
            runtime = create_runtime(kind, name, network, dev, **kwargs)
        except Exception as exc:  # noqa: BLE001 - logged; the next runtime is tried
            log.warning("%s: could not create the %s runtime (%s); trying the next", name, kind, exc)
            continue
        log.info("%s: using %s", name, runtime.describe())
        return runtime
    log.info("%s: using dygraph on %s", name, dev)
    return DygraphRuntime(name, network, dev)


def predict(runtime: Runtime, name: str, image_rgb_uint8, trimap=None):
    """The official predict pipeline (``backends.models.pipeline``) around a runtime: alpha (H, W) float32."""
    from backends.models.pipeline import predict as pipeline_predict

    return pipeline_predict(name, runtime.run, image_rgb_uint8, trimap)


def load_inference_model(path, device: "str | Device | None" = None, name: str | None = None, **kwargs):
    """Run an official inference-model zip / folder / program file with Paddle Inference."""
    from .paddle_inference import InferenceModelRuntime

    return InferenceModelRuntime.from_path(path, device, name, **kwargs)


def __getattr__(attr):
    if attr == "InferenceModelRuntime":
        from .paddle_inference import InferenceModelRuntime

        return InferenceModelRuntime
    raise AttributeError(attr)
