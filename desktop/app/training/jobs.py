"""The wizard's paddle work that runs in a short-lived child process (no Qt here), one JSON line on stdout.

    python -m desktop.app.training.jobs memory NETWORK BATCH SIZE AMP
    python -m desktop.app.training.jobs start-metrics RUN_DIR
    python -m desktop.app.training.jobs export NETWORK RUN_DIR MODEL_ID

Why a process: exporting traces the network to a static program, which switches paddle's (process-wide) tracer
off while it runs, and building a network swaps paddle's global name generator; either would break a model that
the app's own worker threads are loading or running at that moment. A child process also gives the memory
probe's and evaluation's memory back to the system. ``run(args)`` (used by ``tasks``) starts one and returns the
decoded result; a failure raises ``JobError`` with the child's message.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


class JobError(RuntimeError):
    """A job that failed; the message is the child's error (or the end of its output)."""


def run(args: list[str], state=None, timeout: float = 900.0) -> dict:
    """Run ``jobs.py ARGS`` in a child process; kill it when ``state`` (a worker's TaskState) is cancelled."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    process = subprocess.Popen([sys.executable, "-m", "desktop.app.training.jobs", *map(str, args)], cwd=str(REPO),
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + timeout
    while True:
        try:
            out, err = process.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if (state is not None and state.cancelled) or time.monotonic() > end:
                process.kill()
                process.communicate()
                cancelled = state is not None and state.cancelled
                raise JobError("cancelled" if cancelled else f"{args[0]} timed out") from None
    lines = [line for line in out.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    if process.returncode != 0 or "error" in result:
        tail = "\n".join(err.strip().splitlines()[-5:])
        raise JobError(result.get("error") or tail or f"{args[0]} failed (exit code {process.returncode})")
    return result


# ----------------------------------------------------------------------------------------------- in the child


def _memory(network: str, batch: str, size: str, amp: str) -> dict:
    from training.config import recipe
    from training.device import memory_estimate

    adam = recipe(network).optimizer == "adam"
    return {"bytes": memory_estimate(network, int(batch), int(size), amp=amp == "1", adam=adam)}


def _start_metrics(run_dir: str) -> dict:
    from training.config import TrainConfig
    from training.datasets import open_dataset
    from training.evaluate import evaluate_start

    cfg = TrainConfig.load(Path(run_dir) / "config.json")
    if not open_dataset(cfg.dataset, cfg.val_fraction).val:
        return {"count": 0}
    result = evaluate_start(cfg)
    return {k: float(result[k]) for k in ("sad", "mse", "grad", "conn")} | {"count": int(result["count"])}


def _export(network: str, run_dir: str, model_id: str) -> dict:
    from training.export import export_run

    model, inference, weights = export_run(network, run_dir, model_id)
    return {"id": model.id, "inference": str(inference), "weights": str(weights)}


COMMANDS = {"memory": _memory, "start-metrics": _start_metrics, "export": _export}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(json.dumps({"error": f"usage: jobs.py {{{'|'.join(COMMANDS)}}} ARGS..."}))
        return 2
    try:
        result = COMMANDS[argv[0]](*argv[1:])
    except Exception as exc:  # noqa: BLE001 - reported to the wizard as the job's error
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc)}), flush=True)
        return 1
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
