"""Colour error of foreground estimation on composites with a known answer.

For each portrait of ``../shared/data/portraits-dev``: its ground-truth matte alpha (clamped as the data README
says), a foreground F and a background B (another portrait of the set, cover-fitted), composed as
I = alpha F + (1 - alpha) B and stored in 8 bits as a photo would be. Each estimator gets I and the true alpha and
returns F; the error is |F_est - F| in 8-bit levels, mean over the three channels, on the partial pixels
(0 < alpha < 1): plain mean, and weighted by alpha (what shows once composed: alpha F_est lands in the output).

Two kinds of F:

* ``texture``: another real photo of the set, as is (the literal recipe: a real photo as foreground, textured
  everywhere, with no relation to the matte);
* ``extended``: the portrait itself where it is opaque, and beyond, its opaque colours carried outwards (pull-push
  fill), so hair strands have the colour of the hair they grow from, as in real photos.

Estimators: ``none`` (F = I), ``multilevel`` (before: pymatting's multi-level estimator at full size, tile by tile,
float64, as backends/imaging/foreground.py did until 2026-12), ``edges`` (now: ``EdgeColours``).

    python bench/foreground_quality.py [--kinds texture extended] [--count 10] [--estimators none multilevel edges]
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "portraits-dev"


def _read(path: Path) -> np.ndarray:
    from backends.imaging.reader import read_image

    return read_image(path).rgb


def _fit(rgb: np.ndarray, shape) -> np.ndarray:
    from backends.imaging.compose import cover_fit

    return cover_fit(rgb, *shape).astype(np.float32) / 255.0


def pull_push(colours: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``colours`` where ``known``, elsewhere filled from the known pixels around (coarse-to-fine averages)."""
    import cv2

    levels = []
    num, den = colours * known[..., None], known.astype(np.float32)
    while min(den.shape) > 4:
        levels.append((num, den))
        size = (max(1, den.shape[1] // 2), max(1, den.shape[0] // 2))
        num = cv2.resize(num, size, interpolation=cv2.INTER_AREA)
        den = cv2.resize(den, size, interpolation=cv2.INTER_AREA)
    fill = num / np.maximum(den, 1e-6)[..., None]
    for num, den in reversed(levels):
        up = cv2.resize(fill, (den.shape[1], den.shape[0]), interpolation=cv2.INTER_LINEAR)
        trust = np.clip(den * 4, 0, 1)[..., None]
        fill = num / np.maximum(den, 1e-6)[..., None] * trust + up * (1 - trust)
    return np.where(known[..., None], colours, fill).astype(np.float32)


def composites(kind: str, count: int):
    import cv2

    names = sorted(p.name for p in (DATA / "image").glob("*.jpg"))
    for i, name in enumerate(names[:count]):
        a = cv2.imread(str(DATA / "alpha" / name), cv2.IMREAD_GRAYSCALE).astype(np.float32)
        a[a < 8], a[a > 247] = 0, 255
        a /= 255.0
        if kind == "texture":
            fg = _fit(_read(DATA / "image" / names[(i + 5) % len(names)]), a.shape)
        else:
            own = _read(DATA / "image" / name).astype(np.float32) / 255.0
            fg = pull_push(own, a >= 1.0)
        bg = _fit(_read(DATA / "image" / names[(i + 3) % len(names)]), a.shape)
        image = np.round((a[..., None] * fg + (1 - a[..., None]) * bg) * 255).astype(np.uint8)
        yield name.split("_")[0], image, a, fg


def multilevel_tiles(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """The estimator before: pymatting's multi-level estimator at full size, 768-pixel tiles with 128 of margin."""
    from pymatting import estimate_foreground_ml

    img = image.astype(np.float32) / 255.0
    fg = img.copy()
    partial = (alpha > 1 / 255) & (alpha < 1 - 1 / 255)
    h, w = alpha.shape
    tile, margin = 768, 128
    for ty in range(0, h, tile):
        for tx in range(0, w, tile):
            core = partial[ty:ty + tile, tx:tx + tile]
            if not core.any():
                continue
            y0, y1 = max(ty - margin, 0), min(ty + tile + margin, h)
            x0, x1 = max(tx - margin, 0), min(tx + tile + margin, w)
            f = estimate_foreground_ml(img[y0:y1, x0:x1].astype(np.float64), alpha[y0:y1, x0:x1].astype(np.float64))
            cy, cx = ty - y0, tx - x0
            ch, cw = core.shape
            fg[ty:ty + ch, tx:tx + cw][core] = np.clip(f[cy:cy + ch, cx:cx + cw], 0, 1)[core]
    return fg


def edges(image: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    from backends.imaging.foreground import estimate_foreground

    return estimate_foreground(image, alpha)


ESTIMATORS = {"none": lambda image, alpha: image.astype(np.float32) / 255.0, "multilevel": multilevel_tiles,
              "edges": edges}


def error(fg_est: np.ndarray, fg: np.ndarray, alpha: np.ndarray) -> tuple[float, float]:
    partial = (alpha > 0) & (alpha < 1)
    e = np.abs(fg_est[partial] - fg[partial]).mean(axis=1) * 255.0
    w = alpha[partial]
    return float(e.mean()), float((e * w).sum() / w.sum())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", nargs="+", default=["texture", "extended"], choices=["texture", "extended"])
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--estimators", nargs="+", default=list(ESTIMATORS), choices=list(ESTIMATORS))
    a = ap.parse_args()
    if not DATA.is_dir():
        print(f"needs {DATA}")
        return 1
    from backends.warmup import configure_jit_cache

    configure_jit_cache()
    ESTIMATORS["multilevel"](np.zeros((8, 8, 3), np.uint8), np.full((8, 8), 0.5, np.float32))  # compile / load
    ESTIMATORS["edges"](np.zeros((8, 8, 3), np.uint8), np.full((8, 8), 0.5, np.float32))
    print(f"{datetime.date.today()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    for kind in a.kinds:
        head = " | ".join(f"{e} error (mean / alpha-weighted) | {e} s" for e in a.estimators)
        print(f"\nF = {kind}\n\n| photo | size | {head} |\n|" + "---|" * (2 + 2 * len(a.estimators)))
        totals = {e: np.zeros(3) for e in a.estimators}
        n = 0
        for name, image, alpha, fg in composites(kind, a.count):
            cells = []
            for e in a.estimators:
                start = time.perf_counter()
                est = ESTIMATORS[e](image, alpha)
                seconds = time.perf_counter() - start
                plain, weighted = error(est, fg, alpha)
                totals[e] += (plain, weighted, seconds)
                cells.append(f"{plain:.2f} / {weighted:.2f} | {seconds:.2f}")
            n += 1
            print(f"| {name} | {alpha.shape[1]}x{alpha.shape[0]} | " + " | ".join(cells) + " |", flush=True)
        print("| **mean** | | " + " | ".join(f"**{t[0] / n:.2f} / {t[1] / n:.2f}** | {t[2] / n:.2f}"
                                           for t in totals.values()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
