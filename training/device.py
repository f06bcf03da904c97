"""Where training runs: device choice (GPU when paddle sees one, else CPU), mixed precision, a memory estimate.

``select(device)`` sets paddle's device and returns a :class:`TrainDevice`. Mixed precision (AMP O1 with the
official white / black lists, dynamic loss scaling) is used only on a GPU. ``memory_estimate(network, batch, size)``
is a rough figure for the settings page: weights, gradients and optimiser state plus the outputs of every leaf
layer in one small training-mode forward pass, scaled to the batch and crop size (not yet calibrated on a GPU).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

AMP_WHITE = {"elementwise_add", "batch_norm", "sync_batch_norm"}
AMP_BLACK = {"bilinear_interp_v2", "pad3d"}


@dataclass(frozen=True)
class TrainDevice:
    kind: str  # 'cpu' or 'gpu'
    index: int = 0
    amp: bool = False

    @property
    def place(self) -> str:
        return f"gpu:{self.index}" if self.kind == "gpu" else "cpu"

    def describe(self) -> str:
        if self.kind != "gpu":
            return "CPU"
        try:
            import paddle

            name = paddle.device.cuda.get_device_name(self.index)
        except Exception:  # noqa: BLE001 - no device name: a generic one
            name = "GPU"
        return f"{name} (gpu:{self.index}{', mixed precision' if self.amp else ''})"


def select(device: str | None = "auto", amp: bool = True) -> TrainDevice:
    """Resolve ``'auto' | 'cpu' | 'gpu' | 'gpu:N'`` and make it paddle's current device."""
    import paddle

    from backends.runtimes.base import resolve_device

    dev = resolve_device(None if device in (None, "", "auto") else device)
    chosen = TrainDevice(dev.kind, dev.index, amp=bool(amp and dev.is_gpu))
    paddle.set_device(chosen.place)
    return chosen


def autocast(device: TrainDevice):
    """The AMP context for a forward pass (a no-op context on the CPU)."""
    import contextlib

    import paddle

    if not device.amp:
        return contextlib.nullcontext()
    return paddle.amp.auto_cast(enable=True, level="O1", custom_white_list=AMP_WHITE, custom_black_list=AMP_BLACK)


@functools.lru_cache(maxsize=None)
def _activation_numel(network: str, probe: int) -> tuple[int, int]:
    """(parameters, activation values per image at probe x probe) from one training-mode forward on the CPU."""
    import paddle

    from backends.models import build_with_weights

    total = [0]

    def hook(layer, inputs, output):
        outs = output if isinstance(output, (list, tuple)) else (output.values() if isinstance(output, dict)
                                                                  else [output])
        for o in outs:
            if hasattr(o, "shape"):
                total[0] += int(o.size)

    net = build_with_weights(network)
    leaves = [layer for layer in net.sublayers() if not layer.sublayers()]  # containers would count twice
    handles = [layer.register_forward_post_hook(hook) for layer in leaves]
    net.train()
    inputs = {"img": paddle.zeros([1, 3, probe, probe]), "trimap": paddle.full([1, 1, probe, probe], 128.0)}
    with paddle.no_grad():
        net(inputs)
    for h in handles:
        h.remove()
    params = sum(int(p.size) for p in net.parameters())
    return params, total[0]


def memory_estimate(network: str, batch_size: int, size: int, amp: bool = False, adam: bool = False) -> int:
    """Approximate training memory in bytes (weights + gradients + optimiser state + activations)."""
    from backends.models.specs import spec

    probe = max(128, spec(network).multiple)
    params, acts = _activation_numel(network, probe)
    state_bytes = params * 4 * (4 if adam else 3)
    act_bytes = acts * (size / probe) ** 2 * batch_size * (2.5 if amp else 4)
    return int(state_bytes + act_bytes)
