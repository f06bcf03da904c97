"""Drives the real app on a real X display with real input (``tests/test_app_x11.py`` runs it under Xvfb).

    python tests/app_x11_script.py OUT_DIR

Key presses go through the X server (``xdotool key``, XTEST), so the platform's own key bindings and keyboard map
apply, as for a user (offscreen they differ: Ctrl+Shift+Z was only ambiguous on X11). Screenshots are the X
server's pixels (``QScreen.grabWindow``). Checks: undo / redo / brush-size keys, the before/after view with a
transparent background, a broken file in place of the photo, the busy badge, the icons in the light theme, and the
one-click fixes: the subject tool's highlight and click, an edge control typed in, and a background image moved by
a Ctrl+drag.
Prints one JSON line with what it measured.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]


def main(out: Path) -> int:
    import app_support

    out.mkdir(parents=True, exist_ok=True)
    app_support.register(app_support.DirectPatch(), app_support.DiscBackend, app_support.SlowBackend)
    photos = app_support.make_folder(out / "photos", 2, size=(300, 400))
    (out / "photos" / "zz_broken_text.jpg").write_text("this is not a photo")
    from PySide6.QtCore import QPointF
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

    probe = app_support.ScreenProbe(window, out)
    wait, settle, shot, rgb, canvas_point = probe.wait, probe.settle, probe.shot, probe.rgb, probe.canvas_point

    def keys(*names):
        """Real key presses through the X server, one after another."""
        for name in names:
            proc = subprocess.Popen(["xdotool", "key", "--clearmodifiers", name])
            while proc.poll() is None:
                app.processEvents()
                time.sleep(0.01)
            settle(80)

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
    bar = window.toolbar.geometry()  # the empty end of the tool bar (the right edge may hold a panel's scroll bar)
    result["window_light"] = rgb(img, bar.right() - 5, bar.center().y())
    theme.apply(app, "dark")

    # --- one-click fixes with real input: the subject tool's highlight and click, then an edge control typed in
    window.open_paths([app_support.make_two_discs(out / "fixes").parent])
    if window.document.alpha is None:
        wait(window.document.alphaChanged)
    window.backgrounds.set_kind("transparent")
    window.set_mode(previews.COMPOSITE)
    window.canvas.fit()
    settle(300)
    window.activateWindow()
    keys("s")
    small, big = (190, 40), (70, 80)  # centres of the two discs (image pixels)
    fixes = {"tool": window.fixer.tool}

    def move_to(x, y):
        p = window.canvas.viewport().mapToGlobal(window.canvas.mapFromScene(QPointF(x, y)))
        proc = subprocess.Popen(["xdotool", "mousemove", str(p.x()), str(p.y())])
        while proc.poll() is None:
            app.processEvents()
            time.sleep(0.01)

    img = shot("fixes-before")
    fixes["before"] = rgb(img, *canvas_point(*small))
    move_to(small[0] - 3, small[1])
    move_to(*small)  # (a real move, so the canvas sees the pointer)
    wait(window.fixer.hintShown, 10_000)
    img = shot("fixes-hint")
    fixes["hint"] = rgb(img, *canvas_point(*small))
    fixes["hint_big"] = rgb(img, *canvas_point(*big))
    proc = subprocess.Popen(["xdotool", "click", "1"])
    wait(window.fixer.applied, 20_000)
    proc.wait()
    settle(300)
    wait(window.canvas.rendered, 2_000) if window.canvas._pending else None
    img = shot("fixes-removed")
    fixes["removed"] = rgb(img, *canvas_point(*small))
    fixes["big"] = rgb(img, *canvas_point(*big))
    fixes["photo_big"] = [int(v) for v in window.document.picture.rgb[big[1], big[0]]]
    fixes["undo_steps"] = window.document.editor.stack.count()
    # Shift edge: -6 typed into its box (choke 6 px): 3 px inside the big disc's edge becomes transparent
    spin = window.edge_panel.spins["shift"]
    centre = spin.mapToGlobal(spin.rect().center())
    for args in (["mousemove", str(centre.x()), str(centre.y())], ["click", "--repeat", "3", "1"]):
        subprocess.run(["xdotool", *args], check=True)
    settle(200)
    keys("ctrl+a", "minus", "6", "Return")
    if window.canvas._pending:
        wait(window.canvas.rendered, 10_000)
    img = shot("fixes-choked")
    fixes["shift"] = spin.value()
    fixes["inside_edge"] = rgb(img, *canvas_point(big[0] - 37, big[1]))
    fixes["big_after_choke"] = rgb(img, *canvas_point(*big))
    result["fixes"] = fixes

    # a background image moved by a real Ctrl+drag: 2.5 photo widths wide and as high as the photo (black left half,
    # white right half), it covers the photo with 1.5 widths of slack; dragging half a width right moves its
    # offset from 0 to -2/3, and what lies behind the photo's top right goes from white to black
    from PIL import Image

    h, w = window.document.picture.rgb.shape[:2]
    wide = np.zeros((h, 5 * w // 2, 3), np.uint8)
    wide[:, 5 * w // 4:] = 255
    Image.fromarray(wide).save(out / "wide.png")
    window.backgrounds.set_image(out / "wide.png")
    wait(window.canvas.rendered, 10_000)
    window.canvas.fit()
    settle(300)
    probe_at = (0.8 * w, 5)
    drag = {"before": rgb(shot("drag-before"), *canvas_point(*probe_at))}
    start = window.canvas.viewport().mapToGlobal(window.canvas.mapFromScene(QPointF(0.15 * w, 0.9 * h)))
    end = window.canvas.viewport().mapToGlobal(window.canvas.mapFromScene(QPointF(0.65 * w, 0.9 * h)))
    steps = [["mousemove", str(start.x()), str(start.y())], ["keydown", "ctrl"], ["mousedown", "1"]]
    steps += [["mousemove", str(start.x() + (end.x() - start.x()) * i // 4), str(end.y())] for i in range(1, 5)]
    steps += [["mouseup", "1"], ["keyup", "ctrl"]]
    for args in steps:
        proc = subprocess.Popen(["xdotool", *args])
        while proc.poll() is None:
            app.processEvents()
            time.sleep(0.01)
        settle(60)
    if window.canvas._pending:
        wait(window.canvas.rendered, 10_000)
    settle(300)
    drag["after"] = rgb(shot("drag-after"), *canvas_point(*probe_at))
    drag["offset"] = list(window.background.offset)
    drag["strokes"] = window.document.editor.stack.count()
    result["drag"] = drag

    print(json.dumps(result))
    window.close()
    window.pool.cancel_all()
    window.pool.wait(10_000)
    return 0


if __name__ == "__main__":  # run_under_xvfb sets QT_QPA_PLATFORM=xcb
    sys.exit(main(Path(sys.argv[1])))
