"""The PaddleSeg Matting zoo re-implemented on Paddle, checkpoint-exact.

``build(name)`` returns the un-loaded network for a reference name (see ``specs.NETWORKS``); in eval mode its
forward takes ``{'img': x[, 'trimap': t]}`` and returns the alpha tensor (N, 1, H, W).
``official_predict(name, network, image_rgb_uint8, trimap=None)`` runs the official predict pipeline around it.
Importing this package does not import paddle.
"""
from __future__ import annotations

import importlib

from .specs import NETWORKS, spec

__all__ = ["NETWORKS", "build", "official_predict", "spec"]


def build(name: str):
    """Build the network ``name`` with fresh (untrained) weights, in eval mode."""
    module_name, func_name = spec(name).builder.split(":")
    network = getattr(importlib.import_module(module_name), func_name)(name)
    network.eval()
    return network


def official_predict(name, network, image_rgb_uint8, trimap=None):
    from .pipeline import official_predict as run

    return run(name, network, image_rgb_uint8, trimap)
