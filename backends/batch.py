"""Batch engine: cuts out many files with reading, matting and writing overlapped; one bad file never stops it.

``plan_jobs`` finds the inputs (``backends.scan``) and gives each its output, mirroring sub-folders and keeping the
stem, with names made unique by the one rule of ``backends.naming`` before any work starts. ``run_batch`` runs
three stages on their own threads, joined by small bounded hand-overs:

    read (1-2 threads) -> matte (``workers`` threads) -> render + write (``workers`` threads)

Every wait is bounded and watches ``cancel``, so nothing can wait forever: when ``cancel`` is set no stage starts
new work, and ``run_batch`` returns once the stages in hand finish, or after ``abandon_after`` seconds, leaving them
to end on their (daemon) threads without writing. A ``Gate`` pauses the engine between stages. Photos in flight
are limited by their pixel count (``MAX_PIXELS_IN_FLIGHT``), so several huge photos never sit in memory at once.
Outputs that exist are skipped unless ``overwrite``; an interrupted batch resumes where it stopped.
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .contract import Backend
from .cutout import ExportOptions, matte, matte_warnings, render
from .imaging.atomic import OutputExistsError, atomic_write, clean_stale_temporaries
from .imaging.reader import SUFFIXES, ImageReadError, Picture, probe_pixels, read_image
from .naming import unique_paths
from .scan import Scan, Skipped, scan_inputs

#: photos (in pixels) held by the engine at once, beyond the first: a 24 MP shoot keeps every stage busy, while
#: 100-megapixel files go one at a time
MAX_PIXELS_IN_FLIGHT = 100_000_000
#: when cancelled, how long ``run_batch`` waits for the stages in hand before it returns without them
ABANDON_AFTER_S = 2.0
#: how often blocked threads look at the cancel flag
POLL_S = 0.05


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
    warnings: tuple[str, ...] = ()


@dataclass
class BatchReport:
    results: list[JobResult] = field(default_factory=list)
    #: input files that were not read, with the reason (unsupported type, broken link, ...)
    not_read: list[Skipped] = field(default_factory=list)
    #: stale temporary files of killed runs removed from the output folder before starting
    cleaned: int = 0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failures(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def warned(self) -> list[JobResult]:
        return [r for r in self.results if r.warnings]


class PlanError(ValueError):
    """The inputs cannot be planned (missing path, output is a file...)."""


@dataclass
class Plan:
    jobs: list[Job]
    scan: Scan


def plan(inputs: Iterable[Path], out_dir: Path, options: ExportOptions) -> Plan:
    """Find the images and give each a unique output; raises PlanError before any work when that is impossible."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise PlanError(f"{out_dir}: the output must be a folder, and this is a file")
    try:
        scan = scan_inputs(inputs, out_dir)
    except ValueError as exc:
        raise PlanError(str(exc)) from None
    wanted = [out_dir / f.relative.parent / (f.relative.stem + options.suffix) for f in scan.found]
    outputs = unique_paths(wanted, reserved=[f.source for f in scan.found])
    return Plan([Job(f.source, out, f.relative) for f, out in zip(scan.found, outputs)], scan)


def plan_jobs(inputs: Iterable[Path], out_dir: Path, options: ExportOptions) -> list[Job]:
    """One job per image found; outputs mirror sub-folders and keep the stem (``a.jpg`` -> ``a.png``)."""
    return plan(inputs, out_dir, options).jobs


def find_trimap(trimap_dir: Path | None, job: Job) -> np.ndarray | None:
    """The trimap for a job: same relative path and stem under ``trimap_dir``, any image type."""
    if trimap_dir is None:
        return None
    for suffix in SUFFIXES:
        candidate = Path(trimap_dir) / job.relative.parent / (job.relative.stem + suffix)
        if candidate.exists():
            try:
                rgb = read_image(candidate).rgb
            except ImageReadError as exc:
                raise ImageReadError(f"its trimap {candidate}: {exc}") from None
            return rgb[..., 0] if rgb.dtype == np.uint8 else (rgb[..., 0] >> 8).astype(np.uint8)
    raise ImageReadError(f"no trimap for {job.relative} in {trimap_dir}")


#: what computes a job's alpha from its decoded picture (the batch's backend, or the app's saved edits first)
MatteSource = Callable[[Job, Picture], np.ndarray]


def backend_mattes(backend: Backend, trimap_dir: Path | None = None) -> MatteSource:
    """The usual matte source: ``backend`` on each picture, with the job's trimap from ``trimap_dir`` if any."""

    def compute(job: Job, picture: Picture) -> np.ndarray:
        trimap = find_trimap(trimap_dir, job) if trimap_dir is not None else None
        return matte(backend, picture, trimap)

    return compute


