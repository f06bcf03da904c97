"""Edge controls on mattes whose right answer is known: a soft disc, a jagged square, a fringe."""
from __future__ import annotations

import time

import numpy as np
import pytest
from PIL import Image

from backends.edges import EdgeControls
from desktop.cli.main import main
from tests.images import disc_scene


def _disc(h=101, w=101, radius=30.0, soft=2.0):
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot(yy - h // 2, xx - w // 2)
    return np.clip((radius - r) / soft + 0.5, 0, 1).astype(np.float32)


def _radius(alpha):  # the 0.5 contour's radius, from the area inside it
    return float(np.sqrt((alpha > 0.5).sum() / np.pi))


def test_nothing_set_changes_nothing():
    a = _disc()
    assert EdgeControls().identity and np.array_equal(EdgeControls().apply(a), a)


def test_shift_edge_spreads_and_chokes_by_the_pixels_asked():
    a = _disc()
    assert _radius(EdgeControls(shift=4).apply(a)) == pytest.approx(_radius(a) + 4, abs=0.6)
    assert _radius(EdgeControls(shift=-4).apply(a)) == pytest.approx(_radius(a) - 4, abs=0.6)
    half = _radius(EdgeControls(shift=2.5).apply(a))
    assert _radius(a) + 2 < half < _radius(a) + 3.2  # a fraction of a pixel counts


def test_feather_widens_and_contrast_narrows_the_transition():
    a = _disc(soft=4.0)

    def width(x):
        return int(((x > 0.02) & (x < 0.98)).sum())

    assert width(EdgeControls(feather=6).apply(a)) > 2 * width(a)
    assert width(EdgeControls(contrast=60).apply(a)) < 0.6 * width(a)
    hard = EdgeControls(contrast=100).apply(a)
    assert set(np.unique(hard)) <= {0.0, 1.0}
    assert _radius(hard) == pytest.approx(_radius(a), abs=0.5)  # the edge does not move


def test_smooth_removes_steps_from_a_hard_edge_and_keeps_its_place():
    a = np.zeros((120, 120), np.float32)
    a[30:90, 30:90] = 1
    a[30:90:4, 88:92] = 1  # a comb of 1-pixel teeth along the right side: a jagged outline
    smoothed = EdgeControls(smooth=6).apply(a)
    assert smoothed[30:90:4, 91].max() == 0  # the teeth's tips are gone
    assert smoothed[60, 60] == 1 and smoothed[5, 5] == 0
    assert abs(int((smoothed > 0.5).sum()) - 3600) < 400


def test_ranges_are_checked():
    for bad in (dict(smooth=-1), dict(feather=1000), dict(contrast=101), dict(shift=-500)):
        with pytest.raises(ValueError):
            EdgeControls(**bad)


def test_cli_flags_reach_the_output(tmp_path):
    from tests.images import trimap_for

    rgb, alpha = disc_scene(80, 100)
    (tmp_path / "in").mkdir()
    (tmp_path / "tri").mkdir()
    Image.fromarray(rgb).save(tmp_path / "in" / "d.png")
    Image.fromarray(trimap_for(alpha)).save(tmp_path / "tri" / "d.png")
    common = ["cutout", str(tmp_path / "in"), "--backend", "closed-form", "--trimap-dir", str(tmp_path / "tri"),
              "--format", "alpha"]
    assert main([*common, "-o", str(tmp_path / "plain")]) == 0
    assert main([*common, "-o", str(tmp_path / "spread"), "--shift-edge", "5", "--contrast", "50"]) == 0
    plain = np.asarray(Image.open(tmp_path / "plain" / "d.png"), np.float32) / 255
    spread = np.asarray(Image.open(tmp_path / "spread" / "d.png"), np.float32) / 255
    assert _radius(spread) == pytest.approx(_radius(plain) + 5, abs=1.0)
    assert main([*common, "-o", str(tmp_path / "bad"), "--contrast", "300"]) == 2


def test_a_wide_feather_on_a_big_matte_is_quick_and_a_true_gaussian():
    import cv2

    big = np.zeros((3000, 4000), np.float32)
    cv2.circle(big, (2000, 1500), 900, 1.0, -1)
    t = time.perf_counter()
    EdgeControls(feather=250).apply(big)
    assert time.perf_counter() - t < 2.0  # 12 megapixels (an exact 250-pixel blur takes ~10 s)
    small = np.zeros((300, 400), np.float32)
    cv2.circle(small, (200, 150), 90, 1.0, -1)
    exact = cv2.GaussianBlur(small, (0, 0), 12.5, borderType=cv2.BORDER_REPLICATE)
    assert np.abs(EdgeControls(feather=25).apply(small) - exact).max() < 0.01
