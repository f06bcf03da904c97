"""Learning-rate schedules and optimisers of the official configs, as plain functions of the iteration.

``learning_rate(recipe, base_lr, iters, it)`` is the rate used at iteration ``it`` (0-based), so resuming needs no
scheduler state. Poly: ``(base - 0) * (1 - t/T)^power`` after an optional linear warm-up from ``warmup_start_lr``
(PaddleSeg's ``LinearWarmup`` over ``PolynomialDecay`` with ``T = iters - warmup``); piecewise: ``values[i]`` scaled
by ``base_lr / values[0]``. Warm-up and boundaries keep their fraction of the official run when ``iters`` differs.
"""
from __future__ import annotations

from .config import Recipe


def _scaled(n: int, recipe: Recipe, iters: int) -> int:
    return int(round(n * iters / recipe.iters))


def learning_rate(recipe: Recipe, base_lr: float, iters: int, it: int) -> float:
    if recipe.schedule == "constant":
        return base_lr
    if recipe.schedule == "piecewise":
        bounds = [_scaled(b, recipe, iters) for b in recipe.boundaries]
        index = sum(it >= b for b in bounds)
        return recipe.values[index] * base_lr / recipe.values[0]
    if recipe.schedule == "poly":
        warmup = _scaled(recipe.warmup_iters, recipe, iters) if recipe.warmup_iters else 0
        if it < warmup:
            start = min(recipe.warmup_start_lr, base_lr)
            return start + (base_lr - start) * it / warmup
        decay_steps = max(iters - warmup, 1)
        t = min(it - warmup, decay_steps)
        return base_lr * (1 - t / decay_steps) ** recipe.power
    raise ValueError(f"unknown schedule {recipe.schedule!r}")


def make_optimizer(recipe: Recipe, parameters, lr: float):
    """The official optimiser over ``parameters`` (the rate is set each iteration with ``set_lr``)."""
    import paddle

    if recipe.optimizer == "adam":
        return paddle.optimizer.Adam(learning_rate=lr, parameters=parameters)
    if recipe.optimizer == "momentum":
        return paddle.optimizer.Momentum(learning_rate=lr, momentum=0.9, parameters=parameters,
                                         weight_decay=recipe.weight_decay or None)
    raise ValueError(f"unknown optimiser {recipe.optimizer!r}")
