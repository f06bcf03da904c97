"""MobileNetV2 backbone as PaddleSeg Matting uses it (MODNet): five feature maps at 1/2 ... 1/32 scale.

Layer names follow the official checkpoints (``conv1``, ``conv2`` ... ``conv8`` inverted-residual stages whose
first unit is ``_first_block`` and later ones ``convK_J``, then ``conv9``), so ``state_dict`` keys match them.
"""
from __future__ import annotations

import paddle
import paddle.nn as nn
import paddle.nn.functional as F

# (expansion t, output channels c, units n, first stride s) of stages conv2 ... conv8
_STAGES = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))
# stages (0-based) whose outputs are returned, before the final 1x1 conv9
_FEATURE_STAGES = (0, 1, 2, 4)


class ConvBN(nn.Layer):
    """Bias-free convolution, BatchNorm, and (unless told otherwise at call time) ReLU6."""

    def __init__(self, in_ch, out_ch, kernel, stride=1, padding=0, groups=1):
        super().__init__()
        self._conv = nn.Conv2D(in_ch, out_ch, kernel, stride=stride, padding=padding, groups=groups,
                               bias_attr=False)
        self._batch_norm = nn.BatchNorm2D(out_ch)

    def forward(self, x, act=True):
        y = self._batch_norm(self._conv(x))
        return F.relu6(y) if act else y


class InvertedResidual(nn.Layer):
    """1x1 expansion, 3x3 depthwise, linear 1x1 projection; the caller says whether to add the input back."""

    def __init__(self, in_ch, out_ch, stride, expansion):
        super().__init__()
        mid = int(round(in_ch * expansion))
        self._expand_conv = ConvBN(in_ch, mid, 1)
        self._bottleneck_conv = ConvBN(mid, mid, 3, stride=stride, padding=1, groups=mid)
        self._linear_conv = ConvBN(mid, out_ch, 1)

    def forward(self, x, shortcut):
        y = self._linear_conv(self._bottleneck_conv(self._expand_conv(x)), act=False)
        return x + y if shortcut else y


class InvertedResidualStage(nn.Layer):
    """``n`` inverted-residual units; the first changes channels / stride, the others are residual."""

    def __init__(self, name, in_ch, expansion, out_ch, n, stride):
        super().__init__()
        self._first_block = InvertedResidual(in_ch, out_ch, stride, expansion)
        self._rest = [self.add_sublayer(f"{name}_{i}", InvertedResidual(out_ch, out_ch, 1, expansion))
                      for i in range(2, n + 1)]

    def forward(self, x):
        y = self._first_block(x, shortcut=False)
        for unit in self._rest:
            y = unit(y, shortcut=True)
        return y


class MobileNetV2(nn.Layer):
    """MobileNetV2 (width 1.0); ``forward`` returns the feature list, channels in ``feat_channels``."""

    def __init__(self, input_channels=3):
        super().__init__()
        self.conv1 = ConvBN(input_channels, 32, 3, stride=2, padding=1)
        self._stages = []
        in_ch = 32
        for i, (t, c, n, s) in enumerate(_STAGES):
            name = f"conv{i + 2}"
            self._stages.append(self.add_sublayer(name, InvertedResidualStage(name, in_ch, t, c, n, s)))
            in_ch = c
        self.conv9 = ConvBN(in_ch, 1280, 1)
        self.feat_channels = [16, 24, 32, 96, 1280]

    def forward(self, x: paddle.Tensor) -> list[paddle.Tensor]:
        feats = []
        y = self.conv1(x)
        for i, stage in enumerate(self._stages):
            y = stage(y)
            if i in _FEATURE_STAGES:
                feats.append(y)
        feats.append(self.conv9(y))
        return feats
