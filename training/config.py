"""Training settings: the official recipe of each network and the options of one run (:class:`TrainConfig`).

``recipe(network)`` is the official config's optimiser, schedule, batch size, iterations and crop size.
``TrainConfig.resolved()`` fills what the user left out: from scratch, the official recipe; when fine-tuning from
weights, the fine-tuning defaults (``FINETUNE_ITERS`` iterations at ``FINETUNE_LR_SCALE`` times the official learning
rate, batch size at most ``FINETUNE_MAX_BATCH``). A shorter or longer run stretches the schedule with it: warm-up and
piecewise boundaries keep their fraction of the run.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

FINETUNE_ITERS = 2000
FINETUNE_LR_SCALE = 0.1
FINETUNE_MAX_BATCH = 4


@dataclass(frozen=True)
class Recipe:
    optimizer: str  # 'momentum' (SGD, momentum 0.9) or 'adam'
    lr: float
    weight_decay: float
    schedule: str  # 'poly', 'piecewise' or 'constant'
    batch_size: int
    iters: int
    size: int  # training crop side
    warmup_iters: int = 0
    warmup_start_lr: float = 0.0
    power: float = 0.9
    boundaries: tuple[int, ...] = ()
    values: tuple[float, ...] = ()


_RECIPES = {
    "ppmattingv2": Recipe("momentum", 0.01, 5e-4, "poly", 16, 100_000, 512, warmup_iters=1000, warmup_start_lr=1e-5),
    "ppmatting": Recipe("momentum", 0.01, 4e-5, "poly", 4, 200_000, 512),
    "human_matting": Recipe("momentum", 1e-3, 4e-5, "piecewise", 4, 50_000, 2048, boundaries=(30_000, 40_000),
                            values=(1e-3, 1e-4, 1e-5)),
    "modnet": Recipe("momentum", 0.02, 4e-5, "piecewise", 16, 100_000, 512, boundaries=(40_000, 80_000),
                     values=(0.02, 0.002, 0.0002)),
    "dim": Recipe("adam", 1e-3, 0.0, "constant", 16, 100_000, 320),
}


def recipe(network: str) -> Recipe:
    """The official recipe of a network (``ppmatting-hrnet_w18-human_1024`` crops 1024)."""
    from .losses import family

    r = _RECIPES[family(network)]
    return replace(r, size=1024) if network.endswith("human_1024") else r


@dataclass
class TrainConfig:
    """One training run. ``None`` means "the default" (see the module docstring)."""

    network: str
    dataset: str
    run_dir: str
    weights: str | None = None  # None / 'scratch', 'official', an installed model id, or a .pdparams path
    iters: int | None = None
    batch_size: int | None = None
    lr: float | None = None
    size: int | None = None  # training crop side (rounded up to the network's multiple)
    val_size: int | None = None  # replaces the scale of the official validation resize (None: official)
    freeze_backbone: bool = False
    freeze_bn: bool = False
    device: str = "auto"  # 'auto', 'cpu', 'gpu', 'gpu:N'
    gpus: int = 1  # > 1: data parallel over that many GPUs (through paddle.distributed.launch)
    amp: bool = True  # mixed precision, on GPUs only
    save_every: int | None = None
    eval_every: int | None = None
    keep_checkpoints: int = 3
    log_every: int = 10
    seed: int = 0
    workers: int | None = None  # data-loading threads (None: from the CPU count)
    val_fraction: float = 0.1
    backgrounds: str | None = None  # folder of backgrounds for samples that have none
    eval_trimap: bool | None = None  # count only the trimap's unknown region (None: official, DIM only)
    extra: dict = field(default_factory=dict)

    @property
    def finetune(self) -> bool:
        return self.weights not in (None, "", "scratch")

    def resolved(self) -> "TrainConfig":
        """A copy with every default filled in."""
        from backends.models.specs import spec

        r = recipe(self.network)
        ft = self.finetune
        iters = self.iters or (FINETUNE_ITERS if ft else r.iters)
        batch = self.batch_size or (min(r.batch_size, FINETUNE_MAX_BATCH) if ft else r.batch_size)
        lr = self.lr if self.lr is not None else r.lr * (FINETUNE_LR_SCALE if ft else 1.0)
        mult = max(spec(self.network).multiple, 32 if spec(self.network).multiple > 1 else 1)
        size = self.size or r.size
        size = -(-size // mult) * mult
        every = max(1, min(1000, iters // 10))
        return replace(self, iters=iters, batch_size=batch, lr=lr, size=size,
                       save_every=self.save_every or every, eval_every=self.eval_every or every)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def load(cls, path) -> "TrainConfig":
        return cls.from_dict(json.loads(Path(path).read_text("utf-8")))