class Gate:
    """Pause / resume for a running batch: stages wait at ``wait`` while it is paused."""

    def __init__(self) -> None:
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
        while not self._open.wait(POLL_S):
            if cancel.is_set():
                return False
        return not cancel.is_set()


Event = Callable[[str, Job, "JobResult | None"], None]


def run_batch(jobs: Sequence[Job], source: Backend | MatteSource, options: ExportOptions, *,
              overwrite: bool = False, workers: int = 1, trimap_dir: Path | None = None,
              cancel: threading.Event | None = None, gate: Gate | None = None, on_event: Event | None = None,
              abandon_after: float = ABANDON_AFTER_S) -> BatchReport:
    """Run every job; returns the report with one result per job, in the jobs' order.

    ``source`` is a backend (with trimaps from ``trimap_dir``) or a ``MatteSource``. ``on_event(kind, job,
    result)`` gets "start" (a job's matting begins) and "end" (its result), from the engine's threads.
    """
    compute = backend_mattes(source, trimap_dir) if isinstance(source, Backend) else source
    engine = _Engine(list(jobs), compute, options, overwrite, max(1, int(workers)), cancel or threading.Event(),
                     gate or Gate(), on_event)
    return engine.run(abandon_after)


class _Handover:
    """A bounded queue between two stages whose waits end when the batch is cancelled or the queue is closed."""

    def __init__(self, size: int, cancel: threading.Event):
        self._queue: queue.Queue[tuple[Any, ...]] = queue.Queue(size)
        self._cancel = cancel
        self._producers = 0
        self._lock = threading.Lock()

    def add_producer(self) -> None:
        with self._lock:
            self._producers += 1

    def producer_done(self) -> None:
        with self._lock:
            self._producers -= 1

    def put(self, item: tuple[Any, ...]) -> bool:
        while not self._cancel.is_set():
            try:
                self._queue.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                pass
        return False

    def get(self) -> tuple[Any, ...] | None:
        """The next item; None once the producers are done and it is empty, or when cancelled."""
        while not self._cancel.is_set():
            try:
                return self._queue.get(timeout=POLL_S)
            except queue.Empty:
                with self._lock:
                    if self._producers == 0 and self._queue.empty():
                        return None
        return None


class _PixelBudget:
    """Limits the pixels of the photos in flight; a photo larger than the budget runs when nothing else does."""

    def __init__(self, limit: int, cancel: threading.Event):
        self._limit, self._cancel = limit, cancel
        self._used = 0
        self._cond = threading.Condition()

    def acquire(self, pixels: int) -> bool:
        with self._cond:
            while self._used and self._used + pixels > self._limit:
                if self._cancel.is_set():
                    return False
                self._cond.wait(POLL_S)
            if self._cancel.is_set():
                return False
            self._used += pixels
            return True

    def release(self, pixels: int) -> None:
        with self._cond:
            self._used -= pixels
            self._cond.notify_all()


