"""Background work for the UI: generator tasks on a ``QThreadPool``, with progress, cancellation and errors as signals.

A task is a plain function (no Qt) that may be a generator: each ``yield`` reports progress (any object) and is a
point where cancellation is checked; its return value is the result. The task gets a ``TaskState`` when it takes a
``state`` keyword, to check ``state.cancelled`` (or pass ``state.cancel_event`` to ``run_batch``) in long loops.
Signals are emitted from the pool thread and delivered, queued, on the UI thread:

    worker = pool.submit(load_image, path)
    worker.signals.progress.connect(...); worker.signals.result.connect(...); worker.signals.errored.connect(...)

Ideas from napari's generator workers and Orange's ``TaskState``; the code is our own.
"""
from __future__ import annotations

import inspect
import os
import sys
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


#: how often (seconds) a thread running Python code hands the GIL over; CPython's default is 5 ms
SWITCH_INTERVAL = 0.001


def keep_ui_responsive() -> None:
    """Let the UI thread take the GIL back quickly while workers run Python code.

    With several worker threads (the batch engine's readers, inferers and writers, previews, thumbnails) the UI
    thread can wait several of CPython's 5 ms switch intervals for the GIL; measured gaps of 150-250 ms in the
    event loop under load fell below 40 ms with a 1 ms interval.
    """
    if sys.getswitchinterval() > SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)


#: niceness added to worker threads (Linux), so the UI thread wins the CPU when cores are short
WORKER_NICENESS = 5


def lower_thread_priority() -> None:
    """Run the calling worker thread (and the threads it starts, which inherit it) at a lower CPU priority."""
    if hasattr(os, "setpriority") and sys.platform.startswith("linux"):
        tid = threading.get_native_id()
        try:
            if os.getpriority(os.PRIO_PROCESS, tid) < WORKER_NICENESS:
                os.setpriority(os.PRIO_PROCESS, tid, WORKER_NICENESS)
        except OSError:
            pass


class Cancelled(Exception):
    """Raised inside a task (by ``TaskState.check``) when the task was cancelled."""


class TaskState:
    """What a running task can see: whether it was cancelled, and a way to report progress without a generator."""

    def __init__(self, signals: WorkerSignals):
        self._signals = signals
        self.cancel_event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    def progress(self, value: object) -> None:
        self._signals.progress.emit(value)


class WorkerSignals(QObject):
    """Signals of one worker; created on the UI thread so that connected slots run there."""

    started = Signal()
    progress = Signal(object)
    result = Signal(object)
    errored = Signal(object)  # the exception; its formatted traceback is on ``exc.__traceback_text__``
    cancelled = Signal()
    finished = Signal()  # always last, after result / errored / cancelled


class Worker(QRunnable):
    """Runs ``fn(*args, **kwargs)`` once on a pool thread; iterates it when it is a generator."""

    def __init__(self, fn: Callable, *args, **kwargs):
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; the pool drops its reference when it finishes
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = WorkerSignals()
        self.state = TaskState(self.signals)
        self.name = getattr(fn, "__name__", "task")
        self.done = threading.Event()
        if "state" in inspect.signature(fn).parameters:
            self.kwargs["state"] = self.state

    def cancel(self) -> None:
        self.state.cancel_event.set()

    @Slot()
    def run(self) -> None:
        signals = self.signals
        lower_thread_priority()
        try:
            signals.started.emit()
            if self.state.cancelled:
                raise Cancelled()
            out = self.fn(*self.args, **self.kwargs)
            if inspect.isgenerator(out):
                out = self._drain(out)
            if self.state.cancelled:
                raise Cancelled()
            signals.result.emit(out)
        except Cancelled:
            signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a signal; the pool thread never dies
            exc.__traceback_text__ = traceback.format_exc()
            signals.errored.emit(exc)
        finally:
            self.done.set()
            signals.finished.emit()

    def _drain(self, gen):
        try:
            value = next(gen)
            while True:
                if self.state.cancelled:
                    gen.close()
                    raise Cancelled()
                self.signals.progress.emit(value)
                value = gen.send(None)
        except StopIteration as stop:
            return stop.value


class WorkerPool(QObject):
    """A ``QThreadPool`` that keeps every worker alive until it finishes, and can cancel and wait for them all."""

    idle = Signal()  # emitted when the last running worker finishes

    def __init__(self, max_threads: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        keep_ui_responsive()
        self.pool = QThreadPool(self)
        if max_threads:
            self.pool.setMaxThreadCount(max_threads)
        self._running: set[Worker] = set()

    def submit(self, fn: Callable, *args, **kwargs) -> Worker:
        worker = Worker(fn, *args, **kwargs)
        self.start(worker)
        return worker

    def prepare(self, fn: Callable, *args, **kwargs) -> Worker:
        """A worker not started yet: connect its signals, then ``start`` it (no signal can be missed)."""
        return Worker(fn, *args, **kwargs)

    def start(self, worker: Worker) -> Worker:
        self._running.add(worker)
        # a bound slot (not a lambda): a pool deleted before a worker's last signal arrives is simply not called
        worker.signals.finished.connect(self._finished)
        self.pool.start(worker)
        return worker

    @Slot()
    def _finished(self) -> None:
        signals = self.sender()
        for worker in list(self._running):
            if worker.signals is signals:
                self._running.discard(worker)
        if not self._running:
            self.idle.emit()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def running(self) -> list[Worker]:
        return list(self._running)

    def cancel_all(self) -> None:
        for worker in list(self._running):
            worker.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every started runnable returned (for shutdown and tests); True when all are done."""
        return self.pool.waitForDone(msecs)
