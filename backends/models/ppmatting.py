"""PP-Matting (Chen et al., "PP-Matting: High-Accuracy Natural Image Matting") on an HRNet-W18 backbone.

Two branches share the backbone: the semantic context branch (``scb``) classifies every pixel as foreground (0),
transition (1) or background (2); the high-resolution detail branch (``hrdb``), guided by the semantic branch's
intermediate logits, predicts a detail alpha. The alpha is the detail where the argmax is "transition", 1 where
it is "foreground" and 0 elsewhere. Input H and W must be multiples of 32.

``build(name)`` serves ``ppmatting-hrnet_w18-human_512`` and ``ppmatting-hrnet_w18-human_1024`` (one network;
only the pipeline's resize rules differ). Eval forward: ``{'img': x}`` -> alpha (N, 1, H, W). Training forward:
a dict of ``semantic`` (softmax probabilities, N x 3 x H x W), ``detail`` (N x 1 x H x W) and ``fusion`` (the alpha).
"""
from __future__ import annotations

import paddle
import paddle.nn as nn
import paddle.nn.functional as F

from .backbones.hrnet import HRNet_W18
from .layers import ConvBNAct

NAMES = ("ppmatting-hrnet_w18-human_512", "ppmatting-hrnet_w18-human_1024")


def _resize(x, size):
    return F.interpolate(x, size, mode="bilinear", align_corners=False)


class PyramidPooling(nn.Layer):
    """PSPNet pyramid pooling without channel reduction: pooled features at several bin sizes, concatenated."""

    def __init__(self, in_channels, out_channels, bin_sizes=(1, 3, 5)):
        super().__init__()
        self.stages = nn.LayerList([
            nn.Sequential(nn.AdaptiveAvgPool2D(size), ConvBNAct(in_channels, in_channels, 1))
            for size in bin_sizes
        ])
        self.conv_bn_relu2 = ConvBNAct(in_channels * (len(bin_sizes) + 1), out_channels, 3, padding=1)

    def forward(self, x):
        pooled = [_resize(stage(x), x.shape[2:]) for stage in self.stages]
        return self.conv_bn_relu2(paddle.concat([x] + pooled[::-1], axis=1))


class SCB(nn.Layer):
    """Semantic context branch: pyramid pooling, then six decoder stages each doubling the resolution (but the
    last); every stage but the last takes the matching up-sampled pyramid feature. Returns every stage's output."""

    mid_channels = (512, 256, 128, 128, 64, 64)
    out_channels = (256, 128, 64, 64, 64, 3)

    def __init__(self, in_channels):
        super().__init__()
        ins = (512 + in_channels, 512, 256, 128, 128, 64)
        mids, outs = self.mid_channels, self.out_channels
        self.psp_module = PyramidPooling(in_channels, 512)
        self.psps = nn.LayerList([
            nn.Sequential(ConvBNAct(512, outs[i], 3, padding=1),
                          nn.Upsample(scale_factor=scale, mode="bilinear", align_corners=False))
            for i, scale in enumerate((2, 4, 8, 16))
        ])
        stages = []
        for i in range(5):
            d = 2 if i == 0 else 1  # the first stage uses dilated convolutions
            stages.append(nn.Sequential(
                ConvBNAct(ins[i], mids[i], 3, padding=1),
                ConvBNAct(mids[i], mids[i], 3, padding=d, dilation=d),
                ConvBNAct(mids[i], outs[i], 3, padding=d, dilation=d),
                nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)))
        stages.append(nn.Sequential(
            ConvBNAct(ins[5], mids[5], 3, padding=1),
            ConvBNAct(mids[5], mids[5], 3, padding=1),
            nn.Conv2D(mids[5], outs[5], 3, padding=1)))
        self.scb_stages = nn.LayerList(stages)

    def forward(self, x):
        psp_x = self.psp_module(x)
        guides = [psp_x] + [psp(psp_x) for psp in self.psps]
        logits = []
        for i, stage in enumerate(self.scb_stages):
            x = stage(paddle.concat([guides[i], x], axis=1) if i < len(guides) else x)
            logits.append(x)
        return logits


