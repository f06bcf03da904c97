"""Subject selection and the subject tool's region functions, on synthetic maps where the answer is known."""
from __future__ import annotations

import numpy as np
import pytest

from backends.subject import (add_region, anchored_regions, fill_holes, region_at, regions, remove_region,
                              select_subject)


def blobs(h=120, w=200, centres=((60, 50), (60, 150)), radius=25):
    yy, xx = np.mgrid[0:h, 0:w]
    prob = np.zeros((h, w), np.float32)
    for cy, cx in centres:
        prob[np.hypot(yy - cy, xx - cx) < radius] = 0.95
    return prob


def face_at(cx, cy, size=16):
    return np.array([[cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2]], np.float32)


def test_regions_and_clicks():
    labels, count = regions(blobs())
    assert count == 2 and labels.dtype == np.int32
    left, right = region_at(labels, 50, 60), region_at(labels, 150, 60)
    assert left and right and left != right
    assert region_at(labels, 100, 5) == 0
    assert region_at(labels, 50 + 28, 60, reach=5) == left  # just beside the blob, within reach
    assert region_at(labels, 50 + 28, 60, reach=1) == 0


def test_join_px_merges_close_regions():
    prob = blobs(centres=((60, 50), (60, 103)))  # 3 px apart
    assert regions(prob)[1] == 2 and regions(prob, join_px=3)[1] == 1


def test_a_person_like_shape_far_from_any_face_is_dropped():
    prob = blobs()
    prob[30:40, 40:60] = 0.3  # an unsure rim of the kept person stays
    sel = select_subject(prob, boxes=face_at(50, 50), join_px=2)
    assert sel.anchored and len(sel.kept) == 1
    assert sel.probability[60, 150] == 0 and sel.probability[60, 50] == pytest.approx(0.95)
    assert sel.probability[35, 50] == pytest.approx(0.3)


def test_several_people_are_kept():
    prob = blobs(centres=((60, 40), (60, 100), (60, 160)), radius=18)
    sel = select_subject(prob, points=np.array([[40, 60]]), boxes=face_at(160, 55), join_px=2)
    assert sel.probability[60, 40] > 0.5 and sel.probability[60, 160] > 0.5  # a body landmark, a face
    assert sel.probability[60, 100] == 0


def test_without_any_anchor_everything_is_kept():
    prob = blobs()
    sel = select_subject(prob, boxes=face_at(100, 10), join_px=2)  # a face on no region
    assert not sel.anchored and np.array_equal(sel.probability, prob)


def test_what_a_kept_region_encloses_is_not_dropped():
    prob = blobs(radius=40, centres=((60, 60),))
    prob[45:75, 45:75] = 0.2  # a hole (a bottle held in front) ...
    prob[55:65, 55:65] = 0.9  # ... with an island of its own inside
    sel = select_subject(prob, boxes=face_at(60, 30), join_px=1)
    assert sel.probability[60, 60] == pytest.approx(0.9) and sel.probability[50, 50] == pytest.approx(0.2)
    assert fill_holes(prob > 0.5)[50, 50] and not fill_holes(prob > 0.5)[5, 5]


def test_face_box_picks_the_region_covering_its_middle():
    labels, _ = regions(blobs())
    assert anchored_regions(labels, boxes=face_at(150, 60, size=40)) == {region_at(labels, 150, 60)}
    assert anchored_regions(labels, points=np.array([[1, 1], [999, 999]])) == set()


def test_remove_and_add_region():
    prob = blobs()
    alpha = prob.copy()
    alpha[60, 75] = 0.4  # soft edge pixel of the left blob
    removed = remove_region(alpha, 50, 60)
    assert removed[60, 50] == 0 and removed[60, 75] == 0 and removed[60, 150] == pytest.approx(0.95)
    assert np.array_equal(remove_region(alpha, 100, 5), alpha)  # a click on nothing changes nothing
    source = blobs(centres=((60, 50), (60, 150), (20, 100)), radius=12)
    added = add_region(removed, source, 100, 20)
    assert added[20, 100] == pytest.approx(0.95) and added[60, 50] == 0
