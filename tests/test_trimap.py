"""Automatic trimaps: values, band width (fixed ring and unsure pixels), input types and edge cases."""
from __future__ import annotations

import numpy as np
import pytest

from backends.trimap import BACKGROUND, FOREGROUND, UNKNOWN, default_band_px, trimap_from_alpha, unknown_fraction


def square_mask(h=100, w=120, soft=False):
    m = np.zeros((h, w), np.float32)
    m[30:70, 40:80] = 1.0
    if soft:
        m[30:70, 38:40] = 0.5  # an unsure strip left of the square
    return m


def test_values_and_shape():
    tri = trimap_from_alpha(square_mask(), band_px=3)
    assert tri.shape == (100, 120) and tri.dtype == np.uint8
    assert set(np.unique(tri)) == {BACKGROUND, UNKNOWN, FOREGROUND}
    assert tri[50, 60] == FOREGROUND and tri[5, 5] == BACKGROUND
    assert tri[30, 60] == UNKNOWN and tri[29, 60] == UNKNOWN


def test_band_width_follows_band_px():
    narrow = trimap_from_alpha(square_mask(), band_px=2)
    wide = trimap_from_alpha(square_mask(), band_px=8)
    assert unknown_fraction(wide) > 2.5 * unknown_fraction(narrow)
    # a pixel 6 rows outside the edge is unknown only in the wide band
    assert narrow[23, 60] == BACKGROUND and wide[23, 60] == UNKNOWN


def test_default_band_scales_with_image_size():
    assert default_band_px((1000, 800)) == 10
    assert default_band_px((4000, 6000)) == 60
    assert default_band_px((10, 10)) == 1
    small = trimap_from_alpha(square_mask())
    big = trimap_from_alpha(np.kron(square_mask(), np.ones((4, 4), np.float32)))
    assert unknown_fraction(big) == pytest.approx(unknown_fraction(small), rel=0.35)


def test_unsure_pixels_are_unknown_even_far_from_the_edge():
    m = square_mask()
    m[80:90, 5:15] = 0.4  # a hesitant blob well away from the square
    tri = trimap_from_alpha(m, band_px=1)
    assert (tri[80:90, 5:15] == UNKNOWN).all()
    assert trimap_from_alpha(m, band_px=1, lo=0.45, hi=0.9)[85, 10] == BACKGROUND


def test_zero_band_keeps_only_unsure_pixels():
    tri = trimap_from_alpha(square_mask(soft=True), band_px=0)
    assert (tri[30:70, 38:40] == UNKNOWN).all()
    assert tri[30, 60] == FOREGROUND


@pytest.mark.parametrize("convert", [
    lambda m: (m * 255).astype(np.uint8),
    lambda m: m.astype(np.float64),
    lambda m: m > 0.5,
    lambda m: np.dstack([m, m, m]),
])
def test_input_types_agree(convert):
    ref = trimap_from_alpha(square_mask(), band_px=3)
    assert np.array_equal(trimap_from_alpha(convert(square_mask()), band_px=3), ref)


def test_uniform_masks_have_no_ring():
    assert (trimap_from_alpha(np.ones((20, 30), np.float32)) == FOREGROUND).all()
    assert (trimap_from_alpha(np.zeros((20, 30), np.float32)) == BACKGROUND).all()
    assert (trimap_from_alpha(np.full((20, 30), 0.5, np.float32)) == UNKNOWN).all()


def test_tiny_and_nan_inputs():
    assert trimap_from_alpha(np.array([[0.0, 1.0]])).shape == (1, 2)
    m = square_mask()
    m[0, 0] = np.nan
    assert trimap_from_alpha(m)[0, 0] == BACKGROUND


def test_rejects_bad_shapes():
    with pytest.raises(ValueError):
        trimap_from_alpha(np.zeros((2, 3, 4, 5)))


# -- the Auto backend's trimap: hair zone and enclosed background ------------------------------------------------
def person_scene(h=240, w=240, hole=True):
    """(rgb, prob): a skin-coloured person disc on a blue wall, with (optionally) a wall-coloured hole in the middle
    that the person map, like a segmenter, fills."""
    yy, xx = np.mgrid[0:h, 0:w]
    rng = np.random.default_rng(0)
    rgb = np.zeros((h, w, 3), np.float64)
    rgb[:] = (60, 90, 200)
    person = np.hypot(yy - h / 2, xx - w / 2) < 80
    rgb[person] = (200, 150, 120)
    if hole:
        rgb[np.hypot(yy - h / 2, xx - w / 2) < 25] = (60, 90, 200)
    rgb = np.clip(rgb + rng.normal(0, 4, rgb.shape), 0, 255).astype(np.uint8)
    return rgb, person.astype(np.float32)


def test_background_enclosed_by_the_subject_comes_out_transparent():
    from backends.band_solver import solve_band
    from backends.trimap import person_trimap

    rgb, prob = person_scene()
    plain = person_trimap(prob)
    assert plain[120, 120] == FOREGROUND  # the map alone calls the hole sure foreground
    tri = person_trimap(prob, rgb=rgb)
    assert tri[120, 120] == BACKGROUND and tri[120, 120 + 24] == UNKNOWN
    alpha = solve_band(rgb, tri, 100_000)
    assert alpha[108:133, 108:133].mean() < 0.05  # the hole
    assert alpha[120, 120 + 50] == 1.0 and alpha[5, 5] == 0.0


def test_a_plain_subject_keeps_its_middle():
    from backends.trimap import person_trimap

    rgb, prob = person_scene(hole=False)
    assert np.array_equal(person_trimap(prob, rgb=rgb), person_trimap(prob))


def test_hair_zone_widens_the_band_around_faces_only():
    from backends.trimap import hair_zone, person_trimap

    m = np.zeros((300, 300), np.float32)
    m[100:300, 60:240] = 1.0  # a body from row 100 down
    face = np.array([[120, 110, 180, 170]], np.float32)  # face box at the top middle
    zone = hair_zone(m.shape, face)
    assert zone[100, 150] and zone[70, 150] and not zone[290, 150]
    tri = person_trimap(m, face, band_fraction=0.01, hair_fraction=0.04)
    # 9 px above the top edge: unknown over the head, background far from it
    assert tri[91, 150] == UNKNOWN and tri[91, 20] == BACKGROUND
    assert np.array_equal(person_trimap(m, (), band_fraction=0.01), trimap_from_alpha(m, band_px=3))


def test_the_map_hesitating_far_from_the_person_is_background():
    from backends.trimap import person_trimap

    m = np.zeros((300, 300), np.float32)
    m[100:300, 100:200] = 1.0  # the person
    m[100:300, 200:206] = 0.3  # an unsure rim beside the body: the band
    m[20:60, 20:60] = 0.3  # the map hesitating over the background, far from anyone: a ghost
    tri = person_trimap(m, unsure_reach=0.05)
    assert tri[150, 204] == UNKNOWN and (tri[20:60, 20:60] == BACKGROUND).all()
    assert (person_trimap(m, unsure_reach=0)[20:60, 20:60] == UNKNOWN).all()  # the reach off: unknown as before
