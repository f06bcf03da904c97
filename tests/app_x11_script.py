"""Drives the real app on a real X display with real input (``tests/test_app_x11.py`` runs it under Xvfb).

    python tests/app_x11_script.py OUT_DIR

Key presses go through the X server (``xdotool key``, XTEST), so the platform's own key bindings and keyboard map
apply, as for a user (offscreen they differ: Ctrl+Shift+Z was only ambiguous on X11). Screenshots are the X
server's pixels (``QScreen.grabWindow``). Checks: undo / redo / brush-size keys, the before/after view with a
transparent background, a broken file in place of the photo, the busy badge, the icons in the light theme.
Prints one JSON line with what it measured.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]


def main(out: Path) -> int:
    import app_support

    out.mkdir(parents=True, exist_ok=True)
    app_support.register(app_support.DirectPatch(), app_support.DiscBackend, app_support.SlowBackend)
    photos = app_support.make_folder(out / "photos", 2, size=(300, 400))
    (out / "photos" / "zz_broken_text.jpg").write_text("this is not a photo")
    from PySide6.QtCore import QEventLoop, QPointF, QTimer
    from PySide6.QtTest import QTest

    from desktop.app import previews, settings, theme
    from desktop.app.main import build_window, create_application

    settings.Preferences(backend="test-disc").save()
    app = create_application()
    window = build_window(None, app)
    window.resize(1200, 760)
    QTest.qWaitForWindowExposed(window, 10_000)
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 10_000)
    result = {"platform": app.platformName(), "active": window.isActiveWindow()}

    def wait(signal, ms=20_000):
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def settle(ms=150):
        """Let X draw what Qt flushed (a real display is asynchronous). An event loop, not ``QTest.qWait``, which
        holds the GIL while it sleeps and starves the workers."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def keys(*names):
        """Real key presses through the X server, one after another."""
        for name in names:
            proc = subprocess.Popen(["xdotool", "key", "--clearmodifiers", name])
            while proc.poll() is None:
                app.processEvents()
                time.sleep(0.01)
            settle(80)

    def shot(name):
        settle()
        image = window.screen().grabWindow(window.winId()).toImage()
        image.save(str(out / f"{name}.png"))
        return image

    def rgb(image, x, y):
        c = image.pixelColor(int(x), int(y))
        return [c.red(), c.green(), c.blue()]

    def canvas_point(x, y):
        p = window.canvas.mapTo(window, window.canvas.mapFromScene(QPointF(x, y)))
        return p.x(), p.y()

    window.open_paths([photos[0].parent])
    if window.document.alpha is None:
        wait(window.document.alphaChanged)
    window.canvas.fit()

    # --- keys: undo, redo (Ctrl+Y and Ctrl+Shift+Z), brush size
    stack = window.document.editor.stack
    window.choose_tool("foreground")
    redo = {}
    for combo in ("ctrl+y", "ctrl+shift+z"):
        window.document.editor.stroke([(50, 50), (90, 70)])
        index = stack.index()
        keys("ctrl+z")
        undone = stack.index()
        keys(combo)
        redo[combo] = [index, undone, stack.index()]
    result["redo"] = redo
    editor = window.document.editor
    editor.set_size(40)
    sizes = [editor.size]
    for name in ("bracketright", "bracketleft", "shift+bracketright", "shift+bracketleft"):
        keys(name)
        sizes.append(editor.size)
    result["brush_sizes"] = sizes
    window.choose_tool("")

    # --- before/after with a transparent background: photo left, cut-out on a checkerboard right
    window.backgrounds.set_kind("transparent")
    window.set_mode(previews.SPLIT)
    window.canvas.set_split(0.5)
    wait(window.canvas.rendered)
    img = shot("split-transparent")
    result["split"] = {"left": rgb(img, *canvas_point(10, 10)), "right": rgb(img, *canvas_point(390, 10)),
                       "photo": [int(v) for v in window.document.picture.rgb[10, 10]]}
    window.set_mode(previews.COMPOSITE)

    # --- a broken file: its error in place of the photo
    window.strip.select_row(2)
    wait(window.document.pictureFailed, 10_000)
    img = shot("broken-file")
    canvas = window.canvas
    top_left = canvas.mapTo(window, canvas.rect().topLeft())
    colours = [rgb(img, top_left.x() + x, top_left.y() + y) for x in range(0, canvas.width(), 4)
               for y in range(0, canvas.height(), 4)]
    result["broken"] = {"reddish": sum(1 for r, g, b in colours if r > 180 and g < 150 and b < 150),
                        "photo_like": sum(1 for r, g, b in colours if r < 90 and g > 100 and b > 100),  # teal
                        "message": canvas.message}

    # --- the busy badge while a (slow) cut-out computes
    app_support.SlowBackend.seconds = 4.0
    window.choose_backend("test-slow")
    window.strip.select_row(1)
    deadline = time.monotonic() + 10
    while not window.canvas.busy.isVisible() and time.monotonic() < deadline:
        settle(50)
    img = shot("busy")
    badge = window.canvas.busy
    plate = badge.mapTo(window, badge.rect().topLeft())
    plate_y = plate.y() + badge.height() // 2
    spinner = badge.mapTo(window, badge.spinner.geometry().center())
    result["busy"] = {"visible": badge.isVisible(), "text": badge.label.text(),
                      "status": window.busy_status.label.text() if window.busy_status.isVisible() else "",
                      "plate": rgb(img, plate.x() + 6, plate_y),
                      "beside": rgb(img, plate.x() - 6, plate_y),
                      "spinner": [rgb(img, spinner.x() + dx, spinner.y() + dy) for dx in range(-8, 9, 2)
                                  for dy in range(-8, 9, 2)]}
    wait(window.document.alphaChanged, 20_000)
    settle()
    result["busy"]["after"] = window.canvas.busy.isVisible()

    # --- icons in the light theme, switched live
    def icon_lightness(image, action):
        """(the tool button's background lightness, the lightness of its icon's pixel that differs most)."""
        button = window.toolbar.widgetForAction(window.actions[action])
        origin = button.mapTo(window, button.rect().topLeft())
        back = image.pixelColor(origin.x() + 1, origin.y() + button.height() // 2).lightness()
        values = [image.pixelColor(origin.x() + x, origin.y() + y).lightness() for x in range(4, 26)
                  for y in range(4, button.height() - 4)]
        return back, max(values, key=lambda v: abs(v - back))

    img = shot("theme-dark")
    result["icons_dark"] = icon_lightness(img, "open_folder")
    theme.apply(app, "light")
    img = shot("theme-light")
    result["icons_light"] = icon_lightness(img, "open_folder")
    result["window_light"] = rgb(img, window.width() - 5, window.height() // 2)
    theme.apply(app, "dark")

    print(json.dumps(result))
    window.close()
    window.pool.cancel_all()
    window.pool.wait(10_000)
    return 0


if __name__ == "__main__":  # run_under_xvfb sets QT_QPA_PLATFORM=xcb
    sys.exit(main(Path(sys.argv[1])))
