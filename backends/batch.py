"""Batch engine: cuts out many files with decoding, inference and encoding overlapped; one bad file never stops it.

``plan_jobs`` maps inputs (files, or folders searched recursively) to outputs that mirror the folder structure and
keep each input's stem. ``run_batch`` reads ahead on a small thread pool, runs the backend on ``workers`` threads
and writes on another, reporting each step through a callback; it skips outputs that exist unless asked to
overwrite, so an interrupted batch resumes where it stopped, and stops cleanly when ``cancel`` is set.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .contract import Backend
from .cutout import ExportOptions, matte, render
from .imaging.reader import SUFFIXES, ImageReadError, is_image_file, read_image
from .imaging.writer import atomic_write


@dataclass(frozen=True)
class Job:
    source: Path
    output: Path
    relative: Path  # the source's path relative to the folder it was found in (for trimap look-up)


@dataclass
class JobResult:
    job: Job
    status: str  # "done", "skipped", "failed", "cancelled"
    error: str = ""
    seconds: float = 0.0


@dataclass
class BatchReport:
    results: list[JobResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failures(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]


class PlanError(ValueError):
    """The inputs cannot be planned (missing path, output inside input...)."""


def _find_images(inputs: Iterable[Path]) -> list[tuple[Path, Path]]:
    found: list[tuple[Path, Path]] = []
    for root in inputs:
        root = Path(root)
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file() and is_image_file(p) and not any(part.startswith(".") for part in
                                                               p.relative_to(root).parts):
                    found.append((p, p.relative_to(root)))
        elif root.is_file():
            found.append((root, Path(root.name)))
        else:
            raise PlanError(f"{root}: no such file or folder")
    return found


def plan_jobs(inputs: Iterable[Path], out_dir: Path, options: ExportOptions) -> list[Job]:
    """One job per image found; outputs mirror sub-folders and keep the stem (``a.jpg`` -> ``a.png``)."""
    out_dir = Path(out_dir)
    jobs: list[Job] = []
    taken: dict[Path, Path] = {}
    for src, rel in _find_images(inputs):
        out = out_dir / rel.parent / (rel.stem + options.suffix)
        if out in taken and taken[out] != src:  # a.jpg and a.png in one folder: keep both, name by type
            out = out_dir / rel.parent / f"{rel.stem}-{rel.suffix.lstrip('.').lower()}{options.suffix}"
        if src.resolve() == out.resolve():
            raise PlanError(f"{src}: the output would overwrite the input; choose another output folder")
        taken[out] = src
        jobs.append(Job(src, out, rel))
    return jobs


def find_trimap(trimap_dir: Path | None, job: Job) -> np.ndarray | None:
    """The trimap for a job: same relative path and stem under ``trimap_dir``, any image type."""
    if trimap_dir is None:
        return None
    for suffix in SUFFIXES:
        candidate = Path(trimap_dir) / job.relative.parent / (job.relative.stem + suffix)
        if candidate.exists():
            rgb = read_image(candidate).rgb
            grey = rgb[..., 0] if rgb.dtype == np.uint8 else (rgb[..., 0] >> 8).astype(np.uint8)
            return grey
    raise ImageReadError(f"no trimap for {job.relative} in {trimap_dir}")


Event = Callable[[str, Job, JobResult | None], None]


def run_batch(jobs: list[Job], backend: Backend, options: ExportOptions, *, overwrite: bool = False,
              workers: int = 1, trimap_dir: Path | None = None, cancel: threading.Event | None = None,
              on_event: Event | None = None) -> BatchReport:
    """Run every job; returns the report. ``on_event(kind, job, result)`` gets "start" and "end"."""
    cancel = cancel or threading.Event()
    notify = on_event or (lambda kind, job, result: None)
    report = BatchReport()
    lock = threading.Lock()
    todo = []
    for job in jobs:
        if job.output.exists() and not overwrite:
            result = JobResult(job, "skipped", "output exists")
            report.results.append(result)
            notify("end", job, result)
        else:
            todo.append(job)
    workers = max(1, int(workers))
    # bounded read-ahead: at most `ahead` decoded pictures wait for inference
    ahead = threading.Semaphore(workers + 1)

    def load(job):
        ahead.acquire()
        if cancel.is_set():
            return job, None, None, None
        try:
            picture = read_image(job.source)
            trimap = find_trimap(trimap_dir, job) if backend.info.needs_trimap or trimap_dir else None
            return job, picture, trimap, None
        except Exception as exc:  # reported per file
            return job, None, None, exc

    def finish(job, result):
        with lock:
            report.results.append(result)
        notify("end", job, result)

    def process(item):
        job, picture, trimap, error = item
        started = time.perf_counter()
        try:
            if cancel.is_set():
                return finish(job, JobResult(job, "cancelled"))
            if error is not None:
                raise error
            notify("start", job, None)
            alpha = matte(backend, picture, trimap)
            del trimap
        except Exception as exc:
            return finish(job, JobResult(job, "failed", _describe(exc), time.perf_counter() - started))
        finally:
            ahead.release()
        return writers.submit(write, job, picture, alpha, started)

    def write(job, picture, alpha, started):
        try:
            if cancel.is_set():
                return finish(job, JobResult(job, "cancelled"))
            atomic_write(job.output, render(picture, alpha, options), overwrite=overwrite)
            finish(job, JobResult(job, "done", seconds=time.perf_counter() - started))
        except Exception as exc:
            finish(job, JobResult(job, "failed", _describe(exc), time.perf_counter() - started))

    with ThreadPoolExecutor(2, thread_name_prefix="read") as readers, \
            ThreadPoolExecutor(workers, thread_name_prefix="infer") as inferers, \
            ThreadPoolExecutor(max(1, workers), thread_name_prefix="write") as writers:
        loaded = [readers.submit(load, job) for job in todo]
        for fut in [inferers.submit(lambda f=f: process(f.result())) for f in loaded]:
            fut.result()
    order = {job: i for i, job in enumerate(jobs)}
    report.results.sort(key=lambda r: order.get(r.job, 0))
    return report


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (ImageReadError, OSError, ValueError)) or type(exc).__module__.startswith("backends"):
        return text
    return f"{type(exc).__name__}: {text}"
