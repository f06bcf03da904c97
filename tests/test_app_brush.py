"""The trimap brush: painting, one undo step per drag with before/after crops, the eraser, the size shortcuts."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from backends.trimap import BACKGROUND, FOREGROUND, UNKNOWN  # noqa: E402
from desktop.app.brush import BG, ERASER, FG, UNK, TrimapEditor  # noqa: E402


@pytest.fixture
def editor(qtbot):
    ed = TrimapEditor()
    base = np.full((100, 200), BACKGROUND, np.uint8)
    base[30:70, 60:140] = FOREGROUND
    base[25:30, 60:140] = UNKNOWN
    ed.set_trimap(base.copy(), base)
    ed.set_size(10)
    return ed


def test_a_whole_drag_is_one_undo_step(editor):
    before = editor.trimap.copy()
    editor.set_tool(UNK)
    editor.stroke([(10, 10), (30, 12), (50, 20), (70, 15)])
    assert editor.stack.count() == 1
    painted = editor.trimap.copy()
    assert (painted != before).sum() > 200
    assert painted[12, 30] == UNKNOWN
    cmd = editor.stack.command(0)
    x0, y0, x1, y1 = cmd.rect
    assert (x0, y0) <= (5, 5) and x1 >= 75 and y1 >= 20
    assert cmd.before.shape == (y1 - y0, x1 - x0)  # crops, not whole trimaps
    editor.stack.undo()
    assert np.array_equal(editor.trimap, before)
    editor.stack.redo()
    assert np.array_equal(editor.trimap, painted)


def test_changed_reports_only_the_stroke_rectangle(editor, qtbot):
    rects = []
    editor.changed.connect(lambda *r: rects.append(r))
    editor.set_tool(FG)
    editor.stroke([(150, 80), (160, 85)])
    assert rects and all(r[2] - r[0] < 40 and r[3] - r[1] < 40 for r in rects)
    rects.clear()
    editor.stack.undo()
    assert len(rects) == 1 and rects[0] == editor.stack.command(0).rect


def test_eraser_restores_the_automatic_trimap(editor):
    base = editor.base.copy()
    editor.set_tool(BG)
    editor.stroke([(100, 50), (110, 50)])
    assert editor.trimap[50, 105] == BACKGROUND
    editor.set_tool(ERASER)
    editor.stroke([(100, 50), (110, 50)])
    assert np.array_equal(editor.trimap, base)
    assert editor.stack.count() == 2


def test_a_stroke_that_changes_nothing_is_not_an_undo_step(editor):
    editor.set_tool(FG)
    editor.stroke([(100, 50)])  # inside the foreground already
    assert editor.stack.count() == 0


def test_dirty_rect_gathers_strokes_until_taken(editor):
    editor.set_tool(UNK)
    editor.stroke([(10, 10)])
    editor.stroke([(190, 90)])
    x0, y0, x1, y1 = editor.take_dirty()
    assert x0 <= 5 and y0 <= 5 and x1 >= 195 and y1 >= 95
    assert editor.take_dirty() is None


def test_size_limits_and_steps(editor):
    editor.set_size(10)
    editor.grow()
    assert editor.size > 10
    for _ in range(50):
        editor.shrink()
    assert editor.size == 1
    editor.set_size(10 ** 6)
    assert editor.size == 2000


def test_automatic_trimap_from_alpha(editor):
    alpha = np.zeros((50, 60), np.float32)
    alpha[10:40, 15:45] = 1
    editor.start_from_alpha(alpha, alpha.shape)
    t = editor.trimap
    assert t[25, 30] == FOREGROUND and t[2, 2] == BACKGROUND and t[10, 30] == UNKNOWN
    editor.start_from_alpha(None, (5, 6))
    assert (editor.trimap == UNKNOWN).all()
