"""The app tried as a working photographer would (issue 10), through the real widgets, offscreen: truthful export
formats, the before/after view, redo keys, trimap backends with automatic trimaps, broken files, statuses that end,
busy signs, the engine's first preparation, pause, messages, and what the app remembers.
(The same on a real X display, with real key presses and screenshots: ``test_app_x11.py``.)"""
from __future__ import annotations

import threading

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox  # noqa: E402

from app_support import SlowBackend, make_folder, open_window, shut  # noqa: E402
from backends.imaging.compose import Background  # noqa: E402
from backends.imaging.reader import read_image  # noqa: E402
from desktop.app import previews, settings  # noqa: E402
from desktop.app.items import DONE, EDITED, FAILED, RUNNING, WAITING  # noqa: E402

BLUE = (0, 0, 255)
ENDED = {WAITING, DONE, EDITED, FAILED}


def open_and_wait(qtbot, w, folder):
    with qtbot.waitSignal(w.document.alphaChanged, timeout=20_000):
        assert w.open_paths([folder])


def activate(qtbot, w):
    """Show the window and wait until it is the active one (window shortcuts need that)."""
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)


def in_modal_dialog(action, tries: int = 250):
    """Run ``action(dialog)`` on the next modal dialog, as the user would fill it in; a failure closes the dialog
    (so the test fails instead of waiting in it for ever)."""
    def run(left=tries):
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if left:
                QTimer.singleShot(20, lambda: run(left - 1))
            return
        try:
            action(dialog)
        except BaseException:
            dialog.reject()
            raise
    QTimer.singleShot(0, run)


def export_with(qtbot, w, folder, wanted):
    """File > Export, choose the entry whose text ``wanted(text)`` accepts, a folder, then the Export button."""
    def fill(dialog):
        texts = [dialog.format.itemText(i) for i in range(dialog.format.count())]
        matches = [i for i, t in enumerate(texts) if wanted(t)]
        assert len(matches) == 1, texts
        dialog.format.setCurrentIndex(matches[0])
        dialog.folder.setText(str(folder))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    in_modal_dialog(fill)
    with qtbot.waitSignal(w.exporter.finished, timeout=30_000) as blocker:
        w.actions["export"].trigger()
    return blocker.args[0]


# --- wrong results --------------------------------------------------------------------------------------------------


def test_transparent_png_leaves_the_chosen_background_out(qtbot, window, tmp_path):
    photos = make_folder(tmp_path / "in", 2)
    open_and_wait(qtbot, window, tmp_path / "in")
    qtbot.mouseClick(window.backgrounds.findChild(type(window.backgrounds.kind_buttons["color"]), "swatch-0"),
                     Qt.MouseButton.LeftButton)  # white swatch, then blue from the API (the same signal)
    window.backgrounds.set_colour(BLUE)
    assert window.background == Background("color", BLUE)
    results = export_with(qtbot, window, tmp_path / "clear", lambda t: t.startswith("PNG") and "transparent" in t)
    assert [r.error for r in results] == ["", ""]
    out = read_image(tmp_path / "clear" / "photo00.png")
    assert out.alpha is not None, "a transparent PNG must have an alpha channel"
    assert out.alpha[5, 5] == 0 and out.alpha[60, 80] == 255  # background left out, subject kept
    assert np.abs(out.rgb[60, 80].astype(int) - read_image(photos[0]).rgb[60, 80]).max() <= 2  # not blue-tinted
    # the composite is its own choice, named with its background
    export_with(qtbot, window, tmp_path / "comp", lambda t: t.startswith("PNG") and "#0000ff" in t)
    comp = read_image(tmp_path / "comp" / "photo00.png")
    assert comp.alpha is None and tuple(comp.rgb[5, 5]) == BLUE


