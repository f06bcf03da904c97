"""The one band solver: known pixels kept exactly, thin bands survive shrinking, the same answer for every caller."""
from __future__ import annotations

import time

import numpy as np
import pytest

from backends.band_solver import BACKGROUND, FOREGROUND, UNKNOWN, resize_trimap, solve_band
from backends.classical import solve_alpha
from tests.images import disc_scene, trimap_for


@pytest.mark.parametrize("method", ["cf", "knn", "lkm"])
def test_known_pixels_stay_and_the_band_is_solved(method):
    rgb, alpha = disc_scene(90, 120)
    tri = trimap_for(alpha, band=5)
    got = solve_band(rgb, tri, 100_000, method)
    assert got.dtype == np.float32 and got.shape == alpha.shape
    assert (got[tri == 255] == 1).all() and (got[tri == 0] == 0).all()
    assert np.mean((got - alpha) ** 2) < 2e-3


def test_classical_and_auto_share_it():
    from backends import auto

    rgb, alpha = disc_scene(90, 120)
    tri = trimap_for(alpha, band=4)
    assert auto.solve_band is solve_band
    np.testing.assert_allclose(solve_alpha(rgb, tri, "cf"), solve_band(rgb, tri, 400_000), atol=1e-4)


def test_shrinking_keeps_a_one_pixel_band():
    tri = np.zeros((200, 200), np.uint8)
    tri[:, 100:] = 255
    tri[:, 100] = 128
    small = resize_trimap(tri, (50, 50))
    assert (small == 128).any(axis=1).all()  # every row still crosses the band
    big = resize_trimap(small, (200, 200))
    assert (big[:, 98:103] == 128).any(axis=1).all()


def test_too_many_unknowns_are_solved_smaller():
    rgb, alpha = disc_scene(300, 400)
    tri = trimap_for(alpha, band=30)
    got = solve_band(rgb, tri, 3_000)
    assert np.mean((got - alpha) ** 2) < 5e-3 and (got[tri == 0] == 0).all()


def test_one_sided_band_is_filled_and_no_band_is_the_trimap():
    rgb, _ = disc_scene(40, 50)
    tri = np.full((40, 50), 128, np.uint8)
    tri[:5] = 255
    assert (solve_band(rgb, tri, 1000) == 1).all()
    tri = np.zeros((40, 50), np.uint8)
    tri[10:20, 10:20] = 255
    assert np.array_equal(solve_band(rgb, tri, 1000), (tri == 255).astype(np.float32))
    with pytest.raises(ValueError):
        solve_band(rgb, tri, 1000, "nope")


def test_a_confident_prior_settles_a_flat_band():
    """A band over flat colour: the Laplacian alone draws a grey ramp (haze); a confident prior brings the step back,
    and an unsure prior (0.5) changes nothing."""
    rgb = np.full((40, 120, 3), 128, np.uint8)
    rgb = (rgb + np.random.default_rng(0).integers(-2, 3, rgb.shape)).astype(np.uint8)
    tri = np.full((40, 120), 128, np.uint8)
    tri[:, :10], tri[:, -10:] = 255, 0
    step = np.zeros((40, 120), np.float32)
    step[:, :60] = 1
    plain = solve_band(rgb, tri, 100_000)
    leaning = solve_band(rgb, tri, 100_000, prior=step, prior_weight=1e-2)
    assert np.mean((leaning - step) ** 2) < 0.5 * np.mean((plain - step) ** 2)
    unsure = solve_band(rgb, tri, 100_000, prior=np.full((40, 120), 0.5, np.float32))
    np.testing.assert_allclose(unsure, plain, atol=1e-4)


def test_band_solver_with_no_foreground_near_the_band_says_background_at_once():
    rgb = np.full((60, 60, 3), 0.5, np.float32)
    trimap = np.full((60, 60), BACKGROUND, np.uint8)
    trimap[20:40, 20:40] = UNKNOWN
    trimap[16, 28:32] = FOREGROUND  # foreground in the crop, but too far to share a window with the band
    t = time.perf_counter()
    alpha = solve_band(rgb, trimap, 100_000)  # (conjugate gradients divided 0 by 0 here, and never converged)
    assert time.perf_counter() - t < 5 and alpha[20:40, 20:40].max() == 0


@pytest.mark.parametrize("strip", [1, 700, 10_000_000])
def test_laplacian_rows_in_strips_are_pymattings_rows(monkeypatch, strip):
    """The Laplacian built strip by strip (a bounded memory) has the very numbers of pymatting's whole-image one in
    every row the solve reads: one-row strips, several-row strips, and one strip."""
    from pymatting import cf_laplacian

    from backends import band_solver

    rgb, alpha = disc_scene(61, 47)
    tri = trimap_for(alpha, band=4)
    tri[0, :5] = UNKNOWN  # unknown pixels on the image's own border too
    tri[-1, -3:] = UNKNOWN
    img, known, unknown = rgb.astype(np.float64) / 255, tri != UNKNOWN, tri == UNKNOWN
    monkeypatch.setattr(band_solver, "LAPLACIAN_STRIP_PIXELS", strip)
    rows = band_solver.laplacian_rows(img, known, unknown)
    whole = cf_laplacian(img, epsilon=band_solver.CF_EPSILON, is_known=known)[unknown.ravel()]
    assert rows.shape == whole.shape == (int(unknown.sum()), tri.size)
    assert abs(rows - whole).max() == 0


def test_the_laplacian_needs_memory_for_the_band_not_the_box():
    """A thin band around a large box: the Laplacian's memory follows the strips and the band's pixels, where
    pymatting's own builder takes 400 bytes for every pixel of the box (780 MB here)."""
    import tracemalloc

    from backends import band_solver

    h = w = 1400
    img = np.full((h, w, 3), 0.15)
    img[8:-8, 8:-8] = 0.85
    ring = np.zeros((h, w), bool)
    ring[4:-4, 4:-4] = True
    ring[12:-12, 12:-12] = False
    tracemalloc.start()
    try:
        rows = band_solver.laplacian_rows(img, ~ring, ring)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows.shape == (int(ring.sum()), h * w)
    assert peak < 150e6, f"building the Laplacian took {peak / 1e6:.0f} MB for a {int(ring.sum())}-pixel band"
