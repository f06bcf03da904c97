"""PP-HumanMatting (PaddleSeg ``HumanMatting``): a glance/focus matting network with a full-resolution refiner.

The backbone (ResNet34_vd) sees the image at 1/4 scale. A "glance" decoder (pyramid pooling + upsampling stages)
predicts a 3-class map (foreground / transition / background) and a "focus" decoder (U-Net style, with backbone
skips) predicts a detail alpha, an error map and 32 hidden channels. The coarse alpha keeps the detail only where
the glance map says "transition"; the refiner then brings it to full resolution. Eval forward returns the refined
alpha (N, 1, H, W), H and W multiples of 4 (the official pipeline feeds multiples of 128); training forward
returns the logit dict ``glance, focus, fusion, error, refine`` that PaddleSeg's losses consume.
"""
from __future__ import annotations

import paddle
import paddle.nn as nn
import paddle.nn.functional as F

from .backbones.resnet_vd import ResNetVd
from .layers import ConvBNAct

__all__ = ["HumanMatting", "Refiner", "build"]


def conv_bn_relu(in_channels, out_channels, kernel_size, padding=None, dilation=1, bias=True):
    """PaddleSeg's ConvBNReLU: ``_conv`` (with bias unless told) + ``_batch_norm`` + ReLU; by default the padding
    keeps the size (``dilation * (kernel_size - 1) // 2``)."""
    if padding is None:
        padding = dilation * (kernel_size - 1) // 2
    return ConvBNAct(in_channels, out_channels, kernel_size, padding=padding, dilation=dilation, bias=bias)


def _up(factor):
    return nn.Upsample(scale_factor=factor, mode="bilinear", align_corners=False)


def _stage(in_channels, mid, out_channels, dilation=1, upsample=True):
    """Three ConvBNReLUs (the last two dilated when asked), then a 2x upsample."""
    layers = [conv_bn_relu(in_channels, mid, 3),
              conv_bn_relu(mid, mid, 3, dilation=dilation),
              conv_bn_relu(mid, out_channels, 3, dilation=dilation)]
    return nn.Sequential(*layers, _up(2)) if upsample else nn.Sequential(*layers)


def _head(out_channels):
    """The last decoder stage: two ConvBNReLUs and a plain 3x3 conv to ``out_channels``."""
    return nn.Sequential(conv_bn_relu(64, 64, 3), conv_bn_relu(64, 64, 3), nn.Conv2D(64, out_channels, 3, padding=1))


class PyramidPooling(nn.Layer):
    """PSPNet pyramid pooling without channel reduction (bins 1, 3, 5), fused by a 3x3 ConvBNReLU."""

    def __init__(self, in_channels, out_channels, bin_sizes=(1, 3, 5)):
        super().__init__()
        self.stages = nn.LayerList([
            nn.Sequential(nn.AdaptiveAvgPool2D(size), conv_bn_relu(in_channels, in_channels, 1))
            for size in bin_sizes
        ])
        self.conv_bn_relu2 = conv_bn_relu(in_channels * (len(bin_sizes) + 1), out_channels, 3)

    def forward(self, x):
        size = x.shape[2:]
        pooled = [F.interpolate(stage(x), size, mode="bilinear", align_corners=False) for stage in self.stages]
        return self.conv_bn_relu2(paddle.concat([x] + pooled[::-1], axis=1))


