"""Matting datasets: PaddleSeg's ``train.txt`` / ``val.txt`` layout and paired ``image/`` + ``alpha/`` folders.

``open_dataset(root)`` finds the layout and returns a :class:`DatasetLayout` (its ``train`` and ``val`` lists of
:class:`Sample`). PaddleSeg layout: each line is ``fg [bg [trimap]]`` relative to the root (separator ``' '`` or
``'|'``); the alpha path is the fg path with ``/fg`` replaced by ``/alpha``; a line with a background is composited
on the fly (``img = alpha*fg + (1-alpha)*bg``, the background scaled up to cover and cropped top-left). Paired
layout: ``image/`` (photos) and ``alpha/`` (grey mattes) matched by file stem, or ``train/`` and ``val/`` each
holding such a pair; without ``val/``, every ``1/val_fraction``-th image is kept for validation.

:class:`TrainSet` yields augmented, normalised training samples (CHW float32 ``img``, ``fg``, ``bg``; ``alpha``
0..1; ``trimap`` 0/128/255 made from the alpha as PaddleSeg does); :class:`ValSet` yields network inputs at the
config's validation size plus the untouched ground truth. Checking a dataset before training is
:func:`training.validation.validate`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from . import transforms as T

IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")
IMAGE_DIRS = ("image", "images", "img", "fg")
ALPHA_DIRS = ("alpha", "alphas", "matte", "mattes")


class DatasetError(ValueError):
    """A dataset folder that cannot be used; the message says why."""


@dataclass(frozen=True)
class Sample:
    fg: Path  # the photo, or the foreground when ``bg`` is given
    alpha: Path
    bg: Path | None = None
    trimap: Path | None = None

    @property
    def name(self) -> str:
        return self.fg.name


@dataclass
class DatasetLayout:
    kind: str  # 'paddleseg' or 'paired'
    root: Path
    train: list[Sample] = field(default_factory=list)
    val: list[Sample] = field(default_factory=list)


# ------------------------------------------------------------------------------------------- reading files


def read_image(path) -> np.ndarray:
    """An RGB uint8 image (any path, unicode included); raises DatasetError when unreadable."""
    data = np.fromfile(str(path), dtype=np.uint8) if Path(path).is_file() else None
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data is not None and data.size else None
    if img is None:
        raise DatasetError(f"cannot read image {path}")
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def read_grey(path) -> np.ndarray:
    """A uint8 grey map (alpha or trimap), as ``cv2.imread(path, 0)`` reads it."""
    data = np.fromfile(str(path), dtype=np.uint8) if Path(path).is_file() else None
    img = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data is not None and data.size else None
    if img is None:
        raise DatasetError(f"cannot read grey image {path}")
    return img


def composite(fg: np.ndarray, alpha: np.ndarray, bg: np.ndarray):
    """PaddleSeg's on-the-fly composite: returns (image uint8, fg, bg cropped to fg's size)."""
    fh, fw = fg.shape[:2]
    bh, bw = bg.shape[:2]
    ratio = max(fw / bw, fh / bh)
    if ratio > 1:
        bg = cv2.resize(bg, (int(np.ceil(bw * ratio)), int(np.ceil(bh * ratio))), interpolation=cv2.INTER_LINEAR)
    bg = bg[:fh, :fw]
    a = (alpha / 255)[:, :, None]
    return (a * fg + (1 - a) * bg).astype(np.uint8), fg, bg


def gen_trimap(alpha: np.ndarray, mode: str = "train", rng=None, eval_kernel: int = 25) -> np.ndarray:
    """Trimap (float, 0/128/255) from an alpha: random ellipse 2..4 with 5..14 iterations in training, else 25x25."""
    if mode == "train":
        rng = rng or np.random.default_rng()
        k = int(rng.integers(2, 5))
        iterations = int(rng.integers(5, 15))
    else:
        k, iterations = eval_kernel, 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    dilated = cv2.dilate(alpha, kernel, iterations=iterations)
    eroded = cv2.erode(alpha, kernel, iterations=iterations)
    trimap = np.full(alpha.shape, 128.0)
    trimap[eroded > 254.5] = 255
    trimap[dilated < 0.5] = 0
    return trimap


# ------------------------------------------------------------------------------------------- layouts


def _alpha_path_for(rel: str) -> str:
    """PaddleSeg's rule: every ``/fg`` in the fg path becomes ``/alpha`` (applied below the dataset root)."""
    if os.path.isabs(rel):
        return rel.replace("/fg", "/alpha")
    return ("/" + rel).replace("/fg", "/alpha")[1:]


