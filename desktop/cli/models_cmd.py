"""``matting-studio models``: the model catalog, downloads, imports for offline machines, removal, the folder.

``register(subparsers)`` adds the sub-command; each action sets ``args.func`` to a function returning an exit code
(0 ok, 1 failed, 2 bad arguments, 130 cancelled with Ctrl-C).
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from typing import Callable, TextIO

from backends.models.specs import NETWORKS
from backends.paths import models_dir
from backends.zoo import catalog, store
from backends.zoo.download import DownloadCancelled, DownloadError, download_model

ERRORS = (ValueError, KeyError, OSError, pickle.UnpicklingError, DownloadError)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("models", help="list, download, import and remove matting models",
                                   description="The PaddleSeg Matting model zoo: list, download, import, remove.")
    parser.set_defaults(func=list_models)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    p = actions.add_parser("list", help="the catalog and what is installed (the default)")
    p.set_defaults(func=list_models)

    p = actions.add_parser("download", help="download a model from the zoo and install it")
    p.add_argument("id", metavar="ID", help="catalog id, e.g. ppmattingv2-512 (see `models list`)")
    p.add_argument("--mirror", metavar="URL", help=f"download base URL (default ${catalog.MIRROR_ENV} or the "
                                                   f"official {catalog.DEFAULT_MIRROR})")
    p.add_argument("--proxy", metavar="URL", help="HTTP(S) proxy, e.g. http://proxy:3128 ('' for none; default: "
                                                  "the system's HTTPS_PROXY)")
    p.add_argument("--format", choices=("checkpoint", "inference"), default="checkpoint",
                   help="the dygraph .pdparams (default) or the exported inference-model zip")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds to wait for the server")
    p.add_argument("--retries", type=int, default=4, help="tries in a row before giving up")
    p.set_defaults(func=download)

    p = actions.add_parser("import", help="install a .pdparams, an inference-model zip or a folder (offline)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--id", dest="model_id", metavar="ID",
                   help="catalog id when the file name does not tell; any other id registers a user model")
    p.add_argument("--network", choices=sorted(NETWORKS), help="network of a user model")
    p.set_defaults(func=import_model)

    p = actions.add_parser("remove", help="delete an installed model")
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=remove)

    p = actions.add_parser("path", help="print the folder holding the installed models")
    p.set_defaults(func=print_path)
    return parser


def list_models(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    rows = [("ID", "MODEL", "INSTALLED", "SIZE", "TRIMAP", "SAD", "FPS", "RECOMMENDED")]
    for e in catalog.entries():
        have = store.get(e.id)
        rows.append((e.id, e.name, _formats(have) if have else "-", _mb(have.size_bytes) if have else
                     f"~{e.checkpoint_mb:.0f} MB", "needs" if e.needs_trimap else "-", f"{e.sad:g}", f"{e.fps:g}",
                     f"for {e.recommended}" if e.recommended else ""))
    users = store.user_models()
    for m in users:
        rows.append((m.id, f"user model ({m.network})", _formats(m), _mb(m.size_bytes),
                     "needs" if NETWORKS[m.network].needs_trimap else "-", "", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip(), file=out)
    print(f"\nLicence {catalog.LICENCE}. SAD / FPS as published ({catalog.BENCHMARK}). "
          f"Models folder: {models_dir()}", file=out)
    return 0


def download(args: argparse.Namespace) -> int:
    if catalog.find(args.id) is None:
        print(f"error: unknown model {args.id!r}; the catalog has: {', '.join(catalog.ids())}", file=sys.stderr)
        return 2
    bar = ProgressBar(f"{args.id} ({args.format})")
    try:
        model = download_model(args.id, kind=args.format, mirror=args.mirror, proxy=args.proxy, progress=bar,
                               timeout=args.timeout, retries=args.retries)
    except KeyboardInterrupt:
        bar.finish()
        print("cancelled; run the same command again to resume", file=sys.stderr)
        return 130
    except DownloadCancelled:
        bar.finish()
        print("cancelled", file=sys.stderr)
        return 130
    except ERRORS as exc:
        bar.finish()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    bar.finish()
    print(f"installed {model.id} ({_mb(model.size_bytes)}) in {model.path}")
    return 0


def import_model(args: argparse.Namespace) -> int:
    try:
        model = store.import_path(args.path, model_id=args.model_id, network=args.network)
    except ERRORS as exc:
        print(f"error: {_message(exc)}", file=sys.stderr)
        return 1
    kind = "user model" if model.user else "model"
    print(f"installed {kind} {model.id} ({model.network}, {_formats(model)}, {_mb(model.size_bytes)}) "
          f"in {model.path}")
    return 0


def remove(args: argparse.Namespace) -> int:
    try:
        folder = store.remove(args.id)
    except ERRORS as exc:
        print(f"error: {_message(exc)}", file=sys.stderr)
        return 1
    print(f"removed {args.id} ({folder})")
    return 0


def print_path(args: argparse.Namespace) -> int:
    print(models_dir())
    return 0


def _message(exc: BaseException) -> str:
    return str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)


def _formats(model: store.InstalledModel) -> str:
    return "+".join(n for n, p in (("checkpoint", model.checkpoint), ("inference", model.inference)) if p)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class ProgressBar:
    """A progress callback drawing ``label [####....] 45% 12.0/26.1 MB 3.2 MB/s`` on stderr."""

    def __init__(self, label: str, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic):
        self.label, self.stream, self.clock = label, stream or sys.stderr, clock
        self.start = self.last = clock()
        self.first: int | None = None
        self.drawn = False
        self.tty = self.stream.isatty()
        self.interval = 0.1 if self.tty else 2.0

    def __call__(self, done: int, total: int | None) -> None:
        now = self.clock()
        if self.first is None:
            self.first = done
        if self.drawn and now - self.last < self.interval and done != total:
            return
        self.last = now
        rate = (done - self.first) / max(now - self.start, 1e-6)
        if total:
            filled = int(30 * done / total)
            text = (f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {100 * done / total:3.0f}% "
                    f"{done / 1e6:.1f}/{total / 1e6:.1f} MB {rate / 1e6:.1f} MB/s")
        else:
            text = f"{self.label} {done / 1e6:.1f} MB {rate / 1e6:.1f} MB/s"
        self.stream.write(f"\r{text}\033[K" if self.tty else f"{text}\n")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()
