"""The training loop: fine-tune (or train from scratch) one zoo network on a dataset, reporting JSON events.

    trainer = Trainer(TrainConfig(network="modnet-mobilenetv2", dataset="data/", run_dir="runs/a",
                                  weights="official"), on_event=print)
    result = trainer.run()      # {'status': 'done' | 'cancelled' | 'nan', 'iter': ..., 'best': ...}

Events (dicts, also appended to ``RUN/progress.jsonl`` as JSON lines): ``start`` (settings, device, first
iteration), ``train`` (``iter``, ``iters``, mean ``losses`` over the window, ``lr``, ``speed`` with iterations and
samples per second, ``eta_s``), ``checkpoint``, ``eval`` (``metrics``: sad / mse / grad / conn, and ``best``),
``nan`` and ``end`` (``status``, ``message``). A run folder with checkpoints resumes from the newest one at the same
iteration (same data order: every batch is a function of the seed and the iteration). ``cancel()`` (from another
thread or a signal handler) stops at the next iteration after writing a checkpoint there. A loss that is not finite
stops the run at once, without a checkpoint, with a message naming the last good one.

This module is the loop; the batches come from :mod:`training.batches`, the events go through
:mod:`training.runlog`, the start weights are named by ``checkpoints.resolve_weights``.

Several GPUs: run this under ``python -m paddle.distributed.launch`` (``training.launch`` builds that command);
rank 0 writes checkpoints, evaluates and reports; the batch size is the total over all GPUs.
"""
from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import checkpoints as C
from . import losses as L
from .batches import BatchLoader
from .config import Recipe, TrainConfig, recipe
from .datasets import DatasetError, TrainSet, ValSet, open_dataset
from .errors import TrainError
from .evaluate import evaluate
from .runlog import RunLog, SpeedWindow
from .schedules import learning_rate, make_optimizer

__all__ = ["TrainError", "Trainer", "freeze", "set_train_mode"]


def _is_bn(layer) -> bool:
    from paddle import nn

    return isinstance(layer, (nn.BatchNorm, nn.BatchNorm1D, nn.BatchNorm2D, nn.BatchNorm3D, nn.SyncBatchNorm))


def set_train_mode(network, freeze_backbone: bool = False, freeze_bn: bool = False) -> None:
    """``network.train()``, then the frozen parts back to inference behaviour (BatchNorm on running stats)."""
    network.train()
    for name, layer in network.named_sublayers():
        in_backbone = name == "backbone" or name.startswith("backbone.")
        if _is_bn(layer) and (freeze_bn or (freeze_backbone and in_backbone)):
            layer.eval()


def freeze(network, freeze_backbone: bool = False, freeze_bn: bool = False) -> int:
    """Stop gradients of the backbone and/or every BatchNorm; returns the number of trainable values left."""
    for name, layer in network.named_sublayers(include_self=True):
        in_backbone = name == "backbone" or name.startswith("backbone.")
        if (freeze_backbone and in_backbone) or (freeze_bn and _is_bn(layer)):
            for p in layer.parameters(include_sublayers=freeze_backbone and in_backbone):
                p.stop_gradient = True
    return sum(int(p.size) for p in network.parameters() if not p.stop_gradient)


@dataclass
class _Run:
    """What the loop trains with: made by ``Trainer._setup``."""

    net: Any  # the network
    model: Any  # the network, or its DataParallel wrapper on several GPUs
    optimizer: Any
    scaler: Any  # AMP's GradScaler, or None
    device: Any  # training.device.TrainDevice
    recipe: Recipe
    batches: BatchLoader
    valset: ValSet | None
    start_iter: int
    best: dict | None


