"""Classical trimap solvers: accuracy on a generated scene, bounds, and clear errors."""
from __future__ import annotations

import numpy as np
import pytest

from backends import registry
from backends.classical import solve_alpha
from backends.contract import BackendError
from tests.images import disc_scene, trimap_for


@pytest.mark.parametrize("method", ["cf", "knn", "lkm"])
def test_solvers_recover_a_soft_edge(method):
    rgb, alpha = disc_scene(90, 120)
    tri = trimap_for(alpha, band=5)
    got = solve_alpha(rgb, tri, method)
    assert got.shape == alpha.shape and got.dtype == np.float32
    assert (got[tri == 255] == 1).all() and (got[tri == 0] == 0).all()
    assert np.mean((got - alpha) ** 2) < 2e-3


def test_large_band_is_solved_at_reduced_resolution():
    rgb, alpha = disc_scene(400, 500)
    tri = trimap_for(alpha, band=40)
    got = solve_alpha(rgb, tri, "cf", max_unknown=5_000)
    assert got.shape == alpha.shape
    assert np.mean((got - alpha) ** 2) < 5e-3


def test_trimap_without_foreground_is_refused():
    rgb, _ = disc_scene(30, 40)
    tri = np.full((30, 40), 128, np.uint8)
    tri[:5] = 0
    with pytest.raises(BackendError, match="no foreground"):
        solve_alpha(rgb, tri)


def test_backend_requires_a_trimap():
    backend = registry.get("closed-form")
    rgb, alpha = disc_scene(30, 40)
    with pytest.raises(BackendError, match="needs a trimap"):
        backend.predict(rgb)
    assert backend.predict(rgb, trimap_for(alpha)).shape == (30, 40)


@pytest.mark.parametrize("method", ["knn", "lkm"])
def test_a_shrunk_white_background_gives_no_pymatting_warning(method, recwarn):
    rgb, alpha = disc_scene(500, 500)
    rgb[alpha < 0.01] = 255  # a studio-white background: area resizing in float32 overshoots 1.0 there
    trimap = trimap_for(alpha, band=40)
    solve_alpha(rgb, trimap, method, max_unknown=3_000)  # forces the shrunk path
    assert not [w for w in recwarn if "should be in [0, 1]" in str(w.message)]