class ResidualBlock(nn.Layer):
    """ResNet-vd basic block (two 3x3 ConvBN, the first with ReLU), with a 1x1 projection when ``project``."""

    def __init__(self, in_channels, out_channels, project=False):
        super().__init__()
        self.conv0 = ConvBNAct(in_channels, out_channels, 3, padding=1, bias=False)
        self.conv1 = ConvBNAct(out_channels, out_channels, 3, padding=1, bias=False, relu=False)
        self.short = ConvBNAct(in_channels, out_channels, 1, padding=0, bias=False, relu=False) if project else None

    def forward(self, x):
        y = self.conv1(self.conv0(x))
        return F.relu(y + (x if self.short is None else self.short(x)))


class GatedSpatialConv(nn.Layer):
    """Gate features with a guidance map: x * (1 + gate(x, guide)), then a 1x1 convolution."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        c = in_channels + 1
        self._gate_conv = nn.Sequential(
            nn.BatchNorm2D(c), nn.Conv2D(c, c, 1), nn.ReLU(), nn.Conv2D(c, 1, 1), nn.BatchNorm2D(1), nn.Sigmoid())
        self.conv = nn.Conv2D(in_channels, out_channels, 1, bias_attr=False)

    def forward(self, x, guide):
        gate = self._gate_conv(paddle.concat([x, guide], axis=1))
        return self.conv(x * (gate + 1))


class HRDB(nn.Layer):
    """High-resolution detail branch: residual blocks at full resolution, each followed by a channel-halving
    1x1 convolution and a gate guided by one of the semantic branch's logits (``gf_index``)."""

    def __init__(self, in_channels, scb_channels, gf_index=(0, 2, 4)):
        super().__init__()
        self.gf_index = tuple(gf_index)
        channels = (64, 32, 16, 8)
        self.gf_list = nn.LayerList([nn.Conv2D(scb_channels[i], 1, 1) for i in self.gf_index])
        self.res_list = nn.LayerList(
            [ResidualBlock(in_channels, channels[0], project=True)]
            + [ResidualBlock(c, c) for c in channels[1:-1]])
        self.convs = nn.LayerList([nn.Conv2D(channels[i], channels[i + 1], 1) for i in range(len(channels) - 1)])
        self.gates = nn.LayerList([GatedSpatialConv(c, c) for c in channels[1:]])
        self.detail_conv = nn.Conv2D(channels[-1], 1, 1, bias_attr=False)

    def forward(self, x, scb_logits):
        for i, (res, conv, gf, gate) in enumerate(zip(self.res_list, self.convs, self.gf_list, self.gates)):
            x = conv(res(x))
            guide = _resize(gf(scb_logits[self.gf_index[i]]), x.shape[-2:])
            x = gate(x, guide)
        return self.detail_conv(x)


class PPMatting(nn.Layer):
    """Backbone + semantic context branch + high-resolution detail branch (see the module docstring)."""

    def __init__(self, backbone=None):
        super().__init__()
        self.backbone = backbone if backbone is not None else HRNet_W18()
        feats = self.backbone.feat_channels
        self.scb = SCB(feats[-1])
        self.hrdb = HRDB(feats[0] + feats[1], scb_channels=SCB.out_channels, gf_index=(0, 2, 4))

    def forward(self, inputs):
        x = inputs["img"]
        size = x.shape[2:]
        feats = self.backbone(x)
        scb_logits = self.scb(feats[-1])
        semantic = F.softmax(scb_logits[-1], axis=1)
        hr_in = paddle.concat([_resize(feats[0], size), _resize(feats[1], size)], axis=1)
        detail = F.sigmoid(self.hrdb(hr_in, scb_logits))
        alpha = self.fuse(semantic, detail)
        if self.training:
            return {"semantic": semantic, "detail": detail, "fusion": alpha}
        return alpha

    @staticmethod
    def fuse(semantic, detail):
        """Alpha from the 3-class map (0 foreground, 1 transition, 2 background) and the detail map."""
        index = paddle.argmax(semantic, axis=1, keepdim=True)
        return detail * (index == 1).astype(detail.dtype) + (index == 0).astype(detail.dtype)


def build(name: str) -> PPMatting:
    if name not in NAMES:
        raise ValueError(f"{name!r} is not a PP-Matting network ({', '.join(NAMES)})")
    return PPMatting()
