"""Preparing the matting engine once: the first start after an install compiles its kernels (about a minute).

``EngineWarmup.start`` runs ``backends.warmup.warm_up`` on the worker pool when the app opens. When the kernel
cache was cold (``jit_cache_is_warm``), ``preparing`` is True until it is done, so the UI can say what the first
cut-out and the first "Process all" are waiting for ("preparing the matting engine, once") instead of showing a
stuck counter, and the batch's ETA starts after it.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from .workers import WorkerPool


class EngineWarmup(QObject):
    changed = Signal(bool)  # preparing

    def __init__(self, pool: WorkerPool, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = pool
        self.preparing = False
        self.worker = None

    def start(self, task: Callable | None = None, cold: bool | None = None) -> None:
        """Run ``task`` (default ``warm_up``) in the background; ``cold``: whether it compiles (default: the
        kernel cache says so)."""
        from backends.warmup import jit_cache_is_warm, warm_up

        if self.worker is not None:
            return
        self.preparing = (not jit_cache_is_warm()) if cold is None else bool(cold)
        worker = self.pool.prepare(task or warm_up)
        worker.signals.finished.connect(self._finished)
        self.worker = worker
        if self.preparing:
            self.changed.emit(True)
        self.pool.start(worker)

    def _finished(self) -> None:
        self.worker = None
        if self.preparing:
            self.preparing = False
            self.changed.emit(False)
