"""Evaluation of a network on a validation set with SAD / MSE / Grad / Conn, as PaddleSeg's ``evaluate`` does.

Each image goes through the config's validation resize, the network (eval mode, no gradients), back to the
photo's size (bilinear), is rounded to 0..255 and compared with the untouched ground truth; the metrics are the
means over images (:mod:`training.metrics`). ``evaluate_weights`` does the same for a weights file or an installed
model, for ``matting-studio eval``.
"""
from __future__ import annotations

import time
from typing import Callable

import numpy as np

from . import metrics as M
from .datasets import ValSet


def predict_alpha(network, item: dict) -> np.ndarray:
    """The alpha (H, W) in [0, 1] of one :class:`ValSet` item at the photo's size."""
    import paddle

    from backends.models.pipeline import restore

    with paddle.no_grad():
        out = network({k: paddle.to_tensor(v) for k, v in item["inputs"].items()})
    if isinstance(out, dict):
        out = out.get("alpha", next(iter(out.values())))
    return restore(out.numpy()[0, 0].astype(np.float32), item["sizes"])


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
    import paddle

    from backends.models import build

    from .trainer import resolve_weights

    with paddle.utils.unique_name.guard():
        net = build(network_name)
    path = resolve_weights(network_name, weights)
    if path is not None:
        from backends.zoo.checkpoint import load_checkpoint

        state = load_checkpoint(path, network_name)
        net.set_state_dict({k: paddle.to_tensor(v) for k, v in state.items()})
    net.eval()
    return net


def evaluate_weights(network_name: str, weights, samples, val_size: int | None = None,
                     use_trimap: bool | None = None, device: str = "auto", progress=None) -> dict:
    from .device import select

    select(device, amp=False)
    net = load_network(network_name, weights)
    return evaluate(net, ValSet(samples, network_name, val_size, use_trimap), progress)