def read_list(root, list_file, separator: str | None = None) -> list[Sample]:
    """The samples of a PaddleSeg list file (``fg [bg [trimap]]`` per line, relative to ``root``)."""
    root = Path(root)
    path = root / list_file
    if not path.is_file():
        raise DatasetError(f"list file {path} does not exist")
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        sep = separator or ("|" if "|" in line else " ")
        parts = [p for p in line.split(sep) if p]
        if len(parts) > 3:
            raise DatasetError(f"{path}: line {line!r} has {len(parts)} fields; expected 'fg [bg [trimap]]'")
        fg = parts[0]
        samples.append(Sample(fg=root / fg, alpha=root / _alpha_path_for(fg),
                              bg=root / parts[1] if len(parts) > 1 else None,
                              trimap=root / parts[2] if len(parts) > 2 else None))
    return samples


def _images(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() in IMAGE_EXTS and p.is_file()}


def _pair_dirs(folder: Path):
    img = next((folder / d for d in IMAGE_DIRS if (folder / d).is_dir()), None)
    alpha = next((folder / d for d in ALPHA_DIRS if (folder / d).is_dir()), None)
    return (img, alpha) if img and alpha else None


def paired(image_dir, alpha_dir) -> tuple[list[Sample], list[str]]:
    """Samples of images matched to alphas by stem; also the names left without a partner."""
    images, alphas = _images(Path(image_dir)), _images(Path(alpha_dir))
    samples = [Sample(fg=images[s], alpha=alphas[s]) for s in images if s in alphas]
    unmatched = [str(images[s]) for s in images if s not in alphas] + \
                [str(alphas[s]) for s in alphas if s not in images]
    return samples, unmatched


def open_dataset(root, val_fraction: float = 0.1) -> DatasetLayout:
    """Find the dataset layout under ``root``: PaddleSeg list files, or paired image / alpha folders."""
    root = Path(root)
    if not root.is_dir():
        raise DatasetError(f"dataset folder {root} does not exist")
    if (root / "train.txt").is_file():
        layout = DatasetLayout("paddleseg", root, read_list(root, "train.txt"))
        if (root / "val.txt").is_file():
            layout.val = read_list(root, "val.txt")
        return layout
    split = {part: _pair_dirs(root / part) for part in ("train", "val") if (root / part).is_dir()}
    if split.get("train"):
        layout = DatasetLayout("paired", root, paired(*split["train"])[0])
        if split.get("val"):
            layout.val = paired(*split["val"])[0]
        return layout
    dirs = _pair_dirs(root)
    if dirs is None:
        raise DatasetError(f"{root} is neither a PaddleSeg Matting dataset (train.txt) nor a folder with "
                           f"{'/'.join(IMAGE_DIRS)} and {'/'.join(ALPHA_DIRS)} sub-folders")
    samples = paired(*dirs)[0]
    step = int(round(1 / val_fraction)) if val_fraction > 0 else 0
    if step and len(samples) >= 2:
        val = samples[step - 1::step] or samples[-1:]
        keep = set(val)
        return DatasetLayout("paired", root, [s for s in samples if s not in keep], val)
    return DatasetLayout("paired", root, samples, [])


# ------------------------------------------------------------------------------------------- datasets


def load_sample(sample: Sample, backgrounds=None, rng=None) -> dict:
    """Read one sample: ``img``, ``fg``, ``bg`` (RGB uint8) and ``alpha`` (uint8); composite when there is a bg."""
    fg = read_image(sample.fg)
    alpha = read_grey(sample.alpha)
    if alpha.shape != fg.shape[:2]:
        raise DatasetError(f"{sample.alpha} is {alpha.shape[1]}x{alpha.shape[0]} but {sample.fg} is "
                           f"{fg.shape[1]}x{fg.shape[0]}")
    bg_path = sample.bg
    if bg_path is None and backgrounds:
        bg_path = backgrounds[int(rng.integers(len(backgrounds)))]
    if bg_path is not None:
        img, fg, bg = composite(fg, alpha, read_image(bg_path))
    else:
        img, bg = fg, fg.copy()
    return {"img": img, "fg": fg, "bg": bg, "alpha": alpha}


