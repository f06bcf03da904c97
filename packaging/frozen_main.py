"""Entry script of the PyInstaller bundle (see build.spec): one script behind both executables.

* ``MattingStudio`` (windowed) opens the desktop app: ``MattingStudio [PATH...]``.
* ``matting-studio`` (console twin) is the command line: ``matting-studio cutout ...``, ``matting-studio app``.

A frozen app has no Python interpreter, yet ``training.launch.command()`` starts the training worker as
``sys.executable training/worker.py RUN`` (one device) or ``sys.executable -m paddle.distributed.launch ...
training/worker.py RUN`` (several GPUs; Paddle's launcher then starts ``sys.executable -u training/worker.py RUN``
per GPU). In a bundle ``sys.executable`` is one of these two executables, so both also accept those
interpreter-style command lines: ``[-u] SCRIPT.py ARGS`` for a script inside the bundle and ``[-u] -m MODULE ARGS``
for a module inside it. Nothing else is accepted that way, and ordinary command lines are untouched.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

GUI_NAME = "mattingstudio"  # the windowed executable's name, lower case, without ".exe"


def _bundle_dir() -> Path:
    return Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))


def _interpreter_style(argv: list[str]) -> int | None:
    """Run ``[-u] script.py ...`` or ``[-u] -m module ...`` like Python would; None when argv is not like that."""
    import runpy

    args = list(argv)
    unbuffered = False
    while args and args[0] in ("-u", "-B", "-s", "-E"):
        unbuffered |= args.pop(0) == "-u"
    if len(args) >= 2 and args[0] == "-m":
        module = args[1]
        if not module.replace(".", "").replace("_", "").isalnum():
            return None
        run = lambda: runpy.run_module(module, run_name="__main__", alter_sys=True)  # noqa: E731
        sys.argv = [module, *args[2:]]
    elif args and args[0].endswith(".py"):
        script = Path(args[0])
        inside = _bundle_dir()
        try:
            relative = script.resolve().relative_to(inside.resolve())
        except (OSError, ValueError):
            return None  # only our own scripts: a frozen app is no general-purpose interpreter
        module = ".".join(relative.with_suffix("").parts)
        sys.argv = [str(script), *args[1:]]
        if script.exists():
            run = lambda: runpy.run_path(str(script), run_name="__main__")  # noqa: E731
        else:  # the module is in the archive only
            run = lambda: runpy.run_module(module, run_name="__main__", alter_sys=True)  # noqa: E731
    else:
        return None
    if unbuffered:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and hasattr(stream, "reconfigure"):
                stream.reconfigure(line_buffering=True, write_through=True)
    try:
        run()
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    return 0


def main() -> int:
    argv = sys.argv[1:]
    if argv and (argv[0] in ("-u", "-m") or (argv[0].endswith(".py") and not os.path.isdir(argv[0]))):
        code = _interpreter_style(argv)
        if code is not None:
            return code
    if Path(sys.executable).stem.lower() == GUI_NAME:
        from desktop.app.main import main as gui_main

        return gui_main(argv)
    from desktop.cli.main import console_main

    return console_main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # must come first: a frozen multiprocessing child returns from here
    sys.exit(main())
