"""The one-click fixes' work without a window (``desktop.app.edits``): what a click or a hair stroke changes in the
matte, and in the trimap brush's trimap, on synthetic mattes whose right answer is known."""
from __future__ import annotations

import numpy as np

from backends.trimap import BACKGROUND, trimap_from_alpha
from desktop.app import edits
from tests.test_segments import scene


def test_subject_click_patches_alpha_and_the_trimap_where_it_changed_only():
    rgb, alpha = scene()
    trimap = trimap_from_alpha(alpha)
    patch = edits.subject_click(rgb, alpha, trimap, trimap.copy(), 240, 100, edits.REMOVE)
    x0, y0, x1, y1 = patch.rect
    assert x0 > 140 and patch.alpha.max() <= 0.2  # around the small disc and its share of haze only
    new_alpha, new_trimap = alpha.copy(), trimap.copy()
    new_alpha[y0:y1, x0:x1], new_trimap[y0:y1, x0:x1] = patch.alpha, patch.trimap
    assert new_alpha[100, 240] == 0 and new_trimap[100, 240] == BACKGROUND and new_trimap[80:120, 225:255].max() == 0
    assert np.array_equal(new_trimap[:, :140], trimap[:, :140])
    added = edits.subject_click(rgb, alpha, None, None, 230, 40, edits.ADD, edits.BY_COLOUR)
    assert added.what == "added-colour" and added.trimap is None
    assert edits.subject_click(rgb, alpha, None, None, 100, 100, edits.ADD, edits.BY_COLOUR) is None  # in already


def test_hair_stroke_over_open_background_changes_nothing():
    rgb, alpha = scene()
    strands = alpha.copy()
    strands[180:190, 10:60] = 0.3  # faint strands far from the subject
    assert edits.hair_stroke(rgb, strands, None, None, [(10, 185), (60, 185)], 12) is None


def test_hair_stroke_solves_a_clipped_edge_and_fades_in_at_the_rim():
    import cv2

    rgb, truth = scene()
    clipped = cv2.erode((truth > 0.5).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(np.float32)
    points = [(61, y) for y in range(70, 131, 10)]  # down the big disc's left edge (x = 60)
    patch = edits.hair_stroke(rgb, clipped, None, None, points, 16)
    x0, y0, x1, y1 = patch.rect
    new = clipped.copy()
    new[y0:y1, x0:x1] = patch.alpha
    (sx0, sy0, sx1, sy1), mask = edits.stroke_mask(clipped.shape, points, 16)
    stroke = np.zeros(clipped.shape, bool)
    stroke[sy0:sy1, sx0:sx1] = mask
    rim = stroke & ~(cv2.erode(stroke.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0)
    assert np.abs(new - clipped)[rim].max() < 0.1  # no seam where the stroke ends
    middle = (slice(85, 116), slice(55, 66))
    assert np.abs(new[middle] - truth[middle]).mean() < 0.5 * np.abs(clipped[middle] - truth[middle]).mean()
    assert np.array_equal(new[~stroke], clipped[~stroke])


def test_a_drag_takes_every_region_it_crosses_in_one_patch():
    rgb, alpha = scene()
    patch = edits.subject_drag(rgb, alpha, None, None, [(100, 100), (170, 100), (240, 100)], edits.REMOVE,
                               edits.BY_COLOUR, reach=2)
    new = alpha.copy()
    x0, y0, x1, y1 = patch.rect
    new[y0:y1, x0:x1] = patch.alpha
    assert new[100, 100] == 0 and new[100, 240] == 0  # both discs, one patch
    assert edits.subject_drag(rgb, alpha, None, None, [(5, 5), (30, 5)], edits.REMOVE, reach=2) is None


def test_a_colour_segment_is_taken_only_where_it_joins_the_click():
    """A white wall seen through two gaps of the cut-out is one colour area; a click on one gap takes that gap."""
    _rgb, _alpha = scene()
    alpha = np.maximum(np.asarray(_alpha), 0).copy()
    rgb = np.full(_rgb.shape, 245, np.uint8)  # a white wall ...
    rgb[alpha > 0.5] = (220, 40, 30)  # ... behind the red discs
    rgb[92:108, 60:100] = 245  # a gap in the big disc, open to the wall on its left
    rgb[95:105, 220:245] = 245  # and one in the small disc, open on its left
    patch = edits.subject_click(rgb, alpha, None, None, 80, 100, edits.REMOVE, edits.BY_COLOUR)
    new = alpha.copy()
    x0, y0, x1, y1 = patch.rect
    new[y0:y1, x0:x1] = patch.alpha
    assert new[100, 80] == 0 and new[100, 235] == alpha[100, 235] == 1
