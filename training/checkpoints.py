"""Checkpoints of a run: ``RUN/checkpoints/iter_NNNNNNN/`` and the best model ``RUN/best/``.

A checkpoint folder holds ``model.pdparams`` (the state dict, readable by ``backends.zoo.safe_pickle``),
``optimizer.npz`` (optimiser accumulators keyed by the parameters' structured names, so they survive a rebuild)
and ``state.json`` (iteration, best result so far). It is written under a temporary name and renamed when complete,
so a crash never leaves a half-written checkpoint that looks valid. Only the newest ``keep`` are kept.
Loading never unpickles code: weights go through ``safe_pickle``, the optimiser state is a plain ``.npz``.
``resolve_weights`` names the ``.pdparams`` a run starts from, ``run_weights`` the one a finished run exports.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np

from backends.folders import write_dir

from .errors import TrainError

_ITER = re.compile(r"^iter_(\d+)$")
MODEL = "model.pdparams"
OPTIMIZER = "optimizer.npz"
STATE = "state.json"


def checkpoints_dir(run_dir) -> Path:
    return Path(run_dir) / "checkpoints"


def best_dir(run_dir) -> Path:
    return Path(run_dir) / "best"


def list_checkpoints(run_dir) -> list[tuple[int, Path]]:
    """Complete checkpoints of a run as (iteration, folder), oldest first."""
    folder = checkpoints_dir(run_dir)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _ITER.match(p.name)
        if m and (p / STATE).is_file() and (p / MODEL).is_file():
            found.append((int(m.group(1)), p))
    return sorted(found)


def latest(run_dir) -> tuple[int, Path] | None:
    found = list_checkpoints(run_dir)
    return found[-1] if found else None


def _param_names(network) -> dict[str, str]:
    return {p.name: key for key, p in network.named_parameters()}


def optimizer_arrays(optimizer, network) -> dict[str, np.ndarray]:
    """The optimiser's accumulators as numpy, keys rewritten from internal to structured parameter names."""
    names = sorted(_param_names(network).items(), key=lambda kv: -len(kv[0]))
    out = {}
    for key, value in optimizer.state_dict().items():
        if not hasattr(value, "numpy"):
            continue
        for internal, structured in names:
            if key.startswith(internal + "_"):
                key = structured + "|" + key[len(internal):]
                break
        out[key] = value.numpy()
    return out


def restore_optimizer(optimizer, network, arrays: dict[str, np.ndarray]) -> None:
    import paddle

    by_structured = {v: k for k, v in _param_names(network).items()}
    state = {}
    for key, value in arrays.items():
        if "|" in key:
            structured, suffix = key.split("|", 1)
            if structured not in by_structured:
                continue
            key = by_structured[structured] + suffix
        state[key] = paddle.to_tensor(value)
    optimizer.set_state_dict(state)


def save_state_dict(network, path) -> None:
    import paddle

    paddle.save(network.state_dict(), str(path))


def save(run_dir, iteration: int, network, optimizer, state: dict, keep: int = 3) -> Path:
    """Write checkpoint ``iteration`` (and drop the oldest beyond ``keep``); returns its folder."""

    def write(tmp: Path):
        save_state_dict(network, tmp / MODEL)
        np.savez(tmp / OPTIMIZER, **optimizer_arrays(optimizer, network))
        (tmp / STATE).write_text(json.dumps(dict(state, iter=iteration), indent=1), "utf-8")

    folder = write_dir(checkpoints_dir(run_dir) / f"iter_{iteration:07d}", write)
    for _, old in list_checkpoints(run_dir)[:-keep] if keep > 0 else []:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def save_best(run_dir, network, metrics: dict, iteration: int) -> Path:
    def write(tmp: Path):
        save_state_dict(network, tmp / MODEL)
        (tmp / "metrics.json").write_text(json.dumps({"iter": iteration, "metrics": metrics}, indent=1), "utf-8")

    return write_dir(best_dir(run_dir), write)


def read_state(folder) -> dict:
    return json.loads((Path(folder) / STATE).read_text("utf-8"))


def load_weights(path) -> dict[str, np.ndarray]:
    """A state dict from a ``.pdparams`` file, read without executing code."""
    from backends.zoo.safe_pickle import load_pdparams

    return load_pdparams(path)


def load_optimizer_arrays(folder) -> dict[str, np.ndarray]:
    path = Path(folder) / OPTIMIZER
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def resolve_weights(network: str, weights) -> Path | None:
    """The .pdparams to start from: None (scratch), 'official', an installed model id, or a file path."""
    if weights in (None, "", "scratch"):
        return None
    from backends.zoo import catalog, store

    if weights == "official":
        entries = catalog.by_network(network)
        for entry in entries:
            path = store.weights_path(entry.id)
            if path is not None:
                return path
        ids = ", ".join(e.id for e in entries) or network
        raise TrainError(f"the official weights of {network} are not installed: run "
                         f"`matting-studio models download {ids.split(',')[0]}` first (or start from scratch)")
    path = Path(weights)
    if path.is_file():
        return path
    if path.is_dir() and (path / MODEL).is_file():
        return path / MODEL
    try:
        model = store.get(str(weights))
    except Exception:  # noqa: BLE001 - not a usable model id: reported below as no such file or model
        model = None
    if model is not None:
        if model.network != network:
            raise TrainError(f"installed model {weights!r} is a {model.network}, not a {network}")
        if model.checkpoint is None:
            raise TrainError(f"installed model {weights!r} has only an inference model; training needs its "
                             ".pdparams weights")
        return model.checkpoint
    raise TrainError(f"start weights {weights!r}: no such file, and no installed model with that id")


def run_weights(run_dir) -> Path | None:
    """The weights a run would export: its best (by SAD), else its newest checkpoint."""
    best = best_dir(run_dir) / MODEL
    if best.is_file():
        return best
    last = latest(run_dir)
    return last[1] / MODEL if last else None