class Refiner(nn.Layer):
    """Full-resolution refinement from the coarse hidden/alpha/trimap maps and the source image (3x3 kernels)."""

    def __init__(self):
        super().__init__()
        self.conv1 = conv_bn_relu(32 + 4 + 3, 24, 3, padding=0, bias=False)
        self.conv2 = conv_bn_relu(24, 16, 3, padding=0, bias=False)
        self.conv3 = conv_bn_relu(16 + 3, 12, 3, padding=0, bias=False)
        self.conv4 = nn.Conv2D(12, 1, 3, padding=0)

    def forward(self, src, pha, err, hid, tri):
        # err is part of the official signature but unused by the 3x3 refiner (it refines every pixel)
        h, w = src.shape[2], src.shape[3]
        half = [h // 2, w // 2]
        x = F.interpolate(paddle.concat([hid, pha, tri], axis=1), size=half, mode="bilinear", align_corners=False)
        y = F.interpolate(src, size=half, mode="bilinear", align_corners=False)
        x = paddle.concat([F.pad(x, [3, 3, 3, 3]), F.pad(y, [3, 3, 3, 3])], axis=1)
        x = self.conv2(self.conv1(x))
        x = F.interpolate(x, size=[h + 4, w + 4], mode="nearest")
        x = self.conv3(paddle.concat([x, F.pad(src, [2, 2, 2, 2])], axis=1))
        return self.conv4(x)


class HumanMatting(nn.Layer):
    """PP-HumanMatting with the refiner on (backbone at 1/4 scale)."""

    def __init__(self, backbone: nn.Layer, backbone_scale: float = 0.25):
        super().__init__()
        self.backbone = backbone
        self.backbone_scale = backbone_scale
        self.refiner = Refiner()
        c = backbone.feat_channels  # [stem, 1/4, 1/8, 1/16, 1/32] of the backbone's input
        # glance: 3-class map
        self.psp_module = PyramidPooling(c[-1], 512)
        self.psp4 = nn.Sequential(conv_bn_relu(512, 256, 3), _up(2))
        self.psp3 = nn.Sequential(conv_bn_relu(512, 128, 3), _up(4))
        self.psp2 = nn.Sequential(conv_bn_relu(512, 64, 3), _up(8))
        self.psp1 = nn.Sequential(conv_bn_relu(512, 64, 3), _up(16))
        self.decoder5_g = _stage(512 + c[-1], 512, 256, dilation=2)
        self.decoder4_g = _stage(512, 256, 128)
        self.decoder3_g = _stage(256, 128, 64)
        self.decoder2_g = _stage(128, 128, 64)
        self.decoder1_g = _stage(128, 64, 64)
        self.decoder0_g = _head(3)
        # focus: detail alpha, error map, 32 hidden channels
        self.bridge_block = nn.Sequential(*[conv_bn_relu(c[-1] if i == 0 else 512, 512, 3, dilation=2)
                                            for i in range(3)])
        self.decoder5_f = _stage(512 + c[-1], 512, 256, dilation=2)
        self.decoder4_f = _stage(256 + c[-2], 256, 128)
        self.decoder3_f = _stage(128 + c[-3], 128, 64)
        self.decoder2_f = _stage(64 + c[-4], 128, 64)
        self.decoder1_f = _stage(64 + c[-5], 64, 64)
        self.decoder0_f = _head(1 + 1 + 32)

    def _glance(self, feats):
        psp = self.psp_module(feats[-1])
        d = self.decoder5_g(paddle.concat([psp, feats[-1]], axis=1))
        for side, dec in ((self.psp4, self.decoder4_g), (self.psp3, self.decoder3_g),
                          (self.psp2, self.decoder2_g), (self.psp1, self.decoder1_g)):
            d = dec(paddle.concat([side(psp), d], axis=1))
        return self.decoder0_g(d)

    def _focus(self, feats):
        d = self.decoder5_f(paddle.concat([self.bridge_block(feats[-1]), feats[-1]], axis=1))
        for skip, dec in zip(feats[-2::-1], (self.decoder4_f, self.decoder3_f, self.decoder2_f, self.decoder1_f)):
            d = dec(paddle.concat([d, skip], axis=1))
        return self.decoder0_f(d)

    @staticmethod
    def fusion(glance, focus):
        """Coarse alpha: 1 where the glance argmax is foreground (0), focus where transition (1), else 0."""
        index = paddle.argmax(glance, axis=1, keepdim=True)
        return focus * (index == 1).astype(focus.dtype) + (index == 0).astype(focus.dtype)

    def forward(self, data):
        src = data["img"]
        h, w = src.shape[2], src.shape[3]
        if isinstance(h, int) and isinstance(w, int) and h > 0 and w > 0 and (h % 4 or w % 4):
            raise ValueError(f"PP-HumanMatting needs H and W divisible by 4, got {h}x{w}")
        src_sm = F.interpolate(src, scale_factor=self.backbone_scale, mode="bilinear", align_corners=False)
        feats = self.backbone(src_sm)
        glance = F.softmax(self._glance(feats), axis=1)
        d0_f = self._focus(feats)
        focus = F.sigmoid(d0_f[:, 0:1])
        fusion = self.fusion(glance, focus)
        error = paddle.clip(d0_f[:, 1:2], 0.0, 1.0)
        hidden = F.relu(d0_f[:, 2:])
        alpha = paddle.clip(self.refiner(src, fusion, error, hidden, glance), 0.0, 1.0)
        if self.training:
            return {"glance": glance, "focus": focus, "fusion": fusion, "error": error, "refine": alpha}
        return alpha


def build(name: str = "human_matting-resnet34_vd") -> HumanMatting:
    if name != "human_matting-resnet34_vd":
        raise KeyError(f"human_matting builds human_matting-resnet34_vd, not {name!r}")
    return HumanMatting(ResNetVd(layers=34))
