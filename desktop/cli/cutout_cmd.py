"""``matting-studio cutout``: cut out files and folders into an output folder, with a progress bar.

Everything that can be checked is checked before any work (inputs, output folder, backend). The first Ctrl-C
cancels: the photos in hand are finished or dropped within about two seconds and nothing half-written remains; a
second Ctrl-C (or SIGTERM) stops at once, removing the temporary file being written. The summary names every file
that failed, was not read (unsupported type, broken link...) or deserves a warning, each with its reason.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path

from backends import fault_trace, registry
from backends.batch import BatchReport, PlanError, clean_outputs, plan, run_batch
from backends.contract import Backend, BackendError, BackendOptions
from backends.cutout import AutoTrimapBackend, ExportOptions
from backends.edges import EdgeControls
from backends.imaging.atomic import discard_temporaries
from backends.imaging.compose import MAX_ZOOM, Background
from backends.imaging.writer import FORMATS

from .progress import ProgressBar

#: exit codes: some files failed; the user stopped the batch (as shells report SIGINT / SIGTERM)
EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED = 1, 130, 143


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
                   help="png (RGBA, straight alpha), tiff (RGBA, unassociated alpha), jpeg, webp, psd (layers: the "
                        "photo with the matte as its layer mask, over the background), or alpha (the matte alone)")
    p.add_argument("--trimap-dir", type=Path, metavar="DIR",
                   help="folder of trimaps (same relative path and name as each input)")
    p.add_argument("--trimap-from", metavar="ID", default="auto",
                   help="for trimap backends without --trimap-dir: make each trimap from this backend "
                        "(default: %(default)s)")
    p.add_argument("--device", metavar="DEV", default="auto",
                   help="auto, cpu, gpu or gpu:N for model backends (default: the GPU if there is one)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="images processed at once (default 1)")
    p.add_argument("--overwrite", action="store_true", help="replace outputs that exist (default: skip them)")
    p.add_argument("--no-decontaminate", action="store_true",
                   help="keep the original edge colours instead of estimating the subject's own")
    p.add_argument("--quality", type=int, default=95, help="JPEG/WebP quality (default 95)")
    p.add_argument("--smaller-files", action="store_true",
                   help="PNG/TIFF: compress harder (about 10 %% smaller files, written several times slower)")
    placing = p.add_argument_group("background image", "where an image given to --background sits (as the app's "
                                   "Zoom and Left / right, Up / down sliders)")
    placing.add_argument("--background-zoom", type=float, default=1.0, metavar="Z",
                         help="enlarge the image beyond covering the photo, 1 to %g (default 1)" % MAX_ZOOM)
    placing.add_argument("--background-offset", default="0,0", metavar="X,Y",
                         help="move the crop: X and Y from -1 (left / top edge) to 1 (right / bottom edge); "
                              "default 0,0 (centred); a negative X is written --background-offset=-0.5,0")
    edges = p.add_argument_group("edge controls", "adjust every matte before it is used (as in Select and Mask)")
    edges.add_argument("--smooth", type=float, default=0.0, metavar="PX", help="even out a jagged outline")
    edges.add_argument("--feather", type=float, default=0.0, metavar="PX", help="soften the edge (blur radius)")
    edges.add_argument("--contrast", type=float, default=0.0, metavar="PCT",
                       help="sharpen the edge's transition, 0-100 %% (100: a hard edge)")
    edges.add_argument("--shift-edge", type=float, default=0.0, metavar="PX",
                       help="move the edge out (positive) or in (negative, e.g. to drop a fringe)")
    p.add_argument("--strip-metadata", action="store_true",
                   help="write no EXIF / IPTC / XMP (default: the photo's camera, lens, capture time, GPS, caption, "
                        "creator, copyright and keywords are copied into the outputs)")
    p.add_argument("--no-gps", action="store_true", help="copy the metadata but leave out the GPS position")
    p.set_defaults(func=run)


def _placed(background: Background, zoom: float, offset: str) -> Background:
    """``background`` with the zoom and offset of ``--background-zoom`` / ``--background-offset`` (image only)."""
    try:
        x, y = (float(v) for v in offset.split(","))
    except ValueError:
        raise ValueError(f"--background-offset {offset!r}: give X,Y, e.g. --background-offset=-0.5,0") from None
    if (zoom, x, y) == (1.0, 0.0, 0.0):
        return background
    if background.kind != "image":
        raise ValueError("--background-zoom and --background-offset place a background image: give one with "
                         "--background PATH")
    if not 1.0 <= zoom <= MAX_ZOOM:
        raise ValueError(f"--background-zoom must be between 1 and {MAX_ZOOM:g}")
    if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
        raise ValueError("--background-offset: X and Y must be between -1 and 1")
    return dataclasses.replace(background, zoom=zoom, offset=(x, y))


class _Abort(BaseException):
    """A second Ctrl-C, or SIGTERM: stop at once."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


