"""Matting metrics SAD, MSE, Grad and Conn, computed exactly as PaddleSeg's evaluation computes them.

``compute(pred, gt, trimap=None)`` takes 0..255 float maps (``pred`` is the network alpha rounded to 0..255, ``gt``
the ground-truth alpha times 255) and an optional uint8 trimap (0 / 128 / 255); without a trimap the whole image
counts. Known trimap regions are forced in ``pred`` first (0 where trimap == 0, 255 where trimap == 255) and only
the unknown region (trimap == 128) is summed. SAD, Grad and Conn are divided by 1000, MSE is a mean per pixel.
:class:`MetricAccumulator` keeps the running mean over images, the values PaddleSeg reports.
"""
from __future__ import annotations

import cv2
import numpy as np

NAMES = ("sad", "mse", "grad", "conn")


def _prepare(pred, gt, trimap):
    pred = np.array(pred, dtype=np.float32).squeeze()
    gt = np.asarray(gt, dtype=np.float32).squeeze()
    if trimap is None:
        trimap = np.full(gt.shape, 128, np.uint8)
    trimap = np.asarray(trimap).squeeze()
    if not (pred.shape == gt.shape == trimap.shape) or pred.ndim != 2:
        raise ValueError(f"pred, gt and trimap must be 2-D maps of one size; got {pred.shape}, {gt.shape}, "
                         f"{trimap.shape}")
    pred[trimap == 0] = 0
    pred[trimap == 255] = 255
    return pred, gt, trimap == 128


def sad(pred, gt, mask) -> float:
    diff = (pred / np.float32(255) - gt / np.float32(255)) * mask
    return float(np.abs(diff).sum() / 1000)


def mse(pred, gt, mask) -> float:
    pixels = float(mask.sum())
    diff = (pred / np.float32(255) - gt / np.float32(255)) * mask
    return float((diff ** 2).sum() / pixels) if pixels > 0 else 0.0


def _gauss_filters(sigma: float, epsilon: float = 1e-2):
    """First derivative of a Gaussian along x (and its transpose for y), L2-normalised (size 9 for sigma 1.4)."""
    half = np.ceil(sigma * np.sqrt(-2 * np.log(np.sqrt(2 * np.pi) * sigma * epsilon)))
    r = np.arange(-half, half + 1)
    g = np.exp(-r ** 2 / (2 * sigma ** 2)) / (sigma * np.sqrt(2 * np.pi))
    dg = -r * g / sigma ** 2
    fx = g[:, None] * dg[None, :]
    fx = fx / np.sqrt((fx ** 2).sum())
    return fx, fx.T


def _gauss_gradient(img, sigma):
    fx, fy = _gauss_filters(sigma)
    gx = cv2.filter2D(img, -1, fx, borderType=cv2.BORDER_REPLICATE)
    gy = cv2.filter2D(img, -1, fy, borderType=cv2.BORDER_REPLICATE)
    return np.sqrt(gx ** 2 + gy ** 2)


def _minmax(x):
    out = np.zeros_like(x)
    cv2.normalize(x, out, 1.0, 0.0, cv2.NORM_MINMAX)
    return out


def grad(pred, gt, mask, sigma: float = 1.4) -> float:
    gt_grad = _gauss_gradient(_minmax(gt.astype(np.float64)), sigma).astype(np.float32)
    pred_grad = _gauss_gradient(_minmax(pred.astype(np.float64)), sigma).astype(np.float32)
    return float(((gt_grad - pred_grad) ** 2 * mask).sum() / 1000)


def conn(pred, gt, mask, step: float = 0.1) -> float:
    gt = gt.astype(np.float32) / 255
    pred = pred.astype(np.float32) / 255
    steps = np.arange(0, 1 + step, step)
    round_down = -np.ones_like(gt)
    for i in range(1, len(steps)):
        both = ((gt >= steps[i]) & (pred >= steps[i])).astype(np.uint8)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=4)
        sizes = stats[1:, -1]
        omega = np.zeros_like(gt)
        if len(sizes):
            omega[labels == np.argmax(sizes) + 1] = 1
        round_down[(round_down == -1) & (omega == 0)] = steps[i - 1]
    round_down[round_down == -1] = 1
    gt_diff = gt - round_down
    pred_diff = pred - round_down
    gt_phi = 1 - gt_diff * (gt_diff >= 0.15)
    pred_phi = 1 - pred_diff * (pred_diff >= 0.15)
    return float(np.sum(np.abs(gt_phi - pred_phi) * mask) / 1000)


def compute(pred, gt, trimap=None) -> dict[str, float]:
    """SAD, MSE, Grad and Conn of one image (0..255 float maps; trimap uint8 0/128/255 or None)."""
    pred, gt, mask = _prepare(pred, gt, trimap)
    return {"sad": sad(pred, gt, mask), "mse": mse(pred, gt, mask), "grad": grad(pred, gt, mask),
            "conn": conn(pred, gt, mask)}


def from_alpha(alpha, gt_alpha, trimap=None) -> dict[str, float]:
    """The metrics of a predicted alpha in [0, 1] against a ground truth in [0, 1], rounding as the evaluation does."""
    pred = np.round(np.asarray(alpha, dtype=np.float32) * 255)
    return compute(pred, np.asarray(gt_alpha, dtype=np.float32) * 255, trimap)


class MetricAccumulator:
    """Running mean of the metrics over images: ``add(pred, gt, trimap)`` per image, then ``result()``."""

    def __init__(self):
        self.count = 0
        self.sums = dict.fromkeys(NAMES, 0.0)

    def add(self, pred, gt, trimap=None) -> dict[str, float]:
        values = compute(pred, gt, trimap)
        self.add_values(values)
        return values

    def add_values(self, values: dict[str, float]) -> None:
        for key in NAMES:
            self.sums[key] += values[key]
        self.count += 1

    def result(self) -> dict[str, float]:
        return {k: (v / self.count if self.count else 0.0) for k, v in self.sums.items()}
