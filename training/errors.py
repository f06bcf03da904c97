"""The error a training run reports to the user: it cannot start (bad dataset, weights, folder)."""
from __future__ import annotations


class TrainError(RuntimeError):
    """A run that cannot start (bad dataset, weights, folder); the message says what to do."""
