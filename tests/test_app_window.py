"""The main window offscreen: opening a folder, live preview and its cache, per-image backends, crashes in workers,
"Process all" with failures, keyboard shortcuts, closing during a batch, and the settings it keeps."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from app_support import make_folder, open_window, shut  # noqa: E402
from desktop.app import settings  # noqa: E402
from desktop.app.brush import FG  # noqa: E402
from desktop.app.items import DONE, FAILED  # noqa: E402


def open_and_wait(qtbot, w, paths):
    with qtbot.waitSignal(w.document.alphaChanged, timeout=10_000):
        w.open_paths(paths)
    qtbot.waitUntil(lambda: w.model.images.keys() == {i.path for i in w.project.items}, timeout=10_000)


def test_open_folder_shows_and_cuts_out_the_first_image(qtbot, window, tmp_path):
    photos = make_folder(tmp_path / "in", 3)
    open_and_wait(qtbot, window, [tmp_path / "in"])
    assert len(window.project) == 3 and window.document.path == photos[0]
    assert window.project.items[0].status == DONE
    assert window.document.alpha.shape == (120, 160)
    assert window.canvas.has_image()
    assert settings.recent_folders()[0] == str((tmp_path / "in").resolve())


def test_going_back_is_instant(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 2)
    open_and_wait(qtbot, window, [tmp_path / "in"])
    with qtbot.waitSignal(window.document.alphaChanged, timeout=10_000):
        window.step(1)
    window.step(-1)  # from memory: picture and alpha are there before any event is processed
    assert window.document.path == window.project.items[0].path and window.document.alpha is not None


def test_a_crash_in_a_worker_marks_that_image_and_the_app_goes_on(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 1, crash=1)  # crash01.png sorts first
    window.choose_backend("test-crash")
    with qtbot.waitSignal(window.document.statusChanged, timeout=10_000,
                          check_params_cb=lambda p, s, e: s == FAILED):
        window.open_paths([tmp_path / "in"])
    crashed = window.project.items[0]
    assert crashed.name.startswith("crash") and crashed.status == FAILED and "crashed" in crashed.error
    assert "crashed" in window.message.text()
    assert window.failures.count() == 1 and not window.failures_dock.isHidden()
    assert window.canvas.has_image()  # the photo itself is still shown
    with qtbot.waitSignal(window.document.alphaChanged, timeout=10_000):
        window.step(1)  # the next one still works
    assert window.project.items[1].status == DONE


def test_process_all_with_a_failure_and_per_image_backend(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 3, crash=1)
    open_and_wait(qtbot, window, [tmp_path / "in"])
    window.strip.select_row(0)  # crash03.png sorts first
    window.choose_backend("test-crash", only_this=True)  # only the crash photo uses the crashing backend
    with qtbot.waitSignal(window.batch.finished, timeout=20_000) as blocker:
        assert window.process_all()
        assert window.batch_bar.isVisible() or window.batch.running
    summary = blocker.args[0]
    assert (summary.done, summary.failed) == (3, 1)
    statuses = [i.status for i in window.project.items]
    assert statuses == [FAILED, DONE, DONE, DONE]
    assert window.failures.count() == 1 and "crashed" in window.failures.item(0).text()
    assert window.project.backend_id == "test-disc"


def test_shortcuts_change_brush_and_size(qtbot, window, tmp_path):
    make_folder(tmp_path / "in", 1)
    open_and_wait(qtbot, window, [tmp_path / "in"])
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    size = window.document.editor.size
    window.actions["brush_bigger"].trigger()
    assert window.document.editor.size > size
    window.actions["brush_smaller"].trigger()
    window.actions["brush_smaller"].trigger()
    assert window.document.editor.size < size
    assert window.tools.size_spin.value() == window.document.editor.size
    window.actions["tool_fg"].trigger()
    assert window.document.editor.tool == FG and window.canvas.brush_active
    assert window.canvas.overlay.array is not None  # the automatic trimap is shown
    assert window.actions["brush_bigger"].shortcut().toString() == "]"
    window.actions["tool_none"].trigger()
    assert not window.canvas.brush_active and window.canvas.overlay.array is None


def test_closing_during_a_batch_asks_then_cancels_cleanly(qtbot, monkeypatch, tmp_path):
    w = open_window(qtbot, monkeypatch, backend="test-slow")
    make_folder(tmp_path / "in", 6)
    w.project.backend_id = "test-slow"
    w.open_paths([tmp_path / "in"])
    questions = []
    monkeypatch.setattr(w, "ask", lambda title, text: questions.append(text) or False)
    w.show()
    with qtbot.waitSignal(w.batch.statusChanged, timeout=10_000):
        w.process_all()
    w.close()
    assert questions and w.isVisible() and w.batch.running  # "no": it goes on
    monkeypatch.setattr(w, "ask", lambda title, text: questions.append(text) or True)
    with qtbot.waitSignal(w.batch.finished, timeout=20_000):
        w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10_000)
    assert len(questions) == 2
    assert w.pool.pool.activeThreadCount() == 0
    assert sum(i.status == DONE for i in w.project.items) < 6


def test_preferences_round_trip_in_the_test_settings_file(private_settings):
    assert settings.settings_file() == private_settings
    prefs = settings.Preferences(device="cpu", threads=3, workers=2, output_format="jpeg", language="zh_CN")
    prefs.save()
    assert private_settings.exists()
    loaded = settings.Preferences.load()
    assert (loaded.device, loaded.threads, loaded.workers, loaded.output_format, loaded.language) == \
        ("cpu", 3, 2, "jpeg", "zh_CN")
    for i in range(12):
        settings.add_recent_folder(f"/photos/{i}")
    assert settings.recent_folders()[0] == "/photos/11" and len(settings.recent_folders()) == settings.MAX_RECENT


def test_window_geometry_is_saved_on_close(qtbot, monkeypatch):
    w = open_window(qtbot, monkeypatch)
    w.resize(700, 500)  # inside the offscreen screen (restoreGeometry keeps windows on screen)
    w.show()
    w.close()
    assert settings.store().value("window/geometry") is not None
    w2 = open_window(qtbot, monkeypatch)
    assert w2.height() == 500 and w2.width() < 1280  # not the default size
    shut(w2)


def test_drop_a_folder_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    make_folder(tmp_path / "in", 2)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "in"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.document.alphaChanged, timeout=10_000):
        window.dropEvent(event)
    assert len(window.project) == 2


def test_preferences_change_how_backends_run_without_a_restart(qtbot, window, tmp_path, monkeypatch):
    from backends import registry
    from backends.contract import BackendOptions
    from desktop.app.preferences_dialog import PreferencesDialog

    make_folder(tmp_path / "in", 2)
    with qtbot.waitSignal(window.document.alphaChanged, timeout=10_000):
        window.open_paths([tmp_path / "in"])
    assert window.document.options == BackendOptions()

    def accept(dialog):
        dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
        dialog.threads.setValue(1)
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", accept)
    window.show_preferences()
    wanted = BackendOptions("cpu", 1)
    assert window.backend_options == wanted and window.document.options == wanted
    assert all(options == wanted for _id, options in registry._instances)  # the old instances were dropped
    with qtbot.waitSignal(window.document.alphaChanged, timeout=10_000):
        window.step(1)
    assert ("test-disc", wanted) in registry._instances and ("test-disc", BackendOptions()) not in registry._instances
