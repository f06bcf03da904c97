"""Refine hair: a clipped soft edge comes back inside the stroke, and nothing changes outside it."""
from __future__ import annotations

import numpy as np

from backends.hair import refine_hair
from tests.images import disc_scene


def test_refine_hair_restores_the_edge_inside_the_region_only():
    rgb, truth = disc_scene(160, 200)
    clipped = (truth > 0.9).astype(np.float32)  # the soft edge lost, as a too-narrow band would
    region = np.zeros(truth.shape, bool)
    region[:, :100] = True  # the stroke covers the left half
    got = refine_hair(rgb, clipped, region, band_px=6)
    assert got.dtype == np.float32 and got.shape == truth.shape
    assert np.array_equal(got[:, 100:], clipped[:, 100:])
    before = np.mean((clipped[:, :100] - truth[:, :100]) ** 2)
    after = np.mean((got[:, :100] - truth[:, :100]) ** 2)
    assert after < 0.3 * before


def test_refine_hair_on_nothing_changes_nothing():
    rgb, truth = disc_scene(60, 80)
    assert np.array_equal(refine_hair(rgb, truth, np.zeros(truth.shape, bool)), truth.astype(np.float32))
    empty = np.zeros(truth.shape, np.float32)
    assert np.array_equal(refine_hair(rgb, empty, np.ones(truth.shape, bool)), empty)
