"""The backend plugin contract: what a matting backend declares and the one call it answers.

A backend turns an RGB image into an alpha matte. It declares, as plain data that the UI and CLI read without
loading anything heavy, whether it needs a trimap, whether it needs downloaded weights, and how it chooses its
working resolution. ``load()`` (slow: imports frameworks, reads weights) is separate from ``predict()``.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
import numpy as np


class BackendError(RuntimeError):
    """A backend cannot do what was asked; the message is meant for the user."""


class NotReadyError(BackendError):
    """The backend's weights (or its runtime) are not installed."""


class NoSubjectError(BackendError):
    """The image holds nothing the backend can cut out (e.g. no person)."""


@dataclass(frozen=True)
class BackendInfo:
    """What a backend is and needs. Everything here is cheap to read."""

    id: str
    name: str
    description: str = ""
    needs_trimap: bool = False
    needs_weights: bool = False
    #: how the working resolution is chosen, for people: e.g. "long side 800", "short side 512, multiple of 32"
    working_size: str = "full resolution"
    #: catalog id of the weights this backend loads, when it needs any
    weights_id: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class BackendOptions:
    """How a backend instance runs: given to ``registry.get(id, options)``; instances are shared per (id, options).

    device: "auto" (the GPU when the installed paddle is a CUDA build and sees one, else the CPU), "cpu", "gpu" or
    "gpu:N". threads: CPU threads for model inference, 0 for one per usable core.
    """

    device: str = "auto"
    threads: int = 0

    def __post_init__(self) -> None:
        device = (self.device or "auto").strip().lower()
        if device not in ("auto", "cpu", "gpu") and not (device.startswith("gpu:") and device[4:].isdigit()):
            raise ValueError(f"unknown device {self.device!r}; use auto, cpu, gpu or gpu:N")
        if int(self.threads) < 0:
            raise ValueError("threads must be 0 (automatic) or more")
        object.__setattr__(self, "device", device)
        object.__setattr__(self, "threads", int(self.threads))


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str = ""  # why not ready, and what to do about it


class Backend(ABC):
    """Base class of every backend. Subclasses set ``info`` and implement ``predict``.

    One instance serves every thread of the app (preview, batch, export) at once: ``load`` and ``predict`` must be
    thread-safe (the built-in backends are). An instance is made with its ``BackendOptions`` and keeps them.
    """

    #: a class attribute for plugins (read without making an instance); wrappers set their own per instance
    info: BackendInfo

    def __init__(self, options: BackendOptions | None = None) -> None:
        self.options = options or BackendOptions()

    def readiness(self) -> Readiness:
        """Whether ``predict`` can run now (weights installed, runtime importable). Must be cheap."""
        return Readiness(True)

    def load(self) -> None:  # noqa: B027 - optional hook
        """Do the slow part (import frameworks, read weights). Called once before the first ``predict``."""

    @abstractmethod
    def predict(self, image: np.ndarray, trimap: np.ndarray | None = None) -> np.ndarray:
        """Alpha matte for ``image``.

        image: (H, W, 3) RGB: uint8, uint16 (16-bit photos) or float in [0, 1]; ``as_uint8_rgb`` /
        ``as_float_rgb`` convert any of these. trimap: (H, W) uint8 with 0 = background,
        128 = unknown, 255 = foreground (required when ``info.needs_trimap``).
        Returns float32 (H, W) in [0, 1] at the image's size.
        """


def as_float_rgb(image: np.ndarray, dtype: type[np.floating] = np.float64) -> np.ndarray:
    """(H, W, 3) float (float64 unless ``dtype``) in [0, 1] from uint8, uint16 or float input."""
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3:
        raise BackendError(f"expected an RGB image of shape (H, W, 3), got {image.shape}")
    scaled: np.ndarray
    if image.dtype == np.uint8:
        scaled = image.astype(dtype) * dtype(1.0 / 255.0)
        return scaled
    if image.dtype == np.uint16:
        scaled = image.astype(dtype) * dtype(1.0 / 65535.0)
        return scaled
    if np.issubdtype(image.dtype, np.floating):
        return np.clip(image.astype(dtype), 0.0, 1.0)
    raise BackendError(f"unsupported image dtype {image.dtype}")


def as_uint8_rgb(image: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 from uint8, uint16 or float input."""
    image = np.asarray(image)
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.uint16 and image.ndim == 3 and image.shape[2] == 3:
        out = np.empty(image.shape, np.uint8)
        for r0 in range(0, image.shape[0], 256):  # in strips: no full-size wide temporaries
            out[r0:r0 + 256] = (image[r0:r0 + 256].astype(np.uint32) + 128) // 257  # = round(x * 255 / 65535)
        return out
    return np.round(as_float_rgb(image) * 255.0).astype(np.uint8)


def check_trimap(trimap: np.ndarray | None, shape: tuple[int, int], backend_id: str) -> np.ndarray:
    """Validate a trimap for an image of ``shape`` (H, W) and return it as uint8 with values 0/128/255."""
    if trimap is None:
        raise BackendError(f"backend {backend_id!r} needs a trimap (paint one, or give --trimap-dir)")
    trimap = np.asarray(trimap)
    if trimap.ndim == 3:
        trimap = trimap[..., 0]
    if trimap.shape != tuple(shape):
        raise BackendError(f"trimap is {trimap.shape[1]}x{trimap.shape[0]} but the image is {shape[1]}x{shape[0]}")
    if trimap.dtype != np.uint8:
        scale = 255.0 if np.issubdtype(trimap.dtype, np.floating) and trimap.max() <= 1.0 else 1.0
        trimap = np.clip(trimap * scale, 0, 255).astype(np.uint8)
    # anything not clearly fore- or background is unknown
    out = np.full(trimap.shape, 128, np.uint8)
    out[trimap < 64] = 0
    out[trimap > 191] = 255
    return out
