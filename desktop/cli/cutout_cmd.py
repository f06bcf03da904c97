"""``matting-studio cutout``: cut out files and folders into an output folder, with a progress bar."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from backends import registry
from backends.batch import PlanError, plan_jobs, run_batch
from backends.contract import BackendError
from backends.cutout import AutoTrimapBackend, ExportOptions
from backends.imaging.compose import Background
from backends.imaging.writer import FORMATS
from backends.zoo_backends import DEVICE_ENV

from .progress import ProgressBar


def register(subparsers) -> None:
    p = subparsers.add_parser("cutout", help="cut out people from images or folders",
                              description="Cut out the subject of each image. Folders are searched recursively "
                                          "and their structure is mirrored in the output folder.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="image files or folders")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="output folder")
    p.add_argument("--backend", default=registry.DEFAULT_BACKEND, metavar="ID",
                   help="backend id (see `matting-studio backends`); default: %(default)s")
    p.add_argument("--background", default="transparent", metavar="BG",
                   help="transparent (default), a colour (#RRGGBB or a name such as white), blur[:STRENGTH], "
                        "or an image path")
    p.add_argument("--format", dest="fmt", default="png", choices=sorted(FORMATS),
                   help="png (RGBA, straight alpha), tiff, jpeg, webp, or alpha (the matte alone)")
    p.add_argument("--trimap-dir", type=Path, metavar="DIR",
                   help="folder of trimaps (same relative path and name as each input)")
    p.add_argument("--trimap-from", metavar="ID",
                   help="for trimap backends without --trimap-dir: make each trimap from this backend's alpha "
                        "(e.g. auto)")
    p.add_argument("--device", metavar="DEV", help="cpu, gpu or gpu:N for model backends (default: GPU if any)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="images processed at once (default 1)")
    p.add_argument("--overwrite", action="store_true", help="replace outputs that exist (default: skip them)")
    p.add_argument("--no-decontaminate", action="store_true",
                   help="keep the original edge colours instead of estimating the subject's own")
    p.add_argument("--quality", type=int, default=95, help="JPEG/WebP quality (default 95)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        background = Background.parse(args.background)
        options = ExportOptions(fmt=args.fmt, background=background, decontaminate=not args.no_decontaminate,
                                quality=args.quality)
        jobs = plan_jobs(args.inputs, args.output, options)
    except (ValueError, PlanError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not jobs:
        print("error: no images found in the inputs", file=sys.stderr)
        return 2
    if args.trimap_dir is not None and not args.trimap_dir.is_dir():
        print(f"error: trimap folder {args.trimap_dir} does not exist", file=sys.stderr)
        return 2
    if not _writable(args.output):
        print(f"error: cannot write into {args.output}", file=sys.stderr)
        return 2
    if getattr(args, "device", None):
        os.environ[DEVICE_ENV] = args.device
    try:
        backend = registry.get(args.backend)
        if backend.info.needs_trimap and args.trimap_dir is None:
            if not getattr(args, "trimap_from", None):
                print(f"error: backend {args.backend!r} needs trimaps: give --trimap-dir, or --trimap-from auto",
                      file=sys.stderr)
                return 2
            backend = AutoTrimapBackend(backend, registry.get(args.trimap_from))
    except BackendError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    cancel = threading.Event()
    bar = ProgressBar(len(jobs), label="cutout")

    def on_event(kind, job, result):
        if kind == "end":
            bar.update(1, note=f"{result.status}: {job.relative}")

    previous = signal.signal(signal.SIGINT, lambda *_: (cancel.set(), print("\ncancelling...", file=sys.stderr)))
    try:
        report = run_batch(jobs, backend, options, overwrite=args.overwrite, workers=args.workers,
                           trimap_dir=args.trimap_dir, cancel=cancel, on_event=on_event)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    done, skipped = report.count("done"), report.count("skipped")
    cancelled, failures = report.count("cancelled"), report.failures
    summary = f"{done} written, {skipped} skipped (exist; --overwrite replaces them), {len(failures)} failed"
    if cancelled:
        summary += f", {cancelled} cancelled"
    print(f"{summary} -> {args.output}", file=sys.stderr)
    for r in failures:
        print(f"  FAILED {r.job.source}: {r.error}", file=sys.stderr)
    return 1 if failures or cancelled else 0


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists():
        probe = probe.parent
    return os.access(probe, os.W_OK | os.X_OK)
