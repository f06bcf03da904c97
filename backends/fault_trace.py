"""Native crashes leave a trace: the stacks of every thread, written as the process dies.

Python's ``faulthandler`` prints them on a fatal signal (a segmentation fault or an abort inside a native library),
but importing paddle installs paddle's own handlers for those signals over it, and those print nothing here: a crash
in a batch or in the app would end the process without a word. ``enable(file)`` arms faulthandler (all threads)
and remembers where it writes; ``rearm()``, called once a framework has been imported (``registry.get`` and the
CLI do, after loading a backend), takes the fatal signals back. ``rearm`` does nothing when ``enable`` was never
called (a library user's own signal set-up is left alone), nor when no native framework was imported since the
last time.
"""
from __future__ import annotations

import faulthandler
import sys
import threading
from typing import IO

#: native frameworks that may install signal handlers of their own when imported (paddle does)
FRAMEWORKS = ("paddle", "mediapipe", "onnxruntime", "openvino", "cv2", "numba")

_lock = threading.Lock()
_target: IO[str] | int | None = None
_armed_after: frozenset[str] = frozenset()


def enable(file: IO[str] | int | None = None) -> None:
    """Write every thread's stack to ``file`` (a text file or a file descriptor; standard error when None) if the
    process dies on a fatal signal. Nothing happens when there is nowhere to write (a windowed app on Windows
    has no standard error)."""
    global _target
    with _lock:
        _target = sys.stderr if file is None else file
        try:
            _install()
        except (AttributeError, OSError, RuntimeError, ValueError):  # no usable file descriptor
            _target = None
            faulthandler.disable()


def rearm() -> None:
    """Take the fatal signals back from handlers a native library installed since ``enable`` (paddle's)."""
    with _lock:
        if _target is not None and _imported() != _armed_after:
            _install()


def disable() -> None:
    """Stop writing stacks (the app's clean exit)."""
    global _target
    with _lock:
        _target = None
        faulthandler.disable()


def _imported() -> frozenset[str]:
    return frozenset(name for name in FRAMEWORKS if name in sys.modules)


def _install() -> None:
    global _armed_after
    # enable() does nothing while faulthandler believes it is enabled, though another handler has replaced its own:
    # disable first (which puts back the handlers that were there before the first enable), then enable again
    faulthandler.disable()
    if _target is not None:
        faulthandler.enable(_target, all_threads=True)
    _armed_after = _imported()
