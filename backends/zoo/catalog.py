"""The model catalog: the eight models of the PaddleSeg Matting zoo as data, and where to download them.

Figures are the zoo's published ones (PPM-AIM-195 test set, V100 GPU; PP-HumanMatting's FLOPs and FPS at 2048x2048,
the others at 512x512). Sizes are approximate (float32 parameter counts); ``checkpoint_bytes`` /
``checkpoint_sha256`` are exact facts to verify a download against and stay ``None`` until someone records them.
The download base is ``DEFAULT_MIRROR``, or ``$MATTING_STUDIO_MIRROR``, or a ``mirror`` argument (an ``http(s)://``
or ``file://`` URL laid out like the official one: ``NAME.pdparams`` and ``deploy/NAME.zip``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from backends.models.specs import NETWORKS

DEFAULT_MIRROR = "https://paddleseg.bj.bcebos.com/matting/models"
MIRROR_ENV = "MATTING_STUDIO_MIRROR"
LICENCE = "Apache-2.0"
BENCHMARK = "PPM-AIM-195, NVIDIA V100"


@dataclass(frozen=True)
class ModelEntry:
    id: str
    network: str  # the reference network name, a key of backends.models.specs.NETWORKS
    name: str
    config: str  # the PaddleSeg config it comes from
    checkpoint_file: str  # under the mirror base
    inference_file: str  # under <mirror base>/deploy/
    checkpoint_mb: float  # approximate download sizes
    inference_mb: float
    params_m: float
    gflops: float
    sad: float
    mse: float
    fps: float
    needs_trimap: bool = False
    recommended: str | None = None  # "speed" or "quality"
    note: str = ""
    licence: str = LICENCE
    checkpoint_bytes: int | None = None
    checkpoint_sha256: str | None = None
    inference_bytes: int | None = None

    def checkpoint_url(self, mirror: str | None = None) -> str:
        return f"{mirror_base(mirror)}/{self.checkpoint_file}"

    def inference_url(self, mirror: str | None = None) -> str:
        return f"{mirror_base(mirror)}/deploy/{self.inference_file}"


def _e(id: str, network: str, name: str, config: str, inference_file: str, mb: float, zip_mb: float,
       figures: tuple[float, float, float, float, float], **kw) -> ModelEntry:
    sad, mse, params_m, gflops, fps = figures
    return ModelEntry(id, network, name, config, f"{network}.pdparams", inference_file, mb, zip_mb,
                      params_m, gflops, sad, mse, fps, **kw)


CATALOG: tuple[ModelEntry, ...] = (
    _e("ppmattingv2-512", "ppmattingv2-stdc1-human_512", "PP-MattingV2-512",
       "ppmattingv2/ppmattingv2-stdc1-human_512.yml", "ppmattingv2-stdc1-human_512.zip",
       36, 34, (40.59, 0.0038, 8.95, 7.51, 98.89), recommended="speed",
       note="fastest; real-time portrait matting"),
    _e("ppmatting-512", "ppmatting-hrnet_w18-human_512", "PP-Matting-512",
       "ppmatting/ppmatting-hrnet_w18-human_512.yml", "ppmatting-hrnet_w18-human_512.zip",
       98, 98, (31.56, 0.0022, 24.5, 91.28, 28.9), recommended="quality",
       note="best published SAD of the trimap-free models"),
    _e("ppmatting-1024", "ppmatting-hrnet_w18-human_1024", "PP-Matting-1024",
       "ppmatting/ppmatting-hrnet_w18-human_1024.yml", "ppmatting-hrnet_w18-human_1024.zip",
       98, 98, (66.22, 0.0088, 24.5, 91.28, 13.4), note="works at up to 1024 px on the short side"),
    _e("pp-humanmatting", "human_matting-resnet34_vd", "PP-HumanMatting",
       "human_matting/human_matting-resnet34_vd.yml", "pp-humanmatting-resnet34_vd.zip",
       256, 256, (53.15, 0.0054, 63.9, 135.8, 32.8), note="high-resolution (FLOPs and FPS at 2048x2048)"),
    _e("modnet-mobilenetv2", "modnet-mobilenetv2", "MODNet-MobileNetV2",
       "modnet/modnet-mobilenetv2.yml", "modnet-mobilenetv2.zip",
       26, 24, (50.07, 0.0053, 6.5, 15.7, 68.4), note="smallest download"),
    _e("modnet-resnet50_vd", "modnet-resnet50_vd", "MODNet-ResNet50_vd",
       "modnet/modnet-resnet50_vd.yml", "modnet-resnet50_vd.zip",
       369, 350, (39.01, 0.0038, 92.2, 151.6, 29.0), note="largest download"),
    _e("modnet-hrnet_w18", "modnet-hrnet_w18", "MODNet-HRNet_W18",
       "modnet/modnet-hrnet_w18.yml", "modnet-hrnet_w18.zip",
       41, 40, (35.55, 0.0035, 10.2, 28.5, 62.6)),
    _e("dim-vgg16", "dim-vgg16", "DIM-VGG16",
       "dim/dim-vgg16.yml", "dim-vgg16.zip",
       114, 114, (32.31, 0.0233, 28.4, 175.5, 30.4), needs_trimap=True,
       note="needs a trimap (brush, file, or made from another model's alpha)"),
)

_BY_ID = {e.id: e for e in CATALOG}
assert all(e.network in NETWORKS for e in CATALOG), "catalog names a network that specs.NETWORKS lacks"


def mirror_base(override: str | None = None) -> str:
    """The download base URL: ``override``, else ``$MATTING_STUDIO_MIRROR``, else the official bucket."""
    base = override or os.environ.get(MIRROR_ENV) or DEFAULT_MIRROR
    return base.rstrip("/")


def entries() -> tuple[ModelEntry, ...]:
    return CATALOG


def ids() -> list[str]:
    return [e.id for e in CATALOG]


def get(model_id: str) -> ModelEntry:
    try:
        return _BY_ID[model_id]
    except KeyError:
        raise KeyError(f"unknown model {model_id!r}; the catalog has: {', '.join(_BY_ID)}") from None


def find(model_id: str) -> ModelEntry | None:
    return _BY_ID.get(model_id)


def by_network(network: str) -> list[ModelEntry]:
    return [e for e in CATALOG if e.network == network]


def by_filename(filename: str) -> ModelEntry | None:
    """The entry whose official checkpoint or inference-zip file (or its stem) is ``filename``, if any."""
    base = filename.rsplit("/", 1)[-1]
    for e in CATALOG:
        names = {e.checkpoint_file, e.inference_file, e.network, e.inference_file.removesuffix(".zip"), e.id}
        if base in names:
            return e
    return None


def recommended(purpose: str) -> ModelEntry:
    """The recommended model for ``"speed"`` (PP-MattingV2-512) or ``"quality"`` (PP-Matting-512)."""
    for e in CATALOG:
        if e.recommended == purpose:
            return e
    raise KeyError(f"no model is recommended for {purpose!r}; use 'speed' or 'quality'")
