"""The one-click fixes through the real window, offscreen (issue 9): the subject tool takes a clicked region out of
the cut-out or puts one in (and highlights what it would pick before the click), one undo step per click, saved as
the edit that exports use; the edge controls change what the canvas shows and what is exported, never the stored
matte, and are remembered; the refine-hair brush re-solves the edge under its stroke off the UI thread, with the
busy indicator, as one undo step. (The same on a real X display, with real clicks and pixels checked on screen:
``test_app_x11.py``.)"""
from __future__ import annotations

import threading

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from test_app_photographer import activate, in_modal_dialog  # noqa: E402

from app_support import DiscBackend, make_two_discs, open_window, register, shut  # noqa: E402
from backends.contract import BackendInfo  # noqa: E402
from backends.edges import EdgeControls  # noqa: E402
from backends.imaging.reader import read_image  # noqa: E402
from desktop.app import edits, matte_store, previews, settings  # noqa: E402
from desktop.app.fixes import HAIR, SUBJECT_ADD, SUBJECT_REMOVE  # noqa: E402
from desktop.app.items import EDITED  # noqa: E402

BIG, SMALL, SQUARE = (70, 80), (190, 40), (185, 120)  # x, y on the two-discs photo


class ClippedBackend(DiscBackend):
    """The disc finder with its soft edge cut off, 2 pixels inside the true edge (what a too-narrow band does)."""

    info = BackendInfo(id="test-clipped", name="Test clipped", description="a disc finder that clips the edge")

    def predict(self, image, trimap=None):
        import cv2

        hard = (super().predict(image, trimap) > 0.5).astype(np.uint8)
        return cv2.erode(hard, np.ones((5, 5), np.uint8)).astype(np.float32)


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):
    w = open_window(qtbot, monkeypatch)
    make_two_discs(tmp_path / "in")
    with qtbot.waitSignal(w.document.alphaChanged, timeout=20_000):
        assert w.open_paths([tmp_path / "in"])
    yield w
    shut(w)


def canvas_click(qtbot, w, x, y, modifiers=Qt.KeyboardModifier.NoModifier):
    """A left click on the canvas at image pixel (x, y), as the mouse gives it."""
    pos = w.canvas.mapFromScene(QPointF(x, y))
    qtbot.mouseClick(w.canvas.viewport(), Qt.MouseButton.LeftButton, modifiers, pos)


def click_fix(qtbot, w, x, y, modifiers=Qt.KeyboardModifier.NoModifier):
    with qtbot.waitSignal(w.fixer.applied, timeout=20_000) as blocker:
        canvas_click(qtbot, w, x, y, modifiers)
    return blocker.args[0]


