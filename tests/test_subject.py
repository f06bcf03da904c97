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


def standing_pose(h=200):
    """(33, 3) landmarks x, y, visibility of a small standing person (shoulders 20 px apart), legs down to row
    170; the rest of the 33 points unseen."""
    lm = np.zeros((33, 3), np.float32)
    seen = {11: (40, 40), 12: (60, 40), 13: (32, 62), 14: (68, 62), 15: (30, 85), 16: (70, 85),
            23: (43, 90), 24: (57, 90), 25: (43, 130), 26: (57, 130), 27: (43, 168), 28: (57, 168)}
    for i, (x, y) in seen.items():
        lm[i] = (x, y, 0.9)
    return lm


def person_on_a_bench():
    """(map, pose mask): a person from the shoulders down to the bottom edge and a bench running from their
    legs to the right edge of the frame along the bottom."""
    m = np.zeros((200, 200), np.float32)
    m[35:200, 35:65] = 1.0  # the person
    body = m.copy()
    m[175:200, 65:200] = 1.0  # the bench: the selfie map takes it for more person, the pose model does not
    return m, body


def test_a_bench_at_the_bottom_edge_beyond_the_body_is_dropped():
    from backends.subject import body_extent, drop_bottom_leaks

    m, body = person_on_a_bench()
    extent = body_extent(m.shape, standing_pose())
    assert extent[100, 50] and extent[190, 50] and not extent[190, 190]
    prob, dropped = drop_bottom_leaks(m, standing_pose(), body)
    assert prob[190, 190] == 0 and prob[185, 170] == 0 and dropped[190, 190]
    assert (prob[35:200, 35:65] == 1).all()  # the person untouched


def test_what_the_pose_model_calls_body_or_no_pose_keeps_the_bottom_edge():
    from backends.subject import drop_bottom_leaks

    m, _ = person_on_a_bench()
    # a long dress flowing out to the side: the pose model's own mask covers it, so it stays
    assert np.array_equal(drop_bottom_leaks(m, standing_pose(), m)[0], m)
    # no shoulders seen, or no pose at all: nothing to measure the body by, nothing dropped
    unseen = standing_pose()
    unseen[11, 2] = 0.1
    assert np.array_equal(drop_bottom_leaks(m, unseen)[0], m)
    assert np.array_equal(drop_bottom_leaks(m, np.zeros((0, 3)))[0], m)
    # a piece beyond the body's reach that does not touch the bottom edge is left to subject selection
    lifted = np.zeros_like(m)
    lifted[:195] = m[5:]
    assert np.array_equal(drop_bottom_leaks(lifted, standing_pose())[0], lifted)
