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

Several GPUs: run this under ``python -m paddle.distributed.launch`` (``training.launch`` builds that command);
rank 0 writes checkpoints, evaluates and reports; the batch size is the total over all GPUs.
"""
from __future__ import annotations

import json
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import numpy as np

from . import checkpoints as C
from . import losses as L
from .config import TrainConfig, recipe
from .datasets import DatasetError, TrainSet, ValSet, open_dataset
from .evaluate import evaluate
from .schedules import learning_rate, make_optimizer


class TrainError(RuntimeError):
    """A run that cannot start (bad dataset, weights, folder); the message says what to do."""


def resolve_weights(network: str, weights) -> Path | None:
    """The .pdparams to start from: None (scratch), 'official', an installed model id, or a file path."""
    if weights in (None, "", "scratch"):
        return None
    from backends.zoo import catalog, store

    if weights == "official":
        entries = catalog.by_network(network)
        for entry in entries:
            path = store.weights_path(entry.id)
            if path is not None:
                return path
        ids = ", ".join(e.id for e in entries) or network
        raise TrainError(f"the official weights of {network} are not installed: run "
                         f"`matting-studio models download {ids.split(',')[0]}` first (or start from scratch)")
    path = Path(weights)
    if path.is_file():
        return path
    if path.is_dir() and (path / C.MODEL).is_file():
        return path / C.MODEL
    try:
        model = store.get(str(weights))
    except Exception:
        model = None
    if model is not None:
        if model.network != network:
            raise TrainError(f"installed model {weights!r} is a {model.network}, not a {network}")
        if model.checkpoint is None:
            raise TrainError(f"installed model {weights!r} has only an inference model; training needs its "
                             ".pdparams weights")
        return model.checkpoint
    raise TrainError(f"start weights {weights!r}: no such file, and no installed model with that id")


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


class _Batches:
    """Batches for iterations ``start..iters-1`` built by a thread pool, a couple of batches ahead."""

    def __init__(self, dataset: TrainSet, batch: int, start: int, end: int, workers: int, rank=0, world=1):
        self.dataset, self.batch, self.rank, self.world = dataset, batch, rank, world
        self.local = batch // world
        self.pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="train-data")
        self.pending = {}
        self.next_it, self.end = start, end
        self.ahead = 2

    def _make(self, it: int) -> dict:
        first = it * self.batch + self.rank * self.local
        items = [self.dataset[first + j] for j in range(self.local)]
        return {k: np.stack([x[k] for x in items]) for k in items[0]}

    def get(self, it: int) -> dict:
        while self.next_it < min(self.end, it + 1 + self.ahead):
            self.pending[self.next_it] = self.pool.submit(self._make, self.next_it)
            self.next_it += 1
        return self.pending.pop(it).result()

    def close(self):
        for f in self.pending.values():
            f.cancel()
        self.pool.shutdown(wait=False, cancel_futures=True)


class Trainer:
    def __init__(self, config: TrainConfig, on_event: Callable[[dict], None] | None = None):
        self.config = config.resolved()
        self.on_event = on_event
        self.run_dir = Path(self.config.run_dir)
        self._cancel = threading.Event()
        self.rank, self.world = 0, 1

    # ------------------------------------------------------------------ events

    def cancel(self) -> None:
        self._cancel.set()

    def emit(self, event: str, **data) -> dict:
        record = {"event": event, "time": round(time.time(), 3), **data}
        if self.rank == 0:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            with open(self.run_dir / "progress.jsonl", "a", encoding="utf-8") as f:
                f.write(json.dumps(record, default=_jsonable) + "\n")
            if self.on_event:
                self.on_event(record)
        return record

    # ------------------------------------------------------------------ setup

    def _init_distributed(self):
        if int(os.environ.get("PADDLE_TRAINERS_NUM", "1")) > 1:
            import paddle.distributed as dist

            dist.init_parallel_env()
            self.rank, self.world = dist.get_rank(), dist.get_world_size()
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

    def _network(self):
        import paddle

        from backends.models import build

        with paddle.utils.unique_name.guard():
            return build(self.config.network)

    @staticmethod
    def _load(network, path):
        import paddle

        network.set_state_dict({k: paddle.to_tensor(v) for k, v in C.load_weights(path).items()})

    # ------------------------------------------------------------------ run

    def run(self) -> dict:
        """Train to ``iters``; returns the end status. Problems before the first iteration raise TrainError."""
        from backends.zoo.checkpoint import CheckpointError
        from backends.zoo.safe_pickle import CheckpointReadError

        try:
            return self._run()
        except (TrainError, CheckpointError, CheckpointReadError, DatasetError) as exc:
            self.emit("end", status="error", iter=None, message=str(exc))
            raise TrainError(str(exc)) from None

    def _run(self) -> dict:
        import paddle

        from . import device as D

        cfg = self.config
        self._init_distributed()
        self._check_run_dir()
        gpu = os.environ.get("FLAGS_selected_gpus", "0").split(",")[0] or "0"  # set by the launcher per process
        dev = D.select(cfg.device if self.world == 1 else f"gpu:{gpu}", cfg.amp)
        report, trainset, valset = self._data()
        net = self._network()
        start_iter, best = 0, None
        resume = C.latest(self.run_dir)
        if resume:
            start_iter, folder = resume
            self._load(net, folder / C.MODEL)
            best = C.read_state(folder).get("best")
        else:
            start = resolve_weights(cfg.network, cfg.weights)
            if start is not None:
                from backends.zoo.checkpoint import check_state

                check_state(C.load_weights(start), cfg.network, source=str(start))
                self._load(net, start)
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
        batches = _Batches(trainset, cfg.batch_size, start_iter, cfg.iters, workers, self.rank, self.world)
        try:
            return self._loop(net, model, optimizer, scaler, dev, rec, batches, valset, start_iter, best)
        finally:
            batches.close()

    def _launch_warning(self) -> list[str]:
        if self.config.gpus > 1 and self.world == 1:
            return [f"{self.config.gpus} GPUs asked for, but this process was not started by "
                    "paddle.distributed.launch (see training.launch.command): training on one device"]
        return []

    def _stop_flags(self, cancel: bool, bad: bool) -> tuple[bool, bool]:
        if self.world == 1:
            return cancel, bad
        import paddle
        import paddle.distributed as dist

        flags = paddle.to_tensor([float(cancel), float(bad)])
        dist.all_reduce(flags, op=dist.ReduceOp.MAX)
        c, b = flags.numpy().tolist()
        return bool(c), bool(b)

    def _loop(self, net, model, optimizer, scaler, dev, rec, batches, valset, start_iter, best):
        import paddle

        from .device import autocast

        cfg = self.config
        window = {"losses": {}, "n": 0, "t": time.monotonic(), "wait": 0.0}
        last_ckpt = C.latest(self.run_dir)
        it = start_iter
        while it < cfg.iters:
            cancel, _ = self._stop_flags(self._cancel.is_set(), False)
            if cancel:
                if self.rank == 0 and it > start_iter and not (last_ckpt and last_ckpt[0] == it):
                    self._checkpoint(net, optimizer, it, best)
                return self._end("cancelled", it, best, "cancelled; resume to continue from iteration "
                                                        f"{it if it > start_iter else start_iter}")
            t0 = time.monotonic()
            batch = batches.get(it)
            window["wait"] += time.monotonic() - t0
            lr = learning_rate(rec, cfg.lr, cfg.iters, it)
            optimizer.set_lr(lr)
            inputs = {k: paddle.to_tensor(v) for k, v in batch.items()}
            with autocast(dev):
                logits = model(inputs)
            logits = {k: v.astype("float32") for k, v in logits.items()}
            losses = L.compute(cfg.network, logits, inputs)
            total = losses["all"]
            value = float(total)
            _, bad = self._stop_flags(False, not math.isfinite(value))
            if bad:
                good = f"checkpoint iter_{last_ckpt[0]:07d}" if last_ckpt else "no checkpoint yet"
                msg = (f"the loss became {value} at iteration {it + 1}: training stopped ({good}). Lower the "
                       f"learning rate (now {lr:g}) and resume, or check the dataset")
                self.emit("nan", iter=it + 1, losses={k: float(v) for k, v in losses.items()}, message=msg)
                return self._end("nan", it, best, msg)
            if scaler is not None:
                scaled = scaler.scale(total)
                scaled.backward()
                with paddle.utils.unique_name.guard():  # accumulator names that a resumed run can predict
                    scaler.minimize(optimizer, scaled)
            else:
                total.backward()
                with paddle.utils.unique_name.guard():
                    optimizer.step()
            optimizer.clear_grad()
            it += 1
            for k, v in losses.items():
                window["losses"][k] = window["losses"].get(k, 0.0) + float(v)
            window["n"] += 1
            if self.rank != 0:
                continue
            if it % cfg.log_every == 0 or it == cfg.iters:
                self._log(window, it, lr)
            if valset is not None and (it % cfg.eval_every == 0 or it == cfg.iters):
                best = self._evaluate(net, valset, it, best)
            if it % cfg.save_every == 0 or it == cfg.iters:
                last_ckpt = (it, self._checkpoint(net, optimizer, it, best))
        return self._end("done", it, best, f"finished {cfg.iters} iterations")

    def _log(self, window, it, lr):
        cfg = self.config
        n = max(window["n"], 1)
        elapsed = max(time.monotonic() - window["t"], 1e-9)
        ips = window["n"] / elapsed
        self.emit("train", iter=it, iters=cfg.iters, lr=lr,
                  losses={k: v / n for k, v in window["losses"].items()},
                  speed={"iters_per_s": ips, "samples_per_s": ips * cfg.batch_size,
                         "data_wait_s": window["wait"] / n},
                  eta_s=(cfg.iters - it) / ips if ips > 0 else None)
        window.update(losses={}, n=0, t=time.monotonic(), wait=0.0)

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


def evaluate_start(config: TrainConfig) -> dict:
    """Metrics of the start weights on the validation set (the "before" of a before / after comparison)."""
    from .evaluate import evaluate_weights

    cfg = config.resolved()
    layout = open_dataset(cfg.dataset, cfg.val_fraction)
    return evaluate_weights(cfg.network, resolve_weights(cfg.network, cfg.weights), layout.val, cfg.val_size,
                            cfg.eval_trimap, cfg.device)


def _jsonable(obj):
    if isinstance(obj, (np.floating, np.integer)):
        return obj.item()
    if isinstance(obj, Path):
        return str(obj)
    return str(obj)
