"""A tiny synthetic matting dataset (soft-edged foregrounds over textured backgrounds), for tests and benchmarks.

``make_dataset(root, layout='paddleseg'|'paired', train=8, val=2, size=(96, 128))`` writes PNG files in the
chosen layout and returns ``root``. Foregrounds are blurred ellipses with thin "hair" strands (partial alpha) in a
colour texture; backgrounds are smooth gradients with noise, so the alpha is learnable from the image.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def _alpha(rng, h, w):
    a = np.zeros((h, w), np.float32)
    centre = (int(w * rng.uniform(0.35, 0.65)), int(h * rng.uniform(0.4, 0.7)))
    axes = (int(w * rng.uniform(0.18, 0.3)), int(h * rng.uniform(0.25, 0.4)))
    cv2.ellipse(a, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    for _ in range(int(rng.integers(6, 14))):  # strands of "hair" with partial coverage
        x0, y0 = centre[0] + int(rng.integers(-axes[0], axes[0] + 1)), centre[1] - axes[1] // 2
        x1, y1 = x0 + int(rng.integers(-w // 5, w // 5 + 1)), y0 - int(rng.integers(h // 10, h // 4))
        cv2.line(a, (x0, y0), (x1, y1), float(rng.uniform(0.4, 1.0)), 1, cv2.LINE_AA)
    a = cv2.GaussianBlur(a, (0, 0), float(rng.uniform(1.0, 2.5)))
    return np.clip(a / max(a.max(), 1e-6), 0, 1)


def _texture(rng, h, w, base):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    wave = np.sin(xx / rng.uniform(3, 9) + rng.uniform(0, 6)) * np.cos(yy / rng.uniform(3, 9))
    img = np.asarray(base, np.float32)[None, None] + 40 * wave[..., None] + rng.normal(0, 6, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def _background(rng, h, w):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    c0, c1 = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
    t = ((xx / w) * rng.uniform(0.2, 1) + (yy / h) * rng.uniform(0.2, 1))[..., None] / 2
    img = c0 * (1 - t) + c1 * t + rng.normal(0, 10, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def _write(path: Path, img):
    path.parent.mkdir(parents=True, exist_ok=True)
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    if not cv2.imwrite(str(path), img):
        raise OSError(f"cannot write {path}")


def make_dataset(root, layout: str = "paddleseg", train: int = 8, val: int = 2, size=(96, 128), seed: int = 0):
    """Write a synthetic dataset under ``root`` (``size`` = (h, w)); returns ``root`` as a Path."""
    root, (h, w) = Path(root), size
    rng = np.random.default_rng(seed)
    bgs = []
    for i in range(max(2, (train + val) // 2)):
        bg_path = root / "bg" / f"bg{i:03d}.png"
        bg = _background(rng, h + int(rng.integers(0, 20)), w + int(rng.integers(0, 20)))
        if layout == "paddleseg":
            _write(bg_path, bg)
        bgs.append((bg_path, bg))
    lines = {"train": [], "val": []}
    for split, count in (("train", train), ("val", val)):
        for i in range(count):
            alpha = _alpha(rng, h, w)
            fg = _texture(rng, h, w, rng.uniform(60, 220, 3))
            a8 = np.round(alpha * 255).astype(np.uint8)
            bg_path, bg = bgs[int(rng.integers(len(bgs)))]
            name = f"{split}{i:03d}.png"
            if layout == "paddleseg":
                _write(root / split / "fg" / name, fg)
                _write(root / split / "alpha" / name, a8)
                lines[split].append(f"{split}/fg/{name} {bg_path.relative_to(root).as_posix()}")
            else:
                a = (a8.astype(np.float32) / 255)[..., None]
                photo = (a * fg + (1 - a) * bg[:h, :w]).astype(np.uint8)
                _write(root / split / "image" / name, photo)
                _write(root / split / "alpha" / name, a8)
    if layout == "paddleseg":
        for split, entries in lines.items():
            (root / f"{split}.txt").write_text("\n".join(entries) + "\n", encoding="utf-8")
    return root