class TrainSet:
    """Augmented training samples of a network; item ``k`` is reproducible from ``(seed, k)`` (any k >= 0)."""

    def __init__(self, samples, name: str, size: int | None = None, seed: int = 0, backgrounds=None):
        if not samples:
            raise DatasetError("the training set is empty")
        self.samples = list(samples)
        self.name = name
        self.size = int(size or T.official_size(name))
        self.pipeline = T.train_pipeline(name, self.size)
        self.seed = seed
        self.backgrounds = [Path(p) for p in backgrounds] if backgrounds else None

    def __len__(self):
        return len(self.samples)

    def index(self, k: int) -> int:
        """The sample shown at position ``k`` of the endless stream (a fresh permutation every epoch)."""
        n = len(self.samples)
        epoch, pos = divmod(k, n)
        return int(np.random.default_rng([self.seed, epoch]).permutation(n)[pos])

    def __getitem__(self, k: int) -> dict:
        rng = np.random.default_rng([self.seed, 1, k])
        s = load_sample(self.samples[self.index(k)], self.backgrounds, rng)
        s["trimap"] = gen_trimap(s["alpha"], "train", rng)
        s = self.pipeline(s, rng)
        out = {key: T.normalize(s[key]) for key in ("img", "fg", "bg")}
        out["alpha"] = (s["alpha"].astype(np.float32) / 255.0)[None]
        out["trimap"] = s["trimap"].astype(np.float32)[None]
        return out


def val_steps(name: str, size: int | None = None):
    """The official validation resize steps of ``name``; ``size`` replaces the scale of every scaling step."""
    from backends.models.specs import Resize, spec

    steps = spec(name).resize
    if size:
        steps = tuple(Resize(s.kind, size) if s.kind != "int_mult" else s for s in steps)
    return steps


class ValSet:
    """Validation samples: network inputs (``img`` (1,3,h,w), DIM's ``trimap``) and the untouched ground truth.

    Each item: ``inputs`` (dict of float32 arrays), ``sizes`` (image sizes through the resize steps, for
    :func:`backends.models.pipeline.restore`), ``alpha`` (H, W) in 0..1, ``trimap`` (H, W uint8 or None: the
    region the metrics count; official configs use one only for DIM) and ``name``.
    """

    def __init__(self, samples, name: str, size: int | None = None, use_trimap: bool | None = None):
        from backends.models.specs import spec

        self.samples = list(samples)
        self.name = name
        self.needs_trimap = spec(name).needs_trimap
        self.use_trimap = self.needs_trimap if use_trimap is None else use_trimap
        self.steps = val_steps(name, size)

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i: int) -> dict:
        from backends.models.pipeline import target_size

        sample = self.samples[i]
        s = load_sample(sample)
        trimap = None
        if self.use_trimap or self.needs_trimap:
            trimap = read_grey(sample.trimap) if sample.trimap else gen_trimap(s["alpha"], "val").astype(np.uint8)
        sizes = [s["img"].shape[:2]]
        for step in self.steps:
            sizes.append(target_size(step, *sizes[-1]))
        if min(sizes[-1]) <= 0:
            raise DatasetError(f"{sample.fg} is too small for {self.name}")
        img, tri = s["img"], trimap
        for hw in sizes[1:]:
            if img.shape[:2] != tuple(hw):
                img = cv2.resize(img, (hw[1], hw[0]), interpolation=cv2.INTER_LINEAR)
                if tri is not None:
                    tri = cv2.resize(tri, (hw[1], hw[0]), interpolation=cv2.INTER_NEAREST)
        inputs = {"img": T.normalize(img)[None]}
        if self.needs_trimap:
            inputs["trimap"] = tri.astype(np.float32)[None, None]
        return {"inputs": inputs, "sizes": sizes, "alpha": s["alpha"].astype(np.float32) / 255.0,
                "trimap": trimap if self.use_trimap else None, "name": sample.name}