def saved(qtbot, w):
    """Wait until the edit is on disk; (trimap, alpha) of the edit."""
    done = []
    w.document.when_saved(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    return matte_store.load_edit(w.document.path)


def test_subject_tool_removes_a_clicked_region_in_one_undo_step_and_the_edit_is_exported(qtbot, window, tmp_path,
                                                                                         monkeypatch):
    w = window
    threads = []
    real = edits.subject_click
    monkeypatch.setattr(edits, "subject_click",
                        lambda *a, **k: (threads.append(threading.current_thread()), real(*a, **k))[1])
    computed = w.document.alpha.copy()
    activate(qtbot, w)
    qtbot.mouseClick(w.fix_panel.buttons[SUBJECT_REMOVE], Qt.MouseButton.LeftButton)
    assert w.fixer.tool == SUBJECT_REMOVE and w.canvas.brush_active and not w.canvas.ring
    # hovering shows what a click would take: the small disc, in red
    with qtbot.waitSignal(w.fixer.hintShown, timeout=10_000) as blocker:
        qtbot.mouseMove(w.canvas.viewport(), w.canvas.mapFromScene(QPointF(*SMALL)))
    mask, action = blocker.args
    sy, sx = mask.shape[0] / 160, mask.shape[1] / 240
    assert action == edits.REMOVE and w.canvas.hint.isVisible()
    assert mask[int(SMALL[1] * sy), int(SMALL[0] * sx)] and not mask[int(BIG[1] * sy), int(BIG[0] * sx)]
    assert click_fix(qtbot, w, *SMALL) == "removed"
    assert not w.canvas.hint.isVisible()
    assert threads and threads[0] is not threading.main_thread()  # computed on the pool
    alpha = w.document.alpha
    assert alpha[SMALL[1], SMALL[0]] == 0 and alpha[SMALL[1] - 14:SMALL[1] + 15, SMALL[0] - 14:SMALL[0] + 15].max() \
        == 0  # the small disc, soft edge included
    assert np.array_equal(alpha[:, :150], computed[:, :150])  # the big disc is untouched
    assert w.document.editor.trimap[SMALL[1], SMALL[0]] == 0  # a later refine or eraser agrees
    assert w.project.items[0].status == EDITED and "Removed" in w.message.text()
    stack = w.document.editor.stack
    assert stack.count() == 1
    w.actions["undo"].trigger()
    assert np.array_equal(w.document.alpha, computed)
    w.actions["redo"].trigger()
    assert w.document.alpha[SMALL[1], SMALL[0]] == 0
    _trimap, edit = saved(qtbot, w)
    assert edit is not None and edit[SMALL[1], SMALL[0]] == 0 and edit[BIG[1], BIG[0]] == 1
    # the export reads the edit: the small disc is left out of the file
    w.document.flush()
    out = export_png(qtbot, w, tmp_path / "out")
    assert out.alpha[SMALL[1], SMALL[0]] == 0 and out.alpha[BIG[1], BIG[0]] == 255


def test_subject_tool_adds_by_colour_or_person_map_and_shift_click_does_the_other(qtbot, window, monkeypatch):
    w = window
    assert w.document.alpha[SQUARE[1], SQUARE[0]] == 0  # the backend missed the white square
    w.choose_tool(SUBJECT_ADD)
    w.fix_panel.by.setCurrentIndex(w.fix_panel.by.findData(edits.BY_COLOUR))
    assert w.fixer.by == edits.BY_COLOUR
    assert click_fix(qtbot, w, *SQUARE) == "added-colour"
    assert w.document.alpha[100:140, 165:205].min() > 0.95  # the square, all of it
    assert w.document.alpha[10, 10] == 0 and w.document.alpha[40, 120] == 0  # and nothing around it
    assert click_fix(qtbot, w, *SMALL, Qt.KeyboardModifier.ShiftModifier) == "removed"  # Shift: the other way
    assert w.document.alpha[SMALL[1], SMALL[0]] == 0
    assert w.document.editor.stack.count() == 2
    # "connected region" adds the person map's region under the click (a person Auto left out)
    w.actions["undo"].trigger()
    w.actions["undo"].trigger()
    person = np.zeros(w.document.alpha.shape, np.float32)
    person[95:145, 160:210] = 1.0
    monkeypatch.setattr(edits, "person_map", lambda rgb: person)
    w.fix_panel.by.setCurrentIndex(w.fix_panel.by.findData(edits.BY_REGION))
    w.fixer._analysis = None  # (a new photo's analysis: the patched map)
    assert click_fix(qtbot, w, *SQUARE) == "added-person"
    assert w.document.alpha[100:140, 165:205].min() > 0.95


def test_a_subject_drag_takes_every_region_it_crosses_as_one_undo_step(qtbot, window):
    w = window
    w.choose_tool(SUBJECT_REMOVE)
    viewport = w.canvas.viewport()
    path = [w.canvas.mapFromScene(QPointF(x, y)) for x, y in ((BIG[0], BIG[1]), (130, 60), (SMALL[0], SMALL[1]))]
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=path[0])
    for p in path[1:]:
        qtbot.mouseMove(viewport, p)
    assert w.canvas.stroke.isVisible()  # the drag shows as a line
    with qtbot.waitSignal(w.fixer.applied, timeout=20_000):
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=path[-1])
    assert w.document.alpha.max() == 0 and w.document.editor.stack.count() == 1
    w.actions["undo"].trigger()
    assert w.document.alpha[BIG[1], BIG[0]] == 1 and w.document.alpha[SMALL[1], SMALL[0]] == 1


