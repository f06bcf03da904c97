"""Starts a private Xvfb display for real-window tests (the tests start it; nothing else is needed)."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def xvfb_display(width: int = 1280, height: int = 800):
    """Yield a DISPLAY string served by a fresh Xvfb; raises RuntimeError when Xvfb is unavailable."""
    exe = shutil.which("Xvfb")
    if exe is None:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
    for number in range(91, 140):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        proc = subprocess.Popen([exe, f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        if proc.poll() is None:
            try:
                yield f":{number}"
            finally:
                proc.terminate()
                proc.wait(5)
            return
    raise RuntimeError("could not start Xvfb on any display :91-:139")


def run_under_xvfb(args: list[str], timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    with xvfb_display() as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        env.update(kw.pop("env", {}))
        return subprocess.run(args, env=env, timeout=timeout, capture_output=True, text=True, **kw)
