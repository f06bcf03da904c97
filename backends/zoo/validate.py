"""Trying an inference model in a child process first, so a damaged or hostile file cannot take the app down.

Paddle Inference parses the program file in native code: a broken one can crash the whole process (a segfault,
not an exception). So before an inference model is installed, and before an installed one whose files changed
since is run, a child process loads it and runs it once on a small synthetic input (``python -m
backends.zoo.validate FOLDER NETWORK``; a frozen app runs its own executable the same way). Only a clean exit
with a well-formed alpha lets it through; its verdict is stamped in the folder (``validated.json``: each file's
size and modification time), so the check runs once per set of files.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from .checkpoint import DEPLOY, PARAMS, PROGRAMS, InferenceModelError

STAMP = "validated.json"
#: the child loads paddle and the model once: generous for a slow disk and a cold start
TIMEOUT_S = 600.0
#: the child's input: small, and a multiple of every network's stride (PP-HumanMatting needs 128)
PROBE_HW = (128, 128)


class ModelValidationError(InferenceModelError):
    """The model's files do not load or do not run; the message says what happened, for the user."""


def _files(folder: Path) -> dict[str, list[int]]:
    out = {}
    for name in (*PROGRAMS, PARAMS, DEPLOY):
        path = folder / name
        if path.is_file():
            st = path.stat()
            out[name] = [st.st_size, st.st_mtime_ns]
    return out


def is_validated(folder: Path, network: str) -> bool:
    try:
        stamp = json.loads((Path(folder) / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("network") == network and stamp.get("files") == _files(Path(folder))


def validate(folder: Path, network: str, timeout: float = TIMEOUT_S) -> None:
    """Load and run the inference model in ``folder`` in a child process; raise ``ModelValidationError`` if it
    fails, crashes or hangs; stamp the folder when it passes."""
    folder = Path(folder)
    if is_validated(folder, network):
        return
    command = [sys.executable, "-m", "backends.zoo.validate", str(folder), network]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=_import_root())
    except subprocess.TimeoutExpired:
        raise ModelValidationError(f"{folder}: loading the model took more than {timeout:.0f} s; refused") from None
    if run.returncode != 0:
        raise ModelValidationError(f"{folder}: {_why(run.returncode, run.stdout, run.stderr)}")
    stamp = {"network": network, "files": _files(folder)}
    tmp = folder / f".{STAMP}.{os.getpid()}"
    tmp.write_text(json.dumps(stamp), "utf-8")
    os.replace(tmp, folder / STAMP)


def _import_root() -> str | None:
    """The folder from which ``-m backends...`` imports this very copy of the package (None when frozen)."""
    if getattr(sys, "frozen", False):
        return None
    return str(Path(__file__).resolve().parents[2])


def _why(code: int, stdout: str, stderr: str) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return (f"the model's files crash Paddle when loaded ({name}): they are damaged, or not an inference model "
                "of this kind; refused")
    said = (stdout.strip().splitlines() or stderr.strip().splitlines() or ["no message"])[-1]
    return f"the model does not load or run: {said}"


def _child(folder: Path, network: str) -> int:
    import numpy as np

    from ..runtimes import load_inference_model
    from ..runtimes.exported import synthetic_inputs
    from ..models.specs import spec

    try:
        runtime = load_inference_model(folder, device="cpu", name=network, threads=1)
        shapes = {"img": (1, 3, *PROBE_HW)}
        if spec(network).needs_trimap:
            shapes["trimap"] = (1, 1, *PROBE_HW)
        alpha = np.asarray(runtime.run(synthetic_inputs(shapes)))
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        print(f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}")
        return 1
    if alpha.shape != (1, 1, *PROBE_HW) or not np.isfinite(alpha).all():
        print(f"it gave an output of shape {alpha.shape} for a {PROBE_HW} input, not an alpha matte")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1]), sys.argv[2]))
