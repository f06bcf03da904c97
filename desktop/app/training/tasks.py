"""The wizard's slow work, as plain functions (no Qt) that run on the worker pool.

``check_dataset`` validates a dataset folder and picks a few sample pairs to show; ``device_summary`` (with a
quick measure of the device's speed), ``memory_figure``, ``fit_to_device`` and ``time_estimate`` feed the settings
page; ``start_metrics`` is the "before" of the result page (the start weights on
the validation set); ``export_model`` exports the best weights of a run and registers them as a user model.
Work that builds a network runs in a child process (``jobs``); training itself runs in its own process
(``follower.TrainingProcess``).
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import jobs

METRICS = ("sad", "mse", "grad", "conn")
MODEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # backends.zoo.store's rule for model ids
#: a thread that first touches paddle while another thread is importing it can be left in static-graph mode, and
#: building networks in two threads at once mixes up their parameter names ("Duplicate parameter conv2d_0.w_0"):
#: the tasks here that import paddle hold this lock (see ``_paddle``); those that build networks use ``jobs``
PADDLE_LOCK = threading.RLock()


def _paddle():
    """Import paddle and make sure this (pool) thread is in dynamic-graph mode; call with PADDLE_LOCK held."""
    import paddle

    if not paddle.in_dynamic_mode():
        paddle.disable_static()
    return paddle


@dataclass
class DatasetCheck:
    folder: str
    report: object  # training.validation.Report
    kind: str = ""  # 'paddleseg' or 'paired' ('' when the folder is not a dataset)
    samples: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)  # name, RGB, alpha


def _thumbnail(img: np.ndarray, side: int) -> np.ndarray:
    import cv2

    h, w = img.shape[:2]
    scale = side / max(h, w)
    if scale < 1:
        img = cv2.resize(img, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(img)


def check_dataset(folder: str, backgrounds: str = "", samples: int = 4, side: int = 120, state=None) -> DatasetCheck:
    """Validate ``folder`` (reporting (done, total) progress) and load up to ``samples`` image / alpha pairs."""
    from training.datasets import DatasetError, _images, load_sample, open_dataset
    from training.validation import validate

    try:
        layout = open_dataset(folder)
    except DatasetError:
        layout = None
    progress = state.progress if state is not None else None
    report = validate(layout if layout is not None else folder,
                      progress=(lambda done, total: progress((done, total))) if progress else None)
    result = DatasetCheck(str(folder), report, layout.kind if layout else "")
    if layout is None or not layout.train:
        return result
    bgs = list(_images(Path(backgrounds)).values()) if backgrounds and Path(backgrounds).is_dir() else None
    rng = np.random.default_rng(0)
    pool = layout.train
    picks = [pool[round(i * (len(pool) - 1) / max(1, samples - 1))] for i in range(min(samples, len(pool)))]
    for sample in dict.fromkeys(picks):
        if state is not None and state.cancelled:
            break
        try:
            item = load_sample(sample, bgs, rng)
        except Exception:  # noqa: BLE001 - the report already names the broken file
            continue
        result.samples.append((sample.name, _thumbnail(item["img"], side), _thumbnail(item["alpha"], side)))
    return result


def defaults(network: str, weights: str, dataset: str = "") -> dict:
    """The trainer's defaults for ``network`` started from ``weights`` (``TrainConfig.resolved()``) and the size
    multiple of the network. On a worker: resolving imports paddle (through the losses), seconds the first time."""
    from backends.models.specs import spec
    from training.config import TrainConfig

    with PADDLE_LOCK:
        _paddle()
        cfg = TrainConfig(network=network, dataset=dataset, run_dir="", weights=weights).resolved()
    multiple = spec(network).multiple
    return {"iters": cfg.iters, "batch_size": cfg.batch_size, "lr": cfg.lr, "size": cfg.size,
            "eval_every": cfg.eval_every, "save_every": cfg.save_every,
            "multiple": max(multiple, 32 if multiple > 1 else 1)}


def device_summary(device: str = "auto") -> dict:
    """The device training would use: ``{'kind', 'text', 'gpus'}`` (text such as "CPU" or "NVIDIA ... (gpu:0)")."""
    from backends.runtimes.base import _cuda_devices, resolve_device
    from training.device import TrainDevice

    with PADDLE_LOCK:
        _paddle()
        gpus = _cuda_devices()
        try:
            dev = resolve_device(None if device in ("", "auto") else device)
        except (RuntimeError, ValueError) as exc:
            return {"kind": "error", "text": str(exc), "gpus": gpus}
    chosen = TrainDevice(dev.kind, dev.index, amp=dev.is_gpu)
    return {"kind": chosen.kind, "text": chosen.describe(), "gpus": gpus, "gflops": measure_gflops(chosen)}


#: fine-tuning on a CPU: fewer iterations and a small batch, so a run takes a lunch break, not a week
CPU_FINETUNE_ITERS, CPU_MAX_BATCH = 500, 2
#: the share of a device's matrix-multiply speed that training a convolutional network reaches (measured roughly:
#: MODNet-MobileNetV2 fine-tuning on a 2-core CPU and PP-MattingV2 on one GPU); the estimate is a rough one
TRAIN_EFFICIENCY = {"cpu": 0.2, "gpu": 0.25}


def measure_gflops(device, seconds: float = 0.25) -> float:
    """The device's float32 matrix-multiply speed in GFLOP/s, measured for about ``seconds`` (0 if it fails)."""
    n = 512
    try:
        if device.kind == "gpu":
            import paddle

            with PADDLE_LOCK:
                _paddle()
                a = paddle.randn([n, n], dtype="float32").cuda(device.index)
                paddle.matmul(a, a)
                paddle.device.cuda.synchronize(device.index)
                count, t0 = 0, time.perf_counter()
                while time.perf_counter() - t0 < seconds:
                    for _ in range(20):
                        paddle.matmul(a, a)
                    paddle.device.cuda.synchronize(device.index)
                    count += 20
        else:
            a = np.random.default_rng(0).random((n, n), dtype=np.float32)
            a @ a
            count, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < seconds:
                a @ a
                count += 1
        return 2 * n ** 3 * count / (time.perf_counter() - t0) / 1e9
    except Exception:  # noqa: BLE001 - no estimate is better than a wrong one
        return 0.0