class _Interrupts:
    """First Ctrl-C: cancel the batch. A second one, or SIGTERM: abort at once."""

    def __init__(self, cancel: threading.Event):
        self.cancel = cancel
        self.previous = {}

    def __enter__(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                self.previous[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread (tests): no signal handling
                pass
        return self

    def __exit__(self, *exc):
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum, _frame):
        if signum == signal.SIGTERM:
            raise _Abort(EXIT_TERMINATED)
        if self.cancel.is_set():
            raise _Abort(EXIT_INTERRUPTED)
        self.cancel.set()
        print("\ncancelling: finishing the photos in hand (press Ctrl-C again to stop at once)", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    cancel = threading.Event()
    with _Interrupts(cancel):
        try:
            return _run(args, cancel)
        except _Abort as abort:
            removed = discard_temporaries()
            note = f" (removed {removed} unfinished file(s))" if removed else ""
            print(f"\nstopped{note}; outputs already written are complete", file=sys.stderr)
            return abort.code


def _run(args: argparse.Namespace, cancel: threading.Event) -> int:
    try:
        background = _placed(Background.parse(args.background), args.background_zoom, args.background_offset)
        edge_controls = EdgeControls(smooth=args.smooth, feather=args.feather, contrast=args.contrast,
                                     shift=args.shift_edge)
        options = ExportOptions(fmt=args.fmt, background=background, decontaminate=not args.no_decontaminate,
                                quality=args.quality, edges=edge_controls,
                                metadata=_metadata_choice(args),
                                compression="small" if args.smaller_files else "fast")
        backend_options = BackendOptions(device=args.device)
        if args.workers < 1:
            raise ValueError("--workers must be 1 or more")
        batch = plan(args.inputs, args.output, options)
    except (ValueError, PlanError) as exc:
        return _error(str(exc))
    if not batch.jobs:
        _print_not_read(batch.scan.skipped)
        return _error("no images found in the inputs")
    if args.trimap_dir is not None and not args.trimap_dir.is_dir():
        return _error(f"trimap folder {args.trimap_dir} does not exist")
    if not _writable(args.output):
        return _error(f"cannot write into {args.output}")
    try:
        backend = _prepare(args, backend_options, cancel)
    except BackendError as exc:
        return _error(str(exc))
    if backend is None:
        print("cancelled before starting", file=sys.stderr)
        return EXIT_INTERRUPTED

    cleaned = clean_outputs(args.output)
    bar = ProgressBar(len(batch.jobs), label="cutout")

    def on_event(kind, job, result):
        if kind == "end":
            bar.update(1, note=f"{result.status}: {job.relative}", timed=result.status in ("done", "failed"))

    try:
        report = run_batch(batch.jobs, backend, options, overwrite=args.overwrite, workers=args.workers,
                           trimap_dir=args.trimap_dir, cancel=cancel, on_event=on_event)
    finally:
        bar.close()
    cleaned += clean_outputs(args.output)  # what a run killed moments before this one began left behind
    report.not_read, report.cleaned = batch.scan.skipped, cleaned
    return _summarise(report, args.output, batch.scan.own_files, cancel.is_set())


def _prepare(args: argparse.Namespace, options: BackendOptions, cancel: threading.Event) -> Backend | None:
    """Load the backend (and compile the kernels once) on a thread, so Ctrl-C works meanwhile; None if cancelled."""
    from backends.warmup import jit_cache_is_warm, warm_up

    backend = registry.create(args.backend, options)  # unknown ids fail here, at once
    state = backend.readiness()
    if not state.ready:
        raise BackendError(f"backend {args.backend!r} is not ready: {state.reason}")
    trimap_source = None
    if backend.info.needs_trimap and args.trimap_dir is None:
        trimap_source = registry.create(args.trimap_from, options)
        print(f"{backend.info.name}: no --trimap-dir, so each trimap is made by {trimap_source.info.name}",
              file=sys.stderr)
    cold = not jit_cache_is_warm()
    print("preparing the matting engine (compiling its kernels, once: about a minute)..." if cold else
          f"loading {backend.info.name}...", file=sys.stderr)
    outcome: dict[str, object] = {}

    def load():
        try:
            backend.load()
            if trimap_source is not None:
                trimap_source.load()
            if cold:
                warm_up()
            fault_trace.rearm()  # loading may have imported paddle, which takes the fatal signals over
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            outcome["error"] = exc

    worker = threading.Thread(target=load, name="batch-load", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if cancel.is_set():
            return None
    error = outcome.get("error")
    if isinstance(error, BackendError):
        raise error
    if error is not None:
        raise BackendError(f"backend {args.backend!r} failed to load: {type(error).__name__}: {error}")
    return AutoTrimapBackend(backend, trimap_source) if trimap_source is not None else backend


def _summarise(report: BatchReport, output: Path, own_files: int, cancelled: bool) -> int:
    done, skipped = report.count("done"), report.count("skipped")
    failures, not_read = report.failures, report.not_read
    parts = [f"{done} written", f"{skipped} skipped (exist; --overwrite replaces them)", f"{len(failures)} failed"]
    if report.count("cancelled"):
        parts.append(f"{report.count('cancelled')} cancelled")
    if not_read:
        parts.append(f"{len(not_read)} not read")
    print(f"{', '.join(parts)} -> {output}", file=sys.stderr)
    for r in failures:
        print(f"  FAILED {r.job.source}: {r.error}", file=sys.stderr)
    for r in report.results:
        if r.status == "skipped" and r.error != "output exists":
            print(f"  SKIPPED {r.job.source}: {r.error}", file=sys.stderr)
    _print_not_read(not_read)
    for r in report.warned:
        for text in r.warnings:
            print(f"  WARNING {r.job.source}: {text}", file=sys.stderr)
    if own_files:
        print(f"  (left out {own_files} file(s) this app wrote: the output folder is never taken as input)",
              file=sys.stderr)
    if report.cleaned:
        print(f"  (removed {report.cleaned} unfinished temporary file(s) left by an interrupted run)", file=sys.stderr)
    if cancelled:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if failures else 0


def _print_not_read(skipped) -> None:
    for s in skipped:
        print(f"  NOT READ {s.path}: {s.reason}", file=sys.stderr)


def _error(text: str) -> int:
    print(f"error: {text}", file=sys.stderr)
    return 2


def _metadata_choice(args: argparse.Namespace) -> str:
    if getattr(args, "strip_metadata", False):
        return "strip"
    return "no-gps" if getattr(args, "no_gps", False) else "keep"


def _writable(folder: Path) -> bool:
    probe = folder
    while not probe.exists():
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)
