"""Render the app icon (resources/icons/matting-studio.svg) to PNG sizes and a Windows .ico.

``python packaging/make_icons.py OUT_DIR`` writes ``OUT_DIR/matting-studio-<N>.png`` for the hicolor sizes and
``OUT_DIR/MattingStudio.ico`` (16-256 px). Uses Qt's SVG renderer (PySide6) and Pillow, both already in the
app's dependencies; images are made at build time, never committed.
"""
from __future__ import annotations

import sys
from pathlib import Path

SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "matting-studio.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(out_dir: Path, svg: Path = SVG) -> dict[str, Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PIL import Image

    # the renderer needs an application; offscreen: no display needed at build time
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])  # noqa: F841
    out_dir.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    written: dict[str, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"matting-studio-{size}.png"
        image.save(str(path))
        written[f"png{size}"] = path
    ico = out_dir / "MattingStudio.ico"
    Image.open(written["png256"]).save(ico, sizes=[(s, s) for s in SIZES])
    written["ico"] = ico
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build") / "icons"
    for path in render(target).values():
        print(path)
