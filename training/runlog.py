"""The run log: the trainer's events, appended to ``RUN/progress.jsonl`` and handed to a callback.

Each event is a dict ``{"event": kind, "time": ..., **data}``; only rank 0 of a multi-GPU run writes. Front ends
follow the file (``training.launch.follow``, the app's ``follower``) or take the callback. ``SpeedWindow``
averages the losses and speed between two ``train`` events.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

PROGRESS = "progress.jsonl"


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    return str(obj)


class RunLog:
    """Appends events to ``run_dir/progress.jsonl`` and passes them to ``on_event`` (rank 0 only)."""

    def __init__(self, run_dir: Path, on_event: Callable[[dict], None] | None = None, rank: int = 0):
        self.run_dir, self.on_event, self.rank = Path(run_dir), on_event, rank

    def emit(self, event: str, **data: Any) -> dict:
        record = {"event": event, "time": round(time.time(), 3), **data}
        if self.rank == 0:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            with open(self.run_dir / PROGRESS, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, default=_jsonable) + "\n")
            if self.on_event:
                self.on_event(record)
        return record


class SpeedWindow:
    """Losses, iterations and time spent waiting for data since the last ``train`` event."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.losses: dict[str, float] = {}
        self.n = 0
        self.t = time.monotonic()
        self.wait = 0.0

    def add(self, losses: dict[str, float], wait: float) -> None:
        for k, v in losses.items():
            self.losses[k] = self.losses.get(k, 0.0) + float(v)
        self.n += 1
        self.wait += wait

    def summary(self, it: int, iters: int, batch_size: int, lr: float) -> dict:
        """The ``train`` event's fields for iteration ``it``; starts a new window."""
        n = max(self.n, 1)
        ips = self.n / max(time.monotonic() - self.t, 1e-9)
        out = {"iter": it, "iters": iters, "lr": lr, "losses": {k: v / n for k, v in self.losses.items()},
               "speed": {"iters_per_s": ips, "samples_per_s": ips * batch_size, "data_wait_s": self.wait / n},
               "eta_s": (iters - it) / ips if ips > 0 else None}
        self.reset()
        return out
