"""``matting-studio train``: fine-tune a zoo network on a dataset, with a progress bar (or JSON lines).

Exit codes: 0 done, 1 failed, 2 bad arguments / dataset / weights, 3 the loss became NaN, 130 cancelled (Ctrl-C:
a checkpoint is written first; run again with ``--resume RUN`` to continue from there).
"""
from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
from pathlib import Path

from .progress import ProgressBar

EXIT = {"done": 0, "cancelled": 130, "nan": 3, "error": 2}


def network_name(value: str) -> str:
    """A network name of the zoo from a network name or a catalog id (``ppmattingv2-512``)."""
    from backends.models.specs import NETWORKS
    from backends.zoo import catalog

    if value in NETWORKS:
        return value
    entry = catalog.find(value)
    if entry is not None:
        return entry.network
    raise argparse.ArgumentTypeError(f"unknown network {value!r}; networks: {', '.join(NETWORKS)} "
                                     f"(catalog ids work too)")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "train", help="fine-tune a matting model on your own data",
        description="Train (fine-tune) a PaddleSeg Matting network on a dataset: PaddleSeg's layout (train.txt / "
                    "val.txt) or image/ + alpha/ folders. The run folder keeps checkpoints, the best model (by "
                    "SAD on the validation set) and progress.jsonl; training resumes from it.")
    p.add_argument("dataset", nargs="?", type=Path, help="dataset folder (not needed with --resume)")
    p.add_argument("-n", "--network", type=network_name, metavar="NAME",
                   help="network or catalog id, e.g. modnet-mobilenetv2, ppmattingv2-512")
    p.add_argument("-o", "--out", type=Path, metavar="RUN", help="run folder (checkpoints, best model, logs)")
    p.add_argument("--resume", type=Path, metavar="RUN", help="continue the run in this folder")
    p.add_argument("--weights", default=None, metavar="W",
                   help="start weights: official (the installed zoo model), an installed model id, a .pdparams, or "
                        "scratch (the default when not given)")
    p.add_argument("--iters", type=int, metavar="N", help="iterations (default: 2000 when fine-tuning, else the "
                                                          "official count)")
    p.add_argument("--batch-size", type=int, metavar="N", help="total batch size")
    p.add_argument("--lr", type=float, metavar="LR", help="base learning rate (default: the official one, x0.1 "
                                                         "when fine-tuning)")
    p.add_argument("--size", type=int, metavar="PX", help="training crop size (default: the official one)")
    p.add_argument("--val-size", type=int, metavar="PX", help="validation working size (default: official)")
    p.add_argument("--freeze-backbone", action="store_true", help="train the decoder only")
    p.add_argument("--freeze-bn", action="store_true", help="keep every BatchNorm as it is (statistics and scale)")
    p.add_argument("--device", default="auto", help="auto (default: GPU when there is one), cpu, gpu, gpu:N")
    p.add_argument("--gpus", type=int, default=1, metavar="N", help="data-parallel over N GPUs "
                                                                   "(paddle.distributed.launch)")
    p.add_argument("--no-amp", action="store_true", help="no mixed precision on the GPU")
    p.add_argument("--save-every", type=int, metavar="N", help="checkpoint every N iterations")
    p.add_argument("--eval-every", type=int, metavar="N", help="evaluate every N iterations")
    p.add_argument("--keep", type=int, default=3, metavar="N", help="checkpoints kept (default 3)")
    p.add_argument("--log-every", type=int, default=10, metavar="N", help="progress every N iterations")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, metavar="N", help="data-loading threads")
    p.add_argument("--backgrounds", type=Path, metavar="DIR", help="composite samples without a background on "
                                                                  "random images of this folder")
    p.add_argument("--eval-trimap", action="store_true", help="count metrics in the trimap's unknown region only")
    p.add_argument("--check", action="store_true", help="only check the dataset and report problems")
    p.add_argument("--export", metavar="ID", help="when done, register the best model as the user model ID")
    p.add_argument("--json", action="store_true", help="print progress as JSON lines on stdout")
    p.set_defaults(func=run)


def _config(args):
    from training.config import TrainConfig

    if args.resume is not None:
        saved = args.resume / "config.json"
        if not saved.is_file():
            raise ValueError(f"{args.resume} is not a run folder (no config.json)")
        cfg = TrainConfig.load(saved)
        cfg.run_dir = str(args.resume)
        for key in ("iters", "save_every", "eval_every", "workers"):
            if getattr(args, key) is not None:
                setattr(cfg, key, getattr(args, key))
        if args.device != "auto":
            cfg.device = args.device
        return cfg
    if args.dataset is None or args.network is None or args.out is None:
        raise ValueError("give DATASET, --network and --out (or --resume RUN)")
    return TrainConfig(
        network=args.network, dataset=str(args.dataset), run_dir=str(args.out), weights=args.weights,
        iters=args.iters, batch_size=args.batch_size, lr=args.lr, size=args.size, val_size=args.val_size,
        freeze_backbone=args.freeze_backbone, freeze_bn=args.freeze_bn, device=args.device, gpus=args.gpus,
        amp=not args.no_amp, save_every=args.save_every, eval_every=args.eval_every, keep_checkpoints=args.keep,
        log_every=args.log_every, seed=args.seed, workers=args.workers,
        backgrounds=str(args.backgrounds) if args.backgrounds else None, eval_trimap=True if args.eval_trimap else None)


