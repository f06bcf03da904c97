"""The PaddleSeg Matting zoo as backends: one per catalog model, plus the user's own (trained or imported) models.

A zoo backend is ready once its weights are installed (``matting-studio models download ID``); until then
``readiness()`` says so and what to run. ``load()`` reads the checkpoint safely, builds the network and picks the
fastest correct runtime for the device (``backends.runtimes.select_runtime``); an installed inference model alone
(an official ``deploy`` zip) runs through Paddle Inference. ``predict`` is the official predict pipeline:
the network runs at the config's working size and the alpha comes back at the photo's full size.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

from .contract import (Backend, BackendError, BackendInfo, BackendOptions, NotReadyError, Readiness, as_uint8_rgb,
                       check_trimap)
from .models.specs import spec
from .zoo import catalog, store

if TYPE_CHECKING:
    from .runtimes.base import Runtime


def _working_size(network: str) -> str:
    words = {"limit_short": "short side at most {}", "limit_long": "long side at most {}",
             "by_short": "short side {}", "int_mult": "multiple of {}"}
    return ", ".join(words[r.kind].format(r.size) for r in spec(network).resize)


class ZooBackend(Backend):
    """A network of the zoo with installed weights, run through the official pipeline."""

    model_id: str = ""
    network: str = ""

    def __init__(self, options: BackendOptions | None = None) -> None:
        super().__init__(options)
        self._lock = threading.Lock()
        self._runtime: Runtime | None = None

    def readiness(self) -> Readiness:
        if store.is_installed(self.model_id):
            return Readiness(True)
        entry = catalog.find(self.model_id)
        size = f" (about {entry.checkpoint_mb} MB)" if entry else ""
        return Readiness(False, f"weights not installed: run `matting-studio models download {self.model_id}`"
                                f"{size}, or import a file with `matting-studio models import PATH`")

    def load(self) -> None:
        self._loaded()

    def _loaded(self) -> Runtime:
        """The runtime, loaded by whichever thread asks first (the others wait for it)."""
        with self._lock:
            if self._runtime is None:
                self._runtime = self._load_runtime()
            return self._runtime

    def _load_runtime(self) -> Runtime:
        installed = store.get(self.model_id)
        if installed is None:
            raise NotReadyError(f"{self.info.name}: {self.readiness().reason}")
        device = None if self.options.device == "auto" else self.options.device
        threads = self.options.threads or None
        if installed.checkpoint is not None:
            return self._from_checkpoint(installed.checkpoint, device, threads)
        from .runtimes import load_inference_model
        from .zoo.validate import ModelValidationError, validate

        assert installed.inference is not None  # store.get: a model has a checkpoint or an inference model
        try:  # in a child process first, when its files are new or changed: a broken one cannot crash us
            validate(installed.inference, self.network)
        except ModelValidationError as exc:
            raise BackendError(f"{self.info.name}: {exc}") from None
        return load_inference_model(installed.inference, device=device, name=self.network, threads=threads)

    def _from_checkpoint(self, path, device, threads) -> Runtime:
        from .models import build_with_weights
        from .runtimes import select_runtime
        from .zoo.checkpoint import load_checkpoint

        network = build_with_weights(self.network, load_checkpoint(path, self.network))
        return select_runtime(self.network, network, device=device, threads=threads)

    @property
    def runtime(self) -> Runtime | None:
        """The loaded runtime (None until ``load``)."""
        return self._runtime

    def predict(self, image: np.ndarray, trimap: np.ndarray | None = None) -> np.ndarray:
        from .models.pipeline import PipelineError, predict

        runtime = self._runtime or self._loaded()
        rgb = as_uint8_rgb(image)
        if self.info.needs_trimap:
            trimap = check_trimap(trimap, rgb.shape[:2], self.info.id)
        else:
            trimap = None
        try:
            alpha = predict(self.network, runtime.run, rgb, trimap)
        except PipelineError as exc:
            raise BackendError(str(exc)) from None
        return np.clip(alpha, 0.0, 1.0).astype(np.float32)


def _info(entry: catalog.ModelEntry) -> BackendInfo:
    tags = ("zoo",) + ((f"recommended-{entry.recommended}",) if entry.recommended else ())
    return BackendInfo(
        id=entry.id, name=entry.name,
        description=f"{entry.name} from the PaddleSeg Matting zoo ({entry.params_m} M parameters, "
                    f"{entry.gflops} GFLOPs; SAD {entry.sad} / MSE {entry.mse} on PPM-AIM-195).",
        needs_trimap=entry.needs_trimap, needs_weights=True, working_size=_working_size(entry.network),
        weights_id=entry.id, tags=tags)


def _zoo_class(model_id: str) -> type[ZooBackend]:
    entry = catalog.get(model_id)
    return type(f"ZooBackend[{model_id}]", (ZooBackend,),
                {"model_id": entry.id, "network": entry.network, "info": _info(entry), "__module__": __name__})


PPMattingV2_512 = _zoo_class("ppmattingv2-512")
PPMatting_512 = _zoo_class("ppmatting-512")
PPMatting_1024 = _zoo_class("ppmatting-1024")
PPHumanMatting = _zoo_class("pp-humanmatting")
MODNet_MobileNetV2 = _zoo_class("modnet-mobilenetv2")
MODNet_ResNet50_vd = _zoo_class("modnet-resnet50_vd")
MODNet_HRNet_W18 = _zoo_class("modnet-hrnet_w18")
DIM_VGG16 = _zoo_class("dim-vgg16")


def user_backend_class(model: store.InstalledModel) -> type[ZooBackend]:
    """A backend class for a user model (trained in the app or imported under its own id)."""
    info = BackendInfo(id=model.id, name=f"{model.name} (your model)",
                       description=f"Your model on the {model.network} network ({model.source or 'imported'}).",
                       needs_trimap=spec(model.network).needs_trimap, needs_weights=True,
                       working_size=_working_size(model.network), weights_id=model.id, tags=("user",))
    return type(f"UserBackend[{model.id}]", (ZooBackend,),
                {"model_id": model.id, "network": model.network, "info": info, "__module__": __name__})
