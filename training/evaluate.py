"""Evaluation of a network on a validation set with SAD / MSE / Grad / Conn, as PaddleSeg's ``evaluate`` does.

Each image goes through the config's validation resize, the network (eval mode, no gradients), back to the
photo's size (bilinear), is rounded to 0..255 and compared with the untouched ground truth; the metrics are the
means over images (:mod:`training.metrics`). ``evaluate_weights`` does the same for a weights file or an installed
model, for ``matting-studio eval``; ``evaluate_start`` for a run's start weights (the "before" of a before / after
comparison).
"""
from __future__ import annotations

import time
from typing import Callable

import numpy as np

from . import metrics as M
from .datasets import ValSet


def predict_alpha(network, item: dict) -> np.ndarray:
    """The alpha (H, W) in [0, 1] of one :class:`ValSet` item (inputs already prepared) at the photo's size."""
    from backends.models.pipeline import restore, run_network

    return restore(run_network(network, item["inputs"])[0, 0], item["sizes"])


def evaluate(network, valset: ValSet, progress: Callable[[int, int, dict], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> dict:
    """Mean metrics over ``valset`` plus ``images`` (per-image values) and ``seconds``; restores train mode."""
    was_training = network.training
    network.eval()
    acc = M.MetricAccumulator()
    per_image = []
    start = time.monotonic()
    try:
        for i in range(len(valset)):
            if should_stop and should_stop():
                break
            item = valset[i]
            values = M.from_alpha(predict_alpha(network, item), item["alpha"], item["trimap"])
            acc.add_values(values)
            per_image.append({"name": item["name"], **values})
            if progress:
                progress(i + 1, len(valset), values)
    finally:
        if was_training:
            network.train()
    return {**acc.result(), "count": acc.count, "images": per_image, "seconds": time.monotonic() - start}


def load_network(network_name: str, weights=None):
    """Build ``network_name`` (eval mode) with ``weights``: a .pdparams path, an installed model id, or None."""
    from backends.models import build_with_weights
    from backends.zoo.checkpoint import load_checkpoint

    from .checkpoints import resolve_weights

    path = resolve_weights(network_name, weights)
    return build_with_weights(network_name, load_checkpoint(path, network_name) if path is not None else None)


def evaluate_weights(network_name: str, weights, samples, val_size: int | None = None,
                     use_trimap: bool | None = None, device: str = "auto", progress=None) -> dict:
    from .device import select

    select(device, amp=False)
    net = load_network(network_name, weights)
    return evaluate(net, ValSet(samples, network_name, val_size, use_trimap), progress)


def evaluate_start(config) -> dict:
    """Metrics of the start weights of a run (a ``TrainConfig``) on its validation set."""
    from .checkpoints import resolve_weights
    from .datasets import open_dataset

    cfg = config.resolved()
    layout = open_dataset(cfg.dataset, cfg.val_fraction)
    return evaluate_weights(cfg.network, resolve_weights(cfg.network, cfg.weights), layout.val, cfg.val_size,
                            cfg.eval_trimap, cfg.device)
