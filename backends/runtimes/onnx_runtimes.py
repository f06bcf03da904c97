"""The fast CPU paths: a fixed-shape ONNX export of the network run by OpenVINO (f32) or ONNX Runtime.

The ONNX file is made once per (network, weights, shape) from the cached fixed-shape Paddle program (shared with
the paddle-inference runtime) and shared by both runtimes; each records its own parity verdict. OpenVINO is
compiled with ``INFERENCE_PRECISION_HINT=f32``: its default on CPUs with bf16/AMX support is bf16, which gives
wrong alphas (max diff ~1) for every model of the zoo.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .exported import ExportedRuntime
from .export import ensure_paddle_export, export_onnx

log = logging.getLogger("backends.runtimes")

__all__ = ["OpenVINORuntime", "OnnxRuntimeRuntime", "openvino_available", "onnxruntime_available",
           "export_available"]


def _importable(mod: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(mod) is not None
    except (ImportError, ValueError):
        return False


def export_available() -> bool:
    return _importable("paddle2onnx")


def openvino_available() -> bool:
    return _importable("openvino") and export_available()


def onnxruntime_available() -> bool:
    return _importable("onnxruntime") and export_available()


class _OnnxExported(ExportedRuntime):
    fmt = "onnx"

    def _build(self, tmp: Path, shapes) -> None:
        # the static program is shared with the paddle-inference runtime (one trace per shape)
        program, params = ensure_paddle_export(self.network, self.name, self.weights_id, shapes)
        export_onnx(program, params, tmp / "model.onnx")


_OV_CORE = None


def _ov_core():
    global _OV_CORE
    if _OV_CORE is None:
        import openvino as ov

        _OV_CORE = ov.Core()
    return _OV_CORE


class OpenVINORuntime(_OnnxExported):
    """OpenVINO on the CPU, f32, ``threads`` inference threads, latency mode."""

    kind = "openvino"

    def _load(self, entry: Path, shapes):
        if self.device.is_gpu:
            raise RuntimeError("the OpenVINO runtime runs on the CPU only")
        config = {"INFERENCE_PRECISION_HINT": "f32", "INFERENCE_NUM_THREADS": int(self.device.threads),
                  "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": 1,
                  # no pinning: a desktop app shares the cores (UI, other work); pinned threads then wait on them
                  "ENABLE_CPU_PINNING": False}
        compiled = _ov_core().compile_model(str(entry / "model.onnx"), "CPU", config)
        got = str(compiled.get_property("INFERENCE_PRECISION_HINT")).lower()
        if "f32" not in got and "float32" not in got:
            raise RuntimeError(f"OpenVINO did not accept the f32 precision hint (it reports {got})")
        names = []
        for port in compiled.inputs:
            known = [n for n in ("img", "trimap") if n in port.get_names()]
            if not known:
                raise RuntimeError(f"unexpected model input {sorted(port.get_names())}")
            names.append(known[0])
        return compiled, compiled.create_infer_request(), names

    def _infer(self, handle, inputs):
        _compiled, request, names = handle
        result = request.infer({i: inputs[n] for i, n in enumerate(names)})
        return np.asarray(next(iter(result.values())), dtype=np.float32).copy()


class OnnxRuntimeRuntime(_OnnxExported):
    """ONNX Runtime, CPU execution provider, ``threads`` intra-op threads."""

    kind = "onnxruntime"

    def _load(self, entry: Path, shapes):
        import onnxruntime as ort

        if self.device.is_gpu:
            raise RuntimeError("the ONNX Runtime path is used on the CPU only")
        so = ort.SessionOptions()
        so.intra_op_num_threads = int(self.device.threads)
        so.inter_op_num_threads = 1
        so.log_severity_level = 3
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(entry / "model.onnx"), so, providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        return session, names

    def _infer(self, handle, inputs):
        session, names = handle
        return np.asarray(session.run(None, {n: inputs[n] for n in names})[0], dtype=np.float32)