def test_before_after_compares_the_photo_with_the_cut_out_on_a_checkerboard(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 1)
    open_and_wait(qtbot, window, tmp_path / "in")
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    window.backgrounds.set_kind("transparent")
    with qtbot.waitSignal(window.canvas.rendered, timeout=10_000):
        qtbot.mouseClick(window.view_bar.buttons[previews.SPLIT], Qt.MouseButton.LeftButton)
    window.canvas.set_split(0.3)
    canvas = window.canvas
    image = canvas.viewport().grab().toImage()
    photo = read_image(window.document.path).rgb

    def at(x, y):
        p = canvas.mapFromScene(QPointF(x, y))
        c = image.pixelColor(p.x(), p.y())
        return c.red(), c.green(), c.blue()

    left, right = at(10, 10), at(150, 10)  # both background of the disc photo, either side of the line
    assert np.abs(np.array(left) - photo[10, 10]).max() <= 3  # before: the photo
    assert right in ((204, 204, 204), (153, 153, 153)), right  # after: the cut-out, checkerboard behind
    assert np.abs(np.array(at(80, 60)) - photo[60, 80]).max() <= 3  # the subject is the subject on both sides


def test_redo_keys_work_and_no_shortcut_is_bound_twice(qtbot, window, tmp_path):
    from PySide6.QtGui import QKeySequence

    make_folder(tmp_path / "in", 1)
    open_and_wait(qtbot, window, tmp_path / "in")
    activate(qtbot, window)
    seen = {}
    for action in window.findChildren(type(window.actions["redo"])):
        for seq in action.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in seen, f"{key} is bound to {seen.get(key)} and {action.objectName()}"
            seen[key] = action.objectName()
    assert {"Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+Z"} <= seen.keys()
    window.choose_tool("foreground")
    stack = window.document.editor.stack
    for combo in ((Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
                  (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)):
        window.document.editor.stroke([(20, 20), (40, 30)])
        index = stack.index()
        qtbot.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert stack.index() == index - 1
        qtbot.keyClick(window.canvas, *combo)
        assert stack.index() == index, f"redo by {combo} did nothing"


@pytest.mark.slow
def test_trimap_backends_use_automatic_trimaps_say_so_and_process_all_fails_nothing(qtbot, monkeypatch, tmp_path):
    skdata = pytest.importorskip("skimage.data")
    from PIL import Image

    folder = tmp_path / "portraits"
    folder.mkdir()
    portrait = Image.fromarray(skdata.astronaut()).resize((192, 192))
    for i in range(2):
        portrait.rotate(0 if i == 0 else 3).save(folder / f"portrait{i}.png")
    w = open_window(qtbot, monkeypatch, backend="auto")
    open_and_wait(qtbot, w, folder)
    w.tools.set_backend("closed-form")
    assert "automatic trimap" in w.tools.backend_note.text()
    with qtbot.waitSignal(w.document.alphaChanged, timeout=60_000):
        w.tools.backend_combo.activated.emit(w.tools.backend_combo.findData("closed-form"))
    assert w.project.items[0].status == DONE
    assert "closed-form" in w.message.text().lower() and "automatic trimap" in w.message.text()
    with qtbot.waitSignal(w.batch.finished, timeout=120_000) as blocker:
        qtbot.mouseClick(w.toolbar.widgetForAction(w.actions["process_all"]), Qt.MouseButton.LeftButton)
    assert blocker.args[0].failed == 0
    assert [i.status for i in w.project.items] == [DONE, DONE]
    assert w.failures.count() == 0
    shut(w)


def test_a_backend_that_cannot_load_turns_no_badge_red(qtbot, window, tmp_path):
    from backends.zoo import catalog

    make_folder(tmp_path / "in", 3)
    open_and_wait(qtbot, window, tmp_path / "in")
    missing = catalog.entries()[0].id  # a zoo model that is not installed here
    window.project.backend_id = missing
    with qtbot.waitSignal(window.batch.finished, timeout=20_000):
        window.actions["process_all"].trigger()
    statuses = [i.status for i in window.project.items]
    assert FAILED not in statuses and statuses[0] == DONE  # the one computed before keeps its badge
    assert missing in window.message.text() and window.failures.count() == 1  # said once, as a problem


def test_a_broken_file_shows_its_error_in_place_of_the_previous_photo(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 1)
    (tmp_path / "in" / "zz_broken_text.jpg").write_text("this is not a photo")
    open_and_wait(qtbot, window, tmp_path / "in")
    assert window.canvas.has_image()
    with qtbot.waitSignal(window.document.pictureFailed, timeout=10_000):
        window.strip.select_row(1)
    assert not window.canvas.has_image()  # the previous photo is gone
    assert "zz_broken_text.jpg" in window.canvas.message and "not an image" in window.canvas.message
    for text in (window.message.text(), window.failures.item(0).text(), window.project.items[1].error):
        assert text.count("zz_broken_text.jpg") <= 1, text  # the file's name once, not twice
    assert window.message.text().count("zz_broken_text.jpg") == 1
    assert not window.actions["refine"].isEnabled()


def test_the_memory_estimate_above_2_gib_reaches_the_wizard(qtbot):
    from desktop.app.training.wizard import TrainingWizard

    wizard = TrainingWizard()
    qtbot.addWidget(wizard)
    assert wizard.model_page.select("modnet-mobilenetv2")
    page = wizard.settings_page
    page.batch.setValue(16)
    page.size.setValue(1024)
    with qtbot.waitSignal(page.memoryEstimated, timeout=120_000) as blocker:
        page.update_memory()
    assert blocker.args[0] > 2 ** 31
    assert "GiB" in page.memory_label.text()
    wizard.shutdown()


# --- status you can trust -------------------------------------------------------------------------------------------


def test_badges_skipped_past_end_waiting_or_done(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(SlowBackend, "seconds", 0.6)
    w = open_window(qtbot, monkeypatch, backend="test-slow")
    make_folder(tmp_path / "in", 4)
    with qtbot.waitSignal(w.model.thumbnailsLoaded, timeout=20_000):
        w.open_paths([tmp_path / "in"])
    for row in (1, 2, 3):  # the user flicks through faster than the cut-outs come
        with qtbot.waitSignal(w.document.statusChanged, timeout=10_000,
                              check_params_cb=lambda p, s, e, r=row: s == RUNNING and p == w.project.items[r].path):
            w.strip.select_row(row)
    w.strip.select_row(0)
    qtbot.waitUntil(lambda: not w.pool.busy, timeout=20_000)
    qtbot.wait(50)
    statuses = [i.status for i in w.project.items]
    assert set(statuses) <= ENDED, statuses
    assert statuses[0] == DONE
    shut(w)


def test_busy_signs_while_a_cut_out_computes(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(SlowBackend, "seconds", 0.8)
    w = open_window(qtbot, monkeypatch, backend="test-slow")
    w.show()
    qtbot.waitExposed(w)
    make_folder(tmp_path / "in", 1)
    with qtbot.waitSignal(w.document.busyChanged, timeout=10_000, check_params_cb=lambda _b, what: what == "cutout"):
        w.open_paths([tmp_path / "in"])
    assert w.canvas.busy.isVisible() and "Cutting out" in w.canvas.busy.label.text()
    assert w.busy_status.isVisible() and "Cutting out" in w.busy_status.label.text()
    with qtbot.waitSignal(w.document.alphaChanged, timeout=10_000):
        pass
    assert not w.canvas.busy.isVisible() and not w.busy_status.isVisible()
    shut(w)


def test_first_process_all_says_the_engine_is_prepared_once_then_an_eta(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(SlowBackend, "seconds", 0.3)
    w = open_window(qtbot, monkeypatch, backend="test-slow")
    make_folder(tmp_path / "in", 5)
    compiled = threading.Event()
    w.warm_up(task=lambda: compiled.wait(30), cold=True)  # what the first start after an install does
    with qtbot.waitSignal(w.model.thumbnailsLoaded, timeout=20_000):
        w.open_paths([tmp_path / "in"])
    assert w.process_all()
    assert "matting engine" in w.batch_bar.eta.text() and "once" in w.message.text()
    with qtbot.waitSignal(w.batch.progressed, timeout=20_000, check_params_cb=lambda d, t, e: d >= 1):
        pass
    assert w.batch.eta() == "" and "matting engine" in w.batch_bar.eta.text()  # no ETA while preparing
    compiled.set()
    qtbot.waitUntil(lambda: not w.engine.preparing, timeout=10_000)
    qtbot.waitUntil(lambda: w.batch_bar.eta.text().startswith("ETA") or not w.batch.running, timeout=20_000)
    assert "matting engine" not in w.message.text()
    with qtbot.waitSignal(w.batch.finished, timeout=30_000):
        pass
    shut(w)


def test_pause_shows_paused_and_drops_the_eta(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(SlowBackend, "seconds", 0.3)
    w = open_window(qtbot, monkeypatch, backend="test-slow")
    make_folder(tmp_path / "in", 8)
    with qtbot.waitSignal(w.model.thumbnailsLoaded, timeout=20_000):
        w.open_paths([tmp_path / "in"])
    w.actions["process_all"].trigger()
    qtbot.waitUntil(lambda: w.batch_bar.eta.text().startswith("ETA"), timeout=30_000)
    qtbot.mouseClick(w.batch_bar.pause_button, Qt.MouseButton.LeftButton)
    assert w.batch.paused
    assert w.batch_bar.eta.text() == "Paused" and "Paused" in w.batch_bar.bar.format()
    assert w.message.text().startswith("Paused") and "Processing" not in w.message.text()
    qtbot.wait(300)
    assert w.batch_bar.eta.text() == "Paused"  # an image finishing meanwhile brings no ETA back
    qtbot.mouseClick(w.batch_bar.pause_button, Qt.MouseButton.LeftButton)
    assert not w.batch.paused and w.message.text().startswith("Processing")
    with qtbot.waitSignal(w.batch.finished, timeout=30_000):
        pass
    shut(w)


def test_the_export_counter_keeps_up_with_the_files(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 6)
    open_and_wait(qtbot, window, tmp_path / "in")
    out = tmp_path / "out"
    lags = []

    def check(exported):
        on_disk = len([p for p in out.iterdir() if p.suffix == ".png" and not p.name.startswith(".")])
        lags.append(on_disk - window.exporter.bar.progress.value())

    window.exporter.progressed.connect(check)
    export_with(qtbot, window, out, lambda t: t.startswith("PNG") and "transparent" in t)
    assert window.exporter.bar.progress.value() == 6 or not window.exporter.bar.isVisible()
    assert lags and max(lags) <= 1, lags


def test_stale_messages_clear_and_legend_is_there(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 2)
    window.actions["refine"].trigger()  # nothing open yet: greyed, so nothing to complain about
    assert "Nothing to refine" not in window.message.text()
    open_and_wait(qtbot, window, tmp_path / "in")
    window.refine()
    with qtbot.waitSignal(window.document.refined, timeout=60_000):
        pass
    assert window.message.text() == "Refined."
    with qtbot.waitSignal(window.document.alphaChanged, timeout=10_000):
        window.step(1)
    assert window.message.text() != "Refined."  # about the image before: gone
    legend = [a.text() for a in window.legend_menu.actions()]
    assert len(legend) == 5 and all(s.capitalize() in " ".join(legend) for s in ("waiting", "running", "done",
                                                                               "edited", "failed"))
    assert "Failed" in window.strip.toolTip()


# --- remembered and sensible ----------------------------------------------------------------------------------------


def test_window_remembers_layout_background_brush_view_and_export_folder(qtbot, monkeypatch, tmp_path):
    make_folder(tmp_path / "in", 1)
    w = open_window(qtbot, monkeypatch)
    w.resize(900, 600)
    w.show()
    open_and_wait(qtbot, w, tmp_path / "in")
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.tools_dock)
    w.background_dock.close()
    w.backgrounds.set_colour(BLUE)
    w.actions["brush_bigger"].trigger()
    size = w.document.editor.size
    w.actions[f"mode_{previews.ALPHA}"].trigger()
    export_with(qtbot, w, tmp_path / "my-exports", lambda t: t.startswith("PNG") and "transparent" in t)
    w.close()
    shut(w)

    again = open_window(qtbot, monkeypatch)
    assert again.dockWidgetArea(again.tools_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert again.background_dock.isHidden()
    assert again.background == Background("color", BLUE) and again.backgrounds.kind_buttons["color"].isChecked()
    assert again.document.editor.size == size and again.tools.size_spin.value() == size
    assert again.canvas.mode == previews.ALPHA and again.actions[f"mode_{previews.ALPHA}"].isChecked()
    make_folder(tmp_path / "other", 1)
    open_and_wait(qtbot, again, tmp_path / "other")
    seen = []
    in_modal_dialog(lambda d: (seen.append((d.folder.text(), d.format.currentData())), d.reject()))
    again.actions["export"].trigger()
    assert seen == [(str(tmp_path / "my-exports"), "png")]
    shut(again)


def test_photo_actions_are_greyed_with_a_reason_until_a_folder_is_open(qtbot, window, tmp_path):
    for name in ("process_all", "export", "refine"):
        action = window.actions[name]
        assert not action.isEnabled() and "Open a folder" in action.toolTip(), name
    assert not window.tools.refine_button.isEnabled() and "Open a folder" in window.tools.refine_button.toolTip()
    make_folder(tmp_path / "in", 1)
    open_and_wait(qtbot, window, tmp_path / "in")
    assert all(window.actions[n].isEnabled() for n in ("process_all", "export", "refine"))
    assert window.tools.refine_button.isEnabled()


def test_view_menu_modes_and_closed_panels_come_back(qtbot, window, tmp_path):
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    texts = [a.text() for a in view.actions()]
    assert {"Original", "Alpha", "Cut-out", "Composite", "Before/after"} <= set(texts)
    window.show()
    window.tools_dock.close()
    assert window.tools_dock.isHidden()
    panel = next(a for a in window.panels_menu.actions() if a.text() == "Tools")
    panel.trigger()
    assert not window.tools_dock.isHidden()
    window.actions[f"mode_{previews.CUTOUT}"].trigger()
    assert window.canvas.mode == previews.CUTOUT and window.view_bar.buttons[previews.CUTOUT].isChecked()


def test_help_menu_about_shortcuts_and_data_folders(qtbot, window):
    from backends import paths
    from desktop import __version__

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.objectName() for a in help_menu.actions() if a.objectName()] == ["shortcuts", "data_folders", "about"]
    seen = {}

    def read(dialog):
        seen[dialog.objectName()] = dialog
        dialog.accept()

    for name in ("about", "shortcuts", "data_folders"):
        in_modal_dialog(read)
        window.actions[name].trigger()
    about = seen["about-dialog"]
    rows = {about.credits.item(r, 0).text(): about.credits.item(r, 2).text() for r in range(about.credits.rowCount())}
    assert any("MediaPipe selfie" in k and v == "Apache-2.0" for k, v in rows.items())
    assert rows["Qt for Python (PySide6)"] == "LGPL-3.0"
    from PySide6.QtWidgets import QLabel

    assert any(f"Matting Studio {__version__}" in label.text() for label in about.findChildren(QLabel))
    keys = seen["shortcuts-dialog"].keys
    shortcuts = {keys.item(r, 0).text(): keys.item(r, 1).text() for r in range(keys.rowCount())}
    assert "Ctrl+Y" in shortcuts["Redo"] and "Ctrl+Shift+Z" in shortcuts["Redo"]
    assert str(paths.models_dir()) in [str(p) for p in seen["data-folders-dialog"].paths]


def test_light_theme_recolours_the_icons_live(qtbot, window, monkeypatch):
    from desktop.app import theme
    from desktop.app.preferences_dialog import PreferencesDialog

    def darkness(action):
        image = action.icon().pixmap(24, 24).toImage()
        lum = [image.pixelColor(x, y).lightness() for x in range(24) for y in range(24)
               if image.pixelColor(x, y).alpha() > 200]
        return sum(lum) / max(1, len(lum))

    app = QApplication.instance()
    theme.apply(app, "dark")
    before = darkness(window.actions["open_folder"]), darkness(window.actions["undo"])
    button = window.backgrounds.kind_buttons["color"].icon().pixmap(24, 24).toImage()

    def choose_light(dialog):
        dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", choose_light)
    try:
        window.show_preferences()
        after = darkness(window.actions["open_folder"]), darkness(window.actions["undo"])
        assert all(b > 180 for b in before) and all(a < 90 for a in after), (before, after)
        assert window.backgrounds.kind_buttons["color"].icon().pixmap(24, 24).toImage() != button
    finally:
        theme.apply(app, "dark")


def test_brush_steps_blur_value_and_a_movable_background_image(qtbot, window, tmp_path):
    from PIL import Image

    make_folder(tmp_path / "in", 1)
    open_and_wait(qtbot, window, tmp_path / "in")
    activate(qtbot, window)
    editor = window.document.editor
    editor.set_size(40)
    qtbot.keyClick(window.canvas, Qt.Key.Key_BracketRight)
    assert editor.size == 44  # 10 %
    qtbot.keyClick(window.canvas, Qt.Key.Key_BracketLeft)
    assert editor.size == 40
    window.actions["brush_much_bigger"].trigger()
    assert editor.size == 60  # Shift: 50 %
    panel = window.backgrounds
    panel.blur_slider.setValue(63)
    assert panel.blur_value.text() == "63" and window.background == Background("blur", strength=63.0)
    left_black = np.zeros((100, 400, 3), np.uint8)
    left_black[:, 200:] = 255
    Image.fromarray(left_black).save(tmp_path / "studio.png")
    panel.set_image(tmp_path / "studio.png")
    assert panel.image_name.text() == "studio.png" and "studio.png" in panel.kind_label.text()
    with qtbot.waitSignal(window.canvas.rendered, timeout=10_000):
        panel.x_slider.setValue(-100)  # show the left (black) end of the wide image
    assert window.background.offset == (-1.0, 0.0)
    image = window.canvas.viewport().grab().toImage()
    corner = window.canvas.mapFromScene(QPointF(150, 5))
    c = image.pixelColor(corner.x(), corner.y())
    assert (c.red(), c.green(), c.blue()) == (0, 0, 0)  # the preview moved it
    export_with(qtbot, window, tmp_path / "out", lambda t: t.startswith("PNG") and "studio.png" in t)
    assert tuple(read_image(tmp_path / "out" / "photo00.png").rgb[5, 150]) == (0, 0, 0)  # and so did the export


def test_ctrl_drag_moves_the_background_image_with_the_pointer(qtbot, window, tmp_path):
    from PIL import Image

    make_folder(tmp_path / "in", 1)  # 160 x 120 photos
    open_and_wait(qtbot, window, tmp_path / "in")
    activate(qtbot, window)
    left_black = np.zeros((100, 400, 3), np.uint8)
    left_black[:, 200:] = 255  # covers the photo at 480 x 120: 320 pixels of slack, none upwards
    Image.fromarray(left_black).save(tmp_path / "studio.png")
    with qtbot.waitSignal(window.canvas.rendered, timeout=10_000):
        window.backgrounds.set_image(tmp_path / "studio.png")
    canvas = window.canvas
    canvas.fit()

    def colour_at(x, y):
        image = canvas.viewport().grab().toImage()
        p = canvas.mapFromScene(QPointF(x, y))
        c = image.pixelColor(p.x(), p.y())
        return c.red(), c.green(), c.blue()

    assert colour_at(150, 5) == (255, 255, 255)  # centred: the white half behind the top right corner
    vp = canvas.viewport()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, ctrl, canvas.mapFromScene(QPointF(20, 60)))
    qtbot.mouseMove(vp, canvas.mapFromScene(QPointF(60, 80)))
    with qtbot.waitSignal(canvas.rendered, timeout=10_000):
        qtbot.mouseMove(vp, canvas.mapFromScene(QPointF(100, 100)))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, ctrl, canvas.mapFromScene(QPointF(100, 100)))
    # 80 pixels to the right of 320 of slack: the offset went from 0 to -0.5; nothing moved up or down
    assert window.background.offset == pytest.approx((-0.5, 0.0), abs=0.02)
    assert window.backgrounds.x_slider.value() == pytest.approx(-50, abs=2)
    assert window.document.editor.stack.count() == 0  # no brush stroke was painted
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, ctrl, canvas.mapFromScene(QPointF(0, 60)))
    with qtbot.waitSignal(canvas.rendered, timeout=10_000):
        qtbot.mouseMove(vp, canvas.mapFromScene(QPointF(150, 60)))  # past the image's left edge
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, ctrl, canvas.mapFromScene(QPointF(150, 60)))
    assert window.background.offset == (-1.0, 0.0)  # the edge stops it
    assert colour_at(150, 5) == (0, 0, 0)  # the black half now, as the slider at -100 shows it


