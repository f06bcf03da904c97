"""Cheap signatures of each zoo network's state dict, to tell which network a checkpoint belongs to.

A :class:`Fingerprint` is the number of entries, a digest of the sorted ``key shape`` lines, the total number of
values and the set of two-level key prefixes (``backbone.conv1``, ``head.hr_branch`` ...). ``FINGERPRINTS`` was
computed with :func:`from_manifest` from ``shared/reference/manifests/*.json`` (the state dicts the official
checkpoints hold; ``tests/test_zoo_catalog.py`` checks it still matches), so identifying a checkpoint needs
neither paddle nor building a network. ``optional`` keys (fixed buffers the network constructs itself, such as
MODNet's Gaussian blur kernel) may be absent from a checkpoint and are left out of the digest.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

Shapes = Mapping[str, Sequence[int]]


@dataclass(frozen=True)
class Fingerprint:
    entries: int
    digest: str
    numel: int
    prefixes: frozenset[str]
    optional: tuple[str, ...] = ()


def prefixes(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(".".join(k.split(".")[:2]) for k in keys)


def digest(shapes: Shapes, drop: Iterable[str] = ()) -> str:
    skip = set(drop)
    lines = sorted(f"{k} {','.join(str(int(d)) for d in s)}" for k, s in shapes.items() if k not in skip)
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()[:16]


def compute(shapes: Shapes, optional: Sequence[str] = ()) -> Fingerprint:
    kept = {k: s for k, s in shapes.items() if k not in set(optional)}
    numel = sum(_prod(s) for s in shapes.values())
    return Fingerprint(len(kept), digest(kept), numel, prefixes(shapes), tuple(optional))


def from_manifest(manifest: Mapping[str, Any]) -> Fingerprint:
    shapes = {k: s for k, s, _ in manifest["state_dict"]}
    return compute(shapes, tuple(manifest.get("non_trainable_keys_not_bn_stats") or ()))


def _prod(shape: Sequence[int]) -> int:
    n = 1
    for d in shape:
        n *= int(d)
    return n


def _fp(entries: int, dig: str, numel: int, pre: str, optional: tuple[str, ...] = ()) -> Fingerprint:
    return Fingerprint(entries, dig, numel, frozenset(pre.split()), optional)


# Generated from the reference manifests with from_manifest(); see the module docstring.
FINGERPRINTS: dict[str, Fingerprint] = {
    "dim-vgg16": _fp(
        61, "f29578ccaa54628a", 28372356,
        "backbone._conv_6 backbone._conv_block_1 backbone._conv_block_2 backbone._conv_block_3 "
        "backbone._conv_block_4 backbone._conv_block_5 decoder.alpha_conv decoder.deconv1 decoder.deconv2 "
        "decoder.deconv3 decoder.deconv4 decoder.deconv5 decoder.deconv6 refine.alpha_pred refine.conv1 "
        "refine.conv2 refine.conv3"),
    "human_matting-resnet34_vd": _fp(
        486, "6b4c9753e374e17f", 63926766,
        "backbone.bb_0_0 backbone.bb_0_1 backbone.bb_0_2 backbone.bb_1_0 backbone.bb_1_1 backbone.bb_1_2 "
        "backbone.bb_1_3 backbone.bb_2_0 backbone.bb_2_1 backbone.bb_2_2 backbone.bb_2_3 backbone.bb_2_4 "
        "backbone.bb_2_5 backbone.bb_3_0 backbone.bb_3_1 backbone.bb_3_2 backbone.conv1_1 backbone.conv1_2 "
        "backbone.conv1_3 bridge_block.0 bridge_block.1 bridge_block.2 decoder0_f.0 decoder0_f.1 decoder0_f.2 "
        "decoder0_g.0 decoder0_g.1 decoder0_g.2 decoder1_f.0 decoder1_f.1 decoder1_f.2 decoder1_g.0 "
        "decoder1_g.1 decoder1_g.2 decoder2_f.0 decoder2_f.1 decoder2_f.2 decoder2_g.0 decoder2_g.1 "
        "decoder2_g.2 decoder3_f.0 decoder3_f.1 decoder3_f.2 decoder3_g.0 decoder3_g.1 decoder3_g.2 "
        "decoder4_f.0 decoder4_f.1 decoder4_f.2 decoder4_g.0 decoder4_g.1 decoder4_g.2 decoder5_f.0 "
        "decoder5_f.1 decoder5_f.2 decoder5_g.0 decoder5_g.1 decoder5_g.2 psp1.0 psp2.0 psp3.0 psp4.0 "
        "psp_module.conv_bn_relu2 psp_module.stages refiner.conv1 refiner.conv2 refiner.conv3 refiner.conv4"),
    "modnet-hrnet_w18": _fp(
        1669, "df769104077b52b2", 10234020,
        "backbone.conv_layer1_1 backbone.conv_layer1_2 backbone.la1 backbone.st2 backbone.st3 backbone.st4 "
        "backbone.tr1 backbone.tr2 backbone.tr3 blurer.op head.f_branch head.hr_branch head.lr_branch",
        ("blurer.op.1.weight",)),
    "modnet-mobilenetv2": _fp(
        409, "44265d966bc15f19", 6523788,
        "backbone.conv1 backbone.conv2 backbone.conv3 backbone.conv4 backbone.conv5 backbone.conv6 "
        "backbone.conv7 backbone.conv8 backbone.conv9 blurer.op head.f_branch head.hr_branch head.lr_branch",
        ("blurer.op.1.weight",)),
    "modnet-resnet50_vd": _fp(
        419, "f1d1c4c8251081ba", 92189708,
        "backbone.bb_0_0 backbone.bb_0_1 backbone.bb_0_2 backbone.bb_1_0 backbone.bb_1_1 backbone.bb_1_2 "
        "backbone.bb_1_3 backbone.bb_2_0 backbone.bb_2_1 backbone.bb_2_2 backbone.bb_2_3 backbone.bb_2_4 "
        "backbone.bb_2_5 backbone.bb_3_0 backbone.bb_3_1 backbone.bb_3_2 backbone.conv1_1 backbone.conv1_2 "
        "backbone.conv1_3 blurer.op head.f_branch head.hr_branch head.lr_branch",
        ("blurer.op.1.weight",)),
    "ppmatting-hrnet_w18-human_1024": _fp(
        1764, "d0e601261ac83cec", 24547262,
        "backbone.conv_layer1_1 backbone.conv_layer1_2 backbone.la1 backbone.st2 backbone.st3 backbone.st4 "
        "backbone.tr1 backbone.tr2 backbone.tr3 hrdb.convs hrdb.detail_conv hrdb.gates hrdb.gf_list "
        "hrdb.res_list scb.psp_module scb.psps scb.scb_stages"),
    "ppmatting-hrnet_w18-human_512": _fp(
        1764, "d0e601261ac83cec", 24547262,
        "backbone.conv_layer1_1 backbone.conv_layer1_2 backbone.la1 backbone.st2 backbone.st3 backbone.st4 "
        "backbone.tr1 backbone.tr2 backbone.tr3 hrdb.convs hrdb.detail_conv hrdb.gates hrdb.gf_list "
        "hrdb.res_list scb.psp_module scb.psps scb.scb_stages"),
    "ppmattingv2-stdc1-human_512": _fp(
        485, "3364528f6718fb07", 8973232,
        "backbone.features dpp.conv_mid dpp.conv_out dpp.pp2 matting_head_mlff2x.conv "
        "matting_head_mlff2x.conv_out matting_head_mlff2x.mid_conv matting_head_mlff8x.conv "
        "matting_head_mlff8x.conv_out mlff16x.conv_atten mlff16x.conv_out mlff16x.dwconvs mlff16x.pwconvs "
        "mlff2x.conv_atten mlff2x.conv_out mlff2x.dwconvs mlff2x.pwconvs mlff32x.conv_atten mlff32x.conv_out "
        "mlff32x.dwconvs mlff32x.pwconvs mlff4x.conv_atten mlff4x.conv_out mlff4x.dwconvs mlff4x.pwconvs "
        "mlff8x.conv_atten mlff8x.conv_out mlff8x.dwconvs mlff8x.pwconvs"),
}