class Trainer:
    def __init__(self, config: TrainConfig, on_event: Callable[[dict], None] | None = None):
        self.config = config.resolved()
        self.on_event = on_event
        self.run_dir = Path(self.config.run_dir)
        self._cancel = threading.Event()
        self.rank, self.world = 0, 1
        self.log = RunLog(self.run_dir, on_event)

    def cancel(self) -> None:
        self._cancel.set()

    def emit(self, event: str, **data) -> dict:
        return self.log.emit(event, **data)

    # ------------------------------------------------------------------ setup

    def _init_distributed(self):
        if int(os.environ.get("PADDLE_TRAINERS_NUM", "1")) > 1:
            import paddle.distributed as dist

            dist.init_parallel_env()
            self.rank, self.world = dist.get_rank(), dist.get_world_size()
            self.log.rank = self.rank
            if self.config.batch_size % self.world:
                raise TrainError(f"batch size {self.config.batch_size} is not a multiple of {self.world} GPUs")

    def _check_run_dir(self):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        saved = self.run_dir / "config.json"
        if saved.is_file():
            old = TrainConfig.load(saved)
            if old.network != self.config.network and C.latest(self.run_dir):
                raise TrainError(f"{self.run_dir} holds a run of {old.network}; choose another folder")
        if self.rank == 0:
            saved.write_text(self.config.to_json(), "utf-8")

    def _data(self):
        cfg = self.config
        from .validation import validate

        try:
            layout = open_dataset(cfg.dataset, cfg.val_fraction)
        except DatasetError as exc:
            raise TrainError(str(exc)) from None
        report = validate(layout)
        if not report.ok:
            raise TrainError("the dataset has problems:\n" + report.text())
        backgrounds = None
        if cfg.backgrounds:
            from .datasets import _images

            backgrounds = list(_images(Path(cfg.backgrounds)).values())
        train = TrainSet(layout.train, cfg.network, cfg.size, cfg.seed, backgrounds)
        val = ValSet(layout.val, cfg.network, cfg.val_size, cfg.eval_trimap) if layout.val else None
        return report, train, val

    def _network(self, resume: tuple[int, Path] | None):
        """(network with the weights to start from, first iteration, best result so far): those of ``resume``
        (the newest checkpoint of the run folder) when given, else the configured start weights (checked)."""
        from backends.models import build_with_weights

        cfg = self.config
        start_iter, best, state = 0, None, None
        if resume:
            start_iter, folder = resume
            state = C.load_weights(folder / C.MODEL)
            best = C.read_state(folder).get("best")
        else:
            start = C.resolve_weights(cfg.network, cfg.weights)
            if start is not None:
                from backends.zoo.checkpoint import check_state

                state = C.load_weights(start)
                check_state(state, cfg.network, source=str(start))
        return build_with_weights(cfg.network, state), start_iter, best

    def _setup(self) -> _Run:
        """Everything the loop needs, then the ``start`` event. Problems raise TrainError (or what it wraps)."""
        import paddle

        from backends import fault_trace

        from . import device as D

        fault_trace.rearm()  # importing paddle took the fatal signals over from the crash trace
        cfg = self.config
        self._init_distributed()
        self._check_run_dir()
        gpu = os.environ.get("FLAGS_selected_gpus", "0").split(",")[0] or "0"  # set by the launcher per process
        dev = D.select(cfg.device if self.world == 1 else f"gpu:{gpu}", cfg.amp)
        report, trainset, valset = self._data()
        resume = C.latest(self.run_dir)
        net, start_iter, best = self._network(resume)
        trainable = freeze(net, cfg.freeze_backbone, cfg.freeze_bn)
        set_train_mode(net, cfg.freeze_backbone, cfg.freeze_bn)
        rec = recipe(cfg.network)
        params = [p for p in net.parameters() if not p.stop_gradient]
        if not params:
            raise TrainError("nothing to train: every parameter is frozen")
        optimizer = make_optimizer(rec, params, learning_rate(rec, cfg.lr, cfg.iters, start_iter))
        if resume:
            arrays = C.load_optimizer_arrays(resume[1])
            if arrays:
                C.restore_optimizer(optimizer, net, arrays)
        model = paddle.DataParallel(net) if self.world > 1 else net
        scaler = paddle.amp.GradScaler(init_loss_scaling=1024) if dev.amp else None
        self.emit("start", network=cfg.network, run_dir=str(self.run_dir), device=dev.describe(), amp=dev.amp,
                  gpus=self.world, start_iter=start_iter, iters=cfg.iters, batch_size=cfg.batch_size, lr=cfg.lr,
                  size=cfg.size, weights=str(cfg.weights) if not resume else f"resume:{resume[1].name}",
                  train_samples=report.train_count, val_samples=report.val_count, trainable_params=trainable,
                  warnings=[str(w) for w in report.warnings] + self._launch_warning())
        workers = cfg.workers or min(8, max(1, (os.cpu_count() or 2) - 1))
        batches = BatchLoader(trainset, cfg.batch_size, start_iter, cfg.iters, workers, self.rank, self.world)
        return _Run(net, model, optimizer, scaler, dev, rec, batches, valset, start_iter, best)

    def _launch_warning(self) -> list[str]:
        if self.config.gpus > 1 and self.world == 1:
            return [f"{self.config.gpus} GPUs asked for, but this process was not started by "
                    "paddle.distributed.launch (see training.launch.command): training on one device"]
        return []

    # ------------------------------------------------------------------ run

    def run(self) -> dict:
        """Train to ``iters``; returns the end status. Problems before the first iteration raise TrainError."""
        from backends.zoo.checkpoint import CheckpointError
        from backends.zoo.safe_pickle import CheckpointReadError

        try:
            run = self._setup()
            try:
                return self._loop(run)
            finally:
                run.batches.close()
        except (TrainError, CheckpointError, CheckpointReadError, DatasetError) as exc:
            self.emit("end", status="error", iter=None, message=str(exc))
            raise TrainError(str(exc)) from None

    def _stop_flags(self, cancel: bool, bad: bool) -> tuple[bool, bool]:
        if self.world == 1:
            return cancel, bad
        import paddle
        import paddle.distributed as dist

        flags = paddle.to_tensor([float(cancel), float(bad)])
        dist.all_reduce(flags, op=dist.ReduceOp.MAX)
        c, b = flags.numpy().tolist()
        return bool(c), bool(b)

    def _loop(self, run: _Run) -> dict:
        import paddle

        from .device import autocast

        cfg = self.config
        window = SpeedWindow()
        last_ckpt = C.latest(self.run_dir)
        it, best = run.start_iter, run.best
        while it < cfg.iters:
            cancel, _ = self._stop_flags(self._cancel.is_set(), False)
            if cancel:
                if self.rank == 0 and it > run.start_iter and not (last_ckpt and last_ckpt[0] == it):
                    self._checkpoint(run.net, run.optimizer, it, best)
                return self._end("cancelled", it, best, "cancelled; resume to continue from iteration "
                                                        f"{it if it > run.start_iter else run.start_iter}")
            t0 = time.monotonic()
            batch = run.batches.get(it)
            wait = time.monotonic() - t0
            lr = learning_rate(run.recipe, cfg.lr, cfg.iters, it)
            run.optimizer.set_lr(lr)
            inputs = {k: paddle.to_tensor(v) for k, v in batch.items()}
            with autocast(run.device):
                logits = run.model(inputs)
            logits = {k: v.astype("float32") for k, v in logits.items()}
            losses = L.compute(cfg.network, logits, inputs)
            value = float(losses["all"])
            _, bad = self._stop_flags(False, not math.isfinite(value))
            if bad:
                good = f"checkpoint iter_{last_ckpt[0]:07d}" if last_ckpt else "no checkpoint yet"
                msg = (f"the loss became {value} at iteration {it + 1}: training stopped ({good}). Lower the "
                       f"learning rate (now {lr:g}) and resume, or check the dataset")
                self.emit("nan", iter=it + 1, losses={k: float(v) for k, v in losses.items()}, message=msg)
                return self._end("nan", it, best, msg)
            self._step(run, losses["all"])
            it += 1
            window.add(losses, wait)
            if self.rank != 0:
                continue
            if it % cfg.log_every == 0 or it == cfg.iters:
                self.emit("train", **window.summary(it, cfg.iters, cfg.batch_size, lr))
            if run.valset is not None and (it % cfg.eval_every == 0 or it == cfg.iters):
                best = self._evaluate(run.net, run.valset, it, best)
            if it % cfg.save_every == 0 or it == cfg.iters:
                last_ckpt = (it, self._checkpoint(run.net, run.optimizer, it, best))
        return self._end("done", it, best, f"finished {cfg.iters} iterations")

    @staticmethod
    def _step(run: _Run, total) -> None:
        """Back-propagate ``total`` and take one optimiser step (through AMP's loss scaler when it is on)."""
        import paddle

        if run.scaler is not None:
            scaled = run.scaler.scale(total)
            scaled.backward()
            with paddle.utils.unique_name.guard():  # accumulator names that a resumed run can predict
                run.scaler.minimize(run.optimizer, scaled)
        else:
            total.backward()
            with paddle.utils.unique_name.guard():
                run.optimizer.step()
        run.optimizer.clear_grad()

    def _checkpoint(self, net, optimizer, it, best):
        folder = C.save(self.run_dir, it, net, optimizer, {"best": best, "network": self.config.network},
                        keep=self.config.keep_checkpoints)
        self.emit("checkpoint", iter=it, path=str(folder))
        return folder

    def _evaluate(self, net, valset, it, best):
        cfg = self.config
        result = evaluate(net, valset, should_stop=self._cancel.is_set)
        set_train_mode(net, cfg.freeze_backbone, cfg.freeze_bn)
        if result["count"] < len(valset):  # cancelled part-way: no result to report
            return best
        metrics = {k: result[k] for k in ("sad", "mse", "grad", "conn")}
        improved = best is None or metrics["sad"] < best["sad"]
        if improved:
            C.save_best(self.run_dir, net, metrics, it)
            best = {"iter": it, **metrics}
        self.emit("eval", iter=it, metrics=metrics, images=result["count"], seconds=result["seconds"],
                  best=best, improved=improved)
        return best

    def _end(self, status, it, best, message):
        self.emit("end", status=status, iter=it, best=best, message=message)
        return {"status": status, "iter": it, "best": best, "message": message, "run_dir": str(self.run_dir)}
