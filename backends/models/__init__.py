"""The PaddleSeg Matting zoo re-implemented on Paddle, checkpoint-exact.

``build(name)`` returns the un-loaded network for a reference name (see ``specs.NETWORKS``); in eval mode its
forward takes ``{'img': x[, 'trimap': t]}`` and returns the alpha tensor (N, 1, H, W).
``build_with_weights(name, state)`` is how everything else gets a network: built in its own parameter-name scope,
one at a time, with a state dict (key -> numpy array) set into it, in eval mode.
``official_predict(name, network, image_rgb_uint8, trimap=None)`` runs the official predict pipeline around it.
Importing this package does not import paddle.
"""
from __future__ import annotations

import importlib
import threading
from typing import Any, Mapping

from .specs import NETWORKS, spec

__all__ = ["NETWORKS", "build", "build_with_weights", "official_predict", "spec"]

#: paddle's parameter naming (``unique_name``) is process-wide: networks are built one at a time
_BUILD_LOCK = threading.Lock()


def build(name: str):
    """Build the network ``name`` with fresh (untrained) weights, in eval mode."""
    module_name, func_name = spec(name).builder.split(":")
    network = getattr(importlib.import_module(module_name), func_name)(name)
    network.eval()
    return network


def ensure_dynamic_mode() -> None:
    """Put the calling thread in paddle's dygraph mode. The mode is per thread: a thread other than the one that
    imported paddle can start in static mode, where building layers and ``paddle.jit.to_static`` fail."""
    import paddle

    if not paddle.in_dynamic_mode():
        paddle.disable_static()


def build_with_weights(name: str, state: Mapping[str, Any] | None = None):
    """Build ``name`` in a fresh parameter-name scope and set ``state`` (key -> array; None: fresh weights) into it.

    Returns the network in eval mode. The state is set as it is: check it first (``backends.zoo.checkpoint``).
    """
    import paddle

    ensure_dynamic_mode()
    with _BUILD_LOCK:
        with paddle.utils.unique_name.guard():
            network = build(name)
        if state is not None:
            network.set_state_dict({k: paddle.to_tensor(v) for k, v in state.items()})
        network.eval()
    return network


def official_predict(name, network, image_rgb_uint8, trimap=None):
    from .pipeline import official_predict as run

    return run(name, network, image_rgb_uint8, trimap)