def test_model_manager_lists_built_in_auto_beside_the_zoo(qtbot, window, monkeypatch):
    from desktop.app.models_dialog import ModelsDialog

    seen = []
    monkeypatch.setattr(ModelsDialog, "exec", lambda d: seen.append(d) or 0)
    window.actions["models"].trigger()
    dialog = seen[0]
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert rows["Auto (built-in)"] == "built in, ready"
    assert dialog.select("auto") and not dialog.download_button.isEnabled() and not dialog.remove_button.isEnabled()


def test_remembered_settings_stay_in_the_test_settings_file(private_settings):
    settings.remember("brush_size", 12)
    assert settings.recall("brush_size", 0) == 12 and "brush_size" in private_settings.read_text()


@pytest.mark.slow
def test_training_wizard_fine_tunes_installed_weights_sized_for_the_machine(qtbot, reference_dir, tmp_path):
    from backends.zoo import store
    from desktop.app.training import tasks
    from desktop.app.training.wizard import PAGE_SETTINGS, TrainingWizard
    from training import synthetic

    store.import_path(reference_dir / "official-format" / "modnet-mobilenetv2.pdparams")
    data = synthetic.make_dataset(tmp_path / "ds", train=4, val=2, size=(72, 96))
    wizard = TrainingWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.dataset_page
    page.set_dataset(data)
    with qtbot.waitSignal(page.checked, timeout=60_000):
        page.start_check()
    wizard.next()
    model = wizard.model_page
    assert model.model_id() == "modnet-mobilenetv2" and model.start_weights() == "official"  # fine-tuning
    settings_page = wizard.settings_page
    with qtbot.waitSignal(settings_page.deviceFound, timeout=120_000) as found:
        wizard.next()
        assert wizard.currentId() == PAGE_SETTINGS
    qtbot.waitUntil(lambda: settings_page.defaults_worker is None, timeout=120_000)
    if found.args[0]["kind"] == "cpu":
        assert settings_page.iters.value() <= tasks.CPU_FINETUNE_ITERS and settings_page.batch.value() <= 2
    text = settings_page.time_label.text()
    assert text.startswith("Training takes roughly") and ("min" in text or " h " in text), text
    wizard.shutdown()
