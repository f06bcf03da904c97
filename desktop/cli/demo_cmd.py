"""``matting-studio demo``: cuts out the shipped sample portraits into ``out/`` with the offline default."""
from __future__ import annotations

import argparse
from pathlib import Path

from desktop.samples import SAMPLES_DIR, ensure_samples


def register(subparsers) -> None:
    p = subparsers.add_parser("demo", help="cut out the sample portraits into out/ (no download needed)")
    p.add_argument("-o", "--output", type=Path, default=Path("out"))
    p.add_argument("--background", default="transparent")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from . import cutout_cmd

    samples = ensure_samples()
    if not samples:
        print(f"no sample images in {SAMPLES_DIR}")
        return 1
    ns = argparse.Namespace(inputs=samples, output=args.output, backend="auto", background=args.background,
                            fmt="png", trimap_dir=None, trimap_from=None, device=None, workers=1, overwrite=True,
                            no_decontaminate=False, quality=95)
    code = cutout_cmd.run(ns)
    if code == 0:
        print(f"cut-outs written to {args.output.resolve()}")
    return code
