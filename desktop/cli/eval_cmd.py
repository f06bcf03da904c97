"""``matting-studio eval``: SAD / MSE / Grad / Conn of a model on a dataset's validation set, as PaddleSeg computes
them.

``--weights`` is an installed model id (zoo or user model; the network follows from it), a run folder (its best
model), a ``.pdparams`` file, or ``official``. Exit codes: 0 ok, 1 failed, 2 bad arguments or dataset.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .progress import ProgressBar
from .train_cmd import network_name


def register(subparsers) -> None:
    p = subparsers.add_parser("eval", help="measure a model on a dataset (SAD, MSE, Grad, Conn)",
                              description="Evaluate a matting model on a dataset's validation samples (or all "
                                          "samples) with PaddleSeg's metrics.")
    p.add_argument("dataset", type=Path, help="dataset folder (PaddleSeg layout or image/ + alpha/ folders)")
    p.add_argument("--weights", "-w", default="official", metavar="W",
                   help="installed model id, run folder, .pdparams file, or official (default)")
    p.add_argument("-n", "--network", type=network_name, metavar="NAME",
                   help="network (needed for a .pdparams file or official)")
    p.add_argument("--split", choices=("val", "train", "all"), default="val", help="samples to evaluate")
    p.add_argument("--val-size", type=int, metavar="PX", help="working size (default: the official resize)")
    p.add_argument("--trimap", dest="trimap", action="store_true", default=None,
                   help="count only the trimap's unknown region (default: only for DIM, as the official configs)")
    p.add_argument("--no-trimap", dest="trimap", action="store_false", help="count the whole image")
    p.add_argument("--device", default="auto", help="auto, cpu, gpu or gpu:N")
    p.add_argument("--json", action="store_true", help="print the result (and per-image values) as JSON")
    p.set_defaults(func=run)


def _resolve(args) -> tuple[str, object]:
    """(network, weights) from the arguments."""
    from backends.zoo import catalog, store

    weights = args.weights
    path = Path(weights)
    if path.is_dir() and (path / "config.json").is_file():
        from training.config import TrainConfig

        network = TrainConfig.load(path / "config.json").network
        best = path / "best" / "model.pdparams"
        if not best.is_file():
            raise ValueError(f"{path} has no best model yet (best/model.pdparams)")
        return args.network or network, best
    if not path.exists() and weights != "official":
        model = store.get(weights)
        if model is not None:
            return model.network, weights
        entry = catalog.find(weights)
        if entry is not None:
            raise ValueError(f"{weights} is not installed: run `matting-studio models download {weights}`")
    if args.network is None:
        raise ValueError("give --network for this weights file")
    return args.network, weights


def run(args: argparse.Namespace) -> int:
    from training.datasets import DatasetError, open_dataset
    from training.evaluate import evaluate_weights
    from training.errors import TrainError

    try:
        network, weights = _resolve(args)
        layout = open_dataset(args.dataset)
    except (ValueError, DatasetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    samples = {"val": layout.val, "train": layout.train, "all": layout.train + layout.val}[args.split]
    if not samples:
        print(f"error: {args.dataset} has no {args.split} samples (try --split all)", file=sys.stderr)
        return 2
    bar = None if args.json else ProgressBar(len(samples), label="eval")

    def progress(done, total, values):
        if bar:
            bar.update(1, note=f"SAD {values['sad']:.3f}")

    try:
        result = evaluate_weights(network, weights, samples, args.val_size, args.trimap, args.device, progress)
    except (TrainError, DatasetError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, (DatasetError, ValueError)) else 1
    finally:
        if bar:
            bar.close()
    if args.json:
        print(json.dumps({"network": network, "weights": str(weights), **result}))
    else:
        print(f"{network} on {len(samples)} image(s) of {args.dataset} ({args.split}):")
        print(f"  SAD {result['sad']:.4f}   MSE {result['mse']:.6f}   Grad {result['grad']:.4f}   "
              f"Conn {result['conn']:.4f}")
    return 0
