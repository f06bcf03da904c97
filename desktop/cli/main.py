"""Entry point of the ``matting-studio`` command: parses the sub-command and runs it."""
from __future__ import annotations

import argparse
import importlib
import sys

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
    from backends.warmup import configure_jit_cache

    configure_jit_cache()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
