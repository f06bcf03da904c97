"""Facts about each network of the PaddleSeg Matting zoo: where its code lives and how the official pipeline feeds it.

The resize rules are those of each official config's validation transforms (see
``../shared/reference/README.md``); they are data, so the predict pipeline, the runtimes and the UI read them
from here instead of repeating them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resize:
    """One resize step of the official pipeline.

    kind is ``limit_short`` (shrink only, short side to ``size``), ``limit_long`` (shrink only, long side),
    ``by_short`` (always scale so the short side is ``size``) or ``int_mult`` (floor each side to a multiple
    of ``size``).
    """

    kind: str
    size: int


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    builder: str  # "module:function" taking the name, imported only when the network is built
    resize: tuple[Resize, ...]
    needs_trimap: bool = False
    multiple: int = 1  # the network needs H and W to be multiples of this


def _spec(name, builder, *resize, needs_trimap=False):
    mult = next((r.size for r in resize if r.kind == "int_mult"), 1)
    return NetworkSpec(name, builder, tuple(resize), needs_trimap, mult)


_S, _L, _B, _M = "limit_short", "limit_long", "by_short", "int_mult"

NETWORKS: dict[str, NetworkSpec] = {
    s.name: s
    for s in (
        _spec("ppmattingv2-stdc1-human_512", "backends.models.ppmattingv2:build",
              Resize(_S, 512), Resize(_M, 32)),
        _spec("ppmatting-hrnet_w18-human_512", "backends.models.ppmatting:build",
              Resize(_S, 512), Resize(_M, 32)),
        _spec("ppmatting-hrnet_w18-human_1024", "backends.models.ppmatting:build",
              Resize(_S, 1024), Resize(_M, 32)),
        _spec("human_matting-resnet34_vd", "backends.models.human_matting:build",
              Resize(_B, 2048), Resize(_M, 128)),
        _spec("modnet-mobilenetv2", "backends.models.modnet:build", Resize(_B, 512), Resize(_M, 32)),
        _spec("modnet-resnet50_vd", "backends.models.modnet:build", Resize(_B, 512), Resize(_M, 32)),
        _spec("modnet-hrnet_w18", "backends.models.modnet:build", Resize(_B, 512), Resize(_M, 32)),
        _spec("dim-vgg16", "backends.models.dim:build", Resize(_L, 3840), needs_trimap=True),
    )
}


def spec(name: str) -> NetworkSpec:
    try:
        return NETWORKS[name]
    except KeyError:
        known = ", ".join(NETWORKS)
        raise KeyError(f"unknown network {name!r}; known networks: {known}") from None
