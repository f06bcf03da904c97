"""Check a matting dataset before training: every problem is reported with the file it concerns.

Errors (training refuses to start): a missing or unreadable file, an alpha (or trimap) whose size differs from its
image, an alpha that is not grey (colour channels that differ: usually a photo in the alpha folder), an empty
training set. Warnings: images without a partner in the paired layout, an all-transparent alpha, trimap values other
than 0 / 128 / 255, no validation set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import cv2
import numpy as np
from PIL import Image

from .datasets import DatasetError, DatasetLayout, Sample, _pair_dirs, open_dataset, paired


@dataclass(frozen=True)
class Issue:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Report:
    train_count: int = 0
    val_count: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {"ok": self.ok, "train": self.train_count, "val": self.val_count,
                "errors": [vars(i) for i in self.errors], "warnings": [vars(i) for i in self.warnings]}

    def text(self, limit: int = 50) -> str:
        lines = [f"{self.train_count} training and {self.val_count} validation samples; "
                 f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"]
        for label, issues in (("error", self.errors), ("warning", self.warnings)):
            lines += [f"  {label}: {i}" for i in issues[:limit]]
            if len(issues) > limit:
                lines.append(f"  ... and {len(issues) - limit} more {label}s")
        return "\n".join(lines)


def _size(path: Path):
    """(width, height, mode) from the header, or None when the file cannot be read."""
    try:
        with Image.open(path) as im:
            return im.size[0], im.size[1], im.mode
    except Exception:  # noqa: BLE001 - not readable: said by the caller
        return None


def _not_grey(path: Path) -> bool:
    data = np.fromfile(str(path), dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if img is None or img.ndim == 2 or img.shape[2] < 3:
        return False
    return bool((img[:, :, 0] != img[:, :, 1]).any() or (img[:, :, 1] != img[:, :, 2]).any())


def check_sample(sample: Sample, report: Report) -> None:
    err = lambda p, m: report.errors.append(Issue(str(p), m))  # noqa: E731
    files = [("image", sample.fg), ("alpha", sample.alpha)]
    if sample.bg is not None:
        files.append(("background", sample.bg))
    if sample.trimap is not None:
        files.append(("trimap", sample.trimap))
    info = {}
    for role, path in files:
        if not path.is_file():
            err(path, f"{role} file is missing" + (f" (for {sample.fg.name})" if role != "image" else ""))
            continue
        info[role] = _size(path)
        if info[role] is None:
            err(path, f"{role} file cannot be read as an image")
    image, alpha, trimap = info.get("image"), info.get("alpha"), info.get("trimap")
    if image and alpha and image[:2] != alpha[:2]:
        err(sample.alpha, f"alpha is {alpha[0]}x{alpha[1]} but its image {sample.fg.name} is {image[0]}x{image[1]}")
    if image and trimap and image[:2] != trimap[:2]:
        err(sample.trimap, f"trimap is {trimap[0]}x{trimap[1]} but its image {sample.fg.name} is "
                           f"{image[0]}x{image[1]}")
    if alpha:
        if alpha[2] not in ("L", "1", "I", "I;16", "I;16B", "LA") and _not_grey(sample.alpha):
            err(sample.alpha, f"alpha is not grey (mode {alpha[2]} with differing colour channels): is it a photo?")
        else:
            values = cv2.imdecode(np.fromfile(str(sample.alpha), dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
            if values is not None and values.max() == 0:
                report.warnings.append(Issue(str(sample.alpha), "alpha is entirely transparent (no subject)"))
    if trimap:
        values = cv2.imdecode(np.fromfile(str(sample.trimap), dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
        if values is not None and not np.isin(values, (0, 128, 255)).all():
            report.warnings.append(Issue(str(sample.trimap), "trimap has values other than 0, 128 and 255"))


def validate(dataset, val_fraction: float = 0.1,
             progress: Callable[[int, int], None] | None = None) -> Report:
    """Check a dataset (a folder or a :class:`DatasetLayout`); ``progress(done, total)`` is called per sample."""
    report = Report()
    try:
        layout = dataset if isinstance(dataset, DatasetLayout) else open_dataset(dataset, val_fraction)
    except DatasetError as exc:
        report.errors.append(Issue(str(dataset), str(exc)))
        return report
    report.train_count, report.val_count = len(layout.train), len(layout.val)
    if layout.kind == "paired":
        for part in ("", "train", "val"):
            dirs = _pair_dirs(layout.root / part) if (layout.root / part).is_dir() else None
            for name in (paired(*dirs)[1] if dirs else []):
                report.warnings.append(Issue(name, "has no partner (image without alpha or alpha without image)"))
    if not layout.train:
        report.errors.append(Issue(str(layout.root), "no training samples"))
    if not layout.val:
        report.warnings.append(Issue(str(layout.root), "no validation samples: evaluation will be skipped"))
    everything = layout.train + layout.val
    for i, sample in enumerate(everything):
        check_sample(sample, report)
        if progress:
            progress(i + 1, len(everything))
    return report
