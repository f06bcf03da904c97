"""What the subject tool's click picks (``backends.segments``), on small synthetic mattes and photos whose right
answer is known."""
from __future__ import annotations

import numpy as np

from backends.segments import colour_segments, map_region_at, region_to_remove, segment_at

H, W = 200, 300


def disc(cx, cy, r, soft=2.0):
    yy, xx = np.mgrid[0:H, 0:W]
    return np.clip((r - np.hypot(yy - cy, xx - cx)) / soft + 0.5, 0, 1).astype(np.float32)


def scene():
    """Two discs joined by a faint haze (0.2), and the photo: red discs, a white square, on blue."""
    alpha = np.maximum(disc(100, 100, 40), disc(240, 100, 20))
    alpha[95:105, 140:222] = np.maximum(alpha[95:105, 140:222], 0.2)
    rgb = np.zeros((H, W, 3), np.uint8)
    rgb[...] = (30, 120, 160)
    rgb[alpha > 0.5] = (220, 40, 30)
    rgb[20:60, 180:280] = (240, 240, 235)
    return rgb, alpha


def test_a_click_on_a_solid_part_takes_it_with_its_rim_and_no_more():
    _rgb, alpha = scene()
    gone = region_to_remove(alpha, 240, 100)
    assert gone[100, 240] and gone[100, 260]  # the small disc, its soft edge included
    assert gone[100, 200] and not gone[100, 150]  # the haze up to where the big disc is nearer
    assert not gone[100, 100] and not gone[100, 59]  # the big disc and its rim stay
    assert region_to_remove(alpha, 5, 5) is None  # nothing there
    alpha[74:77, 250:253] = 0.3  # a loose strand (of hair) beside the small disc, not touching it
    alpha[125:128, 232:235] = 0.9  # and a small solid bit of it
    gone = region_to_remove(alpha, 240, 100)
    assert gone[75, 251] and gone[126, 233]
    assert not region_to_remove(alpha, 100, 100)[75, 251] and not region_to_remove(alpha, 100, 100)[126, 233]
    assert region_to_remove(alpha, 285, 100, reach=30) is not None  # ... unless a part is within reach


def test_a_click_on_a_faint_patch_takes_the_patch_not_the_subject_it_hangs_on():
    _rgb, alpha = scene()
    gone = region_to_remove(alpha, 180, 100)
    assert gone[100, 180] and gone[100, 160]
    assert not gone[100, 100] and not gone[100, 240]
    assert not gone[100, 141] and not gone[100, 219]  # the discs' own rims stay with them


def test_colour_segment_is_the_area_of_one_colour_under_the_click_at_full_size():
    rgb, _alpha = scene()
    big = np.kron(rgb, np.ones((4, 4, 1), np.uint8))  # an 800 x 1200 photo, segmented smaller
    segments = colour_segments(big, work_side=300)
    assert segments.labels.shape == (200, 300) and segments.shape == (800, 1200)
    (x0, y0, x1, y1), soft = segment_at(segments, 900, 150)
    full = np.zeros((800, 1200), np.float32)
    full[y0:y1, x0:x1] = soft
    inside, around = np.zeros((800, 1200), bool), np.ones((800, 1200), bool)
    inside[84:236, 724:1116] = True  # the white square, but for the few pixels where its edge is scaled up
    around[76:244, 716:1124] = False
    assert full[inside].min() > 0.99 and full[around].max() == 0
    assert segment_at(segments, -1, 5) is None


def test_map_region_at_scales_a_small_maps_region_up():
    small = np.zeros((50, 75), np.float32)
    small[10:20, 40:60] = 0.9
    small[30:40, 5:15] = 0.9
    (x0, y0, x1, y1), soft = map_region_at(small, (200, 300), 200, 60)
    assert x0 <= 160 and x1 >= 240 and y0 <= 40 and y1 >= 80 and y1 <= 90  # the first region only
    assert soft.max() > 0.85
    assert map_region_at(small, (200, 300), 100, 180) is None
