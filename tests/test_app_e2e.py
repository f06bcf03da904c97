"""One scripted session, end to end: open a folder, process all, paint a trimap stroke with the mouse and refine,
switch the background to a colour, export, and check the files written."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, Qt  # noqa: E402

from app_support import make_folder, open_window, shut  # noqa: E402
from backends.imaging.reader import read_image  # noqa: E402
from desktop.app import matte_store, previews  # noqa: E402
from desktop.app.brush import BG  # noqa: E402
from desktop.app.export_dialog import ExportDialog  # noqa: E402
from desktop.app.items import DONE, EDITED  # noqa: E402

BLUE = (0, 0, 255)


def drag(qtbot, canvas, points):
    """Press, move through and release the left button at scene points (a real brush drag)."""
    vp = canvas.viewport()
    pos = [canvas.mapFromScene(QPointF(*p)) for p in points]
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pos[0])
    for p in pos[1:]:
        qtbot.mouseMove(vp, p)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pos[-1])


def test_scripted_session(qtbot, monkeypatch, tmp_path):
    w = open_window(qtbot, monkeypatch)
    photos = make_folder(tmp_path / "shoot", 3)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)

    # open the folder: the first photo is shown and cut out
    with qtbot.waitSignal(w.document.alphaChanged, timeout=10_000):
        assert w.open_paths([tmp_path / "shoot"]) == 3

    # process all
    with qtbot.waitSignal(w.batch.finished, timeout=30_000) as blocker:
        w.process_all()
    assert blocker.args[0].done == 3
    assert [i.status for i in w.project.items] == [DONE] * 3

    # paint background over the right part of the disc (a real mouse drag), then refine
    w.canvas.fit()
    w.choose_tool(BG)
    w.document.editor.set_size(14)
    assert w.canvas.overlay.array is not None
    drag(qtbot, w.canvas, [(105, 45), (105, 60), (105, 75)])
    assert w.document.editor.stack.count() == 1  # the whole drag is one undo step
    assert w.document.editor.trimap[60, 105] == 0
    # generous: in a fresh environment the first refine JIT-compiles pymatting's kernels (cached afterwards)
    with qtbot.waitSignal(w.document.refined, timeout=180_000):
        w.refine()
    assert w.project.items[0].status == EDITED
    assert w.document.alpha[60, 105] == 0.0 and w.document.alpha[60, 70] > 0.99
    qtbot.waitUntil(lambda: matte_store.load_edit(photos[0])[1] is not None, timeout=10_000)
    trimap, alpha = matte_store.load_edit(photos[0])  # saved beside the project state
    assert trimap[60, 105] == 0 and alpha[60, 105] == 0.0

    # a colour background, live in the preview
    w.choose_tool("")
    with qtbot.waitSignal(w.canvas.rendered, timeout=10_000):
        w.backgrounds.set_colour(BLUE)
    assert w.canvas.mode == previews.COMPOSITE
    grab = w.canvas.viewport().grab().toImage()
    corner = w.canvas.mapFromScene(QPointF(5, 5))
    c = grab.pixelColor(corner.x(), corner.y())
    assert (c.red(), c.green(), c.blue()) == BLUE

    # export through the dialog's settings
    dialog = ExportDialog(w.background, str(tmp_path / "out"), "png+bg", 3, photos[0], w)  # PNG on the colour
    dialog.pattern.setText("{stem}_cut")
    dialog.decontaminate.setChecked(False)
    with qtbot.waitSignal(w.exporter.finished, timeout=30_000) as blocker:
        w.exporter.start(list(w.project.items), w.project, dialog.settings())
    results = blocker.args[0]
    assert [r.error for r in results] == ["", "", ""]
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["photo00_cut.png", "photo01_cut.png", "photo02_cut.png"]
    edited = read_image(tmp_path / "out" / "photo00_cut.png")
    other = read_image(tmp_path / "out" / "photo01_cut.png")
    assert edited.alpha is None and edited.rgb.shape == (120, 160, 3)  # opaque: composed on the colour
    assert tuple(edited.rgb[5, 5]) == BLUE and tuple(other.rgb[5, 5]) == BLUE
    assert tuple(edited.rgb[60, 105]) == BLUE  # the painted stroke: background in the edited matte
    assert other.rgb[60, 105, 0] > 150 and other.rgb[60, 105, 2] < 100  # the untouched photo keeps its disc
    assert np.abs(edited.rgb[60, 70].astype(int) - read_image(photos[0]).rgb[60, 70]).max() <= 2
    w.close()
    shut(w)