class _Engine:
    def __init__(self, jobs: list[Job], compute: MatteSource, options: ExportOptions, overwrite: bool,
                 workers: int, cancel: threading.Event, gate: Gate, on_event: Event | None):
        self.jobs, self.compute, self.options = jobs, compute, options
        self.overwrite, self.workers, self.cancel, self.gate = overwrite, workers, cancel, gate
        self.notify = on_event or (lambda kind, job, result: None)
        self.results: dict[int, JobResult] = {}
        self.lock = threading.Lock()  # results, and one event at a time to the caller
        self.closed = False  # set when run() has returned: late results of abandoned stages are dropped
        self.budget = _PixelBudget(MAX_PIXELS_IN_FLIGHT, cancel)
        self.next_job = 0

    # -- bookkeeping -----------------------------------------------------------------------------------------
    def finish(self, index: int, result: JobResult) -> None:
        with self.lock:
            if self.closed or index in self.results:
                return
            self.results[index] = result
            self.notify("end", result.job, result)

    def fail(self, index: int, exc: BaseException, started: float) -> None:
        job = self.jobs[index]
        self.finish(index, JobResult(job, "failed", describe(exc, job.source), time.perf_counter() - started))

    def start(self, index: int) -> None:
        with self.lock:
            if not self.closed:
                self.notify("start", self.jobs[index], None)

    def take_job(self) -> int | None:
        with self.lock:
            if self.next_job >= len(self.jobs) or self.cancel.is_set():
                return None
            self.next_job += 1
            return self.next_job - 1

    # -- the stages ------------------------------------------------------------------------------------------
    def read_stage(self, decoded: _Handover) -> None:
        try:
            while (index := self.take_job()) is not None:
                job = self.jobs[index]
                started = time.perf_counter()
                if job.output.exists() and not self.overwrite:
                    self.finish(index, JobResult(job, "skipped", "output exists"))
                    continue
                pixels = probe_pixels(job.source)
                if not self.budget.acquire(pixels):
                    break
                try:
                    picture = read_image(job.source)
                except Exception as exc:  # noqa: BLE001 - reported per file
                    self.budget.release(pixels)
                    self.fail(index, exc, started)
                    continue
                if not decoded.put((index, picture, pixels, started)):
                    self.budget.release(pixels)
                    break
        finally:
            decoded.producer_done()

    def matte_stage(self, decoded: _Handover, matted: _Handover) -> None:
        try:
            while (item := decoded.get()) is not None:
                index, picture, pixels, started = item
                job = self.jobs[index]
                alpha = None
                try:
                    if not self.gate.wait(self.cancel):
                        continue
                    self.start(index)
                    alpha = self.compute(job, picture)
                except Exception as exc:  # noqa: BLE001 - one photo's failure is reported, the batch goes on
                    self.fail(index, exc, started)
                    continue
                finally:
                    if alpha is None:
                        self.budget.release(pixels)
                if not matted.put((index, picture, alpha, pixels, started)):
                    self.budget.release(pixels)
        finally:
            matted.producer_done()

    def write_stage(self, matted: _Handover) -> None:
        while (item := matted.get()) is not None:
            index, picture, alpha, pixels, started = item
            job = self.jobs[index]
            try:
                if not self.gate.wait(self.cancel):
                    continue
                warnings = tuple(matte_warnings(alpha))
                data = render(picture, alpha, self.options)
                del picture, alpha
                if self.cancel.is_set():
                    continue
                atomic_write(job.output, data, overwrite=self.overwrite)
                self.finish(index, JobResult(job, "done", seconds=time.perf_counter() - started, warnings=warnings))
            except OutputExistsError:
                self.finish(index, JobResult(job, "skipped", "written meanwhile by another run",
                                             time.perf_counter() - started))
            except Exception as exc:  # noqa: BLE001 - one photo's failure is reported, the batch goes on
                self.fail(index, exc, started)
            finally:
                self.budget.release(pixels)

    # -- running -----------------------------------------------------------------------------------------------
    def run(self, abandon_after: float) -> BatchReport:
        decoded = _Handover(1, self.cancel)
        matted = _Handover(1, self.cancel)
        stages = (("read", 2 if self.workers > 1 else 1, self.read_stage, (decoded,), decoded),
                  ("matte", self.workers, self.matte_stage, (decoded, matted), matted),
                  ("write", self.workers, self.write_stage, (matted,), None))
        threads = []
        for name, count, target, args, output in stages:
            for i in range(count):
                if output is not None:
                    output.add_producer()
                threads.append(threading.Thread(target=target, args=args, name=f"batch-{name}-{i}", daemon=True))
        try:
            for t in threads:
                t.start()
            cancelled_at = None
            while any(t.is_alive() for t in threads):
                for t in threads:
                    t.join(POLL_S)
                if self.cancel.is_set():
                    cancelled_at = cancelled_at or time.monotonic()
                    if time.monotonic() - cancelled_at > abandon_after:
                        break  # the stages in hand end on their own threads and write nothing
        finally:
            self.cancel_if_abandoned(threads)
            with self.lock:
                self.closed = True
                missing = [i for i in range(len(self.jobs)) if i not in self.results]
                for i in missing:  # never started, or abandoned in flight
                    self.results[i] = JobResult(self.jobs[i], "cancelled")
                    self.notify("end", self.jobs[i], self.results[i])
        return BatchReport([self.results[i] for i in range(len(self.jobs))])

    def cancel_if_abandoned(self, threads: list[threading.Thread]) -> None:
        """Stages still running when ``run`` leaves (an abandon, or an exception) must not write: cancel them."""
        if any(t.is_alive() for t in threads):
            self.cancel.set()


def clean_outputs(out_dir: Path) -> int:
    """Remove temporary files that killed runs left in the output folder; returns how many."""
    return clean_stale_temporaries(Path(out_dir))


def describe(exc: BaseException, source: Path | None = None) -> str:
    """A failure as one line for the user; the file's name is left out when the caller shows it already."""
    text = str(exc) or type(exc).__name__
    if source is not None and text.startswith(f"{source.name}: "):
        text = text[len(source.name) + 2:]
    if isinstance(exc, (ImageReadError, OSError, ValueError)) or type(exc).__module__.startswith("backends"):
        return text
    return f"{type(exc).__name__}: {text}"
