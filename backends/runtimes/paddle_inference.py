"""Paddle Inference: exported programs of a loaded network, and the official inference-model zips / folders.

Both program formats load: the legacy ``model.pdmodel`` (what the official zips, made by older paddle, hold) and
PIR ``model.json`` (what ``paddle.jit.save`` writes in paddle 3.x), each with ``model.pdiparams``.

- CPU: the plain executor (oneDNN off). Paddle 3.3.1's oneDNN path refuses these programs
  ("ConvertPirAttribute2RuntimeAttribute not support pir::ArrayAttribute<pir::DoubleAttribute>" from
  ``bilinear_interp``), and with older paddle oneDNN computed a wrong PP-MattingV2.
- GPU (a CUDA build of paddle that sees a device): ``enable_use_gpu``; TensorRT (f32) when paddle was compiled with
  it. Exports of a loaded network are parity-checked against dygraph like every exported runtime; a TensorRT
  engine that does not build falls back to plain GPU Paddle Inference; an export that does not match, to dygraph.

``PaddleInferenceRuntime(name, network, device)`` exports the network (fixed shape, cached; the same program, with
the exact ONNX-friendly resize ops, that the ONNX runtimes convert);
``InferenceModelRuntime.from_path(path_or_zip, device)`` runs an inference model as it is (no network, no check:
it is the official artefact).
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import zipfile
from pathlib import Path

import numpy as np

from . import cache
from .base import Device, Runtime, check_inputs, resolve_device
from .export import export_paddle, find_model_files
from .exported import ExportedRuntime

log = logging.getLogger("backends.runtimes")

__all__ = ["PaddleInferenceRuntime", "InferenceModelRuntime", "tensorrt_available"]


def tensorrt_available() -> bool:
    try:
        from paddle import inference

        version = inference.get_trt_compile_version()
        return bool(version) and tuple(version) != (0, 0, 0)
    except Exception:  # noqa: BLE001 - no TensorRT in this paddle
        return False


def make_predictor(program: Path, params: Path, device: Device, tensorrt: bool = False):
    from paddle import inference

    config = inference.Config(str(program), str(params))
    if device.is_gpu:
        config.enable_use_gpu(256, device.index)
        if tensorrt:
            config.enable_tensorrt_engine(workspace_size=1 << 30, max_batch_size=1, min_subgraph_size=3,
                                          precision_mode=inference.PrecisionType.Float32, use_static=False,
                                          use_calib_mode=False)
    else:
        config.disable_gpu()
        config.disable_onednn()
        config.set_cpu_math_library_num_threads(int(device.threads))
    config.switch_ir_optim(True)
    config.disable_glog_info()
    return inference.create_predictor(config)


def predictor_run(predictor, inputs: dict[str, np.ndarray]) -> np.ndarray:
    names = predictor.get_input_names()
    for n in names:
        if n not in inputs:
            raise KeyError(f"the inference model needs input {n!r}; given {sorted(inputs)}")
        handle = predictor.get_input_handle(n)
        arr = np.ascontiguousarray(inputs[n], dtype=np.float32)
        handle.reshape(list(arr.shape))
        handle.copy_from_cpu(arr)
    predictor.run()
    out = predictor.get_output_handle(predictor.get_output_names()[0])
    return np.asarray(out.copy_to_cpu(), dtype=np.float32)


class PaddleInferenceRuntime(ExportedRuntime):
    """A loaded network exported with ``paddle.jit.save`` (fixed shape) and run by Paddle Inference."""

    kind = "paddle-inference"
    fmt = "paddle"

    def __init__(self, name, network, device=None, *, tensorrt: bool | None = None, **kwargs):
        super().__init__(name, network, device, **kwargs)
        self.tensorrt = (tensorrt_available() if tensorrt is None else tensorrt) and self.device.is_gpu

    @property
    def verdict_id(self) -> str:
        if not self.device.is_gpu:
            return "paddle-inference-cpu"
        return "paddle-inference-trt" if self.tensorrt else "paddle-inference-gpu"

    def describe(self) -> str:
        trt = " + TensorRT" if self.tensorrt else ""
        return f"paddle-inference{trt} on {self.device} (parity-checked, dygraph fallback)"

    def _build(self, tmp: Path, shapes) -> None:
        export_paddle(self.network, shapes, tmp / "model", onnx_ops=True)

    def _load(self, entry: Path, shapes):
        program, params = find_model_files(entry)
        try:
            return make_predictor(program, params, self.device, self.tensorrt)
        except Exception as exc:
            if not self.tensorrt:
                raise
            log.warning("%s: TensorRT failed to build (%s); plain GPU Paddle Inference", self.name, exc)
            self.tensorrt = False
            return make_predictor(program, params, self.device, False)

    def _infer(self, handle, inputs):
        return predictor_run(handle, inputs)


def _extract_zip(path: Path) -> Path:
    """Unpack an inference-model zip once into the cache (safely: no absolute paths or '..'); its folder."""
    h = hashlib.blake2b(digest_size=12)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    final = cache.root() / "zips" / h.hexdigest()
    if cache.is_complete(final):
        return final

    def build(tmp: Path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                target = (tmp / info.filename).resolve()
                if not str(target).startswith(str(tmp.resolve()) + os.sep) and target != tmp.resolve():
                    raise ValueError(f"{path.name}: unsafe path in zip: {info.filename!r}")
            zf.extractall(tmp)

    try:
        return cache.build_atomically(final, build)
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{path}: not a valid zip file ({exc})") from None


class InferenceModelRuntime(Runtime):
    """An inference model (official zip or folder) run as it is by Paddle Inference.

    A predictor holds its input and output buffers: one run at a time (concurrent runs mix their inputs up)."""

    kind = "paddle-inference"

    def __init__(self, program: Path, params: Path, device: "Device | str | None" = None, name: str | None = None,
                 tensorrt: bool | None = None, threads: int | None = None):
        device = resolve_device(device, threads)
        super().__init__(name, device)
        self.program, self.params = Path(program), Path(params)
        self.tensorrt = (tensorrt_available() if tensorrt is None else tensorrt) and device.is_gpu
        self.folder = self.program.parent
        try:
            self.predictor = make_predictor(self.program, self.params, device, self.tensorrt)
        except Exception:
            if not self.tensorrt:
                raise
            log.warning("TensorRT failed to build for %s; plain GPU Paddle Inference", self.program)
            self.tensorrt = False
            self.predictor = make_predictor(self.program, self.params, device, False)
        self.input_names = list(self.predictor.get_input_names())
        self._lock = threading.Lock()

    @classmethod
    def from_path(cls, path, device=None, name: str | None = None, **kwargs) -> "InferenceModelRuntime":
        """From an inference-model zip (as downloaded), its unpacked folder, or a program file."""
        path = Path(path)
        if path.is_file() and path.suffix.lower() == ".zip":
            folder = _extract_zip(path)
        elif path.is_file() and path.suffix in (".json", ".pdmodel"):
            params = path.with_suffix(".pdiparams")
            if not params.is_file():
                raise FileNotFoundError(f"{params} is missing beside {path.name}")
            return cls(path, params, device, name, **kwargs)
        elif path.is_dir():
            folder = path
        else:
            raise FileNotFoundError(f"{path}: not an inference-model zip, folder or program file")
        program, params = find_model_files(folder)
        return cls(program, params, device, name, **kwargs)

    def run(self, inputs):
        inputs = check_inputs(inputs)
        with self._lock:
            return predictor_run(self.predictor, {k: v for k, v in inputs.items() if k in self.input_names})
