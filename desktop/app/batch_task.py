""""Process all": the folder's mattes computed by the batch engine (``backends.batch.run_batch``), with pause.

Each image becomes a ``Job`` whose output is its matte in the cache (``matte_store.matte_path``), written with
``ExportOptions(fmt="alpha")``; a matte already cached is skipped by the engine, so a second run is instant and an
interrupted one resumes. Images go in groups by backend. Each matte is computed by ``tasks.compute_matte`` with the
image's painted trimap, if any (a trimap backend gets an automatic trimap otherwise). A backend that cannot be
loaded fails its group as a whole (``group-failed``), without marking the images: the photos are fine, the setting
is not. Pausing holds the engine between stages; cancelling stops it within a moment.
Progress is reported through ``state.progress`` as ``BatchEvent`` objects, from the engine's threads.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from backends import registry
from backends.batch import Gate, Job, JobResult, run_batch
from backends.contract import BackendOptions
from backends.cutout import ExportOptions
from backends.imaging.reader import Picture

from . import matte_store
from .tasks import compute_matte, saved_edit

__all__ = ["Gate", "BatchEvent", "BatchSummary", "process_all", "job_for"]


@dataclass(frozen=True)
class BatchEvent:
    """``kind``: start (an image begins), end (with ``status`` done/skipped/failed/cancelled), or group-failed
    (the backend of ``paths`` could not be loaded: ``error`` says why)."""

    kind: str
    path: Path
    status: str = ""
    error: str = ""
    seconds: float = 0.0
    paths: tuple[Path, ...] = field(default_factory=tuple)


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
    return Job(Path(path), output, Path(output.stem))


def process_all(groups: list[tuple[str, list[Path]]], workers: int = 1, gate: Gate | None = None,
                state=None, options: BackendOptions | None = None) -> BatchSummary:
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
            registry.get(backend_id, options)
        except Exception as exc:  # noqa: BLE001 - not installed, failed to load: a setting, not a fault of the photos
            report(BatchEvent("group-failed", Path(), error=f"{backend_id}: {exc}", paths=tuple(by_job.values())))
            continue

        def matte_of(job: Job, picture: Picture, backend_id=backend_id, by_job=by_job):
            painted, _edited = saved_edit(by_job[job], picture)
            return compute_matte(picture, backend_id, painted, options)[0]

        def on_event(kind: str, job: Job, result: JobResult | None, by_job=by_job):
            path = by_job.get(job, job.source)
            if kind == "start":
                report(BatchEvent("start", path))
                return
            status = "done" if result.status == "skipped" else result.status
            counts[status] = counts.get(status, 0) + 1
            report(BatchEvent("end", path, status, result.error if status == "failed" else "", result.seconds))

        run_batch(jobs, matte_of, ExportOptions(fmt="alpha"), overwrite=False, workers=workers, cancel=cancel,
                  gate=gate, on_event=on_event)
    return BatchSummary(counts["done"], counts["failed"], counts["cancelled"], time.perf_counter() - started)