def fit_to_device(d: dict, kind: str, finetune: bool) -> dict:
    """The trainer's defaults ``d`` sized for the device: on a CPU a fine-tuning run gets at most
    ``CPU_FINETUNE_ITERS`` iterations and a batch of ``CPU_MAX_BATCH`` (evaluated and saved five times)."""
    d = dict(d)
    if kind != "gpu" and finetune:
        d["iters"] = min(d["iters"], CPU_FINETUNE_ITERS)
        d["batch_size"] = min(d["batch_size"], CPU_MAX_BATCH)
        d["eval_every"] = d["save_every"] = max(1, d["iters"] // 5)
    return d


def time_estimate(network: str, iters: int, batch: int, size: int, device: dict | None) -> float | None:
    """Seconds a run of ``iters`` iterations of ``batch`` crops of ``size`` px would take on ``device`` (from
    ``device_summary``), from the network's published GFLOPs and the measured device speed; None when unknown."""
    from backends.zoo import catalog

    entries = catalog.by_network(network)
    if not entries or not device or not device.get("gflops"):
        return None
    entry = entries[0]
    reference = 2048 if "human_matting" in network else 512  # the size the catalog's GFLOPs are given at
    per_image = 3.0 * entry.gflops * (size / reference) ** 2  # forward + backward
    rate = device["gflops"] * TRAIN_EFFICIENCY.get(device.get("kind"), 0.2)
    return iters * batch * per_image / max(rate, 1e-6)


def human_duration(seconds: float) -> str:
    minutes = max(1, int(round(seconds / 60)))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours / 24:.0f} days"


_memory_cache: dict[tuple, int] = {}


def memory_figure(network: str, batch_size: int, size: int, amp: bool, state=None) -> int:
    """Approximate training memory in bytes (``training.device.memory_estimate``, in a child process)."""
    key = (network, int(batch_size), int(size), bool(amp))
    if key not in _memory_cache:
        result = jobs.run(["memory", network, batch_size, size, int(bool(amp))], state)
        _memory_cache[key] = int(result["bytes"])
    return _memory_cache[key]


def start_metrics(config, state=None) -> dict:
    """SAD / MSE / Grad / Conn of the start weights of the run in ``config.run_dir`` (its ``config.json``) on its
    validation set, in a child process (``count`` 0 without a validation set)."""
    return jobs.run(["start-metrics", config.run_dir], state)


def run_weights(run_dir) -> Path | None:
    """The weights a run would export: its best (by SAD), else its newest checkpoint."""
    from training.checkpoints import run_weights as weights_of

    return weights_of(run_dir)


def best_metrics(run_dir) -> dict | None:
    """The metrics saved with the run's best weights (``RUN/best/metrics.json``), with ``iter`` when known."""
    import json

    from training import checkpoints as C

    path = C.best_dir(run_dir) / "metrics.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    metrics = data.get("metrics", data)
    if not all(k in metrics for k in METRICS):
        return None
    return {k: float(metrics[k]) for k in METRICS} | ({"iter": data["iter"]} if "iter" in data else {})


def model_id_problem(model_id: str) -> str:
    """Why ``model_id`` cannot name a new user model ('' when it can)."""
    from backends.zoo import catalog

    if not model_id:
        return "give the model a name"
    if not MODEL_ID.match(model_id):
        return "use letters, digits, '.', '_' and '-' (up to 64), starting with a letter or digit"
    if catalog.find(model_id) is not None:
        return f"{model_id} is a zoo model; choose another name"
    return ""


def suggest_model_id(network: str) -> str:
    from backends.zoo import store

    base = f"my-{network.split('-')[0]}-{time.strftime('%Y%m%d')}"
    model_id, n = base, 2
    while store.get(model_id) is not None:
        model_id, n = f"{base}-{n}", n + 1
    return model_id


def export_model(network: str, run_dir, model_id: str, state=None):
    """Export the run's best weights to ``RUN/export`` and register them as the user model ``model_id`` (the
    export runs in a child process: it switches paddle to static-graph mode while tracing)."""
    from backends import registry
    from backends.zoo import store

    problem = model_id_problem(model_id)
    if problem:
        raise ValueError(problem)
    if run_weights(run_dir) is None:
        raise ValueError(f"{run_dir} has no weights to export yet")
    jobs.run(["export", network, run_dir, model_id], state)
    registry.forget(model_id)  # a previous model of that name may be loaded
    model = store.get(model_id)
    if model is None:
        raise jobs.JobError(f"{model_id} was exported but is not installed")
    return model
