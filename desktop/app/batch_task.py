""""Process all": the folder's mattes computed by the batch engine (``backends.batch.run_batch``), with pause.

Each image becomes a ``Job`` whose output is its matte in the cache (``matte_store.matte_path``), written with
``ExportOptions(fmt="alpha")``; a matte already cached is skipped by the engine, so a second run is instant and an
interrupted one resumes. Images go in groups by backend. A trimap backend reads each image's painted trimap from
the edits folder (``Job.relative`` is ``<key>/trimap.png``, so ``trimap_dir`` is the edits root). Pausing holds
the engine's inference threads at their next image; cancelling releases them and the engine stops cleanly.
Progress is reported through ``state.progress`` as ``BatchEvent`` objects, from the engine's threads.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backends import registry
from backends.batch import Job, JobResult, run_batch
from backends.contract import Backend
from backends.cutout import ExportOptions

from . import matte_store


class Gate:
    """Pause / resume for a running batch: inference threads wait at ``wait`` while it is paused."""

    def __init__(self):
        self._open = threading.Event()
        self._open.set()

    def pause(self) -> None:
        self._open.clear()

    def resume(self) -> None:
        self._open.set()

    @property
    def paused(self) -> bool:
        return not self._open.is_set()

    def wait(self, cancel: threading.Event) -> bool:
        """Block while paused; False when cancelled meanwhile."""
        while not self._open.wait(0.05):
            if cancel.is_set():
                return False
        return not cancel.is_set()


class GatedBackend(Backend):
    """A backend that waits at the gate before each image; a cancel while paused skips the work."""

    def __init__(self, inner: Backend, gate: Gate, cancel: threading.Event):
        self.inner, self.gate, self.cancel = inner, gate, cancel
        self.info = inner.info

    def predict(self, image, trimap=None):
        if not self.gate.wait(self.cancel):
            # cancelled: the engine's writer sees the cancel and records the job as cancelled
            return np.zeros(np.asarray(image).shape[:2], np.float32)
        return self.inner.predict(image, trimap)


@dataclass(frozen=True)
class BatchEvent:
    """``kind``: start (an image begins), end (with ``status`` done/skipped/failed/cancelled), or group-failed."""

    kind: str
    path: Path
    status: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class BatchSummary:
    done: int
    failed: int
    cancelled: int
    seconds: float


def job_for(path: Path, backend_id: str) -> Job | None:
    output = matte_store.matte_path(path, backend_id)
    if output is None:
        return None
    return Job(Path(path), output, Path(output.stem) / matte_store.TRIMAP)


def process_all(groups: list[tuple[str, list[Path]]], workers: int = 1, gate: Gate | None = None,
                state=None) -> BatchSummary:
    """Compute the matte of every path, group by group (backend id, paths); returns the counts."""
    cancel = state.cancel_event if state is not None else threading.Event()
    report = (lambda event: state.progress(event)) if state is not None else (lambda event: None)
    gate = gate or Gate()
    started = time.perf_counter()
    counts = {"done": 0, "failed": 0, "cancelled": 0}
    for backend_id, paths in groups:
        if cancel.is_set():
            break
        jobs, by_job = [], {}
        for p in paths:
            job = job_for(p, backend_id)
            if job is None:
                counts["failed"] += 1
                report(BatchEvent("end", Path(p), "failed", "the file is gone"))
                continue
            jobs.append(job)
            by_job[job] = Path(p)
        try:
            backend = registry.get(backend_id)
        except Exception as exc:  # not installed, failed to load: every image of the group fails with the reason
            for p in by_job.values():
                counts["failed"] += 1
                report(BatchEvent("end", p, "failed", str(exc) or type(exc).__name__))
            continue

        def on_event(kind: str, job: Job, result: JobResult | None):
            path = by_job.get(job, job.source)
            if kind == "start":
                report(BatchEvent("start", path))
                return
            status = "done" if result.status == "skipped" else result.status
            if status == "failed" and job.output.exists():  # the preview cached this matte meanwhile
                status = "done"
            counts[status] = counts.get(status, 0) + 1
            report(BatchEvent("end", path, status, _reason(result.error) if status == "failed" else "",
                              result.seconds))

        trimap_dir = matte_store.edits_root() if backend.info.needs_trimap else None
        run_batch(jobs, GatedBackend(backend, gate, cancel), ExportOptions(fmt="alpha"), overwrite=False,
                  workers=workers, trimap_dir=trimap_dir, cancel=cancel, on_event=on_event)
    return BatchSummary(counts["done"], counts["failed"], counts["cancelled"], time.perf_counter() - started)


def _reason(error: str) -> str:
    if error.startswith("no trimap for"):
        return "this backend needs a trimap: paint one with the brush, or pick a backend that needs none"
    return error
