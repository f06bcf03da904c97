"""Preview latency of the desktop app, per backend: what a photographer waits for after clicking a thumbnail.

For each backend the app (offscreen, the real ``MainWindow``) opens a photo and the script times:

- ``shown``: click to the photo on the canvas (decode),
- ``cut-out``: click to the composite on screen with a freshly computed matte (the backend runs),
- ``cached``: the same with the matte read from the app's cache (a second visit after a restart),
- ``refine``: one brush stroke across the subject's edge, then "Refine", to the refined composite on screen.

The photo is the sample portrait (``resources/samples``) scaled to ``--megapixels`` (24 by default, a full-frame
camera's file). Each backend runs in a fresh process with a fresh app data folder, so loading counts as a user
sees it the first time.

    python bench/preview_latency.py [--backends auto-fast auto] [--megapixels 24] [--out docs/preview-latency.md]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_photo(folder: Path, megapixels: float) -> Path:
    sys.path.insert(0, str(REPO))
    from PIL import Image

    from desktop.samples import ensure_samples

    src = Image.open(ensure_samples()[0]).convert("RGB")
    scale = (megapixels * 1e6 / (src.width * src.height)) ** 0.5
    size = (round(src.width * scale), round(src.height * scale))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "portrait.jpg"
    src.resize(size, Image.LANCZOS).save(path, quality=92)
    return path


def measure(backend: str, photo: Path) -> dict:
    """Runs inside the child process: the timings for one backend, in seconds."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.app.main import create_application
    from desktop.app.main_window import MainWindow
    from desktop.app.settings import Preferences

    app = create_application([sys.argv[0], "-platform", "offscreen"])  # noqa: F841 - kept alive while measuring
    window = MainWindow(Preferences(backend=backend))
    window.resize(1400, 900)
    window.show()

    def until(signal, timeout_s=600.0) -> float:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        return time.perf_counter()

    def wait_view() -> float:
        """Until the composite shown matches the latest matte."""
        if window.canvas._pending:
            return until(window.canvas.rendered)
        return time.perf_counter()

    out = {"backend": backend}
    t0 = time.perf_counter()
    window.open_paths([photo])
    out["shown"] = until(window.document.pictureShown) - t0
    if window.document.alpha is None:
        until(window.document.alphaChanged)
    out["cut-out"] = wait_view() - t0
    if window.document.alpha is None:
        out["error"] = window.message.text()
        return out
    window.document.memory.clear()  # a second visit: the matte comes from the disk cache
    t0 = time.perf_counter()
    window.document.open(photo, backend)
    if window.document.alpha is None:
        until(window.document.alphaChanged)
    out["cached"] = wait_view() - t0
    h, w = window.document.picture.rgb.shape[:2]
    window.choose_tool("unknown")
    editor = window.document.editor
    editor.set_size(max(8, w // 60))
    alpha = window.document.alpha
    ys, xs = (alpha > 0.5).nonzero()
    y = int((ys.min() + ys.max()) / 2) if len(ys) else h // 2
    x = int(xs[ys == y].max()) if len(ys) and (ys == y).any() else w // 2
    editor.stroke([(x, y - h // 20), (x, y), (x, y + h // 20)])  # along the right edge of the subject
    t0 = time.perf_counter()
    window.refine()
    until(window.document.refined)
    out["refine"] = wait_view() - t0
    out["refiner"] = window.document.refiner().label
    out["size"] = f"{w}x{h}"
    window.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backends", nargs="+", default=["auto-fast", "auto"])
    ap.add_argument("--megapixels", type=float, default=24.0)
    ap.add_argument("--out", type=Path, help="also write the table (markdown) here")
    ap.add_argument("--child", nargs=2, metavar=("BACKEND", "PHOTO"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], Path(args.child[1]))))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp:
        photo = make_photo(Path(tmp) / "in", args.megapixels)
        for backend in args.backends:
            env = dict(os.environ, MATTING_STUDIO_HOME=str(Path(tmp) / f"home-{backend}"),
                       MATTING_STUDIO_SETTINGS=str(Path(tmp) / f"settings-{backend}.ini"),
                       QT_QPA_PLATFORM="offscreen")
            run = subprocess.run([sys.executable, __file__, "--child", backend, str(photo)], cwd=REPO, env=env,
                                 capture_output=True, text=True)
            if run.returncode != 0:
                rows.append({"backend": backend, "error": run.stderr.strip().splitlines()[-1:]})
                continue
            rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
    lines = [f"# Preview latency ({datetime.date.today()}, {platform.processor() or platform.machine()}, "
             f"{os.cpu_count()} cores, {args.megapixels:g} MP photo)", "",
             "| backend | shown | cut-out | cached | refine (refiner) |", "|---|---|---|---|---|"]
    for r in rows:
        if "refine" not in r:
            lines.append(f"| {r['backend']} | failed: {r.get('error')} | | | |")
            continue
        lines.append(f"| {r['backend']} | {r['shown']:.2f} s | {r['cut-out']:.2f} s | {r['cached']:.2f} s | "
                     f"{r['refine']:.2f} s ({r['refiner']}) |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
