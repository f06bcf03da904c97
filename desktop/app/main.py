"""Starts the desktop app: ``matting-studio app [FOLDER]``, ``matting-studio-gui``, or ``python -m desktop.app.main``.

Order matters: OpenCV (and any backend framework) is imported before the ``QApplication`` exists, preferences are
read, the translation is installed, the theme applied, and only then is the window built.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def create_application(argv: list[str] | None = None):
    import cv2  # noqa: F401 - imported before Qt builds its platform plugin, as the Xvfb test checks
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("MattingStudio")
    QCoreApplication.setApplicationName("Matting Studio")
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    return app


def build_window(paths: list[Path] | None = None, app=None):
    """Preferences, translation, theme, then the main window (shown), opening ``paths`` if given."""
    from . import i18n, settings, theme
    from .main_window import MainWindow

    app = app or create_application()
    prefs = settings.Preferences.load()
    i18n.install(app, prefs.language)
    theme.apply(app, prefs.theme)
    window = MainWindow(prefs)
    window.show()
    if paths:
        window.open_paths(paths)
    return window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="matting-studio-gui", description="Open the Matting Studio desktop app.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="folders or photos to open")
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"error: {missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    from backends import paths
    from backends.warmup import jit_cache_environment

    from .crash_reports import CrashReports

    os.environ.update(jit_cache_environment())  # start-up: before anything imports numba
    crashes = CrashReports(paths.data_dir() / "crash-reports")
    previous_crash = crashes.start()
    app = create_application([sys.argv[0], *qt_args])
    window = build_window(args.paths, app)
    if previous_crash is not None:
        window.tell_crash(previous_crash)
    window.warm_up()  # compile the solvers now (the first time), not on the first cut-out or refine
    code = app.exec()
    window.pool.wait(30_000)
    crashes.stop()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
