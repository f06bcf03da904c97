"""MODNet (Ke et al., "Is a Green Screen Really Necessary for Real-Time Portrait Matting?") as in PaddleSeg Matting.

A backbone gives five feature maps; a low-resolution branch predicts the semantics at 1/8, a high-resolution branch
the boundary details at 1/2, and a fusion branch the full-size alpha. ``build(name)`` makes the zoo networks
``modnet-mobilenetv2``, ``modnet-resnet50_vd`` and ``modnet-hrnet_w18`` (hr_channels 32). In eval mode the forward
returns the alpha (N, 1, H, W); in training mode the dict ``{'semantic', 'detail', 'matte'}`` the losses need.
"""
from __future__ import annotations

import numpy as np
import paddle
import paddle.nn as nn
import paddle.nn.functional as F


def _resize(x, scale):
    return F.interpolate(x, scale_factor=scale, mode="bilinear", align_corners=False)


class IBNorm(nn.Layer):
    """BatchNorm on the first half of the channels, InstanceNorm on the rest."""

    def __init__(self, channels):
        super().__init__()
        self.split = channels // 2
        self.bnorm = nn.BatchNorm2D(self.split)
        self.inorm = nn.InstanceNorm2D(channels - self.split)

    def forward(self, x):
        return paddle.concat([self.bnorm(x[:, :self.split]), self.inorm(x[:, self.split:])], axis=1)


class ConvIBNormRelu(nn.Layer):
    """Convolution (with bias), optional IBNorm, optional ReLU, held in ``layers`` as the checkpoints name them."""

    def __init__(self, in_ch, out_ch, kernel, stride=1, padding=0, ibn=True, relu=True):
        super().__init__()
        parts = [nn.Conv2D(in_ch, out_ch, kernel, stride=stride, padding=padding)]
        if ibn:
            parts.append(IBNorm(out_ch))
        if relu:
            parts.append(nn.ReLU())
        self.layers = nn.Sequential(*parts)

    def forward(self, x):
        return self.layers(x)