class _Display:
    """Progress bar (stderr) or JSON lines (stdout) for the trainer's events."""

    def __init__(self, as_json: bool):
        self.as_json = as_json
        self.bar = None
        self.done = 0

    def __call__(self, e: dict) -> None:
        if self.as_json:
            print(json.dumps(e), flush=True)
            return
        kind = e["event"]
        if kind == "start":
            print(f"training {e['network']} on {e['device']}: {e['train_samples']} training / {e['val_samples']} "
                  f"validation samples, iterations {e['start_iter']}..{e['iters']}, batch {e['batch_size']}",
                  file=sys.stderr)
            for w in e.get("warnings", []):
                print(f"  warning: {w}", file=sys.stderr)
            self.bar = ProgressBar(e["iters"] - e["start_iter"], label="train")
            self.done = e["start_iter"]
        elif kind == "train" and self.bar:
            self.bar.update(e["iter"] - self.done, note=f"loss {e['losses']['all']:.4f} lr {e['lr']:.2e} "
                                                        f"{e['speed']['samples_per_s']:.1f} img/s")
            self.done = e["iter"]
        elif kind == "eval":
            m = e["metrics"]
            self._line(f"eval @ {e['iter']}: SAD {m['sad']:.3f} MSE {m['mse']:.5f} Grad {m['grad']:.3f} "
                       f"Conn {m['conn']:.3f}" + ("  (best)" if e.get("improved") else ""))
        elif kind in ("nan", "end") and e.get("message"):
            if self.bar:
                self.bar.close()
                self.bar = None
            print(e["message"], file=sys.stderr)

    def _line(self, text):
        if self.bar and self.bar.tty:
            sys.stderr.write("\r\033[K")
        print(text, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.check and args.dataset is not None:
        return _check(args.dataset, args.json)
    try:
        cfg = _config(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        return _check(cfg.dataset, args.json)
    if cfg.gpus > 1:
        status = _run_distributed(cfg, args.json)
    else:
        status = _run_here(cfg, args.json)
    if status == "done" and args.export:
        return _export(cfg, args.export)
    return EXIT.get(status, 1)


def _check(dataset, as_json: bool) -> int:
    from training.validation import validate

    bar = None if as_json else ProgressBar(0, label="check")

    def progress(done, total):
        if bar:
            bar.total = total
            bar.update(1)

    report = validate(dataset, progress=progress)
    if bar:
        bar.close()
    print(json.dumps(report.to_dict()) if as_json else report.text())
    return 0 if report.ok else 2


def _run_here(cfg, as_json: bool) -> str:
    from training.trainer import TrainError, Trainer

    display = _Display(as_json)
    trainer = Trainer(cfg, on_event=display)

    def on_signal(*_):
        trainer.cancel()
        print("\ncancelling: writing a checkpoint...", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, on_signal)
    try:
        return trainer.run()["status"]
    except TrainError as exc:
        if not as_json:
            print(f"error: {exc}", file=sys.stderr)
        return "error"
    finally:
        signal.signal(signal.SIGINT, previous)
        if display.bar:
            display.bar.close()


def _run_distributed(cfg, as_json: bool) -> str:
    """Write the run's config and start ``paddle.distributed.launch``; follow progress.jsonl."""
    from training import launch

    run_dir = Path(cfg.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "config.json").write_text(cfg.resolved().to_json(), "utf-8")
    process = subprocess.Popen(launch.command(run_dir, cfg.gpus), stdout=subprocess.DEVNULL)
    display = _Display(as_json)
    status = "error"
    try:
        for event in launch.follow(run_dir, process):
            display(event)
            if event["event"] == "end":
                status = event["status"]
    except KeyboardInterrupt:
        print("\ncancelling: writing a checkpoint...", file=sys.stderr)
        process.send_signal(signal.SIGINT)
        for event in launch.follow(run_dir, process):
            if event["event"] == "end":
                status = event["status"]
    finally:
        process.wait()
        if display.bar:
            display.bar.close()
    return status


def _export(cfg, model_id: str) -> int:
    from training.checkpoints import run_weights
    from training.export import export_run

    run_dir = Path(cfg.run_dir)
    if run_weights(run_dir) is None:
        print(f"error: {run_dir} has no weights to export", file=sys.stderr)
        return 1
    try:
        model, _, _ = export_run(cfg.network, run_dir, model_id)
    except Exception as exc:  # noqa: BLE001 - a failed export must not hide that the training itself succeeded
        print(f"error: training finished but the export failed: {exc}", file=sys.stderr)
        return 1
    print(f"registered as {model.id}: `matting-studio cutout ... --backend {model.id}`", file=sys.stderr)
    return 0
