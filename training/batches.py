"""The trainer's batch loader: the batches of iterations ``start..end-1``, built by a thread pool a little ahead.

Every batch is a function of the dataset (itself seeded) and the iteration, so a resumed run sees the same data
order. With several GPUs each rank builds its own share (``batch // world`` samples) of each batch.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from .datasets import TrainSet


class BatchLoader:
    """Batches for iterations ``start..end-1`` built by a thread pool, a couple of batches ahead."""

    ahead = 2

    def __init__(self, dataset: TrainSet, batch: int, start: int, end: int, workers: int, rank: int = 0,
                 world: int = 1):
        self.dataset, self.batch, self.rank, self.world = dataset, batch, rank, world
        self.local = batch // world
        self.pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="train-data")
        self.pending: dict[int, Future] = {}
        self.next_it, self.end = start, end

    def _make(self, it: int) -> dict[str, np.ndarray]:
        first = it * self.batch + self.rank * self.local
        items = [self.dataset[first + j] for j in range(self.local)]
        return {k: np.stack([x[k] for x in items]) for k in items[0]}

    def get(self, it: int) -> dict[str, np.ndarray]:
        """The batch of iteration ``it`` (waits for it), after queueing the next ones."""
        while self.next_it < min(self.end, it + 1 + self.ahead):
            self.pending[self.next_it] = self.pool.submit(self._make, self.next_it)
            self.next_it += 1
        return self.pending.pop(it).result()

    def close(self) -> None:
        for f in self.pending.values():
            f.cancel()
        self.pool.shutdown(wait=False, cancel_futures=True)