class SEBlock(nn.Layer):
    """Squeeze-and-excitation channel gating (bias-free 1x1 convolutions)."""

    def __init__(self, channels, reduction=4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2D(1)
        mid = channels // reduction
        self.conv = nn.Sequential(nn.Conv2D(channels, mid, 1, bias_attr=False), nn.ReLU(),
                                  nn.Conv2D(mid, channels, 1, bias_attr=False), nn.Sigmoid())

    def forward(self, x):
        return x * self.conv(self.pool(x))


class LRBranch(nn.Layer):
    """Semantic branch: the 1/32 features, gated, upsampled to 1/8; ``conv_lr`` (training only) predicts 1/16."""

    def __init__(self, chans):
        super().__init__()
        self.se_block = SEBlock(chans[4], reduction=4)
        self.conv_lr16x = ConvIBNormRelu(chans[4], chans[3], 5, padding=2)
        self.conv_lr8x = ConvIBNormRelu(chans[3], chans[2], 5, padding=2)
        self.conv_lr = ConvIBNormRelu(chans[2], 1, 3, stride=2, padding=1, ibn=False, relu=False)

    def forward(self, enc32x):
        lr16x = self.conv_lr16x(_resize(self.se_block(enc32x), 2))
        lr8x = self.conv_lr8x(_resize(lr16x, 2))
        semantic = F.sigmoid(self.conv_lr(lr8x)) if self.training else None
        return semantic, lr8x


class HRBranch(nn.Layer):
    """Detail branch at 1/4 and 1/2 from the image and the 1/2, 1/4 features; ``conv_hr`` is training only."""

    def __init__(self, hr, chans):
        super().__init__()
        self.tohr_enc2x = ConvIBNormRelu(chans[0], hr, 1)
        self.conv_enc2x = ConvIBNormRelu(hr + 3, hr, 3, stride=2, padding=1)
        self.tohr_enc4x = ConvIBNormRelu(chans[1], hr, 1)
        self.conv_enc4x = ConvIBNormRelu(2 * hr, 2 * hr, 3, padding=1)
        self.conv_hr4x = nn.Sequential(ConvIBNormRelu(2 * hr + chans[2] + 3, 2 * hr, 3, padding=1),
                                       ConvIBNormRelu(2 * hr, 2 * hr, 3, padding=1),
                                       ConvIBNormRelu(2 * hr, hr, 3, padding=1))
        self.conv_hr2x = nn.Sequential(ConvIBNormRelu(2 * hr, 2 * hr, 3, padding=1),
                                       ConvIBNormRelu(2 * hr, hr, 3, padding=1),
                                       ConvIBNormRelu(hr, hr, 3, padding=1),
                                       ConvIBNormRelu(hr, hr, 3, padding=1))
        self.conv_hr = nn.Sequential(ConvIBNormRelu(hr + 3, hr, 3, padding=1),
                                     ConvIBNormRelu(hr, 1, 1, ibn=False, relu=False))

    def forward(self, img, enc2x, enc4x, lr8x):
        img2x, img4x = _resize(img, 1 / 2), _resize(img, 1 / 4)
        enc2x = self.tohr_enc2x(enc2x)
        hr4x = self.conv_enc2x(paddle.concat([img2x, enc2x], axis=1))
        hr4x = self.conv_enc4x(paddle.concat([hr4x, self.tohr_enc4x(enc4x)], axis=1))
        hr4x = self.conv_hr4x(paddle.concat([hr4x, _resize(lr8x, 2), img4x], axis=1))
        hr2x = self.conv_hr2x(paddle.concat([_resize(hr4x, 2), enc2x], axis=1))
        detail = None
        if self.training:
            detail = F.sigmoid(self.conv_hr(paddle.concat([_resize(hr2x, 2), img], axis=1)))
        return detail, hr2x


class FusionBranch(nn.Layer):
    """Fuses the semantic (1/8) and detail (1/2) features with the image into the full-size alpha."""

    def __init__(self, hr, chans):
        super().__init__()
        self.conv_lr4x = ConvIBNormRelu(chans[2], hr, 5, padding=2)
        self.conv_f2x = ConvIBNormRelu(2 * hr, hr, 3, padding=1)
        self.conv_f = nn.Sequential(ConvIBNormRelu(hr + 3, hr // 2, 3, padding=1),
                                    ConvIBNormRelu(hr // 2, 1, 1, ibn=False, relu=False))

    def forward(self, img, lr8x, hr2x):
        lr2x = _resize(self.conv_lr4x(_resize(lr8x, 2)), 2)
        f2x = self.conv_f2x(paddle.concat([lr2x, hr2x], axis=1))
        return F.sigmoid(self.conv_f(paddle.concat([_resize(f2x, 2), img], axis=1)))


class MODNetHead(nn.Layer):
    """The three MODNet branches over a backbone's five feature maps (1/2, 1/4, 1/8, 1/16, 1/32)."""

    def __init__(self, hr_channels, backbone_channels):
        super().__init__()
        self.lr_branch = LRBranch(backbone_channels)
        self.hr_branch = HRBranch(hr_channels, backbone_channels)
        self.f_branch = FusionBranch(hr_channels, backbone_channels)
        init = nn.initializer.KaimingUniform()
        for layer in self.sublayers():
            if isinstance(layer, nn.Conv2D):
                init(layer.weight)

    def forward(self, img, feats):
        semantic, lr8x = self.lr_branch(feats[4])
        detail, hr2x = self.hr_branch(img, feats[0], feats[1], lr8x)
        matte = self.f_branch(img, lr8x, hr2x)
        if self.training:
            return {"semantic": semantic, "detail": detail, "matte": matte}
        return matte


def gaussian_kernel_3x3(sigma: float = 0.8) -> np.ndarray:
    """The 3x3 kernel PaddleSeg gets from ``scipy.ndimage.gaussian_filter`` of a centred impulse (truncate 4,
    'reflect' borders): a separable 1-D filter of radius ``int(4 * sigma + 0.5)`` over the mirrored impulse."""
    radius = int(4.0 * sigma + 0.5)
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= taps.sum()
    impulse = np.pad(np.array([0.0, 1.0, 0.0]), radius, mode="symmetric")
    row = np.convolve(impulse, taps, mode="valid")
    return np.outer(row, row).astype(np.float32)


class GaussianBlur(nn.Layer):
    """Fixed 3x3 Gaussian blur with reflect padding (one channel); used only by the training losses."""

    def __init__(self):
        super().__init__()
        self.op = nn.Sequential(nn.Pad2D(1, mode="reflect"), nn.Conv2D(1, 1, 3, bias_attr=False))
        kernel = self.op[1].weight
        kernel.set_value(gaussian_kernel_3x3()[None, None])
        kernel.stop_gradient = True

    def forward(self, x):
        return self.op(x)


class MODNet(nn.Layer):
    """MODNet over ``backbone`` (which must expose ``feat_channels`` and return five feature maps)."""

    def __init__(self, backbone, hr_channels=32):
        super().__init__()
        self.backbone = backbone
        self.head = MODNetHead(hr_channels, list(backbone.feat_channels))
        self.blurer = GaussianBlur()

    def forward(self, inputs):
        img = inputs["img"]
        return self.head(img, self.backbone(img))


def _mobilenetv2():
    from .backbones.mobilenetv2 import MobileNetV2

    return MobileNetV2()


def _resnet50_vd():
    from .backbones.resnet_vd import ResNetVd

    return ResNetVd(layers=50)


def _hrnet_w18():
    from .backbones.hrnet import HRNet_W18

    return HRNet_W18()


_BACKBONES = {
    "modnet-mobilenetv2": _mobilenetv2,
    "modnet-resnet50_vd": _resnet50_vd,
    "modnet-hrnet_w18": _hrnet_w18,
}


def build(name: str) -> MODNet:
    """The zoo network ``name`` (one of ``_BACKBONES``) with fresh weights."""
    try:
        make_backbone = _BACKBONES[name]
    except KeyError:
        raise KeyError(f"not a MODNet network: {name!r}") from None
    return MODNet(make_backbone(), hr_channels=32)
