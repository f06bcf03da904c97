"""The canvas: zoom about the cursor, fit and 100 %, pan, view modes (checked on rendered pixels), split, overlay."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402

from backends.imaging.compose import Background  # noqa: E402
from desktop.app import previews  # noqa: E402
from desktop.app.canvas import Canvas  # noqa: E402
from desktop.app.workers import WorkerPool  # noqa: E402


@pytest.fixture
def canvas(qtbot):
    pool = WorkerPool(2)
    view = Canvas(pool)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    rgb = np.zeros((100, 200, 3), np.uint8)
    rgb[..., 0] = 200  # red photo
    alpha = np.zeros((100, 200), np.float32)
    alpha[:, 100:] = 1.0  # right half is the subject
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.set_picture(rgb, alpha)
    yield view
    pool.cancel_all()
    assert pool.wait(10_000)


def pixel(view, scene_x, scene_y):
    image = view.viewport().grab().toImage()
    p = view.mapFromScene(QPointF(scene_x, scene_y))
    c = image.pixelColor(p.x(), p.y())
    return c.red(), c.green(), c.blue()


def render(qtbot, view, fn, *args):
    with qtbot.waitSignal(view.rendered, timeout=5000):
        fn(*args)


def test_fit_and_actual_size(canvas):
    canvas.fit()
    assert canvas.zoom() == pytest.approx(2.0, rel=0.05)  # 200x100 into 400x300
    canvas.actual_size()
    assert canvas.zoom() == 1.0


def test_zoom_keeps_the_point_under_the_cursor(canvas):
    anchor = QPointF(300, 100)
    before = canvas.mapToScene(anchor.toPoint())
    canvas.zoom_by(2.0, anchor)
    after = canvas.mapToScene(anchor.toPoint())
    assert abs(before.x() - after.x()) < 1.0 and abs(before.y() - after.y()) < 1.0
    canvas.zoom_by(10 ** 6, anchor)
    assert canvas.zoom() == 32.0


def test_wheel_zooms_about_the_cursor(canvas, qtbot):
    from PySide6.QtGui import QWheelEvent

    pos = QPointF(120, 200)
    before = canvas.mapToScene(pos.toPoint())
    zoom = canvas.zoom()
    event = QWheelEvent(pos, canvas.mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    canvas.wheelEvent(event)
    assert canvas.zoom() == pytest.approx(zoom * 1.25)
    after = canvas.mapToScene(pos.toPoint())
    assert abs(before.x() - after.x()) < 1.0


def test_middle_button_pans(canvas, qtbot):
    centre = canvas.mapToScene(canvas.viewport().rect().center())
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(200, 150))
    qtbot.mouseMove(canvas.viewport(), QPoint(150, 150))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(150, 150))
    moved = canvas.mapToScene(canvas.viewport().rect().center())
    assert moved.x() > centre.x() + 10


def test_view_modes_show_the_right_pixels(canvas, qtbot):
    render(qtbot, canvas, canvas.set_mode, previews.ORIGINAL)
    assert pixel(canvas, 50, 50) == (200, 0, 0)
    render(qtbot, canvas, canvas.set_mode, previews.ALPHA)
    assert pixel(canvas, 50, 50) == (0, 0, 0) and pixel(canvas, 150, 50) == (255, 255, 255)
    render(qtbot, canvas, canvas.set_mode, previews.CUTOUT)
    left = pixel(canvas, 50, 50)
    assert left in ((204, 204, 204), (153, 153, 153))  # the checkerboard shows through
    assert pixel(canvas, 150, 50) == (200, 0, 0)
    render(qtbot, canvas, canvas.set_background, Background("color", (0, 255, 0)))
    render(qtbot, canvas, canvas.set_mode, previews.COMPOSITE)
    assert pixel(canvas, 50, 50) == (0, 255, 0) and pixel(canvas, 150, 50) == (200, 0, 0)


def test_split_shows_before_left_and_after_right(canvas, qtbot):
    render(qtbot, canvas, canvas.set_background, Background("color", (0, 0, 255)))
    render(qtbot, canvas, canvas.set_mode, previews.SPLIT)
    canvas.set_split(0.75)
    # x=50 (background in the matte): before (original red) left of the line, after (blue) right of it
    assert pixel(canvas, 50, 50) == (200, 0, 0)
    assert pixel(canvas, 190, 50) == (200, 0, 0)  # subject on the right side stays red
    canvas.set_split(0.1)
    assert pixel(canvas, 50, 50) == (0, 0, 255)


def test_overlay_region_update(canvas, qtbot):
    trimap = np.full((100, 200), 0, np.uint8)
    canvas.set_overlay(previews.trimap_overlay(trimap, 1.0), 1.0)
    render(qtbot, canvas, canvas.set_mode, previews.ORIGINAL)
    assert pixel(canvas, 20, 20) == previews.OVERLAY_COLOURS[0]
    canvas.update_overlay(previews.trimap_overlay(np.full((10, 10), 255, np.uint8), 1.0), 15, 15)
    assert pixel(canvas, 20, 20) == previews.OVERLAY_COLOURS[255]


def test_large_image_uses_a_reduced_copy_when_zoomed_out(qtbot):
    pool = WorkerPool(1)
    view = Canvas(pool)
    qtbot.addWidget(view)
    view.resize(300, 200)
    rgb = np.zeros((3000, 5000, 3), np.uint8)
    rgb[:, 2500:] = 255
    with qtbot.waitSignal(view.rendered, timeout=5000):
        view.set_mode(previews.ORIGINAL)
        view.set_picture(rgb)
    assert view.base.factor == 4 and view.base.mip.shape[:2] == (750, 1250)
    view.show()
    qtbot.waitExposed(view)
    assert pixel(view, 1000, 1500) == (0, 0, 0) and pixel(view, 4000, 1500) == (255, 255, 255)
    pool.wait(5000)
