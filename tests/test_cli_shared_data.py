"""End to end on real photos: `matting-studio cutout` with the offline default on ../shared/data portraits."""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from desktop.cli.main import main

pytestmark = pytest.mark.slow


def gt_alpha(path) -> np.ndarray:
    a = np.asarray(Image.open(path).convert("L")).astype(np.float64)
    a[a < 8], a[a > 247] = 0, 255  # the mattes were stored as JPEG (see the data README)
    return a / 255.0


def test_cli_cuts_out_real_portraits(data_dir, tmp_path, capsys):
    images = sorted((data_dir / "portraits-dev" / "image").glob("*.jpg"))
    # the two smallest keep the test short; both folder recursion and mirroring are exercised
    chosen = sorted(images, key=lambda p: p.stat().st_size)[:2]
    src = tmp_path / "shoot" / "day1"
    src.mkdir(parents=True)
    for p in chosen:
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    assert main(["cutout", str(tmp_path / "shoot"), "-o", str(out), "--format", "alpha"]) == 0, \
        capsys.readouterr().err
    assert main(["cutout", str(tmp_path / "shoot"), "-o", str(tmp_path / "rgba")]) == 0
    errors = []
    for p in chosen:
        alpha = np.asarray(Image.open(out / "day1" / (p.stem + ".png"))).astype(np.float64) / 255.0
        gt = gt_alpha(data_dir / "portraits-dev" / "alpha" / p.name)
        assert alpha.shape == gt.shape
        errors.append(np.mean((alpha - gt) ** 2))
        assert errors[-1] < 0.02, p.name  # the harder of the two scores 0.0136 in bench/quality.py
        rgba = Image.open(tmp_path / "rgba" / "day1" / (p.stem + ".png"))
        assert rgba.mode == "RGBA" and rgba.size == (gt.shape[1], gt.shape[0])
    assert np.mean(errors) < 0.01
