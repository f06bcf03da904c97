"""The official PaddleSeg Matting predict pipeline around a network: resize rules, normalisation, and back.

This reproduces what PaddleSeg's ``tools/predict.py`` does for each config (see ``specs.NETWORKS``): the image is
resized step by step in uint8 with OpenCV (trimaps with nearest neighbour), normalised to ``(x/255 - 0.5)/0.5``,
run through the network, and the alpha is resized back through the same steps in reverse (bilinear, half-pixel
centres). Known trimap regions are then forced to 0 / 1.

``predict(name, run, image, trimap)`` is that pipeline around any runner (``run(inputs) -> alpha (N, 1, h, w)``: a
runtime's ``run``, or ``run_network`` for a paddle network); ``official_predict`` runs it on a network.
"""
from __future__ import annotations

import cv2
import numpy as np

from .specs import Resize, spec


class PipelineError(ValueError):
    """An image the pipeline cannot take (too small for the network, or a trimap missing)."""


def _scaled(h: int, w: int, scale: float) -> tuple[int, int]:
    return int(round(h * scale)), int(round(w * scale))


def target_size(step: Resize, h: int, w: int) -> tuple[int, int]:
    """The size (h, w) one resize step maps an (h, w) image to."""
    if step.kind == "limit_short":
        return _scaled(h, w, step.size / min(h, w)) if min(h, w) > step.size else (h, w)
    if step.kind == "limit_long":
        return _scaled(h, w, step.size / max(h, w)) if max(h, w) > step.size else (h, w)
    if step.kind == "by_short":
        return _scaled(h, w, step.size / min(h, w))
    if step.kind == "int_mult":
        return h - h % step.size, w - w % step.size
    raise ValueError(f"unknown resize step {step.kind!r}")


def plan_sizes(name: str, h: int, w: int) -> list[tuple[int, int]]:
    """Sizes the image takes through the pipeline: [original, after step 1, ...]; the last is the network's."""
    sizes = [(h, w)]
    for step in spec(name).resize:
        sizes.append(target_size(step, *sizes[-1]))
    if min(sizes[-1]) <= 0:
        raise PipelineError(f"image {w}x{h} is too small for {name}")
    return sizes


def _resize(arr: np.ndarray, hw: tuple[int, int], interpolation: int) -> np.ndarray:
    if arr.shape[:2] == tuple(hw):
        return arr
    return cv2.resize(arr, (hw[1], hw[0]), interpolation=interpolation)


def prepare(name: str, image_rgb_uint8: np.ndarray, trimap: np.ndarray | None = None):
    """Resize and normalise as the official pipeline does; returns (inputs dict of numpy arrays, sizes)."""
    image = np.ascontiguousarray(image_rgb_uint8)
    sizes = plan_sizes(name, *image.shape[:2])
    for hw in sizes[1:]:
        image = _resize(image, hw, cv2.INTER_LINEAR)
        if trimap is not None:
            trimap = _resize(trimap, hw, cv2.INTER_NEAREST)
    img = (image.astype(np.float32) / 255.0 - 0.5) / 0.5
    inputs = {"img": img.transpose(2, 0, 1)[None]}
    if trimap is not None:
        inputs["trimap"] = trimap.astype(np.float32)[None, None]
    return inputs, sizes


def restore(alpha: np.ndarray, sizes: list[tuple[int, int]], trimap: np.ndarray | None = None) -> np.ndarray:
    """Resize a network alpha (H, W) back through ``sizes`` in reverse; force known trimap regions."""
    alpha = np.asarray(alpha, dtype=np.float32)
    for hw in reversed(sizes[:-1]):
        alpha = _resize(alpha, hw, cv2.INTER_LINEAR)
    if trimap is not None:
        alpha = np.where(trimap == 0, 0.0, np.where(trimap == 255, 1.0, alpha)).astype(np.float32)
    return alpha


def run_network(network, inputs: dict[str, np.ndarray]) -> np.ndarray:
    """The alpha (N, 1, h, w) float32 of a paddle network (already in eval mode) on numpy inputs, no gradients."""
    import paddle

    with paddle.no_grad():
        out = network({k: paddle.to_tensor(v) for k, v in inputs.items()})
    if isinstance(out, dict):
        out = out.get("alpha", next(iter(out.values())))
    elif isinstance(out, (list, tuple)):
        out = out[0]
    return np.asarray(out.numpy(), dtype=np.float32)


def predict(name: str, run, image_rgb_uint8: np.ndarray, trimap: np.ndarray | None = None) -> np.ndarray:
    """prepare -> ``run(inputs)`` -> restore: alpha (H, W) float32 at the image's size (not clipped).

    ``trimap`` is used only by networks that take one (and then required: :class:`PipelineError` without it).
    """
    needs = spec(name).needs_trimap
    if needs and trimap is None:
        raise PipelineError(f"{name} needs a trimap")
    trimap = trimap if needs else None
    inputs, sizes = prepare(name, image_rgb_uint8, trimap)
    alpha = run(inputs)
    return restore(alpha[0, 0], sizes, trimap)


def official_predict(name, network, image_rgb_uint8, trimap=None) -> np.ndarray:
    """Alpha (H, W) float32 in [0, 1] for an RGB uint8 image, exactly as PaddleSeg's predict computes it."""
    return predict(name, lambda inputs: run_network(network, inputs), image_rgb_uint8, trimap)
