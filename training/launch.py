"""Running a training job in its own process(es), on one GPU or several (``paddle.distributed.launch``).

``command(run_dir, gpus)`` is the command line that trains the run whose settings are in ``RUN/config.json``:
``python training/worker.py RUN`` for one device, ``python -m paddle.distributed.launch --gpus 0,1,...
--log_dir RUN/launch training/worker.py RUN`` for several GPUs (each process trains on its share of every batch;
rank 0 writes the checkpoints and ``RUN/progress.jsonl``). Front ends follow the JSON lines of that file
(:func:`follow`) and stop the job with SIGINT / SIGTERM, which the worker turns into a clean cancel (checkpoint
first).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Iterator

WORKER = Path(__file__).with_name("worker.py")


def command(run_dir, gpus: int = 1, python: str | None = None) -> list[str]:
    python = python or sys.executable
    if gpus <= 1:
        return [python, str(WORKER), str(run_dir)]
    return [python, "-m", "paddle.distributed.launch", "--gpus", ",".join(str(i) for i in range(gpus)),
            "--log_dir", str(Path(run_dir) / "launch"), str(WORKER), str(run_dir)]


def follow(run_dir, process=None, poll: float = 0.5, start_at_end: bool = True) -> Iterator[dict]:
    """Yield the events appended to ``RUN/progress.jsonl`` until an ``end`` event (or the process exits)."""
    path = Path(run_dir) / "progress.jsonl"
    offset = path.stat().st_size if start_at_end and path.exists() else 0
    buffer = ""
    while True:
        if path.exists():
            with open(path, encoding="utf-8") as f:
                f.seek(offset)
                chunk = f.read()
                offset = f.tell()
            buffer += chunk
            *lines, buffer = buffer.split("\n")
            for line in lines:
                if line.strip():
                    event = json.loads(line)
                    yield event
                    if event.get("event") == "end":
                        return
        if process is not None and process.poll() is not None and not buffer:
            if not path.exists() or path.stat().st_size == offset:
                return
        time.sleep(poll)