def test_edge_controls_change_the_view_and_the_export_never_the_matte_and_are_remembered(qtbot, window, tmp_path,
                                                                                       monkeypatch):
    w = window
    w.set_mode(previews.ALPHA)
    qtbot.waitUntil(lambda: not w.canvas._pending, timeout=10_000)
    stored = w.document.alpha.copy()
    edge = (BIG[0] - 38, BIG[1])  # 2 px inside the big disc's edge

    def shown(x, y):
        return int(w.canvas.base.array[y, x])

    assert shown(*edge) == 255
    panel = w.edge_panel
    with qtbot.waitSignal(w.canvas.rendered, timeout=10_000):
        panel.spins["shift"].setValue(-4.0)  # typed: final
    assert shown(*edge) == 0 and shown(*BIG) == 255  # choked by 4 px on screen
    assert np.array_equal(w.document.alpha, stored)  # the matte itself is as it was
    # dragging a slider updates the view too (throttled), and the value shows beside it
    slider = panel.sliders["feather"]
    slider.setSliderDown(True)
    with qtbot.waitSignal(panel.changed, timeout=2_000) as blocker:
        slider.setValue(400)
    assert blocker.args[1] is False and panel.spins["feather"].value() == pytest.approx(40.0, abs=0.5)
    with qtbot.waitSignal(panel.changed, timeout=2_000) as blocker:
        slider.setSliderDown(False)
    assert blocker.args[1] is True
    panel.spins["feather"].setValue(0.0)
    assert settings.load_edges() == EdgeControls(shift=-4.0)
    # the export applies them
    out = export_png(qtbot, w, tmp_path / "out", check_label="shift edge -4 px")
    assert out.alpha[edge[1], edge[0]] == 0 and out.alpha[BIG[1], BIG[0]] == 255
    # a new window starts with them
    again = open_window(qtbot, monkeypatch)
    assert again.edge_panel.controls() == EdgeControls(shift=-4.0) and again.canvas.edges == EdgeControls(shift=-4.0)
    shut(again)


def test_refine_hair_brush_resolves_the_edge_under_the_stroke_off_the_ui_thread(qtbot, monkeypatch, tmp_path):
    register(monkeypatch, ClippedBackend)
    w = open_window(qtbot, monkeypatch, backend="test-clipped")
    make_two_discs(tmp_path / "in")
    with qtbot.waitSignal(w.document.alphaChanged, timeout=20_000):
        w.open_paths([tmp_path / "in"])
    clipped = w.document.alpha.copy()
    truth = DiscBackend().predict(w.document.picture.rgb)
    busy = []
    w.document.busyChanged.connect(lambda on, what: busy.append((on, what, w.canvas.busy.label.text())))
    activate(qtbot, w)
    qtbot.keyClick(w.canvas, Qt.Key.Key_H)  # the refine-hair brush's key
    assert w.fixer.tool == HAIR and w.canvas.ring
    w.document.editor.set_size(12)
    # a stroke down the big disc's left edge (x = 30), as the mouse paints it
    viewport = w.canvas.viewport()
    points = [w.canvas.mapFromScene(QPointF(31, y)) for y in range(60, 101, 5)]
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=points[0])
    for p in points[1:]:
        qtbot.mouseMove(viewport, p)
    assert w.canvas.stroke.isVisible()  # the stroke shows while it is painted
    with qtbot.waitSignal(w.fixer.applied, timeout=30_000) as blocker:
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=points[-1])
    assert blocker.args[0] == "hair"
    assert (True, "hair", "Refining hair...") in busy  # the spinner said what it waits for
    qtbot.waitUntil(lambda: not w.document.busy and not w.canvas.busy.isVisible(), timeout=5_000)
    assert not w.canvas.stroke.isVisible()
    alpha = w.document.alpha
    band = (slice(62, 99), slice(25, 40))
    before = np.abs(clipped[band] - truth[band]).mean()
    after = np.abs(alpha[band] - truth[band]).mean()
    assert after < 0.5 * before, (before, after)  # the clipped edge comes back under the stroke
    assert np.array_equal(alpha[:, 60:], clipped[:, 60:])  # and nothing changes away from it
    assert w.document.editor.stack.count() == 1 and "Refined" in w.message.text()
    w.actions["undo"].trigger()
    assert np.array_equal(w.document.alpha, clipped)
    shut(w)


def export_png(qtbot, w, folder, check_label: str = ""):
    """File > Export as a transparent PNG into ``folder``; the written file of the first photo."""
    def fill(dialog):
        if check_label:
            assert check_label in dialog.edges_label.text(), dialog.edges_label.text()
        dialog.format.setCurrentIndex(dialog.format.findData("png"))
        dialog.folder.setText(str(folder))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    in_modal_dialog(fill)
    with qtbot.waitSignal(w.exporter.finished, timeout=30_000) as blocker:
        w.actions["export"].trigger()
    assert [r.error for r in blocker.args[0]] == [""]
    return read_image(blocker.args[0][0].output)
