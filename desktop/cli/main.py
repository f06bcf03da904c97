"""Entry point of the ``matting-studio`` command: parses the sub-command and runs it."""
from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading

from desktop import __version__

#: sub-command modules, each with ``register(subparsers)``; imported lazily so ``--help`` stays fast
COMMANDS = ("cutout_cmd", "backends_cmd", "models_cmd", "train_cmd", "eval_cmd", "demo_cmd", "app_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="matting-studio",
                                     description="Cut people out of photos: batch cut-outs, models, training.")
    parser.add_argument("--version", action="version", version=f"matting-studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"desktop.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"desktop.cli.{name}":
                continue  # a sub-command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from backends.warmup import jit_cache_environment

    os.environ.update(jit_cache_environment())  # start-up: before anything imports numba
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


def console_main(argv: list[str] | None = None) -> int:
    """The ``matting-studio`` command: ``main``, then leave at once if a cancelled batch left work behind.

    A cancelled batch may leave stages running on daemon threads (they write nothing); the interpreter's shutdown
    would wait on, or trip over, their native code, so the process ends right away instead. Once the command has
    finished, a late Ctrl-C no longer interrupts the exit (its work is complete and reported). A native crash
    prints every thread's stack (``backends.fault_trace``) instead of ending the command without a word.
    """
    from backends import fault_trace

    fault_trace.enable()
    try:
        code = main(argv)
    except KeyboardInterrupt:  # Ctrl-C before a command took it over (while starting up)
        print("\ncancelled", file=sys.stderr)
        code = 130
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    # after Ctrl-C / SIGTERM too, even when the stages have just ended: a normal shutdown then sometimes aborts
    # ("terminate called without an active exception", exit -6) in native libraries' destructors
    if code in (130, 143) or any(t.is_alive() and t.name.startswith("batch-") for t in threading.enumerate()):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(console_main())
