"""``matting-studio app [PATH...]``: open the desktop app, optionally on folders or photos."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("app", help="open the desktop app (optionally on a folder of photos)",
                              description="Open the Matting Studio desktop app: batch folders with live preview, "
                                          "trimap brush, backgrounds and export.")
    p.add_argument("paths", nargs="*", type=Path, metavar="FOLDER", help="folders or photos to open")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.app.main import main  # Qt is imported only when the app starts

    return main([str(p) for p in args.paths])
