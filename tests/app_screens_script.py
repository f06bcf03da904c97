"""Drives the real app on a real X display (``tests/test_app_screens.py`` runs it under Xvfb) and takes screenshots.

    python tests/app_screens_script.py OUT_DIR

Builds the window the way ``matting-studio app`` does (theme, translations, preferences), opens a folder of
generated photos with the ``test-disc`` backend, and saves the screen's pixels (``QScreen.grabWindow``, so what X
shows, not what Qt meant to draw) of: the composite on a colour, the alpha view, the brush overlay, the
before/after split, and the export, preferences and model dialogs. Prints one JSON line with chosen pixels.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]


def main(out: Path) -> int:
    import app_support

    out.mkdir(parents=True, exist_ok=True)
    app_support.register(app_support.DirectPatch(), app_support.DiscBackend)
    photos = app_support.make_folder(out / "photos", 2, size=(300, 400))
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from desktop.app import previews, settings
    from desktop.app.main import build_window, create_application

    settings.Preferences(backend="test-disc", language=os.environ.get("APP_LANGUAGE", "en")).save()
    app = create_application()
    window = build_window(None, app)
    window.resize(1200, 760)
    QTest.qWaitForWindowExposed(window, 10_000)

    probe = app_support.ScreenProbe(window, out)
    wait, rgb, canvas_point = probe.wait, probe.rgb, probe.canvas_point

    def shot(widget, name):
        return probe.shot(name, widget)

    result = {"platform": app.platformName()}
    window.open_paths([photos[0].parent])
    if window.document.alpha is None:
        wait(window.document.alphaChanged)
    window.canvas.fit()
    window.backgrounds.set_colour((0, 0, 255))
    wait(window.canvas.rendered)
    img = shot(window, "main-composite")
    result["composite"] = {"bg": rgb(img, *canvas_point(10, 10)), "subject": rgb(img, *canvas_point(200, 150)),
                           "window": rgb(img, window.width() - 5, window.height() // 2),
                           "size": [img.width(), img.height()]}
    edge = window.canvas.mapTo(window, window.canvas.rect().bottomRight()) - QPoint(3, 3)
    result["composite"]["canvas"] = rgb(img, edge.x(), edge.y())

    window.set_mode(previews.ALPHA)
    wait(window.canvas.rendered)
    img = shot(window, "main-alpha")
    result["alpha"] = {"bg": rgb(img, *canvas_point(10, 10)), "subject": rgb(img, *canvas_point(200, 150))}

    window.set_mode(previews.COMPOSITE)
    wait(window.canvas.rendered)
    window.choose_tool("foreground")
    img = shot(window, "main-brush")
    result["brush"] = {"bg": rgb(img, *canvas_point(10, 10)), "subject": rgb(img, *canvas_point(200, 150))}
    window.choose_tool("")

    window.set_mode(previews.SPLIT)
    window.canvas.set_split(0.5)
    wait(window.canvas.rendered)
    img = shot(window, "main-split")
    result["split"] = {"left": rgb(img, *canvas_point(10, 10)), "right": rgb(img, *canvas_point(390, 10))}

    from desktop.app.export_dialog import ExportDialog
    from desktop.app.models_dialog import ModelsDialog
    from desktop.app.preferences_dialog import PreferencesDialog

    for name, dialog in (("export", ExportDialog(window.background, str(out / "exports"), "png", 2, photos[0],
                                                 window)),
                         ("preferences", PreferencesDialog(window.prefs, window)),
                         ("models", ModelsDialog(window.pool, parent=window))):
        dialog.show()
        QTest.qWaitForWindowExposed(dialog, 10_000)
        img = shot(dialog, f"dialog-{name}")
        colours = {tuple(rgb(img, x, y)) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
        result[name] = {"size": [img.width(), img.height()], "colours": len(colours),
                        "corner": rgb(img, 3, img.height() - 3)}
        dialog.close()
    result["title"] = window.menuBar().actions()[0].text()
    print(json.dumps(result))
    window.close()
    window.pool.wait(10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
