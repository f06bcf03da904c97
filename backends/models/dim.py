"""DIM (Deep Image Matting, PaddleSeg ``DIM``, stage 3): VGG16 encoder-decoder on image + trimap, then a refiner.

The encoder sees 4 channels: the normalised RGB image and the trimap divided by 255 (the model takes raw 0/128/255
trimap values). The decoder upsamples bilinearly, adds each encoder skip and applies a 5x5 ConvBNReLU; a sigmoid
gives the raw alpha. The refiner sees image + raw alpha and predicts a residual. Eval forward returns
clip(raw + residual, 0, 1) (N, 1, H, W) for any H, W; known trimap regions are not forced here (the predict
pipeline does that). Training forward returns ``{'alpha_raw', 'alpha_pred'}`` (unclipped) for the losses.
"""
from __future__ import annotations

import paddle
import paddle.nn as nn
import paddle.nn.functional as F

from .backbones.vgg import VGGNet
from .layers import ConvBNAct

__all__ = ["DIM", "build"]


def conv_bn_relu(in_channels, out_channels, kernel_size):
    """PaddleSeg's ConvBNReLU without conv bias: ``_conv`` + ``_batch_norm`` + ReLU, padding ``kernel_size // 2``."""
    return ConvBNAct(in_channels, out_channels, kernel_size, padding=kernel_size // 2, bias=False)


def _resize(x, size):
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False)


class Up(nn.Layer):
    """Upsample to the skip's size, add the skip, 5x5 ConvBNReLU."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = conv_bn_relu(in_channels, out_channels, 5)

    def forward(self, x, skip):
        return self.conv(_resize(x, skip.shape[2:]) + skip)


class Decoder(nn.Layer):
    """1x1 conv on the deepest features, five Up stages back to full size, 5x5 conv + sigmoid."""

    def __init__(self, in_channels=512, widths=(64, 128, 256, 512)):
        super().__init__()
        self.deconv6 = nn.Conv2D(in_channels, in_channels, 1, bias_attr=False)
        self.deconv5 = Up(in_channels, widths[3])
        self.deconv4 = Up(widths[3], widths[2])
        self.deconv3 = Up(widths[2], widths[1])
        self.deconv2 = Up(widths[1], widths[0])
        self.deconv1 = Up(widths[0], 64)
        self.alpha_conv = nn.Conv2D(64, 1, 5, padding=2, bias_attr=False)

    def forward(self, feats):
        x = self.deconv6(feats[-1])
        for up, skip in zip((self.deconv5, self.deconv4, self.deconv3, self.deconv2, self.deconv1), feats[4::-1]):
            x = up(x, skip)
        return F.sigmoid(self.alpha_conv(x))


class Refine(nn.Layer):
    """Four 3x3 ConvBNReLUs on image + raw alpha; the last gives a one-channel residual."""

    def __init__(self):
        super().__init__()
        self.conv1 = conv_bn_relu(4, 64, 3)
        self.conv2 = conv_bn_relu(64, 64, 3)
        self.conv3 = conv_bn_relu(64, 64, 3)
        self.alpha_pred = conv_bn_relu(64, 1, 3)

    def forward(self, x):
        return self.alpha_pred(self.conv3(self.conv2(self.conv1(x))))


class DIM(nn.Layer):
    """Deep Image Matting, stage 3 (encoder-decoder + refiner)."""

    def __init__(self, backbone: nn.Layer):
        super().__init__()
        self.backbone = backbone
        self.decoder = Decoder(in_channels=512)
        self.refine = Refine()

    def forward(self, inputs):
        img = inputs["img"]
        size = img.shape[2:]
        feats = self.backbone(paddle.concat([img, inputs["trimap"] / 255], axis=1))
        alpha_raw = _resize(self.decoder(feats), size)
        alpha_pred = _resize(self.refine(paddle.concat([img, alpha_raw], axis=1)) + alpha_raw, size)
        if self.training:
            return {"alpha_raw": alpha_raw, "alpha_pred": alpha_pred}
        return paddle.clip(alpha_pred, 0.0, 1.0)


def build(name: str = "dim-vgg16") -> DIM:
    if name != "dim-vgg16":
        raise KeyError(f"dim builds dim-vgg16, not {name!r}")
    return DIM(VGGNet(input_channels=4, layers=16))
